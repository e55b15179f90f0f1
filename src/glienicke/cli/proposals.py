"""`glienicke proposal ...`: a proposal's clearance, assessment and drafts."""

from __future__ import annotations

import typer

proposal_app = typer.Typer(
    help=(
        "Work a proposal: show it, check it against the law, plan and run its clearance,"
        " assess it, draft its letters and telegrams."
    ),
    no_args_is_help=True,
)
