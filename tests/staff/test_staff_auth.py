"""Signing in: every page behind login, sessions that end, throttled guessing, CSRF, cookies."""

import re

from db import db
from db.models import StaffAccount
from staff import throttle
from tests.support.staff import PASSWORD, csrf_token, login, make_account, post


def test_every_staff_page_sends_a_visitor_to_the_login_form(app, client):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff")]
    public = {"staff.login", "staff.static"}
    checked = 0
    for rule in rules:
        if rule.endpoint in public:
            continue
        url = re.sub(r"<(?:int:)?\w+>", "1", rule.rule)
        url = re.sub(r"<any\(([^,)]+)[^>]*\):\w+>", r"\1", url)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code == 302, (method, url)
            assert response.location.startswith("/staff/login"), (method, url)
            checked += 1
    assert checked >= 20


def test_signing_in_and_out(app, client):
    make_account(app, "somchai@example.org", areas="ลำปาง", name="สมชาย")
    page = login(client, "Somchai@Example.org")
    assert page.status_code == 302 and page.location == "/staff/"
    home = client.get("/staff/").get_data(as_text=True)
    assert "สวัสดี สมชาย" in home and "ลำปาง" in home
    client.post("/staff/logout", data={"csrf_token": csrf_token(client)})
    assert client.get("/staff/").status_code == 302


def test_a_wrong_password_is_refused_in_thai(app, client):
    make_account(app, "a@example.org")
    page = login(client, "a@example.org", "wrong password!")
    assert page.status_code == 200
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in page.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_after_repeated_failures_even_the_right_password_waits(app, client):
    make_account(app, "a@example.org")
    for _ in range(throttle.ACCOUNT_LIMIT):
        login(client, "a@example.org", "guess guess guess")
    refused = login(client, "a@example.org")
    assert refused.status_code == 429
    assert "กรุณารออีก" in refused.get_data(as_text=True)
    app.extensions["clock"].advance(minutes=16)
    assert login(client, "a@example.org").status_code == 302


def test_failures_from_one_address_are_throttled_across_accounts(app, client):
    for n in range(throttle.ADDRESS_LIMIT):
        login(client, f"nobody{n}@example.org", "guess guess guess")
    make_account(app, "real@example.org")
    assert login(client, "real@example.org").status_code == 429


def test_a_form_without_its_csrf_token_is_refused(app, client):
    make_account(app, "a@example.org")
    assert (
        client.post(
            "/staff/login", data={"email": "a@example.org", "password": PASSWORD}
        ).status_code
        == 400
    )
    login(client, "a@example.org")
    refused = client.post("/staff/me/link-code")
    assert refused.status_code == 400
    assert "ส่งแบบฟอร์มไม่สำเร็จ" in refused.get_data(as_text=True)
    assert post(client, "/staff/me/link-code").status_code == 200


def test_a_deactivated_accounts_session_stops_working(app, client, runner_for):
    make_account(app, "leaving@example.org")
    login(client, "leaving@example.org")
    assert client.get("/staff/").status_code == 200
    result = runner_for(app).invoke(args=["staff", "deactivate", "--email", "leaving@example.org"])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302
    assert login(client, "leaving@example.org").status_code == 200  # refused: the form again


def test_a_session_ends_after_a_working_day_idle(app, client, clock):
    make_account(app, "a@example.org")
    login(client, "a@example.org")
    clock.advance(hours=9)
    assert client.get("/staff/").status_code == 200  # a request keeps it alive
    clock.advance(hours=10, minutes=1)
    assert client.get("/staff/").status_code == 302


def test_session_cookies_are_secure_outside_demo_mode(app, client):
    make_account(app, "a@example.org")
    cookie = login(client, "a@example.org").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_passwords_are_stored_as_argon2_hashes(app):
    make_account(app, "a@example.org")
    with app.app_context():
        stored = db.session.query(StaffAccount.password_hash).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_after_login_only_a_staff_page_of_this_site_is_followed(app, client):
    make_account(app, "a@example.org")
    client.get("/staff/login?next=https://evil.example/x")
    page = client.post(
        "/staff/login?next=https://evil.example/x",
        data={"email": "a@example.org", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert page.location == "/staff/"
