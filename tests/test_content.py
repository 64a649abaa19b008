"""The content validator: the shipped content passes, and each broken rule is caught."""

import shutil
from datetime import date

import pytest
import yaml

from bot.conversation.content import CONTENT_DIR, ContentError, load_content
from tests.support.lesson_folder import END as LESSON_END
from tests.support.lesson_folder import content_with, lesson


def test_shipped_content_is_valid():
    content = load_content()
    assert "onboarding" in content.flows
    assert content.flows["onboarding"].version >= 1


def write_flow(tmp_path, steps, **top):
    """Make a content folder with the real phrases and one onboarding flow."""
    (tmp_path / "lessons").mkdir()
    shutil.copy(CONTENT_DIR / "phrases.yaml", tmp_path / "phrases.yaml")
    flow = {"id": "onboarding", "version": 1, "title": "t", "start": steps[0]["id"], "steps": steps}
    flow.update(top)
    (tmp_path / "lessons" / "onboarding.yaml").write_text(
        yaml.safe_dump(flow, allow_unicode=True), encoding="utf-8"
    )
    return tmp_path


def problems_of(tmp_path, steps, **top) -> str:
    with pytest.raises(ContentError) as caught:
        load_content(write_flow(tmp_path, steps, **top))
    return "\n".join(caught.value.problems)


END = {"id": "end", "type": "end", "text": "จบ{ค่ะ}", "idle": "รอ{นะคะ}"}


def test_a_minimal_flow_loads(tmp_path):
    steps = [{"id": "hello", "type": "message", "text": "สวัสดี{ค่ะ}", "next": "end"}, END]
    assert load_content(write_flow(tmp_path, steps)).flows["onboarding"].start == "hello"


def test_unknown_step_type_is_refused(tmp_path):
    steps = [{"id": "hello", "type": "quiz", "text": "x", "next": "end"}, END]
    assert "unknown step type 'quiz'" in problems_of(tmp_path, steps)


def test_reference_to_a_missing_step_is_refused(tmp_path):
    steps = [{"id": "hello", "type": "message", "text": "x", "next": "nowhere"}, END]
    assert "leads to missing step 'nowhere'" in problems_of(tmp_path, steps)


def test_unreachable_step_is_refused(tmp_path):
    steps = [
        {"id": "hello", "type": "message", "text": "x", "next": "end"},
        {"id": "orphan", "type": "message", "text": "x", "next": "end"},
        END,
    ]
    assert "orphan cannot be reached" in problems_of(tmp_path, steps)


def test_flow_that_cannot_reach_an_end_is_refused(tmp_path):
    choice = {"label": "อีก", "value": "again", "next": "ask"}
    steps = [{"id": "ask", "type": "choice", "text": "x", "choices": [choice]}]
    assert "cannot reach an end" in problems_of(tmp_path, steps)


def test_loop_without_waiting_is_refused(tmp_path):
    steps = [
        {"id": "a", "type": "message", "text": "x", "next": "b"},
        {"id": "b", "type": "message", "text": "x", "next": "a"},
        END,
    ]
    found = problems_of(tmp_path, steps)
    assert "steps from a loop without waiting" in found
    assert "step a cannot reach an end" in found


def test_more_than_three_bubbles_in_a_turn_is_refused(tmp_path):
    steps = [
        {"id": "a", "type": "message", "text": "1", "next": "b"},
        {"id": "b", "type": "message", "text": "2", "next": "c"},
        {"id": "c", "type": "message", "text": "3", "next": "end"},
        END,
    ]
    assert "4 bubbles" in problems_of(tmp_path, steps)


def test_long_button_label_is_refused(tmp_path):
    choice = {"label": "ก" * 21, "value": "x", "next": "end"}
    steps = [{"id": "ask", "type": "choice", "text": "x", "choices": [choice]}, END]
    assert "over 20 characters" in problems_of(tmp_path, steps)


def test_thai_label_counts_graphemes_not_code_points(tmp_path):
    label = "น้ำพริกเผาแม่ศรีสูตรเด็ด"  # 26 code points, 17 characters on screen
    steps = [
        {
            "id": "ask",
            "type": "choice",
            "text": "x",
            "choices": [{"label": label, "value": "x", "next": "end"}],
        },
        END,
    ]
    assert load_content(write_flow(tmp_path, steps))


def test_too_many_buttons_is_refused(tmp_path):
    choices = [{"label": f"ข้อ {i}", "value": f"v{i}", "next": "end"} for i in range(14)]
    steps = [{"id": "ask", "type": "choice", "text": "x", "choices": choices}, END]
    assert "14 quick-reply buttons" in problems_of(tmp_path, steps)


def test_text_over_line_limit_is_refused(tmp_path):
    steps = [{"id": "hello", "type": "message", "text": "ก" * 5001, "next": "end"}, END]
    assert "longer than 5000" in problems_of(tmp_path, steps)


def test_unknown_placeholder_is_refused(tmp_path):
    steps = [{"id": "hello", "type": "message", "text": "สวัสดี {nmae}", "next": "end"}, END]
    assert "unknown placeholder {nmae}" in problems_of(tmp_path, steps)


def test_step_ids_must_be_snake_case_and_unique(tmp_path):
    steps = [
        {"id": "Hello", "type": "message", "text": "x", "next": "end"},
        {"id": "end", "type": "message", "text": "x", "next": "end"},
        END,
    ]
    found = problems_of(tmp_path, steps)
    assert "'Hello' is not snake_case" in found
    assert "'end' is used twice" in found


def test_setting_a_field_content_may_not_touch_is_refused(tmp_path):
    choice = {"label": "ใช่", "value": "x", "next": "end", "set": {"status": "blocked"}}
    steps = [{"id": "ask", "type": "choice", "text": "x", "choices": [choice]}, END]
    assert "cannot set producer field 'status'" in problems_of(tmp_path, steps)


def test_missing_phrase_is_refused(tmp_path):
    write_flow(tmp_path, [{"id": "hello", "type": "message", "text": "x", "next": "end"}, END])
    phrases = yaml.safe_load((tmp_path / "phrases.yaml").read_text(encoding="utf-8"))
    del phrases["old_button"]
    (tmp_path / "phrases.yaml").write_text(yaml.safe_dump(phrases, allow_unicode=True))
    with pytest.raises(ContentError, match="phrase 'old_button' is missing"):
        load_content(tmp_path)


# --- lessons: the journey, sources, nudges, choices that hand over, answers in texts ----------


def lesson_problems(tmp_path, steps, journey=None, **top) -> str:
    """Load the real onboarding and phrases with one lesson of these steps; return the problems."""
    flow = lesson(steps, **top)
    folder = content_with(tmp_path / "content", flow)
    if journey is not None:
        (folder / "journey.yaml").write_text(yaml.safe_dump({"lessons": journey}))
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return "\n".join(caught.value.problems)


ASK = {"id": "ask", "type": "choice", "text": "ทำได้ไหม{คะ}"}


def test_a_lesson_must_cite_its_sources_with_a_date(tmp_path):
    steps = [{**ASK, "choices": [{"label": "ได้", "value": "y", "next": "end"}]}, LESSON_END]
    assert "must say where its facts come from" in lesson_problems(tmp_path, steps, sources=[])
    undated = [{"fact": "f", "url": "https://example.org", "checked": "last week"}]
    found = lesson_problems(tmp_path / "b", steps, sources=undated)
    assert "checked must be a date" in found


def test_the_journey_names_existing_lessons_and_every_lesson(tmp_path):
    steps = [{**ASK, "choices": [{"label": "ได้", "value": "y", "next": "end"}]}, LESSON_END]
    found = lesson_problems(tmp_path, steps, journey=["no_such_lesson"])
    assert "lesson 'no_such_lesson' has no file" in found
    assert "lesson 'try_it' is not in journey.yaml" in found


def test_titles_nudges_and_moves_are_checked(tmp_path):
    steps = [{**ASK, "choices": [{"label": "ได้", "value": "y", "next": "end"}]}, LESSON_END]
    found = lesson_problems(
        tmp_path, steps, title="ก" * 21, nudge=["tomorrow"], moved={"ask": "gone"}
    )
    assert "title is over 20 characters" in found
    assert "nudge must be delays like 1d or 12h" in found
    assert "moved: ask → gone must name a removed step and an existing one" in found


def test_a_choice_leads_to_a_step_or_asks_for_a_known_action(tmp_path):
    choices = [
        {"label": "ได้", "value": "y", "next": "end", "action": "human"},
        {"label": "ไม่ได้", "value": "n"},
        {"label": "เมนู", "value": "m", "action": "dance"},
    ]
    found = lesson_problems(tmp_path, [{**ASK, "choices": choices}, LESSON_END])
    assert "choice 'ได้' needs either `next` or `action`" in found
    assert "choice 'ไม่ได้' needs either `next` or `action`" in found
    assert "choice 'เมนู': action must be one of human, menu, progress" in found
    only_help = [{"label": "ช่วยด้วย", "value": "h", "action": "human"}]
    found = lesson_problems(tmp_path / "b", [{**ASK, "choices": only_help}, LESSON_END])
    assert "at least one choice must lead to a step" in found


def test_a_text_may_show_an_answer_only_if_some_step_saves_it(tmp_path):
    shows = {"id": "say", "type": "message", "text": "ขายได้ {answer.orders} ออเดอร์", "next": "end"}
    found = lesson_problems(tmp_path, [shows, LESSON_END])
    assert "unknown placeholder {answer.orders}" in found
    saves = {"id": "ask", "type": "number", "text": "กี่ออเดอร์{คะ}", "save_as": "orders"}
    flow = lesson([{**saves, "next": "say"}, shows, LESSON_END])
    assert load_content(content_with(tmp_path / "ok", flow)).flows["try_it"]


def test_a_picture_must_be_among_the_content_images(tmp_path):
    steps = [
        {"id": "say", "type": "message", "text": "ดูรูป{นะคะ}", "image": "nope.png", "next": "end"},
        LESSON_END,
    ]
    assert "image 'nope.png' is not in content/images" in lesson_problems(tmp_path, steps)


def test_a_choice_says_a_known_meaning_and_politeness_is_never_done(tmp_path):
    choices = [
        {"label": "ทำได้แล้ว", "value": "done", "means": "done", "intent": "ack", "next": "end"},
        {"label": "อื่น", "value": "other", "means": "someday", "next": "end"},
        {"label": "ถาม", "value": "ask", "intent": "question", "next": "end"},
    ]
    found = lesson_problems(tmp_path, [{**ASK, "choices": choices}, LESSON_END])
    assert "politeness (ack) never says a step is done" in found
    assert "unknown meaning 'someday'" in found
    assert "a question answers nothing" in found


def test_a_trouble_menu_needs_a_way_back(tmp_path):
    check = {**ASK, "choices": [
        {"label": "ทำได้แล้ว", "value": "done", "means": "done", "next": "end"},
        {"label": "ยังไม่ได้", "value": "not_yet", "means": "not_yet", "next": "trouble"},
    ]}  # fmt: skip
    trouble = {"id": "trouble", "type": "choice", "text": "ติดตรงไหน{คะ}", "choices": [
        {"label": "เครื่องเต็ม", "value": "full", "next": "ask"},
    ]}  # fmt: skip
    found = lesson_problems(tmp_path, [check, trouble, LESSON_END])
    assert "step trouble: a side path needs an answer that means fixed" in found
    assert "step trouble: a side path needs an answer that means back" in found


def test_links_go_in_a_bubble_and_their_labels_fit_a_button(tmp_path):
    ask = {**ASK, "choices": [{"label": "ได้", "value": "y", "next": "end"}],
           "links": [{"label": "ก" * 21, "uri": "https://example.org"}]}  # fmt: skip
    assert "a button label over 20 characters" in lesson_problems(tmp_path, [ask, LESSON_END])


def write_faq(tmp_path, entries) -> str:
    folder = content_with(tmp_path / "content", lesson([LESSON_END]))
    (folder / "faq.yaml").write_text(
        yaml.safe_dump({"version": 1, "entries": entries}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return "\n".join(caught.value.problems)


def test_faq_entries_cite_dated_sources_and_fit_a_bubble(tmp_path):
    good = {
        "id": "fees",
        "answer": "ดูใน Seller Center{ค่ะ}",
        "keywords": [["ค่าธรรมเนียม"]],
        "sources": [{"fact": "f", "url": "https://example.org", "checked": date(2026, 12, 5)}],
    }
    entries = [
        {**good, "sources": []},
        {**good, "id": "Fees2", "keywords": []},
        {**good, "id": "link", "link": {"label": "เว็บ", "uri": "http://x.org"}},
        {**good, "id": "place", "answer": "{unknown}"},
        {**good, "id": "dated", "sources": [{"fact": "f", "url": "https://x.org",
                                              "checked": "soon"}]},
    ]  # fmt: skip
    found = write_faq(tmp_path, entries)
    assert "entry fees: must say where its facts come from" in found
    assert "entry Fees2: id must be snake_case" in found and "keywords must be" in found
    too_long = {**good, "answer": "ก" * 401, "link": {"label": "เว็บ", "uri": "https://x.org"}}
    assert "entry fees: alt text longer than 400" in write_faq(tmp_path / "b", [too_long])
    assert "entry link: a link needs" in found
    assert "entry place: unknown placeholder {unknown}" in found
    assert "entry dated: source https://x.org: checked must be a date" in found


def test_the_shipped_faq_answers_with_sources():
    faq = load_content().faq
    assert len(faq.entries) >= 30
    assert all(entry.sources for entry in faq.entries)
    assert faq.match("ค่าธรรมเนียมเท่าไหร่คะ").id == "fees"
    assert faq.match("ได้แล้วค่ะ") is None


def test_a_steps_own_words_for_its_nudges_are_checked(tmp_path):
    choices = [{"label": "ได้", "value": "y", "next": "end"}]
    said = {"id": "say", "type": "message", "text": "x", "nudge_text": "ว่าไง{คะ}", "next": "ask"}
    asks = {**ASK, "choices": choices, "nudge_text": "บท {lesson} ผลออกหรือยัง{คะ}"}
    found = lesson_problems(tmp_path, [said, asks, LESSON_END])
    assert "step say: nudge_text: only a step that waits for the producer is nudged" in found
    assert "step ask: unknown placeholder {lesson}" in found
    listed = {**ASK, "choices": choices, "nudge_text": ["ผลออกหรือยัง{คะ}"]}
    assert "nudge_text must be a text" in lesson_problems(tmp_path / "b", [listed, LESSON_END])
    fine = {**ASK, "choices": choices, "nudge_text": "{name} ผลออกหรือยัง{คะ}"}
    assert load_content(content_with(tmp_path / "ok", lesson([fine, LESSON_END])))
