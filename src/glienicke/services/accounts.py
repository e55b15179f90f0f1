"""Accounts and API tokens: adding users, passwords, grants, sign-in with back-off, tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from glienicke.domain.documents import Classification
from glienicke.domain.errors import GlienickeError, NotFound, ValidationFailed
from glienicke.security import passwords
from glienicke.security.model import Permission, Role, User, password_problems
from glienicke.services.access import require, viewer
from glienicke.services.database import Database
from glienicke.services.inputs import as_enum
from glienicke.store.users import Token, UserStore


class SignInRefused(GlienickeError):
    """Wrong name or password, or no such user: the message never says which."""

    code = "sign-in-refused"


class TryLater(GlienickeError):
    code = "try-later"

    def __init__(self, message: str, seconds: int) -> None:
        super().__init__(message)
        self.seconds = seconds


def _now() -> datetime:
    return datetime.now(UTC)


def add_user(
    db: Database,
    username: str,
    name: str,
    *,
    roles: list[str],
    clearance: str = "unclassified",
    groups: list[str] | None = None,
    password: str | None = None,
) -> User:
    """Create an account; without a password it can use API tokens but cannot sign in."""
    user = User(
        username=username,
        name=name,
        roles=[as_enum(Role, r, "roles") for r in roles],
        clearance=as_enum(Classification, clearance, "clearance"),
        groups=list(groups or []),
    )
    problems = user.problems() + ([] if password is None else password_problems(password))
    if problems:
        raise ValidationFailed(problems)
    hashed = None if password is None else passwords.hash_password(password)
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        if store.count() > 0:  # the first account may be made by whoever runs the command
            require(Permission.MANAGE_USERS)
        store.add(user, hashed)
    return user


def create_first_accounts(db: Database, users: list[tuple[User, str]]) -> None:
    """Accounts for a database that has none yet (the demo's), with their passwords; refused
    once any account exists, when only an administrator adds accounts."""
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        if store.count() > 0:
            require(Permission.MANAGE_USERS)
        for user, password in users:
            store.add(user, passwords.hash_password(password))


def user_named(db: Database, username: str) -> User:
    """The account a command line names with --as (its operator holds the database anyway)."""
    with db.reading() as repo:
        return UserStore(repo.session, None).get(username)


def accounts_named(db: Database, usernames: set[str]) -> list[str]:
    """Which of these accounts exist and are active (for the demo's start-up message)."""
    with db.reading() as repo:
        store = UserStore(repo.session, None)
        return sorted(u for u in usernames if (found := store.find(u)) and found.active)


def has_accounts(db: Database) -> bool:
    """Whether any account exists (before the first, setting up needs no sign-in)."""
    with db.reading() as repo:
        return UserStore(repo.session, None).count() > 0


def _self_or_manager(username: str) -> None:
    who = viewer()
    if who.username != username:
        require(Permission.MANAGE_USERS)


def set_password(db: Database, username: str, password: str) -> None:
    """Set a user's password (and clear any back-off)."""
    _self_or_manager(username)
    problems = password_problems(password)
    if problems:
        raise ValidationFailed(problems)
    hashed = passwords.hash_password(password)
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        user = store.get(username)
        store.set_password_hash(username, hashed)
        user.logged_in()
        store.save(user)
        store.end_sessions(username)  # a new password signs every browser out


def grant(
    db: Database,
    username: str,
    *,
    role: str | None = None,
    group: str | None = None,
    clearance: str | None = None,
) -> User:
    """Give a user a role, a group (compartment membership) or a clearance."""
    require(Permission.MANAGE_USERS)
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        user = store.get(username)
        detail: dict[str, object] = {}
        if role is not None and (granted := as_enum(Role, role, "role")) not in user.roles:
            user.roles.append(granted)
            detail["role"] = granted.value
        if group is not None and group not in user.groups:
            user.groups.append(group)
            detail["group"] = group
        if clearance is not None:
            user.clearance = as_enum(Classification, clearance, "clearance")
            detail["clearance"] = user.clearance.value
        if problems := user.problems():
            raise ValidationFailed(problems)
        store.save(user, action="granted", audit_detail=detail)
    return user


def revoke(
    db: Database, username: str, *, role: str | None = None, group: str | None = None
) -> User:
    """Take a role or a group away from a user."""
    require(Permission.MANAGE_USERS)
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        user = store.get(username)
        detail: dict[str, object] = {}
        if role is not None:
            taken = as_enum(Role, role, "role")
            if taken not in user.roles:
                raise ValidationFailed.single("role", f"{username} does not have role '{role}'")
            user.roles.remove(taken)
            detail["role"] = taken.value
        if group is not None:
            if group not in user.groups:
                raise ValidationFailed.single("group", f"{username} is not in group '{group}'")
            user.groups.remove(group)
            detail["group"] = group
        store.save(user, action="revoked", audit_detail=detail)
    return user


def unlock(db: Database, username: str) -> User:
    """Clear failed sign-ins after a lockout."""
    require(Permission.MANAGE_USERS)
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        user = store.get(username)
        user.logged_in()
        store.save(user, action="unlocked", audit_detail={})
    return user


def list_users(db: Database) -> list[User]:
    require(Permission.MANAGE_USERS)
    with db.reading() as repo:
        return UserStore(repo.session, None).all()


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> User:
    """Check a password, with back-off after repeated failures and a lockout after many."""
    now = now or _now()
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        user = store.find(username)
        if user is None or not user.active:
            passwords.check_password(None, password)  # same time as a real check
            raise SignInRefused("wrong user name or password")
        if user.locked:
            raise TryLater(
                "this account is locked after too many failed sign-ins;"
                " an administrator can unlock it",
                0,
            )
        if user.retry_after is not None and now < user.retry_after:
            wait = int((user.retry_after - now).total_seconds()) + 1
            raise TryLater(f"too many failed sign-ins; try again in {wait} seconds", wait)
        stored = store.password_hash(username)
        if not passwords.check_password(stored, password):
            user.failed_login(now)
            store.save(user, action="sign-in-failed", audit_detail={"failures": user.failed_logins})
            if user.locked:
                store.end_sessions(username)
            failed = SignInRefused("wrong user name or password")
        else:
            user.logged_in()
            store.save(user, action="signed-in", audit_detail={})
            if stored is not None and passwords.needs_rehash(stored):
                store.set_password_hash(username, passwords.hash_password(password))
            return user
    raise failed  # after the commit: the failure is counted


SESSION_ENDED = "your session has ended; sign in again"


def start_session(
    db: Database,
    username: str,
    password: str,
    *,
    hours: float,
    origin: str,
    now: datetime | None = None,
) -> tuple[User, str]:
    """Sign in from a browser: (the user, the session secret to put in its cookie). Only the
    secret's hash is stored; the session ends after `hours` or at sign-out."""
    now = now or _now()
    user = sign_in(db, username, password, now=now)
    secret = secrets.token_urlsafe(32)
    with db.transaction() as repo:
        UserStore(repo.session, repo.audit).add_session(
            passwords.hash_secret(secret), user.username, now + timedelta(hours=hours), origin
        )
    return user, secret


def user_for_session(db: Database, secret: str, *, now: datetime | None = None) -> User:
    """The user a browser session speaks for, while it lasts and the account may sign in."""
    with db.reading() as repo:
        store = UserStore(repo.session, None)
        owner = store.session_owner(passwords.hash_secret(secret), now or _now())
        user = None if owner is None else store.find(owner)
    if user is None or not user.active or user.locked:
        raise SignInRefused(SESSION_ENDED)
    return user


def end_session(db: Database, secret: str) -> None:
    """Sign a browser out: its session is deleted, so its cookie is worthless from now on."""
    with db.transaction() as repo:
        UserStore(repo.session, repo.audit).end_session(passwords.hash_secret(secret))


def create_token(
    db: Database, username: str, name: str, scopes: list[str] | None = None
) -> tuple[Token, str]:
    """A new API token; the secret is shown once and only its hash is kept."""
    _self_or_manager(username)
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        user = store.get(username)
        wanted = (
            frozenset(as_enum(Permission, s, "scopes") for s in scopes)
            if scopes
            else user.permissions
        )
        beyond = sorted(wanted - user.permissions)
        if beyond:
            raise ValidationFailed.single(
                "scopes",
                (
                    f"{username} does not hold {', '.join(beyond)}; a token carries at most its"
                    " user's permissions"
                ),
            )
        token_id, plain, hashed = passwords.new_token()
        token = Token(token_id, username, name, wanted, hashed, _now(), None)
        store.add_token(token)
    return token, plain


def revoke_token(db: Database, token_id: str) -> Token:
    """Revoke a token: its owner or an administrator may."""
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        token = store.find_token(token_id)
        if token is None:
            raise NotFound("token", token_id)
        _self_or_manager(token.username)
        return store.revoke_token(token_id, _now())


def list_tokens(db: Database, username: str | None = None) -> list[Token]:
    """Tokens (never secrets): one's own, or anyone's for an administrator."""
    who = viewer()
    if username != who.username:
        require(Permission.MANAGE_USERS)
    with db.reading() as repo:
        return UserStore(repo.session, None).tokens(username)


def user_for_token(db: Database, token: str) -> tuple[User, frozenset[Permission]]:
    """The user a token speaks for and what it may do; any fault is the same refusal."""
    parts = passwords.split_token(token)
    refused = SignInRefused("the API token is not valid")
    if parts is None:
        raise refused
    with db.reading() as repo:
        store = UserStore(repo.session, None)
        found = store.find_token(parts[0])
        if found is None or found.revoked_at is not None:
            raise refused
        if not passwords.same_secret(found.secret_hash, parts[1]):
            raise refused
        user = store.find(found.username)
    if user is None or not user.active:
        raise refused
    return user, found.scopes & user.permissions
