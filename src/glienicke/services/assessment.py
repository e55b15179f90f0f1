"""The balance sheet of a proposal, over what the signed-in user may see.

The weights are the `assessment:` section of the configuration (the defaults, with a
deployment's GLIENICKE_CONFIG file over them), checked when read: a bad value fails at once,
naming the file, the line and the setting.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from glienicke.domain.detention import Detention, ExitRestriction
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.people import Person
from glienicke.domain.proposals import Consideration, Proposal
from glienicke.negotiation.assessment import (
    Assessment,
    Column,
    Facts,
    assess,
    default_as_of,
)
from glienicke.negotiation.assessment_weights import (
    AssessmentWeights,
    weight_names,
    weights_from_plain,
)
from glienicke.security.model import Permission
from glienicke.services.access import Scoped, viewer
from glienicke.services.database import Database
from glienicke.services.law import _problems_at, read_config_data


def read_weights(path: Path | None) -> AssessmentWeights:
    """The assessment weights: the defaults, with a deployment's file over them."""
    data, source = read_config_data(path)
    try:
        return weights_from_plain(data.get("assessment"))
    except ValidationFailed as failed:
        raise _problems_at(source, failed.problems) from None


@cache
def _configured(config_file: str | None) -> AssessmentWeights:
    return read_weights(Path(config_file) if config_file else None)


def assessment_weights() -> AssessmentWeights:
    """The weights in force (read once per process and configuration file)."""
    from glienicke.settings import load_settings

    settings = load_settings()
    return _configured(str(settings.config) if settings.config else None)


def assess_proposal(
    db: Database, key: str, as_of: date | None = None, today: date | None = None
) -> Assessment:
    """The balance sheet of one proposal, judged on the day given (by default: today for a
    proposal still being worked, else the day it was put forward)."""
    weights = assessment_weights()
    with db.reading() as repo:
        proposal: Proposal = Scoped.of(repo, Permission.READ).get(Proposal, key)  # or NotFound
    facts = assessment_facts(db)
    if as_of is None:
        day, why = default_as_of(proposal, today or date.today())
    else:
        day, why = as_of, "the day asked"
    return assess(proposal, facts, weights, day, why)


def assessment_facts(db: Database) -> Facts:
    """What the viewer's balance sheets are judged from, kept until the records change."""
    return db.kept(("assessment facts", viewer()), lambda: _facts(db))


def _facts(db: Database) -> Facts:
    """Everything a balance sheet and its comparables are judged from, as the viewer may see
    it: read once and kept until the records change (a shared answer: never changed)."""
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        return Facts(
            persons={p.key: p for p in scoped.all(Person)},
            detentions=scoped.all(Detention),
            exit_restrictions=scoped.all(ExitRestriction),
            considerations=scoped.all(Consideration),
            proposals=scoped.all(Proposal),
        )


# --- what the command line and the API show --------------------------------------------------


def _column_view(column: Column) -> dict[str, Any]:
    return {
        "side": column.side.value,
        "total": column.total,
        "entries": [
            {
                "item": e.item,
                "kind": e.kind,
                "person": e.person,
                "label": e.label,
                "points": e.points,
                "unquantified": e.unquantified,
                "terms": [{"factor": t.factor, "points": t.points, "why": t.why} for t in e.terms],
            }
            for e in column.entries
        ],
        "unquantified": list(column.unquantified),
    }


def assessment_view(found: Assessment, weights: AssessmentWeights | None = None) -> dict[str, Any]:
    """The whole balance sheet as plain data."""
    return {
        "proposal": found.proposal,
        "title": found.title,
        "status": found.status.value,
        "as_of": found.as_of.isoformat(),
        "as_of_reason": found.as_of_reason,
        "give": _column_view(found.give),
        "get": _column_view(found.get),
        "balance": found.balance,
        "verdict": found.verdict,
        "flags": list(found.flags),
        "considerations": [
            {
                "key": a.key,
                "stance": a.stance.value,
                "category": a.category.value,
                "argument": a.argument,
                "weight": a.weight,
                "made_by": a.made_by,
                "made_by_name": a.made_by_name,
                "document": a.document,
            }
            for a in found.considerations
        ],
        "comparables": [
            {
                "key": c.key,
                "title": c.title,
                "status": c.status.value,
                "opened_on": c.opened_on,
                "score": c.score,
                "reasons": list(c.reasons),
                "balance": c.balance,
                "as_of": c.as_of.isoformat(),
            }
            for c in found.comparables
        ],
        "weights": weight_names(weights or assessment_weights()),
    }
