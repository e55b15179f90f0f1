"""Matching names as documents write them to the persons on file.

A name is matched, best first, on the person's name (confidence 1.0), an alias (0.95), the
surname alone (0.85) or a spelling variant of it (0.7: transliterations such as Rozhkovski and
Roszkowski, Oumansky and Umansky). When several persons fit equally well the mention is
ambiguous and waits for a reviewer: persons are never merged silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from glienicke.domain.documents import Mention, MentionStatus

EXACT, ALIAS, SURNAME, VARIANT = 1.0, 0.95, 0.85, 0.7
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "miss",
        "ms",
        "dr",
        "sir",
        "madame",
        "mme",
        "monsieur",
        "herr",
        "frau",
        "the",
        "ambassador",
        "secretary",
        "minister",
        "general",
        "president",
        "chairman",
        "deputy",
        "acting",
        "under",
        "assistant",
        "consul",
        "judge",
        "justice",
    ]
)
_NAME_WORD = re.compile(r"[A-Z][\w'\u2019-]+|[A-Z]\.")
_VARIANTS = (
    ("zh", "z"),
    ("sz", "s"),
    ("cz", "c"),
    ("kh", "h"),
    ("ou", "u"),
    ("w", "v"),
    ("ck", "k"),
    ("y", "i"),
    ("j", "i"),
    ("z", "s"),
    ("ph", "f"),
)


@dataclass(frozen=True)
class Match:
    person: str | None
    confidence: float
    status: MentionStatus
    candidates: tuple[str, ...] = ()


NOBODY = Match(None, 0.0, MentionStatus.UNMATCHED)


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, no titles: 'Mrs. [Miss] Pyk' -> 'pyk'."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", re.sub(r"\[[^\]]*\]", " ", plain))
    return " ".join(w for w in words if w not in TITLES)


def variant(word: str) -> str:
    """A spelling-insensitive key for a surname."""
    key = word
    for old, new in _VARIANTS:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"(ski|ski[ij]|sk[iy])$", "ski", key)


@dataclass
class NameIndex:
    """Every person's name forms, for matching; build once per import."""

    full: dict[str, set[str]] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    variants: dict[str, set[str]] = field(default_factory=dict)
    # word -> whether it is someone's surname; words repeat, so a large import folds each once
    _known: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    _matches: dict[str, Match] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, persons: Iterable[tuple[str, str, Iterable[str]]]) -> NameIndex:
        """From (key, name, aliases) triples."""
        index = cls()
        for key, name, aliases in persons:
            index.add(key, name, aliases)
        return index

    def add(self, key: str, name: str, aliases: Iterable[str]) -> None:
        self._known.clear()
        self._matches.clear()
        forms = [(name, self.full), *((a, self.aliases) for a in aliases)]
        for text, table in forms:
            for folded in _orders(text):
                table.setdefault(folded, set()).add(key)
            surname = _surname(text)
            if surname:
                self.surnames.setdefault(surname, set()).add(key)
                self.variants.setdefault(variant(surname), set()).add(key)

    def match(self, text: str) -> Match:
        found = self._matches.get(text)
        if found is None:
            found = self._matches[text] = self._match(text)
        return found

    def _match(self, text: str) -> Match:
        folded = fold(text)
        if not folded:
            return NOBODY
        for table, confidence in ((self.full, EXACT), (self.aliases, ALIAS)):
            found = table.get(folded)
            if found:
                return _decide(found, confidence)
        surname = _surname(text)
        if surname is None:
            return NOBODY
        for table, key, confidence in (
            (self.surnames, surname, SURNAME),
            (self.variants, variant(surname), VARIANT),
        ):
            found = table.get(key)
            if found:
                return _decide(found, confidence)
        return NOBODY

    def names_in(self, text: str) -> list[str]:
        """Capitalised words of a text that are someone's surname (or a variant of one),
        each once, in order: the names a plain-text body mentions."""
        seen: dict[str, None] = {}
        known = self._known
        for word in _NAME_WORD.findall(text):
            hit = known.get(word)
            if hit is None:
                hit = known[word] = self._is_surname(word)
            if hit:
                seen.setdefault(word.strip("'\u2019"), None)
        return list(seen)

    def _is_surname(self, word: str) -> bool:
        if word.endswith(".") or len(word) < 3:
            return False
        folded = fold(word)
        return bool(folded) and (folded in self.surnames or variant(folded) in self.variants)


def _decide(found: set[str], confidence: float) -> Match:
    if len(found) == 1:
        (person,) = found
        return Match(person, confidence, MentionStatus.LINKED, (person,))
    return Match(None, confidence / len(found), MentionStatus.AMBIGUOUS, tuple(sorted(found)))


def _orders(text: str) -> list[str]:
    """'Gorin, M. N.' is also 'M. N. Gorin'."""
    forms = [fold(text)]
    if "," in text:
        last, _, first = text.partition(",")
        forms.append(fold(f"{first} {last}"))
    return [f for f in forms if f]


def _surname(text: str) -> str | None:
    """The family name: the last word, or the word before a comma ('Gorin, M. N.'). Names of
    groups ('Children of Mrs. Habicht') have none: they are matched whole."""
    if re.search(r"\b(of|and|children|family)\b", text, re.IGNORECASE):
        return None
    words = fold(text.split(",", 1)[0] if "," in text else text).split()
    words = [w for w in words if len(w) > 1]
    return words[-1] if words else None


def resolve(mention: Mention, index: NameIndex, full_name: str | None = None) -> Mention:
    """The mention with its match; a fuller name from the source (TEI's list of persons) is
    tried first."""
    if mention.status in (MentionStatus.CONFIRMED, MentionStatus.REJECTED):
        return mention
    found = index.match(full_name) if full_name else NOBODY
    if found.status is MentionStatus.UNMATCHED:
        found = index.match(mention.text)
    return Mention(
        text=mention.text,
        role=mention.role,
        person=found.person,
        confidence=round(found.confidence, 3)
        if found.status is not MentionStatus.UNMATCHED
        else None,
        status=found.status,
        candidates=list(found.candidates) if found.status is MentionStatus.AMBIGUOUS else [],
    )
