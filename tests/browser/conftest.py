"""Browser tests: the app served by uvicorn on a free local port, driven by Playwright in
Debian's Chromium (never a downloaded browser). Screenshots go to GLIENICKE_SCREENSHOTS
(default build/screenshots), to be looked at."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from glienicke.security.model import User
from glienicke.services.database import Database
from glienicke.services.demo import set_up_demo
from glienicke.web.app import create_app

CHROMIUM = os.environ.get("GLIENICKE_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("GLIENICKE_SCREENSHOTS", "build/screenshots"))
KEY = "k3y-for-the-browser-tests-4e8b1d7c2a9f6e3b"

if shutil.which(CHROMIUM) is None:
    if "GLIENICKE_CHROMIUM" in os.environ:  # asked for by name (as CI does): fail, never skip
        raise RuntimeError(f"GLIENICKE_CHROMIUM names {CHROMIUM}, which is not there")
    pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _serving(db: Database) -> Iterator[str]:
    """The app over a database, served by uvicorn at the URL this yields."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(db, secret_key=KEY), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server(db: Database, tester_account: User) -> Iterator[str]:
    """The app over the test database, at the URL this yields."""
    with _serving(db) as url:
        yield url


@pytest.fixture
def demo_server(db: Database) -> Iterator[str]:
    """The app over the demo, as `glienicke serve --demo` sets it up on a new database: the
    Gorin and Ivanov cases and the demo accounts (password DEMO_PASSWORD)."""
    set_up_demo(db)
    with _serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    # Per module, not per session: Playwright's event loop runs while the browser is open,
    # and other tests need asyncio.run() afterwards.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    """Sign in on the sign-in page (JavaScript or not)."""
    page.goto(base + "/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# The two widths the long pages are walked at, for the modules that use `width` and `tab`.
WIDTHS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tab(chromium: Browser, width: str) -> Iterator[Page]:
    context = chromium.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    page = context.new_page()
    yield page
    context.close()


def no_sideways_scroll(page: Page) -> None:
    """At any width, the page itself never scrolls sideways (a wide table or the timeline
    scrolls inside its own box)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"
