"""The forms of the pages, as the browser sends them: every field text (what was typed is
shown again as typed when a form is refused), each with its longest allowed length. The
services check the values; these only carry them. The proposal page's forms are in
forms_proposals."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

Short = Annotated[str, Field(max_length=40)]  # a date, a status, a kind
Key = Annotated[str, Field(max_length=200)]  # a record's key, an office
Prose = Annotated[str, Field(max_length=4000)]


class Sent(BaseModel):
    """What every form sends besides its own fields: the day the page was judged on, and the
    CSRF token."""

    as_of: Short = ""
    csrf_token: Key = ""

    def values(self) -> dict[str, str]:
        """The form's own fields, as typed."""
        return {k: str(v) for k, v in self.model_dump().items() if k not in Sent.model_fields}


class ReviewForm(Sent):
    """Whom a name in a document means: one of its candidates, any person on file, or none."""

    decision: Short = ""
    person: Key = ""
    any_person: Key = ""
    unmatched: Short = ""


class LinkForm(Sent):
    kind: Short = ""
    target: Key = ""


class SubjectForm(Sent):
    person: Key = ""
    basis: Short = ""
    detention: Key = ""
    version: Short = ""


class DeclassifyForm(Sent):
    to: Short = ""
    on: Short = ""
    authority: Key = ""
