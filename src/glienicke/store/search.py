"""Full-text search over documents: SQLite FTS5 and PostgreSQL full-text search behind one
interface.

The index is a table of its own, `document_index`, made by migration 0007 for each engine:
an FTS5 table (porter stemming) on SQLite, a table with a weighted tsvector and a GIN index on
PostgreSQL. It holds four fields: title (weighted highest), names (senders, recipients, persons
as written, file designations, telegram numbers), notes (summary, footnotes, source, signature)
and body.

Every query applies the viewer's `DocumentRule` and the filters in its WHERE clause, so
ranking, counting, facets and snippets only ever see documents the viewer may see.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session

from glienicke.domain.documents import Document
from glienicke.records.query import Query, fts5_expression, tsquery_expression
from glienicke.security.policy import DocumentRule
from glienicke.store.tables import DocCase, DocFileDesignation, DocPerson, DocProposal, DocumentRow

INDEX = "document_index"
FIELDS = ("title", "names", "notes", "body")
HIT_START, HIT_END = "\u27e6", "\u27e7"  # ⟦ ⟧: marks a matched word inside a snippet
FACET_SIZE = 10

_index = table(INDEX, column("key"), *(column(f) for f in FIELDS))
_documents = DocumentRow.__table__


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()
    classifications: frozenset[str] = frozenset()
    year_from: int | None = None
    year_to: int | None = None
    person: str | None = None
    case: str | None = None
    proposal: str | None = None
    file: str | None = None  # a designation or its beginning, e.g. '311.6121' or 'POL 23-6'


@dataclass
class Hit:
    key: str
    score: float
    snippet: str = ""


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


# --- writing -------------------------------------------------------------------------------


def index_fields(document: Document) -> dict[str, str]:
    """What the index holds of a document."""
    names = [p.text for p in (*document.sender, *document.recipients)]
    names += [m.text for m in document.mentions]
    names += document.file_designations
    if document.telegram_number:
        names.append(f"telegram {document.telegram_number} {document.telegram_post or ''}")
    notes = [document.summary or "", *document.footnotes, document.source_citation or ""]
    notes.append(document.signature or "")
    return {
        "key": document.key,
        "title": document.title,
        "names": "\n".join(names),
        "notes": "\n".join(n for n in notes if n),
        "body": document.body or "",
    }


def index_documents(session: Session, documents: Iterable[Document]) -> None:
    """Add documents to the index (the caller has stored them in the same transaction)."""
    add_index_rows(session, [index_fields(d) for d in documents])


def add_index_rows(
    session: Session, rows: Sequence[dict[str, str]], *, fresh: bool = False
) -> None:
    """Index entries for documents; `fresh` when none of them can be indexed already."""
    if not rows:
        return
    if not fresh:
        keys = [r["key"] for r in rows]
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            session.execute(_index.delete().where(_index.c.key.in_(chunk)))
    session.execute(_index.insert(), list(rows))


# --- reading -------------------------------------------------------------------------------


def search(
    session: Session,
    query: Query,
    rule: DocumentRule,
    filters: Filters,
    *,
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
) -> Results:
    """The best matches the viewer may see, with their count, snippets and facets."""
    if rule.sees_nothing:
        return Results(0, [], {})
    engine = _engine(session)
    where = and_(engine.matches(query), _visible(rule), _filtered(filters))
    ranked = (
        select(_documents.c.key, engine.score(query).label("score"))
        .select_from(engine.source())
        .where(where)
        .order_by(engine.order(query), _documents.c.key)
        .limit(limit)
        .offset(offset)
    )
    hits = [Hit(key, float(score)) for key, score in session.execute(ranked)]
    snippets = engine.snippets(session, query, [h.key for h in hits])
    for hit in hits:
        hit.snippet = snippets.get(hit.key, "")
    counted = select(func.count()).select_from(engine.source()).where(where)
    total = int(session.scalar(counted) or 0)
    found = _facets(session, engine, where) if facets and total else {}
    return Results(total, hits, found)


def raw_search(session: Session, query: Query, *, limit: int = 20) -> list[tuple[str, float]]:
    """The engine's own ranked query with nothing of ours around it: the benchmark's baseline."""
    engine = _engine(session)
    ranked = (
        select(_index.c.key, engine.score(query).label("score"))
        .select_from(engine.bare())
        .where(engine.matches(query))
        .order_by(engine.order(query))
        .limit(limit)
    )
    return [(k, float(s)) for k, s in session.execute(ranked)]


def _visible(rule: DocumentRule) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = [
        _documents.c.classification.in_(sorted(c.value for c in rule.levels))
    ]
    for child, hidden in ((DocCase, rule.hidden_cases), (DocProposal, rule.hidden_proposals)):
        if hidden:
            keys = sorted(hidden)
            parts.append(~_linked(child, f"hidden_{child.__tablename__}", _among(keys)))
    return and_(*parts)


def _filtered(filters: Filters) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = [true()]
    if filters.kinds:
        parts.append(_documents.c.kind.in_(sorted(filters.kinds)))
    if filters.classifications:
        parts.append(_documents.c.classification.in_(sorted(filters.classifications)))
    if filters.year_from is not None:
        parts.append(_documents.c.year >= filters.year_from)
    if filters.year_to is not None:
        parts.append(_documents.c.year <= filters.year_to)
    for child, wanted in (
        (DocPerson, filters.person),
        (DocCase, filters.case),
        (DocProposal, filters.proposal),
    ):
        if wanted is not None:
            parts.append(_linked(child, f"wanted_{child.__tablename__}", _equal(wanted)))
    if filters.file is not None:
        wanted = filters.file
        parts.append(
            _linked(
                DocFileDesignation,
                "wanted_files",
                lambda v: (v == wanted) | v.startswith(wanted, autoescape=True),
            )
        )
    return and_(*parts)


def _value(child: type[Any]) -> Any:
    """The column a value table keeps its values in ('case_key', 'designation', ...)."""
    return child.__mapper__.columns["value"]


def _among(keys: list[str]) -> Callable[[Any], ColumnElement[bool]]:
    return lambda value: value.in_(keys)


def _equal(wanted: str) -> Callable[[Any], ColumnElement[bool]]:
    return lambda value: value == wanted


def _linked(child: type[Any], name: str, condition: Callable[[Any], ColumnElement[bool]]) -> Any:
    """EXISTS over a document's list, on an alias of its own: facets join the same tables."""
    links = child.__table__.alias(name)
    value = links.c[_value(child).name]
    return exists().where(links.c.parent_key == _documents.c.key, condition(value))


def _facets(
    session: Session, engine: _Engine, where: ColumnElement[bool]
) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    source = engine.source()
    for name, column_ in (
        ("kind", _documents.c.kind),
        ("year", _documents.c.year),
        ("classification", _documents.c.classification),
    ):
        query = (
            select(column_, func.count())
            .select_from(source)
            .where(where, column_.is_not(None))
            .group_by(column_)
            .order_by(func.count().desc(), column_)
            .limit(FACET_SIZE)
        )
        found[name] = [(str(value), int(count)) for value, count in session.execute(query)]
    for name, child in (
        ("person", DocPerson),
        ("case", DocCase),
        ("file", DocFileDesignation),
    ):
        links = child.__table__
        value = _value(child)
        query = (
            select(value, func.count())
            .select_from(source.join(links, links.c.parent_key == _documents.c.key))
            .where(where)
            .group_by(value)
            .order_by(func.count().desc(), value)
            .limit(FACET_SIZE)
        )
        found[name] = [(str(v), int(count)) for v, count in session.execute(query)]
    return found


# --- the two engines -----------------------------------------------------------------------


class _Engine(ABC):
    """What differs between the engines: matching, scoring, ordering and snippets."""

    def bare(self) -> Any:
        return _index

    def source(self) -> Any:
        return _index.join(_documents, _documents.c.key == _index.c.key)

    @abstractmethod
    def matches(self, query: Query) -> ColumnElement[bool]: ...

    @abstractmethod
    def score(self, query: Query) -> ColumnElement[Any]: ...

    @abstractmethod
    def order(self, query: Query) -> ColumnElement[Any]: ...

    @abstractmethod
    def snippets(self, session: Session, query: Query, keys: list[str]) -> dict[str, str]: ...


class _Fts5(_Engine):
    # Column weights for bm25, in the table's column order: key (not indexed), then FIELDS.
    WEIGHTS = (0.0, 8.0, 4.0, 2.0, 1.0)

    def matches(self, query: Query) -> ColumnElement[bool]:
        return literal_column(INDEX).op("MATCH")(fts5_expression(query))

    def score(self, query: Query) -> ColumnElement[Any]:
        return func.bm25(literal_column(INDEX), *self.WEIGHTS)

    def order(self, query: Query) -> ColumnElement[Any]:
        return self.score(query)  # bm25 is lower for better matches

    def snippets(self, session: Session, query: Query, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        statement = text(
            f"SELECT key, snippet({INDEX}, -1, :start, :end, '…', 24) FROM {INDEX}"
            f" WHERE {INDEX} MATCH :match AND key IN :keys"
        ).bindparams(bindparam("keys", expanding=True))
        rows = session.execute(
            statement,
            {"start": HIT_START, "end": HIT_END, "match": fts5_expression(query), "keys": keys},
        )
        return {key: snippet for key, snippet in rows}


class _Postgres(_Engine):
    CONFIG = "english"

    def _tsquery(self, query: Query) -> ColumnElement[Any]:
        return func.to_tsquery(literal_column(f"'{self.CONFIG}'"), tsquery_expression(query))

    def matches(self, query: Query) -> ColumnElement[bool]:
        return literal_column(f"{INDEX}.tsv").op("@@")(self._tsquery(query))

    def score(self, query: Query) -> ColumnElement[Any]:
        return func.ts_rank_cd(literal_column(f"{INDEX}.tsv"), self._tsquery(query))

    def order(self, query: Query) -> ColumnElement[Any]:
        return self.score(query).desc()

    def snippets(self, session: Session, query: Query, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=…"
        statement = text(
            f"SELECT key, ts_headline('{self.CONFIG}',"
            " coalesce(nullif(body, ''), title), to_tsquery('english', :match), :options)"
            f" FROM {INDEX} WHERE key IN :keys"
        ).bindparams(bindparam("keys", expanding=True))
        rows = session.execute(
            statement, {"match": tsquery_expression(query), "options": options, "keys": keys}
        )
        return {key: snippet for key, snippet in rows}


def _engine(session: Session) -> _Engine:
    name = session.get_bind().dialect.name
    return _Postgres() if name == "postgresql" else _Fts5()


def segments(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, matched) pieces, for any front end to show as it likes."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(HIT_START)
        if start < 0:
            pieces.append((rest, False))
            break
        end = rest.find(HIT_END, start)
        if end < 0:
            pieces.append((rest.replace(HIT_START, ""), False))
            break
        if start:
            pieces.append((rest[:start], False))
        pieces.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return pieces
