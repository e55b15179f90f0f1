"""Import throughput and search latency on the synthetic corpus of bench/corpus.py.

    uv run python bench/records.py --documents 100000 [--jobs 2] [--keep /tmp/records.sqlite]
    uv run python bench/records.py --database sqlite:////tmp/records.sqlite --search-only
    uv run python bench/records.py --documents 20000 \\
        --database postgresql://postgres@127.0.0.1:5432/test --wipe

One run measures, on the same files:

* parse-only, the baseline: reading and parsing every file, in one process and in `--jobs`
  processes (what the importer's workers do, with nothing written);
* the import: `import_paths` into the database (parse, link, file, index, audit, ledger);
* search: each query of corpus.QUERY_MIX through `search_documents` (visibility, filters,
  ranking, count, facets, snippets) beside the engine's own ranked query on the same data
  (FTS5 bm25 on SQLite, ts_rank_cd on PostgreSQL), interleaved, `--rounds` times.

It prints rates, p50/p95 and ratios, and one line per query with both medians.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from sqlalchemy import text as sql

from glienicke.domain.documents import Classification
from glienicke.records.query import parse_query
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import search as searching
from glienicke.services.database import Database
from glienicke.services.imports import expand, parse_file
from glienicke.services.imports import import_paths as import_all
from glienicke.store import search as index


def _corpus() -> ModuleType:
    path = Path(__file__).resolve().parent / "corpus.py"
    spec = importlib.util.spec_from_file_location("bench_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _corpus()


def _parse_files(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        count += len(parse_file(path, path.read_bytes(), str(path))[1])
    return count


def parse_only(files: list[Path], jobs: int) -> float:
    """Documents per second, reading and parsing only."""
    start = time.perf_counter()
    if jobs <= 1:
        count = _parse_files(files)
    else:
        chunks = [files[i : i + 256] for i in range(0, len(files), 256)]
        with ProcessPoolExecutor(jobs) as pool:
            count = sum(pool.map(_parse_files, chunks))
    return count / (time.perf_counter() - start)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))] * 1000


@contextmanager
def as_reader() -> Iterator[None]:
    reader = User(
        username="bench", name="Bench", roles=list(Role), clearance=Classification.TOP_SECRET
    )
    with acting_as("bench:bench", "benchmark", Viewer.of(reader)):
        yield


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def search_figures(db: Database, rounds: int) -> None:
    ours: dict[str, list[float]] = {q: [] for q in corpus.QUERY_MIX}
    raw: dict[str, list[float]] = {q: [] for q in corpus.QUERY_MIX}
    totals: dict[str, int] = {}
    with as_reader():
        for text in corpus.QUERY_MIX:  # warm the caches once
            totals[text] = searching.search_documents(db, text)["total"]
        for _ in range(rounds):
            for text in corpus.QUERY_MIX:
                ours[text].append(timed(functools.partial(searching.search_documents, db, text)))
                with db.reading() as repo:
                    ask = functools.partial(index.raw_search, repo.session, parse_query(text))
                    raw[text].append(timed(ask))
    all_ours = [t for ts in ours.values() for t in ts]
    all_raw = [t for ts in raw.values() for t in ts]
    print(
        f"search       p50 {quantile(all_ours, 0.5):.1f} ms  p95 {quantile(all_ours, 0.95):.1f} ms"
    )
    print(f"raw engine   p50 {quantile(all_raw, 0.5):.1f} ms  p95 {quantile(all_raw, 0.95):.1f} ms")
    print(
        f"ratio        p50 {quantile(all_ours, 0.5) / quantile(all_raw, 0.5):.2f}x"
        f"  p95 {quantile(all_ours, 0.95) / quantile(all_raw, 0.95):.2f}x"
    )
    print(f"{'query':28} {'matches':>9} {'ours ms':>8} {'raw ms':>8}")
    for text in corpus.QUERY_MIX:
        print(
            f"{text:28} {totals[text]:9,} {statistics.median(ours[text]) * 1000:8.1f}"
            f" {statistics.median(raw[text]) * 1000:8.1f}"
        )


def compare_engines(db: Database, url: str, folder: Path, engine: str, rounds: int) -> None:
    """Both engines over the same documents: the other one's index built now (timed), then the
    query mix through `search_documents` on each, interleaved, with the embedded engine's raw
    query as the third column."""
    from glienicke.store.search import add_index_rows, index_rows

    if engine == "tantivy":
        embedded, own = db, Database(db.engine)
        start = time.perf_counter()
        with own.reading() as repo:
            held = repo.session.scalar(sql("SELECT count(*) FROM document_index"))
            filed = repo.session.scalar(sql("SELECT count(*) FROM documents"))
        with own.transaction() as repo:
            if held == filed:  # built by an earlier run over the same documents
                print("db index     built already")
                batch_rows: list[dict[str, object]] = []
            else:
                batch_rows = list(index_rows(repo.session))
            batch: list[dict[str, object]] = []
            for row in batch_rows:
                batch.append(row)
                if len(batch) == 2_000:
                    add_index_rows(repo.session, batch)
                    batch = []
            add_index_rows(repo.session, batch)
        print(f"db index     built in {time.perf_counter() - start:.0f} s")
    else:
        own = db
        start = time.perf_counter()
        embedded = Database.open(url, search_index=folder)
        print(f"tantivy      opened (built) in {time.perf_counter() - start:.0f} s")
    times: dict[str, dict[str, list[float]]] = {
        name: {q: [] for q in corpus.QUERY_MIX} for name in ("tantivy", "database", "raw")
    }
    totals: dict[str, tuple[int, int]] = {}
    with as_reader():
        for text in corpus.QUERY_MIX:
            totals[text] = (
                searching.search_documents(embedded, text)["total"],
                searching.search_documents(own, text)["total"],
            )
        for _ in range(rounds):
            for text in corpus.QUERY_MIX:
                for name, target in (("tantivy", embedded), ("database", own)):
                    ask = functools.partial(searching.search_documents, target, text)
                    times[name][text].append(timed(ask))
                assert embedded.search is not None
                raw = functools.partial(embedded.search.raw, parse_query(text), 20)
                times["raw"][text].append(timed(raw))
    flat = {name: [t for ts in per.values() for t in ts] for name, per in times.items()}
    for name, values in flat.items():
        print(f"{name:12} p50 {quantile(values, 0.5):.1f} ms  p95 {quantile(values, 0.95):.1f} ms")
    print(
        f"ratio        tantivy/raw p95 {quantile(flat['tantivy'], 0.95) / quantile(flat['raw'], 0.95):.2f}x,"
        f" database/tantivy p95 {quantile(flat['database'], 0.95) / quantile(flat['tantivy'], 0.95):.1f}x"
    )
    print(f"{'query':28} {'matches':>15} {'tantivy':>8} {'database':>8} {'raw':>8}")
    for text in corpus.QUERY_MIX:
        a, b = totals[text]
        print(
            f"{text:28} {a:7,}/{b:7,} {statistics.median(times['tantivy'][text]) * 1000:8.1f}"
            f" {statistics.median(times['database'][text]) * 1000:8.1f}"
            f" {statistics.median(times['raw'][text]) * 1000:8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--corpus", type=Path, help="a folder already written by corpus.py")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5, help="times through the query mix")
    parser.add_argument("--database", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--keep", type=Path, help="SQLite file to import into and keep")
    parser.add_argument("--wipe", action="store_true", help="empty --database first")
    parser.add_argument("--search-only", action="store_true", help="search --database as it is")
    parser.add_argument("--no-baseline", action="store_true", help="skip parse-only")
    parser.add_argument(
        "--engine",
        choices=("tantivy", "database"),
        default="tantivy",
        help="what searches: the embedded index (beside an SQLite file, or --index) or the database",
    )
    parser.add_argument("--index", type=Path, help="the embedded index's folder")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="after the import, build the other engine's index too and search both, interleaved",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{args.keep or Path(tmp) / 'bench.sqlite'}"
        folder = args.index or Path(tmp) / "index"
        if args.engine == "tantivy" and args.index is None and url.startswith("sqlite:///"):
            folder = Path(url[len("sqlite:///") :] + ".search")
        db = Database.open(url, search_index=folder if args.engine == "tantivy" else None)
        print(f"database     {db.engine.dialect.name}, search: {args.engine}")
        if not args.search_only:
            folder = args.corpus
            if folder is None:
                folder = Path(tmp) / "corpus"
                start = time.perf_counter()
                corpus.write_text_corpus(folder, args.documents, jobs=args.jobs)
                print(
                    f"generated    {args.documents:,} files in {time.perf_counter() - start:.0f} s"
                )
            files = list(expand([folder]))
            print(f"files        {len(files):,}")
            if args.wipe:
                db.wipe()
            if not args.no_baseline:
                one = parse_only(files, 1)
                print(f"parse only   {one:,.0f} docs/s in one process")
                many = parse_only(files, args.jobs)
                print(f"parse only   {many:,.0f} docs/s in {args.jobs} processes")
            with as_reader():
                start = time.perf_counter()
                report = import_all(db, files, jobs=args.jobs)
                seconds = time.perf_counter() - start
            rate = report.filed / seconds
            print(
                f"import       {report.filed:,} documents in {seconds:.0f} s: {rate:,.0f} docs/s"
                f" ({len(report.failed)} files failed)"
            )
            if not args.no_baseline:
                print(
                    f"ratio        {rate / one:.2f}x of one-process parse-only, {rate / many:.2f}x of {args.jobs}-process"
                )
        if args.compare:
            compare_engines(db, url, folder, args.engine, args.rounds)
        else:
            search_figures(db, args.rounds)


if __name__ == "__main__":
    main()
