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
from glienicke.services import records, search
from glienicke.services.database import Database
from glienicke.services.law import law_config

DOCUMENT_CHOICES = 500  # the newest documents a form's list offers


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
    states = {s.key: s.name for s in records.list_stored(db, "states")}
    return {
        "exit_choices": _by_name(
            (
                e.key,
                f"{persons.get(e.person, 'someone')}, refused exit by {states.get(e.state, e.state)}",
            )
            for e in records.list_stored(db, "exit_restrictions")
        ),
        "detention_choices": _by_name(
            (d.key, f"{persons.get(d.person, 'someone')}, held by {d.held_by} ({d.key})")
            for d in detentions
        ),
        "state_choices": _by_name(states.items()),
        "person_choices": _by_name(persons.items()),
        "case_choices": _by_name((c.key, c.title) for c in records.list_stored(db, "cases")),
        "document_choices": search.document_choices(db, DOCUMENT_CHOICES),
        "mechanism_choices": _by_name(mechanisms.items()),
        "office_choices": _by_name((o.key, o.title) for o in records.list_stored(db, "offices")),
    }


def official_choices(db: Database) -> list[tuple[str, str]]:
    """Every person the user may see, by name and the latest office they are known to hold
    ('Sumner Welles, Under Secretary of State'): whom a draft is cleared with, who drafts it."""
    offices = {o.key: o.title for o in records.list_stored(db, "offices")}
    held: dict[str, tuple[tuple[int, ...], str]] = {}
    for tenure in records.list_stored(db, "tenures"):
        title = offices.get(tenure.office)
        when = tenure.start.sort_key() if tenure.start else ()
        if title and (tenure.person not in held or when >= held[tenure.person][0]):
            held[tenure.person] = (when, title)
    return _by_name(
        (p.key, f"{p.name}, {held[p.key][1]}" if p.key in held else p.name)
        for p in records.list_stored(db, "persons")
    )


def relink_choices(db: Database, proposal: str) -> dict[str, Any]:
    """What a broken commitment of `proposal` may be tied over to: a commitment of another
    proposal (by its party, what it undertakes and its proposal's title), another proposal
    (by its title), and an item of one (by its words and its proposal's title)."""
    others = {p.key: p for p in records.list_stored(db, "proposals") if p.key != proposal}
    states = {s.key: s.name for s in records.list_stored(db, "states")}
    return {
        "successor_choices": _by_name(
            (c.key, f"{states.get(c.party, c.party)}: {c.description} ({others[c.proposal].title})")
            for c in records.list_stored(db, "commitments")
            if c.proposal in others
        ),
        "successor_proposals": _by_name((k, p.title) for k, p in others.items()),
        "successor_items": _by_name(
            (i.key, f"{i.description or i.kind.value.replace('-', ' ')} ({p.title})")
            for p in others.values()
            for i in p.items
        ),
    }


def proposal_choices(db: Database) -> dict[str, Any]:
    """What a proposal's forms offer besides the records: the kinds of each field."""
    return {
        **choices(db),
        "official_choices": official_choices(db),
        "origins": [o.value for o in Origin],
        "sequencings": [s.value for s in Sequencing],
        "sides": [s.value for s in Side],
        "item_kinds": [k.value for k in ItemKind],
        "stances": [s.value for s in Stance],
        "categories": [c.value for c in ConsiderationCategory],
    }
