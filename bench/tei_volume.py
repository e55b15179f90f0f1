"""Memory and speed of importing one large TEI volume, built by repeating the real documents
of a volume excerpt (each copy with its own xml:ids) until it holds --documents documents.

    uv run python bench/tei_volume.py --documents 2000 8000 --repeat 3

Each run is a fresh process (so its peak resident size is its own), importing the volume into
a new SQLite database in one of two ways:

- `parts`: as the importer does, 500 documents read, linked and filed at a time;
- `whole`: the baseline, the volume read, linked and filed as one part, holding all of its
  documents at once (what the importer did before it filed volumes in parts).

Prints, per way and size, the median of the runs: the tracemalloc peak (Python's own
allocations, lxml's C memory is not in it), the peak resident size (ru_maxrss, all of it) and
documents per second; then how many documents were filed, on file, held back or refused, and
why any were refused. `--one MODE N` is one run (used by the others).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import imports
from glienicke.services.database import Database

ROOT = Path(__file__).resolve().parents[1]
EXCERPT = ROOT / "tests" / "fixtures" / "records" / "frus1969-76v12-excerpt.xml"
_DOCUMENT = re.compile(r'<div type="document".*?\n                </div>', re.S)


def build(volume: Path, count: int, out: Path) -> None:
    """The excerpt's documents repeated to `count`; every xml:id of a copy (the document's,
    its notes', its pages') and every reference to one get the copy's own suffix, so the
    volume stays valid XML with unique ids (an earlier version renamed only the documents'
    ids and cut the volume's closing tags: the parser failed at the end and the documents of
    its last buffer were lost, 1,492 of 1,500 filed)."""
    text = volume.read_text(encoding="utf-8")
    found = list(_DOCUMENT.finditer(text))
    start, end = found[0].start(), found[-1].end()
    copies = []
    for n in range(count):
        piece = found[n % len(found)].group(0)
        piece = re.sub(r'xml:id="([^"]+)"', rf'xml:id="\g<1>x{n}"', piece)
        piece = re.sub(r'target="#([^"]+)"', rf'target="#\g<1>x{n}"', piece)
        # its own number and a line of its own: a copy is not the document it repeats (the
        # same volume and number, or the same dated text, would hold it back as a duplicate)
        piece = re.sub(r'\bn="\d+"', f'n="{n + 1}"', piece, count=1)
        piece = piece.replace("</head>", f"</head><p>Copy {n + 1} of the bench.</p>", 1)
        copies.append(piece)
    out.write_text(text[:start] + "\n".join(copies) + text[end:], encoding="utf-8")


def one(mode: str, count: int) -> dict[str, Any]:
    if mode == "whole":
        imports.PART = 10**9
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "volume.xml"
        build(EXCERPT, count, big)
        size = big.stat().st_size
        db = Database.open(f"sqlite:///{folder}/bench.sqlite")
        user = User(
            username="bench",
            name="Bench",
            roles=[Role.RECORDS_OFFICER],
            clearance=Classification.TOP_SECRET,
        )
        with acting_as("bench", "bench", Viewer.of(user)):
            tracemalloc.start()
            began = time.perf_counter()
            report = imports.import_paths(db, [big])
            took = time.perf_counter() - began
            _now, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        db.dispose()
    (file,) = report.files
    return {
        "mode": mode,
        "documents": count,
        "bytes": size,
        "seconds": took,
        "tracemalloc_mib": peak / 2**20,
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "filed": file.filed,
        "on_file": file.on_file,
        "held_back": len(file.offers),
        "refused": file.problems,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, nargs="+", default=[2000, 8000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("MODE", "N"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]))))
        return
    print("| documents | way | tracemalloc peak | peak RSS | documents/s | filed of read |")
    print("|---|---|---|---|---|---|")
    medians: dict[tuple[int, str], tuple[float, float]] = {}
    for count in args.documents:
        for mode in ("whole", "parts"):
            runs = []
            for _ in range(args.repeat):
                done = subprocess.run(
                    [sys.executable, __file__, "--one", mode, str(count)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                runs.append(json.loads(done.stdout))
            traced = statistics.median(r["tracemalloc_mib"] for r in runs)
            rss = statistics.median(r["maxrss_mib"] for r in runs)
            rate = statistics.median(r["documents"] / r["seconds"] for r in runs)
            medians[count, mode] = (traced, rss)
            last = runs[-1]
            print(
                f"| {count:,} | {mode} | {traced:.1f} MiB | {rss:.0f} MiB | {rate:.0f} |"
                f" {last['filed']:,} of {count:,} |"
            )
            for problem in last["refused"]:
                print(f"  refused: {problem}", file=sys.stderr)
            if last["on_file"] or last["held_back"]:
                print(
                    f"  {last['on_file']} on file, {last['held_back']} held back", file=sys.stderr
                )
    for count in args.documents:
        whole, parts = medians[count, "whole"], medians[count, "parts"]
        print(
            f"{count:,} documents: parts/whole tracemalloc {parts[0] / whole[0]:.2f}x,"
            f" peak RSS {parts[1] / whole[1]:.2f}x"
        )


if __name__ == "__main__":
    main()
