"""Finding claims, and optionally source paragraphs, from a query typed by a reader.

One implementation for the app and the command line. A query is a list of terms:

- plain words are fuzzy (rapidfuzz), so a typo still finds its claim, and 3000 finds 3,000;
- `speaker:`, `via:`, `tag:`, `status:`, `dossier:` and `source:` restrict by field;
- `'word` requires that exact word, `!word` excludes what contains it (as in fzf);
- double quotes keep words together: `speaker:"John Kirby"`.

Case never matters, and typographic quotes and dashes match the straight ones typed.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from .model import Claim, Library, Paragraph
from .quotes import TYPOGRAPHIC
from .textsafe import counted

FIELDS = ("speaker", "via", "tag", "status", "dossier", "source")


class Scope(enum.Enum):
    CLAIMS = "claims"
    PARAGRAPHS = "paragraphs"  # source paragraphs only
    EVERYTHING = "all"  # claims and source paragraphs

    @property
    def label(self) -> str:
        return {"claims": "claims", "paragraphs": "source paragraphs", "all": "claims + sources"}[self.value]


class Order(enum.Enum):
    RELEVANCE = "relevance"  # best match first; the library's order when nothing is typed
    MOST_SOURCES = "most-sources"
    FEWEST_SOURCES = "fewest-sources"

    @property
    def label(self) -> str:
        return {
            "relevance": "best match first",
            "most-sources": "most sources first",
            "fewest-sources": "fewest sources first",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Filters:
    """Exact restrictions on the claims listed, on top of the query: one value per kind."""

    dossier: str | None = None  # a dossier id
    status: str | None = None
    tag: str | None = None
    speaker: str | None = None  # the name of a speaker or of a relay
    single_source: bool = False  # only claims that rest on one source

    KINDS = ("dossier", "status", "tag", "speaker")

    def __bool__(self) -> bool:
        return any(getattr(self, kind) for kind in self.KINDS) or self.single_source

    def admits(self, claim: Claim) -> bool:
        return (
            (self.dossier is None or claim.dossier_id == self.dossier)
            and (self.status is None or claim.status == self.status)
            and (self.tag is None or self.tag in claim.tags)
            and (self.speaker is None or claim.speaker == self.speaker or self.speaker in claim.via)
            and (not self.single_source or len(claim.source_ids) == 1)
        )

    def toggled(self, kind: str, value: str | None = None) -> Filters:
        """These filters with `kind` set to `value`, or cleared when it already is."""
        if kind == "single_source":
            return replace(self, single_source=not self.single_source)
        return replace(self, **{kind: None if getattr(self, kind) == value else value})

    def active(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, for a reader to see."""
        found = [(FILTER_LABELS[kind], value) for kind in self.KINDS if (value := getattr(self, kind))]
        return found + ([(FILTER_LABELS["single_source"], "")] if self.single_source else [])

    def describe(self) -> str:
        """`tag nis · resting on one source only`."""
        return " · ".join(f"{label} {value}".strip() for label, value in self.active())


FILTER_LABELS = {
    "dossier": "dossier",
    "status": "status",
    "tag": "tag",
    "speaker": "said or relayed by",
    "single_source": "resting on one source only",
}


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # folded: lower case, straight quotes and dashes
    field: str | None = None
    exact: bool = False  # 'word: the whole word, not a fuzzy match
    negated: bool = False  # !word: leave out what contains it

    @property
    def fuzzy(self) -> bool:
        return self.field is None and not self.exact and not self.negated


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


# A token is a run of non-space characters in which "double-quoted parts" may hold spaces.
_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*(?:"|$))+')
_FIELD = re.compile(rf"^({'|'.join(FIELDS)}):(.*)$", re.IGNORECASE | re.DOTALL)


def parse_query(text: str) -> Query:
    """The terms of `text`. Incomplete terms (`speaker:`, a lone `!`) are skipped, so that
    results do not empty while a reader is still typing."""
    terms = []
    for token in _TOKEN.findall(text):
        negated = token.startswith("!")
        token = token[1:] if negated else token
        field = None
        found = _FIELD.match(token)
        if found:
            field, token = found.group(1).lower(), found.group(2)
        exact = token.startswith("'")
        token = token[1:] if exact else token
        value = " ".join(fold(token.replace('"', "")).split())
        if value:
            terms.append(Term(value, field, exact and field is None, negated))
    return Query(text, tuple(terms))


def fold(text: str) -> str:
    """`text` as search compares it: lower case, with straight quotes and dashes."""
    return fold_with_origin(text)[0]


# A thousands separator: "3,000" is found by typing 3000, and the other way round.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def fold_with_origin(text: str) -> tuple[str, list[int] | None]:
    """Folded `text` and, for each folded character, its offset in `text` (None when
    every character kept its place)."""
    separators = {match.start() for match in _THOUSANDS.finditer(text)}
    if not separators and text.isascii():
        return text.lower(), None
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if index in separators:
            continue
        replacement = TYPOGRAPHIC.get(char, char).lower()
        folded.append(replacement)
        origin.extend([index] * len(replacement))
    return "".join(folded), origin


def _cutoff(word: str) -> float:
    """How close a fuzzy match must be: short words must appear as typed."""
    if len(word) <= 3:
        return 100
    return 80 if len(word) <= 5 else 75


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "claim" or "paragraph"
    key: str  # claim id, or paragraph ref (source#paragraph)
    score: float


@dataclass(frozen=True, slots=True)
class Results:
    query: Query
    scope: Scope
    hits: list[Hit]
    claims_searched: int
    paragraphs_searched: int
    filters: Filters = field(default_factory=Filters)
    order: Order = Order.RELEVANCE

    @property
    def claim_count(self) -> int:
        return sum(hit.kind == "claim" for hit in self.hits)

    @property
    def paragraph_count(self) -> int:
        return len(self.hits) - self.claim_count

    def searched(self) -> str:
        """What was searched: '51 claims', '120 paragraphs', '51 claims and 120 paragraphs'."""
        claims, paragraphs = counted(self.claims_searched, "claim"), counted(self.paragraphs_searched, "paragraph")
        return {Scope.CLAIMS: claims, Scope.PARAGRAPHS: paragraphs}.get(self.scope, f"{claims} and {paragraphs}")

    def describe(self) -> str:
        """How many matched, for a status line: '7 of 51 claims', '3 claims, 2 paragraphs'."""
        if self.scope is Scope.EVERYTHING:
            return f"{counted(self.claim_count, 'claim')}, {counted(self.paragraph_count, 'paragraph')}"
        if self.scope is Scope.CLAIMS:
            noun, found, searched = "claim", self.claim_count, self.claims_searched
        else:
            noun, found, searched = "paragraph", self.paragraph_count, self.paragraphs_searched
        narrowed = self.query or self.filters
        return f"{found:,} of {counted(searched, noun)}" if narrowed else counted(found, noun)


@dataclass(slots=True)
class _Entry:
    kind: str
    key: str
    haystack: str  # every fuzzy-searchable field, folded, one per line
    fields: dict[str, tuple[str, ...]]  # folded values for field terms


class SearchIndex:
    """The library's claims and paragraphs, folded once so that each keystroke only matches."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._claims = [self._claim_entry(claim) for claim in library.claims.values()]
        self._paragraphs = [
            self._paragraph_entry(paragraph, library)
            for source in library.sources.values()
            for paragraph in source.paragraphs.values()
        ]

    def _claim_entry(self, claim: Claim) -> _Entry:
        dossier = self.library.dossiers.get(claim.dossier_id)
        dossier_title = dossier.title if dossier else ""
        sources = []
        for evidence in claim.evidence:
            source = self.library.sources.get(evidence.source_id)
            sources += [evidence.source_id, source.title if source else "", (source and source.publisher) or ""]
        searchable = [claim.text, claim.speaker or "", *claim.via, *claim.tags, dossier_title]
        return _Entry(
            "claim",
            claim.id,
            fold("\n".join(searchable)),
            {
                "speaker": (fold(claim.speaker or ""),),
                "via": tuple(fold(name) for name in claim.via),
                "tag": tuple(fold(tag) for tag in claim.tags),
                "status": (claim.status,),
                "dossier": (claim.dossier_id, fold(dossier_title)),
                "source": tuple(fold(text) for text in sources if text),
            },
        )

    @staticmethod
    def _paragraph_entry(paragraph: Paragraph, library: Library) -> _Entry:
        source = library.sources[paragraph.source_id]
        return _Entry(
            "paragraph",
            paragraph.ref,
            fold(f"{paragraph.text}\n{source.title}"),
            {"source": (source.id, fold(source.title), fold(source.publisher or ""))},
        )

    def search(
        self,
        query: Query | str,
        scope: Scope = Scope.CLAIMS,
        filters: Filters = Filters(),  # frozen: one shared default is safe
        order: Order = Order.RELEVANCE,
    ) -> Results:
        query = parse_query(query) if isinstance(query, str) else query
        entries = {
            Scope.CLAIMS: self._claims,
            Scope.PARAGRAPHS: self._paragraphs,
            Scope.EVERYTHING: self._claims + self._paragraphs,
        }[scope]
        candidates = [entry for entry in entries if _passes(entry, query.terms)]
        if filters:
            candidates = [entry for entry in candidates if self._admitted(entry, filters)]
        ranked = rank(query, [entry.haystack for entry in candidates])
        hits = [Hit(candidates[index].kind, candidates[index].key, score) for index, score in ranked]
        if order is not Order.RELEVANCE:
            hits.sort(key=self._by_sources(order))  # stable: ties keep their rank
        return Results(query, scope, hits, len(self._claims), len(self._paragraphs), filters, order)

    def _admitted(self, entry: _Entry, filters: Filters) -> bool:
        """A claim the filters admit, or a paragraph that such a claim cites."""
        claims = self.library.claims
        if entry.kind == "claim":
            return filters.admits(claims[entry.key])
        return any(filters.admits(claim) for claim, _ in self.library.citing(entry.key))

    def _by_sources(self, order: Order):
        sign = -1 if order is Order.MOST_SOURCES else 1
        claims = self.library.claims

        def key(hit: Hit) -> tuple[int, int]:
            if hit.kind != "claim":
                return (1, 0)  # paragraphs after the claims
            return (0, sign * len(claims[hit.key].source_ids))

        return key


def rank(query: Query, haystacks: list[str]) -> list[tuple[int, float]]:
    """(index, score) of each folded haystack that every fuzzy word of `query` matches,
    best first; all of them, in order, when the query has no fuzzy word."""
    indices = list(range(len(haystacks)))
    scores = [0.0] * len(haystacks)
    for term in query.terms:
        if not term.fuzzy:
            continue
        matched = process.extract(
            term.text,
            [haystacks[index] for index in indices],
            scorer=fuzz.partial_ratio,
            processor=None,
            score_cutoff=_cutoff(term.text),
            limit=None,
        )
        kept, kept_scores = [], []
        for _choice, score, position in sorted(matched, key=lambda match: match[2]):
            index = indices[position]
            # A word found as typed ranks above a near miss.
            exact_bonus = 25 if term.text in haystacks[index] else 0
            kept.append(index)
            kept_scores.append(scores[position] + score + exact_bonus)
        indices, scores = kept, kept_scores
    order = sorted(range(len(indices)), key=lambda position: -scores[position])
    return [(indices[position], scores[position]) for position in order]


def _passes(entry: _Entry, terms: Iterable[Term]) -> bool:
    """Whether `entry` meets every term that is not fuzzy (fields, exact words, exclusions)."""
    for term in terms:
        if term.field is not None:
            values = entry.fields.get(term.field)
            if values is None:  # a paragraph has no speaker, tag, status or dossier
                found = False
            elif term.field == "status":
                found = any(value.startswith(term.text) for value in values)
            else:
                found = any(term.text in value for value in values)
        elif term.exact:
            found = _word_pattern(term.text).search(entry.haystack) is not None
        elif term.negated:
            found = term.text in entry.haystack
        else:
            continue
        if found == term.negated:
            return False
    return True


def highlights(query: Query, text: str) -> list[tuple[int, int]]:
    """Spans of `text` that the query's words match, to show a reader why it matched.

    Every occurrence of a word is marked; a fuzzy word that is not in `text` as typed
    marks the passage rapidfuzz aligned it with.
    """
    if not query:
        return []
    folded, origin = fold_with_origin(text)
    spans: list[tuple[int, int]] = []
    for term in query.terms:
        if term.negated or term.field in ("status",):
            continue
        pattern = _word_pattern(term.text) if term.exact else re.compile(re.escape(term.text))
        found = [(match.start(), match.end()) for match in pattern.finditer(folded)]
        if not found and term.fuzzy and folded:
            aligned = fuzz.partial_ratio_alignment(term.text, folded, score_cutoff=_cutoff(term.text))
            if aligned is not None and aligned.dest_end > aligned.dest_start:
                found = [(aligned.dest_start, aligned.dest_end)]
        spans += found
    return _merge(_in_original(spans, origin))


def find_all(needle: str, text: str) -> list[tuple[int, int]]:
    """Every place `needle` occurs in `text`, as search compares (for find in a source)."""
    word = fold(needle)
    if not word:
        return []
    folded, origin = fold_with_origin(text)
    spans = [(match.start(), match.end()) for match in re.finditer(re.escape(word), folded)]
    return _in_original(spans, origin)


def _in_original(spans: list[tuple[int, int]], origin: list[int] | None) -> list[tuple[int, int]]:
    """Spans of a folded text as spans of the text it was folded from."""
    if origin is None:
        return spans
    return [(origin[start], origin[end - 1] + 1) for start, end in spans]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
