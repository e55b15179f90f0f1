"""Who is acting, for the audit trail: set at the edge (CLI, API), read by the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    name: str  # e.g. 'cli:alice' or 'api:anonymous'
    origin: str  # where from: 'command line', or the client's address


SYSTEM = Actor("system", "local")
_current: ContextVar[Actor] = ContextVar("glienicke_actor", default=SYSTEM)


@contextmanager
def acting_as(name: str, origin: str) -> Iterator[Actor]:
    """Within the block, every change is recorded as made by this actor."""
    actor = Actor(name, origin)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def current_actor() -> Actor:
    return _current.get()
