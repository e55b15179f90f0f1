"""The database tables.

Records are keyed by the stable keys their datasets choose, so a reference in a dataset is a
foreign key here, unchanged. Lists inside a record are child tables keyed by (parent, position).
Every relationship is `lazy="raise"`: the repository says what it loads, and a hidden query
fails loudly instead of running once per row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from glienicke.domain import cases as c
from glienicke.domain import detention as d
from glienicke.domain import documents as doc
from glienicke.domain import people as p
from glienicke.domain import proposals as pr
from glienicke.domain.dates import PartialDate
from glienicke.security.model import Role
from glienicke.store.types import KeyListType, PartialDateType, enum_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY = String(120)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {PartialDate: PartialDateType, str: Text}

    # For top-level rows: the domain class, and the child lists: attribute -> (row class, shape).
    # shape 'value' is a list of text or keys, 'object' a list of records, 'one' a single record.
    __domain__: ClassVar[type[Any]]
    __children__: ClassVar[dict[str, str]] = {}


def reference(target: str) -> ForeignKey:
    """A foreign key to another record, checked at commit: records in one load may name each
    other in any order (a person's spouse, a step escalating a later-listed step)."""
    return ForeignKey(f"{target}.key", deferrable=True, initially="DEFERRED")


def key_column(target: str, *, nullable: bool = True) -> Any:
    """A column holding the key of another record."""
    return mapped_column(KEY, reference(target), nullable=nullable, index=True)


def parent_column(parent: str) -> Any:
    return mapped_column(KEY, ForeignKey(f"{parent}.key", ondelete="CASCADE"), primary_key=True)


def children(cls: str) -> Any:
    return relationship(cls, lazy="raise", cascade="all, delete-orphan", order_by=f"{cls}.position")


def one_child(cls: str) -> Any:
    return relationship(cls, lazy="raise", cascade="all, delete-orphan", uselist=False)


class Versioned:
    """Records people edit: a stale update is refused instead of overwriting another's work."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


def _value_table(
    class_name: str, table: str, parent: str, column: str, target: str | None
) -> type[Base]:
    """A child table holding a list of text values or of keys of `target` records."""
    namespace: dict[str, Any] = {
        "__tablename__": table,
        "parent_key": parent_column(parent),
        "position": mapped_column(Integer, primary_key=True),
        "value": (
            mapped_column(column, KEY, reference(target), nullable=False, index=True)
            if target
            else mapped_column(column, Text, nullable=False)
        ),
        "__annotations__": {
            "parent_key": Mapped[str],
            "position": Mapped[int],
            "value": Mapped[str],
        },
    }
    return type(class_name, (Base,), namespace)


# --- states and people -------------------------------------------------------------------


class TreatyRow(Base):
    __tablename__ = "state_treaties"
    parent_key: Mapped[str] = parent_column("states")
    position: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[p.TreatyKind] = mapped_column(enum_column(p.TreatyKind))
    with_state: Mapped[str] = key_column("states", nullable=False)
    name: Mapped[str | None]
    in_force_from: Mapped[PartialDate | None]
    in_force_until: Mapped[PartialDate | None]


class StateRow(Versioned, Base):
    __tablename__ = "states"
    __domain__ = p.State
    __children__ = {"treaties": "object"}
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    name: Mapped[str]
    valid_from: Mapped[PartialDate | None]
    valid_to: Mapped[PartialDate | None]
    notes: Mapped[str | None]
    treaties: Mapped[list[TreatyRow]] = relationship(
        "TreatyRow",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="TreatyRow.position",
        foreign_keys="TreatyRow.parent_key",
    )


PersonAlias = _value_table("PersonAlias", "person_aliases", "persons", "alias", None)
PersonNationality = _value_table(
    "PersonNationality", "person_nationalities", "persons", "state_key", "states"
)


class FamilyLinkRow(Base):
    __tablename__ = "family_links"
    parent_key: Mapped[str] = parent_column("persons")
    position: Mapped[int] = mapped_column(primary_key=True)
    relation: Mapped[p.Relation] = mapped_column(enum_column(p.Relation))
    person: Mapped[str] = key_column("persons", nullable=False)


class AffiliationRow(Base):
    __tablename__ = "affiliations"
    parent_key: Mapped[str] = parent_column("persons")
    position: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str]
    role: Mapped[str | None]
    since: Mapped[PartialDate | None]
    until: Mapped[PartialDate | None]


class PersonRow(Versioned, Base):
    __tablename__ = "persons"
    __domain__ = p.Person
    __children__ = {
        "aliases": "value",
        "nationalities": "value",
        "family": "object",
        "affiliations": "object",
    }
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    name: Mapped[str]
    birth_year: Mapped[int | None]
    notes: Mapped[str | None]
    aliases: Mapped[list[Any]] = children("PersonAlias")
    nationalities: Mapped[list[Any]] = children("PersonNationality")
    family: Mapped[list[FamilyLinkRow]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        order_by=FamilyLinkRow.position,
        foreign_keys=[FamilyLinkRow.parent_key],
    )
    affiliations: Mapped[list[AffiliationRow]] = children("AffiliationRow")


class OfficeRow(Versioned, Base):
    __tablename__ = "offices"
    __domain__ = p.Office
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    title: Mapped[str]
    state: Mapped[str | None] = key_column("states")
    parent: Mapped[str | None] = key_column("offices")
    notes: Mapped[str | None]


class TenureRow(Versioned, Base):
    __tablename__ = "tenures"
    __domain__ = p.Tenure
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    office: Mapped[str] = key_column("offices", nullable=False)
    person: Mapped[str] = key_column("persons", nullable=False)
    start: Mapped[PartialDate | None]
    end: Mapped[PartialDate | None]
    acting: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None]
    notes: Mapped[str | None]


# --- detentions ----------------------------------------------------------------------------


class ChargeRow(Base):
    __tablename__ = "charges"
    parent_key: Mapped[str] = parent_column("detentions")
    position: Mapped[int] = mapped_column(primary_key=True)
    offence: Mapped[str]
    statute: Mapped[str | None]
    committed_on: Mapped[PartialDate | None]
    violent: Mapped[bool | None] = mapped_column(Boolean)
    max_term_months: Mapped[int | None]
    max_penalty: Mapped[d.Penalty | None] = mapped_column(enum_column(d.Penalty))


class StageRow(Base):
    __tablename__ = "stages"
    parent_key: Mapped[str] = parent_column("detentions")
    position: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[d.StageKind] = mapped_column(enum_column(d.StageKind))
    date: Mapped[PartialDate]
    note: Mapped[str | None]
    source: Mapped[str | None]


class SentenceRow(Base):
    __tablename__ = "sentences"
    parent_key: Mapped[str] = parent_column("detentions")
    term_months: Mapped[int | None]
    life: Mapped[bool] = mapped_column(Boolean, default=False)
    death: Mapped[bool] = mapped_column(Boolean, default=False)
    fine_amount: Mapped[int | None]
    fine_currency: Mapped[str | None] = mapped_column(String(3))
    imposed_on: Mapped[PartialDate | None]
    service_begins_on: Mapped[PartialDate | None]
    grace_until: Mapped[PartialDate | None]
    credited_from: Mapped[PartialDate | None]
    note: Mapped[str | None]


class DetentionRow(Versioned, Base):
    __tablename__ = "detentions"
    __domain__ = d.Detention
    __children__ = {"charges": "object", "stages": "object", "sentence": "one"}
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    person: Mapped[str] = key_column("persons", nullable=False)
    held_by: Mapped[str] = key_column("states", nullable=False)
    place: Mapped[str | None]
    since: Mapped[PartialDate | None]
    jurisdiction: Mapped[d.Jurisdiction | None] = mapped_column(enum_column(d.Jurisdiction))
    health: Mapped[str | None]
    notes: Mapped[str | None]
    # Derived when stored (store/derived.py): the dashboard asks for what is live on a day.
    ended_from: Mapped[date | None] = mapped_column(Date, index=True)
    charges: Mapped[list[ChargeRow]] = children("ChargeRow")
    stages: Mapped[list[StageRow]] = children("StageRow")
    sentence: Mapped[SentenceRow | None] = one_child("SentenceRow")


class ExitRestrictionRow(Versioned, Base):
    __tablename__ = "exit_restrictions"
    __domain__ = d.ExitRestriction
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    person: Mapped[str] = key_column("persons", nullable=False)
    state: Mapped[str] = key_column("states", nullable=False)
    since: Mapped[PartialDate | None]
    lifted_on: Mapped[PartialDate | None]
    reason: Mapped[str | None]
    notes: Mapped[str | None]


# --- cases -----------------------------------------------------------------------------------


class CaseSubjectRow(Base):
    __tablename__ = "case_subjects"
    parent_key: Mapped[str] = parent_column("cases")
    position: Mapped[int] = mapped_column(primary_key=True)
    person: Mapped[str] = key_column("persons", nullable=False)
    basis: Mapped[c.Basis] = mapped_column(enum_column(c.Basis))
    detention: Mapped[str | None] = key_column("detentions")
    exit_restriction: Mapped[str | None] = key_column("exit_restrictions")


CaseRestriction = _value_table("CaseRestriction", "case_restrictions", "cases", "principal", None)


class CaseRow(Versioned, Base):
    __tablename__ = "cases"
    __domain__ = c.Case
    __children__ = {"subjects": "object", "restricted_to": "value"}
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    title: Mapped[str]
    priority: Mapped[c.Priority] = mapped_column(enum_column(c.Priority))
    officer: Mapped[str | None]
    status: Mapped[c.CaseStatus] = mapped_column(enum_column(c.CaseStatus), index=True)
    opened_on: Mapped[PartialDate | None]
    closed_on: Mapped[PartialDate | None]
    outcome: Mapped[str | None]
    notes: Mapped[str | None]
    classification: Mapped[doc.Classification] = mapped_column(
        enum_column(doc.Classification), index=True
    )
    closed_from: Mapped[date | None] = mapped_column(Date, index=True)  # derived
    subjects: Mapped[list[CaseSubjectRow]] = children("CaseSubjectRow")
    restricted_to: Mapped[list[Any]] = children("CaseRestriction")


# --- proposals -------------------------------------------------------------------------------

ProposalCounterpart = _value_table(
    "ProposalCounterpart", "proposal_counterparts", "proposals", "state_key", "states"
)
ProposalCase = _value_table("ProposalCase", "proposal_cases", "proposals", "case_key", "cases")
ProposalRestriction = _value_table(
    "ProposalRestriction", "proposal_restrictions", "proposals", "principal", None
)


class ProposalItemRow(Base):
    __tablename__ = "proposal_items"
    parent_key: Mapped[str] = parent_column("proposals")
    position: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY)
    side: Mapped[pr.Side] = mapped_column(enum_column(pr.Side))
    kind: Mapped[pr.ItemKind] = mapped_column(enum_column(pr.ItemKind))
    person: Mapped[str | None] = key_column("persons")
    mechanism: Mapped[str | None] = mapped_column(String(80))
    description: Mapped[str | None]


class ConditionRow(Base):
    __tablename__ = "proposal_conditions"
    parent_key: Mapped[str] = parent_column("proposals")
    position: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY)
    text: Mapped[str]
    item: Mapped[str | None] = mapped_column(KEY)


class ProposalRow(Versioned, Base):
    __tablename__ = "proposals"
    __domain__ = pr.Proposal
    __children__ = {
        "counterparts": "value",
        "cases": "value",
        "restricted_to": "value",
        "items": "object",
        "conditions": "object",
    }
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    title: Mapped[str]
    origin: Mapped[pr.Origin | None] = mapped_column(enum_column(pr.Origin))
    sequencing: Mapped[pr.Sequencing] = mapped_column(enum_column(pr.Sequencing))
    status: Mapped[pr.ProposalStatus] = mapped_column(enum_column(pr.ProposalStatus), index=True)
    opened_on: Mapped[PartialDate | None]
    summary: Mapped[str | None]
    classification: Mapped[doc.Classification] = mapped_column(
        enum_column(doc.Classification), index=True
    )
    restricted_to: Mapped[list[Any]] = children("ProposalRestriction")
    counterparts: Mapped[list[Any]] = children("ProposalCounterpart")
    cases: Mapped[list[Any]] = children("ProposalCase")
    items: Mapped[list[ProposalItemRow]] = children("ProposalItemRow")
    conditions: Mapped[list[ConditionRow]] = children("ConditionRow")


class ConsiderationRow(Versioned, Base):
    __tablename__ = "considerations"
    __domain__ = pr.Consideration
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    proposal: Mapped[str] = key_column("proposals", nullable=False)
    stance: Mapped[pr.Stance] = mapped_column(enum_column(pr.Stance))
    category: Mapped[pr.ConsiderationCategory] = mapped_column(
        enum_column(pr.ConsiderationCategory)
    )
    argument: Mapped[str]
    made_by: Mapped[str | None] = key_column("persons")
    document: Mapped[str | None] = key_column("documents")
    weight: Mapped[int]


class ClearanceStepRow(Versioned, Base):
    __tablename__ = "clearance_steps"
    __domain__ = pr.ClearanceStep
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    proposal: Mapped[str] = key_column("proposals", nullable=False)
    kind: Mapped[pr.StepKind] = mapped_column(enum_column(pr.StepKind))
    from_office: Mapped[str | None] = key_column("offices")
    to_office: Mapped[str] = key_column("offices", nullable=False)
    required_step: Mapped[bool] = mapped_column("required", Boolean, default=True)
    item: Mapped[str | None]
    requirement: Mapped[str | None]
    phase: Mapped[pr.StepPhase] = mapped_column(
        enum_column(pr.StepPhase), default=pr.StepPhase.CLEARANCE
    )
    requested_on: Mapped[PartialDate | None]
    due: Mapped[PartialDate | None]
    request_document: Mapped[str | None] = key_column("documents")
    escalates: Mapped[str | None] = key_column("clearance_steps")
    answer: Mapped[pr.Answer | None] = mapped_column(enum_column(pr.Answer))
    decision: Mapped[pr.Decision | None] = mapped_column(enum_column(pr.Decision))
    answered_on: Mapped[PartialDate | None]
    answered_by: Mapped[str | None] = key_column("persons")
    reasons: Mapped[str | None]
    answer_document: Mapped[str | None] = key_column("documents")
    requested_first: Mapped[date | None] = mapped_column(Date)  # derived
    answered_first: Mapped[date | None] = mapped_column(Date)  # derived


class FollowUpRow(Base):
    __tablename__ = "follow_ups"
    parent_key: Mapped[str] = parent_column("commitments")
    position: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[PartialDate]
    action: Mapped[pr.FollowUpAction] = mapped_column(enum_column(pr.FollowUpAction))
    by: Mapped[str | None] = key_column("persons")
    note: Mapped[str | None]
    document: Mapped[str | None] = key_column("documents")


class CommitmentRow(Versioned, Base):
    __tablename__ = "commitments"
    __domain__ = pr.Commitment
    __children__ = {"follow_ups": "object"}
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    proposal: Mapped[str] = key_column("proposals", nullable=False)
    party: Mapped[str] = key_column("states", nullable=False)
    person: Mapped[str | None] = key_column("persons")
    act: Mapped[pr.ItemKind] = mapped_column(enum_column(pr.ItemKind))
    description: Mapped[str]
    due: Mapped[PartialDate | None]
    status: Mapped[pr.CommitmentStatus] = mapped_column(
        enum_column(pr.CommitmentStatus), index=True
    )
    fulfilled_on: Mapped[PartialDate | None]
    evidence: Mapped[str | None] = key_column("documents")
    evidence_note: Mapped[str | None]
    relinked_to: Mapped[str | None] = key_column("commitments")
    due_last: Mapped[date | None] = mapped_column(Date, index=True)  # derived
    follow_ups: Mapped[list[FollowUpRow]] = children("FollowUpRow")


# --- documents and events --------------------------------------------------------------------


class _PartyColumns:
    position: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    person: Mapped[str | None] = key_column("persons")
    office: Mapped[str | None] = key_column("offices")


class SenderRow(_PartyColumns, Base):
    __tablename__ = "document_senders"
    parent_key: Mapped[str] = parent_column("documents")


class RecipientRow(_PartyColumns, Base):
    __tablename__ = "document_recipients"
    parent_key: Mapped[str] = parent_column("documents")


class ReferenceRow(Base):
    __tablename__ = "document_references"
    # Threading looks up open references by number within a few years of a telegram's date.
    __table_args__ = (Index("ix_document_references_number_date", "number", "date"),)
    parent_key: Mapped[str] = parent_column("documents")
    position: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    number: Mapped[str | None] = mapped_column(String(40), index=True)
    date: Mapped[PartialDate | None]
    post: Mapped[str | None] = mapped_column(String(120))
    direction: Mapped[doc.Direction | None] = mapped_column(enum_column(doc.Direction))
    target: Mapped[str | None] = mapped_column(String(120), index=True)
    document: Mapped[str | None] = key_column("documents")


class PageBreakRow(Base):
    __tablename__ = "document_pages"
    parent_key: Mapped[str] = parent_column("documents")
    position: Mapped[int] = mapped_column(primary_key=True)
    page: Mapped[str] = mapped_column(String(40))
    offset: Mapped[int] = mapped_column(Integer)


class MentionRow(Base):
    __tablename__ = "document_mentions"
    parent_key: Mapped[str] = parent_column("documents")
    position: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    role: Mapped[str] = mapped_column(String(40))
    person: Mapped[str | None] = key_column("persons")
    confidence: Mapped[float | None] = mapped_column(Float)
    status: Mapped[doc.MentionStatus] = mapped_column(enum_column(doc.MentionStatus), index=True)
    candidates: Mapped[list[str]] = mapped_column(KeyListType)


class PublicationRow(Base):
    __tablename__ = "document_publications"
    parent_key: Mapped[str] = parent_column("documents")
    volume: Mapped[str]
    number: Mapped[str | None] = mapped_column(String(40), index=True)
    pages: Mapped[str | None] = mapped_column(String(40))


DocFileDesignation = _value_table(
    "DocFileDesignation", "document_file_designations", "documents", "designation", None
)
DocCaveat = _value_table("DocCaveat", "document_caveats", "documents", "caveat", None)
DocInsertion = _value_table("DocInsertion", "document_insertions", "documents", "text", None)
DocRepeatedTo = _value_table("DocRepeatedTo", "document_repeated_to", "documents", "post", None)
DocParticipant = _value_table("DocParticipant", "document_participants", "documents", "text", None)
DocFootnote = _value_table("DocFootnote", "document_footnotes", "documents", "text", None)
DocDrafter = _value_table("DocDrafter", "document_drafters", "documents", "person_key", "persons")
DocClearer = _value_table("DocClearer", "document_clearers", "documents", "person_key", "persons")
DocApprover = _value_table(
    "DocApprover", "document_approvers", "documents", "person_key", "persons"
)
DocToClear = _value_table("DocToClear", "document_to_clear", "documents", "person_key", "persons")
DocPerson = _value_table("DocPerson", "document_persons", "documents", "person_key", "persons")
DocCase = _value_table("DocCase", "document_cases", "documents", "case_key", "cases")
DocProposal = _value_table(
    "DocProposal", "document_proposals", "documents", "proposal_key", "proposals"
)


class DocumentRow(Versioned, Base):
    __tablename__ = "documents"
    # Threading looks telegrams up by number within a few years of the reference.
    # The registry lists documents newest first: year, then the date's place in time order
    # (date_order: a text that sorts as partial dates do), then key.
    __table_args__ = (
        Index("ix_documents_telegram_number_year", "telegram_number", "year"),
        Index("ix_documents_year_date_order_key", "year", "date_order", "key"),
    )
    __domain__ = doc.Document
    __children__ = {
        "sender": "object",
        "recipients": "object",
        "repeated_to": "value",
        "participants": "value",
        "references": "object",
        "file_designations": "value",
        "caveats": "value",
        "drafted_by": "value",
        "cleared_with": "value",
        "approved_by": "value",
        "to_clear": "value",
        "footnotes": "value",
        "pages": "object",
        "insertions": "value",
        "publication": "one",
        "persons": "value",
        "cases": "value",
        "proposals": "value",
        "mentions": "object",
    }
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    kind: Mapped[doc.DocumentKind] = mapped_column(enum_column(doc.DocumentKind), index=True)
    title: Mapped[str]
    subject: Mapped[str | None]
    date: Mapped[PartialDate | None]
    place: Mapped[str | None]
    telegram_number: Mapped[str | None] = mapped_column(String(40), index=True)
    telegram_post: Mapped[str | None] = mapped_column(String(120))
    direction: Mapped[doc.Direction | None] = mapped_column(enum_column(doc.Direction))
    classification: Mapped[doc.Classification] = mapped_column(
        enum_column(doc.Classification), index=True
    )
    summary: Mapped[str | None]
    body: Mapped[str | None]
    signature: Mapped[str | None]
    source_citation: Mapped[str | None]
    imported_from: Mapped[str | None]
    supersedes: Mapped[str | None] = key_column("documents")
    status: Mapped[doc.DocumentStatus] = mapped_column(
        enum_column(doc.DocumentStatus),
        default=doc.DocumentStatus.FILED,
        server_default=doc.DocumentStatus.FILED.value,
        index=True,
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    # Derived when stored (store/derived.py): search filters and facets by year.
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    date_order: Mapped[str | None] = mapped_column(String(32))
    sender: Mapped[list[SenderRow]] = children("SenderRow")
    recipients: Mapped[list[RecipientRow]] = children("RecipientRow")
    references: Mapped[list[ReferenceRow]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        order_by=ReferenceRow.position,
        foreign_keys=[ReferenceRow.parent_key],
    )
    file_designations: Mapped[list[Any]] = children("DocFileDesignation")
    repeated_to: Mapped[list[Any]] = children("DocRepeatedTo")
    participants: Mapped[list[Any]] = children("DocParticipant")
    caveats: Mapped[list[Any]] = children("DocCaveat")
    drafted_by: Mapped[list[Any]] = children("DocDrafter")
    cleared_with: Mapped[list[Any]] = children("DocClearer")
    approved_by: Mapped[list[Any]] = children("DocApprover")
    to_clear: Mapped[list[Any]] = children("DocToClear")
    footnotes: Mapped[list[Any]] = children("DocFootnote")
    pages: Mapped[list[PageBreakRow]] = children("PageBreakRow")
    insertions: Mapped[list[Any]] = children("DocInsertion")
    publication: Mapped[PublicationRow | None] = one_child("PublicationRow")
    persons: Mapped[list[Any]] = children("DocPerson")
    cases: Mapped[list[Any]] = children("DocCase")
    proposals: Mapped[list[Any]] = children("DocProposal")
    mentions: Mapped[list[MentionRow]] = children("MentionRow")


EventPerson = _value_table("EventPerson", "event_persons", "events", "person_key", "persons")
EventCase = _value_table("EventCase", "event_cases", "events", "case_key", "cases")
EventProposal = _value_table(
    "EventProposal", "event_proposals", "events", "proposal_key", "proposals"
)


class EventRow(Versioned, Base):
    __tablename__ = "events"
    __domain__ = doc.Event
    __children__ = {"persons": "value", "cases": "value", "proposals": "value"}
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    date: Mapped[PartialDate]
    title: Mapped[str]
    source: Mapped[str]
    document: Mapped[str | None] = key_column("documents")
    notes: Mapped[str | None]
    persons: Mapped[list[Any]] = children("EventPerson")
    cases: Mapped[list[Any]] = children("EventCase")
    proposals: Mapped[list[Any]] = children("EventProposal")


class SearchOutboxRow(Base):
    """A change the search index has yet to take in: the document's index fields as JSON (or
    none: remove it), written in the transaction that made the change and deleted once the
    index holds it (store/tantivy_index.py)."""

    __tablename__ = "search_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(120), nullable=False)
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)


class DataVersionRow(Base):
    """One row: a number that every unit of work changing records raises, so that what is
    worked out from many records (the dashboard) can be kept until the records change."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


ROWS: dict[type[Any], type[Base]] = {
    row.__domain__: row
    for row in (
        StateRow,
        PersonRow,
        OfficeRow,
        TenureRow,
        DetentionRow,
        ExitRestrictionRow,
        CaseRow,
        ProposalRow,
        ConsiderationRow,
        ClearanceStepRow,
        CommitmentRow,
        DocumentRow,
        EventRow,
    )
}


class ImportedFileRow(Base):
    """A file imported whole: an import that meets the same bytes again skips them, and an
    interrupted import resumes after the last file it finished."""

    __tablename__ = "imported_files"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str]
    format: Mapped[str] = mapped_column(String(20))
    documents: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class ImportOfferRow(Base):
    """A document an import held back because it is probably one already on file under another
    key: offered for linking (`offered`), then `linked` (the one on file stands for it: a
    later import of the same document counts it as on file) or `filed` as a document of its
    own. The document read is kept, as plain data, until someone decides."""

    __tablename__ = "import_offers"
    key: Mapped[str] = mapped_column(KEY, primary_key=True)  # the key the import would file
    duplicate_of: Mapped[str] = mapped_column(KEY, index=True)  # the document on file
    reason: Mapped[str] = mapped_column(String(200))
    file: Mapped[str]  # the file's own name
    place: Mapped[str]  # where in the file
    title: Mapped[str]
    document: Mapped[str]  # the document read, as JSON
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    offered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    offered_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(200))


class CaseDutyRow(Base):
    """What is on record for one duty of a duty pack (law/duty_packs), owed on a case for one
    detention of a national of ours held abroad: its status, date, the document that
    discharged it and a note. Nothing on record: outstanding."""

    __tablename__ = "case_duties"
    case_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    detention: Mapped[str] = mapped_column(KEY, primary_key=True, index=True)
    pack: Mapped[str] = mapped_column(String(80), primary_key=True)
    step: Mapped[str] = mapped_column(String(80), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    on: Mapped[PartialDate | None]
    document: Mapped[str | None] = mapped_column(KEY, index=True)
    note: Mapped[str | None]
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CriterionAssessmentRow(Base):
    """One criterion of a criteria pack assessed for a detention: met, not met or unknown,
    with the documents and note it rests on, and who assessed it when."""

    __tablename__ = "criterion_assessments"
    detention: Mapped[str] = mapped_column(KEY, primary_key=True)
    pack: Mapped[str] = mapped_column(String(80), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    finding: Mapped[str] = mapped_column(String(20))
    documents: Mapped[list[str]] = mapped_column(KeyListType)
    note: Mapped[str | None]
    assessed_by: Mapped[str] = mapped_column(String(200))
    assessed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeterminationRow(Base):
    """The determination made for a detention under a criteria pack (wrongfully detained,
    hostage, neither), its date, who made it, and the referral that followed."""

    __tablename__ = "detention_determinations"
    detention: Mapped[str] = mapped_column(KEY, primary_key=True)
    pack: Mapped[str] = mapped_column(String(80), primary_key=True)
    determination: Mapped[str] = mapped_column(String(30))
    on: Mapped[PartialDate]
    determined_by: Mapped[str]
    referral: Mapped[str | None]
    referred_on: Mapped[PartialDate | None]
    document: Mapped[str | None] = mapped_column(KEY)
    note: Mapped[str | None]
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """The append-only audit trail; see glienicke.security.audit for the chain."""

    __tablename__ = "audit_entries"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    record_key: Mapped[str] = mapped_column(KEY, index=True)
    detail: Mapped[str]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditSealRow(Base):
    """One row: the head of the audit chain as a writer holding the audit key last left it,
    with the HMAC that only the key can make (see glienicke.security.audit.seal)."""

    __tablename__ = "audit_seal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


# --- accounts --------------------------------------------------------------------------------


class UserRoleRow(Base):
    __tablename__ = "user_roles"
    parent_key: Mapped[str] = mapped_column(
        String(40), ForeignKey("users.username", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))


class UserGroupRow(Base):
    __tablename__ = "user_groups"
    parent_key: Mapped[str] = mapped_column(
        String(40), ForeignKey("users.username", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column("group_name", String(40), index=True)


class UserRow(Versioned, Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str]
    clearance: Mapped[doc.Classification] = mapped_column(enum_column(doc.Classification))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    retry_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    person: Mapped[str | None] = mapped_column(KEY)  # the person record this account is
    roles: Mapped[list[UserRoleRow]] = children("UserRoleRow")
    groups: Mapped[list[UserGroupRow]] = children("UserGroupRow")


class SignInMissRow(Base):
    """Failed sign-ins under a name no active account has, counted as an account's are, so
    that back-off and lockout answer alike for names that exist and names that do not. The
    name is kept only as its SHA-256: a password typed into the name field is not stored."""

    __tablename__ = "sign_in_misses"
    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    retry_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    username: Mapped[str] = mapped_column(
        String(40), ForeignKey("users.username", ondelete="CASCADE"), index=True
    )
    name: Mapped[str]
    scopes: Mapped[str] = mapped_column(Text)  # permissions, space-separated
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    """A signed-in browser: only the hash of the session's secret is kept."""

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(
        String(40), ForeignKey("users.username", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str] = mapped_column(String(100))
