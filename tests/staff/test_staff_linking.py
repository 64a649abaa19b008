"""Linking a staff member's own LINE: a one-time code from the page, claimed by the bot."""

import re

from sqlalchemy import select

from db import db
from db.models import StaffAccount
from staff.linking import CODE_LIFETIME, claim_code
from tests.support.staff import login, make_account, post


def code_from_page(client) -> str:
    page = post(client, "/staff/me/link-code").get_data(as_text=True)
    return re.search(r'id="link-code">(STAFF-\w+)<', page).group(1)


def claim(app, text, user="Ustaff0001"):
    with app.app_context():
        account = claim_code(db.session, text, user, app.extensions["clock"]())
        db.session.commit()
        return account.email if account else None


def test_a_code_from_the_page_links_the_sender(app, client):
    make_account(app, "nok@example.org")
    login(client, "nok@example.org")
    code = code_from_page(client)
    assert claim(app, f"  {code.lower()} ") == "nok@example.org"  # as typed on a phone
    page = client.get("/staff/me").get_data(as_text=True)
    assert "เชื่อม LINE แล้ว" in page
    assert claim(app, code) is None  # once only
    post(client, "/staff/me/unlink")
    with app.app_context():
        assert db.session.scalar(select(StaffAccount.line_user_id)) is None


def test_a_code_expires(app, client, clock):
    make_account(app, "nok@example.org")
    login(client, "nok@example.org")
    code = code_from_page(client)
    clock.advance(seconds=CODE_LIFETIME.total_seconds() + 1)
    assert claim(app, code) is None


def test_other_text_is_no_code(app, client):
    make_account(app, "nok@example.org")
    login(client, "nok@example.org")
    code_from_page(client)
    for text in ("สวัสดีค่ะ", "STAFF-", "STAFF-ABCDEF", "DEMO-LPG", "123456"):
        assert claim(app, text) is None


def test_a_new_code_replaces_the_old_one(app, client):
    make_account(app, "nok@example.org")
    login(client, "nok@example.org")
    first = code_from_page(client)
    second = code_from_page(client)
    assert claim(app, first) is None
    assert claim(app, second) == "nok@example.org"


def test_a_staff_member_links_their_line_by_sending_the_code_to_the_bot(app, client, chat):
    make_account(app, "nok@example.org", name="พี่นก พัฒนากร")
    login(client, "nok@example.org")
    code = code_from_page(client)
    me = chat()
    (linked,) = me.texts(me.say(code))
    assert "เชื่อม LINE นี้กับบัญชีเจ้าหน้าที่ พี่นก พัฒนากร แล้ว" in linked
    assert "ยินยอม" not in linked  # not taken for a producer starting onboarding
    with app.app_context():
        assert db.session.scalar(select(StaffAccount.line_user_id)) == me.user_id
    page = client.get("/staff/producers").get_data(as_text=True)
    assert me.user_id not in page and "พี่นก" not in page  # never counted as a producer
