"""Cases: our protective interest in one or more persons."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import (
    Classification,
    classification_field,
    need_to_know_field,
)
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.fields import doc, many, must, ref, required


class Basis(StrEnum):
    """Why we act for a subject."""

    NATIONAL = "national"
    SPOUSE_OF_NATIONAL = "spouse-of-national"
    CHILD_OF_NATIONAL = "child-of-national"
    FOREIGN_NATIONAL = "foreign-national"
    OTHER = "other"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(kw_only=True)
class CaseSubject:
    person: str = must("person", doc="the subject")
    basis: Basis = required(
        "why we act: national, spouse-of-national, child-of-national, foreign-national"
        " (a person we hold, whose release is in play) or other"
    )
    detention: str | None = ref("detention", doc="the detention that concerns us, if any")
    exit_restriction: str | None = ref("exit_restriction", doc="the exit refusal, if any")


@dataclass(kw_only=True)
class Case:
    """One case may have several subjects: a mother and her children are one case."""

    key: str = required("stable key, e.g. 'pyk'")
    title: str = required("a short title")
    subjects: list[CaseSubject] = many("the persons the case is about")
    priority: Priority = doc("low, normal, high or critical", default=Priority.NORMAL)
    officer: str | None = doc("the assigned case officer")
    status: CaseStatus = doc("open or closed", default=CaseStatus.OPEN)
    opened_on: PartialDate | None = doc("when the case was opened")
    closed_on: PartialDate | None = doc("when it was closed")
    outcome: str | None = doc("how it ended, in a sentence")
    notes: str | None = doc("free text")
    classification: Classification = classification_field()
    restricted_to: list[str] = need_to_know_field("case")

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if self.status is CaseStatus.CLOSED and self.closed_on is None:
            found.append(Problem("closed_on", "a closed case needs the date it was closed"))
        if self.status is CaseStatus.OPEN and self.closed_on is not None:
            found.append(Problem("closed_on", "an open case cannot have a closing date"))
        if self.opened_on and self.closed_on and self.closed_on.certainly_before(self.opened_on):
            found.append(
                Problem("closed_on", f"{self.closed_on} is before opened_on {self.opened_on}")
            )
        seen: set[str] = set()
        for index, subject in enumerate(self.subjects):
            if subject.person in seen:
                found.append(
                    Problem(
                        f"subjects[{index}].person",
                        f"person '{subject.person}' is already a subject of case {self.key}",
                    )
                )
            seen.add(subject.person)
        return found

    def add_subject(self, subject: CaseSubject) -> None:
        """Add a person to the case, refusing a duplicate."""
        self._check_with([*self.subjects, subject])
        self.subjects.append(subject)

    def close(self, on: PartialDate, outcome: str) -> None:
        """Close the case with its outcome."""
        if self.status is CaseStatus.CLOSED:
            raise ValidationFailed.single("status", f"case {self.key} is already closed")
        if not outcome.strip():
            raise ValidationFailed.single("outcome", "say how the case ended")
        before = self.status, self.closed_on, self.outcome
        self.status, self.closed_on, self.outcome = CaseStatus.CLOSED, on, outcome
        try:
            self._check_with(self.subjects)
        except ValidationFailed:
            self.status, self.closed_on, self.outcome = before
            raise

    def _check_with(self, subjects: list[CaseSubject]) -> None:
        saved = self.subjects
        self.subjects = subjects
        try:
            problems = self.problems()
        finally:
            self.subjects = saved
        if problems:
            raise ValidationFailed(problems)
