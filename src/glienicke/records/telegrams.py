"""Telegram numbers and the references between telegrams.

Telegrams are numbered in series, one per post and direction: the Department's 88 to Budapest
and Budapest's 612 to the Department are numbers in two different series. A telegram from the
Department that says "Your 612, April 2, 7 p.m." therefore means Budapest's incoming 612; one
from Budapest that says "Deptel 88" means the Department's outgoing 88 to Budapest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Direction, Document, DocumentKind, TelegramReference
from glienicke.domain.errors import InvalidValue

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_TIME = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>[ap])\.\s?m\.|(?P<noon>noon|midnight)|(?P<zulu>\d{4})Z"
_WHEN = rf"(?:,\s*(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?(?:,\s*(?:{_TIME}))?)?"
_OWN = re.compile(
    rf"(?=[YOMDER])\b(?P<who>Your|Our|My|Deptel|Embtel|Reftel)\s+(?:telegram\s+)?(?:No\.\s*)?(?P<number>\d{{1,6}})\b{_WHEN}"
)
_NAMED = re.compile(
    rf"(?=[Tt])\b[Tt]elegram\s+(?P<number>\d{{1,6}})\s+(?P<way>to|from)\s+(?P<post>[A-Z][A-Za-z]+){_WHEN}"
)
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,6})\.\s")

# Where a post is named by its country ("the Ambassador in the Soviet Union").
POSTS = {
    "soviet union": "Moscow",
    "ussr": "Moscow",
    "u.s.s.r.": "Moscow",
    "russia": "Moscow",
    "poland": "Warsaw",
    "czechoslovakia": "Prague",
    "hungary": "Budapest",
    "united kingdom": "London",
    "great britain": "London",
    "france": "Paris",
    "germany": "Berlin",
    "federal republic of germany": "Bonn",
    "german democratic republic": "Berlin",
    "china": "Peking",
    "cuba": "Havana",
    "japan": "Tokyo",
    "italy": "Rome",
    "yugoslavia": "Belgrade",
    "romania": "Bucharest",
    "bulgaria": "Sofia",
}
_AT_POST = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?([A-Z][A-Za-z. ]+?)(?:\s*\(|$|,)")
_DEPARTMENT = re.compile(r"\b(Secretary of State|Department of State|Department|Under Secretary)\b")


@dataclass(frozen=True)
class Series:
    """Where a telegram stands: the post whose series numbers it and which way it went."""

    post: str | None
    direction: Direction | None


def leading_number(body: str) -> str | None:
    """A telegram's own number, which its text begins with ('342. Your 550, ...')."""
    match = _LEADING_NUMBER.match(body)
    return match.group(1) if match else None


def post_of(party_text: str) -> str | None:
    """The post a party names: 'the Ambassador in the Soviet Union (Steinhardt)' -> Moscow."""
    match = _AT_POST.search(party_text)
    if not match:
        return None
    place = match.group(1).strip().rstrip(".").lower()
    return POSTS.get(place, match.group(1).strip() if place.istitle() else None)


def series_of(sender: str, recipient: str, place: str | None) -> Series:
    """A telegram's series from its heading: from the Department it is outgoing to the
    recipient's post; to the Department, incoming from the sender's post (or its dateline)."""
    if _DEPARTMENT.search(sender) and not _DEPARTMENT.search(recipient):
        return Series(post_of(recipient), Direction.OUTGOING)
    if _DEPARTMENT.search(recipient):
        return Series(post_of(sender) or place, Direction.INCOMING)
    return Series(None, None)


def find_references(text: str, own: Series, written: PartialDate | None) -> list[TelegramReference]:
    """The telegrams a text refers to, with the series each belongs to."""
    found: list[TelegramReference] = []
    for match in _OWN.finditer(text):
        series = _their_series(match.group("who"), own)
        found.append(_reference(match, series, written))
    for match in _NAMED.finditer(text):
        way = Direction.OUTGOING if match.group("way") == "to" else Direction.INCOMING
        found.append(_reference(match, Series(match.group("post"), way), written))
    return found


def _their_series(who: str, own: Series) -> Series:
    """'Your' and 'Deptel' name the other side's series; 'Our', 'My' and 'Embtel' our own."""
    if own.direction is None:
        return Series(own.post, None)
    if who in ("Your", "Reftel") or (who == "Deptel" and own.direction is Direction.INCOMING):
        other = Direction.INCOMING if own.direction is Direction.OUTGOING else Direction.OUTGOING
        return Series(own.post, other)
    if who == "Embtel" and own.direction is Direction.OUTGOING:
        return Series(own.post, Direction.INCOMING)
    return Series(own.post, own.direction)


def _reference(
    match: re.Match[str], series: Series, written: PartialDate | None
) -> TelegramReference:
    return TelegramReference(
        text=" ".join(match.group(0).split()),
        number=match.group("number"),
        date=_date(match, written),
        post=series.post,
        direction=series.direction,
    )


def _date(match: re.Match[str], written: PartialDate | None) -> PartialDate | None:
    """The referred telegram's date; without a printed year, the year of the referring
    document (the year before, when the month is later than the document's)."""
    if not match.group("month"):
        return None
    month = MONTHS[match.group("month").lower()]
    day = int(match.group("day"))
    if match.group("year"):
        year = int(match.group("year"))
    elif written is not None:
        year = written.year - (1 if written.month is not None and month > written.month else 0)
    else:
        return None
    hour, minute = _time(match)
    try:
        if hour is None:
            return PartialDate(year, month, day)
        return PartialDate(year, month, day, hour, minute)
    except InvalidValue:
        return None


def _time(match: re.Match[str]) -> tuple[int | None, int]:
    if match.group("noon"):
        return (12 if match.group("noon") == "noon" else 0), 0
    if match.group("zulu"):
        return int(match.group("zulu")[:2]) % 24, int(match.group("zulu")[2:]) % 60
    if match.group("hour"):
        hour = int(match.group("hour")) % 12 + (12 if match.group("half") == "p" else 0)
        return hour, int(match.group("minute") or 0)
    return None, 0


def month_day(reference: TelegramReference) -> tuple[int, int] | None:
    """The month and day a reference prints, even when its year is unknown."""
    match = _OWN.search(reference.text) or _NAMED.search(reference.text)
    if match is None or not match.group("month"):
        return None
    return MONTHS[match.group("month").lower()], int(match.group("day"))


def refers_to(reference: TelegramReference, telegram: Document) -> bool:
    """Whether a reference means this telegram: same number, series and date as far as each
    side knows them."""
    if telegram.kind is not DocumentKind.TELEGRAM or reference.number != telegram.telegram_number:
        return False
    if reference.post and telegram.telegram_post and reference.post != telegram.telegram_post:
        return False
    if reference.direction and telegram.direction and reference.direction != telegram.direction:
        return False
    if telegram.date is None:
        return True
    if reference.date is not None:
        return _same_day(reference.date, telegram.date)
    printed = month_day(reference)
    if printed is None:
        return True
    return (telegram.date.month, telegram.date.day) in (printed, (printed[0], None))


def _same_day(a: PartialDate, b: PartialDate) -> bool:
    return (a.year, a.month, a.day) == (b.year, b.month, b.day) or not (
        a.certainly_before(b) or b.certainly_before(a)
    )
