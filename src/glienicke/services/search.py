"""Searching the record: the viewer's document rule is worked out from the marks of cases and
proposals alone (never from every document) and handed to the index, which applies it before
it ranks, counts, quotes or facets anything."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from glienicke.domain.documents import Classification, Document, DocumentKind, DocumentStatus
from glienicke.domain.errors import InvalidValue
from glienicke.records.query import parse_query
from glienicke.security.model import Permission
from glienicke.security.policy import DocumentRule, Marks, Viewer, document_rule
from glienicke.services.access import require
from glienicke.services.database import Database
from glienicke.store import search as index
from glienicke.store.repository import Repository
from glienicke.store.tables import CaseRow, ProposalRow

MAX_LIMIT = 100
STATUSES = tuple(s.value for s in DocumentStatus)


def rule_for(repo: Repository, viewer: Viewer) -> DocumentRule:
    """Which documents the viewer may see, from the marks of cases and proposals."""
    session = repo.session
    restricted: dict[tuple[str, str], set[str]] = {}
    for kind, row in (("case", CaseRow), ("proposal", ProposalRow)):
        child = row.__mapper__.relationships["restricted_to"].mapper.class_
        for key, value in session.execute(select(child.parent_key, child.value)):
            restricted.setdefault((kind, key), set()).add(value)
    proposal_cases: dict[str, set[str]] = {}
    link = ProposalRow.__mapper__.relationships["cases"].mapper.class_
    for key, case in session.execute(select(link.parent_key, link.value)):
        proposal_cases.setdefault(key, set()).add(case)
    cases = [
        (key, Marks(marking, frozenset(restricted.get(("case", key), set()))))
        for key, marking in session.execute(select(CaseRow.key, CaseRow.classification))
    ]
    proposals = [
        (
            key,
            Marks(marking, frozenset(restricted.get(("proposal", key), set()))),
            frozenset(proposal_cases.get(key, set())),
        )
        for key, marking in session.execute(select(ProposalRow.key, ProposalRow.classification))
    ]
    return document_rule(viewer, cases, proposals)


def filters_from(
    *,
    kind: list[str] | None = None,
    classification: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    person: str | None = None,
    case: str | None = None,
    proposal: str | None = None,
    file: str | None = None,
    status: str | None = None,
) -> index.Filters:
    """Filters from what a user typed, each checked with a message naming it."""
    kinds = {k.value for k in DocumentKind}
    levels = {c.value for c in Classification}
    for name, given, allowed in (("kind", kind, kinds), ("classification", classification, levels)):
        for value in given or []:
            if value not in allowed:
                raise InvalidValue(f"{name} {value!r} is not one of: {', '.join(sorted(allowed))}")
    if status is not None and status not in STATUSES:
        raise InvalidValue(f"status {status!r} is not one of: {', '.join(STATUSES)}")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidValue(f"year from {year_from} is after year to {year_to}")
    return index.Filters(
        kinds=frozenset(kind or []),
        classifications=frozenset(classification or []),
        year_from=year_from,
        year_to=year_to,
        person=person,
        case=case,
        proposal=proposal,
        file=" ".join(file.replace("\u2013", "-").split()) if file else None,
        status=status,
    )


def search_documents(
    db: Database,
    text: str,
    filters: index.Filters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
) -> dict[str, Any]:
    """Ranked matches with snippets, their count and facets, as the viewer may see them."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValue(f"limit {limit} must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise InvalidValue(f"offset {offset} must not be negative")
    query = parse_query(text)
    viewer = require(Permission.READ)
    rule = document_rule_of(db, viewer)
    db.catch_up_search()  # a change another process committed is in the index before we look
    with db.reading() as repo:
        found = index.search(
            repo.session,
            query,
            rule,
            filters or index.Filters(),
            limit=limit,
            offset=offset,
            facets=facets,
        )
        keyed = document_by_key(repo, text, rule, filters or index.Filters())
        if keyed is not None and offset == 0:
            # The document whose key was typed comes first, whatever the words would rank.
            found.hits = [index.Hit(keyed, 1.0), *(h for h in found.hits if h.key != keyed)]
            found.hits = found.hits[:limit]
            found.total += 0 if any(h.key == keyed for h in found.hits[1:]) else 1
        titles = _summaries(repo, [h.key for h in found.hits])
    # Only what is on file now: an index entry of a document no longer there is never shown.
    found.hits = [hit for hit in found.hits if hit.key in titles]
    return {
        "query": text,
        "total": found.total,
        "offset": offset,
        "results": [
            {
                **titles.get(hit.key, {"key": hit.key}),
                "score": round(hit.score, 4),
                "snippet": [{"text": t, "match": m} for t, m in index.segments(hit.snippet)],
            }
            for hit in found.hits
        ],
        "facets": {
            name: [{"value": v, "count": c} for v, c in values]
            for name, values in found.facets.items()
        },
        "facets_counted": found.faceted,
    }


def list_documents(
    db: Database,
    filters: index.Filters | None = None,
    *,
    limit: int = 50,
    offset: int = 0,
    cap: int = 1_000,
) -> dict[str, Any]:
    """The registry without a query: a page of the documents the viewer may see, newest
    first, with how many there are (counted up to `cap`; `more` when there are more)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValue(f"limit {limit} must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise InvalidValue(f"offset {offset} must not be negative")
    viewer = require(Permission.READ)
    rule = document_rule_of(db, viewer)
    with db.reading() as repo:
        total, keys = index.registry(
            repo.session, rule, filters or index.Filters(), limit=limit, offset=offset, cap=cap
        )
        lines = {d.key: d for d in repo.document_lines_of(keys)}
    return {
        "total": min(total, cap),
        "more": total > cap,
        "offset": offset,
        "documents": [lines[k] for k in keys if k in lines],
    }


def reindex(db: Database, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Build the search index afresh from the documents on file (records officers and
    administrators); `progress` hears how many more documents are in. Audited."""
    require(Permission.LOAD_DATASETS)
    if db.search is None:
        raise InvalidValue(
            "search engine: this database searches with its own full-text index, which every"
            " change keeps up to date; set GLIENICKE_SEARCH_ENGINE=tantivy to use the embedded one"
        )
    with db.reading() as repo:
        expected = repo.count(Document)
    done = db.rebuild_search(progress)
    with db.transaction() as repo:
        assert repo.audit is not None
        repo.audit.record("reindexed", "search-index", "documents", {"documents": done})
    return {"documents": done, "expected": expected, "folder": str(db.search.folder)}


def document_choices(db: Database, count: int) -> list[tuple[str, str]]:
    """The `count` newest documents the viewer may see, as (key, title), newest first: what a
    form's list of documents offers (the whole registry would be a list nobody could use,
    read afresh for every page; an older document is linked from its own page)."""
    viewer = require(Permission.READ)
    rule = document_rule_of(db, viewer)
    with db.reading() as repo:
        _total, keys = index.registry(repo.session, rule, index.Filters(), limit=count, cap=count)
        lines = {d.key: d for d in repo.document_lines_of(keys)}
    return [(k, lines[k].title or k) for k in keys if k in lines]


def document_rule_of(db: Database, viewer: Viewer) -> DocumentRule:
    """The viewer's `rule_for`, kept until the records change: it reads the marks of every
    case and proposal, and every search asks for it."""

    def work() -> DocumentRule:
        with db.reading() as repo:
            return rule_for(repo, viewer)

    return db.kept(("document rule", viewer), work)


_KEY_SHAPED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$")


def document_by_key(
    repo: Repository, text: str, rule: DocumentRule, filters: index.Filters
) -> str | None:
    """The document whose key the query is, when the viewer may see it and it passes the
    filters ('frus1964-68v14-d250', 'letter-rusk-katzenbach-1964-11-19')."""
    wanted = text.strip()
    if not _KEY_SHAPED.match(wanted) or not re.search(r"[-_.:0-9]", wanted):
        return None
    _total, keys = index.registry(repo.session, rule, replace(filters, key=wanted), limit=1)
    return keys[0] if keys else None


def _summaries(repo: Repository, keys: list[str]) -> dict[str, dict[str, Any]]:
    from glienicke.store.tables import DocumentRow

    if not keys:
        return {}
    rows = repo.session.execute(
        select(
            DocumentRow.key,
            DocumentRow.kind,
            DocumentRow.title,
            DocumentRow.date,
            DocumentRow.classification,
        ).where(DocumentRow.key.in_(keys))
    )
    return {
        key: {
            "key": key,
            "kind": kind.value,
            "title": title,
            "date": None if date is None else str(date),
            "classification": classification.value,
        }
        for key, kind, title, date, classification in rows
    }
