"""Whether two documents under different keys are probably the same document.

An import meets documents that are already on file under a key someone chose by hand (a letter
typed in from the printed volume, say). Three things make two documents the same one here:

- the same FRUS volume and document number (the volume named as a header gives it, 'Foreign
  Relations of the United States, 1964-1968, Volume XIV', or as a person writes it, 'FRUS
  1964-68, vol. XIV'),
- the same telegram number from the same post in the same year (posts number a year's
  telegrams afresh), or
- the same kind, the same date to the day and the same text, letter for letter once case,
  spacing and punctuation are set aside.

Pure: the service finds the candidates on file; this module only compares.
"""

from __future__ import annotations

import re
import unicodedata

from glienicke.domain.documents import Document, DocumentKind

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_YEAR = re.compile(r"\b(1[789]\d\d|20\d\d)\b")
_VOLUME = re.compile(r"\b(?:vol(?:ume)?\.?)\s*([ivxlc]+|\d+)\b", re.IGNORECASE)
_VOLUME_ID = re.compile(r"^frus(\d{4})(?:-\d{2,4})?v(\d+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
MIN_TEXT = 200  # letters and digits a text needs before it alone can say two are the same

SAME_PUBLICATION = "the same FRUS volume and document number"
SAME_TELEGRAM = "the same telegram number from the same post in the same year"
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


def publication_mark(document: Document) -> tuple[int, int, str] | None:
    """The volume and document number it is published as, when both are known."""
    publication = document.publication
    if publication is None or not publication.number:
        return None
    volume = volume_of(publication.volume)
    if volume is None:
        return None
    return volume[0], volume[1], publication.number.strip().lstrip("0") or "0"


def _post(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def telegram_mark(document: Document) -> tuple[str, str, int] | None:
    """The post, number and year of a numbered telegram."""
    if document.kind is not DocumentKind.TELEGRAM or not document.telegram_number:
        return None
    if document.date is None or not document.telegram_post:
        return None
    number = document.telegram_number.strip().lstrip("0") or "0"
    return _post(document.telegram_post), number, document.date.year


def plain_text(text: str | None) -> str:
    """The text's words alone: case, accents' forms, spacing and punctuation left out."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_WORD.findall(folded))


def _text_mark(document: Document) -> tuple[str, str, str] | None:
    words = plain_text(document.body)
    date = document.date
    if len(words.replace(" ", "")) < MIN_TEXT or date is None or date.day is None:
        return None
    return document.kind.value, f"{date.year}-{date.month}-{date.day}", words


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
    text = _text_mark(read)
    if text is not None and text == _text_mark(filed):
        return SAME_TEXT
    return None
