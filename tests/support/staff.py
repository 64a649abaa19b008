"""Helpers for the staff pages' tests: accounts, producers where a test wants them, signing in."""

import re
import uuid
from datetime import timedelta

from bot.thai import match_place
from db import db
from db.models import Cohort, ConversationState, LessonProgress, Producer
from staff import accounts

PASSWORD = "correct horse battery"


def make_account(app, email: str, role: str = "officer", areas: str = "ลำปาง", name: str = ""):
    """Create a staff account (areas as the pages take them: "ลำปาง, นครราชสีมา/ปากช่อง")."""
    with app.app_context():
        account = accounts.create(
            db.session,
            email=email,
            name=name or email.split("@")[0],
            role=role,
            areas=accounts.parse_areas(areas),
            password=PASSWORD,
            now=app.extensions["clock"](),
            actor="test",
        )
        db.session.commit()
        return account.id


def make_producer(
    app,
    name: str,
    place: str | None = "ลำปาง",
    *,
    flow: str = "download_tiktok",
    step: str = "intro",
    days_on_step: int = 1,
    cohort_id: int | None = None,
    **fields,
) -> int:
    """Add a consenting producer standing on flow/step, with onboarding done; return the id."""
    with app.app_context():
        now = app.extensions["clock"]()
        found = match_place(place) if place else None
        producer = Producer(
            line_user_id="U" + uuid.uuid4().hex,
            consent="given",
            consent_at=now - timedelta(days=30),
            status="active",
            call_name=name,
            display_name=name,
            province_code=found.province_code if found else None,
            province=found.province if found else None,
            district_code=found.district_code if found else None,
            district=found.district if found else None,
            cohort_id=cohort_id,
            created_at=now - timedelta(days=30),
            updated_at=now - timedelta(days=days_on_step),
            **fields,
        )
        db.session.add(producer)
        db.session.flush()
        entered = now - timedelta(days=days_on_step)
        db.session.add(
            ConversationState(
                producer_id=producer.id,
                flow_id=flow,
                step_id=step,
                content_version=1,
                data={},
                version=3,
                entered_at=entered,
                updated_at=entered,
            )
        )
        db.session.add(
            LessonProgress(
                producer_id=producer.id,
                lesson_id=flow,
                status="started",
                content_version=1,
                started_at=entered,
            )
        )
        db.session.commit()
        return producer.id


def make_cohort(app, name: str, code: str, place: str = "ลำปาง") -> int:
    """Add a cohort with this invite code in the place; return its id."""
    with app.app_context():
        found = match_place(place)
        cohort = Cohort(
            name=name,
            invite_code=code,
            province_code=found.province_code,
            district_code=found.district_code,
            created_at=app.extensions["clock"](),
        )
        db.session.add(cohort)
        db.session.commit()
        return cohort.id


def csrf_token(client) -> str:
    """Return the CSRF token of the client's session, read from a page as a browser would."""
    page = client.get("/staff/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def login(client, email: str, password: str = PASSWORD):
    """Sign in through the form; return the response."""
    return client.post(
        "/staff/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(client)},
    )


def post(client, url: str, **data):
    """Post a form from a page of the signed-in user, with its CSRF token."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client)})
