"""Write-side checks of the policy point: a save keeps what the writer could not see, lowers
no marks, and shows no one a person they could not see before.

Reads are decided by `services.access`; these run inside the unit of work of a write, before
anything is saved, so a refusal leaves the record as it was.
"""

from __future__ import annotations

from typing import Any

from glienicke.domain.cases import Case
from glienicke.domain.catalog import BY_CLASS, BY_NAME
from glienicke.domain.documents import Classification
from glienicke.domain.errors import DuplicateKey, Problem, ValidationFailed
from glienicke.domain.fields import KEY_LENGTH, key_problem
from glienicke.domain.people import Tenure
from glienicke.security.actor import current_actor
from glienicke.security.model import Permission
from glienicke.security.policy import Marks, Viewer
from glienicke.security.writes import ENDING_LENGTH, completed_key, keep_hidden, loosened
from glienicke.services.seen import Seen
from glienicke.store.repository import Repository

MARKED = ("case", "proposal", "document")
# Reference data every reader sees: a key held here confirms nothing, so it is kept as asked.
OPEN_KINDS = frozenset({"state", "office", "tenure"})


def own_key(repo: Repository, record: Any) -> None:
    """Store a signed-in writer's new record under `owned_key` of the key it asks for."""
    key = getattr(record, "key", None)
    if isinstance(key, str):
        record.key = owned_key(repo, BY_CLASS[type(record)].name, key)


def owned_key(repo: Repository, kind: str, key: str) -> str:
    """The key a new record of `kind` asking for `key` is stored under, such that no answer
    tells a held key from a free one.

    A key held by a record the writer sees is refused as taken (that tells them nothing new);
    any other key, free or held by a record hidden from them, is completed with a random
    ending (`security.writes.completed_key`), so the reply is the same either way. The
    reference kinds keep the key they asked for, as does a write with no viewer (the services
    refuse those before this); a key that is not a key is left for the record's checks."""
    writer = current_actor().viewer
    if writer is None or kind in OPEN_KINDS or key_problem(key) is not None:
        return key
    if key in Seen(repo, writer)[kind]:
        raise DuplicateKey(BY_NAME[kind].label, key)
    stem = key[: KEY_LENGTH - ENDING_LENGTH - 1]
    return completed_key(stem, lambda k: bool(repo.existing_keys(kind, {k})))


def merge_edit(repo: Repository, record: Any) -> None:
    """Before `record` (the writer's whole edited copy of what they were shown) replaces the
    stored one: put back what redaction left out, and refuse a save that lowers its marks."""
    problems = merge_edits(repo, [record])
    if problems:
        raise ValidationFailed(problems)


def merge_edits(
    repo: Repository, records: list[Any], where: list[str] | None = None
) -> list[Problem]:
    """`merge_edit` for many records of one kind at once (a dataset's); the problems, each
    placed at `where[i]` when given, else at the record."""
    writer = current_actor().viewer
    if not records or writer is None:
        return []
    cls = type(records[0])
    kind = BY_CLASS[cls]
    stored = {r.key: r for r in repo.many(cls, [r.key for r in records])}
    if not stored:
        return []
    seen = Seen(repo, writer)
    seen.check_records(list(stored.values()))
    problems: list[Problem] = []
    for index, record in enumerate(records):
        before = stored.get(record.key)
        if before is None:
            continue
        who = f"{where[index]}: " if where else f"{kind.label} {record.key}: "
        problems += keep_hidden(record, before, seen, who)
        if kind.name in MARKED:
            problems += [
                Problem(
                    f"{who}{field}",
                    (
                        "a save may not lower a classification or widen its restrictions;"
                        f" use 'glienicke declassify {kind.name} {record.key}' (or the"
                        " declassify form), which records the date and the authority"
                    ),
                )
                for field in loosened(marks_of(before), marks_of(record))
            ]
    return problems


def marks_of(record: Any) -> Marks:
    return Marks(record.classification, frozenset(getattr(record, "restricted_to", ()) or ()))


def unwidened(repo: Repository, record: Any, already: set[tuple[str, str]]) -> list[Problem]:
    """Problems if the record would name, where its readers see them, a person whom some of
    its readers cannot see now: being a case's subject or an office's holder shows a person
    to everyone who sees that case or office, so it may not reveal one known only from more
    protected records."""
    named = _showing_names(record)
    # a person not stored yet (one a dataset brings with it) is named by nothing stored
    new = sorted(repo.existing_keys("person", {p for p in named if ("person", p) not in already}))
    if not new:
        return []
    readers = weakest_readers(
        marks_of(record) if isinstance(record, Case) else Marks(Classification.UNCLASSIFIED)
    )
    kind = BY_CLASS[type(record)]
    problems = []
    for person in new:
        if any(person not in Seen(repo, reader)["person"] for reader in readers):
            problems.append(
                Problem(
                    f"{kind.label} {record.key}: {named[person]}",
                    (
                        f"person '{person}' is known only from records more protected than this"
                        f" {kind.label}; naming them here would show them to its readers. Mark"
                        f" the {kind.label} at least as those records are, or declassify them"
                        " first"
                    ),
                )
            )
    return problems


def _showing_names(record: Any) -> dict[str, str]:
    """The persons a record shows to its readers (see security.policy), with their fields."""
    if isinstance(record, Case):
        return {s.person: f"subjects[{i}].person" for i, s in enumerate(record.subjects)}
    if isinstance(record, Tenure):
        return {record.person: "person"}
    return {}


def weakest_readers(marks: Marks) -> list[Viewer]:
    """The least privileged readers a record with these marks admits: one of each user or
    group it is restricted to, at its classification, holding nothing else."""
    reads = frozenset({Permission.READ})
    if not marks.restricted_to:
        return [Viewer("", marks.classification, frozenset(), reads)]
    return [
        Viewer(entry, marks.classification, frozenset({entry}), reads)
        for entry in sorted(marks.restricted_to)
    ]
