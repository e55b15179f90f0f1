"""A report as classified documents are laid out: sections of portions, each portion marked
with its own classification ((U), (C), (S), (TS)), and every page marked, top and bottom, with
the highest classification of the portions on it.

Pure: the services build a `Report` from what the viewer may see; the renderers lay it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from glienicke.domain.documents import Classification

ORDER = (
    Classification.UNCLASSIFIED,
    Classification.CONFIDENTIAL,
    Classification.SECRET,
    Classification.TOP_SECRET,
)
MARKS = {
    Classification.UNCLASSIFIED: "U",
    Classification.CONFIDENTIAL: "C",
    Classification.SECRET: "S",
    Classification.TOP_SECRET: "TS",
}
BANNERS = {
    Classification.UNCLASSIFIED: "UNCLASSIFIED",
    Classification.CONFIDENTIAL: "CONFIDENTIAL",
    Classification.SECRET: "SECRET",
    Classification.TOP_SECRET: "TOP SECRET",
}

U = Classification.UNCLASSIFIED


def highest(markings: Iterable[Classification]) -> Classification:
    """The highest of some classifications; unclassified when there are none."""
    return max(markings, key=ORDER.index, default=U)


def portion_mark(classification: Classification) -> str:
    """'(U)', '(C)', '(S)' or '(TS)'."""
    return f"({MARKS[classification]})"


def banner(classification: Classification) -> str:
    """The marking at the top and bottom of a page, e.g. 'SECRET'."""
    return BANNERS[classification]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row of {len(row)} cells under {len(self.columns)} columns")


@dataclass(frozen=True)
class Chart:
    """A chart drawn as SVG, with the table of its figures beside it for those who cannot
    see it (and for the plain-text rendering)."""

    title: str
    svg: str


@dataclass(frozen=True)
class Portion:
    """One marked part of a report: a paragraph, a table or a chart (with an optional heading),
    carrying the classification of the record it comes from."""

    classification: Classification
    text: str = ""
    heading: str | None = None
    table: Table | None = None
    chart: Chart | None = None

    @property
    def mark(self) -> str:
        return portion_mark(self.classification)

    def to_plain(self) -> dict[str, Any]:
        return {
            "classification": self.classification.value,
            "mark": self.mark,
            "heading": self.heading,
            "text": self.text,
            "table": None
            if self.table is None
            else {"columns": list(self.table.columns), "rows": [list(r) for r in self.table.rows]},
            "chart": None
            if self.chart is None
            else {"title": self.chart.title, "svg": self.chart.svg},
        }


@dataclass(frozen=True)
class Section:
    title: str
    portions: tuple[Portion, ...] = ()

    @property
    def classification(self) -> Classification:
        return highest(p.classification for p in self.portions)

    def to_plain(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "classification": self.classification.value,
            "mark": portion_mark(self.classification),
            "portions": [p.to_plain() for p in self.portions],
        }


@dataclass(frozen=True)
class Report:
    """A report: what it is (`kind`: 'dossier', 'congress' or 'yearly'), about what, for whom
    and as of which day, and its sections."""

    kind: str
    title: str
    subject: str  # the case's key, or the year
    as_of: date
    made_by: str
    made_on: date
    sections: tuple[Section, ...] = ()
    notes: tuple[str, ...] = field(default=())  # unclassified lines under the title

    @property
    def portions(self) -> list[Portion]:
        return [p for s in self.sections for p in s.portions]

    @property
    def classification(self) -> Classification:
        """The highest classification of what the report holds: its cover's marking."""
        return highest(p.classification for p in self.portions)

    def to_plain(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "subject": self.subject,
            "as_of": self.as_of.isoformat(),
            "made_by": self.made_by,
            "made_on": self.made_on.isoformat(),
            "classification": self.classification.value,
            "banner": banner(self.classification),
            "notes": list(self.notes),
            "sections": [s.to_plain() for s in self.sections],
            "banners": {c.value: BANNERS[c] for c in ORDER},
            "levels": {c.value: ORDER.index(c) for c in ORDER},
        }


def page_marking(portions: Sequence[Portion]) -> Classification:
    """The marking of a page holding these portions (in whole or in part)."""
    return highest(p.classification for p in portions)


def cells(values: Iterable[object]) -> tuple[str, ...]:
    """A table row from values: None as an empty cell, everything else as its text."""
    return tuple("" if v is None else str(v) for v in values)
