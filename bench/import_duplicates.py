"""What looking for documents already on file under another key costs an import.

    uv run python bench/corpus.py text /tmp/dup-corpus --count 5000
    uv run python bench/import_duplicates.py /tmp/dup-corpus --repeat 3

Imports the same files into a new SQLite database, `--repeat` times each way, alternating:
as the importer does, and with the look-up for likely duplicates switched off (the baseline:
the importer before it held any back). Prints the medians and their ratio, and how many
documents each way filed and held back (the synthetic corpus repeats telegram numbers from
a post within a year, so some are held back: the comparison is of the look-up's cost).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import imports
from glienicke.services.database import Database

LOOK_UP = imports.likely_on_file


def one(folder: Path, look: bool) -> tuple[float, int, int]:
    imports.likely_on_file = LOOK_UP if look else _nothing
    with tempfile.TemporaryDirectory() as scratch:
        db = Database.open(f"sqlite:///{scratch}/bench.sqlite")
        user = User(
            username="bench",
            name="Bench",
            roles=[Role.RECORDS_OFFICER],
            clearance=Classification.TOP_SECRET,
        )
        with acting_as("bench", "bench", Viewer.of(user)):
            began = time.perf_counter()
            report = imports.import_paths(db, [folder], jobs=1)
            took = time.perf_counter() - began
        db.dispose()
    return took, report.filed, len(report.offers)


def _nothing(_repo: Any, _documents: Any) -> dict[str, tuple[str, str]]:
    return {}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: dict[bool, list[float]] = {True: [], False: []}
    counts: dict[bool, tuple[int, int]] = {}
    for _ in range(args.repeat):
        for look in (False, True):
            took, filed, held = one(args.corpus, look)
            times[look].append(took)
            counts[look] = (filed, held)
    without, with_ = statistics.median(times[False]), statistics.median(times[True])
    for look, name in ((False, "without the look-up"), (True, "with the look-up")):
        filed, held = counts[look]
        seconds = statistics.median(times[look])
        print(f"{name}: median {seconds:.1f} s, {filed:,} filed, {held:,} held back")
    print(f"with/without: {with_ / without:.2f}x")


if __name__ == "__main__":
    main()
