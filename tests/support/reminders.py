"""Reminder tests' tools: a clock moved by hand, scheduler passes, what LINE got by push."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db import db
from db.models import Broadcast, Reminder
from tests.support.chat import Chat

BANGKOK = ZoneInfo("Asia/Bangkok")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BANGKOK)


def at(clock, moment: datetime) -> datetime:
    """Set the test's clock to this moment, and return it."""
    clock.now = moment
    return moment


def run_due(app, moment: datetime):
    """Run one scheduler pass at this moment; return its outcome counts."""
    with app.app_context():
        return app.extensions["reminders"].run_due(moment)


def sweep(app, until: datetime) -> None:
    """Run a pass at every moment something falls due, up to `until`, as the scheduler does."""
    with app.app_context():
        while True:
            due = db.session.scalar(
                select(Reminder.due_at)
                .where(Reminder.status == "pending", Reminder.due_at <= until)
                .order_by(Reminder.due_at)
                .limit(1)
            )
            db.session.commit()
            if due is None:
                return
            app.extensions["reminders"].run_due(due)


def schedule_broadcast(app, send_at: datetime, **audience) -> int:
    """Add an officer's broadcast due at `send_at` (to everyone, or to this area); its id."""
    with app.app_context():
        cast = Broadcast(text="พรุ่งนี้ 9 โมง อบรมไลฟ์ขายของที่ศาลาหมู่บ้าน", send_at=send_at,
                         status="scheduled", created_by="พัฒนากร อ.เกาะคา", created_at=send_at,
                         updated_at=send_at, **audience)  # fmt: skip
        db.session.add(cast)
        db.session.commit()
        return cast.id


def pushed(me) -> list[dict]:
    """Return the push requests LINE received for this producer (reminders go by push)."""
    return [
        c
        for c in me.fake.calls(path="/v2/bot/message/push", method="POST")
        if c.json and c.json.get("to") == me.user_id
    ]


def onboard(app, fake_line, clock, moment=MONDAY_10, **answers) -> Chat:
    """Return a producer of this app who finished onboarding at `moment`, then said nothing."""
    at(clock, moment)
    me = Chat(app, app.test_client(), fake_line)
    me.onboard(**answers)
    me.replies()
    return me
