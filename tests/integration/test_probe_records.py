"""Issue 19: an entity reference in a TEI file fails that file alone, with its name and line
(no XXE: DTDs and external entities are never read), and no server path is stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from glienicke.services import imports
from glienicke.services.database import Database
from glienicke.store.tables import DocumentRow, ImportedFileRow
from tests.conftest import CliResult
from tests.integration.webclient import csrf_of

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "records"
VOLUME = (FIXTURES / "volume.xml").read_text(encoding="utf-8")
MEMO = FIXTURES / "memo.txt"
SECRET = "root-password-of-the-server-5f1c"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def tei_with(doctype: str, reference: str) -> str:
    """The fixture volume with a DOCTYPE after its declaration and an entity reference in
    the text of its first document (on line 26 of the volume, one more with a DOCTYPE)."""
    text = VOLUME.replace("will be tried", f"will {reference} be tried", 1)
    if doctype:
        text = text.replace(DECLARATION, DECLARATION + "\n" + doctype, 1)
    return text


def entity_files(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """name -> (the file's text, what its one problem must say)."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return {
        "undefined.xml": (tei_with("", "&foo;"), "line 26, column"),
        "internal.xml": (
            tei_with('<!DOCTYPE TEI [<!ENTITY x "hello">]>', "&x;"),
            "line 27: the entity reference &x; is not allowed",
        ),
        "external.xml": (
            tei_with(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>', "&x;"),
            "line 27: the entity reference &x; is not allowed",
        ),
        "parameter.xml": (
            tei_with(f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', "&amp;"),
            "",  # the external DTD part is not read: the volume imports, without the secret
        ),
    }


def stored(db: Database) -> tuple[list[str | None], list[str], str]:
    with db.reading() as repo:
        origins = list(repo.session.scalars(select(DocumentRow.imported_from)))
        ledger = list(repo.session.scalars(select(ImportedFileRow.name)))
        bodies = " ".join(b or "" for b in repo.session.scalars(select(DocumentRow.body)))
    return origins, ledger, bodies


def test_an_undefined_entity_fails_its_file_alone_on_the_command_line(
    cli: Callable[..., CliResult], db: Database, tmp_path: Path
) -> None:
    """Not well-formed XML: the parser stops, so the file fails whole, with its place."""
    text, problem = entity_files(tmp_path)["undefined.xml"]
    path = tmp_path / "undefined.xml"
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path), str(MEMO), "--format", "json")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    report = json.loads(result.out)
    by_file = {Path(f["file"]).name: f for f in report["files"]}
    assert by_file["undefined.xml"]["status"] == "failed"
    [message] = by_file["undefined.xml"]["problems"]
    assert message.startswith(f"{path}: ") and problem in message
    assert by_file["memo.txt"]["status"] == "imported" and report["filed"] == 1


@pytest.mark.parametrize("name", ["internal.xml", "external.xml"])
def test_a_declared_entity_fails_its_document_alone_and_the_rest_is_filed(
    cli: Callable[..., CliResult], db: Database, tmp_path: Path, name: str
) -> None:
    """Well-formed, with an entity the reader refuses: that document is left out with its
    place (issue 15, item 6), the rest of the volume and the other files are filed, and no
    entity is ever expanded."""
    text, problem = entity_files(tmp_path)[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path), str(MEMO), "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    by_file = {Path(f["file"]).name: f for f in report["files"]}
    assert by_file[name]["status"] == "imported"
    [message] = by_file[name]["problems"]
    assert message.startswith(f"{path}, line 24 (d1): ") and problem in message
    volume_documents = VOLUME.count('type="document"')
    assert by_file[name]["filed"] == volume_documents - 1
    assert by_file["memo.txt"]["status"] == "imported"
    _origins, _ledger, bodies = stored(db)
    assert SECRET not in bodies and "hello" not in bodies


def test_a_parameter_entity_is_never_fetched(db: Database, tmp_path: Path) -> None:
    text, _problem = entity_files(tmp_path)["parameter.xml"]
    path = tmp_path / "parameter.xml"
    path.write_text(text, encoding="utf-8")
    report = imports.import_paths(db, [path])
    assert report.failed == [] and report.filed == 2
    assert SECRET not in stored(db)[2]


def test_the_reader_parses_without_dtds_or_entities() -> None:
    source = (ROOT / "src" / "glienicke" / "records" / "tei.py").read_text()
    for option in ("resolve_entities=False", "no_network=True", "load_dtd=False"):
        assert option in source


def test_an_upload_with_an_entity_reports_that_file_and_files_the_rest(
    api: Callable[..., Any], db: Database, tmp_path: Path
) -> None:
    text, problem = entity_files(tmp_path)["internal.xml"]
    files = [
        ("files", ("volume-with-entity.xml", text.encode(), "text/xml")),
        ("files", ("memo.txt", MEMO.read_bytes(), "text/plain")),
    ]
    response = api().post("/api/v1/import", files=files)
    assert response.status_code == 200, response.text
    body = response.json()
    bad, good = body["files"]
    assert bad["file"] == "volume-with-entity.xml" and bad["status"] == "imported"
    assert bad["problems"] == [
        "volume-with-entity.xml, line 24 (d1): line 27: the entity reference &x; is not"
        " allowed: DTDs and entities are not read; write the character itself"
    ]
    assert problem in bad["problems"][0]
    assert good["status"] == "imported" and body["filed"] == VOLUME.count('type="document"')
    assert "glienicke-import-" not in response.text  # no path of the server's copy


def test_the_import_page_reports_an_entity_and_files_the_rest(
    negotiator: TestClient, tmp_path: Path
) -> None:
    text, _problem = entity_files(tmp_path)["undefined.xml"]
    files = [
        ("files", ("undefined.xml", text.encode(), "text/xml")),
        ("files", ("memo.txt", MEMO.read_bytes(), "text/plain")),
    ]
    page = negotiator.get("/import").text
    report = negotiator.post("/import", files=files, data={"csrf_token": csrf_of(page)})
    assert report.status_code == 200
    assert "undefined.xml: line 26, column" in report.text
    assert "1 file failed" in report.text
    assert "glienicke-import-" not in report.text


def test_imports_store_the_file_name_only(db: Database, api: Callable[..., Any]) -> None:
    report = imports.import_paths(db, [FIXTURES / "volume.xml"])
    assert report.filed == 2
    upload = {"files": ("../../some/where/memo.txt", MEMO.read_bytes(), "text/plain")}
    response = api().post("/api/v1/import", files=upload)
    assert response.status_code == 200 and response.json()["filed"] == 1
    origins, ledger, _bodies = stored(db)
    assert sorted(ledger) == ["memo.txt", "volume.xml"]
    assert sorted(o or "" for o in origins) == ["memo.txt", "volume.xml#d1", "volume.xml#d2"]
