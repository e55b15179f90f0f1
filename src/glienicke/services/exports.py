"""Exports of the lists: cases, persons, commitments and documents (the registry or a search's
matches), as rows for a spreadsheet, only what the viewer may see and all of it.

Each function checks its filters and the viewer's right to read at once (so a bad filter is
refused before anything is written), and hands back an `Export` whose rows are read from the
database a batch at a time while they are written out. Cases are read in keyset pages of
their keys; persons (by name) and commitments (by proposal) from one streamed query of their
keys in order, BATCH keys at a time; each batch's records are read and decided by the policy
point, whose answers are kept for that batch only. Documents come from one streamed query
whose visibility is the search's own rule inside the query. Memory stays the same for ten
thousand rows or a million.

Every export is written to the audit trail when its rows have been read (or the reading
stopped): who, which list, in which format, with which filters, and how many rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from glienicke.dataset.sheets import csv_chunks, xlsx_chunks
from glienicke.domain.cases import Case, CaseStatus, Priority
from glienicke.domain.errors import InvalidValue
from glienicke.domain.people import Person, State
from glienicke.domain.proposals import Commitment, CommitmentStatus, Proposal
from glienicke.negotiation import commitments as engine
from glienicke.records.query import parse_query
from glienicke.security.actor import Actor, acting_as, current_actor
from glienicke.security.model import Permission
from glienicke.security.policy import WITHHELD, Viewer
from glienicke.services.access import Scoped, require
from glienicke.services.database import Database
from glienicke.services.inputs import as_enum
from glienicke.services.search import document_by_key, document_rule_of
from glienicke.services.seen import Seen
from glienicke.store import search as index
from glienicke.store.repository import Repository
from glienicke.store.tables import CaseRow, CommitmentRow, PersonRow

BATCH = 500  # records read and decided at a time
FORMATS = ("csv", "xlsx")
LISTS = ("cases", "persons", "commitments", "documents")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUCCESSORS_DEPTH = 50  # how far a chain of re-linked commitments is followed


@dataclass
class Export:
    """One export: its list, its columns, the filters it was asked with, and its rows (read
    as they are consumed; the audit entry is written when they end)."""

    name: str
    columns: tuple[str, ...]
    filters: dict[str, Any]
    rows: Iterator[list[Any]]
    counted: list[int] = field(default_factory=lambda: [0])

    @property
    def count(self) -> int:
        """The rows read so far (all of them, once the rows are consumed)."""
        return self.counted[0]

    def chunks(self, fmt: str) -> Iterator[bytes]:
        """The export as the bytes of a CSV or XLSX file, a piece at a time."""
        if fmt == "xlsx":
            return xlsx_chunks(self.name, self.columns, self.rows)
        return csv_chunks(self.columns, self.rows)

    def filename(self, fmt: str) -> str:
        return f"glienicke-{self.name}-{date.today().isoformat()}.{fmt}"


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidValue(f"format {fmt!r} is not one of: {', '.join(FORMATS)}")
    return fmt


# --- the exports ---------------------------------------------------------------------------

CASE_COLUMNS = (
    "key",
    "title",
    "status",
    "priority",
    "officer",
    "opened_on",
    "closed_on",
    "classification",
    "subjects",
    "subject_names",
    "outcome",
)


def cases(
    db: Database,
    fmt: str = "csv",
    *,
    status: str | None = None,
    priority: str | None = None,
    officer: str | None = None,
) -> Export:
    """Every case the viewer may see, by key, filtered as the case list filters: by status,
    priority and officer."""
    check_format(fmt)
    wanted_status = None if not status else as_enum(CaseStatus, status, "status")
    wanted_priority = None if not priority else as_enum(Priority, priority, "priority")
    who = require(Permission.READ)
    conditions = []
    if wanted_status is not None:
        conditions.append(CaseRow.status == wanted_status)
    if wanted_priority is not None:
        conditions.append(CaseRow.priority == wanted_priority)
    if officer:
        conditions.append(CaseRow.officer == officer)

    def produce(repo: Repository) -> Iterator[list[Any]]:
        for keys in _key_pages(repo, CaseRow.key, conditions):
            scoped = _scoped(repo, who)
            found = scoped.many(Case, keys)
            persons = {s.person for c in found for s in c.subjects if s.person != WITHHELD}
            names = scoped.titles(Person, persons)
            for case in found:
                subjects = [s.person for s in case.subjects if s.person in names]
                yield [
                    case.key,
                    case.title,
                    case.status.value,
                    case.priority.value,
                    case.officer,
                    _text(case.opened_on),
                    _text(case.closed_on),
                    case.classification.value,
                    subjects,
                    [names[p] for p in subjects],
                    case.outcome,
                ]

    filters = {"status": status, "priority": priority, "officer": officer}
    return _export(db, "cases", fmt, CASE_COLUMNS, filters, produce)


PERSON_COLUMNS = ("key", "name", "aliases", "nationalities", "birth_year")


def persons(db: Database, fmt: str = "csv", *, name: str = "") -> Export:
    """Every person the viewer may see, by name, as the person list shows them; `name` keeps
    those whose name or key holds the text (any case)."""
    check_format(fmt)
    if len(name) > 200:
        raise InvalidValue("name: at most 200 characters")
    who = require(Permission.READ)
    holding = name.strip().lower()

    lowered = func.lower(PersonRow.name)
    query = select(PersonRow.key).order_by(lowered, PersonRow.key)
    if holding:
        query = query.where(
            lowered.contains(holding, autoescape=True)
            | PersonRow.key.contains(holding, autoescape=True)
        )

    def produce(repo: Repository) -> Iterator[list[Any]]:
        for page in _streamed_keys(db, query):
            found = {p.key: p for p in _scoped(repo, who).many(Person, page)}
            for key in page:
                person = found.get(key)
                if person is not None:
                    yield [
                        person.key,
                        person.name,
                        person.aliases,
                        person.nationalities,
                        person.birth_year,
                    ]

    return _export(db, "persons", fmt, PERSON_COLUMNS, {"name": name}, produce)


COMMITMENT_COLUMNS = (
    "key",
    "proposal",
    "party",
    "person",
    "act",
    "description",
    "due",
    "status",
    "as_of",
    "status_as_of",
    "fulfilled_on",
    "evidence",
    "relinked_to",
    "outcome",
    "explanation",
    "days_overdue",
)


def commitments(
    db: Database,
    fmt: str = "csv",
    *,
    as_of: date | None = None,
    overdue: bool = False,
    state: str | None = None,
    proposal: str | None = None,
    status: str | None = None,
) -> Export:
    """Every commitment the viewer may see, by proposal and key, with what became of it on
    `as_of` (default today), filtered as the commitments list filters: only the overdue, by
    the party that undertook them, by proposal, by their status on the day."""
    check_format(fmt)
    wanted = None if not status else as_enum(CommitmentStatus, status, "status")
    who = require(Permission.READ)
    day = as_of or date.today()
    with db.reading() as repo:
        scoped = _scoped(repo, who)
        if state:
            scoped.get(State, state)
        if proposal:
            scoped.get(Proposal, proposal)
    conditions = []
    if state:
        conditions.append(CommitmentRow.party == state)
    if proposal:
        conditions.append(CommitmentRow.proposal == proposal)

    query = (
        select(CommitmentRow.key)
        .where(*conditions)
        .order_by(CommitmentRow.proposal, CommitmentRow.key)
    )

    def produce(repo: Repository) -> Iterator[list[Any]]:
        for keys in _streamed_keys(db, query):
            scoped = _scoped(repo, who)
            found = scoped.many(Commitment, keys)
            known = _with_successors(scoped, found)
            late = {o.commitment: o for o in engine.overdue(found, day)}
            order = {k: n for n, k in enumerate(keys)}
            for commitment in sorted(found, key=lambda c: order[c.key]):
                now = engine.status_as_of(commitment, day)
                if (wanted is not None and now is not wanted) or (
                    overdue and commitment.key not in late
                ):
                    continue
                result = engine.outcome(commitment, known, as_of=day)
                behind = late.get(commitment.key)
                yield [
                    commitment.key,
                    commitment.proposal,
                    commitment.party,
                    commitment.person,
                    commitment.act.value,
                    commitment.description,
                    _text(commitment.due),
                    commitment.status.value,
                    day.isoformat(),
                    now.value,
                    _text(commitment.fulfilled_on),
                    commitment.evidence,
                    commitment.relinked_to,
                    result.kind.value,
                    result.explanation,
                    None if behind is None else behind.days,
                ]

    filters = {
        "as_of": None if as_of is None else as_of.isoformat(),
        "overdue": overdue,
        "state": state,
        "proposal": proposal,
        "status": status,
    }
    return _export(db, "commitments", fmt, COMMITMENT_COLUMNS, filters, produce)


DOCUMENT_COLUMNS = index.LINE_COLUMNS
SEARCH_COLUMNS = ("rank", "score", *index.LINE_COLUMNS)


def documents(
    db: Database,
    fmt: str = "csv",
    text: str = "",
    filters: index.Filters | None = None,
) -> Export:
    """The documents the viewer may see that pass the filters (see services.search): with
    words, every match, best first with its rank and score (the document whose key was typed
    first, as the search shows it); without, the registry, newest first."""
    check_format(fmt)
    if len(text) > 500:
        raise InvalidValue("query: at most 500 characters")
    chosen = filters or index.Filters()
    query = parse_query(text) if text.strip() else None
    who = require(Permission.READ)
    rule = document_rule_of(db, who)

    def produce_registry(repo: Repository) -> Iterator[list[Any]]:
        for line in index.registry_lines(repo.session, rule, chosen, batch=BATCH):
            yield _document_line(line)

    def produce_matches(repo: Repository) -> Iterator[list[Any]]:
        assert query is not None
        keyed = document_by_key(repo, text, rule, chosen)
        rank = 0
        if keyed is not None:
            rank = 1
            first = next(
                index.registry_lines(repo.session, rule, index.Filters(key=keyed), batch=1)
            )
            yield [rank, None, *_document_line(first)]
        for score, *line in index.ranked_lines(repo.session, query, rule, chosen, batch=BATCH):
            if line[0] == keyed:
                continue
            rank += 1
            yield [rank, round(float(score), 4), *_document_line(tuple(line))]

    given = {
        "query": text or None,
        "kind": sorted(chosen.kinds),
        "classification": sorted(chosen.classifications),
        "year_from": chosen.year_from,
        "year_to": chosen.year_to,
        "person": chosen.person,
        "case": chosen.case,
        "proposal": chosen.proposal,
        "file": chosen.file,
        "status": chosen.status,
    }
    if query is None:
        return _export(db, "documents", fmt, DOCUMENT_COLUMNS, given, produce_registry)
    return _export(db, "documents", fmt, SEARCH_COLUMNS, given, produce_matches)


# --- reading a batch at a time -------------------------------------------------------------


def _export(
    db: Database,
    name: str,
    fmt: str,
    columns: tuple[str, ...],
    filters: dict[str, Any],
    produce: Callable[[Repository], Iterator[list[Any]]],
) -> Export:
    actor = current_actor()  # taken now: the rows may be read in another thread or context
    counted = [0]
    given = {k: v for k, v in filters.items() if v not in (None, "", [], False)}
    rows = _audited(db, actor, name, fmt, given, produce, counted)
    return Export(name, columns, given, rows, counted)


def _audited(
    db: Database,
    actor: Actor,
    name: str,
    fmt: str,
    filters: dict[str, Any],
    produce: Callable[[Repository], Iterator[list[Any]]],
    counted: list[int],
) -> Iterator[list[Any]]:
    complete = False
    try:
        with db.reading() as repo:
            for row in produce(repo):
                counted[0] += 1
                yield row
        complete = True
    finally:
        detail: dict[str, Any] = {
            "list": name,
            "format": fmt,
            "filters": filters,
            "records": {name: counted[0]},
        }
        if not complete:
            detail["stopped"] = "the export ended before its last row"

        def note(repo: Repository) -> None:
            if repo.audit is not None:
                repo.audit.record("exported", "list", f"{name}.{fmt}", detail)

        with acting_as(actor.name, actor.origin, actor.viewer):
            db.again_on_conflict(note)


def _scoped(repo: Repository, who: Viewer) -> Scoped:
    """The policy point for one batch: its answers are kept for this batch only, so memory
    does not grow with the export."""
    return Scoped(repo, Seen(repo, who))


def _key_pages(repo: Repository, key: Any, conditions: list[Any]) -> Iterator[list[str]]:
    """The keys of a table that meet the conditions, in key order, BATCH at a time."""
    last: str | None = None
    while True:
        query = select(key).where(*conditions).order_by(key).limit(BATCH)
        if last is not None:
            query = query.where(key > last)
        page = [str(k) for k in repo.session.scalars(query)]
        if not page:
            return
        last = page[-1]
        yield page


def _streamed_keys(db: Database, query: Any) -> Iterator[list[str]]:
    """The keys a query gives, in its order, BATCH at a time: one query, sorted once by the
    database and read as it goes (a server-side cursor on PostgreSQL), on a connection of its
    own beside the unit of work that reads the records."""
    with db.engine.connect() as connection:
        streamed = connection.execution_options(stream_results=True, yield_per=BATCH)
        for part in streamed.execute(query).partitions(BATCH):
            yield [str(row[0]) for row in part]


def _with_successors(scoped: Scoped, found: list[Commitment]) -> list[Commitment]:
    """The batch and the commitments that took theirs over, as far as the viewer sees them
    (what an outcome follows)."""
    known = {c.key: c for c in found}
    wanted = {c.relinked_to for c in found if c.relinked_to} - set(known)
    for _step in range(SUCCESSORS_DEPTH):
        wanted = {k for k in wanted if k != WITHHELD}
        if not wanted:
            break
        more = scoped.many(Commitment, sorted(wanted))
        known.update((c.key, c) for c in more)
        wanted = {c.relinked_to for c in more if c.relinked_to} - set(known)
    return list(known.values())


def _document_line(line: tuple[Any, ...]) -> list[Any]:
    key, kind, day, title, classification, status = line
    return [
        key,
        getattr(kind, "value", kind),
        _text(day),
        title,
        getattr(classification, "value", classification),
        status,
    ]


def _text(value: object) -> str | None:
    return None if value is None else str(value)
