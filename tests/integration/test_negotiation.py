"""The demo's two clearances made again, live, from a draft: Ivanov's from the command line and
the API to rejection, Gorin's to approval and agreement; every refused move changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from glienicke.services.datasets import demo_source
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
COMPARED = (
    "kind", "from_office", "to_office", "item", "requirement", "phase", "requested_on",
    "request_document", "escalates", "answer", "decision", "answered_on", "answered_by",
    "reasons", "answer_document",
)  # fmt: skip


def _demo() -> dict[str, Any]:
    data: dict[str, Any] = demo_source().data
    return data


def _recorded_steps(proposal: str) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in _demo()["clearance_steps"] if s["proposal"] == proposal}


@pytest.fixture
def fresh(cli: Cli, tmp_path: Path) -> Callable[[str], Cli]:
    """The demo with one proposal back at draft: none of its steps or commitments on record."""

    def make(proposal: str) -> Cli:
        data = _demo()
        data["clearance_steps"] = [s for s in data["clearance_steps"] if s["proposal"] != proposal]
        data["commitments"] = [c for c in data["commitments"] if c["proposal"] != proposal]
        for p in data["proposals"]:
            if p["key"] == proposal:
                p["status"] = "draft"
        path = tmp_path / "draft.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        loaded = cli("load", str(path))
        assert loaded.code == 0, loaded.err
        return cli

    return make


def _ok(result: CliResult) -> CliResult:
    assert result.code == 0, result.err
    return result


def _refused(result: CliResult, *words: str) -> None:
    assert result.code == 1, result.out
    for word in words:
        assert word in result.err


def _steps(cli: Cli, proposal: str) -> dict[str, dict[str, Any]]:
    view = json.loads(_ok(cli("proposal", "plan", proposal, "-f", "json")).out)
    return {s["key"]: s for e in view["steps"] for s in e["steps"]}


def _status(cli: Cli, proposal: str) -> str:
    view = json.loads(_ok(cli("proposal", "plan", proposal, "-f", "json")).out)
    status: str = view["status"]
    return status


def _same_as_recorded(cli: Cli, proposal: str) -> None:
    live, recorded = _steps(cli, proposal), _recorded_steps(proposal)
    assert sorted(live) == sorted(recorded)
    for key, step in recorded.items():
        for name in COMPARED:
            want = step.get(name)
            if name == "phase":
                want = want or "clearance"
            assert live[key][name] == (None if want is None else str(want).strip()), (key, name)


def test_ivanov_replays_to_rejection_from_the_command_line(fresh: Callable[[str], Cli]) -> None:
    cli = fresh("ivanov-1964")
    steps = _recorded_steps("ivanov-1964")
    first, renewed, president = (
        steps["ivanov-1964-justice-concurrence"],
        steps["ivanov-1964-justice-concurrence-renewed"],
        steps["ivanov-1964-us-president-decision"],
    )
    _ok(cli("proposal", "plan", "ivanov-1964", "--save", "--phase", "clearance"))
    _ok(cli("proposal", "request", "ivanov-1964", "ivanov-1964-justice-concurrence",
            "--on", "1964-11-19", "--document", "rusk-katzenbach-1964-11-19"))  # fmt: skip
    assert _status(cli, "ivanov-1964") == "in-clearance"
    _refused(
        cli("proposal", "advance", "ivanov-1964", "approved", "--on", "1964-11-20"),
        "ivanov-1964-justice-concurrence",
        "awaits an answer",
    )
    _refused(
        cli("proposal", "answer", "ivanov-1964", "--office", "us-president", "--answer",
            "non-concur", "--on", "1964-12-01"),
        "us-president was not asked",
    )  # fmt: skip
    _ok(cli("proposal", "answer", "ivanov-1964", "--office", "us-attorney-general",
            "--answer", "non-concur", "--on", "1964-12-01", "--by", "katzenbach",
            "--reasons", first["reasons"].strip(), "--document", first["answer_document"]))  # fmt: skip
    _ok(cli("proposal", "escalate", "ivanov-1964", "ivanov-1964-justice-concurrence",
            "--to", "us-attorney-general", "--on", "1964-12-08",
            "--document", renewed["request_document"]))  # fmt: skip
    _refused(
        cli("proposal", "advance", "ivanov-1964", "rejected", "--on", "1964-12-09"),
        "no answer on record refuses it",
    )
    _ok(cli("proposal", "escalate", "ivanov-1964", "ivanov-1964-justice-concurrence-renewed",
            "--to", "us-president", "--kind", "decision", "--from",
            "us-national-security-adviser", "--on", "about 1964-12-15"))  # fmt: skip
    _refused(
        cli("proposal", "answer", "ivanov-1964", "--office", "us-president", "--answer",
            "concur", "--on", "about 1964-12-15"),
        "answer 'decided'",
    )  # fmt: skip
    _ok(cli("proposal", "answer", "ivanov-1964", "--office", "us-president", "--answer",
            "decided", "--decision", "unfavourable", "--on", "about 1964-12-15", "--by",
            "johnson", "--reasons", president["reasons"].strip(), "--document",
            president["answer_document"]))  # fmt: skip
    _ok(cli("proposal", "advance", "ivanov-1964", "rejected", "--on", "about 1964-12-15"))
    assert _status(cli, "ivanov-1964") == "rejected"
    _same_as_recorded(cli, "ivanov-1964")
    _refused(
        cli("proposal", "advance", "ivanov-1964", "approved", "--on", "1964-12-20"),
        "it is final",
    )


def test_gorin_replays_to_approval_and_agreement(fresh: Callable[[str], Cli]) -> None:
    cli = fresh("gorin-1941")
    r = {k.removeprefix("gorin-1941-"): v for k, v in _recorded_steps("gorin-1941").items()}
    plan = json.loads(
        _ok(cli("proposal", "plan", "gorin-1941", "--save", "-f", "json",
                "--office", "us-attorney-recommendation=us-attorney-los-angeles",
                "--office", "decider=us-district-court")).out
    )  # fmt: skip
    item = next(i for i in plan["items"] if i["item"] == "release-gorin")
    assert item["alarm"] and item["days_left"] == 2 and item["lead_days"] == 11

    def request(step: str, on: str, by: str) -> CliResult:
        return cli("proposal", "request", "gorin-1941", f"gorin-1941-{step}", "--on", on,
                   "--from", by)  # fmt: skip

    def answer(office: str, step: str, *extra: str) -> None:
        rec = r[step]
        args = ["--answer", rec["answer"], "--on", str(rec["answered_on"])]
        for name in ("reasons", "answered_by", "answer_document", "decision"):
            if rec.get(name):
                flag = {"answered_by": "--by", "answer_document": "--document"}.get(
                    name, f"--{name}"
                )
                args += [flag, str(rec[name]).strip()]
        _ok(cli("proposal", "answer", "gorin-1941", "--office", office, *args, *extra))

    _ok(
        request(
            "state-foreign-policy-statement", "before 1941-02-21", "us-justice-criminal-division"
        )
    )
    assert _status(cli, "gorin-1941") == "in-clearance"
    _ok(cli("proposal", "ask", "gorin-1941", "--kind", "consultation", "--to", "us-president",
            "--on", "before 1941-03-20"))  # fmt: skip
    _ok(request("us-attorney-recommendation", "1941-03", "us-attorney-general"))
    answer("us-attorney-los-angeles", "us-attorney-recommendation")
    _ok(request("justice-approval", "1941-03", "us-attorney-los-angeles"))
    answer("us-president", "us-president-consultation")
    _refused(
        cli("proposal", "advance", "gorin-1941", "approved", "--on", "1941-03-19"),
        "gorin-1941-state-foreign-policy-statement",
    )
    answer("us-secretary-of-state", "state-foreign-policy-statement")
    _refused(
        request("probation-order", "about 1941-03-24", "us-attorney-los-angeles"),
        "only on an approved proposal",
        "gorin-1941-justice-approval",
    )
    _ok(cli("proposal", "advance", "gorin-1941", "approved", "--on", "1941-03-20",
            "--document", "state-justice-letter-1941-03-20"))  # fmt: skip
    answer("us-attorney-general", "justice-approval")
    _ok(request("probation-order", "about 1941-03-24", "us-attorney-los-angeles"))
    answer("us-district-court", "probation-order")
    _same_as_recorded(cli, "gorin-1941")

    _refused(cli("proposal", "advance", "gorin-1941", "agreed", "--on", "1941-03-21"), "approved")
    _ok(cli("proposal", "advance", "gorin-1941", "communicated", "--on", "1941-03-21",
            "--document", "telegram-342-1941-03"))  # fmt: skip
    _ok(cli("proposal", "advance", "gorin-1941", "agreed", "--on", "1941-03-21"))
    made = json.loads(_ok(cli("proposal", "show", "gorin-1941", "-f", "json")).out)["commitments"]
    assert sorted((c["party"], c["person"] or "") for c in made) == [
        ("us", "gorin"),
        ("ussr", ""),
        ("ussr", "devenis"),
        ("ussr", "habicht"),
        ("ussr", "habicht-children"),
        ("ussr", "pyk"),
        ("ussr", "roszkowski"),
    ]
    _ok(cli("proposal", "advance", "gorin-1941", "executing", "--on", "1941-03-24"))
    _refused(
        cli("proposal", "advance", "gorin-1941", "completed", "--on", "1941-04-30"),
        "commitment gorin-1941-release-pyk is pending",
    )


def test_the_demo_record_replays_consistently(cli: Cli) -> None:
    _ok(cli("demo"))
    ivanov = json.loads(_ok(cli("proposal", "replay", "ivanov-1964", "-f", "json")).out)
    assert ivanov["consistent"] and ivanov["reached"] == "rejected"
    assert [m["action"] for m in ivanov["moves"]] == [
        "submit", "request", "answer", "escalate", "escalate", "answer", "reject",
    ]  # fmt: skip
    gorin = json.loads(_ok(cli("proposal", "replay", "gorin-1941", "-f", "json")).out)
    assert gorin["consistent"] and gorin["reached"] == "approved"
    approve = next(m for m in gorin["moves"] if m["action"] == "approve")
    assert approve["date"] == "1941-03-20"


def test_ivanov_replays_through_the_api(
    fresh: Callable[[str], Cli], api: Callable[..., Any]
) -> None:
    fresh("ivanov-1964")
    client = api()
    base = "/api/v1/proposals/ivanov-1964"
    steps = _recorded_steps("ivanov-1964")
    assert client.post(f"{base}/plan", json={"phase": "clearance"}).status_code == 200
    asked = client.post(
        f"{base}/steps/ivanov-1964-justice-concurrence/request",
        json={"on": "1964-11-19", "document": "rusk-katzenbach-1964-11-19"},
    )
    assert asked.status_code == 200, asked.text
    refused = client.post(f"{base}/advance", json={"to": "approved", "on": "1964-11-20"})
    assert refused.status_code == 422
    assert "ivanov-1964-justice-concurrence" in refused.text
    first = steps["ivanov-1964-justice-concurrence"]
    assert client.post(f"{base}/answers", json={
        "office": "us-attorney-general", "answer": "non-concur", "on": "1964-12-01",
        "by": "katzenbach", "reasons": first["reasons"].strip(),
        "document": first["answer_document"]}).status_code == 200  # fmt: skip
    renewed = client.post(
        f"{base}/steps/ivanov-1964-justice-concurrence/escalate",
        json={"to_office": "us-attorney-general", "on": "1964-12-08",
              "document": "rusk-katzenbach-1964-12-08"},
    )  # fmt: skip
    assert renewed.status_code == 201 and renewed.json()["key"].endswith("-renewed")
    decision = client.post(
        f"{base}/steps/ivanov-1964-justice-concurrence-renewed/escalate",
        json={"to_office": "us-president", "kind": "decision", "on": "about 1964-12-15",
              "from_office": "us-national-security-adviser"},
    )  # fmt: skip
    assert decision.json()["key"] == "ivanov-1964-us-president-decision"
    president = steps["ivanov-1964-us-president-decision"]
    assert client.post(f"{base}/answers", json={
        "office": "us-president", "answer": "decided", "decision": "unfavourable",
        "on": "about 1964-12-15", "by": "johnson", "reasons": president["reasons"].strip(),
        "document": president["answer_document"]}).status_code == 200  # fmt: skip
    done = client.post(f"{base}/advance", json={"to": "rejected", "on": "about 1964-12-15"})
    assert done.json() == {"key": "ivanov-1964", "status": "rejected"}
    replayed = client.get(f"{base}/replay").json()
    assert replayed["consistent"] and replayed["reached"] == "rejected"
    overview = client.get(f"{base}/overview").json()
    assert overview["clearance"]["refused_by"] == ["ivanov-1964-us-president-decision"]


def test_an_item_by_a_closed_mechanism_is_refused(cli: Cli) -> None:
    _ok(cli("demo"))
    # Gorin's sentence was imposed in 1939: a plea bargain can no longer shape it.
    result = cli("proposal", "plan", "gorin-1941", "--as-of", "1941-02-21", "-f", "json")
    assert _ok(result)
    view = json.loads(result.out)
    assert all(not i["refused"] for i in view["items"])
    _ok(cli("load", str(Path(__file__).parent.parent / "fixtures" / "plea.yaml")))
    refused = cli("proposal", "plan", "gorin-plea-1941", "--save")
    _refused(refused, "item plea-gorin", "a plea bargain is carried out at sentencing")
    unknown = cli("proposal", "plan", "gorin-unknown-1941", "--save")
    _refused(unknown, "mechanism 'amnesty' is not in law pack us-federal-1925-1987")
