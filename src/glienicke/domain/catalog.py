"""The record kinds of the domain, in the order in which they can be stored.

Datasets list their sections, and dumps write them, in this order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glienicke.domain.cases import Case
from glienicke.domain.detention import Detention, ExitRestriction
from glienicke.domain.documents import Document, Event
from glienicke.domain.people import Office, Person, State, Tenure
from glienicke.domain.proposals import ClearanceStep, Commitment, Consideration, Proposal


@dataclass(frozen=True)
class RecordKind:
    name: str  # singular, as used in references and messages: 'exit_restriction'
    section: str  # plural, as used in datasets and URLs: 'exit_restrictions'
    cls: type[Any]

    @property
    def label(self) -> str:
        """The kind in words: 'exit restriction'."""
        return self.name.replace("_", " ")


KINDS: tuple[RecordKind, ...] = (
    RecordKind("state", "states", State),
    RecordKind("person", "persons", Person),
    RecordKind("office", "offices", Office),
    RecordKind("tenure", "tenures", Tenure),
    RecordKind("detention", "detentions", Detention),
    RecordKind("exit_restriction", "exit_restrictions", ExitRestriction),
    RecordKind("case", "cases", Case),
    RecordKind("proposal", "proposals", Proposal),
    RecordKind("document", "documents", Document),
    RecordKind("consideration", "considerations", Consideration),
    RecordKind("clearance_step", "clearance_steps", ClearanceStep),
    RecordKind("commitment", "commitments", Commitment),
    RecordKind("event", "events", Event),
)

BY_NAME = {kind.name: kind for kind in KINDS}
BY_SECTION = {kind.section: kind for kind in KINDS}
BY_CLASS = {kind.cls: kind for kind in KINDS}


def kind_of(record: object) -> RecordKind:
    """The kind of a domain record."""
    return BY_CLASS[type(record)]
