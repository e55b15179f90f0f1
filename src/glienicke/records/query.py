"""The search box's language, parsed once and rendered for each engine.

    gorin probation            both words (stemmed: 'released' finds 'release')
    "release on probation"     the phrase
    releas*                    words beginning so
    -pardon                    not this word (needs at least one other term)

Anything else (quotes left open, stray punctuation) is read as plain words, so a query never
fails to parse; a query with no words at all is refused with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from glienicke.domain.errors import InvalidValue

MAX_TERMS = 16


class TermKind(StrEnum):
    WORD = "word"
    PHRASE = "phrase"
    PREFIX = "prefix"


@dataclass(frozen=True)
class Term:
    kind: TermKind
    words: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)


_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def parse_query(text: str) -> Query:
    terms: list[Term] = []
    for match in _TOKEN.finditer(text):
        if match.group(2) is not None:
            words = tuple(w.lower() for w in _WORD.findall(match.group(2)))
            if len(words) > 1:
                terms.append(Term(TermKind.PHRASE, words, bool(match.group(1))))
            elif words:
                terms.append(Term(TermKind.WORD, words, bool(match.group(1))))
            continue
        token = match.group(4)
        negated = bool(match.group(3))
        prefix = token.endswith("*")
        words = tuple(w.lower() for w in _WORD.findall(token))
        if not words:
            continue
        if prefix and len(words) == 1:
            terms.append(Term(TermKind.PREFIX, words, negated))
        elif len(words) == 1:
            terms.append(Term(TermKind.WORD, words, negated))
        else:  # 'POL 23-6' or 'M.N.': the parts next to each other
            terms.append(Term(TermKind.PHRASE, words, negated))
    if not any(not t.negated for t in terms):
        raise InvalidValue(
            f"search {text!r}: give at least one word to look for"
            " (a '-word' only leaves out documents)"
        )
    if len(terms) > MAX_TERMS:
        raise InvalidValue(f"search {text!r}: at most {MAX_TERMS} terms, please")
    return Query(text=text, terms=tuple(terms))


def fts5_expression(query: Query) -> str:
    """SQLite FTS5 MATCH syntax; every word is quoted, so nothing in it is an operator."""

    def one(term: Term) -> str:
        quoted = '"' + " ".join(term.words) + '"'
        return quoted + "*" if term.kind is TermKind.PREFIX else quoted

    expression = " AND ".join(one(t) for t in query.positive)
    for term in query.negative:
        expression = f"({expression}) NOT {one(term)}"
    return expression


def tsquery_expression(query: Query) -> str:
    """PostgreSQL to_tsquery syntax over stemmed words; built from words alone (no operators
    from the user reach it), each lexeme quoted."""

    def one(term: Term) -> str:
        lexemes = [_ts_literal(w) for w in term.words]
        if term.kind is TermKind.PREFIX:
            return lexemes[0] + ":*"
        if term.kind is TermKind.PHRASE:
            return "(" + " <-> ".join(lexemes) + ")"
        return lexemes[0]

    parts = [one(t) for t in query.positive] + ["!" + one(t) for t in query.negative]
    return " & ".join(parts)


def _ts_literal(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "") + "'"
