"""Import throughput and search latency on generated plain-text telegrams.

    uv run python bench/records.py --documents 20000

Generates documents in the plain-text style into a temporary folder, then measures, in one run:
parse-only (the baseline: reading and parsing the same files), import into a fresh SQLite
database (parse, link, file, index, audit), and search p50/p95 for a fixed query mix beside the
raw FTS5 query on the same data. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from glienicke.domain.documents import Classification
from glienicke.records.query import parse_query
from glienicke.records.text import parse_text
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import search as searching
from glienicke.services.database import Database
from glienicke.services.imports import import_paths
from glienicke.store import search as index

SURNAMES = [
    "Novak",
    "Kowalski",
    "Horvath",
    "Szabo",
    "Ross",
    "Carter",
    "Bell",
    "Lang",
    "Weber",
    "Petrov",
    "Orlov",
    "Dvorak",
    "Kral",
    "Varga",
    "Toth",
]
WORDS = [
    "release",
    "probation",
    "pardon",
    "exchange",
    "espionage",
    "consul",
    "detained",
    "sentence",
    "clemency",
    "embassy",
    "ministry",
    "visit",
    "trial",
    "appeal",
    "custody",
    "engineer",
    "student",
    "journalist",
    "tourist",
    "permit",
    "exit",
    "passport",
    "assurance",
    "reciprocity",
    "inquiry",
    "protest",
    "memorandum",
    "instruction",
    "reply",
]
POSTS = [("Hungary", "Budapest"), ("Poland", "Warsaw"), ("Czechoslovakia", "Prague")]
QUERIES = [
    "novak",
    "probation",
    "clemency appeal",
    '"exit permit"',
    "releas*",
    "Dvorak",
    "consul -pardon",
    "reciprocity",
]


def document(n: int, rng: random.Random) -> str:
    country, _ = rng.choice(POSTS)
    name = rng.choice(SURNAMES)
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 200)))
    return (
        f"{rng.randint(100, 999)}.{rng.randint(1000, 9999)} {name}, J./{rng.randint(1, 90)}: Telegram\n\n"
        f"The Secretary of State to the Minister in {country} ({rng.choice(SURNAMES)})\n\n"
        f"{n % 9000 + 1}. Your {rng.randint(1, 999)}, April {rng.randint(1, 28)}, 7 p.m. {name} {words}.\n\n"
        f"{words[::-1][:200]} [Page {n % 900 + 1}] {rng.choice(SURNAMES)} {words[:300]}.\n\n"
        "Carter\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for n in range(args.documents):
            (folder / f"t{n:07d}.txt").write_text(document(n, rng), encoding="utf-8")
        files = sorted(folder.iterdir())
        start = time.perf_counter()
        for path in files:
            parse_text(path.read_text(encoding="utf-8"), path.name)
        parse_rate = len(files) / (time.perf_counter() - start)
        db = Database.open(f"sqlite:///{tmp}/bench.sqlite")
        reader = User(
            username="bench", name="Bench", roles=list(Role), clearance=Classification.TOP_SECRET
        )
        with acting_as("bench:bench", "benchmark", Viewer.of(reader)):
            start = time.perf_counter()
            report = import_paths(db, files)
            import_rate = report.filed / (time.perf_counter() - start)
            ours: list[float] = []
            raw: list[float] = []
            for _ in range(args.searches):
                for text in QUERIES:
                    t0 = time.perf_counter()
                    searching.search_documents(db, text)
                    ours.append(time.perf_counter() - t0)
                    with db.reading() as repo:
                        t0 = time.perf_counter()
                        index.raw_search(repo.session, parse_query(text))
                        raw.append(time.perf_counter() - t0)
    q = lambda xs, p: sorted(xs)[int(p * (len(xs) - 1))] * 1000  # noqa: E731
    print(f"documents {args.documents}")
    print(f"parse only   {parse_rate:,.0f} docs/s")
    print(
        f"import       {import_rate:,.0f} docs/s  ({import_rate / parse_rate:.2f}x of parse-only)"
    )
    print(f"search       p50 {q(ours, 0.5):.1f} ms  p95 {q(ours, 0.95):.1f} ms")
    print(f"raw FTS5     p50 {q(raw, 0.5):.1f} ms  p95 {q(raw, 0.95):.1f} ms")
    print(f"ratio p50    {statistics.median(ours) / statistics.median(raw):.2f}x")


if __name__ == "__main__":
    main()
