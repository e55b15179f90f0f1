"""Issue 19, the items left after the first pass: the audit trail sealed by a key, sign-in
back-off that answers alike for real and made-up names, and drafts cleared only in one's own
name (or by whoever may record others' answers)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from glienicke.domain.documents import Classification
from glienicke.domain.errors import ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.audit import AuditEntry, chain
from glienicke.security.model import LOCK_AFTER, Role, User
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, datasets, drafts
from glienicke.services.access import Forbidden
from glienicke.services.accounts import SignInRefused, TryLater
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from glienicke.web.app import create_app
from tests.conftest import TESTER, CliResult
from tests.integration.webclient import KEY as SESSION_KEY
from tests.integration.webclient import csrf_of, signed_in

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"
KEY = b"an audit key of more than thirty-two characters"
Cli = Callable[..., CliResult]


@pytest.fixture
def keyed(db: Database) -> Database:
    """The test database, written and read by a process holding the audit key."""
    return replace(db, audit_key=KEY)


def _top(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(connection.execute(text("SELECT max(seq) FROM audit_entries")).scalar_one())


def _rewrite_tail(db: Database, count: int) -> None:
    """What an attacker with write access but no key can do: drop the last `count` entries and
    append forged ones in their place, each hashed correctly onto the chain."""
    with db.engine.begin() as connection:
        top = int(connection.execute(text("SELECT max(seq) FROM audit_entries")).scalar_one())
        connection.execute(text("DELETE FROM audit_entries WHERE seq > :s"), {"s": top - count})
        row = connection.execute(
            text("SELECT seq, hash FROM audit_entries WHERE seq = :s"), {"s": top - count}
        ).one()
        previous = AuditEntry(row.seq, "", "", "", "", "", "", {}, "", row.hash)
        for _ in range(count):
            forged = chain(
                AuditEntry(0, "2026-01-01T00:00:00", "cli:nobody", "x", "read", "case", "x"),
                previous,
            )
            connection.execute(
                text(
                    "INSERT INTO audit_entries (seq, at, actor, origin, action, kind,"
                    " record_key, detail, prev_hash, hash) VALUES (:seq, :at, :actor, :origin,"
                    " :action, :kind, :key, '{}', :prev, :hash)"
                ),
                {
                    "seq": forged.seq,
                    "at": forged.at,
                    "actor": forged.actor,
                    "origin": forged.origin,
                    "action": forged.action,
                    "kind": forged.kind,
                    "key": forged.key,
                    "prev": forged.prev_hash,
                    "hash": forged.hash,
                },
            )
            previous = forged


def _rename_alma(db: Database) -> None:
    """A change behind the product's back, which loading the fixture again puts right (and
    so writes audit entries)."""
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE persons SET name = 'Alma X' WHERE key = 'alma'"))


def test_a_keyed_trail_verifies_as_sealed(keyed: Database) -> None:
    datasets.load_files(keyed, [SMALL])
    result = audit.verify_trail(keyed)
    assert result.intact and result.sealed
    with keyed.engine.connect() as connection:
        sealed = connection.execute(text("SELECT seq, hash FROM audit_seal")).one()
    assert (sealed.seq, sealed.hash) == (_top(keyed), result.head)


def test_without_the_key_a_rewritten_tail_passes_but_the_seal_finds_it(
    keyed: Database, db: Database
) -> None:
    datasets.load_files(keyed, [SMALL])
    _rewrite_tail(keyed, 2)
    assert audit.verify_trail(db).intact  # no key: the chain alone cannot tell
    finding = audit.verify_trail(keyed).finding
    assert finding is not None and "rewritten" in finding.problem


def test_the_seal_finds_a_shortened_trail(keyed: Database, db: Database) -> None:
    datasets.load_files(keyed, [SMALL])
    top = _top(keyed)
    with keyed.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries WHERE seq > :s"), {"s": top - 3})
    assert audit.verify_trail(db).intact
    finding = audit.verify_trail(keyed).finding
    assert finding is not None
    assert f"vouches for {top} entries but the chain ends at {top - 3}" in finding.problem


def test_a_removed_or_forged_seal_and_a_writer_without_the_key_are_found(
    keyed: Database, db: Database
) -> None:
    datasets.load_files(keyed, [SMALL])
    with keyed.engine.begin() as connection:
        connection.execute(text("UPDATE audit_seal SET mac = :m"), {"m": "0" * 64})
    finding = audit.verify_trail(keyed).finding
    assert finding is not None and "forged" in finding.problem
    with keyed.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_seal"))
    finding = audit.verify_trail(keyed).finding
    assert finding is not None and "carries no keyed seal" in finding.problem
    other = replace(db, audit_key=b"another key, also more than thirty-two long")
    _rename_alma(db)
    datasets.load_files(other, [SMALL])  # puts her name back, sealed under another key
    finding = audit.verify_trail(keyed).finding
    assert finding is not None and "audit key has changed" in finding.problem


def test_entries_written_without_the_key_after_the_seal_are_found(
    keyed: Database, db: Database
) -> None:
    datasets.load_files(keyed, [SMALL])
    sealed_at = _top(keyed)
    _rename_alma(db)
    datasets.load_files(db, [SMALL])  # a process without the key: entries but no new seal
    finding = audit.verify_trail(keyed).finding
    assert finding is not None
    assert f"entries after {sealed_at} were added without the audit key" in finding.problem


def test_a_trail_written_before_the_key_is_sealed_once_it_verifies(
    keyed: Database, db: Database, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    datasets.load_files(db, [SMALL])
    finding = audit.verify_trail(keyed).finding
    assert finding is not None and "no keyed seal" in finding.problem
    monkeypatch.setenv("GLIENICKE_AUDIT_KEY", KEY.decode())
    sealed = cli("audit", "seal")
    assert sealed.code == 0, sealed.err
    assert "Audit trail sealed at head" in sealed.out
    verified = cli("audit", "verify")
    assert verified.code == 0 and "(the head the audit key sealed)" in verified.out
    again = cli("audit", "seal")
    assert again.code == 1 and again.err.startswith("error: audit trail: is sealed already")


def test_a_broken_trail_is_not_sealed(keyed: Database, db: Database) -> None:
    datasets.load_files(db, [SMALL])
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET actor = 'cli:eve' WHERE seq = 2"))
    with pytest.raises(ValidationFailed, match="not sealed: audit entry 2: altered"):
        audit.seal_trail(keyed)
    with keyed.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_seal")).scalar_one() == 0


def test_a_short_audit_key_is_one_clear_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLIENICKE_AUDIT_KEY", "too short")
    result = cli("audit", "verify")
    assert result.code == 1
    assert result.err == (
        "error: setting GLIENICKE_AUDIT_KEY: must be at least 32 characters (a random secret)\n"
    )


def test_the_api_and_the_page_check_a_recorded_head(db: Database, tester_account: User) -> None:
    datasets.load_files(db, [SMALL])
    client = TestClient(create_app(db))
    bearer = {"Authorization": f"Bearer {accounts.create_token(db, 'tester', 'audit')[1]}"}
    head = audit.verify_trail(db).head
    good = client.get(f"/api/v1/audit/verify?head={head}", headers=bearer)
    assert good.status_code == 200 and good.json()["intact"] is True
    assert good.json()["sealed"] is False
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries WHERE seq = :s"), {"s": _top(db)})
    cut = client.get(f"/api/v1/audit/verify?head={head}", headers=bearer).json()
    assert cut["intact"] is False and "is not in the chain" in cut["finding"]
    bad = client.get("/api/v1/audit/verify?head=not-a-hash", headers=bearer)
    assert bad.status_code == 422 and "64 hexadecimal digits" in bad.text
    client.cookies.clear()
    page = signed_in(db, "tester", "tester's password")
    shown = page.get(f"/audit?head={head}").text
    assert "is not in the chain" in shown
    assert "Recorded head hash: give the 64" in page.get("/audit?head=zz").text


# --- sign-in: real names and made-up names answer alike -------------------------------------


def _answers(db: Database, username: str, start: datetime) -> list[str]:
    """What each of LOCK_AFTER + 2 wrong passwords is answered, each tried once the previous
    answer's wait (if any) is over."""
    said, now = [], start
    for _ in range(LOCK_AFTER + 2):
        try:
            accounts.sign_in(db, username, "a wrong password!", now=now)
        except SignInRefused as refused:
            said.append(str(refused))
        except TryLater as later:
            said.append(str(later))
            now += timedelta(seconds=later.seconds)
            try:
                accounts.sign_in(db, username, "a wrong password!", now=now)
            except (SignInRefused, TryLater) as answer:
                said.append(str(answer))
        # no wait wanted: the same moment
    return said


def test_back_off_and_lockout_answer_alike_for_an_account_and_a_made_up_name(
    db: Database, tester_account: User
) -> None:
    start = datetime(2026, 12, 7, 10, tzinfo=UTC)
    real = _answers(db, "tester", start)
    made_up = _answers(db, "nobody-here", start)
    assert real == made_up
    assert any("try again in" in answer for answer in real)
    assert real[-1].startswith("this account is locked")
    with db.engine.connect() as connection:
        stored = [r[0] for r in connection.execute(text("SELECT name_hash FROM sign_in_misses"))]
    assert len(stored) == 1 and "nobody" not in stored[0]  # only the name's hash is kept


def test_a_made_up_name_waits_as_an_account_would_on_the_web_page(
    db: Database, tester_account: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one moment for every attempt: the one-second wait never runs out on a slow machine
    frozen = datetime(2026, 12, 7, 10, tzinfo=UTC)
    monkeypatch.setattr(accounts, "_now", lambda: frozen)
    statuses: dict[str, list[int]] = {}
    for username in ("tester", "nobody-here"):
        client = TestClient(create_app(db, secret_key=SESSION_KEY))
        statuses[username] = []
        for _ in range(4):
            token = csrf_of(client.get("/login").text)
            form = {"username": username, "password": "wrong password!", "csrf_token": token}
            statuses[username].append(client.post("/login", data=form).status_code)
    assert statuses["tester"] == statuses["nobody-here"]
    assert statuses["tester"][-1] == 429


# --- drafts: a clearance in one's own name ------------------------------------------------


def _records_officer(person: str | None) -> Viewer:
    user = User(
        username="filer",
        name="Filer",
        roles=[Role.RECORDS_OFFICER],
        clearance=Classification.TOP_SECRET,
        groups=["ivanov-team"],
        person=person,
    )
    return Viewer.of(user)


def _letter(db: Database) -> str:
    load_demo(db)
    letter = drafts.draft_document(
        db, "ivanov-1964", "concurrence-letter", by="meeker", clear_with=["thompson", "davis"]
    )
    return letter.key


def test_a_clearance_is_recorded_only_by_its_person_or_by_who_may_record_answers(
    db: Database,
) -> None:
    letter = _letter(db)
    unlinked = acting_as("test:filer", "tests", _records_officer(None))
    with unlinked, pytest.raises(Forbidden, match="your account is linked to no person"):
        drafts.clear_draft(db, letter, "thompson")
    with acting_as("test:filer", "tests", _records_officer("thompson")):
        with pytest.raises(Forbidden, match="recording davis's needs the answer-clearance"):
            drafts.clear_draft(db, letter, "davis")
        cleared = drafts.clear_draft(db, letter, "thompson")
    assert cleared.cleared_with == ["thompson"]
    # the tester may record answers (legal adviser, principal): davis's clearance by telephone
    assert drafts.clear_draft(db, letter, "davis").cleared_with == ["thompson", "davis"]


def test_an_account_is_linked_to_its_person_from_the_command_line(db: Database, cli: Cli) -> None:
    linked = cli("user", "link", "tester", "thompson")
    assert linked.code == 0, linked.err
    assert linked.out.strip() == "tester is linked to person thompson"
    assert accounts.user_named(db, "tester").person == "thompson"
    listed: list[dict[str, Any]] = json.loads(cli("user", "list", "-f", "json").out)
    assert listed[0]["person"] == "thompson"
    bad = cli("user", "link", "tester", "not a key!")
    assert bad.code == 1 and bad.err.startswith("error: person: 'not a key!' is not a key")
    neither = cli("user", "link", "tester")
    assert neither.code == 1 and "give a person's key, or --none" in neither.err
    assert cli("user", "link", "tester", "--none").out.strip() == "tester is linked to no person"
    assert accounts.user_named(db, "tester").person is None
    assert TESTER.person is None


def test_the_page_offers_only_the_clearances_the_account_may_record(db: Database) -> None:
    from glienicke.services.demo import set_up_demo

    set_up_demo(db)
    letter = drafts.draft_document(
        db, "ivanov-1964", "concurrence-letter", by="meeker", clear_with=["thompson", "davis"]
    )
    records = signed_in(db, "demo-records").get("/proposals/ivanov-1964").text
    assert "your account is linked to no person" in records
    assert f'action="/drafts/{letter.key}/clear"' not in records
    negotiator = signed_in(db, "demo-negotiator").get("/proposals/ivanov-1964").text
    assert f'action="/drafts/{letter.key}/clear"' in negotiator
    accounts.link_person(db, "demo-records", "thompson")
    linked = signed_in(db, "demo-records").get("/proposals/ivanov-1964").text
    form = linked.split(f'action="/drafts/{letter.key}/clear"', 1)[1].split("</form>", 1)[0]
    assert 'value="thompson"' in form and 'value="davis"' not in form


def test_migration_0014_down_and_up_keeps_every_account_with_its_roles_and_tokens(
    db: Database, tester_account: User
) -> None:
    from tests.integration.schema import migrate

    accounts.create_token(db, "tester", "kept")
    accounts.link_person(db, "tester", "thompson")

    def held() -> tuple[int, int, int]:
        # the roles 0013 knows: going down past 0018 takes the reader role away, as it must
        counts = (
            "SELECT count(*) FROM users",
            "SELECT count(*) FROM user_roles WHERE role <> 'reader'",
            "SELECT count(*) FROM api_tokens",
        )
        with db.engine.connect() as connection:
            found = [int(connection.execute(text(q)).scalar_one()) for q in counts]
        return found[0], found[1], found[2]

    before = held()
    assert before == (1, len(TESTER.roles) - 1, 1)
    migrate(db.engine, "0013", down=True)
    assert held() == before
    migrate(db.engine, "head")
    assert held() == before
    assert accounts.user_named(db, "tester").person is None  # the link went with its column
