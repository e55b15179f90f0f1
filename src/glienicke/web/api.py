"""JSON API routes: thin over the services."""

from __future__ import annotations

import json
import re
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, UploadFile
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from glienicke.dataset.codec import from_plain, to_plain
from glienicke.dataset.files import parse_text, render
from glienicke.domain.catalog import BY_SECTION, KINDS
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.services import (
    audit,
    datasets,
    duplicates,
    imports,
    law,
    mentions,
    proposals,
    records,
    views,
)
from glienicke.services import search as searching
from glienicke.services.database import Database

# Declares the Bearer scheme in the OpenAPI document; the middleware in web.app signs requests
# in, so a missing token here is not an error by itself (the services refuse what needs one).
router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])


# Every record kind, by its dataset section name, for the stored form of records.
Section = StrEnum("Section", {kind.section: kind.section for kind in KINDS})  # type: ignore[misc]


class Viewed(StrEnum):
    persons = "persons"
    cases = "cases"
    proposals = "proposals"
    documents = "documents"


class ErrorShape(BaseModel):
    error: dict[str, Any]


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorShape, "description": "not signed in, or the token is not valid"},
    403: {
        "model": ErrorShape,
        "description": "the account's roles or the token's scopes do not allow this",
    },
    413: {"model": ErrorShape, "description": "the request body is too large"},
    404: {"model": ErrorShape, "description": "no such record (or none the account may see)"},
    409: {"model": ErrorShape, "description": "stale edit or conflicting key"},
    422: {"model": ErrorShape, "description": "invalid input, each problem with its place"},
}


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@router.get("", responses=ERRORS)
def index() -> dict[str, Any]:
    """Where to start: the record lists and the OpenAPI document."""
    return {
        "name": "Glienicke",
        "openapi": "/api/v1/openapi.json",
        "lists": [f"/api/v1/{kind.value}" for kind in Viewed],
        "records": [f"/api/v1/records/{kind.section}" for kind in KINDS],
        "dataset": "/api/v1/dataset",
    }


@router.get("/records/{section}", responses=ERRORS)
def list_stored(request: Request, section: Section) -> list[dict[str, Any]]:
    """Every stored record of another kind, as in a dataset."""
    return [to_plain(r) for r in records.list_stored(_db(request), section.value)]


class Stored(BaseModel):
    record: dict[str, Any] = Field(description="the record as in a dataset")
    version: int = Field(description="give it back as expected_version when editing")


@router.get("/records/{section}/{key}", responses=ERRORS)
def show_stored(request: Request, section: Section, key: str) -> Stored:
    """One stored record, as in a dataset, with its version."""
    record, version = records.get_versioned(_db(request), section.value, key)
    return Stored(record=to_plain(record), version=version)


@router.post("/records/{section}", status_code=201, responses=ERRORS)
def add_stored(
    request: Request,
    section: Section,
    body: Annotated[dict[str, Any], Body(description="the record, as in a dataset")],
) -> Stored:
    """Add a new record of any kind, checked as a dataset record would be."""
    record = records.add_record(_db(request), _record(section, body))
    return Stored(record=to_plain(record), version=1)


@router.put("/records/{section}/{key}", responses=ERRORS)
def edit_stored(
    request: Request,
    section: Section,
    key: str,
    expected_version: Annotated[int, Query(description="the version you edited")],
    body: Annotated[dict[str, Any], Body(description="the whole edited record")],
) -> Stored:
    """Replace a record with an edited copy; refused if someone saved it since your version."""
    record = _record(section, body)
    if record.key != key:
        raise ValidationFailed.single(
            "body.key", f"the record's key must be '{key}', as in the URL"
        )
    records.edit_record(_db(request), record, expected_version)
    return Stored(record=to_plain(record), version=expected_version + 1)


class DeclassifyIn(BaseModel):
    to: str = Field(description="the new, lower classification")
    on: str = Field(description="the date of the decision")
    authority: str = Field(description="who or what authorised it")


@router.post("/records/{section}/{key}/declassify", responses=ERRORS)
def declassify(request: Request, section: Section, key: str, body: DeclassifyIn) -> Stored:
    """Lower a case's, proposal's or document's classification (audited)."""
    records.declassify(
        _db(request),
        BY_SECTION[section.value].name,
        key,
        body.to,
        on=body.on,
        authority=body.authority,
    )
    stored, version = records.get_versioned(_db(request), section.value, key)
    return Stored(record=to_plain(stored), version=version)


def _record(section: Section, body: dict[str, Any]) -> Any:
    problems: list[Problem] = []
    record = from_plain(BY_SECTION[section.value].cls, body, "body", problems)
    if problems:
        raise ValidationFailed(problems)
    return record


@router.get("/dataset", responses=ERRORS)
def dump_dataset(request: Request) -> dict[str, Any]:
    """Everything the account may see, as a dataset (JSON; `glienicke dump` also writes YAML)."""
    dumped: dict[str, Any] = json.loads(datasets.dump(_db(request), "json"))
    return dumped


class LoadResult(BaseModel):
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]


@router.post("/dataset", responses=ERRORS)
def load_dataset(
    request: Request, dataset: Annotated[dict[str, Any], Body(description="a dataset (JSON)")]
) -> LoadResult:
    """Load a dataset: all records or none."""
    source = parse_text(render(dataset, "json"), "request body", "json")
    return LoadResult(**datasets.load_sources(_db(request), [source]).as_dict())


class StageIn(BaseModel):
    stage: str = Field(description="e.g. 'convicted'")
    date: str = Field(description="a partial date, e.g. '1939-03' or 'about 1941-04'")
    note: str | None = None
    source: str | None = None
    expected_version: int | None = Field(default=None, description="refuse if changed since")


@router.post("/detentions/{key}/stages", responses=ERRORS)
def record_stage(request: Request, key: str, body: StageIn) -> dict[str, Any]:
    """Record a legal stage of a detention."""
    detention = records.record_stage(
        _db(request),
        key,
        body.stage,
        body.date,
        note=body.note,
        source=body.source,
        expected_version=body.expected_version,
    )
    return to_plain(detention)


class SubjectIn(BaseModel):
    person: str
    basis: str = Field(description="national, spouse-of-national, child-of-national, ...")
    detention: str | None = None
    exit_restriction: str | None = None
    expected_version: int | None = None


@router.post("/cases/{key}/subjects", responses=ERRORS)
def add_subject(request: Request, key: str, body: SubjectIn) -> dict[str, Any]:
    """Add a person to a case."""
    return to_plain(
        records.add_subject(
            _db(request),
            key,
            body.person,
            body.basis,
            detention=body.detention,
            exit_restriction=body.exit_restriction,
            expected_version=body.expected_version,
        )
    )


class CloseIn(BaseModel):
    on: str
    outcome: str
    expected_version: int | None = None


@router.post("/cases/{key}/close", responses=ERRORS)
def close_case(request: Request, key: str, body: CloseIn) -> dict[str, Any]:
    """Close a case with its outcome."""
    return to_plain(
        records.close_case(
            _db(request), key, body.on, body.outcome, expected_version=body.expected_version
        )
    )


class ItemBody(BaseModel):
    side: str = Field(description="give or get")
    kind: str = Field(description="release, exit-permission, transfer, dropped-charges, other")
    person: str | None = None
    mechanism: str | None = None
    description: str | None = None
    expected_version: int | None = None

    def details(self) -> dict[str, Any]:
        """What the item says besides its side and kind, and the version edited."""
        return self.model_dump(include={"person", "mechanism", "description", "expected_version"})


class ItemIn(ItemBody):
    key: str


@router.post("/proposals/{key}/items", responses=ERRORS)
def add_item(request: Request, key: str, body: ItemIn) -> dict[str, Any]:
    """Add an item to one side of a proposal."""
    return to_plain(
        proposals.add_item(_db(request), key, body.key, body.side, body.kind, **body.details())
    )


class ConditionBody(BaseModel):
    text: str
    item: str | None = Field(default=None, description="the item it attaches to; none: the whole")
    expected_version: int | None = None


class ConditionIn(ConditionBody):
    key: str


@router.post("/proposals/{key}/conditions", responses=ERRORS)
def add_condition(request: Request, key: str, body: ConditionIn) -> dict[str, Any]:
    """Attach a condition to a proposal or one of its items."""
    return to_plain(
        proposals.add_condition(
            _db(request),
            key,
            body.key,
            body.text,
            item=body.item,
            expected_version=body.expected_version,
        )
    )


ExpectedVersion = Annotated[
    int | None, Query(description="refuse if the proposal changed since this version")
]


@router.put("/proposals/{key}/items/{item}", responses=ERRORS)
def edit_item(request: Request, key: str, item: str, body: ItemBody) -> dict[str, Any]:
    """Change an item of a proposal still open (its key stays)."""
    return to_plain(
        proposals.edit_item(_db(request), key, item, body.side, body.kind, **body.details())
    )


@router.delete("/proposals/{key}/items/{item}", responses=ERRORS)
def remove_item(
    request: Request, key: str, item: str, expected_version: ExpectedVersion = None
) -> dict[str, Any]:
    """Take an item off a proposal still open (refused while a condition or a clearance step
    on record concerns it)."""
    return to_plain(
        proposals.remove_item(_db(request), key, item, expected_version=expected_version)
    )


@router.put("/proposals/{key}/conditions/{condition}", responses=ERRORS)
def edit_condition(
    request: Request, key: str, condition: str, body: ConditionBody
) -> dict[str, Any]:
    """Change a condition of a proposal still open, or what it attaches to."""
    return to_plain(
        proposals.edit_condition(
            _db(request),
            key,
            condition,
            body.text,
            item=body.item,
            expected_version=body.expected_version,
        )
    )


@router.delete("/proposals/{key}/conditions/{condition}", responses=ERRORS)
def remove_condition(
    request: Request, key: str, condition: str, expected_version: ExpectedVersion = None
) -> dict[str, Any]:
    """Take a condition off a proposal still open."""
    return to_plain(
        proposals.remove_condition(_db(request), key, condition, expected_version=expected_version)
    )


class ConsiderationIn(BaseModel):
    stance: str = Field(description="for or against")
    category: str = Field(description="humanitarian, deterrence, precedent, reciprocity, ...")
    argument: str
    made_by: str | None = None
    document: str | None = None
    weight: int = Field(default=3, ge=1, le=5)
    expected_version: int | None = None


@router.put("/considerations/{key}", responses=ERRORS)
def edit_consideration(request: Request, key: str, body: ConsiderationIn) -> dict[str, Any]:
    """Change an argument on record about a proposal still open."""
    return to_plain(
        proposals.edit_consideration(
            _db(request),
            key,
            body.stance,
            body.category,
            body.argument,
            made_by=body.made_by,
            document=body.document,
            weight=body.weight,
            expected_version=body.expected_version,
        )
    )


@router.delete("/considerations/{key}", responses=ERRORS)
def remove_consideration(
    request: Request,
    key: str,
    expected_version: Annotated[int | None, Query(description="the version you saw")] = None,
) -> dict[str, str]:
    """Take an argument about a proposal still open off the record (the audit trail keeps it)."""
    proposal = proposals.remove_consideration(_db(request), key, expected_version=expected_version)
    return {"removed": key, "proposal": proposal}


class LinkIn(BaseModel):
    kind: str = Field(description="person, case or proposal")
    key: str


@router.post("/documents/{key}/links", responses=ERRORS)
def link_document(request: Request, key: str, body: LinkIn) -> dict[str, Any]:
    """Link a filed document to a person, case or proposal."""
    return to_plain(records.link_document(_db(request), key, body.kind, body.key))


# The catch-all routes come last, so that fixed paths such as /dataset are matched first.
class AuditVerification(BaseModel):
    intact: bool
    entries: int = Field(description="how many entries were checked")
    head: str = Field(description="hash of the last good entry: keep it elsewhere")
    finding: str | None = Field(description="the first altered, removed or reordered entry")
    sealed: bool = Field(
        default=False, description="the chain ends at the head the configured audit key sealed"
    )


@router.get("/audit", responses=ERRORS)
def audit_list(
    request: Request,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    key: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """The newest audit entries, filtered (auditors and administrators)."""
    entries = audit.list_entries(
        _db(request), kind=kind, key=key, actor=actor, action=action, limit=limit
    )
    return [audit.entry_view(e) for e in entries]


@router.get("/audit/verify", responses=ERRORS)
def audit_verify(
    request: Request,
    head: Annotated[
        str | None,
        Query(
            max_length=64,
            description="a head hash recorded earlier: the chain must end at or pass through it",
        ),
    ] = None,
) -> AuditVerification:
    """Check the audit trail's hash chain (and, with `head`, that it keeps a recorded head)."""
    result = audit.verify_trail(_db(request), head=head)
    return AuditVerification(
        intact=result.intact,
        entries=result.entries,
        head=result.head,
        sealed=result.sealed,
        finding=None if result.finding is None else str(result.finding),
    )


AsOfQuery = Annotated[
    str | None, Query(max_length=10, description="the day to judge on, YYYY-MM-DD (default today)")
]


@router.get("/windows/{person}", responses=ERRORS)
def windows(
    request: Request,
    person: str,
    as_of: AsOfQuery = None,
    detention: Annotated[str | None, Query(max_length=120)] = None,
) -> dict[str, Any]:
    """Every legal way to release a person held: open, not yet open or closed, and why."""
    found = law.windows_for(_db(request), person, law.parse_as_of(as_of), detention)
    return law.windows_view(found)


@router.get("/deadlines", responses=ERRORS)
def deadlines(
    request: Request,
    as_of: AsOfQuery = None,
    within: Annotated[int | None, Query(ge=0, le=36500)] = None,
) -> list[dict[str, Any]]:
    """Windows closing on a known or expected date: alarms first, then the soonest."""
    found = law.deadlines(_db(request), law.parse_as_of(as_of), within)
    return [law.deadline_view(d) for d in found]


@router.get("/urgency", responses=ERRORS)
def urgency(request: Request, as_of: AsOfQuery = None) -> list[dict[str, Any]]:
    """Open cases and proposals, the most urgent first, each score with its terms."""
    return [law.urgency_view(u) for u in law.urgency(_db(request), law.parse_as_of(as_of))]


@router.get("/search", responses=ERRORS)
def search(
    request: Request,
    q: Annotated[
        str,
        Query(min_length=1, max_length=500, description='words, "a phrase", prefix*, -excluded'),
    ],
    kind: Annotated[list[str] | None, Query()] = None,
    classification: Annotated[list[str] | None, Query()] = None,
    year_from: Annotated[int | None, Query(ge=1, le=9999)] = None,
    year_to: Annotated[int | None, Query(ge=1, le=9999)] = None,
    person: Annotated[str | None, Query(max_length=120)] = None,
    case: Annotated[str | None, Query(max_length=120)] = None,
    proposal: Annotated[str | None, Query(max_length=120)] = None,
    file: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(max_length=10, description="draft or filed")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> dict[str, Any]:
    """Full-text search of the documents the caller may see: ranked, with snippets and facets."""
    filters = searching.filters_from(
        kind=kind,
        classification=classification,
        year_from=year_from,
        year_to=year_to,
        person=person,
        case=case,
        proposal=proposal,
        file=file,
        status=status,
    )
    return searching.search_documents(_db(request), q, filters, limit=limit, offset=offset)


@router.post("/import", responses=ERRORS)
def import_documents(request: Request, files: list[UploadFile]) -> dict[str, Any]:
    """Import uploaded files (plain text or FRUS TEI): the per-file report, as on the command
    line. Files already imported are skipped; a malformed one is reported and skipped."""
    with tempfile.TemporaryDirectory(prefix="glienicke-import-") as folder:
        paths = []
        shown: dict[Path, str] = {}  # the report and the record name the upload, not the copy
        for index, upload in enumerate(files):
            name = imports.uploaded_name(upload.filename, index)
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100]
            target = Path(folder) / f"{index:04d}-{safe}"
            target.write_bytes(upload.file.read())
            paths.append(target)
            shown[target] = name
        report = imports.import_paths(_db(request), paths, shown=shown)
    return report.plain()


@router.get("/import/duplicates", responses=ERRORS)
def held_back(request: Request) -> list[dict[str, Any]]:
    """Imported documents held back as probably on file already under another key, each with
    the key on file and why, waiting for a decision."""
    return [offer.plain() for offer in duplicates.waiting(_db(request))]


class DecisionIn(BaseModel):
    choice: Literal["link", "file"] = Field(
        description="link: the document on file stands for it, it is not filed;"
        " file: file it under its own key after all"
    )


@router.post("/import/duplicates/{key}", responses=ERRORS)
def decide_duplicate(request: Request, key: str, body: DecisionIn) -> dict[str, Any]:
    """Decide a held-back document: link it to the one on file, or file it."""
    return duplicates.decide(_db(request), key, body.choice).plain()


@router.get("/mentions", responses=ERRORS)
def review_queue(
    request: Request,
    document: Annotated[str | None, Query(max_length=120)] = None,
    unmatched: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    """Names in documents that fit several persons on file (with `unmatched`, or none),
    waiting for review, in the documents the caller may see."""
    return mentions.review_queue(_db(request), document=document, unmatched=unmatched, limit=limit)


class ConfirmIn(BaseModel):
    person: str = Field(description="the person meant: one of the mention's candidates")
    any_person: bool = Field(
        default=False, description="the person meant is not a candidate, but is on file"
    )


@router.post("/mentions/{document}/{position}/confirm", responses=ERRORS)
def confirm_mention(
    request: Request, document: str, position: int, body: ConfirmIn
) -> dict[str, Any]:
    """Say whom a mention means; the document is linked to that person."""
    return mentions.confirm_mention(
        _db(request), document, position, body.person, any_person=body.any_person
    )


@router.post("/mentions/{document}/{position}/reject", responses=ERRORS)
def reject_mention(request: Request, document: str, position: int) -> dict[str, Any]:
    """Say that a mention means nobody on file."""
    return mentions.reject_mention(_db(request), document, position)


@router.get("/{kind}", responses=ERRORS)
def list_records(request: Request, kind: Viewed) -> list[dict[str, Any]]:
    """One summary per person, case, proposal or document."""
    return views.listing(_db(request), kind.value)


@router.get("/{kind}/{key}", responses=ERRORS)
def show_record(request: Request, kind: Viewed, key: str) -> dict[str, Any]:
    """A person, case, proposal or document with what the product derives about it."""
    return views.show(_db(request), kind.value.removesuffix("s"), key)
