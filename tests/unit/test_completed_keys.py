"""The key a signed-in writer's new record is stored under (security.writes.completed_key)."""

from __future__ import annotations

from collections.abc import Iterator

from glienicke.domain.fields import key_problem
from glienicke.security.writes import ENDING_ALPHABET, completed_key


def _drawn(letters: str) -> Iterator[str]:
    yield from letters


def test_a_key_is_completed_with_an_ending_from_the_unmistakable_alphabet() -> None:
    key = completed_key("case-novak", lambda _k: False)
    stem, ending = key.rsplit("-", 1)
    assert stem == "case-novak" and len(ending) == 4
    assert set(ending) <= set(ENDING_ALPHABET) and not set(ending) & set("01ilo")
    assert key_problem(key) is None


def test_an_ending_is_drawn_again_while_the_completed_key_is_taken() -> None:
    letters = _drawn("22223333")
    taken = {"case-novak-2222"}
    key = completed_key("case-novak", taken.__contains__, draw=lambda _a: next(letters))
    assert key == "case-novak-3333"


def test_two_completions_of_one_key_differ() -> None:
    keys = {completed_key("p", lambda _k: False) for _ in range(50)}
    assert len(keys) > 45  # 31**4 endings: a repeat in 50 draws is about 1 in 1,800
