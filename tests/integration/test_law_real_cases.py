"""Issue 15, items 1-4, end to end on the demo's real cases and on datasets that use the new
facts: the command line, the API, the dashboard and the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from glienicke.domain.detention import Detention
from glienicke.services.database import Database
from tests.conftest import CliResult
from tests.integration.schema import migrate

Cli = Callable[..., CliResult]
LATER_LAW = ["rule35", "rule35-1966", "compassionate-release", "treaty-transfer", "early-removal"]


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_gorin_on_21_february_1941_lists_only_the_law_then_in_force(loaded: Cli) -> None:
    view = _json(loaded, "windows", "gorin", "--as-of", "1941-02-21")
    assert view["not_in_force"] == LATER_LAW
    keys = [m["key"] for m in view["mechanisms"]]
    assert not set(keys) & set(LATER_LAW)
    text = json.dumps(view)
    assert "Schick" not in text and "Rinaldi" not in text  # 1974 and 1977
    assert "Parole Commission" not in text  # from 1976
    shown = loaded("windows", "gorin", "--as-of", "1941-02-21").out
    assert "Not in force on 1941-02-21, so not evaluated: rule35, rule35-1966" in shown


def test_gorins_only_deadline_on_21_february_1941_is_probation_with_days(loaded: Cli) -> None:
    rows = _json(loaded, "deadlines", "--as-of", "1941-02-21")
    assert [(r["person"], r["mechanism"]) for r in rows if r["person"] == "gorin"] == [
        ("gorin", "probation")
    ]
    assert re.search(r"its clearance usually takes \d+ days;", rows[0]["message"])


def test_the_dashboard_shows_one_probation_alarm(demo: Database, negotiator: TestClient) -> None:
    page = negotiator.get("/", params={"as_of": "1941-02-21"})
    assert page.status_code == 200
    section = page.text.split('id="deadlines-heading"', 1)[1].split("</section>", 1)[0]
    assert section.count("Probation on condition of departure for") == 1
    assert section.count('class="alarm"') == 1 and "clearance-alarm" not in section
    assert "clearance alarm under" in section  # the proposal's alarm, on the window's line
    assert "usually takes 11 days" in section


def test_ivanov_on_19_november_1964_names_no_later_answer(loaded: Cli) -> None:
    view = _json(loaded, "windows", "ivanov", "--as-of", "1964-11-19")
    expulsion = next(m for m in view["mechanisms"] if m["key"] == "suspended-sentence-expulsion")
    assert expulsion["status"] == "not-yet"
    notes = " ".join(s["note"] or "" for s in expulsion["requires"])
    assert "declined" not in notes
    later = _json(loaded, "windows", "ivanov", "--as-of", "1964-12-20")
    expulsion = next(m for m in later["mechanisms"] if m["key"] == "suspended-sentence-expulsion")
    assert "declined" in " ".join(s["note"] or "" for s in expulsion["requires"])


def test_time_on_bail_is_not_counted_as_time_held(loaded: Cli) -> None:
    rows = _json(loaded, "urgency", "--as-of", "1941-02-21")
    gorin = next(r for r in rows if r["key"] == "gorin")
    (held,) = [t for t in gorin["terms"] if t["name"] == "time detained"]
    assert held["why"] == "gorin on bail since after 1939-03-20, after 0.3 years in custody"


FACTS = """glienicke_dataset: 1
states:
  - key: us
    name: United States
    treaties:
      - {kind: prisoner-transfer, with: mx, name: US-Mexico treaty, in_force_from: 1977-11-30}
  - {key: mx, name: Mexico}
  - {key: fr, name: France}
persons:
  - {key: plotter, name: A Plotter, nationalities: [mx]}
  - {key: clerk, name: A Clerk, nationalities: [mx]}
  - {key: abroad, name: Held Abroad}
detentions:
  - key: plotter-1999
    person: plotter
    held_by: us
    jurisdiction: federal
    charges:
      - offence: conspiracy to kill nationals of the United States
        committed_on: 1998
        violent: true
        max_penalty: life
    stages:
      - {stage: arrested, date: 1999-01-10}
      - {stage: convicted, date: 1999-06-01}
      - {stage: sentenced, date: 1999-07-01}
      - {stage: serving, date: 1999-07-15}
    sentence: {term_months: 240, imposed_on: 1999-07-01, credited_from: 1999-01-10}
  - key: clerk-1999
    person: clerk
    held_by: us
    charges:
      - {offence: fraud, violent: false, max_term_months: 60}
    stages:
      - {stage: arrested, date: 1999-01-10}
      - {stage: released-to-ambassador, date: 1999-01-20}
      - {stage: convicted, date: 1999-06-01}
      - {stage: sentenced, date: 1999-07-01}
      - {stage: serving, date: 1999-07-15}
    sentence: {term_months: 36, imposed_on: 1999-07-01}
  - key: abroad-1999
    person: abroad
    held_by: fr
    stages:
      - {stage: arrested, date: 1999-02-01}
"""


@pytest.fixture
def facts(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    result = cli("load", str(path))
    assert result.code == 0, result.err
    return cli


def _windows(cli: Cli, person: str, day: str) -> dict[str, dict[str, Any]]:
    view = _json(cli, "windows", person, "--as-of", day)
    return {m["key"]: m for m in view["mechanisms"]}


def test_the_new_facts_are_kept_and_read_back(facts: Cli) -> None:
    dumped = _json(facts, "dump")
    plotter = next(d for d in dumped["detentions"] if d["key"] == "plotter-1999")
    assert plotter["jurisdiction"] == "federal"
    assert plotter["charges"][0] == {
        "offence": "conspiracy to kill nationals of the United States",
        "committed_on": "1998",
        "violent": True,
        "max_penalty": "life",
    }
    assert plotter["sentence"]["credited_from"] == "1999-01-10"
    clerk = next(d for d in dumped["detentions"] if d["key"] == "clerk-1999")
    assert clerk["charges"][0]["violent"] is False
    assert clerk["stages"][1]["stage"] == "released-to-ambassador"
    us = next(s for s in dumped["states"] if s["key"] == "us")
    assert us["treaties"] == [
        {
            "kind": "prisoner-transfer",
            "with": "mx",
            "name": "US-Mexico treaty",
            "in_force_from": "1977-11-30",
        }
    ]


def test_early_removal_is_closed_for_the_conspiracy_to_kill(facts: Cli) -> None:
    plotter = _windows(facts, "plotter", "2001-01-01")
    assert plotter["early-removal"]["status"] == "closed"
    assert "the offence is one of violence" in plotter["early-removal"]["explanation"]
    assert plotter["treaty-transfer"]["status"] == "open"  # a treaty joins the US and Mexico
    # the credit for custody since the arrest brings the end of the term forward
    assert plotter["compassionate-release"]["closes"]["date"] == "2019-01-10"
    clerk = _windows(facts, "clerk", "2001-01-01")
    assert clerk["early-removal"]["status"] == "open"


def test_without_a_treaty_transfer_is_closed(facts: Cli, tmp_path: Path) -> None:
    path = tmp_path / "no-treaty.yaml"
    path.write_text(
        "glienicke_dataset: 1\nstates:\n  - {key: us, name: United States}\n",
        encoding="utf-8",
    )
    assert facts("load", str(path)).code == 0
    plotter = _windows(facts, "plotter", "2001-01-01")
    assert plotter["treaty-transfer"]["status"] == "closed"
    assert "no prisoner-transfer treaty" in plotter["treaty-transfer"]["explanation"]


def test_an_unknown_holding_state_is_one_clear_line(facts: Cli) -> None:
    result = facts("windows", "abroad", "--as-of", "2001-01-01")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "detention abroad-1999: no law pack knows the holding state 'fr'" in result.err


def test_deadlines_say_who_they_leave_out_and_why(facts: Cli) -> None:
    text = facts("deadlines", "--as-of", "2001-01-01").out
    assert "Left out: abroad (abroad-1999): detention abroad-1999: no law pack knows" in text
    as_json = facts("deadlines", "--as-of", "2001-01-01", "--format", "json")
    assert all(row["person"] != "abroad" for row in json.loads(as_json.out))
    assert "Left out: abroad (abroad-1999)" in as_json.err


def test_a_stage_after_the_release_is_refused_at_load(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "impossible.yaml"
    path.write_text(
        "glienicke_dataset: 1\nstates: [{key: us, name: United States}]\n"
        "persons: [{key: p, name: P}]\ndetentions:\n  - key: p-1950\n    person: p\n"
        "    held_by: us\n    stages:\n      - {stage: arrested, date: 1950-01-10}\n"
        "      - {stage: released, date: 1950-03-01}\n"
        "      - {stage: arrested, date: 1950-05-01}\n",
        encoding="utf-8",
    )
    result = cli("load", str(path))
    assert result.code == 1
    assert "stages[2].stage" in result.err
    assert "stage 'arrested' cannot follow 'released' (1950-03-01)" in result.err
    assert cli("dump", "--format", "json").out.count("p-1950") == 0  # nothing half filed


def test_migration_0016_keeps_every_stage_charge_and_sentence(demo: Database) -> None:
    def counted() -> dict[str, int]:
        with demo.reading() as repo:
            held = repo.all(Detention)
        return {
            "stages": sum(len(d.stages) for d in held),
            "charges": sum(len(d.charges) for d in held),
            "sentences": sum(d.sentence is not None for d in held),
        }

    before = counted()
    assert before["stages"] and before["charges"] and before["sentences"]
    migrate(demo.engine, "0013", down=True)
    migrate(demo.engine, "head")
    assert counted() == before


LATER_RULE = """glienicke_dataset: 1
proposals:
  - key: gorin-rule35-1941
    title: A reduction of Gorin's sentence under a rule not yet made
    counterparts: [ussr]
    opened_on: 1941-02-21
    cases: [gorin]
    items:
      - {key: reduce-gorin, side: give, kind: release, person: gorin, mechanism: rule35}
"""


def test_a_proposal_cannot_use_a_mechanism_not_yet_in_force(loaded: Cli, tmp_path: Path) -> None:
    path = tmp_path / "later-rule.yaml"
    path.write_text(LATER_RULE, encoding="utf-8")
    assert loaded("load", str(path)).code == 0
    result = loaded("proposal", "plan", "gorin-rule35-1941", "--save")
    assert result.code == 1
    assert "item reduce-gorin" in result.err
    assert "mechanism 'rule35' of law pack us-federal-1925-1987 was not in force on 1941-02-21" in (
        result.err
    )
