"""Benchmark: evaluating every legal window of generated detentions, each figure beside a
baseline measured in the same run.

    uv run python bench/windows.py --count 100000 --repeat 5
    uv run python bench/windows.py --count 100000 --database-url postgresql://postgres@127.0.0.1/test

Pure: the evaluator over all detentions, against a no-op pass over the same objects (one
function call per detention that reads its stages), and against the readable evaluator of
law/reference.py (the rules one window at a time, as the evaluator was before its tables).
Database: reading every detention with its stages and sentence through the repository in
batches (`Repository.each`) and evaluating it, against the same read alone, and the read of all
at once (`Repository.all`). The rows are written with bulk inserts (the write path is not what
is measured here); on PostgreSQL into a database of the bench's own, dropped at the end.
Figures are medians, in wall time and in this process's processor time (one core's work; the
machine is shared, so the wall time also counts waits for a core): compare ratios.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, Sentence, Stage, StageKind
from glienicke.law import reference
from glienicke.law.evaluator import evaluate
from glienicke.law.model import LawPack, choose_pack
from glienicke.services.database import Database
from glienicke.services.law import BUILTIN_PACKS, read_packs
from glienicke.store.db import make_engine, normalise_url, upgrade
from glienicke.store.tables import Base

PATH = [
    StageKind.ARRESTED,
    StageKind.CHARGED,
    StageKind.ON_TRIAL,
    StageKind.CONVICTED,
    StageKind.SENTENCED,
    StageKind.APPEAL_PENDING,
    StageKind.APPEAL_UPHELD,
    StageKind.SERVING,
]
AS_OF = date(1990, 6, 1)


def generate(count: int, seed: int = 1941) -> list[Detention]:
    """Detentions by the United States and the Soviet Union, 1930-1989, at every stage."""
    rng = random.Random(seed)
    found = []
    for i in range(count):
        state = "us" if i % 3 else "ussr"
        start = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 60 * 365))
        depth = rng.randrange(1, len(PATH) + 1)
        stages, day = [], start
        for kind in PATH[:depth]:
            stages.append(Stage(stage=kind, date=PartialDate.of(day)))
            day += timedelta(days=rng.randrange(5, 200))
        sentence = None
        if depth >= 5:
            sentence = Sentence(
                term_months=rng.randrange(6, 300),
                imposed_on=stages[4].date,
                grace_until=PartialDate.of(day) if depth < len(PATH) else None,
            )
        found.append(
            Detention(key=f"d{i}", person=f"p{i}", held_by=state, stages=stages, sentence=sentence)
        )
    return found


def pack_of(packs: list[LawPack], detention: Detention) -> LawPack:
    pack = choose_pack(packs, detention.held_by, detention.stages[0].date.earliest())
    assert pack is not None
    return pack


def median_seconds(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """The median wall time and the median processor time of this process, over `repeat`
    runs. The processor time is what one core spent; on the shared machine the wall time also
    counts the waits for a core that other work held."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def line(label: str, n: int, measured: tuple[float, float], base: tuple[float, float]) -> str:
    wall, cpu = measured
    return (
        f"{label:34} {n / wall:10,.0f}/s wall {n / cpu:10,.0f}/s cpu"
        f"  ({wall * 1000:8.1f} ms, {cpu * 1000:8.1f} ms cpu)"
        f"  {wall / base[0]:6.2f}x / {cpu / base[1]:6.2f}x the baseline"
    )


def store(db: Database, detentions: list[Detention]) -> None:
    """Bulk-insert the detentions (and their persons and states) as rows."""
    tables = Base.metadata.tables
    with db.engine.begin() as connection:
        connection.execute(
            insert(tables["states"]),
            [{"key": k, "name": k.upper(), "version": 1} for k in ("us", "ussr")],
        )
        connection.execute(
            insert(tables["persons"]),
            [{"key": d.person, "name": d.person, "version": 1} for d in detentions],
        )
        connection.execute(
            insert(tables["detentions"]),
            [
                {"key": d.key, "person": d.person, "held_by": d.held_by, "version": 1}
                for d in detentions
            ],
        )
        connection.execute(
            insert(tables["stages"]),
            [
                {"parent_key": d.key, "position": i, "stage": s.stage, "date": s.date}
                for d in detentions
                for i, s in enumerate(d.stages)
            ],
        )
        sentences = [
            {
                "parent_key": d.key,
                "term_months": d.sentence.term_months,
                "life": False,
                "death": False,
                "imposed_on": d.sentence.imposed_on,
                "grace_until": d.sentence.grace_until,
            }
            for d in detentions
            if d.sentence is not None
        ]
        if sentences:
            connection.execute(insert(tables["sentences"]), sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--database-url",
        help="PostgreSQL server URL (default: a new SQLite file); the bench creates its own"
        " database there, named by --database-name, and drops it when done",
    )
    parser.add_argument("--database-name", default=f"glienicke_windows_{os.getpid()}")
    parser.add_argument("--batch", type=int, default=5000, help="records per batch read")
    parser.add_argument("--skip-database", action="store_true")
    options = parser.parse_args()

    packs = list(read_packs([BUILTIN_PACKS]))
    detentions = generate(options.count)
    chosen = [(d, pack_of(packs, d)) for d in detentions]

    def no_op() -> int:
        return sum(len(d.stages) for d, _pack in chosen)

    def evaluate_all() -> int:
        return sum(len(evaluate(d, pack, AS_OF).windows) for d, pack in chosen)

    def reference_all() -> int:
        return sum(len(reference.evaluate(d, pack, AS_OF).windows) for d, pack in chosen)

    windows = evaluate_all()
    assert windows == reference_all()
    base = median_seconds(no_op, options.repeat)
    slow = median_seconds(reference_all, options.repeat)
    pure = median_seconds(evaluate_all, options.repeat)
    n = options.count
    print(f"{n} detentions, {windows} windows, as of {AS_OF}, median of {options.repeat} runs")
    print(line("pure  no-op pass (baseline)", n, base, base))
    print(line("pure  reference evaluator", n, slow, base))
    print(line("pure  evaluator", n, pure, base))
    print(
        f"      the evaluator against the reference: {slow[0] / pure[0]:.2f}x wall,"
        f" {slow[1] / pure[1]:.2f}x cpu"
    )
    if options.skip_database:
        return
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        admin = None
        if options.database_url:
            admin = make_engine(normalise_url(url))
            with admin.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text(f'CREATE DATABASE "{options.database_name}"'))
            url = url.rsplit("/", 1)[0] + "/" + options.database_name
        try:
            database_part(url, options, packs)
        finally:
            if admin is not None:
                with admin.connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT")
                    connection.execute(
                        text(f'DROP DATABASE IF EXISTS "{options.database_name}" WITH (FORCE)')
                    )
                admin.dispose()


def database_part(url: str, options: argparse.Namespace, packs: list[LawPack]) -> None:
    upgrade(make_engine(normalise_url(url)))
    db = Database.open(url)
    n = options.count
    store(db, generate(n))

    def read_all() -> int:
        with db.reading() as repo:
            return len(repo.all(Detention))

    def read_all_and_evaluate() -> int:
        with db.reading() as repo:
            return sum(
                len(evaluate(d, pack_of(packs, d), AS_OF).windows) for d in repo.all(Detention)
            )

    def read_batches() -> int:
        with db.reading() as repo:
            return sum(1 for _d in repo.each(Detention, options.batch))

    def read_and_evaluate() -> int:
        with db.reading() as repo:
            return sum(
                len(evaluate(d, pack_of(packs, d), AS_OF).windows)
                for d in repo.each(Detention, options.batch)
            )

    repeat = max(1, min(options.repeat, 3))
    read_batches()  # the first read fills the store's table of dates read
    every = median_seconds(read_all, repeat)
    every_full = median_seconds(read_all_and_evaluate, repeat)
    read = median_seconds(read_batches, repeat)
    full = median_seconds(read_and_evaluate, repeat)
    name = db.engine.url.get_backend_name()
    print(line(f"{name} read all at once (baseline)", n, every, every))
    print(line(f"{name} read all and evaluate", n, every_full, every))
    print(line(f"{name} read in batches", n, read, every))
    print(line(f"{name} read in batches and evaluate", n, full, every))
    db.dispose()


if __name__ == "__main__":
    sys.exit(main())
