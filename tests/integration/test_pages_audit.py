"""Issue 15, item 16: the auditor's page comes a page at a time, names who signed in, and
reads as sentences."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from glienicke.domain.errors import ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, views
from glienicke.services.database import Database
from tests.integration.webclient import signed_in


def _sentences(page: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(r'<p class="sentence">(.*?)</p>', page)]


def _older(page: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">Older entries', page)
    return None if found is None else html.unescape(found.group(1))


@pytest.fixture
def auditor(demo: Database) -> TestClient:
    return signed_in(demo, "demo-auditor")


def test_the_trail_comes_a_page_at_a_time_and_every_entry_once(
    demo: Database, auditor: TestClient
) -> None:
    with acting_as("test", "tests", Viewer.of(accounts.user_named(demo, "demo-auditor"))):
        everything = [e.hash[:16] for e in audit.list_entries(demo, limit=1000)]
    seen: list[str] = []
    address: str | None = "/audit?limit=40"
    pages = 0
    while address is not None:
        page = auditor.get(address)
        assert page.status_code == 200
        shown = re.findall(r"entry <code>([0-9a-f]{16})</code>", page.text)
        assert 0 < len(shown) <= 40
        seen += shown
        address = _older(page.text)
        pages += 1
    assert pages > 2 and seen == everything
    assert "These are the oldest entries that match." in page.text
    assert "Newest entries" in page.text


def test_a_page_after_an_entry_that_is_not_there_says_so_and_shows_the_newest(
    auditor: TestClient,
) -> None:
    page = auditor.get("/audit", params={"older_than": "0123456789abcdef"})
    assert page.status_code == 200
    assert "there is no entry 0123456789abcdef" in page.text
    assert _sentences(page.text)[0].startswith("demo-auditor signed in")
    nonsense = auditor.get("/audit", params={"older_than": "zz"})
    assert "give the start of an entry&#39;s hash" in nonsense.text


def test_an_entry_the_auditor_may_not_see_is_no_place_to_page_from(
    planted: Database,
) -> None:
    hidden = audit.list_entries(planted, key="secret-doc", limit=1)[0]
    outsider = Viewer.of(accounts.user_named(planted, "outsider"))
    with (
        acting_as("test:outsider", "tests", outsider),
        pytest.raises(ValidationFailed, match="there is no entry"),
    ):
        audit.list_entries(planted, older_than=hidden.hash[:16])


def test_a_sign_in_names_who_signed_in(demo: Database, auditor: TestClient) -> None:
    newest = audit.list_entries(demo, action="signed-in", limit=1)[0]
    assert (newest.actor, newest.key) == ("web:demo-auditor", "demo-auditor")
    failed = TestClient(auditor.app)
    token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', failed.get("/login").text)
    assert token is not None
    failed.post(
        "/login",
        data={"username": "demo-officer", "password": "wrong", "csrf_token": token.group(1)},
    )
    refused = audit.list_entries(demo, action="sign-in-failed", limit=1)[0]
    assert refused.actor == "web:anonymous"  # a failed attempt proves nobody's identity


def test_entries_read_as_sentences(demo: Database) -> None:
    negotiator = Viewer.of(accounts.user_named(demo, "demo-negotiator"))
    with acting_as("web:demo-negotiator", "testclient", negotiator):
        views.show(demo, "document", "rusk-katzenbach-1964-11-19")
    read = audit.entry_view(audit.list_entries(demo, action="read", limit=1)[0])
    assert read["sentence"] == (
        "demo-negotiator (on the web pages) read document rusk-katzenbach-1964-11-19,"
        " marked confidential."
    )
    page = signed_in(demo, "demo-auditor").get("/audit", params={"limit": "1000"}).text
    sentences = _sentences(page)
    assert sentences[0] == "demo-auditor signed in on the web pages."
    assert "The demo set-up added account demo-guest: roles reader; cleared unclassified." in (
        sentences
    )
    assert "The demo set-up created case gorin." in sentences
    assert all(s[0].isupper() or s.startswith("demo-") for s in sentences)
    assert all(s.endswith(".") and "{" not in s for s in sentences)
    assert "<table" not in page
