"""Reading real FRUS volumes of other eras: 1941's inline source lines and openers, the 1960s'
and 1970s' subject lines, participants, caveats, repeated-to posts and dates known only between
two days (issue 15, item 7); designations without a number."""

from __future__ import annotations

from pathlib import Path

import pytest

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.designations import DecimalFile, SubjectNumericFile, parse_designation
from glienicke.domain.documents import Classification, Document, DocumentKind
from glienicke.domain.errors import InvalidValue
from glienicke.records.notes import parse_inline_source, parse_source_note
from glienicke.records.tei import read_volume

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"


def _documents(name: str) -> dict[str, Document]:
    return {p.document.key: p.document for p in read_volume(FIXTURES / name, name)}


@pytest.fixture(scope="module")
def v1941() -> dict[str, Document]:
    return _documents("frus1941v06-excerpt.xml")


@pytest.fixture(scope="module")
def v1970() -> dict[str, Document]:
    return _documents("frus1969-76v12-excerpt.xml")


def test_a_1941_inline_source_line_gives_designation_kind_and_telegram_number(
    v1941: dict[str, Document],
) -> None:
    telegram = v1941["frus1941v06-d31"]
    assert telegram.kind is DocumentKind.TELEGRAM
    assert telegram.file_designations == ["851.00/2435"]
    assert telegram.telegram_number == "576"
    assert telegram.date == PartialDate(1941, 11, 4, 21, 0) and telegram.place == "Santiago"
    # the source line is no footnote
    assert telegram.footnotes == ["Juan B. Rossetti, Chilean Minister for Foreign Affairs."]


def test_a_dateline_in_an_opener_is_not_repeated_in_the_body(v1941: dict[str, Document]) -> None:
    letter = v1941["frus1941v06-d30"]
    assert letter.body is not None and letter.body.startswith("My Dear Mr. Secretary")
    assert "October 14, 1941" not in letter.body and "740.00111" not in letter.body
    telegram = v1941["frus1941v06-d31"]
    assert telegram.body is not None and "[Received 10:07 p.m.]" not in telegram.body
    assert letter.kind is DocumentKind.LETTER and letter.file_designations == [
        "740.00111 A.R./1447"
    ]


def test_repeated_to_and_caveats_from_a_1969_source_note(v1970: dict[str, Document]) -> None:
    telegram = v1970["frus1969-76v12-d87"]
    assert telegram.repeated_to == ["Moscow", "Amman", "Beirut", "Cairo", "Tel Aviv"]
    assert telegram.classification is Classification.SECRET
    assert telegram.caveats == ["Priority", "Nodis"]
    memo = v1970["frus1969-76v12-d158"]
    assert memo.caveats == ["Sensitive", "Eyes Only"]
    assert memo.subject is not None and memo.subject.startswith("Action Program to Exploit")


def test_participants_of_a_conversation_and_drafted_and_approved_by(
    v1970: dict[str, Document],
) -> None:
    memcon = v1970["frus1969-76v12-d901"]
    assert memcon.participants == [
        "Ambassador Anatoliy F. Dobrynin",
        "Assistant Secretary Martin J. Hillenbrand",
    ]
    roles = {(m.text, m.role) for m in memcon.mentions}
    assert ("Anatoliy F. Dobrynin", "participant") in roles
    assert {("William D. Krimer", "drafter"), ("William D. Krimer", "approver")} <= roles
    assert memcon.caveats == ["Limited Distribution"]
    assert memcon.classification is Classification.CONFIDENTIAL
    assert memcon.file_designations == ["POL US-USSR", "FT US-USSR"]


def test_dates_known_between_two_days_keep_what_is_known(v1970: dict[str, Document]) -> None:
    assert v1970["frus1969-76v12-d901"].date == PartialDate(1970, 6)
    assert v1970["frus1969-76v12-d902"].date == PartialDate(1970, 7, 1, qualifier=Qualifier.AFTER)
    assert v1970["frus1969-76v12-d903"].date == PartialDate(1970, 8, 15, qualifier=Qualifier.BEFORE)


def test_a_footnote_on_the_signature_and_a_page_break_as_first_child(
    v1970: dict[str, Document],
) -> None:
    letter = v1970["frus1969-76v12-d902"]
    assert letter.signature == "William P. Rogers"
    assert letter.footnotes == ["Printed from an unsigned copy."]
    assert [p.page for p in letter.pages] == ["270"]  # not 264, where the one before ended
    assert [p.page for p in v1970["frus1969-76v12-d87"].pages] == ["263", "264"]


def test_a_telegrams_subject_line_and_repeated_to_in_its_text(v1970: dict[str, Document]) -> None:
    telegram = v1970["frus1969-76v12-d903"]
    assert telegram.subject == "Exit permission for Mrs. Smith"
    assert telegram.repeated_to == ["Leningrad"]
    assert telegram.telegram_number == "1234"


def test_designations_without_a_number() -> None:
    between = parse_designation("POL US\u2013USSR")
    assert isinstance(between, SubjectNumericFile)
    assert (between.primary, between.number, between.country) == ("POL", None, "US-USSR")
    assert parse_designation("FT US-USSR").text == "FT US-USSR"
    with pytest.raises(InvalidValue):
        parse_designation("NSC Files")  # not a primary subject of the file
    lettered = parse_designation("740.00112A European War 1939/1234")
    assert isinstance(lettered, DecimalFile) and lettered.number == 1234


def test_source_notes_name_drafters_caveats_and_posts() -> None:
    note = parse_source_note(
        "Source: National Archives, RG 59, Central Files 1970\u201373, POL US\u2013USSR."
        " Secret; Sensitive. Prepared by Helmut Sonnenfeldt. Repeated to London and Paris."
    )
    assert note.drafted_by == ["Helmut Sonnenfeldt"] and note.caveats == ["Sensitive"]
    assert note.repeated_to == ["London", "Paris"]
    assert note.designations == ["POL US-USSR"]
    inline = parse_inline_source("740.00112A European War 1939/1234: Telegram")
    assert inline.kind == "telegram"
    assert inline.designations == ["740.00112A European War 1939/1234"]


def _twice_defined(path: Path, count: int) -> Path:
    """A volume whose notes all share one xml:id and whose closing body tag is missing."""
    documents = "".join(
        f'<div type="document" xml:id="d{n}" n="{n}"><head>{n}. Memorandum</head>'
        f'<p>Text<note xml:id="fn1">A note.</note></p></div>\n'
        for n in range(1, count + 1)
    )
    path.write_text(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n{documents}</text></TEI>\n',
        encoding="utf-8",
    )
    return path


def test_a_fault_at_the_end_is_placed_there_not_at_an_id_defined_twice(tmp_path: Path) -> None:
    """An xml:id defined twice is a complaint the parser goes on after; the fault that stops it
    (a closing tag missing at the end) is the one named."""
    with pytest.raises(InvalidValue) as raised:
        list(read_volume(_twice_defined(tmp_path / "v.xml", 3), "v.xml", []))
    assert str(raised.value).startswith("v.xml: line 5, column 8: not well-formed XML:")
    assert "mismatch" in str(raised.value)
    problems: list[str] = []
    read = list(read_volume(_twice_defined(tmp_path / "w.xml", 2000), "w.xml", problems))
    assert 0 < len(read) < 2000  # the parser reads ahead: the last buffer's documents are lost
    (problem,) = problems
    assert problem.startswith("w.xml: line 2002, column 8: not well-formed XML:")
    last = read[-1].document.key.rsplit("-", 1)[-1]
    assert f"no document after the one at line {len(read) + 1} ({last}), the last read" in problem


def test_a_fault_is_never_reported_from_an_earlier_file_parsed_in_the_thread(
    tmp_path: Path,
) -> None:
    """The thread's error log keeps earlier parses' complaints: each file's report is its own."""
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"\n')
    with pytest.raises(InvalidValue) as first:
        list(read_volume(broken, "broken.xml", []))
    assert str(first.value).startswith("broken.xml: line ")
    for _ in range(3):
        with pytest.raises(InvalidValue) as raised:
            list(read_volume(_twice_defined(tmp_path / "v.xml", 3), "v.xml", []))
        assert str(raised.value).startswith("v.xml: line 5, column 8: not well-formed XML:")
        assert "mismatch" in str(raised.value)
