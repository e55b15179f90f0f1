"""Drafts: the letter asking another department's concurrence, the telegram instructing the
embassy and the memorandum to the principal, drafted from a proposal's state and filed as draft
documents; then cleared, revised and filed like any record.

The context a template sees is built through the policy point, from what the drafter may see:
the proposal, its items with the persons' names and the mechanisms' legal basis (from the law
pack for the person's detention), its conditions, its clearance steps as recorded, and the
considerations for and against. A draft carries its proposal's classification (or a linked
case's, if higher) and is linked to the proposal and its cases, so that it is seen by exactly
those who may see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from glienicke.domain.cases import Case
from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention
from glienicke.domain.documents import (
    Classification,
    Direction,
    Document,
    DocumentStatus,
    Event,
    Party,
)
from glienicke.domain.errors import NotFound, ValidationFailed
from glienicke.domain.people import Office, Person, State, Tenure
from glienicke.domain.proposals import (
    ClearanceStep,
    Consideration,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Side,
    Stance,
    StepKind,
    StepPhase,
)
from glienicke.records.drafts import DraftKind, draft_marking, render_draft
from glienicke.records.offices import holders_on, match_office
from glienicke.security.model import Permission, level
from glienicke.security.policy import WITHHELD
from glienicke.services.access import Forbidden, Scoped, check_visible, require, viewer
from glienicke.services.checks import about, check_record
from glienicke.services.database import Database
from glienicke.services.inputs import as_enum, as_optional_date, as_text
from glienicke.services.records import add_record, change_record

# The steps a letter asking another department's concurrence can answer to.
ASKING = (StepKind.CONCURRENCE, StepKind.APPROVAL, StepKind.RECOMMENDATION, StepKind.STATEMENT)


@dataclass(frozen=True)
class DraftSettings:
    principal_office: str | None  # the office memoranda go to and telegrams go out from
    templates: Path | None  # the deployment's own templates


def _settings() -> DraftSettings:
    from glienicke.services.law import read_config_data
    from glienicke.settings import load_settings

    settings = load_settings()
    data, _source = read_config_data(settings.config)
    return DraftSettings(
        principal_office=(data.get("drafts") or {}).get("principal_office"),
        templates=settings.drafts_templates,
    )


# --- drafting ----------------------------------------------------------------------------------


def draft_document(
    db: Database,
    proposal: str,
    kind: str | DraftKind,
    *,
    step: str | None = None,
    by: str | None = None,
    clear_with: list[str] | None = None,
    on: str | PartialDate | None = None,
    from_office: str | None = None,
    to_office: str | None = None,
) -> Document:
    """Draft a letter, telegram or memorandum from a proposal's state and file it as a draft.

    `step` picks the clearance step a concurrence letter asks (default: the one open
    concurrence or approval step); `by` is the drafter, `clear_with` those whose clearance the
    draft waits for; `on` its date (it also decides who holds the offices named);
    `from_office` and `to_office` replace the offices the kind would choose."""
    draft_kind = as_enum(DraftKind, kind, "kind")
    require(Permission.FILE_DOCUMENTS)
    when = as_optional_date(on, "on")
    wanted = list(clear_with or [])
    if len(set(wanted)) != len(wanted):
        raise ValidationFailed.single("clear_with", "a person is named twice")
    config = _settings()
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        built = _Builder(scoped, scoped.get(Proposal, proposal), when)
        for person in [*([by] if by else []), *wanted]:
            built.person(person, "by" if person == by else "clear_with")
        sender, recipient, chosen = built.parties(
            draft_kind, step, from_office, to_office, config.principal_office
        )
        context = built.context(draft_kind, chosen, sender, recipient, by, wanted)
        rendered = render_draft(draft_kind, context, deployment=config.templates)
        document = Document(
            # completed with a random ending when it is added (services.guard.own_key): a
            # number counting the drafts on file would count the ones hidden from the drafter
            key=f"draft-{proposal}-{draft_kind.value}",
            kind=draft_kind.document_kind,
            title=rendered.title,
            sender=[sender] if sender else [],
            recipients=[recipient] if recipient else [],
            date=when,
            direction=Direction.OUTGOING if draft_kind is DraftKind.EMBASSY_TELEGRAM else None,
            classification=built.classification(),
            drafted_by=[by] if by else [],
            status=DocumentStatus.DRAFT,
            to_clear=wanted,
            body=rendered.body,
            summary=f"Drafted from proposal {proposal} with the template {rendered.template}.",
            persons=built.linked_persons(sender, recipient, by, wanted),
            cases=[c for c in built.proposal.cases if c != WITHHELD],
            proposals=[proposal],
        )
    return add_record(db, document)


class _Builder:
    """The plain context of one draft, from what the viewer may see."""

    def __init__(self, scoped: Scoped, proposal: Proposal, when: PartialDate | None) -> None:
        self.scoped = scoped
        self.proposal = proposal
        self.when = when
        self.day = when or PartialDate(date.today().year, date.today().month, date.today().day)
        self.offices: dict[str, Office] = {o.key: o for o in scoped.all(Office)}
        self.tenures: list[Tenure] = scoped.all(Tenure)
        recorded: list[ClearanceStep] = scoped.where(ClearanceStep, "proposal", proposal.key)
        self.later: bool = False  # whether anything on record came after the draft's date
        self.steps: list[ClearanceStep] = sorted(self._as_of(recorded), key=_step_order)
        self.status: ProposalStatus = self._status_then()
        self._names: dict[str, str | None] = {}

    # what was on record by the draft's date

    def by_then(self, day: PartialDate | None) -> bool:
        """Whether something dated `day` was certainly on record by the draft's date (always,
        for a draft with no date). Something undated may be later, so it is not."""
        if self.when is None:
            return True
        if day is None or day.latest() > self.when.latest():
            self.later = True
            return False
        return True

    def _as_of(self, steps: list[ClearanceStep]) -> list[ClearanceStep]:
        """The steps as they stood on the draft's date: a step asked later is left out, and an
        answer given later (or on no recorded day) is not yet given."""
        if self.when is None:
            return steps
        found: list[ClearanceStep] = []
        for step in steps:
            asked = step.requested_on or step.answered_on
            if asked is not None and not self.by_then(asked):
                continue
            if step.answer is not None and not self.by_then(step.answered_on):
                step = step.without_answer()
            found.append(step)
        return found

    def _status_then(self) -> ProposalStatus:
        """The proposal's status on the draft's date: the last move on record by then (the
        events `proposal advance` and a first request write); with no move by then, today's
        status if nothing on record came later, else what the clearance by then shows (in
        clearance once a clearance step was asked, a draft before). A later rejection, approval
        or agreement is never read into an earlier draft."""
        today = self.proposal.status
        if self.when is None:
            return today
        moves: list[tuple[PartialDate, ProposalStatus]] = []
        for event in self.scoped.where_listed(Event, "proposals", self.proposal.key):
            moved = _moved_to(event.title, self.proposal.key)
            if moved is not None:
                moves.append((event.date, moved))
        reached = [m for m in moves if self.by_then(m[0])]
        if reached:
            return max(reached, key=lambda m: m[0].sort_key())[1]
        if not self.later and not moves:
            return today
        asked = any(
            s.phase is StepPhase.CLEARANCE and s.requested_on is not None for s in self.steps
        )
        return ProposalStatus.IN_CLEARANCE if asked else ProposalStatus.DRAFT

    def considerations(self) -> list[Consideration]:
        """The arguments on record for and against; one made in a document dated after the
        draft's is left out."""
        found: list[Consideration] = []
        for consideration in self.scoped.where(Consideration, "proposal", self.proposal.key):
            source = consideration.document
            if self.when is not None and source not in (None, WITHHELD):
                try:
                    made = self.scoped.get(Document, str(source)).date
                except NotFound:
                    made = None
                if made is not None and not self.by_then(made):
                    continue
            found.append(consideration)
        return found

    # persons and offices

    def person(self, key: str, field: str) -> Person:
        try:
            found: Person = self.scoped.get(Person, key)
        except NotFound:
            raise ValidationFailed.single(field, f"there is no person '{key}'") from None
        return found

    def name(self, key: str | None) -> str | None:
        if key is None or key == WITHHELD:
            return None
        if key not in self._names:
            try:
                self._names[key] = self.scoped.get(Person, key).name
            except NotFound:
                self._names[key] = None
        return self._names[key]

    def office(self, key: str, field: str) -> Office:
        found = self.offices.get(key)
        if found is None:
            raise ValidationFailed.single(field, f"there is no office '{key}'")
        return found

    def party(self, office: Office) -> Party:
        """The office as a sender or addressee, with its holder on the draft's day if one."""
        holders = holders_on(office.key, self.day, self.tenures)
        people = {t.person for t in holders}
        if len(people) != 1:
            return Party(text=office.title, office=office.key)
        tenure = holders[0]
        name = self.name(tenure.person)
        acting = "Acting " if tenure.acting else ""
        text = f"{acting}{office.title}" + (f" ({name})" if name else "")
        return Party(text=text, office=office.key, person=tenure.person if name else None)

    def parties(
        self,
        kind: DraftKind,
        step: str | None,
        from_office: str | None,
        to_office: str | None,
        principal: str | None,
    ) -> tuple[Party | None, Party | None, ClearanceStep | None]:
        sender_key = from_office
        recipient_key = to_office
        chosen = None if step is None else self._step(step)
        if kind is DraftKind.CONCURRENCE_LETTER:
            chosen = self.asked_step(step)
            sender_key = sender_key or chosen.from_office
            recipient_key = recipient_key or chosen.to_office
            if sender_key is None:
                raise ValidationFailed.single(
                    "from_office",
                    f"clearance step {chosen.key} names no asking office; give it with --from",
                )
        elif kind is DraftKind.EMBASSY_TELEGRAM:
            sender_key = sender_key or self.principal(principal, "from")
            recipient_key = recipient_key or self.embassy()
        else:
            recipient_key = recipient_key or self.principal(principal, "to")
        sender = self.party(self.office(sender_key, "from_office")) if sender_key else None
        recipient = self.party(self.office(recipient_key, "to_office"))
        return sender, recipient, chosen

    def principal(self, configured: str | None, flag: str) -> str:
        if configured is None or configured not in self.offices:
            what = f"'{configured}' is not an office on file" if configured else "is not set"
            raise ValidationFailed.single(
                f"{flag}_office",
                (
                    f"the principal's office (drafts.principal_office in the configuration) {what};"
                    f" set it in GLIENICKE_CONFIG or name the office with --{flag}"
                ),
            )
        return configured

    def embassy(self) -> str:
        """Our chief of mission to the (first) counterpart, from the offices on file."""
        counterparts = [c for c in self.proposal.counterparts if c != WITHHELD]
        ours = [o for o in self.offices.values() if o.state not in counterparts]
        for key in counterparts:
            state = self.scoped.get(State, key)
            for phrase in (f"Ambassador to {state.name}", f"Embassy in {state.key}"):
                found = match_office(phrase, ours)
                if found is not None:
                    return found.office
        named = ", ".join(counterparts) or "no counterpart"
        raise ValidationFailed.single(
            "to_office",
            (
                f"no office on file is our embassy or chief of mission to {named}; name the"
                " addressee with --to OFFICE"
            ),
        )

    def _step(self, key: str) -> ClearanceStep:
        found = next((s for s in self.steps if s.key == key), None)
        if found is None:
            raise ValidationFailed.single(
                "step", f"proposal {self.proposal.key} has no clearance step '{key}'"
            )
        return found

    def asked_step(self, key: str | None) -> ClearanceStep:
        """The step a concurrence letter asks: the one named, or the only open concurrence or
        approval step."""
        if key is not None:
            found = self._step(key)
            if found.kind not in ASKING:
                raise ValidationFailed.single(
                    "step",
                    (
                        f"clearance step {key} asks for {found.kind.value}; a concurrence letter"
                        f" asks for {', '.join(k.value for k in ASKING)}"
                    ),
                )
            return found
        open_steps = [
            s
            for s in self.steps
            if s.answer is None and s.kind in (StepKind.CONCURRENCE, StepKind.APPROVAL)
        ]
        if len(open_steps) == 1:
            return open_steps[0]
        if not open_steps:
            raise ValidationFailed.single(
                "step",
                (
                    f"proposal {self.proposal.key} has no open concurrence or approval step;"
                    " name the step the letter asks with --step"
                ),
            )
        raise ValidationFailed.single(
            "step",
            (
                f"proposal {self.proposal.key} has several open concurrence or approval steps"
                f" ({', '.join(s.key for s in open_steps)}); pick one with --step"
            ),
        )

    # the context

    def context(
        self,
        kind: DraftKind,
        step: ClearanceStep | None,
        sender: Party | None,
        recipient: Party | None,
        by: str | None,
        clear_with: list[str],
    ) -> dict[str, Any]:
        proposal = self.proposal
        considerations = self.considerations()
        steps = [self.step_view(s) for s in self.steps]
        return {
            "kind": kind.value,
            "date": None if self.when is None else str(self.when),
            "classification": self.classification().value,
            "proposal": {
                "key": proposal.key,
                "title": proposal.title,
                "status": self.status.value,  # as it stood on the draft's date
                # The summary bears no date: a draft dated before something on record could
                # read in it what came later, so it goes without.
                "summary": None if self.later else proposal.summary,
                "origin": None if proposal.origin is None else proposal.origin.value,
                "sequencing": proposal.sequencing.value,
                "opened_on": None if proposal.opened_on is None else str(proposal.opened_on),
                "counterparts": [self.state_view(c) for c in proposal.counterparts],
                "cases": [c for c in proposal.cases if c != WITHHELD],
            },
            "gives": [self.item_view(i) for i in proposal.side(Side.GIVE)],
            "gets": [self.item_view(i) for i in proposal.side(Side.GET)],
            "conditions": [
                {
                    "text": c.text,
                    "item": c.item,
                    "item_description": self._item_text(c.item),
                }
                for c in proposal.conditions
            ],
            "steps": steps,
            "step": None if step is None else self.step_view(step),
            "considerations_for": [
                self.consideration_view(c) for c in considerations if c.stance is Stance.FOR
            ],
            "considerations_against": [
                self.consideration_view(c) for c in considerations if c.stance is Stance.AGAINST
            ],
            "sender": _party_view(sender),
            "recipient": _party_view(recipient),
            "drafter": self.name(by),
            "clear_with": [self.name(p) or p for p in clear_with],
        }

    def state_view(self, key: str) -> dict[str, str]:
        try:
            state: State = self.scoped.get(State, key)
        except NotFound:
            return {"key": key, "name": key}
        return {"key": state.key, "name": state.name}

    def item_view(self, item: ProposalItem) -> dict[str, Any]:
        mechanism = self.mechanism(item)
        return {
            "key": item.key,
            "kind": item.kind.value,
            "person": self.name(item.person),
            "person_key": None if item.person == WITHHELD else item.person,
            "mechanism": item.mechanism,
            "mechanism_name": mechanism.get("name"),
            "basis": mechanism.get("basis"),
            "decider": mechanism.get("decider"),
            "description": item.description,
            "conditions": [c.text for c in self.proposal.conditions if c.item == item.key],
        }

    def _item_text(self, key: str | None) -> str | None:
        item = self.proposal.item(key) if key else None
        return None if item is None else item.description

    def mechanism(self, item: ProposalItem) -> dict[str, str]:
        """The mechanism's name, decider and legal basis from the law pack for the person's
        latest detention, when there is one to go by."""
        if item.mechanism is None or item.person in (None, WITHHELD):
            return {}
        from glienicke.services.law import law_config, pack_for

        detentions: list[Detention] = self.scoped.where(Detention, "person", str(item.person))
        if not detentions:
            return {}
        latest = max(detentions, key=_detention_order)
        try:
            pack = pack_for(latest, law_config(), self.day.earliest())
        except (NotFound, ValidationFailed):
            return {}
        found = next((m for m in pack.mechanisms if m.key == item.mechanism), None)
        if found is None:
            return {}
        found = found.on(self.day.earliest())  # only the authority that existed on the day
        return {"name": found.name, "basis": found.basis, "decider": found.decider}

    def step_view(self, step: ClearanceStep) -> dict[str, Any]:
        def title(key: str | None) -> str | None:
            office = self.offices.get(key) if key else None
            return None if office is None else office.title

        favourable = step.favourable
        return {
            "key": step.key,
            "kind": step.kind.value,
            "required": step.required_step,
            "from_office": title(step.from_office),
            "from_office_key": step.from_office,
            "to_office": title(step.to_office) or step.to_office,
            "to_office_key": step.to_office,
            "requested_on": _text(step.requested_on),
            "due": _text(step.due),
            "escalates": step.escalates,
            "answer": None if step.answer is None else step.answer.value,
            "decision": None if step.decision is None else step.decision.value,
            "answered_on": _text(step.answered_on),
            "answered_by": self.name(step.answered_by),
            "reasons": step.reasons,
            "state": (
                "awaiting answer"
                if favourable is None
                else ("favourable" if favourable else "unfavourable")
            ),
        }

    def consideration_view(self, consideration: Consideration) -> dict[str, Any]:
        return {
            "category": consideration.category.value,
            "argument": consideration.argument,
            "made_by": self.name(consideration.made_by),
            "weight": consideration.weight,
        }

    def classification(self) -> Classification:
        """Never less than the proposal's, nor than any of its cases'."""
        marks = [self.proposal.classification]
        for key in self.proposal.cases:
            if key != WITHHELD:
                marks.append(self.scoped.get(Case, key).classification)
        return max(marks, key=level)

    def linked_persons(
        self, sender: Party | None, recipient: Party | None, by: str | None, clear_with: list[str]
    ) -> list[str]:
        found: list[str] = []
        candidates = [i.person for i in self.proposal.items]
        candidates += [p.person for p in (sender, recipient) if p is not None]
        candidates += [by, *clear_with]
        for key in candidates:
            if key and key != WITHHELD and key not in found:
                found.append(key)
        return found


def _party_view(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"text": party.text, "office": party.office, "person": party.person}


def _moved_to(title: str, proposal: str) -> ProposalStatus | None:
    """The status an event records a proposal moving to (services.negotiation writes "Proposal
    KEY is now STATUS"), or None for any other event."""
    lead = f"Proposal {proposal} is now "
    if not title.startswith(lead):
        return None
    try:
        return ProposalStatus(title[len(lead) :].strip())
    except ValueError:
        return None


def _text(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def _step_order(step: ClearanceStep) -> tuple[tuple[int, ...], str]:
    when = step.requested_on or step.answered_on
    return (when.sort_key() if when else (9999,), step.key)


def _detention_order(detention: Detention) -> tuple[int, ...]:
    began = detention.since or (detention.stages[0].date if detention.stages else None)
    return began.sort_key() if began else (0,)


# --- the draft's life: clearance, revision, filing ----------------------------------------------


def clear_draft(
    db: Database,
    document: str,
    by: str,
    *,
    on: str | None = None,
    expected_version: int | None = None,
) -> Document:
    """Record that a person named when the draft was made has cleared it (refused as stale
    if the draft was saved since `expected_version`)."""
    require(Permission.FILE_DOCUMENTS)
    person = as_text(by, "by")
    when = as_optional_date(on, "on")
    with db.transaction() as repo:
        check_visible(repo, Document, document)
        _may_record_for(person)
        record = repo.get(Document, document)
        with about("document", document):
            record.record_clearance(person)
        check_record(repo, record)
        repo.save(record, expected_version)
        if repo.audit is not None:
            detail: dict[str, Any] = {"by": person}
            if when is not None:
                detail["on"] = str(when)
            repo.audit.record("cleared", "document", document, detail)
    return record


def _may_record_for(person: str) -> None:
    """A clearance is the cleared person's word: an account records its own person's (see
    `glienicke user link`); recording anyone else's takes the permission to record answers
    and decisions (legal advisers, principals), as a clearance taken by telephone is."""
    who = viewer()
    if who.person == person or who.may(Permission.ANSWER_CLEARANCE):
        return
    own = f"yours is {who.person}'s" if who.person else "your account is linked to no person"
    raise Forbidden(
        f"you may record only your own clearance ({own}); recording {person}'s needs the"
        " answer-clearance permission (a legal adviser or principal)"
    )


def file_draft(
    db: Database, document: str, *, on: str | None = None, expected_version: int | None = None
) -> Document:
    """File a draft once everyone named has cleared it; it is immutable from then on."""
    when = as_optional_date(on, "on")
    return change_record(
        db, Document, document, lambda record: record.file(on=when), expected_version
    )


def revise_draft(
    db: Database,
    document: str,
    *,
    body: str | None = None,
    title: str | None = None,
    expected_version: int | None = None,
) -> Document:
    """Give a draft a new body or title; a filed document is refused, and so is a revision of
    a draft saved by someone else since `expected_version`."""
    return change_record(
        db,
        Document,
        document,
        lambda record: record.revise(title=title, body=body),
        expected_version,
    )


def draft_view(document: Document) -> dict[str, Any]:
    """What the commands and routes answer about a draft."""
    return {
        "key": document.key,
        "kind": document.kind.value,
        "title": document.title,
        "status": document.status.value,
        "classification": document.classification.value,
        "marking": (
            draft_marking(document.classification.value)
            if document.status is DocumentStatus.DRAFT
            else None
        ),
        "from": [p.text for p in document.sender],
        "to": [p.text for p in document.recipients],
        "date": _text(document.date),
        "drafted_by": document.drafted_by,
        "to_clear": document.to_clear,
        "cleared_with": document.cleared_with,
        "proposals": document.proposals,
        "cases": document.cases,
        "body": document.body,
    }
