"""The Flask app factory: `gunicorn 'app:create_app()'`, `flask --app app …`."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flask import Flask, send_from_directory

import staff
from bot import cli, thai
from bot.automation.policy import policy
from bot.automation.retention import Retention
from bot.automation.runner import ReminderRunner
from bot.config import REPO, load_settings
from bot.conversation.content import load_content
from bot.conversation.engine import Engine
from bot.dev import cli as dev_cli
from bot.line import webhook
from bot.line.gateway import LineGateway
from bot.pipeline.dispatcher import Dispatcher
from bot.pipeline.inbox import Processor
from db import init_app as init_db
from db import utcnow
from staff.linking import claim_code

MAX_WEBHOOK_BYTES = 2 * 1024 * 1024  # LINE's own request limit; larger bodies get 413


def create_app(
    config: dict | None = None,
    *,
    environ: dict | None = None,
    gateway: LineGateway | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Flask:
    """Build the app: settings, database, content, LINE gateway, webhook and commands.

    `config` overrides settings by name (database_url, webhook_workers, …); `environ`
    replaces os.environ; `gateway` and `clock` replace the real ones in tests and tools.
    """
    settings = load_settings(environ)
    if config:
        settings = settings.with_overrides(**config)
    app = Flask(__name__, instance_path=str(REPO / "instance"))
    app.json.ensure_ascii = False  # Thai stays readable in JSON answers
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        MAX_CONTENT_LENGTH=MAX_WEBHOOK_BYTES,
    )
    init_db(app)

    content = load_content(Path(settings.content_dir))
    thai.warm_up()
    gateway = gateway or LineGateway.from_settings(settings)
    clock = clock or utcnow
    engine = Engine(
        content,
        persona=settings.bot_persona,
        tz=settings.tz,
        public_base_url=settings.public_base_url,
        hours=settings.office_hours,
        keep_days=settings.inactive_erase_days,
    )
    app.extensions.update(
        settings=settings,
        content=content,
        clock=clock,
        line_gateway=gateway,
        engine=engine,
        # The inbox may not import staff: a staff member's link code is handed to it here.
        processor=Processor(engine, gateway, clock, policy(settings), link_staff=claim_code),
        reminders=ReminderRunner(engine, gateway, clock, settings),
        retention=Retention(settings.inactive_erase_days),
    )
    app.extensions["dispatcher"] = Dispatcher(app, settings.webhook_workers)

    app.register_blueprint(webhook.bp)
    staff.init_app(app)
    cli.register(app)
    dev_cli.register(app)

    @app.get("/content-images/<path:name>")
    def content_image(name: str):
        """Serve the lessons' example pictures (LINE fetches them by https)."""
        return send_from_directory(content.images, name, max_age=86400)

    @app.get("/")
    def index():
        mode = "ทดลอง (fake LINE)" if settings.demo_mode else "LINE Official Account"
        return {"service": "โค้ชขายของ OTOP บน TikTok", "mode": mode, "webhook": "/callback"}

    return app
