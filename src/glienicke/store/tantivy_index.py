"""The search index as an embedded Tantivy index in a folder beside the database.

The database stays the record of truth. Every change that touches what the index holds is
queued in the `search_outbox` table in the same transaction as the change (`queue`); after the
commit, `SearchIndex.catch_up` applies the queue to the index and empties it. A crash at any
point leaves the queue (the transaction committed) or nothing (it did not); the next catch-up,
at start, after the next change or before the next search, applies what is left. Applying is
idempotent (a document is replaced whole), so applying twice does no harm.

Several processes share one folder: each reads it, and the one that applies the queue holds a
file lock while it writes, so there is one writer at a time. Visibility is in the index as tags
(the document's classification, kind, linked cases and proposals), matched inside the engine's
query as the database engines do, so hidden documents never reach ranking or counting.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import tantivy
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from glienicke.records.query import Query, Term, TermKind
from glienicke.store.tables import SearchOutboxRow

FIELDS = ("title", "names", "notes", "body")
WEIGHTS = {"title": 8.0, "names": 4.0, "notes": 2.0, "body": 1.0}  # as the bm25 weights of FTS5
ANALYZER = "glienicke_en"
BATCH = 2_000  # queued changes applied per index commit
HEAP = 64_000_000  # the writer's memory budget, in bytes, before it writes a segment
SNIPPET_CHARS = 180
PREFIX_TERMS = 1_000  # words a prefix stands for, at most, in each field
LOCK = "glienicke-writer.lock"
SCHEMA = "2"  # the index's layout: a folder of another is rebuilt


def _analyzer() -> tantivy.TextAnalyzer:
    """Words as the query language reads them: split on what is not a letter or digit,
    lowercased, English stems (tantivy's own en_stem, built here so queries use the same)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw", fast=True)
    for name in FIELDS:
        # not stored: snippets are made from the database's text, so what the index stores
        # (and reads for every one of the best matches) is the key and the tags alone
        builder.add_text_field(name, tokenizer_name=ANALYZER)
    # visibility, filters and facets: one raw term per tag ('class:secret', 'case:gorin-1941')
    builder.add_text_field("tags", stored=True, tokenizer_name="raw")
    return builder.build()


@dataclass(frozen=True)
class TagTerms:
    """Tag conditions: each set in `all_of` must share a tag with the document, no tag in
    `none_of` may be the document's, and `file` (a designation or its beginning) must begin
    one of its 'file:' tags."""

    all_of: tuple[frozenset[str], ...] = ()
    none_of: frozenset[str] = frozenset()
    file: str | None = None


class Found(NamedTuple):  # one of the best matches (a tuple: hundreds are made per search)
    key: str
    score: float
    tags: list[str]
    address: Any


class SearchIndex:
    """One Tantivy index folder, opened for reading in this process and written under a lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._analyzer = _analyzer()
        self._index = self._open()

    def _open(self) -> tantivy.Index:
        mark = self.folder / "glienicke-schema"
        if self.folder.exists() and (
            not mark.exists() or mark.read_text(encoding="utf-8").strip() != SCHEMA
        ):
            # an index of another layout (or none): made afresh, then built from the record
            shutil.rmtree(self.folder)
        # made here: nothing of the record is in it yet
        self.fresh = not (self.folder / "meta.json").exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        if not mark.exists():
            mark.write_text(SCHEMA, encoding="utf-8")
        schema = _schema()
        index = tantivy.Index(schema, path=str(self.folder), reuse=True)
        index.register_tokenizer(ANALYZER, _analyzer())
        return index

    @property
    def schema(self) -> tantivy.Schema:
        return self._index.schema

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        """The one writer: this process's lock, then the folder's (other processes)."""
        with self._lock, open(self.folder / LOCK, "a+") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            try:
                writer = self._index.writer(heap_size=HEAP, num_threads=1)
                try:
                    yield writer
                finally:
                    writer.wait_merging_threads()
            finally:
                fcntl.flock(held, fcntl.LOCK_UN)

    def _document(self, row: dict[str, Any]) -> tantivy.Document:
        document = tantivy.Document()
        document.add_text("key", row["key"])
        for name in FIELDS:
            document.add_text(name, row.get(name) or "")
        for tag in row["tags"]:
            document.add_text("tags", tag)
        return document

    def _put(self, writer: tantivy.IndexWriter, key: str, row: dict[str, Any] | None) -> None:
        writer.delete_documents_by_term("key", key)
        if row is not None:
            writer.add_document(self._document(row))

    def catch_up(self, engine: Engine, *, progress: Callable[[int], None] | None = None) -> int:
        """Apply what the outbox holds, oldest first, and empty it; how many were applied."""
        with Session(engine) as session:
            if not pending(session):
                return 0
        applied = 0
        with self._writer() as writer:
            while True:
                with Session(engine) as session:
                    rows = session.execute(
                        select(SearchOutboxRow.id, SearchOutboxRow.key, SearchOutboxRow.payload)
                        .order_by(SearchOutboxRow.id)
                        .limit(BATCH)
                    ).all()
                if not rows:
                    break
                for _id, key, payload in rows:
                    self._put(writer, key, None if payload is None else json.loads(payload))
                writer.commit()
                last = rows[-1][0]
                with Session(engine) as session, session.begin():
                    session.execute(delete(SearchOutboxRow).where(SearchOutboxRow.id <= last))
                applied += len(rows)
                if progress is not None:
                    progress(len(rows))
        if applied:
            self._index.reload()
        return applied

    def rebuild(
        self,
        engine: Engine,
        rows: Iterable[dict[str, Any]],
        *,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace the whole index with `rows` (every document's index fields), in one index
        commit: until it is made, searches see the index as it was, and a crash leaves it so.
        What was queued before the rebuild began is covered by it and dropped; what is queued
        while it runs is applied after."""
        done = 0
        with self._writer() as writer:
            with Session(engine) as session:
                before = session.scalar(select(func.max(SearchOutboxRow.id)))
            writer.delete_all_documents()
            for row in rows:
                writer.add_document(self._document(row))
                done += 1
                if progress is not None and done % 1_000 == 0:
                    progress(1_000)
            writer.commit()
            if before is not None:
                with Session(engine) as session, session.begin():
                    session.execute(delete(SearchOutboxRow).where(SearchOutboxRow.id <= before))
        if progress is not None:
            progress(done % 1_000)
        self._index.reload()
        return done

    def clear(self) -> None:
        """Empty the index (the database was wiped)."""
        with self._writer() as writer:
            writer.delete_all_documents()
            writer.commit()
        self._index.reload()

    def destroy(self) -> None:
        """Remove the folder (tests)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        self._index.reload()
        return int(self._index.searcher().num_docs)

    def keys(self) -> set[str]:
        """Every key the index holds (checks and tests)."""
        self._index.reload()
        searcher = self._index.searcher()
        found = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs))
        return {str(searcher.doc(address).get_first("key")) for _score, address in found.hits}

    def _words(self, words: Sequence[str]) -> list[str]:
        return [token for word in words for token in self._analyzer.analyze(word)]

    def _term(self, term: Term, searcher: tantivy.Searcher) -> tantivy.Query | None:
        """One term of the query language over the four fields, each with its weight; a
        prefix is the words on file that begin so (PREFIX_TERMS at most per field)."""
        schema = self.schema
        per_field: list[tuple[tantivy.Occur, tantivy.Query]] = []
        stems = [] if term.kind is TermKind.PREFIX else self._words(term.words)
        if term.kind is not TermKind.PREFIX and not stems:
            return None
        for name in FIELDS:
            one: tantivy.Query
            if term.kind is TermKind.PREFIX:
                words = searcher.terms_with_prefix(name, term.words[0].lower(), limit=PREFIX_TERMS)
                if not words:
                    continue
                one = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(schema, name, word))
                        for word, _count in words
                    ]
                )
            elif len(stems) == 1:
                one = tantivy.Query.term_query(schema, name, stems[0])
            else:
                one = tantivy.Query.phrase_query(schema, name, list[str | tuple[int, str]](stems))
            per_field.append((tantivy.Occur.Should, tantivy.Query.boost_query(one, WEIGHTS[name])))
        if not per_field:
            return None
        return tantivy.Query.boolean_query(per_field)

    def text_query(self, query: Query, searcher: tantivy.Searcher) -> tantivy.Query:
        """The words of the query, without tag conditions (snippets are made from this)."""
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for term in query.terms:
            found = self._term(term, searcher)
            if found is None:
                if not term.negated:
                    return tantivy.Query.empty_query()
                continue
            parts.append((tantivy.Occur.MustNot if term.negated else tantivy.Occur.Must, found))
        if not any(occur == tantivy.Occur.Must for occur, _q in parts):
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query(parts)

    def _with_tags(self, words: tantivy.Query, tags: TagTerms) -> tantivy.Query:
        schema = self.schema
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Must, words)]
        for wanted in tags.all_of:
            tagged = tantivy.Query.term_set_query(schema, "tags", sorted(wanted))
            parts.append((tantivy.Occur.Must, tantivy.Query.const_score_query(tagged, 0.0)))
        if tags.none_of:
            hidden = tantivy.Query.term_set_query(schema, "tags", sorted(tags.none_of))
            parts.append((tantivy.Occur.MustNot, hidden))
        if tags.file is not None:
            pattern = _regex_escape(f"file:{tags.file}") + ".*"
            filed = tantivy.Query.regex_query(schema, "tags", pattern)
            parts.append((tantivy.Occur.Must, tantivy.Query.const_score_query(filed, 0.0)))
        return tantivy.Query.boolean_query(parts)

    def search(self, query: Query, tags: TagTerms, depth: int) -> tuple[int, list[Found]]:
        """The exact number of matches the conditions let through, and the best `depth` of
        them, best first, ties in key order."""
        self._index.reload()
        searcher = self._index.searcher()
        found = searcher.search(
            self._with_tags(self.text_query(query, searcher), tags), limit=depth
        )
        best: list[Found] = []
        for score, address in found.hits:
            stored = searcher.doc(address)
            best.append(
                Found(str(stored.get_first("key")), float(score), stored.get_all("tags"), address)
            )
        best.sort(key=lambda f: (-f.score, f.key))
        return int(getattr(found, "count", 0) or 0), best

    def ranked_keys(self, query: Query, tags: TagTerms) -> list[tuple[str, float]]:
        """Every match the conditions let through, best first (ties by key), as its key and
        score (an export of a search's matches)."""
        self._index.reload()
        searcher = self._index.searcher()
        wanted = self._with_tags(self.text_query(query, searcher), tags)
        total = int(getattr(searcher.search(wanted, limit=1), "count", 0) or 0)
        if not total:
            return []
        found = searcher.search(wanted, limit=total, count=False)
        keyed = [(str(searcher.doc(a).get_first("key")), float(s)) for s, a in found.hits]
        keyed.sort(key=lambda pair: (-pair[1], pair[0]))
        return keyed

    def snippets(
        self, query: Query, found: Sequence[Found], texts: dict[str, tuple[str, str]]
    ) -> dict[str, str]:
        """A passage of each document's body (its title when it has none), given as `texts`
        (key -> title, body, from the database), with the matched words between marks."""
        from glienicke.store.search import HIT_END, HIT_START

        if not found:
            return {}
        searcher = self._index.searcher()
        words = self.text_query(query, searcher)
        generators: dict[str, tantivy.SnippetGenerator] = {}
        out: dict[str, str] = {}
        for one in found:
            title, body = texts.get(one.key, ("", ""))
            field, text = ("body", body) if body.strip() else ("title", title)
            if field not in generators:
                generator = tantivy.SnippetGenerator.create(searcher, words, self.schema, field)
                generator.set_max_num_chars(SNIPPET_CHARS)
                generators[field] = generator
            document = tantivy.Document()
            document.add_text(field, text)
            snippet = generators[field].snippet_from_doc(document)
            out[one.key] = _marked(snippet, HIT_START, HIT_END) or _opening(text)
        return out

    def raw(self, query: Query, limit: int) -> list[tuple[str, float]]:
        """The engine's ranked query with nothing of ours around it (the benchmark baseline)."""
        self._index.reload()
        searcher = self._index.searcher()
        found = searcher.search(self.text_query(query, searcher), limit=limit, count=False)
        return [(str(searcher.doc(a).get_first("key")), float(s)) for s, a in found.hits]


def _marked(snippet: tantivy.Snippet, start: str, end: str) -> str:
    """The snippet's fragment with its highlighted ranges (byte offsets) marked."""
    fragment = snippet.fragment()
    if not fragment:
        return ""
    data = fragment.encode("utf-8")
    pieces: list[str] = []
    at = 0
    for span in sorted(snippet.highlighted(), key=lambda r: r.start):
        if span.start < at:
            continue
        pieces.append(data[at : span.start].decode("utf-8", "replace"))
        pieces.append(start + data[span.start : span.end].decode("utf-8", "replace") + end)
        at = span.end
    pieces.append(data[at:].decode("utf-8", "replace"))
    return "".join(pieces)


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:24]) + ("\u2026" if len(words) > 24 else "")


_REGEX_SPECIAL = set('\\.+*?()|[]{}^$#&-~"@<>')


def _regex_escape(text: str) -> str:
    """Text as a literal for tantivy's regular expressions (Rust's syntax)."""
    return "".join(f"\\{c}" if c in _REGEX_SPECIAL else c for c in text)


# --- the outbox ----------------------------------------------------------------------------


def queue(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Queue index entries in the caller's transaction: each is applied after it commits."""
    if not rows:
        return
    session.execute(
        insert(SearchOutboxRow),
        [{"key": row["key"], "payload": json.dumps(row, ensure_ascii=False)} for row in rows],
    )


def pending(session: Session) -> bool:
    """Whether anything waits in the outbox."""
    return session.scalar(select(SearchOutboxRow.id).limit(1)) is not None
