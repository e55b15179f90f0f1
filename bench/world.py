"""A generated world for the load benchmark, written straight into a migrated database.

    uv run python bench/world.py sqlite:////tmp/bench/world.sqlite
    uv run python bench/world.py postgresql://postgres@127.0.0.1:5432/glienicke_bench \\
        --persons 100000 --documents 1000000 --proposals 10000

What it holds (defaults): 100,000 persons, of whom 20,000 (two per proposal) are detainees
with a detention each (arrest to sentence and beyond; 3% still held today, the rest released,
exchanged or expelled decades ago) and a case each (open while the detention lasts); 10,000
proposals, each trading a national held by the Soviet Union for a Soviet national held by the
United States, with give and get items, a condition, three or four clearance steps (answered,
or awaiting an answer while the proposal is worked) and, once agreed, a commitment for each
side; 1,000,000 documents (telegrams, memoranda, letters), fifty per case on average, each
linked to its case and subject, one in five to its proposal, with a short body from the
vocabulary of bench/corpus.py (so its QUERY_MIX finds what it finds there) and the search
index entries the importer writes. One case in a hundred is restricted to a group, and
classifications run from unclassified to top secret, so visibility has work to do.

Records are domain objects, written by `store.bulk` (the path the importer files documents
by) with one multi-row insert per table, so the rows are exactly what the repository would
store; only the audit trail is left out (a fixture, not a history). Everything is a function
of the seed.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import corpus  # bench/corpus.py: the script's folder is on the path
from sqlalchemy import text
from sqlalchemy.orm import Session

from glienicke.domain import cases as c
from glienicke.domain import detention as d
from glienicke.domain import documents as doc
from glienicke.domain import people as p
from glienicke.domain import proposals as pr
from glienicke.domain.dates import PartialDate
from glienicke.services.database import Database
from glienicke.settings import load_settings, search_folder
from glienicke.store.bulk import file_documents, insert_records

BATCH = 5_000


STATES = [
    p.State(key="us", name="United States of America"),
    p.State(key="ussr", name="Union of Soviet Socialist Republics", valid_to=PartialDate(1991)),
]
OFFICES = [
    ("us-president", "President of the United States", None),
    ("us-secretary-of-state", "Secretary of State", "us-president"),
    ("us-state-eur", "Bureau of European Affairs", "us-secretary-of-state"),
    ("us-state-scs", "Office of Special Consular Services", "us-secretary-of-state"),
    ("us-attorney-general", "Attorney General", "us-president"),
    ("us-fbi", "Federal Bureau of Investigation", "us-attorney-general"),
    ("us-embassy-moscow", "Embassy in Moscow", "us-secretary-of-state"),
]
CLASSIFICATIONS = [doc.Classification.UNCLASSIFIED] * 5 + [
    doc.Classification.CONFIDENTIAL,
    doc.Classification.CONFIDENTIAL,
    doc.Classification.SECRET,
    doc.Classification.SECRET,
    doc.Classification.TOP_SECRET,
]
KINDS = [doc.DocumentKind.TELEGRAM] * 5 + [
    doc.DocumentKind.MEMORANDUM,
    doc.DocumentKind.MEMORANDUM,
    doc.DocumentKind.LETTER,
    doc.DocumentKind.MEMORANDUM_OF_CONVERSATION,
]
ENDINGS = [d.StageKind.RELEASED, d.StageKind.EXCHANGED, d.StageKind.EXPELLED]
LIVE_SHARE = 0.03
GROUP = "bench-team"  # the benchmark's reader is not in it: restricted cases stay hidden


@dataclass(frozen=True)
class Size:
    persons: int
    documents: int
    proposals: int

    @property
    def detainees(self) -> int:
        return 2 * self.proposals


def _day(year: int, ordinal: int) -> PartialDate:
    month, day = 1 + ordinal % 12, 1 + ordinal % 28
    return PartialDate(year, month, day)


@dataclass
class _Pair:
    """Two detentions traded against each other: ours held in Moscow, theirs held here."""

    index: int
    live: bool
    year: int


class World:
    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        people = [*corpus.DETAINEES, *corpus.HOME]
        self.surnames = sorted({person.surname for person in people})
        self.forenames = sorted({person.forenames for person in people})
        rng = self.rng
        self.pairs = [
            _Pair(i, rng.random() < LIVE_SHARE, 1930 + int(rng.random() * 60))
            for i in range(size.proposals)
        ]
        for pair in self.pairs:
            if pair.live:
                pair.year = 2023 + int(rng.random() * 3)
        self.names = [self._name(i) for i in range(size.persons)]
        self.paragraphs = [
            [text.replace(corpus.SEP, " ") for text in group]
            for group in corpus._world().paragraphs
        ]
        self.officials = list(range(size.detainees, min(size.persons, size.detainees + 200)))

    def _name(self, i: int) -> str:
        surname = self.surnames[i % len(self.surnames)]
        forename = self.forenames[(i // len(self.surnames)) % len(self.forenames)]
        return f"{forename} {surname}" + ("" if i < 4000 else f" ({i})")

    # --- records ---------------------------------------------------------------------------

    def persons(self) -> Iterator[p.Person]:
        for i, name in enumerate(self.names):
            theirs = i < self.size.detainees and i % 2 == 1
            yield p.Person(
                key=f"p{i:06d}",
                name=name,
                nationalities=["ussr" if theirs else "us"],
                birth_year=1890 + i % 60,
                aliases=[name.split()[-1]] if i % 3 == 0 else [],
            )

    def offices(self) -> list[p.Office]:
        return [p.Office(key=k, title=t, state="us", parent=up) for k, t, up in OFFICES]

    def tenures(self) -> list[p.Tenure]:
        found = []
        for n, official in enumerate(self.officials):
            office = OFFICES[n % len(OFFICES)][0]
            start = 1925 + (n // len(OFFICES)) * 4 % 100
            found.append(
                p.Tenure(
                    key=f"t{n:04d}",
                    office=office,
                    person=f"p{official:06d}",
                    start=PartialDate(start, 1, 20),
                    end=PartialDate(start + 4, 1, 20),
                )
            )
        return found

    def detention(self, pair: _Pair, side: int) -> d.Detention:
        i = 2 * pair.index + side
        year, rng = pair.year, self.rng
        stages = [
            d.Stage(stage=d.StageKind.ARRESTED, date=_day(year, i)),
            d.Stage(stage=d.StageKind.CHARGED, date=PartialDate(year, 1 + i % 12, 28)),
        ]
        sentence = None
        later = year + 1
        if not pair.live or rng.random() < 0.6:
            stages.append(d.Stage(stage=d.StageKind.CONVICTED, date=PartialDate(later, 3, 1)))
            stages.append(d.Stage(stage=d.StageKind.SENTENCED, date=PartialDate(later, 3, 15)))
            sentence = d.Sentence(term_months=24 + i % 120, imposed_on=PartialDate(later, 3, 15))
            stages.append(d.Stage(stage=d.StageKind.SERVING, date=PartialDate(later, 4, 1)))
        if not pair.live:
            ending = ENDINGS[i % len(ENDINGS)]
            stages.append(d.Stage(stage=ending, date=PartialDate(later + 2, 6, 1)))
        return d.Detention(
            key=f"d{i:06d}",
            person=f"p{i:06d}",
            held_by="us" if side else "ussr",
            place="Lefortovo prison, Moscow" if side == 0 else "Federal prison, Atlanta",
            since=stages[0].date,
            charges=[d.Charge(offence="espionage" if i % 3 else "currency offences")],
            stages=stages,
            sentence=sentence,
        )

    def case(self, pair: _Pair, side: int) -> c.Case:
        i = 2 * pair.index + side
        restricted = i % 100 == 7
        return c.Case(
            key=f"c{i:06d}",
            title=f"{self.names[i]} ({'held in Moscow' if side == 0 else 'held by us'})",
            subjects=[
                c.CaseSubject(
                    person=f"p{i:06d}",
                    basis=c.Basis.NATIONAL if side == 0 else c.Basis.FOREIGN_NATIONAL,
                    detention=f"d{i:06d}",
                )
            ],
            priority=c.Priority.HIGH if i % 10 == 0 else c.Priority.NORMAL,
            officer=f"officer-{i % 40}",
            status=c.CaseStatus.OPEN if pair.live else c.CaseStatus.CLOSED,
            opened_on=_day(pair.year, i),
            closed_on=None if pair.live else PartialDate(pair.year + 3, 6, 2),
            outcome=None if pair.live else "came home",
            classification=CLASSIFICATIONS[i % len(CLASSIFICATIONS)],
            restricted_to=[GROUP] if restricted else [],
        )

    def proposal(self, pair: _Pair) -> pr.Proposal:
        ours, theirs = 2 * pair.index, 2 * pair.index + 1
        status = (
            [pr.ProposalStatus.DRAFT, pr.ProposalStatus.IN_CLEARANCE, pr.ProposalStatus.AGREED][
                pair.index % 3
            ]
            if pair.live
            else [pr.ProposalStatus.COMPLETED, pr.ProposalStatus.FAILED][pair.index % 5 == 0]
        )
        return pr.Proposal(
            key=f"x{pair.index:05d}",
            title=f"{self.names[ours]} for {self.names[theirs]}",
            counterparts=["ussr"],
            origin=pr.Origin.THEIR_DEMARCHE,
            sequencing=pr.Sequencing.SIMULTANEOUS,
            status=status,
            opened_on=PartialDate(pair.year + 1, 5, 1),
            cases=[f"c{ours:06d}", f"c{theirs:06d}"],
            items=[
                pr.ProposalItem(
                    key=side.value,
                    side=side,
                    kind=pr.ItemKind.RELEASE,
                    person=f"p{who:06d}",
                    mechanism=how,
                )
                for side, who, how in (
                    (pr.Side.GET, ours, "presidium-pardon"),
                    (pr.Side.GIVE, theirs, "probation"),
                )
            ],
            conditions=[pr.Condition(key="leave", text="leaves the country at once", item="give")],
            summary="An exchange of one detainee for another.",
            classification=CLASSIFICATIONS[pair.index % len(CLASSIFICATIONS)],
        )

    def steps(self, pair: _Pair, proposal: pr.Proposal) -> list[pr.ClearanceStep]:
        asked = PartialDate(pair.year + 1, 6, 1)
        plan = [
            (pr.StepKind.RECOMMENDATION, "us-state-eur", "us-secretary-of-state"),
            (pr.StepKind.CONCURRENCE, "us-secretary-of-state", "us-attorney-general"),
            (pr.StepKind.DECISION, "us-secretary-of-state", "us-president"),
        ]
        if pair.index % 2:
            plan.insert(1, (pr.StepKind.CONSULTATION, "us-state-eur", "us-fbi"))
        found = []
        for n, (kind, asking, asked_office) in enumerate(plan):
            open_step = proposal.status in (pr.ProposalStatus.DRAFT, pr.ProposalStatus.IN_CLEARANCE)
            answered = not open_step or n == 0
            found.append(
                pr.ClearanceStep(
                    key=f"{proposal.key}-s{n}",
                    proposal=proposal.key,
                    kind=kind,
                    from_office=asking,
                    to_office=asked_office,
                    item="give" if kind is pr.StepKind.CONCURRENCE else None,
                    requested_on=asked,
                    due=PartialDate(pair.year + 1, 7, 1),
                    answer=(
                        (pr.Answer.DECIDED if kind is pr.StepKind.DECISION else pr.Answer.CONCUR)
                        if answered
                        else None
                    ),
                    decision=(
                        pr.Decision.FAVOURABLE
                        if answered and kind is pr.StepKind.DECISION
                        else None
                    ),
                    answered_on=PartialDate(pair.year + 1, 6, 20) if answered else None,
                )
            )
        return found

    def commitments(self, pair: _Pair, proposal: pr.Proposal) -> list[pr.Commitment]:
        if proposal.status in (pr.ProposalStatus.DRAFT, pr.ProposalStatus.IN_CLEARANCE):
            return []
        done = proposal.status is pr.ProposalStatus.COMPLETED
        due = PartialDate(pair.year + 2, 1, 15)
        found = []
        for side, (party, person) in enumerate((("ussr", 0), ("us", 1))):
            status = pr.CommitmentStatus.FULFILLED if done else pr.CommitmentStatus.PENDING
            if proposal.status is pr.ProposalStatus.FAILED and side == 0:
                status = pr.CommitmentStatus.BROKEN
            found.append(
                pr.Commitment(
                    key=f"{proposal.key}-k{side}",
                    proposal=proposal.key,
                    party=party,
                    person=f"p{2 * pair.index + person:06d}",
                    act=pr.ItemKind.RELEASE,
                    description=f"release {self.names[2 * pair.index + person]}",
                    due=due,
                    status=status,
                    fulfilled_on=PartialDate(pair.year + 2, 1, 10) if done else None,
                    evidence_note="seen at the crossing" if done else None,
                )
            )
        return found

    def documents(self) -> Iterator[doc.Document]:
        """Documents spread over the cases, each within its case's years."""
        rng, size = self.rng, self.size
        cases = size.detainees
        others = max(1, size.persons - size.detainees)
        for n in range(size.documents):
            i = int(rng.random() * cases)
            pair = self.pairs[i // 2]
            kind = KINDS[n % len(KINDS)]
            year = pair.year + int(rng.random() * 3)
            date = PartialDate(year, 1 + int(rng.random() * 12), 1 + int(rng.random() * 28))
            country = corpus.COUNTRIES[i % len(corpus.COUNTRIES)]
            subject = self.names[i].split(" (")[0].split()[-1]
            other = size.detainees + int(rng.random() * others)
            names = {
                "subject": subject,
                "official": self.surnames[other % len(self.surnames)],
                "counterpart": self.names[i ^ 1].split(" (")[0].split()[-1],
                "adjective": country.adjective,
                "country": country.name,
                "capital": country.capital,
            }
            groups = self.paragraphs
            first = groups[n % len(groups)][int(rng.random() * len(groups[0]))]
            second = groups[(n + 3) % len(groups)][int(rng.random() * len(groups[0]))]
            body = f"{first}\n\n{second}" % names
            official = self.officials[n % len(self.officials)] if self.officials else other
            telegram = kind is doc.DocumentKind.TELEGRAM
            yield doc.Document(
                key=f"m{n:07d}",
                kind=kind,
                title=f"{kind.value.replace('-', ' ').capitalize()} about {subject}, {year}",
                sender=[doc.Party(text=self.names[official], person=f"p{official:06d}")],
                recipients=[doc.Party(text="Secretary of State", office="us-secretary-of-state")],
                date=date,
                place="Moscow" if telegram else "Washington",
                telegram_number=str(1 + n % 997) if telegram else None,
                telegram_post="Moscow" if telegram else None,
                direction=doc.Direction.INCOMING if telegram else None,
                file_designations=[f"311.6121 {subject}/{n % 50}"],
                classification=CLASSIFICATIONS[n % len(CLASSIFICATIONS)],
                summary=f"On the case of {self.names[i]}.",
                body=body,
                persons=sorted({f"p{i:06d}", f"p{other:06d}"}),
                cases=[f"c{i:06d}"],
                proposals=[f"x{pair.index:05d}"] if n % 5 == 0 else [],
            )


def _batches(items: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write(db: Database, size: Size, seed: int = 1) -> dict[str, float]:
    """Write the world into an empty, migrated database; seconds per part."""
    world = World(size, seed)
    timings: dict[str, float] = {}

    def part(name: str, records: Iterator[Any] | Sequence[Any]) -> None:
        start = time.perf_counter()
        count = 0
        for batch in _batches(iter(records)):
            with db.engine.begin() as connection, Session(bind=connection) as session:
                insert_records(session, batch)
                session.flush()
            count += len(batch)
        timings[f"{name} ({count:,})"] = time.perf_counter() - start

    part("states", STATES)
    part("persons", world.persons())
    part("offices", world.offices())
    part("tenures", world.tenures())
    detentions = [world.detention(pair, side) for pair in world.pairs for side in (0, 1)]
    part("detentions", detentions)
    part("cases", [world.case(pair, side) for pair in world.pairs for side in (0, 1)])
    proposals = [world.proposal(pair) for pair in world.pairs]
    part("proposals", proposals)
    part(
        "steps",
        [s for x, pair in zip(proposals, world.pairs, strict=True) for s in world.steps(pair, x)],
    )
    part(
        "commitments",
        [
            k
            for x, pair in zip(proposals, world.pairs, strict=True)
            for k in world.commitments(pair, x)
        ],
    )
    start = time.perf_counter()
    count = 0
    for batch in _batches(world.documents()):
        info = {"search_index": db.search}  # with an embedded index: queued, then applied
        with db.engine.begin() as connection, Session(bind=connection, info=info) as session:
            file_documents(session, batch, None)
            session.flush()
        if db.search is not None:
            db.search.catch_up(db.engine)
        count += len(batch)
        if count % 100_000 == 0:
            print(f"  {count:,} documents, {time.perf_counter() - start:.0f} s", flush=True)
    timings[f"documents with index entries ({count:,})"] = time.perf_counter() - start
    start = time.perf_counter()
    # Statistics for the planner, as PostgreSQL's autovacuum would gather them in time (and
    # SQLite never does unless asked): a bulk load is measured with them, not before them.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    timings["ANALYZE"] = time.perf_counter() - start
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="a database URL; it must be empty (or not yet exist)")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--search-engine",
        choices=("auto", "tantivy", "database"),
        default="auto",
        help="the index the documents go into, as GLIENICKE_SEARCH_ENGINE (auto: as serve would)",
    )
    parser.add_argument("--search-index", type=Path, help="the embedded index's folder")
    args = parser.parse_args()
    size = Size(args.persons, args.documents, args.proposals)
    if size.persons < size.detainees + 1:
        parser.error("--persons must exceed twice --proposals (two detainees per proposal)")
    start = time.perf_counter()
    settings = load_settings(
        database_url=args.database,
        search_engine=args.search_engine,
        search_index=args.search_index,
    )
    db = Database.open(args.database, search_index=search_folder(settings))  # migrates too
    print(f"search index: {db.search.folder if db.search else 'the database'}", flush=True)
    with db.reading() as repo:
        if repo.count(p.Person):
            parser.error("the database holds records already; give an empty one")
    timings = write(db, size, args.seed)
    total = time.perf_counter() - start
    for name, seconds in timings.items():
        print(f"{name:44} {seconds:8.1f} s")
    print(f"{'total, with migrations':44} {total:8.1f} s")
    db.dispose()


if __name__ == "__main__":
    main()
