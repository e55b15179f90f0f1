"""The record's parsers on hand-written input, and fuzzed: any text gives a document or a clear
InvalidValue, never another exception."""

from __future__ import annotations

from fractions import Fraction
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glienicke.domain.dates import PartialDate
from glienicke.domain.designations import DecimalFile, SubjectNumericFile, parse_designation
from glienicke.domain.documents import Direction
from glienicke.domain.errors import InvalidValue
from glienicke.records.query import fts5_expression, parse_query, tsquery_expression
from glienicke.records.tei import read_volume
from glienicke.records.telegrams import Series, find_references
from glienicke.records.text import parse_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"


def test_a_decimal_file_designation_has_its_parts() -> None:
    parsed = parse_designation("361.1115 Novak, J./17½")
    assert isinstance(parsed, DecimalFile)
    assert parsed.subject_number == "361" and parsed.countries == ("11", "15")
    assert parsed.subject == "Novak, J." and parsed.number == 17
    assert parsed.position == Fraction(35, 2) and parsed.document_number == "17½"


def test_a_subject_numeric_designation_has_its_parts_and_dashes_fold() -> None:
    parsed = parse_designation("POL 29\u20131 HUNG")
    assert isinstance(parsed, SubjectNumericFile)
    assert (parsed.primary, parsed.number, parsed.country, parsed.text) == (
        "POL",
        "29-1",
        "HUNG",
        "POL 29-1 HUNG",
    )


def test_a_non_designation_is_refused_with_an_example() -> None:
    with pytest.raises(InvalidValue, match="expected a decimal file"):
        parse_designation("hello there")


def test_references_take_the_series_and_the_documents_year() -> None:
    (ref,) = find_references(
        "88. Your 612, April 2, 7 p.m. Press on.",
        Series("Budapest", Direction.OUTGOING),
        PartialDate(1962, 4, 4),
    )
    assert (ref.number, ref.post, ref.direction) == ("612", "Budapest", Direction.INCOMING)
    assert ref.date == PartialDate(1962, 4, 2, 19, 0)


def test_the_plain_text_memo_fixture() -> None:
    parsed = parse_text((FIXTURES / "memo.txt").read_text(), "memo.txt")
    document = parsed.document
    assert document.kind.value == "memorandum" and document.file_designations == [
        "361.1115 Novak, J./17½"
    ]
    assert [p.page for p in document.pages] == ["12", "13"]
    assert document.footnotes == ["Jan Novak."] and document.insertions == ["[Miss]"]
    assert "Novak,1" not in (document.body or "")
    assert document.body is not None and document.body[document.pages[1].offset :].startswith(
        "I recommend"
    )


def test_queries_are_rendered_without_user_operators() -> None:
    query = parse_query('novak "consular visit" refus* -pardon OR')
    assert (
        fts5_expression(query)
        == '("novak" AND "consular visit" AND "refus"* AND "or") NOT "pardon"'
    )
    assert (
        tsquery_expression(query)
        == "'novak' & ('consular' <-> 'visit') & 'refus':* & 'or' & !'pardon'"
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_the_text_parser_never_fails_unclearly(text: str) -> None:
    try:
        parse_text(text, "fuzz.txt")
    except InvalidValue as error:
        assert str(error).startswith("fuzz.txt")


LINES = st.sampled_from(
    [
        "361.1115 Novak, J./17: Telegram",
        "POL 23-6 USSR",
        "12. Letter From Secretary of State Ross to Attorney General Bell1",
        "The Secretary of State to the Minister in Hungary (Ross)",
        "88. Your 612, April 2, 7 p.m. Press on [Page 5] with [Miss] Novak.",
        "[Page 9]",
        "  1. April 5.",
        "- Source: Central Files, POL 29 HUNG. Secret; Limdis. Drafted by Carter.↩",
        "Budapest, April 2, 1962, 7 p.m.",
        "Ross",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=15))
def test_the_text_parser_on_near_miss_documents(lines: list[str]) -> None:
    try:
        parse_text("\n".join(lines), "fuzz.txt")
    except InvalidValue as error:
        assert str(error).startswith("fuzz.txt")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_tei_reader_never_fails_unclearly(data: st.DataObject) -> None:
    volume = (FIXTURES / "volume.xml").read_bytes()
    start = data.draw(st.integers(0, len(volume)))
    cut = data.draw(st.integers(0, 40))
    junk = data.draw(st.binary(max_size=20))
    mangled = volume[:start] + junk + volume[start + cut :]
    try:
        list(read_volume(BytesIO(mangled), "fuzz.xml"))
    except InvalidValue as error:
        assert str(error).startswith("fuzz.xml")
