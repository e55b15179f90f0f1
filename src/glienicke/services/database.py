"""The database a command or request works on, and its units of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from glienicke.domain.errors import GlienickeError
from glienicke.security.actor import current_actor
from glienicke.store.audit import AuditLog
from glienicke.store.db import DatabaseUnavailable, ensure_schema, make_engine
from glienicke.store.repository import Repository
from glienicke.store.tables import Base

T = TypeVar("T")

# How often a unit of work that may safely be done again is tried when another transaction
# took the audit trail's next entry first.
ATTEMPTS = 5

ACCOUNT_TABLES = {"users", "user_roles", "user_groups", "api_tokens", "web_sessions"}


class ConcurrentChange(GlienickeError):
    code = "concurrent-change"


@dataclass
class Database:
    engine: Engine

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Database:
        """Connect, creating or upgrading the schema on first use."""
        engine = make_engine(url)
        ensure_schema(engine)
        return cls(engine)

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """One unit of work: committed if the block succeeds, rolled back entirely if not."""
        session: Session = self._sessions()
        actor = current_actor()
        try:
            yield Repository(session, AuditLog(session, actor.name, actor.origin))
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
        kept = ACCOUNT_TABLES if keep_accounts else set()
        tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in kept]
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                # The search index (made by migration, not by the models) refers to documents.
                names = ", ".join([*(t.name for t in tables), "document_index"])
                connection.execute(text(f"TRUNCATE {names}" + ("" if kept else " CASCADE")))
            else:
                for table in tables:
                    connection.execute(table.delete())
                connection.execute(text("DELETE FROM document_index"))
