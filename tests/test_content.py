"""The content validator: the shipped content passes, and each broken rule is caught."""

import shutil

import pytest
import yaml

from bot.content import CONTENT_DIR, ContentError, load_content


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
