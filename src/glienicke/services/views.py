"""What `show` and `list` present: a record with what the product derives about it."""

from __future__ import annotations

from typing import Any

from glienicke.dataset.codec import to_plain
from glienicke.domain.cases import Case
from glienicke.domain.designations import designation_parts, parse_designation
from glienicke.domain.detention import Detention, ExitRestriction
from glienicke.domain.documents import Document, Event
from glienicke.domain.errors import InvalidValue
from glienicke.domain.people import Person, Tenure
from glienicke.domain.proposals import (
    ClearanceStep,
    Commitment,
    Consideration,
    Proposal,
    Side,
)
from glienicke.security.policy import WITHHELD
from glienicke.services.access import Scoped
from glienicke.services.database import Database
from glienicke.store.repository import Repository

SHOWABLE = ("person", "case", "proposal", "document")
LISTABLE = ("persons", "cases", "proposals", "documents")


def show(db: Database, kind: str, key: str) -> dict[str, Any]:
    """The view of one record: 'person', 'case', 'proposal' or 'document', as the viewer may
    see it; a classified record's reading is written to the audit trail."""

    def read(repo: Repository) -> dict[str, Any]:
        scoped = Scoped.of(repo)
        view = {
            "person": _person,
            "case": _case,
            "proposal": _proposal,
            "document": _document,
        }[kind](scoped, key)
        note_reading(repo, kind, key, view[kind].get("classification", "unclassified"))
        return view

    # Two readers of classified records at once both append to the audit trail; the one whose
    # entry loses the race reads again rather than being refused.
    return db.again_on_conflict(read)


def note_reading(repo: Repository, kind: str, key: str, marking: str) -> None:
    """Write a classified record's reading to the audit trail (in a transaction done with
    `Database.again_on_conflict`, so that two readers at once both may)."""
    if marking != "unclassified" and repo.audit is not None:
        repo.audit.record("read", kind, key, {"classification": marking})


def listing(db: Database, kind: str) -> list[dict[str, Any]]:
    """One summary line per record: 'persons', 'cases', 'proposals' or 'documents'."""
    with db.reading() as unscoped:
        repo = Scoped.of(unscoped)
        if kind == "persons":
            return [
                {"key": p.key, "name": p.name, "nationalities": p.nationalities}
                for p in repo.all(Person)
            ]
        if kind == "cases":
            return [
                {
                    "key": c.key,
                    "title": c.title,
                    "status": c.status.value,
                    "priority": c.priority.value,
                    "subjects": [s.person for s in c.subjects],
                }
                for c in repo.all(Case)
            ]
        if kind == "proposals":
            return [
                {
                    "key": p.key,
                    "title": p.title,
                    "status": p.status.value,
                    "counterparts": p.counterparts,
                }
                for p in repo.all(Proposal)
            ]
        return [
            {
                "key": d.key,
                "kind": d.kind.value,
                "date": _str(d.date),
                "title": d.title,
                "classification": d.classification.value,
            }
            for d in repo.all(Document)
        ]


def _person(repo: Scoped, key: str) -> dict[str, Any]:
    person = repo.get(Person, key)
    return {
        "person": to_plain(person),
        "detentions": [_detention(d) for d in repo.where(Detention, "person", key)],
        "exit_restrictions": [to_plain(e) for e in repo.where(ExitRestriction, "person", key)],
        "tenures": [to_plain(t) for t in repo.where(Tenure, "person", key)],
        "cases": [c.key for c in repo.where_listed(Case, "subjects", key, attr="person")],
        "documents": [d.key for d in repo.where_listed(Document, "persons", key)],
    }


def _detention(detention: Detention) -> dict[str, Any]:
    status = detention.status
    return {
        **to_plain(detention),
        "status": None if status is None else status.value,
        "held": detention.is_held,
    }


def _case(repo: Scoped, key: str) -> dict[str, Any]:
    case = repo.get(Case, key)
    detentions = [
        repo.get(Detention, s.detention)
        for s in case.subjects
        if s.detention and s.detention != WITHHELD
    ]
    return {
        "case": to_plain(case),
        "detentions": [_detention(d) for d in detentions],
        "proposals": repo.keys_listed(Proposal, "cases", key),
        "documents": repo.keys_listed(Document, "cases", key),
        "events": [to_plain(e) for e in repo.where_listed(Event, "cases", key)],
    }


def _proposal(repo: Scoped, key: str) -> dict[str, Any]:
    proposal = repo.get(Proposal, key)
    steps = sorted(repo.where(ClearanceStep, "proposal", key), key=_step_order)
    commitments = repo.where(Commitment, "proposal", key)
    return {
        "proposal": to_plain(proposal),
        "gives": [to_plain(i) for i in proposal.side(Side.GIVE)],
        "gets": [to_plain(i) for i in proposal.side(Side.GET)],
        "conditions": [to_plain(c) for c in proposal.conditions],
        "considerations": [to_plain(c) for c in repo.where(Consideration, "proposal", key)],
        "clearance_steps": [{**to_plain(s), "state": _step_state(s)} for s in steps],
        "commitments": [{**to_plain(c), "late": c.late} for c in commitments],
    }


def _step_order(step: ClearanceStep) -> tuple[tuple[int, ...], str]:
    """Steps in the order they were asked (undated ones last), then by key."""
    when = step.requested_on or step.answered_on
    return (when.sort_key() if when else (9999,), step.key)


def _step_state(step: ClearanceStep) -> str:
    favourable = step.favourable
    if favourable is None:
        return "awaiting answer"
    return "favourable" if favourable else "unfavourable"


def _document(repo: Scoped, key: str) -> dict[str, Any]:
    document = repo.get(Document, key)
    parts = []
    for text in document.file_designations:
        try:
            parts.append(designation_parts(parse_designation(text)))
        except InvalidValue:
            parts.append({"system": "unknown", "text": text})
    referred_by = sorted(
        k for k in repo.repo.referring(key) if k in repo.visible.get("document", set())
    )
    return {"document": to_plain(document), "file_designations": parts, "referred_by": referred_by}


def _str(value: object) -> str | None:
    return None if value is None else str(value)
