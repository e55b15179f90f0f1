"""Rows as spreadsheets: CSV (the standard library's writer) and XLSX (openpyxl's write-only
workbook), both written a batch of rows at a time so that memory does not grow with the rows.

A spreadsheet program reads a cell that begins with '=', '+', '-' or '@' (or a tab or a
carriage return, which some programs skip before looking) as a formula, and a formula can
fetch or run things. Such a cell is written with a leading apostrophe in CSV, which the
programs show as text; in XLSX it is stored as a string cell, never a formula, with its text
unchanged.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BATCH = 500  # rows written before the text so far is handed on
XLSX_CELL_MAX = 32_767  # the most characters a cell holds
# Characters XML 1.0 cannot hold (openpyxl refuses them): dropped from XLSX cells.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CHUNK = 64 * 1024  # bytes of a finished workbook handed on at a time


def safe_cell(value: str) -> str:
    """A CSV cell's text that no spreadsheet program takes for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell_text(value: Any) -> str:
    """A value as a cell's text: nothing for None, lists joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def csv_chunks(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The header and the rows as UTF-8 CSV, in pieces of about CSV_BATCH rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    for written, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if written % CSV_BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _csv_value(value: Any) -> str | int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return safe_cell(cell_text(value))


def write_xlsx(
    target: IO[bytes], title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """The header and the rows as one worksheet of an XLSX workbook, written to `target`.
    openpyxl's write-only mode keeps the rows in a temporary file, not in memory."""
    book = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = book.create_sheet(title=title[:31] or "export")
    sheet.append([_xlsx_cell(sheet, c) for c in columns])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    book.save(target)


def xlsx_chunks(
    title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Iterator[bytes]:
    """The workbook's bytes, a piece at a time: a workbook is a zip file, finished only
    after its last row, so it is written to a temporary file first and then read out."""
    with tempfile.TemporaryFile() as spool:
        write_xlsx(spool, title, columns, rows)
        spool.seek(0)
        while piece := spool.read(CHUNK):
            yield piece


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell | int | float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _NOT_IN_XML.sub("", cell_text(value))[:XLSX_CELL_MAX]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text as given: never a formula, whatever it begins with
    return cell
