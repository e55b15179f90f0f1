"""The record: the registry with search, facets and highlighted snippets; a document's page
with its references in and out; and the import page."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from glienicke.domain.documents import Classification, DocumentKind
from glienicke.domain.errors import InvalidValue, ValidationFailed
from glienicke.records.drafts import draft_marking
from glienicke.security.model import Permission
from glienicke.services import duplicates, imports, overview, views
from glienicke.services import search as searching
from glienicke.services.access import viewer
from glienicke.web.pages_common import (
    database,
    form_refusal,
    page,
    refused,
    render,
    sentence,
    with_query,
)

record_pages = APIRouter(include_in_schema=False)

PER_PAGE = 20
LISTED = 50
FACET_NAMES = {
    "kind": "Kind",
    "year": "Year",
    "classification": "Classification",
    "person": "Person",
    "case": "Case",
    "file": "File",
}


def _year(text: str, name: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or not 1 <= int(text) <= 9999:
        raise InvalidValue(f"{name} '{text}' is not a year (1 to 9999)")
    return int(text)


@record_pages.get("/documents")
@page
def registry(
    request: Request,
    q: str = Query(default="", max_length=500),
    kind: list[str] = Query(default=[]),
    classification: list[str] = Query(default=[]),
    year_from: str = Query(default="", max_length=4),
    year_to: str = Query(default="", max_length=4),
    person: str = Query(default="", max_length=120),
    case: str = Query(default="", max_length=120),
    file: str = Query(default="", max_length=200),
    offset: int = Query(default=0, ge=0, le=100_000),
) -> Response:
    """Without a query, the registry newest first; with one, ranked matches and facets."""
    db = database(request)
    chosen: dict[str, Any] = {
        "q": q,
        "kind": kind,
        "classification": classification,
        "year_from": year_from,
        "year_to": year_to,
        "person": person,
        "case": case,
        "file": file,
    }
    found: dict[str, Any] | None = None
    listed: dict[str, Any] = {"total": 0, "more": False, "documents": []}
    error = None
    try:
        filters = searching.filters_from(
            kind=kind or None,
            classification=classification or None,
            year_from=_year(year_from, "year from"),
            year_to=_year(year_to, "year to"),
            person=person.strip() or None,
            case=case.strip() or None,
            proposal=None,
            file=file.strip() or None,
        )
        if q.strip():
            found = searching.search_documents(db, q, filters, limit=PER_PAGE, offset=offset)
        else:
            listed = searching.list_documents(db, filters, limit=LISTED, offset=offset)
    except (InvalidValue, ValidationFailed) as problem:
        error = sentence(str(problem))
    labels = _facet_labels(db, found)
    return render(
        request,
        "documents.html",
        title="Documents" if not q.strip() else f"Search: {q}",
        section="documents",
        chosen=chosen,
        found=found,
        listed=listed["documents"],
        listed_total=listed["total"],
        listed_more=listed["more"],
        offset=offset,
        per_page=PER_PAGE if found is not None else LISTED,
        error=error,
        kinds=[k.value for k in DocumentKind],
        levels=[c.value for c in Classification],
        facet_names=FACET_NAMES,
        facet_link=lambda name, value: _facet_link(chosen, name, value),
        labels=labels,
    )


def _facet_link(chosen: dict[str, Any], name: str, value: Any) -> str:
    params = dict(chosen)
    if name in ("kind", "classification"):
        params[name] = sorted({*params[name], str(value)})
    elif name == "year":
        params["year_from"] = params["year_to"] = str(value)
    else:
        params[name] = str(value)
    return with_query("/documents", **params)


def _facet_labels(db: Any, found: dict[str, Any] | None) -> dict[str, dict[str, str]]:
    """Names for the person and case facets (their values are keys)."""
    if found is None:
        return {}
    facets = found["facets"]
    return {
        "person": overview.titles(db, "person", [f["value"] for f in facets.get("person", [])]),
        "case": overview.titles(db, "case", [f["value"] for f in facets.get("case", [])]),
    }


DONE = {
    "linked": "The document is linked.",
    "declassified": "The document is declassified; the change is in the audit trail.",
}


@record_pages.get("/documents/{key}")
@page
def document_page(request: Request, key: str, done: str = "") -> Response:
    return show_document_page(request, key, notice=DONE.get(done))


def show_document_page(
    request: Request,
    key: str,
    *,
    notice: str | None = None,
    forms: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    """A document's page; `forms` holds the input and errors of a form sent back to fix."""
    db = database(request)
    view = views.show(db, "document", key)
    document = view["document"]
    out = [r["document"] for r in document.get("references", []) if r.get("document")]
    linked = [*out, *view["referred_by"]]
    if document.get("supersedes"):
        linked.append(document["supersedes"])
    return render(
        request,
        "document.html",
        status,
        notice=notice,
        forms=forms or {},
        levels=[c.value for c in Classification],
        title=document["title"],
        section="documents",
        view=view,
        doc=document,
        draft_marking=draft_marking(str(document.get("classification") or "unclassified")),
        documents=overview.titles(db, "document", linked),
        persons=overview.titles(db, "person", _people(document)),
        cases=overview.titles(db, "case", document.get("cases", [])),
        proposals=overview.titles(db, "proposal", document.get("proposals", [])),
    )


def _people(document: dict[str, Any]) -> list[str]:
    keys = list(document.get("persons", []))
    for field in ("from", "to"):
        keys += [p["person"] for p in document.get(field, []) if p.get("person")]
    for field in ("drafted_by", "cleared_with", "approved_by"):
        keys += document.get(field, [])
    return keys


DECIDED = {
    "link": "Linked: the document on file stands for the imported one, which was not filed.",
    "file": "Filed: the imported document is on file under its own key.",
}


def _import_page(request: Request, status: int = 200, **context: Any) -> Response:
    """The import page, with the documents earlier imports held back as probably on file."""
    who = viewer()
    offers = duplicates.waiting(database(request)) if who.may(Permission.FILE_DOCUMENTS) else []
    context.setdefault("report", None)
    return render(
        request,
        "import.html",
        status,
        title="Import documents",
        section="import",
        waiting=[offer.plain() for offer in offers],
        **context,
    )


@record_pages.get("/import")
@page
def import_page(request: Request, decided: str = Query(default="", max_length=10)) -> Response:
    return _import_page(request, notice=DECIDED.get(decided))


@record_pages.post("/import/duplicates/{key}")
@page
def decide_duplicate(
    request: Request,
    key: str,
    choice: str = Form(default="", max_length=10),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """Link a held-back document to the one on file, or file it after all (a button each)."""
    refusal = form_refusal(request, csrf_token)
    if refusal is not None:
        return refused(request, refusal, "/import")
    if choice not in DECIDED:
        return _import_page(
            request, 422, errors={"choice": "Choose to link it or to file it."}, notice=None
        )
    duplicates.decide(database(request), key, choice)
    return RedirectResponse(with_query("/import", decided=choice), status_code=303)


@record_pages.post("/import")
@page
def import_files(
    request: Request,
    files: list[UploadFile] = File(default=[]),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    """Import uploaded files: the per-file report, as on the command line."""
    refusal = form_refusal(request, csrf_token)
    if refusal is not None:
        return refused(request, refusal, "/import")
    chosen = [f for f in files if f.filename]
    if not chosen:
        return _import_page(
            request,
            422,
            errors={"files": "Choose one or more files to import (plain text or FRUS TEI)."},
        )
    with tempfile.TemporaryDirectory(prefix="glienicke-import-") as folder:
        paths = []
        shown: dict[Path, str] = {}  # the report and the record name the upload, not the copy
        for index, upload in enumerate(chosen):
            name = imports.uploaded_name(upload.filename, index)
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100]
            target = Path(folder) / f"{index:04d}-{safe}"
            target.write_bytes(upload.file.read())
            paths.append(target)
            shown[target] = name
        report = imports.import_paths(database(request), paths, shown=shown)
    return _import_page(request, report=report.plain())
