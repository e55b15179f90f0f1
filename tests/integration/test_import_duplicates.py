"""A document an import meets that is probably one already on file under another key (the
demo's hand-entered memorandum and telegram, read again from their volume) is held back and
offered for linking on the command line, the API and the import page; never filed twice
(issue 15, item 8)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from glienicke.domain.documents import Classification
from glienicke.domain.errors import NotFound
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import duplicates, imports
from glienicke.services.database import Database
from glienicke.services.demo import set_up_demo
from glienicke.store.tables import DocumentRow, ImportOfferRow
from tests.conftest import CliResult
from tests.integration.webclient import csrf_of

ROOT = Path(__file__).resolve().parents[2]
VOLUME = ROOT / "tests" / "fixtures" / "records" / "frus1941v01-made-up.xml"
HELD = {
    "frus1941v01-d900": ("henderson-welles-1941-02-21", "the same FRUS volume and document number"),
    "frus1941v01-d902": (
        "telegram-342-1941-03",
        "the same telegram number of the same series (post and direction) in the same year",
    ),
}


def _count(db: Database) -> int:
    with db.reading() as repo:
        return int(repo.session.scalar(select(func.count()).select_from(DocumentRow)) or 0)


def test_an_import_over_the_demo_offers_its_copies_for_linking(
    db: Database, tmp_path: Path
) -> None:
    set_up_demo(db)
    before = _count(db)
    report = imports.import_paths(db, [VOLUME])
    (file,) = report.files
    assert (file.status, file.filed, file.problems) == ("imported", 1, [])
    assert {o.key: (o.duplicate_of, o.reason) for o in file.offers} == HELD
    assert _count(db) == before + 1  # only the document the demo does not hold
    assert report.plain()["possible_duplicates"] == 2
    assert sorted(o.key for o in duplicates.waiting(db)) == sorted(HELD)

    linked = duplicates.decide(db, "frus1941v01-d900", "link")
    assert linked.status == "linked"
    filed = duplicates.decide(db, "frus1941v01-d902", "file")
    assert filed.status == "filed" and _count(db) == before + 2
    assert duplicates.waiting(db) == []

    copy = VOLUME.read_bytes().replace(b"Volume I<", b"Volume I (a second copy)<")
    (tmp_path / "copy.xml").write_bytes(copy)
    again = imports.import_paths(db, [tmp_path / "copy.xml"])
    (second,) = again.files
    assert (second.filed, second.on_file, second.offers) == (0, 3, [])  # linked counts on file


def test_the_command_lists_the_offers_and_links_one(cli: Callable[..., CliResult]) -> None:
    assert cli("demo").code == 0
    text = cli("import", str(VOLUME))
    assert text.code == 0, text.err
    assert "2 possible duplicate(s)" in text.out
    assert "possible duplicate: frus1941v01-d900" in text.out
    assert "is probably henderson-welles-1941-02-21" in text.out
    assert "glienicke duplicates link KEY" in text.out
    listed = json.loads(cli("duplicates", "list", "--format", "json").out)
    assert sorted(o["document"] for o in listed) == sorted(HELD)
    done = cli("duplicates", "link", "frus1941v01-d900")
    assert done.code == 0 and "linked to henderson-welles-1941-02-21" in done.out
    again = cli("duplicates", "link", "frus1941v01-d900")
    assert again.code == 1 and "no import offer with key 'frus1941v01-d900'" in again.err


def test_the_api_answers_with_the_offers_and_takes_a_decision(
    db: Database, api: Callable[..., Any]
) -> None:
    set_up_demo(db)
    client = api()
    files = {"files": ("volume.xml", VOLUME.read_bytes(), "text/xml")}
    answer = client.post("/api/v1/import", files=files)
    assert answer.status_code == 200, answer.text
    (file,) = answer.json()["files"]
    held = {d["document"]: d["duplicate_of"] for d in file["possible_duplicates"]}
    assert held == {k: v[0] for k, v in HELD.items()}
    assert file["possible_duplicates"][0]["where"].startswith("volume.xml, line")
    waiting = client.get("/api/v1/import/duplicates").json()
    assert len(waiting) == 2
    bad = client.post("/api/v1/import/duplicates/frus1941v01-d902", json={"choice": "merge"})
    assert bad.status_code == 422
    done = client.post("/api/v1/import/duplicates/frus1941v01-d902", json={"choice": "file"})
    assert done.status_code == 200 and done.json()["status"] == "filed"
    assert client.get("/api/v1/documents/frus1941v01-d902").status_code == 200


def test_the_import_page_offers_buttons_to_link_or_file(negotiator: TestClient) -> None:
    page = negotiator.get("/import").text
    assert "Held back" not in page
    files = {"files": ("volume.xml", VOLUME.read_bytes(), "text/xml")}
    report = negotiator.post("/import", files=files, data={"csrf_token": csrf_of(page)})
    assert report.status_code == 200
    assert "frus1941v01-d900: probably henderson-welles-1941-02-21" in report.text
    assert 'action="/import/duplicates/frus1941v01-d900"' in report.text
    assert 'name="choice" value="link"' in report.text
    assert 'name="choice" value="file"' in report.text
    token = csrf_of(report.text)
    forged = negotiator.post(
        "/import/duplicates/frus1941v01-d900", data={"choice": "link", "csrf_token": "0"}
    )
    assert forged.status_code == 403
    linked = negotiator.post(
        "/import/duplicates/frus1941v01-d900", data={"choice": "link", "csrf_token": token}
    )
    assert linked.status_code == 200 and "Linked: the document on file stands" in linked.text
    assert 'action="/import/duplicates/frus1941v01-d900"' not in linked.text
    assert 'action="/import/duplicates/frus1941v01-d902"' in linked.text


def test_an_offer_is_shown_only_to_those_cleared_for_the_document_held(db: Database) -> None:
    set_up_demo(db)
    imports.import_paths(db, [VOLUME])
    with db.transaction() as repo:
        row = repo.session.get(ImportOfferRow, "frus1941v01-d900")
        assert row is not None
        row.document = json.dumps({**json.loads(row.document), "classification": "secret"})
    low = User(
        username="low",
        name="Low",
        roles=[Role.RECORDS_OFFICER],
        clearance=Classification.CONFIDENTIAL,
    )
    with acting_as("low", "tests", Viewer.of(low)):
        assert [o.key for o in duplicates.waiting(db)] == ["frus1941v01-d902"]
        with pytest.raises(NotFound):
            duplicates.decide(db, "frus1941v01-d900", "link")
    assert len(duplicates.waiting(db)) == 2  # the tester is cleared top secret
