"""Documents of the record (their metadata) and timeline events."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import Problem
from glienicke.domain.fields import doc, many, ref, refs, required


class DocumentKind(StrEnum):
    MEMORANDUM = "memorandum"
    TELEGRAM = "telegram"
    LETTER = "letter"
    MEMORANDUM_OF_CONVERSATION = "memorandum-of-conversation"
    NOTE = "note"
    AIDE_MEMOIRE = "aide-memoire"
    REPORT = "report"
    EDITORIAL_NOTE = "editorial-note"


class Classification(StrEnum):
    UNCLASSIFIED = "unclassified"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"
    TOP_SECRET = "top-secret"


def classification_field() -> Any:
    """The classification a record carries: unclassified unless the record says otherwise."""
    return doc(
        "unclassified, confidential, secret or top-secret", default=Classification.UNCLASSIFIED
    )


def need_to_know_field(what: str) -> Any:
    """The users and groups a case or proposal is restricted to (empty: every cleared reader)."""
    return many(
        f"users and groups the {what} is restricted to (need to know); empty: every cleared reader"
    )


# Links are not part of what was filed: linking a document later does not change it.
LINK_FIELDS = ("persons", "cases", "proposals")


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


@dataclass(kw_only=True)
class Party:
    """A sender or addressee as the document names it, resolved where possible."""

    text: str = required("as written, e.g. 'the Ambassador in the Soviet Union (Steinhardt)'")
    person: str | None = ref("person", doc="the person meant")
    office: str | None = ref("office", doc="the office meant")


@dataclass(kw_only=True)
class TelegramReference:
    """A reference such as 'Your 550, March 20, 9 p.m.'."""

    text: str = required("as written")
    number: str | None = doc("the telegram number referred to")
    date: PartialDate | None = doc("its date")
    document: str | None = ref("document", doc="the referred document, when on file")


@dataclass(kw_only=True)
class Publication:
    volume: str = required("e.g. 'FRUS 1941, vol. I'")
    number: str | None = doc("document number in the volume")
    pages: str | None = doc("page range, e.g. '936-938'")


@dataclass(kw_only=True)
class Document:
    """A memorandum, telegram, letter or other record; immutable once filed."""

    key: str = required("stable key")
    kind: DocumentKind = required("memorandum, telegram, letter, ...")
    title: str = required("the heading, in our own words or as published")
    sender: list[Party] = many("from whom", name="from")
    recipients: list[Party] = many("to whom", name="to")
    date: PartialDate | None = doc("when it was written or sent")
    place: str | None = doc("where it was written")
    telegram_number: str | None = doc("the telegram's number, e.g. '342'")
    telegram_post: str | None = doc("the post that numbers it, e.g. 'Moscow'")
    direction: Direction | None = doc("incoming or outgoing, seen from the department")
    references: list[TelegramReference] = many("telegrams it refers to")
    file_designations: list[str] = many("e.g. '311.6121 Gorin, M. N./42' or 'POL 23-6 USSR'")
    classification: Classification = classification_field()
    caveats: list[str] = many("handling caveats, e.g. 'Limdis', 'Noforn'")
    drafted_by: list[str] = refs("person", doc="who drafted it")
    cleared_with: list[str] = refs("person", doc="who cleared it")
    approved_by: list[str] = refs("person", doc="who approved it")
    summary: str | None = doc("what it says, in our own words")
    body: str | None = doc("the text, where the product may hold it")
    footnotes: list[str] = many("footnotes, in order")
    source_citation: str | None = doc("archive citation")
    publication: Publication | None = doc("where it is published")
    supersedes: str | None = ref("document", doc="the earlier version this corrects")
    persons: list[str] = refs("person", doc="persons it concerns")
    cases: list[str] = refs("case", doc="cases it belongs to")
    proposals: list[str] = refs("proposal", doc="proposals it bears on")

    def problems(self) -> list[Problem]:
        if self.supersedes == self.key:
            return [Problem("supersedes", "a document cannot supersede itself")]
        return []


@dataclass(kw_only=True)
class Event:
    """A dated entry on a timeline entered by hand, always with its source."""

    key: str = required("stable key")
    date: PartialDate = required("when it happened")
    title: str = required("what happened, in a line")
    source: str = required("where this is known from")
    document: str | None = ref("document", doc="the document that records it")
    persons: list[str] = refs("person", doc="persons involved")
    cases: list[str] = refs("case", doc="cases it belongs to")
    proposals: list[str] = refs("proposal", doc="proposals it bears on")
    notes: str | None = doc("free text")

    def problems(self) -> list[Problem]:
        if not self.source.strip():
            return [Problem("source", "say where this is known from")]
        return []
