"""Officials: resolving offices named in documents to their holders on a date, and loading the
Office of the Historian's POCOM data into offices, persons and tenures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import InvalidValue
from glienicke.domain.people import Office, Person, Tenure
from glienicke.records.linking import OfficeResolver
from glienicke.records.offices import OfficeTable, holders_on, match_office
from glienicke.records.pocom import read_pocom
from glienicke.security.model import Permission
from glienicke.services.access import require
from glienicke.services.database import Database
from glienicke.store.repository import Repository

NO_DATA = "no officials data loaded: run 'glienicke officials load PATH' with the POCOM folder"


def office_resolver(repo: Repository) -> OfficeResolver:
    """Office phrases ('the Ambassador in the Soviet Union') to office and holder by date."""
    return OfficeTable(repo.all(Office), repo.all(Tenure))


def load_officials(db: Database, folder: Path) -> dict[str, Any]:
    """Load POCOM persons, offices and tenures (created or brought up to date); problems in
    single files are reported and those files skipped."""
    require(Permission.LOAD_DATASETS)
    officials = read_pocom(folder)
    with db.transaction() as repo:
        counts = {}
        for cls, records in (
            (Person, officials.persons),
            (Office, officials.offices),
            (Tenure, officials.tenures),
        ):
            outcomes = repo.put_many(cls, records)
            counts[cls.__name__.lower()] = {
                o: outcomes.count(o) for o in ("created", "updated", "unchanged")
            }
    return {"loaded": counts, "problems": officials.problems}


def resolve_office(db: Database, phrase: str, day: PartialDate) -> dict[str, Any]:
    """Who held the office a phrase names on a day."""
    require(Permission.READ)
    with db.reading() as repo:
        offices: list[Office] = repo.all(Office)
        tenures: list[Tenure] = repo.all(Tenure)
        if not tenures:
            raise InvalidValue(NO_DATA)
        found = match_office(phrase, offices)
        if found is None:
            raise InvalidValue(f"{phrase!r} names no office on file")
        holders = holders_on(found.office, day, tenures)
        persons = {p.key: p for p in repo.all(Person)} if holders else {}
    title = next(o.title for o in offices if o.key == found.office)
    return {
        "phrase": phrase,
        "on": str(day),
        "office": found.office,
        "title": title,
        "acting": found.acting,
        "holders": [
            {
                "person": t.person,
                "name": persons[t.person].name if t.person in persons else t.person,
                "tenure": t.key,
                "start": None if t.start is None else str(t.start),
                "end": None if t.end is None else str(t.end),
                "acting": t.acting,
            }
            for t in holders
        ],
    }
