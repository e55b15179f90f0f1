"""An independent check of a package against every rule of its pool.

It reads the pool itself (not the compiled problem), so a mistake in compiling or solving shows
up here as a broken rule. Used by the engine on every package it returns, and by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from glienicke.exchange.model import Pool, usable


@dataclass(frozen=True)
class Leg:
    """A ring (parties P1..Pk, back to P1) or chain (P0..Pm), with the persons released on it."""

    kind: str
    parties: tuple[str, ...]
    persons: tuple[str, ...]


def violations(pool: Pool, legs: list[Leg], cycle_cap: int, chain_cap: int) -> list[str]:
    """Every rule the package breaks; empty when it keeps them all."""
    found: list[str] = []
    released: list[str] = [p for leg in legs for p in leg.persons]
    chosen = set(released)
    if len(chosen) != len(released):
        found.append("a person is released twice")
    keys = {p.key for p in pool.persons}
    for key in sorted(chosen - keys):
        found.append(f"{key} is not in the pool")
    chosen &= keys
    no_deal = {frozenset(pair) for pair in pool.no_deal}
    for key in sorted(chosen):
        p = pool.person(key)
        if not p.may_release:
            found.append(f"{key}: its holder does not release them")
        if any(v.person == key for v in pool.vetoes):
            found.append(f"{key}: vetoed")
        if not any(usable(m, pool.as_of, pool.planned).ok for m in p.mechanisms):
            found.append(f"{key}: no usable mechanism")
        for g in {p.held_by, pool.side(p.held_by)}:
            for r in {p.wanted_by, pool.side(p.wanted_by)}:
                if frozenset((g, r)) in no_deal:
                    found.append(f"{key}: {g} and {r} will not deal")
    for c in pool.conditions:
        if c.releases in chosen:
            for y in c.gets:
                if y not in chosen:
                    found.append(f"condition broken: {c.releases} without {y}")
    for group in pool.together:
        if 0 < len(set(group) & chosen) < len(group):
            found.append(f"together broken: {', '.join(group)}")
    for key in pool.required:
        if key not in chosen:
            found.append(f"required {key} missing")
    for cap in pool.give_caps:
        n = 0
        for key in chosen:
            p = pool.person(key)
            by = p.held_by == cap.giver or pool.party(p.held_by).helps == cap.giver
            to = cap.receiver is None or pool.side(p.wanted_by) == pool.side(cap.receiver)
            n += by and to
        if n > cap.max:
            found.append(f"cap broken: {cap.giver} gives {n} > {cap.max}")
    on_link: dict[tuple[str, str], list[str]] = {}
    for key in sorted(chosen):
        p = pool.person(key)
        on_link.setdefault((pool.side(p.held_by), pool.side(p.wanted_by)), []).append(key)
    for leg in legs:
        found += _leg(pool, leg, on_link, cycle_cap, chain_cap)
    return found


def _leg(
    pool: Pool,
    leg: Leg,
    on_link: dict[tuple[str, str], list[str]],
    cycle_cap: int,
    chain_cap: int,
) -> list[str]:
    """A leg's own releases lie on its links; every link carries someone released in the
    package (several legs may share a link, as chains may share their first steps)."""
    found: list[str] = []
    parties = leg.parties
    if leg.kind == "ring":
        links = [(parties[i], parties[(i + 1) % len(parties)]) for i in range(len(parties))]
        if not 2 <= len(parties) <= cycle_cap:
            found.append(f"ring {parties}: {len(parties)} parties, cap {cycle_cap}")
        if len(set(parties)) != len(parties):
            found.append(f"ring {parties}: a party appears twice")
    elif leg.kind == "chain":
        links = [(parties[i], parties[i + 1]) for i in range(len(parties) - 1)]
        if not 1 <= len(links) <= chain_cap:
            found.append(f"chain {parties}: {len(links)} releases, cap {chain_cap}")
    else:
        return [f"unknown kind {leg.kind}"]
    keys = {p.key for p in pool.persons}
    for key in leg.persons:
        if key not in keys:
            continue
        p = pool.person(key)
        link = (pool.side(p.held_by), pool.side(p.wanted_by))
        if link not in links:
            found.append(f"{key}: released along {link}, which is not a link of {parties}")
        elif leg.kind == "chain" and link == links[0] and link not in links[1:] and not p.goodwill:
            found.append(f"chain {parties}: {key} is given at its start without a return")
    for link in links:
        if not on_link.get(link):
            found.append(f"{leg.kind} {parties}: nobody is released along {link}")
    if leg.kind == "chain" and links:
        first = on_link.get(links[0], [])
        if not any(pool.person(k).goodwill for k in first):
            found.append(f"chain {parties}: it does not start with a goodwill release")
    return found
