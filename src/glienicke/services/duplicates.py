"""Documents an import holds back as probably already on file under another key, and what a
records officer decides for each: link it to the one on file, or file it as a document of its
own.

An import never files such a document silently: it is kept as an offer (with the document as
read) and reported. Linking keeps the record single: the document on file stands for the one
read, and importing it again later counts it as on file. Filing it anyway stores it under its
own key as any new document.
"""

from __future__ import annotations

import json
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from glienicke.dataset.codec import from_plain, to_plain
from glienicke.domain.documents import Classification, Document
from glienicke.domain.errors import InvalidValue, NotFound, Problem, ValidationFailed
from glienicke.records.likeness import (
    SAME_PUBLICATION,
    SAME_TELEGRAM,
    SAME_TEXT,
    publication_key,
    publication_mark,
    telegram_key,
    telegram_mark,
    text_key,
    text_mark,
)
from glienicke.security.actor import current_actor
from glienicke.security.model import Permission, level
from glienicke.services.access import require, viewer
from glienicke.services.database import Database
from glienicke.services.seen import Seen
from glienicke.services.threading import thread_references
from glienicke.store import bulk
from glienicke.store.derived import date_order
from glienicke.store.repository import Repository, document_hashes
from glienicke.store.tables import DocumentRow, ImportOfferRow, PublicationRow

OFFERED, LINKED, FILED = "offered", "linked", "filed"


@dataclass
class Offer:
    """A document held back: its key, the document on file it is probably, and why."""

    key: str
    duplicate_of: str
    reason: str
    file: str
    place: str
    title: str
    status: str = OFFERED

    @property
    def where_shown(self) -> str:
        return self.place or self.file

    def plain(self) -> dict[str, Any]:
        return {
            "document": self.key,
            "duplicate_of": self.duplicate_of,
            "reason": self.reason,
            "file": self.file,
            "where": self.place,
            "title": self.title,
            "status": self.status,
        }


def earlier_offers(repo: Repository, keys: Sequence[str]) -> dict[str, ImportOfferRow]:
    """The offers already made for these keys (waiting, linked or filed)."""
    found: dict[str, ImportOfferRow] = {}
    for start in range(0, len(keys), 500):
        query = select(ImportOfferRow).where(ImportOfferRow.key.in_(keys[start : start + 500]))
        found.update((row.key, row) for row in repo.session.scalars(query))
    return found


def likely_on_file(repo: Repository, documents: Sequence[Document]) -> dict[str, tuple[str, str]]:
    """For each document read that is probably one on file under another key, the key on file
    and why. Only documents the importer may see are matched (one hidden from them is never
    named): a document like a hidden one is filed as new. Candidates are found by indexed
    columns (publication number; telegram number and year; year and date) and compared by
    their marks, once each."""
    read_keys = {d.key for d in documents}
    published: dict[tuple[int, int, str], str] = {}
    telegrams: dict[tuple[str, str, str, int], str] = {}
    texts: dict[tuple[str, str, str], str] = {}
    numbers = sorted({m[2] for d in documents if (m := publication_mark(d)) is not None})
    for start in range(0, len(numbers), 500):
        query = select(PublicationRow.parent_key, PublicationRow.volume, PublicationRow.number)
        query = query.where(PublicationRow.number.in_(numbers[start : start + 500]))
        for key, volume, number in repo.session.execute(query):
            in_volume = publication_key(volume, number)
            if in_volume is not None and key not in read_keys:
                published.setdefault(in_volume, key)
    sent = {t for d in documents if (t := telegram_mark(d)) is not None}
    if sent:
        row = DocumentRow
        numbered_rows = select(
            row.key, row.kind, row.telegram_post, row.telegram_number, row.date, row.direction
        ).where(
            row.telegram_number.in_(sorted({n for _p, _w, n, _y in sent})),
            row.year.in_(sorted({y for _p, _w, _n, y in sent})),
        )
        for key, kind, post, number, day, way in repo.session.execute(numbered_rows):
            numbered = telegram_key(kind, post, number, day, way)
            if numbered is not None and key not in read_keys:
                telegrams.setdefault(numbered, key)
    days = {
        (d.date.year, date_order(d.date))
        for d in documents
        if d.body and d.date is not None and d.date.day is not None
    }
    orders = sorted({order for _year, order in days})
    for start in range(0, len(orders), 500):
        row = DocumentRow
        dated_rows = select(row.key, row.kind, row.date, row.body).where(
            row.year.in_(sorted({year for year, _order in days})),
            row.date_order.in_(orders[start : start + 500]),
            row.body.is_not(None),
        )
        for key, kind, day, body in repo.session.execute(dated_rows):
            dated = text_key(kind, day, body)
            if dated is not None and key not in read_keys:
                texts.setdefault(dated, key)
    found: dict[str, tuple[str, str]] = {}
    for document in documents:
        publication, telegram, text = (
            publication_mark(document),
            telegram_mark(document),
            text_mark(document),
        )
        if publication is not None and publication in published:
            found[document.key] = (published[publication], SAME_PUBLICATION)
        elif telegram is not None and telegram in telegrams:
            found[document.key] = (telegrams[telegram], SAME_TELEGRAM)
        elif text is not None and text in texts:
            found[document.key] = (texts[text], SAME_TEXT)
    if not found:
        return {}
    shown = Seen(repo, viewer())["document"]
    shown.check(key for key, _reason in found.values())
    return {read: (key, why) for read, (key, why) in found.items() if key in shown}


def hold(
    repo: Repository,
    document: Document,
    content_hash: str,
    duplicate_of: str,
    reason: str,
    file: str,
    place: str,
) -> Offer:
    """Keep a document read as an offer instead of filing it."""
    offer = Offer(document.key, duplicate_of, reason, file, place, document.title)
    repo.session.add(
        ImportOfferRow(
            key=document.key,
            duplicate_of=duplicate_of,
            reason=reason,
            file=file,
            place=place,
            title=document.title,
            document=json.dumps(to_plain(document), ensure_ascii=False, sort_keys=True),
            content_hash=content_hash,
            status=OFFERED,
            offered_at=datetime.now(UTC),
            offered_by=current_actor().name,
        )
    )
    repo.changed = True
    return offer


def waiting(db: Database) -> list[Offer]:
    """The offers nobody has decided yet, oldest first, for documents on file the caller may
    see."""
    require(Permission.FILE_DOCUMENTS)
    with db.reading() as repo:
        rows = list(
            repo.session.scalars(
                select(ImportOfferRow)
                .where(ImportOfferRow.status == OFFERED)
                .order_by(ImportOfferRow.offered_at, ImportOfferRow.key)
            )
        )
        shown = Seen(repo, viewer())["document"]
        shown.check(row.duplicate_of for row in rows)
        return [_offer(row) for row in rows if _may_see(row, shown)]


def decide(db: Database, key: str, choice: str) -> Offer:
    """Link the offered document to the one on file (`link`) or file it under its own key
    (`file`). NotFound when no offer waits under that key."""
    require(Permission.FILE_DOCUMENTS)
    if choice not in ("link", "file"):
        raise InvalidValue(f"choice: {choice!r} is neither 'link' nor 'file'")
    with db.transaction() as repo:
        row = repo.session.get(ImportOfferRow, key)
        shown = Seen(repo, viewer())["document"]
        if row is None or row.status != OFFERED or not _may_see(row, shown):
            raise NotFound("import offer", key)
        if choice == "file":
            _file(repo, row)
        elif repo.audit is not None:
            repo.audit.record(
                "linked", "document", row.duplicate_of, {"same_as": row.key, "file": row.file}
            )
        row.status = LINKED if choice == "link" else FILED
        row.decided_at = datetime.now(UTC)
        row.decided_by = current_actor().name
        repo.changed = True
        return _offer(row)


def _may_see(row: ImportOfferRow, shown: Container[str]) -> bool:
    """Whether the viewer may see both: the document on file and the one held back (by its
    classification, as read)."""
    if row.duplicate_of not in shown:
        return False
    marking = json.loads(row.document).get("classification") or "unclassified"
    try:
        held = Classification(marking)
    except ValueError:
        return False
    return level(held) <= level(viewer().clearance)


def _file(repo: Repository, row: ImportOfferRow) -> None:
    problems: list[Problem] = []
    document = from_plain(Document, json.loads(row.document), row.key, problems)
    if document is None:
        raise ValidationFailed(problems)
    if repo.session.get(DocumentRow, row.key) is not None:
        raise InvalidValue(f"{row.key}: a document is on file under this key already")
    bulk.file_documents(repo.session, [document], repo.audit, [document_hashes(document)])
    thread_references(repo.session, [document])


def _offer(row: ImportOfferRow) -> Offer:
    return Offer(row.key, row.duplicate_of, row.reason, row.file, row.place, row.title, row.status)
