"""Issue 19: documents imported or drafted before the fix lose the server paths they stored
(the migration to 0015), in the record and in what search reads."""

from __future__ import annotations

from sqlalchemy import text

from glienicke.services import drafts
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from tests.integration.schema import migrate


def _letter(db: Database) -> str:
    load_demo(db)
    letter = drafts.draft_document(
        db, "ivanov-1964", "concurrence-letter", by="meeker", clear_with=["thompson", "davis"]
    )
    return letter.key


def test_the_migration_leaves_file_names_only_in_old_imports_and_drafts(db_url: str) -> None:
    # The database's own search index is what the migration rewrites: this database keeps it
    # (the embedded index is derived afresh from the record, and holds no old paths of its own).
    db = Database.open(db_url)
    letter = _letter(db)
    old = (
        "Drafted from proposal ivanov-1964 with the template"
        " /srv/app/site-packages/glienicke/config/drafts/concurrence-letter.txt.j2."
    )
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE documents SET summary = :s WHERE key = :k"), {"s": old, "k": letter}
        )
        connection.execute(
            text("UPDATE document_index SET notes = :s WHERE key = :k"), {"s": old, "k": letter}
        )
        connection.execute(
            text(
                "UPDATE documents SET imported_from = :o WHERE key = 'state-justice-letter-1941-03-20'"
            ),
            {"o": "C:\\Users\\clerk\\frus\\frus1964-68v14.xml#d80"},
        )
    migrate(db.engine, "0014", down=True)
    migrate(db.engine, "head")
    with db.engine.connect() as connection:
        summary = connection.execute(
            text("SELECT summary FROM documents WHERE key = :k"), {"k": letter}
        ).scalar_one()
        origin = connection.execute(
            text(
                "SELECT imported_from FROM documents WHERE key = 'state-justice-letter-1941-03-20'"
            )
        ).scalar_one()
        notes = connection.execute(
            text("SELECT notes FROM document_index WHERE key = :k"), {"k": letter}
        ).scalar_one()
    assert summary.endswith("with the template concurrence-letter.txt.j2.")
    assert origin == "frus1964-68v14.xml#d80"
    assert notes == summary  # what search reads is put right with the record
