"""Reports benchmark: a case's dossier (PDF and text) and the yearly statistics (PDF) over a
big world, beside the services of the case page for the same cases, in the same run.

    uv run python bench/world.py sqlite:////tmp/bench/world.sqlite        # the world, once
    uv run python bench/reports.py sqlite:////tmp/bench/world.sqlite --cases 5 --repeat 3

In process, as a negotiator cleared secret outside the restricted group (the viewer of
bench/load.py): for each of `--cases` visible cases (a quarter open), `--repeat` times, the
case page's services (the case file with its windows and urgency on the day, its summary and
its timeline), the dossier built, the dossier rendered as PDF and as text (each audited as
any report is); then the yearly statistics of `--year` (default: the year on record in the
middle) built and rendered as PDF. It prints the median of each and its ratio to the case
page's median.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Permission
from glienicke.security.policy import Viewer
from glienicke.services import overview, reports, summary
from glienicke.services.chronology import case_items
from glienicke.services.database import Database
from glienicke.store.tables import CaseRestriction, CaseRow

READER = Viewer("bench-reader", Classification.SECRET, frozenset(), frozenset(Permission))
LEVELS = (Classification.UNCLASSIFIED, Classification.CONFIDENTIAL, Classification.SECRET)


def sample(db: Database, count: int, seed: int) -> list[str]:
    with db.reading() as repo:
        restricted = select(CaseRestriction.__table__.c.parent_key)
        query = (
            select(CaseRow.key, CaseRow.status)
            .where(CaseRow.classification.in_(LEVELS))
            .where(CaseRow.key.not_in(restricted))
            .order_by(CaseRow.key)
        )
        rows = list(repo.session.execute(query))
    rng = random.Random(seed)
    open_ = [k for k, s in rows if s.value == "open"]
    closed = [k for k, s in rows if s.value != "open"]
    chosen = rng.sample(open_, min(len(open_), max(1, count // 4)))
    return chosen + rng.sample(closed, min(len(closed), count - len(chosen)))


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    made = work()
    return time.perf_counter() - start, made


def case_page(db: Database, key: str, day: date) -> object:
    """What the case page's handler asks of the services."""
    found = overview.case_file(db, key, day)
    offices = overview.titles(db, "office", sorted({s.to_office for s in found.steps}))
    return summary.of_case(found, day, offices), case_items(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="a database URL holding a world from bench/world.py")
    parser.add_argument("--cases", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int)
    parser.add_argument("--as-of", default=date.today().isoformat())
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    db = Database.open(args.database)
    day = date.fromisoformat(args.as_of)
    times: dict[str, list[float]] = {k: [] for k in ("page", "dossier", "pdf", "text")}
    pages = 0
    with acting_as("bench:bench-reader", "benchmark", READER):
        keys = sample(db, args.cases, args.seed)
        for _round in range(args.repeat):
            for key in keys:
                times["page"].append(timed(lambda k=key: case_page(db, k, day))[0])
                seconds, dossier = timed(lambda k=key: reports.case_dossier(db, k, day))
                times["dossier"].append(seconds)
                seconds, pdf = timed(lambda r=dossier: reports.export(db, r, "pdf"))
                times["pdf"].append(seconds)
                pages = max(pages, pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page"))
                times["text"].append(timed(lambda r=dossier: reports.export(db, r, "text"))[0])
        years = reports.years_on_record(db)
        year = args.year or years[len(years) // 2]
        yearly: list[float] = []
        yearly_pdf: list[float] = []
        counted = 0
        for _round in range(args.repeat):
            seconds, (made, rows) = timed(lambda: reports.yearly_with_rows(db, year))
            yearly.append(seconds)
            counted = len(rows)
            yearly_pdf.append(timed(lambda m=made: reports.export(db, m, "pdf"))[0])
    base = statistics.median(times["page"])
    print(f"{len(keys)} cases x {args.repeat}, as of {day}; yearly {year} ({counted} cases)")
    print(f"{'what':34} {'n':>4} {'median ms':>10} {'x case page':>12}")
    lines = [
        ("case page services (baseline)", times["page"]),
        ("dossier built", times["dossier"]),
        ("dossier PDF rendered (+audit)", times["pdf"]),
        ("dossier text rendered (+audit)", times["text"]),
        (
            "dossier built + PDF",
            [a + b for a, b in zip(times["dossier"], times["pdf"], strict=True)],
        ),
        (f"yearly {year} built", yearly),
        (f"yearly {year} PDF rendered (+audit)", yearly_pdf),
    ]
    for name, values in lines:
        middle = statistics.median(values)
        print(f"{name:34} {len(values):4} {middle * 1000:10.1f} {middle / base:12.1f}")
    db.dispose()


if __name__ == "__main__":
    main()
