"""Importing documents: plain text and FRUS TEI, files or folders.

Each file is read, parsed and linked before anything is written, then filed in one
transaction with the ledger entry that marks it done: a malformed file is reported with its
place and skipped, nothing is half-imported, and an interrupted import, run again, skips the
files it finished (and, inside a file, the documents already on file: the same text gives the
same key and content hash).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from glienicke.domain.documents import Document
from glienicke.domain.errors import InvalidValue, ValidationFailed
from glienicke.records.linking import OfficeResolver, link
from glienicke.records.names import NameIndex
from glienicke.records.parsed import ParsedDocument
from glienicke.records.tei import read_volume
from glienicke.records.text import parse_text
from glienicke.security.actor import current_actor
from glienicke.security.model import Permission
from glienicke.services.access import require
from glienicke.services.database import Database
from glienicke.services.officials import office_resolver
from glienicke.services.threading import thread_references
from glienicke.store import bulk
from glienicke.store.repository import Repository, content_hash
from glienicke.store.tables import DocumentRow, ImportedFileRow, PersonAlias, PersonRow

TEXT_SUFFIXES = (".txt", ".text")
XML_SUFFIXES = (".xml", ".tei")
MAX_FILE_BYTES = 50_000_000
BATCH = 2_000  # documents per insert round inside one file's transaction


@dataclass
class FileReport:
    name: str
    format: str
    status: str  # imported, already-imported, nothing-new, failed
    filed: int = 0
    on_file: int = 0
    problems: list[str] = field(default_factory=list)

    def plain(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "format": self.format,
            "status": self.status,
            "filed": self.filed,
            "already_on_file": self.on_file,
            "problems": self.problems,
        }


@dataclass
class ImportReport:
    files: list[FileReport]

    @property
    def filed(self) -> int:
        return sum(f.filed for f in self.files)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    def plain(self) -> dict[str, Any]:
        return {
            "filed": self.filed,
            "files": [f.plain() for f in self.files],
            "failed": len(self.failed),
        }


Progress = Callable[[FileReport], None]


def import_paths(
    db: Database, paths: Sequence[Path], progress: Progress | None = None
) -> ImportReport:
    """Import every file named or found in the folders named, in name order."""
    require(Permission.FILE_DOCUMENTS)
    files = list(expand(paths))
    with db.reading() as repo:
        names = name_index(repo)
        offices = office_resolver(repo)
    reports = []
    for path in files:
        report = import_file(db, path, names, offices)
        reports.append(report)
        if progress is not None:
            progress(report)
    return ImportReport(reports)


def expand(paths: Sequence[Path]) -> Iterator[Path]:
    """Files as named, and the importable files in folders, recursively and sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + XML_SUFFIXES
            )
        elif path.is_file():
            yield path
        else:
            raise InvalidValue(f"{path}: no such file or folder")


def name_index(repo: Repository) -> NameIndex:
    """Every person's name and aliases, read in two queries."""
    aliases: dict[str, list[str]] = {}
    alias_table = PersonAlias.__table__
    for key, alias in repo.session.execute(select(alias_table.c.parent_key, alias_table.c.alias)):
        aliases.setdefault(key, []).append(alias)
    persons = repo.session.execute(select(PersonRow.key, PersonRow.name))
    return NameIndex.of((key, name, aliases.get(key, [])) for key, name in persons)


def detect(path: Path, head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if path.suffix.lower() in XML_SUFFIXES or start.startswith((b"<?xml", b"<TEI")):
        return "tei"
    return "text"


def parse_file(path: Path, data: bytes, shown: str) -> tuple[str, list[ParsedDocument]]:
    """The format and every document of a file; InvalidValue with the place if malformed."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidValue(
            f"{shown}: {len(data):,} bytes is more than the {MAX_FILE_BYTES:,} a file may hold"
        )
    kind = detect(path, data[:256])
    if kind == "tei":
        from io import BytesIO

        return kind, list(read_volume(BytesIO(data), shown))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidValue(f"{shown}: line {line}: not UTF-8 text (byte {error.start})") from None
    return kind, [parse_text(text, shown)]


def import_file(
    db: Database, path: Path, names: NameIndex, offices: OfficeResolver | None
) -> FileReport:
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileReport(
            shown, "?", "failed", problems=[f"{shown}: cannot read: {error.strerror}"]
        )
    sha = hashlib.sha256(data).hexdigest()
    with db.reading() as repo:
        if repo.session.get(ImportedFileRow, sha) is not None:
            return FileReport(shown, detect(path, data[:256]), "already-imported")
    try:
        kind, parsed = parse_file(path, data, shown)
    except InvalidValue as error:
        return FileReport(shown, detect(path, data[:256]), "failed", problems=[str(error)])
    report = FileReport(shown, kind, "imported")
    documents = [link(p, names, offices, scan_body=kind == "text") for p in parsed]
    with db.transaction() as repo:
        fresh = _fresh(repo, documents, parsed, report)
        for start in range(0, len(fresh), BATCH):
            bulk.file_documents(repo.session, fresh[start : start + BATCH], repo.audit)
        thread_references(repo.session, fresh)
        repo.session.add(
            ImportedFileRow(
                sha256=sha,
                name=path.name,
                format=kind,
                documents=len(fresh),
                imported_at=datetime.now(UTC),
                actor=current_actor().name,
            )
        )
    report.filed = len(fresh)
    if not fresh and not report.problems:
        report.status = "nothing-new"
    return report


def _fresh(
    repo: Repository, documents: list[Document], parsed: list[ParsedDocument], report: FileReport
) -> list[Document]:
    """The documents not yet on file; a changed one, or one that breaks a rule, is reported and
    left out (the rest of the file still imports)."""
    keys = [d.key for d in documents]
    stored: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        query = select(DocumentRow.key, DocumentRow.content_hash).where(
            DocumentRow.key.in_(keys[start : start + 500])
        )
        stored.update((key, digest) for key, digest in repo.session.execute(query))
    fresh: list[Document] = []
    seen: set[str] = set()
    for document, source in zip(documents, parsed, strict=True):
        if document.key in stored or document.key in seen:
            if document.key in stored and stored[document.key] != content_hash(document):
                report.problems.append(
                    f"{source.where}: document {document.key} is on file with other content;"
                    " it was not changed (file a correction with 'supersedes')"
                )
            else:
                report.on_file += 1
            continue
        problems = document.problems()
        if problems:
            report.problems.append(
                f"{source.where}: " + "; ".join(f"{p.where}: {p.message}" for p in problems)
            )
            continue
        seen.add(document.key)
        fresh.append(document)
    return fresh


__all__ = ["ImportReport", "ValidationFailed", "import_paths"]
