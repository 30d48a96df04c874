"""What a claim and a paragraph are to search (their own words and the words around
them), the hits of one query ranked (`Hits`), and the index of one kind of entry
(`SearchPart`: the claims', or the paragraphs', built in a helper process for a large
library). The library's index, which holds them, is index.py's.
"""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from subprocess import DEVNULL, PIPE

import numpy as np

from ..env.system import helper_environment
from ..library.model import Claim, Library
from ..text.terms import dropped, fold, typed_words, words
from .glossary import Glossary, Unit
from .matching import AROUND
from .query import Query, Term
from .results import Hit, word_pattern
from .wordindex import Facet, WordIndex

# --- what a claim and a paragraph are, to search ---------------------------------------------


def claim_fields(library: Library, claim: Claim, common: frozenset[str] = frozenset()) -> tuple[str, str]:
    """What plain words are looked for in: the claim's own words (its text, speaker,
    relays and tags), and what surrounds it (the words of its id, its dossier, the words
    it quotes, the paragraphs it cites and who published them).

    An id or a ref is one word (`zelensky-3000-lost` is zelensky3000lost): typed whole or
    in part it finds its claim first. The words of a claim's id, as its writer chose them,
    are among what surrounds it, but for those `common` to most ids ("claim" in
    claim-00042), and the parts of refs, which would match every claim ("report"). A
    source's title is its paragraphs' (and `source:` finds it): on each claim citing it,
    its words would match every query about its subject."""
    ids = [claim.id, *claim.formerly]
    own = "\n".join([claim.text, claim.speaker or "", *claim.via, *claim.tags, *map(dropped, ids)])
    dossier = library.dossiers.get(claim.dossier_id)
    parts = [part for key in ids for part in key.split("-") if part not in common]
    around = [" ".join(parts), dropped(claim.dossier_id), dossier.title if dossier else ""]
    for evidence in claim.evidence:
        around += [dropped(evidence.at), evidence.quote or ""]
    for source_id in claim.source_ids:
        source = library.sources.get(source_id)
        if source is not None and source.publisher:
            around.append(source.publisher)
    return own, "\n".join(around)


def paragraph_fields(ref: str, text: str, title: str, publisher: str | None) -> tuple[str, str]:
    """A paragraph's own words (its text, its ref as one word) and what surrounds it (its
    source's title, publisher and id)."""
    return _paragraph_own(ref, text), _source_around(ref.partition("#")[0], title, publisher)


def _paragraph_own(ref: str, text: str) -> str:
    return f"{text}\n{dropped(ref)}"


def _source_around(source_id: str, title: str, publisher: str | None) -> str:
    return "\n".join([title, publisher or "", dropped(source_id)])


# --- hits ------------------------------------------------------------------------------------------


def _rank_key(words: np.ndarray, minor: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One number to sort by: the words found first, then the minor ones ("of", "the"),
    then the score."""
    words, minor = (np.minimum(counts, 0xFF).astype(np.uint32) for counts in (words, minor))
    return (words << 24) | (minor << 16) | np.minimum(scores, 0xFFFF).astype(np.uint32)


class Hits(Sequence[Hit]):
    """The matches, best first, made into Hits only when looked at: a query that
    matches 100,000 claims costs an array sort, not 100,000 objects."""

    # A short look (the rows a list shows) needs only the best ones in order.
    PARTIAL = 1000

    def __init__(self, keys: Callable[[int], tuple[str, str]], entries: np.ndarray, ranks: np.ndarray, order=None):
        """`entries` in library order, `ranks` their `_rank_key`s; `order(entries, ranks)`
        sorts them (None: they are)."""
        self._key = keys
        self._entries, self._ranks, self._order = entries, ranks, order
        self._sorted: np.ndarray | None = None if order else np.arange(len(entries))
        self._best: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def _positions(self, stop: int) -> np.ndarray:
        if self._sorted is None and stop <= self.PARTIAL < len(self._entries):
            if self._best is None:
                self._best = self._order(self._entries, self._ranks, self.PARTIAL)
            return self._best
        if self._sorted is None:
            self._sorted = self._order(self._entries, self._ranks, None)
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
        rank = int(self._ranks[position])
        return Hit(kind, key, float(rank & 0xFFFF), rank >> 24)

    def entries(self) -> np.ndarray:
        """Every match's entry number, best first."""
        return self._entries[self._positions(len(self))]


def ranked(entries: np.ndarray, ranks: np.ndarray, limit: int | None) -> np.ndarray:
    """Positions of the best first, ties in library order; the first `limit` only when given."""
    # `entries` come in library order: ties keep it
    key = (ranks.max(initial=0) - ranks.astype(np.int64)) << 32 | np.arange(len(entries), dtype=np.int64)
    if limit is not None and limit < len(key):
        best = np.argpartition(key, limit)[:limit]
        return best[np.argsort(key[best])]
    return np.argsort(key)


# --- the index of one kind of entry -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Matches:
    """What a part's entries make of a query, per entry."""

    admitted: np.ndarray  # bool: it meets the query
    held: np.ndarray  # how many of the query's plain words it holds, minor ones apart
    minor: np.ndarray  # how many of its minor words
    scores: np.ndarray

    def ranked(self, entries: np.ndarray) -> np.ndarray:
        return _rank_key(self.held[entries], self.minor[entries], self.scores[entries])


class SearchPart:
    """The claims, or the paragraphs, as search looks at them: the words of their own
    fields and of what surrounds them, and the values of their fields."""

    def __init__(
        self, own: WordIndex, around: WordIndex, facets: dict[str, Facet], around_of: np.ndarray | None = None
    ) -> None:
        """`own` and `around`: the entries' words (see claim_fields). With `around_of`
        (each entry's number in `around`), what surrounds them is shared: a source's
        title and publisher, indexed once for all its paragraphs."""
        self.words, self.around, self.around_of = own, around, around_of
        self.size = own.size
        self.facets = facets

    @classmethod
    def of(cls, fields: Iterable[tuple[str, str]], facets: dict[str, Facet]) -> SearchPart:
        """From each entry's (own, around) texts, taken one at a time, never all held at once."""
        own, around = WordIndex.pair((words(fold(own)), words(fold(around))) for own, around in fields)
        return cls(own, around, facets)

    def _spread(self, values: np.ndarray) -> np.ndarray:
        """Values of what surrounds the entries, entry by entry."""
        return values if self.around_of is None else values[self.around_of]

    def word_scores(self, word: str, near: bool = True) -> np.ndarray:
        """Each entry's score for typed `word` (uint8): its own words' best, or what
        surrounds it, a little less; with `near` false, no near miss of it."""
        around = self._spread(self.around.entry_scores(word))
        own = self.words.entry_scores(word, near)
        return np.maximum(own, np.where(around > AROUND, around - AROUND, 0).astype(np.uint8))

    def alternative_scores(self, unit: Unit) -> np.ndarray | None:
        """Each entry's score for holding another way of writing `unit` (uint8), or None."""
        if not unit.alternatives:
            return None
        best = np.zeros(self.size, dtype=np.uint8)
        for alternative, score in unit.alternatives:
            own = np.ones(self.size, dtype=bool)
            anywhere = np.ones(self.size, dtype=bool)
            for word in alternative:
                held = self.words.holding_form(word)
                own &= held
                anywhere &= held | self._spread(self.around.holding_form(word))
            best = np.maximum(best, np.where(own, score, np.where(anywhere, score - AROUND, 0)).astype(np.uint8))
        return best

    def matching(self, query: Query, text: Callable[[int], str], glossary: Glossary) -> Matches:
        """Entries that meet the query, how many of its plain words each holds, and their
        scores. `text(entry)` is the entry's text, for the rare phrase that must be read."""
        admitted = np.ones(self.size, dtype=bool)
        held = np.zeros(self.size, dtype=np.uint16)
        minor = np.zeros(self.size, dtype=np.uint16)
        scores = np.zeros(self.size, dtype=np.uint32)
        typed = [word for term in query.terms if term.fuzzy for word in typed_words(term.text)]
        for unit in glossary.units(typed):
            alternatives = self.alternative_scores(unit)
            for word in unit.words:
                if unit.named:  # the alias as a word of its own, or what it stands for
                    word_scores = alternatives
                else:
                    word_scores = self.word_scores(word, unit.near)
                    if alternatives is not None:
                        word_scores = np.maximum(word_scores, alternatives)
                if unit.minor:
                    minor += word_scores > 0
                else:
                    held += word_scores > 0
                scores += word_scores
        if typed:
            admitted &= (held > 0) | (minor > 0)
        for term in query.terms:
            if term.fuzzy:
                continue
            if term.field is not None:
                found = self._field(term)
            else:  # 'exact or !excluded words: whole words, or words holding them
                found = np.ones(self.size, dtype=bool)
                for word in typed_words(term.text) or [term.text]:
                    if term.exact:
                        found &= self.words.holding(word) | self._spread(self.around.holding(word))
                    else:
                        found &= self.words.holding_part(word) | self._spread(self.around.holding_part(word))
                if " " in term.text:  # a "quoted phrase": its words must also stand together
                    for entry in np.flatnonzero(found):
                        found[entry] = _phrase_found(term, fold(text(int(entry))))
            admitted &= ~found if term.negated else found
        return Matches(admitted, held, minor, scores)

    def _field(self, term: Term) -> np.ndarray:
        facet = self.facets.get(term.field)
        if facet is None:  # a paragraph has no speaker, tag, status or dossier
            return np.zeros(self.size, dtype=bool)
        if term.field == "status":
            return facet.where(lambda value: value.startswith(term.text))
        return facet.where(lambda value: term.text in value)  # both folded: as query.names_match


def _phrase_found(term: Term, folded: str) -> bool:
    if term.exact:
        return word_pattern(term.text).search(folded) is not None
    return term.text in folded


def same_sources(before: Library, now: Library) -> bool:
    """Whether `now` holds the very sources `before` did, in the same order (a source
    file that did not change is taken as it was read, object and all)."""
    if len(before.sources) != len(now.sources):
        return False
    return all(a is b for a, b in zip(before.sources.values(), now.sources.values(), strict=True))


# A source as its paragraphs are indexed: id, title, publisher, its paragraph ids, and
# their texts in order.
SourceTexts = tuple[str, str, str | None, Sequence[str], Iterable[str]]


def paragraph_part(sources: list[SourceTexts]) -> SearchPart:
    """The paragraphs' index. The texts are taken one at a time, never all held at once."""
    holders: dict[str, list[np.ndarray]] = {}
    start = 0
    for source_id, title, publisher, paragraph_ids, _ in sources:
        entries = np.arange(start, start + len(paragraph_ids), dtype=np.int32)
        for name in (source_id, title, publisher):
            if name:
                holders.setdefault(fold(name), []).append(entries)
        start += len(paragraph_ids)
    grouped = {name: np.concatenate(found) for name, found in holders.items()}
    own = WordIndex(
        words(fold(_paragraph_own(f"{source_id}#{paragraph_id}", text)))
        for source_id, _title, _publisher, paragraph_ids, texts in sources
        for paragraph_id, text in zip(paragraph_ids, texts, strict=True)
    )
    around = WordIndex(
        (words(fold(_source_around(source_id, title, publisher))) for source_id, title, publisher, *_ in sources),
        near=False,
    )
    counts = np.array([len(paragraph_ids) for *_, paragraph_ids, _texts in sources], dtype=np.int64)
    around_of = np.repeat(np.arange(len(sources), dtype=np.int32), counts)
    return SearchPart(own, around, {"source": Facet.grouped(start, grouped)}, around_of)


def index_in_helper(sources: list[SourceTexts]) -> SearchPart | None:
    """`paragraph_part(sources)`, built by a new process of dossier.session.reading; None if it fails."""
    command = [sys.executable, "-m", "dossier.session.reading", "--paragraphs"]
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
        for *names, paragraph_ids, texts in sources:
            pickle.dump((*names, tuple(paragraph_ids), tuple(texts)), stream, pickle.HIGHEST_PROTOCOL)
