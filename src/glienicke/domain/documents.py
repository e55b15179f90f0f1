"""Documents of the record (their metadata) and timeline events."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import Problem, ValidationFailed
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
LINK_FIELDS = ("persons", "cases", "proposals", "mentions")


class DocumentStatus(StrEnum):
    DRAFT = "draft"  # still revised and cleared; filed when every clearance is in
    FILED = "filed"  # immutable: corrections are new documents that supersede it


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
    """A reference such as 'Your 550, March 20, 9 p.m.', or a cross-reference to a document
    of a published volume ('footnote 4, Document 207').

    Its `document` is resolved when the telegram is on file and stays open until then; the
    link is not part of what was filed."""

    text: str = required("as written")
    number: str | None = doc("the telegram number referred to")
    date: PartialDate | None = doc("its date, when the year is known")
    post: str | None = doc("the post whose series numbers it, e.g. 'Moscow'")
    direction: Direction | None = doc("incoming or outgoing, seen from the department")
    target: str | None = doc("the key a cross-reference names, e.g. 'frus1964-68v14-d207'")
    document: str | None = ref("document", doc="the referred document, when on file")


@dataclass(kw_only=True)
class PageBreak:
    """Where a printed page begins in the body ('[Page 937]' in plain text, pb in TEI)."""

    page: str = required("the page number as printed")
    offset: int = required("the character in the body where the page begins")


class MentionStatus(StrEnum):
    LINKED = "linked"  # matched with enough confidence
    AMBIGUOUS = "ambiguous"  # several persons fit: waits in the review queue
    UNMATCHED = "unmatched"  # nobody on file fits
    CONFIRMED = "confirmed"  # a reviewer chose the person
    REJECTED = "rejected"  # a reviewer said it is nobody on file


@dataclass(kw_only=True)
class Mention:
    """A person named in a document, as written, and whom it was matched to."""

    text: str = required("the name as written, e.g. 'Rozhkovski'")
    role: str = doc(
        "where it stands: sender, recipient, signer, drafter, cleared, approver, text",
        default="text",
    )
    person: str | None = ref("person", doc="the person meant, when known")
    confidence: float | None = doc("0 to 1: how sure the match is")
    status: MentionStatus = doc(
        "linked, ambiguous, unmatched, confirmed or rejected", default=MentionStatus.UNMATCHED
    )
    candidates: list[str] = refs("person", doc="the persons who might be meant, for review")


@dataclass(kw_only=True)
class Publication:
    volume: str = required("e.g. 'FRUS 1941, vol. I'")
    number: str | None = doc("document number in the volume")
    pages: str | None = doc("page range, e.g. '936-938'")


@dataclass(kw_only=True)
class Document:
    """A memorandum, telegram, letter or other record; immutable once filed.

    A draft (status 'draft') may be revised, and waits for the clearances of the persons in
    `to_clear`; each who clears moves to `cleared_with`, and it is filed when nobody is left."""

    key: str = required("stable key")
    kind: DocumentKind = required("memorandum, telegram, letter, ...")
    title: str = required("the heading, in our own words or as published")
    subject: str | None = doc("the subject line, as printed ('SUBJECT: Ivanov Case')")
    sender: list[Party] = many("from whom", name="from")
    recipients: list[Party] = many("to whom", name="to")
    repeated_to: list[str] = many("posts a telegram was repeated to, e.g. 'Moscow'")
    participants: list[str] = many("who took part in a conversation, as listed")
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
    status: DocumentStatus = doc(
        "draft (may still be revised, waits for clearances) or filed (immutable)",
        default=DocumentStatus.FILED,
        implied=True,
    )
    to_clear: list[str] = refs("person", doc="a draft's clearances still wanted, by person")
    summary: str | None = doc("what it says, in our own words")
    body: str | None = doc("the text, where the product may hold it")
    footnotes: list[str] = many("footnotes, in order")
    pages: list[PageBreak] = many("where printed pages begin in the body")
    insertions: list[str] = many("editorial insertions as printed, e.g. '[Miss]'")
    signature: str | None = doc("the signature or closer, as printed")
    source_citation: str | None = doc("archive citation")
    imported_from: str | None = doc("the file (and place in it) the document was imported from")
    publication: Publication | None = doc("where it is published")
    supersedes: str | None = ref("document", doc="the earlier version this corrects")
    persons: list[str] = refs("person", doc="persons it concerns")
    cases: list[str] = refs("case", doc="cases it belongs to")
    proposals: list[str] = refs("proposal", doc="proposals it bears on")
    mentions: list[Mention] = many("persons it names, as written, and whom they were matched to")

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if self.supersedes == self.key:
            found.append(Problem("supersedes", "a document cannot supersede itself"))
        size = len(self.body or "")
        for index, page in enumerate(self.pages):
            if not 0 <= page.offset <= size:
                found.append(
                    Problem(
                        f"pages[{index}].offset", f"{page.offset} is outside the body (0-{size})"
                    )
                )
        for index, mention in enumerate(self.mentions):
            if mention.confidence is not None and not 0 <= mention.confidence <= 1:
                found.append(Problem(f"mentions[{index}].confidence", "must be between 0 and 1"))
        if self.to_clear and self.status is not DocumentStatus.DRAFT:
            found.append(
                Problem("to_clear", "only a draft waits for clearances; a filed document has none")
            )
        if len(set(self.to_clear)) != len(self.to_clear):
            found.append(Problem("to_clear", "a person is listed twice"))
        for person in sorted(set(self.to_clear) & set(self.cleared_with)):
            found.append(
                Problem("to_clear", f"{person} is listed as cleared and as still to clear")
            )
        return found

    @property
    def is_draft(self) -> bool:
        return self.status is DocumentStatus.DRAFT

    def _require_draft(self, doing: str) -> None:
        if not self.is_draft:
            raise ValidationFailed.single(
                "status",
                (
                    f"document {self.key} is filed, so it cannot be {doing}; file a correction as"
                    f" a new document with 'supersedes: {self.key}'"
                ),
            )

    def revise(self, *, title: str | None = None, body: str | None = None) -> None:
        """A new title or body for a draft; a filed document is never changed."""
        self._require_draft("revised")
        if title is None and body is None:
            raise ValidationFailed.single("body", "give a new body or a new title to revise")
        if title is not None:
            if not title.strip():
                raise ValidationFailed.single("title", "must not be empty")
            self.title = title
        if body is not None:
            self.body = body

    def record_clearance(self, person: str) -> None:
        """The person cleared the draft: they move from `to_clear` to `cleared_with`."""
        self._require_draft("cleared")
        if person in self.cleared_with:
            raise ValidationFailed.single("by", f"{person} has already cleared draft {self.key}")
        if person not in self.to_clear:
            waiting = ", ".join(self.to_clear) or "nobody"
            raise ValidationFailed.single(
                "by",
                (
                    f"{person} is not among those draft {self.key} waits for (to clear:"
                    f" {waiting}); only someone named when it was drafted can clear it"
                ),
            )
        self.to_clear = [p for p in self.to_clear if p != person]
        self.cleared_with = [*self.cleared_with, person]

    def file(self, *, on: PartialDate | None = None) -> None:
        """File the draft, once everyone named has cleared it; it is immutable from then on."""
        self._require_draft("filed again")
        if self.to_clear:
            raise ValidationFailed.single(
                "to_clear",
                (
                    f"draft {self.key} cannot be filed: {', '.join(self.to_clear)} has not"
                    " cleared it yet (record it with 'glienicke draft clear')"
                    if len(self.to_clear) == 1
                    else f"draft {self.key} cannot be filed: {', '.join(self.to_clear)} have"
                    " not cleared it yet (record each with 'glienicke draft clear')"
                ),
            )
        self.status = DocumentStatus.FILED
        if on is not None:
            self.date = on


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


@dataclass(frozen=True)
class DocumentLine:
    """What a list of documents shows of each (a case's or a person's page, a timeline): read
    without the document's body, lists and notes."""

    key: str
    title: str
    date: PartialDate | None
    kind: DocumentKind
    classification: Classification
    status: DocumentStatus
    source_citation: str | None
    volume: str | None  # of its publication, when it was published

    @property
    def cited(self) -> str | None:
        """Where it can be read: its published volume, else its source citation."""
        return self.volume or self.source_citation
