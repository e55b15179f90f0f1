"""One error hierarchy for the whole product, free of HTTP and of any framework.

The edges (CLI, API) turn these into one line on stderr or one JSON error shape; the messages
are written for the user: what is wrong, where, and how to put it right.
"""

from __future__ import annotations

from dataclasses import dataclass


class GlienickeError(Exception):
    """Base of every error a user can cause."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidValue(GlienickeError):
    """A single value is wrong; the caller knows where it came from and adds the place."""

    code = "invalid-value"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where: 'detention gorin-1938: stages[3].stage'."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ValidationFailed(GlienickeError):
    """Input broke one or more rules; every problem is listed, keyed by its place."""

    code = "validation-failed"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid input"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(first + suffix)

    @classmethod
    def single(cls, where: str, message: str) -> ValidationFailed:
        return cls([Problem(where, message)])


class NotFound(GlienickeError):
    """A record named by its key does not exist."""

    code = "not-found"

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} with key '{key}'")
        self.kind = kind
        self.key = key


class DuplicateKey(GlienickeError):
    """A new record would take a key that is already in use."""

    code = "duplicate-key"

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} '{key}' already exists; choose another key")
        self.kind = kind
        self.key = key


class StaleVersion(GlienickeError):
    """Someone else saved the record after the editor read it."""

    code = "stale-version"

    def __init__(self, kind: str, key: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{kind} '{key}' was changed by someone else while you edited it (you had version"
            f" {expected}, it is now version {actual}); reload it and apply your change again"
        )
        self.kind = kind
        self.key = key
        self.expected = expected
        self.actual = actual


class ImmutableRecord(GlienickeError):
    """A filed document cannot be changed; corrections are new versions."""

    code = "immutable"
