"""What a source note says: the archive citation, classification and caveats, and who drafted,
cleared and approved the document.

    Source: Records of the Department, RG 59, Central Files 1962-64, POL 29 HUNG. Secret;
    Limdis. Drafted by the Deputy Legal Adviser, Anna B. Carter, and cleared with Ross and Bell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from glienicke.domain.designations import looks_like_designation, parse_designation
from glienicke.domain.documents import Classification

CLASSIFICATIONS = {
    "top secret": Classification.TOP_SECRET,
    "secret": Classification.SECRET,
    "confidential": Classification.CONFIDENTIAL,
    "limited official use": Classification.CONFIDENTIAL,
    "official use only": Classification.UNCLASSIFIED,
    "unclassified": Classification.UNCLASSIFIED,
    "strictly confidential": Classification.CONFIDENTIAL,
}
CAVEATS = (
    "Flash",
    "Immediate",
    "Priority",
    "Routine",
    "Limdis",
    "Exdis",
    "Nodis",
    "Noforn",
    "Eyes Only",
    "Personal",
    "Roger Channel",
    "Limited Distribution",
    "Exclusive Distribution",
    "No Distribution",
    "Sensitive",
)
_CAVEAT = re.compile(r"\b(" + "|".join(CAVEATS) + r")\b")
_CLASSIFICATION = re.compile(
    r"(?:^|[.;]\s*)(top secret|secret|confidential|limited official use|official use only|"
    r"unclassified|strictly confidential)\b",
    re.IGNORECASE,
)
# A name runs to the next clause or sentence; the full stop after an initial ('C.') does not end it.
_STOP = r"(?=,?\s+and\s+(?:cleared|approved|drafted)|;|(?<![\s.][A-Z])\.(?:\s|$)|\s+on\s+[A-Z][a-z]+\s+\d|$)"
_DRAFTED = re.compile(r"\b(?:Drafted(?:\s+and\s+approved)?|Prepared)\s+by\s+(.+?)" + _STOP)
_CLEARED = re.compile(r"\bcleared\s+(?:with|by|in)\s+(.+?)" + _STOP, re.IGNORECASE)
_APPROVED = re.compile(r"\b(?:Drafted\s+and\s+)?approved\s+by\s+(.+?)" + _STOP, re.IGNORECASE)
# 'Repeated to Moscow, Amman, Beirut, Cairo, and Tel Aviv.' (also 'Also sent to', 'Repeated
# Priority to'); the posts run to the end of the sentence.
_REPEATED = re.compile(
    r"\b(?:Repeated|Also\s+sent)(?:\s+(?:priority|immediate|routine|niact|info))?\s+to\s+"
    r"(?:the\s+)?(.+?)(?:\.(?:\s|$)|;|$)",
    re.IGNORECASE,
)
# Phrases after 'Repeated to' that are not posts: 'Repeated to the Department as 612'.
_POST = re.compile(r"^[A-Z][A-Za-z.'\u2019 -]{1,40}$")
# Parts of an archive citation shaped like a designation that are not files: record groups, lots.
NOT_FILES = ("RG ", "Lot ", "Box ", "Vol")
_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@dataclass
class SourceNote:
    citation: str | None = None
    classification: Classification | None = None
    caveats: list[str] = field(default_factory=list)
    drafted_by: list[str] = field(default_factory=list)
    cleared_with: list[str] = field(default_factory=list)
    approved_by: list[str] = field(default_factory=list)
    designations: list[str] = field(default_factory=list)
    repeated_to: list[str] = field(default_factory=list)
    kind: str | None = None  # a 1941-style inline note names the kind: '851.00/2435: Telegram'


def is_source_note(text: str) -> bool:
    return text.lstrip().lower().startswith("source:")


def parse_source_note(text: str) -> SourceNote:
    body = re.sub(r"^\s*source:\s*", "", " ".join(text.split()), flags=re.IGNORECASE)
    note = SourceNote()
    marking = _CLASSIFICATION.search(body)
    if marking:
        note.classification = CLASSIFICATIONS[marking.group(1).lower()]
        note.citation = body[: marking.start(1)].strip(" .;") or None
        tail = body[marking.start(1) :]
    else:
        note.citation = re.split(r"\.\s+(?=Drafted|Cleared|Approved)", body)[0].strip(" .")
        tail = body
    note.caveats = list(dict.fromkeys(m.group(1) for m in _CAVEAT.finditer(tail)))
    note.drafted_by = _names(_DRAFTED, tail)
    note.cleared_with = _names(_CLEARED, tail)
    note.approved_by = _names(_APPROVED, tail)
    note.repeated_to = repeated_to(tail)
    if note.citation:
        note.designations = designations_in(re.split(r"[,;]", note.citation))
    return note


def parse_inline_source(text: str) -> SourceNote:
    """The source line a 1941 volume prints above a document: its file designations (several
    are joined by 'and' or ';') and, after a colon, its kind ('740.00112A European War
    1939/1234: Telegram')."""
    body = " ".join(text.split()).strip(" .")
    note = SourceNote(citation=body or None)
    files, kind = body, None
    head, colon, tail = body.rpartition(":")
    if colon and re.fullmatch(r"[A-Z][A-Za-z -]{2,40}", tail.strip()):
        files, kind = head, tail.strip().lower()
    note.kind = kind
    note.designations = designations_in(re.split(r";|\s+and\s+(?=[0-9]{3})", files))
    return note


def designations_in(parts: list[str]) -> list[str]:
    """The parts of a citation that are file designations (record groups and lots are not)."""
    found: list[str] = []
    for part in parts:
        text = part.strip(" .")
        if text and not text.startswith(NOT_FILES) and looks_like_designation(text):
            found.append(parse_designation(text).text)
    return list(dict.fromkeys(found))


def repeated_to(text: str) -> list[str]:
    """The posts a telegram was repeated to, from every 'Repeated to ...' sentence in a text."""
    posts: list[str] = []
    for match in _REPEATED.finditer(" ".join(text.split())):
        for part in _SPLIT.split(match.group(1)):
            post = part.strip(" .")
            if _POST.match(post) and not post.lower().startswith(("the department", "department")):
                posts.append(post)
    return list(dict.fromkeys(posts))


def _names(pattern: re.Pattern[str], text: str) -> list[str]:
    """Persons named after 'Drafted by' and the like; an office alone ('approved in G') and a
    description before the name ('the Acting Legal Adviser, Leonard C. Meeker') are dropped."""
    found: list[str] = []
    for match in pattern.finditer(text):
        phrase = match.group(1).strip(" ,.")
        if re.match(r"^(?:the\s|in\s)", phrase) and "," in phrase:
            phrase = phrase.split(",", 1)[1].strip()
        elif phrase.lower().startswith(("the ", "in ")):
            continue
        for part in _SPLIT.split(phrase):
            name = part.strip(" .")
            if name and name[0].isupper() and len(name) <= 60:
                found.append(name)
    return list(dict.fromkeys(found))
