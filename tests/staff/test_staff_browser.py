"""The staff pages in a real browser (Debian's chromium): what an officer sees and does."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.support.chat import Chat
from tests.support.staff import PASSWORD, make_account, make_cohort, make_producer


def sign_in(page, email: str) -> None:
    page.goto("/staff/")
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", name=re.compile("สวัสดี"))).to_be_visible()


@pytest.fixture
def lampang(app):
    """An officer of ลำปาง, producers at several stages there, one in นครราชสีมา."""
    make_account(app, "officer@example.org", areas="ลำปาง", name="พัฒนากรลำปาง")
    now = app.extensions["clock"]()
    return {
        "แดง": make_producer(app, "ป้าแดง", "ลำปาง เกาะคา", flow="shop_register", step="waiting"),
        "หอม": make_producer(
            app,
            "น้าหอม",
            "ลำปาง งาว",
            flow="download_tiktok",
            step="get_app",
            days_on_step=9,
            stalled_at=now,
        ),
        "จันทร์": make_producer(
            app, "ป้าจันทร์", "ลำปาง", flow="download_tiktok", step="intro", reminders_off=True
        ),
        "โคราช": make_producer(
            app, "ลุงโคราช", "นครราชสีมา", flow="download_tiktok", step="get_app", stalled_at=now
        ),
    }


def test_login_and_logout(page, app, lampang, screenshot):
    page.goto("/staff/producers")
    expect(page).to_have_url(re.compile(r"/staff/login"))
    screenshot("login")
    page.get_by_label("อีเมล").fill("officer@example.org")
    page.get_by_label("รหัสผ่าน").fill("not the password")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_text("อีเมลหรือรหัสผ่านไม่ถูกต้อง")).to_be_visible()
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(r"/staff/producers$"))  # back where they were going
    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page.get_by_text("ออกจากระบบแล้ว")).to_be_visible()
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login"))


def test_home_shows_my_area(page, app, lampang, screenshot):
    sign_in(page, "officer@example.org")
    expect(page.locator("#funnel")).to_contain_text("โหลดแอป TikTok")
    expect(page.locator("#funnel .n").first).to_have_text("3")  # three in ลำปาง, not four
    expect(page.locator("#stalled")).to_contain_text("น้าหอม")
    expect(page.locator("#stalled")).not_to_contain_text("ลุงโคราช")
    screenshot("home")


def test_filters_narrow_the_list(page, app, lampang, screenshot):
    sign_in(page, "officer@example.org")
    page.get_by_role("link", name="ผู้ประกอบการ").click()
    names = page.locator("#producers li .main > a")
    expect(names).to_have_count(3)
    page.get_by_text("ตัวกรองและการเรียง").click()
    page.get_by_label("บทเรียนตอนนี้").select_option(label="โหลดแอป TikTok")
    page.get_by_role("button", name="ใช้ตัวกรอง").click()
    expect(names).to_have_text(["ป้าจันทร์", "น้าหอม"])  # the latest activity first
    page.get_by_label("หยุดนิ่ง").check()
    page.get_by_role("button", name="ใช้ตัวกรอง").click()
    expect(names).to_have_text(["น้าหอม"])
    page.goto("/staff/producers?sort=name")
    expect(names).to_have_text(["น้าหอม", "ป้าจันทร์", "ป้าแดง"])  # Thai order: น ป(จ) ป(ด)
    page.get_by_placeholder("ค้นชื่อหรือเบอร์โทร").fill("แดง")
    page.get_by_role("button", name="ค้นหา").click()
    expect(names).to_have_text(["ป้าแดง"])
    page.goto("/staff/producers")
    screenshot("producers")


def test_a_producers_page_and_its_actions(page, app, client, fake_line, lampang, screenshot):
    chat = Chat(app, client, fake_line)
    chat.onboard(name="ป้าทองคำ", province="ลำปาง", district="เกาะคา")
    chat.say("ยังไม่ได้เลยจ้า")
    sign_in(page, "officer@example.org")
    page.get_by_role("link", name="ผู้ประกอบการ").click()
    page.get_by_role("link", name="ป้าทองคำ").click()
    expect(page.get_by_role("heading", name="ป้าทองคำ")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("เริ่มต้นใช้งาน")
    expect(page.locator("#chat")).to_contain_text("ยังไม่ได้เลยจ้า")
    page.get_by_role("button", name="ให้เจ้าหน้าที่ดูแลแทนบอต").click()
    expect(page.get_by_text("ส่งต่อให้เจ้าหน้าที่แล้ว")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("ส่งต่อให้เจ้าหน้าที่")
    screenshot("producer")
    page.get_by_role("button", name="คืนให้บอตดูแล").click()
    expect(page.get_by_text("คืนให้บอตดูแลแล้ว")).to_be_visible()
    page.get_by_role("button", name="ปิดการแจ้งเตือน").click()
    expect(page.get_by_role("button", name="เปิดการแจ้งเตือน")).to_be_visible()
    assert chat.stored()[0].reminders_off is True


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed")
def test_the_cohort_poster_qr_opens_the_bots_chat_with_the_code(
    page, app, lampang, screenshot, tmp_path
):
    cohort = make_cohort(app, "ลำปาง รุ่น 1", "LPG-R1", "ลำปาง")
    sign_in(page, "officer@example.org")
    page.goto(f"/staff/cohorts/{cohort}/poster")
    qr = page.locator("#qr svg")
    expect(qr).to_be_visible()
    image = tmp_path / "qr.png"
    qr.screenshot(path=str(image))
    read = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
    assert read.stdout.strip() == "https://line.me/R/oaMessage/%40fakeline/?LPG-R1"
    screenshot("poster")


def test_joining_by_the_code_raises_the_live_counter(
    page, app, client, fake_line, lampang, screenshot
):
    cohort = make_cohort(app, "ลำปาง งานอบรม", "LPG-EVENT", "ลำปาง")
    sign_in(page, "officer@example.org")
    page.goto(f"/staff/cohorts/{cohort}")
    expect(page.locator("#joined")).to_have_text("0")
    chat = Chat(app, client, fake_line)
    chat.start("ป้าบัว")
    chat.say("LPG-EVENT")
    expect(page.locator("#joined")).to_have_text("1", timeout=12_000)
    expect(page.locator("#counter")).to_contain_text("ป้าบัว")
    screenshot("cohort")


def test_an_admin_creates_a_cohort_picking_the_district_of_a_province(page, app):
    make_account(app, "admin@example.org", role="admin", areas="")
    sign_in(page, "admin@example.org")
    page.goto("/staff/cohorts/new")
    page.get_by_label("ชื่อรุ่น").fill("ปากช่อง รุ่น 1")
    page.locator("#province").select_option(label="นครราชสีมา")
    page.locator("#district").select_option(label="ปากช่อง")  # came by htmx
    page.get_by_role("button", name="สร้างรุ่น").click()
    expect(page.get_by_text("นครราชสีมา / ปากช่อง")).to_be_visible()
