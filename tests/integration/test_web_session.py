"""Signing in on the web pages, over HTTP: session cookies, CSRF on every form, back-off and
lockout, and signing out for good. The same flows run in a real browser in tests/browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from glienicke.security.actor import acting_as
from glienicke.security.model import LOCK_AFTER, User
from glienicke.security.policy import Viewer
from glienicke.security.sessions import FORM_COOKIE, SESSION_COOKIE
from glienicke.services import accounts
from glienicke.services.audit import list_entries
from glienicke.services.database import Database
from glienicke.web.app import create_app

PASSWORD = "tester's password"
KEY = "k3y-for-the-tests-only-7f9a2c1e5b8d4a6f0e3c"


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)


def _client(db: Database, base_url: str = "http://testserver") -> TestClient:
    return TestClient(create_app(db, secret_key=KEY), base_url=base_url)


def _sign_in(client: TestClient, username: str = "tester", password: str = PASSWORD) -> object:
    token = _csrf(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )


@pytest.fixture
def browser(db: Database, tester_account: User) -> TestClient:
    return _client(db)


def test_pages_need_a_sign_in(browser: TestClient) -> None:
    response = browser.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/"
    page = browser.get("/login")
    assert page.status_code == 200 and 'type="password"' in page.text


def test_signing_in_sets_a_signed_http_only_cookie(browser: TestClient) -> None:
    response = _sign_in(browser)
    assert response.status_code == 303  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain HTTP on this machine: a Secure cookie would be lost
    home = browser.get("/")
    assert home.status_code == 200 and "<h1>Dashboard" in home.text and "tester" in home.text


def test_over_tls_the_cookie_is_secure(db: Database, tester_account: User) -> None:
    client = _client(db, "https://testserver")
    cookie = _sign_in(client).headers["set-cookie"]  # type: ignore[attr-defined]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_a_form_without_its_token_changes_nothing(browser: TestClient, db: Database) -> None:
    browser.get("/login")
    for token in ("", "0" * 64):
        response = browser.post(
            "/login", data={"username": "tester", "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 403
        assert "did not come from this site" in response.text
        assert SESSION_COOKIE not in browser.cookies
    with acting_as("test", "tests", Viewer.of(accounts.user_named(db, "tester"))):
        actions = [e.action for e in list_entries(db, limit=50)]
    assert "signed-in" not in actions


def test_a_token_from_another_browser_is_refused(db: Database, tester_account: User) -> None:
    other = _client(db)
    stolen = _csrf(other.get("/login").text)
    mine = _client(db)
    mine.get("/login")
    response = mine.post(
        "/login", data={"username": "tester", "password": PASSWORD, "csrf_token": stolen}
    )
    assert response.status_code == 403


def test_a_form_sent_from_another_site_is_refused(browser: TestClient) -> None:
    token = _csrf(browser.get("/login").text)
    response = browser.post(
        "/login",
        data={"username": "tester", "password": PASSWORD, "csrf_token": token},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert response.status_code == 403 and "another site" in response.text


def test_signing_out_needs_the_token_and_ends_the_session_for_good(browser: TestClient) -> None:
    _sign_in(browser)
    sealed = browser.cookies[SESSION_COOKIE]
    assert browser.post("/logout", data={"csrf_token": "f" * 64}).status_code == 403
    assert browser.get("/").status_code == 200  # still signed in
    token = _csrf(browser.get("/").text)
    out = browser.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login?signed_out=true"
    assert "You have signed out." in browser.get("/login?signed_out=true").text
    # The old cookie, replayed, opens nothing: the session is gone from the database.
    browser.cookies.set(SESSION_COOKIE, sealed)
    replay = browser.get("/", follow_redirects=False)
    assert replay.status_code == 303


def test_a_tampered_or_foreign_cookie_opens_nothing(db: Database, tester_account: User) -> None:
    client = _client(db)
    _sign_in(client)
    sealed = client.cookies[SESSION_COOKIE]
    client.cookies.clear()
    forged = sealed[:-2] + ("AA" if not sealed.endswith("AA") else "BB")
    client.cookies.set(SESSION_COOKIE, forged)
    assert client.get("/", follow_redirects=False).status_code == 303
    # The same cookie under another server's key is worthless too.
    stranger = TestClient(create_app(db, secret_key=KEY[::-1]))
    stranger.cookies.set(SESSION_COOKIE, sealed)
    assert stranger.get("/", follow_redirects=False).status_code == 303
    client.cookies.set(SESSION_COOKIE, sealed)
    assert client.get("/", follow_redirects=False).status_code == 200  # the genuine one works


def test_sessions_expire(db: Database, tester_account: User) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=9)
    _user, secret = accounts.start_session(
        db, "tester", PASSWORD, hours=8, origin="t", now=long_ago
    )
    with pytest.raises(accounts.SignInRefused, match="your session has ended"):
        accounts.user_for_session(db, secret)
    fresh = datetime.now(UTC) - timedelta(hours=7)
    _user, secret = accounts.start_session(db, "tester", PASSWORD, hours=8, origin="t", now=fresh)
    assert accounts.user_for_session(db, secret).username == "tester"


def test_an_ended_session_is_told_so(browser: TestClient, db: Database) -> None:
    _sign_in(browser)
    with db.transaction() as repo:
        repo.session.execute(text("DELETE FROM web_sessions"))
    page = browser.get("/login")
    assert "Your session has ended; sign in again." in page.text


def test_a_new_password_signs_every_browser_out(browser: TestClient, db: Database) -> None:
    _sign_in(browser)
    accounts.set_password(db, "tester", "another long password")
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_wrong_passwords_back_off_then_lock(browser: TestClient, db: Database) -> None:
    wrong = [_sign_in(browser, password="not the password") for _ in range(3)]
    assert [r.status_code for r in wrong] == [401, 401, 401]  # type: ignore[attr-defined]
    assert "Wrong user name or password." in wrong[0].text  # type: ignore[attr-defined]
    # After the third failure, even the right password must wait. The wait is one second, which
    # a busy machine can spend between two requests: hold it longer so the answer is certain.
    _hold(db, "tester")
    waiting = _sign_in(browser)
    assert waiting.status_code == 429  # type: ignore[attr-defined]
    assert int(waiting.headers["retry-after"]) >= 1  # type: ignore[attr-defined]
    assert "try again in" in waiting.text  # type: ignore[attr-defined]
    _lock(db, "tester")
    locked = _sign_in(browser)
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "locked after too many failed sign-ins" in locked.text  # type: ignore[attr-defined]


def test_an_unknown_user_gets_the_same_answer(browser: TestClient) -> None:
    response = _sign_in(browser, username="nobody")
    assert response.status_code == 401 and "Wrong user name or password." in response.text  # type: ignore[attr-defined]


def test_a_missing_field_is_named(browser: TestClient) -> None:
    token = _csrf(browser.get("/login").text)
    response = browser.post("/login", data={"username": "tester", "csrf_token": token})
    assert (
        response.status_code == 422
        and "Give both your user name and your password." in response.text
    )


def test_after_sign_in_only_a_path_on_this_site_is_followed(browser: TestClient) -> None:
    for target, expected in (
        ("/api/v1", "/api/v1"),
        ("https://evil.example/", "/"),
        ("//evil", "/"),
    ):
        browser.cookies.clear()
        token = _csrf(browser.get("/login").text)
        response = browser.post(
            "/login",
            data={"username": "tester", "password": PASSWORD, "csrf_token": token, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_a_page_session_does_not_open_the_api(browser: TestClient) -> None:
    _sign_in(browser)
    response = browser.get("/api/v1/records/cases")
    assert response.status_code == 401


def test_sign_in_and_out_are_in_the_audit_trail(browser: TestClient, db: Database) -> None:
    _sign_in(browser)
    browser.post("/logout", data={"csrf_token": _csrf(browser.get("/").text)})
    with acting_as("test", "tests", Viewer.of(accounts.user_named(db, "tester"))):
        entries = [(e.action, e.key) for e in list_entries(db, limit=50)]
    assert ("signed-in", "tester") in entries and ("signed-out", "tester") in entries


def test_the_form_cookie_is_strict_and_http_only(browser: TestClient) -> None:
    cookie = browser.get("/login").headers["set-cookie"]
    assert cookie.startswith(f"{FORM_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie


def _hold(db: Database, username: str) -> None:
    """Push a back-off already set a minute into the future."""
    from datetime import UTC, datetime, timedelta

    from glienicke.store.users import UserStore

    with db.transaction() as repo:
        store = UserStore(repo.session, None)
        user = store.get(username)
        assert user.retry_after is not None, "three failures set no back-off"
        user.retry_after = datetime.now(UTC) + timedelta(minutes=1)
        store.save(user)


def _lock(db: Database, username: str) -> None:
    from glienicke.store.users import UserStore

    with db.transaction() as repo:
        store = UserStore(repo.session, None)
        user = store.get(username)
        user.failed_logins = LOCK_AFTER
        store.save(user)


def test_the_auditors_page_lists_and_filters_the_trail(browser: TestClient, db: Database) -> None:
    _sign_in(browser)
    page = browser.get("/audit", params={"action": "signed-in"})
    assert page.status_code == 200
    assert "The hash chain is intact" in page.text
    rows = re.findall(r'<p class="sentence">', page.text)
    assert len(rows) == 1 and "signed in on the web pages." in page.text
    assert "added account" not in page.text
    bad = browser.get("/audit", params={"limit": "lots"})
    assert "How many: &#39;lots&#39; is not a whole number from 1 to 1000" in bad.text


def test_the_auditors_page_is_for_auditors(db: Database, tester_account: User) -> None:
    with acting_as("test", "tests", Viewer.of(tester_account)):
        accounts.add_user(
            db, "officer", "Officer", roles=["case-officer"], password="officer's password"
        )
    client = _client(db)
    _sign_in(client, "officer", "officer's password")
    page = client.get("/audit")
    assert page.status_code == 403 and "Only auditors and administrators" in page.text
    assert "Audit trail" not in client.get("/").text  # no link to it either


def test_the_api_lists_and_verifies_the_trail(api: object) -> None:
    client = api()  # type: ignore[operator]
    entries = client.get("/api/v1/audit", params={"action": "created", "limit": 5}).json()
    assert entries and all(e["action"] == "created" for e in entries)
    assert client.get("/api/v1/audit/verify").json()["intact"] is True
    assert client.get("/api/v1/audit", params={"limit": 0}).status_code == 422
