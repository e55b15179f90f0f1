"""The repository: every query the services need, in domain terms (records in, records out)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Literal, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from glienicke.dataset.codec import to_plain
from glienicke.domain.cases import Case, CaseStatus
from glienicke.domain.catalog import BY_CLASS, BY_NAME
from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention
from glienicke.domain.documents import LINK_FIELDS, Document, DocumentLine, DocumentStatus
from glienicke.domain.errors import DuplicateKey, ImmutableRecord, NotFound, StaleVersion
from glienicke.domain.proposals import (
    ClearanceStep,
    Commitment,
    CommitmentStatus,
    Proposal,
    ProposalStatus,
)
from glienicke.store.audit import AuditLog
from glienicke.store.mapping import child_class, new_row, row_class, update_row
from glienicke.store.reader import read_records
from glienicke.store.search import index_documents
from glienicke.store.tables import (
    Base,
    CaseRow,
    CaseSubjectRow,
    ClearanceStepRow,
    CommitmentRow,
    DetentionRow,
    DocCase,
    DocumentRow,
    PersonRow,
    ProposalRow,
    PublicationRow,
    ReferenceRow,
)

R = TypeVar("R")
Outcome = Literal["created", "updated", "unchanged"]


def digest(record: Any) -> str:
    """SHA-256 of a record's dataset form: the audit trail's evidence of what was written."""
    return _sha(to_plain(record))


def content_hash(document: Document) -> str:
    """SHA-256 of a document's filed content; links are not part of what was filed, nor is
    which document on file a telegram reference turned out to mean."""
    return _filed_hash(to_plain(document))


def document_hashes(document: Document) -> tuple[str, str]:
    """The content hash and the digest together, from one conversion (an import needs both)."""
    plain = to_plain(document)
    return _filed_hash(plain), _sha(plain)


def same_filed_content(filed: Document, read: Document) -> bool:
    """Whether a document read again (from another file, another copy of its volume, or a
    volume whose header has changed) says what the one on file says: where it was read from
    (`imported_from`) and the volume's title as its header gives it are no part of that."""
    return _provenance_free(to_plain(filed)) == _provenance_free(to_plain(read))


def _provenance_free(plain: dict[str, Any]) -> str:
    plain = {k: v for k, v in plain.items() if k != "imported_from"}
    if isinstance(plain.get("publication"), dict):
        plain["publication"] = {k: v for k, v in plain["publication"].items() if k != "volume"}
    return _filed_hash(plain)


def _filed_hash(plain: dict[str, Any]) -> str:
    filed = {k: v for k, v in plain.items() if k not in LINK_FIELDS}
    if "references" in filed:
        filed["references"] = [
            {k: v for k, v in reference.items() if k != "document"}
            for reference in filed["references"]
        ]
    return _sha(filed)


def _sha(plain: Any) -> str:
    text = json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Repository:
    def __init__(self, session: Session, audit: AuditLog | None = None) -> None:
        self.session = session
        self.audit = audit
        # whether this unit of work changed a record (the Database raises the data version)
        self.changed = False

    # --- reading -----------------------------------------------------------------------

    def find(self, cls: type[R], key: str) -> R | None:
        found = read_records(self.session, cls, row_class(cls).key == key)
        return typing_cast(cls, found[0]) if found else None

    def get(self, cls: type[R], key: str) -> R:
        """The record with this key, or NotFound naming the kind and key."""
        record = self.find(cls, key)
        if record is None:
            raise NotFound(BY_CLASS[cls].label, key)
        return record

    def version(self, cls: type[Any], key: str) -> int:
        row_cls = row_class(cls)
        found = self.session.scalar(select(row_cls.version).where(row_cls.key == key))
        if found is None:
            raise NotFound(BY_CLASS[cls].label, key)
        return int(found)

    def all(self, cls: type[R]) -> list[R]:
        """Every record of a kind, by key."""
        return self._matching(cls)

    def each(self, cls: type[R], batch: int = 5000) -> Iterator[R]:
        """Every record of a kind, by key, read `batch` records at a time (each batch from
        the key the last one ended at: one query for the rows and one per child table), so that
        going through a large record holds one batch in memory, not all of it."""
        key = row_class(cls).key
        after: str | None = None
        while True:
            found = read_records(
                self.session, cls, *([key > after] if after is not None else []), limit=batch
            )
            yield from (typing_cast(cls, r) for r in found)
            if len(found) < batch:
                return
            after = found[-1].key

    def where(self, cls: type[R], field: str, value: str) -> list[R]:
        """Records of a kind whose reference field names the given key, by key."""
        return self._matching(cls, getattr(row_class(cls), field) == value)

    def where_listed(self, cls: type[R], field: str, value: str, attr: str = "value") -> list[R]:
        """Records whose list field includes a key: proposals whose 'cases' include 'pyk',
        or (with attr='person') cases whose 'subjects' include person 'pyk'."""
        row_cls = row_class(cls)
        child = child_class(row_cls, field)
        # the parents' keys from the list's own index on the value, not a probe of every parent
        parents = select(child.__table__.c.parent_key).where(getattr(child, attr) == value)
        return self._matching(cls, row_cls.key.in_(parents))

    def keys_listed(self, cls: type[Any], field: str, value: str) -> list[str]:
        """The keys of the records whose list field includes a key (see `where_listed`)."""
        row_cls = row_class(cls)
        child = child_class(row_cls, field).__table__
        query = select(child.c.parent_key).where(child.c[_value_column(row_cls, field)] == value)
        return sorted(set(self.session.scalars(query)))

    def document_years(self) -> list[int]:
        """The years documents are dated in, oldest first."""
        query = select(DocumentRow.year).where(DocumentRow.year.is_not(None)).distinct()
        return sorted(int(y) for y in self.session.scalars(query) if y is not None)

    def document_dates(self, year: int) -> list[tuple[str, PartialDate]]:
        """(key, date) of the documents dated in a year."""
        query = select(DocumentRow.key, DocumentRow.date).where(DocumentRow.year == year)
        return [(key, day) for key, day in self.session.execute(query) if day is not None]

    def document_dates_by_case(self, year: int) -> list[tuple[str, PartialDate, str]]:
        """(key, date, case) of the documents dated in a year, once for each case they are
        filed under."""
        link = DocCase.__table__
        query = (
            select(DocumentRow.key, DocumentRow.date, link.c.case_key)
            .join(link, link.c.parent_key == DocumentRow.key)
            .where(DocumentRow.year == year)
        )
        return [(k, day, case) for k, day, case in self.session.execute(query) if day is not None]

    def many(self, cls: type[R], keys: list[str]) -> list[R]:
        """The stored records of a kind among these keys, by key."""
        key = row_class(cls).key
        found: list[R] = []
        for chunk in _chunks(keys):
            found += self._matching(cls, key.in_(chunk))
        return found

    def where_in(self, cls: type[R], field: str, values: Iterable[str]) -> list[R]:
        """Records of a kind whose reference field names one of these keys, by key."""
        column = getattr(row_class(cls), field)
        found: list[R] = []
        for chunk in _chunks(values):
            found += self._matching(cls, column.in_(chunk))
        return sorted(found, key=_key)

    def lists_of(self, cls: type[Any], field: str, keys: Iterable[str]) -> dict[str, list[str]]:
        """For each of these records, what its list field holds (a proposal's 'cases'), read
        from the list's own table without the records."""
        child = child_class(row_class(cls), field).__table__
        value = child.c[_value_column(row_class(cls), field)]
        found: dict[str, list[str]] = {}
        for chunk in _chunks(keys):
            query = (
                select(child.c.parent_key, value)
                .where(child.c.parent_key.in_(chunk))
                .order_by(child.c.parent_key, child.c.position)
            )
            for parent, listed in self.session.execute(query):
                found.setdefault(str(parent), []).append(str(listed))
        return found

    def titles(self, cls: type[Any], keys: Iterable[str]) -> dict[str, str]:
        """The titles (a person's or a state's name) of the stored records among these keys,
        read from that one column."""
        row_cls = row_class(cls)
        column = row_cls.title if hasattr(row_cls, "title") else row_cls.name
        found: dict[str, str] = {}
        for chunk in _chunks(keys):
            query = select(row_cls.key, column).where(row_cls.key.in_(chunk))
            found.update((str(k), str(t)) for k, t in self.session.execute(query))
        return found

    def overdue_keys(self, day: date) -> list[str]:
        """The keys of the pending commitments due before the day, the longest overdue (the
        earliest last day of the due date) first."""
        row = CommitmentRow
        query = (
            select(row.key)
            .where(row.status == CommitmentStatus.PENDING, row.due_last < day)
            .order_by(row.due_last, row.key)
        )
        return [str(k) for k in self.session.scalars(query)]

    def document_lines(self, field: str, value: str) -> list[DocumentLine]:
        """The documents whose list field ('cases', 'persons', 'proposals') includes a key, as
        the lines a list shows, by key: one query."""
        child = child_class(DocumentRow, field).__table__
        linked = select(child.c.parent_key).where(
            child.c[_value_column(DocumentRow, field)] == value
        )
        return self._document_lines(DocumentRow.key.in_(linked))

    def document_lines_of(self, keys: Iterable[str]) -> list[DocumentLine]:
        """The lines of the documents among these keys, by key."""
        found: list[DocumentLine] = []
        for chunk in _chunks(keys):
            found += self._document_lines(DocumentRow.key.in_(chunk))
        return found

    def _document_lines(self, condition: Any) -> list[DocumentLine]:
        d = DocumentRow
        query = (
            select(
                d.key,
                d.title,
                d.date,
                d.kind,
                d.classification,
                d.status,
                d.source_citation,
                PublicationRow.volume,
            )
            .outerjoin(PublicationRow, PublicationRow.parent_key == d.key)
            .where(condition)
            .order_by(d.key)
        )
        return [DocumentLine(*row) for row in self.session.execute(query)]

    def persons_by_name(
        self, holding: str = "", size: int = 500
    ) -> Iterator[list[tuple[str, str]]]:
        """(key, name) of the persons whose name or key holds this text (any case), by name
        then key, in batches of `size`."""
        row = PersonRow
        lowered = func.lower(row.name)
        query = select(row.key, row.name).order_by(lowered, row.key)
        if holding:
            query = query.where(
                lowered.contains(holding, autoescape=True)
                | row.key.contains(holding, autoescape=True)
            )
        start = 0
        while True:
            batch = [
                (str(k), str(n)) for k, n in self.session.execute(query.limit(size).offset(start))
            ]
            if not batch:
                return
            yield batch
            start += size

    def cases_of_detentions(self, detentions: Iterable[str]) -> dict[str, list[str]]:
        """For each of these detentions that is a case's subject, those cases by key."""
        found: dict[str, list[str]] = {}
        for chunk in _chunks(detentions):
            query = (
                select(CaseSubjectRow.detention, CaseSubjectRow.parent_key)
                .where(CaseSubjectRow.detention.in_(chunk))
                .order_by(CaseSubjectRow.parent_key, CaseSubjectRow.position)
            )
            for detention, case in self.session.execute(query):
                found.setdefault(str(detention), []).append(case)
        return found

    # What is live on a day, asked of the derived day columns (store/derived.py). Each query
    # leaves out only what the services' own judgement of the day would leave out too.

    def detentions_not_over(self, day: date) -> list[Detention]:
        """Detentions that may still be under way on the day."""
        row = DetentionRow
        return self._matching(Detention, or_(row.ended_from.is_(None), row.ended_from > day))

    def cases_open_on(self, day: date) -> list[Case]:
        """Cases open, or closed only after the day."""
        row = CaseRow
        return self._matching(Case, or_(row.status == CaseStatus.OPEN, row.closed_from > day))

    def proposals_not_in(self, statuses: Iterable[ProposalStatus]) -> list[Proposal]:
        """Proposals whose status is none of these."""
        return self._matching(Proposal, ProposalRow.status.not_in(list(statuses)))

    def commitments_overdue_on(self, day: date) -> list[Commitment]:
        """Pending commitments whose due date had passed by the day."""
        row = CommitmentRow
        return self._matching(
            Commitment, row.status == CommitmentStatus.PENDING, row.due_last < day
        )

    def steps_awaiting_on(self, day: date) -> list[ClearanceStep]:
        """Clearance steps asked by the day (or undated) and not answered by it."""
        row = ClearanceStepRow
        return self._matching(
            ClearanceStep,
            or_(row.requested_first.is_(None), row.requested_first <= day),
            or_(row.answer.is_(None), row.answered_first > day),
        )

    def _matching(self, cls: type[R], *conditions: Any) -> list[R]:
        """Records of a kind whose rows meet every condition, by key."""
        return [typing_cast(cls, r) for r in read_records(self.session, cls, *conditions)]

    def referring(self, key: str) -> list[str]:
        """Keys of the documents whose references lead to this document."""
        query = select(ReferenceRow.parent_key).where(ReferenceRow.document == key).distinct()
        return list(self.session.scalars(query))

    def count(self, cls: type[Any]) -> int:
        return int(self.session.scalar(select(func.count()).select_from(row_class(cls))) or 0)

    def existing_keys(self, kind: str, keys: set[str]) -> set[str]:
        """Which of these keys of a kind ('person', ...) are stored."""
        if not keys:
            return set()
        row_cls = row_class(BY_NAME[kind].cls)
        column = row_cls.key
        found: set[str] = set()
        for chunk in _chunks(keys):
            found.update(self.session.scalars(select(column).where(column.in_(chunk))))
        return found

    # --- writing (never commits: the service's unit of work does) ----------------------

    def add(self, record: Any) -> None:
        """Store a new record; its key must be free."""
        if self._row(type(record), record.key) is not None:
            raise DuplicateKey(BY_CLASS[type(record)].label, record.key)
        row = new_row(record)
        if isinstance(record, Document):
            _file(row, record)
        self.session.add(row)
        self.changed = True
        self._audit("created", record, 1, [])
        self.session.flush()
        if isinstance(record, Document):
            index_documents(self.session, [record], fresh=True)

    def save(self, record: Any, expected_version: int | None = None) -> bool:
        """Write an edited record back; refuse if someone saved it since `expected_version`."""
        row = self._row(type(record), record.key, for_update=True)
        if row is None:
            raise NotFound(BY_CLASS[type(record)].label, record.key)
        self._check_version(row, record, expected_version)
        if isinstance(record, Document):
            self._check_unchanged_content(row, record)
        changed = update_row(self.session, row, record)
        if changed:
            self.changed = True
            self._audit("updated", record, row.version, changed)
            if isinstance(record, Document):
                _file(row, record)  # a draft's content may have changed
        self.session.flush()
        if changed and isinstance(record, Document):
            index_documents(self.session, [record])  # its links are among its tags
        return bool(changed)

    def remove(self, record: Any, expected_version: int | None = None) -> None:
        """Delete a stored record nothing refers to (an argument on record); refuse if someone
        saved it since `expected_version`."""
        row = self._row(type(record), record.key, for_update=True)
        if row is None:
            raise NotFound(BY_CLASS[type(record)].label, record.key)
        current = self._check_version(row, record, expected_version)
        self.session.delete(row)
        self.changed = True
        self._audit("removed", record, current, [])
        self.session.flush()

    def _check_version(self, row: Any, record: Any, expected_version: int | None) -> int:
        """The row's version; refused if it is not the one the writer edited."""
        current = int(row.version)
        if expected_version is not None and expected_version != current:
            raise StaleVersion(BY_CLASS[type(record)].label, record.key, expected_version, current)
        return current

    def put(self, record: Any) -> Outcome:
        """Create the record, or bring the stored one in line with it (a dataset load)."""
        if self._row(type(record), record.key) is None:
            self.add(record)
            return "created"
        return "updated" if self.save(record) else "unchanged"

    def put_many(self, cls: type[Any], records: list[Any]) -> list[Outcome]:
        """`put` for many records of one kind, reading the stored ones in a few queries."""
        stored = self._rows_by_key(cls, {r.key for r in records})
        outcomes: list[Outcome] = []
        new_documents: list[Document] = []
        changed_documents: list[Document] = []
        for record in records:
            row = stored.get(record.key)
            if row is None:
                row = new_row(record)
                if isinstance(record, Document):
                    _file(row, record)
                    new_documents.append(record)
                self.session.add(row)
                self.changed = True
                stored[record.key] = row
                outcomes.append("created")
                self._audit("created", record, 1, [])
                continue
            if isinstance(record, Document):
                self._check_unchanged_content(row, record)
            changed = update_row(self.session, row, record)
            if changed:
                self.changed = True
                self._audit("updated", record, row.version, changed)
                if isinstance(record, Document):
                    _file(row, record)
                    changed_documents.append(record)
            outcomes.append("updated" if changed else "unchanged")
        self.session.flush()
        index_documents(self.session, new_documents, fresh=True)
        index_documents(self.session, changed_documents)
        return outcomes

    def _rows_by_key(self, cls: type[Any], keys: set[str]) -> dict[str, Any]:
        row_cls = row_class(cls)
        found: dict[str, Any] = {}
        for chunk in _chunks(keys):
            query = (
                select(row_cls)
                .where(row_cls.key.in_(chunk))
                .options(*_eager(row_cls))
                .with_for_update()
            )
            found.update((row.key, row) for row in self.session.scalars(query))
        return found

    def _audit(self, action: str, record: Any, version: int, fields: list[str]) -> None:
        if self.audit is None:
            return
        detail: dict[str, Any] = {"version": version, "digest": digest(record)}
        if fields:
            detail["fields"] = fields
        self.audit.record(action, BY_CLASS[type(record)].name, record.key, detail)

    def reclassify(self, record: Any, detail: dict[str, Any]) -> None:
        """Store a record's new classification: the one change a filed document admits."""
        row = self._row(type(record), record.key, for_update=True)
        if row is None:
            raise NotFound(BY_CLASS[type(record)].label, record.key)
        row.classification = record.classification
        if isinstance(record, Document):
            row.content_hash = content_hash(record)
        row.version += 1
        self.changed = True
        if self.audit is not None:
            self.audit.record("declassified", BY_CLASS[type(record)].name, record.key, detail)
        self.session.flush()
        if isinstance(record, Document):
            index_documents(self.session, [record])  # the classification is one of its tags

    def _check_unchanged_content(self, row: Any, record: Document) -> None:
        """A filed document's content never changes (a draft's may, until it is filed; filing
        it back into a draft changes its content, and is refused with the rest)."""
        if row.status is DocumentStatus.DRAFT:
            return
        if row.content_hash != content_hash(record):
            raise ImmutableRecord(
                f"document '{record.key}' is filed and cannot be changed; file the correction"
                f" as a new document with 'supersedes: {record.key}'"
            )

    def _row(self, cls: type[Any], key: str, *, for_update: bool = False) -> Any:
        row_cls = row_class(cls)
        query = select(row_cls).where(row_cls.key == key).options(*_eager(row_cls))
        if for_update:
            query = query.with_for_update()
        return self.session.scalars(query).one_or_none()


def _file(row: Any, document: Document) -> None:
    """What a document's row keeps besides the record and its derived columns: its content
    hash."""
    row.content_hash = content_hash(document)


def _value_column(row_cls: type[Base], field: str) -> str:
    return str(child_class(row_cls, field).__mapper__.columns["value"].name)


def _eager(row_cls: type[Base]) -> list[Any]:
    return [selectinload(getattr(row_cls, attr)) for attr in row_cls.__children__]


def _chunks(keys: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """These keys, sorted and each once, in lists small enough for every engine's limit on
    bound parameters."""
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), size):
        yield wanted[start : start + size]


def _key(record: Any) -> str:
    return str(record.key)


def typing_cast(cls: type[R], value: Any) -> R:
    assert isinstance(value, cls)
    return value
