"""Fixtures for the staff pages' tests."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def runner_for():
    """Return a CLI runner for an app (the commands run as `flask --app app …` would)."""
    return lambda app: app.test_cli_runner()


# --- a real browser (Debian's chromium) against the app served on a local port -------------

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole run; the browser tests skip where chromium is not installed."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield found
        found.close()


@pytest.fixture
def live_server(app):
    """Serve the test's app on a free local port, in a thread; return its base URL."""
    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (its own cookies) at phone size, with the base URL set."""
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="th-TH")
    context.set_default_timeout(10_000)
    found = context.new_page()
    yield found
    context.close()


@pytest.fixture
def screenshot(page):
    """Save the page at phone and desktop widths in tests/artifacts/ (to look at, not compared)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> None:
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size(PHONE)

    return take


def pytest_collection_modifyitems(config, items):
    """Run the browser tests on SQLite only (the queries behind the pages run on both)."""
    postgres = [
        item
        for item in items
        if "live_server" in getattr(item, "fixturenames", ())
        and getattr(getattr(item, "callspec", None), "params", {}).get("backend") == "postgresql"
    ]
    if postgres:
        config.hook.pytest_deselected(items=postgres)
        items[:] = [item for item in items if item not in postgres]
