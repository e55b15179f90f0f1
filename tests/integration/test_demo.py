"""The demo cases, as a new user meets them: `glienicke demo`, then `show`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import CliResult, run_cli

Cli = Callable[..., CliResult]


@pytest.fixture
def demo(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


def _show(cli: Cli, kind: str, key: str) -> dict[str, Any]:
    result = cli("show", kind, key, "--format", "json")
    assert result.code == 0, result.err
    view: dict[str, Any] = json.loads(result.out)
    return view


def test_demo_twice_changes_nothing(demo: Cli) -> None:
    assert "Nothing changed" in demo("demo").out


def test_gorin_proposal_shows_both_sides_and_its_conditions(demo: Cli) -> None:
    view = _show(demo, "proposal", "gorin-1941")
    assert [(i["person"], i["mechanism"]) for i in view["gives"]] == [("gorin", "probation")]
    got = {i.get("person") for i in view["gets"]}
    assert {"pyk", "roszkowski", "devenis", "habicht"} <= got
    gorin_item = view["gives"][0]["key"]
    assert any(c["item"] == gorin_item and "at once" in c["text"] for c in view["conditions"])
    assert view["proposal"]["sequencing"] == "we-first"


def test_gorin_proposal_shows_its_clearance_with_answers(demo: Cli) -> None:
    steps = _show(demo, "proposal", "gorin-1941")["clearance_steps"]
    assert {s["to_office"] for s in steps} >= {"us-president", "us-attorney-general"}
    assert all(s["state"] == "favourable" for s in steps)
    state_letter = [s for s in steps if s.get("answered_on") == "1941-03-20"]
    assert state_letter and state_letter[0]["answer_document"]


def test_gorin_commitments_two_kept_one_broken_and_relinked_one_late(demo: Cli) -> None:
    commitments = {
        c["person"]: c
        for c in _show(demo, "proposal", "gorin-1941")["commitments"]
        if c["party"] == "ussr"
    }
    assert commitments["pyk"]["status"] == "fulfilled" and not commitments["pyk"]["late"]
    assert commitments["roszkowski"]["status"] == "fulfilled"
    assert commitments["devenis"]["status"] == "fulfilled" and commitments["devenis"]["late"]
    assert commitments["devenis"]["fulfilled_on"] == "1942-05-06"
    habicht = commitments["habicht"]
    assert habicht["status"] == "broken"
    successor = {c["key"]: c for c in _show(demo, "proposal", "ovakimian-1941")["commitments"]}
    assert successor[habicht["relinked_to"]]["status"] == "fulfilled"


def test_gorin_person_shows_stage_history_and_sentence(demo: Cli) -> None:
    (detention,) = _show(demo, "person", "gorin")["detentions"]
    stages = [s["stage"] for s in detention["stages"]]
    assert stages.index("convicted") < stages.index("sentenced") < stages.index("on-probation")
    assert ("appeal-upheld", "1941-01-13") in [(s["stage"], s["date"]) for s in detention["stages"]]
    sentence = detention["sentence"]
    assert (sentence["term_months"], sentence["fine_amount"], sentence["fine_currency"]) == (
        72,
        10000,
        "USD",
    )
    text = demo("show", "person", "gorin").out
    assert "stage: on-probation" in text and "term_months: 72" in text


def test_ivanov_proposal_failed_at_the_concurrence_stage(demo: Cli) -> None:
    view = _show(demo, "proposal", "ivanov-1964")
    assert view["proposal"]["status"] == "rejected"
    dated = [
        (s.get("requested_on"), s.get("answer"), s.get("answered_on"))
        for s in view["clearance_steps"]
    ]
    assert ("1964-11-19", "non-concur", "1964-12-01") in dated
    assert any(s.get("requested_on") == "1964-12-08" for s in view["clearance_steps"])
    decision = [s for s in view["clearance_steps"] if s["kind"] == "decision"]
    assert decision[0]["decision"] == "unfavourable" and "1964-12-15" in decision[0]["answered_on"]
    against = [c for c in view["considerations"] if c["made_by"] == "katzenbach"]
    assert against and against[0]["stance"] == "against"


def test_rusk_letter_metadata(demo: Cli) -> None:
    documents = json.loads(demo("list", "documents", "--format", "json").out)
    (letter,) = [d for d in documents if d["date"] == "1964-11-19"]
    record = _show(demo, "document", letter["key"])["document"]
    assert record["classification"] == "confidential"
    assert record["file_designations"] == ["POL 23-6 USSR"]
    assert record["drafted_by"] == ["meeker"]
    assert record["cleared_with"] == ["thompson", "davis"]


def test_telegram_342_refers_to_550(demo: Cli) -> None:
    documents = json.loads(demo("list", "documents", "--format", "json").out)
    (telegram,) = [d for d in documents if d["kind"] == "telegram" and "342" in d["title"]]
    record = _show(demo, "document", telegram["key"])["document"]
    assert record["telegram_number"] == "342"
    assert record["references"][0]["number"] == "550"
    assert record["references"][0]["date"] == "1941-03-20T21:00"


@pytest.mark.parametrize(
    "key", ["gorin", "ivanov", "pyk", "roszkowski", "devenis", "habicht", "landerman", "ovakimian"]
)
def test_the_agreed_person_keys_exist(demo: Cli, key: str) -> None:
    assert _show(demo, "person", key)["person"]["key"] == key


def test_spelling_variants_are_kept_as_aliases(demo: Cli) -> None:
    assert "Rozhkovski" in _show(demo, "person", "roszkowski")["person"]["aliases"]


def test_demo_again_with_nobody_named_reloads_as_the_demo_records_officer(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GLIENICKE_DATABASE_URL", db_url)
    monkeypatch.delenv("GLIENICKE_USER", raising=False)
    first = run_cli(capsys, "demo")
    assert first.code == 0 and "demo-records" in first.err
    again = run_cli(capsys, "demo")
    assert again.code == 0, again.err
    assert "Nothing changed" in again.out


def test_demo_into_a_database_with_other_accounts_needs_a_name(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GLIENICKE_USER")
    refused = cli("demo")
    assert refused.code == 1
    assert "this database already has accounts: name one that may load datasets" in refused.err
