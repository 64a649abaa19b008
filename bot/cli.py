"""Commands: `flask --app app <command>` (validate-content, seed-demo, inbox …)."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from bot.content import ContentError, load_content
from db import db
from db.models import Delivery, InboundEvent


def register(app: Flask) -> None:
    """Add the bot's commands to the app's CLI."""
    app.cli.add_command(validate_content)
    app.cli.add_command(seed_demo)
    app.cli.add_command(inbox)


@click.command("validate-content")
@with_appcontext
def validate_content():
    """Check every lesson file and phrase against the schema and LINE's limits."""
    try:
        content = load_content()
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"✗ {problem}", err=True)
        raise SystemExit(1) from None
    for flow in content.flows.values():
        click.echo(f"✓ {flow.id} v{flow.version}: {len(flow.steps)} steps")


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Add demo data (a cohort and a few producers at different steps); safe to run twice."""
    from bot.demo import seed

    created = seed(db.session, current_app.extensions["clock"]())
    click.echo(f"demo data ready ({created} new rows)")


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
