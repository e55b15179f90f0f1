"""Issue 16 in Chromium, at a laptop's and a phone's width: choose the Abel and Ankara scenarios
from the list, solve, and see the package drawn beside its table, with the left-out persons and
why; a bad cap is said beside its field. Photographed to build/screenshots."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from glienicke.services.demo import DEMO_PASSWORD
from tests.browser.conftest import no_sideways_scroll, screenshot, sign_in


def test_solving_the_shipped_scenarios_from_the_page(
    tab: Page, width: str, demo_server: str
) -> None:
    sign_in(tab, demo_server, "demo-negotiator", DEMO_PASSWORD)
    tab.goto(demo_server + "/exchange")
    tab.locator("#solve-source").select_option(
        label="Abel for Powers and Pryor (Glienicke Bridge and Checkpoint Charlie, 10 February 1962)"
    )
    tab.get_by_role("button", name="Solve").click()
    best = tab.locator("#package-1")
    expect(best.get_by_role("heading", name="Best package")).to_be_visible()
    expect(best.locator("svg.diagram")).to_be_visible()
    expect(best.locator("svg.diagram g.release")).to_have_count(3)
    expect(best.get_by_role("table")).to_contain_text("Frederic L. Pryor")
    expect(tab.locator("#left-heading + ul")).to_contain_text("Marvin Makinen")
    no_sideways_scroll(tab)
    screenshot(tab, f"exchange-abel-{width}")

    tab.locator("#solve-source").select_option(value="ankara-2024")
    tab.get_by_label("Most parties in one ring").fill("1")
    tab.get_by_role("button", name="Solve").click()
    expect(tab.locator("#solve-cycle_cap-error")).to_contain_text("at least 2")
    expect(tab.get_by_label("Most parties in one ring")).to_have_value("1")
    tab.get_by_label("Most parties in one ring").fill("")
    tab.get_by_role("button", name="Solve").click()
    tab.wait_for_url("**cycle_cap=&**")
    expect(tab.locator("#package-1 table tbody tr")).to_have_count(26)
    no_sideways_scroll(tab)
    screenshot(tab, f"exchange-ankara-{width}")


def test_the_record_on_a_day_drafted_as_a_proposal(tab: Page, width: str, demo_server: str) -> None:
    sign_in(tab, demo_server, "demo-negotiator", DEMO_PASSWORD)
    tab.goto(demo_server + "/exchange")
    tab.locator("#solve-source").select_option(value="record")
    tab.get_by_label("Judge the law on").fill("1964-12-01")
    tab.get_by_role("button", name="Solve").click()
    best = tab.locator("#package-1")
    expect(best.get_by_role("table")).to_contain_text("Igor Ivanov")
    expect(best).to_contain_text("Balance sheet, as the assessment weighs it")
    tab.get_by_label("Every package must include").select_option(value="landerman")
    tab.get_by_role("button", name="Solve").click()
    tab.wait_for_url("**required=landerman**")
    expect(tab.get_by_label("Every package must include")).to_have_values(["landerman"])
    expect(tab.locator("#package-1")).to_contain_text("Peter Landerman")
    no_sideways_scroll(tab)
    screenshot(tab, f"exchange-record-{width}")
    tab.get_by_role("button", name="Draft a proposal from this package").click()
    expect(tab.get_by_text("The package is on file as a draft proposal")).to_be_visible()
    expect(tab.locator("h1")).to_contain_text("Exchange bringing home Peter Landerman")
    no_sideways_scroll(tab)
    screenshot(tab, f"exchange-drafted-{width}")
