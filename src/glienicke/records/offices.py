"""Resolving offices as documents name them ("the Ambassador in the Soviet Union", "Acting
Secretary of State") to an office on file, and an office on a date to whoever held it.

Documents name posts loosely: with or without "the", in any case, with the holder's name in
parentheses ("the Ambassador in the Soviet Union (Steinhardt)"), by rank rather than post
("Minister", "Chargé", "Embassy") and by the country's name of the day ("USSR" for what POCOM
files under ``russia``). :func:`match_office` strips what does not name the post, notes whether
the phrase says the holder is acting ("Acting ...", "... ad interim"), and compares the rest
with the offices' titles.

Scoring, best first; ties go to the office listed first, so callers decide precedence by the
order they pass (e.g. their own dataset's offices before POCOM's):

* 3 -- the phrase is the office's title, once both are normalised (case, punctuation,
  accents, a leading "the", "Acting" and "ad interim" ignored);
* 2 -- both name the United States' chief of mission to the same country, whatever the rank
  or wording: "Ambassador to the USSR", "the Embassy in Moscow" and an office titled "Chief of
  Mission to Russia" (or keyed ``us-chief-of-mission-russia``) all agree.

Anything else does not match: a guess at a post would put a wrong name on a document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from glienicke.domain.dates import PartialDate
from glienicke.domain.people import Office, Tenure

EXACT, SAME_MISSION = 3, 2
MISSION_PREFIX = "us-chief-of-mission-"

# Countries and capitals as documents write them -> the POCOM territory id. Names that are
# simply the id's words ("New Zealand" -> new-zealand) need no entry.
_PLACES = {
    "soviet union": "russia",
    "ussr": "russia",
    "union of soviet socialist republics": "russia",
    "russian federation": "russia",
    "moscow": "russia",
    "kuibyshev": "russia",
    "great britain": "united-kingdom",
    "britain": "united-kingdom",
    "england": "united-kingdom",
    "london": "united-kingdom",
    "federal republic of germany": "germany",
    "west germany": "germany",
    "berlin": "germany",
    "bonn": "germany",
    "east germany": "german-democratic-republic",
    "gdr": "german-democratic-republic",
    "south korea": "korea",
    "republic of korea": "korea",
    "seoul": "korea",
    "south vietnam": "vietnam-south",
    "republic of vietnam": "vietnam-south",
    "saigon": "vietnam-south",
    "paris": "france",
    "vichy": "france",
    "rome": "italy",
    "tokyo": "japan",
    "chungking": "china",
    "peking": "china",
    "peiping": "china",
    "nanking": "china",
    "warsaw": "poland",
    "prague": "czechoslovakia",
    "rumania": "romania",
    "bucharest": "romania",
    "jugoslavia": "yugoslavia",
    "belgrade": "yugoslavia",
    "persia": "iran",
    "tehran": "iran",
    "siam": "thailand",
    "ceylon": "sri-lanka",
    "myanmar": "burma",
    "zaire": "congo-democratic-republic",
    "democratic republic of the congo": "congo-democratic-republic",
    "congo kinshasa": "congo-democratic-republic",
    "republic of the congo": "congo-republic",
    "congo brazzaville": "congo-republic",
    "ivory coast": "cote-divoire",
    "cote d ivoire": "cote-divoire",
    "vatican": "holy-see",
    "united arab republic": "egypt",
    "cairo": "egypt",
    "ankara": "turkey",
    "bosnia and herzegovina": "bosnia-herzegovina",
    "antigua and barbuda": "antigua-barbuda",
    "saint kitts and nevis": "saint-kitts-nevis",
    "saint vincent and the grenadines": "saint-vincent-grenadines",
    "eswatini": "swaziland",
    "north macedonia": "macedonia",
    "east timor": "timor-leste",
    "cabo verde": "cape-verde",
    "kampuchea": "cambodia",
    "dahomey": "benin",
    "upper volta": "burkina-faso",
}

# "[U.S.] Ambassador to X", "Minister in X", "the Embassy at X", "Chargé d'Affaires in X".
_MISSION = re.compile(
    r"^(?:(?:us|u s|united states|american)\s+)?"
    r"(?:ambassador(?: extraordinary and plenipotentiary)?"
    r"|envoy(?: extraordinary and minister plenipotentiary)?"
    r"|minister(?: plenipotentiary| resident)?"
    r"|charge(?: d affaires)?|chief of mission|embassy|legation|mission)"
    r"\s+(?:to|in|at|near)\s+(?:the\s+)?(?P<place>.+)$"
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_AD_INTERIM = re.compile(r"\bad interim\b")


@dataclass(frozen=True)
class OfficeMatch:
    """The office a phrase names, and whether the phrase says its holder was acting."""

    office: str
    acting: bool
    phrase: str


def match_office(phrase: str, offices: Sequence[Office]) -> OfficeMatch | None:
    """The office a document's phrase names, or None; see the module docstring for scoring."""
    text, acting = _clean(phrase)
    if not text:
        return None
    place = _mission_place(text)
    best: tuple[int, Office] | None = None
    for office in offices:
        score = _score(text, place, office)
        if score and (best is None or score > best[0]):
            best = (score, office)
    return None if best is None else OfficeMatch(best[1].key, acting, phrase)


def holders_on(office: str, day: PartialDate, tenures: Sequence[Tenure]) -> list[Tenure]:
    """The tenures of an office that may include the day, earliest start first.

    "May include" is Tenure.covers: a tenure known only to the month counts for every day of
    it, so more than one holder can come back (an ambassador and the chargé who followed).
    """
    found = [t for t in tenures if t.office == office and t.covers(day)]
    return sorted(found, key=_start_order)


class OfficeTable:
    """Office phrases ('the Ambassador in the Soviet Union') to the office and, on a date, its one
    holder. A plain object, so an import can hand it to worker processes; each phrase is scored
    against the offices once and each office's tenures are grouped once."""

    def __init__(self, offices: Sequence[Office], tenures: Sequence[Tenure]) -> None:
        self.offices = list(offices)
        self.tenures: dict[str, list[Tenure]] = {}
        for tenure in tenures:
            self.tenures.setdefault(tenure.office, []).append(tenure)
        self._matches: dict[str, OfficeMatch | None] = {}

    def match(self, phrase: str) -> OfficeMatch | None:
        if phrase not in self._matches:
            self._matches[phrase] = match_office(phrase, self.offices)
        return self._matches[phrase]

    def __call__(self, phrase: str, day: PartialDate | None) -> tuple[str | None, str | None]:
        found = self.match(phrase) if phrase else None
        if found is None:
            return None, None
        if day is None:
            return found.office, None
        tenures = self.tenures.get(found.office, [])
        holders = {t.person for t in holders_on(found.office, day, tenures)}
        return found.office, holders.pop() if len(holders) == 1 else None


def _start_order(tenure: Tenure) -> tuple[int, tuple[int, ...], str]:
    # An unknown start sorts first: it may be the earliest.
    if tenure.start is None:
        return (0, (), tenure.key)
    return (1, tenure.start.sort_key(), tenure.key)


def _score(text: str, place: str | None, office: Office) -> int:
    title, _ = _clean(office.title)
    if text == title:
        return EXACT
    if place is not None and place == _office_place(office, title):
        return SAME_MISSION
    return 0


def _office_place(office: Office, title: str) -> str | None:
    """The territory whose chief of mission the office is, from its key or its title."""
    if office.key.startswith(MISSION_PREFIX):
        return office.key.removeprefix(MISSION_PREFIX)
    return _mission_place(title)


def _mission_place(text: str) -> str | None:
    """The territory id of a chief-of-mission phrase, or None if it names another post."""
    found = _MISSION.match(text)
    if found is None:
        return None
    place = found["place"]
    return _PLACES.get(place, place.replace(" ", "-"))


def _clean(phrase: str) -> tuple[str, bool]:
    """The phrase reduced to lowercase words, and whether it said 'acting' or 'ad interim'."""
    text = _PARENTHESES.sub(" ", phrase)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace(".", "")  # U.S.S.R. -> ussr, U.S. -> us
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    text = text.replace("undersecretary", "under secretary")
    acting = bool(_AD_INTERIM.search(text))
    text = " ".join(_AD_INTERIM.sub(" ", text).split())
    while text.startswith(("the ", "acting ")):
        acting = acting or text.startswith("acting ")
        text = text.split(" ", 1)[1]
    return text, acting
