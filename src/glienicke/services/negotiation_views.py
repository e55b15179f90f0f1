"""What the command line, the API and the pages show of a proposal's work: plain data."""

from __future__ import annotations

from typing import Any

from glienicke.dataset.codec import to_plain
from glienicke.domain.proposals import ClearanceStep
from glienicke.negotiation.clearance import PlanEntry, approval_gaps, refusals
from glienicke.negotiation.lifecycle import allowed, check_transition
from glienicke.negotiation.replay import Replay
from glienicke.services.negotiation import Workbench


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def step_view(step: ClearanceStep) -> dict[str, Any]:
    return {
        "key": step.key,
        "kind": step.kind.value,
        "from_office": step.from_office,
        "to_office": step.to_office,
        "item": step.item,
        "requirement": step.requirement,
        "phase": step.phase.value,
        "required": step.required_step,
        "requested_on": _date(step.requested_on),
        "due": _date(step.due),
        "request_document": step.request_document,
        "escalates": step.escalates,
        "answer": None if step.answer is None else step.answer.value,
        "decision": None if step.decision is None else step.decision.value,
        "answered_on": _date(step.answered_on),
        "answered_by": step.answered_by,
        "reasons": step.reasons,
        "answer_document": step.answer_document,
    }


def entry_view(entry: PlanEntry) -> dict[str, Any]:
    planned = entry.planned
    return {
        "planned": None
        if planned is None
        else {
            "key": planned.key,
            "item": planned.item,
            "mechanism": planned.mechanism,
            "requirement": planned.requirement,
            "kind": planned.kind.value,
            "phase": planned.phase.value,
            "by": planned.by,
            "to_office": planned.to_office,
            "from_office": planned.from_office,
            "lead_days": planned.lead_days,
            "note": planned.note,
        },
        "state": "not on record" if entry.state is None else entry.state.value,
        "steps": [step_view(s) for s in entry.steps],
    }


def plan_view(bench: Workbench) -> dict[str, Any]:
    entries = bench.entries
    situation = bench.situation()
    return {
        "proposal": bench.proposal.key,
        "status": bench.proposal.status.value,
        "judged_on": bench.as_of.isoformat(),
        "items": [c.view() for c in bench.checks],
        "steps": [entry_view(e) for e in entries],
        "approval_gaps": approval_gaps(entries),
        "refused_by": [s.key for s in refusals(entries)],
        "next": [
            {
                "to": target.value,
                "allowed": not (why := check_transition(bench.proposal, target, situation)),
                "why_not": [p.message for p in why],
            }
            for target in allowed(bench.proposal.status)
        ],
    }


def proposal_view(bench: Workbench) -> dict[str, Any]:
    """The proposal with its items judged by the law, its clearance and its commitments."""
    shown = to_plain(bench.proposal)
    return {
        **shown,
        "judged_on": bench.as_of.isoformat(),
        "flags": [c.message for c in bench.checks if c.alarm or c.refused],
        "clearance": plan_view(bench),
        "commitments": [
            {
                "key": c.key,
                "party": c.party,
                "person": c.person,
                "act": c.act.value,
                "status": c.status.value,
                "due": _date(c.due),
                "fulfilled_on": _date(c.fulfilled_on),
                "relinked_to": c.relinked_to,
            }
            for c in bench.commitments
        ],
    }


def replay_view(found: Replay) -> dict[str, Any]:
    return {
        "proposal": found.proposal,
        "recorded_status": found.recorded_status.value,
        "reached": found.reached.value,
        "consistent": found.consistent,
        "problems": found.problems,
        "moves": [
            {
                "date": _date(e.date),
                "action": e.action,
                "step": e.step,
                "text": e.text,
                "status": e.status.value,
                "problem": e.problem,
            }
            for e in found.entries
        ],
    }
