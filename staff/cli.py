"""Commands: `flask --app app staff create | list | deactivate`."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from db import db
from db.models import StaffAccount
from db.models.staff import ROLES
from staff import accounts
from staff.areas import Area
from staff.auth import ROLE_NAMES

ACTOR = "command line"


@click.group("staff", cls=AppGroup)
def staff():
    """Manage staff accounts (the staff pages are at /staff)."""


@staff.command("create")
@click.option("--email", required=True, help="The address the person signs in with.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option(
    "--area",
    "areas",
    multiple=True,
    help="PROVINCE or PROVINCE/DISTRICT (Thai or codes); repeatable.",
)
@click.option("--name", default="", help="How the pages greet them (default: the email).")
def create(email, role, areas, name):
    """Create an account; the password comes from a prompt, or from stdin when not a terminal."""
    password = _read_password()
    now = current_app.extensions["clock"]()
    try:
        found = accounts.parse_areas("\n".join(areas))
        account = accounts.create(
            db.session,
            email=email,
            name=name,
            role=role,
            areas=found,
            password=password,
            now=now,
            actor=ACTOR,
        )
    except accounts.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"✓ {account.email}: {ROLE_NAMES[role]}, {_areas(account)}")


@staff.command("list")
def list_accounts():
    """List every account: email, role, areas, and whether it is active."""
    rows = db.session.scalars(select(StaffAccount).order_by(StaffAccount.email)).all()
    if not rows:
        click.echo("no staff accounts yet: flask --app app staff create --email … --role …")
    for account in rows:
        state = "active" if account.active else "deactivated"
        line = " LINE linked" if account.line_user_id else ""
        click.echo(f"{account.email:<32} {account.role:<8} {state:<11} {_areas(account)}{line}")


@staff.command("deactivate")
@click.option("--email", required=True)
def deactivate(email):
    """Deactivate an account: it can no longer sign in, and its sessions end everywhere."""
    account = accounts.by_email(db.session, email)
    if account is None:
        raise click.ClickException(f"no account with email {email}")
    now = current_app.extensions["clock"]()
    accounts.set_active(db.session, account, False, now, ACTOR)
    db.session.commit()
    click.echo(f"✓ {account.email} deactivated; its sessions have ended")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def _areas(account: StaffAccount) -> str:
    labels = [Area(a.province_code, a.district_code).label for a in account.areas]
    return ", ".join(labels) or "all areas"


def register(app) -> None:
    """Add the staff command group to the app's CLI."""
    app.cli.add_command(staff)
