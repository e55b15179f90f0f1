"""HTTP hardening as plain ASGI middleware: security headers on every response, a cap on
request bodies enforced while they stream in (a missing or false Content-Length is no way round
it), and no NUL character in the path, the query or a JSON or form body (PostgreSQL cannot
store one, so every store refuses it at the door, naming where it was)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style, nothing from elsewhere, never inside another site's frame.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    # No address leaves the site in a Referer; within it, browsers then name the origin of a
    # form (with no-referrer, Chromium sends "Origin: null", which the form check refuses).
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    # Records may be classified: no browser or proxy keeps a copy.
    (b"cache-control", b"no-store"),
]


class TooLarge(Exception):
    pass


# A JSON escape of NUL that is not itself escaped (an odd run of backslashes before the u).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_CHECKED_BODIES = (b"application/json", b"application/x-www-form-urlencoded")


def nul_in_query(query: bytes) -> str | None:
    """The place of the first NUL in a query string (`query.action`), or None."""
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return f"query.{name.replace(chr(0), '')}"
    return None


def nul_in_body(content_type: bytes, body: bytes) -> str | None:
    """The place of the first NUL in a JSON or form body (`body.note`, `body`), or None."""
    if content_type.startswith(b"application/x-www-form-urlencoded"):
        where = nul_in_query(body)
        return None if where is None else "body." + where.removeprefix("query.")
    if b"\x00" in body:
        return "body"
    if not _JSON_NUL.search(body):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return "body"
    return _nul_in(data, "body") or "body"


def _nul_in(value: Any, where: str) -> str | None:
    if isinstance(value, str):
        return where if "\x00" in value else None
    if isinstance(value, list):
        items: list[tuple[str, Any]] = [(f"{where}[{i}]", v) for i, v in enumerate(value)]
    elif isinstance(value, dict):
        for key in value:
            if "\x00" in key:
                return where
        items = [(f"{where}.{k}", v) for k, v in value.items()]
    else:
        return None
    for place, item in items:
        found = _nul_in(item, place)
        if found:
            return found
    return None


class Hardening:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_hardened(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name for name, _ in HEADERS}
                kept = [(n, v) for n, v in message.get("headers", []) if n.lower() not in names]
                message["headers"] = kept + HEADERS
            await send(message)

        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(send_hardened)
            return
        where = ("path" if "\x00" in scope.get("path", "") else None) or nul_in_query(
            scope.get("query_string", b"")
        )
        if where is not None:
            await self._holds_nul(send_hardened, where)
            return
        received = 0

        async def receive_capped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise TooLarge
            return message

        content_type = headers.get(b"content-type", b"").lower()
        app_receive = receive_capped
        try:
            if content_type.startswith(_CHECKED_BODIES):
                # A JSON or form body is read whole (it is capped) and looked at before the
                # application sees it; the application then reads it as it came.
                messages = await _read_body(receive_capped)
                body = b"".join(m.get("body", b"") for m in messages)
                found = nul_in_body(content_type, body)
                if found is not None:
                    await self._holds_nul(send_hardened, found)
                    return

                async def replay() -> Message:
                    return messages.pop(0) if messages else await receive()

                app_receive = replay
            await self.app(scope, app_receive, send_hardened)
        except TooLarge:
            if not started:
                await self._too_large(send_hardened)

    async def _too_large(self, send: Send) -> None:
        message = f"the request is larger than the limit of {self.max_body_bytes} bytes"
        await _refuse(send, 413, "too-large", message, [])

    async def _holds_nul(self, send: Send, where: str) -> None:
        message = f"{where} holds a NUL character, which no text field may hold"
        await _refuse(send, 422, "invalid-request", message, [where])


async def _read_body(receive: Receive) -> list[Message]:
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


async def _refuse(send: Send, status: int, code: str, message: str, places: list[str]) -> None:
    body = json.dumps(
        {
            "error": {
                "code": code,
                "message": message,
                "problems": [{"where": w, "message": message} for w in places],
            }
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
