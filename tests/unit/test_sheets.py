"""The spreadsheet writers: formula-safe cells, CSV in pieces, XLSX cells typed as text."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from glienicke.dataset import sheets


def test_a_cell_that_would_be_a_formula_gets_an_apostrophe() -> None:
    for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert sheets.safe_cell(text) == "'" + text
    for text in ("plain", "", " =1", "1-1", "'quoted"):
        assert sheets.safe_cell(text) == text


def test_values_become_cell_text() -> None:
    assert sheets.cell_text(None) == ""
    assert sheets.cell_text(["a", "b"]) == "a; b"
    assert sheets.cell_text(True) == "yes"
    assert sheets.cell_text(3) == "3"


def test_csv_comes_in_pieces_and_reads_back() -> None:
    rows = [[n, f"name {n}", ["x", "y"], None] for n in range(1, 1201)]
    pieces = list(sheets.csv_chunks(["n", "name", "tags", "none"], rows))
    assert len(pieces) == 1200 // sheets.CSV_BATCH + 1
    read = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8"))))
    assert read[0] == ["n", "name", "tags", "none"]
    assert read[1] == ["1", "name 1", "x; y", ""] and len(read) == 1201


@given(st.text())
def test_no_csv_cell_starts_a_formula(text: str) -> None:
    written = b"".join(sheets.csv_chunks(["value"], [[text]])).decode("utf-8")
    header, *rest = list(csv.reader(io.StringIO(written, newline="")))
    assert header == ["value"]
    value = rest[0][0] if rest and rest[0] else ""
    assert not value.startswith(sheets.FORMULA_STARTS)
    assert value.removeprefix("'") == text or value == text


def test_xlsx_cells_are_text_or_numbers_never_formulas() -> None:
    target = io.BytesIO()
    sheets.write_xlsx(
        target,
        "a title longer than thirty-one characters",
        ["a", "b"],
        [["=2*3", 7], ["bad\x00char", None]],
    )
    book = load_workbook(io.BytesIO(target.getvalue()))
    sheet = book.active
    assert sheet.title == "a title longer than thirty-one "[:31]
    rows = list(sheet.iter_rows(values_only=False))
    assert (rows[1][0].value, rows[1][0].data_type) == ("=2*3", "s")
    assert rows[1][1].value == 7
    assert rows[2][0].value == "badchar" and rows[2][1].value is None
