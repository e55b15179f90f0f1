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

WIDTH = 640
HEIGHT = 440
RADIUS = 150  # of the circle the states sit on
NODE = 46  # half the width of a state's box
NODE_HEIGHT = 17  # half its height
NAMED = 2  # an arrow carrying at most this many persons names them; more shows a count


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


def positions(parties: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The states evenly on a circle, the first at the top, going clockwise."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    count = max(len(parties), 1)
    placed = {}
    for index, key in enumerate(parties):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        placed[key] = (
            round(cx + RADIUS * math.cos(angle), 1),
            round(cy + RADIUS * math.sin(angle), 1),
        )
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
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
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
    for arrow in arrows(items, our_side):
        path, (lx, ly) = _edge(placed[arrow.source], placed[arrow.target], 28.0)
        kind = "home" if arrow.home else "given"
        who = ", ".join(arrow.persons)
        label = who if len(arrow.persons) <= NAMED else f"{len(arrow.persons)} persons"
        said = f"{names.get(arrow.source, arrow.source)} releases {who} to" + (
            f" {names.get(arrow.target, arrow.target)}"
        )
        lines.append(
            f'<g class="release {kind}"><title>{escape(said)}</title>'
            f'<path d="{path}" marker-end="url(#head-{kind})"/>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle">{escape(_short(label))}</text>'
            "</g>"
        )
    for key, (x, y) in placed.items():
        side = "ours" if key in our_side else "theirs"
        lines.append(
            f'<g class="state {side}"><rect x="{x - NODE:.1f}" y="{y - NODE_HEIGHT:.1f}"'
            f' width="{2 * NODE}" height="{2 * NODE_HEIGHT}" rx="5"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">'
            f"{escape(_short(names.get(key, key), 14))}</text></g>"
        )
    lines.append("</svg>")
    return Markup("\n".join(lines))


def _short(text: str, most: int = 34) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
