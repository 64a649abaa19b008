"""Commands: `flask --app app <command>` (validate-content, seed-demo, inbox, richmenu …)."""

import logging
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from bot.config import DEMO_BOT_PORT, DEMO_LINE_ADDRESS
from bot.conversation.content import ContentError, load_content
from bot.line.gateway import LineError
from db import db
from db.models import Delivery, InboundEvent, Producer, Reminder


def register(app: Flask) -> None:
    """Add the bot's commands to the app's CLI."""
    commands = (
        validate_content,
        seed_demo,
        inbox,
        reminders,
        scheduler,
        richmenu,
        simulate,
        run_demo,
    )
    for command in commands:
        app.cli.add_command(command)


@click.command("validate-content")
@with_appcontext
def validate_content():
    """Check every lesson file and phrase against the schema and LINE's limits."""
    try:
        content = load_content(Path(current_app.extensions["settings"].content_dir))
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"✗ {problem}", err=True)
        raise SystemExit(1) from None
    for flow in content.flows.values():
        click.echo(f"✓ {flow.id} v{flow.version}: {len(flow.steps)} steps")


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Add demo data (cohorts, producers at every stage, staff in demo mode); safe to run twice."""
    from bot.dev.demo import seed

    app = current_app.extensions
    created = seed(db.session, app["clock"](), app["content"], app["settings"].tz)
    click.echo(f"demo data ready ({created} new rows)")
    if app["settings"].demo_mode:  # known passwords: never on a real deployment
        from staff import demo

        click.echo("staff pages: http://127.0.0.1:5000/staff/  (email / password)")
        for email, role, password in demo.seed(db.session, app["clock"]()):
            click.echo(f"  {role:<8} {email:<22} {password}")


@click.group(cls=AppGroup)
def inbox():
    """Look at and retry the events and messages still waiting."""


@inbox.command("retry")
def inbox_retry():
    """Process events and send messages that workers did not finish (safe at any time)."""
    summary = current_app.extensions["processor"].retry_pending()
    click.echo(" ".join(f"{k}={v}" for k, v in summary.items()))


@inbox.command("status")
def inbox_status():
    """Count events and deliveries by status."""
    for model in (InboundEvent, Delivery):
        rows = db.session.execute(
            select(model.status, func.count()).group_by(model.status).order_by(model.status)
        ).all()
        counts = " ".join(f"{status}={count}" for status, count in rows) or "empty"
        click.echo(f"{model.__tablename__}: {counts}")


@click.command("scheduler")
@with_appcontext
@click.option("--passes", type=int, help="run this many passes, then stop (default: run on)")
def scheduler(passes):
    """Send reminders when due and retry what workers left; only one runs at a time."""
    from bot.automation.scheduler import run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    run(current_app._get_current_object(), passes)


@click.group(cls=AppGroup)
def reminders():
    """Look at the reminders planned for producers."""


@reminders.command("run-due")
@click.option("--now", "at", help="the moment to run at, ISO 8601 (default: now)")
def reminders_run_due(at):
    """Send the reminders due at a moment, once (what the scheduler does every interval)."""
    now = None
    if at:
        try:
            now = datetime.fromisoformat(at)
        except ValueError:
            raise click.BadParameter(
                f"not an ISO 8601 moment: {at!r}", param_hint="--now"
            ) from None
        if now.tzinfo is None:
            now = now.replace(tzinfo=current_app.extensions["settings"].tz)
    runner = current_app.extensions["reminders"]
    try:
        outcome = runner.run_due(now)
    finally:
        runner.stop()
    click.echo(" ".join(f"{k}={v}" for k, v in sorted(outcome.items())) or "nothing due")


@reminders.command("list")
@click.option("--limit", default=50, show_default=True, help="how many pending ones to show")
def reminders_list(limit):
    """Count reminders by state and list the next ones due, in the producers' time."""
    session = db.session
    counts = session.execute(select(Reminder.status, func.count()).group_by(Reminder.status))
    click.echo(" ".join(f"{status}={n}" for status, n in sorted(counts.all())) or "no reminders")
    unsent = session.scalar(
        select(func.count())
        .select_from(Reminder)
        .join(Delivery, Delivery.retry_key == Reminder.retry_key)
        .where(Reminder.status == "sent", Delivery.status != "sent")
    )
    if unsent:
        click.echo(f"{unsent} sent but not yet taken by LINE (retried; see `inbox status`)")
    tz = current_app.extensions["settings"].tz
    rows = session.execute(
        select(Reminder, Producer.call_name, Producer.line_user_id)
        .join(Producer, Producer.id == Reminder.producer_id)
        .where(Reminder.status == "pending")
        .order_by(Reminder.due_at)
        .limit(limit)
    )
    for reminder, name, user in rows:
        about = f"{reminder.flow_id}/{reminder.step_id}" if reminder.flow_id else "livestream"
        due = reminder.due_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        click.echo(f"{due}  {reminder.kind:<16} {about:<28} {name or user}")


@click.group(cls=AppGroup)
def richmenu():
    """Draw the bot's rich menu and keep it LINE's default."""


@richmenu.command("sync")
def richmenu_sync():
    """Make the menu in bot/rich_menu.py everyone's default; create it only when it changed."""
    from bot.line import rich_menu

    menu = rich_menu.build()
    try:
        report = rich_menu.sync(current_app.extensions["line_gateway"], menu)
    except rich_menu.SyncFailed as exc:
        click.echo(f"✗ rich menu {menu.name}: {exc.error}", err=True)
        done = exc.report.done() or "nothing changed"
        default = "" if exc.report.made_default else "; the default menu is as it was"
        click.echo(f"  before that: {done}{default}. Run sync again to finish.", err=True)
        raise SystemExit(1) from None
    done = report.done() or "unchanged, already the default"
    click.echo(f"✓ rich menu {menu.name} ({report.rich_menu_id}): {done}")


@richmenu.command("show")
@click.option("--image", type=click.Path(dir_okay=False), help="Also save the picture here.")
def richmenu_show(image):
    """Show the menu this code would sync and the menus LINE has."""
    from bot.line import rich_menu

    menu = rich_menu.build()
    click.echo(
        f"this code: {menu.name}, {len(menu.body['areas'])} buttons, {len(menu.image)} bytes"
    )
    if image:
        with open(image, "wb") as out:
            out.write(menu.image)
    gateway = current_app.extensions["line_gateway"]
    try:
        default, menus = gateway.get_default_rich_menu_id(), gateway.list_rich_menus()
    except LineError as exc:
        raise click.ClickException(f"cannot read LINE's menus: {exc}") from None
    for found in menus:
        marks = ["default"] if found.rich_menu_id == default else []
        if found.name == menu.name:
            marks.append("current")
        elif not found.name.startswith(rich_menu.NAME_PREFIX):
            marks.append("not ours")
        click.echo(f"LINE: {found.rich_menu_id}  {found.name}  {' '.join(marks)}".rstrip())


@click.command("simulate")
@click.option("--user", "user_id", help="Continue as this LINE user id (default: a new producer).")
@click.option("--local", is_flag=True, help="Ignore a bot started by `make run`; run one here.")
@with_appcontext
def simulate(user_id, local):
    """Chat with the bot in this terminal, through the webhook and a fake LINE platform."""
    from bot.dev.simulator import LocalLine, RemoteLine, reachable, run

    settings = current_app.extensions["settings"]
    line_url, bot_url = f"http://{DEMO_LINE_ADDRESS}", f"http://127.0.0.1:{DEMO_BOT_PORT}"
    running = reachable(f"{line_url}/_fake/health") and reachable(f"{bot_url}/")
    if settings.demo_mode and running and not local:
        click.echo(f"คุยผ่านบอตที่เปิดด้วย make run ({bot_url})")
        line = RemoteLine(line_url, bot_url)
    else:
        click.echo("คุยกับบอตในเทอร์มินัลนี้ (LINE จำลองในตัว ฐานข้อมูลเดียวกับแอป)")

        def make_app(fake):
            from app import create_app

            here = {"line_api_base": fake.url, "line_api_data_base": fake.data_url}
            return create_app({**asdict(settings), **here, "webhook_workers": 0})

        line = LocalLine(make_app, settings.line_channel_secret, settings.line_channel_access_token)
    new = user_id is None
    user_id = user_id or line.add_user("ผู้ทดลอง")
    click.echo(f"ผู้ใช้ LINE: {user_id}")

    def ask(prompt: str) -> str:
        return click.prompt(prompt, default="", show_default=False, prompt_suffix=": ")

    run(line, user_id, new, ask=ask, echo=click.echo)


@click.command("run-demo")
@with_appcontext
def run_demo():
    """Serve the bot in local demo mode, with the fake LINE platform it talks to."""
    from werkzeug.serving import run_simple

    from fakeline import FakeLine

    settings = current_app.extensions["settings"]
    if not settings.demo_mode:
        raise click.UsageError(
            "run-demo is the local demo (no LINE credentials); for LINE run "
            "gunicorn 'app:create_app()' as the README says"
        )
    host, port = DEMO_LINE_ADDRESS.split(":")
    fake = FakeLine(
        channel_secret=settings.line_channel_secret,
        access_token=settings.line_channel_access_token,
    ).start(host, int(port))
    click.echo(
        "\nโค้ชขายของ OTOP พร้อมแล้ว — โหมดทดลอง (SQLite + LINE จำลอง)\n"
        f"  บอต:        http://127.0.0.1:{DEMO_BOT_PORT}/   (webhook: POST /callback)\n"
        f"  LINE จำลอง:  {fake.url}/_fake/stats   (ทุกข้อความที่บอตส่ง)\n"
        "คุยกับบอต: เปิดอีกเทอร์มินัลแล้วพิมพ์  make simulate\n"
        "ข้อความเตือนตามเวลา: อีกเทอร์มินัล  .venv/bin/flask --app app scheduler\n"
        "หยุด: Ctrl-C\n"
    )
    try:
        run_simple("127.0.0.1", DEMO_BOT_PORT, current_app._get_current_object(), threaded=True)
    finally:
        fake.stop()
