"""Loading and dumping whole datasets: validate everything first, then all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from glienicke.dataset.files import SourceText, parse_text, read_file, render
from glienicke.dataset.reader import Dataset, Located, read_sources, references, to_dataset
from glienicke.domain.catalog import KINDS
from glienicke.domain.errors import GlienickeError, Problem, ValidationFailed
from glienicke.security.model import Permission
from glienicke.security.policy import Viewer
from glienicke.services.access import Scoped, require
from glienicke.services.database import Database
from glienicke.services.guard import merge_edits, unwidened
from glienicke.services.seen import Seen
from glienicke.store.repository import Outcome, Repository
from glienicke.store.users import UserStore

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
            source = read_file(path)
        except ValidationFailed as error:
            problems += error.problems
            continue
        if source.data is None:  # nothing but blanks or comments: most likely a mistake
            problems.append(
                Problem(f"{source.name}:1", "the file is empty; a dataset is a mapping of sections")
            )
            continue
        sources.append(source)
    if problems:
        raise ValidationFailed(problems)
    return load_sources(db, sources)


class WouldOverwrite(GlienickeError):
    """A load that would put back records someone changed since: nothing was written."""

    code = "would-overwrite"

    def __init__(self, changed: list[str]) -> None:
        self.changed = changed
        shown = ", ".join(changed[:8]) + (
            f" and {len(changed) - 8} more" if len(changed) > 8 else ""
        )
        super().__init__(
            f"{len(changed)} record{'s' if len(changed) != 1 else ''} changed since the demo was"
            f" loaded would be put back ({shown}); nothing was loaded"
        )


def load_sources(db: Database, sources: list[SourceText], *, overwrite: bool = True) -> LoadReport:
    """Load parsed sources in one transaction; any problem leaves the database as it was.

    The loader needs the load permission, and may not overwrite a record they cannot see.
    Without `overwrite`, a record stored otherwise than the sources have it refuses the whole
    load (`WouldOverwrite`, naming every such record).
    """
    who = require(Permission.LOAD_DATASETS)
    return _load(db, sources, who, overwrite=overwrite)


def _load(
    db: Database, sources: list[SourceText], who: Viewer | None, *, overwrite: bool = True
) -> LoadReport:
    report = LoadReport()
    changed: list[str] = []
    with db.transaction() as repo:
        if who is None and UserStore(repo.session, None).count() > 0:
            who = require(Permission.LOAD_DATASETS)  # set-up is over once accounts exist
        existing = repo.existing_keys if who is None else _seen_existing(repo, who)
        dataset = read_sources(sources, existing)
        problems: list[Problem] = [] if who is None else _hidden_targets(repo, dataset, who)
        if who is not None and not problems:
            problems += _merge_edits(repo, dataset)
        if problems:
            raise ValidationFailed(problems)
        for kind in KINDS:
            located = dataset.by_kind[kind.name]
            try:
                outcomes = repo.put_many(kind.cls, [item.record for item in located])
            except GlienickeError:
                outcomes = _put_one_by_one(repo, kind.label, located, problems)
            # One by one, a refused record has no outcome; the load is refused then anyway.
            for item, outcome in zip(located, outcomes, strict=False):
                report.count(outcome, kind.name)
                if outcome == "updated":
                    changed.append(f"{kind.name.replace('_', ' ')} {item.record.key}")
        if problems:
            raise ValidationFailed(problems)
        if changed and not overwrite:
            raise WouldOverwrite(changed)  # the transaction is rolled back: nothing changes
    return report


def load_demo(db: Database, *, overwrite: bool = True) -> LoadReport:
    """Load the Gorin (1941) and Ivanov (1964) cases shipped with the product; without
    `overwrite`, refused (`WouldOverwrite`) when that would put back someone's changes."""
    return load_sources(db, [demo_source()], overwrite=overwrite)


def bootstrap_demo(db: Database) -> LoadReport:
    """Load the demo cases into a database that has no accounts yet (a first run); once there
    are accounts, this is an ordinary load by the signed-in user."""
    return _load(db, [demo_source()], None)


def demo_source() -> SourceText:
    text = resources.files("glienicke.dataset").joinpath(DEMO_FILE).read_text("utf-8")
    return parse_text(text, f"<demo>/{DEMO_FILE}", "yaml")


def dump(db: Database, fmt: str = "yaml") -> str:
    """Everything the viewer may see, as a dataset; for a viewer who sees everything, dumping,
    loading elsewhere and dumping again is exact. Needs the export permission."""
    with db.transaction() as repo:
        scoped = Scoped.of(repo, Permission.EXPORT)
        records = {kind.name: scoped.all(kind.cls) for kind in KINDS}
        if repo.audit is not None:
            counts = {k: len(v) for k, v in records.items() if v}
            repo.audit.record("exported", "dataset", fmt, {"records": counts})
    return render(to_dataset(records), fmt)


def _seen_existing(repo: Repository, who: Viewer) -> Callable[[str, set[str]], set[str]]:
    """The stored keys the loader may see, among some keys of a kind: a reference to a record
    hidden from them is answered exactly as one to a missing record."""
    seen = Seen(repo, who)

    def existing(kind: str, keys: set[str]) -> set[str]:
        shown = seen[kind]
        found = repo.existing_keys(kind, keys)
        shown.check(found)
        return {k for k in found if k in shown}

    return existing


def _merge_edits(repo: Repository, dataset: Dataset) -> list[Problem]:
    """Records the file changes keep what the loader cannot see of them and lower no marks;
    new case subjects and office holders reveal no one."""
    problems: list[Problem] = []
    for kind in KINDS:
        located = dataset.by_kind[kind.name]
        places = [_place(item, kind.label) for item in located]
        problems += merge_edits(repo, [item.record for item in located], places)
        if kind.name in ("case", "tenure"):
            stored = {r.key: r for r in repo.many(kind.cls, [i.record.key for i in located])}
            for item in located:
                before = stored.get(item.record.key)
                already = (
                    {(t, k) for _p, t, k in references(before, "")} if before is not None else set()
                )
                problems += unwidened(repo, item.record, already)
    return problems


def _place(item: Located, label: str) -> str:
    line = item.source.line_of(item.path)
    place = f"{item.source.name}:{line}" if line else item.source.name
    return f"{place}: {label} '{item.record.key}'"


def _hidden_targets(repo: Repository, dataset: Dataset, who: Viewer) -> list[Problem]:
    """Records in the file that exist but are hidden from the loader: they may not be written."""
    visible = Seen(repo, who)
    stored = {kind.name: repo.existing_keys(kind.name, dataset.keys(kind.name)) for kind in KINDS}
    for kind_name, keys in stored.items():
        visible[kind_name].check(keys)
    problems = []
    for kind, located in dataset:
        key = located.record.key
        if key in stored[kind.name] and key not in visible[kind.name]:
            line = located.source.line_of(located.path)
            place = f"{located.source.name}:{line}" if line else located.source.name
            problems.append(
                Problem(
                    f"{place}: {kind.label} '{located.record.key}'",
                    # the words of a create that meets a taken key: nothing about why
                    "this key is already taken; choose another key",
                )
            )
    return problems


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
