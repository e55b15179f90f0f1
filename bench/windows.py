"""Benchmark: evaluating every legal window of generated detentions, each figure beside a
baseline measured in the same run.

    uv run python bench/windows.py --count 100000 --repeat 5
    uv run python bench/windows.py --count 100000 --database-url postgresql://postgres@127.0.0.1/test

Pure: the evaluator over all detentions, against a no-op pass over the same objects (one
function call per detention that reads its stages). Database: reading every detention with its
stages and sentence through the repository and evaluating it, against the same read alone. The
rows are written with bulk inserts (the write path is not what is measured here). Figures are
medians; the machine is shared, so compare ratios rather than absolute times.
"""

from __future__ import annotations

import argparse
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


def median_seconds(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a new SQLite file)")
    parser.add_argument("--skip-database", action="store_true")
    options = parser.parse_args()

    packs = list(read_packs([BUILTIN_PACKS]))
    detentions = generate(options.count)
    chosen = [(d, pack_of(packs, d)) for d in detentions]

    def no_op() -> int:
        return sum(len(d.stages) for d, _pack in chosen)

    def evaluate_all() -> int:
        return sum(len(evaluate(d, pack, AS_OF).windows) for d, pack in chosen)

    windows = evaluate_all()
    base = median_seconds(no_op, options.repeat)
    pure = median_seconds(evaluate_all, options.repeat)
    n = options.count
    print(f"{n} detentions, {windows} windows, as of {AS_OF}, median of {options.repeat} runs")
    print(f"pure  no-op pass      {n / base:12,.0f} detentions/s  ({base * 1000:.1f} ms)")
    print(
        f"pure  evaluator       {n / pure:12,.0f} detentions/s  ({pure * 1000:.1f} ms)"
        f"  {pure / base:.1f}x the no-op pass"
    )
    if options.skip_database:
        return
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        if options.database_url:
            admin = make_engine(normalise_url(url))
            with admin.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("DROP DATABASE IF EXISTS glienicke_bench WITH (FORCE)"))
                connection.execute(text("CREATE DATABASE glienicke_bench"))
            admin.dispose()
            url = url.rsplit("/", 1)[0] + "/glienicke_bench"
        upgrade(make_engine(normalise_url(url)))
        db = Database.open(url)
        store(db, detentions)

        def read_only() -> int:
            with db.reading() as repo:
                return len(repo.all(Detention))

        def read_and_evaluate() -> int:
            with db.reading() as repo:
                return sum(
                    len(evaluate(d, pack_of(packs, d), AS_OF).windows) for d in repo.all(Detention)
                )

        repeat = max(1, min(options.repeat, 3))
        read = median_seconds(read_only, repeat)
        full = median_seconds(read_and_evaluate, repeat)
        name = db.engine.url.get_backend_name()
        print(f"{name:6}read rows only     {n / read:12,.0f} detentions/s  ({read:.2f} s)")
        print(
            f"{name:6}read and evaluate  {n / full:12,.0f} detentions/s  ({full:.2f} s)"
            f"  {full / read:.2f}x the read alone"
        )
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
