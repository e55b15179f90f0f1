"""The package diagram: one arrow per pair of states and direction, named when few go, a count
when many do, and nothing a browser would fetch or run."""

from __future__ import annotations

import re

from glienicke.web.diagram import arrows, package_svg, positions


def _item(name: str, by: str, to: str) -> dict[str, str]:
    return {"name": name, "released_by": by, "to": to}


def test_releases_between_two_states_share_one_arrow_each_way() -> None:
    items = [_item("A", "them", "us"), _item("B", "them", "us"), _item("C", "us", "them")]
    drawn = arrows(items, {"us"})
    assert [(a.source, a.target, a.persons, a.home) for a in drawn] == [
        ("them", "us", ("A", "B"), True),
        ("us", "them", ("C",), False),
    ]


def test_states_sit_apart_on_a_circle_the_first_at_the_top() -> None:
    placed = positions(["a", "b", "c", "d"])
    assert placed["a"][1] < placed["c"][1]  # the first is above the third
    assert len(set(placed.values())) == 4


def test_many_persons_on_one_arrow_show_a_count_and_names_in_its_title() -> None:
    items = [_item(f"Person {n}", "them", "us") for n in range(5)] + [_item("X", "us", "them")]
    view = {"rank": 1, "items": items}
    svg = str(package_svg(view, {"us": "Us", "them": "<Them>"}, {"us"}, "Best"))
    assert ">5 persons</text>" in svg
    assert "&lt;Them&gt; releases Person 0, Person 1" in svg
    assert "<Them>" not in svg
    assert len(re.findall(r'<g class="release ', svg)) == 2
    assert "<script" not in svg and "href" not in svg.replace("url(#head-", "")
