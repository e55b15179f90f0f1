"""The database a command or request works on, and its units of work."""

from __future__ import annotations

import threading
import typing
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from glienicke.domain.errors import GlienickeError
from glienicke.security.actor import current_actor
from glienicke.store.audit import AuditLog
from glienicke.store.db import DatabaseUnavailable, ensure_schema, make_engine
from glienicke.store.repository import Repository
from glienicke.store.search import index_rows
from glienicke.store.tables import Base, DataVersionRow, DocumentRow
from glienicke.store.tantivy_index import SearchIndex, pending

T = TypeVar("T")

# How often a unit of work that may safely be done again is tried when another transaction
# took the audit trail's next entry first.
ATTEMPTS = 5

KEPT = 64  # answers `Database.kept` holds at most, the least recently asked for dropped first

ACCOUNT_TABLES = {"users", "user_roles", "user_groups", "api_tokens", "web_sessions"}


class ConcurrentChange(GlienickeError):
    code = "concurrent-change"


@dataclass
class Database:
    engine: Engine
    audit_key: bytes | None = None  # seals the audit chain's head (settings: audit_key)
    search: SearchIndex | None = None  # the embedded search index, or None: the database's

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(
            self.engine, expire_on_commit=False, info={"search_index": self.search}
        )
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._kept_lock = threading.Lock()

    @classmethod
    def open(
        cls, url: str, audit_key: bytes | None = None, search_index: Path | None = None
    ) -> Database:
        """Connect, creating or upgrading the schema on first use; with `search_index`, a
        folder, search uses the embedded index kept there, caught up with the database now
        (built from it when the folder holds none)."""
        engine = make_engine(url)
        ensure_schema(engine)
        if search_index is None:
            return cls(engine, audit_key)
        index = SearchIndex(search_index)
        db = cls(engine, audit_key, index)
        if index.fresh and db._any_document():
            db.rebuild_search()
        else:
            index.catch_up(engine)
        return db

    def _any_document(self) -> bool:
        with self.reading() as repo:
            return repo.session.scalar(select(DocumentRow.key).limit(1)) is not None

    def rebuild_search(self, progress: Callable[[int], None] | None = None) -> int:
        """Build the embedded index afresh from every document on file; how many it holds."""
        if self.search is None:
            raise GlienickeError("this database searches with its own index: nothing to rebuild")
        with self.reading() as repo:
            return self.search.rebuild(self.engine, index_rows(repo.session), progress=progress)

    def catch_up_search(self) -> None:
        """Apply what changes wait for the embedded index (before a search: nothing another
        process committed is missed, and nothing it hid stays found)."""
        if self.search is None:
            return
        with self.reading() as repo:
            waiting = pending(repo.session)
        if waiting:
            self.search.catch_up(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """One unit of work: committed if the block succeeds, rolled back entirely if not."""
        session: Session = self._sessions()
        actor = current_actor()
        queued = False
        try:
            log = AuditLog(session, actor.name, actor.origin, self.audit_key)
            repo = Repository(session, log)
            yield repo
            log.seal_head()
            if repo.changed:
                session.execute(update(DataVersionRow).values(version=DataVersionRow.version + 1))
            session.commit()
            queued = bool(session.info.get("search_queued"))
        except IntegrityError as error:
            session.rollback()
            # Input is checked before writing, so this is a race: two users saving the same key,
            # or a record removed while another was being linked to it.
            raise ConcurrentChange(
                "the change conflicts with another saved at the same moment; reload and try"
                f" again (the database said: {str(error.orig).splitlines()[0]})"
            ) from error
        except OperationalError as error:
            session.rollback()
            raise DatabaseUnavailable(
                f"the database failed: {str(error.orig).splitlines()[0]}"
            ) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        if queued and self.search is not None:  # committed: the index takes the change in
            self.search.catch_up(self.engine)

    def again_on_conflict(self, work: Callable[[Repository], T]) -> T:
        """Do `work` in one transaction, and again from the start (up to ATTEMPTS times) if the
        commit collides with a concurrent one: for work whose only write is its audit entry,
        such as reading a classified record, which two readers at once must both be able to
        do."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.transaction() as repo:
                    return work(repo)
            except ConcurrentChange:
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    def data_version(self) -> int:
        """The number every unit of work that changes records raises."""
        with self.engine.connect() as connection:
            return int(connection.scalar(select(DataVersionRow.version)) or 0)

    def kept(self, key: Hashable, work: Callable[[], T]) -> T:
        """What `work` answers, kept in this process until the records change (the data
        version moves): for what is worked out from many records and asked for again and
        again, such as a viewer's dashboard. The key must name everything else the answer
        depends on (the viewer, the day); the answer is shared, and never to be changed."""
        wanted = (self.data_version(), key)  # read first: a kept answer is never older
        with self._kept_lock:
            if wanted in self._kept:
                self._kept.move_to_end(wanted)
                return typing.cast(T, self._kept[wanted])
        answer = work()
        with self._kept_lock:
            self._kept[wanted] = answer
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return answer

    @contextmanager
    def reading(self) -> Iterator[Repository]:
        """A read-only unit of work."""
        session: Session = self._sessions()
        try:
            yield Repository(session)
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

    def wipe(self, *, keep_accounts: bool = True) -> None:
        """Delete every record (tests and benchmarks start from an empty database); accounts
        and their tokens stay unless asked otherwise."""
        kept = {*(ACCOUNT_TABLES if keep_accounts else ()), DataVersionRow.__tablename__}
        tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in kept]
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                # The search index (made by migration, not by the models) refers to documents.
                names = ", ".join([*(t.name for t in tables), "document_index"])
                connection.execute(
                    text(f"TRUNCATE {names}" + ("" if keep_accounts else " CASCADE"))
                )
            else:
                for table in tables:
                    connection.execute(table.delete())
                connection.execute(text("DELETE FROM document_index"))
            # raised, never reset: an answer kept from before the wipe is never taken for after
            connection.execute(update(DataVersionRow).values(version=DataVersionRow.version + 1))
        if self.search is not None:
            self.search.clear()
