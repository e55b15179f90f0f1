"""`glienicke exchange solve`: the packages that bring the most people home, from a pool file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from glienicke.cli.common import FormatOption, OutputFormat, database, err, out, print_json
from glienicke.dataset.pools import demo_pools
from glienicke.domain.errors import ValidationFailed
from glienicke.services import exchange

# The options of the commands that read the record's pool.
RecordDay = Annotated[
    str | None, typer.Option("--as-of", help="the day the record is read on (default today)")
]
Planned = Annotated[
    str | None, typer.Option("--planned", help="the day the releases must be ready by")
]

exchange_app = typer.Typer(
    help="Exchange packaging: rings and chains of releases that bring the most people home.",
    no_args_is_help=True,
)


@exchange_app.command()
def solve(
    pool_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[POOLFILE]",
            help="a pool file (.yaml or .json), or a shipped scenario: "
            + ", ".join(sorted(demo_pools())),
            show_default=False,
        ),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="solve the pool the record holds on the day (sign in with --as)"
        ),
    ] = False,
    planned: Annotated[
        str | None,
        typer.Option("--planned", help="with --record: the day the releases must be ready by"),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="judge the law on this day (default: the pool's)")
    ] = None,
    cycle_cap: Annotated[
        int | None,
        typer.Option("--cycle-cap", help="most parties in one ring (default: the pool's)"),
    ] = None,
    chain_cap: Annotated[
        int | None,
        typer.Option(
            "--chain-cap", help="most releases in one chain, 0 for none (default: the pool's)"
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="seconds the solver may take in all")
    ] = 30.0,
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives", help="how many materially different packages besides the best"
        ),
    ] = 0,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Find the best package (and alternatives), with everyone left out and why."""
    started = time.monotonic()

    def progress(message: str) -> None:
        if time.monotonic() - started > 1.0:
            err.print(f"[dim]{time.monotonic() - started:6.1f} s  {message}[/dim]", highlight=False)

    outside: list[dict[str, str]] = []
    if record == (pool_file is not None):
        raise ValidationFailed.single(
            "POOLFILE", "name a pool file or a scenario, or give --record, not both"
        )
    if pool_file is not None:
        result = exchange.solve_file(
            pool_file, as_of, cycle_cap, chain_cap, time_limit, alternatives, progress
        )
    else:
        found = exchange.record_pool(database(), as_of, planned, cycle_cap, chain_cap, flags=True)
        outside = exchange.outside_view(found)
        exchange.check_options(cycle_cap, chain_cap, time_limit, alternatives)
        result = exchange.solve(
            found.pool, None, cycle_cap, chain_cap, time_limit, alternatives, progress
        )
    view = exchange.result_view(result)
    if record:
        view["not_in_pool"] = outside
    if fmt is OutputFormat.json:
        print_json(view)
    else:
        _print_text(view, result.pool)
        for o in outside:
            out.print(f"  {o['name']}: not in the pool: {o['why']}", highlight=False)


def _print_text(view: dict[str, Any], pool: Any) -> None:
    def name(key: str) -> str:
        return str(pool.name(key))

    planned = f", planned {view['planned']}" if view["planned"] else ""
    out.print(f"[bold]{view['title'] or view['pool']}[/bold]", highlight=False)
    out.print(
        f"pool {view['pool']} as of {view['as_of']}{planned}; rings of at most"
        f" {view['cycle_cap']} parties, chains of at most {view['chain_cap']} releases",
        highlight=False,
    )
    for p in view["packages"]:
        label = "best package" if p["rank"] == 1 else f"alternative {p['rank'] - 1}"
        if p["optimal"]:
            proof = "proven optimal"
        else:
            gap = f", gap {p['gap']:.2%}" if p["gap"] is not None else ""
            bound = f", bound {p['bound']:g}" if p["bound"] is not None else ""
            where = (
                f" while minimising {p['stopped_in']}"
                if p["stopped_in"] == "what is given"
                else (f" while maximising {p['stopped_in']}" if p["stopped_in"] else "")
            )
            proof = f"not proven optimal ({p['status']}{where}{gap}{bound})"
        o = p["objective"]
        out.print(
            f"\n[bold]{label.capitalize()}[/bold]: {proof}, {p['seconds']:.3f} s", highlight=False
        )
        out.print(
            f"  brings home {o['persons_home']} (urgency-weighted {o['urgency_weighted_home']:g});"
            f" gives {o['persons_given']} (weighted {o['given_weighted']:g})",
            highlight=False,
        )
        items = {i["person"]: i for i in p["items"]}
        for leg in p["legs"]:
            keys = list(leg["parties"])
            home = pool.side(pool.home)
            if leg["kind"] == "ring" and home in keys:
                keys = keys[keys.index(home) :] + keys[: keys.index(home)]
            parties = [name(k) for k in keys]
            route = " -> ".join(parties + ([parties[0]] if leg["kind"] == "ring" else []))
            out.print(f"  {leg['kind']}: {route}", highlight=False)
            for key in leg["persons"]:
                i = items[key]
                by = name(i["released_by"])
                if i["acting_for"]:
                    by += f" (for {name(i['acting_for'])})"
                basis = f"; {i['basis']}" if i["basis"] else ""
                out.print(
                    f"    {by} releases {i['name']} to {name(i['to'])}, by {i['mechanism']}"
                    f" ({i['lead_days']} days' clearance, ready {i['ready']}{basis})",
                    highlight=False,
                )
                if i["terms"]:
                    side = "brings home" if i["brought_home"] else "gives"
                    terms = ", ".join(f"{t['name']} {t['points']:g}" for t in i["terms"])
                    out.print(f"      {side}: {terms}", highlight=False)
    if view["left_out"]:
        out.print("\n[bold]Left out[/bold]", highlight=False)
        for x in view["left_out"]:
            out.print(
                f"  {x['name']} (held by {name(x['held_by'])}, wanted by {name(x['wanted_by'])}):"
                f" {'; '.join(x['reasons'])}",
                highlight=False,
            )


@exchange_app.command()
def pool(
    as_of: RecordDay = None,
    planned: Planned = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="write the pool file here (default: print it)"),
    ] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Write the record's pool on the day as a pool file, to edit for what-if work (add an ask,
    veto a person) and solve with `exchange solve FILE` without touching the record."""
    found = exchange.record_pool(database(), as_of, planned, flags=True)
    text = exchange.pool_file_text(found.pool, "json" if fmt is OutputFormat.json else "yaml")
    if output is None:
        out.print(text, highlight=False, markup=False, end="")
    else:
        if output.exists():
            raise ValidationFailed.single(str(output), "exists already; choose another name")
        output.write_text(text, encoding="utf-8")
        err.print(
            f"Wrote the pool of {len(found.pool.persons)} persons to {output}.", highlight=False
        )
    for o in exchange.outside_view(found):
        err.print(f"Not in the pool: {o['name']}: {o['why']}", highlight=False)


@exchange_app.command()
def draft(
    as_of: RecordDay = None,
    planned: Planned = None,
    package: Annotated[
        int, typer.Option("--package", min=1, help="which package: 1 is the best")
    ] = 1,
    cycle_cap: Annotated[int | None, typer.Option("--cycle-cap")] = None,
    chain_cap: Annotated[int | None, typer.Option("--chain-cap")] = None,
    time_limit: Annotated[float, typer.Option("--time-limit")] = 30.0,
) -> None:
    """File a package of the record's pool as a draft proposal, to run through clearance."""
    made = exchange.draft_proposal(
        database(), as_of, planned, cycle_cap, chain_cap, package, None, time_limit
    )
    out.print(
        f"Filed draft proposal {made.key}: {made.title} ({len(made.items)} items)."
        f" Plan its clearance: glienicke proposal plan {made.key}",
        highlight=False,
    )
