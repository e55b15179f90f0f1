"""Adding and editing records: states, persons, offices, detentions, cases, documents, events."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

from glienicke.domain.cases import Basis, Case, CaseSubject, Priority
from glienicke.domain.catalog import BY_CLASS, BY_NAME, BY_SECTION
from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, Sentence, Stage, StageKind
from glienicke.domain.documents import LINK_FIELDS, Classification, Document, Event
from glienicke.domain.errors import ValidationFailed
from glienicke.security.model import Permission, level
from glienicke.services.access import Scoped, check_visible, require, require_edit
from glienicke.services.checks import about, check_record
from glienicke.services.database import Database
from glienicke.services.guard import merge_edit, own_key
from glienicke.services.inputs import as_date, as_enum, as_optional_date, as_text

R = TypeVar("R")


def add_record(db: Database, record: R) -> R:
    """Add any new record (state, person, office, tenure, detention, ...) after checking it."""
    require_edit(record)
    with db.transaction() as repo:
        check_record(repo, record, new=True)  # with the key asked for, as the writer knows it
        own_key(repo, record)
        repo.add(record)
    return record


def edit_record(db: Database, record: R, expected_version: int) -> R:
    """Replace a stored record with an edited copy, refusing a stale edit."""
    if isinstance(record, Document):
        raise ValidationFailed.single(
            f"document {record.key}",
            (
                "documents are not edited: file a new version of a filed one, and revise a draft"
                " with 'glienicke draft revise'"
            ),
        )
    require_edit(record)
    with db.transaction() as repo:
        check_visible(repo, type(record), getattr(record, "key", ""))
        merge_edit(repo, record)
        check_record(repo, record)
        repo.save(record, expected_version)
    return record


def change_record(
    db: Database,
    cls: type[R],
    key: str,
    change: Callable[[R], object],
    expected_version: int | None = None,
    permission: Permission | None = None,
) -> R:
    """One edit in one transaction: read the record, apply the domain change, check, save.

    Problems raised by the change name the record ('case pyk: subjects[1].person: ...').
    The viewer needs the permission (by default, the one that edits the kind) and must be
    able to see the record; otherwise it is as if the record did not exist.
    """
    if permission is None:
        require_edit(cls)
    else:
        require(permission)
    with db.transaction() as repo:
        check_visible(repo, cls, key)
        record = repo.get(cls, key)
        with about(BY_CLASS[cls].label, key):
            change(record)
        check_record(repo, record)
        repo.save(record, expected_version)
    return record


def get_versioned(db: Database, kind: str, key: str) -> tuple[Any, int]:
    """A record as the viewer may see it, by section name and key, with its version."""
    cls = BY_SECTION[kind].cls
    with db.reading() as repo:
        return Scoped.of(repo).get(cls, key), repo.version(cls, key)


def list_stored(db: Database, kind: str) -> list[Any]:
    """Every record of a kind the viewer may see, as stored (redacted)."""
    with db.reading() as repo:
        return list(Scoped.of(repo).all(BY_SECTION[kind].cls))


def record_stage(
    db: Database,
    detention: str,
    stage: str | StageKind,
    date: str | PartialDate,
    *,
    note: str | None = None,
    source: str | None = None,
    expected_version: int | None = None,
) -> Detention:
    """Record that a detention reached a legal stage ('convicted' on '1939-03-10')."""
    new = Stage(
        stage=as_enum(StageKind, stage, "stage"),
        date=as_date(date, "date"),
        note=note,
        source=source,
    )
    return change_record(
        db, Detention, detention, lambda record: record.record_stage(new), expected_version
    )


def set_sentence(
    db: Database, detention: str, sentence: Sentence, *, expected_version: int | None = None
) -> Detention:
    """Record or correct the sentence of a detention."""

    def change(record: Detention) -> None:
        record.sentence = sentence

    return change_record(db, Detention, detention, change, expected_version)


def open_case(
    db: Database,
    key: str,
    title: str,
    *,
    subjects: list[CaseSubject] | None = None,
    priority: str = "normal",
    officer: str | None = None,
    opened_on: str | None = None,
    classification: str = "unclassified",
) -> Case:
    """Open a new case for one or more persons, marked at the level chosen."""
    case = Case(
        key=as_text(key, "key"),
        title=as_text(title, "title"),
        subjects=list(subjects or []),
        priority=as_enum(Priority, priority, "priority"),
        officer=officer,
        opened_on=as_optional_date(opened_on, "opened_on"),
        classification=as_enum(Classification, classification, "classification"),
    )
    return add_record(db, case)


def add_subject(
    db: Database,
    case: str,
    person: str,
    basis: str | Basis,
    *,
    detention: str | None = None,
    exit_restriction: str | None = None,
    expected_version: int | None = None,
) -> Case:
    """Add a person (a detainee, a relative refused exit) to a case."""
    subject = CaseSubject(
        person=person,
        basis=as_enum(Basis, basis, "basis"),
        detention=detention,
        exit_restriction=exit_restriction,
    )
    return change_record(
        db, Case, case, lambda record: record.add_subject(subject), expected_version
    )


def close_case(
    db: Database, case: str, on: str, outcome: str, *, expected_version: int | None = None
) -> Case:
    """Close a case, saying how it ended."""
    return change_record(
        db,
        Case,
        case,
        lambda record: record.close(as_date(on, "closed_on"), outcome),
        expected_version,
    )


DECLASSIFIABLE = ("case", "proposal", "document")


def declassify(db: Database, kind: str, key: str, to: str, *, on: str, authority: str) -> Any:
    """Lower a case's, proposal's or document's classification, with its date and authority;
    the only change a filed document admits, and always in the audit trail."""
    require(Permission.DECLASSIFY)
    if kind not in DECLASSIFIABLE:
        raise ValidationFailed.single(
            "kind", f"'{kind}' has no classification; use case, proposal or document"
        )
    level_to = as_enum(Classification, to, "to")
    when = as_date(on, "on")
    authority = as_text(authority, "authority")
    cls = BY_NAME[kind].cls
    with db.transaction() as repo:
        check_visible(repo, cls, key)
        record = repo.get(cls, key)
        before = record.classification
        if level(level_to) >= level(before):
            raise ValidationFailed.single(
                "to",
                (
                    f"{kind} {key} is {before.value}; declassifying lowers it, and {level_to.value}"
                    " is not lower"
                ),
            )
        record.classification = level_to
        repo.reclassify(
            record,
            {"from": before.value, "to": level_to.value, "on": str(when), "authority": authority},
        )
    return record


def file_document(db: Database, document: Document) -> Document:
    """File a document; once filed it is immutable (corrections supersede it)."""
    return add_record(db, document)


def link_document(db: Database, document: str, target_kind: str, target: str) -> Document:
    """Link a filed document to a person, case or proposal; linking does not alter it."""
    field = {"person": "persons", "case": "cases", "proposal": "proposals"}.get(target_kind)
    if field is None or field not in LINK_FIELDS:
        raise ValidationFailed.single(
            "target_kind",
            (f"'{target_kind}' cannot be linked to a document; use person, case or proposal"),
        )
    require(Permission.FILE_DOCUMENTS)
    with db.transaction() as repo:
        check_visible(repo, Document, document)
        check_visible(repo, BY_NAME[target_kind].cls, target)
        record = repo.get(Document, document)
        links = list(getattr(record, field))
        if target not in links:
            links.append(target)
        linked = copy.copy(record)
        setattr(linked, field, links)
        check_record(repo, linked)
        repo.save(linked)
    return linked


def add_event(db: Database, key: str, date: str, title: str, source: str, **links: Any) -> Event:
    """Enter a dated timeline entry by hand; its source is required."""
    event = Event(
        key=as_text(key, "key"),
        date=as_date(date, "date"),
        title=as_text(title, "title"),
        source=as_text(source, "source"),
        **links,
    )
    return add_record(db, event)


def edit_case(
    db: Database,
    case: str,
    *,
    title: str,
    priority: str,
    officer: str | None,
    notes: str | None,
    expected_version: int | None = None,
) -> Case:
    """Change what a case officer keeps up to date on a case: its title, priority, assigned
    officer and notes (refused when someone saved the case after `expected_version`)."""
    new_title = as_text(title, "title")
    new_priority = as_enum(Priority, priority, "priority")

    def change(record: Case) -> None:
        record.title = new_title
        record.priority = new_priority
        record.officer = (officer or "").strip() or None
        record.notes = (notes or "").strip() or None

    return change_record(db, Case, case, change, expected_version)
