"""Whether two documents under different keys are probably the same document.

An import meets documents that are already on file under a key someone chose by hand (a letter
typed in from the printed volume, say). Three things make two documents the same one here:

- the same FRUS volume and document number (the volume named as a header gives it, 'Foreign
  Relations of the United States, 1964-1968, Volume XIV', or as a person writes it, 'FRUS
  1964-68, vol. XIV'),
- the same telegram number from the same post, the same way, in the same year (each post
  numbers a year's telegrams afresh, and so does the department those it sends the post), or
- the same kind, the same date to the day and the same text, letter for letter once case,
  spacing and punctuation are set aside.

Pure: the service finds the candidates on file; this module only compares.
"""

from __future__ import annotations

import re
import unicodedata

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Direction, Document, DocumentKind

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_YEAR = re.compile(r"\b(1[789]\d\d|20\d\d)\b")
_VOLUME = re.compile(r"\b(?:vol(?:ume)?\.?)\s*([ivxlc]+|\d+)\b", re.IGNORECASE)
_VOLUME_ID = re.compile(r"^frus(\d{4})(?:-\d{2,4})?v(\d+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
MIN_TEXT = 200  # letters and digits a text needs before it alone can say two are the same

SAME_PUBLICATION = "the same FRUS volume and document number"
SAME_TELEGRAM = "the same telegram number of the same series (post and direction) in the same year"
SAME_TEXT = "the same kind, date and text"


def _roman(text: str) -> int | None:
    total, last = 0, 0
    for letter in reversed(text.lower()):
        value = _ROMAN.get(letter)
        if value is None:
            return None
        total += -value if value < last else value
        last = max(last, value)
    return total or None


def volume_of(name: str | None) -> tuple[int, int] | None:
    """A FRUS volume's first year and its number ('FRUS 1941, vol. I' -> (1941, 1)); None when
    the name does not say both. A volume of one year without a number is volume 1."""
    if not name:
        return None
    found = _VOLUME_ID.match(name.strip())
    if found is not None:
        return int(found.group(1)), int(found.group(2))
    year = _YEAR.search(name)
    if year is None:
        return None
    number = _VOLUME.search(name)
    if number is None:
        return None
    raw = number.group(1)
    value = int(raw) if raw.isdigit() else _roman(raw)
    return (int(year.group(1)), value) if value else None


def publication_key(volume: str | None, number: str | None) -> tuple[int, int, str] | None:
    """A volume and document number as compared: (first year, volume, number)."""
    if not number:
        return None
    found = volume_of(volume)
    if found is None:
        return None
    return found[0], found[1], number.strip().lstrip("0") or "0"


def publication_mark(document: Document) -> tuple[int, int, str] | None:
    """The volume and document number it is published as, when both are known."""
    publication = document.publication
    if publication is None:
        return None
    return publication_key(publication.volume, publication.number)


def _post(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def telegram_key(
    kind: DocumentKind,
    post: str | None,
    number: str | None,
    date: PartialDate | None,
    direction: Direction | None,
) -> tuple[str, str, str, int] | None:
    """A numbered telegram as compared: (post, direction, number, year). A post numbers what
    it sends, the department what it sends to the post: each series on its own."""
    if kind is not DocumentKind.TELEGRAM or not number or date is None or not post:
        return None
    way = direction.value if direction is not None else ""
    return _post(post), way, number.strip().lstrip("0") or "0", date.year


def telegram_mark(document: Document) -> tuple[str, str, str, int] | None:
    """The post, direction, number and year of a numbered telegram."""
    return telegram_key(
        document.kind,
        document.telegram_post,
        document.telegram_number,
        document.date,
        document.direction,
    )


def plain_text(text: str | None) -> str:
    """The text's words alone: case, accents' forms, spacing and punctuation left out."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_WORD.findall(folded))


def text_key(
    kind: DocumentKind, date: PartialDate | None, body: str | None
) -> tuple[str, str, str] | None:
    """A dated text as compared: (kind, day, words); None for a short or undated text."""
    if date is None or date.day is None or not body:
        return None
    words = plain_text(body)
    if len(words.replace(" ", "")) < MIN_TEXT:
        return None
    return kind.value, f"{date.year}-{date.month}-{date.day}", words


def text_mark(document: Document) -> tuple[str, str, str] | None:
    return text_key(document.kind, document.date, document.body)


def alike(read: Document, filed: Document) -> str | None:
    """Why the document read is probably the one on file (a phrase), or None."""
    if read.key == filed.key:
        return None
    mine = publication_mark(read)
    if mine is not None and mine == publication_mark(filed):
        return SAME_PUBLICATION
    mine_telegram = telegram_mark(read)
    if mine_telegram is not None and mine_telegram == telegram_mark(filed):
        return SAME_TELEGRAM
    text = text_mark(read)
    if text is not None and text == text_mark(filed):
        return SAME_TEXT
    return None
