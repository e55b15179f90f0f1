"""Benchmark: loading, re-loading and dumping a generated dataset, beside a parse-only baseline.

    uv run python bench/load_dump.py --cases 2000 --repeat 3
    uv run python bench/load_dump.py --cases 2000 --database-url postgresql://postgres@127.0.0.1/test

The baseline is parsing and checking the same file without touching a database (what every
load does first), so the ratio says what storage costs on top. Figures are medians of the runs;
the machine is shared, so compare ratios rather than absolute times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from glienicke.dataset.files import read_file, render
from glienicke.dataset.reader import read_sources
from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Permission
from glienicke.security.policy import Viewer
from glienicke.services import datasets
from glienicke.services.database import Database
from glienicke.store.db import make_engine, normalise_url, upgrade

STAGES = ["arrested", "charged", "on-trial", "convicted", "sentenced"]


def generate(cases: int) -> dict[str, Any]:
    """A world of `cases` detainees, each with a detention, a case and a document."""
    data: dict[str, Any] = {
        "glienicke_dataset": 1,
        "states": [{"key": "home", "name": "Home"}, {"key": "away", "name": "Away"}],
        "persons": [],
        "detentions": [],
        "cases": [],
        "documents": [],
        "proposals": [],
    }
    for i in range(cases):
        year = 1950 + i % 40
        data["persons"].append(
            {
                "key": f"p{i}",
                "name": f"Person {i}",
                "nationalities": ["home"],
                "aliases": [f"P. {i}"],
            }
        )
        data["detentions"].append(
            {
                "key": f"d{i}",
                "person": f"p{i}",
                "held_by": "away",
                "stages": [
                    {"stage": s, "date": f"{year}-{n + 1:02d}"} for n, s in enumerate(STAGES)
                ],
                "sentence": {"term_months": 12 + i % 100, "imposed_on": f"{year}-05"},
            }
        )
        data["cases"].append(
            {
                "key": f"c{i}",
                "title": f"Case {i}",
                "subjects": [{"person": f"p{i}", "basis": "national", "detention": f"d{i}"}],
            }
        )
        data["documents"].append(
            {
                "key": f"t{i}",
                "kind": "telegram",
                "title": f"Telegram {i}",
                "date": f"{year}-06-01",
                "telegram_number": str(i),
                "file_designations": [f"POL 23-6 AWAY/{i}"],
                "summary": "A generated telegram about the case.",
                "persons": [f"p{i}"],
                "cases": [f"c{i}"],
            }
        )
        if i % 10 == 0:
            data["proposals"].append(
                {
                    "key": f"x{i}",
                    "title": f"Exchange {i}",
                    "counterparts": ["away"],
                    "cases": [f"c{i}"],
                    "items": [{"key": "get", "side": "get", "kind": "release", "person": f"p{i}"}],
                }
            )
    return data


def records_in(data: dict[str, Any]) -> int:
    return sum(len(v) for v in data.values() if isinstance(v, list))


def fresh_database(url: str | None, folder: Path, run: int) -> Database:
    if url is None:
        engine = make_engine(f"sqlite:///{folder / f'bench-{run}.sqlite'}")
    else:
        admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS glienicke_bench WITH (FORCE)"))
            connection.execute(text("CREATE DATABASE glienicke_bench"))
        admin.dispose()
        engine = make_engine(normalise_url(url).rsplit("/", 1)[0] + "/glienicke_bench")
    upgrade(engine)
    return Database(engine)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# The benchmark acts as an account that may see and do everything, as an operator's load would.
OPERATOR = Viewer("bench", Classification.TOP_SECRET, frozenset(), frozenset(Permission))


def main() -> None:
    with acting_as("bench", "local", OPERATOR):
        run()


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL; SQLite if absent")
    args = parser.parse_args()

    data = generate(args.cases)
    count = records_in(data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "world.yaml"
        path.write_text(render(data, "yaml"), encoding="utf-8")
        timings: dict[str, list[float]] = {
            "parse + check (baseline)": [],
            "load into empty": [],
            "load again (unchanged)": [],
            "dump": [],
        }
        for run in range(args.repeat):
            timings["parse + check (baseline)"].append(
                timed(lambda: read_sources([read_file(path)], lambda _k, _keys: set()))
            )
            db = fresh_database(args.database_url, folder, run)
            load = partial(datasets.load_files, db, [path])
            timings["load into empty"].append(timed(load))
            timings["load again (unchanged)"].append(timed(load))
            timings["dump"].append(timed(partial(datasets.dump, db)))
            db.dispose()

    backend = "PostgreSQL" if args.database_url else "SQLite"
    baseline = statistics.median(timings["parse + check (baseline)"])
    print(f"{count} records ({args.cases} cases), {backend}, median of {args.repeat} runs")
    print(f"{'step':28} {'seconds':>8} {'records/s':>10} {'x baseline':>10}")
    for step, values in timings.items():
        median = statistics.median(values)
        print(f"{step:28} {median:8.2f} {count / median:10.0f} {median / baseline:10.2f}")


if __name__ == "__main__":
    sys.exit(main())
