"""Changing and taking off what an open proposal says, from its page: an item, a condition,
an argument on record. Each form calls the service the API and the command line call, so a
rejected or finished proposal refuses the change here too (its page offers none)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from glienicke.domain.errors import NotFound
from glienicke.services import proposals, records
from glienicke.web.forms import given
from glienicke.web.forms_records import ConditionForm, ConsiderationForm, ItemForm, Versioned
from glienicke.web.pages_common import database, page, version_of
from glienicke.web.pages_forms import whole
from glienicke.web.pages_proposals import Outcome, submit

part_pages = APIRouter(include_in_schema=False)


@part_pages.post("/proposals/{key}/items/{item}/edit")
@page
def edit_item(request: Request, key: str, item: str, form: Annotated[ItemForm, Form()]) -> Response:
    def act() -> None:
        proposals.edit_item(
            database(request),
            key,
            item,
            form.side,
            form.kind,
            **form.details(),
            expected_version=version_of(form.version),
        )

    outcome = Outcome(f"edit-item-{item}", "item-edited", f"item-{item}", {"key": ""})
    return submit(request, key, form, act, outcome)


@part_pages.post("/proposals/{key}/items/{item}/remove")
@page
def remove_item(
    request: Request, key: str, item: str, form: Annotated[Versioned, Form()]
) -> Response:
    def act() -> None:
        version = version_of(form.version)
        proposals.remove_item(database(request), key, item, expected_version=version)

    return submit(request, key, form, act, Outcome(f"remove-item-{item}", "item-removed", "sides"))


@part_pages.post("/proposals/{key}/conditions/{condition}/edit")
@page
def edit_condition(
    request: Request, key: str, condition: str, form: Annotated[ConditionForm, Form()]
) -> Response:
    def act() -> None:
        proposals.edit_condition(
            database(request),
            key,
            condition,
            form.text,
            item=given(form.item),
            expected_version=version_of(form.version),
        )

    outcome = Outcome(f"edit-condition-{condition}", "condition-edited", "sides", {"key": ""})
    return submit(request, key, form, act, outcome)


@part_pages.post("/proposals/{key}/conditions/{condition}/remove")
@page
def remove_condition(
    request: Request, key: str, condition: str, form: Annotated[Versioned, Form()]
) -> Response:
    def act() -> None:
        version = version_of(form.version)
        proposals.remove_condition(database(request), key, condition, expected_version=version)

    outcome = Outcome(f"remove-condition-{condition}", "condition-removed", "sides")
    return submit(request, key, form, act, outcome)


def _argument_of(request: Request, key: str, argument: str) -> None:
    """An argument is changed from the page of the proposal it is about, and no other."""
    found, _version = records.get_versioned(database(request), "considerations", argument)
    if found.proposal != key:
        raise NotFound("consideration", argument)


@part_pages.post("/proposals/{key}/considerations/{argument}/edit")
@page
def edit_consideration(
    request: Request, key: str, argument: str, form: Annotated[ConsiderationForm, Form()]
) -> Response:
    def act() -> None:
        _argument_of(request, key, argument)
        proposals.edit_consideration(
            database(request),
            argument,
            form.stance,
            form.category,
            form.argument,
            made_by=given(form.made_by),
            document=given(form.document),
            weight=whole(form.weight, "weight", low=1, high=5) or 3,
            expected_version=version_of(form.version),
        )

    outcome = Outcome(
        f"edit-consideration-{argument}", "consideration-edited", "assessment", {"key": ""}
    )
    return submit(request, key, form, act, outcome)


@part_pages.post("/proposals/{key}/considerations/{argument}/remove")
@page
def remove_consideration(
    request: Request, key: str, argument: str, form: Annotated[Versioned, Form()]
) -> Response:
    def act() -> None:
        _argument_of(request, key, argument)
        version = version_of(form.version)
        proposals.remove_consideration(database(request), argument, expected_version=version)

    outcome = Outcome(f"remove-consideration-{argument}", "consideration-removed", "assessment")
    return submit(request, key, form, act, outcome)
