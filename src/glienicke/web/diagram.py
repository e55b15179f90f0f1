"""A package drawn as SVG on the server: states as nodes on a circle, releases as arrows.

Pure: it takes the plain result view (`services.exchange.result_view`) and the parties' names,
and returns markup with no scripts and no external references, so it prints and works with
scripting off. Releases between the same two states are drawn as one arrow labelled with how
many go and, when few, who; the table beside the diagram lists every release.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

NODE = 80  # half the width of a state's box
NODE_HEIGHT = 17  # half its height
MARGIN = 14
NAMED = 2  # an arrow carrying at most this many persons names them; more shows a count
BEND = 46  # how far an arrow bows out from the straight line


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    persons: tuple[str, ...]
    home: bool  # brings someone home to our side


def arrows(items: Sequence[Mapping[str, Any]], our_side: set[str]) -> list[Arrow]:
    """One arrow per (releasing state, receiving state), persons in the order of the items."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for item in items:
        grouped.setdefault((item["released_by"], item["to"]), []).append(item["name"])
    return [Arrow(s, t, tuple(names), t in our_side) for (s, t), names in grouped.items()]


def size(count: int) -> tuple[float, float, float, float]:
    """The figure's width and height, and the radii of the ellipse the states sit on: wider
    than tall, as the boxes are, and growing with the number of states so none overlap."""
    rx, ry = max(150.0, 36.0 * count), max(100.0, 24.0 * count)
    return 2 * (rx + NODE + MARGIN), 2 * (ry + NODE_HEIGHT + MARGIN), rx, ry


def positions(parties: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The states evenly on an ellipse, the first at the top, going clockwise."""
    width, height, rx, ry = size(len(parties))
    count = max(len(parties), 1)
    placed = {}
    for index, key in enumerate(parties):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        x, y = width / 2 + rx * math.cos(angle), height / 2 + ry * math.sin(angle)
        placed[key] = (round(x, 1), round(y, 1))
    return placed


def _edge(
    start: tuple[float, float], end: tuple[float, float], bend: float
) -> tuple[str, tuple[float, float]]:
    """A curved path from box edge to box edge, bent to the right of its direction (so the two
    directions between one pair of states do not overlap), and the point to label it at."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length

    # Leave each box where the line crosses its border.
    def clip(ux: float, uy: float) -> float:
        limits = [NODE / abs(ux) if ux else math.inf, NODE_HEIGHT / abs(uy) if uy else math.inf]
        return min(limits) + 6

    sx, sy = x1 + ux * clip(ux, uy), y1 + uy * clip(ux, uy)
    ex, ey = x2 - ux * clip(ux, uy), y2 - uy * clip(ux, uy)
    mx, my = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
    path = f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}"
    # The curve's own midpoint lies halfway between the chord's middle and the control point.
    label = ((sx + ex) / 4 + mx / 2, (sy + ey) / 4 + my / 2)
    return path, label


def package_svg(
    view: Mapping[str, Any], names: Mapping[str, str], our_side: set[str], title: str
) -> Markup:
    """The package `view` (one entry of the result view's `packages`) as an SVG figure."""
    items = view["items"]
    involved: list[str] = []
    for item in items:
        for key in (item["released_by"], item["to"]):
            if key not in involved:
                involved.append(key)
    # Our side first, so the figure reads from the top the same way every time.
    order = {key: index for index, key in enumerate(involved)}
    involved.sort(key=lambda key: (key not in our_side, order[key]))
    placed = positions(involved)
    width, height, _rx, _ry = size(len(involved))
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img"'
        f' class="diagram" aria-labelledby="diagram-title-{view["rank"]}">',
        f'<title id="diagram-title-{view["rank"]}">{escape(title)}</title>',
        "<defs>",
        '<marker id="head-home" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
        ' markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"'
        ' class="head home"/></marker>',
        '<marker id="head-given" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
        ' markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"'
        ' class="head given"/></marker>',
        "</defs>",
    ]
    taken: list[Box] = [
        (x - NODE, y - NODE_HEIGHT, x + NODE, y + NODE_HEIGHT) for x, y in placed.values()
    ]
    for arrow in arrows(items, our_side):
        path, spot = _edge(placed[arrow.source], placed[arrow.target], BEND)
        kind = "home" if arrow.home else "given"
        who = ", ".join(arrow.persons)
        label = _short(who if len(arrow.persons) <= NAMED else f"{len(arrow.persons)} persons")
        lx, ly = _free_spot(spot, label, taken)
        said = f"{names.get(arrow.source, arrow.source)} releases {who} to" + (
            f" {names.get(arrow.target, arrow.target)}"
        )
        lines.append(
            f'<g class="release {kind}"><title>{escape(said)}</title>'
            f'<path d="{path}" marker-end="url(#head-{kind})"/>'
            f'<text x="{lx:.1f}" y="{ly + 5:.1f}" text-anchor="middle">{escape(label)}</text>'
            "</g>"
        )
    for key, (x, y) in placed.items():
        side = "ours" if key in our_side else "theirs"
        lines.append(
            f'<g class="state {side}"><rect x="{x - NODE:.1f}" y="{y - NODE_HEIGHT:.1f}"'
            f' width="{2 * NODE}" height="{2 * NODE_HEIGHT}" rx="5"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">'
            f"{escape(_short(names.get(key, key), 17))}</text></g>"
        )
    lines.append("</svg>")
    return Markup("\n".join(lines))


Box = tuple[float, float, float, float]  # left, top, right, bottom
CHAR = 7.6  # the width of a character of a label, near enough
LINE = 18  # the height of a label


def _free_spot(spot: tuple[float, float], label: str, taken: list[Box]) -> tuple[float, float]:
    """Where a label goes: at its arrow's middle, or moved up or down in steps until it
    overlaps no state and no label placed before it (the spot is kept when none is free)."""
    half = len(label) * CHAR / 2 + 3
    x, y = spot
    for step in (0, -1, 1, -2, 2, -3, 3, -4, 4):
        cy = y + step * LINE
        box = (x - half, cy - LINE / 2, x + half, cy + LINE / 2)
        if not any(_overlap(box, other) for other in taken):
            taken.append(box)
            return x, cy
    taken.append((x - half, y - LINE / 2, x + half, y + LINE / 2))
    return x, y


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _short(text: str, most: int = 26) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
