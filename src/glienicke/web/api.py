"""JSON API routes: thin over the services."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from glienicke.dataset.codec import to_plain
from glienicke.dataset.files import parse_text, render
from glienicke.domain.catalog import BY_SECTION
from glienicke.services import datasets, proposals, records, views
from glienicke.services.database import Database

router = APIRouter()


class Section(StrEnum):
    """Record kinds that are shown as stored, with no derived view."""

    states = "states"
    offices = "offices"
    tenures = "tenures"
    detentions = "detentions"
    exit_restrictions = "exit_restrictions"
    considerations = "considerations"
    clearance_steps = "clearance_steps"
    commitments = "commitments"
    events = "events"


class Viewed(StrEnum):
    persons = "persons"
    cases = "cases"
    proposals = "proposals"
    documents = "documents"


class ErrorShape(BaseModel):
    error: dict[str, Any]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorShape, "description": "no such record"},
    409: {"model": ErrorShape, "description": "stale edit or conflicting key"},
    422: {"model": ErrorShape, "description": "invalid input, each problem with its place"},
}


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@router.get("")
def index() -> dict[str, Any]:
    """Where to start: the record lists and the OpenAPI document."""
    return {
        "name": "Glienicke",
        "openapi": "/api/v1/openapi.json",
        "lists": [f"/api/v1/{kind.value}" for kind in Viewed],
        "records": [f"/api/v1/records/{section.value}" for section in Section],
        "dataset": "/api/v1/dataset",
    }


@router.get("/records/{section}", responses=ERRORS)
def list_stored(request: Request, section: Section) -> list[dict[str, Any]]:
    """Every stored record of another kind, as in a dataset."""
    cls = BY_SECTION[section.value].cls
    with _db(request).reading() as repo:
        return [to_plain(r) for r in repo.all(cls)]


@router.get("/records/{section}/{key}", responses=ERRORS)
def show_stored(request: Request, section: Section, key: str) -> dict[str, Any]:
    """One stored record of another kind, as in a dataset."""
    return dict(to_plain(records.get_record(_db(request), section.value, key)))


@router.get("/dataset", response_class=PlainTextResponse, responses=ERRORS)
def dump_dataset(
    request: Request, fmt: Annotated[str, Query(alias="format", pattern="^(yaml|json)$")] = "json"
) -> str:
    """The whole database as a dataset."""
    return datasets.dump(_db(request), fmt)


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


class AnswerIn(BaseModel):
    answer: str = Field(description="concur, concur-with-conditions, non-concur, ...")
    on: str = Field(description="date of the answer")
    by: str | None = None
    reasons: str | None = None
    document: str | None = None
    decision: str | None = None


@router.post("/clearance_steps/{key}/answer", responses=ERRORS)
def record_answer(request: Request, key: str, body: AnswerIn) -> dict[str, Any]:
    """Record an office's answer to a clearance step."""
    step = proposals.record_answer(
        _db(request),
        key,
        body.answer,
        body.on,
        by=body.by,
        reasons=body.reasons,
        document=body.document,
        decision=body.decision,
    )
    return to_plain(step)


class FulfilmentIn(BaseModel):
    on: str
    partly: bool = False
    evidence: str | None = None
    note: str | None = None


@router.post("/commitments/{key}/fulfilment", responses=ERRORS)
def record_fulfilment(request: Request, key: str, body: FulfilmentIn) -> dict[str, Any]:
    """Mark a commitment fulfilled, with its evidence."""
    return to_plain(
        proposals.record_fulfilment(
            _db(request),
            key,
            body.on,
            partly=body.partly,
            evidence=body.evidence,
            note=body.note,
        )
    )


class FollowUpIn(BaseModel):
    on: str
    action: str = "press"
    by: str | None = None
    note: str | None = None
    document: str | None = None


@router.post("/commitments/{key}/follow_ups", responses=ERRORS)
def record_follow_up(request: Request, key: str, body: FollowUpIn) -> dict[str, Any]:
    """Record that we pressed on a commitment."""
    return to_plain(
        proposals.record_follow_up(
            _db(request),
            key,
            body.on,
            action=body.action,
            by=body.by,
            note=body.note,
            document=body.document,
        )
    )


# The catch-all routes come last, so that fixed paths such as /dataset are matched first.
@router.get("/{kind}", responses=ERRORS)
def list_records(request: Request, kind: Viewed) -> list[dict[str, Any]]:
    """One summary per person, case, proposal or document."""
    return views.listing(_db(request), kind.value)


@router.get("/{kind}/{key}", responses=ERRORS)
def show_record(request: Request, kind: Viewed, key: str) -> dict[str, Any]:
    """A person, case, proposal or document with what the product derives about it."""
    return views.show(_db(request), kind.value.removesuffix("s"), key)
