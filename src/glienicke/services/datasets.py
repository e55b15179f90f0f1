"""Loading and dumping whole datasets: validate everything first, then all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from glienicke.dataset.files import SourceText, parse_text, read_file, render
from glienicke.dataset.reader import Located, read_sources, to_dataset
from glienicke.domain.catalog import KINDS
from glienicke.domain.errors import GlienickeError, Problem, ValidationFailed
from glienicke.services.database import Database
from glienicke.store.repository import Outcome, Repository

DEMO_FILE = "demo.yaml"


@dataclass
class LoadReport:
    """How many records of each kind a load created, updated or left unchanged."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str, kind: str) -> None:
        table: dict[str, int] = getattr(self, outcome)
        table[kind] = table.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def load_files(db: Database, paths: list[Path]) -> LoadReport:
    """Load dataset files together: every file is checked before anything is written."""
    problems: list[Problem] = []
    sources: list[SourceText] = []
    for path in paths:
        try:
            sources.append(read_file(path))
        except ValidationFailed as error:
            problems += error.problems
    if problems:
        raise ValidationFailed(problems)
    return load_sources(db, sources)


def load_sources(db: Database, sources: list[SourceText]) -> LoadReport:
    """Load parsed sources in one transaction; any problem leaves the database as it was."""
    report = LoadReport()
    with db.transaction() as repo:
        dataset = read_sources(sources, repo.existing_keys)
        problems: list[Problem] = []
        for kind in KINDS:
            located = dataset.by_kind[kind.name]
            try:
                outcomes = repo.put_many(kind.cls, [item.record for item in located])
            except GlienickeError:
                outcomes = _put_one_by_one(repo, kind.label, located, problems)
            for outcome in outcomes:
                report.count(outcome, kind.name)
        if problems:
            raise ValidationFailed(problems)
    return report


def load_demo(db: Database) -> LoadReport:
    """Load the Gorin (1941) and Ivanov (1964) cases shipped with the product."""
    return load_sources(db, [demo_source()])


def demo_source() -> SourceText:
    text = resources.files("glienicke.dataset").joinpath(DEMO_FILE).read_text("utf-8")
    return parse_text(text, f"<demo>/{DEMO_FILE}", "yaml")


def dump(db: Database, fmt: str = "yaml") -> str:
    """The whole database as a dataset; dumping, loading elsewhere and dumping again is exact."""
    with db.reading() as repo:
        records = {kind.name: repo.all(kind.cls) for kind in KINDS}
    return render(to_dataset(records), fmt)


def _put_one_by_one(
    repo: Repository, label: str, located: list[Located], problems: list[Problem]
) -> list[Outcome]:
    """Find every record of a kind the store refuses, to report each with its place."""
    outcomes: list[Outcome] = []
    for item in located:
        try:
            outcomes.append(repo.put(item.record))
        except GlienickeError as error:
            line = item.source.line_of(item.path)
            place = f"{item.source.name}:{line}" if line else item.source.name
            problems.append(Problem(f"{place}: {label} '{item.record.key}'", error.message))
    return outcomes
