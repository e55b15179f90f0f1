"""The forms of the pages, as the browser sends them: every field text (what was typed is
shown again as typed when a form is refused), each with its longest allowed length. The
services check the values; these only carry them. The proposal page's forms are in
forms_proposals, those that create and edit records in forms_records.

A length is checked by `Sent.too_long`, not by the request's validation: an over-long field
is answered beside the field, with the rest of the form kept, never as a bare error page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, Field

from glienicke.domain.errors import Problem, ValidationFailed


@dataclass(frozen=True)
class Limit:
    """The most characters a field may hold."""

    chars: int


Short = Annotated[str, Limit(40)]  # a date, a status, a kind
Key = Annotated[str, Limit(200)]  # a record's key, an office
Title = Annotated[str, Limit(400)]
Prose = Annotated[str, Limit(4000)]
# a list of choices (nationalities, counterparts, persons), one value per chosen option
Choices = Annotated[list[Annotated[str, Limit(200)]], Field(default_factory=list)]


class Sent(BaseModel):
    """What every form sends besides its own fields: the day the page was judged on, and the
    CSRF token."""

    as_of: Short = ""
    csrf_token: Key = ""

    def values(self) -> dict[str, str]:
        """The form's own fields, as typed (a list of choices as its values, one a line)."""
        return {
            k: "\n".join(v) if isinstance(v, list) else str(v)
            for k, v in self.model_dump().items()
            if k not in Sent.model_fields
        }

    def too_long(self) -> None:
        """Refuse, field by field, what is longer than its field may hold."""
        problems = []
        for name, info in type(self).model_fields.items():
            limit = next((m.chars for m in info.metadata if isinstance(m, Limit)), None)
            value = getattr(self, name)
            sizes = [len(v) for v in value] if isinstance(value, list) else [len(str(value))]
            if limit is not None and any(size > limit for size in sizes):
                problems.append(
                    Problem(
                        name,
                        f"this is {max(sizes)} characters long; it may hold at most {limit}",
                    )
                )
        if problems:
            raise ValidationFailed(problems)


def given(text: str) -> str | None:
    """A field left empty is not given."""
    return text.strip() or None


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
    exit_restriction: Key = ""
    version: Short = ""


class DeclassifyForm(Sent):
    to: Short = ""
    on: Short = ""
    authority: Key = ""
