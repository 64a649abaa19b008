"""The demo's commands: `flask --app app seed-demo | simulate | run-demo` (bot.dev only)."""

from dataclasses import fields

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from bot.automation.policy import policy
from bot.config import DEMO_BOT_PORT, DEMO_LINE_ADDRESS
from bot.dev.demo import seed
from bot.dev.simulator import LocalLine, RemoteLine, reachable, run
from db import db
from fakeline import FakeLine
from staff import demo as staff_demo


def register(app: Flask) -> None:
    """Add the demo's commands to the app's CLI."""
    for command in (seed_demo, simulate, run_demo):
        app.cli.add_command(command)


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Add demo data (cohorts, producers at every stage, staff in demo mode); safe to run twice."""
    app = current_app.extensions
    created = seed(db.session, app["clock"](), app["content"], policy(app["settings"]))
    click.echo(f"demo data ready ({created} new rows)")
    if app["settings"].demo_mode:  # known passwords: never on a real deployment
        click.echo(f"staff pages: http://127.0.0.1:{DEMO_BOT_PORT}/staff/  (email / password)")
        for email, role, password in staff_demo.seed(db.session, app["clock"]()):
            click.echo(f"  {role:<8} {email:<22} {password}")


@click.command("simulate")
@click.option("--user", "user_id", help="Continue as this LINE user id (default: a new producer).")
@click.option("--local", is_flag=True, help="Ignore a bot started by `make run`; run one here.")
@with_appcontext
def simulate(user_id, local):
    """Chat with the bot in this terminal, through the webhook and a fake LINE platform."""
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
            # Field by field, not asdict(): that would turn OFFICE_HOURS into a plain dict.
            same = {f.name: getattr(settings, f.name) for f in fields(settings)}
            return create_app({**same, **here, "webhook_workers": 0})

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
