"""Whether two documents under different keys are probably the same one (issue 15, item 8)."""

from __future__ import annotations

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Direction, Document, DocumentKind, Publication
from glienicke.records.likeness import (
    SAME_PUBLICATION,
    SAME_TELEGRAM,
    SAME_TEXT,
    alike,
    volume_of,
)


def test_a_volume_is_named_by_its_first_year_and_number_however_written() -> None:
    assert volume_of("FRUS 1964-68, vol. XIV") == (1964, 14)
    assert volume_of("Foreign Relations of the United States, 1964\u20131968, Volume XIV") == (
        1964,
        14,
    )
    assert volume_of("frus1941v01") == (1941, 1)
    assert volume_of("Diplomatic Papers, 1941, General, Volume I") == (1941, 1)
    assert volume_of("FRUS 1941") is None and volume_of(None) is None


def _doc(key: str, **fields: object) -> Document:
    return Document(key=key, kind=fields.pop("kind", DocumentKind.LETTER), title=key, **fields)  # type: ignore[arg-type]


def test_three_ways_to_be_the_same_document_and_none_by_key_alone() -> None:
    typed = _doc("typed", publication=Publication(volume="FRUS 1941, vol. I", number="900"))
    read = _doc("read", publication=Publication(volume="Volume I, 1941", number="0900"))
    assert alike(read, typed) == SAME_PUBLICATION
    other = _doc("other", publication=Publication(volume="FRUS 1941, vol. II", number="900"))
    assert alike(read, other) is None
    march, later = PartialDate(1941, 3), PartialDate(1941, 3, 22, 18, 0)
    telegram = {
        "kind": DocumentKind.TELEGRAM,
        "telegram_number": "342",
        "direction": Direction.OUTGOING,
    }
    sent = _doc("sent", date=march, telegram_post="Moscow", **telegram)
    again = _doc("again", date=later, telegram_post="moscow", **telegram)
    assert alike(again, sent) == SAME_TELEGRAM
    answer = _doc(
        "answer",
        date=march,
        telegram_post="Moscow",
        **{**telegram, "direction": Direction.INCOMING},
    )
    assert alike(answer, sent) is None  # Moscow's own 342 is another telegram
    assert (
        alike(again, _doc("x", date=PartialDate(1942, 1), telegram_post="Moscow", **telegram))
        is None
    )
    text = "My dear Mr. Secretary: " + "the case stands as before, " * 10
    day = PartialDate(1941, 2, 21)
    assert (
        alike(_doc("a", date=day, body=text), _doc("b", date=day, body=text.upper())) == SAME_TEXT
    )
    short = "Too short to say."
    assert alike(_doc("a", date=day, body=short), _doc("b", date=day, body=short)) is None
    assert alike(typed, typed) is None
