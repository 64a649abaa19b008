"""Typed answers compared with buttons, and names picked out of "call me …" answers."""

import pytest

from bot.thai import core, name_in


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("ยินยอมค่ะ", "ยินยอม"),
        ("ยินยอมครับผม", "ยินยอม"),
        ("ไม่ยินยอมมมม", "ไม่ยินยอม"),
        ("อ่านรายละเอียด เจ้า", "อ่านรายละเอียด"),
        ("ยินยอม!!", "ยินยอม"),
        ("\u200bยินยอม", "ยินยอม"),
    ],
)
def test_a_typed_label_with_particles_is_the_label(typed, label):
    assert core(typed) == core(label)


def test_a_negated_label_is_not_the_label():
    assert core("ไม่ยินยอมค่ะ") != core("ยินยอม")


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("ป้าแดง", "ป้าแดง"),
        ("ป้าแดงค่ะ", "ป้าแดง"),
        ("เรียกป้าแดงก็ได้ค่ะ", "ป้าแดง"),
        ("เรียกว่าลุงมาครับ", "ลุงมา"),
        ("ชื่อสมศรีค่ะ", "สมศรี"),
        ("สมศรี ใจดี", "สมศรี ใจดี"),
        ("แม่ศรีเด้อ", "แม่ศรี"),
        ("Somsri", "Somsri"),
        ("จ้า", ""),
    ],
)
def test_the_name_in_an_answer(answer, name):
    assert name_in(answer) == name
