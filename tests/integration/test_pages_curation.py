"""Keeping the record from the web: the review queue, linking a document, adding a subject to a
case and declassifying; each form refuses bad input beside its field and changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, imports, records, views
from glienicke.services.database import Database
from tests.conftest import on_file
from tests.integration.webclient import csrf_of as _csrf
from tests.integration.webclient import signed_in as _signed_in

MEMO = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "memo.txt"
SECRET_MEMO = "rusk-katzenbach-1964-11-19"


def _two_novaks(db: Database) -> str:
    on_file(db, "persons", {"key": "novak-jan", "name": "Jan Novak"})
    on_file(db, "persons", {"key": "novak-karel", "name": "Karel Novak"})
    before = {d["key"] for d in views.listing(db, "documents")}
    assert imports.import_paths(db, [MEMO]).filed == 1
    (key,) = {d["key"] for d in views.listing(db, "documents")} - before
    return str(key)


def _position(page: str, document: str) -> int:
    found = re.search(rf'action="/mentions/{re.escape(document)}/(\d+)"', page)
    assert found is not None, "the queue shows no form for the document"
    return int(found.group(1))


def test_a_name_that_fits_two_persons_is_confirmed_from_the_queue(
    demo: Database, negotiator: TestClient
) -> None:
    document = _two_novaks(demo)
    queue = negotiator.get("/mentions")
    assert queue.status_code == 200 and "Jan Novak" in queue.text and "Karel Novak" in queue.text
    position = _position(queue.text, document)
    token = _csrf(queue.text)
    unchosen = negotiator.post(
        f"/mentions/{document}/{position}", data={"decision": "confirm", "csrf_token": token}
    )
    assert unchosen.status_code == 422
    assert 'class="field-error" id="person-error">Choose whom the name means.' in unchosen.text
    wrong = negotiator.post(
        f"/mentions/{document}/{position}",
        data={"decision": "confirm", "any_person": "nobody-at-all", "csrf_token": token},
    )
    assert wrong.status_code in (404, 422) and "nobody-at-all" in wrong.text
    assert "novak-jan" not in views.show(demo, "document", document)["document"].get("persons", [])
    done = negotiator.post(
        f"/mentions/{document}/{position}",
        data={"decision": "confirm", "person": "novak-jan", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/mentions?done=")
    assert "novak-jan" in views.show(demo, "document", document)["document"]["persons"]
    after = negotiator.get(done.headers["location"])
    assert "is confirmed" in after.text and f'action="/mentions/{document}/{position}"' not in (
        after.text
    )


def test_a_mention_is_rejected_and_the_forged_form_is_refused(
    demo: Database, negotiator: TestClient
) -> None:
    document = _two_novaks(demo)
    queue = negotiator.get(f"/mentions?document={document}")
    position = _position(queue.text, document)
    forged = negotiator.post(
        f"/mentions/{document}/{position}", data={"decision": "reject", "csrf_token": "0" * 64}
    )
    assert forged.status_code == 403 and "nothing was changed" in forged.text
    assert _position(negotiator.get("/mentions").text, document) == position
    rejected = negotiator.post(
        f"/mentions/{document}/{position}",
        data={"decision": "reject", "csrf_token": _csrf(queue.text)},
    )
    assert rejected.status_code == 200 and "meaning nobody on file" in rejected.text
    persons = views.show(demo, "document", document)["document"].get("persons", [])
    assert not {"novak-jan", "novak-karel"} & set(persons)


def test_a_document_is_linked_and_a_bad_link_is_explained(negotiator: TestClient) -> None:
    path = "/documents/telegram-342-1941-03"
    page = negotiator.get(path)
    assert "Link to a person, case or proposal" in page.text
    token = _csrf(page.text)
    missing = negotiator.post(
        f"{path}/links", data={"kind": "person", "target": "", "csrf_token": token}
    )
    assert missing.status_code == 422 and 'id="target-error"' in missing.text
    bad_kind = negotiator.post(
        f"{path}/links", data={"kind": "office", "target": "welles", "csrf_token": token}
    )
    assert bad_kind.status_code == 422
    assert re.search(r'id="kind-error">[^<]*cannot be linked', bad_kind.text)
    linked = negotiator.post(
        f"{path}/links", data={"kind": "person", "target": "welles", "csrf_token": token}
    )
    assert linked.status_code == 200 and "The document is linked." in linked.text
    assert 'href="/persons/welles"' in linked.text


def test_a_subject_is_added_to_a_case_and_a_stale_form_keeps_its_input(
    demo: Database, negotiator: TestClient
) -> None:
    page = negotiator.get("/cases/gorin")
    token = _csrf(page.text)
    version = re.search(
        r'action="/cases/gorin/subjects".*?name="version" value="(\d+)"', page.text, re.S
    )
    assert version is not None
    form = {"person": "welles", "basis": "nobody", "version": version.group(1), "csrf_token": token}
    bad = negotiator.post("/cases/gorin/subjects", data=form)
    assert bad.status_code == 422 and re.search(r'id="basis-error">[^<]*is not one of', bad.text)
    with acting_as("test", "tests", Viewer.of(accounts.user_named(demo, "editor"))):
        records.add_subject(demo, "gorin", "oumansky", "other")  # someone else saves first
    stale = negotiator.post("/cases/gorin/subjects", data={**form, "basis": "other"})
    assert stale.status_code == 409 and "Someone else saved this record" in stale.text
    assert 'value="welles"' in stale.text
    added = negotiator.post(
        "/cases/gorin/subjects",
        data={**form, "basis": "other", "version": str(int(version.group(1)) + 1)},
    )
    assert added.status_code == 200 and "The subject is added" in added.text
    case = views.show(demo, "case", "gorin")["case"]
    assert {"person": "welles", "basis": "other"} in case["subjects"]


def test_the_records_officer_declassifies_a_document_and_the_trail_says_so(
    demo: Database,
) -> None:
    client = _signed_in(demo, "demo-records")
    path = f"/documents/{SECRET_MEMO}"
    page = client.get(path)
    assert "Declassify" in page.text and 'value="confidential"' not in page.text
    token = _csrf(page.text)
    form = {"to": "unclassified", "on": "2026-12-03", "authority": "", "csrf_token": token}
    missing = client.post(f"/declassify/document/{SECRET_MEMO}", data=form)
    assert missing.status_code == 422 and 'id="authority-error"' in missing.text
    assert views.show(demo, "document", SECRET_MEMO)["document"]["classification"] == "confidential"
    done = client.post(
        f"/declassify/document/{SECRET_MEMO}", data={**form, "authority": "FRUS 1964-68"}
    )
    assert done.status_code == 200 and "The document is declassified" in done.text
    assert views.show(demo, "document", SECRET_MEMO)["document"]["classification"] == "unclassified"
    entries = audit.list_entries(demo, key=SECRET_MEMO, limit=20)
    assert any(e.action == "declassified" for e in entries)


def test_those_without_the_permission_see_no_declassify_form(negotiator: TestClient) -> None:
    page = negotiator.get(f"/documents/{SECRET_MEMO}")
    assert page.status_code == 200 and "/declassify/" not in page.text
    refused = negotiator.post(
        f"/declassify/document/{SECRET_MEMO}",
        data={
            "to": "unclassified",
            "on": "2026-12-03",
            "authority": "x",
            "csrf_token": _csrf(page.text),
        },
    )
    assert refused.status_code == 403


def test_the_records_officer_declassifies_a_proposal_from_its_page(demo: Database) -> None:
    client = _signed_in(demo, "demo-records")
    page = client.get("/proposals/ivanov-1964")
    assert page.status_code == 200 and "/declassify/proposal/ivanov-1964" in page.text
    form = {"to": "secret", "on": "2026-12-03", "authority": "x", "csrf_token": _csrf(page.text)}
    higher = client.post("/declassify/proposal/ivanov-1964", data=form)
    assert higher.status_code == 422
    assert re.search(r'id="to-error">[^<]*is not lower', higher.text)
    done = client.post("/declassify/proposal/ivanov-1964", data={**form, "to": "unclassified"})
    assert done.status_code == 200 and "The proposal is declassified" in done.text
    shown = views.show(demo, "proposal", "ivanov-1964")["proposal"]
    assert shown["classification"] == "unclassified"
