"""Proposals and what hangs on them: considerations, clearance steps, commitments."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import (
    Classification,
    classification_field,
    need_to_know_field,
)
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.fields import doc, many, must, ref, refs, required


class Side(StrEnum):
    GIVE = "give"
    GET = "get"


class ItemKind(StrEnum):
    RELEASE = "release"
    EXIT_PERMISSION = "exit-permission"
    TRANSFER = "transfer"
    DROPPED_CHARGES = "dropped-charges"
    OTHER = "other"


class Origin(StrEnum):
    THEIR_DEMARCHE = "their-demarche"
    OUR_INITIATIVE = "our-initiative"


class Sequencing(StrEnum):
    UNSPECIFIED = "unspecified"
    WE_FIRST = "we-first"
    THEY_FIRST = "they-first"
    SIMULTANEOUS = "simultaneous"
    STAGED = "staged"


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    IN_CLEARANCE = "in-clearance"
    APPROVED = "approved"
    REJECTED = "rejected"
    COMMUNICATED = "communicated"
    AGREED = "agreed"
    EXECUTING = "executing"
    COMPLETED = "completed"
    PARTLY_COMPLETED = "partly-completed"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


@dataclass(kw_only=True)
class ProposalItem:
    key: str = required("key of the item, unique within the proposal")
    side: Side = required("give (what we would do) or get (what we would obtain)")
    kind: ItemKind = required("release, exit-permission, transfer, dropped-charges or other")
    person: str | None = ref("person", doc="whom the item concerns")
    mechanism: str | None = doc("the legal mechanism, e.g. 'probation' or 'presidium-pardon'")
    description: str | None = doc("the item in words")


@dataclass(kw_only=True)
class Condition:
    key: str = required("key of the condition, unique within the proposal")
    text: str = required("the condition, e.g. 'leaves the country at once'")
    item: str | None = doc("key of the item it attaches to; none for the whole proposal")


@dataclass(kw_only=True)
class Proposal:
    """A possible arrangement with one or more counterpart states."""

    key: str = required("stable key, e.g. 'gorin-1941'")
    title: str = required("a short title")
    counterparts: list[str] = refs("state", doc="the other states party to it")
    origin: Origin | None = doc("their-demarche or our-initiative")
    sequencing: Sequencing = doc(
        "we-first, they-first, simultaneous, staged or unspecified",
        default=Sequencing.UNSPECIFIED,
    )
    status: ProposalStatus = doc("where it stands in its lifecycle", default=ProposalStatus.DRAFT)
    opened_on: PartialDate | None = doc("when it was first put forward")
    cases: list[str] = refs("case", doc="the cases it would resolve")
    items: list[ProposalItem] = many("what each side would do")
    conditions: list[Condition] = many("conditions attached")
    summary: str | None = doc("the proposal in a few sentences")
    classification: Classification = classification_field()
    restricted_to: list[str] = need_to_know_field("proposal")

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        item_keys: set[str] = set()
        for index, item in enumerate(self.items):
            if item.key in item_keys:
                found.append(Problem(f"items[{index}].key", f"item key '{item.key}' is used twice"))
            item_keys.add(item.key)
        condition_keys: set[str] = set()
        for index, condition in enumerate(self.conditions):
            where = f"conditions[{index}]"
            if condition.key in condition_keys:
                found.append(
                    Problem(f"{where}.key", f"condition key '{condition.key}' is used twice")
                )
            condition_keys.add(condition.key)
            if condition.item is not None and condition.item not in item_keys:
                found.append(
                    Problem(f"{where}.item", f"proposal {self.key} has no item '{condition.item}'")
                )
        if len(set(self.counterparts)) != len(self.counterparts):
            found.append(Problem("counterparts", "a counterpart is listed twice"))
        return found

    def item(self, key: str) -> ProposalItem | None:
        return next((i for i in self.items if i.key == key), None)

    def side(self, side: Side) -> list[ProposalItem]:
        return [i for i in self.items if i.side is side]

    def add_item(self, item: ProposalItem) -> None:
        """Add an item, refusing a key already in use."""
        self._check(lambda: self.items.append(item), lambda: self.items.pop())

    def add_condition(self, condition: Condition) -> None:
        """Attach a condition, to the whole proposal or to one of its items."""
        self._check(lambda: self.conditions.append(condition), lambda: self.conditions.pop())

    def replace_item(self, item: ProposalItem) -> None:
        """Put an edited item in the place of the one with its key."""
        index = self._index(self.items, item.key, "item")
        old = self.items[index]
        self._check(
            lambda: self.items.__setitem__(index, item), lambda: self.items.__setitem__(index, old)
        )

    def remove_item(self, key: str) -> None:
        """Take an item off its side; refused while a condition is attached to it."""
        index = self._index(self.items, key, "item")
        attached = [c.text for c in self.conditions if c.item == key]
        if attached:
            raise ValidationFailed.single(
                "item",
                f"the condition “{attached[0]}” is attached to item '{key}': remove it or"
                " attach it to the whole proposal first",
            )
        del self.items[index]

    def replace_condition(self, condition: Condition) -> None:
        """Put an edited condition in the place of the one with its key."""
        index = self._index(self.conditions, condition.key, "condition")
        old = self.conditions[index]
        self._check(
            lambda: self.conditions.__setitem__(index, condition),
            lambda: self.conditions.__setitem__(index, old),
        )

    def remove_condition(self, key: str) -> None:
        del self.conditions[self._index(self.conditions, key, "condition")]

    def _index(self, entries: Sequence[ProposalItem | Condition], key: str, what: str) -> int:
        for index, entry in enumerate(entries):
            if entry.key == key:
                return index
        raise ValidationFailed.single(what, f"proposal {self.key} has no {what} '{key}'")

    def _check(self, apply: Callable[[], None], undo: Callable[[], object]) -> None:
        apply()
        problems = self.problems()
        if problems:
            undo()
            raise ValidationFailed(problems)


class Stance(StrEnum):
    FOR = "for"
    AGAINST = "against"


class ConsiderationCategory(StrEnum):
    HUMANITARIAN = "humanitarian"
    DETERRENCE = "deterrence"
    PRECEDENT = "precedent"
    RECIPROCITY = "reciprocity"
    INTELLIGENCE_VALUE = "intelligence-value"
    LEGAL_PROPRIETY = "legal-propriety"
    BREADTH_OF_RELATIONS = "breadth-of-relations"
    DOMESTIC_POLITICS = "domestic-politics"


@dataclass(kw_only=True)
class Consideration:
    """An argument on record for or against a proposal."""

    key: str = required("stable key")
    proposal: str = must("proposal", doc="the proposal argued about")
    stance: Stance = required("for or against")
    category: ConsiderationCategory = required("the kind of argument")
    argument: str = required("the argument, in our own words")
    made_by: str | None = ref("person", doc="who made it")
    document: str | None = ref("document", doc="where it is on record")
    weight: int = doc("how much it weighs, 1 (slight) to 5 (decisive)", default=3)

    def problems(self) -> list[Problem]:
        if not 1 <= self.weight <= 5:
            return [Problem("weight", f"{self.weight} is outside 1 to 5")]
        return []


class StepKind(StrEnum):
    RECOMMENDATION = "recommendation"
    CONCURRENCE = "concurrence"
    APPROVAL = "approval"
    DECISION = "decision"
    CONSULTATION = "consultation"
    STATEMENT = "statement"
    ORDER = "order"
    INFORMATION = "information"


class StepPhase(StrEnum):
    """When a step is needed: before our government approves the proposal, or to carry out an
    item once it is approved (the U.S. Attorney's recommendation, the court's order)."""

    CLEARANCE = "clearance"
    EXECUTION = "execution"


DECIDER = "decider"
"""The requirement of the step in which the deciding office itself acts (the court's order)."""


class Answer(StrEnum):
    CONCUR = "concur"
    CONCUR_WITH_CONDITIONS = "concur-with-conditions"
    NON_CONCUR = "non-concur"
    NO_OBJECTION = "no-objection"
    DECIDED = "decided"


class Decision(StrEnum):
    FAVOURABLE = "favourable"
    UNFAVOURABLE = "unfavourable"


FAVOURABLE_ANSWERS = frozenset({Answer.CONCUR, Answer.CONCUR_WITH_CONDITIONS, Answer.NO_OBJECTION})


@dataclass(kw_only=True)
class ClearanceStep:
    """A request from one office to another, and its answer."""

    key: str = required("stable key")
    proposal: str = must("proposal", doc="the proposal being cleared")
    kind: StepKind = required("what is asked: recommendation, concurrence, decision, ...")
    from_office: str | None = ref("office", doc="the office asking")
    to_office: str = must("office", doc="the office asked")
    required_step: bool = doc(
        "whether approval needs this step answered favourably", default=True, name="required"
    )
    item: str | None = doc("key of the proposal item it clears, if one")
    requirement: str | None = doc(
        "what of the law it meets: the law pack's step key (e.g. 'justice-concurrence'), or"
        " 'decider' for the deciding office's own act"
    )
    phase: StepPhase = doc(
        "clearance (needed before approval) or execution (needed to carry out an approved item)",
        default=StepPhase.CLEARANCE,
    )
    requested_on: PartialDate | None = doc("when it was asked")
    due: PartialDate | None = doc("when an answer is needed")
    request_document: str | None = ref("document", doc="the document that asked")
    escalates: str | None = ref("clearance_step", doc="the earlier step this one escalates")
    answer: Answer | None = doc("the answer, once given")
    decision: Decision | None = doc("with answer 'decided': favourable or unfavourable")
    answered_on: PartialDate | None = doc("when it was answered")
    answered_by: str | None = ref("person", doc="who answered")
    reasons: str | None = doc("the reasons given, in our own words")
    answer_document: str | None = ref("document", doc="the document that answered")

    def without_answer(self) -> ClearanceStep:
        """The step as it stood before it was answered."""
        return dataclasses.replace(
            self,
            answer=None,
            decision=None,
            answered_on=None,
            answered_by=None,
            reasons=None,
            answer_document=None,
        )

    @property
    def favourable(self) -> bool | None:
        """True or False once answered; None while open."""
        if self.answer is None:
            return None
        if self.answer is Answer.DECIDED:
            return self.decision is Decision.FAVOURABLE
        return self.answer in FAVOURABLE_ANSWERS

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if self.escalates == self.key:
            found.append(Problem("escalates", "a step cannot escalate itself"))
        if self.answer is None:
            for name in ("decision", "answered_on", "answered_by", "reasons", "answer_document"):
                if getattr(self, name) is not None:
                    found.append(Problem(name, "given without an answer"))
        elif (self.answer is Answer.DECIDED) != (self.decision is not None):
            found.append(
                Problem("decision", "give a decision with, and only with, answer 'decided'")
            )
        if (
            self.requested_on
            and self.answered_on
            and self.answered_on.certainly_before(self.requested_on)
        ):
            found.append(
                Problem(
                    "answered_on", f"{self.answered_on} is before requested_on {self.requested_on}"
                )
            )
        return found

    def record_answer(
        self,
        answer: Answer,
        *,
        on: PartialDate,
        by: str | None = None,
        reasons: str | None = None,
        document: str | None = None,
        decision: Decision | None = None,
    ) -> None:
        """Record the answer to this request; a step is answered once."""
        if self.answer is not None:
            raise ValidationFailed.single(
                "answer",
                (
                    f"clearance step {self.key} was already answered ('{self.answer.value}'"
                    f" on {self.answered_on}); record a new step to ask again"
                ),
            )
        self.answer, self.answered_on, self.answered_by = answer, on, by
        self.reasons, self.answer_document, self.decision = reasons, document, decision
        problems = self.problems()
        if problems:
            self.answer = self.answered_on = self.answered_by = None
            self.reasons = self.answer_document = None
            self.decision = None
            raise ValidationFailed(problems)


class CommitmentStatus(StrEnum):
    PENDING = "pending"
    FULFILLED = "fulfilled"
    PARTLY_FULFILLED = "partly-fulfilled"
    BROKEN = "broken"
    WAIVED = "waived"


class FollowUpAction(StrEnum):
    PRESS = "press"
    REMINDER = "reminder"
    INQUIRY = "inquiry"
    NOTE = "note"


@dataclass(kw_only=True)
class FollowUp:
    date: PartialDate = required("when it was done")
    action: FollowUpAction = doc("press, reminder, inquiry or note", default=FollowUpAction.PRESS)
    by: str | None = ref("person", doc="who did it")
    note: str | None = doc("what was said or done")
    document: str | None = ref("document", doc="the record of it")


@dataclass(kw_only=True)
class Commitment:
    """What one party undertook under a proposal, person by person."""

    key: str = required("stable key")
    proposal: str = must("proposal", doc="the arrangement it belongs to")
    party: str = must("state", doc="the state that undertook it")
    person: str | None = ref("person", doc="whom it concerns")
    act: ItemKind = required("release, exit-permission, transfer, dropped-charges or other")
    description: str = required("what was undertaken, in our own words")
    due: PartialDate | None = doc("when it was due")
    status: CommitmentStatus = doc(
        "pending, fulfilled, partly-fulfilled, broken or waived", default=CommitmentStatus.PENDING
    )
    fulfilled_on: PartialDate | None = doc("when it was fulfilled")
    evidence: str | None = ref("document", doc="the document that shows fulfilment")
    evidence_note: str | None = doc("fulfilment evidence in words")
    relinked_to: str | None = ref("commitment", doc="the later commitment that took this one over")
    follow_ups: list[FollowUp] = many("each time we pressed or checked")

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        done = self.status in (CommitmentStatus.FULFILLED, CommitmentStatus.PARTLY_FULFILLED)
        if done and self.fulfilled_on is None:
            found.append(
                Problem("fulfilled_on", f"a {self.status.value} commitment needs its date")
            )
        if not done and self.fulfilled_on is not None:
            found.append(
                Problem("fulfilled_on", f"a {self.status.value} commitment has no fulfilment date")
            )
        if self.relinked_to == self.key:
            found.append(Problem("relinked_to", "a commitment cannot be re-linked to itself"))
        if self.relinked_to is not None and self.status is not CommitmentStatus.BROKEN:
            found.append(Problem("relinked_to", "only a broken commitment is re-linked"))
        return found

    @property
    def late(self) -> bool:
        """Fulfilled, but certainly after it was due."""
        return bool(self.fulfilled_on and self.due and self.due.certainly_before(self.fulfilled_on))

    def record_fulfilment(
        self,
        on: PartialDate,
        *,
        partly: bool = False,
        evidence: str | None = None,
        note: str | None = None,
    ) -> None:
        """Mark the commitment (partly) fulfilled, with its evidence."""
        if self.status not in (CommitmentStatus.PENDING, CommitmentStatus.PARTLY_FULFILLED):
            raise ValidationFailed.single(
                "status",
                (
                    f"commitment {self.key} is {self.status.value}; only a pending or partly"
                    " fulfilled commitment can be fulfilled"
                ),
            )
        self.status = CommitmentStatus.PARTLY_FULFILLED if partly else CommitmentStatus.FULFILLED
        self.fulfilled_on, self.evidence, self.evidence_note = on, evidence, note

    def add_follow_up(self, follow_up: FollowUp) -> None:
        """Record that we pressed or checked on the commitment."""
        if self.follow_ups and follow_up.date.certainly_before(self.follow_ups[-1].date):
            raise ValidationFailed.single(
                "date",
                (
                    f"{follow_up.date} is before the last follow-up ({self.follow_ups[-1].date});"
                    " follow-ups are recorded in order"
                ),
            )
        self.follow_ups.append(follow_up)
