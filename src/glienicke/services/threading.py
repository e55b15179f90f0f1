"""Threading references: a telegram that says "Your 550" links to 550 once it is on file, and a
reference filed before its telegram is linked when the telegram arrives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, Text, and_, bindparam, or_, select, true, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Direction, Document, DocumentKind, TelegramReference
from glienicke.records.telegrams import refers_to
from glienicke.store.tables import DocumentRow, ReferenceRow

_CHUNK = 500


def thread_references(session: Session, filed: Sequence[Document]) -> int:
    """Link the new documents' references to what is on file, and open references on file to
    the new documents; how many references were linked."""
    links: dict[tuple[str, int], str] = {}
    wanted = {
        _series_key(r.number, r.post, r.direction, r.date)
        for d in filed
        for r in d.references
        if r.number and not r.document
    }
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
    arrived = {
        _series_key(t.telegram_number, t.telegram_post, t.direction, t.date)
        for found in new_telegrams.values()
        for t in found
    }
    for parent, position, reference in _open_numbers(session, arrived):
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


# (number, post, direction, year): what the database can narrow on before `refers_to`
# decides; None where that side does not know.
SeriesKey = tuple[str | None, str | None, Direction | None, int | None]


def _series_key(
    number: str | None, post: str | None, direction: Direction | None, date: PartialDate | None
) -> SeriesKey:
    return number, post, direction, date.year if date is not None else None


def _telegrams(session: Session, wanted: set[SeriesKey]) -> dict[str, list[Document]]:
    """Telegrams on file that may be the ones referred to: the same number, within a year
    either side of the reference where it has a date (a date 'about' a year may cross it),
    or undated. Telegram numbers repeat every year in every post, so the number alone would
    read most of a large record; each query here is a range on (number, year)."""
    columns = (
        DocumentRow.kind,
        DocumentRow.key,
        DocumentRow.telegram_number,
        DocumentRow.telegram_post,
        DocumentRow.direction,
        DocumentRow.date,
    )
    # The kind is checked here, not in SQL: with no statistics, SQLite would choose the index
    # on kind (half the record) over the one on number and year.
    found: dict[str, Document] = {}
    for how, year, post, numbers in _lookups(wanted):
        when = and_(_telegram_years(how, year), _post(DocumentRow.telegram_post, post))
        for start in range(0, len(numbers), _CHUNK):
            chosen = DocumentRow.telegram_number.in_(numbers[start : start + _CHUNK])
            for kind, key, number, post, direction, date in session.execute(
                select(*columns).where(chosen, when)
            ):
                if kind is not DocumentKind.TELEGRAM:
                    continue
                found[key] = Document(
                    key=key,
                    kind=DocumentKind.TELEGRAM,
                    title=key,
                    telegram_number=number,
                    telegram_post=post,
                    direction=direction,
                    date=date,
                )
    by_number: dict[str, list[Document]] = {}
    for document in found.values():
        by_number.setdefault(document.telegram_number or "", []).append(document)
    return by_number


def _telegram_years(how: str, year: int | None) -> ColumnElement[bool]:
    if how == "near" and year is not None:
        return DocumentRow.year.between(year - 1, year + 1)
    return DocumentRow.year.is_(None) if how == "undated" else true()


def _reference_dates(how: str, year: int | None) -> ColumnElement[bool]:
    stored = sql_cast(ReferenceRow.date, Text)
    if how == "near" and year is not None:
        return and_(stored >= str(year - 1), stored < str(year + 2))
    return or_(ReferenceRow.date.is_(None), stored >= "A") if how == "undated" else true()


ANY_POST = "*"  # a lookup that does not narrow by post


def _lookups(keys: set[SeriesKey]) -> list[tuple[str, int | None, str | None, list[str]]]:
    """The lookups that find every candidate for these keys: (how, year, post, numbers).

    'near' finds, for each year, the other side's records dated within a year of it.
    'undated' finds undated records for every key, 'any' records of any year for the keys
    that have none. Those two would read every record with the number, in every post and
    every year of a large record, so they are narrowed by post: the key's post, and records
    with none (post None); a key with no post of its own takes every post (ANY_POST)."""
    near: dict[int, set[str]] = {}
    wide: dict[tuple[str, str | None], set[str]] = {}
    for number, post, _direction, year in keys:
        if not number:
            continue
        if year is not None:
            near.setdefault(year, set()).add(number)
        kinds = ("undated",) if year is not None else ("undated", "any")
        for how in kinds:
            if post is None:
                wide.setdefault((how, ANY_POST), set()).add(number)
            else:
                wide.setdefault((how, post), set()).add(number)
                wide.setdefault((how, None), set()).add(number)
    found: list[tuple[str, int | None, str | None, list[str]]] = [
        ("near", year, ANY_POST, sorted(numbers)) for year, numbers in sorted(near.items())
    ]
    found += [
        (how, None, post, sorted(numbers)) for (how, post), numbers in sorted(wide.items(), key=str)
    ]
    return found


def _post(column: Any, post: str | None) -> ColumnElement[bool]:
    if post == ANY_POST:
        return true()
    found = column.is_(None) if post is None else column == post
    return cast(ColumnElement[bool], found)


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


def _open_numbers(
    session: Session, arrived: set[SeriesKey]
) -> list[tuple[str, int, TelegramReference]]:
    """Open telegram references, filed or new, that may name one of the telegrams that
    arrived: the same number, dated within a year either side or undated (a range on
    (number, date) for each year; dates are stored year first, and a qualified date such as
    'about 1941' sorts after every plain one)."""
    columns = (
        ReferenceRow.document,
        ReferenceRow.parent_key,
        ReferenceRow.position,
        ReferenceRow.text,
        ReferenceRow.number,
        ReferenceRow.date,
        ReferenceRow.post,
        ReferenceRow.direction,
    )
    found: dict[tuple[str, int], TelegramReference] = {}
    for how, year, post, numbers in _lookups(arrived):
        when = and_(_reference_dates(how, year), _post(ReferenceRow.post, post))
        for start in range(0, len(numbers), _CHUNK):
            chosen = ReferenceRow.number.in_(numbers[start : start + _CHUNK])
            # Open (unlinked) is checked here, not in SQL, for the same reason as above.
            rows = session.execute(select(*columns).where(chosen, when))
            for linked, parent, position, text, number, date, post, direction in rows:
                if linked is not None:
                    continue
                found[(parent, position)] = TelegramReference(
                    text=text, number=number, date=date, post=post, direction=direction
                )
    return [(parent, position, reference) for (parent, position), reference in found.items()]
