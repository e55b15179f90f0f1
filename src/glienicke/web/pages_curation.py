"""Keeping the record: the review queue of names that fit several persons (or none), linking a
document to a person, case or proposal, adding a subject to a case, and declassifying a case,
proposal or document. Each form calls the service the command line and the API call."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from glienicke.domain.errors import ValidationFailed
from glienicke.services import mentions, overview, records
from glienicke.web.forms import DeclassifyForm, LinkForm, ReviewForm, SubjectForm
from glienicke.web.pages_cases import case_change, show_case_page
from glienicke.web.pages_common import (
    database,
    field_errors,
    form_refusal,
    page,
    refused,
    render,
    version_of,
    with_query,
)
from glienicke.web.pages_proposals import proposal_again
from glienicke.web.pages_record import show_document_page

curation_pages = APIRouter(include_in_schema=False)

# Where each declassifiable kind's page is, and the form that is shown again on an error.
PAGE_OF = {"case": "/cases/{key}", "proposal": "/proposals/{key}", "document": "/documents/{key}"}
LINK_KINDS = ("person", "case", "proposal")


@curation_pages.get("/mentions")
@page
def review_queue(
    request: Request,
    document: str = Query(default="", max_length=200),
    unmatched: bool = False,
    done: str = Query(default="", max_length=20),
) -> Response:
    """Names waiting for a reviewer, each with its candidates and where it stands."""
    return _queue(request, document, unmatched, notice=REVIEWED.get(done))


REVIEWED = {
    "confirmed": "The mention is confirmed; the document is now linked to that person.",
    "rejected": "The mention is marked as meaning nobody on file.",
}


def _queue(
    request: Request,
    document: str,
    unmatched: bool,
    *,
    notice: str | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    status: int = 200,
) -> Response:
    db = database(request)
    waiting = mentions.review_queue(db, document=document.strip() or None, unmatched=unmatched)
    candidates = sorted({k for entry in waiting for k in entry["candidates"]})
    return render(
        request,
        "mentions.html",
        status,
        title="Names to review",
        section="mentions",
        waiting=waiting,
        names=overview.titles(db, "person", candidates),
        document=document.strip(),
        unmatched=unmatched,
        notice=notice,
        errors=errors or {},
    )


@curation_pages.post("/mentions/{document}/{position}")
@page
def review_mention(
    request: Request, document: str, position: int, form: Annotated[ReviewForm, Form()]
) -> Response:
    """Confirm whom a mention means (a candidate, or any person on file), or reject it."""
    decision, person, unmatched = form.decision, form.person, form.unmatched
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, "/mentions")
    db = database(request)
    place = f"{document}-{position}"
    try:
        if decision == "reject":
            mentions.reject_mention(db, document, position)
        elif decision == "confirm":
            chosen = form.any_person.strip() or person.strip()
            if not chosen:
                raise ValidationFailed.single("person", "choose whom the name means")
            mentions.confirm_mention(db, document, position, chosen, any_person=chosen != person)
        else:
            raise ValidationFailed.single("decision", "choose to confirm or to reject")
    except ValidationFailed as error:
        errors = {place: field_errors(error, {"person", "decision"})}
        return _queue(request, "", unmatched == "true", errors=errors, status=422)
    done = "rejected" if decision == "reject" else "confirmed"
    target = with_query("/mentions", done=done, unmatched="true" if unmatched == "true" else "")
    return RedirectResponse(target, status_code=303)


@curation_pages.post("/documents/{key}/links")
@page
def link_document(request: Request, key: str, form: Annotated[LinkForm, Form()]) -> Response:
    """Link a filed document to a person, case or proposal (the document itself is unchanged)."""
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/documents/{key}")
    kind, target, values = form.kind, form.target, form.values()
    try:
        if not target.strip():
            raise ValidationFailed.single("target", f"give the key of the {kind or 'record'}")
        records.link_document(database(request), key, kind, target.strip())
    except ValidationFailed as error:
        errors = field_errors(error, {"target", "target_kind"})
        if "target_kind" in errors:
            errors["kind"] = errors.pop("target_kind")
        shown = {"values": values, "errors": errors}
        return show_document_page(request, key, forms={"link": shown}, status=422)
    return RedirectResponse(f"/documents/{key}?done=linked", status_code=303)


@curation_pages.post("/cases/{key}/subjects")
@page
def add_subject(request: Request, key: str, form: Annotated[SubjectForm, Form()]) -> Response:
    """Add a person to a case: a detainee with the detention, or a relative refused exit."""
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/cases/{key}")
    person, as_of, values = form.person, form.as_of, form.values()

    def change() -> None:
        if not person.strip():
            raise ValidationFailed.single("person", "give the key of the person to add")
        records.add_subject(
            database(request),
            key,
            person.strip(),
            form.basis,
            detention=form.detention.strip() or None,
            exit_restriction=form.exit_restriction.strip() or None,
            expected_version=version_of(form.version),
        )

    again = case_change(request, key, as_of, "subject", values, change, set(values))
    if again is not None:
        return again
    return RedirectResponse(
        with_query(f"/cases/{key}", as_of=as_of, done="subject") + "#subjects-heading",
        status_code=303,
    )


@curation_pages.post("/declassify/{kind}/{key}")
@page
def declassify(
    request: Request, kind: str, key: str, form: Annotated[DeclassifyForm, Form()]
) -> Response:
    """Lower a case's, proposal's or document's classification, with its date and authority."""
    if kind not in PAGE_OF:
        return refused(request, f"'{kind}' has no classification to lower.", "/", 404)
    back = PAGE_OF[kind].format(key=key)
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, back)
    values = form.values()
    try:
        for name, given in values.items():
            if not given.strip():
                raise ValidationFailed.single(name, "this is needed to declassify")
        records.declassify(
            database(request), kind, key, form.to, on=form.on.strip(), authority=form.authority
        )
    except ValidationFailed as error:
        shown = {"values": values, "errors": field_errors(error, set(values))}
        if kind == "document":
            return show_document_page(request, key, forms={"declassify": shown}, status=422)
        if kind == "case":
            return show_case_page(request, key, "", forms={"declassify": shown}, status=422)
        return proposal_again(request, key, "", forms={"declassify": shown}, status=422)
    return RedirectResponse(f"{back}?done=declassified", status_code=303)
