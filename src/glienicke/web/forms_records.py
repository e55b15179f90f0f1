"""The forms that create and edit the records a case officer works with: cases and their
stages, persons, detentions, proposals with their items and conditions, and considerations
(see forms.py for what every form sends). A list of choices (nationalities, counterparts,
cases) comes as one value per chosen option."""

from __future__ import annotations

from glienicke.domain.errors import ValidationFailed
from glienicke.services import records
from glienicke.services.database import Database
from glienicke.web.forms import Choices, Key, Prose, Sent, Short, Title, given


class Versioned(Sent):
    version: Short = ""


class NewCaseForm(Sent):
    key: Key = ""
    title: Title = ""
    priority: Short = "normal"
    officer: Key = ""
    opened_on: Short = ""
    person: Key = ""
    basis: Short = "national"
    detention: Key = ""
    classification: Short = ""


class StageForm(Versioned):
    detention: Key = ""
    stage: Short = ""
    date: Short = ""
    note: Prose = ""
    source: Title = ""

    def record(self, db: Database, detention: str) -> None:
        """Record the stage on the detention, as `glienicke` and the API do."""
        self.too_long()
        if not self.date.strip():
            raise ValidationFailed.single("date", "give the date the stage was reached")
        records.record_stage(
            db,
            detention,
            self.stage,
            self.date.strip(),
            note=self.note.strip() or None,
            source=self.source.strip() or None,
            expected_version=int(self.version) if self.version.isdigit() else None,
        )


class CaseEditForm(Versioned):
    title: Title = ""
    priority: Short = ""
    officer: Key = ""
    notes: Prose = ""


class CloseForm(Versioned):
    on: Short = ""
    outcome: Prose = ""


class PersonForm(Versioned):
    key: Key = ""
    name: Title = ""
    aliases: Prose = ""  # one a line
    nationalities: Choices
    birth_year: Short = ""
    affiliations: Prose = ""  # one a line: organisation, role
    notes: Prose = ""


class RelativeForm(Versioned):
    relation: Short = ""
    person: Key = ""


class DetentionForm(Versioned):
    key: Key = ""
    held_by: Key = ""
    place: Title = ""
    since: Short = ""
    charges: Prose = ""  # one a line: offence; statute
    health: Title = ""
    notes: Prose = ""
    term_months: Short = ""
    life: Short = ""
    death: Short = ""
    fine_amount: Short = ""
    fine_currency: Short = ""
    imposed_on: Short = ""
    service_begins_on: Short = ""
    grace_until: Short = ""


class ExitForm(Versioned):
    """A person refused permission to leave a state."""

    key: Key = ""
    state: Key = ""
    since: Short = ""
    lifted_on: Short = ""
    reason: Title = ""
    notes: Prose = ""


class ProposalForm(Versioned):
    key: Key = ""
    title: Title = ""
    counterparts: Choices
    cases: Choices
    origin: Short = ""
    sequencing: Short = ""
    opened_on: Short = ""
    summary: Prose = ""


class ItemForm(Versioned):
    key: Key = ""
    side: Short = ""
    kind: Short = ""
    person: Key = ""
    mechanism: Key = ""
    description: Prose = ""

    def details(self) -> dict[str, str | None]:
        """What the item says besides its side and kind, None where left empty."""
        return {
            "person": given(self.person),
            "mechanism": given(self.mechanism),
            "description": given(self.description),
        }


class ConditionForm(Versioned):
    key: Key = ""
    text: Prose = ""
    item: Key = ""


class ConsiderationForm(Versioned):
    key: Key = ""
    stance: Short = ""
    category: Short = ""
    argument: Prose = ""
    made_by: Key = ""
    document: Key = ""
    weight: Short = "3"


class DutyForm(Sent):
    """What became of one duty on a case (the step is in the address)."""

    detention: Key = ""
    status: Short = ""
    date: Short = ""
    document: Key = ""
    note: Prose = ""


class CriterionForm(Sent):
    detention: Key = ""
    number: Short = ""
    finding: Short = ""
    documents: Choices
    note: Prose = ""


class DeterminationForm(Sent):
    detention: Key = ""
    determination: Short = ""
    date: Short = ""
    by: Title = ""
    referral: Prose = ""
    referred_on: Short = ""
    document: Key = ""
    note: Prose = ""
