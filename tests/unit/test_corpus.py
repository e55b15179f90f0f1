"""The benchmark corpus generator (bench/corpus.py): deterministic, the requested counts, and
documents in the shapes the importers read."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
PATH = Path(__file__).resolve().parents[2] / "bench" / "corpus.py"


def _load() -> ModuleType:
    """bench/ is not a package: load the file as a module of its own, once per test run."""
    if "bench_corpus" in sys.modules:
        return sys.modules["bench_corpus"]
    spec = importlib.util.spec_from_file_location("bench_corpus", PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and worker processes look it up by name
    spec.loader.exec_module(module)
    return module


corpus = _load()

# The first line of a plain-text document.
DECIMAL = r"\d{3}\.\d{2,6} [A-Z][A-Za-z'\u00c0-\u017f-]+, (?:[A-Z]\. ?)+/\d+[\u00bc\u00bd\u00be]?"
SUBJECT_NUMERIC = r"[A-Z]{2,6} \d+(?:[\u2013-]\d+)? [A-Z][A-Z ]*"
DATELINE = re.compile(r"^[A-Z][A-Za-z .]+, [A-Z][a-z]+ \d{1,2}, \d{4}")
HEADERS = [
    re.compile(rf"^{DECIMAL}$"),
    re.compile(rf"^{DECIMAL}: Telegram$"),
    re.compile(rf"^{SUBJECT_NUMERIC}$"),
    re.compile(rf"^{SUBJECT_NUMERIC}: Telegram$"),
    re.compile(r"^\d{1,4}\. (?:Telegram|Memorandum|Letter) From .+ to .+\d$"),
]


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, str]]:
    return list(corpus.text_documents(3000, seed=11))


def _volume(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


# Plain text ------------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_documents_and_another_seed_others() -> None:
    first = list(corpus.text_documents(200, seed=5))
    assert first == list(corpus.text_documents(200, seed=5))
    assert first != list(corpus.text_documents(200, seed=6))


def test_a_shorter_run_is_the_beginning_of_a_longer_one() -> None:
    assert list(corpus.text_documents(40, seed=3)) == list(corpus.text_documents(90, seed=3))[:40]


def test_counts_and_file_names(sample: list[tuple[str, str]]) -> None:
    assert len(sample) == 3000
    assert [name for name, _ in sample[:3]] == ["t0000000.txt", "t0000001.txt", "t0000002.txt"]
    assert len({name for name, _ in sample}) == 3000
    assert list(corpus.text_documents(0)) == []


def test_every_first_line_is_a_header_of_a_known_shape(sample: list[tuple[str, str]]) -> None:
    shapes = set()
    for name, text in sample:
        first = text.split("\n", 1)[0]
        matches = [i for i, shape in enumerate(HEADERS) if shape.match(first)]
        assert matches, f"{name}: {first!r}"
        shapes.add(matches[0])
    assert shapes == set(range(len(HEADERS)))  # every shape occurs


def test_documents_are_one_to_four_kilobytes_with_no_placeholders_left(
    sample: list[tuple[str, str]],
) -> None:
    for name, text in sample:
        assert 1024 <= len(text.encode("utf-8")) <= 4096, name
        assert "%(" not in text and "\x07" not in text, name
        assert not re.search(r"[\x00-\x08\x0b-\x1f]", text), name


def test_headings_datelines_and_telegram_numbers(sample: list[tuple[str, str]]) -> None:
    telegrams = 0
    for name, text in sample:
        lines = text.split("\n")
        if HEADERS[-1].match(lines[0]):
            continue  # a FRUS heading carries its own title
        assert lines[1] == "", name
        assert " to " in lines[2], name
        if lines[0].endswith(": Telegram"):
            telegrams += 1
            body = next(line for line in lines[3:] if line and not DATELINE.match(line))
            assert re.match(r"^\d+\. ", body), f"{name}: {body[:40]!r}"
            signature = [line for line in lines if line and not line.startswith(("  ", "- "))][-1]
            assert re.fullmatch(r"[A-Z][A-Za-z'-]+", signature), f"{name}: {signature!r}"
    assert telegrams > 100


def test_pages_increase_and_notes_are_numbered_in_order(sample: list[tuple[str, str]]) -> None:
    pages_seen = notes_seen = 0
    for name, text in sample:
        pages = [int(n) for n in re.findall(r"\[Page (\d+)\]", text)]
        assert pages == sorted(pages) and len(set(pages)) == len(pages), name
        pages_seen += bool(pages)
        numbered = [int(n) for n in re.findall(r"(?m)^  (\d+)\. ", text)]
        assert numbered == list(range(1, len(numbered) + 1)), name
        notes = len(numbered) + len(re.findall(r"(?m)^- .*\u21a9$", text))
        notes_seen += bool(notes)
        # Each note has its marker: glued to a word in the body, or to the heading.
        markers = re.findall(r"(?:(?<=[A-Za-z][,.)])|(?<=[a-z]))(\d{1,2})(?=[\s,.;:)]|$)", text)
        assert [int(m) for m in markers] == list(range(1, notes + 1)), name
    assert pages_seen > 2000 and notes_seen > 1000


def test_people_and_words_vary(sample: list[tuple[str, str]]) -> None:
    texts = [text for _, text in sample]
    assert len(set(texts)) == len(texts)
    surnames = {person.surname for person in corpus.DETAINEES}
    named = {s for s in surnames if any(s in t for t in texts[:1000])}
    assert len(named) > 30  # a long tail of detainees, not a handful
    with_editorial_insertions = sum(bool(re.search(r"\[(?!Page )[^\]]+\]", t)) for t in texts)
    assert with_editorial_insertions > 1000


def test_the_query_mix_asks_for_words_the_corpus_has(sample: list[tuple[str, str]]) -> None:
    assert 18 <= len(corpus.QUERY_MIX) <= 26
    text = "\n".join(t for _, t in sample).lower()
    # Rare sentences and persons may be missing from a small sample; they are in the pools.
    people = tuple(p.surname for p in corpus.DETAINEES + corpus.HOME)
    rare = " ".join(corpus.RARE + corpus.VERY_RARE + people).lower()
    for query in corpus.QUERY_MIX:
        for phrase in re.findall(r'"([^"]+)"|(\S+)', query):
            term = (phrase[0] or phrase[1]).lower().lstrip("-").rstrip("*")
            if re.fullmatch(r"\d{3}\.\d{2,6}", term):  # a decimal file: made for each case
                subject, countries = term.split(".")
                assert subject in corpus.DECIMAL_SUBJECTS, query
                assert countries[:2] in {c.code for c in corpus.COUNTRIES}, query
                continue
            assert term in text or term in rare, (query, term)


def test_written_files_are_the_generated_documents_in_folders(tmp_path: Path) -> None:
    written = corpus.write_text_corpus(tmp_path, 25, seed=2, per_folder=10)
    files = sorted(tmp_path.rglob("*.txt"))
    assert [f.parent.name for f in files] == ["0000"] * 10 + ["0001"] * 10 + ["0002"] * 5
    expected = list(corpus.text_documents(25, seed=2))
    assert [(f.name, f.read_text(encoding="utf-8")) for f in files] == expected
    assert written == sum(f.stat().st_size for f in files)


def test_chunks_made_in_parallel_are_the_chunks_made_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "CHUNK", 7)  # several chunks from a few documents
    expected = list(corpus.text_documents(30, seed=4))
    written = corpus.write_text_corpus(tmp_path, 30, seed=4, per_folder=12, jobs=2)
    files = sorted(tmp_path.rglob("*.txt"))
    assert [(f.name, f.read_text(encoding="utf-8")) for f in files] == expected
    assert written == sum(len(text.encode("utf-8")) for _, text in expected)


# TEI -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("volume", "documents", "seed"), [(1, 120, 1), (42, 35, 7), (7, 1, 3)])
def test_a_volume_parses_and_has_the_documents_asked_for(
    volume: int, documents: int, seed: int
) -> None:
    root = _volume(corpus.tei_volume(volume, documents, seed))
    assert root.tag == f"{{{TEI}}}TEI"
    assert root.get(XML_ID) == f"synth{volume:05d}"
    assert root.findtext(".//t:idno[@type='frus']", namespaces=NS) == f"synth{volume:05d}"
    assert root.findtext(".//t:title[@type='complete']", namespaces=NS)
    divs = root.findall(".//t:body//t:div[@type='document']", namespaces=NS)
    assert [d.get("n") for d in divs] == [str(n) for n in range(1, documents + 1)]
    assert [d.get(XML_ID) for d in divs] == [f"d{n}" for n in range(1, documents + 1)]
    assert root.find(".//t:body/t:div[@type='compilation']", namespaces=NS) is not None or (
        root.findall(".//t:body/t:div[@type='chapter']", namespaces=NS)
    )


def test_every_person_named_is_on_the_list_of_persons() -> None:
    root = _volume(corpus.tei_volume(3, 200, seed=9))
    listed = {
        e.get(XML_ID)
        for e in root.findall(".//t:front/t:div[@type='section']//t:persName", namespaces=NS)
    }
    assert root.find(".//t:front/t:div", namespaces=NS).get(XML_ID) == "persons"
    named = [e.get("corresp") for e in root.iter(f"{{{TEI}}}persName") if e.get("corresp")]
    assert len(named) > 1000
    assert {c[1:] for c in named} <= listed
    assert all(c.startswith("#") for c in named)
    assert {c[1:] for c in named} == listed  # nobody listed who is never named


def test_a_volume_has_the_parts_of_a_frus_document() -> None:
    root = _volume(corpus.tei_volume(5, 150, seed=2))
    ids = [e.get(XML_ID) for e in root.iter() if e.get(XML_ID)]
    assert len(ids) == len(set(ids))
    divs = root.findall(".//t:div[@type='document']", namespaces=NS)
    for div in divs:
        n = int(div.get("n"))
        head = div.find("t:head", namespaces=NS)
        assert "".join(head.itertext()).startswith(f"{n}. ")
        for ref in div.iter(f"{{{TEI}}}ref"):
            assert int(ref.get("target").removeprefix("#d")) < n  # an earlier document
        notes = div.findall(".//t:p/t:note", namespaces=NS)
        assert [note.get("n") for note in notes] == [str(i) for i in range(2, len(notes) + 2)]
    telegrams = [
        d for d in divs if "Telegram" in "".join(d.find("t:head", namespaces=NS).itertext())
    ]
    assert telegrams
    for div in telegrams:
        assert div.find("t:head/t:gloss[@type='from']", namespaces=NS) is not None
        assert div.find("t:head/t:gloss[@type='to']", namespaces=NS) is not None
        assert div.find("t:head/t:note[@type='source']", namespaces=NS) is not None
        assert div.find("t:dateline/t:placeName", namespaces=NS) is not None
        assert re.match(
            r"^\d{4}-\d{2}-\d{2}", div.find("t:dateline/t:date", namespaces=NS).get("when")
        )
        assert div.find("t:closer/t:signed/t:persName", namespaces=NS) is not None
        assert re.match(r"^\d+\. ", "".join(div.find("t:p", namespaces=NS).itertext()))
    breaks = root.findall(".//t:pb", namespaces=NS)
    pages = [int(pb.get("n")) for pb in breaks]
    assert pages == sorted(pages) and len(pages) > 20
    assert root.findall(".//t:p/t:pb", namespaces=NS)  # inside paragraphs
    assert root.findall(".//t:div[@type='compilation']/t:pb", namespaces=NS) or root.findall(
        ".//t:div[@type='chapter']/t:pb", namespaces=NS
    )  # and between documents
    assert root.findall(".//t:ref", namespaces=NS)


def test_volumes_are_deterministic_and_differ_by_number_and_seed() -> None:
    one = corpus.tei_volume(2, 30, seed=1)
    assert one == corpus.tei_volume(2, 30, seed=1)
    assert one != corpus.tei_volume(3, 30, seed=1)
    assert one != corpus.tei_volume(2, 30, seed=2)


def test_an_empty_volume_still_parses() -> None:
    root = _volume(corpus.tei_volume(9, 0))
    assert root.findall(".//t:div[@type='document']", namespaces=NS) == []


def test_written_volumes(tmp_path: Path) -> None:
    written = corpus.write_tei_corpus(tmp_path / "v", volumes=3, per_volume=12, seed=4)
    files = sorted((tmp_path / "v").iterdir())
    assert [f.name for f in files] == ["synth00001.xml", "synth00002.xml", "synth00003.xml"]
    assert written == sum(f.stat().st_size for f in files)
    assert files[1].read_text(encoding="utf-8") == corpus.tei_volume(2, 12, seed=4)
    for f in files:
        assert (
            len(
                _volume(f.read_text(encoding="utf-8")).findall(f".//{{{TEI}}}div[@type='document']")
            )
            == 12
        )


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.main(["text", str(tmp_path / "t"), "--count", "15", "--seed", "3"]) == 0
    assert "15 files" in capsys.readouterr().out
    assert len(list((tmp_path / "t").rglob("*.txt"))) == 15
    assert corpus.main(["tei", str(tmp_path / "x"), "--volumes", "2", "--per-volume", "5"]) == 0
    assert "2 files, 10 documents" in capsys.readouterr().out
    assert corpus.main(["text", str(tmp_path / "none"), "--count", "9", "--dry-run"]) == 0
    assert not (tmp_path / "none").exists()
