"""Importing the record (plain text and FRUS TEI), threading telegram references, linking
persons, and searching, from the command line and the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult

Cli = Callable[..., CliResult]
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "records"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def demo(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


def _json(result: CliResult) -> Any:
    assert result.code == 0, result.err
    return json.loads(result.out)


def _imported(cli: Cli, *paths: Path) -> dict[str, Any]:
    report: dict[str, Any] = _json(cli("import", *map(str, paths), "--format", "json"))
    return report


def _by_kind(cli: Cli, report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    view = _json(cli("list", "documents", "--format", "json"))
    for row in view:
        if row["key"].startswith(("memorandum-", "telegram-", "letter-")):
            doc = _json(cli("show", "document", row["key"], "--format", "json"))
            found[doc["document"]["kind"]] = doc
    return found


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not here")
def test_the_seeds_import_with_their_metadata_parsed_and_their_persons_linked(demo: Cli) -> None:
    report = _imported(demo, *sorted((SHARED / "seeds").glob("*.txt")))
    assert report["filed"] == 3 and report["failed"] == 0
    docs = _by_kind(demo, report)
    memo, telegram, letter = docs["memorandum"], docs["telegram"], docs["letter"]

    m = memo["document"]
    assert m["title"].startswith("Memorandum by the Assistant Chief")
    assert [p.get("person") for p in m["from"]] == ["henderson"]
    assert [p.get("person") for p in m["to"]] == ["welles"]
    assert m["file_designations"] == ["311.6121 Gorin, M. N./42¼"]
    parts = memo["file_designations"][0]
    assert (parts["file"], parts["subject_number"], parts["countries"]) == (
        "311.6121 Gorin, M. N.",
        "311",
        ["61", "21"],
    )
    assert (parts["subject"], parts["number"], parts["document_number"]) == (
        "Gorin, M. N.",
        42,
        "42¼",
    )
    assert [p["page"] for p in m["pages"]] == ["937", "938"]
    assert "[Page" not in m["body"] and "Monday,29" not in m["body"]
    assert m["footnotes"] == ["February 24.", "Robert H. Jackson."]
    assert "[Miss]" in m["insertions"]
    assert {"gorin", "pyk", "oumansky"} <= set(m["persons"])

    t = telegram["document"]
    assert (t["telegram_number"], t["telegram_post"], t["direction"]) == (
        "342",
        "Moscow",
        "outgoing",
    )
    (reference,) = t["references"]
    assert reference["number"] == "550" and reference["text"] == "Your 550, March 20, 9 p.m."
    assert reference["document"] == "embassy-telegram-550-1941-03-20"
    assert telegram["file_designations"][0]["document_number"] == "42"
    assert t["to"][0]["person"] == "steinhardt" and t["to"][0]["office"] == "us-ambassador-ussr"
    assert t["signature"] == "Welles"
    rozhkovski = next(x for x in t["mentions"] if x["text"] == "Rozhkovski")
    assert rozhkovski["person"] == "roszkowski" and rozhkovski["status"] == "linked"
    assert {"roszkowski", "pyk", "devenis", "habicht"} <= set(t["persons"])

    lt = letter["document"]
    assert lt["kind"] == "letter" and lt["classification"] == "confidential"
    assert [p.get("person") for p in lt["from"]] == ["rusk"]
    assert [p.get("person") for p in lt["to"]] == ["katzenbach"]
    assert lt["file_designations"] == ["POL 23-6 USSR"]
    numeric = letter["file_designations"][0]
    assert (numeric["primary"], numeric["number"], numeric["country"]) == ("POL", "23-6", "USSR")
    assert lt["drafted_by"] == ["meeker"] and lt["cleared_with"] == ["thompson", "davis"]
    assert lt["source_citation"].startswith("National Archives")
    assert len(lt["footnotes"]) == 1 and not lt["footnotes"][0].startswith("Source")
    assert lt["pages"][0]["page"] == "181"

    again = _imported(demo, *sorted((SHARED / "seeds").glob("*.txt")))
    assert again["filed"] == 0
    assert {f["status"] for f in again["files"]} == {"already-imported"}


@pytest.mark.skipif(not (SHARED / "frus").is_dir(), reason="../shared/frus is not here")
def test_the_frus_sample_gives_one_document_per_div_and_a_second_import_changes_nothing(
    demo: Cli,
) -> None:
    sample = next((SHARED / "frus").glob("*.xml"))
    report = _imported(demo, sample)
    assert report["filed"] == 3
    d250 = _json(demo("show", "document", "frus1964-68v14-d250", "--format", "json"))["document"]
    assert d250["kind"] == "telegram" and d250["date"] == "1967-10-13T13:00"
    assert (d250["place"], d250["telegram_number"], d250["direction"]) == (
        "Moscow",
        "1443",
        "incoming",
    )
    assert d250["classification"] == "secret" and d250["caveats"] == ["Limdis"]
    assert d250["from"][0]["text"] == "Embassy in the Soviet Union"
    assert d250["signature"] == "Thompson" and "thompson" in d250["persons"]
    assert "ivanov" in d250["persons"]
    assert any(p["page"] == "595" for p in d250["pages"])
    d252 = _json(demo("show", "document", "frus1964-68v14-d252", "--format", "json"))["document"]
    assert d252["kind"] == "memorandum-of-conversation" and d252["date"] == "1967-10-25"
    dump_before = demo("dump").out
    again = _imported(demo, sample)
    assert again["filed"] == 0
    # Only the audit of reading classified documents differs: the records are unchanged.
    assert demo("dump").out == dump_before


def test_a_volume_threads_its_telegrams_and_links_persons_from_its_list(cli: Cli) -> None:
    assert cli("load", str(ROOT / "tests" / "fixtures" / "small.yaml")).code in (0, 1)
    report = _imported(cli, FIXTURES / "volume.xml")
    assert report["filed"] == 2
    d2 = _json(cli("show", "document", "fixture-v1-d2", "--format", "json"))
    refs = d2["document"]["references"]
    assert [r.get("document") for r in refs] == ["fixture-v1-d1", "fixture-v1-d1"]
    d1 = _json(cli("show", "document", "fixture-v1-d1", "--format", "json"))["document"]
    assert d1["caveats"] == ["Priority"] and d1["classification"] == "confidential"
    assert [p["page"] for p in d1["pages"]] == ["10", "11"]
    assert d1["footnotes"] == ["No reply has been found."]
    assert d1["file_designations"] == ["CON 3 HUNG"]


def test_a_malformed_file_is_reported_with_its_place_and_the_rest_import(cli: Cli) -> None:
    result = cli(
        "import", str(FIXTURES / "broken.xml"), str(FIXTURES / "memo.txt"), "--format", "json"
    )
    assert result.code == 1
    report = json.loads(result.out)
    broken, memo = report["files"]
    assert broken["status"] == "failed" and "broken.xml: line" in broken["problems"][0]
    assert memo["status"] == "imported" and memo["filed"] == 1
    text = cli("import", str(FIXTURES / "broken.xml"))
    assert text.code == 1 and "not well-formed XML" in text.out


def test_a_missing_path_is_one_clear_line(cli: Cli) -> None:
    result = cli("import", "no/such/file.txt")
    assert result.code == 1 and "no/such/file.txt: no such file or folder" in result.err


def test_search_ranks_quotes_and_facets_only_what_the_viewer_may_see(demo: Cli) -> None:
    _imported(demo, FIXTURES / "volume.xml", FIXTURES / "memo.txt")
    found = _json(demo("search", "Novak", "--format", "json"))
    assert found["total"] == 3
    keys = [r["key"] for r in found["results"]]
    assert "fixture-v1-d1" in keys
    snippet = found["results"][0]["snippet"]
    assert any(s["match"] and s["text"].lower().startswith("novak") for s in snippet)
    kinds = {f["value"]: f["count"] for f in found["facets"]["kind"]}
    assert kinds == {"telegram": 2, "memorandum": 1}
    assert {f["value"] for f in found["facets"]["year"]} == {"1962"}
    phrase = _json(demo("search", '"consular visit"', "--format", "json"))
    assert [r["key"] for r in phrase["results"]] == ["fixture-v1-d1"]
    prefix = [r["key"] for r in _json(demo("search", "refus*", "--format", "json"))["results"]]
    assert "fixture-v1-d1" in prefix and not any(k.startswith("memorandum-") for k in prefix)
    not_this = _json(demo("search", "Novak -consular", "--format", "json"))
    assert "fixture-v1-d1" not in [r["key"] for r in not_this["results"]]
    filtered = _json(demo("search", "Novak", "--kind", "memorandum", "--format", "json"))
    assert filtered["total"] == 1
    by_file = _json(demo("search", "Novak", "--file", "361.1115", "--format", "json"))
    assert by_file["total"] == 1
    # A guest cleared for unclassified only: the confidential telegram is not counted.
    made = demo(
        "user",
        "add",
        "guest",
        "--name",
        "Guest",
        "--role",
        "case-officer",
        "--clearance",
        "unclassified",
        "--no-password",
    )
    assert made.code == 0, made.err
    guest = _json(demo("--as", "guest", "search", "Novak", "--format", "json"))
    assert guest["total"] == 2 and "fixture-v1-d1" not in [r["key"] for r in guest["results"]]
    assert {f["value"] for f in guest["facets"]["classification"]} == {"unclassified"}


def test_bad_search_input_is_refused_clearly(demo: Cli) -> None:
    assert "at least one word" in demo("search", "--", "-pardon").err
    assert "kind 'poem' is not one of" in demo("search", "x", "--kind", "poem").err


def test_search_and_import_over_the_api(api: Callable[..., Any]) -> None:
    client = api()
    files = {"files": ("memo.txt", (FIXTURES / "memo.txt").read_bytes(), "text/plain")}
    response = client.post("/api/v1/import", files=files)
    assert response.status_code == 200, response.text
    assert response.json()["filed"] == 1
    found = client.get("/api/v1/search", params={"q": "Novak"})
    assert found.status_code == 200 and found.json()["total"] == 1
    bad = client.get("/api/v1/search", params={"q": "x", "kind": "poem"})
    assert bad.status_code == 422


@pytest.mark.skipif(
    not (SHARED / "data" / "pocom").is_dir(), reason="../shared/data/pocom is not here"
)
def test_officials_load_then_resolve_the_ambassador_in_moscow_in_march_1941(cli: Cli) -> None:
    missing = cli("officials", "resolve", "Ambassador to the Soviet Union", "--on", "1941-03-21")
    assert missing.code == 1 and "no officials data loaded" in missing.err
    loaded = _json(cli("officials", "load", str(SHARED / "data" / "pocom"), "--format", "json"))
    assert loaded["loaded"]["tenure"]["created"] > 5000
    view = _json(
        cli(
            "officials",
            "resolve",
            "Ambassador to the Soviet Union",
            "--on",
            "1941-03-21",
            "--format",
            "json",
        )
    )
    assert [h["person"] for h in view["holders"]] == ["steinhardt-laurence-adolph"]
    text = cli("officials", "resolve", "Ambassador to the Soviet Union", "--on", "1941-03-21")
    assert "Laurence A" in text.out and "Steinhardt" in text.out
