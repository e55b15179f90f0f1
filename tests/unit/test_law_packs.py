"""One test per mechanism and pack, each naming the case or statute it encodes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, Jurisdiction, Sentence, Stage, StageKind
from glienicke.law.evaluator import Status, evaluate
from glienicke.law.model import LawPack, choose_pack
from glienicke.services.law import BUILTIN_PACKS, read_packs

PACKS = {p.key: p for p in read_packs([BUILTIN_PACKS])}
S = StageKind


def held(state: str, *stages: tuple[StageKind, str], sentence: Sentence | None = None) -> Detention:
    return Detention(
        key="d",
        person="p",
        held_by=state,
        stages=[Stage(stage=k, date=PartialDate.parse(d)) for k, d in stages],
        sentence=sentence,
    )


def status(pack: str, detention: Detention, as_of: str, mechanism: str) -> tuple[Status, str]:
    windows = evaluate(detention, PACKS[pack], date.fromisoformat(as_of))
    window = next(w for w in windows.windows if w.key == mechanism)
    return window.status, window.explanation


SENTENCED_1950 = held(
    "us",
    (S.ARRESTED, "1950-01-10"),
    (S.CHARGED, "1950-02-01"),
    (S.CONVICTED, "1950-06-01"),
    (S.SENTENCED, "1950-07-01"),
    sentence=Sentence(term_months=60, imposed_on=PartialDate.parse("1950-07-01")),
)
SERVING_1950 = held(
    "us",
    (S.ARRESTED, "1950-01-10"),
    (S.CONVICTED, "1950-06-01"),
    (S.SENTENCED, "1950-07-01"),
    (S.SERVING, "1950-07-15"),
    sentence=Sentence(term_months=60, imposed_on=PartialDate.parse("1950-07-01")),
)
SERVING_1990 = held(
    "us",
    (S.ARRESTED, "1990-01-10"),
    (S.CONVICTED, "1990-06-01"),
    (S.SENTENCED, "1990-07-01"),
    (S.SERVING, "1990-07-15"),
    sentence=Sentence(term_months=120, imposed_on=PartialDate.parse("1990-07-01")),
)


@pytest.mark.parametrize(
    ("pack", "detention", "as_of", "mechanism", "expected", "cites"),
    [
        # Fed. R. Crim. P. 48(a): dismissal until conviction.
        ("us-federal-1925-1987", SENTENCED_1950, "1950-03-01", "dismissal", Status.OPEN, "48(a)"),
        ("us-federal-1925-1987", SENTENCED_1950, "1950-08-01", "dismissal", Status.CLOSED, "48(a)"),
        # Plea agreement (Rule 11): until sentencing.
        ("us-federal-1925-1987", SENTENCED_1950, "1950-06-15", "plea-removal", Status.OPEN, "plea"),
        (
            "us-federal-1925-1987",
            SENTENCED_1950,
            "1950-07-02",
            "plea-removal",
            Status.CLOSED,
            "Fed. R. Crim. P. 11",
        ),
        # United States v. Murray, 275 U.S. 347 (1928): not once service has begun.
        (
            "us-federal-1925-1987",
            SENTENCED_1950,
            "1950-07-10",
            "probation",
            Status.OPEN,
            "Probation Act",
        ),
        ("us-federal-1925-1987", SERVING_1950, "1950-08-01", "probation", Status.CLOSED, "Murray"),
        # Probation Act of 1925: suspended sentence and expulsion only until sentencing.
        (
            "us-federal-1925-1987",
            SENTENCED_1950,
            "1950-06-15",
            "suspended-sentence-expulsion",
            Status.OPEN,
            "Probation Act",
        ),
        (
            "us-federal-1925-1987",
            SENTENCED_1950,
            "1950-07-02",
            "suspended-sentence-expulsion",
            Status.CLOSED,
            "1259",
        ),
        # Fed. R. Crim. P. 35 (1946): a limited period after judgment.
        (
            "us-federal-1925-1987",
            SENTENCED_1950,
            "1950-08-01",
            "rule35",
            Status.OPEN,
            "Fed. R. Crim. P. 35",
        ),
        (
            "us-federal-1925-1987",
            SENTENCED_1950,
            "1951-03-01",
            "rule35",
            Status.CLOSED,
            "Fed. R. Crim. P. 35",
        ),
        # Parole Act of 1910: eligible after a third of the term.
        (
            "us-federal-1925-1987",
            SERVING_1950,
            "1951-01-01",
            "parole",
            Status.NOT_YET,
            "Parole Act",
        ),
        ("us-federal-1925-1987", SERVING_1950, "1952-09-01", "parole", Status.OPEN, "Parole Act"),
        # U.S. Const. art. II, s. 2; Ex parte Garland: a pardon at any time after the offence.
        ("us-federal-1925-1987", SERVING_1950, "1952-01-01", "pardon", Status.OPEN, "Garland"),
        # Commutation needs a sentence (art. II; Schick v. Reed came only in 1974).
        (
            "us-federal-1925-1987",
            held("us", (S.ARRESTED, "1950-01-10")),
            "1950-02-01",
            "commutation",
            Status.NOT_YET,
            "art. II",
        ),
        # 18 U.S.C. 3561(a): probation is a sentence, imposed at sentencing.
        ("us-federal-1987-", SERVING_1990, "1990-08-01", "probation", Status.CLOSED, "3561"),
        # Fed. R. Crim. P. 35(b): a year after sentencing.
        ("us-federal-1987-", SERVING_1990, "1991-01-01", "rule35", Status.OPEN, "35(b)"),
        ("us-federal-1987-", SERVING_1990, "1991-08-01", "rule35", Status.CLOSED, "35(b)"),
        # 18 U.S.C. 3582(c)(1)(A): until the term ends.
        (
            "us-federal-1987-",
            SERVING_1990,
            "1995-01-01",
            "compassionate-release",
            Status.OPEN,
            "3582",
        ),
        # 8 U.S.C. 1231(a)(4)(B): from 1996.
        ("us-federal-1987-", SERVING_1990, "1997-01-01", "early-removal", Status.OPEN, "1231"),
        # Treaty transfer closes with fewer than six months left.
        ("us-federal-1987-", SERVING_1990, "1999-01-01", "treaty-transfer", Status.OPEN, "4100"),
        (
            "us-federal-1987-",
            SERVING_1990,
            "2000-03-01",
            "treaty-transfer",
            Status.CLOSED,
            "six months",
        ),
        ("us-federal-1987-", SERVING_1990, "2001-01-01", "pardon", Status.OPEN, "art. II"),
        ("us-federal-1987-", SERVING_1990, "2001-01-01", "commutation", Status.OPEN, "Schick"),
        # USSR: the Presidium's pardon at any stage (1936 Constitution, art. 49).
        (
            "ussr",
            held("ussr", (S.ARRESTED, "1940-01-10"), (S.CONDEMNED_TO_DEATH, "1940-09-01")),
            "1941-02-21",
            "presidium-pardon",
            Status.OPEN,
            "art. 49",
        ),
        (
            "ussr",
            held("ussr", (S.ARRESTED, "1940-01-10")),
            "1941-02-21",
            "exit-permission",
            Status.OPEN,
            "practice",
        ),
        (
            "ussr",
            held("ussr", (S.ARRESTED, "1940-01-10"), (S.RELEASED, "1941-04-01")),
            "1941-05-01",
            "presidium-pardon",
            Status.CLOSED,
            "no longer held",
        ),
        # StPO s. 456a: from a final sentence.
        (
            "germany",
            held(
                "germany",
                (S.ARRESTED, "1980-01-10"),
                (S.CONVICTED, "1980-06-01"),
                (S.SENTENCED, "1980-07-01"),
                sentence=Sentence(term_months=36),
            ),
            "1980-08-01",
            "refrain-enforcement",
            Status.OPEN,
            "456a",
        ),
        (
            "germany",
            held("germany", (S.ARRESTED, "1980-01-10")),
            "1980-02-01",
            "refrain-enforcement",
            Status.NOT_YET,
            "456a",
        ),
        # Basic Law art. 60(2): for sentences passed in federal jurisdiction.
        (
            "germany",
            replace(
                held(
                    "germany",
                    (S.ARRESTED, "1980-01-10"),
                    (S.CONVICTED, "1980-06-01"),
                    (S.SENTENCED, "1980-07-01"),
                ),
                jurisdiction=Jurisdiction.FEDERAL,
            ),
            "1980-08-01",
            "federal-pardon",
            Status.OPEN,
            "art. 60",
        ),
    ],
)
def test_mechanism(
    pack: str, detention: Detention, as_of: str, mechanism: str, expected: Status, cites: str
) -> None:
    found, explanation = status(pack, detention, as_of, mechanism)
    assert found is expected, explanation
    assert cites in explanation, explanation  # every explanation cites its basis


def test_probation_is_never_for_a_death_sentence() -> None:
    condemned = held(
        "us",
        (S.ARRESTED, "1950-01-10"),
        (S.CONVICTED, "1950-06-01"),
        sentence=Sentence(death=True),
    )
    found, explanation = status("us-federal-1925-1987", condemned, "1950-06-10", "probation")
    assert found is Status.CLOSED and "the sentence is death" in explanation


@pytest.mark.parametrize(
    ("state", "day", "expected"),
    [
        ("us", "1941-02-21", "us-federal-1925-1987"),
        ("us", "1987-10-31", "us-federal-1925-1987"),
        ("us", "1987-11-01", "us-federal-1987-"),
        ("ussr", "1941-02-21", "ussr"),
        ("germany", "1980-01-01", "germany"),
        ("de", "1980-01-01", "germany"),
        ("germany", "1940-01-01", None),
        ("fr", "1980-01-01", None),
    ],
)
def test_the_pack_is_chosen_by_state_and_date(state: str, day: str, expected: str | None) -> None:
    packs: list[LawPack] = list(PACKS.values())
    chosen = choose_pack(packs, state, date.fromisoformat(day))
    assert (chosen.key if chosen else None) == expected


def test_every_pack_covers_the_catalogue() -> None:
    catalogue = {
        "us-federal-1925-1987": {
            "dismissal",
            "plea-removal",
            "probation",
            "suspended-sentence-expulsion",
            "parole",
            "pardon",
            "commutation",
            "rule35",
            "treaty-transfer",
        },
        "us-federal-1987-": {
            "dismissal",
            "plea-removal",
            "probation",
            "pardon",
            "commutation",
            "rule35",
            "compassionate-release",
            "early-removal",
            "treaty-transfer",
        },
        "ussr": {"presidium-pardon", "exit-permission"},
        "germany": {"refrain-enforcement", "federal-pardon"},
    }
    for key, mechanisms in catalogue.items():
        assert mechanisms <= {m.key for m in PACKS[key].mechanisms}, key
