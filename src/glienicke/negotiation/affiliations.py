"""Reading a person's affiliations: is this an intelligence service, is that role senior?

Names are matched as whole words, ignoring case: 'KGB' matches 'KGB' and 'KGB, First Chief
Directorate' but not 'KGBX'; the role word 'head' matches 'head of station' but not 'headway'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from glienicke.domain.people import Person


@dataclass(frozen=True)
class IntelligenceRole:
    organisation: str
    role: str | None
    senior_word: str | None  # the configured word that makes the role senior, if any


def first_named(text: str, names: Iterable[str]) -> str | None:
    """The first of the names that stands in the text as a whole word or phrase."""
    folded = text.casefold()
    for name in names:
        if re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded):
            return name
    return None


def is_named(text: str, names: Iterable[str]) -> bool:
    return first_named(text, names) is not None


def intelligence_role(
    person: Person, services: Iterable[str], senior_roles: Iterable[str]
) -> IntelligenceRole | None:
    """The person's affiliation with an intelligence service (a senior one first), or None."""
    services, senior_roles = tuple(services), tuple(senior_roles)
    found = [
        IntelligenceRole(
            a.organisation, a.role, first_named(a.role, senior_roles) if a.role else None
        )
        for a in person.affiliations
        if is_named(a.organisation, services)
    ]
    senior = [f for f in found if f.senior_word]
    return next(iter(senior or found), None)


def officer_phrase(found: IntelligenceRole) -> str:
    """'a career intelligence officer' for a career officer, else 'a senior intelligence
    officer' or 'an intelligence officer'."""
    role = (found.role or "").strip()
    if role.casefold().endswith("officer"):
        qualifier = role[: -len("officer")].strip()
        phrase = f"{qualifier} intelligence officer".strip()
    elif found.senior_word:
        phrase = "senior intelligence officer"
    else:
        phrase = "intelligence officer"
    return f"{'an' if phrase[0].casefold() in 'aeiou' else 'a'} {phrase}"
