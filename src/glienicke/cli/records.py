"""`glienicke import|search|reindex`: bringing documents into the record and finding them again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from glienicke.cli.common import (
    CaseOption,
    ClassificationsOption,
    FileOption,
    FormatOption,
    KindsOption,
    OutputFormat,
    PersonOption,
    ProposalOption,
    StatusOption,
    YearFromOption,
    YearToOption,
    app,
    database,
    out,
    print_json,
)
from glienicke.cli.duplicates import offer_line
from glienicke.services import imports
from glienicke.services import search as searching

DEFAULT_JOBS = min(os.cpu_count() or 1, 4)


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of plain text or FRUS TEI")],
    fmt: FormatOption = OutputFormat.text,
    jobs: Annotated[
        int,
        typer.Option(
            min=1, help="worker processes that parse while this one files (default: the cores)"
        ),
    ] = DEFAULT_JOBS,
) -> None:
    """Import documents (format detected); files already imported are skipped, a malformed
    file is reported with its place and skipped while the rest import."""
    files = list(imports.expand(paths))
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=out,
        transient=True,
        disable=fmt is OutputFormat.json or not out.is_terminal,
    ) as bar:
        task = bar.add_task("documents", total=imports.count_documents(files))
        report = imports.import_paths(
            database(), files, jobs=jobs, documents=lambda n: bar.advance(task, n)
        )
    if fmt is OutputFormat.json:
        print_json(report.plain())
    else:
        for f in report.files:
            colour = {"failed": "red", "imported": "green"}.get(f.status, "yellow")
            out.print(
                f"[{colour}]{f.status:16}[/{colour}] {f.name} ({f.format}): {f.filed} filed,"
                f" {f.on_file} already on file"
                + (f", {len(f.offers)} possible duplicate(s)" if f.offers else ""),
                highlight=False,
            )
            for problem in f.problems:
                out.print(f"  {problem}", highlight=False)
            for offer in f.offers:
                out.print(f"  possible duplicate: {offer_line(offer)}", highlight=False)
        out.print(f"{report.filed} document(s) filed from {len(report.files)} file(s)")
        if report.offers:
            out.print(
                f"{len(report.offers)} document(s) held back as probably on file already:"
                " keep the one on file with 'glienicke duplicates link KEY', or file the"
                " imported one too with 'glienicke duplicates file KEY'",
                highlight=False,
            )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='words, "a phrase", prefix*, -excluded')],
    kind: KindsOption = None,
    classification: ClassificationsOption = None,
    year_from: YearFromOption = None,
    year_to: YearToOption = None,
    person: PersonOption = None,
    case: CaseOption = None,
    proposal: ProposalOption = None,
    file: FileOption = None,
    status: StatusOption = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Full-text search of the documents you may see: ranked, with snippets and facets."""
    filters = searching.filters_from(
        kind=kind,
        classification=classification,
        year_from=year_from,
        year_to=year_to,
        person=person,
        case=case,
        proposal=proposal,
        file=file,
        status=status,
    )
    view = searching.search_documents(database(), query, filters, limit=limit, offset=offset)
    if fmt is OutputFormat.json:
        print_json(view)
        return
    out.print(f"{view['total']} document(s) match {query!r}", highlight=False)
    for hit in view["results"]:
        out.print(
            f"\n[bold]{hit['key']}[/bold]  {hit['kind']}, {hit['date'] or 'undated'},"
            f" {hit['classification']}",
            highlight=False,
        )
        out.print(f"  {hit['title']}", highlight=False)
        snippet = "".join(
            f"[bold yellow]{_escape(s['text'])}[/bold yellow]" if s["match"] else _escape(s["text"])
            for s in hit["snippet"]
        )
        out.print(f"  {snippet}", highlight=False)
    if view["facets_counted"] < view["total"]:
        out.print(
            f"\n[dim]facets count the best {view['facets_counted']:,} matches[/dim]",
            highlight=False,
        )
    for name, values in view["facets"].items():
        if values:
            shown = ", ".join(f"{v['value']} ({v['count']})" for v in values)
            out.print(f"[dim]{name}:[/dim] {shown}", highlight=False)


@app.command()
def reindex(fmt: FormatOption = OutputFormat.text) -> None:
    """Build the embedded search index afresh from the documents on file (it is derived: the
    database is the record). Searches see the old index until the new one is complete."""
    db = database()
    with Progress(
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=out,
        transient=True,
        disable=fmt is OutputFormat.json or not out.is_terminal,
    ) as bar:
        task = bar.add_task("documents", total=None)
        report = searching.reindex(db, progress=lambda n: bar.advance(task, n))
    if fmt is OutputFormat.json:
        print_json(report)
        return
    out.print(f"{report['documents']} document(s) indexed in {report['folder']}", highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
