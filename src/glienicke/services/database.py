"""The database a command or request works on, and its units of work."""

from __future__ import annotations

import threading
import typing
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from glienicke.domain.errors import GlienickeError
from glienicke.security.actor import current_actor
from glienicke.store.audit import AuditLog
from glienicke.store.db import DatabaseUnavailable, ensure_schema, make_engine
from glienicke.store.repository import Repository
from glienicke.store.tables import Base, DataVersionRow

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

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._kept_lock = threading.Lock()

    @classmethod
    def open(cls, url: str, audit_key: bytes | None = None) -> Database:
        """Connect, creating or upgrading the schema on first use."""
        engine = make_engine(url)
        ensure_schema(engine)
        return cls(engine, audit_key)

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """One unit of work: committed if the block succeeds, rolled back entirely if not."""
        session: Session = self._sessions()
        actor = current_actor()
        try:
            log = AuditLog(session, actor.name, actor.origin, self.audit_key)
            repo = Repository(session, log)
            yield repo
            log.seal_head()
            if repo.changed:
                session.execute(update(DataVersionRow).values(version=DataVersionRow.version + 1))
            session.commit()
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
