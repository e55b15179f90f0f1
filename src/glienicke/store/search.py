"""Full-text search over documents: SQLite FTS5 and PostgreSQL full-text search behind one
interface.

The index is a table of its own, `document_index`, made by migrations 0007 and 0008 for each
engine: an FTS5 table (porter stemming) on SQLite, a table with a weighted tsvector and a GIN
index on PostgreSQL. It holds four fields of text: title (weighted highest), names (senders,
recipients, persons as written, file designations, telegram numbers), notes (summary,
footnotes, source, signature) and body; and each document's tags (classification, kind, year,
linked cases, proposals and persons: FTS5 tokens in a column of their own, or a text array).

Every query applies the viewer's `DocumentRule` and the filters inside the engine's match, as
tag conditions, so ranking, counting, facets and snippets only ever see documents the viewer
may see, and the engine does no more work per match than it does for the bare query.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Text,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY as PG_ARRAY
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.orm import Session

from glienicke.domain.documents import Classification, Document
from glienicke.records.query import Query, TermKind, fts5_expression, tsquery_expression
from glienicke.security.policy import DocumentRule
from glienicke.store.tables import (
    DocCase,
    DocFileDesignation,
    DocPerson,
    DocProposal,
    DocumentRow,
)

INDEX = "document_index"
FIELDS = ("title", "names", "notes", "body")
HIT_START, HIT_END = "\u27e6", "\u27e7"  # ⟦ ⟧: marks a matched word inside a snippet
FACET_SIZE = 10
FACETS = ("kind", "year", "classification", "person", "case", "file", "status")
DRAFT_TAG = "status:draft"  # only drafts carry a status tag: a filed document is one without
FACET_DEPTH = 500  # facets count the best this many matches (the total is always exact)
# Past this many hidden cases and proposals, the engines' own match slows with every one
# (FTS5 steps each term of a NOT (a OR b OR ...) for every match: 31 s for a common word
# with 4,400 of them over a million documents); they are then excluded by a condition on
# the documents' links instead.
HIDDEN_IN_ENGINE = 64

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
    status: str | None = None  # 'draft' or 'filed'
    key: str | None = None  # the registry only: this one document


@dataclass
class Hit:
    key: str
    score: float
    snippet: str = ""


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float
    handle: Any  # what finds the index row fastest: FTS5's rowid, PostgreSQL's key
    tags: list[str]


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    faceted: int = 0  # how many of the best matches the facets counted


# --- writing -------------------------------------------------------------------------------


def index_fields(document: Document) -> dict[str, Any]:
    """What the index holds of a document: its text in four fields and its tags."""
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
        "tags": document_tags(document),
    }


def document_tags(document: Document) -> list[str]:
    """What visibility, filters and facets ask of a document, as tags the engine matches
    itself: 'class:secret', 'kind:telegram', 'year:1941', 'case:gorin-1941', 'proposal:...',
    'person:...', 'file:311.6121 Gorin, M. N./42', and 'status:draft' for a draft. Kind and date
    never change once filed; links change, a document may be declassified, a draft is revised
    and filed, and the repository indexes a document again whenever any of that happens."""
    tags = [f"class:{document.classification.value}", f"kind:{document.kind.value}"]
    if document.date is not None:
        tags.append(f"year:{document.date.year}")
    tags += [f"case:{key}" for key in document.cases]
    tags += [f"proposal:{key}" for key in document.proposals]
    tags += [f"person:{key}" for key in document.persons]
    tags += [f"file:{designation}" for designation in document.file_designations]
    if document.is_draft:
        tags.append(DRAFT_TAG)
    return tags


def index_documents(
    session: Session, documents: Iterable[Document], *, fresh: bool = False
) -> None:
    """Index documents the caller has stored in the same transaction, replacing what the
    index held of them (`fresh`: they are new, so it held nothing)."""
    add_index_rows(session, [index_fields(d) for d in documents], fresh=fresh)


def add_index_rows(
    session: Session, rows: Sequence[dict[str, Any]], *, fresh: bool = False
) -> None:
    """Index entries for documents; `fresh` when none of them can be indexed already."""
    if not rows:
        return
    if embedded(session) is not None:  # queued, applied to the embedded index after commit
        from glienicke.store.tantivy_index import queue

        queue(session, rows)
        session.info["search_queued"] = True
        return
    engine = _engine(session)
    if not fresh:
        keys = [r["key"] for r in rows]
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            session.execute(_index.delete().where(_index.c.key.in_(chunk)))
    session.execute(engine.table().insert(), [engine.stored(row) for row in rows])


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagFilter:
    """Tag conditions: each set in `all_of` must share a tag with the document, and no tag
    in `none_of` may be the document's."""

    all_of: tuple[frozenset[str], ...] = ()
    none_of: frozenset[str] = frozenset()


def tag_filter(rule: DocumentRule, filters: Filters, years: tuple[int, int] | None) -> TagFilter:
    """The viewer's rule and the filters, but for the file designation, as tag conditions.
    `years` is the first and last year on file, to spell out a year filter."""
    all_of: list[frozenset[str]] = []
    levels = {c.value for c in rule.levels}
    if filters.classifications:
        levels &= set(filters.classifications)
    if levels != {c.value for c in Classification}:
        all_of.append(frozenset(f"class:{level}" for level in levels))
    if filters.kinds:
        all_of.append(frozenset(f"kind:{kind}" for kind in filters.kinds))
    if filters.year_from is not None or filters.year_to is not None:
        low, high = years or (0, -1)  # no dated document: no year matches
        low = max(low, filters.year_from) if filters.year_from is not None else low
        high = min(high, filters.year_to) if filters.year_to is not None else high
        all_of.append(frozenset(f"year:{year}" for year in range(low, high + 1)))
    for name, wanted in (
        ("person", filters.person),
        ("case", filters.case),
        ("proposal", filters.proposal),
    ):
        if wanted is not None:
            all_of.append(frozenset({f"{name}:{wanted}"}))
    if filters.status == "draft":
        all_of.append(frozenset({DRAFT_TAG}))
    none_of = {f"case:{key}" for key in rule.hidden_cases}
    none_of |= {f"proposal:{key}" for key in rule.hidden_proposals}
    if filters.status == "filed":
        none_of.add(DRAFT_TAG)
    return TagFilter(tuple(all_of), frozenset(none_of))


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
    """The best matches the viewer may see, with their exact count, snippets, and facets
    counted over the best FACET_DEPTH of them (all of them when there are no more).

    Visibility and filters are tags inside the engine's own match, so the engine counts and
    ranks only what the viewer may see, with no per-row check of ours; only a file
    designation filter is a condition on the documents' own list. Snippets are made for the
    page alone, facets from the keys of the best matches."""
    nothing = Results(0, [], {name: [] for name in FACETS} if facets else {})
    found = embedded(session)
    if found is not None:
        tags = _embedded_tags(session, rule, filters)
        if tags is None:
            return nothing
        return _search_embedded(session, found, query, tags, filters, limit, offset, facets)
    matching = _match(session, query, rule, filters)
    if matching is None:
        return nothing
    engine, where = matching
    source = engine.bare()
    depth = max(FACET_DEPTH if facets else 0, offset + limit)
    rows = engine.ranked(session, source, where, query, depth)
    if not rows:
        return nothing
    total = len(rows)
    if total == depth:  # there may be more: count them (the engine's cheapest pass)
        total = int(session.scalar(select(func.count()).select_from(source).where(where)) or 0)
    page = rows[offset : offset + limit]
    hits = [Hit(row.key, row.score) for row in page]
    snippets = engine.snippets(session, query, {row.key: row.handle for row in page})
    for hit in hits:
        hit.snippet = snippets.get(hit.key, "")
    counted = rows[:FACET_DEPTH]
    found = _facets(counted) if facets else {}
    return Results(total, hits, found, faceted=len(counted) if facets else 0)


def _search_embedded(
    session: Session,
    found: Any,
    query: Query,
    tags: TagFilter,
    filters: Filters,
    limit: int,
    offset: int,
    facets: bool,
) -> Results:
    """`search` on the embedded index: the same tag conditions, inside its query."""
    from glienicke.store.tantivy_index import SearchIndex, TagTerms

    engine: SearchIndex = found
    depth = max(FACET_DEPTH if facets else 0, offset + limit)
    terms = TagTerms(tags.all_of, tags.none_of, filters.file)
    total, best = engine.search(query, terms, depth)
    if not best:
        return Results(0, [], {name: [] for name in FACETS} if facets else {})
    page = best[offset : offset + limit]
    texts = {
        key: (title or "", body or "")
        for key, title, body in session.execute(
            select(DocumentRow.key, DocumentRow.title, DocumentRow.body).where(
                DocumentRow.key.in_([one.key for one in page])
            )
        )
    }
    snippets = engine.snippets(query, page, texts)
    hits = [Hit(one.key, one.score, snippets.get(one.key, "")) for one in page]
    counted = [one.tags for one in best[:FACET_DEPTH]]
    return Results(
        total, hits, _facets_of(counted) if facets else {}, faceted=len(counted) if facets else 0
    )


def _embedded_tags(session: Session, rule: DocumentRule, filters: Filters) -> TagFilter | None:
    """The rule and filters as the embedded index's tag conditions (None: nothing matches)."""
    if rule.sees_nothing:
        return None
    tags = tag_filter(rule, filters, _years(session, filters))
    return None if any(not wanted for wanted in tags.all_of) else tags


def embedded(session: Session) -> Any:
    """The embedded search index this session's database keeps, or None: the database's own."""
    return session.info.get("search_index")


def index_rows(session: Session, *, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """Every document's index fields, read a chunk at a time (to rebuild an index)."""
    from glienicke.store.repository import Repository

    repo = Repository(session)
    last = ""
    while True:
        keys = list(
            session.scalars(
                select(DocumentRow.key)
                .where(DocumentRow.key > last)
                .order_by(DocumentRow.key)
                .limit(chunk)
            )
        )
        if not keys:
            return
        for document in repo.many(Document, keys):
            yield index_fields(document)
        last = keys[-1]
        session.expunge_all()


def _match(
    session: Session, query: Query, rule: DocumentRule, filters: Filters
) -> tuple[_Engine, ColumnElement[bool]] | None:
    """The engine and the condition a document the viewer may see must meet to match the
    query and the filters (None: nothing can match)."""
    if rule.sees_nothing:
        return None
    engine = _engine(session)
    tags = tag_filter(rule, filters, _years(session, filters))
    if any(not wanted for wanted in tags.all_of):
        return None
    apart = len(rule.hidden_cases) + len(rule.hidden_proposals) > HIDDEN_IN_ENGINE
    if apart:  # the hidden cases and proposals as conditions beside the engine's match
        kept = frozenset(t for t in tags.none_of if not t.startswith(("case:", "proposal:")))
        tags = TagFilter(tags.all_of, kept)
    where = engine.matches(query, tags)
    if apart:
        for child, name, hidden in (
            (DocCase, "hidden_cases", rule.hidden_cases),
            (DocProposal, "hidden_proposals", rule.hidden_proposals),
        ):
            if hidden:
                where = and_(where, ~_linked(child, name, _among(sorted(hidden))))
    if filters.file is not None:
        where = and_(where, _linked(DocFileDesignation, "wanted_files", _filed(filters.file)))
    return engine, where


# What an export of documents holds of each: read beside the keys, never the text.
LINE_COLUMNS = ("key", "kind", "date", "title", "classification", "status")


def ranked_lines(
    session: Session, query: Query, rule: DocumentRule, filters: Filters, *, batch: int = 1000
) -> Iterator[tuple[Any, ...]]:
    """Every match the viewer may see, best first (ties by key), as the score and the
    LINE_COLUMNS: read from the database `batch` rows at a time (a server-side cursor on
    PostgreSQL), so memory stays the same however many match. The same condition as
    `search`, so the same documents."""
    found = embedded(session)
    if found is not None:
        yield from _ranked_lines_embedded(session, found, query, rule, filters, batch)
        return
    matching = _match(session, query, rule, filters)
    if matching is None:
        return
    engine, where = matching
    d = _documents
    source = engine.bare().join(d, d.c.key == _index.c.key)
    statement = (
        select(engine.score(query), *(d.c[name] for name in LINE_COLUMNS))
        .select_from(source)
        .where(where)
        .order_by(engine.order(query), d.c.key)
        .execution_options(yield_per=batch)
    )
    for row in session.execute(statement):
        yield tuple(row)


def _ranked_lines_embedded(
    session: Session,
    found: Any,
    query: Query,
    rule: DocumentRule,
    filters: Filters,
    batch: int,
) -> Iterator[tuple[Any, ...]]:
    """`ranked_lines` from the embedded index: every match's key and score in rank order
    (keys and scores alone are held), the LINE_COLUMNS read `batch` documents at a time."""
    from glienicke.store.tantivy_index import TagTerms

    tags = _embedded_tags(session, rule, filters)
    if tags is None:
        return
    ranked = found.ranked_keys(query, TagTerms(tags.all_of, tags.none_of, filters.file))
    d = _documents
    for start in range(0, len(ranked), batch):
        chunk = ranked[start : start + batch]
        rows = {
            row[0]: tuple(row)
            for row in session.execute(
                select(*(d.c[name] for name in LINE_COLUMNS)).where(
                    d.c.key.in_([key for key, _score in chunk])
                )
            )
        }
        for key, score in chunk:
            if key in rows:  # only what is on file now
                yield (score, *rows[key])


def registry_lines(
    session: Session, rule: DocumentRule, filters: Filters, *, batch: int = 1000
) -> Iterator[tuple[Any, ...]]:
    """Every document the viewer may see that passes the filters, in the registry's order
    (newest first, undated last), as the LINE_COLUMNS, read `batch` rows at a time."""
    where = _registry_where(session, rule, filters)
    if where is None:
        return
    d = _documents
    columns = [d.c[name] for name in LINE_COLUMNS]
    newest = (d.c.year.desc(), d.c.date_order.desc(), d.c.key.desc())
    dated = select(*columns).where(*where, d.c.year.is_not(None)).order_by(*newest)
    undated = select(*columns).where(*where, d.c.year.is_(None)).order_by(d.c.key.desc())
    for statement in (dated, undated):
        for row in session.execute(statement.execution_options(yield_per=batch)):
            yield tuple(row)


def registry(
    session: Session,
    rule: DocumentRule,
    filters: Filters,
    *,
    limit: int,
    offset: int = 0,
    cap: int = 10_000,
) -> tuple[int, list[str]]:
    """The registry without words to match: a page of the keys of the documents the viewer
    may see that pass the filters, newest first (by year, then the date's place in time,
    then key; undated last), and how many there are, counted no further than `cap` (cap + 1: more
    than that). The same rule and filters as `search`, as conditions on the documents and
    their lists."""
    found = _registry_where(session, rule, filters)
    if found is None:
        return 0, []
    where = found
    d = _documents
    # Newest first along ix_documents_year_date_order_key: the dated, then the undated (each
    # engine puts NULL at its own end of an index, so they are read apart).
    newest = (d.c.year.desc(), d.c.date_order.desc(), d.c.key.desc())
    dated = select(d.c.key).where(*where, d.c.year.is_not(None)).order_by(*newest)
    undated = select(d.c.key).where(*where, d.c.year.is_(None)).order_by(d.c.key.desc())
    keys = list(session.scalars(dated.limit(limit).offset(offset)))
    if len(keys) < limit:
        before = offset if keys else _count(session, dated)
        keys += session.scalars(undated.limit(limit - len(keys)).offset(max(0, offset - before)))
    # counted along the same index, stopping past the cap
    total = _count(session, dated.limit(cap + 1))
    if total <= cap:
        total += _count(session, undated.limit(cap + 1 - total))
    return total, keys


def _registry_where(
    session: Session, rule: DocumentRule, filters: Filters
) -> list[ColumnElement[bool]] | None:
    """The registry's conditions on the documents and their lists: the viewer's rule and the
    filters (None: nothing passes)."""
    if rule.sees_nothing:
        return None
    d = _documents
    levels = {c.value for c in rule.levels}
    if filters.classifications:
        levels &= set(filters.classifications)
    if not levels:
        return None
    where: list[ColumnElement[bool]] = [d.c.classification.in_(sorted(levels))]
    if filters.kinds:
        where.append(d.c.kind.in_(sorted(filters.kinds)))
    if filters.year_from is not None:
        where.append(d.c.year >= filters.year_from)
    if filters.year_to is not None:
        where.append(d.c.year <= filters.year_to)
    if filters.status is not None:
        where.append(d.c.status == filters.status)
    if filters.key is not None:
        where.append(d.c.key == filters.key)
    for child, wanted in (
        (DocPerson, filters.person),
        (DocCase, filters.case),
        (DocProposal, filters.proposal),
    ):
        if wanted is not None:
            where.append(_linked(child, f"wanted_{child.__tablename__}", _among([wanted]), d.c.key))
    if filters.file is not None:
        where.append(_linked(DocFileDesignation, "wanted_files", _filed(filters.file), d.c.key))
    for child, hidden in ((DocCase, rule.hidden_cases), (DocProposal, rule.hidden_proposals)):
        if hidden:
            name = f"hidden_{child.__tablename__}"
            where.append(~_linked(child, name, _among(sorted(hidden)), d.c.key))
    if session.get_bind().dialect.name == "sqlite" and not (
        filters.person or filters.case or filters.proposal or filters.file
    ):
        # Without statistics SQLite would rather read every document of the levels shown and
        # sort them all than walk the registry's index and stop at the page; a unary plus is
        # SQLite's own way to keep a condition from choosing an index.
        where[0] = literal_column(f"+{DocumentRow.__tablename__}.classification").in_(
            sorted(levels)
        )
    return where


def _among(keys: list[str]) -> Callable[[Any], ColumnElement[bool]]:
    """The condition that a list's value is one of these keys."""
    return lambda value: value.in_(keys)


def _filed(designation: str) -> Callable[[Any], ColumnElement[bool]]:
    """The condition that a file designation is this one or begins with it."""
    return lambda value: (value == designation) | value.startswith(designation, autoescape=True)


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def raw_search(session: Session, query: Query, *, limit: int = 20) -> list[tuple[str, float]]:
    """The engine's own ranked query with nothing of ours around it: the benchmark's baseline."""
    found = embedded(session)
    if found is not None:
        return list(found.raw(query, limit))
    engine = _engine(session)
    ranked = (
        select(_index.c.key, engine.score(query).label("score"))
        .select_from(engine.bare())
        .where(engine.matches(query, TagFilter()))
        .order_by(engine.order(query))
        .limit(limit)
    )
    return [(k, float(s)) for k, s in session.execute(ranked)]


def _years(session: Session, filters: Filters) -> tuple[int, int] | None:
    """The first and last year on file, when a year filter asks (its range is spelled out as
    tags, and only the years on file need spelling)."""
    if filters.year_from is None and filters.year_to is None:
        return None
    low, high = session.execute(
        select(func.min(_documents.c.year), func.max(_documents.c.year))
    ).one()
    return None if low is None else (int(low), int(high))


def _value(child: type[Any]) -> Any:
    """The column a value table keeps its values in ('case_key', 'designation', ...)."""
    return child.__mapper__.columns["value"]


def _linked(
    child: type[Any],
    name: str,
    condition: Callable[[Any], ColumnElement[bool]],
    of: Any = None,
) -> Any:
    """EXISTS over a document's list, on an alias of its own, for the document whose key is
    `of` (by default the search index row's)."""
    links = child.__table__.alias(name)
    value = links.c[_value(child).name]
    key = _index.c.key if of is None else of
    return exists().where(links.c.parent_key == key, condition(value))


def _facets(rows: Sequence[Ranked]) -> dict[str, list[tuple[str, int]]]:
    """Facet counts over ranked rows, from their tags."""
    return _facets_of([row.tags for row in rows])


def _facets_of(tag_lists: Sequence[list[str]]) -> dict[str, list[tuple[str, int]]]:
    """Facet counts over documents, from the tags of each."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    names = {"class": "classification"}
    for tags in tag_lists:
        for tag in tags:
            name, _, value = tag.partition(":")
            found = counts.get(names.get(name, name))
            if found is not None:
                found[value] += 1
    drafts = counts["status"]["draft"]
    counts["status"] = Counter({"draft": drafts, "filed": len(tag_lists) - drafts})
    return {name: _top(+found) for name, found in counts.items()}


def _top(counts: Counter[str]) -> list[tuple[str, int]]:
    """The FACET_SIZE most frequent values, most frequent first, ties by value."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]


# --- the two engines -----------------------------------------------------------------------


class _Engine(ABC):
    """What differs between the engines: how tags are stored, matching, scoring, ordering
    and snippets."""

    def bare(self) -> Any:
        return _index

    def table(self) -> Any:
        return table(INDEX, column("key"), *(column(f) for f in FIELDS), column("tags"))

    def stored(self, row: dict[str, Any]) -> dict[str, Any]:
        """An index row as the engine's table holds it."""
        return {**row, "tags": self.stored_tags(row["tags"])}

    @abstractmethod
    def stored_tags(self, tags: list[str]) -> Any: ...

    @abstractmethod
    def matches(self, query: Query, tags: TagFilter) -> ColumnElement[bool]: ...

    @abstractmethod
    def score(self, query: Query) -> ColumnElement[Any]: ...

    @abstractmethod
    def order(self, query: Query) -> ColumnElement[Any]: ...

    def ranked(
        self, session: Session, source: Any, where: ColumnElement[bool], query: Query, depth: int
    ) -> list[Ranked]:
        """The best `depth` matches, best first; ties in key order."""
        tags: ColumnElement[Any] = literal_column(f"{INDEX}.tags")
        statement = (
            select(_index.c.key, self.score(query), tags)
            .select_from(source)
            .where(where)
            .order_by(self.order(query), _index.c.key)
            .limit(depth)
        )
        found = session.execute(statement)
        return [Ranked(key, float(score), key, list(tags)) for key, score, tags in found]

    @abstractmethod
    def snippets(self, session: Session, query: Query, rows: dict[str, Any]) -> dict[str, str]:
        """Highlighted passages for the rows (key -> handle) of one page."""


def fts5_token(tag: str) -> str:
    """A tag as one FTS5 token no word can be: hex digits after 'tag', ending in a digit so
    the porter stemmer leaves it whole (migration 0008 writes the same)."""
    return "tag" + tag.encode("utf-8").hex() + "0"


def _tags_of(tokens: str) -> list[str]:
    """The tags an FTS5 row's tokens spell."""
    return [bytes.fromhex(token[3:-1]).decode("utf-8") for token in tokens.split()]


class _Fts5(_Engine):
    # Column weights for bm25, in the table's column order: key (not indexed), then FIELDS,
    # then the tags (which never count towards the rank).
    WEIGHTS = (0.0, 8.0, 4.0, 2.0, 1.0, 0.0)
    TEXT = "{" + " ".join(FIELDS) + "}"

    def stored_tags(self, tags: list[str]) -> Any:
        return " ".join(fts5_token(t) for t in tags)

    def expression(self, query: Query, tags: TagFilter) -> str:
        """The MATCH expression: the words in the text fields, the tags in theirs."""
        found = f"{self.TEXT} : ({fts5_expression(query)})"
        for wanted in tags.all_of:
            found += " AND tags : (" + " OR ".join(sorted(map(fts5_token, wanted))) + ")"
        if tags.none_of:
            found = (
                f"({found}) NOT tags : (" + " OR ".join(sorted(map(fts5_token, tags.none_of))) + ")"
            )
        return found

    def matches(self, query: Query, tags: TagFilter) -> ColumnElement[bool]:
        return literal_column(INDEX).op("MATCH")(self.expression(query, tags))

    def score(self, query: Query) -> ColumnElement[Any]:
        return func.bm25(literal_column(INDEX), *self.WEIGHTS)

    def order(self, query: Query) -> ColumnElement[Any]:
        return self.score(query)  # bm25 is lower for better matches

    def ranked(
        self, session: Session, source: Any, where: ColumnElement[bool], query: Query, depth: int
    ) -> list[Ranked]:
        """Ranked on the rowid, ties in rowid order: FTS5 reads a row's key (a column it does
        not index) only for the rows kept, where ordering on the key would read it for every
        match (five times the engine's own time for a common word)."""
        rowid: ColumnElement[int] = literal_column(f"{INDEX}.rowid")
        statement = (
            select(rowid, self.score(query))
            .select_from(source)
            .where(where)
            .order_by(self.order(query), rowid)
            .limit(depth)
        )
        best = session.execute(statement).all()
        stored: dict[int, tuple[str, str]] = {}
        tags: ColumnElement[Any] = literal_column(f"{INDEX}.tags")
        for start in range(0, len(best), 500):
            chunk = [number for number, _score in best[start : start + 500]]
            found = session.execute(select(rowid, _index.c.key, tags).where(rowid.in_(chunk)))
            stored.update((number, (key, tokens)) for number, key, tokens in found)
        return [
            Ranked(stored[number][0], float(score), number, _tags_of(stored[number][1]))
            for number, score in best
        ]

    def snippets(self, session: Session, query: Query, rows: dict[str, Any]) -> dict[str, str]:
        """Snippets for the page's rows. FTS5 seeks straight to a rowid given with a match, so
        one small query per row is cheapest, but for a prefix, which FTS5 expands afresh
        each time: then one query scans the matches between the page's first and last rowid
        (its own range constraint, so the prefix is expanded once) and makes snippets for the
        page's rows only (the unary + keeps SQLite from handing the IN list to FTS5, which
        would run the match once per row again)."""
        if not rows:
            return {}
        keys = {rowid: key for key, rowid in rows.items()}
        params: dict[str, Any] = {
            "start": HIT_START,
            "end": HIT_END,
            "match": f"{self.TEXT} : ({fts5_expression(query)})",
        }
        select_snippet = f"SELECT rowid, snippet({INDEX}, -1, :start, :end, '\u2026', 24)"
        if not any(term.kind is TermKind.PREFIX for term in query.terms):
            one = text(f"{select_snippet} FROM {INDEX} WHERE {INDEX} MATCH :match AND rowid = :id")
            found: dict[str, str] = {}
            for rowid, key in keys.items():
                for _rowid, snippet in session.execute(one, {**params, "id": rowid}):
                    found[key] = snippet
            return found
        statement = text(
            f"{select_snippet} FROM {INDEX} WHERE {INDEX} MATCH :match"
            " AND rowid BETWEEN :low AND :high AND +rowid IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        params.update(low=min(keys), high=max(keys), ids=list(keys))
        return {keys[rowid]: snippet for rowid, snippet in session.execute(statement, params)}


class _Postgres(_Engine):
    CONFIG = "english"

    def stored_tags(self, tags: list[str]) -> Any:
        return tags

    def stored(self, row: dict[str, Any]) -> dict[str, Any]:
        """PostgreSQL's parser reads '311.6121' as one token where the query language reads
        two words (as FTS5 does): the names also hold each such number split in two."""
        return {**super().stored(row), "names": split_numbers(row["names"])}

    def table(self) -> Any:
        return table(
            INDEX,
            column("key"),
            *(column(f) for f in FIELDS),
            column("tags", PG_ARRAY(Text())),
        )

    def _tsquery(self, query: Query) -> ColumnElement[Any]:
        return func.to_tsquery(literal_column(f"'{self.CONFIG}'"), tsquery_expression(query))

    def matches(self, query: Query, tags: TagFilter) -> ColumnElement[bool]:
        stored = literal_column(f"{INDEX}.tags", PG_ARRAY(Text()))
        parts = [literal_column(f"{INDEX}.tsv").op("@@")(self._tsquery(query))]
        parts += [stored.overlap(_text_array(wanted)) for wanted in tags.all_of]
        if tags.none_of:
            parts.append(~stored.overlap(_text_array(tags.none_of)))
        return and_(*parts)

    def score(self, query: Query) -> ColumnElement[Any]:
        return func.ts_rank_cd(literal_column(f"{INDEX}.tsv"), self._tsquery(query))

    def order(self, query: Query) -> ColumnElement[Any]:
        return self.score(query).desc()

    def snippets(self, session: Session, query: Query, rows: dict[str, Any]) -> dict[str, str]:
        keys = list(rows)
        if not keys:
            return {}
        options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\u2026"
        statement = text(
            f"SELECT key, ts_headline('{self.CONFIG}',"
            " coalesce(nullif(body, ''), title), to_tsquery('english', :match), :options)"
            f" FROM {INDEX} WHERE key IN :keys"
        ).bindparams(bindparam("keys", expanding=True))
        found = session.execute(
            statement, {"match": tsquery_expression(query), "options": options, "keys": keys}
        )
        return {key: snippet for key, snippet in found}


def split_numbers(names: str) -> str:
    """Names, then, if any holds a dotted or slashed number ('311.6121', '/42'), the same
    lines with those numbers split into words (migration 0008 does the same)."""
    split = _JOINED_NUMBER.sub(" ", names)
    return names if split == names else f"{names}\n{split}"


_JOINED_NUMBER = re.compile(r"(?<=\d)[./](?=\d)|[./](?=\d)")


def _text_array(values: frozenset[str]) -> Any:
    return cast(array(sorted(values)), PG_ARRAY(Text()))


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
