"""The staff pages (blueprint /staff): officers, coaches, viewers and admins, each in their area.

Owns: sign-in and accounts (auth, accounts, throttle, linking), the one area filter (scope),
home, producers, cohorts, the audit log, and their templates/ and static/. Imports db, and
from bot only what is shared: bot.producers (actions on a producer), bot.thai (places), the
LINE gateway (the bot's basic id). Nothing in bot imports staff: app.py hands the inbox
staff.linking.claim_code, with which a staff member links their own LINE.
"""

from datetime import timedelta

from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFProtect

bp = Blueprint(
    "staff", __name__, url_prefix="/staff", template_folder="templates", static_folder="static"
)
csrf = CSRFProtect()

# A session ends after a working day without a request; deactivation ends it at once.
IDLE_LIMIT = timedelta(hours=10)


def init_app(app: Flask) -> None:
    """Add the staff pages, their sign-in, CSRF protection and commands to the app."""
    from staff import (  # noqa: F401  (each module adds its routes to bp)
        account_pages,
        audit,
        auth,
        cli,
        cohorts,
        errors,
        home,
        linking,
        producer_page,
        producers,
        stages,
        thaidate,
    )

    settings = app.extensions["settings"]
    app.config.update(
        PERMANENT_SESSION_LIFETIME=IDLE_LIMIT,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not settings.demo_mode,
        # Checked by the staff blueprint itself, so that LINE's webhook needs no token.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=int(IDLE_LIMIT.total_seconds()),
    )
    csrf.init_app(app)
    auth.login_manager.init_app(app)
    thaidate.register(app, settings.tz)
    app.add_template_filter(stages.title_of, "lesson_title")
    app.register_blueprint(bp)
    cli.register(app)
