"""A pool written out reads back as the same pool: the record's pool saved for what-if work."""

from __future__ import annotations

from datetime import date

import pytest

from glienicke.dataset.files import SourceText
from glienicke.dataset.pools import demo_pools, pool_from_source, pool_to_plain, read_pool
from glienicke.exchange.model import Mechanism, Party, Person, Pool, usable


@pytest.mark.parametrize("name", sorted(demo_pools()))
def test_every_shipped_scenario_round_trips(name: str) -> None:
    pool = read_pool(demo_pools()[name])
    again = pool_from_source(SourceText("written", pool_to_plain(pool)))
    assert again == pool


def test_a_mechanism_that_cannot_be_used_says_why_and_round_trips() -> None:
    never = Mechanism("parole", "parole", unusable="not yet open: no sentence on record")
    pool = Pool(
        key="p",
        title="t",
        home="us",
        as_of=date(1964, 12, 1),
        parties=(Party("us", "Us"), Party("them", "Them")),
        persons=(Person("x", "X", held_by="us", wanted_by="them", mechanisms=(never,)),),
    )
    verdict = usable(never, pool.as_of, None)
    assert not verdict.ok and verdict.reason == "parole: not yet open: no sentence on record"
    plain = pool_to_plain(pool)
    assert plain["persons"][0]["mechanisms"][0]["unusable"].startswith("not yet open")
    assert pool_from_source(SourceText("written", plain)) == pool
