"""Cohorts: an officer creates one in their area; producers join by its code; the counter rises."""

import re

from sqlalchemy import select

from db import db
from db.models import Cohort
from tests.support.staff import login, make_account, post

LAMPANG, KOKHA, KORAT = 52, 5203, 30


def test_an_officer_creates_a_cohort_in_their_area(app, client):
    coach = make_account(app, "coach@example.org", role="coach", name="โค้ชแป้ง")
    make_account(app, "officer@example.org", areas="ลำปาง")
    login(client, "officer@example.org")
    form = client.get("/staff/cohorts/new").get_data(as_text=True)
    assert "ลำปาง" in form and "นครราชสีมา" not in form and "โค้ชแป้ง" in form
    made = post(
        client,
        "/staff/cohorts/new",
        name="เกาะคา รุ่น 1",
        province=LAMPANG,
        district=KOKHA,
        starts_on="2026-12-10",
        ends_on="2026-12-11",
        coach=coach,
        invite_code="kokha-1",
    )
    assert made.status_code == 302
    page = client.get(made.location).get_data(as_text=True)
    assert "KOKHA-1" in page and "10 ธ.ค. 2569 – 11 ธ.ค. 2569" in page and "โค้ชแป้ง" in page
    assert "ลำปาง / เกาะคา" in page


def test_a_cohort_outside_my_area_or_with_a_taken_code_is_refused(app, client):
    make_account(app, "officer@example.org", areas="ลำปาง/เกาะคา")
    login(client, "officer@example.org")
    wider = post(
        client, "/staff/cohorts/new", name="ทั้งจังหวัด", province=LAMPANG, district=0, coach=0
    )
    assert "อยู่นอกพื้นที่ของคุณ" in wider.get_data(as_text=True)
    other = post(client, "/staff/cohorts/new", name="โคราช", province=KORAT, district=0, coach=0)
    assert other.status_code == 200  # not a choice for this officer: the form again
    made = post(
        client,
        "/staff/cohorts/new",
        name="รุ่น 1",
        province=LAMPANG,
        district=KOKHA,
        coach=0,
        invite_code="LPG1",
    )
    assert made.status_code == 302
    taken = post(
        client,
        "/staff/cohorts/new",
        name="รุ่น 2",
        province=LAMPANG,
        district=KOKHA,
        coach=0,
        invite_code="lpg1",
    )
    assert "รหัส LPG1 มีรุ่นอื่นใช้แล้ว" in taken.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Cohort.name)).all() == ["รุ่น 1"]


def test_joining_by_the_code_counts_on_the_cohort_page(app, client, chat):
    make_account(app, "officer@example.org", areas="ลำปาง")
    login(client, "officer@example.org")
    made = post(client, "/staff/cohorts/new", name="งานอบรม", province=LAMPANG, district=0, coach=0)
    cohort_id = int(made.location.rsplit("/", 1)[1])
    with app.app_context():
        code = db.session.get(Cohort, cohort_id).invite_code
    counter = f"/staff/cohorts/{cohort_id}/counter"

    def joined():
        return int(re.search(r'data-count="(\d+)"', client.get(counter).get_data(as_text=True))[1])

    assert joined() == 0
    producer = chat()
    producer.start("ป้าบัว")
    producer.say(code)
    assert joined() == 1
    assert "ป้าบัว" in client.get(counter).get_data(as_text=True)
    assert "ป้าบัว" in client.get(f"/staff/cohorts/{cohort_id}").get_data(as_text=True)
