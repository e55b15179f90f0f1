"""Exchange packaging from the API and the page: the Abel and Ankara scenarios, a pool sent
whole, and every bad input answered with the field it is about."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from glienicke.services.database import Database

Api = Callable[..., TestClient]

SMALL_POOL: dict[str, Any] = {
    "exchange_pool": 1,
    "key": "two-for-one",
    "title": "A small what-if",
    "home": "us",
    "as_of": "2020-01-01",
    "parties": [{"key": "us", "name": "Us"}, {"key": "them", "name": "Them"}],
    "persons": [
        {
            "key": "ours",
            "name": "Our National",
            "held_by": "them",
            "wanted_by": "us",
            "mechanisms": [{"key": "pardon", "name": "pardon", "lead_days": 5}],
        },
        {
            "key": "theirs",
            "name": "Their Agent",
            "held_by": "us",
            "wanted_by": "them",
            "mechanisms": [{"key": "commutation", "name": "commutation", "lead_days": 10}],
        },
    ],
}


def test_the_api_lists_the_scenarios(api: Api) -> None:
    answer = api().get("/api/v1/exchange/scenarios")
    assert answer.status_code == 200
    keys = {s["key"]: s for s in answer.json()}
    assert {"abel-1962", "ankara-2024"} <= set(keys)
    assert keys["abel-1962"]["as_of"] == "1962-01-15"
    assert keys["ankara-2024"]["persons"] >= 26


def test_abel_from_the_api(api: Api) -> None:
    answer = api().post("/api/v1/exchange/solve", json={"scenario": "abel-1962"})
    assert answer.status_code == 200, answer.text
    view = answer.json()
    best = view["packages"][0]
    assert best["optimal"]
    assert {i["person"] for i in best["items"]} == {"abel", "powers", "pryor"}
    assert best["objective"]["persons_home"] == 2
    assert [x["person"] for x in view["left_out"]] == ["makinen"]


def test_ankara_from_the_api_releases_26_from_seven_states(api: Api) -> None:
    answer = api().post(
        "/api/v1/exchange/solve", json={"scenario": "ankara-2024", "time_limit": 60}
    )
    assert answer.status_code == 200, answer.text
    best = answer.json()["packages"][0]
    assert len(best["items"]) == 26
    assert len({i["released_by"] for i in best["items"]}) == 7


def test_a_pool_sent_whole_is_solved(api: Api) -> None:
    answer = api().post("/api/v1/exchange/solve", json={"pool": SMALL_POOL})
    assert answer.status_code == 200, answer.text
    items = answer.json()["packages"][0]["items"]
    assert {(i["person"], i["released_by"], i["to"]) for i in items} == {
        ("ours", "them", "us"),
        ("theirs", "us", "them"),
    }


def test_bad_input_to_the_api_names_the_field(api: Api) -> None:
    client = api()
    unknown = client.post("/api/v1/exchange/solve", json={"scenario": "no-such"})
    assert unknown.status_code == 404
    assert "no-such" in unknown.json()["error"]["message"]
    cap = client.post("/api/v1/exchange/solve", json={"scenario": "abel-1962", "cycle_cap": 0})
    assert cap.status_code == 422
    assert cap.json()["error"]["problems"][0]["where"] == "cycle_cap"
    both = client.post("/api/v1/exchange/solve", json={})
    assert both.status_code == 422
    assert "exactly one of 'scenario', 'pool' or 'record'" in both.text
    bad_pool = dict(SMALL_POOL, persons=[dict(SMALL_POOL["persons"][0], held_by="nobody")])
    wrong = client.post("/api/v1/exchange/solve", json={"pool": bad_pool})
    assert wrong.status_code == 422
    assert any("held_by" in p["where"] for p in wrong.json()["error"]["problems"])


def test_an_infeasible_pool_says_which_constraint(api: Api) -> None:
    pool = dict(SMALL_POOL, required=["ours"], vetoes=[{"party": "us", "person": "theirs"}])
    answer = api().post("/api/v1/exchange/solve", json={"pool": pool})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "infeasible"


def test_no_token_no_scenarios(db: Database) -> None:
    from glienicke.web.app import create_app

    answer = TestClient(create_app(db)).get("/api/v1/exchange/scenarios")
    assert answer.status_code == 401


def test_the_page_draws_abel_and_lists_who_is_left_out(negotiator: TestClient) -> None:
    page = negotiator.get("/exchange?source=abel-1962")
    assert page.status_code == 200
    html = page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    # Three releases in a ring of two states: one arrow each way, Pryor's from the GDR.
    assert len(re.findall(r'<g class="release ', html)) == 3
    assert "German Democratic Republic releases Frederic L. Pryor to United States" in html
    assert "proven optimal" in html
    left = html.split('id="left-heading"', 1)[1]
    assert "Marvin Makinen" in left and "Soviet Union" in left


def test_the_page_lists_scenarios_then_solves_with_a_cap(negotiator: TestClient) -> None:
    start = negotiator.get("/exchange")
    assert start.status_code == 200
    assert 'href="/exchange?source=ankara-2024"' in start.text
    assert '<option value="abel-1962">' in start.text
    solved = negotiator.get("/exchange?source=ankara-2024&alternatives=1")
    assert solved.status_code == 200
    assert 'id="package-2"' in solved.text


def test_bad_values_on_the_page_are_said_beside_their_fields(negotiator: TestClient) -> None:
    page = negotiator.get("/exchange?source=abel-1962&cycle_cap=1&time_limit=soon")
    assert page.status_code == 422
    assert 'id="solve-cycle_cap-error"' in page.text
    assert "must be at least 2" in page.text
    assert 'id="solve-time_limit-error"' in page.text
    assert 'value="soon"' in page.text
    unknown = negotiator.get("/exchange?source=..%2F..%2Fetc%2Fpasswd")
    assert unknown.status_code == 422
    assert "choose one of the pools listed" in unknown.text


def test_a_signed_out_browser_is_sent_to_sign_in(demo: Database) -> None:
    from glienicke.web.app import create_app
    from tests.integration.webclient import KEY

    client = TestClient(create_app(demo, secret_key=KEY))
    answer = client.get("/exchange?source=abel-1962", follow_redirects=False)
    assert answer.status_code in (302, 303)
    assert "/login" in answer.headers["location"]


def test_the_record_from_the_api_on_a_day(api: Api, demo: Database) -> None:
    client = api()
    answer = client.post(
        "/api/v1/exchange/solve",
        json={"record": True, "as_of": "1941-02-21", "planned": "1941-03-31"},
    )
    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert view["pool"] == "record" and view["planned"] == "1941-03-31"
    items = view["packages"][0]["items"]
    assert {(i["person"], i["to"]) for i in items} == {("gorin", "ussr"), ("pyk", "us")}
    written = client.get("/api/v1/exchange/pool", params={"as_of": "1941-02-21"})
    assert written.status_code == 200
    pool = written.json()["pool"]
    pool["vetoes"] = [{"party": "us", "person": "gorin", "reason": "what if we refuse"}]
    what_if = client.post("/api/v1/exchange/solve", json={"pool": pool})
    assert what_if.status_code == 200, what_if.text
    left = {x["person"]: x["reasons"] for x in what_if.json()["left_out"]}
    assert "what if we refuse" in left["gorin"][0]
    assert "pyk" in left  # the Soviet side releases her only in return for Gorin


def test_the_record_needs_a_sensible_planned_day(api: Api, demo: Database) -> None:
    answer = api().post(
        "/api/v1/exchange/solve",
        json={"record": True, "as_of": "1941-02-21", "planned": "1940-01-01"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["problems"][0]["where"] == "planned"
    scenario = api().post(
        "/api/v1/exchange/solve", json={"scenario": "abel-1962", "planned": "1962-02-10"}
    )
    assert scenario.status_code == 422


def test_the_record_on_the_page(negotiator: TestClient) -> None:
    page = negotiator.get("/exchange?source=record&as_of=1964-12-01")
    assert page.status_code == 200, page.text
    assert "Igor Ivanov" in page.text and "Peter Landerman" in page.text
    assert 'id="package-1"' in page.text
    wrong = negotiator.get("/exchange?source=abel-1962&planned=1962-02-10")
    assert wrong.status_code == 422
    assert 'id="solve-planned-error"' in wrong.text


def test_a_package_drafted_from_the_api(api: Api, demo: Database) -> None:
    client = api()
    made = client.post(
        "/api/v1/exchange/draft-proposal",
        json={"as_of": "1964-12-01", "persons": ["ivanov", "landerman"]},
    )
    assert made.status_code == 201, made.text
    key = made.json()["proposal"]
    proposal = client.get(f"/api/v1/records/proposals/{key}")
    assert proposal.status_code == 200
    assert {i["person"] for i in proposal.json()["record"]["items"]} == {"ivanov", "landerman"}
    stale = client.post(
        "/api/v1/exchange/draft-proposal", json={"as_of": "1964-12-01", "persons": ["ivanov"]}
    )
    assert stale.status_code == 422
    assert stale.json()["error"]["problems"][0]["where"] == "package"


def test_the_page_shows_the_balance_sheet_and_drafts_the_package(negotiator: TestClient) -> None:
    page = negotiator.get("/exchange?source=record&as_of=1964-12-01")
    assert page.status_code == 200
    assert "Balance sheet, as the assessment weighs it" in page.text
    form = page.text.split('action="/exchange/draft"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form))
    assert fields["persons"] == "ivanov,landerman" and fields["as_of"] == "1964-12-01"
    answer = negotiator.post("/exchange/draft", data=fields, follow_redirects=False)
    assert answer.status_code == 303
    target = answer.headers["location"]
    assert target.startswith("/proposals/exchange-1964-12-01") and "done=packaged" in target
    shown = negotiator.get(target)
    assert "The package is on file as a draft proposal" in shown.text
    assert "Igor Ivanov" in shown.text
    without_token = negotiator.post("/exchange/draft", data=fields | {"csrf_token": ""})
    assert without_token.status_code == 403


def test_a_what_if_on_the_page_changes_nothing_stored(negotiator: TestClient) -> None:
    base = "/exchange?source=abel-1962"
    first = negotiator.get(base)
    assert 'name="vetoed"' in first.text and '<option value="abel">' in first.text
    vetoed = negotiator.get(base + "&vetoed=abel")
    assert vetoed.status_code == 200
    left = vetoed.text.split('id="left-heading"', 1)[1]
    assert "United States vetoes their release: not to be released, in this what-if" in left
    assert '<option value="abel" selected>' in vetoed.text
    clash = negotiator.get(base + "&vetoed=abel&required=powers")
    assert clash.status_code == 422
    assert "No package can meet this pool" in clash.text
    assert '<option value="powers" selected>' in clash.text  # the choice is kept
    unknown = negotiator.get(base + "&required=nobody")
    assert unknown.status_code == 422
    assert 'id="solve-required-error"' in unknown.text
    again = negotiator.get(base)
    assert "Marvin Makinen" in again.text.split('id="left-heading"', 1)[1]
    assert "in this what-if" not in again.text


def test_the_record_draft_keeps_the_what_if(negotiator: TestClient, demo: Database) -> None:
    page = negotiator.get("/exchange?source=record&as_of=1964-12-01&required=landerman")
    assert page.status_code == 200, page.text
    form = page.text.split('action="/exchange/draft"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="required" value="landerman">' in form
    fields = re.findall(r'name="([a-z_]+)" value="([^"]*)"', form)
    answer = negotiator.post(
        "/exchange/draft",
        content=urlencode(fields),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def test_a_what_if_from_the_api(api: Api) -> None:
    client = api()
    vetoed = client.post(
        "/api/v1/exchange/solve", json={"scenario": "abel-1962", "vetoed": ["abel"]}
    )
    assert vetoed.status_code == 200, vetoed.text
    assert vetoed.json()["packages"][0]["objective"]["persons_home"] == 0
    unknown = client.post(
        "/api/v1/exchange/solve", json={"scenario": "abel-1962", "required": ["nobody"]}
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["problems"][0]["where"] == "required[0]"


def test_a_long_solve_holds_up_no_other_request(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """The solve runs in a worker thread: while one is held inside the solver, another
    request is answered."""
    from glienicke.services import exchange

    inside, release = threading.Event(), threading.Event()
    real = exchange.solve

    def held(*args: Any, **kwargs: Any) -> Any:
        inside.set()
        assert release.wait(30), "the other request was never answered"
        return real(*args, **kwargs)

    monkeypatch.setattr(exchange, "solve", held)
    with api() as client:
        answers: list[int] = []
        solving = threading.Thread(
            target=lambda: answers.append(
                client.post("/api/v1/exchange/solve", json={"scenario": "abel-1962"}).status_code
            )
        )
        solving.start()
        assert inside.wait(30)
        other = client.get("/api/v1/exchange/scenarios")
        assert other.status_code == 200 and solving.is_alive()
        release.set()
        solving.join(30)
    assert answers == [200]
