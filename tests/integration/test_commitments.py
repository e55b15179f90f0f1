"""Commitments end to end on the demo data, from the command line and the API: the Gorin ledger
(two kept, Mrs. Habicht's broken and made good under ovakimian-1941, Devenis's a year late), the
USSR's reliability, overdue detection on a day, every action and every refusal (which changes
nothing), and what a viewer outside a proposal's compartment sees of its commitments: nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from glienicke.domain.errors import NotFound
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, datasets, records
from glienicke.services.database import Database
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

# Later arrangements with the USSR (made up for the tests), and one outside the Gorin team's
# compartment, on top of the demo.
LATER = """
proposals:
  - key: exchange-1942
    title: A later exchange
    counterparts: [ussr]
    status: agreed
    opened_on: 1942-01-10
    items:
      - {key: release-devenis, side: get, kind: release, person: devenis}
      - {key: exit-habicht, side: get, kind: exit-permission, person: habicht}
  - key: second-1942
    title: A second arrangement
    counterparts: [ussr]
    status: agreed
    opened_on: 1942-03-01
    items:
      - {key: exit-habicht, side: get, kind: exit-permission, person: habicht}
      - {key: release-devenis, side: get, kind: release, person: devenis}
  - key: hidden-1941
    title: An arrangement for the inner team only
    counterparts: [ussr]
    status: agreed
    opened_on: 1941-01-05
    classification: confidential
    restricted_to: [ivanov-team]
    items:
      - {key: release-pyk, side: get, kind: release, person: pyk}
documents:
  - key: hidden-note
    kind: note
    title: A note on the inner arrangement
    proposals: [hidden-1941]
commitments:
  - key: exchange-1942-release-devenis
    proposal: exchange-1942
    party: ussr
    person: devenis
    act: release
    description: Free Dr. Devenis.
    due: 1942-02
    follow_ups: [{date: 1942-02-10, by: steinhardt, note: Raised with the Commissariat.}]
  - key: exchange-1942-exit-habicht
    proposal: exchange-1942
    party: ussr
    person: habicht
    act: exit-permission
    description: Let Mrs. Habicht leave.
    due: 1942-02
  - key: second-1942-exit-habicht
    proposal: second-1942
    party: ussr
    person: habicht
    act: exit-permission
    description: Let Mrs. Habicht leave at last.
    due: 1942-05
  - key: hidden-1941-release-pyk
    proposal: hidden-1941
    party: ussr
    person: pyk
    act: release
    description: Free Miss Pyk (inner arrangement).
    due: 1941-02
"""


@pytest.fixture
def demo(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


@pytest.fixture
def later(demo: Cli, db: Database, tmp_path: Path) -> Cli:
    path = tmp_path / "later.yaml"
    path.write_text(LATER)
    datasets.load_files(db, [path])
    return demo


def _json(result: CliResult) -> Any:
    assert result.code == 0, result.err
    return json.loads(result.out)


def _gorin_ledger(cli: Cli) -> dict[str, dict[str, Any]]:
    rows = _json(cli("commitments", "--proposal", "gorin-1941", "--state", "ussr", "-f", "json"))
    return {row["person"]: row for row in rows}


# --- the demo's ledger -------------------------------------------------------------------------


def test_the_gorin_commitments_two_kept_one_broken_and_relinked_one_a_year_late(demo: Cli) -> None:
    ledger = _gorin_ledger(demo)
    assert {person: row["outcome"]["outcome"] for person, row in ledger.items()} == {
        "pyk": "kept",
        "roszkowski": "kept",
        "habicht": "broken-then-kept",
        "devenis": "kept-late",
    }
    habicht = ledger["habicht"]
    assert habicht["status"] == "broken"
    assert habicht["relinked_to"] == "ovakimian-1941-exit-habicht"
    assert habicht["outcome"]["taken_over_by"] == ["ovakimian-1941-exit-habicht"]
    assert habicht["outcome"]["kept_under"] == "ovakimian-1941"
    assert habicht["outcome"]["fulfilled_on"] == "about 1941-07-15"
    devenis = ledger["devenis"]["outcome"]["lateness"]
    assert (devenis["days"], devenis["in_words"]) == (371, "about a year")


def test_the_text_listing_says_what_became_of_each(demo: Cli) -> None:
    result = demo("commitments", "--state", "ussr")
    assert result.code == 0, result.err
    assert "gorin-1941-exit-habicht: ussr (habicht), broken-then-kept" in result.out
    assert "taken over by ovakimian-1941-exit-habicht under ovakimian-1941 and kept" in result.out
    assert "about a year late" in result.out


def test_the_reliability_of_the_ussr_summarises_the_ledger(demo: Cli) -> None:
    figures = _json(demo("reliability", "ussr", "--by", "proposal", "-f", "json"))
    assert figures["summary"] == (
        "Union of Soviet Socialist Republics undertook 5 commitments: 3 kept on time, 1 kept"
        " late (on average about a year), 1 broken (later kept under another arrangement); 60%"
        " kept on time and 80% kept at all, of 5 settled."
    )
    assert [figures[k] for k in ("total", "kept", "late", "partly", "broken", "made_good")] == [
        5,
        3,
        1,
        0,
        1,
        1,
    ]
    assert (figures["on_time_rate"], figures["kept_rate"]) == (0.6, 0.8)
    assert [(p["period"], p["kept"], p["late"], p["broken"]) for p in figures["timeline"]] == [
        ("gorin-1941", 2, 1, 1),
        ("ovakimian-1941", 1, 0, 0),
    ]
    text = demo("reliability", "ussr")
    assert text.code == 0 and figures["summary"] in text.out


def test_reliability_as_it_stood_at_the_end_of_1941(demo: Cli) -> None:
    figures = _json(demo("reliability", "ussr", "--as-of", "1941-12-31", "-f", "json"))
    assert (figures["kept"], figures["pending"], figures["overdue"]) == (3, 1, 1)
    everyone = _json(demo("reliability", "-f", "json"))
    assert [f["party"] for f in everyone] == ["us", "ussr"]


def test_devenis_is_overdue_on_1_june_1941_and_not_on_1_june_1942(demo: Cli) -> None:
    [row] = _json(demo("commitments", "--overdue", "--as-of", "1941-06-01", "-f", "json"))
    assert (row["key"], row["status_as_of"], row["overdue"]["days_overdue"]) == (
        "gorin-1941-release-devenis",
        "pending",
        32,  # the end of April to 1 June
    )
    assert row["outcome"]["explanation"] == (
        "pending: due about 1941-04; overdue by 32 days on 1941-06-01"
    )
    assert _json(demo("commitments", "--overdue", "--as-of", "1942-06-01", "-f", "json")) == []
    text = demo("commitments", "--overdue", "--as-of", "1942-06-01")
    assert text.code == 0 and "No commitment overdue" in text.out


def test_the_status_filter_reads_the_status_on_the_day(demo: Cli) -> None:
    broken = _json(demo("commitments", "--status", "broken", "-f", "json"))
    assert [r["key"] for r in broken] == ["gorin-1941-exit-habicht"]
    pending = _json(
        demo("commitments", "--status", "pending", "--as-of", "1941-06-01", "-f", "json")
    )
    # The Ovakimian arrangement's were kept only in July.
    assert [r["key"] for r in pending] == [
        "gorin-1941-release-devenis",
        "ovakimian-1941-drop-charges",
        "ovakimian-1941-exit-habicht",
    ]


def test_the_api_gives_the_same_ledger_and_figures(
    demo: Cli, api: Callable[..., TestClient]
) -> None:
    client = api()
    overdue = client.get("/api/v1/commitments", params={"overdue": True, "as_of": "1941-06-01"})
    assert overdue.status_code == 200
    assert [r["key"] for r in overdue.json()] == ["gorin-1941-release-devenis"]
    listed = client.get("/api/v1/commitments", params={"proposal": "ovakimian-1941"}).json()
    assert {r["key"] for r in listed} == {
        "ovakimian-1941-drop-charges",
        "ovakimian-1941-exit-habicht",
    }
    figures = client.get("/api/v1/reliability/ussr", params={"by": "proposal"}).json()
    cli_figures = _json(demo("reliability", "ussr", "--by", "proposal", "-f", "json"))
    assert figures == cli_figures
    assert [f["party"] for f in client.get("/api/v1/reliability").json()] == ["us", "ussr"]


def test_unknown_filters_are_refused_by_name(demo: Cli, api: Callable[..., TestClient]) -> None:
    result = demo("commitments", "--state", "atlantis")
    assert result.code == 1 and "no state with key 'atlantis'" in result.err
    result = demo("commitments", "--proposal", "nothing-1900")
    assert result.code == 1 and "no proposal with key 'nothing-1900'" in result.err
    result = demo("reliability", "atlantis")
    assert result.code == 1 and "no state with key 'atlantis'" in result.err
    response = api().get("/api/v1/reliability/atlantis")
    assert response.status_code == 404


# --- actions, from the command line and the API ------------------------------------------------

PATHS = {"fulfil": "fulfilment", "press": "press", "break": "break", "waive": "waive"}


@dataclass
class Answer:
    ok: bool
    body: Any  # the JSON answer, or None when refused
    message: str  # what a refusal said


class Interface:
    """One action, through the command line or the API."""

    def __init__(self, how: str, cli: Cli, client: TestClient) -> None:
        self.how, self.cli, self.client = how, cli, client

    def __call__(self, action: str, key: str, **fields: Any) -> Answer:
        if self.how == "cli":
            args = ["commitment", action, key, "--format", "json"]
            for name, value in fields.items():
                flag = "--" + name.replace("_", "-")
                args += [flag] if value is True else [flag, str(value)]
            result = self.cli(*args)
            return Answer(
                result.code == 0, json.loads(result.out) if not result.code else None, result.err
            )
        response = self.client.post(
            f"/api/v1/commitments/{key}/{PATHS.get(action, action)}", json=fields
        )
        ok = response.status_code == 200
        body = response.json()
        message = "" if ok else json.dumps(body)
        return Answer(ok, body if ok else None, message)


@pytest.fixture(params=["cli", "api"])
def act(request: pytest.FixtureRequest, later: Cli, api: Callable[..., TestClient]) -> Interface:
    return Interface(request.param, later, api())


def _stored(db: Database, key: str) -> tuple[Any, int]:
    return records.get_versioned(db, "commitments", key)


def test_pressing_then_fulfilling_in_part_then_in_full(act: Interface, db: Database) -> None:
    key = "exchange-1942-release-devenis"
    pressed = act(
        "press",
        key,
        on="1942-03-01",
        by="steinhardt",
        note="Again.",
        document="telegram-342-1941-03",
    )
    assert pressed.ok, pressed.message
    assert [f["date"] for f in pressed.body["follow_ups"]] == ["1942-02-10", "1942-03-01"]
    assert pressed.body["follow_ups"][-1]["document"] == "telegram-342-1941-03"
    partly = act("fulfil", key, on="1942-04", note="Moved to a better camp.", partly=True)
    assert partly.ok and partly.body["status"] == "partly-fulfilled"
    done = act("fulfil", key, on="1942-05-06", evidence="telegram-342-1941-03")
    assert done.ok and done.body["status"] == "fulfilled"
    assert done.body["outcome"]["outcome"] == "kept-late"
    assert done.body["evidence_note"] == "Moved to a better camp."  # kept from the partial one
    stored, version = _stored(db, key)
    assert (stored.status.value, str(stored.fulfilled_on), version) == (
        "fulfilled",
        "1942-05-06",
        4,
    )


def test_breaking_then_relinking_to_another_proposals_commitment(
    act: Interface, db: Database
) -> None:
    broken = act("break", "exchange-1942-exit-habicht", on="1942-03", note="Refused outright.")
    assert broken.ok and broken.body["status"] == "broken"
    assert broken.body["outcome"]["outcome"] == "broken"
    relinked = act(
        "relink",
        "exchange-1942-exit-habicht",
        on="1942-03-05",
        to="second-1942-exit-habicht",
        note="Taken up again in the second arrangement.",
    )
    assert relinked.ok, relinked.message
    assert relinked.body["relinked_to"] == "second-1942-exit-habicht"
    assert relinked.body["outcome"]["explanation"].endswith("still pending there")
    successor = relinked.body["successor"]
    assert successor["follow_ups"][0]["note"] == (
        "Takes over exchange-1942-exit-habicht, broken under exchange-1942: Taken up again in"
        " the second arrangement."
    )
    assert act("fulfil", "second-1942-exit-habicht", on="1942-06-01", note="She left.").ok
    [row] = [
        r
        for r in _json(act.cli("commitments", "--proposal", "exchange-1942", "-f", "json"))
        if r["key"] == "exchange-1942-exit-habicht"
    ]
    assert (row["outcome"]["outcome"], row["outcome"]["kept_under"]) == (
        "broken-then-kept",
        "second-1942",
    )


def test_relinking_to_a_proposal_makes_its_successor(act: Interface, db: Database) -> None:
    assert act("break", "exchange-1942-release-devenis", on="1942-03", note="Refused.").ok
    relinked = act(
        "relink",
        "exchange-1942-release-devenis",
        on="1942-03-10",
        proposal="second-1942",
        due="1942-06",
    )
    assert relinked.ok, relinked.message
    successor = relinked.body["successor"]
    assert (successor["key"], successor["status"], successor["due"]) == (
        "second-1942-release-devenis",
        "pending",
        "1942-06",
    )
    stored, version = _stored(db, "second-1942-release-devenis")
    assert stored.person == "devenis" and version == 1


def test_waiving_a_commitment(act: Interface, db: Database) -> None:
    waived = act(
        "waive", "exchange-1942-exit-habicht", on="1942-04", note="She came home by way of Iran."
    )
    assert waived.ok and waived.body["outcome"]["outcome"] == "waived"
    assert _stored(db, "exchange-1942-exit-habicht")[0].follow_ups[-1].note == (
        "She came home by way of Iran."
    )


REFUSALS = [
    (
        "fulfil",
        "gorin-1941-no-such",
        {"on": "1941-05", "note": "x"},
        "no commitment with key 'gorin-1941-no-such'",
    ),
    (
        "fulfil",
        "gorin-1941-exit-habicht",
        {"on": "1941-05", "note": "x"},
        "was broken and taken over by ovakimian-1941-exit-habicht; act on that one",
    ),
    ("fulfil", "exchange-1942-exit-habicht", {"on": "1942-03"}, "say how we know it was done"),
    ("fulfil", "exchange-1942-exit-habicht", {"on": "1941-12"}, "say how we know it was done"),
    (
        "fulfil",
        "exchange-1942-exit-habicht",
        {"on": "1942-03", "evidence": "no-such-doc"},
        "there is no document 'no-such-doc'",
    ),
    (
        "fulfil",
        "exchange-1942-exit-habicht",
        {"on": "1942-03", "note": "x", "partly": True, "evidence": "hidden-note"},
        "there is no document 'hidden-note'",
    ),
    (
        "fulfil",
        "exchange-1942-exit-habicht",
        {"on": "1941-12-01", "note": "x"},
        "is before the commitment was undertaken (1942-01-10)",
    ),
    (
        "press",
        "exchange-1942-release-devenis",
        {"on": "1942-02-01"},
        "is before the last follow-up of commitment exchange-1942-release-devenis (1942-02-10)",
    ),
    ("press", "gorin-1941-release-pyk", {"on": "1941-05"}, "there is nothing to press for"),
    (
        "press",
        "exchange-1942-release-devenis",
        {"on": "1942-03", "by": "nobody"},
        "there is no person 'nobody'",
    ),
    ("press", "exchange-1942-release-devenis", {"on": "Tuesday"}, "Tuesday"),
    (
        "break",
        "gorin-1941-release-pyk",
        {"on": "1941-05", "note": "x"},
        "only a pending commitment can be broken",
    ),
    (
        "break",
        "exchange-1942-exit-habicht",
        {"on": "1942-03", "note": "  "},
        "say why the commitment is broken",
    ),
    (
        "waive",
        "ovakimian-1941-exit-habicht",
        {"on": "1941-08", "note": "x"},
        "only a pending commitment can be waived",
    ),
    (
        "relink",
        "exchange-1942-exit-habicht",
        {"on": "1942-03", "to": "second-1942-exit-habicht"},
        "is pending; record it as broken first",
    ),
    (
        "relink",
        "gorin-1941-exit-habicht",
        {"on": "1941-08", "to": "gorin-1941-release-pyk"},
        "already belongs to proposal gorin-1941; re-link it to a different arrangement",
    ),
    (
        "relink",
        "gorin-1941-exit-habicht",
        {"on": "1941-08", "to": "no-such-commitment"},
        "no commitment with key 'no-such-commitment'",
    ),
    (
        "relink",
        "gorin-1941-exit-habicht",
        {"on": "1941-08", "to": "hidden-1941-release-pyk"},
        "no commitment with key 'hidden-1941-release-pyk'",
    ),
    (
        "relink",
        "gorin-1941-exit-habicht",
        {"on": "1941-08"},
        "name either the commitment that takes this one over",
    ),
    (
        "relink",
        "gorin-1941-exit-habicht",
        {"on": "1942-04", "proposal": "no-such-proposal"},
        "no proposal with key 'no-such-proposal'",
    ),
]


def test_every_refused_action_says_why_and_changes_nothing(act: Interface, db: Database) -> None:
    watched = [
        "gorin-1941-exit-habicht",
        "gorin-1941-release-pyk",
        "ovakimian-1941-exit-habicht",
        "exchange-1942-exit-habicht",
        "exchange-1942-release-devenis",
        "second-1942-exit-habicht",
        "second-1942-release-devenis",
        "hidden-1941-release-pyk",
    ]
    before = {k: _maybe(db, k) for k in watched}
    outsider = _outsider(act, db)
    for action, key, fields, expected in REFUSALS:
        hidden = "hidden" in json.dumps(fields) or key.startswith("hidden")
        answer = (outsider if hidden else act)(action, key, **fields)
        assert not answer.ok, (action, key, fields)
        assert expected in answer.message, (action, key, fields, answer.message)
        assert {k: _maybe(db, k) for k in watched} == before, (action, key, fields)
    assert before["second-1942-release-devenis"] is None


def _maybe(db: Database, key: str) -> tuple[Any, int] | None:
    try:
        return _stored(db, key)
    except NotFound:
        return None


# --- access ------------------------------------------------------------------------------------


def _outsider_user(db: Database) -> None:
    if "gorin-only" not in {u.username for u in accounts.list_users(db)}:
        accounts.add_user(
            db,
            "gorin-only",
            "Gorin Team Negotiator",
            roles=["negotiator"],
            clearance="secret",
            groups=["gorin-team"],
        )


def _outsider(act: Interface, db: Database) -> Interface:
    """The same interface, acting as a negotiator outside the inner team."""
    _outsider_user(db)
    user = accounts.user_named(db, "gorin-only")
    with acting_as("test:gorin-only", "tests", Viewer.of(user)):
        _token, plain = accounts.create_token(db, "gorin-only", "tests")
    client = TestClient(act.client.app, headers={"Authorization": f"Bearer {plain}"})

    def cli(*args: str) -> CliResult:
        return act.cli("--as", "gorin-only", *args)

    return Interface(act.how, cli, client)


@pytest.fixture
def outsider(later: Cli, db: Database) -> Iterator[Cli]:
    _outsider_user(db)
    yield lambda *args: later("--as", "gorin-only", *args)


def test_the_tester_sees_the_inner_commitment_and_counts_it(later: Cli) -> None:
    keys = {r["key"] for r in _json(later("commitments", "-f", "json"))}
    assert "hidden-1941-release-pyk" in keys
    assert _json(later("reliability", "ussr", "-f", "json"))["total"] == 9


def test_an_outsider_sees_none_of_a_hidden_proposals_commitments(outsider: Cli) -> None:
    rows = _json(outsider("commitments", "-f", "json"))
    assert "hidden-1941-release-pyk" not in {r["key"] for r in rows}
    assert "hidden" not in json.dumps(rows)
    overdue = _json(outsider("commitments", "--overdue", "--as-of", "1941-06-01", "-f", "json"))
    assert [r["key"] for r in overdue] == ["gorin-1941-release-devenis"]
    figures = _json(outsider("reliability", "ussr", "-f", "json"))
    assert figures["total"] == 8 and "hidden" not in json.dumps(figures)
    result = outsider("commitments", "--proposal", "hidden-1941")
    assert result.code == 1 and "no proposal with key 'hidden-1941'" in result.err
    result = outsider("commitment", "press", "hidden-1941-release-pyk", "--on", "1941-03")
    assert result.code == 1 and "no commitment with key 'hidden-1941-release-pyk'" in result.err


def test_an_outsider_on_the_api_sees_none_of_them_either(
    later: Cli, db: Database, api: Callable[..., TestClient]
) -> None:
    client = _outsider(Interface("api", later, api()), db).client
    listed = client.get("/api/v1/commitments")
    assert listed.status_code == 200 and "hidden" not in listed.text
    figures = client.get("/api/v1/reliability/ussr").json()
    assert figures["total"] == 8
    refused = client.post(
        "/api/v1/commitments/hidden-1941-release-pyk/press", json={"on": "1941-03"}
    )
    assert refused.status_code == 404


def test_a_viewer_who_may_not_edit_proposals_is_refused(later: Cli, db: Database) -> None:
    accounts.add_user(db, "reader", "A Reader", roles=["case-officer"], clearance="secret")
    result = later(
        "--as", "reader", "commitment", "press", "exchange-1942-release-devenis", "--on", "1942-03"
    )
    assert result.code == 1 and "reader may not edit proposals" in result.err
    assert len(_stored(db, "exchange-1942-release-devenis")[0].follow_ups) == 1
