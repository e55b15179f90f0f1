"""The policy point's decisions about writes. Pure: records and marks in, answers out.

A writer edits what they were shown, and what they were shown is redacted: a save must put
back every link they could not see (`keep_hidden`), and it must not lower the marks that
decide who sees a record (`loosened`), which only declassification may do.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from glienicke.dataset.codec import links_of
from glienicke.domain.errors import Problem
from glienicke.security.model import level
from glienicke.security.policy import WITHHELD, Marks, Shown, drops_entry, subject_field


def loosened(before: Marks, after: Marks) -> list[str]:
    """How `after` lets in someone `before` kept out: a lower classification, restrictions
    lifted, or users or groups added to them. Empty when `after` is as strict or stricter."""
    found = []
    if level(after.classification) < level(before.classification):
        found.append("classification")
    if before.restricted_to and (
        not after.restricted_to or not after.restricted_to <= before.restricted_to
    ):
        found.append("restricted_to")
    return found


def keep_hidden(new: Any, stored: Any, visible: Shown, where: str = "") -> list[Problem]:
    """Put back into `new` (a writer's edit of `stored` as redacted for them) every reference
    and nested entry of `stored` that the writer may not see; `new` is changed in place.

    A list keeps its hidden keys beside the writer's; a single reference shown as 'withheld'
    keeps its stored value, and one the writer replaced is a problem (they cannot change what
    they cannot see); an entry dropped for its hidden subject (a hidden relative) comes back.
    """
    problems: list[Problem] = []
    links = links_of(type(new))
    for attr, kind in links.refs:
        before, after = getattr(stored, attr), getattr(new, attr)
        allowed = visible.get(kind, set())
        if isinstance(before, list):
            hidden = [k for k in before if k not in allowed]
            if hidden:
                mine = [k for k in after or [] if k != WITHHELD and k not in hidden]
                setattr(new, attr, _in_stored_order(before, mine, hidden))
        elif before is not None and before not in allowed:
            if after in (WITHHELD, before):
                setattr(new, attr, before)
            else:
                problems.append(
                    Problem(
                        f"{where}{attr}",
                        "this refers to a record you may not see; it stays as it is",
                    )
                )
    for attr in links.nested:
        before, after = getattr(stored, attr), getattr(new, attr)
        if isinstance(before, list):
            problems += _keep_entries(new, attr, before, list(after or []), visible, where)
        elif before is not None and after is not None:
            problems += keep_hidden(after, before, visible, f"{where}{attr}.")
    return problems


def _in_stored_order(before: list[str], mine: list[str], hidden: list[str]) -> list[str]:
    """The writer's keys in their order, with each hidden key back at its stored place."""
    merged = list(mine)
    for index, key in enumerate(before):
        if key in hidden:
            merged.insert(min(index, len(merged)), key)
    return merged


def _keep_entries(
    new: Any, attr: str, before: list[Any], after: list[Any], visible: Shown, where: str
) -> list[Problem]:
    problems: list[Problem] = []
    dropped = [(i, item) for i, item in enumerate(before) if drops_entry(item, visible)]
    shown = [item for item in before if not drops_entry(item, visible)]
    subject = subject_field(type(before[0])) if before else None
    for position, item in enumerate(after):
        if subject is not None:
            match = next((s for s in shown if getattr(s, subject) == getattr(item, subject)), None)
        else:
            match = shown[position] if position < len(shown) else None
        if match is not None:
            problems += keep_hidden(item, match, visible, f"{where}{attr}[{position}].")
    for index, item in dropped:
        after.insert(min(index, len(after)), item)
    setattr(new, attr, after)
    return problems


# No 0, 1, i, l or o: an ending read aloud or copied by hand is not mistaken.
ENDING_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
ENDING_LENGTH = 4


def completed_key(
    stem: str,
    taken: Callable[[str], bool],
    draw: Callable[[str], str] = secrets.choice,
) -> str:
    """The key a signed-in writer's new record is stored under: the key they asked for and
    a random ending ('case-novak' -> 'case-novak-7kq2'), drawn again while `taken` says the
    result is held.

    The answer to a create must not depend on whether a record the writer may not see holds
    the key they asked for; completing every such key, held or free, makes it not."""
    while True:
        key = f"{stem}-" + "".join(draw(ENDING_ALPHABET) for _ in range(ENDING_LENGTH))
        if not taken(key):
            return key
