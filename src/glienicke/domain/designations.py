"""File designations, parsed into their parts.

Two filing systems appear on the Department of State's records:

- the decimal file (1910-1963): ``311.6121 Gorin, M. N./42¼`` is class 3 (protection of
  interests), subject number 311, country codes 61 and 21, the subject "Gorin, M. N." and the
  document number 42¼ (a fraction files a paper between 42 and 43);
- the subject-numeric file (1963-1973): ``POL 23-6 USSR`` is the primary subject POL, the
  number 23-6 and the country USSR; the file on relations between two countries has no number
  (``POL US-USSR``, ``FT US-USSR``).

A decimal file's country part may end in a letter (``740.00112A European War 1939/1234``).

Printed sources use en dashes in the number; parsing folds dashes to hyphens, so the two
spellings are one designation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from glienicke.domain.errors import InvalidValue

FRACTIONS = {"¼": Fraction(1, 4), "½": Fraction(1, 2), "¾": Fraction(3, 4), "⅓": Fraction(1, 3)}
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2011": "-"})

_DECIMAL = re.compile(
    r"^(?P<subject_number>[0-9]{3})(?:\.(?P<countries>[0-9]+)(?P<suffix>[A-Z])?)?"
    r"(?:\s+(?P<subject>[^/]+?))?"
    r"(?:\s*/\s*(?P<number>[0-9]+)\s*(?P<fraction>[¼½¾⅓]|\s[0-9]/[0-9])?)?$"
)
_SUBJECT_NUMERIC = re.compile(
    r"^(?P<primary>[A-Z]{2,6})\s+(?P<number>[0-9]+(?:-[0-9]+)*)(?:\s+(?P<country>[A-Z][A-Za-z. -]*))?$"
)
# The file on a subject between countries carries no number ('POL US-USSR', 'FT US-USSR'): the
# primary subject must then be one of the system's, and the countries codes.
_SUBJECT_COUNTRIES = re.compile(
    r"^(?P<primary>[A-Z]{1,6})\s+(?P<country>[A-Z]{2,}(?:-[A-Z]{2,})*)$"
)
PRIMARY_SUBJECTS = frozenset(
    (
        "AID", "AV", "BDM", "CSM", "CON", "CUL", "DEF", "E", "ECIN", "EDU", "FN", "FSE", "FT",
        "INCO", "LAB", "LEG", "ORG", "PET", "POL", "PS", "SCI", "SOC", "STR", "TEL", "TRV",
    )
)  # fmt: skip


@dataclass(frozen=True)
class DecimalFile:
    """A designation of the decimal file."""

    text: str
    subject_number: str
    countries: tuple[str, ...]
    subject: str | None
    number: int | None
    fraction: Fraction | None

    @property
    def file_class(self) -> str:
        return self.subject_number[0]

    @property
    def file(self) -> str:
        """The file without the document number, e.g. '311.6121 Gorin, M. N.'."""
        return self.text.split("/")[0].strip()

    @property
    def document_number(self) -> str | None:
        """As printed, e.g. '42¼'."""
        if self.number is None:
            return None
        return f"{self.number}{_fraction_text(self.fraction)}"

    @property
    def position(self) -> Fraction | None:
        """The document number as a number, for ordering: 42¼ sorts between 42 and 43."""
        if self.number is None:
            return None
        return self.number + (self.fraction or Fraction(0))


@dataclass(frozen=True)
class SubjectNumericFile:
    """A designation of the subject-numeric file."""

    text: str
    primary: str
    number: str | None
    country: str | None

    @property
    def file(self) -> str:
        return self.text


FileDesignation = DecimalFile | SubjectNumericFile


def parse_designation(text: str) -> FileDesignation:
    """The parts of a file designation, or InvalidValue saying what was expected."""
    clean = " ".join(text.translate(_DASHES).split())
    decimal = _DECIMAL.match(clean)
    if decimal:
        return _decimal(clean, decimal)
    numeric = _SUBJECT_NUMERIC.match(clean)
    if numeric:
        return SubjectNumericFile(
            text=clean,
            primary=numeric["primary"],
            number=numeric["number"],
            country=(numeric["country"] or "").strip() or None,
        )
    between = _SUBJECT_COUNTRIES.match(clean)
    if between and between["primary"] in PRIMARY_SUBJECTS:
        return SubjectNumericFile(
            text=clean, primary=between["primary"], number=None, country=between["country"]
        )
    raise InvalidValue(
        f"{text!r} is not a file designation: expected a decimal file such as"
        " '311.6121 Gorin, M. N./42' or a subject-numeric one such as 'POL 23-6 USSR'"
    )


def looks_like_designation(text: str) -> bool:
    try:
        parse_designation(text)
    except InvalidValue:
        return False
    return True


def _decimal(clean: str, match: re.Match[str]) -> DecimalFile:
    countries = match["countries"] or ""
    codes = tuple(countries[i : i + 2] for i in range(0, len(countries), 2))
    fraction_text = (match["fraction"] or "").strip()
    fraction: Fraction | None = None
    if fraction_text in FRACTIONS:
        fraction = FRACTIONS[fraction_text]
    elif fraction_text:
        top, bottom = fraction_text.split("/")
        if int(bottom) == 0 or int(top) >= int(bottom):
            raise InvalidValue(f"{clean!r}: {fraction_text} is not a fraction below one")
        fraction = Fraction(int(top), int(bottom))
    return DecimalFile(
        text=clean,
        subject_number=match["subject_number"],
        countries=codes,
        subject=(match["subject"] or "").strip() or None,
        number=int(match["number"]) if match["number"] else None,
        fraction=fraction,
    )


def _fraction_text(fraction: Fraction | None) -> str:
    if fraction is None:
        return ""
    for glyph, value in FRACTIONS.items():
        if value == fraction:
            return glyph
    return f" {fraction.numerator}/{fraction.denominator}"


def designation_parts(designation: FileDesignation) -> dict[str, object]:
    """The parts as plain values, for JSON."""
    if isinstance(designation, DecimalFile):
        return {
            "system": "decimal",
            "text": designation.text,
            "file": designation.file,
            "class": designation.file_class,
            "subject_number": designation.subject_number,
            "countries": list(designation.countries),
            "subject": designation.subject,
            "number": designation.number,
            "document_number": designation.document_number,
        }
    return {
        "system": "subject-numeric",
        "text": designation.text,
        "file": designation.file,
        "primary": designation.primary,
        "number": designation.number,
        "country": designation.country,
    }
