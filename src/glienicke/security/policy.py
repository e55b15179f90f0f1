"""The policy point's decisions: who may see which records. Pure: records and marks in,
answers out; the store supplies the records, the services apply the answers.

A case or proposal carries marks: a classification and, when it is compartmented, the users
and groups it is restricted to. Everything else is seen through what it belongs to, so that
nothing outside a viewer's compartments leaks through a neighbour: a consideration is seen only
with its proposal, a detention only if no case the viewer cannot see includes it, a document
only within the viewer's clearance and with every case and proposal it is linked to.
Default deny: a viewer without the read permission sees nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from glienicke.dataset.codec import fields_of, links_of
from glienicke.domain.cases import Case
from glienicke.domain.documents import Classification
from glienicke.security.model import Permission, User, level

WITHHELD = "withheld"  # what a reference to a record the viewer may not see is replaced by


@dataclass(frozen=True)
class Viewer:
    username: str
    clearance: Classification
    groups: frozenset[str] = frozenset()
    permissions: frozenset[Permission] = frozenset()
    person: str | None = None  # the person record the account is: whose clearance it may give

    @classmethod
    def of(cls, user: User, scopes: frozenset[Permission] | None = None) -> Viewer:
        """The viewer a signed-in user (or one of their tokens, with its scopes) is."""
        granted = user.permissions if scopes is None else user.permissions & scopes
        return cls(user.username, user.clearance, frozenset(user.groups), granted, user.person)

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions


@dataclass(frozen=True)
class Marks:
    """How a case or proposal is protected."""

    classification: Classification = Classification.UNCLASSIFIED
    restricted_to: frozenset[str] = field(default_factory=frozenset)  # users and groups


def admits(viewer: Viewer, marks: Marks) -> bool:
    """No read up, and inside the compartment when there is one."""
    if not viewer.may(Permission.READ) or level(marks.classification) > level(viewer.clearance):
        return False
    if not marks.restricted_to:
        return True
    return viewer.username in marks.restricted_to or bool(viewer.groups & marks.restricted_to)


Visible = dict[str, set[str]]  # kind name -> keys the viewer may see
Shown = Mapping[str, Container[str]]  # the same, or anything that answers `key in shown[kind]`


def visible_keys(
    viewer: Viewer, records: Mapping[str, Iterable[Any]], marks: Mapping[tuple[str, str], Marks]
) -> Visible:
    """Every record the viewer may see, by kind ('case', 'person', ...).

    `records` holds every record by kind name; `marks` the marks of cases and proposals, by
    (kind, key); a case or proposal without marks is unclassified and open to all readers.
    """
    seen: Visible = {kind: set() for kind in records}
    if not viewer.may(Permission.READ):
        return seen

    def of(kind: str) -> list[Any]:
        return list(records.get(kind, []))

    for kind in ("state", "office", "tenure"):  # reference data: open to every reader
        seen[kind] = {r.key for r in of(kind)}
    hidden_cases = {
        c.key for c in of("case") if not admits(viewer, marks.get(("case", c.key), Marks()))
    }
    seen["case"] = {c.key for c in of("case")} - hidden_cases
    seen["proposal"] = {
        p.key
        for p in of("proposal")
        if admits(viewer, marks.get(("proposal", p.key), Marks()))
        and not hidden_cases & set(p.cases)
    }
    for kind in ("consideration", "clearance_step", "commitment"):
        seen[kind] = {r.key for r in of(kind) if r.proposal in seen["proposal"]}
    cases: list[Case] = of("case")
    held_back = _subjects_of(c for c in cases if c.key in hidden_cases)
    shown = _subjects_of(c for c in cases if c.key not in hidden_cases)
    seen["detention"] = {d.key for d in of("detention") if d.key not in held_back["detention"]}
    seen["exit_restriction"] = {
        e.key for e in of("exit_restriction") if e.key not in held_back["exit_restriction"]
    }
    seen["document"] = {
        d.key
        for d in of("document")
        if level(d.classification) <= level(viewer.clearance)
        and set(d.cases) <= seen["case"]
        and set(d.proposals) <= seen["proposal"]
    }
    seen["event"] = {
        e.key
        for e in of("event")
        if set(e.cases) <= seen["case"]
        and set(e.proposals) <= seen["proposal"]
        and (e.document is None or e.document in seen["document"])
    }
    for kind in NAMES_IN_CONFIDENCE:
        held_back["person"] |= persons_named(r for r in of(kind) if r.key not in seen[kind])
    shown["person"] |= {t.person for t in of("tenure")}
    seen["person"] = {
        p.key for p in of("person") if p.key not in held_back["person"] or p.key in shown["person"]
    }
    return seen


# The kinds whose hidden records keep the persons they name hidden too, unless the person is
# also a subject of a case the viewer sees or holds an office: being named in a compartmented
# proposal or a top-secret telegram says something about a person that an open record does not.
NAMES_IN_CONFIDENCE = (
    "case",
    "proposal",
    "consideration",
    "clearance_step",
    "commitment",
    "document",
    "event",
)


def persons_named(records: Iterable[Any]) -> set[str]:
    """Every person key these records (and the entries nested in them) name."""
    found: set[str] = set()
    for record in records:
        _named_persons(record, found)
    return found


def _named_persons(value: Any, into: set[str]) -> None:
    links = links_of(type(value))
    for attr, kind in links.refs:
        if kind == "person":
            current = getattr(value, attr)
            keys = current if isinstance(current, list) else [current]
            into.update(k for k in keys if isinstance(k, str))
    for attr in links.nested:
        current = getattr(value, attr)
        for item in current if isinstance(current, list) else [current]:
            if item is not None:
                _named_persons(item, into)


@dataclass(frozen=True)
class DocumentRule:
    """Which documents a viewer may see, in a form a query can apply before it ranks, counts or
    quotes anything: the same answer as `visible_keys` gives for documents, without loading
    them. A document is seen within the viewer's clearance and only if none of its cases and
    proposals is hidden."""

    levels: frozenset[Classification]
    hidden_cases: frozenset[str]
    hidden_proposals: frozenset[str]

    @property
    def sees_nothing(self) -> bool:
        return not self.levels


def document_rule(
    viewer: Viewer,
    cases: Iterable[tuple[str, Marks]],
    proposals: Iterable[tuple[str, Marks, frozenset[str]]],
) -> DocumentRule:
    """`cases`: (key, marks); `proposals`: (key, marks, the cases it belongs to)."""
    if not viewer.may(Permission.READ):
        return DocumentRule(frozenset(), frozenset(), frozenset())
    hidden_cases = frozenset(key for key, marks in cases if not admits(viewer, marks))
    hidden_proposals = frozenset(
        key
        for key, marks, its_cases in proposals
        if not admits(viewer, marks) or hidden_cases & its_cases
    )
    levels = frozenset(c for c in Classification if level(c) <= level(viewer.clearance))
    return DocumentRule(levels, hidden_cases, hidden_proposals)


def redacted(record: Any, visible: Shown) -> Any:
    """A copy of a visible record with references to records the viewer may not see removed
    from lists, and replaced by 'withheld' where a single reference stood."""
    return redact_in_place(copy.deepcopy(record), visible)


def redact_in_place(record: Any, visible: Shown) -> Any:
    """`redacted` without the copy, for a record no one else holds (one just read from the
    store): the record itself, changed only where it names something hidden."""
    _redact(record, visible)
    return record


def _redact(value: Any, visible: Shown) -> None:
    links = links_of(type(value))
    for attr, kind in links.refs:
        current = getattr(value, attr)
        allowed = visible.get(kind, set())
        if isinstance(current, list):
            if any(k not in allowed for k in current):
                setattr(value, attr, [k for k in current if k in allowed])
        elif current is not None and current not in allowed:
            setattr(value, attr, WITHHELD)
    for attr in links.nested:
        current = getattr(value, attr)
        if isinstance(current, list):
            kept = [item for item in current if not drops_entry(item, visible)]
            for item in kept:
                _redact(item, visible)
            setattr(value, attr, kept)
        elif current is not None:
            _redact(current, visible)


def drops_entry(item: Any, visible: Shown) -> bool:
    """A nested entry whose very subject is hidden goes altogether (a hidden relative)."""
    subject = subject_field(type(item))
    return subject is not None and getattr(item, subject) not in visible.get("person", set())


def subject_field(cls: type[Any]) -> str | None:
    """The required person reference that an entry of this class is about, if it has one."""
    if cls not in _SUBJECT_FIELDS:
        _SUBJECT_FIELDS[cls] = next(
            (s.attr for s in fields_of(cls) if s.ref == "person" and s.required), None
        )
    return _SUBJECT_FIELDS[cls]


_SUBJECT_FIELDS: dict[type[Any], str | None] = {}


def _subjects_of(cases: Iterable[Case]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"person": set(), "detention": set(), "exit_restriction": set()}
    for case in cases:
        for subject in case.subjects:
            found["person"].add(subject.person)
            if subject.detention:
                found["detention"].add(subject.detention)
            if subject.exit_restriction:
                found["exit_restriction"].add(subject.exit_restriction)
    return found
