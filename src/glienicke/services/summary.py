"""The summary at the top of a long page: what is urgent, what closes when, what to do next.

Each summary is plain data built from what its page has worked out already (the case file with
its windows, the proposal's workbench and ledger, the dashboard), so the page only renders it
and the API could answer it as it is. Nothing here reads the database: the law's lead times
are the only setting read. A proposal that is finished (rejected, completed, withdrawn...) has
nothing live: no awaited step, no alarm, no next move, only the sentence saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from glienicke.domain.cases import CaseStatus
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import ENDING, StageKind
from glienicke.domain.proposals import ClearanceStep, Commitment, CommitmentStatus, Proposal
from glienicke.law.deadlines import Deadline, LeadTimes, deadlines_of, ranked
from glienicke.law.evaluator import Windows, history_as_of
from glienicke.negotiation.clearance import StepState
from glienicke.negotiation.lifecycle import allowed
from glienicke.services.negotiation import Workbench
from glienicke.services.negotiation_law import ItemCheck
from glienicke.services.overview import CaseFile, Dashboard, running_on

CLOSING = 3  # windows the summary names under "what closes when"
URGENT = 4  # lines of each kind of alarm it names before counting the rest


@dataclass(frozen=True)
class Line:
    """One line of a summary: what, on which day (if any), how many days from the page's day,
    and where the page (or the site) says more."""

    text: str
    on: PartialDate | None = None
    on_word: str = ""  # what happens on that day: "closes", "due", "asked", "since"
    days_left: int | None = None
    link: str | None = None
    alarm: bool = False
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "on": None if self.on is None else str(self.on),
            "on_word": self.on_word,
            "days_left": self.days_left,
            "link": self.link,
            "alarm": self.alarm,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Summary:
    as_of: date
    urgent: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    next: list[Line] = field(default_factory=list)
    final: str | None = None  # why nothing is live (a finished proposal, a closed case)

    @property
    def empty(self) -> bool:
        return not (self.urgent or self.closing or self.next)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "urgent": [x.to_dict() for x in self.urgent],
            "closing": [x.to_dict() for x in self.closing],
            "next": [x.to_dict() for x in self.next],
            "final": self.final,
        }


def _reached(day: PartialDate | None, as_of: date) -> bool:
    return day is not None and first_day(day) <= as_of


def awaiting_on(steps: Iterable[ClearanceStep], as_of: date) -> list[ClearanceStep]:
    """The steps asked by the day and not answered by it, the longest waiting first; a step a
    later one took over (an escalation) is not awaited any more."""
    steps = list(steps)
    taken_over = {s.escalates for s in steps if s.escalates and _reached(s.requested_on, as_of)}
    found = [
        s
        for s in steps
        if _reached(s.requested_on, as_of)
        and not (s.answer is not None and (s.answered_on is None or _reached(s.answered_on, as_of)))
        and s.key not in taken_over
    ]
    return sorted(found, key=lambda s: s.requested_on.sort_key() if s.requested_on else (0,))


def overdue_on(commitments: Iterable[Commitment], as_of: date) -> list[Commitment]:
    """Pending commitments past every reading of their due date, the longest overdue first."""
    found = [
        c
        for c in commitments
        if c.status is CommitmentStatus.PENDING and c.due is not None and c.due.latest() < as_of
    ]
    return sorted(found, key=lambda c: c.due.latest() if c.due else as_of)


def _window_line(d: Deadline, whom: str, link: str | None, *, alarm: bool = True) -> Line:
    """A window and when it closes (`alarm`: marked when its clearance cannot finish)."""
    needs = d.window.requires and alarm
    detail = f"its clearance usually takes {d.lead_days} days" if needs else None
    if d.estimated:
        detail = "; ".join(x for x in (detail, "the closing date is an estimate") if x)
    return Line(
        f"{d.window.mechanism.name} for {whom}",
        on=d.closes_on,
        on_word="closes",
        days_left=d.days_left,
        link=link,
        alarm=alarm and d.alarm,
        detail=detail,
    )


def _awaiting_line(
    step: ClearanceStep,
    offices: Mapping[str, str],
    title: str | None,
    *,
    here: bool = False,
    query: str = "",
) -> Line:
    """Who must answer a step asked (`here`: on the proposal's own page)."""
    office = offices.get(step.to_office, step.to_office) if step.to_office else "an office"
    under = f" under “{title}”" if title else ""
    page = "" if here else f"/proposals/{step.proposal}{query}"
    return Line(
        f"{office} must answer the {step.kind.value}{under}",
        on=step.due or step.requested_on,
        on_word="due" if step.due else "asked",
        link=f"{page}#step-{step.key}",
    )


def _more(kind: str, count: int, shown: int, link: str | None) -> list[Line]:
    if count <= shown:
        return []
    return [Line(f"and {count - shown} more {kind}", link=link)]


def of_case(found: CaseFile, as_of: date, offices: Mapping[str, str]) -> Summary:
    """`case_summary` with the lead times configured."""
    from glienicke.services.law import law_config

    return case_summary(found, as_of, law_config().lead, offices)


def of_proposal(
    bench: Workbench,
    ledger: Sequence[Mapping[str, Any]],
    offices: Mapping[str, str],
    as_of: date,
    names: Mapping[str, str],
) -> Summary:
    """`proposal_summary` with the mechanisms named as the law packs in force name them."""
    from glienicke.services.law import law_config

    named = {(p.key, m.key): m.name for p in law_config().packs for m in p.mechanisms}
    return proposal_summary(bench, ledger, offices, as_of, names, named)


# --- a case ---------------------------------------------------------------------------------


def case_summary(
    found: CaseFile, as_of: date, lead: LeadTimes, offices: Mapping[str, str] | None = None
) -> Summary:
    """A case on a day, from its page's case file: death sentences, windows that may close
    before their clearance can finish, overdue commitments and steps awaiting an answer of its
    live proposals; the next windows closing; and what to do next (the answers awaited, else
    the soonest open window's mechanism to start)."""
    offices = offices or {}
    names = {k: p.name for k, p in found.persons.items()}
    case = found.case
    if case.status is not CaseStatus.OPEN and (
        case.closed_on is None or first_day(case.closed_on) <= as_of
    ):
        on = f" since {case.closed_on}" if case.closed_on else ""
        return Summary(as_of, final=f"This case is {case.status.value}{on}: nothing is live.")
    deadlines: list[Deadline] = []
    urgent: list[Line] = []
    for detention, _version in found.detentions:
        whom = names.get(detention.person, detention.person)
        stages = history_as_of(detention, as_of)
        if stages and stages[-1].stage not in ENDING:
            condemned = next(
                (s for s in reversed(stages) if s.stage is StageKind.CONDEMNED_TO_DEATH), None
            )
            if condemned is not None and not any(
                s.stage is StageKind.COMMUTED for s in stages[stages.index(condemned) :]
            ):
                urgent.append(
                    Line(
                        f"{whom} is under sentence of death",
                        on=condemned.date,
                        on_word="since",
                        link=f"#detention-{detention.key}",
                        alarm=True,
                    )
                )
        windows = found.windows.get(detention.key)
        if isinstance(windows, Windows):
            deadlines += deadlines_of(windows, lead)
    soonest = ranked(deadlines)
    whose = {d.key: d.person for d, _version in found.detentions}

    def window_link(d: Deadline) -> str:
        return f"#windows-{d.detention}"

    alarms = [d for d in soonest if d.alarm]
    urgent += [
        _window_line(d, names.get(whose.get(d.detention, d.person), d.person), window_link(d))
        for d in alarms[:URGENT]
    ]
    urgent += _more("windows closing before their clearance", len(alarms), URGENT, None)
    live = {p.key: p for p in found.proposals if running_on(p, found.steps, as_of)}
    overdue = overdue_on((c for c in found.commitments if c.proposal in live), as_of)
    urgent += [
        Line(
            f"Overdue: {c.description}",
            on=c.due,
            on_word="due",
            link=f"/proposals/{c.proposal}#commitment-{c.key}",
            alarm=True,
            detail=f"under “{live[c.proposal].title}”",
        )
        for c in overdue[:URGENT]
    ]
    urgent += _more("overdue commitments", len(overdue), URGENT, None)
    waiting = awaiting_on((s for s in found.steps if s.proposal in live), as_of)
    closing = [
        _window_line(d, names.get(d.person, d.person), window_link(d), alarm=False)
        for d in sorted(soonest, key=lambda d: d.days_left)[:CLOSING]
    ]
    steps = [_awaiting_line(x, offices, live[x.proposal].title) for x in waiting[:URGENT]]
    steps += _more("steps awaiting an answer", len(waiting), URGENT, "#proposals-heading")
    if not steps and soonest:
        first = min(soonest, key=lambda d: d.days_left)
        whom = names.get(first.person, first.person)
        decider = first.window.mechanism.decider
        steps = [
            Line(
                f"Start {first.window.mechanism.name} for {whom}",
                on=first.closes_on,
                on_word="before it closes",
                days_left=first.days_left,
                link=window_link(first),
                detail=f"decided by {decider}" if decider else None,
            )
        ]
    return Summary(as_of, urgent, closing, steps)


# --- a proposal -----------------------------------------------------------------------------


def proposal_summary(
    bench: Workbench,
    ledger: Sequence[Mapping[str, Any]],
    offices: Mapping[str, str],
    as_of: date,
    names: Mapping[str, str] | None = None,
    mechanisms: Mapping[tuple[str, str], str] | None = None,
) -> Summary:
    """A proposal from its page's workbench and ledger: refused items and clearance alarms,
    overdue commitments and the steps awaiting an answer; its items' windows closing soonest;
    and what to do next (who must answer, what to ask, where it may move). A finished proposal
    has none of it, only the sentence saying it is finished."""
    p: Proposal = bench.proposal
    if not allowed(p.status):
        status = p.status.value.replace("-", " ")
        return Summary(
            as_of,
            final=f"This proposal is {status}: no step is awaited and nothing more is to be done.",
        )
    names, mechanisms = names or {}, mechanisms or {}

    def whose(c: ItemCheck) -> str:
        how = mechanisms.get((c.pack or "", c.mechanism or ""), c.mechanism or "its mechanism")
        person = names.get(c.person, c.person) if c.person else None
        return f"{how} for {person}" if person else f"{how} for item {c.item}"

    urgent: list[Line] = []
    for c in bench.checks:
        if c.refused:
            urgent.append(
                Line(
                    f"Item {c.item} is refused",
                    link=f"#item-{c.item}",
                    alarm=True,
                    detail=c.explanation,
                )
            )
        elif c.alarm:
            urgent.append(
                Line(
                    f"{whose(c)} cannot be cleared in time",
                    on=c.closes_on,
                    on_word="closes",
                    days_left=c.days_left,
                    link=f"#item-{c.item}",
                    alarm=True,
                    detail=f"its clearance usually takes {c.lead_days} days",
                )
            )
    late = [row for row in ledger if row.get("overdue")]
    urgent += [
        Line(
            f"Overdue: {row['description']}",
            on=PartialDate.parse(row["due"]) if row.get("due") else None,
            on_word="due",
            link=f"#commitment-{row['key']}",
            alarm=True,
        )
        for row in late[:URGENT]
    ]
    urgent += _more("overdue commitments", len(late), URGENT, "#commitments")
    dated = [c for c in bench.checks if c.closes_on is not None and c.days_left is not None]
    dated.sort(key=lambda c: (c.days_left or 0, c.item))
    closing = [
        Line(
            whose(c),
            on=c.closes_on,
            on_word="closes",
            days_left=c.days_left,
            link=f"#item-{c.item}",
        )
        for c in dated[:CLOSING]
    ]
    entries = bench.entries
    waiting = [e.head for e in entries if e.state is StepState.AWAITING and e.head is not None]
    late_steps = [x for x in waiting if x.due is not None and x.due.latest() < as_of]
    urgent += [
        Line(
            f"The answer of {offices.get(x.to_office, x.to_office)} is overdue",
            on=x.due,
            on_word="it was due",
            link=f"#step-{x.key}",
            alarm=True,
        )
        for x in late_steps
    ]
    nxt = [_awaiting_line(x, offices, None, here=True) for x in waiting]
    unasked = [e.head for e in entries if e.state is StepState.UNREQUESTED and e.head]
    nxt += [
        Line(
            f"Ask {offices.get(s.to_office, s.to_office) if s.to_office else 'an office'}"
            f" for its {s.kind.value}",
            link=f"#step-{s.key}",
        )
        for s in unasked[:URGENT]
    ]
    missing = sum(1 for e in entries if e.state is None)
    if missing:
        nxt.append(
            Line(
                f"Put {missing} planned step{'s' if missing != 1 else ''} on record",
                link="#clearance",
            )
        )
    if not nxt:
        moves = [t.value.replace("-", " ") for t in allowed(p.status)]
        nxt.append(Line(f"Decide where it goes next: {', '.join(moves)}", link="#lifecycle"))
    return Summary(as_of, urgent, closing, nxt)


# --- the dashboard --------------------------------------------------------------------------


def dashboard_summary(found: Dashboard, query: str = "") -> Summary:
    """The dashboard's day in three lists: the alarms (clearance alarms, windows closing before
    their clearance, death sentences, overdue commitments), the windows closing soonest and
    the answers awaited, the longest waiting first (else the most urgent case to open).
    `query` is the as-of part of the dashboard's links ('?as_of=...' or '')."""
    day = found.day
    urgent: list[Line] = []
    for a in day.clearance_alarms[:URGENT]:
        urgent.append(
            Line(
                f"{a.mechanism_name} for {a.person_name or a.check.person or a.check.item}"
                f" cannot be cleared in time, under “{a.title}”",
                on=a.check.closes_on,
                on_word="closes",
                days_left=a.check.days_left,
                link=f"/proposals/{a.proposal}{query}#item-{a.check.item}",
                alarm=True,
            )
        )
    alarms = [d for d in found.deadlines if d.alarm]
    for d in alarms[:URGENT]:
        case = day.case_of_detention.get(d.detention)
        link = f"/cases/{case}{query}" if case else f"/persons/{d.person}"
        urgent.append(_window_line(d, day.names.get(d.person, d.person), link))
    urgent += _more(
        "windows closing before their clearance", len(alarms), URGENT, "#deadlines-heading"
    )
    for c in day.condemned[:URGENT]:
        link = f"/cases/{c.case}{query}" if c.case else f"/persons/{c.person}"
        urgent.append(
            Line(
                f"{c.name} is under sentence of death",
                on=c.since,
                on_word="since",
                link=link,
                alarm=True,
            )
        )
    if day.overdue_count:
        first = day.overdue[0] if day.overdue else None
        urgent.append(
            Line(
                f"{day.overdue_count} commitment{'s are' if day.overdue_count != 1 else ' is'}"
                " overdue",
                link="#overdue-heading",
                alarm=True,
                detail=None
                if first is None
                else f"the longest overdue: {first.commitment.description}",
            )
        )
    closing = [
        _window_line(
            d,
            day.names.get(d.person, d.person),
            (
                f"/cases/{day.case_of_detention[d.detention]}{query}"
                if d.detention in day.case_of_detention
                else f"/persons/{d.person}"
            ),
            alarm=False,
        )
        for d in sorted(found.deadlines, key=lambda d: d.days_left)[:CLOSING]
    ]
    nxt = [
        _awaiting_line(a.step, {a.step.to_office: a.to_office}, a.proposal_title, query=query)
        for a in day.awaiting[:URGENT]
    ]
    nxt += _more(
        "steps awaiting an answer",
        day.awaiting_count,
        min(URGENT, len(day.awaiting)),
        "#awaiting-heading",
    )
    if not nxt and found.ranking:
        top = found.ranking[0]
        kind = "cases" if top.kind == "case" else "proposals"
        nxt.append(
            Line(
                f"Open the most urgent {top.kind}: {top.title}",
                link=f"/{kind}/{top.key}{query}",
                detail=f"score {top.score}",
            )
        )
    return Summary(found.day.as_of, urgent, closing, nxt)
