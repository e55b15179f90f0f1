"""Exchange pool files (YAML or JSON): read, checked field by field, turned into a Pool.

Every problem is reported at once, each with the file, the line and the field
(`ankara.yaml:41: conditions[0].gets[1]: no person 'zz' in the pool`). The pure exchange
package receives only a checked `Pool`.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from glienicke.dataset.files import SourceText, parse_text, read_file
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.exchange.model import (
    Condition,
    GiveCap,
    Mechanism,
    Party,
    Person,
    Pool,
    Veto,
    Weights,
)

FORMAT_FIELD = "exchange_pool"
FORMAT_VERSION = 1
DEMOS = Path(__file__).resolve().parent.parent / "config" / "exchange"

_TOP = {
    FORMAT_FIELD,
    "key",
    "title",
    "home",
    "as_of",
    "planned",
    "cycle_cap",
    "chain_cap",
    "parties",
    "persons",
    "conditions",
    "vetoes",
    "no_deal",
    "give_caps",
    "together",
    "required",
    "weights",
    "notes",
}
# The order a written pool file gives the fields in (after key and name).
_PERSON_ORDER = (
    "priority",
    "death_sentence",
    "minor",
    "health",
    "wrongful",
    "held_since",
    "intelligence",
    "senior",
    "may_release",
    "goodwill",
    "note",
)
_MECHANISM_ORDER = ("basis", "opens", "closes", "lead_days", "closed_reason", "unusable")
_PERSON = {"key", "name", "held_by", "wanted_by", "mechanisms", *_PERSON_ORDER}
_MECHANISM = {"key", "name", *_MECHANISM_ORDER}
_WEIGHTS = set(Weights.__dataclass_fields__)


def demo_pools() -> dict[str, Path]:
    """The shipped scenarios: name -> file."""
    return {f.stem: f for f in sorted(DEMOS.glob("*.yaml"))}


def read_pool(path: Path) -> Pool:
    """A pool file, or a shipped scenario by its name (`abel-1962`) when no such file exists."""
    if not path.exists() and str(path) in demo_pools():
        demo = demo_pools()[str(path)]
        return pool_from_source(parse_text(demo.read_text(encoding="utf-8"), demo.name, "yaml"))
    return pool_from_source(read_file(path))


def pool_from_text(text: str, name: str = "pool.yaml", fmt: str = "yaml") -> Pool:
    return pool_from_source(parse_text(text, name, fmt))


def pool_from_source(source: SourceText) -> Pool:
    reader = _Reader(source)
    pool = reader.pool()
    if reader.problems or pool is None:
        raise ValidationFailed(reader.problems or [Problem(source.name, "not a pool")])
    return pool


class _Reader:
    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, path: str, message: str) -> None:
        line = self.source.line_of(path)
        place = f"{self.source.name}:{line}" if line else self.source.name
        self.problems.append(Problem(f"{place}: {path}" if path else place, message))

    # -- scalar helpers -------------------------------------------------------------------

    def text(self, data: dict[str, Any], name: str, path: str, required: bool = True) -> str:
        value = data.get(name)
        if value is None:
            if required:
                self.bad(f"{path}.{name}" if path else name, "is required")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.bad(f"{path}.{name}" if path else name, "must be text")
            return ""
        return value.strip()

    def flag(self, data: dict[str, Any], name: str, path: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            self.bad(f"{path}.{name}", "must be true or false")
            return default
        return value

    def day(
        self, data: dict[str, Any], name: str, path: str, required: bool = False
    ) -> date | None:
        where = f"{path}.{name}" if path else name
        value = data.get(name)
        if value is None:
            if required:
                self.bad(where, "is required (a date, YYYY-MM-DD)")
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.bad(where, f"must be a date, YYYY-MM-DD (got {value!r})")
        return None

    def whole(
        self, data: dict[str, Any], name: str, path: str, default: int, least: int, why: str = ""
    ) -> int:
        where = f"{path}.{name}" if path else name
        value = data.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool):
            self.bad(where, "must be a whole number")
            return default
        if value < least:
            self.bad(where, f"must be at least {least}{why} (got {value})")
            return default
        return value

    def number(
        self, data: dict[str, Any], name: str, path: str, default: float, positive: bool = False
    ) -> float:
        where = f"{path}.{name}" if path else name
        value = data.get(name, default)
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.bad(where, "must be a number")
            return default
        if value < 0 or (positive and value == 0):
            self.bad(where, "must be more than 0" if positive else "must be 0 or more")
            return default
        return float(value)

    def items(self, data: dict[str, Any], name: str) -> list[tuple[str, Any]]:
        value = data.get(name, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(name, "must be a list")
            return []
        return [(f"{name}[{i}]", item) for i, item in enumerate(value)]

    def mapping(self, value: Any, path: str, allowed: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(path, "must be a mapping")
            return None
        for field in value:
            if field not in allowed:
                self.bad(f"{path}.{field}" if path else field, "unknown field")
        return value

    # -- the pool -------------------------------------------------------------------------

    def pool(self) -> Pool | None:
        data = self.mapping(self.source.data, "", _TOP)
        if data is None:
            return None
        if data.get(FORMAT_FIELD) != FORMAT_VERSION:
            self.bad(
                FORMAT_FIELD,
                f"must be {FORMAT_VERSION} (this file says {data.get(FORMAT_FIELD)!r})",
            )
        parties = self.parties(data)
        party_keys = {p.key for p in parties}
        side = {p.key: (p.helps or p.key) for p in parties}
        persons = self.persons(data, party_keys, side)
        person_by = {p.key: p for p in persons}
        home = self.text(data, "home", "")
        if home and home not in party_keys:
            self.bad("home", f"no party '{home}' in the pool")
        conditions = self.conditions(data, party_keys, person_by, side)
        vetoes = []
        for path, item in self.items(data, "vetoes"):
            m = self.mapping(item, path, {"party", "person", "reason"})
            if m is None:
                continue
            party = self.party_ref(m, "party", path, party_keys)
            person = self.person_ref(m, "person", path, person_by)
            vetoes.append(Veto(party, person, self.text(m, "reason", path, required=False)))
        no_deal = []
        for path, item in self.items(data, "no_deal"):
            if (
                not isinstance(item, list)
                or len(item) != 2
                or not all(isinstance(x, str) for x in item)
            ):
                self.bad(path, "must be a pair of party keys, [a, b]")
                continue
            for j, key in enumerate(item):
                if key not in party_keys:
                    self.bad(f"{path}[{j}]", f"no party '{key}' in the pool")
            if item[0] == item[1]:
                self.bad(path, "names the same party twice")
            no_deal.append((item[0], item[1]))
        caps = []
        for path, item in self.items(data, "give_caps"):
            m = self.mapping(item, path, {"giver", "receiver", "max"})
            if m is None:
                continue
            giver = self.party_ref(m, "giver", path, party_keys)
            receiver = self.party_ref(m, "receiver", path, party_keys, required=False)
            most = self.whole(
                m, "max", path, 1, 1, "; to give a party nothing, list the pair under no_deal"
            )
            if "max" not in m:
                self.bad(f"{path}.max", "is required")
            caps.append(GiveCap(giver, most, receiver or None))
        together = []
        for path, item in self.items(data, "together"):
            if not isinstance(item, list) or len(item) < 2:
                self.bad(path, "must be a list of at least two person keys")
                continue
            for j, key in enumerate(item):
                if not isinstance(key, str) or key not in person_by:
                    self.bad(f"{path}[{j}]", f"no person {key!r} in the pool")
            together.append(tuple(str(k) for k in item))
        required = []
        for path, key in self.items(data, "required"):
            if not isinstance(key, str) or key not in person_by:
                self.bad(path, f"no person {key!r} in the pool")
            required.append(str(key))
        weights = Weights()
        if data.get("weights") is not None:
            w = self.mapping(data["weights"], "weights", _WEIGHTS)
            if w is not None:
                weights = Weights(
                    **{
                        name: self.number(w, name, "weights", getattr(weights, name))
                        for name in sorted(_WEIGHTS)
                    }
                )
        cycle_cap = self.whole(data, "cycle_cap", "", 3, 2, ": a ring needs two parties")
        chain_cap = self.whole(data, "chain_cap", "", 2, 0)
        as_of = self.day(data, "as_of", "", required=True)
        if self.problems or as_of is None:
            return None
        return Pool(
            key=self.text(data, "key", ""),
            title=self.text(data, "title", "", required=False),
            home=home,
            as_of=as_of,
            planned=self.day(data, "planned", ""),
            parties=tuple(parties),
            persons=tuple(persons),
            conditions=tuple(conditions),
            vetoes=tuple(vetoes),
            no_deal=tuple(no_deal),
            give_caps=tuple(caps),
            together=tuple(together),
            required=tuple(required),
            cycle_cap=cycle_cap,
            chain_cap=chain_cap,
            weights=weights,
            notes=self.text(data, "notes", "", required=False),
        )

    def party_ref(
        self, data: dict[str, Any], name: str, path: str, keys: set[str], required: bool = True
    ) -> str:
        key = self.text(data, name, path, required)
        if key and key not in keys:
            self.bad(f"{path}.{name}", f"no party '{key}' in the pool")
        return key

    def person_ref(
        self, data: dict[str, Any], name: str, path: str, persons: dict[str, Person]
    ) -> str:
        key = self.text(data, name, path)
        if key and key not in persons:
            self.bad(f"{path}.{name}", f"no person '{key}' in the pool")
        return key

    def parties(self, data: dict[str, Any]) -> list[Party]:
        parties: list[Party] = []
        seen: set[str] = set()
        raw = self.items(data, "parties")
        if not raw:
            self.bad("parties", "at least two parties are needed")
        for path, item in raw:
            m = self.mapping(item, path, {"key", "name", "helps"})
            if m is None:
                continue
            key = self.text(m, "key", path)
            if key in seen:
                self.bad(f"{path}.key", f"party '{key}' is listed twice")
            seen.add(key)
            parties.append(
                Party(key, self.text(m, "name", path, required=False) or key, m.get("helps"))
            )
        keys = {p.key for p in parties}
        helps = {p.key: p.helps for p in parties}
        for (path, _), p in zip(raw, parties, strict=False):
            if p.helps is None:
                continue
            if not isinstance(p.helps, str) or p.helps not in keys:
                self.bad(f"{path}.helps", f"no party {p.helps!r} in the pool")
            elif p.helps == p.key:
                self.bad(f"{path}.helps", "a party cannot help itself")
            elif helps.get(p.helps):
                self.bad(
                    f"{path}.helps",
                    f"'{p.helps}' is itself a partner of '{helps[p.helps]}'; name the party it helps directly",
                )
        return parties

    def persons(
        self, data: dict[str, Any], parties: set[str], side: dict[str, str]
    ) -> list[Person]:
        persons: list[Person] = []
        seen: set[str] = set()
        for path, item in self.items(data, "persons"):
            m = self.mapping(item, path, _PERSON)
            if m is None:
                continue
            key = self.text(m, "key", path)
            if key in seen:
                self.bad(f"{path}.key", f"person '{key}' is listed twice")
            seen.add(key)
            held = self.party_ref(m, "held_by", path, parties)
            wanted = self.party_ref(m, "wanted_by", path, parties)
            if held in side and wanted in side and side[held] == side[wanted]:
                self.bad(
                    f"{path}.wanted_by",
                    f"'{wanted}' is on the same side as the holder '{held}': no exchange is needed",
                )
            mechanisms = []
            for j, raw in enumerate(m.get("mechanisms") or []):
                mp = f"{path}.mechanisms[{j}]"
                mm = self.mapping(raw, mp, _MECHANISM)
                if mm is None:
                    continue
                mechanisms.append(
                    Mechanism(
                        key=self.text(mm, "key", mp),
                        name=self.text(mm, "name", mp),
                        basis=self.text(mm, "basis", mp, required=False),
                        opens=self.day(mm, "opens", mp),
                        closes=self.day(mm, "closes", mp),
                        lead_days=self.whole(mm, "lead_days", mp, 0, 0),
                        closed_reason=self.text(mm, "closed_reason", mp, required=False),
                        unusable=self.text(mm, "unusable", mp, required=False),
                    )
                )
            if m.get("mechanisms") is not None and not isinstance(m.get("mechanisms"), list):
                self.bad(f"{path}.mechanisms", "must be a list")
            persons.append(
                Person(
                    key=key,
                    name=self.text(m, "name", path, required=False) or key,
                    held_by=held,
                    wanted_by=wanted,
                    priority=self.number(m, "priority", path, 1.0, positive=True),
                    death_sentence=self.flag(m, "death_sentence", path, False),
                    minor=self.flag(m, "minor", path, False),
                    health=self.flag(m, "health", path, False),
                    wrongful=self.flag(m, "wrongful", path, False),
                    held_since=self.day(m, "held_since", path),
                    intelligence=self.flag(m, "intelligence", path, False),
                    senior=self.flag(m, "senior", path, False),
                    may_release=self.flag(m, "may_release", path, True),
                    goodwill=self.flag(m, "goodwill", path, False),
                    mechanisms=tuple(mechanisms),
                    note=self.text(m, "note", path, required=False),
                )
            )
        return persons

    def conditions(
        self,
        data: dict[str, Any],
        parties: set[str],
        persons: dict[str, Person],
        side: dict[str, str],
    ) -> list[Condition]:
        found: list[Condition] = []
        for path, item in self.items(data, "conditions"):
            m = self.mapping(item, path, {"party", "releases", "only_if_gets"})
            if m is None:
                continue
            party = self.party_ref(m, "party", path, parties)
            releases = self.person_ref(m, "releases", path, persons)
            gets_raw = m.get("only_if_gets")
            if isinstance(gets_raw, str):
                gets_raw = [gets_raw]
            if not isinstance(gets_raw, list) or not gets_raw:
                self.bad(f"{path}.only_if_gets", "must name at least one person")
                continue
            x = persons.get(releases)
            if (
                x is not None
                and party in side
                and x.held_by != party
                and side.get(x.held_by) != party
            ):
                self.bad(
                    f"{path}.releases", f"'{releases}' is held by '{x.held_by}', not by '{party}'"
                )
            gets: list[str] = []
            for j, key in enumerate(gets_raw):
                where = f"{path}.only_if_gets[{j}]"
                if not isinstance(key, str) or key not in persons:
                    self.bad(where, f"no person {key!r} in the pool")
                    continue
                y = persons[key]
                if key == releases:
                    self.bad(
                        where,
                        f"circular condition: '{party}' would release '{key}' only if it gets '{key}'",
                    )
                elif party in side and side.get(y.held_by) == side[party]:
                    self.bad(
                        where,
                        f"circular condition: '{key}' is held by '{y.held_by}', on the same side as '{party}', so '{party}' would wait on its own release",
                    )
                elif party in side and side.get(y.wanted_by) != side[party]:
                    self.bad(where, f"'{key}' is wanted by '{y.wanted_by}', not by '{party}'s side")
                gets.append(key)
            found.append(Condition(party, releases, tuple(gets)))
        return found


def pool_to_plain(pool: Pool) -> dict[str, Any]:
    """The pool as a pool file's data: what `read_pool` reads back to an equal pool. Fields at
    their defaults are left out, so a written file reads like a hand-written one."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value is not None else None

    def trimmed(fields: dict[str, Any], defaults: Any) -> dict[str, Any]:
        return {
            k: v
            for k, v in fields.items()
            if v is not None and v != "" and v != () and v != getattr(defaults, k, object())
        }

    person_defaults = Person(key="", name="", held_by="", wanted_by="")
    mechanism_defaults = Mechanism(key="", name="")
    plain: dict[str, Any] = {
        FORMAT_FIELD: FORMAT_VERSION,
        "key": pool.key,
        "title": pool.title,
        "home": pool.home,
        "as_of": pool.as_of.isoformat(),
        "planned": day(pool.planned),
        "cycle_cap": pool.cycle_cap,
        "chain_cap": pool.chain_cap,
        "notes": pool.notes or None,
        "parties": [
            trimmed({"key": p.key, "name": p.name, "helps": p.helps}, None) for p in pool.parties
        ],
        "persons": [],
    }
    for person in pool.persons:
        fields = {name: getattr(person, name) for name in _PERSON if name != "mechanisms"}
        fields["held_since"] = day(person.held_since)
        entry = trimmed(fields, person_defaults)
        entry.update(
            key=person.key, name=person.name, held_by=person.held_by, wanted_by=person.wanted_by
        )
        mechanisms = []
        for m in person.mechanisms:
            shown = {name: getattr(m, name) for name in _MECHANISM_ORDER}
            shown["opens"], shown["closes"] = day(m.opens), day(m.closes)
            mechanisms.append({"key": m.key, "name": m.name} | trimmed(shown, mechanism_defaults))
        if mechanisms:
            entry["mechanisms"] = mechanisms
        plain["persons"].append(entry)
    if pool.conditions:
        plain["conditions"] = [
            {"party": c.party, "releases": c.releases, "only_if_gets": list(c.gets)}
            for c in pool.conditions
        ]
    if pool.vetoes:
        plain["vetoes"] = [
            trimmed({"party": v.party, "person": v.person, "reason": v.reason}, None)
            for v in pool.vetoes
        ]
    if pool.no_deal:
        plain["no_deal"] = [list(pair) for pair in pool.no_deal]
    if pool.give_caps:
        plain["give_caps"] = [
            trimmed({"giver": c.giver, "receiver": c.receiver, "max": c.max}, None)
            for c in pool.give_caps
        ]
    if pool.together:
        plain["together"] = [list(group) for group in pool.together]
    if pool.required:
        plain["required"] = list(pool.required)
    if pool.weights != Weights():
        plain["weights"] = dataclasses.asdict(pool.weights)
    return {k: v for k, v in plain.items() if v is not None}
