"""Cases and detentions: the case list, a case's page with its windows and timeline, and the
forms that open, edit and close a case and record a legal stage."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from glienicke.domain.cases import Basis, CaseStatus, CaseSubject, Priority
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import StageKind
from glienicke.domain.documents import Classification
from glienicke.domain.errors import DuplicateKey, NotFound, StaleVersion, ValidationFailed
from glienicke.domain.proposals import Side
from glienicke.law.duties import Determination, DutyStatus, Finding
from glienicke.law.evaluator import Windows
from glienicke.security.model import level
from glienicke.services import duties, overview, records, summary
from glienicke.web.choices import choices
from glienicke.web.forms_records import (
    CaseEditForm,
    CloseForm,
    CriterionForm,
    DeterminationForm,
    DutyForm,
    NewCaseForm,
    StageForm,
)
from glienicke.web.pages_common import (
    as_of_from,
    database,
    field_errors,
    form_refusal,
    page,
    refused,
    render,
    sentence,
    signed_in_user,
    stale_message,
    version_of,
    with_query,
)
from glienicke.web.timeline import case_items, draw

cases_pages = APIRouter(include_in_schema=False)

PRIORITY_ORDER = {p: n for n, p in enumerate(reversed(list(Priority)))}
SORTS = ("priority", "title", "status", "officer", "opened")
CASES_PAGE = 100  # cases a page of the list shows
DONE = {
    "stage": "The stage is recorded; the windows below are worked out again from it.",
    "later": "The stage is recorded.",
    "edited": "The case is saved.",
    "closed": "The case is closed.",
    "opened": "The case is open.",
    "subject": "The subject is added to the case.",
    "declassified": "The case is declassified; the change is in the audit trail.",
    "duty": "The duty is recorded; the change is in the audit trail.",
    "criterion": "The criterion is assessed; the change is in the audit trail.",
    "determined": "The determination is recorded; the change is in the audit trail.",
}


@cases_pages.get("/cases")
@page
def case_list(
    request: Request,
    status: str = "",
    priority: str = "",
    officer: str = "",
    sort: str = "",
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Response:
    rows = overview.case_rows(database(request))
    officers = sorted({r["case"].officer for r in rows if r["case"].officer})
    shown = [
        r
        for r in rows
        if (not status or r["case"].status.value == status)
        and (not priority or r["case"].priority.value == priority)
        and (not officer or (r["case"].officer or "") == officer)
    ]
    sort = sort if sort in SORTS else "priority"
    keys: dict[str, Any] = {
        "priority": lambda r: (PRIORITY_ORDER[r["case"].priority], not r["open"], r["case"].key),
        "title": lambda r: r["case"].title.lower(),
        "status": lambda r: (not r["open"], r["case"].key),
        "officer": lambda r: (r["case"].officer is None, r["case"].officer or "", r["case"].key),
        "opened": lambda r: r["case"].opened_on.sort_key() if r["case"].opened_on else (9999,),
    }
    shown.sort(key=keys[sort])
    return render(
        request,
        "cases.html",
        title="Cases",
        section="cases",
        rows=shown[offset : offset + CASES_PAGE],
        matching=len(shown),
        offset=offset,
        per_page=CASES_PAGE,
        total=len(rows),
        filters={"status": status, "priority": priority, "officer": officer, "sort": sort},
        statuses=[s.value for s in CaseStatus],
        priorities=[p.value for p in Priority],
        officers=officers,
        sorts=SORTS,
    )


@cases_pages.get("/cases/new")
@page
def new_case(request: Request) -> Response:
    return _new_case_form(request, {}, {})


def _new_case_form(
    request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    user = signed_in_user(request)
    return render(
        request,
        "case_new.html",
        status,
        title="Open a case",
        section="cases",
        values=values,
        errors=errors,
        priorities=[p.value for p in Priority],
        bases=[b.value for b in Basis],
        **choices(database(request)),
        # up to the user's own clearance: a case marked above it would vanish from their sight
        levels=[
            c.value for c in Classification if user is None or level(c) <= level(user.clearance)
        ],
    )


@cases_pages.post("/cases")
@page
def open_case(request: Request, form: Annotated[NewCaseForm, Form()]) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, "/cases/new")
    values = form.values()
    key, title, priority, officer = form.key, form.title, form.priority, form.officer
    opened_on, person, basis, detention = form.opened_on, form.person, form.basis, form.detention
    classification = form.classification
    try:
        form.too_long()
        if not classification:
            raise ValidationFailed.single("classification", "choose how the case is classified")
        subjects = []
        if person.strip():
            subjects.append(
                CaseSubject(
                    person=person.strip(),
                    basis=Basis(basis) if basis in {b.value for b in Basis} else Basis.OTHER,
                    detention=detention.strip() or None,
                )
            )
        made = records.open_case(
            database(request),
            key.strip(),
            title,
            subjects=subjects,
            priority=priority,
            officer=officer.strip() or None,
            opened_on=opened_on.strip() or None,
            classification=classification,
        )
    except ValidationFailed as error:
        return _new_case_form(request, values, field_errors(error, set(values)), 422)
    except DuplicateKey as error:
        return _new_case_form(request, values, {"key": sentence(str(error))}, 409)
    return RedirectResponse(f"/cases/{made.key}?done=opened", status_code=303)


@cases_pages.get("/cases/{key}")
@page
def case_page(
    request: Request, key: str, as_of: str = "", done: str = "", seen: str = ""
) -> Response:
    later = None
    if done == "later" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", seen):
        later = seen
    return show_case_page(request, key, as_of, notice=DONE.get(done), later=later)


def show_case_page(
    request: Request,
    key: str,
    as_of: str,
    *,
    notice: str | None = None,
    later: str | None = None,
    forms: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    db = database(request)
    day, problem = as_of_from(as_of)
    given = as_of if problem is None and as_of.strip() else ""
    # one unit of work: the case, its windows and urgency on the day, and the audited reading
    found = overview.case_file(db, key, day)
    windows: dict[str, Windows | str] = {
        k: w if isinstance(w, Windows) else sentence(w) for k, w in found.windows.items()
    }
    titles = {d.key: d.title or d.key for d in found.documents}  # all of them seen already
    offices = overview.titles(db, "office", sorted({s.to_office for s in found.steps}))
    assert found.duties is not None  # read with the day
    return render(
        request,
        "case.html",
        status,
        title=found.case.title,
        section="cases",
        file=found,
        windows=windows,
        urgency=found.urgency,
        timeline=draw(case_items(found), day),
        glance=summary.of_case(found, day, offices),
        as_of=day,
        as_of_given=given,
        as_of_error=problem,
        notice=notice,
        later=later,
        forms=forms or {},
        stages=[s.value for s in StageKind],
        priorities=[p.value for p in Priority],
        bases=[b.value for b in Basis],
        levels=[c.value for c in Classification],
        titles=titles,
        gives=Side.GIVE,
        duties=found.duties,
        criteria=found.criteria,
        duty_statuses=[d.value for d in DutyStatus],
        findings=[f.value for f in Finding],
        determinations=[d.value for d in Determination],
        **choices(db),
    )


@cases_pages.post("/cases/{key}/stages")
@page
def record_stage(request: Request, key: str, form: Annotated[StageForm, Form()]) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/cases/{key}")
    detention, stage, date, note = form.detention, form.stage, form.date, form.note
    source, version, as_of = form.source, form.version, form.as_of
    values = {"stage": stage, "date": date, "note": note, "source": source, "version": version}
    found = overview.case_file(database(request), key)
    if detention not in {d.key for d, _ in found.detentions}:
        raise NotFound("detention of this case", detention)

    def change() -> None:
        form.record(database(request), detention)

    fields = {"stage", "date", "note", "source"}
    again = case_change(request, key, as_of, f"stage-{detention}", values, change, fields)
    if again is not None:
        return again
    seen, _problem = as_of_from(as_of)
    reached = first_day(PartialDate.parse(date.strip()))
    later = reached.isoformat() if reached > seen else None
    target = with_query(
        f"/cases/{key}", as_of=as_of, done="later" if later else "stage", seen=later
    )
    return RedirectResponse(target + f"#windows-{detention}", status_code=303)


def case_change(
    request: Request,
    key: str,
    as_of: str,
    form: str,
    values: dict[str, str],
    change: Callable[[], object],
    fields: set[str],
    renames: dict[str, str] | None = None,
) -> Response | None:
    """Make a change from a form of the case page: None when it is saved; else the page again
    with the input kept and each problem beside its field (`renames` maps a record's field to
    the form's), or the stale edit explained."""
    try:
        change()
    except ValidationFailed as error:
        errors = field_errors(error, fields | set(renames or {}))
        for field, name in (renames or {}).items():
            if field in errors:
                errors[name] = errors.pop(field)
        form_state = {"values": values, "errors": errors}
        return show_case_page(request, key, as_of, forms={form: form_state}, status=422)
    except StaleVersion as error:
        form_state = {"values": values, "errors": {"": stale_message(error)}}
        return show_case_page(request, key, as_of, forms={form: form_state}, status=409)
    return None


@cases_pages.post("/cases/{key}/edit")
@page
def edit_case(request: Request, key: str, form: Annotated[CaseEditForm, Form()]) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/cases/{key}")
    values = form.values()
    title, priority, officer, notes = form.title, form.priority, form.officer, form.notes
    version, as_of = form.version, form.as_of

    def change() -> None:
        form.too_long()
        records.edit_case(
            database(request),
            key,
            title=title,
            priority=priority,
            officer=officer,
            notes=notes,
            expected_version=version_of(version),
        )

    again = case_change(request, key, as_of, "edit", values, change, set(values))
    if again is not None:
        return again
    return RedirectResponse(
        with_query(f"/cases/{key}", as_of=as_of, done="edited"), status_code=303
    )


@cases_pages.post("/cases/{key}/close")
@page
def close_case(request: Request, key: str, form: Annotated[CloseForm, Form()]) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/cases/{key}")
    on, outcome, version, as_of = form.on, form.outcome, form.version, form.as_of
    values = form.values()

    def change() -> None:
        form.too_long()
        if not on.strip():
            raise ValidationFailed.single("on", "give the date the case was closed")
        records.close_case(
            database(request), key, on.strip(), outcome, expected_version=version_of(version)
        )

    fields = {"on", "outcome", "status"}
    again = case_change(request, key, as_of, "close", values, change, fields, {"closed_on": "on"})
    if again is not None:
        return again
    return RedirectResponse(
        with_query(f"/cases/{key}", as_of=as_of, done="closed"), status_code=303
    )


# --- duties and criteria (duty packs) ------------------------------------------------------


def _owed_detentions(request: Request, key: str) -> set[str]:
    """The detentions a case's duties are owed for (NotFound when the case is hidden)."""
    found = duties.duties_for_case(database(request), key, as_of_from("")[0])
    return {o.detention for o in found.owed}


@cases_pages.post("/cases/{key}/duties/{step}")
@page
def record_duty(
    request: Request, key: str, step: str, form: Annotated[DutyForm, Form()]
) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/cases/{key}")
    values = form.values()
    detention = form.detention.strip()
    if detention not in _owed_detentions(request, key):
        raise NotFound("detention of this case", detention)

    def change() -> None:
        form.too_long()
        duties.record_duty(
            database(request),
            key,
            step,
            status=form.status,
            on=form.date,
            detention=detention,
            document=form.document,
            note=form.note,
        )

    fields = {"status", "date", "document", "note", "step"}
    again = case_change(
        request, key, form.as_of, f"duty-{detention}-{step}", values, change, fields
    )
    if again is not None:
        return again
    target = with_query(f"/cases/{key}", as_of=form.as_of, done="duty")
    return RedirectResponse(target + f"#duties-{detention}", status_code=303)


@cases_pages.post("/cases/{key}/criteria")
@page
def assess_criterion(
    request: Request, key: str, form: Annotated[CriterionForm, Form()]
) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/cases/{key}")
    values = form.values()
    detention = form.detention.strip()
    if detention not in _owed_detentions(request, key):
        raise NotFound("detention of this case", detention)

    def change() -> None:
        form.too_long()
        if not form.number.strip().isdigit():
            raise ValidationFailed.single("number", "choose the criterion to assess")
        duties.assess_criterion(
            database(request),
            detention,
            int(form.number.strip()),
            form.finding,
            documents=[d for d in form.documents if d.strip()],
            note=form.note,
        )

    fields = {"finding", "documents", "note", "number", "detention"}
    name = f"criterion-{detention}-{form.number.strip()}"
    again = case_change(request, key, form.as_of, name, values, change, fields)
    if again is not None:
        return again
    target = with_query(f"/cases/{key}", as_of=form.as_of, done="criterion")
    return RedirectResponse(target + f"#criteria-{detention}", status_code=303)


@cases_pages.post("/cases/{key}/determination")
@page
def determine(request: Request, key: str, form: Annotated[DeterminationForm, Form()]) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    if refusal is not None:
        return refused(request, refusal, f"/cases/{key}")
    values = form.values()
    detention = form.detention.strip()
    if detention not in _owed_detentions(request, key):
        raise NotFound("detention of this case", detention)

    def change() -> None:
        form.too_long()
        duties.determine(
            database(request),
            detention,
            form.determination,
            form.date,
            by=form.by,
            referral=form.referral,
            referred_on=form.referred_on,
            document=form.document,
            note=form.note,
        )

    fields = {"determination", "date", "by", "referral", "referred_on", "document", "note"}
    fields.add("detention")
    again = case_change(
        request, key, form.as_of, f"determination-{detention}", values, change, fields
    )
    if again is not None:
        return again
    target = with_query(f"/cases/{key}", as_of=form.as_of, done="determined")
    return RedirectResponse(target + f"#criteria-{detention}", status_code=303)
