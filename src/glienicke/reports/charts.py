"""Charts of the yearly statistics, drawn as SVG on the server (the same drawing goes into the
PDF and onto the web page): a horizontal bar for each category, its count at its end.

Pure; every label is escaped as XML text.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

WIDTH = 640
LABEL = 190  # room for the category names, left of the bars
BAR = 20
GAP = 8
TOP = 8
COLOURS = ("#2f5d8a", "#7a4f9a", "#3c8a5a", "#b0602a", "#8a2f4a", "#5a6b7a")


def bar_chart(title: str, bars: Sequence[tuple[str, float]], unit: str = "") -> str:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    height = TOP * 2 + max(1, len(bars)) * (BAR + GAP)
    top = max((v for _l, v in bars), default=0) or 1
    room = WIDTH - LABEL - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title, _QUOTE)}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    if not bars:
        parts.append(f'<text x="{LABEL}" y="{TOP + BAR - 6}" fill="#555">nothing to count</text>')
    for n, (label, value) in enumerate(bars):
        y = TOP + n * (BAR + GAP)
        length = max(1.0, room * value / top) if value else 0.0
        shown = f"{value:g}{unit}"
        parts += [
            f'<text x="{LABEL - 8}" y="{y + BAR - 6}" text-anchor="end" fill="#222">'
            f"{escape(_short(label))}</text>",
            f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR}" '
            f'fill="{COLOURS[n % len(COLOURS)]}"/>',
            f'<text x="{LABEL + length + 6:.1f}" y="{y + BAR - 6}" fill="#222">'
            f"{escape(shown)}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


_QUOTE = {'"': "&quot;"}


def _short(text: str, most: int = 28) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
