"""The report model: portions marked (U), (C), (S), (TS); a section, a page and a report
marked by the highest of what they hold; the plain-text rendering and the charts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from glienicke.domain.documents import Classification as Level
from glienicke.reports.charts import bar_chart
from glienicke.reports.model import (
    Chart,
    Portion,
    Report,
    Section,
    Table,
    banner,
    cells,
    highest,
    page_marking,
    portion_mark,
)
from glienicke.reports.render import to_pdf, to_text


def _report(*sections: Section) -> Report:
    return Report(
        "dossier", "A title", "x", date(1941, 2, 21), "tester", date(2026, 1, 1), sections
    )


def test_portion_marks_are_those_of_classified_documents() -> None:
    assert [portion_mark(c) for c in Level] == ["(U)", "(C)", "(S)", "(TS)"]
    assert [banner(c) for c in Level] == ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"]
    assert Portion(Level.SECRET, "x").mark == "(S)"


def test_the_highest_classification_marks_the_whole() -> None:
    assert highest([]) is Level.UNCLASSIFIED
    assert highest([Level.CONFIDENTIAL, Level.TOP_SECRET, Level.SECRET]) is Level.TOP_SECRET
    low, high = Portion(Level.UNCLASSIFIED, "a"), Portion(Level.SECRET, "b")
    assert page_marking([low]) is Level.UNCLASSIFIED and page_marking([low, high]) is Level.SECRET
    assert Section("s", (low, high)).classification is Level.SECRET
    assert Section("empty").classification is Level.UNCLASSIFIED
    assert _report(Section("a", (low,)), Section("b", (high,))).classification is Level.SECRET


def test_a_table_row_must_fit_its_columns() -> None:
    assert cells([None, 3, "x"]) == ("", "3", "x")
    with pytest.raises(ValueError, match="2 cells under 3 columns"):
        Table(("a", "b", "c"), (("1", "2"),))


def test_the_text_is_marked_top_and_bottom_and_by_portion() -> None:
    report = _report(
        Section("Open", (Portion(Level.UNCLASSIFIED, "plain words"),)),
        Section(
            "Closed",
            (
                Portion(
                    Level.CONFIDENTIAL,
                    heading="Steps",
                    table=Table(("When", "What"), (("1941", "asked"),)),
                ),
            ),
        ),
        Section("Nothing"),
    )
    text = to_text(report)
    lines = text.splitlines()
    assert lines[0] == "CONFIDENTIAL" and lines[-1] == "CONFIDENTIAL"
    assert "(U) plain words" in text and "(C) Closed" in text and "(C) Steps" in text
    assert "(U) Nothing on file that you may see." in text
    assert any(line.split() == ["1941", "asked"] for line in lines)


def test_record_text_is_never_read_as_markup_in_the_pdf() -> None:
    tricky = '#set page(fill: red) *bold* $x$ [a] <l> @r // not a comment \\ "q"'
    report = _report(
        Section(
            "Tricky",
            (
                Portion(Level.SECRET, tricky, heading=tricky),
                Portion(Level.TOP_SECRET, table=Table((tricky,), ((tricky,),))),
            ),
        )
    )
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(report))).pages]
    text = " ".join(pages)
    assert "#set page(fill: red) *bold* $x$ [a] <l> @r // not a comment" in " ".join(text.split())
    assert pages[0].split("\n")[0].strip() == "TOP SECRET"


def test_a_pdf_page_is_marked_by_the_portions_on_it() -> None:
    filler = Portion(Level.UNCLASSIFIED, "words " * 400)
    secret = Portion(Level.SECRET, "the secret part")
    report = _report(Section("Long", (filler, filler, filler, secret)))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(report))).pages]
    assert len(pages) >= 2
    tops = [p.strip().split("\n")[0].strip() for p in pages]
    assert tops[0] == "UNCLASSIFIED" and tops[-1] == "SECRET"
    for page, top in zip(pages, tops, strict=True):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert top in lines[-3:]  # and at the foot


def test_a_chart_escapes_its_labels_and_scales_its_bars() -> None:
    svg = bar_chart("Cases <by> state", [("A & B", 4), ("<script>", 2), ("none", 0)])
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A &amp; B" in svg and 'aria-label="Cases &lt;by&gt; state"' in svg
    widths = [float(part.split('"')[0]) for part in svg.split('width="')[2:]]
    assert widths[0] > widths[1] > 0 and widths[2] == 0.0
    assert "nothing to count" in bar_chart("Empty", [])
    chart = Portion(Level.UNCLASSIFIED, chart=Chart("t", svg))
    assert chart.to_plain()["chart"]["svg"] == svg
