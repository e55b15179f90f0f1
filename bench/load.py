"""Load benchmark: the dashboard, case pages and the search page under 16 concurrent clients,
beside the app's own minimal endpoint (the framework's floor), in the same run.

    uv run python bench/world.py sqlite:////tmp/bench/world.sqlite        # the world, once
    uv run python bench/load.py sqlite:////tmp/bench/world.sqlite --rounds 20

The server is `glienicke serve` in a process of its own (`--workers` uvicorn worker
processes, one by default, as the command starts it) over the given database; this process is the load generator: `--clients` asyncio
clients with an httpx connection each, every one signed in through /login as the benchmark's
own account (made here if missing: a negotiator cleared secret, outside the group that a
hundredth of the cases is restricted to). The run is one interleaved list of requests,
`--rounds` times through the query mix, dealt out to the clients in turn:

* `/healthz` without a cookie: the floor (no sign-in, no database);
* `/healthz` signed in: the floor plus the session lookup every page pays;
* `/` the dashboard;
* `/cases/KEY`, a different visible case each time (open ones and closed ones);
* `/documents?q=...`, each query of bench/corpus.py's QUERY_MIX in turn.

It prints count, errors, p50 and p95 per path and each page's ratio to the floor. A response
other than 200, or none within `--timeout`, is an error (its time is not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import corpus  # bench/corpus.py: the script's folder is on the path
import httpx
from sqlalchemy import select

from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Permission
from glienicke.security.policy import Viewer
from glienicke.services import accounts
from glienicke.services.database import Database
from glienicke.store.tables import CaseRestriction, CaseRow

USERNAME = "bench-reader"
PASSWORD = "bench-reader-password"  # a benchmark database's account, nothing else
READER_LEVELS = (Classification.UNCLASSIFIED, Classification.CONFIDENTIAL, Classification.SECRET)
OPERATOR = Viewer("bench", Classification.TOP_SECRET, frozenset(), frozenset(Permission))


@dataclass(frozen=True)
class Request:
    label: str
    path: str
    signed_in: bool = True


@dataclass
class Figures:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def prepare(url: str, cases: int, seed: int) -> list[str]:
    """The benchmark's account (made once), and a sample of the case keys it may see."""
    db = Database.open(url)
    with acting_as("bench", "benchmark", OPERATOR):
        if USERNAME not in {u.username for u in accounts.list_users(db)}:
            accounts.add_user(
                db,
                USERNAME,
                "Load benchmark",
                roles=["negotiator"],
                clearance="secret",
                password=PASSWORD,
            )
    with db.reading() as repo:
        restricted = select(CaseRestriction.__table__.c.parent_key)
        query = (
            select(CaseRow.key, CaseRow.status)
            .where(CaseRow.classification.in_(READER_LEVELS))
            .where(CaseRow.key.not_in(restricted))
            .order_by(CaseRow.key)
        )
        rows = list(repo.session.execute(query))
    db.dispose()
    rng = random.Random(seed)
    open_ = [key for key, status in rows if status.value == "open"]
    closed = [key for key, status in rows if status.value != "open"]
    # a quarter of the sample open (the cases people work on), the rest from the archive
    chosen = rng.sample(open_, min(len(open_), cases // 4))
    chosen += rng.sample(closed, min(len(closed), cases - len(chosen)))
    rng.shuffle(chosen)
    return chosen


PATHS = ("floor", "session", "dashboard", "case", "search")


def mix(case_keys: list[str], per_path: int, paths: set[str]) -> list[Request]:
    """The interleaved requests of one run, in order: floor, pages, floor, pages..."""
    queries = corpus.QUERY_MIX
    found: list[Request] = []
    for n in range(per_path):
        search = httpx.QueryParams(q=queries[n % len(queries)])
        every = {
            "floor": Request("healthz (floor)", "/healthz", signed_in=False),
            "session": Request("healthz signed in", "/healthz"),
            "dashboard": Request("dashboard /", "/"),
            "case": Request("case /cases/KEY", f"/cases/{case_keys[n % len(case_keys)]}"),
            "search": Request("search /documents?q=", f"/documents?{search}"),
        }
        found += [request for name, request in every.items() if name in paths]
    return found


@contextmanager
def server(url: str, port: int, workers: int = 1) -> Iterator[str]:
    """`glienicke serve` over the database, in its own process (and `workers` worker
    processes), until the block ends."""
    env = {**os.environ, "GLIENICKE_DATABASE_URL": url}
    env.pop("GLIENICKE_SECRET_KEY", None)
    command = [str(Path(sys.executable).parent / "glienicke"), "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"the server did not start: {process.stderr.read() if process.stderr else ''}"
                )
            time.sleep(0.2)
        yield base
        print(f"server resident size at the end: {resident(process.pid)}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a request still running in a worker thread
            process.kill()
            process.wait()


def resident(pid: int) -> str:
    """VmRSS of the server process and each of its worker processes, in MiB."""

    def rss(one: int) -> float:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(k) for k in children.read_text().split()] if children.exists() else []
    shown = [f"main {rss(pid):.0f} MiB", *(f"worker {rss(k):.0f} MiB" for k in kids)]
    return ", ".join(shown)


async def sign_in(client: httpx.AsyncClient) -> None:
    page = (await client.get("/login")).text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert token is not None, "no CSRF token on /login"
    answer = await client.post(
        "/login",
        data={"username": USERNAME, "password": PASSWORD, "csrf_token": token.group(1)},
    )
    if answer.status_code != 303 or not client.cookies:
        raise SystemExit(f"sign-in refused: {answer.status_code} {answer.text[:300]}")


async def run_client(
    base: str, requests: list[Request], timeout: float, figures: dict[str, Figures]
) -> None:
    limits = httpx.Limits(max_connections=1)
    async with (
        httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as signed,
        httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as anonymous,
    ):
        await sign_in(signed)
        for request in requests:
            client = signed if request.signed_in else anonymous
            found = figures.setdefault(request.label, Figures())
            began = time.perf_counter()
            try:
                answer = await client.get(request.path)
                await answer.aread()
            except httpx.HTTPError as error:
                found.errors += 1
                found.first_error = found.first_error or f"{request.path}: {error!r}"
                continue
            elapsed = time.perf_counter() - began
            if answer.status_code != 200:
                found.errors += 1
                found.first_error = found.first_error or f"{request.path}: {answer.status_code}"
            else:
                found.times.append(elapsed)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))] * 1000 if ordered else float("nan")


async def load(
    base: str, requests: list[Request], clients: int, timeout: float
) -> dict[str, Figures]:
    figures: dict[str, Figures] = {}
    # client i takes every clients-th request: all of them interleaved, each once
    await asyncio.gather(
        *(run_client(base, requests[i::clients], timeout, figures) for i in range(clients))
    )
    return figures


def report(figures: dict[str, Figures], seconds: float) -> list[dict[str, object]]:
    floor = figures["healthz (floor)"]
    floor50, floor95 = quantile(floor.times, 0.5), quantile(floor.times, 0.95)
    rows = []
    print(
        f"{'path':26} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'x floor p50':>11} {'x floor p95':>11}"
    )
    for label, found in figures.items():
        p50, p95 = quantile(found.times, 0.5), quantile(found.times, 0.95)
        print(
            f"{label:26} {len(found.times):6} {found.errors:6} {p50:8.1f} {p95:8.1f}"
            f" {p50 / floor50:11.1f} {p95 / floor95:11.1f}"
        )
        rows.append(
            {
                "path": label,
                "count": len(found.times),
                "errors": found.errors,
                "p50_ms": p50,
                "p95_ms": p95,
            }
        )
        if found.first_error:
            print(f"    first error: {found.first_error}")
    total = sum(len(f.times) + f.errors for f in figures.values())
    print(f"{total} requests in {seconds:.0f} s ({total / seconds:.1f}/s)")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="a database URL holding a world from bench/world.py")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=8, help="times through the query mix")
    parser.add_argument("--per-path", type=int, help="requests per path (instead of --rounds)")
    parser.add_argument(
        "--paths",
        default=",".join(PATHS),
        help=f"which of {','.join(PATHS)} to request (the floor always)",
    )
    parser.add_argument("--cases", type=int, default=400, help="case pages to sample")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1, help="the server's worker processes")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    case_keys = prepare(args.database, args.cases, args.seed)
    paths = {"floor", *args.paths.split(",")}
    if paths - set(PATHS):
        parser.error(f"--paths: unknown {', '.join(sorted(paths - set(PATHS)))}")
    requests = mix(case_keys, args.per_path or args.rounds * len(corpus.QUERY_MIX), paths)
    print(f"{len(case_keys)} case keys; {len(requests)} requests over {args.clients} clients")
    with server(args.database, args.port, args.workers) as base:
        start = time.perf_counter()
        figures = asyncio.run(load(base, requests, args.clients, args.timeout))
        seconds = time.perf_counter() - start
    rows = report(figures, seconds)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
