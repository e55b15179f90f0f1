"""Linking a parsed document to what is on file: the persons it names, the offices in its
heading and, through their tenures on its date, the officials who held them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Document, Mention, MentionStatus, Party
from glienicke.records.names import NameIndex, resolve
from glienicke.records.parsed import ParsedDocument, dedupe_mentions
from glienicke.records.text import office_in

# (office phrase, date) -> (office key, the one person who held it then), each if known.
OfficeResolver = Callable[[str, PartialDate | None], tuple[str | None, str | None]]
KNOWN = (MentionStatus.LINKED, MentionStatus.CONFIRMED)
ROLES = {"drafter": "drafted_by", "cleared": "cleared_with", "approver": "approved_by"}


def link(
    parsed: ParsedDocument,
    names: NameIndex,
    offices: OfficeResolver | None = None,
    *,
    scan_body: bool = False,
) -> Document:
    """The document with its mentions matched, its parties resolved and its persons listed.
    `scan_body` also looks for known surnames in the text (plain text has no name markup)."""
    document = parsed.document
    mentions = list(document.mentions)
    if scan_body and document.body:
        mentions += [Mention(text=n, role="text") for n in names.names_in(document.body)]
    mentions = dedupe_mentions(mentions)
    matched = [
        resolve(m, names, parsed.full_names.get(i) if i < len(document.mentions) else None)
        for i, m in enumerate(mentions)
    ]
    by_role = {(m.role, m.text): m for m in matched}
    sender = [_party(p, "sender", by_role, offices, document.date) for p in document.sender]
    recipients = [
        _party(p, "recipient", by_role, offices, document.date) for p in document.recipients
    ]
    people = [m.person for m in matched if m.status in KNOWN and m.person]
    people += [p.person for p in (*sender, *recipients) if p.person]
    roles: dict[str, Any] = {
        attr: list(
            dict.fromkeys(
                m.person for m in matched if m.role == role and m.status in KNOWN and m.person
            )
        )
        for role, attr in ROLES.items()
    }
    return replace(
        document,
        sender=sender,
        recipients=recipients,
        mentions=matched,
        persons=list(dict.fromkeys([*document.persons, *people])),
        **roles,
    )


def _party(
    party: Party,
    role: str,
    by_role: dict[tuple[str, str], Mention],
    offices: OfficeResolver | None,
    date: PartialDate | None,
) -> Party:
    person = party.person
    for (mention_role, _text), mention in by_role.items():
        if mention_role == role and mention.status in KNOWN and mention.text in party.text:
            person = person or mention.person
    office = party.office
    if offices is not None and office is None:
        office, holder = offices(office_in(party.text), date)
        person = person or holder
    return Party(text=party.text, person=person, office=office)
