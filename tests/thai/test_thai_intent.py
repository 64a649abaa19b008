"""detect_intent(): each trap named in issues 3 and 11 and docs/thai-language.md, one test each."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.thai import detect_intent
from bot.thai.lexicon import PRIORITY, lexicon


def test_the_issue_examples_read_as_their_intent() -> None:
    examples = {
        "yes": ["ได้แล้ว", "เรียบร้อย", "โหลดแล้ว", "แม่นแล้ว", "ใช่", "✅"],
        "no": ["ยังเลย", "ยังบ่ได้", "ไม่ได้", "บ่ได้"],
        "help": ["งง", "ทำไม่เป็น", "ไม่เข้าใจ", "ช่วยด้วย"],
        "human": ["ขอคุยกับเจ้าหน้าที่", "ติดต่อโค้ช", "โทรหาหน่อย"],
        "stop": ["หยุดแจ้งเตือน"],
        "resume": ["เปิดแจ้งเตือน"],
        "menu": ["เมนู"],
        "progress": ["ความคืบหน้า"],
        "restart": ["เริ่มบทนี้ใหม่"],
        "delete_data": ["ลบข้อมูลของฉัน"],
        "greeting": ["สวัสดีค่ะ"],
        "thanks": ["ขอบคุณค่ะ"],
    }
    for intent, replies in examples.items():
        for reply in replies:
            assert detect_intent(reply) == intent, reply


def test_yes_inside_a_no_is_not_yes() -> None:
    # ไม่ได้ contains ได้; ยังไม่ได้ contains ได้; naive substring matching says yes to both.
    assert detect_intent("ไม่ได้") == "no"
    assert detect_intent("ยังไม่ได้ค่ะ") == "no"
    assert detect_intent("ไม่ได้แล้ว") == "no"


def test_a_negator_before_a_yes_phrase_makes_it_no() -> None:
    for reply in ("ไม่เรียบร้อย", "ไม่โอเค", "ไม่ ok", "บ่แม่น", "ยังไม่เสร็จ", "ไม่ตกลง"):
        assert detect_intent(reply) == "no", reply


def test_a_negator_withdraws_a_request() -> None:
    assert detect_intent("ไม่ต้องลบข้อมูล") == "no"
    assert detect_intent("ไม่ต้องหยุดค่ะ") == "no"


def test_the_staff_word_holds_no_yes_particle() -> None:
    # เจ้าหน้าที่ contains เจ้า, the Northern yes.
    assert detect_intent("เจ้าหน้าที่โทรมาแล้ว") is None
    assert detect_intent("ติดต่อเจ้าหน้าที่") == "human"
    assert detect_intent("เจ้า") == "ack"


@pytest.mark.parametrize("reply", ["ไม่เป็นไร", "ไม่เป็นไรค่ะ", "บ่เป็นหยัง", "ได้ยิน", "ได้รับ", "แล้วแต่"])
def test_neutral_phrases_are_neither_yes_nor_no(reply: str) -> None:
    assert detect_intent(reply) is None


def test_a_question_is_never_an_answer() -> None:
    for reply in ("ได้ไหม", "เสร็จยัง", "โหลดแล้วหรอ", "ได้บ่", "ได้ก่อ", "ได้แล้ว?", "ได้ยินไหม"):
        assert detect_intent(reply) == "question", reply


def test_a_question_word_anywhere_asks_in_every_dialect() -> None:
    replies = (
        "ค่าธรรมเนียมเท่าไหร่",
        "ทำไมยังไม่ผ่าน",
        "ต้องรอกี่วันคะ",
        "เมื่อไหร่จะได้ผล",
        "เป็นหยังบ่ผ่าน",  # Isan: why
        "สิได้ผลมื้อใด",  # Isan: which day
        "เต๊าใดเจ้า",  # Northern: how much
        "ไซยังไม่ผ่านหนิ",  # Southern: why
    )
    for reply in replies:
        assert detect_intent(reply) == "question", reply


def test_politeness_is_an_acknowledgement_never_yes() -> None:
    for reply in ("ค่ะ", "ครับ", "จ้า", "โอเค", "ได้", "ไปต่อ", "เข้าใจแล้ว", "เอาเลย", "👍", "เจ้า"):
        assert detect_intent(reply) == "ack", reply


def test_not_now_is_later_not_no() -> None:
    for reply in ("ไว้ก่อน", "ยุ่งอยู่", "ไม่สะดวก", "ยังไม่ว่าง", "บ่ว่างเด้อ", "ม่ายว่าง"):
        assert detect_intent(reply) == "later", reply


def test_not_being_sure_is_neither_yes_nor_no() -> None:
    for reply in ("น่าจะได้แล้วมั้ง", "คิดว่าได้แล้วค่ะ", "ได้มั้ง", "ไม่แน่ใจค่ะ"):
        assert detect_intent(reply) == "unsure", reply


def test_continuing_the_lesson_is_not_turning_reminders_on() -> None:
    assert detect_intent("เรียนต่อ") == "continue"
    assert detect_intent("ทำบทเรียนต่อค่ะ") == "continue"
    assert detect_intent("กลับมาแจ้งเตือนได้แล้ว") == "resume"
    assert detect_intent("ทำไปกี่ขั้นแล้ว") == "progress"


def test_priority_is_stop_human_help_no_yes() -> None:
    assert detect_intent("ได้แล้ว แต่หยุดส่งเถอะ") == "stop"
    assert detect_intent("เลิกส่งได้แล้ว") == "stop"
    assert detect_intent("ช่วยด้วย ขอคุยกับเจ้าหน้าที่") == "human"
    assert detect_intent("ยังไม่ได้ ช่วยด้วย") == "help"
    assert detect_intent("โหลดได้แล้วแต่สมัครไม่ได้") == "no"
    assert detect_intent("ได้แล้วค่ะ ขอบคุณค่ะ") == "yes"
    assert detect_intent("ติดต่อเจ้าหน้าที่ได้ไหมคะ") == "human"  # a request, asked politely


def test_giving_up_is_stop_and_not_knowing_how_is_help() -> None:
    assert detect_intent("ไม่เอาแล้ว") == "stop"
    assert detect_intent("ทำไม่เป็น") == "help"
    assert detect_intent("ไม่เข้าใจ") == "help"


def test_chat_words_the_spell_corrector_mangles_are_read_as_typed() -> None:
    # pythainlp's correct() turns โอเค into โอ and แอป into แอ; we never call it.
    assert detect_intent("โอเค") == "ack"
    assert detect_intent("ลงแอปแล้ว") == "yes"


def test_misspellings_are_matched_only_when_they_sound_alike() -> None:
    for reply in ("เสร็ดแล้ว", "เรียบร้อบ", "สมักรแล้ว", "ช่วยดวย", "ติดตั่งแล้ว"):
        assert detect_intent(reply) is not None, reply
    assert detect_intent("โทรมา") is None  # not โทรหา: "called", not "call me"
    assert detect_intent("ลูกสาวช่วยทำให้") is None  # ทำให้ is a word, not a misspelt ทำใหม่


def test_fuzzy_matching_never_turns_a_negated_reply_into_yes() -> None:
    assert detect_intent("ไม่ไดั") == "no"
    assert detect_intent("ไม่เรียบร้อบ") != "yes"


def test_stretched_letters_emoji_and_invisible_characters() -> None:
    assert detect_intent("ได้แล้วววว") == "yes"
    assert detect_intent("งงงงงง") == "help"
    assert detect_intent("ยังงงอยู่เลย") == "help"  # ยัง + งง, not a stretched ยัง
    assert detect_intent("ok👍🏻ได้แล้ว") == "yes"
    assert detect_intent("❌") == "no"
    assert detect_intent("ได้\u200bแล้ว") == "yes"
    assert detect_intent("ไม่\u200dได้") == "no"


def test_a_reply_of_particles_only_is_an_acknowledgement() -> None:
    for reply in ("ค่ะ", "ครับ", "จ้า", "เจ้าค่ะ", "ครับผม", "ค่ะๆ"):
        assert detect_intent(reply) == "ack", reply
    assert detect_intent("นะ") is None


def test_dialect_words_for_stop_and_not_yet() -> None:
    assert detect_intent("เซาส่งมาได้แล้ว") == "stop"  # Isan เซา = stop
    assert detect_intent("ยังเทื่อ") == "no"  # Isan: not yet
    assert detect_intent("ยังเตื้อเจ้า") == "no"  # Northern: not yet
    assert detect_intent("โหลดละเจ้า") == "yes"  # Northern ละ = แล้ว
    assert detect_intent("ทำพรือ") == "help"  # Southern: how?
    assert detect_intent("จั๊กแม่น") == "help"  # Isan "who knows", not แม่น (yes)


def test_every_phrase_in_the_lexicon_reads_as_its_own_intent() -> None:
    lex = lexicon()
    wrong = {p: i for p, i in lex.phrases.items() if detect_intent(p) != i}
    assert not wrong


def test_unclear_replies_are_none() -> None:
    for reply in ("", "   ", "...", "5555", "อืม", "ผ้าไหม", "ไปตลาดมา", "😊"):
        assert detect_intent(reply) is None, reply


@given(st.text(max_size=40))
def test_never_fails_and_answers_only_known_intents(reply: str) -> None:
    assert detect_intent(reply) in (*PRIORITY, None)
