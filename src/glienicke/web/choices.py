"""What the forms' lists offer: only records the signed-in user may see, each by its name
with its key as the value sent, so a form never asks anyone to type a key."""

from __future__ import annotations

from typing import Any

from glienicke.domain.proposals import (
    ConsiderationCategory,
    ItemKind,
    Origin,
    Sequencing,
    Side,
    Stance,
)
from glienicke.services import records
from glienicke.services.database import Database
from glienicke.services.law import law_config


def _by_name(pairs: Any) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: (pair[1].lower(), pair[0]))


def choices(db: Database) -> dict[str, Any]:
    """States, persons, cases, documents and the law packs' mechanisms, as (key, label)."""
    mechanisms: dict[str, str] = {}
    for pack in law_config().packs:
        for mechanism in pack.mechanisms:
            mechanisms.setdefault(mechanism.key, f"{mechanism.name} ({pack.key})")
    persons = {p.key: p.name for p in records.list_stored(db, "persons")}
    detentions = records.list_stored(db, "detentions")
    return {
        "detention_choices": _by_name(
            (d.key, f"{persons.get(d.person, 'someone')}, held by {d.held_by} ({d.key})")
            for d in detentions
        ),
        "state_choices": _by_name((s.key, s.name) for s in records.list_stored(db, "states")),
        "person_choices": _by_name(persons.items()),
        "case_choices": _by_name((c.key, c.title) for c in records.list_stored(db, "cases")),
        "document_choices": _by_name(
            (d.key, d.title or d.key) for d in records.list_stored(db, "documents")
        ),
        "mechanism_choices": _by_name(mechanisms.items()),
        "office_choices": _by_name((o.key, o.title) for o in records.list_stored(db, "offices")),
    }


def proposal_choices(db: Database) -> dict[str, Any]:
    """What a proposal's forms offer besides the records: the kinds of each field."""
    return {
        **choices(db),
        "origins": [o.value for o in Origin],
        "sequencings": [s.value for s in Sequencing],
        "sides": [s.value for s in Side],
        "item_kinds": [k.value for k in ItemKind],
        "stances": [s.value for s in Stance],
        "categories": [c.value for c in ConsiderationCategory],
    }
