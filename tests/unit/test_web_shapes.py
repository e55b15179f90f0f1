"""How the pages draw partial dates and place form errors: pure, no database."""

from __future__ import annotations

from datetime import date

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.web.pages_common import days_phrase, field_errors, highlighted, human_date
from glienicke.web.timeline import Item, draw


def _item(text: str, lane: str = "Stages") -> Item:
    return Item(lane, PartialDate.parse(text), text)


def test_a_month_only_date_is_drawn_as_the_span_of_its_month() -> None:
    drawing = draw([_item("1941-01-10"), _item("1941-03"), _item("1941-06-30")])
    assert drawing is not None
    day, month, _ = drawing.marks
    assert day.point and not month.point
    assert month.x2 - month.x1 > 20 and month.x1 > day.x1


def test_before_and_after_are_open_on_their_unknown_side() -> None:
    drawing = draw([_item("before 1941-02-21"), _item("after 1941-03-24"), _item("1941-03-01")])
    assert drawing is not None
    before, middle, after = drawing.marks
    assert before.open_left and not before.open_right
    assert after.open_right and not after.open_left
    assert before.x2 < middle.x1 < after.x1


def test_about_is_marked_and_lanes_hold_only_what_is_there() -> None:
    drawing = draw([_item("about 1941-04"), _item("1941-03-20", "Documents")])
    assert drawing is not None
    assert [m.about for m in drawing.marks] == [False, True]
    assert [lane for lane, _y in drawing.lanes] == ["Stages", "Documents"]


def test_the_as_of_day_is_drawn_only_within_the_axis() -> None:
    items = [_item("1941-01-01"), _item("1941-12-31")]
    inside, outside = draw(items, date(1941, 6, 1)), draw(items, date(1964, 1, 1))
    assert inside is not None and inside.as_of is not None
    assert outside is not None and outside.as_of is None


def test_nothing_dated_draws_nothing() -> None:
    assert draw([]) is None


def test_form_errors_are_keyed_by_the_field_they_concern() -> None:
    error = ValidationFailed(
        [
            Problem("detention gorin-1938: stages[12].date", "dated before the stage ahead"),
            Problem("stage", "'x' is not one of: a, b"),
            Problem("detention gorin-1938", "something about the whole record"),
        ]
    )
    found = field_errors(error, {"date", "stage"})
    assert found == {
        "date": "Dated before the stage ahead.",
        "stage": "'x' is not one of: a, b.",
        "": "Something about the whole record.",
    }


def test_dates_read_as_people_say_them() -> None:
    assert human_date(PartialDate.parse("about 1941-04")) == "about April 1941"
    assert human_date("before 1941-02-21") == "before 21 February 1941"
    assert human_date(PartialDate.parse("1941-03-20T21:00")) == "20 March 1941, 21:00"
    assert human_date(date(1964, 12, 1)) == "1 December 1964"
    assert human_date(None) == "undated"
    assert [days_phrase(d) for d in (0, 1, 21, 200, 2171, -2)] == [
        "today",
        "in 1 day",
        "in 21 days",
        "in about 7 months",
        "in about 6 years",
        "2 days ago",
    ]


def test_a_snippet_is_escaped_and_only_its_matches_are_marked() -> None:
    pieces = [
        {"text": "<b>", "match": False},
        {"text": "zebra<i>", "match": True},
        {"text": " & <script>alert(1)</script>", "match": False},
    ]
    assert str(highlighted(pieces)) == (
        "&lt;b&gt;<mark>zebra&lt;i&gt;</mark> &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    )
