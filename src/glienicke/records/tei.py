"""FRUS volumes in TEI P5, read as a stream.

The volume is parsed with lxml's iterparse: each `div type="document"` is turned into a
Document when its end tag arrives and is then cleared, with everything before it, so memory
holds one document at a time however large the volume (the front matter's list of persons is
kept: documents point into it with `persName corresp`).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, cast

from lxml import etree

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.documents import (
    Classification,
    Document,
    DocumentKind,
    Mention,
    PageBreak,
    Party,
    Publication,
    TelegramReference,
)
from glienicke.domain.errors import InvalidValue
from glienicke.records.notes import (
    SourceNote,
    is_source_note,
    parse_inline_source,
    parse_source_note,
    repeated_to,
)
from glienicke.records.parsed import (
    ParsedDocument,
    dedupe_mentions,
    digest,
    insertions,
    kind_of,
    split_parties,
)
from glienicke.records.telegrams import find_references, leading_number, series_of

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_SPACE = re.compile(r"\s+")


@dataclass
class Volume:
    id: str = "volume"
    title: str | None = None
    persons: dict[str, str] = field(default_factory=dict)  # xml:id -> 'Surname, Forename'


@dataclass
class _Text:
    """Text gathered from mixed content, with its page breaks, notes and names."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    pages: list[PageBreak] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # notes type="source" (1941: inline)
    mentions: list[tuple[str, str | None, str]] = field(default_factory=list)  # text, corresp, role
    refs: list[tuple[str, str]] = field(default_factory=list)  # text, target

    def add(self, text: str | None) -> None:
        if not text:
            return
        piece = _SPACE.sub(" ", text)
        if self.length == 0 or (self.parts and self.parts[-1].endswith((" ", "\n"))):
            piece = piece.lstrip()
        if piece:
            self.parts.append(piece)
            self.length += len(piece)

    def paragraph(self) -> None:
        """End the current block: trailing spaces go, one blank line follows."""
        while self.parts and not self.parts[-1].endswith("\n\n"):
            last = self.parts[-1]
            kept = last.rstrip(" ")
            self.length -= len(last) - len(kept)
            if kept:
                self.parts[-1] = kept
                self.parts.append("\n\n")
                self.length += 2
                return
            self.parts.pop()

    def text(self) -> str:
        return "".join(self.parts).strip()


def read_volume(
    source: str | Path | IO[bytes], name: str, problems: list[str] | None = None
) -> Generator[ParsedDocument, None, None]:
    """Each document of a volume, in order; InvalidValue with the file, line and column when
    the XML is malformed (documents before the fault have been yielded: the caller decides).

    With a `problems` list, a document that cannot be read (a date that does not exist, an
    entity reference) is left out and its place and reason added to the list, and the rest
    are read; so is a fault in the XML once documents have been read before it (what follows
    it cannot be read)."""
    volume = Volume()
    page: str | None = None
    read = 0
    last_read = ""
    try:
        # No DTD is loaded and no entity resolved (no XXE, no entity expansion); an entity
        # reference left in the text is refused below, with its line. The thread's error log
        # is emptied first: it keeps the complaints of earlier parses in this thread, and a
        # syntax error's log would otherwise name another file's fault.
        etree.clear_error_log()
        context = etree.iterparse(
            source,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
        )
        for event, element in context:
            tag = element.tag
            if event == "start":
                continue
            if tag in _READ and not (problems is not None and _is_document(element)):
                _refuse_entities(element, name)
            if tag == f"{TEI}idno" and element.get("type") == "frus" and element.text:
                volume.id = element.text.strip()
            elif (
                tag == f"{TEI}title" and element.get("type") == "complete" and volume.title is None
            ):
                volume.title = _SPACE.sub(" ", "".join(element.itertext())).strip()
            elif tag == f"{TEI}div" and element.get(XML_ID) == "persons":
                volume.persons = _persons(element)
                _release(element)
            elif tag == f"{TEI}pb" and not _inside_document(element):
                page = element.get("n") or page
            elif tag == f"{TEI}div" and element.get("type") == "document":
                try:
                    parsed = _document(element, volume, page, name)
                except InvalidValue as error:
                    if problems is None:
                        raise
                    problems.append(str(error))
                else:
                    read += 1
                    last_read = parsed.where.removeprefix(f"{name}, ")
                    yield parsed
                last = element.xpath(".//*[local-name()='pb'][last()]")
                if last:
                    page = last[-1].get("n") or page
                _release(element)
    except etree.XMLSyntaxError as error:
        # The parser's first complaint is the cause; its last may be "no element found" at 0.
        # The error's own place comes first: the log may hold earlier complaints of the same
        # parse that did not stop it (an encoding warning, say).
        # A recoverable complaint (an xml:id defined twice) is logged without stopping the
        # parse, and the exception may carry it: the fatal entry, when logged, is the cause.
        entries = list(cast("Iterable[Any]", error.error_log))  # iterable, not in the stubs
        if isinstance(source, (str, Path)):
            own = [e for e in entries if e.filename in (None, "", str(source))]
            entries = own or entries
        first = next((entry for entry in entries if entry.line > 0), None)
        fatal = next((e for e in entries if e.line > 0 and e.level_name == "FATAL"), None)
        if fatal is not None:
            line, column, message = fatal.line, fatal.column, fatal.message
        elif error.position and error.position[0] > 0 and error.msg:
            (line, column), message = error.position, error.msg.split(" (line")[0]
        elif first is not None:
            line, column, message = first.line, first.column, first.message
        else:
            (line, column), message = error.position or (0, 0), error.msg
        fault = f"{name}: line {line}, column {column}: not well-formed XML: {message}"
        if problems is None or not read:
            raise InvalidValue(fault) from None
        # The parser reads ahead: documents between the last one read and the fault are lost.
        problems.append(
            f"{fault}; no document after the one at {last_read}, the last read, could be read"
        )


# The elements the reader takes text or structure from: entity references inside are refused.
_READ = frozenset({f"{TEI}idno", f"{TEI}title", f"{TEI}div"})


def _refuse_entities(element: Any, name: str) -> None:
    """An entity reference (`&name;`, from a DTD that is not read) has no text to import."""
    for entity in element.iter(etree.Entity):
        raise InvalidValue(
            f"{name}: line {entity.sourceline}: the entity reference {entity.text} is not"
            " allowed: DTDs and entities are not read; write the character itself"
        )


def _inside_document(element: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == f"{TEI}div" and parent.get("type") == "document":
            return True
        parent = parent.getparent()
    return False


def _release(element: Any) -> None:
    """Free a finished element and the siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _persons(div: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for person in div.iter(f"{TEI}persName"):
        ident = person.get(XML_ID)
        if ident:
            found[ident] = _SPACE.sub(" ", "".join(person.itertext())).strip(" ,")
    return found


def _is_document(element: Any) -> bool:
    return bool(element.tag == f"{TEI}div" and element.get("type") == "document")


def _document(div: Any, volume: Volume, page: str | None, name: str) -> ParsedDocument:
    ident = div.get(XML_ID) or f"n{div.get('n', '')}"
    where = f"{name}, line {div.sourceline} ({ident})"
    try:
        _refuse_entities(div, name)
    except InvalidValue as error:
        raise InvalidValue(f"{where}: {str(error).removeprefix(name + ': ')}") from None
    head = div.find(f"{TEI}head")
    heading = _Text()
    if head is not None:
        _walk(head, heading, "heading")
    title = re.sub(r"^\d+[A-Za-z]?\.\s+", "", heading.text()) or f"Document {div.get('n') or ident}"
    kind, rest = kind_of(title)
    sender, recipient = _parties(head, rest)
    place, date = _dateline(div, where)
    body = _Text()
    if page is not None and not _begins_with_page(div):
        body.pages.append(PageBreak(page=page, offset=0))
    _walk(
        div,
        body,
        "text",
        skip=frozenset((f"{TEI}head", f"{TEI}dateline", f"{TEI}closer")),
        drop=frozenset((f"{TEI}dateline",)),
    )
    text = body.text()
    signature = _signature(div, body)
    notes = heading.notes + body.notes
    source = next((parse_source_note(n) for n in notes if is_source_note(n)), None)
    inline = [parse_inline_source(n) for n in heading.sources + body.sources]
    if source is None:
        source = inline[0] if inline else SourceNote()
    designations = list(
        dict.fromkeys([*source.designations, *(d for i in inline for d in i.designations)])
    )
    if kind is None:
        kind = next((k for i in inline if i.kind for k in [kind_of(i.kind)[0]] if k), None)
    if kind is None and _SALUTATION.match(text):
        kind = DocumentKind.LETTER  # 1941 headings name no kind: 'My Dear Mr. Secretary: ...'
    kind = kind or DocumentKind.MEMORANDUM
    footnotes = [n for n in notes if not is_source_note(n)]
    number = leading_number(text) if kind is DocumentKind.TELEGRAM else None
    series = series_of(sender or "", recipient or "", place)
    references = [
        r
        for r in find_references(text + "\n" + "\n".join(footnotes), series, date)
        if r.number != number
    ]
    references += _cross_references(body.refs + heading.refs, volume)
    participants, among = _participants(div)
    mentions = [
        Mention(text=t, role="participant" if t in among else role)
        for t, _, role in heading.mentions + body.mentions
    ]
    mentions += [
        Mention(text=n, role=r)
        for r, names in (
            ("drafter", source.drafted_by),
            ("cleared", source.cleared_with),
            ("approver", source.approved_by),
        )
        for n in names
    ]
    full_names = {}
    kept = dedupe_mentions(mentions)
    corresp = {t: c for t, c, _ in heading.mentions + body.mentions if c}
    for index, mention in enumerate(kept):
        target = corresp.get(mention.text)
        if target and target.lstrip("#") in volume.persons:
            full_names[index] = volume.persons[target.lstrip("#")]
    document = Document(
        key=f"{volume.id}-{ident}",
        kind=kind,
        title=title,
        subject=_subject(div, text),
        sender=[Party(text=sender)] if sender else [],
        recipients=[Party(text=recipient)] if recipient else [],
        repeated_to=list(dict.fromkeys([*source.repeated_to, *repeated_to(_last(text))])),
        participants=participants,
        date=date,
        place=place,
        telegram_number=number,
        telegram_post=series.post if number else None,
        direction=series.direction if number else None,
        references=references,
        file_designations=designations,
        classification=source.classification or Classification.UNCLASSIFIED,
        caveats=source.caveats,
        body=text or None,
        footnotes=footnotes,
        pages=[p for p in body.pages if p.offset <= len(text)],
        insertions=insertions(text),
        signature=signature,
        source_citation=source.citation,
        publication=Publication(volume=volume.title or volume.id, number=div.get("n")),
        imported_from=f"{name}#{ident}",
        mentions=kept,
    )
    source_text = etree.tostring(div, encoding="unicode")
    return ParsedDocument(
        document=document, where=where, source_digest=digest(source_text), full_names=full_names
    )


_SALUTATION = re.compile(r"^(?:My\s+)?(?:Dear|Excellency|Sir)\b")


def _begins_with_page(div: Any) -> bool:
    """Whether a document's first child is its own page break (it begins on a new page, so
    the page the volume was on before it is none of its pages)."""
    if (div.text or "").strip():
        return False
    first = next((c for c in div if isinstance(c.tag, str)), None)
    return first is not None and first.tag == f"{TEI}pb"


_SUBJECT_LINE = re.compile(
    r"^(?:\d+\.\s+)?(?:SUBJECT|Subject|SUBJ|Subj)\s*[:.]\s*(.+?)\s*$", re.MULTILINE
)


def _subject(div: Any, text: str) -> str | None:
    """The subject line: a `list type="subject"` (memoranda of the 1960s on), or a paragraph
    of the text that begins 'Subject:' (telegrams)."""
    for found in div.iter(f"{TEI}list"):
        if found.get("type") == "subject":
            items = [_plain(item) for item in found.iter(f"{TEI}item")]
            subject = "; ".join(i for i in items if i)
            if subject:
                return subject
    match = _SUBJECT_LINE.search(text[:2000])
    return match.group(1).strip(" .") if match else None


def _participants(div: Any) -> tuple[list[str], set[str]]:
    """Who took part in a conversation (`list type="participants"`), one entry per item, and
    the names marked in them. An item that is a sentence of the text, as the encoding sometimes
    leaves at the list's end, is no participant."""
    entries: list[str] = []
    names: set[str] = set()
    for found in div.iter(f"{TEI}list"):
        if found.get("type") != "participants":
            continue
        for item in found.iter(f"{TEI}item"):
            entry = _plain(item)
            if not entry or len(entry.split()) > 14 or re.search(r"\b(?:today|called)\b", entry):
                continue
            entries.append(entry.rstrip(" ;,"))
            names.update(_plain(p) for p in item.iter(f"{TEI}persName"))
    return list(dict.fromkeys(entries)), names


def _plain(element: Any) -> str:
    """An element's text without its notes, spaces folded."""
    into = _Text()
    _walk(element, into, "text")
    return into.text()


def _last(text: str) -> str:
    """The text's last paragraph, where a telegram says where it was repeated."""
    return text.rsplit("\n\n", 1)[-1]


BLOCKS = frozenset(
    f"{TEI}{name}"
    for name in (
        "p",
        "item",
        "list",
        "closer",
        "head",
        "quote",
        "table",
        "row",
        "signed",
        "postscript",
    )
)


def _walk(
    element: Any,
    into: _Text,
    role: str,
    skip: frozenset[str] = frozenset(),
    drop: frozenset[str] = frozenset(),
) -> None:
    """An element's mixed content in reading order: notes set aside, page breaks, names and
    cross-references recorded, blocks separated by blank lines. `skip` leaves out children,
    `drop` elements at any depth (the dateline, read on its own, inside an opener)."""
    into.add(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in skip or tag in drop:
            pass
        elif tag == f"{TEI}note":
            note = _Text()
            _walk(child, note, "text")
            if child.get("type") == "source" and child.get("rend") == "inline":
                into.sources.append(note.text())
            else:
                into.notes.append(note.text())
            into.mentions += note.mentions
            into.refs += note.refs
        elif tag == f"{TEI}pb":
            into.pages.append(PageBreak(page=child.get("n") or "?", offset=into.length))
        elif tag in BLOCKS:
            into.paragraph()
            _walk(child, into, "signer" if tag == f"{TEI}closer" else role, drop=drop)
            into.paragraph()
        else:
            text = _SPACE.sub(" ", "".join(child.itertext())).strip()
            if tag == f"{TEI}persName" and text:
                into.mentions.append((text, child.get("corresp"), _party_role(child) or role))
            elif tag == f"{TEI}ref" and child.get("target"):
                into.refs.append((text, child.get("target")))
            _walk(child, into, role, drop=drop)
        into.add(child.tail)


def _party_role(element: Any) -> str | None:
    kind = element.get("type")
    return {"from": "sender", "to": "recipient"}.get(kind or "")


def _parties(head: Any, rest: str) -> tuple[str | None, str | None]:
    """From and to: marked with type="from|to" (gloss or persName), else read off the heading."""
    marked: dict[str, str] = {}
    if head is not None:
        for element in head.iter(f"{TEI}gloss", f"{TEI}persName"):
            kind = element.get("type")
            if kind in ("from", "to") and kind not in marked:
                marked[kind] = _SPACE.sub(" ", "".join(element.itertext())).strip()
    if marked:
        return marked.get("from"), marked.get("to")
    split = split_parties(rest)
    return (split[0], split[1]) if split else (None, None)


def _dateline(div: Any, where: str) -> tuple[str | None, PartialDate | None]:
    line = div.find(f"{TEI}dateline")
    if line is None:
        line = div.find(f".//{TEI}dateline")
    if line is None:
        return None, None
    place = line.find(f".//{TEI}placeName")
    when = line.find(f".//{TEI}date")
    date = None
    if when is not None and when.get("when"):
        date = _when(when.get("when"), where)
    elif when is not None and (when.get("notBefore") or when.get("notAfter")):
        date = _between(when.get("notBefore"), when.get("notAfter"), where)
    name = _SPACE.sub(" ", "".join(place.itertext())).strip() if place is not None else None
    return name or None, date


def _when(value: str, where: str) -> PartialDate:
    """TEI's `when` ('1967-10-13T13:00:00Z', '1967-10', '1967') as a partial date."""
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?", value.strip())
    if match is None:
        raise InvalidValue(f"{where}: date when={value!r} is not a date such as 1967-10-13")
    year, month, day, hour, minute = (int(g) if g else None for g in match.groups())
    try:
        return PartialDate(year or 0, month, day, hour, minute)
    except InvalidValue as error:
        raise InvalidValue(f"{where}: date when={value!r}: {error}") from None


def _between(after: str | None, before: str | None, where: str) -> PartialDate:
    """A date known to lie between `notBefore` and `notAfter`, as one partial date: the month or
    year both ends fall in (true of every day between them); across a year's end, or with one
    end only, 'after' the first or 'before' the last."""
    start = _when(after, where) if after else None
    end = _when(before, where) if before else None
    if start is not None and end is not None:
        if (start.year, start.month, start.day) == (end.year, end.month, end.day):
            return PartialDate(start.year, start.month, start.day)
        if start.year == end.year and start.month is not None and start.month == end.month:
            return PartialDate(start.year, start.month)
        if start.year == end.year:
            return PartialDate(start.year)
    if start is not None:
        return replace(_day_of(start), qualifier=Qualifier.AFTER)
    assert end is not None
    return replace(_day_of(end), qualifier=Qualifier.BEFORE)


def _day_of(date: PartialDate) -> PartialDate:
    """The date without its time of day (a bound such as 23:59:59 says nothing about the hour)."""
    return PartialDate(date.year, date.month, date.day)


def _signature(div: Any, into: _Text) -> str | None:
    """The closer, kept out of the body; the names in it are the signers."""
    closer = div.find(f"{TEI}closer")
    if closer is None:
        return None
    walked = _Text()
    _walk(closer, walked, "signer")
    into.notes += walked.notes  # a footnote on the signature ('Rusk' with a note on who signed)
    into.refs += walked.refs
    for person in closer.iter(f"{TEI}persName"):
        text = _SPACE.sub(" ", "".join(person.itertext())).strip()
        if text:
            into.mentions.append((text, person.get("corresp"), "signer"))
    signed = closer.find(f".//{TEI}signed")
    return _plain(signed if signed is not None else closer) or None


def _cross_references(refs: list[tuple[str, str]], volume: Volume) -> list[TelegramReference]:
    """`ref target="#d207fn4"` (this volume) or `target="frus1961-63v05#d372"` (another)."""
    found: list[TelegramReference] = []
    for text, target in refs:
        match = re.match(r"^(?P<volume>[\w-]*)#(?P<doc>d\d+)", target)
        if match is None:
            continue
        other = match.group("volume") or volume.id
        found.append(TelegramReference(text=text or target, target=f"{other}-{match.group('doc')}"))
    return found
