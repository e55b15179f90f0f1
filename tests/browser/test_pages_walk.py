"""Issue 15, items 12, 13, 15 and 16 in Chromium, at a laptop's and a phone's width: a dated
draft marked DRAFT with its classification, the classification banners, the long pages with
no sideways scrolling at 390 px, and the audit trail a page at a time in sentences. Every page
is photographed to build/screenshots (or GLIENICKE_SCREENSHOTS)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from glienicke.services import drafts
from glienicke.services.database import Database
from glienicke.services.demo import DEMO_PASSWORD
from tests.browser.conftest import SCREENSHOTS, WIDTHS, no_sideways_scroll, screenshot, sign_in


def test_the_negotiators_long_pages_are_marked_and_fit(
    tab: Page, width: str, demo_server: str, db: Database
) -> None:
    draft = drafts.draft_document(db, "ivanov-1964", "principal-memo", on="1964-12-08")
    sign_in(tab, demo_server, "demo-negotiator", DEMO_PASSWORD)
    expect(tab.get_by_role("heading", name="Dashboard")).to_be_visible()
    for name, path in (
        ("dashboard", "/?as_of=1964-11-19"),
        ("case", "/cases/ivanov?as_of=1964-11-19"),
        ("proposal", "/proposals/ivanov-1964?as_of=1964-11-19"),
        ("documents", "/documents"),
        ("draft", f"/documents/{draft.key}"),
    ):
        tab.goto(demo_server + path)
        banners = tab.locator(".banner")
        expect(banners).to_have_count(2)
        expect(banners.first).to_have_text("CONFIDENTIAL")
        no_sideways_scroll(tab)
        screenshot(tab, f"pages-{name}-{width}")
    marks = tab.locator(".draft-mark")
    expect(marks).to_have_count(2)
    expect(marks.first).to_have_text("DRAFT — CONFIDENTIAL")
    tab.emulate_media(media="print")
    expect(tab.locator(".bar")).to_be_hidden()
    expect(tab.locator(".banner").first).to_be_visible()
    screenshot(tab, f"pages-draft-printed-{width}")


def test_the_new_case_form_asks_for_a_classification(
    tab: Page, width: str, demo_server: str
) -> None:
    sign_in(tab, demo_server, "demo-officer", DEMO_PASSWORD)
    tab.goto(demo_server + "/cases/new")
    choice = tab.get_by_label("Classification")
    expect(choice).to_be_visible()
    assert "top-secret" not in choice.inner_html()  # above the officer's own clearance
    no_sideways_scroll(tab)
    screenshot(tab, f"pages-new-case-{width}")


def test_the_audit_trail_pages_in_sentences(tab: Page, width: str, demo_server: str) -> None:
    sign_in(tab, demo_server, "demo-auditor", DEMO_PASSWORD)
    tab.goto(demo_server + "/audit?limit=20")
    first = tab.locator(".audit-entries .sentence").first
    expect(first).to_have_text("demo-auditor signed in on the web pages.")
    expect(tab.locator(".audit-entries > li")).to_have_count(20)
    no_sideways_scroll(tab)
    screenshot(tab, f"pages-audit-{width}")
    tab.get_by_role("link", name="Older entries →").click()
    expect(tab.locator(".audit-entries > li")).to_have_count(20)
    expect(tab.get_by_role("link", name="← Newest entries")).to_be_visible()
    no_sideways_scroll(tab)
    screenshot(tab, f"pages-audit-older-{width}")


def test_the_long_pages_open_with_their_summary(tab: Page, width: str, demo_server: str) -> None:
    """Item 15: the dashboard, a case and a proposal open with what is urgent, what closes when
    and what to do next; side by side on a laptop, one under another on a phone; the timeline,
    the search facets and the tables below fit the width."""
    sign_in(tab, demo_server, "demo-negotiator", DEMO_PASSWORD)
    for name, path, first in (
        ("dashboard", "/?as_of=1941-02-21", "Probation on condition of departure"),
        ("case", "/cases/gorin?as_of=1941-02-21", "Probation on condition of departure"),
        ("proposal", "/proposals/gorin-1941", "Probation on condition of departure"),
        ("rejected", "/proposals/ivanov-1964", None),
    ):
        tab.goto(demo_server + path)
        glance = tab.locator("#summary")
        expect(glance).to_be_visible()
        box = glance.bounding_box()
        assert box is not None and box["y"] < 700  # at the top, seen without scrolling far
        if first is None:
            expect(glance).to_contain_text("This proposal is rejected: no step is awaited")
            expect(glance.locator(".tag-alarm")).to_have_count(0)
        else:
            expect(glance.locator("[data-part=urgent] li").first).to_contain_text(first)
            parts = [p.bounding_box() for p in glance.locator(".glance-part").all()]
            xs = {round(p["x"]) for p in parts if p is not None}
            assert len(xs) == (1 if width == "phone" else 3)  # stacked on a phone
        no_sideways_scroll(tab)
        screenshot(tab, f"summary-{name}-{width}")
        glance.screenshot(path=str(SCREENSHOTS / f"summary-{name}-{width}-block.png"))
    # the timeline scrolls inside its own box; the facets and the tables fit
    tab.goto(demo_server + "/cases/gorin?as_of=1941-02-21")
    for part, where in (("timeline", ".timeline-wrap"), ("windows", "table.windows")):
        shown = tab.locator(where).first
        expect(shown).to_be_visible()
        box = shown.bounding_box()
        assert box is not None and box["x"] + box["width"] <= WIDTHS[width]["width"]
        shown.screenshot(path=str(SCREENSHOTS / f"summary-{part}-{width}-block.png"))
    no_sideways_scroll(tab)
    tab.goto(demo_server + "/documents?q=Gorin")
    facets = tab.locator(".facets")
    expect(facets).to_be_visible()
    facets.screenshot(path=str(SCREENSHOTS / f"summary-facets-{width}-block.png"))
    no_sideways_scroll(tab)
    screenshot(tab, f"summary-facets-{width}")
