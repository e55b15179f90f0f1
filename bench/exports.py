"""Time and memory of the exports (services.exports) at two sizes, against the plain list
query of the same records in the same run.

    uv run python bench/exports.py --rows 10000 100000 --rounds 3

For each size a new SQLite database (or, with --database, one PostgreSQL database per size,
named after the URL's with the size added) gets that many persons, cases (one subject each),
commitments (a hundred to a proposal) and documents (with their search index entries),
written by `store.bulk` as the benchmark world is. Classifications run from unclassified to
top secret and one case in a hundred is restricted to a group, so that the reader (cleared
secret, in no group) sees most but not all of them, and the policy point has work to do.

Measured, each list in turn, as that reader: the export to a CSV file (and the cases to an
XLSX file), the whole of it, and the baseline, the plain list query (`views.listing`, or the
commitments the ledger reads), which builds every row in memory. Time is the median of --rounds
runs without tracing; the peak is Python's allocations (tracemalloc) over one more run.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from glienicke.domain import cases as c
from glienicke.domain import documents as doc
from glienicke.domain import people as p
from glienicke.domain import proposals as pr
from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Permission
from glienicke.security.policy import Viewer
from glienicke.services import exports, views
from glienicke.services.access import Scoped
from glienicke.services.database import Database
from glienicke.store.bulk import file_documents, insert_records

BATCH = 5_000
LEVELS = list(Classification)
READER = Viewer("bench-reader", Classification.SECRET, frozenset(), frozenset({Permission.READ}))
SURNAMES = ("Ivanov", "Petrov", "Smith", "Jones", "Novak", "Gorin", "Pyk", "Habicht", "Brown")


def _batches(items: Iterator[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def build(db: Database, rows: int) -> float:
    """`rows` persons, cases, commitments and documents; seconds taken."""
    start = time.perf_counter()
    proposals = max(1, rows // 100)

    def persons() -> Iterator[p.Person]:
        for n in range(rows):
            name = f"{SURNAMES[n % len(SURNAMES)]} {n:06d}"
            yield p.Person(
                key=f"p{n:06d}", name=name, nationalities=["us"], birth_year=1900 + n % 80
            )

    def cases() -> Iterator[c.Case]:
        for n in range(rows):
            yield c.Case(
                key=f"c{n:06d}",
                title=f"Case of {SURNAMES[n % len(SURNAMES)]} {n:06d}, held abroad",
                subjects=[c.CaseSubject(person=f"p{n:06d}", basis=c.Basis.NATIONAL)],
                priority=list(c.Priority)[n % 4],
                status=c.CaseStatus.CLOSED if n % 3 else c.CaseStatus.OPEN,
                closed_on=PartialDate(1960 + n % 30) if n % 3 else None,
                classification=LEVELS[n % 3],  # up to secret: the reader's level
                restricted_to=["inner-team"] if n % 100 == 7 else [],
            )

    def proposal_records() -> Iterator[pr.Proposal]:
        for n in range(proposals):
            yield pr.Proposal(key=f"x{n:05d}", title=f"Exchange {n}", counterparts=["ussr"])

    def commitment_records() -> Iterator[pr.Commitment]:
        for n in range(rows):
            yield pr.Commitment(
                key=f"k{n:06d}",
                proposal=f"x{n % proposals:05d}",
                party="ussr" if n % 2 else "us",
                act=pr.ItemKind.RELEASE,
                description=f"Release {SURNAMES[n % len(SURNAMES)]} {n:06d}",
                due=PartialDate(1965, 1 + n % 12),
            )

    def documents() -> Iterator[doc.Document]:
        for n in range(rows):
            yield doc.Document(
                key=f"d{n:06d}",
                kind=doc.DocumentKind.TELEGRAM if n % 2 else doc.DocumentKind.MEMORANDUM,
                title=f"On the case of {SURNAMES[n % len(SURNAMES)]} {n:06d}",
                date=PartialDate(1941 + n % 40, 1 + n % 12, 1 + n % 28),
                classification=LEVELS[n % 4],
                body=f"The embassy in Moscow reports on {SURNAMES[n % len(SURNAMES)]}.",
                persons=[f"p{n:06d}"],
                cases=[f"c{n:06d}"],
            )

    states = [p.State(key="us", name="United States"), p.State(key="ussr", name="USSR")]
    for records in (states, persons(), cases(), proposal_records(), commitment_records()):
        for batch in _batches(iter(records)):
            with db.engine.begin() as connection, Session(bind=connection) as session:
                insert_records(session, batch)
                session.flush()
    for batch in _batches(documents()):
        with db.engine.begin() as connection, Session(bind=connection) as session:
            file_documents(session, batch, None)
            session.flush()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    return time.perf_counter() - start


def _exported(make: Callable[[], exports.Export], fmt: str, target: Path) -> Callable[[], int]:
    def run() -> int:
        found = make()
        with target.open("wb") as out:
            for piece in found.chunks(fmt):
                out.write(piece)
        return found.count

    return run


def measure(run: Callable[[], int], rounds: int) -> tuple[float, float, int]:
    """Median seconds over the rounds, then the tracemalloc peak (MiB) of one more run."""
    times = []
    count = 0
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        count = run()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    run()
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, count


def _ledger(db: Database) -> int:
    """What the commitments list reads before it judges each one: every commitment the
    reader may see (the judging itself is left out: it compares each with all the others)."""
    with db.reading() as repo:
        return len(Scoped.of(repo).all(pr.Commitment))


def cases_for(db: Database, rows: int, rounds: int, folder: Path) -> list[tuple[Any, ...]]:
    day = date(1970, 1, 1)
    plans: list[tuple[str, str, Callable[[], int]]] = [
        ("cases", "list query", lambda: len(views.listing(db, "cases"))),
        ("cases", "export csv", _exported(lambda: exports.cases(db), "csv", folder / "c.csv")),
        (
            "cases",
            "export xlsx",
            _exported(lambda: exports.cases(db, "xlsx"), "xlsx", folder / "c.xlsx"),
        ),
        ("persons", "list query", lambda: len(views.listing(db, "persons"))),
        ("persons", "export csv", _exported(lambda: exports.persons(db), "csv", folder / "p.csv")),
        ("commitments", "list query", lambda: _ledger(db)),
        (
            "commitments",
            "export csv",
            _exported(lambda: exports.commitments(db, as_of=day), "csv", folder / "k.csv"),
        ),
        ("documents", "list query", lambda: len(views.listing(db, "documents"))),
        (
            "documents",
            "export csv",
            _exported(lambda: exports.documents(db), "csv", folder / "d.csv"),
        ),
        (
            "documents 'Moscow'",
            "export csv",
            _exported(lambda: exports.documents(db, text="Moscow"), "csv", folder / "s.csv"),
        ),
    ]
    found = []
    for name, way, run in plans:
        seconds, peak, count = measure(run, rounds)
        found.append((rows, name, way, count, seconds, peak))
        print(
            f"{rows:>8,} {name:20} {way:12} {count:>8,} rows {seconds:8.2f} s {peak:8.1f} MiB",
            flush=True,
        )
    return found


def _database(url: str | None, rows: int, folder: Path) -> Database:
    if url is None:
        return Database.open(f"sqlite:///{folder / f'exports-{rows}.sqlite'}")
    base, _slash, name = url.rpartition("/")
    fresh = f"{name}_{rows}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{fresh}"'))
        connection.execute(text(f'CREATE DATABASE "{fresh}"'))
    admin.dispose()
    return Database.open(f"{base}/{fresh}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", help="a PostgreSQL URL (default: SQLite files)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        for rows in args.rows:
            db = _database(args.database, rows, folder)
            print(f"built {rows:,} of each in {build(db, rows):.1f} s", flush=True)
            with acting_as("bench:reader", "bench", READER):
                results += cases_for(db, rows, args.rounds, folder)
            db.dispose()
    print("\n| rows | list | way | rows out | median s | peak MiB |\n|---|---|---|---|---|---|")
    for rows, name, way, count, seconds, peak in results:
        print(f"| {rows:,} | {name} | {way} | {count:,} | {seconds:.2f} | {peak:.1f} |")


if __name__ == "__main__":
    main()
