"""Issue 19: a draft stores no path of the server machine, only its template's file name."""

from __future__ import annotations

from glienicke.domain.documents import Document
from glienicke.services import drafts
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo


def _stored_text(document: Document) -> str:
    return " ".join(str(v) for v in document.__dict__.values())


def test_a_draft_names_its_template_by_file_name_only(db: Database) -> None:
    load_demo(db)
    draft = drafts.draft_document(
        db, "ivanov-1964", "concurrence-letter", by="meeker", on="1964-12-08"
    )
    assert "concurrence-letter.txt.j2" in (draft.summary or "")
    assert "/" not in (draft.summary or "").split("template", 1)[1]
    assert "/src/glienicke/" not in _stored_text(draft)
