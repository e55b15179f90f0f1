"""The policy point as the services use it: who is asking, may they, and what may they see.

Every service asks here before it reads or writes; nothing below the services decides access.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from glienicke.domain.catalog import BY_CLASS, KINDS
from glienicke.domain.documents import Document, DocumentLine
from glienicke.domain.errors import GlienickeError, NotFound
from glienicke.security.actor import current_actor
from glienicke.security.model import Permission
from glienicke.security.policy import (
    Marks,
    Shown,
    Viewer,
    Visible,
    redact_in_place,
    redacted,
    visible_keys,
)
from glienicke.services.seen import Seen
from glienicke.store.repository import Repository


class NotSignedIn(GlienickeError):
    code = "not-signed-in"


class Forbidden(GlienickeError):
    code = "forbidden"


# Which permission changes which kind of record.
EDITS: dict[str, Permission] = {
    **{
        k: Permission.EDIT_CASES
        for k in (
            "state",
            "person",
            "office",
            "tenure",
            "detention",
            "exit_restriction",
            "case",
            "event",
        )
    },
    **{
        k: Permission.EDIT_PROPOSALS
        for k in ("proposal", "consideration", "clearance_step", "commitment")
    },
    "document": Permission.FILE_DOCUMENTS,
}


def viewer() -> Viewer:
    """The viewer of this request or command; without one nothing is allowed."""
    found = current_actor().viewer
    if found is None:
        raise NotSignedIn(
            "sign in first: name a user with --as USER or GLIENICKE_USER on the command line,"
            " or send an API token as 'Authorization: Bearer ...'"
        )
    return found


def require(permission: Permission) -> Viewer:
    """The viewer, if they hold the permission; otherwise a refusal that names it."""
    who = viewer()
    if not who.may(permission):
        raise Forbidden(
            f"{who.username} may not {permission.value.replace('-', ' ')}: no role of theirs"
            " (or this token's scopes) grants it"
        )
    return who


def require_edit(record_or_cls: Any) -> Viewer:
    cls = record_or_cls if isinstance(record_or_cls, type) else type(record_or_cls)
    return require(EDITS[BY_CLASS[cls].name])


def visibility(repo: Repository, who: Viewer) -> Visible:
    """What the viewer may see of everything stored."""
    records = {kind.name: repo.all(kind.cls) for kind in KINDS}
    marks = {
        (kind, r.key): Marks(r.classification, frozenset(r.restricted_to))
        for kind in ("case", "proposal")
        for r in records[kind]
    }
    return visible_keys(who, records, marks)


def seen(record: Any, visible: Shown) -> Any:
    """The record as the viewer may see it, or NotFound as if it did not exist."""
    kind = BY_CLASS[type(record)]
    if record.key not in visible.get(kind.name, set()):
        raise NotFound(kind.label, record.key)
    return redacted(record, visible)


def check_visible(repo: Repository, cls: type[Any], key: str) -> None:
    """NotFound, exactly as for a missing record, unless the viewer may see it."""
    kind = BY_CLASS[cls]
    if key not in Seen(repo, viewer())[kind.name]:
        raise NotFound(kind.label, key)


class Scoped:
    """A repository seen through the policy point: only what the viewer may see, redacted."""

    def __init__(self, repo: Repository, visible: Seen) -> None:
        self.repo = repo
        self.visible = visible

    @classmethod
    def of(cls, repo: Repository, permission: Permission = Permission.READ) -> Scoped:
        # decided key by key for what the request meets (the same answers as `visibility`)
        return cls(repo, Seen(repo, require(permission)))

    def get(self, cls: type[Any], key: str) -> Any:
        # Decided before the record is read, so a hidden key costs what a missing one does
        # and its answer does not come later.
        kind = BY_CLASS[cls]
        record = self.repo.find(cls, key) if key in self.visible[kind.name] else None
        if record is None:
            raise NotFound(kind.label, key)
        self.visible.check_records([record])
        return seen(record, self.visible)

    def all(self, cls: type[Any]) -> list[Any]:
        return self._shown(cls, self.repo.all(cls))

    def many(self, cls: type[Any], keys: list[str]) -> list[Any]:
        """The records of a kind among these keys that the viewer may see, by key."""
        return self._shown(cls, self.repo.many(cls, keys))

    def where(self, cls: type[Any], field: str, value: str) -> list[Any]:
        return self._shown(cls, self.repo.where(cls, field, value))

    def where_in(self, cls: type[Any], field: str, values: Iterable[str]) -> list[Any]:
        return self._shown(cls, self.repo.where_in(cls, field, values))

    def titles(self, cls: type[Any], keys: Iterable[str]) -> dict[str, str]:
        """The titles (or names) of the records among these keys that the viewer may see,
        without reading the records."""
        wanted = sorted(set(keys))
        shown = self.visible[BY_CLASS[cls].name]
        shown.check(wanted)
        return self.repo.titles(cls, [k for k in wanted if k in shown])

    def document_lines(self, field: str, value: str) -> list[DocumentLine]:
        """The lines of the documents linked to a record (see the repository's) that the
        viewer may see."""
        lines = self.repo.document_lines(field, value)
        shown = set(self.keys_shown(Document, [d.key for d in lines]))
        return [d for d in lines if d.key in shown]

    def keys_shown(self, cls: type[Any], keys: list[str]) -> list[str]:
        """Those of these keys the viewer may see, in the order given."""
        shown = self.visible[BY_CLASS[cls].name]
        shown.check(keys)
        return [k for k in keys if k in shown]

    def shown(self, cls: type[Any], records: list[Any]) -> list[Any]:
        """Those of these records (read by one of the repository's own queries) that the
        viewer may see, redacted."""
        return self._shown(cls, records)

    def where_listed(
        self, cls: type[Any], field: str, value: str, attr: str = "value"
    ) -> list[Any]:
        return self._shown(cls, self.repo.where_listed(cls, field, value, attr))

    def keys_listed(self, cls: type[Any], field: str, value: str) -> list[str]:
        """The keys `where_listed` would give, without reading the records."""
        keys = self.repo.keys_listed(cls, field, value)
        shown = self.visible[BY_CLASS[cls].name]
        shown.check(keys)
        return [k for k in keys if k in shown]

    def _shown(self, cls: type[Any], records: list[Any]) -> list[Any]:
        self.visible.check_records(records)
        keys = self.visible[BY_CLASS[cls].name]
        # the records were just read from the store for this call: no copy is needed
        return [redact_in_place(r, self.visible) for r in records if r.key in keys]
