"""Reports made from the record: the dossier and the report to Congress of a case, and the
yearly statistics, read back from their PDFs and plain text; only what the maker may see;
every one audited."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from glienicke.domain.errors import InvalidValue, NotFound
from glienicke.reports.model import BANNERS, ORDER
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, reports
from glienicke.services.database import Database
from tests.conftest import CliResult, on_file
from tests.integration.conftest import MARK

GORIN_DAY = date(1941, 2, 21)
RANK = {b: n for n, b in enumerate(BANNERS[c] for c in ORDER)}
PORTION = re.compile(r"\((U|C|S|TS)\)")
MARK_RANK = {"U": 0, "C": 1, "S": 2, "TS": 3}


def pages_of(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def check_markings(pages: list[str]) -> list[str]:
    """Every page begins and ends with a banner at least as high as every portion mark on it;
    the banners found, page by page."""
    banners = []
    for number, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        top = lines[0]
        assert top in RANK, f"page {number} begins with {top!r}"
        # the footer is the banner then the title line with the page count
        bottom = next(line for line in reversed(lines) if line in RANK)
        assert bottom == top, f"page {number}: {top} at the top, {bottom} at the bottom"
        assert lines.index(bottom, 1) >= len(lines) - 3, f"page {number}: banner not at the foot"
        marks = [MARK_RANK[m] for m in PORTION.findall(text)]
        assert marks, f"page {number} has no portion mark"
        assert RANK[top] >= max(marks), f"page {number} is marked {top} below a portion on it"
        banners.append(top)
    return banners


def test_the_gorin_dossier_shows_probation_open_with_its_basis_and_the_alarm(
    demo: Database,
) -> None:
    report = reports.case_dossier(demo, "gorin", GORIN_DAY)
    pages = pages_of(reports.export(demo, report, "pdf"))
    banners = check_markings(pages)
    assert set(banners) == {"UNCLASSIFIED"}
    text = " ".join(" ".join(p.split()) for p in pages)
    windows = text[text.index("Windows on 1941-02-21") :]
    probation = windows[windows.index("Probation on condition of departure") :][:900]
    assert "open" in probation and "Probation Act of 4 March 1925" in probation
    alarms = text[text.index("Alarms and next steps") :][:600]
    assert "ALARM Probation on condition of departure for Mikhail N. Gorin" in alarms
    assert "its clearance usually takes" in alarms
    for title in (
        "Persons and family",
        "Detention history",
        "Urgency",
        "Proposals, balance sheets and clearance",
        "Commitments ledger",
        "Timeline",
        "Documents on file",
    ):
        assert f"(U) {title}" in text
    plain = reports.export(demo, report, "text").decode()
    assert plain.startswith("UNCLASSIFIED\n") and plain.rstrip().endswith("UNCLASSIFIED")
    assert "ALARM    Probation on condition of departure" in plain


def test_the_ivanov_dossier_shows_the_concurrence_history(demo: Database) -> None:
    report = reports.case_dossier(demo, "ivanov", date(1965, 1, 31))
    assert report.classification.value == "confidential"
    pages = pages_of(reports.export(demo, report, "pdf"))
    banners = check_markings(pages)
    assert banners[0] == "CONFIDENTIAL" and "CONFIDENTIAL" in banners
    text = " ".join(" ".join(p.split()) for p in pages)
    clearance = text[text.index("Clearance of ivanov-1964") :]
    assert "concurrence" in clearance and "non concur" in clearance
    assert "Attorney General" in clearance and "decision" in clearance
    assert "(C) Proposals, balance sheets and clearance" in text
    duties = text[text.index("(C) Duties owed") : text.index("Wrongful detention: criteria")]
    assert "Peter Landerman" in duties and "rusk-katzenbach-1964-11-19" in duties
    assert "discharged on 1964-11-19" in duties and "ALARM" in duties
    criteria = text[text.index("Wrongful detention: criteria") :]
    assert "2020-12-27" in criteria or "27 December 2020" in criteria  # not yet in force


def test_the_gorin_dossier_shows_no_duty_discharged_after_its_day(demo: Database) -> None:
    early = reports.export(demo, reports.case_dossier(demo, "gorin", date(1941, 2, 21)), "text")
    later = reports.export(demo, reports.case_dossier(demo, "gorin", date(1941, 12, 31)), "text")

    def duties(text: bytes) -> bytes:
        return text.split(b"Duties owed")[1].split(b"Wrongful detention")[0]

    assert b"telegram-342-1941-03" not in duties(early)  # it was sent in March
    assert b"telegram-342-1941-03" in duties(later)


def test_the_report_to_congress_sets_out_facts_and_proceedings(demo: Database) -> None:
    report = reports.congress_report(demo, "ivanov", date(1965, 1, 31))
    titles = [s.title for s in report.sections]
    assert titles[:4] == ["Facts", "Detention history", "Demands made and answers", "Steps taken"]
    assert "Proposals and their clearance" in titles and "Commitments ledger" in titles
    assert "Duties owed (duty packs)" in titles
    pages = pages_of(reports.export(demo, report, "pdf"))
    check_markings(pages)
    text = " ".join(" ".join(p.split()) for p in pages)
    assert "22 U.S.C. 1732" in text and "non concur" in text
    plain = reports.export(demo, report, "text").decode()
    assert plain.splitlines()[0] == "CONFIDENTIAL"


def test_the_yearly_statistics_count_cases_releases_and_time_held(demo: Database) -> None:
    report, rows = reports.yearly_with_rows(demo, 1941)
    by_case = {r.case: r for r in rows}
    assert {"gorin", "pyk", "ovakimian"} <= set(by_case)
    assert by_case["gorin"].released_on is not None and by_case["gorin"].means == "negotiated"
    assert all(r.category == "other" for r in rows)
    titles = [s.title for s in report.sections]
    assert titles == [
        "Cases held in the year",
        "Cases by status",
        "Cases by holding state",
        "Cases by category",
        "Releases by means",
        "Time held",
    ]
    charts = [p.chart for p in report.portions if p.chart is not None]
    assert len(charts) == 5 and all(c.svg.startswith("<svg") for c in charts)
    pages = pages_of(reports.export(demo, report, "pdf"))
    check_markings(pages)
    text = " ".join(" ".join(p.split()) for p in pages)
    assert "until one is made" in text and "Releases in 1941 by means" in text
    with pytest.raises(InvalidValue, match="year"):
        reports.yearly_statistics(demo, 41)


def test_every_report_is_audited(demo: Database) -> None:
    report = reports.case_dossier(demo, "gorin", GORIN_DAY)
    reports.export(demo, report, "text")
    reports.export(demo, reports.yearly_statistics(demo, 1941), "pdf")
    entries = audit.list_entries(demo, limit=20)
    made = [e for e in entries if e.action == "reported"]
    assert {(e.kind, e.key) for e in made} == {("case", "gorin"), ("report", "yearly-1941")}
    assert any(e.detail["report"] == "dossier" and e.detail["format"] == "text" for e in made)
    sentences = {audit.entry_sentence(e) for e in made}
    assert any(
        "made the dossier of case gorin as of 1941-02-21 as text, marked unclassified." in x
        for x in sentences
    ), sentences
    assert any("made the yearly statistics (yearly-1941) as pdf" in x for x in sentences)
    with pytest.raises(InvalidValue, match="format"):
        reports.export(demo, report, "docx")


def test_an_outsider_s_reports_never_hold_a_hidden_record(planted: Database) -> None:
    # a detention held in 1977 under a top-secret case, with the marker
    on_file(
        planted,
        "detentions",
        {
            "key": "hidden-held",
            "person": "secret-person",
            "held_by": "home",
            "since": "1977-01-02",
            "place": f"{MARK} prison",
        },
    )
    on_file(
        planted,
        "cases",
        {
            "key": "hidden-case",
            "title": f"{MARK} held",
            "classification": "top-secret",
            "subjects": [
                {"person": "secret-person", "basis": "national", "detention": "hidden-held"}
            ],
        },
    )
    # the tester, cleared for it, has it counted (so the outsider's want of it is the filter's)
    assert (
        MARK in reports.export(planted, reports.yearly_statistics(planted, 1977), "text").decode()
    )
    with acting_as("test:outsider", "tests", Viewer.of(accounts.user_named(planted, "outsider"))):
        _outsider_reports(planted)


def _outsider_reports(as_outsider: Database) -> None:
    for kind, subject in (("dossier", "open-case"), ("congress", "open-case"), ("yearly", "1977")):
        report = reports.make(as_outsider, kind, subject, date(1977, 6, 1))
        for fmt in ("pdf", "text", "json"):
            body = reports.export(as_outsider, report, fmt)
            shown = " ".join(pages_of(body)) if fmt == "pdf" else body.decode()
            assert MARK not in shown and "ZEBRA" not in shown, (kind, fmt)
    for kind in ("dossier", "congress"):
        with pytest.raises(NotFound):
            reports.make(as_outsider, kind, "secret-case", date(1977, 6, 1))


def test_the_commands_write_pdf_and_text(
    demo: Database, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    target = tmp_path / "gorin.pdf"
    made = cli("report", "dossier", "gorin", "--as-of", "1941-02-21", "-o", str(target))
    assert made.code == 0, made.err
    assert "Probation on condition of departure" in " ".join(pages_of(target.read_bytes()))
    text = cli("report", "congress", "gorin", "--as-of", "1941-03-31", "--format", "text")
    assert text.code == 0 and text.out.startswith("UNCLASSIFIED")
    yearly = cli("report", "yearly", "1941", "-f", "text")
    assert yearly.code == 0 and "Releases in 1941 by means" in yearly.out
    bad = cli("report", "dossier", "gorin", "--as-of", "1941-02-30")
    assert bad.code != 0 and "1941-02-30" in bad.err and "Traceback" not in bad.err
    nowhere = cli("report", "dossier", "gorin", "--format", "pdf")
    assert nowhere.code != 0 and "--output" in nowhere.err
    missing = cli("report", "dossier", "no-such-case", "-f", "text")
    assert missing.code != 0 and "no-such-case" in missing.err


def test_the_api_answers_json_pdf_and_text(demo: Database, api: Callable[..., TestClient]) -> None:
    client = api()
    found = client.get("/api/v1/reports/dossier/gorin", params={"as_of": "1941-02-21"})
    assert found.status_code == 200
    body: dict[str, Any] = found.json()
    assert body["banner"] == "UNCLASSIFIED" and body["sections"][0]["title"] == "The case"
    pdf = client.get("/api/v1/reports/congress/ivanov", params={"format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert pages_of(pdf.content)[0].lstrip().startswith("CONFIDENTIAL")
    text = client.get("/api/v1/reports/yearly/1941", params={"format": "text"})
    assert text.status_code == 200 and "Cases by holding state" in text.text
    assert client.get("/api/v1/reports/yearly/41").status_code == 422
    assert client.get("/api/v1/reports/dossier/nope").status_code == 404
    bad = client.get("/api/v1/reports/dossier/gorin", params={"as_of": "1941-13-01"})
    assert bad.status_code == 422 and "1941-13-01" in bad.text


def test_the_pages_offer_the_dossier_and_the_yearly_statistics(
    negotiator: TestClient,
) -> None:
    case = negotiator.get("/cases/gorin", params={"as_of": "1941-02-21"}).text
    assert 'action="/cases/gorin/dossier"' in case and "Dossier (PDF)" in case
    assert 'value="1941-02-21"' in case and 'formaction="/cases/gorin/congress"' in case
    pdf = negotiator.get("/cases/gorin/dossier", params={"as_of": "1941-02-21", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "Probation on condition of departure" in " ".join(pages_of(pdf.content))
    page = negotiator.get("/reports", params={"year": "1941"})
    assert page.status_code == 200
    html = page.text
    assert 'href="/reports"' in html and "<svg" in html and "Releases in 1941 by means" in html
    assert "/reports/yearly?year=1941&amp;format=pdf" in html
    assert "/cases/gorin/congress?as_of=1941-12-31" in html
    yearly = negotiator.get("/reports/yearly", params={"year": "1941", "format": "pdf"})
    assert yearly.headers["content-type"] == "application/pdf"
    wrong = negotiator.get("/reports", params={"year": "19x1"})
    assert wrong.status_code == 200 and "is not a year of four digits" in wrong.text
    missing = negotiator.get("/cases/nope/dossier")
    assert missing.status_code == 404
