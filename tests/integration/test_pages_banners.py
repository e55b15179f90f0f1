"""Issue 15, item 13: pages that show classified material carry the highest level shown at
their top and bottom; a new case is classified when it is opened; a print style sheet marks
printed pages."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from glienicke.services import drafts, views
from glienicke.services.database import Database
from tests.integration.webclient import csrf_of, signed_in

BANNER = re.compile(r'class="banner banner-([a-z-]+) banner-(top|bottom)"')


def _banners(page: str) -> list[tuple[str, str]]:
    return BANNER.findall(page)


def test_pages_with_confidential_material_are_marked_top_and_bottom(demo: Database) -> None:
    negotiator = signed_in(demo, "demo-negotiator")
    for path in ("/", "/cases", "/cases/ivanov", "/proposals/ivanov-1964", "/documents"):
        page = negotiator.get(path)
        assert page.status_code == 200
        assert _banners(page.text) == [("confidential", "top"), ("confidential", "bottom")], path
        assert ">CONFIDENTIAL</div>" in page.text


def test_a_page_showing_nothing_classified_has_no_banner(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")  # outside ivanov-team: sees nothing classified
    for path in ("/", "/cases", "/cases/gorin", "/documents"):
        assert _banners(officer.get(path).text) == [], path


def test_the_banner_is_the_highest_level_shown(demo: Database, negotiator: TestClient) -> None:
    from glienicke.domain.cases import Case
    from glienicke.services.records import change_record

    def raise_to_secret(case: Case) -> None:
        case.classification = case.classification.__class__("secret")

    change_record(demo, Case, "landerman", raise_to_secret)
    cases = negotiator.get("/cases").text
    assert _banners(cases) == [("secret", "top"), ("secret", "bottom")]
    assert _banners(negotiator.get("/cases/ivanov").text)[0][0] in ("confidential", "secret")


def test_a_draft_page_is_marked_draft_with_its_level(demo: Database) -> None:
    draft = drafts.draft_document(demo, "ivanov-1964", "principal-memo", on="1964-12-08")
    page = signed_in(demo, "demo-negotiator").get(f"/documents/{draft.key}").text
    assert page.count('<p class="draft-mark">DRAFT — CONFIDENTIAL</p>') == 2
    assert _banners(page)[0] == ("confidential", "top")


def test_a_case_is_classified_when_it_is_opened(demo: Database, negotiator: TestClient) -> None:
    form = negotiator.get("/cases/new").text
    assert '<select id="classification" name="classification" required' in form
    assert '<option value="top-secret">top secret</option>' in form
    token = csrf_of(form)
    fields = {"key": "novak-1965", "title": "Novak", "priority": "normal", "csrf_token": token}
    unchosen = negotiator.post("/cases", data=fields)
    assert unchosen.status_code == 422 and "hoose how the case is classified" in unchosen.text
    assert 'value="novak-1965"' in unchosen.text  # what was typed is kept
    made = negotiator.post("/cases", data=fields | {"classification": "secret"})
    assert made.status_code in (200, 303)
    key = str(made.url).split("/cases/")[1].split("?")[0]  # 'novak-1965' and an ending
    assert key.startswith("novak-1965-")
    stored = views.show(demo, "case", key)["case"]
    assert stored["classification"] == "secret"
    shown = negotiator.get(f"/cases/{key}").text
    assert _banners(shown) == [("secret", "top"), ("secret", "bottom")]


def test_a_case_cannot_be_opened_above_ones_own_clearance(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")  # cleared secret
    form = officer.get("/cases/new").text
    assert '<option value="secret">' in form and "top-secret" not in form


def test_the_print_style_sheet_marks_every_sheet_and_hides_the_controls() -> None:
    css = (
        Path(__file__).parents[2] / "src" / "glienicke" / "web" / "static" / "glienicke.css"
    ).read_text(encoding="utf-8")
    printed = css.split("@media print", 1)[1]
    assert ".banner { position: fixed;" in printed
    assert ".banner-top { top: 0; }" in printed and ".banner-bottom { bottom: 0; }" in printed
    assert "form, button" in printed and ".bar" in printed
