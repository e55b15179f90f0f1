"""What a viewer may see, decided for the keys a request meets rather than for everything
stored.

`security.policy.visible_keys` answers for every record at once, from every record; a page
about one case needs the answer for a few dozen keys. `Seen` gives the same answer (a test
compares the two on every key) key by key: each kind's keys are decided in batches, by a few
indexed queries about those keys only (their marks, the cases a detention or a document
belongs to), and every answer is kept for the rest of the unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import select

from glienicke.dataset.codec import links_of
from glienicke.domain.catalog import BY_CLASS, KINDS
from glienicke.security.model import Permission, level
from glienicke.security.policy import NAMES_IN_CONFIDENCE, Marks, Viewer, admits
from glienicke.store.mapping import child_class, naming_columns, row_class
from glienicke.store.repository import Repository
from glienicke.store.tables import Base, CaseSubjectRow, TenureRow

CHUNK = 500  # keys per query: under every engine's bind-parameter limit


class Keys:
    """The keys of one kind the viewer may see, decided on demand and remembered."""

    def __init__(self, decide: Callable[[list[str]], set[str]]) -> None:
        self._decide = decide
        self._answers: dict[str, bool] = {}

    def check(self, keys: Iterable[str]) -> None:
        """Decide these keys now, in as few queries as possible."""
        wanted = sorted({k for k in keys if isinstance(k, str) and k not in self._answers})
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            shown = self._decide(chunk)
            self._answers.update((k, k in shown) for k in chunk)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key not in self._answers:
            self.check([key])
        return self._answers[key]


class Nothing:
    """A viewer without the read permission sees nothing."""

    def check(self, keys: Iterable[str]) -> None:
        return None

    def __contains__(self, key: object) -> bool:
        return False


class Seen(Mapping[str, Keys | Nothing]):
    """Kind name -> the keys of that kind the viewer may see (see security.policy)."""

    def __init__(self, repo: Repository, viewer: Viewer) -> None:
        self.session = repo.session
        self.viewer = viewer
        deciders: dict[str, Callable[[list[str]], set[str]]] = {
            "state": self._stored("state"),
            "office": self._stored("office"),
            "tenure": self._stored("tenure"),
            "case": self._cases,
            "proposal": self._proposals,
            "consideration": self._of_proposal("consideration"),
            "clearance_step": self._of_proposal("clearance_step"),
            "commitment": self._of_proposal("commitment"),
            "detention": self._subject("detention", CaseSubjectRow.detention),
            "exit_restriction": self._subject("exit_restriction", CaseSubjectRow.exit_restriction),
            "person": self._persons,
            "document": self._documents,
            "event": self._events,
        }
        reads = viewer.may(Permission.READ)
        self._kinds: dict[str, Keys | Nothing] = {
            kind.name: Keys(deciders[kind.name]) if reads else Nothing() for kind in KINDS
        }

    def __getitem__(self, kind: str) -> Keys | Nothing:
        return self._kinds[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def check_records(self, records: Iterable[Any]) -> None:
        """Decide, in batches, the records themselves and every key they refer to (what
        showing and redacting them will ask)."""
        wanted: dict[str, set[str]] = {}
        for record in records:
            wanted.setdefault(BY_CLASS[type(record)].name, set()).add(record.key)
            _references(record, wanted)
        # the kinds others depend on first, so their answers are there when asked
        for kind in ("case", "proposal", *wanted):
            if kind in wanted:
                self._kinds[kind].check(wanted.pop(kind))

    # --- deciders: the visible keys among some stored or unknown keys ----------------------

    def _column(self, kind: str, name: str) -> Any:
        return getattr(row_class(_CLASSES[kind]), name)

    def _pairs(self, row: type[Base], attr: str, keys: list[str]) -> dict[str, set[str]]:
        """parent key -> the values of one of its lists, for these parents."""
        child = child_class(row, attr)
        table = child.__table__
        value = child.__mapper__.columns["value"]
        found: dict[str, set[str]] = {k: set() for k in keys}
        query = select(table.c.parent_key, value).where(table.c.parent_key.in_(keys))
        for parent, item in self.session.execute(query):
            found[parent].add(item)
        return found

    def _stored(self, kind: str) -> Callable[[list[str]], set[str]]:
        def decide(keys: list[str]) -> set[str]:
            column = self._column(kind, "key")
            return set(self.session.scalars(select(column).where(column.in_(keys))))

        return decide

    def _marked(self, kind: str, keys: list[str]) -> dict[str, bool]:
        """Stored keys of cases or proposals -> whether their own marks admit the viewer."""
        row = row_class(_CLASSES[kind])
        restricted = self._pairs(row, "restricted_to", keys)
        query = select(row.key, row.classification).where(row.key.in_(keys))
        return {
            key: admits(self.viewer, Marks(marking, frozenset(restricted[key])))
            for key, marking in self.session.execute(query)
        }

    def _cases(self, keys: list[str]) -> set[str]:
        return {key for key, admitted in self._marked("case", keys).items() if admitted}

    def _all_shown(self, kind: str, linked: Iterable[str]) -> bool:
        keys = self._kinds[kind]
        return all(k in keys for k in linked)

    def _proposals(self, keys: list[str]) -> set[str]:
        marked = self._marked("proposal", keys)
        cases = self._pairs(row_class(_CLASSES["proposal"]), "cases", list(marked))
        self._kinds["case"].check(k for linked in cases.values() for k in linked)
        return {
            key
            for key, admitted in marked.items()
            if admitted and self._all_shown("case", cases[key])
        }

    def _of_proposal(self, kind: str) -> Callable[[list[str]], set[str]]:
        def decide(keys: list[str]) -> set[str]:
            key, proposal = self._column(kind, "key"), self._column(kind, "proposal")
            rows = list(self.session.execute(select(key, proposal).where(key.in_(keys))))
            shown = self._kinds["proposal"]
            shown.check(p for _, p in rows)
            return {k for k, p in rows if p in shown}

        return decide

    def _subject_cases(self, column: Any, keys: list[str]) -> dict[str, set[str]]:
        """Subject (person, detention or exit restriction) -> the cases it is a subject of."""
        found: dict[str, set[str]] = {}
        query = select(column, CaseSubjectRow.parent_key).where(column.in_(keys))
        for subject, case in self.session.execute(query):
            found.setdefault(subject, set()).add(case)
        self._kinds["case"].check(c for cases in found.values() for c in cases)
        return found

    def _subject(self, kind: str, column: Any) -> Callable[[list[str]], set[str]]:
        """A detention or exit restriction: unless a case the viewer cannot see includes it."""
        stored = self._stored(kind)

        def decide(keys: list[str]) -> set[str]:
            cases = self._subject_cases(column, keys)
            return {k for k in stored(keys) if self._all_shown("case", cases.get(k, ()))}

        return decide

    def _persons(self, keys: list[str]) -> set[str]:
        """A person: unless a record the viewer cannot see names them (see
        security.policy.NAMES_IN_CONFIDENCE) and they are neither a subject of a case the
        viewer sees nor the holder of an office."""
        stored = self._stored("person")(keys)
        held_back: set[str] = set()
        for kind in NAMES_IN_CONFIDENCE:
            named = self._named_by(kind, sorted(stored - held_back))
            shown = self._kinds[kind]
            shown.check(r for records in named.values() for r in records)
            held_back |= {p for p, records in named.items() if any(r not in shown for r in records)}
        if not held_back:
            return stored
        cases = self._subject_cases(CaseSubjectRow.person, sorted(held_back))
        visible_cases = self._kinds["case"]
        officials = set(
            self.session.scalars(
                select(TenureRow.person).where(TenureRow.person.in_(sorted(held_back)))
            )
        )
        shown_anyway = officials | {
            p for p, linked in cases.items() if any(c in visible_cases for c in linked)
        }
        return stored - (held_back - shown_anyway)

    def _named_by(self, kind: str, persons: list[str]) -> dict[str, set[str]]:
        """Person -> the records of a kind that name them, for these persons."""
        found: dict[str, set[str]] = {}
        if not persons:
            return found
        for column, owner in naming_columns(_CLASSES[kind], "persons"):
            for person, record in self.session.execute(
                select(column, owner).where(column.in_(persons))
            ):
                found.setdefault(person, set()).add(record)
        return found

    def _linked_shown(self, kind: str, keys: list[str]) -> dict[str, bool]:
        """Documents or events -> whether every case and proposal they belong to is seen."""
        row = row_class(_CLASSES[kind])
        cases = self._pairs(row, "cases", keys)
        proposals = self._pairs(row, "proposals", keys)
        self._kinds["case"].check(c for linked in cases.values() for c in linked)
        self._kinds["proposal"].check(p for linked in proposals.values() for p in linked)
        return {
            k: self._all_shown("case", cases[k]) and self._all_shown("proposal", proposals[k])
            for k in keys
        }

    def _documents(self, keys: list[str]) -> set[str]:
        row = row_class(_CLASSES["document"])
        clearance = level(self.viewer.clearance)
        query = select(row.key, row.classification).where(row.key.in_(keys))
        within = {k for k, marking in self.session.execute(query) if level(marking) <= clearance}
        linked = self._linked_shown("document", sorted(within))
        return {k for k in within if linked[k]}

    def _events(self, keys: list[str]) -> set[str]:
        row = row_class(_CLASSES["event"])
        query = select(row.key, row.document).where(row.key.in_(keys))
        rows: dict[str, str | None] = {k: d for k, d in self.session.execute(query)}
        documents = self._kinds["document"]
        documents.check(d for d in rows.values() if d is not None)
        linked = self._linked_shown("event", sorted(rows))
        return {
            k
            for k, document in rows.items()
            if linked[k] and (document is None or document in documents)
        }


_CLASSES = {kind.name: kind.cls for kind in KINDS}


def _references(value: Any, into: dict[str, set[str]]) -> None:
    """Collect, by kind, every key a record (or a nested entry of one) refers to."""
    links = links_of(type(value))
    for attr, kind in links.refs:
        current = getattr(value, attr)
        keys = current if isinstance(current, list) else [current]
        into.setdefault(kind, set()).update(k for k in keys if isinstance(k, str))
    for attr in links.nested:
        current = getattr(value, attr)
        for item in current if isinstance(current, list) else [current]:
            if item is not None:
                _references(item, into)
