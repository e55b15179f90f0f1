"""The proposal pages over HTTP, on the demo: a proposal's page shows both sides judged by the
law, the balance sheet, the clearance, commitments and drafts; every form calls its service and
answers a refused move with the engine's message, a bad value beside its field with what was
typed kept, and a form without its token with a refusal that changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from glienicke.dataset.files import SourceText
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, datasets, records
from glienicke.services.database import Database
from glienicke.services.demo import set_up_demo
from tests.integration.test_pages import _csrf, _signed_in

REHEARSAL = "gorin-rehearsal"
PLAN = "us-attorney-recommendation=us-attorney-los-angeles\ndecider=us-district-court"

# Gorin's bargain put forward again as a draft, with one pending Soviet commitment of its own:
# its clearance and its commitment are worked from the pages.
EXTRA = {
    "proposals": [
        {
            "key": REHEARSAL,
            "title": "Gorin's bargain, rehearsed",
            "counterparts": ["ussr"],
            "sequencing": "we-first",
            "status": "draft",
            "opened_on": "1941-02-20",
            "cases": ["gorin"],
            "items": [
                {
                    "key": "release-gorin",
                    "side": "give",
                    "kind": "release",
                    "person": "gorin",
                    "mechanism": "probation",
                    "description": "Probation for Gorin on condition that he leave.",
                },
                {
                    "key": "release-pyk",
                    "side": "get",
                    "kind": "release",
                    "person": "pyk",
                    "mechanism": "presidium-pardon",
                    "description": "Release of Irena Pyk.",
                },
            ],
        }
    ],
    "commitments": [
        {
            "key": "rehearsal-release-pyk",
            "proposal": REHEARSAL,
            "party": "ussr",
            "person": "pyk",
            "act": "release",
            "description": "Release Irena Pyk.",
            "due": "1941-04",
        },
        {
            "key": "rehearsal-release-devenis",
            "proposal": REHEARSAL,
            "party": "ussr",
            "person": "devenis",
            "act": "release",
            "description": "Release Dr. Devenis.",
            "due": "1941-04",
        },
    ],
}


@pytest.fixture
def demo(db: Database) -> Database:
    set_up_demo(db)
    with acting_as("test", "tests", Viewer.of(accounts.user_named(db, "demo-records"))):
        datasets.load_sources(db, [SourceText("rehearsal.yaml", EXTRA)])
    return db


@pytest.fixture
def negotiator(demo: Database) -> Iterator[TestClient]:
    """A negotiator and legal adviser in both compartments: plans, asks, answers, drafts."""
    yield _signed_in(demo, "demo-negotiator")


def _page(client: TestClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.text[:400])
    return answer.text


def _post(client: TestClient, path: str, page: str, **fields: str) -> tuple[int, str, str]:
    """A form sent with the token of the page it was on: (status, where it went, the page)."""
    answer = client.post(path, data={"csrf_token": _csrf(page), **fields}, follow_redirects=False)
    if answer.status_code == 303:
        location = answer.headers["location"]
        return 303, location, _page(client, location.split("#")[0])
    return answer.status_code, "", answer.text


def _beside(page: str, form: str, name: str) -> str:
    """The error shown beside a field of a form, and that the field points to it."""
    field = re.search(rf'<(?:input|select|textarea) id="{form}-{name}"[^>]*>', page)
    assert field is not None, f"no field {form}-{name}"
    assert 'aria-invalid="true"' in field.group(0) and f"{form}-{name}-error" in field.group(0)
    found = re.search(rf'<p class="field-error" id="{form}-{name}-error">([^<]+)</p>', page)
    assert found is not None
    return unescape(found.group(1))


def _problem(page: str, form: str) -> str:
    found = re.search(rf'<p class="error" role="alert" id="{form}-problem">([^<]+)</p>', page)
    assert found is not None, f"no problem shown on form {form}"
    return unescape(found.group(1))


def _steps(db: Database, proposal: str = REHEARSAL) -> dict[str, object]:
    return {s.key: s for s in records.list_stored(db, "clearance_steps") if s.proposal == proposal}


# --- the page ----------------------------------------------------------------------------------


def test_the_gorin_page_shows_both_sides_the_law_the_balance_and_the_record(
    negotiator: TestClient,
) -> None:
    page = unescape(_page(negotiator, "/proposals/gorin-1941"))
    flags = page.split('id="flags-heading"')[1].split("</section>")[0]
    assert "Alarm" in flags and "probation closes in 2 days" in flags  # judged when put forward
    assert "before its clearance can finish: it usually takes 11 days" in flags
    item = page.split('id="item-release-gorin"')[1].split("</li>")[0]
    assert "Mikhail N. Gorin" in item and "leaves the United States at once" in item
    sheet = page.split('id="assessment-heading"')[1].split("</section>\n</section>")[0]
    assert "What we give" in sheet and "death sentence" in sheet and "precedent risk" in sheet
    assert re.search(r"Balance \+\d+", sheet)
    step = page.split('id="step-gorin-1941-probation-order"')[1].split("</li>")[0]
    assert "decided, favourable" in step and "Probation granted" in step
    moves = page.split('id="lifecycle-heading"')[1].split("</section>")[0]
    assert "not yet" in moves and "commitment gorin-1941-exit-habicht is broken" in moves
    habicht = page.split('id="commitment-gorin-1941-exit-habicht"')[1].split("</li>\n  \n")[0]
    assert "broken" in habicht and "ovakimian-1941-exit-habicht" in habicht
    assert "2 follow-ups" in habicht
    assert "60% kept on time" in page  # the counterpart's reliability
    replay = page.split('id="replay"')[1].split("</details>")[0]
    assert "replayed through the rules: consistent with its status" in replay
    assert "us-district-court answers decided" in replay
    assert 'href="/documents/telegram-342-1941-03"' in page
    assert 'href="/cases/gorin"' in page


def test_an_item_judged_after_service_began_is_refused_with_the_law_s_reason(
    negotiator: TestClient,
) -> None:
    page = unescape(_page(negotiator, f"/proposals/{REHEARSAL}?as_of=1941-04-02"))
    flags = page.split('id="flags-heading"')[1].split("</section>")[0]
    gorin = flags.split('href="#item-release-gorin"')[1].split("</li>")[0]
    assert "Refused" in flags and "closed: the person is no longer held" in gorin.lower()


def test_the_proposal_list_and_navigation(negotiator: TestClient) -> None:
    page = _page(negotiator, "/proposals")
    assert 'href="/proposals/gorin-1941"' in page and 'href="/proposals/ivanov-1964"' in page
    for link in ('href="/proposals"', 'href="/commitments"', 'href="/drafts"'):
        assert link in page


# --- the clearance -----------------------------------------------------------------------------


def test_saving_the_plan_and_a_bad_office_line(negotiator: TestClient, demo: Database) -> None:
    path = f"/proposals/{REHEARSAL}"
    page = _page(negotiator, path)
    status, _to, again = _post(negotiator, path + "/plan", page, offices="decider")
    assert status == 422 and "is not REQUIREMENT=OFFICE" in _beside(again, "plan", "offices")
    assert ">decider</textarea>" in again  # what was typed is kept
    assert _steps(demo) == {}
    status, to, done = _post(negotiator, path + "/plan", again, offices=PLAN, phase="")
    assert status == 303 and to.endswith("?done=plan#clearance")
    assert "The planned steps are on record." in done
    assert set(_steps(demo)) == {
        f"{REHEARSAL}-state-foreign-policy-statement",
        f"{REHEARSAL}-us-attorney-recommendation",
        f"{REHEARSAL}-justice-approval",
        f"{REHEARSAL}-probation-order",
    }


def _planned(client: TestClient) -> str:
    path = f"/proposals/{REHEARSAL}"
    status, _to, page = _post(client, path + "/plan", _page(client, path), offices=PLAN)
    assert status == 303
    return page


def test_requesting_answering_and_a_move_that_skips_a_step(
    negotiator: TestClient, demo: Database
) -> None:
    path, statement = f"/proposals/{REHEARSAL}", f"{REHEARSAL}-state-foreign-policy-statement"
    page = _planned(negotiator)
    ask = f"{path}/steps/{statement}/request"
    status, _to, again = _post(negotiator, ask, page, on="the day after", document="")
    assert status == 422
    assert "'the day after' is not a date" in _beside(again, f"request-{statement}", "on")
    assert 'value="the day after"' in again
    status, to, page = _post(
        negotiator, ask, again, on="1941-02-21", from_office="us-justice-criminal-division"
    )
    assert status == 303 and to.endswith(f"#step-{statement}")
    assert "now awaits its answer" in page and "in clearance" in page

    status, _to, refused = _post(negotiator, path + "/advance", page, to="approved", on="1941-03")
    assert status == 422
    assert statement in _problem(refused, "advance") and "awaits" in _problem(refused, "advance")
    assert 'value="1941-03"' in refused

    answer = path + "/answers"
    fields = {"step": statement, "office": "us-secretary-of-state", "on": "1941-03-20"}
    status, _to, again = _post(negotiator, answer, page, **fields)
    assert status == 422 and "Choose the answer" in _beside(again, f"answer-{statement}", "answer")
    status, _to, again = _post(
        negotiator, answer, page, **{**fields, "office": "us-president", "answer": "concur"}
    )
    assert status == 422 and "us-president was not asked" in _problem(again, f"answer-{statement}")
    status, _to, page = _post(
        negotiator,
        answer,
        page,
        **fields,
        answer="concur-with-conditions",
        reasons="Provided he departs.",
        by="welles",
    )
    assert status == 303 and "The answer is recorded." in page
    step = page.split(f'id="step-{statement}"')[1].split("</li>")[0]
    assert "concur with conditions" in step and "Provided he departs." in step
    stored = _steps(demo)[statement]
    assert stored.answer is not None and stored.answer.value == "concur-with-conditions"  # type: ignore[attr-defined]


def test_escalating_and_asking_a_step_the_law_does_not_require(
    negotiator: TestClient, demo: Database
) -> None:
    path, statement = f"/proposals/{REHEARSAL}", f"{REHEARSAL}-state-foreign-policy-statement"
    page = _planned(negotiator)
    status, _to, page = _post(
        negotiator, f"{path}/steps/{statement}/request", page, on="1941-02-21"
    )
    assert status == 303
    escalate = f"{path}/steps/{statement}/escalate"
    status, _to, again = _post(negotiator, escalate, page, on="1941-03-01")
    assert status == 422
    assert "Name the office now asked" in _beside(again, f"escalate-{statement}", "to_office")
    status, _to, page = _post(
        negotiator, escalate, again, to_office="us-president", on="1941-03-01", kind="decision"
    )
    assert status == 303 and "taken on as a new step" in page
    new = [s for s in _steps(demo).values() if getattr(s, "escalates", None) == statement]
    assert len(new) == 1 and new[0].to_office == "us-president"  # type: ignore[attr-defined]

    status, _to, again = _post(
        negotiator, path + "/steps", page, kind="consultation", to_office="us-president",
        on="1941-03-02", step_key=new[0].key,  # type: ignore[attr-defined]
    )  # fmt: skip
    assert status == 422 and "exists already" in _beside(again, "ask", "step_key")
    status, _to, page = _post(
        negotiator,
        path + "/steps",
        page,
        kind="information",
        to_office="us-attorney-general",
        on="",
        step_key=f"{REHEARSAL}-fbi",
        optional="yes",
    )
    # the typed key and an ending (issue 19)
    made = re.search(rf'id="step-({REHEARSAL}-fbi-[a-z2-9]{{4}})"', page)
    assert status == 303 and made is not None
    assert not _steps(demo)[made.group(1)].required_step  # type: ignore[attr-defined]


def test_a_proposal_is_withdrawn_and_a_final_status_offers_no_move(
    negotiator: TestClient,
) -> None:
    path = f"/proposals/{REHEARSAL}"
    page = _page(negotiator, path)
    status, _to, again = _post(negotiator, path + "/advance", page, to="withdrawn", on="")
    assert status == 422 and "Give the day" in _beside(again, "advance", "on")
    status, to, page = _post(
        negotiator, path + "/advance", again, to="withdrawn", on="1941-03-01", note="Dropped."
    )
    assert status == 303 and to.endswith("#lifecycle")
    assert "That is final." in page and 'action="/proposals/gorin-rehearsal/advance"' not in page


# --- commitments -------------------------------------------------------------------------------


def test_pressing_then_fulfilling_a_commitment_and_a_bad_date(
    negotiator: TestClient, demo: Database
) -> None:
    key, path = "rehearsal-release-pyk", f"/proposals/{REHEARSAL}"
    page = _page(negotiator, path)
    form = f"/commitments/{key}/record"
    status, _to, again = _post(negotiator, form, page, happened="press", on="spring")
    assert status == 422 and "'spring' is not a date" in _beside(again, f"commitment-{key}", "on")
    status, to, page = _post(
        negotiator, form, again, happened="press", on="1941-04-10", by="steinhardt", note="Again."
    )
    assert status == 303 and to.endswith(f"#commitment-{key}")
    assert "1 follow-up" in page and "Again." in page
    status, _to, page = _post(
        negotiator, form, page, happened="fulfilled", on="1941-04-20", note="Freed, per Moscow."
    )
    assert status == 303 and "The commitment is updated." in page
    stored, _version = records.get_versioned(demo, "commitments", key)
    assert stored.status.value == "fulfilled" and stored.evidence_note == "Freed, per Moscow."
    status, _to, again = _post(negotiator, form, page, happened="broken", on="1941-05", note="x")
    assert status == 422 and "fulfilled" in _problem(again, f"commitment-{key}")


def test_a_stale_commitment_form_is_explained_and_its_input_kept(
    negotiator: TestClient, demo: Database
) -> None:
    key = "rehearsal-release-pyk"
    page = _page(negotiator, f"/proposals/{REHEARSAL}")
    status, _to, _later = _post(
        negotiator, f"/commitments/{key}/record", page, happened="note", on="1941-04-01",
        note="first", version="1",
    )  # fmt: skip
    assert status == 303
    status, _to, again = _post(
        negotiator, f"/commitments/{key}/record", page, happened="reminder", on="1941-04-02",
        note="second, typed on the old page", version="1",
    )  # fmt: skip
    assert status == 409
    assert "Someone else saved this record" in _problem(again, f"commitment-{key}")
    assert "second, typed on the old page</textarea>" in again
    stored, version = records.get_versioned(demo, "commitments", key)
    assert [f.note for f in stored.follow_ups] == ["first"] and version == 2
    # The page shown again carries the version as it is now: sent again, it is recorded.
    assert re.search(r'name="version" value="2"', again)
    status, _to, _done = _post(
        negotiator, f"/commitments/{key}/record", again, happened="reminder", on="1941-04-02",
        note="second, sent again", version="2",
    )  # fmt: skip
    assert status == 303


def test_breaking_needs_its_reason_then_relinking_to_a_later_arrangement(
    negotiator: TestClient, demo: Database
) -> None:
    key = "rehearsal-release-devenis"
    page = _page(negotiator, f"/proposals/{REHEARSAL}")
    form = f"/commitments/{key}/record"
    status, _to, again = _post(negotiator, form, page, happened="broken", on="1941-05", note="")
    assert status == 422
    assert "Say why the commitment is broken" in _beside(again, f"commitment-{key}", "note")
    status, _to, page = _post(
        negotiator, form, again, happened="broken", on="1941-05", note="Obligations exhausted."
    )
    assert status == 303 and f'action="/commitments/{key}/relink"' in page
    relink = f"/commitments/{key}/relink"
    status, _to, again = _post(negotiator, relink, page, on="1941-07", proposal="ovakimian-1941")
    assert status == 422
    assert "has no get-side release item for devenis" in _beside(again, f"relink-{key}", "item")
    assert 'value="ovakimian-1941"' in again
    status, _to, page = _post(
        negotiator, relink, again, on="1942-05", to="gorin-1941-release-devenis"
    )
    assert status == 303 and "tied to the arrangement that took it over" in page
    stored, _version = records.get_versioned(demo, "commitments", key)
    assert stored.relinked_to is not None


def test_the_commitments_page_filters_and_shows_reliability(negotiator: TestClient) -> None:
    page = unescape(_page(negotiator, "/commitments?party=ussr&status=broken"))
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "Let Mrs. Habicht leave" in rows and "Release Irena Pyk." not in rows
    assert "Union of Soviet Socialist Republics undertook" in page
    assert 'href="/proposals/gorin-1941#commitment-gorin-1941-exit-habicht"' in rows
    overdue = unescape(_page(negotiator, "/commitments?overdue=yes&as_of=1941-06-01"))
    assert "gorin-1941-release-devenis" in overdue and "overdue" in overdue
    bad = unescape(_page(negotiator, "/commitments?status=lost"))
    assert "'lost' is not one of the statuses" in bad


# --- drafts ------------------------------------------------------------------------------------


def test_drafting_clearing_revising_and_filing_a_letter(negotiator: TestClient) -> None:
    path = "/proposals/ivanov-1964"
    page = _page(negotiator, path)
    status, _to, again = _post(negotiator, path + "/drafts", page, kind="", by="meeker")
    assert status == 422 and "Choose what to draft" in _beside(again, "draft", "kind")
    assert 'value="meeker"' in again
    status, to, page = _post(
        negotiator, path + "/drafts", again, kind="concurrence-letter", by="meeker",
        clear_with="thompson", on="1964-12-08",
    )  # fmt: skip
    assert status == 303 and to.endswith("#drafts") and "The draft is written" in page
    draft = re.search(r'id="draft-(draft-ivanov-1964-concurrence-letter-[a-z2-9]{4})"', page)
    assert draft is not None
    doc = draft.group(1)
    waiting = _page(negotiator, "/drafts")
    assert f'href="/proposals/ivanov-1964#draft-{doc}"' in waiting and "Thompson" in waiting

    status, _to, again = _post(negotiator, f"/drafts/{doc}/file", page, proposal="ivanov-1964")
    assert status == 422 and "thompson" in _problem(again, f"file-{doc}")
    status, _to, again = _post(
        negotiator, f"/drafts/{doc}/revise", page, proposal="ivanov-1964", title=" ", body="New."
    )
    assert status == 422 and "A draft needs a title" in _beside(again, f"revise-{doc}", "title")
    assert "New.</textarea>" in again
    status, _to, page = _post(
        negotiator, f"/drafts/{doc}/revise", again, proposal="ivanov-1964",
        title="Concurrence, renewed", body="Dear Mr. Katzenbach: again.",
    )  # fmt: skip
    assert status == 303 and "Concurrence, renewed" in page
    status, _to, again = _post(
        negotiator, f"/drafts/{doc}/clear", page, proposal="ivanov-1964", by="meeker"
    )
    assert status == 422 and "meeker" in again
    status, _to, page = _post(
        negotiator, f"/drafts/{doc}/clear", page, proposal="ivanov-1964", by="thompson"
    )
    assert status == 303 and "ready to file" in page
    status, _to, page = _post(
        negotiator, f"/drafts/{doc}/file", page, proposal="ivanov-1964", on="1964-12-08"
    )
    assert status == 303 and "cannot be changed any more" in page
    assert f'id="draft-{doc}"' not in page  # no longer a draft: among the documents
    assert f'href="/documents/{doc}"' in page
    assert "No draft is waiting" in _page(negotiator, "/drafts")


# --- the dashboard -----------------------------------------------------------------------------


def test_the_dashboard_puts_the_clearance_alarm_first_and_lists_drafts(
    negotiator: TestClient,
) -> None:
    page = _page(negotiator, "/proposals/ivanov-1964")
    status, _to, _page_after = _post(
        negotiator, "/proposals/ivanov-1964/drafts", page, kind="principal-memo", by="meeker",
        clear_with="thompson",
    )  # fmt: skip
    assert status == 303
    dashboard = unescape(_page(negotiator, "/?as_of=1941-02-21"))
    windows = dashboard.split('id="deadlines-heading"')[1].split("</section>")[0]
    first = windows.split("<li")[1]
    assert "clearance alarm under" in first  # on its window's own line (issue 15, item 3)
    assert 'href="/proposals/gorin-1941?as_of=1941-02-21#item-release-gorin"' in first
    drafts = dashboard.split('id="drafts-heading"')[1].split("</section>")[0]
    assert 'href="/proposals/ivanov-1964#draft-' in drafts and "thompson" in drafts.lower()


def test_an_officer_outside_ivanov_team_sees_nothing_of_its_drafts(
    negotiator: TestClient, demo: Database
) -> None:
    page = _page(negotiator, "/proposals/ivanov-1964")
    status, _to, _after = _post(
        negotiator, "/proposals/ivanov-1964/drafts", page, kind="embassy-telegram", by="meeker",
        clear_with="thompson",
    )  # fmt: skip
    assert status == 303
    officer = _signed_in(demo, "demo-officer")
    for path in ("/drafts", "/?as_of=1964-12-10", "/commitments", "/proposals"):
        shown = _page(officer, path)
        assert "ivanov" not in shown.lower(), path
    assert "No draft is waiting" in _page(officer, "/drafts")


# --- refusals ----------------------------------------------------------------------------------

ACTIONS = [
    f"/proposals/{REHEARSAL}/plan",
    f"/proposals/{REHEARSAL}/steps",
    f"/proposals/{REHEARSAL}/steps/{REHEARSAL}-justice-approval/request",
    f"/proposals/{REHEARSAL}/steps/{REHEARSAL}-justice-approval/escalate",
    f"/proposals/{REHEARSAL}/answers",
    f"/proposals/{REHEARSAL}/advance",
    f"/proposals/{REHEARSAL}/drafts",
    "/commitments/rehearsal-release-pyk/record",
    "/commitments/rehearsal-release-pyk/relink",
]


def test_every_form_without_its_token_changes_nothing(
    negotiator: TestClient, demo: Database
) -> None:
    before = records.get_versioned(demo, "proposals", REHEARSAL)[1]
    for path in ACTIONS:
        answer = negotiator.post(
            path,
            data={"csrf_token": "0" * 64, "to": "withdrawn", "on": "1941-03-01", "offices": PLAN},
        )
        assert answer.status_code == 403, path
        assert "nothing was changed" in answer.text, path
    assert records.get_versioned(demo, "proposals", REHEARSAL)[1] == before
    assert _steps(demo) == {}


def test_an_officer_who_may_not_work_proposals_sees_no_forms_and_is_refused(
    demo: Database,
) -> None:
    officer = _signed_in(demo, "demo-officer")
    page = _page(officer, f"/proposals/{REHEARSAL}")
    assert "Save the plan" not in page and "Record what happened" not in page
    status, _to, refused = _post(officer, f"/proposals/{REHEARSAL}/plan", page, offices=PLAN)
    assert status == 403 and "may not edit proposals" in refused
    assert _steps(demo) == {}


def test_a_stale_draft_revision_is_explained_and_its_text_kept(
    negotiator: TestClient, demo: Database
) -> None:
    path = "/proposals/ivanov-1964"
    page = _page(negotiator, path)
    status, _to, page = _post(
        negotiator, path + "/drafts", page, kind="concurrence-letter", by="meeker",
        clear_with="thompson", on="1964-12-08",
    )  # fmt: skip
    assert status == 303
    found = re.search(r'id="draft-(draft-ivanov-1964-concurrence-letter-[a-z2-9]{4})"', page)
    assert found is not None
    doc = found.group(1)
    revise = f"/drafts/{doc}/revise"
    assert re.search(rf'action="{revise}"[^>]*>\s*<input[^>]*csrf_token', page)
    status, _to, _later = _post(
        negotiator, revise, page, proposal="ivanov-1964", title="First revision", body="One.",
        version="1",
    )  # fmt: skip
    assert status == 303
    status, _to, again = _post(
        negotiator, revise, page, proposal="ivanov-1964", title="Typed on the old page",
        body="Two, typed on the old page.", version="1",
    )  # fmt: skip
    assert status == 409
    assert "Someone else saved this record" in _problem(again, f"revise-{doc}")
    assert "Two, typed on the old page.</textarea>" in again
    stored, version = records.get_versioned(demo, "documents", doc)
    assert stored.title == "First revision" and version == 2
    assert re.search(r'name="version" value="2"', again)  # sent again, it is saved
    status, _to, _done = _post(
        negotiator, revise, again, proposal="ivanov-1964", title="Typed on the old page",
        body="Two, sent again.", version="2",
    )  # fmt: skip
    assert status == 303
    status, _to, stale = _post(
        negotiator, f"/drafts/{doc}/clear", again, proposal="ivanov-1964", by="thompson",
        version="2",
    )  # fmt: skip
    assert status == 409 and "Someone else saved this record" in _problem(stale, f"clear-{doc}")
