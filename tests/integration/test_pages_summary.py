"""Issue 15, item 15, over HTTP: the case, proposal and dashboard pages open with their
summary (what is urgent, what closes when, what to do next), before the page's long body."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient


def _glance(page: str) -> str:
    assert page.count('id="summary"') == 1
    part = page.split('id="summary"')[1].split("</section>")[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", part)))


def _first(page: str, *marks: str) -> list[str]:
    """The marks in the order they come on the page."""
    return sorted(marks, key=page.index)


def test_the_case_page_opens_with_its_summary(negotiator: TestClient) -> None:
    page = negotiator.get("/cases/gorin?as_of=1941-02-21").text
    assert _first(page, 'id="summary"', 'class="factbar"', 'id="timeline-heading"') == [
        'id="summary"',
        'class="factbar"',
        'id="timeline-heading"',
    ]
    text = _glance(page)
    assert "What is urgent Alarm Probation on condition of departure for Mikhail N. Gorin" in text
    assert "closes about 22 February 1941 (in 1 day)" in text
    assert "What to do next Secretary of State must answer the statement" in text
    part = page.split('id="summary"')[1].split("</section>")[0]
    assert 'href="#windows-gorin-1938"' in part
    assert 'href="/proposals/gorin-1941#step-gorin-1941-state-foreign-policy-statement"' in part
    closed = _glance(negotiator.get("/cases/gorin").text)
    assert "This case is closed since" in closed and "What is urgent" not in closed


def test_a_rejected_proposal_summary_has_no_awaited_step_nor_alarm(
    negotiator: TestClient,
) -> None:
    for path in ("/proposals/ivanov-1964", "/proposals/ivanov-1964?as_of=1964-12-09"):
        page = negotiator.get(path).text
        text = _glance(page)
        assert "This proposal is rejected: no step is awaited" in text
        assert "must answer" not in text and "Alarm" not in text
        assert page.index('id="summary"') < page.index('id="sides"')


def test_the_proposal_summary_names_the_alarm_and_the_next_move(negotiator: TestClient) -> None:
    text = _glance(negotiator.get("/proposals/gorin-1941").text)
    assert (
        "Alarm Probation on condition of departure for Mikhail N. Gorin cannot be cleared in time"
        in text
    )
    assert "What to do next Decide where it goes next" in text


def test_the_dashboard_summary_on_a_historical_day(negotiator: TestClient) -> None:
    page = negotiator.get("/?as_of=1941-02-21").text
    assert page.index('id="summary"') < page.index('id="deadlines-heading"')
    text = _glance(page)
    assert text.startswith(' aria-labelledby="summary-heading"> The day at a glance')
    assert "Alarm Irena Pyk is under sentence of death" in text
    part = page.split('id="summary"')[1].split("</section>")[0]
    assert 'href="/cases/gorin?as_of=1941-02-21"' in part


def test_today_no_step_of_a_rejected_proposal_is_awaited_on_the_dashboard(
    negotiator: TestClient,
) -> None:
    page = negotiator.get("/").text
    awaiting = page.split('id="awaiting-heading"')[1].split("</section>")[0]
    assert "ivanov-1964-justice-concurrence-renewed" not in awaiting
    assert "ivanov-1964" not in page.split('id="summary"')[1].split("</section>")[0]
