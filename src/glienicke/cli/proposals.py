"""`glienicke proposal ...`: a proposal's clearance, assessment and drafts."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.services import negotiation
from glienicke.services.negotiation_views import (
    plan_view,
    proposal_view,
    replay_view,
    step_view,
)

proposal_app = typer.Typer(
    help=(
        "Work a proposal: show it, check it against the law, plan and run its clearance,"
        " assess it, draft its letters and telegrams."
    ),
    no_args_is_help=True,
)

Key = Annotated[str, typer.Argument(help="the proposal's key, e.g. gorin-1941")]
On = Annotated[
    str, typer.Option("--on", help="when, as the record dates it: 1964-12-01, 'about 1941-03-24'")
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="judge the items on this day (default: when it was put forward)"),
]
Offices = Annotated[
    list[str] | None,
    typer.Option(
        "--office",
        help="REQUIREMENT=OFFICE: who is asked for a requirement (or 'decider=OFFICE'), e.g."
        " us-attorney-recommendation=us-attorney-los-angeles",
    ),
]
Document = Annotated[str | None, typer.Option(help="the document that carries it")]


@proposal_app.command("show")
def show(key: Key, as_of: AsOf = None, fmt: FormatOption = OutputFormat.text) -> None:
    """The proposal, its items judged by the law, its clearance and its commitments."""
    view = proposal_view(negotiation.workbench(database(), key, as_of))
    if fmt is OutputFormat.json:
        print_json(view)
        return
    out.print(f"[bold]{view['key']}[/bold]: {view['title']} ({view['status']})", highlight=False)
    for flag in view["flags"]:
        out.print(f"[bold red]FLAG[/bold red] {escape(flag)}", highlight=False)
    for item in view["items"]:
        who = f" {item['person']}" if item.get("person") else ""
        how = f" by {item['mechanism']}" if item.get("mechanism") else ""
        out.print(f"  {item['side']:4} {item['kind']}{who}{how}", highlight=False)
    _print_plan(view["clearance"])
    for c in view["commitments"]:
        out.print(f"  commitment {c['key']}: {c['party']} {c['act']} — {c['status']}")


@proposal_app.command("plan")
def plan(
    key: Key,
    as_of: AsOf = None,
    office: Offices = None,
    save: Annotated[
        bool, typer.Option("--save", help="put the planned steps not yet on record on record")
    ] = False,
    phase: Annotated[
        str | None, typer.Option(help="with --save: only the clearance or the execution steps")
    ] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """The clearance the items' mechanisms need, beside what is on record, and what may come
    next."""
    db, overrides = database(), negotiation.parse_offices(office)
    bench = (
        negotiation.save_plan(db, key, as_of, overrides, phase)
        if save
        else negotiation.workbench(db, key, as_of, overrides)
    )
    view = plan_view(bench)
    if fmt is OutputFormat.json:
        print_json(view)
        return
    out.print(f"[bold]{key}[/bold] ({view['status']}), items judged on {view['judged_on']}")
    for item in view["items"]:
        mark = "REFUSED " if item["refused"] else ("ALARM " if item["alarm"] else "")
        out.print(escape(f"  {mark}{item['message']}"), highlight=False)
    _print_plan(view)


def _print_plan(view: dict[str, Any]) -> None:
    for entry in view["steps"]:
        planned, steps = entry["planned"], entry["steps"]
        head = steps[-1] if steps else None
        key = head["key"] if head else planned["key"]
        office = head["to_office"] if head else (planned["to_office"] or f"?? {planned['by']}")
        kind = head["kind"] if head else planned["kind"]
        phase = head["phase"] if head else planned["phase"]
        out.print(
            escape(f"  [{entry['state']}] {key}: {kind} of {office} ({phase})"), highlight=False
        )
        if head and head["answer"]:
            out.print(
                f"      answered {head['answer']} on {head['answered_on']}: {head['reasons'] or ''}",
                highlight=False,
            )
    for gap in view["approval_gaps"]:
        out.print(f"  before approval: {gap}", highlight=False)
    for move in view["next"]:
        if move["allowed"]:
            out.print(f"  may now go to {move['to']}", highlight=False)
        else:
            out.print(f"  not yet {move['to']}: {'; '.join(move['why_not'])}", highlight=False)


def _print_step(step: dict[str, Any], fmt: OutputFormat, verb: str) -> None:
    if fmt is OutputFormat.json:
        print_json(step)
        return
    out.print(
        f"{verb} {step['key']}: {step['kind']} of {step['to_office']}"
        + (f", answered {step['answer']}" if step["answer"] else ""),
        highlight=False,
    )


@proposal_app.command("request")
def request(
    key: Key,
    step: Annotated[
        str, typer.Argument(help="the step on record to ask, e.g. ivanov-1964-justice-concurrence")
    ],
    on: On,
    document: Document = None,
    due: Annotated[str | None, typer.Option(help="when an answer is needed")] = None,
    from_office: Annotated[str | None, typer.Option("--from", help="the office asking")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Ask the office of a planned step (a draft proposal goes into clearance)."""
    found = negotiation.request_step(
        database(), key, step, on, document=document, due=due, from_office=from_office
    )
    _print_step(step_view(found), fmt, "Requested")


@proposal_app.command("ask")
def ask(
    key: Key,
    kind: Annotated[
        str,
        typer.Option(
            help="recommendation, concurrence, approval, decision, consultation, statement, order or information"
        ),
    ],
    to: Annotated[str, typer.Option(help="the office asked")],
    on: Annotated[
        str | None, typer.Option("--on", help="when it was asked (omit to plan it only)")
    ] = None,
    step_key: Annotated[str | None, typer.Option("--key", help="the new step's key")] = None,
    from_office: Annotated[str | None, typer.Option("--from", help="the office asking")] = None,
    item: Annotated[str | None, typer.Option(help="the item it concerns")] = None,
    phase: Annotated[str, typer.Option(help="clearance or execution")] = "clearance",
    optional: Annotated[
        bool, typer.Option("--optional", help="approval does not wait for it")
    ] = False,
    document: Document = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Ask for something the law does not require (consulting the President)."""
    found = negotiation.add_step(
        database(),
        key,
        kind,
        to,
        on,
        step_key=step_key,
        from_office=from_office,
        item=item,
        phase=phase,
        required=not optional,
        document=document,
    )
    _print_step(step_view(found), fmt, "Asked" if on else "Planned")


@proposal_app.command("answer")
def answer(
    key: Key,
    office: Annotated[str, typer.Option("--office", help="the office answering")],
    given: Annotated[
        str,
        typer.Option(
            "--answer", help="concur, concur-with-conditions, non-concur, no-objection or decided"
        ),
    ],
    on: On,
    step: Annotated[
        str | None, typer.Option(help="the step answered, when the office was asked several")
    ] = None,
    decision: Annotated[
        str | None, typer.Option(help="with --answer decided: favourable or unfavourable")
    ] = None,
    by: Annotated[str | None, typer.Option(help="the person who answered")] = None,
    reasons: Annotated[str | None, typer.Option(help="the reasons given")] = None,
    document: Document = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record an office's answer to what it was asked, with its reasons and date."""
    found = negotiation.answer_step(
        database(),
        key,
        office,
        given,
        on,
        step=step,
        by=by,
        reasons=reasons,
        document=document,
        decision=decision,
    )
    _print_step(step_view(found), fmt, "Answered")


@proposal_app.command("escalate")
def escalate(
    key: Key,
    step: Annotated[
        str, typer.Argument(help="the step whose answer is taken higher (or asked again)")
    ],
    to: Annotated[str, typer.Option(help="the office now asked (the same office: ask again)")],
    on: On,
    kind: Annotated[
        str | None, typer.Option(help="what is asked now (default: as before), e.g. decision")
    ] = None,
    from_office: Annotated[str | None, typer.Option("--from", help="the office asking")] = None,
    step_key: Annotated[str | None, typer.Option("--key", help="the new step's key")] = None,
    document: Document = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Take a question to a higher office, or renew it, as a new step."""
    found = negotiation.escalate_step(
        database(),
        key,
        step,
        to,
        on,
        kind=kind,
        from_office=from_office,
        new_key=step_key,
        document=document,
    )
    _print_step(step_view(found), fmt, "Escalated to")


@proposal_app.command("advance")
def advance(
    key: Key,
    to: Annotated[
        str,
        typer.Argument(
            help="in-clearance, approved, rejected, communicated, agreed, executing, completed, partly-completed, failed or withdrawn"
        ),
    ],
    on: On,
    document: Document = None,
    note: Annotated[str | None, typer.Option(help="a note for the record")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Move the proposal along its lifecycle (refused, naming the missing step, when a required
    step is not done); agreement creates the counterpart's commitments."""
    found = negotiation.advance(database(), key, to, on, document=document, note=note)
    if fmt is OutputFormat.json:
        print_json({"key": found.key, "status": found.status.value})
        return
    out.print(f"{found.key} is now {found.status.value}")


@proposal_app.command("replay")
def replay(key: Key, fmt: FormatOption = OutputFormat.text) -> None:
    """Make the clearance on record again, move by move, through the state machine."""
    view = replay_view(negotiation.replay_record(database(), key))
    if fmt is OutputFormat.json:
        print_json(view)
        raise typer.Exit(0 if view["consistent"] else 1)
    for move in view["moves"]:
        mark = f"  [bold red]REFUSED[/bold red] {move['problem']}" if move["problem"] else ""
        out.print(f"{move['date']:>18}  {move['text']} -> {move['status']}{mark}", highlight=False)
    verdict = "consistent with" if view["consistent"] else "NOT consistent with"
    out.print(
        f"Reached {view['reached']}; {verdict} the recorded status ({view['recorded_status']})."
    )
    if not view["consistent"]:
        raise typer.Exit(1)
