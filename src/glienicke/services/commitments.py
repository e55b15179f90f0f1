"""Commitments, over what the signed-in user may see: the ledger with each one's outcome, what is
overdue, the actions on a commitment (fulfil, press, break, waive, re-link), and how far a
counterpart kept its word.

Each action is one transaction through the policy point: the viewer needs the right to edit
proposals and must see the commitment (a hidden one is not found, exactly as a missing one), and
every record an action names (the evidence, the person who pressed, the document of a follow-up,
the commitment or proposal that takes one over) must be one the viewer may see. The engine in
`glienicke.negotiation.commitments` decides whether the action may happen; a refused action
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from glienicke.domain.catalog import BY_CLASS
from glienicke.domain.errors import NotFound, Problem, ValidationFailed
from glienicke.domain.people import State
from glienicke.domain.proposals import Commitment, CommitmentStatus, FollowUpAction, Proposal
from glienicke.negotiation import commitments as engine
from glienicke.security.model import Permission
from glienicke.security.policy import Visible, redacted
from glienicke.services.access import Scoped, require_edit, viewer, visibility
from glienicke.services.checks import about, check_record
from glienicke.services.database import Database
from glienicke.services.inputs import as_date, as_enum, as_optional_date
from glienicke.store.repository import Repository

GROUPINGS = ("year", "proposal")


# --- reading ---------------------------------------------------------------------------------


def list_commitments(
    db: Database,
    *,
    as_of: date | None = None,
    overdue: bool = False,
    state: str | None = None,
    proposal: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """The commitments the viewer may see, each with what became of it on `as_of` (default
    today): kept, kept late and by how much, partly, broken (and what became of the commitment
    that took it over), waived, pending, overdue and by how many days.

    Filters: `overdue` (only those open and certainly past their due date), `state` (the party
    that undertook them), `proposal`, `status` (as it stood on `as_of`). Overdue ones come most
    overdue first; the rest in the order of their proposals, then by key.
    """
    wanted = None if status is None else as_enum(CommitmentStatus, status, "status")
    day = as_of or date.today()
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        if state is not None:
            scoped.get(State, state)
        if proposal is not None:
            scoped.get(Proposal, proposal)
    everything = all_commitments(db)
    late = {o.commitment: o for o in engine.overdue(everything, day)}
    rows = []
    for commitment in sorted(everything, key=lambda c: (c.proposal, c.key)):
        now = engine.status_as_of(commitment, day)
        if (
            (state is not None and commitment.party != state)
            or (proposal is not None and commitment.proposal != proposal)
            or (wanted is not None and now is not wanted)
            or (overdue and commitment.key not in late)
        ):
            continue
        rows.append(_row(commitment, everything, day, now, late.get(commitment.key)))
    if overdue:
        rank = {key: index for index, key in enumerate(late)}
        rows.sort(key=lambda row: rank[row["key"]])
    return rows


def ledger_rows(commitments: Sequence[Commitment], as_of: date) -> list[dict[str, Any]]:
    """The ledger's rows (as `list_commitments` gives them) of some commitments already read
    through the policy point, such as a case's: what became of each is judged among these
    (a commitment relinked to one outside them is followed no further)."""
    late = {o.commitment: o for o in engine.overdue(commitments, as_of)}
    return [
        _row(c, commitments, as_of, engine.status_as_of(c, as_of), late.get(c.key))
        for c in sorted(commitments, key=lambda c: (c.proposal, c.key))
    ]


def _row(
    commitment: Commitment,
    everything: Iterable[Commitment],
    day: date,
    now: CommitmentStatus,
    late: engine.Overdue | None,
) -> dict[str, Any]:
    found = engine.outcome(commitment, everything, as_of=day)
    return {
        **engine.commitment_to_dict(commitment),
        "as_of": day.isoformat(),
        "status_as_of": now.value,
        "outcome": found.to_dict(),
        "overdue": None if late is None else late.to_dict(),
    }


def all_commitments(db: Database) -> list[Commitment]:
    """Every commitment the viewer may see: what became of one can depend on others (the one
    that took it over), so each question reads them all. Kept until the records change (a
    shared answer: never changed)."""

    def work() -> list[Commitment]:
        with db.reading() as repo:
            return list(Scoped.of(repo, Permission.READ).all(Commitment))

    return db.kept(("commitments", viewer()), work)


def reliability(
    db: Database, state: str, *, by: str = "year", as_of: date | None = None
) -> dict[str, Any]:
    """How far a state kept the commitments the viewer may see: kept, late, partly, broken, by
    year or by proposal, as recorded or as it stood on `as_of`; every figure explained."""
    grouping = _grouping(by)
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        party: State = scoped.get(State, state)
    everything = all_commitments(db)
    found = engine.reliability(everything, state, as_of=as_of, by=grouping, party_name=party.name)
    return {"name": party.name, **found.to_dict()}


def reliability_of_all(
    db: Database, *, by: str = "year", as_of: date | None = None
) -> list[dict[str, Any]]:
    """The same for every state that undertook a commitment the viewer may see, by key."""
    grouping = _grouping(by)
    with db.reading() as repo:
        states = {s.key: s for s in Scoped.of(repo, Permission.READ).all(State)}
    everything = all_commitments(db)
    parties = sorted({c.party for c in everything})
    found = []
    for party in parties:
        name = states[party].name if party in states else party
        figures = engine.reliability(everything, party, as_of=as_of, by=grouping, party_name=name)
        found.append({"name": name, **figures.to_dict()})
    return found


def _grouping(by: str) -> engine.Grouping:
    if by == "year":
        return "year"
    if by == "proposal":
        return "proposal"
    raise ValidationFailed.single("by", f"'{by}' is not one of: {', '.join(GROUPINGS)}")


# --- actions ---------------------------------------------------------------------------------

Change = Callable[[Repository, Visible, Commitment], list[tuple[Commitment, bool]]]


def _act(
    db: Database,
    key: str,
    change: Change,
    *,
    refs: Iterable[tuple[str, str, str | None]] = (),
    expected_version: int | None = None,
) -> dict[str, Any]:
    """One action on one commitment, in one transaction. `change` applies the engine's
    transition and returns further records to store (record, is it new); `refs` are the records
    the action names, (field, kind, key), each of which the viewer must see."""
    who = require_edit(Commitment)
    with db.transaction() as repo:
        visible = visibility(repo, who)
        if key not in visible.get("commitment", set()):
            raise NotFound("commitment", key)
        record = repo.get(Commitment, key)
        problems = [
            Problem(f"commitment {key}: {field}", f"there is no {kind.replace('_', ' ')} '{ref}'")
            for field, kind, ref in refs
            if ref is not None and ref not in visible.get(kind, set())
        ]
        if problems:
            raise ValidationFailed(problems)
        with about("commitment", key):
            others = change(repo, visible, record)
        for other, new in others:  # a successor first: the record refers to it
            check_record(repo, other)
            if new:
                repo.add(other)
            else:
                repo.save(other)
        check_record(repo, record)
        repo.save(record, expected_version)
        # What the viewer now sees: the commitments of proposals they see, the new one included.
        seen = {**visible, "commitment": visible["commitment"] | {c.key for c, _ in others}}
        current = {c.key: c for c in repo.all(Commitment) if c.key in seen["commitment"]}
        current.update({record.key: record, **{c.key: c for c, _ in others}})
        shown = [redacted(c, seen) for c in current.values()]
        view = _action_view(redacted(record, seen), shown)
        if others:
            view["successor"] = _action_view(redacted(others[0][0], seen), shown)
    return view


def _action_view(record: Commitment, shown: list[Commitment]) -> dict[str, Any]:
    return {
        **engine.commitment_to_dict(record),
        "outcome": engine.outcome(record, shown).to_dict(),
    }


def _visible_record(repo: Repository, visible: Visible, cls: type[Any], key: str) -> Any:
    kind = BY_CLASS[cls]
    if key not in visible.get(kind.name, set()):
        raise NotFound(kind.label, key)
    return repo.get(cls, key)


def fulfil(
    db: Database,
    commitment: str,
    on: str,
    *,
    evidence: str | None = None,
    note: str | None = None,
    partly: bool = False,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Record that the party did what it undertook (or part of it), with the document that shows
    it and/or a note saying how we know. Refused for a commitment fulfilled, broken or waived."""
    day = as_date(on, "on")

    def change(repo: Repository, visible: Visible, record: Commitment) -> list[Any]:
        proposal = repo.get(Proposal, record.proposal)
        engine.fulfil(
            record,
            day,
            evidence=evidence,
            note=note,
            partly=partly,
            undertaken_on=proposal.opened_on,
        )
        return []

    return _act(
        db,
        commitment,
        change,
        refs=[("evidence", "document", evidence)],
        expected_version=expected_version,
    )


def press(
    db: Database,
    commitment: str,
    on: str,
    *,
    by: str | None = None,
    note: str | None = None,
    document: str | None = None,
    action: str = "press",
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Record a follow-up on an open commitment: we pressed the party (or sent a reminder, asked,
    noted something), when, who, what was said, and the document that records it. Follow-ups
    are kept in date order: one dated before the last is refused."""
    day = as_date(on, "on")
    kind = as_enum(FollowUpAction, action, "action")

    def change(repo: Repository, visible: Visible, record: Commitment) -> list[Any]:
        engine.press(record, day, by=by, note=note, document=document, action=kind)
        return []

    return _act(
        db,
        commitment,
        change,
        refs=[("by", "person", by), ("document", "document", document)],
        expected_version=expected_version,
    )


def break_(
    db: Database,
    commitment: str,
    on: str,
    *,
    note: str,
    by: str | None = None,
    document: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Record that the party will not do what it undertook, with the reason and its document."""
    day = as_date(on, "on")

    def change(repo: Repository, visible: Visible, record: Commitment) -> list[Any]:
        engine.break_(record, day, note=note, by=by, document=document)
        return []

    return _act(
        db,
        commitment,
        change,
        refs=[("by", "person", by), ("document", "document", document)],
        expected_version=expected_version,
    )


def waive(
    db: Database,
    commitment: str,
    on: str,
    *,
    note: str,
    by: str | None = None,
    document: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Record that we no longer hold the party to a commitment, and why."""
    day = as_date(on, "on")

    def change(repo: Repository, visible: Visible, record: Commitment) -> list[Any]:
        engine.waive(record, day, note=note, by=by, document=document)
        return []

    return _act(
        db,
        commitment,
        change,
        refs=[("by", "person", by), ("document", "document", document)],
        expected_version=expected_version,
    )


def relink(
    db: Database,
    commitment: str,
    on: str,
    *,
    to: str | None = None,
    proposal: str | None = None,
    note: str | None = None,
    item: str | None = None,
    due: str | None = None,
    description: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Tie a broken commitment to the later arrangement that takes it over: to a commitment of
    another proposal already on record (`to`), or to a proposal (`proposal`), under which a new
    commitment is made from its item for the same person. The answer holds both, the one taken
    over and its successor."""
    day = as_date(on, "on")
    due_day = as_optional_date(due, "due")
    if (to is None) == (proposal is None):
        raise ValidationFailed.single(
            "to",
            "name either the commitment that takes this one over (to) or the proposal under"
            " which a new one is made (proposal), not both and not neither",
        )
    if to is not None:
        for given, name in ((item, "item"), (due, "due"), (description, "description")):
            if given is not None:
                raise ValidationFailed.single(
                    name, f"{name} is for a new commitment under a proposal; '{to}' exists already"
                )

    def change(repo: Repository, visible: Visible, record: Commitment) -> list[Any]:
        shown = [c for c in repo.all(Commitment) if c.key in visible["commitment"]]
        if to is not None:
            successor: Commitment = _visible_record(repo, visible, Commitment, to)
            under: Proposal = repo.get(Proposal, successor.proposal)
            engine.relink_to(record, successor, under, day, note=note, commitments=shown)
            return [(successor, False)]
        assert proposal is not None
        target: Proposal = _visible_record(repo, visible, Proposal, proposal)
        taken = {c.key for c in repo.all(Commitment)}
        made = engine.relink(
            record,
            target,
            day,
            note=note,
            due=due_day,
            item=item,
            description=description,
            taken=taken,
        )
        return [(made, True)]

    return _act(db, commitment, change, expected_version=expected_version)
