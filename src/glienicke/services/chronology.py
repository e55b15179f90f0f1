"""A case's dated records in one list, each in its lane: the items its page's timeline draws
and its dossier lists (stages, documents, clearance steps, commitments, events)."""

from __future__ import annotations

from dataclasses import dataclass

from glienicke.domain.dates import PartialDate
from glienicke.services.overview import CaseFile


@dataclass(frozen=True)
class Item:
    lane: str
    when: PartialDate
    label: str
    source: str | None = None
    href: str | None = None


def case_items(found: CaseFile) -> list[Item]:
    """What a case's timeline shows: stages, documents, clearance steps, commitments, events."""
    items: list[Item] = []
    for detention, _version in found.detentions:
        name = found.persons[detention.person].name if detention.person in found.persons else ""
        for stage in detention.stages:
            label = f"{name}: {stage.stage.value.replace('-', ' ')}"
            items.append(
                Item("Stages", stage.date, label, stage.source, f"#detention-{detention.key}")
            )
    for document in found.documents:
        if document.date is not None:
            items.append(
                Item(
                    "Documents",
                    document.date,
                    document.title,
                    document.cited,
                    f"/documents/{document.key}",
                )
            )
    for step in found.steps:
        target = f"/proposals/{step.proposal}#step-{step.key}"
        source = step.request_document or step.answer_document or f"clearance step {step.key}"
        if step.requested_on is not None:
            items.append(
                Item(
                    "Clearance",
                    step.requested_on,
                    f"{step.kind.value} asked of {step.to_office}",
                    source,
                    target,
                )
            )
        if step.answered_on is not None and step.answer is not None:
            items.append(
                Item(
                    "Clearance",
                    step.answered_on,
                    f"{step.to_office} answered: {step.answer.value}",
                    step.answer_document or source,
                    target,
                )
            )
    for commitment in found.commitments:
        target = f"/proposals/{commitment.proposal}#commitment-{commitment.key}"
        source = commitment.evidence or commitment.evidence_note or f"commitment {commitment.key}"
        if commitment.due is not None:
            items.append(
                Item(
                    "Commitments",
                    commitment.due,
                    f"due: {commitment.description}",
                    f"commitment {commitment.key}",
                    target,
                )
            )
        if commitment.fulfilled_on is not None:
            items.append(
                Item(
                    "Commitments",
                    commitment.fulfilled_on,
                    f"{commitment.status.value}: {commitment.description}",
                    source,
                    target,
                )
            )
    for event in found.events:
        href = f"/documents/{event.document}" if event.document else None
        items.append(Item("Events", event.date, event.title, event.source, href))
    return items
