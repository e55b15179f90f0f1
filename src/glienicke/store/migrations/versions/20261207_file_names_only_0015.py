"""file names only: documents imported or drafted before the fix keep the file's name, not
where it lay on the server (documents.imported_from, a draft's summary and its search notes)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 10:30:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# How the drafts service worded a draft's summary: "... with the template PATH."
TEMPLATE = re.compile(r"(with the template )(\S+)(\.)$")


def file_name(path: str) -> str:
    """The last part of a path written with either kind of separator."""
    return re.split(r"[\\/]", path)[-1]


def origin_name(origin: str) -> str:
    """'any/where/volume.xml#d12' -> 'volume.xml#d12'."""
    where, hash_, place = origin.partition("#")
    return file_name(where) + hash_ + place


def summary_name(summary: str) -> str:
    return TEMPLATE.sub(lambda m: m.group(1) + file_name(m.group(2)) + m.group(3), summary)


def upgrade() -> None:
    connection = op.get_bind()
    # ESCAPE names a character no pattern uses, so a backslash is an ordinary one on both
    # engines (PostgreSQL's LIKE would otherwise take it as its escape)
    rows = connection.execute(
        sa.text(
            "SELECT key, imported_from, summary FROM documents"
            " WHERE imported_from LIKE :slash ESCAPE '!' OR imported_from LIKE :back ESCAPE '!'"
            " OR summary LIKE :drafted_slash ESCAPE '!' OR summary LIKE :drafted_back ESCAPE '!'"
        ),
        {
            "slash": "%/%",
            "back": "%\\%",
            "drafted_slash": "%with the template %/%",
            "drafted_back": "%with the template %\\%",
        },
    ).all()
    for key, origin, summary in rows:
        new_origin = None if origin is None else origin_name(origin)
        new_summary = None if summary is None else summary_name(summary)
        connection.execute(
            sa.text("UPDATE documents SET imported_from = :o, summary = :s WHERE key = :k"),
            {"o": new_origin, "s": new_summary, "k": key},
        )
        if summary and new_summary != summary:
            notes = connection.execute(
                sa.text("SELECT notes FROM document_index WHERE key = :k"), {"k": key}
            ).scalar()
            if notes is not None and summary in notes:
                connection.execute(
                    sa.text("UPDATE document_index SET notes = :n WHERE key = :k"),
                    {"n": notes.replace(summary, new_summary or ""), "k": key},
                )


def downgrade() -> None:
    """Where the files lay is not kept anywhere: nothing to put back."""
