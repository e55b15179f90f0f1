"""Creating and editing records on the pages (issue 15, items 9, 11 and 14): persons,
detentions with their stages and sentence, proposals with their items, conditions and
sequencing, and the arguments on record, each chosen from lists of what the user may see and
written through the same services as the API; bad input answered beside its field; unknown
addresses answered by the site's own page; a finished proposal shows nothing left to do."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from fastapi.testclient import TestClient

from glienicke.dataset.files import parse_text
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, datasets, records
from glienicke.services.database import Database
from tests.integration.webclient import csrf_of, signed_in


def send(client: TestClient, path: str, page: str, **fields: Any) -> tuple[int, str, str]:
    """A form sent with its page's token: (status, where it led, the page it shows)."""
    answer = client.post(path, data={"csrf_token": csrf_of(page), **fields}, follow_redirects=False)
    if answer.status_code == 303:
        location = answer.headers["location"]
        shown = client.get(location.split("#")[0])
        assert shown.status_code == 200, location
        return 303, location, shown.text
    return answer.status_code, "", answer.text


def beside(page: str, form: str, name: str) -> str:
    """The problem shown beside a field, which the field points to."""
    field = re.search(rf'<(?:input|select|textarea) id="{form}-{name}"[^>]*>', page)
    assert field is not None, f"no field {form}-{name}"
    assert 'aria-invalid="true"' in field.group(0), field.group(0)
    found = re.search(rf'<p class="field-error" id="{form}-{name}-error">([^<]+)</p>', page)
    assert found is not None, f"nothing beside {form}-{name}"
    return unescape(found.group(1))


def options(page: str, field_id: str) -> list[str]:
    """The values a select offers."""
    found = re.search(rf'<select id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None, f"no select {field_id}"
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def version(page: str, action: str) -> str:
    form = re.search(rf'action="{re.escape(action)}".*?name="version" value="(\d+)"', page, re.S)
    assert form is not None, action
    return form.group(1)


# --- persons -----------------------------------------------------------------------------------


def test_a_person_is_added_and_edited_choosing_nationalities_from_the_list(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/new").text
    assert {"us", "ussr"} <= set(options(page, "person-nationalities"))
    assert '<input id="person-nationalities"' not in page  # chosen, never typed
    status, to, shown = send(
        officer, "/persons", page, name="Anna Novak", nationalities=["us", "ussr"],
        aliases="Anna Nowak\nA. Novak", birth_year="1921", affiliations="Intourist, clerk",
    )  # fmt: skip
    made = re.fullmatch(r"/persons/(anna-novak-[a-z2-9]{4})\?done=created", to)
    assert status == 303 and made is not None, to  # the key asked for and an ending (issue 19)
    anna = made.group(1)
    assert "The person is on file." in shown and "Anna Nowak; A. Novak" in shown
    stored, _ = records.get_versioned(demo, "persons", anna)
    assert stored.nationalities == ["us", "ussr"] and stored.birth_year == 1921
    assert stored.affiliations[0].organisation == "Intourist"

    action = f"/persons/{anna}/edit"
    status, _to, shown = send(
        officer, action, shown, name="Anna M. Novak", nationalities=["us"],
        version=version(shown, action), affiliations="Intourist, clerk",
    )  # fmt: skip
    assert status == 303 and "The person is saved." in shown
    stored, now = records.get_versioned(demo, "persons", anna)
    assert stored.name == "Anna M. Novak" and stored.nationalities == ["us"] and now == 2
    # the footer names the product's version, not the record's
    assert "Glienicke 0." in shown.split('class="foot')[1]

    # A relative is chosen from the people the officer may see.
    page = officer.get(f"/persons/{anna}").text
    relatives = options(page, "relative-person")
    assert "gorin" in relatives and anna not in relatives
    assert "ivanov" not in relatives  # outside the officer's compartment
    status, _to, shown = send(
        officer, f"/persons/{anna}/relatives", page, relation="spouse", person="gorin",
        version=version(page, f"/persons/{anna}/relatives"),
    )  # fmt: skip
    assert status == 303 and 'href="/persons/gorin"' in shown.split("Family")[1]


def test_an_edit_made_on_an_old_version_is_refused_with_the_input_kept(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/pyk").text
    old = version(page, "/persons/pyk/edit")
    status, _to, _shown = send(
        officer, "/persons/pyk/edit", page, name="Irena Pyk", version=old, nationalities=["us"]
    )
    assert status == 303
    status, _to, again = send(
        officer, "/persons/pyk/edit", page, name="Irena Pik", version=old, nationalities=["us"]
    )
    assert status == 409 and "Someone else saved this record" in unescape(again)
    assert 'value="Irena Pik"' in again


def test_a_bad_key_an_over_long_name_and_a_bad_year_are_answered_beside_their_fields(
    demo: Database,
) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/new").text
    status, _to, again = send(officer, "/persons", page, name="x" * 401, notes="kept")
    assert status == 422 and "at most 400" in beside(again, "person", "name")
    assert ">kept</textarea>" in again and again.startswith("<!doctype html>")
    status, _to, again = send(officer, "/persons", page, name="Y", key="not a key")
    assert status == 422 and "is not a key" in beside(again, "person", "key")
    status, _to, again = send(officer, "/persons", page, name="Y", birth_year="soon")
    assert status == 422 and "not a whole number" in beside(again, "person", "birth_year")
    assert records.list_stored(demo, "persons") == records.list_stored(demo, "persons")
    assert "y" not in {p.key for p in records.list_stored(demo, "persons")}


def test_a_key_already_taken_is_refused_on_the_form(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/new").text
    status, _to, again = send(officer, "/persons", page, name="Gorin again", key="gorin")
    assert status == 409 and "gorin" in again and 'value="Gorin again"' in again


# --- detentions --------------------------------------------------------------------------------


def test_a_detention_is_recorded_with_its_sentence_and_its_stages(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/pyk").text
    assert "ussr" in options(page, "detention-held_by")
    status, to, shown = send(
        officer, "/persons/pyk/detentions", page, held_by="ussr", since="about 1939",
        place="Moscow", charges="espionage; art. 58-6",
    )  # fmt: skip
    assert status == 303 and to.startswith("/persons/pyk?done=detention"), (status, to, shown)
    [det] = [d.key for d in records.list_stored(demo, "detentions") if d.key.startswith("pyk-1939")]
    held, _ = records.get_versioned(demo, "detentions", det)
    assert held.held_by == "ussr" and held.charges[0].statute == "art. 58-6"

    stage = f"/detentions/{det}/stages"
    status, _to, again = send(officer, stage, shown, stage="serving", date="1939-05")
    assert status == 422 and "needs an earlier" in beside(again, f"stage-{det}", "stage")
    assert 'value="1939-05"' in again
    status, _to, shown = send(officer, stage, again, stage="arrested", date="1939-02")
    assert status == 303 and "The stage is recorded." in shown

    edit = f"/detentions/{det}/edit"
    status, _to, again = send(
        officer, edit, shown, held_by="ussr", term_months="120", death="yes",
        version=version(shown, edit),
    )  # fmt: skip
    assert status == 422 and "only one of" in beside(again, f"detention-{det}", "term_months")
    status, _to, shown = send(
        officer, edit, shown, held_by="ussr", death="yes", imposed_on="1940-11",
        place="Moscow", charges="espionage; art. 58-6", version=version(shown, edit),
    )  # fmt: skip
    assert status == 303 and "The detention is saved." in shown
    held, _ = records.get_versioned(demo, "detentions", det)
    assert held.sentence is not None and held.sentence.death and held.stages[0].stage == "arrested"


def test_a_detention_by_a_state_that_does_not_exist_is_refused_as_missing(
    demo: Database,
) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/pyk").text
    status, _to, again = send(officer, "/persons/pyk/detentions", page, held_by="atlantis")
    assert status == 422 and "no state 'atlantis'" in beside(again, "detention", "held_by")


# --- proposals ---------------------------------------------------------------------------------


def test_a_proposal_is_put_forward_and_worked_from_lists(demo: Database) -> None:
    client = signed_in(demo, "demo-negotiator")
    page = client.get("/proposals/new").text
    assert "ussr" in options(page, "proposal-counterparts")
    assert "gorin" in options(page, "proposal-cases")
    status, to, shown = send(
        client, "/proposals", page, title="Pyk for a second Soviet agent",
        counterparts=["ussr"], cases=["pyk"], sequencing="simultaneous", opened_on="1941-04",
    )  # fmt: skip
    made = re.fullmatch(r"/proposals/(pyk-for-a-second-soviet-agent-[a-z2-9]{4})\?done=created", to)
    assert status == 303 and made is not None, to
    key = made.group(1)
    base = f"/proposals/{key}"
    assert "presidium-pardon" in options(shown, "item-mechanism")
    assert "pyk" in options(shown, "item-person")

    status, _to, shown = send(
        client, base + "/items", shown, side="get", kind="release", person="pyk",
        mechanism="presidium-pardon", description="Release of Irena Pyk.",
        version=version(shown, base + "/items"),
    )  # fmt: skip
    assert status == 303 and "Release of Irena Pyk." in shown
    proposal, _ = records.get_versioned(demo, "proposals", key)
    assert [(i.key, i.person) for i in proposal.items] == [("get-release-pyk", "pyk")]
    assert "get-release-pyk" in options(shown, "condition-item")
    status, _to, shown = send(
        client, base + "/conditions", shown, text="She leaves the country at once.",
        item="get-release-pyk", version=version(shown, base + "/conditions"),
    )  # fmt: skip
    assert status == 303 and "Condition: She leaves the country at once." in shown
    status, _to, shown = send(
        client, base + "/considerations", shown, stance="for", category="humanitarian",
        argument="She is under sentence of death.", weight="5", made_by="henderson",
    )  # fmt: skip
    assert status == 303 and "She is under sentence of death." in shown
    argued = [c for c in records.list_stored(demo, "considerations") if c.proposal == key]
    assert len(argued) == 1 and argued[0].weight == 5 and argued[0].made_by == "henderson"

    status, _to, shown = send(
        client, base + "/edit", shown, title="Pyk for a second agent", counterparts=["ussr"],
        cases=["pyk", "gorin"], sequencing="we-first", version=version(shown, base + "/edit"),
    )  # fmt: skip
    assert status == 303 and "The proposal is saved." in shown
    proposal, _ = records.get_versioned(demo, "proposals", key)
    assert proposal.sequencing.value == "we-first" and proposal.cases == ["pyk", "gorin"]
    assert proposal.conditions[0].item == "get-release-pyk"  # the edit kept what it did not show


def test_a_proposal_without_a_counterpart_or_a_title_is_refused_beside_the_field(
    demo: Database,
) -> None:
    client = signed_in(demo, "demo-negotiator")
    page = client.get("/proposals/new").text
    status, _to, again = send(client, "/proposals", page, title="No one", summary="kept")
    assert status == 422 and "counterpart" in beside(again, "proposal", "counterparts")
    assert ">kept</textarea>" in again
    status, _to, again = send(client, "/proposals", page, title=" ", counterparts=["ussr"])
    assert status == 422 and beside(again, "proposal", "key")


# --- input that does not fit, and addresses nobody serves ---------------------------------------


def test_an_over_long_field_on_a_case_form_is_answered_beside_it(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/cases/gorin").text
    status, _to, again = send(
        officer, "/cases/gorin/edit", page, title="T" * 401, priority="high",
        version=version(page, "/cases/gorin/edit"),
    )  # fmt: skip
    assert status == 422 and again.startswith("<!doctype html>")
    assert "at most 400" in unescape(again.split('id="edit-title"')[1].split("</div>")[0])


def test_an_unknown_address_gets_the_sites_page_and_the_api_its_json(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    answer = officer.get("/no/such/page")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "There is no page at this address." in answer.text and "Sign out" in answer.text
    api = officer.get("/api/v1/no/such/thing")
    assert api.status_code == 404 and api.json()["error"]["code"] == "http-error"


def test_a_malformed_query_or_address_is_a_page_that_says_so(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    for path in ("/cases?offset=many", "/persons?offset=-1"):
        answer = officer.get(path)
        assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
        assert "Offset:" in answer.text, path
    page = officer.get("/mentions").text
    answer = officer.post("/mentions/telegram-342/first", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 422 and "Position:" in answer.text
    assert answer.headers["content-type"].startswith("text/html")


def test_unbroken_long_words_wrap() -> None:
    from glienicke.web.app import __file__ as web

    css = (__import__("pathlib").Path(web).parent / "static" / "glienicke.css").read_text()
    rule = re.search(r"h1, [^{]*td[^{]*\{\s*overflow-wrap: anywhere;", css)
    assert rule is not None


# --- a finished proposal -----------------------------------------------------------------------

ENDED = """
proposals:
  - key: ended
    title: Withdrawn before anyone answered
    counterparts: [ussr]
    status: withdrawn
    opened_on: 1941-02-20
    cases: [gorin]
    items:
      - {key: release-gorin, side: give, kind: release, person: gorin, mechanism: probation}
clearance_steps:
  - key: ended-ask
    proposal: ended
    kind: consultation
    to_office: us-president
    required: false
    requested_on: 1941-02-21
"""


def test_a_finished_proposal_shows_no_awaited_step_no_alarm_and_no_actions(
    demo: Database,
) -> None:
    with acting_as("test", "tests", Viewer.of(accounts.user_named(demo, "demo-records"))):
        datasets.load_sources(demo, [parse_text(ENDED, "ended.yaml", "yaml")])
    client = signed_in(demo, "demo-negotiator")
    for key in ("ended", "ivanov-1964"):
        page = client.get(f"/proposals/{key}?as_of=1941-02-21").text
        assert "its record is shown as it ended" in page, key
        for action in ("/steps", "/plan", "/advance", "/items", "/conditions", "/edit"):
            assert f'action="/proposals/{key}{action}' not in page, (key, action)
        assert "awaiting-answer" not in page and "Before it can be approved" not in page
        assert 'tag-alarm">alarm' not in page and "What the law says against it" not in page
    ended = client.get("/proposals/ended?as_of=1941-02-21").text
    assert "never answered" in ended
    # the same proposal in play shows its alarm, its awaited step and its forms
    with acting_as("test", "tests", Viewer.of(accounts.user_named(demo, "demo-records"))):
        playing = ENDED.replace("status: withdrawn", "status: in-clearance")
        datasets.load_sources(demo, [parse_text(playing, "ended.yaml", "yaml")])
    live = client.get("/proposals/ended?as_of=1941-02-21").text
    assert "awaiting" in live and 'action="/proposals/ended/advance"' in live
    assert "its record is shown as it ended" not in live


def test_the_proposal_pages_text_fields_suggest_only_what_the_user_may_see(
    demo: Database,
) -> None:
    def listed(page: str, list_id: str) -> list[str]:
        found = re.search(rf'<datalist id="{list_id}">(.*?)</datalist>', page, re.S)
        assert found is not None, list_id
        return re.findall(r'<option value="([^"]*)"', found.group(1))

    negotiator = signed_in(demo, "demo-negotiator").get("/proposals/ivanov-1964").text
    assert {"katzenbach", "landerman"} <= set(listed(negotiator, "choose-person"))
    assert "us-attorney-general" in listed(negotiator, "choose-office")
    officer = signed_in(demo, "demo-officer").get("/proposals/gorin-1941").text
    assert "landerman" not in listed(officer, "choose-person")
    assert "rusk-katzenbach-1964-11-19" not in listed(officer, "choose-document")
    page = signed_in(demo, "demo-negotiator").get("/proposals/gorin-1941").text
    assert "katzenbach" in options(page, "draft-by")  # chosen from a list, not typed
