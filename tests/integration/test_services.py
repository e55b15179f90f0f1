"""Every service, end to end on the configured database: it changes what it should, refuses
bad input naming the field, and leaves nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from glienicke.domain.detention import Detention, Sentence, StageKind
from glienicke.domain.documents import Document, DocumentKind
from glienicke.domain.errors import (
    DuplicateKey,
    ImmutableRecord,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from glienicke.domain.people import Person, State
from glienicke.domain.proposals import (
    Answer,
    ClearanceStep,
    Commitment,
    CommitmentStatus,
    ItemKind,
    StepKind,
)
from glienicke.services import commitments, datasets, proposals, records
from glienicke.services.database import Database
from glienicke.store.repository import content_hash

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"


@pytest.fixture
def loaded(db: Database) -> Database:
    datasets.load_files(db, [SMALL])
    return db


def _get(db: Database, cls: type, key: str):  # type: ignore[no-untyped-def]
    with db.reading() as repo:
        return repo.get(cls, key)


def test_adding_a_record_stores_it(db: Database) -> None:
    records.add_record(db, State(key="home", name="Home"))
    made = records.add_record(db, Person(key="p", name="P", nationalities=["home"]))
    assert made.key.startswith("p-")  # a signed-in writer's key is completed (issue 19)
    assert _get(db, Person, made.key).nationalities == ["home"]


def test_adding_a_record_with_a_taken_key_is_refused(loaded: Database) -> None:
    with pytest.raises(DuplicateKey, match="person 'alma' already exists"):
        records.add_record(loaded, Person(key="alma", name="Another"))


def test_adding_a_record_that_names_a_missing_record_is_refused(db: Database) -> None:
    with pytest.raises(ValidationFailed) as caught:
        records.add_record(db, Person(key="p", name="P", nationalities=["atlantis"]))
    assert str(caught.value) == "person p: nationalities[0]: there is no state 'atlantis'"
    with db.reading() as repo:
        assert repo.find(Person, "p") is None


def test_recording_a_stage_appends_it_and_moves_the_status(loaded: Database) -> None:
    detention = records.record_stage(loaded, "alma-1977", "sentenced", "1977-07-01", note="5 years")
    assert detention.status is StageKind.SENTENCED
    stored = _get(loaded, Detention, "alma-1977")
    assert [s.stage.value for s in stored.stages][-1] == "sentenced"


def test_a_stage_out_of_order_is_refused_in_the_users_terms(loaded: Database) -> None:
    with pytest.raises(ValidationFailed) as caught:
        records.record_stage(loaded, "carl-1977", "paroled", "1977-06-01")
    assert str(caught.value) == (
        "detention carl-1977: stages[3].stage: stage 'paroled' needs an earlier 'serving' stage"
        " for detention carl-1977"
    )
    assert len(_get(loaded, Detention, "carl-1977").stages) == 3


def test_an_unknown_stage_lists_the_choices(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="'jailed' is not one of: arrested"):
        records.record_stage(loaded, "alma-1977", "jailed", "1977-07-01")


def test_a_stale_edit_is_refused_and_the_newer_one_kept(loaded: Database) -> None:
    records.record_stage(loaded, "alma-1977", "sentenced", "1977-07-01", expected_version=1)
    with pytest.raises(StaleVersion, match="you had version 1, it is now version 2"):
        records.record_stage(
            loaded, "alma-1977", "appeal-pending", "1977-07-02", expected_version=1
        )
    assert _get(loaded, Detention, "alma-1977").status is StageKind.SENTENCED


def test_editing_a_whole_record_checks_its_version(loaded: Database) -> None:
    person = _get(loaded, Person, "carl")
    person.notes = "moved to another prison"
    records.edit_record(loaded, person, expected_version=1)
    person.notes = "a second editor"
    with pytest.raises(StaleVersion):
        records.edit_record(loaded, person, expected_version=1)
    assert _get(loaded, Person, "carl").notes == "moved to another prison"


def test_setting_a_sentence_is_checked(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="sentence.fine_currency"):
        records.set_sentence(loaded, "alma-1977", Sentence(term_months=60, fine_amount=10))
    records.set_sentence(loaded, "alma-1977", Sentence(term_months=60))
    sentence = _get(loaded, Detention, "alma-1977").sentence
    assert sentence is not None and sentence.term_months == 60


def test_opening_a_case_and_adding_subjects(loaded: Database) -> None:
    key = records.open_case(loaded, "carl-case", "Carl, held at home", opened_on="1977-01-11").key
    case = records.add_subject(loaded, key, "carl", "foreign-national", detention="carl-1977")
    assert [s.person for s in case.subjects] == ["carl"]
    with pytest.raises(ValidationFailed, match=f"already a subject of case {key}"):
        records.add_subject(loaded, key, "carl", "other")


def test_a_subject_with_an_unknown_basis_is_refused(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="basis: 'cousin' is not one of"):
        records.add_subject(loaded, "alma", "carl", "cousin")


def test_closing_a_case_records_its_outcome(loaded: Database) -> None:
    case = records.close_case(loaded, "alma", "1977-09-01", "Both came home")
    assert case.status.value == "closed" and case.outcome == "Both came home"
    with pytest.raises(ValidationFailed, match="already closed"):
        records.close_case(loaded, "alma", "1977-09-02", "again")


def test_proposal_items_and_conditions(loaded: Database) -> None:
    p2 = proposals.create_proposal(
        loaded, "p2", "Second try", counterparts=["other"], origin="our-initiative"
    ).key
    proposals.add_item(loaded, p2, "give", "give", "release", person="carl", mechanism="parole")
    proposal = proposals.add_condition(loaded, p2, "c", "never returns", item="give")
    assert proposal.conditions[0].item == "give"
    with pytest.raises(ValidationFailed, match=f"proposal {p2} has no item 'nope'"):
        proposals.add_condition(loaded, p2, "d", "text", item="nope")
    with pytest.raises(ValidationFailed, match="item key 'give' is used twice"):
        proposals.add_item(loaded, p2, "give", "get", "release", person="alma")


def test_a_proposal_needs_a_counterpart(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="counterparts"):
        proposals.create_proposal(loaded, "p3", "None", counterparts=[])


def test_recording_a_consideration(loaded: Database) -> None:
    c = proposals.record_consideration(
        loaded, "c2", "swap-1977", "against", "precedent", "invites more arrests", weight=2
    )
    assert c.weight == 2
    with pytest.raises(ValidationFailed, match="'whim' is not one of"):
        proposals.record_consideration(loaded, "c3", "swap-1977", "for", "whim", "x")


def test_answering_a_clearance_step_once(loaded: Database) -> None:
    step = proposals.record_answer(
        loaded, "s1", "non-concur", "1977-07-10", by="dora", reasons="too high a price"
    )
    assert step.answer is Answer.NON_CONCUR and step.favourable is False
    with pytest.raises(ValidationFailed, match="already answered"):
        proposals.record_answer(loaded, "s1", "concur", "1977-07-11")
    assert _get(loaded, ClearanceStep, "s1").reasons == "too high a price"


def test_a_decision_needs_its_outcome(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="decision"):
        proposals.record_answer(loaded, "s2", "decided", "1977-07-12")
    step = proposals.record_answer(loaded, "s2", "decided", "1977-07-12", decision="favourable")
    assert step.favourable is True


def test_an_answer_before_the_request_is_refused(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="before requested_on 1977-07-01"):
        proposals.record_answer(loaded, "s1", "concur", "1977-06-01")
    assert _get(loaded, ClearanceStep, "s1").answer is None


def test_adding_a_clearance_step(loaded: Database) -> None:
    step = ClearanceStep(
        key="s3", proposal="swap-1977", kind=StepKind.RECOMMENDATION, to_office="justice"
    )
    made = proposals.add_clearance_step(loaded, step)
    assert _get(loaded, ClearanceStep, made.key).answer is None


def test_fulfilling_and_pressing_a_commitment(loaded: Database) -> None:
    commitments.press(loaded, "k1", "1977-08-15", by="dora", note="raised it again")
    done = commitments.fulfil(loaded, "k1", "1977-09-01", evidence="tel-2")
    assert done["status"] == "fulfilled" and done["outcome"]["outcome"] == "kept-late"
    stored = _get(loaded, Commitment, "k1")
    assert stored.follow_ups[0].note == "raised it again" and stored.evidence == "tel-2"
    with pytest.raises(ValidationFailed, match="only a pending or partly fulfilled"):
        commitments.fulfil(loaded, "k1", "1977-09-02", note="again")


def test_fulfilling_an_unknown_commitment_is_refused(loaded: Database) -> None:
    with pytest.raises(NotFound, match="no commitment with key 'k9'"):
        commitments.fulfil(loaded, "k9", "1977-09-01", note="done")


def test_evidence_must_be_a_filed_document(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="evidence: there is no document 'tel-9'"):
        commitments.fulfil(loaded, "k1", "1977-09-01", evidence="tel-9")
    assert _get(loaded, Commitment, "k1").status is CommitmentStatus.PENDING


def test_adding_a_commitment(loaded: Database) -> None:
    commitment = Commitment(
        key="k2",
        proposal="swap-1977",
        party="other",
        person="ben",
        act=ItemKind.EXIT_PERMISSION,
        description="let Ben leave",
    )
    made = proposals.add_commitment(loaded, commitment)
    assert _get(loaded, Commitment, made.key).person == "ben"


def test_only_a_broken_commitment_is_relinked(loaded: Database) -> None:
    commitment = Commitment(
        key="k3",
        proposal="swap-1977",
        party="other",
        person="ben",
        act=ItemKind.EXIT_PERMISSION,
        description="x",
        relinked_to="k1",
    )
    with pytest.raises(ValidationFailed, match="only a broken commitment is re-linked"):
        proposals.add_commitment(loaded, commitment)


def test_filing_and_linking_a_document_does_not_change_its_content(loaded: Database) -> None:
    doc = Document(key="n1", kind=DocumentKind.NOTE, title="A note", date=None)
    key = records.file_document(loaded, doc).key
    before = content_hash(_get(loaded, Document, key))
    linked = records.link_document(loaded, key, "case", "alma")
    assert linked.cases == ["alma"]
    assert content_hash(_get(loaded, Document, key)) == before


def test_linking_to_a_missing_record_or_kind_is_refused(loaded: Database) -> None:
    with pytest.raises(NotFound, match="no case with key 'zzz'"):
        records.link_document(loaded, "memo-1", "case", "zzz")
    with pytest.raises(ValidationFailed, match="use person, case or proposal"):
        records.link_document(loaded, "memo-1", "office", "minister")


def test_a_filed_document_cannot_be_edited(loaded: Database) -> None:
    doc = _get(loaded, Document, "memo-1")
    doc.title = "Rewritten"
    with pytest.raises(ValidationFailed, match="file a new version"):
        records.edit_record(loaded, doc, expected_version=1)
    with loaded.transaction() as repo, pytest.raises(ImmutableRecord):
        repo.save(doc)
    assert _get(loaded, Document, "memo-1").title != "Rewritten"


def test_an_event_needs_a_source(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="source: must not be empty"):
        records.add_event(loaded, "e2", "1977-08-01", "Something", " ")
    event = records.add_event(
        loaded, "e2", "about 1977-08", "Something", "a telephone call", cases=["alma"]
    )
    assert str(event.date) == "about 1977-08"
