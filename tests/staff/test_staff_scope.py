"""The one area filter: an officer sees their own area's producers only, everywhere."""

import csv
import io
import re

import pytest

from db import db
from db.models import StaffAccount
from tests.support.staff import login, make_account, make_cohort, make_producer, post


@pytest.fixture
def two_provinces(app):
    """An officer of ลำปาง, and producers in ลำปาง and in นครราชสีมา."""
    make_account(app, "lampang@example.org", areas="ลำปาง")
    return {
        "mine": make_producer(app, "ป้าแดง", "ลำปาง เกาะคา", phone="0811111111"),
        "theirs": make_producer(
            app,
            "ลุงโคราช",
            "นครราชสีมา ปากช่อง",
            phone="0822222222",
            handoff_at=app.extensions["clock"](),
        ),
    }


def test_the_list_count_and_search_hold_only_my_area(app, client, two_provinces):
    login(client, "lampang@example.org")
    page = client.get("/staff/producers").get_data(as_text=True)
    assert "ป้าแดง" in page and "ลุงโคราช" not in page
    assert "1 ราย" in page
    assert "ลุงโคราช" not in client.get("/staff/producers?q=โคราช").get_data(as_text=True)
    found = client.get("/staff/producers?q=0822222222").get_data(as_text=True)
    assert "ไม่พบผู้ประกอบการ" in found
    assert "ป้าแดง" in client.get("/staff/producers?q=081111").get_data(as_text=True)


def test_home_counts_only_my_area(app, client, two_provinces):
    login(client, "lampang@example.org")
    home = client.get("/staff/").get_data(as_text=True)
    waiting = re.search(r'id="waiting".*?class="big"[^>]*>(\d+)<', home, re.S).group(1)
    assert waiting == "0"  # the handed-off producer is in นครราชสีมา
    assert "ทั้งหมด 1 ราย" in home


def test_a_producer_of_another_area_answers_404_everywhere(app, client, two_provinces):
    login(client, "lampang@example.org")
    theirs = two_provinces["theirs"]
    assert client.get(f"/staff/producers/{theirs}").status_code == 404
    assert client.get(f"/staff/producers/{theirs}/photos/1").status_code == 404
    assert post(client, f"/staff/producers/{theirs}/hand_back").status_code == 404
    assert post(client, f"/staff/producers/{theirs}/reminders", off="1").status_code == 404
    assert client.get(f"/staff/producers/{two_provinces['mine']}").status_code == 200


def test_an_export_holds_only_my_area(app, client, two_provinces):
    login(client, "lampang@example.org")
    response = client.get("/staff/producers.csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["ป้าแดง"]


def test_a_cohort_of_another_area_answers_404(app, client, two_provinces):
    theirs = make_cohort(app, "โคราช รุ่น 1", "KORAT1", "นครราชสีมา")
    mine = make_cohort(app, "ลำปาง รุ่น 1", "LPG1", "ลำปาง")
    login(client, "lampang@example.org")
    for url in ("", "/poster", "/counter"):
        assert client.get(f"/staff/cohorts/{theirs}{url}").status_code == 404
        assert client.get(f"/staff/cohorts/{mine}{url}").status_code == 200
    listed = client.get("/staff/cohorts").get_data(as_text=True)
    assert "ลำปาง รุ่น 1" in listed and "โคราช" not in listed
    assert "โคราช" not in client.get("/staff/producers").get_data(as_text=True)


def test_a_district_officer_sees_only_that_district(app, client):
    make_account(app, "kokha@example.org", areas="ลำปาง/เกาะคา")
    make_producer(app, "ในเกาะคา", "ลำปาง เกาะคา")
    make_producer(app, "ในงาว", "ลำปาง งาว")
    login(client, "kokha@example.org")
    page = client.get("/staff/producers").get_data(as_text=True)
    assert "ในเกาะคา" in page and "ในงาว" not in page


def test_an_admin_sees_every_area(app, client, two_provinces):
    make_account(app, "admin@example.org", role="admin", areas="")
    login(client, "admin@example.org")
    page = client.get("/staff/producers").get_data(as_text=True)
    assert "ป้าแดง" in page and "ลุงโคราช" in page


def test_a_staff_members_own_line_is_never_a_producer(app, client, two_provinces):
    make_account(app, "admin@example.org", role="admin", areas="")
    login(client, "admin@example.org")
    with app.app_context():
        from db.models import Producer

        mine = db.session.get(Producer, two_provinces["mine"])
        account = db.session.query(StaffAccount).filter_by(email="lampang@example.org").one()
        account.line_user_id = mine.line_user_id
        db.session.commit()
    page = client.get("/staff/producers").get_data(as_text=True)
    assert "ป้าแดง" not in page and "1 ราย" in page
    assert client.get(f"/staff/producers/{two_provinces['mine']}").status_code == 404


def test_producer_text_is_escaped(app, client):
    make_account(app, "lampang@example.org", areas="ลำปาง")
    evil = make_producer(app, "<script>alert(1)</script>", "ลำปาง")
    login(client, "lampang@example.org")
    for url in ("/staff/producers", f"/staff/producers/{evil}", "/staff/"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/staff/producers").get_data(
        as_text=True
    )
