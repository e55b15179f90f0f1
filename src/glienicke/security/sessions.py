"""Browser sessions and forms, pure: signing session cookies, deriving CSRF tokens, and judging
whether a configured secret key is fit to sign them.

A session cookie holds a random session secret, signed and time-stamped with the deployment's
secret key (so a forged or stale cookie is refused before the database is asked); the database
keeps only the secret's hash, so signing out ends a session for good. A form carries a CSRF token
derived from the secret key and the browser's session (or, before sign-in, from a random value in
a cookie of its own): another site can make a browser send the cookies but cannot read the token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "glienicke_session"
FORM_COOKIE = "glienicke_form"  # anchors the CSRF token of forms shown before sign-in
CSRF_FIELD = "csrf_token"

MIN_SECRET_LENGTH = 32
# Values that appear in examples and tutorials: a key anyone can read signs nothing.
KNOWN_WEAK = ("change", "secret", "example", "default", "development", "glienicke", "password")


def secret_key_problem(value: str) -> str | None:
    """Why a configured secret key must not be used, or None when it will do."""
    if len(value) < MIN_SECRET_LENGTH:
        return f"it has {len(value)} characters; it needs at least {MIN_SECRET_LENGTH}"
    lowered = value.lower()
    weak = next((word for word in KNOWN_WEAK if word in lowered), None)
    if weak is not None:
        return f"it contains the word '{weak}', as the sample keys printed in examples do"
    if len(set(value)) < 10:
        return "it repeats too few distinct characters to be random"
    return None


def new_secret_key() -> str:
    """A key for one run of the server on this machine (sessions end when it stops)."""
    return secrets.token_urlsafe(48)


def new_anchor() -> str:
    return secrets.token_urlsafe(32)


class SessionCodec:
    """Seals and opens session cookies and derives the CSRF tokens of forms."""

    def __init__(self, secret_key: str, max_age_seconds: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="glienicke-session")
        self._csrf_key = hashlib.sha256(b"glienicke-csrf:" + secret_key.encode()).digest()
        self.max_age_seconds = max_age_seconds

    def seal(self, session_secret: str) -> str:
        return self._serializer.dumps(session_secret)

    def open(self, cookie: str) -> str | None:
        """The session secret of a genuine, unexpired cookie; None for any other."""
        try:
            value = self._serializer.loads(cookie, max_age=self.max_age_seconds)
        except BadSignature:  # also covers an expired signature
            return None
        return value if isinstance(value, str) else None

    def csrf_token(self, anchor: str) -> str:
        return hmac.new(self._csrf_key, anchor.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, anchor: str | None, token: str | None) -> bool:
        if not anchor or not token:
            return False
        return hmac.compare_digest(self.csrf_token(anchor), token)
