"""Signing in to the HTML pages over HTTP, and reading a form's CSRF token, for page tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from glienicke.services.database import Database
from glienicke.services.demo import DEMO_PASSWORD
from glienicke.web.app import create_app

KEY = "k3y-for-the-page-tests-only-5d2e8b1f9c4a7e6d"


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)


def signed_in(db: Database, username: str, password: str = DEMO_PASSWORD) -> TestClient:
    client = TestClient(create_app(db, secret_key=KEY))
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert answer.status_code == 200 and "<h1>Dashboard" in answer.text
    return client
