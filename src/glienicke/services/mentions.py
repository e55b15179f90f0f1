"""The review queue: names in imported documents that fit several persons on file (or none),
waiting for a person to say whom they mean. Nothing is merged without that word: confirming
links the document to the person chosen; rejecting records that the name means nobody on file.
"""

from __future__ import annotations

import copy
import re
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from glienicke.domain.cases import Case
from glienicke.domain.documents import Document, Mention, MentionStatus
from glienicke.domain.errors import InvalidValue, NotFound, ValidationFailed
from glienicke.domain.people import Person
from glienicke.security.model import Permission
from glienicke.security.policy import Marks, Viewer, visible_keys
from glienicke.services.access import check_visible, require
from glienicke.services.checks import check_record
from glienicke.services.database import Database
from glienicke.services.search import rule_for
from glienicke.store.tables import DocCase, DocProposal, DocumentRow, MentionRow

WAITING = (MentionStatus.AMBIGUOUS,)
REVIEWABLE = (MentionStatus.AMBIGUOUS, MentionStatus.UNMATCHED)
CONTEXT_CHARS = 240
# A sentence ends at a stop followed by space (closing quotes and brackets kept), or at a
# blank line; a stop after a title or an initial does not end one.
SENTENCE_END = re.compile(r"[.?!][\"'\u201d\u2019)\]]*\s+|\n\s*\n")
ABBREVIATIONS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "No", "Nos", "Gen", "Col", "Lt", "Capt", "Hon"}
)


def review_queue(
    db: Database,
    *,
    document: str | None = None,
    unmatched: bool = False,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Mentions waiting for review in the documents the viewer may see, oldest document key
    first: the ambiguous ones, and with `unmatched` those that fit nobody."""
    if not 1 <= limit <= 1000:
        raise InvalidValue(f"limit {limit} must be between 1 and 1000")
    viewer = require(Permission.READ)
    statuses = REVIEWABLE if unmatched else WAITING
    with db.reading() as repo:
        if document is not None:
            check_visible(repo, Document, document)
        rule = rule_for(repo, viewer)
        query = (
            select(MentionRow, DocumentRow.title, DocumentRow.classification)
            .join(DocumentRow, DocumentRow.key == MentionRow.parent_key)
            .where(MentionRow.status.in_(statuses))
            .order_by(MentionRow.parent_key, MentionRow.position)
        )
        if document is not None:
            query = query.where(MentionRow.parent_key == document)
        rows = [
            (mention, title)
            for mention, title, level in repo.session.execute(query)
            if level in rule.levels
        ]
        hidden = _hidden_documents(repo.session, {m.parent_key for m, _t in rows}, rule)
        shown = [(m, t) for m, t in rows if m.parent_key not in hidden][:limit]
        persons = _visible_persons(repo, viewer, {k for m, _t in shown for k in m.candidates})
        bodies = _bodies(repo.session, {m.parent_key for m, _t in shown})
        return [
            {
                "document": mention.parent_key,
                "title": title,
                "position": mention.position,
                "text": mention.text,
                "role": mention.role,
                "status": mention.status.value,
                "confidence": mention.confidence,
                "candidates": [k for k in mention.candidates if k in persons],
                "context": _context(mention.text, title, bodies.get(mention.parent_key)),
            }
            for mention, title in shown
        ]


def confirm_mention(
    db: Database, document: str, position: int, person: str, *, any_person: bool = False
) -> dict[str, Any]:
    """Say whom a mention means: one of its candidates, or, with `any_person`, any person on
    file the reviewer may see (the only way for a name that fit nobody). The document is
    linked to that person."""
    who = require(Permission.FILE_DOCUMENTS)
    with db.transaction() as repo:
        record, mention = _reviewable(repo, document, position)
        # Candidates the reviewer may not see are, to them, no candidates at all.
        persons = _visible_persons(repo, who, set(mention.candidates))
        candidates = [k for k in mention.candidates if k in persons]
        if person not in candidates and not any_person:
            fitted = (
                f"one of its candidates ({', '.join(candidates)})"
                if candidates
                else "a candidate: it has none"
            )
            raise ValidationFailed.single(
                "person",
                f"document {document}, mention {position} ('{mention.text}'): '{person}' is not"
                f" {fitted}; to name another person on file, confirm with any-person",
            )
        check_visible(repo, Person, person)
        chosen = Mention(
            text=mention.text,
            role=mention.role,
            person=person,
            confidence=1.0,
            status=MentionStatus.CONFIRMED,
            candidates=list(mention.candidates),
        )
        reviewed = _with(record, position, chosen)
        if person not in reviewed.persons:
            reviewed.persons = [*reviewed.persons, person]
        check_record(repo, reviewed)
        repo.save(reviewed)
    return _plain(document, position, chosen)


def reject_mention(db: Database, document: str, position: int) -> dict[str, Any]:
    """Say that a mention means nobody on file; the document is not linked to anyone for it."""
    require(Permission.FILE_DOCUMENTS)
    with db.transaction() as repo:
        record, mention = _reviewable(repo, document, position)
        rejected = Mention(
            text=mention.text,
            role=mention.role,
            person=None,
            confidence=None,
            status=MentionStatus.REJECTED,
            candidates=list(mention.candidates),
        )
        repo.save(_with(record, position, rejected))
    return _plain(document, position, rejected)


def _reviewable(repo: Any, document: str, position: int) -> tuple[Document, Mention]:
    check_visible(repo, Document, document)
    record: Document = repo.get(Document, document)
    if not 0 <= position < len(record.mentions):
        raise NotFound("mention", f"{document}/{position}")
    mention = record.mentions[position]
    if mention.status not in REVIEWABLE:
        raise ValidationFailed.single(
            "status",
            f"document {document}, mention {position} ('{mention.text}') is"
            f" {mention.status.value}, not waiting for review",
        )
    return record, mention


def _with(record: Document, position: int, mention: Mention) -> Document:
    changed = copy.copy(record)
    changed.mentions = [*record.mentions]
    changed.mentions[position] = mention
    return changed


def _visible_persons(repo: Any, who: Viewer, keys: set[str]) -> set[str]:
    """Those of the persons named by `keys` the viewer may see, as the policy decides for
    persons (the subjects of cases they may not see, and of none they may, are held back)."""
    if not keys:
        return set()
    cases: list[Case] = repo.all(Case)
    marks = {("case", c.key): Marks(c.classification, frozenset(c.restricted_to)) for c in cases}
    named = [SimpleNamespace(key=k) for k in sorted(keys)]
    return visible_keys(who, {"case": cases, "person": named}, marks)["person"]


def _bodies(session: Any, keys: set[str]) -> dict[str, str | None]:
    """The bodies of the documents named, read only for the mentions shown."""
    ordered = sorted(keys)
    found: dict[str, str | None] = {}
    for start in range(0, len(ordered), 500):
        query = select(DocumentRow.key, DocumentRow.body).where(
            DocumentRow.key.in_(ordered[start : start + 500])
        )
        found.update((key, body) for key, body in session.execute(query))
    return found


def _context(text: str, title: str, body: str | None) -> str | None:
    """Where the name stands: the heading, when it names it, or else the sentence of the body
    that first does (shortened around the name); None when neither does."""
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
    if pattern.search(title):
        return title
    found = pattern.search(body or "")
    if body is None or found is None:
        return None
    breaks = [
        (m.start(), m.end())
        for m in SENTENCE_END.finditer(body)
        if not (body[m.start()] == "." and _abbreviated(body, m.start()))
    ]
    start = max((e for s, e in breaks if e <= found.start()), default=0)
    end = min((e for s, e in breaks if s >= found.end()), default=len(body))
    sentence = " ".join(body[start:end].split())
    if len(sentence) <= CONTEXT_CHARS:
        return sentence
    at = sentence.find(text)
    left = max(0, min(at - CONTEXT_CHARS // 2, len(sentence) - CONTEXT_CHARS))
    clipped = sentence[left : left + CONTEXT_CHARS]
    return ("…" if left else "") + clipped + ("…" if left + CONTEXT_CHARS < len(sentence) else "")


def _abbreviated(body: str, period: int) -> bool:
    """Whether the full stop at `period` ends a title or an initial ("Mr.", "J.") rather
    than a sentence."""
    start = period
    while start > 0 and body[start - 1].isalnum():
        start -= 1
    word = body[start:period]
    return word in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _hidden_documents(session: Any, keys: set[str], rule: Any) -> set[str]:
    """Those of the documents linked to a case or proposal the viewer may not see."""
    hidden: set[str] = set()
    ordered = sorted(keys)
    for child, secret in ((DocCase, rule.hidden_cases), (DocProposal, rule.hidden_proposals)):
        if not secret:
            continue
        links = child.__table__
        value = links.c[child.__mapper__.columns["value"].name]
        for start in range(0, len(ordered), 500):
            query = select(links.c.parent_key).where(
                links.c.parent_key.in_(ordered[start : start + 500]), value.in_(sorted(secret))
            )
            hidden.update(session.scalars(query))
    return hidden


def _plain(document: str, position: int, mention: Mention) -> dict[str, Any]:
    return {
        "document": document,
        "position": position,
        "text": mention.text,
        "status": mention.status.value,
        "person": mention.person,
    }
