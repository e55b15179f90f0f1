"""Exports of the lists (services.exports, `glienicke export`, /api/v1/export/..., the pages'
download links): contents and filters, visibility, formula safety, the audit entry, XLSX read
back, streamed answers and bad input."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from glienicke.domain.errors import InvalidValue, NotFound, ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, commitments, exports, views
from glienicke.services import search as searching
from glienicke.services.access import Forbidden
from glienicke.services.database import Database
from glienicke.services.demo import set_up_demo
from tests.conftest import CliResult, on_file
from tests.integration.conftest import MARK
from tests.integration.webclient import signed_in


def _csv(found: exports.Export) -> list[dict[str, str]]:
    text = b"".join(found.chunks("csv")).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content))
    return [tuple(c.value for c in row) for row in book.active.iter_rows()]


def _exports_of(db: Database) -> list[Any]:
    return [e for e in audit.list_entries(db, limit=100) if e.action == "exported"]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of two, so that every export reads many pages of keys."""
    monkeypatch.setattr(exports, "BATCH", 2)


# --- contents and filters ------------------------------------------------------------------


def test_the_case_export_holds_every_case_the_list_holds(
    demo: Database, small_batches: None
) -> None:
    rows = _csv(exports.cases(demo))
    listed = views.listing(demo, "cases")
    assert [r["key"] for r in rows] == sorted(c["key"] for c in listed)
    gorin = next(r for r in rows if r["key"] == "gorin")
    assert gorin["subjects"] == "gorin" and gorin["subject_names"] == "Mikhail N. Gorin"
    assert gorin["status"] == "closed" and gorin["closed_on"] == "about 1941-03"
    assert list(rows[0]) == list(exports.CASE_COLUMNS)


def test_case_filters_narrow_the_export(demo: Database) -> None:
    everything = _csv(exports.cases(demo))
    high = _csv(exports.cases(demo, priority="high"))
    assert high and {r["priority"] for r in high} == {"high"}
    assert [r["key"] for r in high] == [r["key"] for r in everything if r["priority"] == "high"]
    assert _csv(exports.cases(demo, status="open", priority="critical")) == [
        r for r in everything if r["status"] == "open" and r["priority"] == "critical"
    ]
    assert _csv(exports.cases(demo, officer="nobody at all")) == []


def test_the_person_export_is_by_name_and_finds_a_name(demo: Database, small_batches: None) -> None:
    rows = _csv(exports.persons(demo))
    assert len(rows) == len(views.listing(demo, "persons"))
    names = [r["name"].lower() for r in rows]
    assert names == sorted(names)
    found = _csv(exports.persons(demo, name="GORIN"))
    assert [r["key"] for r in found] == ["gorin"]
    assert found[0]["nationalities"] == "ussr"


def test_the_commitment_export_has_the_ledger_with_outcomes(
    demo: Database, small_batches: None
) -> None:
    day = date(1964, 12, 1)
    rows = _csv(exports.commitments(demo, as_of=day))
    ledger = commitments.list_commitments(demo, as_of=day)
    assert sorted(r["key"] for r in rows) == sorted(c["key"] for c in ledger)
    by_key = {c["key"]: c for c in ledger}
    for row in rows:
        expected = by_key[row["key"]]
        assert row["outcome"] == expected["outcome"]["outcome"], row["key"]
        assert row["explanation"] == expected["outcome"]["explanation"]
        assert row["status_as_of"] == expected["status_as_of"]
    habicht = next(r for r in rows if r["key"] == "gorin-1941-exit-habicht")
    assert habicht["outcome"] == "broken-then-kept"  # followed to the one that took it over


def test_commitment_filters_are_the_ledger_filters(demo: Database) -> None:
    day = date(1941, 6, 15)
    for options in (
        {"overdue": True},
        {"state": "ussr"},
        {"proposal": "gorin-1941"},
        {"status": "fulfilled"},
    ):
        rows = _csv(exports.commitments(demo, as_of=day, **options))
        ledger = commitments.list_commitments(demo, as_of=day, **options)
        assert sorted(r["key"] for r in rows) == sorted(c["key"] for c in ledger), options
    late = _csv(exports.commitments(demo, as_of=day, overdue=True))
    assert late and all(int(r["days_overdue"]) > 0 for r in late)


def test_the_document_export_is_the_registry_or_every_match(demo: Database) -> None:
    registry = _csv(exports.documents(demo))
    listed = searching.list_documents(demo, limit=100)
    assert [r["key"] for r in registry] == [d.key for d in listed["documents"]]
    found = searching.search_documents(demo, "Gorin", limit=100)
    matches = _csv(exports.documents(demo, text="Gorin"))
    assert [r["key"] for r in matches] == [h["key"] for h in found["results"]]
    assert [r["rank"] for r in matches] == [str(n) for n in range(1, len(matches) + 1)]
    filters = searching.filters_from(kind=["telegram"])
    telegrams = _csv(exports.documents(demo, text="Gorin", filters=filters))
    assert telegrams and {r["kind"] for r in telegrams} == {"telegram"}
    assert [r["key"] for r in telegrams] == [
        h["key"] for h in searching.search_documents(demo, "Gorin", filters)["results"]
    ]


def test_a_documents_key_comes_first_as_in_the_search(demo: Database) -> None:
    rows = _csv(exports.documents(demo, text="telegram-342-1941-03"))
    assert rows[0]["key"] == "telegram-342-1941-03" and rows[0]["rank"] == "1"
    assert [r["key"] for r in rows].count("telegram-342-1941-03") == 1


# --- visibility ----------------------------------------------------------------------------


def test_the_outsider_exports_nothing_hidden(as_outsider: Database) -> None:
    day = date(1978, 1, 1)
    makers: list[Callable[[str], exports.Export]] = [
        lambda fmt: exports.cases(as_outsider, fmt),
        lambda fmt: exports.persons(as_outsider, fmt),
        lambda fmt: exports.commitments(as_outsider, fmt, as_of=day),
        lambda fmt: exports.documents(as_outsider, fmt),
        lambda fmt: exports.documents(as_outsider, fmt, text="zebra 7731"),
        lambda fmt: exports.documents(as_outsider, fmt, text="note"),
    ]
    for make in makers:
        assert MARK not in b"".join(make("csv").chunks("csv")).decode("utf-8")
        assert MARK not in str(_sheet(b"".join(make("xlsx").chunks("xlsx"))))
    keys = {r["key"] for r in _csv(exports.cases(as_outsider))}
    assert keys == {"open-case"}
    assert {r["key"] for r in _csv(exports.persons(as_outsider))} == {"open-person"}
    assert {r["key"] for r in _csv(exports.documents(as_outsider))} == {"open-doc"}
    assert _csv(exports.commitments(as_outsider)) == []


def test_a_hidden_filter_is_answered_as_a_missing_one(as_outsider: Database) -> None:
    with pytest.raises(NotFound) as hidden:
        exports.commitments(as_outsider, proposal="secret-proposal")
    with pytest.raises(NotFound) as missing:
        exports.commitments(as_outsider, proposal="no-such-proposal")
    assert str(hidden.value).replace("secret", "no-such") == str(missing.value)


def test_an_account_that_may_not_read_is_refused(demo: Database) -> None:
    admin = Viewer.of(accounts.user_named(demo, "demo-admin"))  # manages accounts, reads none
    with acting_as("test:demo-admin", "tests", admin):
        for make in (
            lambda: exports.cases(demo),
            lambda: exports.persons(demo),
            lambda: exports.commitments(demo),
            lambda: exports.documents(demo, text="Gorin"),
        ):
            with pytest.raises(Forbidden, match="may not read"):
                make()


# --- formula safety, the workbook ----------------------------------------------------------


DANGEROUS = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tpadded", "\rturned"]


def test_cells_that_would_be_formulas_are_kept_as_text(db: Database) -> None:
    on_file(
        db,
        "cases",
        *[{"key": f"c{n}", "title": title} for n, title in enumerate(DANGEROUS)],
        {"key": "plain", "title": "Ivanov, Igor A. — “quoted”, and ümlauts"},
    )
    rows = _csv(exports.cases(db))
    titles = {r["key"]: r["title"] for r in rows}
    for n, title in enumerate(DANGEROUS):
        assert titles[f"c{n}"] == "'" + title
    assert titles["plain"] == "Ivanov, Igor A. — “quoted”, and ümlauts"
    book = load_workbook(io.BytesIO(b"".join(exports.cases(db, "xlsx").chunks("xlsx"))))
    cells = {row[0].value: row[1] for row in book.active.iter_rows(min_row=2)}
    for n, title in enumerate(DANGEROUS):
        cell = cells[f"c{n}"]
        assert cell.data_type == "s" and cell.value == title  # text, never a formula


def test_the_workbook_reads_back_with_its_header_and_rows(demo: Database) -> None:
    rows = _sheet(
        b"".join(exports.commitments(demo, "xlsx", as_of=date(1964, 12, 1)).chunks("xlsx"))
    )
    assert rows[0] == exports.COMMITMENT_COLUMNS
    as_csv = _csv(exports.commitments(demo, as_of=date(1964, 12, 1)))
    assert [r[0] for r in rows[1:]] == [r["key"] for r in as_csv]
    assert {r[exports.COMMITMENT_COLUMNS.index("as_of")] for r in rows[1:]} == {"1964-12-01"}


# --- the audit trail -----------------------------------------------------------------------


def test_every_export_is_in_the_audit_trail(demo: Database) -> None:
    rows = _csv(exports.cases(demo, priority="high"))
    b"".join(exports.documents(demo, "xlsx", text="Gorin").chunks("xlsx"))
    documents, cases = _exports_of(demo)[:2]
    assert cases.kind == "list" and cases.key == "cases.csv"
    assert cases.detail == {
        "list": "cases",
        "format": "csv",
        "filters": {"priority": "high"},
        "records": {"cases": len(rows)},
    }
    assert cases.actor == "test:tester"
    assert documents.key == "documents.xlsx"
    assert documents.detail["filters"] == {"query": "Gorin"}
    assert documents.detail["records"]["documents"] > 0


def test_an_export_stopped_early_is_audited_with_what_was_read(demo: Database) -> None:
    found = exports.persons(demo)
    rows: Iterator[list[Any]] = found.rows
    next(rows)
    next(rows)
    rows.close()  # a download broken off
    entry = _exports_of(demo)[0]
    assert entry.detail["records"] == {"persons": 2}
    assert "stopped" in entry.detail


# --- bad input -----------------------------------------------------------------------------


def test_bad_filters_are_refused_before_anything_is_read(demo: Database) -> None:
    with pytest.raises(ValidationFailed, match="status"):
        exports.cases(demo, status="ajar")
    with pytest.raises(ValidationFailed, match="priority"):
        exports.cases(demo, priority="urgent")
    with pytest.raises(ValidationFailed, match="status"):
        exports.commitments(demo, status="kept")
    with pytest.raises(InvalidValue, match="format"):
        exports.cases(demo, "ods")
    with pytest.raises(InvalidValue, match="kind 'memo'"):
        searching.filters_from(kind=["memo"])
    assert _exports_of(demo) == []


# --- the command line ----------------------------------------------------------------------


def test_the_command_writes_csv_to_standard_output(
    cli: Callable[..., CliResult], db: Database
) -> None:
    set_up_demo(db)
    result = cli("export", "cases", "--priority", "high")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows and {r["priority"] for r in rows} == {"high"}
    result = cli("export", "documents", "Gorin", "--kind", "telegram")
    assert result.code == 0 and "telegram-342-1941-03" in result.out


def test_the_command_writes_a_file(
    cli: Callable[..., CliResult], db: Database, tmp_path: Path
) -> None:
    set_up_demo(db)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "ledger.xlsx"
    result = cli("export", "commitments", "--as-of", "1964-12-01", "-f", "xlsx", "-o", str(target))
    assert result.code == 0, result.err
    rows = _sheet(target.read_bytes())
    assert rows[0] == exports.COMMITMENT_COLUMNS and len(rows) > 1
    assert f"wrote {len(rows) - 1} commitments to {target}" in result.err
    assert [p.name for p in out.iterdir()] == ["ledger.xlsx"]  # no partial file left
    people = out / "people.csv"
    assert cli("export", "persons", "--name", "gorin", "-o", str(people)).code == 0
    assert people.read_text("utf-8").splitlines()[1].startswith("gorin,")


def test_the_command_says_what_is_wrong(
    cli: Callable[..., CliResult], db: Database, tmp_path: Path
) -> None:
    set_up_demo(db)
    out = tmp_path / "out"
    out.mkdir()
    cases = [
        (["export", "cases", "--status", "ajar"], "error: status: 'ajar' is not one of: open"),
        (["export", "documents", "--kind", "memo"], "error: kind 'memo' is not one of"),
        (["export", "documents", "--from", "1950", "--to", "1940"], "year from 1950 is after"),
        (["export", "cases", "-f", "xlsx"], "an XLSX export needs a file"),
        (["export", "cases", "-o", str(out / "none" / "x.csv")], "there is no folder"),
        (["export", "cases", "-o", str(out)], "it is a folder"),
        (["export", "commitments", "--proposal", "nope"], "no proposal with key 'nope'"),
    ]
    for args, message in cases:
        result = cli(*args)
        assert result.code == 1, args
        assert message.lower() in result.err.lower(), (args, result.err)
        assert result.out == ""
    bad = cli("export", "cases", "-f", "ods")
    assert bad.code == 2 and "ods" in bad.err
    assert list(out.iterdir()) == []


# --- the API -------------------------------------------------------------------------------


def test_the_api_streams_csv_and_xlsx(db: Database, api: Callable[..., TestClient]) -> None:
    set_up_demo(db)
    client = api()
    with client.stream("GET", "/api/v1/export/cases.csv", params={"priority": "high"}) as answer:
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "text/csv; charset=utf-8"
        disposition = answer.headers["content-disposition"]
        assert disposition.startswith('attachment; filename="glienicke-cases-')
        assert disposition.endswith('.csv"')
        assert "content-length" not in answer.headers  # streamed, not built whole
        text = "".join(answer.iter_text())
    assert {r["priority"] for r in csv.DictReader(io.StringIO(text))} == {"high"}
    answer = client.get("/api/v1/export/documents.xlsx", params={"q": "Gorin", "kind": "telegram"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == exports.MEDIA_TYPES["xlsx"]
    assert answer.headers["content-disposition"].endswith('.xlsx"')
    rows = _sheet(answer.content)
    assert rows[0] == exports.SEARCH_COLUMNS and {r[3] for r in rows[1:]} == {"telegram"}
    people = client.get("/api/v1/export/persons.csv", params={"q": "gorin"}).text
    assert people.splitlines()[1].startswith("gorin,")
    ledger = client.get(
        "/api/v1/export/commitments.csv", params={"as_of": "1941-06-15", "overdue": "true"}
    )
    assert ledger.status_code == 200 and "gorin-1941" in ledger.text


def test_the_api_refuses_bad_input_and_the_unsigned(
    db: Database, api: Callable[..., TestClient]
) -> None:
    set_up_demo(db)
    client = api()
    bad = client.get("/api/v1/export/cases.csv", params={"status": "ajar"})
    assert bad.status_code == 422 and "ajar" in bad.text
    bad = client.get("/api/v1/export/documents.csv", params={"kind": "memo"})
    assert bad.status_code == 422 and "memo" in bad.text
    assert client.get("/api/v1/export/cases.ods").status_code == 422
    assert client.get("/api/v1/export/commitments.csv", params={"as_of": "soon"}).status_code == 422
    anonymous = TestClient(client.app)
    assert anonymous.get("/api/v1/export/cases.csv").status_code == 401


# --- the pages -----------------------------------------------------------------------------


def test_the_list_pages_link_downloads_with_their_filters(demo: Database) -> None:
    browser = signed_in(demo, "demo-negotiator")
    expected = {
        "/cases?status=closed&priority=high&sort=title": (
            "/export/cases.csv?status=closed&amp;priority=high",
            "/export/cases.xlsx?status=closed&amp;priority=high",
        ),
        "/persons?q=gorin": ("/export/persons.csv?q=gorin", "/export/persons.xlsx?q=gorin"),
        "/commitments?party=ussr&overdue=yes&as_of=1941-06-15": (
            "/export/commitments.csv?party=ussr&amp;overdue=yes&amp;as_of=1941-06-15",
            "/export/commitments.xlsx?party=ussr&amp;overdue=yes&amp;as_of=1941-06-15",
        ),
        "/documents?q=Gorin&kind=telegram&year_from=1941": (
            "/export/documents.csv?q=Gorin&amp;kind=telegram&amp;year_from=1941",
            "/export/documents.xlsx?q=Gorin&amp;kind=telegram&amp;year_from=1941",
        ),
        "/documents": ("/export/documents.csv", "/export/documents.xlsx"),
    }
    for page, links in expected.items():
        text = browser.get(page).text
        for link in links:
            assert f'href="{link}"' in text, (page, link)
        assert "Download CSV" in text and "Download XLSX" in text


def test_the_download_links_give_the_filtered_lists(demo: Database) -> None:
    browser = signed_in(demo, "demo-negotiator")
    answer = browser.get("/export/cases.csv?status=closed&priority=high")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert rows and {(r["status"], r["priority"]) for r in rows} == {("closed", "high")}
    answer = browser.get("/export/documents.xlsx?q=Gorin&kind=telegram&year_from=1941")
    assert answer.status_code == 200
    assert {r[3] for r in _sheet(answer.content)[1:]} == {"telegram"}
    answer = browser.get("/export/commitments.csv?party=ussr&overdue=yes&as_of=1941-06-15")
    keys = [r["key"] for r in csv.DictReader(io.StringIO(answer.text))]
    assert keys == sorted(
        c["key"]
        for c in commitments.list_commitments(
            demo, as_of=date(1941, 6, 15), overdue=True, state="ussr"
        )
    )
    assert browser.get("/export/persons.csv?q=gorin").text.splitlines()[1].startswith("gorin,")
    entry = _exports_of(demo)[0]
    assert entry.actor == "web:demo-negotiator" and entry.key == "persons.csv"


def test_a_bad_download_says_why_on_a_page(demo: Database) -> None:
    browser = signed_in(demo, "demo-negotiator")
    answer = browser.get("/export/cases.csv?status=ajar")
    assert answer.status_code == 422 and "text/html" in answer.headers["content-type"]
    assert "ajar" in answer.text and 'href="/cases"' in answer.text
    answer = browser.get("/export/documents.csv?year_from=19x1")
    assert answer.status_code == 422 and "is not a year" in answer.text
    answer = browser.get("/export/commitments.csv?party=atlantis")
    assert answer.status_code == 404
    signed_out = TestClient(browser.app, follow_redirects=False)
    assert signed_out.get("/export/cases.csv").status_code in (302, 303)
