"""Importing documents: plain text and FRUS TEI, files or folders.

Files are read in name order and checked against the import ledger (a file already imported is
skipped by its SHA-256), then parsed and linked (in worker processes when `jobs` > 1), then
filed in batches: each batch is one transaction holding several whole files and a ledger row
for each. A malformed file is reported with its place and skipped; nothing is half-imported;
an interrupted import, run again, skips the files it finished (and, inside a file, the
documents already on file: the same text gives the same key and content hash).
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import insert, select

from glienicke.domain.documents import Document
from glienicke.domain.errors import GlienickeError, InvalidValue, ValidationFailed
from glienicke.records.linking import OfficeResolver, link
from glienicke.records.names import NameIndex
from glienicke.records.parsed import ParsedDocument
from glienicke.records.tei import read_volume
from glienicke.records.text import parse_text
from glienicke.security.actor import current_actor
from glienicke.security.model import Permission
from glienicke.services.access import require
from glienicke.services.database import Database
from glienicke.services.duplicates import (
    LINKED,
    OFFERED,
    Offer,
    earlier_offers,
    hold,
    likely_on_file,
)
from glienicke.services.officials import office_resolver
from glienicke.services.threading import thread_references
from glienicke.store import bulk
from glienicke.store.repository import Repository, document_hashes, same_filed_content
from glienicke.store.tables import DocumentRow, ImportedFileRow, PersonAlias, PersonRow

TEXT_SUFFIXES = (".txt", ".text")
XML_SUFFIXES = (".xml", ".tei")
MAX_FILE_BYTES = 50_000_000
READ_AHEAD = 64  # files read and checked against the ledger together (one query)
READ_BYTES = 64_000_000  # ... unless their bytes come to more than this (large volumes)
BATCH = 2_000  # documents filed per transaction: whole files, as many as fill it
PART = 500  # a volume is read, linked and filed this many documents at a time (memory stays flat)


@dataclass
class FileReport:
    name: str
    format: str
    status: str  # imported, already-imported, nothing-new, failed
    filed: int = 0
    on_file: int = 0
    problems: list[str] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)  # held back: probably on file already

    def plain(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "format": self.format,
            "status": self.status,
            "filed": self.filed,
            "already_on_file": self.on_file,
            "problems": self.problems,
            "possible_duplicates": [offer.plain() for offer in self.offers],
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

    @property
    def offers(self) -> list[Offer]:
        return [offer for f in self.files for offer in f.offers]

    def plain(self) -> dict[str, Any]:
        return {
            "filed": self.filed,
            "files": [f.plain() for f in self.files],
            "failed": len(self.failed),
            "possible_duplicates": len(self.offers),
        }


Progress = Callable[[FileReport], None]


@dataclass
class _Read:
    """A file's bytes, read and hashed, on its way to the parser."""

    path: Path
    data: bytes
    sha: str
    report: FileReport

    @property
    def shown(self) -> str:
        """How messages name the file: as given (or as uploaded)."""
        return self.report.name


@dataclass
class _Parsed:
    """A file's documents, parsed and linked (where each came from, for messages), or why
    the file could not be read; what a worker process sends back."""

    format: str
    documents: list[Document] = field(default_factory=list)
    wheres: list[str] = field(default_factory=list)
    hashes: list[tuple[str, str]] = field(default_factory=list)  # content hash, digest
    error: str | None = None
    problems: list[str] = field(default_factory=list)  # documents left out, with their place
    last: bool = True  # the file's last part (a volume is filed in parts of PART documents)


_Ready = tuple[_Read, _Parsed]


def import_paths(
    db: Database,
    paths: Sequence[Path],
    progress: Progress | None = None,
    jobs: int = 1,
    shown: Mapping[Path, str] | None = None,
    documents: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every file named or found in the folders named, in name order; `jobs` worker
    processes parse and link while this one writes. `shown` names files in the report (an
    upload by the name it was sent under, not where the server put it). Only a file's own
    name, never its folder, is stored with its documents and in the ledger. `documents` is
    told how many documents each filing handled (filed, on file or refused): a progress
    bar's count."""
    require(Permission.FILE_DOCUMENTS)
    files = list(expand(paths))
    with db.reading() as repo:
        names = name_index(repo)
        offices = office_resolver(repo)
    reports: list[FileReport] = []

    def tell(report: FileReport) -> None:
        if progress is not None:
            progress(report)

    def unread() -> Iterator[list[_Read]]:
        seen: set[str] = set()
        for group in _read_groups(files):
            read = _read_new(db, group, seen, shown or {})
            for item in read:
                reports.append(item.report)
                if item.report.status != "imported":
                    tell(item.report)
            yield [item for item in read if item.report.status == "imported"]

    workers = jobs if len(files) > READ_AHEAD else 1  # a pool costs more than a few files
    batch: list[_Ready] = []
    held = 0  # documents in the batch (counted as they come: summing afresh grew with it)
    with closing(_parse_all(unread(), names, offices, workers)) as chunks:
        for chunk in chunks:
            for read, parsed in chunk:
                if parsed.last:
                    read.data = b""
                read.report.format = parsed.format
                if parsed.error is not None:
                    read.report.status = "failed"
                    read.report.problems.append(parsed.error)
                    tell(read.report)
                else:
                    batch.append((read, parsed))
                    held += len(parsed.documents)
            if held >= BATCH:
                _file_batch(db, batch, tell, documents)
                batch, held = [], 0
    _file_batch(db, batch, tell, documents)
    return ImportReport(reports)


def _read_groups(files: Sequence[Path]) -> Iterator[list[Path]]:
    """The files in groups read together: READ_AHEAD files, fewer when they are large (a group
    holds at most READ_BYTES of files, or one file larger than that)."""
    group: list[Path] = []
    size = 0
    for path in files:
        try:
            length = path.stat().st_size
        except OSError:
            length = 0  # reported when it is read
        if group and (len(group) == READ_AHEAD or size + length > READ_BYTES):
            yield group
            group, size = [], 0
        group.append(path)
        size += length
    if group:
        yield group


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


_DOCUMENT_DIV = re.compile(rb"<(?:\w+:)?div\b[^>]*\btype=[\"']document[\"']")


def count_documents(paths: Sequence[Path]) -> int:
    """About how many documents these files hold (a volume's document divs, one per text
    file), read quickly for a progress bar's total."""
    total = 0
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            total += 1
            continue
        total += len(_DOCUMENT_DIV.findall(data)) if detect(path, data[:256]) == "tei" else 1
    return total


def detect(path: Path, head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if path.suffix.lower() in XML_SUFFIXES or start.startswith((b"<?xml", b"<TEI")):
        return "tei"
    return "text"


def parse_file(
    path: Path, data: bytes, shown: str, problems: list[str] | None = None
) -> tuple[str, list[ParsedDocument]]:
    """The format and every document of a file; InvalidValue with the place if malformed.
    With a `problems` list, a volume's documents that cannot be read are left out and named
    there, and the rest are returned."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidValue(
            f"{shown}: {len(data):,} bytes is more than the {MAX_FILE_BYTES:,} a file may hold"
        )
    kind = detect(path, data[:256])
    if kind == "tei":
        return kind, list(read_volume(BytesIO(data), shown, problems))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidValue(f"{shown}: line {line}: not UTF-8 text (byte {error.start})") from None
    return kind, [parse_text(text, shown)]


def _read_new(
    db: Database, paths: Sequence[Path], seen: set[str], names: Mapping[Path, str]
) -> list[_Read]:
    """The files read and hashed; those in the ledger (or met earlier in this import) are
    marked already imported, those that cannot be read failed."""
    read: list[_Read] = []
    for path in paths:
        shown = names.get(path, str(path))
        try:
            data = path.read_bytes()
        except OSError as error:
            report = FileReport(
                shown, "?", "failed", problems=[f"{shown}: cannot read: {error.strerror}"]
            )
            read.append(_Read(path, b"", "", report))
            continue
        sha = hashlib.sha256(data).hexdigest()
        read.append(_Read(path, data, sha, FileReport(shown, detect(path, data[:256]), "imported")))
    wanted = [item.sha for item in read if item.sha]
    with db.reading() as repo:
        done = set(
            repo.session.scalars(
                select(ImportedFileRow.sha256).where(ImportedFileRow.sha256.in_(wanted))
            )
        )
    for item in read:
        if item.sha and (item.sha in done or item.sha in seen):
            item.report.status = "already-imported"
        seen.add(item.sha)
    return read


def _parse_all(
    chunks: Iterable[list[_Read]], names: NameIndex, offices: OfficeResolver | None, jobs: int
) -> Generator[list[_Ready], None, None]:
    """Each chunk parsed and linked, in order. With workers, a few chunks are parsed ahead
    while the caller files the ones before (the caller's thread alone uses the database)."""
    if jobs <= 1:
        for chunk in chunks:
            for item in chunk:
                # closed here, in the thread that parses, if the caller stops early: lxml's
                # parser state must not be freed by a collection in another thread
                with closing(_parts(item, names, offices)) as parts:
                    for part in parts:
                        yield [(item, part)]
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(names, offices)) as pool:
        ahead: deque[tuple[list[_Read], Future[list[_Parsed]]]] = deque()
        for chunk in chunks:
            small: list[_Read] = []
            for entry in [*chunk, None]:
                if entry is not None and not _large_volume(entry):
                    small.append(entry)
                    continue
                if small:
                    sent = [(s.path, s.data, s.shown) for s in small]
                    ahead.append((small, pool.submit(_parse_in_worker, sent)))
                    small = []
                if entry is None:
                    break
                # A volume of more than a part is read here, in parts, as it is filed: a
                # worker would send all its documents back at once.
                while ahead:
                    done, future = ahead.popleft()
                    yield list(zip(done, future.result(), strict=True))
                with closing(_parts(entry, names, offices)) as parts:
                    for part in parts:
                        yield [(entry, part)]
            while len(ahead) > 2 * jobs:
                done, future = ahead.popleft()
                yield list(zip(done, future.result(), strict=True))
        while ahead:
            done, future = ahead.popleft()
            yield list(zip(done, future.result(), strict=True))


def _large_volume(item: _Read) -> bool:
    """Whether a file is a TEI volume of more documents than a part."""
    if detect(item.path, item.data[:256]) != "tei" or len(item.data) > MAX_FILE_BYTES:
        return False
    return len(_DOCUMENT_DIV.findall(item.data)) > PART


def _parts(
    item: _Read, names: NameIndex, offices: OfficeResolver | None
) -> Generator[_Parsed, None, None]:
    """A file parsed and linked in parts: a TEI volume PART documents at a time as it is read
    (only one part is held, however large the volume), any other file whole."""
    if detect(item.path, item.data[:256]) != "tei" or len(item.data) > MAX_FILE_BYTES:
        yield _parse(item.path, item.data, item.shown, names, offices)
        return
    problems: list[str] = []
    part: list[ParsedDocument] = []
    try:
        with closing(read_volume(BytesIO(item.data), item.shown, problems)) as volume:
            for parsed in volume:
                part.append(parsed)
                if len(part) == PART:
                    yield _linked("tei", part, item.shown, names, offices, [], last=False)
                    part = []
    except InvalidValue as error:
        yield _Parsed("tei", error=str(error))
        return
    except (ValueError, TypeError, etree.LxmlError) as error:
        yield _Parsed("tei", error=f"{item.shown}: cannot be read: {error}")
        return
    yield _linked("tei", part, item.shown, names, offices, problems)


_WORKER: dict[str, Any] = {}


def _start_worker(names: NameIndex, offices: OfficeResolver | None) -> None:
    _WORKER.update(names=names, offices=offices)


def _parse_in_worker(files: list[tuple[Path, bytes, str]]) -> list[_Parsed]:
    names, offices = _WORKER["names"], _WORKER["offices"]
    return [_parse(path, data, shown, names, offices) for path, data, shown in files]


def _parse(
    path: Path, data: bytes, shown: str, names: NameIndex, offices: OfficeResolver | None
) -> _Parsed:
    problems: list[str] = []
    try:
        kind, parsed = parse_file(path, data, shown, problems)
    except InvalidValue as error:
        return _Parsed(detect(path, data[:256]), error=str(error))
    except (ValueError, TypeError, etree.LxmlError) as error:  # a fault of the file's own
        return _Parsed(detect(path, data[:256]), error=f"{shown}: cannot be read: {error}")
    return _linked(kind, parsed, shown, names, offices, problems)


def _linked(
    kind: str,
    parsed: list[ParsedDocument],
    shown: str,
    names: NameIndex,
    offices: OfficeResolver | None,
    problems: list[str],
    *,
    last: bool = True,
) -> _Parsed:
    own = _own_name(shown)
    for p in parsed:  # the file's name only: where the file lay is no part of the record
        origin = p.document.imported_from
        if origin is not None and origin.startswith(shown):
            p.document.imported_from = own + origin[len(shown) :]
    documents = [link(p, names, offices, scan_body=kind == "text") for p in parsed]
    hashes = [document_hashes(d) for d in documents]
    wheres = [p.where for p in parsed]
    return _Parsed(kind, documents, wheres, hashes, problems=problems, last=last)


def _file_batch(
    db: Database,
    batch: list[_Ready],
    tell: Callable[[FileReport], None],
    counted: Callable[[int], None] | None = None,
) -> None:
    """File a batch of whole files in one transaction. Should the database refuse it (another
    import filing the same documents at the same moment), each file is tried alone, and one
    that still fails is reported failed with the database's words."""
    if not batch:
        return
    try:
        with db.transaction() as repo:
            outcomes = _file(repo, batch)
    except GlienickeError as error:
        if len(batch) > 1:
            for item in batch:
                _file_batch(db, [item], tell, counted)
            return
        report = batch[0][0].report
        report.status = "failed"
        report.problems.append(f"{report.name}: {error}")
        tell(report)
        return
    for (read, parsed), (filed, on_file, problems, offers) in zip(batch, outcomes, strict=True):
        report = read.report
        report.filed += filed
        report.on_file += on_file
        report.problems += problems
        report.offers += offers
        if counted is not None:
            counted(filed + on_file + len(problems) + len(offers))
        if not parsed.last:
            continue
        if not report.filed and not report.problems and not report.offers:
            report.status = "nothing-new"
        tell(report)


_Outcome = tuple[int, int, list[str], list[Offer]]


def _file(repo: Repository, batch: list[_Ready]) -> list[_Outcome]:
    """Write the batch's new documents, thread their references and enter each file in the
    ledger; per file, how many were filed and already on file, the problems, and the documents
    held back as probably on file under another key (offered for linking, never filed)."""
    keys = [d.key for _read, parsed in batch for d in parsed.documents]
    stored: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        query = select(DocumentRow.key, DocumentRow.content_hash).where(
            DocumentRow.key.in_(keys[start : start + 500])
        )
        stored.update((key, digest) for key, digest in repo.session.execute(query))
    _same_elsewhere(repo, batch, stored)
    seen: set[str] = set()
    per_file = [_fresh(parsed, stored, seen) for _read, parsed in batch]
    new_keys = [d.key for new, _o, _p in per_file for d, _h in new]
    offered = earlier_offers(repo, new_keys)
    likely = likely_on_file(
        repo, [d for new, _o, _p in per_file for d, _h in new if d.key not in offered]
    )
    fresh: list[tuple[Document, tuple[str, str]]] = []
    outcomes: list[_Outcome] = []
    for (read, parsed), (new, on_file, problems) in zip(batch, per_file, strict=True):
        wheres = {d.key: w for d, w in zip(parsed.documents, parsed.wheres, strict=True)}
        kept, offers = [], []
        for document, hashes in new:
            earlier = offered.get(document.key)
            if earlier is not None and earlier.status == LINKED:
                on_file += 1  # linked to the one on file when it was offered before
            elif earlier is not None and earlier.status == OFFERED:
                offers.append(
                    Offer(
                        earlier.key,
                        earlier.duplicate_of,
                        earlier.reason,
                        earlier.file,
                        earlier.place,
                        earlier.title,
                    )
                )
            elif document.key in likely:
                other, reason = likely[document.key]
                own = _own_name(read.shown)
                place = wheres[document.key].replace(read.shown, own, 1)
                offers.append(hold(repo, document, hashes[0], other, reason, own, place))
            else:
                kept.append((document, hashes))
        fresh += kept
        outcomes.append((len(kept), on_file, problems, offers))
    for start in range(0, len(fresh), BATCH):
        part = fresh[start : start + BATCH]
        bulk.file_documents(repo.session, [d for d, _h in part], repo.audit, [h for _d, h in part])
        repo.changed = True
    thread_references(repo.session, [d for d, _h in fresh])
    now, actor = datetime.now(UTC), current_actor().name
    done = [
        (read, parsed, outcome) for (read, parsed), outcome in zip(batch, outcomes, strict=True)
    ]
    if not any(parsed.last for _read, parsed, _outcome in done):
        return outcomes
    filed: dict[int, int] = {}  # documents filed of each file in this batch (by its read)
    for read, _parsed, outcome in done:
        filed[id(read)] = filed.get(id(read), 0) + outcome[0]
    repo.session.execute(
        insert(ImportedFileRow),
        [
            {
                "sha256": read.sha,
                "name": _own_name(read.shown),
                "format": read.report.format,
                "documents": read.report.filed + filed[id(read)],
                "imported_at": now,
                "actor": actor,
            }
            for read, parsed, _outcome in done
            if parsed.last
        ],
    )
    return outcomes


def _same_elsewhere(repo: Repository, batch: list[_Ready], stored: dict[str, str]) -> None:
    """Documents on file under another hash that say the same (read from another file or
    another copy of the volume, or filed before the hash left provenance out) count as on
    file: their stored hash is taken as the new one's."""
    for _read, parsed in batch:
        for document, (content, _digest) in zip(parsed.documents, parsed.hashes, strict=True):
            if document.key in stored and stored[document.key] != content:
                filed = repo.find(Document, document.key)
                if filed is not None and same_filed_content(filed, document):
                    stored[document.key] = content


def uploaded_name(filename: str | None, index: int) -> str:
    """The name an upload is reported and recorded under: the sender's file name without any
    folder, and without control characters; `upload-N` when it has none."""
    name = _own_name(filename or "")
    name = "".join(c for c in name if c.isprintable()).strip()[:200]
    return name or f"upload-{index}"


def _own_name(shown: str) -> str:
    """A file's name without its folder (as given on this machine or by an uploader's)."""
    return shown.replace("\\", "/").rsplit("/", 1)[-1] or shown


def _fresh(
    item: _Parsed, stored: dict[str, str], seen: set[str]
) -> tuple[list[tuple[Document, tuple[str, str]]], int, list[str]]:
    """A file's documents not yet on file, with their hashes; a changed one, or one that
    breaks a rule, is reported and left out (the rest of the file still imports)."""
    fresh: list[tuple[Document, tuple[str, str]]] = []
    problems: list[str] = list(item.problems)
    on_file = 0
    for document, where, hashes in zip(item.documents, item.wheres, item.hashes, strict=True):
        if document.key in stored or document.key in seen:
            if document.key in stored and stored[document.key] != hashes[0]:
                problems.append(
                    f"{where}: document {document.key} is on file with other content;"
                    " it was not changed (file a correction with 'supersedes')"
                )
            else:
                on_file += 1
            continue
        found = document.problems()
        if found:
            problems.append(f"{where}: " + "; ".join(f"{p.where}: {p.message}" for p in found))
            continue
        seen.add(document.key)
        fresh.append((document, hashes))
    return fresh, on_file, problems


__all__ = ["ImportReport", "ValidationFailed", "import_paths", "uploaded_name"]
