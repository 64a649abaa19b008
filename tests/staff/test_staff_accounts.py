"""Staff accounts: the `staff` commands, the admin pages, and what each role may open."""

from sqlalchemy import select

from db import db
from db.models import AuditEntry, StaffAccount
from tests.support.staff import PASSWORD, login, make_account, post


def test_staff_create_reads_the_password_from_stdin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "staff",
            "create",
            "--email",
            "Nok@Example.org",
            "--role",
            "officer",
            "--area",
            "ลำปาง",
            "--area",
            "นครราชสีมา/ปากช่อง",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "nok@example.org" in result.output and "ลำปาง, นครราชสีมา / ปากช่อง" in result.output
    listed = runner.invoke(args=["staff", "list"]).output
    assert "nok@example.org" in listed and "officer" in listed and "active" in listed
    client = app.test_client()
    assert login(client, "nok@example.org", "a long enough password").status_code == 302


def test_staff_create_refuses_what_would_be_wrong(app):
    runner = app.test_cli_runner()

    def create(*args, password="a long enough password"):
        return runner.invoke(args=["staff", "create", *args], input=password + "\n")

    unknown = create("--email", "a@example.org", "--role", "officer", "--area", "ลำปาง/ปากช่อง")
    assert unknown.exit_code == 1 and "ไม่พบอำเภอ “ปากช่อง” ในจังหวัดลำปาง" in unknown.output
    nowhere = create("--email", "a@example.org", "--role", "coach")
    assert nowhere.exit_code == 1 and "พื้นที่อย่างน้อยหนึ่งแห่ง" in nowhere.output
    short = create("--email", "a@example.org", "--role", "admin", password="short")
    assert short.exit_code == 1 and "อย่างน้อย 10" in short.output
    assert create("--email", "a@example.org", "--role", "admin").exit_code == 0
    again = create("--email", "A@example.org", "--role", "admin")
    assert again.exit_code == 1 and "มีบัญชีอีเมล a@example.org อยู่แล้ว" in again.output


def test_admins_manage_accounts_in_the_pages(app, client):
    make_account(app, "admin@example.org", role="admin", areas="")
    login(client, "admin@example.org")
    made = post(
        client,
        "/staff/accounts/new",
        email="coach@example.org",
        name="โค้ชแป้ง",
        role="coach",
        areas="นครราชสีมา",
        password=PASSWORD,
    )
    assert made.status_code == 302
    listed = client.get("/staff/accounts").get_data(as_text=True)
    assert "โค้ชแป้ง" in listed and "นครราชสีมา" in listed
    with app.app_context():
        coach = db.session.scalars(select(StaffAccount).filter_by(email="coach@example.org")).one()
        coach_id = coach.id
    changed = post(
        client,
        f"/staff/accounts/{coach_id}",
        email="coach@example.org",
        name="โค้ชแป้ง",
        role="coach",
        areas="นครราชสีมา, ลำปาง/เกาะคา",
    )
    assert changed.status_code == 302
    assert "ลำปาง/เกาะคา" in client.get("/staff/accounts").get_data(as_text=True)
    bad = post(
        client,
        f"/staff/accounts/{coach_id}",
        email="coach@example.org",
        name="x",
        role="coach",
        areas="ลำปาง/ไม่มีอำเภอนี้",
    )
    assert bad.status_code == 200 and "ไม่พบอำเภอ" in bad.get_data(as_text=True)
    assert post(client, f"/staff/accounts/{coach_id}/deactivate").status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["account_created", "account_changed", "account_deactivated"]
    audit = client.get("/staff/audit").get_data(as_text=True)
    assert "ปิดบัญชี" in audit and "admin@example.org" in audit


def test_only_admins_open_accounts_and_the_audit_log(app, client):
    make_account(app, "officer@example.org")
    login(client, "officer@example.org")
    for url in ("/staff/accounts", "/staff/accounts/new", "/staff/audit"):
        assert client.get(url).status_code == 403
    assert post(client, "/staff/accounts/1/deactivate").status_code == 403


def test_a_viewer_reads_but_does_not_act(app, client):
    from tests.support.staff import make_producer

    make_account(app, "viewer@example.org", role="viewer")
    producer = make_producer(app, "ป้าแดง", "ลำปาง")
    login(client, "viewer@example.org")
    page = client.get(f"/staff/producers/{producer}").get_data(as_text=True)
    assert "ป้าแดง" in page and "ให้เจ้าหน้าที่ดูแลแทนบอต" not in page
    assert post(client, f"/staff/producers/{producer}/hand_off").status_code == 403
    assert client.get("/staff/cohorts/new").status_code == 403
