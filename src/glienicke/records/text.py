"""Plain-text documents in the style of the published record.

361.1115 Novak, J./17: Telegram                      header: file designation (and kind)
                                                     or '12. Letter From A to B1'
The Secretary of State to the Minister in Hungary    heading: 'A to B'
88. Your 612, April 2, 7 p.m. The Foreign ...        body, with [Page N] markers,
...                                                  editorial [insertions] and
Carter                                               glued footnote markers; signature
  1. April 5.                                        footnotes, numbered ...
- Source: Central Files ... Secret. ...(return)      ... or as a list with a source note
"""

from __future__ import annotations

import re

from glienicke.domain.dates import PartialDate
from glienicke.domain.designations import looks_like_designation, parse_designation
from glienicke.domain.documents import (
    Classification,
    Document,
    DocumentKind,
    Mention,
    Party,
    Publication,
)
from glienicke.domain.errors import InvalidValue
from glienicke.records.notes import SourceNote, is_source_note, parse_source_note
from glienicke.records.parsed import (
    ParsedDocument,
    dedupe_mentions,
    digest,
    insertions,
    kind_of,
    slug,
    split_parties,
    strip_markers,
    take_pages,
)
from glienicke.records.telegrams import find_references, leading_number, series_of

MAX_BYTES = 5_000_000
_NUMBERED_NOTE = re.compile(r"^\s+(\d{1,3})\.\s+(.*)$")
_LISTED_NOTE = re.compile(r"^-\s+(.*?)\s*↩?\s*$")
_FRUS_HEADER = re.compile(r"^(\d{1,5})\.\s+(.+)$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'-]{1,40}),\s+(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})"
    r"(?:,\s*(?P<time>.+?))?\.?$"
)
_SIGNATURE = re.compile(r"^[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,2}$")
_NAME_IN_PARENS = re.compile(r"\(([A-Z][^()]{1,60})\)\s*$")
_TRAILING_NAME = re.compile(
    r"^(?P<office>.*?(?:Secretary|General|Ambassador|Adviser|Director|Counselor|Chief|President|Minister|Chargé|Consul)(?:\s+of\s+State)?)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)$"
)


def parse_text(text: str, name: str) -> ParsedDocument:
    """One document from plain text; InvalidValue naming the file and line if it is not one."""
    if len(text) > MAX_BYTES:
        raise InvalidValue(f"{name}: {len(text)} characters is more than a document ({MAX_BYTES})")
    if "\x00" in text:
        raise InvalidValue(f"{name}: this is not a text file (it holds NUL bytes)")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip()]
    if len(numbered) < 2:
        raise InvalidValue(
            f"{name}: line 1: expected a header and a heading, found {len(numbered)} line(s) of text"
        )
    header = _header(numbered, name)
    body_lines, notes = _split_notes(header.rest)
    if not body_lines:
        raise InvalidValue(
            f"{name}: line {header.line}: the document has no body after its heading"
        )
    return _build(text, name, header, body_lines, notes)


class _Header:
    def __init__(self) -> None:
        self.designations: list[str] = []
        self.kind: DocumentKind | None = None
        self.number: str | None = None
        self.heading = ""
        self.line = 1
        self.rest: list[tuple[int, str]] = []


def _header(numbered: list[tuple[int, str]], name: str) -> _Header:
    header = _Header()
    first = numbered[0][1].strip()
    frus = _FRUS_HEADER.match(first)
    if frus and kind_of(frus.group(2))[0] is not None:
        header.number = frus.group(1)
        header.heading, header.line, header.rest = frus.group(2), numbered[0][0], numbered[1:]
    else:
        designation, _, kind_word = first.rpartition(":")
        if (
            designation
            and kind_of(kind_word.strip())[0] is not None
            and looks_like_designation(designation)
        ):
            header.designations = [parse_designation(designation).text]
            header.kind = kind_of(kind_word.strip())[0]
        elif looks_like_designation(first):
            header.designations = [parse_designation(first).text]
        else:
            header.heading, header.line, header.rest = first, numbered[0][0], numbered[1:]
            return header
        if len(numbered) < 3:
            raise InvalidValue(
                f"{name}: line {numbered[1][0]}: expected a heading and then the text"
            )
        header.line, header.heading, header.rest = (
            numbered[1][0],
            numbered[1][1].strip(),
            numbered[2:],
        )
    return header


def _split_notes(lines: list[tuple[int, str]]) -> tuple[list[str], list[str]]:
    """Body lines, and footnotes taken from the end ('  1. text' or '- text↩')."""
    end = len(lines)
    notes: list[str] = []
    while end > 0:
        raw = lines[end - 1][1]
        found = _NUMBERED_NOTE.match(raw) or (
            _LISTED_NOTE.match(raw) if raw.startswith("- ") else None
        )
        if found is None:
            break
        notes.insert(0, found.group(found.lastindex or 1).strip())
        end -= 1
    return [line for _, line in lines[:end]], notes


def _build(
    text: str, name: str, header: _Header, body_lines: list[str], notes: list[str]
) -> ParsedDocument:
    heading, _markers = strip_markers(header.heading.strip())
    kind, rest = kind_of(heading)
    kind = header.kind or kind or DocumentKind.MEMORANDUM
    parties = split_parties(rest) if kind is not DocumentKind.EDITORIAL_NOTE else None
    place, date = _dateline(body_lines)
    if place is not None:
        body_lines = body_lines[1:]
    signature = None
    if len(body_lines) > 1 and _SIGNATURE.match(body_lines[-1].strip()):
        signature = body_lines.pop().strip()
    paragraphs = [strip_markers(line.strip())[0] for line in body_lines if line.strip()]
    body, pages = take_pages(paragraphs)
    source = next((parse_source_note(n) for n in notes if is_source_note(n)), SourceNote())
    footnotes = [n for n in notes if not is_source_note(n)]
    number = leading_number(body) if kind is DocumentKind.TELEGRAM else None
    sender = [Party(text=parties[0])] if parties else []
    recipients = [Party(text=parties[1])] if parties else []
    series = series_of(parties[0], parties[1], place) if parties else series_of("", "", place)
    document = Document(
        key=_key(kind, number or header.number, text),
        kind=kind,
        title=heading,
        sender=sender,
        recipients=recipients,
        date=date,
        place=place,
        telegram_number=number,
        telegram_post=series.post if number else None,
        direction=series.direction if number else None,
        references=[
            r
            for r in find_references(body + "\n" + "\n".join(footnotes), series, date)
            if r.number != number
        ],
        file_designations=list(dict.fromkeys([*header.designations, *source.designations])),
        classification=source.classification or Classification.UNCLASSIFIED,
        caveats=source.caveats,
        body=body,
        footnotes=footnotes,
        pages=pages,
        insertions=insertions(body),
        signature=signature,
        source_citation=source.citation,
        publication=Publication(volume="FRUS", number=header.number) if header.number else None,
        imported_from=name,
        mentions=dedupe_mentions(_party_mentions(sender, recipients, signature, source)),
    )
    return ParsedDocument(document=document, where=name, source_digest=digest(text))


def _dateline(lines: list[str]) -> tuple[str | None, PartialDate | None]:
    match = _DATELINE.match(lines[0].strip()) if lines else None
    if match is None:
        return None, None
    from glienicke.records.telegrams import MONTHS

    month = MONTHS.get(match.group("month").lower())
    if month is None:
        return None, None
    try:
        return match.group("place"), PartialDate(
            int(match.group("year")), month, int(match.group("day"))
        )
    except InvalidValue:
        return None, None


def _party_mentions(
    sender: list[Party], recipients: list[Party], signature: str | None, source: SourceNote
) -> list[Mention]:
    mentions: list[Mention] = []
    for role, parties in (("sender", sender), ("recipient", recipients)):
        for party in parties:
            name = person_in(party.text)
            if name:
                mentions.append(Mention(text=name, role=role))
    if signature:
        mentions.append(Mention(text=signature, role="signer"))
    for role, names in (
        ("drafter", source.drafted_by),
        ("cleared", source.cleared_with),
        ("approver", source.approved_by),
    ):
        mentions += [Mention(text=n, role=role) for n in names]
    return mentions


def person_in(party: str) -> str | None:
    """The person a party names: '... (Steinhardt)' or 'Secretary of State Rusk'."""
    match = _NAME_IN_PARENS.search(party)
    if match:
        return match.group(1).strip()
    trailing = _TRAILING_NAME.match(party.strip())
    return trailing.group("name") if trailing else None


def office_in(party: str) -> str:
    """The office a party names, without the person: 'the Ambassador in the Soviet Union'."""
    without = _NAME_IN_PARENS.sub("", party).strip()
    trailing = _TRAILING_NAME.match(without)
    return trailing.group("office") if trailing else without


def _key(kind: DocumentKind, number: str | None, text: str) -> str:
    """Stable for the same text: a re-import finds the document it filed before."""
    stem = slug(f"{kind.value} {number or ''}", 30)
    return f"{stem}-{digest(text)[:10]}"


__all__ = ["office_in", "parse_text", "person_in"]
