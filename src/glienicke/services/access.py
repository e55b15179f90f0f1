"""The policy point as the services use it: who is asking, may they, and what may they see.

Every service asks here before it reads or writes; nothing below the services decides access.
"""

from __future__ import annotations

from typing import Any

from glienicke.domain.catalog import BY_CLASS, KINDS
from glienicke.domain.errors import GlienickeError, NotFound
from glienicke.security.actor import current_actor
from glienicke.security.model import Permission
from glienicke.security.policy import Marks, Viewer, Visible, redacted, visible_keys
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


def seen(record: Any, visible: Visible) -> Any:
    """The record as the viewer may see it, or NotFound as if it did not exist."""
    kind = BY_CLASS[type(record)]
    if record.key not in visible.get(kind.name, set()):
        raise NotFound(kind.label, record.key)
    return redacted(record, visible)


def check_visible(repo: Repository, cls: type[Any], key: str) -> None:
    """NotFound, exactly as for a missing record, unless the viewer may see it."""
    kind = BY_CLASS[cls]
    if key not in visibility(repo, viewer()).get(kind.name, set()):
        raise NotFound(kind.label, key)


class Scoped:
    """A repository seen through the policy point: only what the viewer may see, redacted."""

    def __init__(self, repo: Repository, visible: Visible) -> None:
        self.repo = repo
        self.visible = visible

    @classmethod
    def of(cls, repo: Repository, permission: Permission = Permission.READ) -> Scoped:
        return cls(repo, visibility(repo, require(permission)))

    def get(self, cls: type[Any], key: str) -> Any:
        record = self.repo.find(cls, key)
        if record is None:
            raise NotFound(BY_CLASS[cls].label, key)
        return seen(record, self.visible)

    def all(self, cls: type[Any]) -> list[Any]:
        return self._shown(cls, self.repo.all(cls))

    def where(self, cls: type[Any], field: str, value: str) -> list[Any]:
        return self._shown(cls, self.repo.where(cls, field, value))

    def where_listed(
        self, cls: type[Any], field: str, value: str, attr: str = "value"
    ) -> list[Any]:
        return self._shown(cls, self.repo.where_listed(cls, field, value, attr))

    def _shown(self, cls: type[Any], records: list[Any]) -> list[Any]:
        keys = self.visible.get(BY_CLASS[cls].name, set())
        return [redacted(r, self.visible) for r in records if r.key in keys]
