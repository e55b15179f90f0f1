"""Sign-in, CSRF and lockout in a real browser: what an officer sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect

from glienicke.security.model import LOCK_AFTER
from glienicke.services.database import Database
from glienicke.store.users import UserStore
from tests.browser.conftest import screenshot

PASSWORD = "tester's password"


def _fill(page: Page, username: str, password: str) -> None:
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_and_out(page: Page, server: str) -> None:
    page.goto(server + "/")
    expect(page).to_have_url(server + "/login?next=/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "sign-in-desktop")
    _fill(page, "tester", "not the password")
    expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")
    expect(page.get_by_label("User name")).to_have_value("tester")  # what was typed is kept
    _fill(page, "tester", PASSWORD)
    expect(page).to_have_url(server + "/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    screenshot(page, "home-desktop")
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["glienicke_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    assert page.evaluate("document.cookie") == ""  # no script can read the session
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    page.goto(server + "/")
    expect(page).to_have_url(server + "/login?next=/")


def test_a_tampered_form_is_refused(page: Page, server: str) -> None:
    page.goto(server + "/login")
    page.eval_on_selector("input[name=csrf_token]", "field => { field.value = '0'.repeat(64) }")
    _fill(page, "tester", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("did not come from this site")
    screenshot(page, "form-refused-desktop")
    page.goto(server + "/")
    expect(page).to_have_url(server + "/login?next=/")  # not signed in


def test_a_form_posted_from_another_origin_is_refused(page: Page, server: str) -> None:
    # A page on another origin (a data: URL) that posts to the sign-in form.
    page.goto(server + "/login")
    token = page.input_value("input[name=csrf_token]")
    form = (
        f'<form method="post" action="{server}/login">'
        f'<input name="username" value="tester"><input name="password" value="{PASSWORD}">'
        f'<input name="csrf_token" value="{token}"><button>go</button></form>'
    )
    page.goto("data:text/html," + quote(form))
    page.get_by_role("button", name="go").click()
    expect(page.get_by_role("alert")).to_contain_text("not accepted")
    page.goto(server + "/")
    expect(page).to_have_url(server + "/login?next=/")


def test_back_off_and_lockout_are_shown(page: Page, server: str, db: Database) -> None:
    page.goto(server + "/login")
    for _ in range(3):
        _fill(page, "tester", "not the password")
        expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")
    _hold(db)  # the one-second wait could pass on a busy machine before the next attempt
    _fill(page, "tester", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins; try again in")
    with db.transaction() as repo:
        store = UserStore(repo.session, None)
        user = store.get("tester")
        user.failed_logins = LOCK_AFTER
        store.save(user)
    _fill(page, "tester", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("This account is locked")
    screenshot(page, "locked-desktop")


def test_sign_in_works_without_javascript_on_a_phone(chromium: Browser, server: str) -> None:
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto(server + "/login")
    screenshot(page, "sign-in-phone")
    _fill(page, "tester", PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    screenshot(page, "home-phone")
    context.close()


def test_the_auditor_filters_the_trail(page: Page, server: str) -> None:
    page.goto(server + "/audit")
    _fill(page, "tester", PASSWORD)
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The hash chain is intact")
    page.get_by_label("Action").fill("signed-in")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(f"{server}/audit?kind=&key=&actor=&action=signed-in&limit=100")
    expect(page.locator("ol.audit-entries > li")).to_have_count(1)
    screenshot(page, "audit-desktop")


def _hold(db: Database) -> None:
    """Push the back-off that three failures set a minute into the future."""
    with db.transaction() as repo:
        store = UserStore(repo.session, None)
        user = store.get("tester")
        assert user.retry_after is not None, "three failures set no back-off"
        user.retry_after = datetime.now(UTC) + timedelta(minutes=1)
        store.save(user)
