"""What a search found, and how to show why: the hits, what they say of the query,
and the spans of a text its words match. Whatever answered the query (the app's index,
or the search file of `dossier search`), this is what the reader is shown; it imports
no numpy."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..library.choices import Order, Scope
from ..text.terms import fold, fold_with_origin, typed_words, word_spans
from ..text.textsafe import counted
from .glossary import Glossary
from .matching import has_form, word_score
from .query import Filters, Query


def word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "claim" or "paragraph"
    key: str  # claim id, or paragraph ref (source#paragraph)
    score: float
    words: int = 0  # how many of the query's plain words it holds (but minor ones: see glossary.Unit)


def few_paragraphs(count: int) -> bool:
    """Whether `count` paragraphs are few enough to index on the spot, in a moment: then
    a search of the claims that finds nothing says how many paragraphs match instead."""
    return count < 5000


class Summary(NamedTuple):
    """What a list of results shows of a hit, whatever found it."""

    text: str
    dossier: str = ""  # a claim's
    at: tuple[str, ...] = ()  # a claim's evidence, by paragraph; a paragraph's own ref
    speaker: str | None = None
    status: str = ""
    date: str | None = None
    sources: tuple[str, ...] = ()
    superseded: bool = False
    cited_by: tuple[str, ...] = ()  # a paragraph's: the claims citing it


@dataclass(frozen=True, slots=True)
class Results:
    query: Query
    scope: Scope
    hits: Sequence[Hit]
    claims_searched: int
    paragraphs_searched: int
    filters: Filters = field(default_factory=Filters)
    order: Order = Order.RELEVANCE
    claim_count: int = 0
    words: int = 0  # the query's plain words
    # Of the claims (or, searching paragraphs only, the paragraphs) found: how many hold
    # every word, and how many words the best of the others hold.
    complete: int = 0
    best_partial: int = 0
    glossary: Glossary | None = None  # what the words were matched through

    def highlights(self, text: str) -> list[tuple[int, int]]:
        """Spans of `text` the query matches (see `highlights`)."""
        return highlights(self.query, text, self.glossary)

    @property
    def paragraph_count(self) -> int:
        return len(self.hits) - self.claim_count

    @property
    def partial(self) -> bool:
        """Whether some hits hold only some of the words."""
        found = self.paragraph_count if self.scope is Scope.PARAGRAPHS else self.claim_count
        return self.words > 1 and self.complete < found

    def searched(self) -> str:
        """What was searched: '51 claims', '120 paragraphs', '51 claims and 120 paragraphs'."""
        claims, paragraphs = counted(self.claims_searched, "claim"), counted(self.paragraphs_searched, "paragraph")
        return {Scope.CLAIMS: claims, Scope.PARAGRAPHS: paragraphs}.get(self.scope, f"{claims} and {paragraphs}")

    def describe(self) -> str:
        """How many matched, for a status line: '7 of 51 claims', '3 claims, 2 paragraphs',
        'no claim has every word; 12 have 2 of 3'."""
        if self.scope is Scope.EVERYTHING:
            return f"{counted(self.claim_count, 'claim')}, {counted(self.paragraph_count, 'paragraph')}"
        if self.scope is Scope.CLAIMS:
            noun, found, searched = "claim", self.claim_count, self.claims_searched
        else:
            noun, found, searched = "paragraph", self.paragraph_count, self.paragraphs_searched
        if self.partial:
            if not self.complete:
                return f"no {noun} has every word; {found:,} have some ({self.best_partial} of {self.words} at best)"
            more = found - self.complete
            return f"{self.complete:,} of {counted(searched, noun)} with every word, {more:,} with some"
        narrowed = self.query or self.filters
        return f"{found:,} of {counted(searched, noun)}" if narrowed else counted(found, noun)


# --- what to show a reader ---------------------------------------------------------------------------


def highlights(query: Query, text: str, glossary: Glossary | None = None) -> list[tuple[int, int]]:
    """Spans of `text` that the query's words match, to show a reader why it matched.

    Every occurrence of a word is marked; a word that is not in `text` as typed marks
    the words it matches otherwise: another form, a term of the glossary, a near miss.
    """
    if not query:
        return []
    folded, origin = fold_with_origin(text)
    spans: list[tuple[int, int]] = []
    held = word_spans(folded)
    typed = []
    for term in query.terms:
        if term.negated or term.field in ("status",):
            continue
        if term.exact:
            pattern = word_pattern(term.text)
        elif len(term.text) == 1:  # a single letter matches at the start of a word
            pattern = re.compile(rf"(?<!\w){re.escape(term.text)}")
        else:
            pattern = re.compile(re.escape(term.text))
        found = [(match.start(), match.end()) for match in pattern.finditer(folded)]
        if not found and term.fuzzy:
            for word in typed_words(term.text):
                found += [(match.start(), match.end()) for match in re.finditer(re.escape(word), folded)]
                found += [(start, end) for start, end, candidate in held if word_score(word, candidate)]
        if term.fuzzy:
            typed += typed_words(term.text)
        spans += found
    for unit in (glossary or Glossary()).units(typed):
        for alternative, _score in unit.alternatives:
            spans += [(start, end) for start, end, candidate in held if has_form(candidate, alternative)]
    return _merge(_in_original(spans, origin, text))


def find_all(needle: str, text: str) -> list[tuple[int, int]]:
    """Every place `needle` occurs in `text`, as search compares (for find in a source)."""
    word = fold(needle)
    if not word:
        return []
    folded, origin = fold_with_origin(text)
    spans = [(match.start(), match.end()) for match in re.finditer(re.escape(word), folded)]
    return _in_original(spans, origin, text)


def _in_original(spans: list[tuple[int, int]], origin: list[int] | None, text: str) -> list[tuple[int, int]]:
    """Spans of a folded text as spans of the text it was folded from (with the marks
    written after a letter, which folding took away)."""
    if origin is None:
        return spans
    found = []
    for start, end in spans:
        end = origin[end - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        found.append((origin[start], end))
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
