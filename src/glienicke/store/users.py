"""Accounts and API tokens: every query about them, and their audit entries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from glienicke.domain.errors import DuplicateKey, NotFound, StaleVersion
from glienicke.security.model import Permission, User
from glienicke.store.audit import AuditLog
from glienicke.store.tables import (
    SessionRow,
    SignInMissRow,
    TokenRow,
    UserGroupRow,
    UserRoleRow,
    UserRow,
)


@dataclass(frozen=True)
class Token:
    id: str
    username: str
    name: str
    scopes: frozenset[Permission]
    secret_hash: str
    created_at: datetime
    revoked_at: datetime | None
    expires_at: datetime | None = None  # none: until revoked


class UserStore:
    def __init__(self, session: Session, audit: AuditLog | None) -> None:
        self.session = session
        self.audit = audit

    def find(self, username: str) -> User | None:
        row = self._row(username)
        return None if row is None else _user(row)

    def get(self, username: str) -> User:
        user = self.find(username)
        if user is None:
            raise NotFound("user", username)
        return user

    def password_hash(self, username: str) -> str | None:
        row = self._row(username)
        if row is None:
            raise NotFound("user", username)
        return row.password_hash

    def version(self, username: str) -> int:
        row = self._row(username)
        if row is None:
            raise NotFound("user", username)
        return row.version

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(UserRow)) or 0)

    def all(self) -> list[User]:
        query = select(UserRow).options(*_eager()).order_by(UserRow.username)
        return [_user(row) for row in self.session.scalars(query)]

    def add(self, user: User, password_hash: str | None) -> None:
        if self._row(user.username) is not None:
            raise DuplicateKey("user", user.username)
        row = UserRow(username=user.username, version=1, password_hash=password_hash)
        _copy(user, row)
        self.session.add(row)
        self._audit(
            "created",
            user.username,
            {"roles": [r.value for r in user.roles], "clearance": user.clearance.value},
        )
        self.session.flush()

    def save(
        self,
        user: User,
        *,
        expected_version: int | None = None,
        action: str = "updated",
        audit_detail: dict[str, object] | None = None,
    ) -> None:
        row = self._row(user.username, for_update=True)
        if row is None:
            raise NotFound("user", user.username)
        if expected_version is not None and expected_version != row.version:
            raise StaleVersion("user", user.username, expected_version, row.version)
        _copy(user, row, self.session)
        row.version += 1
        if audit_detail is not None:
            self._audit(action, user.username, audit_detail)
        self.session.flush()

    def set_password_hash(self, username: str, password_hash: str) -> None:
        row = self._row(username, for_update=True)
        if row is None:
            raise NotFound("user", username)
        row.password_hash = password_hash
        row.version += 1
        self._audit("password-set", username, {})
        self.session.flush()

    # --- sign-in attempts ------------------------------------------------------------------

    def claim_attempt(self, username: str, now: datetime, lock_after: int) -> int | None:
        """Count a sign-in attempt before its password is checked, in one UPDATE that adds one
        to the stored count and hands back the new count; None when the account is missing,
        inactive, locked (`lock_after` failures) or must still wait. Parallel attempts queue
        on the row (PostgreSQL) or the database (SQLite), so none reads a stale count."""
        claimed = self.session.execute(
            update(UserRow)
            .where(
                UserRow.username == username,
                UserRow.active.is_(True),
                UserRow.failed_logins < lock_after,
                or_(UserRow.retry_after.is_(None), UserRow.retry_after <= now),
            )
            .values(failed_logins=UserRow.failed_logins + 1, version=UserRow.version + 1)
            .returning(UserRow.failed_logins)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        return None if claimed is None else int(claimed)

    def settle_attempt(
        self,
        username: str,
        *,
        failures: int,
        retry_after: datetime | None,
        action: str,
        audit_detail: dict[str, object],
    ) -> None:
        """Record how a claimed attempt ended (0 failures and no wait after a right password)."""
        self.session.execute(
            update(UserRow)
            .where(UserRow.username == username)
            .values(failed_logins=failures, retry_after=retry_after)
            .execution_options(synchronize_session=False)
        )
        self._audit(action, username, audit_detail)
        self.session.flush()

    # --- sign-in attempts under names no account has ---------------------------------------

    def claim_miss(self, username: str, now: datetime, lock_after: int) -> int | None:
        """`claim_attempt` for a name no active account has: the count is kept by the name's
        hash, so back-off and lockout answer as they would for an account. A first miss
        inserts the row; two at once collide on its key and the unit of work is tried again."""
        name_hash = _name_hash(username)
        claimed = self.session.execute(
            update(SignInMissRow)
            .where(
                SignInMissRow.name_hash == name_hash,
                SignInMissRow.failures < lock_after,
                or_(SignInMissRow.retry_after.is_(None), SignInMissRow.retry_after <= now),
            )
            .values(failures=SignInMissRow.failures + 1)
            .returning(SignInMissRow.failures)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if claimed is not None:
            return int(claimed)
        if self.session.get(SignInMissRow, name_hash) is not None:
            return None  # waiting or locked
        self.session.add(SignInMissRow(name_hash=name_hash, failures=1, retry_after=None))
        self.session.flush()
        return 1

    def settle_miss(self, username: str, retry_after: datetime | None) -> None:
        self.session.execute(
            update(SignInMissRow)
            .where(SignInMissRow.name_hash == _name_hash(username))
            .values(retry_after=retry_after)
            .execution_options(synchronize_session=False)
        )

    def miss_state(self, username: str) -> tuple[int, datetime | None]:
        """How many misses the name has and until when it must wait."""
        row = self.session.get(SignInMissRow, _name_hash(username))
        return (0, None) if row is None else (row.failures, _utc(row.retry_after))

    # --- tokens ---------------------------------------------------------------------------

    def add_token(self, token: Token) -> None:
        self.session.add(
            TokenRow(
                id=token.id,
                username=token.username,
                name=token.name,
                scopes=" ".join(sorted(token.scopes)),
                secret_hash=token.secret_hash,
                created_at=token.created_at,
                revoked_at=None,
                expires_at=token.expires_at,
            )
        )
        detail: dict[str, object] = {
            "token": token.id,
            "name": token.name,
            "scopes": sorted(token.scopes),
        }
        if token.expires_at is not None:
            detail["expires"] = token.expires_at.isoformat()
        self._audit(
            "token-created",
            token.username,
            detail,
        )
        self.session.flush()

    def find_token(self, token_id: str) -> Token | None:
        row = self.session.get(TokenRow, token_id)
        return None if row is None else _token(row)

    def tokens(self, username: str | None = None) -> list[Token]:
        query = select(TokenRow).order_by(TokenRow.created_at, TokenRow.id)
        if username is not None:
            query = query.where(TokenRow.username == username)
        return [_token(row) for row in self.session.scalars(query)]

    def revoke_token(self, token_id: str, at: datetime) -> Token:
        row = self.session.get(TokenRow, token_id, with_for_update=True)
        if row is None:
            raise NotFound("token", token_id)
        if row.revoked_at is None:
            row.revoked_at = at
            self._audit("token-revoked", row.username, {"token": token_id})
            self.session.flush()
        return _token(row)

    def revoke_tokens(self, username: str, at: datetime) -> int:
        """Revoke every live token of a user (after a new password); how many were."""
        result = self.session.execute(
            update(TokenRow)
            .where(TokenRow.username == username, TokenRow.revoked_at.is_(None))
            .values(revoked_at=at)
            .execution_options(synchronize_session=False)
        )
        revoked = int(getattr(result, "rowcount", 0) or 0)
        if revoked:
            self._audit("tokens-revoked", username, {"count": revoked})
        return revoked

    # --- browser sessions -------------------------------------------------------------------

    def add_session(
        self, session_id: str, username: str, expires_at: datetime, origin: str
    ) -> None:
        now = datetime.now(UTC)
        # A sign-in is a moment to forget this user's sessions that have run out.
        self.session.execute(
            delete(SessionRow).where(SessionRow.username == username, SessionRow.expires_at < now)
        )
        self.session.add(
            SessionRow(
                id=session_id,
                username=username,
                created_at=now,
                expires_at=expires_at,
                origin=origin[:100],
            )
        )
        self.session.flush()

    def session_owner(self, session_id: str, now: datetime) -> str | None:
        """The user a session belongs to, while it has not expired."""
        row = self.session.get(SessionRow, session_id)
        if row is None or (_utc(row.expires_at) or row.expires_at) <= now:
            return None
        return row.username

    def end_session(self, session_id: str) -> str | None:
        row = self.session.get(SessionRow, session_id)
        if row is None:
            return None
        self.session.delete(row)
        self._audit("signed-out", row.username, {})
        self.session.flush()
        return row.username

    def end_sessions(self, username: str) -> int:
        """Sign a user out everywhere (after a password change or a lockout)."""
        result = self.session.execute(delete(SessionRow).where(SessionRow.username == username))
        return int(getattr(result, "rowcount", 0) or 0)

    def _audit(self, action: str, username: str, detail: dict[str, object]) -> None:
        if self.audit is not None:
            self.audit.record(action, "user", username, dict(detail))

    def _row(self, username: str, *, for_update: bool = False) -> UserRow | None:
        query = select(UserRow).where(UserRow.username == username).options(*_eager())
        if for_update:
            query = query.with_for_update()
        return self.session.scalars(query).one_or_none()


def _eager() -> list[Any]:
    return [selectinload(UserRow.roles), selectinload(UserRow.groups)]


def _copy(user: User, row: UserRow, session: Session | None = None) -> None:
    row.name, row.clearance, row.active = user.name, user.clearance, user.active
    row.failed_logins, row.retry_after = user.failed_logins, user.retry_after
    row.person = user.person
    roles = [UserRoleRow(position=i, role=r) for i, r in enumerate(user.roles)]
    groups = [UserGroupRow(position=i, group=g) for i, g in enumerate(user.groups)]
    if session is None:  # a new row: nothing to replace
        row.roles, row.groups = roles, groups
        return
    if [r.role for r in row.roles] != user.roles:
        row.roles = []
        session.flush()  # the replacements reuse the (user, position) keys
        row.roles = roles
    if [g.group for g in row.groups] != user.groups:
        row.groups = []
        session.flush()
        row.groups = groups


def _user(row: UserRow) -> User:
    return User(
        username=row.username,
        name=row.name,
        roles=[r.role for r in row.roles],
        clearance=row.clearance,
        groups=[g.group for g in row.groups],
        active=row.active,
        failed_logins=row.failed_logins,
        retry_after=_utc(row.retry_after),
        person=row.person,
    )


def _token(row: TokenRow) -> Token:
    return Token(
        id=row.id,
        username=row.username,
        name=row.name,
        scopes=frozenset(Permission(s) for s in row.scopes.split()),
        secret_hash=row.secret_hash,
        created_at=_utc(row.created_at) or row.created_at,
        revoked_at=_utc(row.revoked_at),
        expires_at=_utc(row.expires_at),
    )


def _name_hash(username: str) -> str:
    return hashlib.sha256(username.encode()).hexdigest()


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored one is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
