"""PrefLib's kidney-exchange instances (`.wmd`, weighted matching data) as packing problems.

A file opens with `#` header lines (title, `NUMBER ALTERNATIVES`, `NUMBER EDGES`, and one
`ALTERNATIVE NAME i: ...` per vertex), then one `source,target,weight` row per arc: the donor of
`source` can give to the patient of `target`. Vertices named as altruists (non-directed donors)
start chains; arcs into them are ignored. Every vertex gives at most once and receives at most
once, which makes the packing exactly kidney exchange; the optimum is the largest total weight.
"""

from __future__ import annotations

from pathlib import Path

from glienicke.domain.errors import ValidationFailed
from glienicke.exchange.packing import Arc, Limit, Problem


def read_wmd(path: Path, cycle_cap: int, chain_cap: int) -> Problem:
    name = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ValidationFailed.single(name, "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationFailed.single(name, f"cannot be read: {error}") from None
    altruists: set[str] = set()
    edges: list[tuple[str, str, float]] = []
    declared: int | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            head, _, value = line[1:].partition(":")
            head = head.strip().upper()
            if head.startswith("ALTERNATIVE NAME"):
                vertex = head.removeprefix("ALTERNATIVE NAME").strip()
                if "altruist" in value.lower():
                    altruists.add(vertex)
            elif head == "NUMBER EDGES":
                try:
                    declared = int(value.strip())
                except ValueError:
                    raise ValidationFailed.single(
                        f"{name}:{number}", "NUMBER EDGES must be a whole number"
                    ) from None
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3:
            raise ValidationFailed.single(
                f"{name}:{number}", f"expected 'source,target,weight', got {line!r}"
            )
        try:
            source, target, weight = str(int(parts[0])), str(int(parts[1])), float(parts[2])
        except ValueError:
            raise ValidationFailed.single(
                f"{name}:{number}",
                f"source and target must be whole numbers, weight a number: {line!r}",
            ) from None
        edges.append((source, target, weight))
    if declared is not None and declared != len(edges):
        raise ValidationFailed.single(
            name, f"the header says {declared} edges, the file has {len(edges)}"
        )
    arcs: list[Arc] = []
    out: dict[str, list[int]] = {}
    into: dict[str, list[int]] = {}
    for source, target, weight in edges:
        if target in altruists or source == target:
            continue
        out.setdefault(source, []).append(len(arcs))
        into.setdefault(target, []).append(len(arcs))
        arcs.append(Arc(f"{source}->{target}", source, target, source in altruists, weight, 1, 0.0))
    limits = [Limit(f"{v} gives once", tuple(a), 1) for v, a in sorted(out.items()) if len(a) > 1]
    limits += [
        Limit(f"{v} receives once", tuple(a), 1) for v, a in sorted(into.items()) if len(a) > 1
    ]
    return Problem(tuple(arcs), cycle_cap, chain_cap, tuple(limits))
