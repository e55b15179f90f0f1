"""Duty packs end to end: the duties of 22 U.S.C. 1732 on a case and the Levinson criteria of
a detention, through the services, the command line, the API and the case page; their
alarms, the urgency term of a determination, and what a viewer may not see."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from glienicke.domain.errors import NotFound, ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, duties, law
from glienicke.services.access import Forbidden
from glienicke.services.database import Database
from glienicke.web.app import create_app
from tests.conftest import CliResult, on_file
from tests.integration.conftest import MARK
from tests.integration.webclient import csrf_of, signed_in

Cli = Callable[..., CliResult]


def _owed(found: duties.CaseDuties, detention: str) -> duties.Owed:
    return next(o for o in found.owed if o.detention == detention)


def _line(owed: duties.Owed, step: str) -> duties.DutyLine:
    return next(line for line in owed.lines if line.step.key == step)


# --- the demo: what was done for Landerman and for the Americans of 1941 -------------------


def test_the_ivanov_case_shows_the_concurrence_history_as_the_means_tried(demo: Database) -> None:
    found = duties.duties_for_case(demo, "ivanov", date(1964, 12, 15))
    owed = _owed(found, "landerman")
    assert owed.applies and owed.via == "landerman" and owed.pack.key == "us-1732"
    means = _line(owed, "use-means")
    assert means.status.value == "discharged" and means.on == date(1964, 11, 19)
    assert means.document == "rusk-katzenbach-1964-11-19"
    assert "katzenbach-rusk-1964-12-01" in (means.note or "")
    assert "bundy-katzenbach-1964-12-15" in (means.note or "")
    # nothing on file says the reasons were asked: outstanding, and past its 7 days
    reasons = _line(owed, "demand-reasons")
    assert reasons.status.value == "outstanding" and reasons.alarm
    assert reasons.since == date(1964, 12, 1) and reasons.days_outstanding == 14
    # a step that waits on an outstanding one raises no alarm of its own
    release = _line(owed, "demand-release")
    assert release.waiting_on == "demand-reasons" and not release.alarm
    assert [(o.detention, line.step.key) for o, line in found.alarms] == [
        ("landerman", "demand-reasons")
    ]


def test_the_gorin_case_owes_the_duties_of_1732_for_the_americans_its_proposal_names(
    demo: Database,
) -> None:
    found = duties.duties_for_case(demo, "gorin", date(1941, 3, 25))
    assert [o.detention for o in found.owed] == ["devenis", "pyk", "roszkowski"]
    pyk = _owed(found, "pyk")
    assert pyk.applies and _line(pyk, "demand-release").document == "telegram-342-1941-03"
    # the clock of the means starts when the release was demanded
    means = _line(pyk, "use-means")
    assert means.since == date(1941, 3, 1) and not means.alarm
    later = _line(
        _owed(duties.duties_for_case(demo, "gorin", date(1941, 3, 31)), "pyk"), "use-means"
    )
    assert later.since == date(1941, 3, 1) and not later.alarm  # Pyk was released about April
    # before the Act of 1868 no duty pack applies
    early = duties.duties_for_case(demo, "gorin", date(1850, 1, 1))
    assert not _owed(early, "pyk").applies
    assert "1868-07-27" in (_owed(early, "pyk").why_not or "")


def test_the_levinson_criteria_do_not_apply_to_the_demo_detentions(demo: Database) -> None:
    for detention in ("landerman", "pyk"):
        found = duties.criteria_for_detention(demo, detention, date(2026, 1, 1))
        assert not found.applies and "2020-12-27" in (found.why_not or "")
        assert len(found.assessments) == 11
    with pytest.raises(ValidationFailed) as caught:
        duties.assess_criterion(demo, "landerman", 1, "met")
    assert "2020-12-27" in str(caught.value)
    with pytest.raises(ValidationFailed, match="home state"):
        duties.criteria_for_detention(demo, "ivanov-1963", date(1964, 12, 1))
        duties.assess_criterion(demo, "ivanov-1963", 1, "met")


def test_a_case_for_a_foreign_national_alone_owes_no_duty(demo: Database) -> None:
    assert duties.duties_for_case(demo, "ovakimian", date(1941, 7, 1)).owed == []
    with pytest.raises(ValidationFailed, match="no national of ours held abroad"):
        duties.record_duty(demo, "ovakimian", "demand-reasons", status="discharged", on="1941")


# --- recording duties --------------------------------------------------------------------


def test_recording_a_duty_is_audited_and_counts_from_its_date(demo: Database) -> None:
    found = duties.record_duty(
        demo,
        "ivanov",
        "demand-reasons",
        status="discharged",
        on="1964-12-02",
        document="katzenbach-rusk-1964-12-01",
        note="asked in Moscow",
    )
    line = _line(_owed(found, "landerman"), "demand-reasons")
    assert line.status.value == "discharged" and line.document == "katzenbach-rusk-1964-12-01"
    entry = audit.list_entries(demo, limit=1)[0]
    assert (entry.action, entry.kind, entry.key) == ("duty-recorded", "case", "ivanov")
    assert entry.detail["step"] == "demand-reasons" and entry.detail["detention"] == "landerman"
    # demand-release now counts from 2 December: 14 days allowed
    on_16th = duties.duties_for_case(demo, "ivanov", date(1964, 12, 16))
    assert not _line(_owed(on_16th, "landerman"), "demand-release").alarm
    on_17th = duties.duties_for_case(demo, "ivanov", date(1964, 12, 17))
    assert _line(_owed(on_17th, "landerman"), "demand-release").alarm
    # a record dated after the day judged does not count yet
    before = duties.duties_for_case(demo, "ivanov", date(1964, 12, 1))
    assert _line(_owed(before, "landerman"), "demand-reasons").status.value == "outstanding"


def test_a_bad_duty_is_refused_field_by_field_and_nothing_is_written(demo: Database) -> None:
    before = len(audit.list_entries(demo, limit=1000))
    with pytest.raises(ValidationFailed) as caught:
        duties.record_duty(
            demo, "ivanov", "ask-nicely", status="done", on="1964-13-01", document="no-such-doc"
        )
    where = {p.where for p in caught.value.problems}
    assert where == {"step", "status", "date", "document"}
    with pytest.raises(ValidationFailed) as caught:
        duties.record_duty(demo, "ivanov", "demand-reasons", status="discharged")
    assert [p.where for p in caught.value.problems] == ["date"]
    with pytest.raises(ValidationFailed) as caught:
        duties.record_duty(demo, "gorin", "demand-reasons", status="discharged", on="1941-03-01")
    assert "several nationals held abroad" in str(caught.value)
    assert len(audit.list_entries(demo, limit=1000)) == before


def test_a_deployment_sets_the_days_a_duty_may_stay_outstanding(
    demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("duties:\n  alarm_days:\n    steps:\n      demand-reasons: 30\n")
    monkeypatch.setenv("GLIENICKE_CONFIG", str(config))
    found = duties.duties_for_case(demo, "ivanov", date(1964, 12, 15))
    line = _line(_owed(found, "landerman"), "demand-reasons")
    assert line.allowed_days == 30 and not line.alarm
    bad = tmp_path / "bad.yaml"  # the configuration is read once per file
    bad.write_text("duties:\n  alarm_days:\n    steps:\n      demand-reasons: soon\n")
    monkeypatch.setenv("GLIENICKE_CONFIG", str(bad))
    with pytest.raises(ValidationFailed) as caught:
        duties.duty_config()
    assert "bad.yaml:4: duties.alarm_days.steps.demand-reasons" in str(caught.value)


# --- criteria and the determination, for a detention after 2020 ---------------------------


@pytest.fixture
def modern(demo: Database) -> Database:
    on_file(demo, "states", {"key": "xland", "name": "Xland"})
    on_file(demo, "persons", {"key": "doe", "name": "Jane Doe", "nationalities": ["us"]})
    on_file(
        demo,
        "detentions",
        {
            "key": "doe-2022",
            "person": "doe",
            "held_by": "xland",
            "since": "2022-01-10",
            "stages": [{"stage": "arrested", "date": "2022-01-10"}],
        },
    )
    on_file(
        demo,
        "cases",
        {
            "key": "doe",
            "title": "Jane Doe, held in Xland",
            "subjects": [{"person": "doe", "basis": "national", "detention": "doe-2022"}],
        },
    )
    on_file(
        demo,
        "documents",
        {"key": "doe-cable", "kind": "telegram", "title": "Embassy on Doe", "cases": ["doe"]},
    )
    return demo


def test_criteria_are_assessed_and_the_determination_refers_the_case(modern: Database) -> None:
    found = duties.assess_criterion(
        modern, "doe-2022", 2, "met", documents=["doe-cable"], note="no charge given"
    )
    assert found.applies
    second = found.assessments[1]
    assert second.finding is not None and second.finding.value == "met"
    assert second.documents == ["doe-cable"] and second.assessed_by == "test:tester"
    assert found.counts["met"] == 1 and found.counts["not assessed"] == 10
    made = duties.determine(modern, "doe-2022", "wrongfully-detained", "2022-06-01", by="Secretary")
    assert made.determination is not None
    assert made.determination.by == "Secretary"
    assert "Special Presidential Envoy for Hostage Affairs" in (made.determination.referral or "")
    kinds = [(e.action, e.kind, e.key) for e in audit.list_entries(modern, limit=2)]
    assert kinds == [
        ("determined", "detention", "doe-2022"),
        ("criterion-assessed", "detention", "doe-2022"),
    ]
    with pytest.raises(ValidationFailed) as caught:
        duties.assess_criterion(modern, "doe-2022", 12, "perhaps", documents=["nope"])
    assert {p.where for p in caught.value.problems} == {"number", "finding", "documents"}
    with pytest.raises(ValidationFailed) as caught:
        duties.determine(modern, "doe-2022", "hostage", "2019-01-01")
    assert "2020-12-27" in str(caught.value)


def test_the_determination_is_an_urgency_term_from_its_date(modern: Database) -> None:
    def terms(day: date) -> dict[str, float]:
        found = law.case_urgency(modern, day, "doe")
        return {t.name: t.points for t in found.terms} if found else {}

    duties.determine(modern, "doe-2022", "hostage", "2022-06-01")
    weight = law.law_config().weights.determined
    assert weight == 30
    assert terms(date(2022, 7, 1))["determined a hostage"] == weight
    assert "determined a hostage" not in terms(date(2022, 5, 1))
    ranked = {u.key: u for u in law.urgency(modern, date(2022, 7, 1))}
    assert "determined a hostage" in {t.name for t in ranked["doe"].terms}
    duties.determine(modern, "doe-2022", "neither", "2022-08-01")
    assert not {"determined a hostage", "determined wrongfully detained"} & set(
        terms(date(2022, 9, 1))
    )


# --- visibility ---------------------------------------------------------------------------


def test_a_hidden_case_or_detention_is_not_found(demo: Database) -> None:
    officer = Viewer.of(accounts.user_named(demo, "demo-officer"))  # not in ivanov-team
    with acting_as("test:officer", "tests", officer):
        for action in (
            lambda: duties.duties_for_case(demo, "ivanov", date(1964, 12, 1)),
            lambda: duties.record_duty(
                demo, "ivanov", "demand-reasons", status="discharged", on="1964-12-02"
            ),
            lambda: duties.criteria_for_detention(demo, "landerman", date(1964, 12, 1)),
            lambda: duties.assess_criterion(demo, "landerman", 1, "met"),
            lambda: duties.determine(demo, "landerman", "neither", "1964-12-01"),
        ):
            with pytest.raises(NotFound):
                action()
    guest = Viewer.of(accounts.user_named(demo, "demo-guest"))
    with acting_as("test:guest", "tests", guest), pytest.raises(Forbidden):
        duties.record_duty(demo, "gorin", "demand-reasons", status="discharged", on="1941")


def test_a_document_the_viewer_may_not_see_is_neither_offered_nor_shown(
    planted: Database, as_outsider: Database
) -> None:
    on_file(planted, "states", {"key": "xland", "name": "Xland"})
    on_file(
        planted, "detentions", {"key": "open-held", "person": "open-person", "held_by": "xland"}
    )
    with acting_as("test:tester", "tests", Viewer.of(accounts.user_named(planted, "tester"))):
        pass
    found = duties.criteria_for_detention(as_outsider, "open-held", date(2026, 1, 1))
    assert MARK not in json.dumps(duties.criteria_view(found))
    with pytest.raises(ValidationFailed, match="no document with key 'secret-doc'"):
        duties.determine(as_outsider, "open-held", "neither", "2026-01-01", document="secret-doc")


# --- the command line ---------------------------------------------------------------------


def test_the_commands_list_record_assess_and_determine(cli: Cli) -> None:
    assert cli("demo").code == 0
    listed = cli("duty", "list", "ivanov", "--as-of", "1964-12-15")
    assert listed.code == 0, listed.err
    assert "use-means: discharged on 1964-11-19; by rusk-katzenbach-1964-11-19" in listed.out
    assert "ALARM" in listed.out
    as_json = json.loads(cli("duty", "list", "ivanov", "--as-of", "1964-12-15", "-f", "json").out)
    assert as_json["alarms"] == 1 and as_json["owed"][0]["detention"] == "landerman"
    recorded = cli(
        "duty",
        "record",
        "ivanov",
        "report-to-congress",
        "--status",
        "not-applicable",
        "--date",
        "1964-12-20",
        "--note",
        "never reported",
    )
    assert recorded.code == 0, recorded.err
    assert "report-to-congress: not applicable on 1964-12-20" in recorded.out
    bad = cli("duty", "record", "ivanov", "demand-reasons", "--status", "discharged")
    assert bad.code == 1 and "error: date: give the date" in bad.err
    criteria = cli("criteria", "list", "landerman")
    assert criteria.code == 0 and "does not apply" in criteria.out and "2020-12-27" in criteria.out
    refused = cli("criteria", "assess", "landerman", "1", "--finding", "met")
    assert refused.code == 1 and "2020-12-27" in refused.err
    missing = cli("duty", "list", "no-such-case")
    assert missing.code == 1 and "no case with key 'no-such-case'" in missing.err


def test_the_commands_assess_and_determine_a_modern_detention(modern: Database, cli: Cli) -> None:
    assessed = cli(
        "criteria", "assess", "doe-2022", "3", "--finding", "unknown", "--document", "doe-cable"
    )
    assert assessed.code == 0, assessed.err
    assert "(3) unknown (by" in assessed.out and "documents doe-cable" in assessed.out
    made = cli(
        "criteria",
        "determine",
        "doe-2022",
        "--determination",
        "wrongfully-detained",
        "--date",
        "2022-05-01",
        "-f",
        "json",
    )
    assert made.code == 0, made.err
    assert json.loads(made.out)["determination"]["determination"] == "wrongfully-detained"


# --- the API ------------------------------------------------------------------------------


@pytest.fixture
def api(modern: Database) -> TestClient:
    user = accounts.user_named(modern, "demo-negotiator")
    with acting_as("test:negotiator", "tests", Viewer.of(user)):
        _token, plain = accounts.create_token(modern, "demo-negotiator", "duties")
    return TestClient(create_app(modern), headers={"Authorization": f"Bearer {plain}"})


def test_the_api_answers_and_records_duties_and_criteria(api: TestClient) -> None:
    listed = api.get("/api/v1/cases/ivanov/duties", params={"as_of": "1964-12-15"})
    assert listed.status_code == 200 and listed.json()["alarms"] == 1
    posted = api.post(
        "/api/v1/cases/doe/duties/demand-reasons",
        json={"status": "discharged", "date": "2022-01-12", "document": "doe-cable"},
    )
    assert posted.status_code == 200, posted.text
    assert posted.json()["owed"][0]["duties"][0]["document"] == "doe-cable"
    bad = api.post("/api/v1/cases/doe/duties/demand-reasons", json={"status": "discharged"})
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0]["where"] == "date"
    assessed = api.post(
        "/api/v1/detentions/doe-2022/criteria", json={"number": 9, "finding": "not-met"}
    )
    assert assessed.status_code == 200 and assessed.json()["criteria"][8]["finding"] == "not-met"
    made = api.post(
        "/api/v1/detentions/doe-2022/determination",
        json={"determination": "hostage", "date": "2022-03-01"},
    )
    assert made.status_code == 200 and made.json()["determination"]["determination"] == "hostage"
    shown = api.get("/api/v1/detentions/doe-2022/criteria").json()
    assert shown["applies"] and shown["counts"]["not-met"] == 1
    assert api.get("/api/v1/detentions/no-such/criteria").status_code == 404


# --- the case page ------------------------------------------------------------------------


def test_the_case_page_shows_the_duties_and_records_one(negotiator: TestClient) -> None:
    page = negotiator.get("/cases/ivanov", params={"as_of": "1964-12-15"})
    assert page.status_code == 200
    text = page.text
    assert 'id="duties-landerman"' in text and "Demand the reasons for the detention" in text
    assert "rusk-katzenbach-1964-11-19" in text and "alarm:" in text
    assert "Wrongful detention criteria: Peter Landerman" in text
    assert "Does not apply to detention landerman" in text and "27 December 2020" in text
    token = csrf_of(text)
    refused = negotiator.post(
        "/cases/ivanov/duties/demand-release",
        data={
            "csrf_token": token,
            "as_of": "1964-12-15",
            "detention": "landerman",
            "status": "discharged",
            "date": "1964-12-32",
            "note": "typed and kept",
        },
    )
    assert refused.status_code == 422
    assert "typed and kept" in refused.text and 'class="field-error"' in refused.text
    assert 'id="duty-landerman-demand-release-date" name="date" value="1964-12-32"' in refused.text
    done = negotiator.post(
        "/cases/ivanov/duties/demand-release",
        data={
            "csrf_token": token,
            "as_of": "1964-12-15",
            "detention": "landerman",
            "status": "discharged",
            "date": "1964-12-08",
            "document": "rusk-katzenbach-1964-12-08",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    again = negotiator.get(done.headers["location"]).text
    assert "The duty is recorded" in again


def test_the_case_page_assesses_criteria_and_records_a_determination(
    modern: Database, negotiator: TestClient
) -> None:
    page = negotiator.get("/cases/doe").text
    assert "Wrongful detention criteria: Jane Doe" in page and "Record the determination" in page
    token = csrf_of(page)
    assessed = negotiator.post(
        "/cases/doe/criteria",
        data={
            "csrf_token": token,
            "detention": "doe-2022",
            "number": "1",
            "finding": "met",
            "documents": ["doe-cable"],
            "note": "a witness",
        },
        follow_redirects=False,
    )
    assert assessed.status_code == 303, assessed.text
    refused = negotiator.post(
        "/cases/doe/determination",
        data={"csrf_token": token, "detention": "doe-2022", "determination": "hostage", "date": ""},
    )
    assert refused.status_code == 422 and "ive the date of the determination" in refused.text
    made = negotiator.post(
        "/cases/doe/determination",
        data={
            "csrf_token": token,
            "detention": "doe-2022",
            "determination": "wrongfully-detained",
            "date": "2022-04-01",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    shown = negotiator.get("/cases/doe").text
    assert "Determination:</strong> wrongfully detained" in shown
    assert "determined wrongfully detained" in shown  # the urgency term
    assert (
        negotiator.post(
            "/cases/doe/criteria",
            data={"csrf_token": token, "detention": "landerman", "number": "1", "finding": "met"},
        ).status_code
        == 404
    )


def test_a_reader_is_shown_the_duties_without_their_forms(demo: Database) -> None:
    guest = signed_in(demo, "demo-guest")
    page = guest.get("/cases/gorin", params={"as_of": "1941-03-25"}).text
    assert 'id="duties-pyk"' in page and "Record the duty" not in page
    assert "You may read this page but not record duties" in page


def test_the_audit_trail_tells_each_change_in_a_sentence(modern: Database) -> None:
    duties.record_duty(modern, "doe", "demand-reasons", status="discharged", on="2022-01-12")
    duties.assess_criterion(modern, "doe-2022", 4, "not-met")
    duties.determine(modern, "doe-2022", "neither", "2022-02-01", by="the Secretary")
    sentences = [audit.entry_sentence(e) for e in audit.list_entries(modern, limit=3)]
    assert "determined neither on 2022-02-01 by the Secretary" in sentences[0]
    assert "assessed criterion 4 (us-levinson) for detention doe-2022 as not met" in sentences[1]
    assert "recorded duty demand-reasons (us-1732) on case doe" in sentences[2]
    assert "as discharged on 2022-01-12" in sentences[2]


def test_the_yearly_statistics_count_a_determined_hostage_as_one(modern: Database) -> None:
    from glienicke.services import reports

    def category(year: int) -> str:
        _report, rows = reports.yearly_with_rows(modern, year)
        return next(r.category for r in rows if r.case == "doe")

    assert category(2022) == "other"
    duties.determine(modern, "doe-2022", "hostage", "2022-06-01")
    assert category(2022) == "hostage"
    # A detention keeps its latest determination: one made in 2023 is not known at 2022's end.
    duties.determine(modern, "doe-2022", "wrongfully-detained", "2023-02-01")
    assert category(2022) == "other"
    assert category(2023) == "wrongful detention"
