"""Users, roles and what each role may do: the one permissions table of the product.

Pure: no storage, no framework. Clearance levels are the documents' classifications, ordered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from glienicke.domain.documents import Classification
from glienicke.domain.errors import Problem

LEVELS = [
    Classification.UNCLASSIFIED,
    Classification.CONFIDENTIAL,
    Classification.SECRET,
    Classification.TOP_SECRET,
]


def level(classification: Classification) -> int:
    """0 for unclassified up to 3 for top secret."""
    return LEVELS.index(classification)


class Role(StrEnum):
    READER = "reader"
    CASE_OFFICER = "case-officer"
    NEGOTIATOR = "negotiator"
    LEGAL_ADVISER = "legal-adviser"
    PRINCIPAL = "principal"
    RECORDS_OFFICER = "records-officer"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


class Permission(StrEnum):
    READ = "read"  # see records, within clearance and compartments
    EDIT_CASES = "edit-cases"  # persons, detentions, stages, cases, events
    EDIT_PROPOSALS = "edit-proposals"  # proposals, items, considerations, commitments
    ANSWER_CLEARANCE = "answer-clearance"  # record answers and decisions
    FILE_DOCUMENTS = "file-documents"  # file and link documents
    LOAD_DATASETS = "load-datasets"  # bulk loads
    EXPORT = "export"  # dump the database (what the user may see)
    DECLASSIFY = "declassify"
    VIEW_AUDIT = "view-audit"
    MANAGE_USERS = "manage-users"


P = Permission
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.READER: frozenset({P.READ}),
    Role.CASE_OFFICER: frozenset({P.READ, P.EDIT_CASES, P.FILE_DOCUMENTS}),
    # A negotiator works the cases their proposals would resolve: a stage reached, a subject.
    Role.NEGOTIATOR: frozenset({P.READ, P.EDIT_CASES, P.EDIT_PROPOSALS, P.FILE_DOCUMENTS}),
    Role.LEGAL_ADVISER: frozenset({P.READ, P.EDIT_PROPOSALS, P.ANSWER_CLEARANCE}),
    Role.PRINCIPAL: frozenset({P.READ, P.ANSWER_CLEARANCE}),
    Role.RECORDS_OFFICER: frozenset(
        {P.READ, P.FILE_DOCUMENTS, P.LOAD_DATASETS, P.EXPORT, P.DECLASSIFY}
    ),
    Role.AUDITOR: frozenset({P.READ, P.VIEW_AUDIT}),
    Role.ADMINISTRATOR: frozenset({P.MANAGE_USERS, P.LOAD_DATASETS, P.VIEW_AUDIT}),
}

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 12

# Back-off: from the third failure in a row, each attempt waits twice as long as the last
# (1 s, 2 s, 4 s, ...); at LOCK_AFTER failures the account is locked until an administrator
# unlocks it.
BACKOFF_FROM = 3
MAX_BACKOFF = timedelta(minutes=15)
LOCK_AFTER = 10


@dataclass(kw_only=True)
class User:
    username: str
    name: str
    roles: list[Role] = field(default_factory=list)
    clearance: Classification = Classification.UNCLASSIFIED
    groups: list[str] = field(default_factory=list)
    active: bool = True
    failed_logins: int = 0
    retry_after: datetime | None = None
    person: str | None = None  # the person record this account is, if any

    def problems(self) -> list[Problem]:
        found = []
        if not USERNAME.match(self.username):
            found.append(
                Problem(
                    "username",
                    (
                        f"'{self.username}' is not a user name: use 2 to 40 lower-case letters, digits,"
                        " dots, dashes or underscores, starting with a letter"
                    ),
                )
            )
        if not self.name.strip():
            found.append(Problem("name", "must not be empty"))
        if len(set(self.roles)) != len(self.roles):
            found.append(Problem("roles", "a role is listed twice"))
        for index, group in enumerate(self.groups):
            if not USERNAME.match(group):
                found.append(Problem(f"groups[{index}]", f"'{group}' is not a group name"))
        return found

    @property
    def permissions(self) -> frozenset[Permission]:
        granted: frozenset[Permission] = frozenset()
        for role in self.roles:
            granted |= PERMISSIONS[role]
        return granted if self.active else frozenset()

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def locked(self) -> bool:
        return self.failed_logins >= LOCK_AFTER

    def failed_login(self, now: datetime) -> None:
        """Count a wrong password and set how long the next attempt must wait."""
        self.failed_logins += 1
        self.retry_after = backoff_until(self.failed_logins, now) or self.retry_after

    def logged_in(self) -> None:
        self.failed_logins, self.retry_after = 0, None


def backoff_until(failures: int, now: datetime) -> datetime | None:
    """When the next sign-in may be tried after `failures` failures in a row (None: at once)."""
    if failures < BACKOFF_FROM:
        return None
    # Capped before the power, so a huge count can never overflow.
    wait = timedelta(seconds=2 ** min(failures - BACKOFF_FROM, 20))
    return now + min(wait, MAX_BACKOFF)


def password_problems(password: str) -> list[Problem]:
    """Length is what matters (NIST SP 800-63B); no composition rules."""
    if len(password) < MIN_PASSWORD:
        return [Problem("password", f"use at least {MIN_PASSWORD} characters")]
    if password.strip() != password:
        return [Problem("password", "must not begin or end with spaces")]
    return []
