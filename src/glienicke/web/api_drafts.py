"""JSON API routes for drafts: drafting from a proposal, clearing, revising and filing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from glienicke.records.drafts import DraftKind
from glienicke.services import drafts
from glienicke.services.database import Database
from glienicke.web.api import ERRORS

# Included with the negotiation routes, before the record routes' catch-all /{kind}/{key}.
drafts_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


class DraftIn(BaseModel):
    kind: DraftKind = Field(description="concurrence-letter, embassy-telegram or principal-memo")
    step: str | None = Field(
        default=None, description="the clearance step a concurrence letter asks"
    )
    by: str | None = Field(default=None, description="the drafter (a person's key)")
    clear_with: list[str] = Field(
        default_factory=list, description="persons whose clearance the draft needs"
    )
    on: str | None = Field(default=None, description="the draft's date")
    from_office: str | None = Field(default=None, description="the sending office")
    to_office: str | None = Field(default=None, description="the office addressed")


@drafts_router.post("/proposals/{key}/drafts", status_code=201, responses=ERRORS)
def draft(request: Request, key: str, body: DraftIn) -> dict[str, Any]:
    """Draft a letter, telegram or memorandum from a proposal; it is filed as a draft."""
    document = drafts.draft_document(
        _db(request),
        key,
        body.kind,
        step=body.step,
        by=body.by,
        clear_with=body.clear_with,
        on=body.on,
        from_office=body.from_office,
        to_office=body.to_office,
    )
    return drafts.draft_view(document)


class ClearanceIn(BaseModel):
    by: str = Field(description="who cleared it: a person named when it was drafted")
    on: str | None = Field(default=None, description="when they cleared it")


@drafts_router.post("/documents/{key}/clearances", responses=ERRORS)
def clear(request: Request, key: str, body: ClearanceIn) -> dict[str, Any]:
    """Record that a person named when the draft was made has cleared it."""
    return drafts.draft_view(drafts.clear_draft(_db(request), key, body.by, on=body.on))


class FileIn(BaseModel):
    on: str | None = Field(default=None, description="the date it bears once filed")


@drafts_router.post("/documents/{key}/file", responses=ERRORS)
def file(request: Request, key: str, body: FileIn | None = None) -> dict[str, Any]:
    """File a draft once everyone named has cleared it; it is immutable afterwards."""
    on = None if body is None else body.on
    return drafts.draft_view(drafts.file_draft(_db(request), key, on=on))


class ReviseIn(BaseModel):
    body: str | None = Field(default=None, description="the new text")
    title: str | None = Field(default=None, description="a new title")


@drafts_router.post("/documents/{key}/revise", responses=ERRORS)
def revise(request: Request, key: str, body: ReviseIn) -> dict[str, Any]:
    """Give a draft a new body or title; a filed document is refused."""
    return drafts.draft_view(
        drafts.revise_draft(_db(request), key, body=body.body, title=body.title)
    )
