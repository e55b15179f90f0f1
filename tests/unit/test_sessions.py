"""Session cookies, CSRF tokens and the judgement of secret keys (security/sessions.py)."""

from __future__ import annotations

import pytest

from glienicke.security.sessions import SessionCodec, new_secret_key, secret_key_problem

KEY = "k3y-for-the-tests-only-7f9a2c1e5b8d4a6f0e3c"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("short", "it has 5 characters; it needs at least 32"),
        ("change-me-change-me-change-me-change-me", "contains the word 'change'"),
        ("a" * 40, "too few distinct characters"),
        ("abababababababababababababababab", "too few distinct characters"),
    ],
)
def test_weak_secret_keys_are_named(value: str, problem: str) -> None:
    found = secret_key_problem(value)
    assert found is not None and problem in found


def test_a_random_key_will_do() -> None:
    assert secret_key_problem(new_secret_key()) is None
    assert secret_key_problem(KEY) is None
    assert new_secret_key() != new_secret_key()


def test_a_sealed_cookie_opens_only_with_its_key_and_unchanged() -> None:
    codec = SessionCodec(KEY, max_age_seconds=60)
    sealed = codec.seal("the-session-secret")
    assert codec.open(sealed) == "the-session-secret"
    assert SessionCodec(KEY + "x", 60).open(sealed) is None
    # Tamper inside the signature: its last base64 character may carry only padding bits.
    at = len(sealed) - 5
    assert codec.open(sealed[:at] + ("A" if sealed[at] != "A" else "B") + sealed[at + 1 :]) is None
    assert codec.open("not a cookie") is None


def test_an_old_cookie_has_expired() -> None:
    sealed = SessionCodec(KEY, max_age_seconds=60).seal("s")
    assert SessionCodec(KEY, max_age_seconds=-1).open(sealed) is None


def test_csrf_tokens_are_bound_to_the_anchor_and_the_key() -> None:
    codec = SessionCodec(KEY, 60)
    token = codec.csrf_token("anchor-1")
    assert codec.csrf_ok("anchor-1", token)
    assert not codec.csrf_ok("anchor-2", token)
    assert not SessionCodec(KEY + "x", 60).csrf_ok("anchor-1", token)
    assert not codec.csrf_ok(None, token) and not codec.csrf_ok("anchor-1", "")
