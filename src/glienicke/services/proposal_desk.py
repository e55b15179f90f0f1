"""What the proposal pages and the dashboard gather around proposals, read through the policy
point: a proposal's papers (its drafts, the documents its clearance and commitments cite, the
names and titles they show, its commitments' versions), the drafts still awaiting clearance,
and the clearance alarms of the proposals in play on a day (an item whose mechanism will close
before its clearance can finish)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from glienicke.domain.cases import Case
from glienicke.domain.dates import first_day
from glienicke.domain.documents import Document, DocumentStatus
from glienicke.domain.people import Office, Person
from glienicke.domain.proposals import ClearanceStep, Commitment, Proposal
from glienicke.services.access import Scoped
from glienicke.services.database import Database
from glienicke.services.law import FINISHED, law_config
from glienicke.services.negotiation import clearance_config
from glienicke.services.negotiation_law import ItemCheck, check_items, detentions_by_person


@dataclass
class Papers:
    """Everything a proposal's page names besides the workbench and the balance sheet."""

    drafts: list[Document] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    cases: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    offices: dict[str, str] = field(default_factory=dict)
    proposals: dict[str, str] = field(default_factory=dict)
    commitment_versions: dict[str, int] = field(default_factory=dict)
    draft_versions: dict[str, int] = field(default_factory=dict)  # for the drafts' forms


def _newest_first(document: Document) -> tuple[tuple[int, ...], str]:
    return (document.date.sort_key() if document.date else (0,), document.key)


def proposal_papers(db: Database, key: str) -> Papers:
    """The drafts and documents of one proposal, and the titles its page shows."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        proposal: Proposal = scoped.get(Proposal, key)
        steps = scoped.where(ClearanceStep, "proposal", key)
        pledges = scoped.where(Commitment, "proposal", key)
        cited = {s.request_document for s in steps} | {s.answer_document for s in steps}
        cited |= {c.evidence for c in pledges}
        cited |= {f.document for c in pledges for f in c.follow_ups}
        taken_over = scoped.many(Commitment, [c.relinked_to for c in pledges if c.relinked_to])
        found = Papers(
            offices={o.key: o.title for o in scoped.all(Office)},
            cases=scoped.titles(Case, proposal.cases),
            proposals=scoped.titles(Proposal, {key, *(c.proposal for c in taken_over)}),
            commitment_versions={c.key: repo.version(Commitment, c.key) for c in pledges},
        )
        # the proposal's own documents through their list's index, and those its steps and
        # commitments cite by key: never the whole registry
        own = {d.key: d for d in scoped.where_listed(Document, "proposals", key)}
        wanted = sorted(k for k in cited if k and k not in own)
        own.update((d.key, d) for d in scoped.many(Document, wanted))
        found.draft_versions = {
            k: repo.version(Document, k) for k, d in own.items() if d.status is DocumentStatus.DRAFT
        }
        for document in own.values():
            if document.status is DocumentStatus.DRAFT:
                found.drafts.append(document)
            else:
                found.documents.append(document)
        # the names the page shows: of the items' persons, who answered, who was promised
        # release or followed a commitment up, and who drafts and clears
        named = {i.person for i in proposal.items if i.person}
        named |= {s.answered_by for s in steps if s.answered_by}
        named |= {c.person for c in pledges if c.person}
        named |= {f.by for c in pledges for f in c.follow_ups if f.by}
        named |= {k for d in found.drafts for k in _persons_of(d)}
        found.names = scoped.titles(Person, named)
    found.drafts.sort(key=lambda d: d.key)
    found.documents.sort(key=_newest_first, reverse=True)
    return found


@dataclass(frozen=True)
class WaitingDraft:
    document: Document
    proposals: dict[str, str]
    names: dict[str, str]


def drafts_awaiting(db: Database) -> list[WaitingDraft]:
    """The drafts the viewer may see, those still waiting for someone's clearance first, then
    those ready to file; by key within each."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        # The drafts only (by the status column), not every document on file.
        drafts = scoped.where(Document, "status", DocumentStatus.DRAFT.value)
        linked = sorted({k for d in drafts for k in d.proposals})
        titles = {p.key: p.title for p in scoped.many(Proposal, linked)}
        named = sorted({k for d in drafts for k in _persons_of(d)})
        names = {p.key: p.name for p in scoped.many(Person, named)}
    drafts.sort(key=lambda d: (not d.to_clear, d.key))
    return [
        WaitingDraft(d, {k: titles[k] for k in d.proposals if k in titles}, names) for d in drafts
    ]


@dataclass(frozen=True)
class ClearanceAlarm:
    """An item of a proposal in play whose window closes before its clearance can finish."""

    proposal: str
    title: str
    check: ItemCheck
    person_name: str | None
    mechanism_name: str


def in_play(proposal: Proposal, as_of: date) -> bool:
    """Put forward by the day (or undated) and not finished."""
    opened = proposal.opened_on is None or first_day(proposal.opened_on) <= as_of
    return opened and proposal.status not in FINISHED


def clearance_alarms(db: Database, as_of: date) -> list[ClearanceAlarm]:
    """Every alarmed item of the proposals in play on the day, the fewest days left first."""
    law, home = law_config(), clearance_config().home_state
    mechanisms = {(p.key, m.key): m.name for p in law.packs for m in p.mechanisms}
    found = []
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        playing = [
            p for p in scoped.shown(Proposal, repo.proposals_not_in(FINISHED)) if in_play(p, as_of)
        ]
        held = detentions_by_person(scoped, playing)
        for proposal in playing:
            for check in check_items(scoped, proposal, law, home, as_of, held):
                if check.alarm:
                    person = scoped.many(Person, [check.person]) if check.person else []
                    name = person[0].name if person else None
                    how = mechanisms.get((check.pack or "", check.mechanism or ""))
                    found.append(
                        ClearanceAlarm(
                            proposal.key, proposal.title, check, name, how or check.mechanism or ""
                        )
                    )
    found.sort(key=lambda a: (a.check.days_left or 0, a.proposal, a.check.item))
    return found


def _persons_of(draft: Document) -> set[str]:
    """The persons a draft's page names: who drafted it, cleared it and must still clear it."""
    return {*draft.drafted_by, *draft.cleared_with, *draft.to_clear}
