"""Threading references: a telegram that says "Your 550" links to 550 once it is on file, and a
reference filed before its telegram is linked when the telegram arrives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from glienicke.domain.documents import Document, DocumentKind, TelegramReference
from glienicke.records.telegrams import refers_to
from glienicke.store.tables import DocumentRow, ReferenceRow

_CHUNK = 500


def thread_references(session: Session, filed: Sequence[Document]) -> int:
    """Link the new documents' references to what is on file, and open references on file to
    the new documents; how many references were linked."""
    links: dict[tuple[str, int], str] = {}
    wanted = {r.number for d in filed for r in d.references if r.number and not r.document}
    telegrams = _telegrams(session, wanted)
    for document in filed:
        for position, reference in enumerate(document.references):
            if reference.document:
                continue
            found = _target(reference, telegrams)
            if found and found != document.key:
                links[(document.key, position)] = found
    new_keys = {d.key for d in filed}
    for parent, position, target in _open_targets(session, new_keys):
        links.setdefault((parent, position), target)
    new_telegrams: dict[str, list[Document]] = {}
    for d in filed:
        if d.kind is DocumentKind.TELEGRAM and d.telegram_number:
            new_telegrams.setdefault(d.telegram_number, []).append(d)
    for parent, position, reference in _open_numbers(session, set(new_telegrams)):
        match = next(
            (t for t in new_telegrams[reference.number or ""] if refers_to(reference, t)), None
        )
        if match is not None and match.key != parent:
            links.setdefault((parent, position), match.key)
    if links:
        table = cast(Table, ReferenceRow.__table__)
        statement = (
            update(table)
            .where(table.c.parent_key == bindparam("p"), table.c.position == bindparam("n"))
            .values(document=bindparam("t"))
        )
        session.execute(
            statement,
            [
                {"p": parent, "n": position, "t": target}
                for (parent, position), target in links.items()
            ],
        )
    return len(links)


def _target(reference: TelegramReference, telegrams: dict[str, list[Document]]) -> str | None:
    if reference.target:
        return None  # cross-references are linked by key below, once the target is on file
    matches = [t for t in telegrams.get(reference.number or "", []) if refers_to(reference, t)]
    return matches[0].key if len(matches) == 1 else None


def _telegrams(session: Session, numbers: set[str]) -> dict[str, list[Document]]:
    """Telegrams on file with these numbers (only the columns matching needs)."""
    found: dict[str, list[Document]] = {}
    ordered = sorted(numbers)
    for start in range(0, len(ordered), _CHUNK):
        rows = session.execute(
            select(
                DocumentRow.key,
                DocumentRow.telegram_number,
                DocumentRow.telegram_post,
                DocumentRow.direction,
                DocumentRow.date,
            ).where(
                DocumentRow.kind == DocumentKind.TELEGRAM,
                DocumentRow.telegram_number.in_(ordered[start : start + _CHUNK]),
            )
        )
        for key, number, post, direction, date in rows:
            found.setdefault(number or "", []).append(
                Document(
                    key=key,
                    kind=DocumentKind.TELEGRAM,
                    title=key,
                    telegram_number=number,
                    telegram_post=post,
                    direction=direction,
                    date=date,
                )
            )
    return found


def _open_targets(session: Session, keys: set[str]) -> list[tuple[str, int, str]]:
    """Cross-references, filed or new, whose target is now on file."""
    found: list[tuple[str, int, str]] = []
    ordered = sorted(keys)
    for start in range(0, len(ordered), _CHUNK):
        rows = session.execute(
            select(ReferenceRow.parent_key, ReferenceRow.position, ReferenceRow.target).where(
                ReferenceRow.document.is_(None),
                ReferenceRow.target.in_(ordered[start : start + _CHUNK]),
            )
        )
        found += [(parent, position, target) for parent, position, target in rows if target]
    return found


def _open_numbers(session: Session, numbers: set[str]) -> list[tuple[str, int, TelegramReference]]:
    """Open telegram references, filed or new, naming one of these numbers."""
    found: list[tuple[str, int, TelegramReference]] = []
    ordered = sorted(numbers)
    for start in range(0, len(ordered), _CHUNK):
        rows = session.execute(
            select(
                ReferenceRow.parent_key,
                ReferenceRow.position,
                ReferenceRow.text,
                ReferenceRow.number,
                ReferenceRow.date,
                ReferenceRow.post,
                ReferenceRow.direction,
            ).where(
                ReferenceRow.document.is_(None),
                ReferenceRow.number.in_(ordered[start : start + _CHUNK]),
            )
        )
        for parent, position, text, number, date, post, direction in rows:
            reference = TelegramReference(
                text=text, number=number, date=date, post=post, direction=direction
            )
            found.append((parent, position, reference))
    return found
