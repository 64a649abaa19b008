"""Operators' commands: `flask --app app <command>` (validate-content, inbox, richmenu …)."""

import logging
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from bot.conversation.content import ContentError, load_content
from bot.line.answers import LineError
from db import db
from db.models import Delivery, InboundEvent, Producer, Reminder


def register(app: Flask) -> None:
    """Add the bot's commands to the app's CLI."""
    commands = (
        validate_content,
        inbox,
        reminders,
        scheduler,
        richmenu,
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
