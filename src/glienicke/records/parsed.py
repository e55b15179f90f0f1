"""What a parser hands the importer: a document ready to file but not yet linked, and the
helpers both parsers share (headings, kinds, page markers, footnote markers)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from glienicke.domain.documents import Document, DocumentKind, Mention, PageBreak

KINDS: tuple[tuple[str, DocumentKind], ...] = (
    ("memorandum of conversation", DocumentKind.MEMORANDUM_OF_CONVERSATION),
    ("editorial note", DocumentKind.EDITORIAL_NOTE),
    ("aide-mémoire", DocumentKind.AIDE_MEMOIRE),
    ("aide-memoire", DocumentKind.AIDE_MEMOIRE),
    ("memorandum", DocumentKind.MEMORANDUM),
    ("telegram", DocumentKind.TELEGRAM),
    ("airgram", DocumentKind.TELEGRAM),
    ("letter", DocumentKind.LETTER),
    ("note", DocumentKind.NOTE),
    ("report", DocumentKind.REPORT),
    ("despatch", DocumentKind.REPORT),
    ("paper", DocumentKind.REPORT),
)
_PAGE = re.compile(r"\s*\[Page\s+([0-9ivxlcdm]+)\]\s*", re.IGNORECASE)
# A footnote marker is a number glued to the word or punctuation it follows ('Monday,29',
# 'Katzenbach1'); '$10,000' and '22 U.S.C. 1732' are not markers.
# The leading (?=\d) lets the engine skip most places at once: a third of the time.
_MARKER = re.compile(
    r"(?=\d)(?:(?<=[A-Za-z][,.;:\u201d\u2019)])|(?<=[a-z]))(\d{1,3})(?=[\s,.;:)]|$)"
)
_INSERTION = re.compile(r"\[(?!Page\s)[^\[\]]{1,80}\]")


@dataclass
class ParsedDocument:
    """A parsed document and what linking needs beyond it."""

    document: Document
    where: str  # 'file.txt' or 'volume.xml, line 40 (d250)'
    source_digest: str  # SHA-256 of the document's own source text
    # For mentions whose full name is known elsewhere (TEI's list of persons): index -> name.
    full_names: dict[int, str] = field(default_factory=dict)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def kind_of(heading: str) -> tuple[DocumentKind | None, str]:
    """The kind a heading begins with, and the rest ('Letter From A to B' -> letter, 'A to B')."""
    lowered = heading.lower()
    for word, kind in KINDS:
        if lowered.startswith(word):
            rest = heading[len(word) :].strip()
            rest = re.sub(r"^(?:From|By|from|by)\s+", "", rest)
            return kind, rest
    return None, heading


def split_parties(text: str) -> tuple[str, str] | None:
    """'The Acting Secretary of State to the Ambassador in the Soviet Union (Steinhardt)' ->
    sender and recipient. Prefer the ' to ' just after a parenthesis, else the first."""
    spots = [m.start() for m in re.finditer(r"\s+to\s+", text)]
    if not spots:
        return None
    after_name = [s for s in spots if text[:s].rstrip().endswith(")")]
    cut = (after_name or spots)[0]
    sender = text[:cut].strip(" ,")
    recipient = re.sub(r"^\s*to\s+", "", text[cut:]).strip(" ,.")
    if not sender or not recipient:
        return None
    return sender, recipient


def strip_markers(text: str) -> tuple[str, list[str]]:
    """Text without its footnote markers, and the markers in order."""
    markers: list[str] = []

    def drop(match: re.Match[str]) -> str:
        markers.append(match.group(1))
        return ""

    return _MARKER.sub(drop, text), markers


def insertions(text: str) -> list[str]:
    """Editorial insertions as printed ('[Miss]'), in order, each once."""
    return list(dict.fromkeys(_INSERTION.findall(text)))


def take_pages(paragraphs: list[str]) -> tuple[str, list[PageBreak]]:
    """The body as paragraphs joined by blank lines, without '[Page N]' markers, and where
    each marked page begins (a marker on a line of its own: at the next paragraph)."""
    body = ""
    pages: list[PageBreak] = []
    waiting: list[str] = []  # pages marked on their own line, beginning with the next paragraph
    for paragraph in paragraphs:
        if _PAGE.fullmatch(paragraph):
            waiting.append(_PAGE.fullmatch(paragraph).group(1))  # type: ignore[union-attr]
            continue
        if body:
            body += "\n\n"
        pages += [PageBreak(page=p, offset=len(body)) for p in waiting]
        waiting = []
        rest = paragraph
        while True:
            match = _PAGE.search(rest)
            if match is None:
                body += rest
                break
            before = rest[: match.start()]
            body += before
            if before and match.end() < len(rest):
                body += " "
            pages.append(PageBreak(page=match.group(1), offset=len(body)))
            rest = rest[match.end() :]
    pages += [PageBreak(page=p, offset=len(body)) for p in waiting]
    return body, pages


def dedupe_mentions(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[str, str]] = set()
    kept: list[Mention] = []
    for mention in mentions:
        key = (mention.text, mention.role)
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:limit].strip("-") or "document"
