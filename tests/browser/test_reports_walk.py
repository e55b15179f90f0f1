"""Issue 18 in Chromium, at a laptop's and a phone's width: the case page's dossier button
and day field give the dossier as PDF, and the reports page shows the yearly statistics with
their tables and charts, its PDF and each case's report to Congress. Photographed to
build/screenshots (or GLIENICKE_SCREENSHOTS)."""

from __future__ import annotations

import io

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from glienicke.services.demo import DEMO_PASSWORD
from tests.browser.conftest import SCREENSHOTS, no_sideways_scroll, screenshot, sign_in


def _pdf_text(page: Page, url: str) -> str:
    """The PDF at a URL, fetched with the tab's own session, as text."""
    answer = page.context.request.get(url)
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.body())).pages)


def test_the_dossier_button_gives_the_dossier_of_the_day(
    tab: Page, width: str, demo_server: str
) -> None:
    sign_in(tab, demo_server, "demo-officer", DEMO_PASSWORD)
    tab.goto(demo_server + "/cases/gorin?as_of=1941-02-21")
    form = tab.get_by_role("form", name="Reports of this case")
    day = form.get_by_label("Day the report judges")
    expect(day).to_have_value("1941-02-21")
    button = form.get_by_role("button", name="Dossier (PDF)")
    expect(button).to_be_visible()
    expect(form.get_by_role("button", name="Report to Congress (PDF)")).to_be_visible()
    no_sideways_scroll(tab)
    screenshot(tab, f"reports-case-{width}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    form.screenshot(path=str(SCREENSHOTS / f"reports-case-form-{width}.png"))
    # what the button asks for: the form's action with the day chosen
    day.fill("1941-02-21")
    action = form.get_attribute("action")
    text = _pdf_text(tab, f"{demo_server}{action}?as_of=1941-02-21&format=pdf")
    assert "Probation on condition of departure" in text and "UNCLASSIFIED" in text


def test_the_reports_page_shows_the_year_with_tables_and_charts(
    tab: Page, width: str, demo_server: str
) -> None:
    sign_in(tab, demo_server, "demo-officer", DEMO_PASSWORD)
    tab.goto(demo_server + "/")
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Reports: statistics for")
    tab.get_by_role("textbox", name="Year", exact=True).fill("1941")
    tab.get_by_role("button", name="Show").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Reports: statistics for 1941")
    expect(tab.locator("figure.chart svg")).to_have_count(5)
    expect(tab.get_by_role("img", name="Releases in 1941 by means")).to_be_visible()
    expect(tab.get_by_role("link", name="the statistics for 1941 (PDF)")).to_be_visible()
    no_sideways_scroll(tab)
    screenshot(tab, f"reports-page-{width}")
    congress = tab.get_by_role("link", name="report to Congress (PDF)").first
    href = congress.get_attribute("href")
    assert href is not None and "/congress?as_of=1941-12-31" in href
    assert "22 U.S.C. 1732" in _pdf_text(tab, demo_server + href)
    yearly = tab.get_by_role("link", name="the statistics for 1941 (PDF)").get_attribute("href")
    assert "Releases in 1941 by means" in _pdf_text(tab, demo_server + str(yearly))
