"""The forms of a proposal's page (see forms.py for what every form sends)."""

from __future__ import annotations

from typing import Annotated

from glienicke.web.forms import Choices, Key, Limit, Prose, Sent, Short, Title


class PlanForm(Sent):
    phase: Short = ""
    offices: Prose = ""


class Dated(Sent):
    """A form that records something done on a day, perhaps with the document that shows it."""

    on: Short = ""
    document: Key = ""


class RequestForm(Dated):
    due: Short = ""
    from_office: Key = ""


class EscalateForm(Dated):
    """Asks a new step: of a higher office, or of the same one again."""

    to_office: Key = ""
    kind: Short = ""
    from_office: Key = ""
    step_key: Key = ""


class AskForm(EscalateForm):
    """Asks a step the law does not require."""

    item: Key = ""
    phase: Short = "clearance"
    optional: Short = ""


class AnswerForm(Dated):
    step: Key = ""
    office: Key = ""
    answer: Short = ""
    decision: Short = ""
    by: Key = ""
    reasons: Prose = ""


class AdvanceForm(Dated):
    to: Short = ""
    note: Prose = ""


class CommitmentForm(Dated):
    happened: Short = ""
    note: Prose = ""
    by: Key = ""
    version: Short = ""


class RelinkForm(Sent):
    on: Short = ""
    to: Key = ""
    proposal: Key = ""
    item: Key = ""
    due: Short = ""
    note: Prose = ""
    version: Short = ""


class DraftForm(Sent):
    kind: Short = ""
    step: Key = ""
    by: Key = ""
    clear_with: Choices
    on: Short = ""
    from_office: Key = ""
    to_office: Key = ""


class OnDraft(Sent):
    """A form about one draft, sent from the page of one of its proposals."""

    proposal: Key = ""
    on: Short = ""
    version: Short = ""  # the draft's, as the page showed it


class ClearForm(OnDraft):
    by: Key = ""


class ReviseForm(OnDraft):
    title: Title = ""
    body: Annotated[str, Limit(200_000)] = ""


class FileForm(OnDraft):
    pass
