"""Benchmark: the duties and criteria of a case page, beside the rest of the case page
measured in the same run.

    uv run python bench/duties.py --repeat 20
    uv run python bench/duties.py --repeat 20 --database-url postgresql://postgres@127.0.0.1/test

On the demo (the Ivanov and Gorin cases), as the demo negotiator: the baseline is what the
case page read before duty packs (`overview.case_file` with the windows and urgency of the
day, its duties left out); then the same read with them (as the page reads it now), the duties
and criteria alone in a unit of work of their own (`duties.case_page`), and the whole page over
HTTP. Medians; the machine is shared, so compare ratios.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, duties, overview
from glienicke.services.database import Database
from glienicke.services.demo import DEMO_PASSWORD, set_up_demo
from glienicke.store.tables import Base
from glienicke.web.app import create_app

CASES = {"ivanov": date(1964, 12, 15), "gorin": date(1941, 3, 25)}


def _median(work: Callable[..., object], repeat: int) -> float:
    work()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    db = Database.open(url)
    if args.database_url:
        with db.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(text(f'DELETE FROM "{table.name}"'))
    with acting_as("bench", "bench"):
        set_up_demo(db)
    client = TestClient(create_app(db, secret_key="b" * 48))
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post(
        "/login",
        data={"username": "demo-negotiator", "password": DEMO_PASSWORD, "csrf_token": token},
    )
    viewer = Viewer.of(accounts.user_named(db, "demo-negotiator"))
    print(
        "| case | case file without duties (baseline) ms | with duties ms | x baseline"
        " | duties alone ms | whole page ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    real = overview.duties_and_criteria

    def without(
        _scoped: object, case: object, day: date
    ) -> tuple[duties.CaseDuties, dict[str, duties.DetentionCriteria]]:
        return duties.CaseDuties(str(case), day, [], []), {}

    with acting_as("bench:negotiator", "bench", viewer):
        for case, day in CASES.items():
            overview.duties_and_criteria = without  # type: ignore[assignment]
            base = _median(lambda c=case, d=day: overview.case_file(db, c, d), args.repeat)
            overview.duties_and_criteria = real
            full = _median(lambda c=case, d=day: overview.case_file(db, c, d), args.repeat)
            owed = _median(lambda c=case, d=day: duties.case_page(db, c, d), args.repeat)
            page = _median(
                lambda c=case, d=day: client.get(f"/cases/{c}", params={"as_of": d.isoformat()}),
                args.repeat,
            )
            print(
                f"| {case} | {base * 1000:.1f} | {full * 1000:.1f} | {full / base:.2f}"
                f" | {owed * 1000:.1f} | {page * 1000:.1f} |"
            )
    db.dispose()


if __name__ == "__main__":
    main()
