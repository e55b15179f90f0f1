"""`glienicke duty list|record` and `glienicke criteria list|assess|determine`: the duties our
government owes a national held abroad (22 U.S.C. 1732) and the criteria of a wrongful
detention determination (22 U.S.C. 1741a), over the duty packs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.services import duties
from glienicke.services.law import parse_as_of

duty_app = typer.Typer(
    help="The duties owed on a case for a national held abroad (duty packs, e.g. us-1732).",
    no_args_is_help=True,
)
criteria_app = typer.Typer(
    help="The criteria of a wrongful detention determination for a detention (us-levinson).",
    no_args_is_help=True,
)


class Status(StrEnum):
    outstanding = "outstanding"
    discharged = "discharged"
    not_applicable = "not-applicable"


class FindingChoice(StrEnum):
    met = "met"
    not_met = "not-met"
    unknown = "unknown"


class DeterminationChoice(StrEnum):
    wrongfully_detained = "wrongfully-detained"
    hostage = "hostage"
    neither = "neither"


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="the day to judge on, YYYY-MM-DD (default today)")
]
CaseKey = Annotated[str, typer.Argument(help="the case's key, e.g. ivanov")]
DetentionKey = Annotated[str, typer.Argument(help="the detention's key, e.g. landerman")]
Note = Annotated[str | None, typer.Option("--note", help="what was done, or why")]
Pack = Annotated[str | None, typer.Option("--pack", help="the pack's key (default: the usual)")]


def _print(text: str) -> None:
    out.print(text, highlight=False, markup=False)


def _print_duties(view: dict[str, Any]) -> None:
    if not view["owed"]:
        _print(f"case {view['case']}: no national of ours held abroad, so no duty is owed on it.")
        return
    for owed in view["owed"]:
        via = f", through case {owed['via_case']}" if owed["via_case"] else ""
        _print(
            f"{owed['pack']} for {owed['person']} (detention {owed['detention']}, held by"
            f" {owed['held_by']}{via}), as of {view['as_of']}:"
        )
        if not owed["applies"]:
            _print(f"    does not apply: {owed['why_not']}")
            continue
        for d in owed["duties"]:
            alarm = "ALARM " if d["alarm"] else ""
            extra = "".join(
                f"; {label} {d[k]}" for k, label in (("document", "by"), ("note", "note:")) if d[k]
            )
            _print(f"  ({d['number']}) {d['step']}: {alarm}{d['why']}{extra}")


@duty_app.command("list")
def list_duties(case: CaseKey, as_of: AsOf = None, fmt: FormatOption = OutputFormat.text) -> None:
    """Every duty owed on a case on a day, with its status, date, document, note and alarm."""
    view = duties.duties_view(duties.duties_for_case(database(), case, parse_as_of(as_of)))
    if fmt is OutputFormat.json:
        print_json(view)
        return
    _print_duties(view)


@duty_app.command("record")
def record_duty(
    case: CaseKey,
    step: Annotated[str, typer.Argument(help="the duty's step key, e.g. demand-reasons")],
    status: Annotated[Status, typer.Option("--status", help="what became of it")],
    on: Annotated[
        str | None, typer.Option("--date", help="when, e.g. 1964-11-19 (not for outstanding)")
    ] = None,
    detention: Annotated[
        str | None,
        typer.Option("--detention", help="which national's detention (when the case has several)"),
    ] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="the document that discharged it (key)")
    ] = None,
    note: Note = None,
    pack: Annotated[str, typer.Option("--pack", help="the duties pack")] = duties.DUTIES_PACK,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record what became of one duty on a case: discharged, not applicable, or outstanding."""
    found = duties.record_duty(
        database(),
        case,
        step,
        status=status.value,
        on=on,
        detention=detention,
        document=document,
        note=note,
        pack=pack,
    )
    view = duties.duties_view(found)
    if fmt is OutputFormat.json:
        print_json(view)
        return
    _print(f"recorded: {step} on case {case} is {status.value}.")
    _print_duties(view)


def _print_criteria(view: dict[str, Any]) -> None:
    _print(
        f"{view['pack']} for {view['person']} (detention {view['detention']}), as of"
        f" {view['as_of']}:"
    )
    if not view["applies"]:
        _print(f"    does not apply: {view['why_not']}")
    for c in view["criteria"]:
        finding = c["finding"] or "not assessed"
        who = f" (by {c['assessed_by']})" if c["assessed_by"] else ""
        evidence = f"; documents {', '.join(c['documents'])}" if c["documents"] else ""
        note = f"; note: {c['note']}" if c["note"] else ""
        _print(f"  ({c['number']}) {finding}{who}: {c['text']}{evidence}{note}")
    made = view["determination"]
    if made is None:
        _print("  no determination on record")
        return
    _print(
        f"  determined {made['determination']} on {made['date']} by {made['by']}"
        + (f"; referral: {made['referral']}" if made["referral"] else "")
    )


@criteria_app.command("list")
def list_criteria(
    detention: DetentionKey,
    as_of: AsOf = None,
    pack: Pack = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Each criterion for a detention with its finding and evidence, and the determination."""
    view = duties.criteria_view(
        duties.criteria_for_detention(database(), detention, parse_as_of(as_of), pack)
    )
    if fmt is OutputFormat.json:
        print_json(view)
        return
    _print_criteria(view)


@criteria_app.command("assess")
def assess(
    detention: DetentionKey,
    number: Annotated[
        int, typer.Argument(help="the criterion's number, as the statute numbers it")
    ],
    finding: Annotated[FindingChoice, typer.Option("--finding", help="what the evidence shows")],
    document: Annotated[
        list[str] | None, typer.Option("--document", help="a document it rests on (repeatable)")
    ] = None,
    note: Note = None,
    pack: Pack = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Assess one criterion for a detention as met, not met or unknown, with its evidence."""
    found = duties.assess_criterion(
        database(),
        detention,
        number,
        finding.value,
        documents=document or [],
        note=note,
        pack=pack,
    )
    view = duties.criteria_view(found)
    if fmt is OutputFormat.json:
        print_json(view)
        return
    _print(f"assessed: criterion {number} for {detention} is {finding.value}.")
    _print_criteria(view)


@criteria_app.command("determine")
def determine(
    detention: DetentionKey,
    determination: Annotated[
        DeterminationChoice, typer.Option("--determination", help="what was determined")
    ],
    on: Annotated[str, typer.Option("--date", help="when it was determined, e.g. 2021-03-01")],
    by: Annotated[str | None, typer.Option("--by", help="who determined it (default: you)")] = None,
    referral: Annotated[
        str | None,
        typer.Option("--referral", help="the referral that followed (default: the pack's)"),
    ] = None,
    referred_on: Annotated[
        str | None, typer.Option("--referred-on", help="when the case was referred")
    ] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="the document that records it (key)")
    ] = None,
    note: Note = None,
    pack: Pack = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record the determination for a detention and the referral that follows."""
    found = duties.determine(
        database(),
        detention,
        determination.value,
        on,
        by=by,
        referral=referral,
        referred_on=referred_on,
        document=document,
        note=note,
        pack=pack,
    )
    view = duties.criteria_view(found)
    if fmt is OutputFormat.json:
        print_json(view)
        return
    _print(f"determined: {detention} {determination.value} on {on}.")
    _print_criteria(view)
