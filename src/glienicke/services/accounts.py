"""Accounts and API tokens: adding users, passwords, grants, sign-in with back-off, tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from glienicke.domain.documents import Classification
from glienicke.domain.errors import (
    DuplicateKey,
    GlienickeError,
    NotFound,
    Problem,
    ValidationFailed,
)
from glienicke.domain.fields import key_problem
from glienicke.security import passwords
from glienicke.security.model import (
    LOCK_AFTER,
    Permission,
    Role,
    User,
    backoff_until,
    password_problems,
)
from glienicke.services.access import require, viewer
from glienicke.services.database import Database
from glienicke.services.inputs import as_enum
from glienicke.store.repository import Repository
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
    user = _user_of(username, name, roles=roles, clearance=clearance, groups=groups)
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


def new_user(
    username: str,
    name: str,
    *,
    roles: list[str],
    clearance: str = "unclassified",
    groups: list[str] | None = None,
) -> User:
    """The account `add_user` would make, its fields checked; nothing is written."""
    user = _user_of(username, name, roles=roles, clearance=clearance, groups=groups)
    if problems := user.problems():
        raise ValidationFailed(problems)
    return user


def _user_of(
    username: str, name: str, *, roles: list[str], clearance: str, groups: list[str] | None
) -> User:
    return User(
        username=username,
        name=name,
        roles=[as_enum(Role, r, "roles") for r in roles],
        clearance=as_enum(Classification, clearance, "clearance"),
        groups=list(groups or []),
    )


def check_new_user(db: Database, user: User) -> None:
    """Refuse, before anyone is asked for a password, an account that could not be added: its
    name is taken, or the one acting may not add accounts."""
    with db.reading() as repo:
        store = UserStore(repo.session, None)
        if store.count() > 0:
            require(Permission.MANAGE_USERS)
        if store.find(user.username) is not None:
            raise DuplicateKey("user", user.username)


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


def set_password(db: Database, username: str, password: str, *, keep_tokens: bool = False) -> int:
    """Set a user's password (and clear any back-off); every browser is signed out and,
    unless `keep_tokens`, every API token revoked: how many tokens were."""
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
        # A new password is often the answer to a leak; a token made with the old one goes
        # too, unless its owner says the tokens are safe.
        return 0 if keep_tokens else store.revoke_tokens(username, _now())


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


def link_person(db: Database, username: str, person: str | None) -> User:
    """Say which person record an account is (None: none): the person whose clearance of a
    draft the account may record. The key is checked as a key; whether a person has it is
    not, since an administrator need not be able to see persons."""
    require(Permission.MANAGE_USERS)
    if person is not None:
        problem = key_problem(person)
        if problem is not None:
            raise ValidationFailed([Problem("person", problem)])
    with db.transaction() as repo:
        store = UserStore(repo.session, repo.audit)
        user = store.get(username)
        user.person = person
        store.save(user, action="person-linked", audit_detail={"person": person})
    return user


def list_users(db: Database) -> list[User]:
    require(Permission.MANAGE_USERS)
    with db.reading() as repo:
        return UserStore(repo.session, None).all()


WRONG = "wrong user name or password"


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> User:
    """Check a password, with back-off after repeated failures and a lockout after many."""
    moment = (now or _now()).astimezone(UTC)
    outcome = db.again_on_conflict(lambda repo: _attempt(repo, username, password, moment))
    if isinstance(outcome, GlienickeError):
        raise outcome  # after the commit: a failure is counted
    return outcome


def _attempt(
    repo: Repository, username: str, password: str, now: datetime
) -> User | GlienickeError:
    """One sign-in attempt. It is counted as a failure before its password is checked (one
    atomic UPDATE, see `claim_attempt`) and forgiven if the password is right, so parallel
    attempts can neither share one count nor slip past the back-off."""
    store = UserStore(repo.session, repo.audit)
    failures = store.claim_attempt(username, now, LOCK_AFTER)
    if failures is None:
        return _not_now(store, username, password, now)
    stored = store.password_hash(username)
    if not passwords.check_password(stored, password):
        store.settle_attempt(
            username,
            failures=failures,
            retry_after=backoff_until(failures, now),
            action="sign-in-failed",
            audit_detail={"failures": failures},
        )
        if failures >= LOCK_AFTER:
            store.end_sessions(username)
        return SignInRefused(WRONG)
    if repo.audit is not None:
        # Whoever signs in is known from here on: the entry names them, not "anonymous".
        channel = repo.audit.actor.split(":", 1)[0]
        repo.audit.actor = f"{channel}:{username}"
    store.settle_attempt(
        username, failures=0, retry_after=None, action="signed-in", audit_detail={}
    )
    if stored is not None and passwords.needs_rehash(stored):
        store.set_password_hash(username, passwords.hash_password(password))
    return store.get(username)


def _not_now(store: UserStore, username: str, password: str, now: datetime) -> GlienickeError:
    """Why an attempt was not counted: a lockout or a wait, or no such (active) user. A name
    no account has is counted as an account would be, and waits and locks alike: the answers
    never tell a real account from a made-up name."""
    user = store.find(username)
    if user is not None and user.active:
        return _wait(user.failed_logins, user.retry_after, now)
    misses = store.claim_miss(username, now, LOCK_AFTER)
    if misses is None:
        return _wait(*store.miss_state(username), now)
    # The same Argon2 check a real account gets, so the answer takes as long.
    passwords.check_password(None, password)
    store.settle_miss(username, backoff_until(misses, now))
    return SignInRefused(WRONG)


def _wait(failures: int, retry_after: datetime | None, now: datetime) -> TryLater:
    if failures >= LOCK_AFTER:
        return TryLater(
            "this account is locked after too many failed sign-ins; an administrator can unlock it",
            0,
        )
    left = (retry_after or now) - now
    wait = max(int(left.total_seconds()) + 1, 1)
    return TryLater(f"too many failed sign-ins; try again in {wait} seconds", wait)


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
    db: Database,
    username: str,
    name: str,
    scopes: list[str] | None = None,
    *,
    lasts: timedelta | None = None,
) -> tuple[Token, str]:
    """A new API token; the secret is shown once and only its hash is kept. With `lasts`, it
    is refused from that long after now."""
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
        now = _now()
        expires = None if lasts is None else now + lasts
        token = Token(token_id, username, name, wanted, hashed, now, None, expires)
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
        if found.expires_at is not None and found.expires_at <= _now():
            raise refused
        if not passwords.same_secret(found.secret_hash, parts[1]):
            raise refused
        user = store.find(found.username)
    if user is None or not user.active or user.locked:
        raise refused  # a lockout stops the tokens too, until an administrator unlocks
    return user, found.scopes & user.permissions
