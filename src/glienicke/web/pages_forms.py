"""The forms that create and edit what a case officer works with: persons (with their
relatives and affiliations), detentions (with their charges, sentence and stages), proposals
(with their items, conditions and sequencing) and the arguments on record about them. Each
form calls a service, so a page write goes through the same checks as the API and the command
line: a record the user may not see is answered as a missing one, a save keeps what the user
could not see and never lowers a classification, and every change is in the audit trail.
Records are chosen from lists of what the user may see, never by typing their keys."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from glienicke.domain.detention import Charge, Detention, ExitRestriction, Sentence, StageKind
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.people import Affiliation, FamilyLink, Person, Relation
from glienicke.domain.proposals import Origin, Sequencing
from glienicke.security.model import Permission
from glienicke.services import overview, proposals, records
from glienicke.services.access import require
from glienicke.services.inputs import as_enum, as_optional_date
from glienicke.web.choices import choices
from glienicke.web.forms import Sent
from glienicke.web.forms_records import (
    ConditionForm,
    ConsiderationForm,
    DetentionForm,
    ExitForm,
    ItemForm,
    PersonForm,
    ProposalForm,
    RelativeForm,
    StageForm,
    Versioned,
)
from glienicke.web.pages_common import (
    database,
    page,
    render,
    run_form,
    version_of,
)
from glienicke.web.pages_proposals import Outcome, submit

form_pages = APIRouter(include_in_schema=False)

PERSON_DONE = {
    "created": "The person is on file.",
    "edited": "The person is saved.",
    "relative": "The relative is added.",
    "detention": "The detention is on file; record its stages below.",
    "detention-edited": "The detention is saved.",
    "stage": "The stage is recorded.",
    "exit": "The refusal of exit is on record.",
    "exit-edited": "The refusal of exit is saved.",
}


def key_from(text: str, given: str) -> str:
    """The key typed, or one made from a name or title ('Irena Pyk' -> 'irena-pyk')."""
    if given.strip():
        return given.strip()
    made = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]
    if not made:
        raise ValidationFailed.single("key", "give a key, or a name to make one from")
    return made


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def pairs(text: str, sep: str) -> list[tuple[str, str | None]]:
    """'KGB, career officer' lines as ('KGB', 'career officer')."""
    found = []
    for line in lines(text):
        first, _, rest = line.partition(sep)
        found.append((first.strip(), rest.strip() or None))
    return found


def whole(text: str, field: str, *, low: int = 0, high: int = 2_000_000_000) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or not low <= int(text) <= high:
        raise ValidationFailed.single(field, f"'{text}' is not a whole number from {low} to {high}")
    return int(text)


def edit_seen(db: Any, section: str, key: str, version: str, change: Callable[[Any], None]) -> None:
    """Edit a record as the user sees it: their copy, changed by the form, replaces the stored
    one through the service that keeps what they could not see and refuses a stale version."""
    shown, current = records.get_versioned(db, section, key)
    edited = copy.deepcopy(shown)
    change(edited)
    records.edit_record(db, edited, version_of(version) or current)


# --- persons -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPage:
    """A page that creates one record: its template, title and the list section it is under
    (its path too: /persons/new creates what /persons/KEY shows)."""

    template: str
    title: str
    section: str
    extra: Callable[[], dict[str, Any]] = dict

    def show(self, request: Request, forms: dict[str, Any], status: int = 200) -> Response:
        db = database(request)
        return render(
            request,
            self.template,
            status,
            title=self.title,
            section=self.section,
            forms=forms,
            **choices(db),
            **self.extra(),
        )

    def create(self, request: Request, sent: Sent, form: str, act: Callable[[], str]) -> Response:
        """Run the form: on to the new record's page, or this page again with the problems."""
        made: list[str] = []

        def again(forms: dict[str, Any], status: int) -> Response:
            return self.show(request, forms, status)

        back = f"/{self.section}/new"
        shown = run_form(request, sent, lambda: made.append(act()), form, again, back)
        target = f"/{self.section}/{made[0]}?done=created" if made else back
        return shown or RedirectResponse(target, status_code=303)


NEW_PERSON = NewPage("person_new.html", "Add a person", "persons")
NEW_PROPOSAL = NewPage(
    "proposal_new.html",
    "Put a proposal forward",
    "proposals",
    lambda: {"origins": [o.value for o in Origin], "sequencings": [s.value for s in Sequencing]},
)


@form_pages.get("/persons/new")
@page
def new_person(request: Request) -> Response:
    return NEW_PERSON.show(request, {})


def _person_fields(form: PersonForm, record: Person) -> None:
    record.name = form.name.strip()
    record.aliases = lines(form.aliases)
    record.nationalities = [n for n in form.nationalities if n]
    record.birth_year = whole(form.birth_year, "birth_year", low=1000, high=9999)
    # an affiliation kept as it was keeps its dates, which the form does not show
    known = {(a.organisation, a.role): a for a in record.affiliations}
    record.affiliations = [
        known.get((org, role)) or Affiliation(organisation=org, role=role)
        for org, role in pairs(form.affiliations, ",")
    ]
    record.notes = form.notes.strip() or None
    if not record.name:
        raise ValidationFailed.single("name", "give the person's name")


@form_pages.post("/persons")
@page
def create_person(request: Request, form: Annotated[PersonForm, Form()]) -> Response:
    def act() -> str:
        record = Person(key=key_from(form.name, form.key), name="")
        _person_fields(form, record)
        records.add_record(database(request), record)
        return record.key

    return NEW_PERSON.create(request, form, "person", act)


def person_again(
    request: Request,
    key: str,
    *,
    notice: str | None = None,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """A person's page; with `forms`, one form shown again with its input and errors."""
    from glienicke.services import views

    db = database(request)
    views.show(db, "person", key)  # the same reading as the command line's, audited alike
    found = overview.person_file(db, key)
    states = {s.key: s.name for s in records.list_stored(db, "states")}
    versions = {d.key: records.get_versioned(db, "detentions", d.key)[1] for d in found.detentions}
    exit_versions = {
        e.key: records.get_versioned(db, "exit_restrictions", e.key)[1]
        for e in found.exit_restrictions
    }
    return render(
        request,
        "person.html",
        status,
        title=found.person.name,
        section="persons",
        file=found,
        states=states,
        notice=notice,
        forms=forms or {},
        person_version=records.get_versioned(db, "persons", key)[1],
        versions=versions,
        exit_versions=exit_versions,
        stages=[s.value for s in StageKind],
        relations=[r.value for r in Relation],
        **choices(db),
    )


def on_person(
    request: Request,
    key: str,
    sent: Sent,
    form: str,
    action: Callable[[], object],
    done: str,
    anchor: str = "",
) -> Response:
    """Run a form of a person's page: back to the page with its notice, or the page again."""

    def again(forms: dict[str, Any], status: int) -> Response:
        return person_again(request, key, forms=forms, status=status)

    shown = run_form(request, sent, action, form, again, f"/persons/{key}")
    target = f"/persons/{key}?done={done}" + (f"#{anchor}" if anchor else "")
    return shown or RedirectResponse(target, status_code=303)


@form_pages.post("/persons/{key}/edit")
@page
def edit_person(request: Request, key: str, form: Annotated[PersonForm, Form()]) -> Response:
    def act() -> None:
        edit_seen(
            database(request), "persons", key, form.version, lambda r: _person_fields(form, r)
        )

    return on_person(request, key, form, "person", act, "edited")


@form_pages.post("/persons/{key}/relatives")
@page
def add_relative(request: Request, key: str, form: Annotated[RelativeForm, Form()]) -> Response:
    def change(record: Person) -> None:
        if not form.person.strip():
            raise ValidationFailed.single("person", "choose the relative from the list")
        link = FamilyLink(
            relation=as_enum(Relation, form.relation, "relation"), person=form.person.strip()
        )
        record.family = [*record.family, link]

    def act() -> None:
        edit_seen(database(request), "persons", key, form.version, change)

    return on_person(request, key, form, "relative", act, "relative")


@dataclass(frozen=True)
class Edit:
    """A form of a person's page that edits one of their records (a detention, a refusal of
    exit): the records' section, the form's id before the key, the notice and the anchor."""

    section: str
    form: str
    done: str
    anchor: str

    def run(
        self, request: Request, key: str, sent: Versioned, change: Callable[[Any], None]
    ) -> Response:
        db = database(request)
        record, _version = records.get_versioned(db, self.section, key)

        def act() -> None:
            edit_seen(db, self.section, key, sent.version, change)

        form, anchor = f"{self.form}-{key}", f"{self.anchor}-{key}"
        return on_person(request, record.person, sent, form, act, self.done, anchor)


# --- detentions ----------------------------------------------------------------------------------


def _detention_fields(form: DetentionForm, record: Detention) -> None:
    record.held_by = form.held_by.strip()
    record.place = form.place.strip() or None
    record.since = as_optional_date(form.since.strip() or None, "since")
    record.charges = [Charge(offence=o, statute=s) for o, s in pairs(form.charges, ";")]
    record.health = form.health.strip() or None
    record.notes = form.notes.strip() or None
    record.sentence = _sentence(form)
    if not record.held_by:
        raise ValidationFailed.single("held_by", "choose the state that holds the person")


def _sentence(form: DetentionForm) -> Sentence | None:
    def day(name: str) -> Any:
        return as_optional_date(getattr(form, name).strip() or None, name)

    sentence = Sentence(
        term_months=whole(form.term_months, "term_months", low=1, high=2000),
        life=bool(form.life),
        death=bool(form.death),
        fine_amount=whole(form.fine_amount, "fine_amount"),
        fine_currency=form.fine_currency.strip().upper() or None,
        imposed_on=day("imposed_on"),
        service_begins_on=day("service_begins_on"),
        grace_until=day("grace_until"),
    )
    if sentence == Sentence():
        return None
    problems = sentence.problems()
    if problems:
        raise ValidationFailed([Problem(p.where, p.message) for p in problems])
    return sentence


@form_pages.post("/persons/{key}/detentions")
@page
def add_detention(request: Request, key: str, form: Annotated[DetentionForm, Form()]) -> Response:
    def act() -> None:
        year = re.search(r"\d{4}", form.since)
        made = key_from(f"{key} {year.group(0) if year else ''}", form.key)
        record = Detention(key=made, person=key, held_by="")
        _detention_fields(form, record)
        records.add_record(database(request), record)

    return on_person(request, key, form, "detention", act, "detention", "det-heading")


@form_pages.post("/detentions/{key}/edit")
@page
def edit_detention(request: Request, key: str, form: Annotated[DetentionForm, Form()]) -> Response:
    fields = Edit("detentions", "detention", "detention-edited", "det")
    return fields.run(request, key, form, lambda r: _detention_fields(form, r))


@form_pages.post("/detentions/{key}/stages")
@page
def detention_stage(request: Request, key: str, form: Annotated[StageForm, Form()]) -> Response:
    db = database(request)
    held, _version = records.get_versioned(db, "detentions", key)

    def act() -> None:
        form.record(db, key)

    return on_person(request, held.person, form, f"stage-{key}", act, "stage", f"det-{key}")


# --- refusals of exit ---------------------------------------------------------------------------


def _exit_fields(form: ExitForm, record: ExitRestriction) -> None:
    record.state = form.state.strip()
    record.since = as_optional_date(form.since.strip() or None, "since")
    record.lifted_on = as_optional_date(form.lifted_on.strip() or None, "lifted_on")
    record.reason = form.reason.strip() or None
    record.notes = form.notes.strip() or None
    if not record.state:
        raise ValidationFailed.single("state", "choose the state that refuses exit")


@form_pages.post("/persons/{key}/exit-restrictions")
@page
def add_exit(request: Request, key: str, form: Annotated[ExitForm, Form()]) -> Response:
    def act() -> None:
        record = ExitRestriction(key=key_from(f"{key} exit", form.key), person=key, state="")
        _exit_fields(form, record)
        records.add_record(database(request), record)

    return on_person(request, key, form, "exit", act, "exit", "exit-heading")


@form_pages.post("/exit-restrictions/{key}/edit")
@page
def edit_exit(request: Request, key: str, form: Annotated[ExitForm, Form()]) -> Response:
    fields = Edit("exit_restrictions", "exit", "exit-edited", "exit")
    return fields.run(request, key, form, lambda r: _exit_fields(form, r))


# --- proposals -----------------------------------------------------------------------------------


@form_pages.get("/proposals/new")
@page
def new_proposal(request: Request) -> Response:
    return NEW_PROPOSAL.show(request, {})


def _proposal_fields(form: ProposalForm, record: Any) -> None:
    record.title = form.title.strip()
    record.counterparts = [c for c in form.counterparts if c]
    record.cases = [c for c in form.cases if c]
    record.origin = as_enum(Origin, form.origin, "origin") if form.origin else None
    if form.sequencing:
        record.sequencing = as_enum(Sequencing, form.sequencing, "sequencing")
    record.opened_on = as_optional_date(form.opened_on.strip() or None, "opened_on")
    record.summary = form.summary.strip() or None
    if not record.title:
        raise ValidationFailed.single("title", "give the proposal a short title")
    if not record.counterparts:
        raise ValidationFailed.single("counterparts", "choose at least one counterpart state")


@form_pages.post("/proposals")
@page
def create_proposal(request: Request, form: Annotated[ProposalForm, Form()]) -> Response:
    def act() -> str:
        require(Permission.EDIT_PROPOSALS)  # before a key is made, or a title is judged
        made = proposals.create_proposal(
            database(request),
            key_from(form.title, form.key),
            form.title,
            counterparts=[c for c in form.counterparts if c],
            cases=[c for c in form.cases if c],
            origin=form.origin or None,
            summary=form.summary.strip() or None,
            sequencing=form.sequencing or None,
            opened_on=form.opened_on.strip() or None,
        )
        return made.key

    return NEW_PROPOSAL.create(request, form, "proposal", act)


@form_pages.post("/proposals/{key}/edit")
@page
def edit_proposal(request: Request, key: str, form: Annotated[ProposalForm, Form()]) -> Response:
    def act() -> None:
        edit_seen(
            database(request), "proposals", key, form.version, lambda r: _proposal_fields(form, r)
        )

    return submit(request, key, form, act, Outcome("proposal", "edited", "sides"))


@form_pages.post("/proposals/{key}/items")
@page
def add_item(request: Request, key: str, form: Annotated[ItemForm, Form()]) -> Response:
    def act() -> None:
        base = f"{form.side} {form.kind} {form.person}"
        proposals.add_item(
            database(request),
            key,
            key_from(base, form.key),
            form.side,
            form.kind,
            person=form.person.strip() or None,
            mechanism=form.mechanism.strip() or None,
            description=form.description.strip() or None,
            expected_version=version_of(form.version),
        )

    return submit(request, key, form, act, Outcome("item", "item", "sides"))


@form_pages.post("/proposals/{key}/conditions")
@page
def add_condition(request: Request, key: str, form: Annotated[ConditionForm, Form()]) -> Response:
    def act() -> None:
        proposals.add_condition(
            database(request),
            key,
            key_from(form.text[:40], form.key),
            form.text,
            item=form.item.strip() or None,
            expected_version=version_of(form.version),
        )

    return submit(request, key, form, act, Outcome("condition", "condition", "sides"))


@form_pages.post("/proposals/{key}/considerations")
@page
def add_consideration(
    request: Request, key: str, form: Annotated[ConsiderationForm, Form()]
) -> Response:
    def act() -> None:
        proposals.record_consideration(
            database(request),
            key_from(f"{key} {form.stance} {form.argument[:30]}", form.key),
            key,
            form.stance,
            form.category,
            form.argument,
            made_by=form.made_by.strip() or None,
            document=form.document.strip() or None,
            weight=whole(form.weight, "weight", low=1, high=5) or 3,
        )

    outcome = Outcome("consideration", "consideration", "assessment")
    return submit(request, key, form, act, outcome)
