"""Who is acting: set at the edge (CLI, API), read by the services and the store.

The actor names who did a thing in the audit trail; the viewer (when there is one) carries the
clearance, groups and permissions the policy point decides with. No viewer means no access.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from glienicke.security.policy import Viewer


@dataclass(frozen=True)
class Actor:
    name: str  # e.g. 'cli:alice' or 'api:bob'
    origin: str  # where from: 'command line', or the client's address
    viewer: Viewer | None = None


SYSTEM = Actor("system", "local")
_current: ContextVar[Actor] = ContextVar("glienicke_actor", default=SYSTEM)


@contextmanager
def acting_as(name: str, origin: str, viewer: Viewer | None = None) -> Iterator[Actor]:
    """Within the block, everything is done as this actor (and seen as this viewer)."""
    actor = Actor(name, origin, viewer)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def become(name: str, origin: str, viewer: Viewer | None) -> None:
    """Act as someone for the rest of this context (a command-line process)."""
    _current.set(Actor(name, origin, viewer))


def current_actor() -> Actor:
    return _current.get()
