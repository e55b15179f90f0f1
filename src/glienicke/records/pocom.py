"""Reading the Office of the Historian's POCOM data: who held which State Department post when.

POCOM ("Principal Officers and Chiefs of Mission") is a folder of small XML files: one per
person (``people/<letter>/<id>.xml``), one per principal position of the Department
(``positions-principals/``), one per country with its chiefs of mission
(``missions-countries/``) and the titles chiefs were commissioned under
(``roles-country-chiefs/``). :func:`read_pocom` turns the folder into the product's own
persons, offices and tenures so that a document's "the Ambassador in the Soviet Union" can be
resolved to a person on a date (see :mod:`glienicke.records.offices`).

Keys
    person: the POCOM person id unchanged (``steinhardt-laurence-adolph``); a tenure naming
    one of a person's former ids (``old-ids``) is filed under the current id.
    office: ``us-<position-id>`` for principal positions (``us-under-secretary``), and one
    office per country, ``us-chief-of-mission-<territory-id>`` (``us-chief-of-mission-russia``),
    whatever the chief's rank: ambassador, minister and chargé all head the same mission.
    tenure: the POCOM chief or principal id, lowercased (``ru-1939-stei-01``); the few ids POCOM
    uses twice get ``-2``, ``-3`` in file order, and a problem says so.

Choices
    * Every person file is read (about 4,300), not only those some tenure names: the names
      are wanted for matching officials mentioned in documents, and reading them is cheap.
    * Name: "Forename Surname" (with "Jr." and the like after it); POCOM's altnames and
      "Surname, Forename" become aliases, so "Laurence A. Steinhardt" is an alias of
      "Laurence Adolph Steinhardt".
    * Start of a tenure is the start of service, or the appointment date when POCOM records no
      start of service (the tenure's notes say so); end is the end of service.
    * A record with neither a start nor an end of service gives no tenure: in POCOM that is an
      appointment never taken up (nomination withdrawn, appointment declined, death before
      reaching post) or, for the last year of the data, not yet taken up (about 550 records).
      An open tenure would wrongly claim the person holds the post to this day.
    * Chiefs of mission succeed one another, so where POCOM leaves a chief's end empty but a
      later chief of the same mission started, the end becomes "before <that start>"; where it
      leaves the start empty, the start becomes "after <the last earlier start>". Both are
      bounds that follow from that succession, not guesses, and the notes say so; without
      them some 230 chargés of the 1940s-60s would still "hold" their posts. Principal
      positions are left as recorded:
      several Assistant Secretaries serve at once, so a successor proves nothing there.
    * "Secretary of State ad interim" (officers in charge while the Secretaryship was vacant)
      is filed as acting tenures of ``us-secretary``, the way datasets record acting service.
      Chargés d'affaires ad interim and pro tempore are acting tenures of their mission.
    * Offices get no ``state``: the caller knows which state key stands for the United States.

Bad data never raises: a file that is not well-formed XML, a record without a person-id or
naming an unknown person, or a date that is not YYYY, YYYY-MM or YYYY-MM-DD becomes one line in
``Officials.problems`` ("missions-countries/russia.xml:12: ..."), and the rest is read.

Speed: the whole folder (4,261 people, 83 positions, 199 countries; 281 offices and 6,481
tenures out) reads in 0.6 to 1.0 seconds on the development machine (two busy cores; lxml, one
``etree.parse`` per file, each record's fields gathered in one pass).
"""

from __future__ import annotations

import bisect
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.errors import InvalidValue
from glienicke.domain.people import Office, Person, Tenure

SOURCE = "POCOM (Office of the Historian)"
PRINCIPAL_PREFIX = "us-"
MISSION_PREFIX = "us-chief-of-mission-"

# POCOM positions that are an acting form of another position, filed under that one.
_ACTING_POSITIONS = {"secretary-ad-interim": "secretary"}
# Role ids meaning the holder stood in for a chief (chargé ad interim, pro tempore, acting).
_ACTING_ROLE = re.compile(r"ad-interim|pro-tem|^acting-")
_DATE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")
_SPACED_SUFFIXES = frozenset({"II", "III", "IV", "3rd"})

# Territory ids whose readable name is not simply the id's words capitalised.
_TERRITORY_NAMES = {
    "antigua-barbuda": "Antigua and Barbuda",
    "bosnia-herzegovina": "Bosnia and Herzegovina",
    "congo-democratic-republic": "the Democratic Republic of the Congo",
    "congo-republic": "the Republic of the Congo",
    "cote-divoire": "Côte d'Ivoire",
    "guinea-bissau": "Guinea-Bissau",
    "holy-see": "the Holy See",
    "saint-kitts-nevis": "Saint Kitts and Nevis",
    "saint-vincent-grenadines": "Saint Vincent and the Grenadines",
    "timor-leste": "Timor-Leste",
    "two-sicilies": "the Two Sicilies",
    "vietnam-south": "South Vietnam",
}
_WITH_ARTICLE = frozenset(
    [
        "bahamas",
        "central-african-republic",
        "comoros",
        "czech-republic",
        "dominican-republic",
        "gambia",
        "german-democratic-republic",
        "maldives",
        "marshall-islands",
        "netherlands",
        "philippines",
        "united-arab-emirates",
        "united-kingdom",
    ]
)
_LOWER_WORDS = frozenset({"and", "of", "the"})


@dataclass
class Officials:
    """What a POCOM folder holds, in the product's terms, and what could not be read."""

    persons: list[Person]
    offices: list[Office]
    tenures: list[Tenure]
    problems: list[str]


def read_pocom(folder: Path) -> Officials:
    """Read a POCOM folder; see the module docstring for keys and choices.

    Raises InvalidValue only when the folder is not POCOM data at all (missing, or without
    ``people/``); anything wrong inside it is reported in ``problems``.
    """
    folder = Path(folder)
    if not (folder / "people").is_dir():
        raise InvalidValue(
            f"no officials data at {folder}: expected people/, positions-principals/ and"
            " missions-countries/"
        )
    return _Reader(folder).read()


def territory_name(territory: str) -> str:
    """A readable name for a POCOM territory id: 'russia' -> 'Russia',
    'united-kingdom' -> 'the United Kingdom'."""
    if territory in _TERRITORY_NAMES:
        return _TERRITORY_NAMES[territory]
    words = [w if w in _LOWER_WORDS else w.capitalize() for w in territory.split("-")]
    name = " ".join(words)
    return f"the {name}" if territory in _WITH_ARTICLE else name


class _Reader:
    """One pass over a folder, collecting problems as it goes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[str] = []
        self.person_ids: dict[str, str] = {}  # current and former ids -> current id
        self.tenure_keys: set[str] = set()
        self.parser = etree.XMLParser(resolve_entities=False, no_network=True)

    def read(self) -> Officials:
        persons = self.people()
        offices, tenures = self.positions()
        mission_offices, chiefs = self.missions(self.roles())
        return Officials(
            persons=persons,
            offices=offices + mission_offices,
            tenures=tenures + _bound_open_periods(chiefs),
            problems=self.problems,
        )

    # -- files and problems -------------------------------------------------------------

    def files(self, sub: str, *, required: bool = True) -> list[Path]:
        """The XML files under a subfolder, in name order (os.walk: pathlib's rglob is slow)."""
        folder = self.folder / sub
        if not folder.is_dir():
            if required:
                self.problems.append(f"{sub}/: folder missing; nothing read from it")
            return []
        names = [
            os.path.join(parent, name)
            for parent, _, files in os.walk(folder)
            for name in files
            if name.endswith(".xml")
        ]
        return [Path(name) for name in sorted(names)]

    def parse(self, path: Path) -> etree._Element | None:
        """The root element, or None after reporting why the file cannot be read."""
        try:
            return etree.parse(str(path), self.parser).getroot()
        except etree.XMLSyntaxError as error:
            self.report(path, error.lineno, f"not well-formed XML ({error.msg}); file skipped")
        except OSError as error:
            self.report(path, None, f"cannot be read ({error}); file skipped")
        return None

    def report(self, path: Path, line: int | None, message: str) -> None:
        where = path.relative_to(self.folder).as_posix()
        self.problems.append(f"{where}:{line}: {message}" if line else f"{where}: {message}")

    def date(self, path: Path, record: _Record, event: str) -> PartialDate | None:
        """The date of an event (started, ended...), or None when empty or unreadable."""
        text = record.fields.get(f"{event}/date", "")
        if not text:
            return None
        if _DATE.match(text):
            try:
                return PartialDate.parse(text)
            except InvalidValue as error:
                self.report(path, record.line, f"{event} date: {error}; left empty")
                return None
        self.report(path, record.line, f"{event} date '{text}' is not a date; left empty")
        return None

    # -- people ---------------------------------------------------------------------------

    def people(self) -> list[Person]:
        persons: list[Person] = []
        for path in self.files("people"):
            root = self.parse(path)
            person = None if root is None else self.person(path, _Record.of(root, _PERSON))
            if person is not None:
                persons.append(person)
        return persons

    def person(self, path: Path, record: _Record) -> Person | None:
        fields = record.fields
        key = fields.get("id", "")
        forename, surname = fields.get("persName/forename", ""), fields.get("persName/surname", "")
        if not key or not (forename or surname):
            self.report(path, record.line, "person without an id or a name; skipped")
            return None
        if self.person_ids.get(key) == key:
            self.report(path, record.line, f"person id '{key}' is used twice; skipped")
            return None
        name = _full_name(forename, surname, fields.get("persName/genName", ""))
        aliases = record.all("persName/altname")
        if forename and surname:
            aliases.append(f"{surname}, {forename}")
        birth = fields.get("birth", "")
        self.person_ids[key] = key
        for old in record.all("old-ids/old-id"):
            self.person_ids.setdefault(old, key)
        return Person(
            key=key,
            name=name,
            aliases=_unique(a for a in aliases if a and a != name),
            birth_year=int(birth) if re.fullmatch(r"[0-9]{4}", birth) else None,
        )

    # -- principal positions --------------------------------------------------------------

    def positions(self) -> tuple[list[Office], list[Tenure]]:
        offices: dict[str, Office] = {}
        tenures: list[Tenure] = []
        for path in self.files("positions-principals"):
            root = self.parse(path)
            if root is None:
                continue
            head = _Record.of(root, _HEAD)
            position = head.fields.get("id") or path.stem
            title = head.fields.get("names/singular") or position
            base = _ACTING_POSITIONS.get(position)
            if base is None:
                offices[position] = _principal_office(position, title)
            else:
                offices.setdefault(base, _principal_office(base, title.replace(" ad interim", "")))
            office = PRINCIPAL_PREFIX + (base or position)
            for element in root.iterfind("principals/principal"):
                tenure = self.tenure(
                    path, _Record.of(element, _SERVICE), office, acting=base is not None
                )
                if tenure is not None:
                    tenures.append(tenure)
        return list(offices.values()), tenures

    # -- chiefs of mission ----------------------------------------------------------------

    def roles(self) -> dict[str, str]:
        """Role id -> title, e.g. 'ambassador-e-p' -> 'Ambassador Extraordinary and ...'."""
        titles: dict[str, str] = {}
        for path in self.files("roles-country-chiefs", required=False):
            root = self.parse(path)
            if root is not None:
                fields = _Record.of(root, _HEAD).fields
                titles[fields.get("id") or path.stem] = fields.get("names/singular", "")
        return titles

    def missions(self, roles: dict[str, str]) -> tuple[list[Office], list[Tenure]]:
        offices: list[Office] = []
        tenures: list[Tenure] = []
        for path in self.files("missions-countries"):
            root = self.parse(path)
            if root is None:
                continue
            territory = _Record.of(root, _HEAD).fields.get("territory-id") or path.stem
            office = _mission_office(territory)
            offices.append(office)
            for element in root.iterfind("chiefs/chief"):
                record = _Record.of(element, _SERVICE)
                role = record.fields.get("role-title-id", "")
                acting = bool(_ACTING_ROLE.search(role))
                role_title = roles.get(role) or role
                tenure = self.tenure(path, record, office.key, acting=acting, role=role_title)
                if tenure is not None:
                    tenures.append(tenure)
        return offices, tenures

    # -- one chief or principal -----------------------------------------------------------

    def tenure(
        self, path: Path, record: _Record, office: str, *, acting: bool, role: str = ""
    ) -> Tenure | None:
        """A tenure from a chief or principal record, or None (with a problem if it is bad)."""
        fields = record.fields
        raw_id = fields.get("id", "")
        person = self.person_of(path, record, f"record {raw_id}" if raw_id else "record")
        if person is None:
            return None
        started, ended = self.date(path, record, "started"), self.date(path, record, "ended")
        if not (fields.get("started/date") or fields.get("ended/date")):
            return None  # never took up the post: see the module docstring
        notes = [role, fields.get("note", "")]
        start = started
        if start is None:
            start = self.date(path, record, "appointed")
            if start is not None:
                notes.append("Start is the appointment date; no usable start of service recorded.")
        notes += [_event_note(fields, "started", started), _event_note(fields, "ended", ended)]
        return Tenure(
            key=self.unique_key(path, record, raw_id or f"{office}-{record.line}"),
            office=office,
            person=person,
            start=start,
            end=ended,
            acting=acting,
            source=SOURCE,
            notes=_sentences(notes),
        )

    def person_of(self, path: Path, record: _Record, label: str) -> str | None:
        person_id = record.fields.get("person-id", "")
        if not person_id:
            self.report(path, record.line, f"{label} has no person-id; skipped")
            return None
        if person_id not in self.person_ids:
            self.report(path, record.line, f"{label} names unknown person '{person_id}'; skipped")
            return None
        return self.person_ids[person_id]

    def unique_key(self, path: Path, record: _Record, raw: str) -> str:
        key = raw.lower()
        if key in self.tenure_keys:
            number = 2
            while f"{key}-{number}" in self.tenure_keys:
                number += 1
            self.report(
                path, record.line, f"id '{raw}' is used twice; this one is '{key}-{number}'"
            )
            key = f"{key}-{number}"
        self.tenure_keys.add(key)
        return key


@dataclass(frozen=True)
class _Record:
    """The wanted fields of an element, as 'tag' or 'tag/child' -> text.

    Reading the few fields needed into a dict in one pass over the children is several times
    faster than one ``find`` per field, which keeps the whole folder near a second.
    """

    fields: dict[str, str]
    repeated: dict[str, list[str]]
    line: int | None

    @classmethod
    def of(cls, element: etree._Element, wanted: frozenset[str]) -> _Record:
        fields: dict[str, str] = {}
        repeated: dict[str, list[str]] = defaultdict(list)
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments and processing instructions
            if tag in wanted:
                _collect(tag, child, fields, repeated)
            for grandchild in child if f"{tag}/" in wanted else ():
                path = f"{tag}/{grandchild.tag}"
                if path in wanted:
                    _collect(path, grandchild, fields, repeated)
        line = element.sourceline
        return cls(fields, repeated, line if isinstance(line, int) else None)

    def all(self, path: str) -> list[str]:
        """Every text at a path that may repeat (altnames, old ids)."""
        return list(self.repeated.get(path, []))


def _fields(*paths: str) -> frozenset[str]:
    """The paths, plus 'tag/' for each tag whose children are wanted."""
    return frozenset(paths) | {path.split("/")[0] + "/" for path in paths if "/" in path}


_PERSON = _fields(
    "id",
    "persName/forename",
    "persName/surname",
    "persName/genName",
    "persName/altname",
    "birth",
    "old-ids/old-id",
)
_HEAD = _fields("id", "territory-id", "names/singular")
_SERVICE = _fields(
    "id",
    "person-id",
    "role-title-id",
    "note",
    "appointed/date",
    "started/date",
    "started/note",
    "ended/date",
    "ended/note",
)


def _collect(
    path: str, element: etree._Element, fields: dict[str, str], repeated: dict[str, list[str]]
) -> None:
    text = element.text or "" if len(element) == 0 else _all_text(element)
    text = " ".join(text.split())
    fields.setdefault(path, text)
    repeated[path].append(text)


def _all_text(element: etree._Element) -> str:
    """Text including inline markup, e.g. a note with <hi>."""
    return "".join(t if isinstance(t, str) else t.decode() for t in element.itertext())


# -- small pure helpers -------------------------------------------------------------------


def _full_name(forename: str, surname: str, suffix: str) -> str:
    name = " ".join(part for part in (forename, surname) if part)
    if not suffix:
        return name
    return f"{name} {suffix}" if suffix in _SPACED_SUFFIXES else f"{name}, {suffix}"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _sentences(parts: list[str]) -> str | None:
    kept = [p if p.endswith((".", "?", "!")) else p + "." for p in parts if p]
    return " ".join(kept) or None


def _event_note(fields: dict[str, str], event: str, day: PartialDate | None) -> str:
    """POCOM's remark on a start or end ('Left post on'), completed with its date."""
    note = fields.get(f"{event}/note", "")
    if not note:
        return ""
    return f"{event.capitalize()}: {note}" + (f" {day}" if day is not None else "")


def _principal_office(position: str, title: str) -> Office:
    return Office(
        key=PRINCIPAL_PREFIX + position,
        title=title,
        notes=f"POCOM principal position '{position}'.",
    )


def _mission_office(territory: str) -> Office:
    return Office(
        key=MISSION_PREFIX + territory,
        title=f"Chief of Mission to {territory_name(territory)}",
        notes=(
            f"POCOM territory '{territory}': every chief of this mission, whatever the rank"
            " (ambassador, minister, chargé d'affaires); the rank is in each tenure's notes."
        ),
    )


def _bound_open_periods(chiefs: list[Tenure]) -> list[Tenure]:
    """Close the periods POCOM leaves open, using the recorded starts of the same mission.

    A chief whose end is missing was gone, at the latest, when a later chief started; one whose
    start is missing began after the last chief who started before his end.
    """
    starts: dict[str, list[PartialDate]] = defaultdict(list)
    for tenure in chiefs:
        if tenure.start is not None:
            starts[tenure.office].append(tenure.start)
    known = {office: _Starts(days) for office, days in starts.items()}
    empty = _Starts([])
    return [known.get(tenure.office, empty).bound(tenure) for tenure in chiefs]


class _Starts:
    """The recorded starts of one mission, searchable by calendar day (bisect, not a scan)."""

    def __init__(self, days: list[PartialDate]) -> None:
        self.by_earliest = sorted(days, key=lambda d: d.earliest())
        self.earliest = [d.earliest() for d in self.by_earliest]
        self.by_latest = sorted(days, key=lambda d: d.latest())
        self.latest = [d.latest() for d in self.by_latest]

    def first_after(self, day: PartialDate) -> PartialDate | None:
        """The first start certainly after the day."""
        index = bisect.bisect_right(self.earliest, day.latest())
        return self.by_earliest[index] if index < len(self.by_earliest) else None

    def last_before(self, day: PartialDate) -> PartialDate | None:
        """The last start certainly before the day."""
        index = bisect.bisect_left(self.latest, day.earliest())
        return self.by_latest[index - 1] if index > 0 else None

    def bound(self, tenure: Tenure) -> Tenure:
        if tenure.end is None and tenure.start is not None:
            later = self.first_after(tenure.start)
            if later is not None:
                note = f"No end recorded; the next chief of mission started {later}."
                end = _qualified(later, Qualifier.BEFORE)
                return replace(tenure, end=end, notes=_add(tenure, note))
        if tenure.start is None and tenure.end is not None:
            earlier = self.last_before(tenure.end)
            if earlier is not None:
                note = f"No start recorded; the previous chief of mission started {earlier}."
                start = _qualified(earlier, Qualifier.AFTER)
                return replace(tenure, start=start, notes=_add(tenure, note))
        return tenure


def _qualified(day: PartialDate, qualifier: Qualifier) -> PartialDate:
    return PartialDate(day.year, day.month, day.day, qualifier=qualifier)


def _add(tenure: Tenure, note: str) -> str:
    return f"{tenure.notes} {note}" if tenure.notes else note
