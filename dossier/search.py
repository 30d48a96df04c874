"""Finding claims, and optionally source paragraphs, from a query typed by a reader.

One implementation for the app and the command line. A query is a list of terms:

- plain words are fuzzy (rapidfuzz), so a typo still finds its claim, and 3000 finds 3,000;
- `speaker:`, `via:`, `tag:`, `status:`, `dossier:` and `source:` restrict by field;
- `'word` requires that exact word, `!word` excludes what contains it (as in fzf);
- double quotes keep words together: `speaker:"John Kirby"`.

Case never matters, and typographic quotes and dashes match the straight ones typed.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from subprocess import DEVNULL, PIPE

import numpy as np

from .loader import helper_environment
from .model import Claim, Library
from .quotes import TYPOGRAPHIC
from .textsafe import counted
from .wordindex import Facet, WordIndex, best_score, gc_paused, typed_words, word_score, word_spans, words

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
    if not text.isascii():
        for char, replacement in TYPOGRAPHIC.items():  # faster than str.translate, in C
            if char in text:
                text = text.replace(char, replacement)
    return _THOUSANDS.sub("", text).lower()


# A thousands separator: "3,000" is found by typing 3000, and the other way round.
# (The comma comes first so that the regular expression engine looks for it quickly.)
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")


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


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "claim" or "paragraph"
    key: str  # claim id, or paragraph ref (source#paragraph)
    score: float


class Hits(Sequence[Hit]):
    """The matches, best first, made into Hits only when looked at: a query that
    matches 100,000 claims costs an array sort, not 100,000 objects."""

    # A short look (the rows a list shows) needs only the best ones in order.
    PARTIAL = 1000

    def __init__(self, keys: Callable[[int], tuple[str, str]], entries: np.ndarray, scores: np.ndarray, order=None):
        """`entries` in library order; `order(entries, scores)` sorts them (None: they are)."""
        self._key = keys
        self._entries, self._scores, self._order = entries, scores, order
        self._sorted: np.ndarray | None = None if order else np.arange(len(entries))
        self._best: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def _positions(self, stop: int) -> np.ndarray:
        if self._sorted is None and stop <= self.PARTIAL < len(self._entries):
            if self._best is None:
                self._best = self._order(self._entries, self._scores, self.PARTIAL)
            return self._best
        if self._sorted is None:
            self._sorted = self._order(self._entries, self._scores, None)
        return self._sorted

    def __getitem__(self, item):
        if isinstance(item, slice):
            start, stop, step = item.indices(len(self))
            positions = self._positions(stop)
            return [self._hit(position) for position in positions[start:stop:step]]
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError(item)
        return self._hit(self._positions(item + 1)[item])

    def __iter__(self):
        return iter(self[:])

    def _hit(self, position: int) -> Hit:
        kind, key = self._key(int(self._entries[position]))
        return Hit(kind, key, float(self._scores[position]))

    def entries(self) -> np.ndarray:
        """Every match's entry number, best first."""
        return self._entries[self._positions(len(self))]


def _ranked(entries: np.ndarray, scores: np.ndarray, limit: int | None) -> np.ndarray:
    """Positions of the best scores first, ties in library order; the first `limit` only
    when given."""
    key = (scores.max(initial=0) - scores.astype(np.int64)) << 32 | entries.astype(np.int64)
    if limit is not None and limit < len(key):
        best = np.argpartition(key, limit)[:limit]
        return best[np.argsort(key[best])]
    return np.argsort(key)


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


def _claim_text(library: Library, claim: Claim) -> str:
    """What plain words of a query are looked for in: the claim and who and what it is about."""
    dossier = library.dossiers.get(claim.dossier_id)
    return "\n".join([claim.text, claim.speaker or "", *claim.via, *claim.tags, dossier.title if dossier else ""])


def _paragraph_text(text: str, title: str) -> str:
    return f"{text}\n{title}"


class SearchPart:
    """The claims, or the paragraphs, as search looks at them: their words, the
    values of their fields, and their folded text for phrases."""

    def __init__(self, texts: Iterable[str], facets: dict[str, Facet]) -> None:
        """`texts`: taken one at a time, never all held at once."""
        self.words = WordIndex(words(fold(text)) for text in texts)
        self.size = self.words.size
        self.facets = facets

    def matching(self, query: Query, text: Callable[[int], str]) -> tuple[np.ndarray, np.ndarray]:
        """Entries that meet every term of `query` (bool per entry), and their scores.
        `text(entry)` is the entry's text, for the rare phrase that must be read."""
        admitted = np.ones(self.size, dtype=bool)
        scores = np.zeros(self.size, dtype=np.uint32)
        for term in query.terms:
            if term.field is not None:
                found = self._field(term)
            elif term.fuzzy:
                for word in typed_words(term.text):
                    word_scores = self.words.entry_scores(word)
                    admitted &= word_scores > 0
                    scores += word_scores
                continue
            else:  # 'exact or !excluded words: whole words, or words holding them
                holding = self.words.holding if term.exact else self.words.holding_part
                found = np.ones(self.size, dtype=bool)
                for word in typed_words(term.text) or [term.text]:
                    found &= holding(word)
                if " " in term.text:  # a "quoted phrase": its words must also stand together
                    for entry in np.flatnonzero(found):
                        found[entry] = _phrase_found(term, fold(text(int(entry))))
            admitted &= ~found if term.negated else found
        return admitted, scores

    def _field(self, term: Term) -> np.ndarray:
        facet = self.facets.get(term.field)
        if facet is None:  # a paragraph has no speaker, tag, status or dossier
            return np.zeros(self.size, dtype=bool)
        if term.field == "status":
            return facet.where(lambda value: value.startswith(term.text))
        return facet.where(lambda value: term.text in value)


def _phrase_found(term: Term, folded: str) -> bool:
    if term.exact:
        return _word_pattern(term.text).search(folded) is not None
    return term.text in folded


# From this many paragraphs on, they are indexed by a helper process: it takes a while,
# and the app stays responsive (a thread would share the interpreter with it).
HELPER_PARAGRAPHS = 100_000

# A source as its paragraphs are indexed: id, title, publisher, how many paragraphs,
# and their texts in order.
SourceTexts = tuple[str, str, str | None, int, Iterable[str]]


def paragraph_part(sources: list[SourceTexts]) -> SearchPart:
    """The paragraphs' index. The texts are taken one at a time, never all held at once."""
    holders: dict[str, list[np.ndarray]] = {}
    start = 0
    for source_id, title, publisher, count, _ in sources:
        entries = np.arange(start, start + count, dtype=np.int32)
        for name in (source_id, title, publisher):
            if name:
                holders.setdefault(fold(name), []).append(entries)
        start += count
    grouped = {name: np.concatenate(found) for name, found in holders.items()}
    texts = (_paragraph_text(text, title) for _, title, _, _, paragraphs in sources for text in paragraphs)
    return SearchPart(texts, {"source": Facet.grouped(start, grouped)})


def index_in_helper(sources: list[SourceTexts]) -> SearchPart | None:
    """`paragraph_part(sources)`, built by a new process of dossier.reading; None if it fails."""
    command = [sys.executable, "-m", "dossier.reading", "--paragraphs"]
    try:
        with subprocess.Popen(command, stdin=PIPE, stdout=PIPE, stderr=DEVNULL, env=helper_environment()) as helper:
            writer = threading.Thread(target=_send, args=(helper.stdin, sources), daemon=True)
            writer.start()
            part = pickle.load(helper.stdout)  # from our own child process
            writer.join()
    except Exception:
        return None
    return part if isinstance(part, SearchPart) else None


def _send(stream, sources: list[SourceTexts]) -> None:
    """How many sources, then each source on its own: its texts decoded one source at a time."""
    with contextlib.suppress(OSError), stream:
        pickle.dump(len(sources), stream)
        for *names, count, texts in sources:
            pickle.dump((*names, count, tuple(texts)), stream, pickle.HIGHEST_PROTOCOL)


class SearchIndex:
    """The library's claims and paragraphs, indexed once so that each keystroke only
    looks words up. The paragraphs are indexed when first searched."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._claims = list(library.claims.values())
        self._paragraph_count = sum(len(source.paragraphs) for source in library.sources.values())
        self._claim_part = SearchPart(self.claim_texts(), self._claim_facets())
        self._paragraph_part: SearchPart | None = None
        # Where to read the paragraphs' index from instead of building it (the cache
        # sets it); returns None when it can no longer be read.
        self.paragraph_loader: Callable[[], SearchPart | None] | None = None
        self.paragraphs_built = False  # here, rather than read: worth keeping
        self._paragraph_lock = threading.Lock()
        # Exact values for the filters, and how many sources carry each claim.
        self._exact = {
            "dossier": Facet(len(self._claims), ((n, c.dossier_id) for n, c in enumerate(self._claims))),
            "status": Facet(len(self._claims), ((n, c.status) for n, c in enumerate(self._claims))),
            "tag": Facet(len(self._claims), ((n, tag) for n, c in enumerate(self._claims) for tag in c.tags)),
            "speaker": Facet(
                len(self._claims),
                ((n, name) for n, c in enumerate(self._claims) for name in ((c.speaker,) if c.speaker else ()) + c.via),
            ),
        }
        self._source_counts = np.fromiter(
            (min(len(claim.source_ids), 255) for claim in self._claims), dtype=np.uint8, count=len(self._claims)
        )

    def __getstate__(self) -> dict:
        """All but the paragraphs' index, which the cache keeps apart to read only when needed."""
        state = dict(self.__dict__)
        for name in ("_paragraph_lock", "_paragraph_part", "paragraph_loader", "_paragraph_refs", "_paragraph_number"):
            state.pop(name, None)
        state["paragraphs_built"] = False
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._paragraph_lock = threading.Lock()
        self._paragraph_part, self.paragraph_loader = None, None

    def _claim_facets(self) -> dict[str, Facet]:
        library, claims, size = self.library, self._claims, len(self._claims)

        def facet(values: Callable[[Claim], Iterable[str]]) -> Facet:
            return Facet(size, ((n, fold(value)) for n, claim in enumerate(claims) for value in values(claim) if value))

        def sources(claim: Claim) -> list[str]:
            found = []
            for source_id in claim.source_ids:
                source = library.sources.get(source_id)
                found += [source_id, source.title, source.publisher or ""] if source else [source_id]
            return found

        def dossier(claim: Claim) -> tuple[str, str]:
            found = library.dossiers.get(claim.dossier_id)
            return claim.dossier_id, found.title if found else ""

        return {
            "speaker": facet(lambda claim: (claim.speaker or "",)),
            "via": facet(lambda claim: claim.via),
            "tag": facet(lambda claim: claim.tags),
            "status": facet(lambda claim: (claim.status,)),
            "dossier": facet(dossier),
            "source": facet(sources),
        }

    @functools.cached_property
    def _paragraph_refs(self) -> list[str]:
        """Every paragraph's ref, in the order of the paragraphs' index."""
        sources = self.library.sources.values()
        return [f"{source.id}#{paragraph_id}" for source in sources for paragraph_id in source.paragraphs]

    def claim_texts(self) -> list[str]:
        """What plain words are looked for in, claim by claim (not folded)."""
        return [_claim_text(self.library, claim) for claim in self._claims]

    @property
    def paragraphs_indexed(self) -> SearchPart | None:
        """The paragraphs' index, if it has been built or read."""
        return self._paragraph_part

    def paragraph_part(self) -> SearchPart:
        """The paragraphs' index, read or built on first use (by one thread; others wait)."""
        with self._paragraph_lock, gc_paused():
            if self._paragraph_part is None and self.paragraph_loader is not None:
                self._paragraph_part, self.paragraph_loader = self.paragraph_loader(), None
            if self._paragraph_part is None:
                self.paragraphs_built = True
                if self._paragraph_count >= HELPER_PARAGRAPHS:
                    self._paragraph_part = index_in_helper(self._source_texts())
                if self._paragraph_part is None:
                    self._paragraph_part = paragraph_part(self._source_texts())
            return self._paragraph_part

    def search(
        self,
        query: Query | str,
        scope: Scope = Scope.CLAIMS,
        filters: Filters = Filters(),  # frozen: one shared default is safe
        order: Order = Order.RELEVANCE,
    ) -> Results:
        query = parse_query(query) if isinstance(query, str) else query
        claims_size = len(self._claims)
        parts_entries, parts_scores = [], []
        admitted_claims = self._admitted_claims(filters) if filters else None
        if scope is not Scope.PARAGRAPHS:
            found, scores = self._claim_part.matching(query, lambda n: _claim_text(self.library, self._claims[n]))
            if admitted_claims is not None:
                found &= admitted_claims
            entries = np.flatnonzero(found)
            parts_entries.append(entries)
            parts_scores.append(scores[entries])
        if scope is not Scope.CLAIMS:
            part = self.paragraph_part()
            found, scores = part.matching(query, lambda n: self._paragraph_text(self._paragraph_refs[n]))
            if admitted_claims is not None:
                found &= self._cited_by(admitted_claims)
            entries = np.flatnonzero(found)
            parts_entries.append(entries + claims_size)
            parts_scores.append(scores[entries])
        entries = np.concatenate(parts_entries)
        scores = np.concatenate(parts_scores)
        claim_count = int(np.count_nonzero(entries < claims_size))
        ranking = any(term.fuzzy for term in query.terms)
        sort = _ranked if ranking else None
        if order is not Order.RELEVANCE:
            sort = self._by_sources(order, ranking)
        hits = Hits(self._key, entries, scores, sort)
        return Results(query, scope, hits, claims_size, self._paragraph_count, filters, order, claim_count)

    def _source_texts(self) -> list[SourceTexts]:
        sources = self.library.sources.values()
        return [(s.id, s.title, s.publisher, len(s.paragraphs), s.paragraphs.texts) for s in sources]

    def _paragraph_text(self, ref: str) -> str:
        paragraph = self.library.paragraph(ref)
        return _paragraph_text(paragraph.text, self.library.sources[paragraph.source_id].title)

    def _key(self, entry: int) -> tuple[str, str]:
        if entry < len(self._claims):
            return "claim", self._claims[entry].id
        return "paragraph", self._paragraph_refs[entry - len(self._claims)]

    def _admitted_claims(self, filters: Filters) -> np.ndarray:
        admitted = np.ones(len(self._claims), dtype=bool)
        for kind in Filters.KINDS:
            value = getattr(filters, kind)
            if value is not None:
                admitted &= self._exact[kind].equal(value)
        if filters.single_source:
            admitted &= self._source_counts == 1
        return admitted

    def _cited_by(self, claims: np.ndarray) -> np.ndarray:
        """Paragraphs that the claims marked in `claims` cite (bool per paragraph)."""
        number = self._paragraph_number
        cited = np.zeros(self._paragraph_count, dtype=bool)
        for n in np.flatnonzero(claims):
            for evidence in self._claims[n].evidence:
                if evidence.at in number:
                    cited[number[evidence.at]] = True
        return cited

    @functools.cached_property
    def _paragraph_number(self) -> dict[str, int]:
        return {ref: n for n, ref in enumerate(self._paragraph_refs)}

    def _by_sources(self, order: Order, ranking: bool):
        sign = -1 if order is Order.MOST_SOURCES else 1
        claims_size = len(self._claims)
        counts = np.append(self._source_counts.astype(np.int64), 0)  # paragraphs count 0

        def sort(entries: np.ndarray, scores: np.ndarray, limit: int | None) -> np.ndarray:
            # Claims first, by their number of sources; then, within a count, the ranking.
            is_paragraph = entries >= claims_size
            by_count = sign * counts[np.where(is_paragraph, claims_size, entries)]
            within = _ranked(entries, scores, None) if ranking else np.arange(len(entries))
            place = np.empty(len(entries), dtype=np.int64)
            place[within] = np.arange(len(entries))
            return np.lexsort((place, by_count, is_paragraph))

        return sort


def rank(query: Query, haystacks: list[str]) -> list[tuple[int, float]]:
    """(index, score) of each folded haystack that every fuzzy word of `query` matches,
    best first; all of them, in order, when the query has no fuzzy word.

    The plain, one-at-a-time way to score: for short lists (the command palette), and
    the yardstick the index is tested against.
    """
    typed = [word for term in query.terms if term.fuzzy for word in typed_words(term.text)]
    found = []
    for index, haystack in enumerate(haystacks):
        held = words(haystack)
        scores = [best_score(word, held) for word in typed]
        if all(scores):
            found.append((index, float(sum(scores))))
    return sorted(found, key=lambda pair: -pair[1])


def highlights(query: Query, text: str) -> list[tuple[int, int]]:
    """Spans of `text` that the query's words match, to show a reader why it matched.

    Every occurrence of a word is marked; a fuzzy word that is not in `text` as typed
    marks the words it is a near miss of.
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
        if not found and term.fuzzy:
            for word in typed_words(term.text):
                found += [(match.start(), match.end()) for match in re.finditer(re.escape(word), folded)]
                found += [(start, end) for start, end, held in word_spans(folded) if word_score(word, held)]
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
