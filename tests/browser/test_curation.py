"""The records officer in a real browser: a confidential letter declassified from its page
(a bad form first, answered beside its field), a document linked to a person, and the review
queue of names. Each page is photographed at a laptop's and a phone's width."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from glienicke.services.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot, sign_in

LETTER = "rusk-katzenbach-1964-11-19"


def test_the_records_officer_declassifies_and_links_a_letter(page: Page, demo_server: str) -> None:
    sign_in(page, demo_server, "demo-records", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.goto(f"{demo_server}/documents/{LETTER}")
    expect(page.locator(".marking").first).to_have_text("confidential")
    page.get_by_text("Lower the classification (confidential)").click()
    page.get_by_label("Decided on").fill("2026-12-03")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Declassify").click()
    expect(page.locator("#authority-error")).to_contain_text("needed")
    screenshot(page, "document-declassify-error-desktop")
    page.get_by_label("Authority").fill("FRUS 1964-68, vol. XIV")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Declassify").click()
    expect(page.get_by_role("status")).to_contain_text("declassified")
    expect(page.locator(".doc-text")).to_be_visible()
    expect(page.locator("p > .marking")).to_have_count(0)

    page.get_by_text("Link to a person, case or proposal").click()
    page.get_by_label("Its key").fill("gorin")
    page.get_by_role("button", name="Link", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("linked")
    expect(page.locator(".doc-meta")).to_contain_text("Mikhail")
    screenshot(page, "document-desktop-records-officer")

    page.get_by_role("link", name="Review").click()
    expect(page.get_by_role("heading", name="Names to review")).to_be_visible()
    screenshot(page, "mentions-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "mentions-phone")
    page.goto(f"{demo_server}/documents/{LETTER}")
    screenshot(page, "document-phone-records-officer")
