"""A report as plain text and as PDF.

The PDF is set by typst's Python package, which carries the compiler and its fonts: no
external program, no network. The report goes to the template as JSON (`sys.inputs`), never
spliced into markup, so no text of the record can be read as a typst command.
"""

from __future__ import annotations

import json
import textwrap
from importlib import resources

from glienicke.reports.model import Portion, Report, Table, banner, portion_mark

WIDTH = 96  # characters of a line of the plain-text rendering


def to_text(report: Report) -> str:
    """The report as plain text: the marking of what it holds on the first and the last line,
    each portion after its mark."""
    mark = banner(report.classification)
    lines = [mark, "", report.title, "=" * min(len(report.title), WIDTH)]
    lines.append(
        f"(U) As of {report.as_of.isoformat()}; made by {report.made_by} on "
        f"{report.made_on.isoformat()}; classified {mark} by its highest portion."
    )
    lines += [f"(U) {n}" for n in report.notes]
    for section in report.sections:
        lines += ["", f"{portion_mark(section.classification)} {section.title}"]
        lines.append("-" * min(len(section.title) + 4, WIDTH))
        if not section.portions:
            lines.append("(U) Nothing on file that you may see.")
        for portion in section.portions:
            lines += _portion_lines(portion)
    lines += ["", mark]
    return "\n".join(lines) + "\n"


def _portion_lines(portion: Portion) -> list[str]:
    out: list[str] = []
    if portion.heading:
        out.append(f"{portion.mark} {portion.heading}")
    if portion.text:
        first = "" if portion.heading else f"{portion.mark} "
        out += textwrap.wrap(first + portion.text, WIDTH, subsequent_indent="    ") or [first]
    if portion.chart is not None and not portion.heading:
        out.append(f"{portion.mark} {portion.chart.title} (chart in the PDF and on the web page)")
    if portion.table is not None:
        if not portion.heading and not portion.text and portion.chart is None:
            out.append(portion.mark)
        out += _table_lines(portion.table)
    return out


def _table_lines(table: Table, most: int = 48) -> list[str]:
    """A table in fixed-width columns (a cell longer than `most` wraps within its column)."""
    wrapped = [[textwrap.wrap(c, most) or [""] for c in row] for row in table.rows]
    head = [[c] for c in table.columns]
    widths = [
        max(len(line) for r in [head, *wrapped] for line in r[i]) for i in range(len(table.columns))
    ]

    def row_lines(row: list[list[str]]) -> list[str]:
        height = max(len(c) for c in row)
        return [
            "  "
            + "  ".join(
                (c[n] if n < len(c) else "").ljust(widths[i]) for i, c in enumerate(row)
            ).rstrip()
            for n in range(height)
        ]

    lines = row_lines(head)
    lines.append("  " + "  ".join("-" * w for w in widths))
    for row in wrapped:
        lines += row_lines(row)
    return lines


def to_pdf(report: Report) -> bytes:
    """The report as PDF (A4), every page marked top and bottom with the highest
    classification of the portions on it."""
    import typst

    template = resources.files("glienicke.reports").joinpath("report.typ")
    with resources.as_file(template) as path:
        made = typst.compile(
            str(path), sys_inputs={"data": json.dumps(report.to_plain())}, ignore_system_fonts=True
        )
    if not isinstance(made, bytes):  # one file for a PDF; a list only for image formats
        raise TypeError("typst gave pages, not a PDF")
    return made
