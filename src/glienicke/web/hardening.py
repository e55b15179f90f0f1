"""HTTP hardening as plain ASGI middleware: security headers on every response, a cap on
request bodies enforced while they stream in (a missing or false Content-Length is no way round
it), and no NUL character in the path, the query or a body of any content type (PostgreSQL
cannot store one, so every store refuses it at the door, naming where it was)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

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


def nul_in_query(query: bytes) -> str | None:
    """The place of the first NUL in a query string (`query.action`), or None."""
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return f"query.{name.replace(chr(0), '')}"
    return None


def nul_in_body(content_type: bytes, body: bytes) -> str | None:
    """The place of the first NUL in a body (`body.note`, `body`), or None. Whatever the
    content type says, a body is looked at: FastAPI reads any `+json` type, or none, as JSON,
    so only a form's encoding is told apart; a multipart form's fields are checked, while the
    content of its files is the importer's to judge (it reports a NUL file by file)."""
    if content_type.startswith(b"application/x-www-form-urlencoded"):
        where = nul_in_query(body)
        return None if where is None else "body." + where.removeprefix("query.")
    if content_type.startswith(b"multipart/form-data"):
        return _nul_in_multipart(content_type, body)
    if b"\x00" in body:
        return "body"
    if not _JSON_NUL.search(body):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return "body"
    return _nul_in(data, "body") or "body"


def _nul_in_multipart(content_type: bytes, body: bytes) -> str | None:
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        return "body" if b"\x00" in body else None  # the application refuses it as malformed
    found: list[str] = []
    header: list[bytes] = [b"", b""]
    part: dict[str, Any] = {}

    def begin() -> None:
        part.clear()
        part.update(disposition=b"", data=bytearray())

    def field(data: bytes, start: int, end: int) -> None:
        header[0] += data[start:end]

    def value(data: bytes, start: int, end: int) -> None:
        header[1] += data[start:end]

    def header_end() -> None:
        if header[0].lower() == b"content-disposition":
            part["disposition"] = header[1]  # its name and file name are looked at below
        elif b"\x00" in header[0] + header[1]:
            found.append("body")
        header[0], header[1] = b"", b""

    def data(chunk: bytes, start: int, end: int) -> None:
        part["data"] += chunk[start:end]

    def end() -> None:
        _, options = parse_options_header(part["disposition"])
        name = options.get(b"name", b"").decode("latin-1")
        is_file = b"filename" in options
        if b"\x00" in name.encode("latin-1"):
            found.append("body")
        elif b"\x00" in options.get(b"filename", b"") or (not is_file and b"\x00" in part["data"]):
            found.append(f"body.{name}")

    callbacks: Any = {
        "on_part_begin": begin,
        "on_header_field": field,
        "on_header_value": value,
        "on_header_end": header_end,
        "on_part_data": data,
        "on_part_end": end,
    }
    try:
        parser = MultipartParser(boundary, callbacks)
        parser.write(body)
        parser.finalize()
    except FormParserError:
        return "body" if b"\x00" in body else None  # the application refuses it as malformed
    return found[0] if found else None


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

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
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
        try:
            # Every body is read whole (it is capped) and looked at before the application
            # sees it; the application then reads it as it came. Read here, a body over the
            # cap is answered 413 even when it came in chunks without a length (inside the
            # application, FastAPI would have turned the failed read of a form into a 400).
            messages = await _read_body(receive_capped)
        except TooLarge:
            await self._too_large(send_hardened)
            return
        body = b"".join(m.get("body", b"") for m in messages)
        found = nul_in_body(content_type, body) if body else None
        if found is not None:
            await self._holds_nul(send_hardened, found)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send_hardened)

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
