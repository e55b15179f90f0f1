"""Memory and speed of importing one large TEI volume, built by repeating the real documents
of a volume excerpt (each copy under its own xml:id) until it holds --documents documents.

    uv run python bench/tei_volume.py --documents 2000 [--volume FILE] [--whole]

`--whole` reads, links and files the volume as one part (what the importer did before it
filed volumes in parts): the baseline. Prints the tracemalloc peak and documents per second.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import imports
from glienicke.services.database import Database

ROOT = Path(__file__).resolve().parents[1]
EXCERPT = ROOT / "tests" / "fixtures" / "records" / "frus1969-76v12-excerpt.xml"


def build(volume: Path, count: int, out: Path) -> None:
    text = volume.read_text(encoding="utf-8")
    start = text.index('<div type="document"')
    end = text.rindex("</div>", 0, text.rindex("</div>"))
    documents = re.findall(
        r'<div type="document".*?\n                </div>', text[start:end], re.S
    )
    copies = []
    for n in range(count):
        piece = documents[n % len(documents)]
        copies.append(re.sub(r'xml:id="d(\d+)"', rf'xml:id="d\g<1>x{n}"', piece))
    out.write_text(text[:start] + "\n".join(copies) + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--volume", type=Path, default=EXCERPT)
    parser.add_argument("--whole", action="store_true")
    args = parser.parse_args()
    if args.whole:
        imports.PART = 10**9
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "volume.xml"
        build(args.volume, args.documents, big)
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
    print(
        f"{'whole' if args.whole else 'parts'}: {report.filed} documents"
        f" ({big.stat().st_size if big.exists() else 0} bytes) in {took:.1f} s,"
        f" {report.filed / took:.0f} documents/s, tracemalloc peak {peak / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
