"""Checks every service runs before it writes: the record's own rules and its references."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from glienicke.dataset.reader import references
from glienicke.domain.catalog import kind_of
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.fields import key_problem
from glienicke.security.actor import current_actor
from glienicke.services.guard import unwidened
from glienicke.services.seen import Seen
from glienicke.store.repository import Repository


def check_record(repo: Repository, record: Any, *, new: bool = False) -> None:
    """Raise ValidationFailed, naming the record and field, if the record breaks a rule.

    A `new` record is judged on its own: whatever a stored record under its key names (one
    the writer may not see, perhaps) lends it nothing."""
    kind = kind_of(record)
    who = f"{kind.label} {record.key}"
    problems = [
        Problem(f"{who}: {p.where}" if p.where else who, p.message) for p in record.problems()
    ]
    problems += [Problem(f"{who}: {p}" if p else who, message) for p, message in _bad_keys(record)]
    if problems:
        raise ValidationFailed(problems)  # before any query: no column could hold them
    stored = None if new else repo.find(type(record), record.key)
    already = {(target, key) for _path, target, key in references(stored, "")} if stored else set()
    wanted: dict[str, set[str]] = {}
    uses = []
    for path, target, key in references(record, ""):
        wanted.setdefault(target, set()).add(key)
        uses.append((path.lstrip("."), target, key))
    known = {target: repo.existing_keys(target, keys) for target, keys in wanted.items()}
    writer = current_actor().viewer
    seen = Seen(repo, writer) if writer is not None else None
    for path, target, key in uses:
        if target == kind.name and key == record.key:
            continue
        # A record the writer may not see is answered exactly as a missing one, unless the
        # record named it already (a link they could not see, kept by their save).
        hidden = seen is not None and (target, key) not in already and key not in seen[target]
        if key not in known[target] or hidden:
            problems.append(
                Problem(f"{who}: {path}", f"there is no {target.replace('_', ' ')} '{key}'")
            )
    if not problems:
        problems += unwidened(repo, record, already)
    if problems:
        raise ValidationFailed(problems)


def _bad_keys(record: Any) -> list[tuple[str, str]]:
    """(place, problem) for the record's key and every key it names that no column can hold."""
    found = []
    if (problem := key_problem(record.key)) is not None:
        found.append(("key", problem))
    for path, _target, key in references(record, ""):
        if (problem := key_problem(key)) is not None:
            found.append((path.lstrip("."), problem))
    return found


@contextmanager
def about(kind: str, key: str) -> Iterator[None]:
    """Name the record in every problem raised inside: 'detention gorin-1938: stages[3].stage'."""
    who = f"{kind} {key}"
    try:
        yield
    except ValidationFailed as error:
        problems = [
            p
            if p.where.startswith(who)
            else Problem(f"{who}: {p.where}" if p.where else who, p.message)
            for p in error.problems
        ]
        raise ValidationFailed(problems) from None
