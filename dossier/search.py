"""Finding claims, and optionally source paragraphs, from a query typed by a reader.

One implementation for the search box, `dossier search` and the command palette (the
query language is query.py's). Each typed word is matched against each claim's words:

- as typed, or as part of a word (`zelen` finds Zelensky), a number only as itself
  (3000 finds 3,000, never 30,000; 12k is 12000; three is 3);
- in another form (Snowball stems: `capturing` finds captured);
- through the library's glossary (`troops` finds soldiers, `NIS` the National
  Intelligence Service), as a run of words where a term has several;
- as a near miss, first letter right, from four letters on (rapidfuzz scores it).

In that order of score; a word found in the claim's own fields (its text, speaker, relays,
tags) scores above one found only in what surrounds it (its id, its quotes, its dossier's
title, its sources' ids, titles and publishers). A claim with every word ranks above one
with fewer, so that a query never comes back empty while some of its words are found.
"""

from __future__ import annotations

import contextlib
import functools
import pickle
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from subprocess import DEVNULL, PIPE

import numpy as np

from .glossary import Glossary, Unit
from .loader import helper_environment
from .matching import AROUND, best_score, has_form
from .model import Claim, Library
from .query import FIELDS, FILTER_LABELS, Filters, Order, Query, Scope, Term, names_match, parse_query
from .results import Hit, Results, few_paragraphs, word_pattern
from .terms import dropped, fold, typed_words, words
from .wordindex import Facet, WordIndex, gc_paused

__all__ = ["FIELDS", "FILTER_LABELS", "Filters", "Order", "Query", "Scope", "Term", "fold", "parse_query"]

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


def _paragraph_fields(ref: str, text: str, title: str, publisher: str | None) -> tuple[str, str]:
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


def _ranked(entries: np.ndarray, ranks: np.ndarray, limit: int | None) -> np.ndarray:
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


def _same_sources(before: Library, now: Library) -> bool:
    """Whether `now` holds the very sources `before` did, in the same order (a source
    file that did not change is taken as it was read, object and all)."""
    if len(before.sources) != len(now.sources):
        return False
    return all(a is b for a, b in zip(before.sources.values(), now.sources.values(), strict=True))


# From this many paragraphs on, they are indexed by a helper process: it takes a while,
# and the app stays responsive (a thread would share the interpreter with it).
HELPER_PARAGRAPHS = 100_000

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
        for *names, paragraph_ids, texts in sources:
            pickle.dump((*names, tuple(paragraph_ids), tuple(texts)), stream, pickle.HIGHEST_PROTOCOL)


# --- the library's index ---------------------------------------------------------------------------------


class ClaimSegment:
    """Claims indexed together: their words, the values of their fields, and how many
    sources carry each."""

    def __init__(self, library: Library, claims: list[Claim], common: frozenset[str]) -> None:
        self.claims = len(claims)
        self.part = SearchPart.of(
            (claim_fields(library, claim, common) for claim in claims), _claim_facets(library, claims)
        )
        size = len(claims)
        # Exact values for the filters.
        self.exact = {
            "dossier": Facet(size, ((n, c.dossier_id) for n, c in enumerate(claims))),
            "status": Facet(size, ((n, c.status) for n, c in enumerate(claims))),
            "tag": Facet(size, ((n, tag) for n, c in enumerate(claims) for tag in c.tags)),
            "speaker": Facet(
                size, ((n, name) for n, c in enumerate(claims) for name in ((c.speaker,) if c.speaker else ()) + c.via)
            ),
        }
        self.source_counts = np.fromiter(
            (min(len(claim.source_ids), 255) for claim in claims), dtype=np.uint8, count=size
        )

    def admitted(self, filters: Filters) -> np.ndarray:
        admitted = np.ones(self.claims, dtype=bool)
        for kind in Filters.KINDS:
            value = getattr(filters, kind)
            if value is not None and kind == "speaker":
                admitted &= self.exact[kind].where(lambda name, wanted=value: names_match(wanted, name))
            elif value is not None:
                admitted &= self.exact[kind].equal(value)
        if filters.single_source:
            admitted &= self.source_counts == 1
        return admitted


def id_part_counts(
    library: Library,
    previous: SearchIndex | None = None,
    gone: Iterable[str] = (),
    came: Iterable[str] | None = None,
) -> Counter:
    """How many claims' ids hold each part (claim and 00042 in claim-00042); from
    `previous`'s counts, for the claims added and gone since, when it is given (`gone`
    and `came`, the ids of both, when they are known)."""
    claims = library.claims
    if previous is None:
        return Counter(part for claim_id in claims for part in set(claim_id.split("-")))
    if came is None:
        before = previous.library.claims.keys()
        gone, came = before - claims.keys(), claims.keys() - before
    counts = Counter(previous._id_part_counts)
    counts.subtract(part for claim_id in gone for part in set(claim_id.split("-")))
    counts.update(part for claim_id in came for part in set(claim_id.split("-")))
    return counts


def common_id_parts(
    counts: Counter, claims: int, previous: SearchIndex | None = None, touched: Iterable[str] = ()
) -> frozenset[str]:
    """The parts of more than a quarter of the claims' ids (`counts`: see id_part_counts):
    what ids are made of, not what they say (claim in claim-00042). With `previous` and
    the parts whose counts changed since (`touched`), only those and the parts common
    then are looked at, where the bar has not fallen: no other count can have passed it."""
    bar = max(8, claims / 4)
    if previous is not None and bar >= max(8, len(previous.library.claims) / 4):
        return frozenset(part for part in previous._common_id_parts | set(touched) if counts[part] > bar)
    return frozenset(part for part, count in counts.items() if count > bar)


# Claims new since the first segment was indexed, beyond which all are indexed anew.
REINDEX_SHARE = 0.1
REINDEX_LEAST = 2000


def _segments_kept(
    previous: SearchIndex, library: Library, common: frozenset[str]
) -> tuple[ClaimSegment, list[Claim], np.ndarray] | None:
    """What of `previous` an index of `library` can keep: its first segment, the claims
    it holds, and which of them are still in the library, when nothing that segment's
    words come from has changed but the claims themselves (the sources are the same
    objects, the caller has seen; ids are made of the same parts), and not too many
    claims are new; else None, to index every claim anew."""
    if previous._common_id_parts != common:
        return None
    base = previous._segments[0]
    base_claims = previous._claims[: base.claims]
    current = library.claims
    alive = np.fromiter((current.get(claim.id) is claim for claim in base_claims), dtype=bool, count=len(base_claims))
    if len(current) - int(np.count_nonzero(alive)) > max(REINDEX_LEAST, REINDEX_SHARE * len(current)):
        return None
    return base, base_claims, alive


def _claim_facets(library: Library, claims: list[Claim]) -> dict[str, Facet]:
    """The values of the claims' fields, for speaker:, via:, tag:, status:, dossier: and source:."""
    size = len(claims)

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


class SearchIndex:
    """The library's claims and paragraphs, indexed once so that each keystroke only
    looks words up. The paragraphs are indexed when first searched."""

    def __init__(
        self,
        library: Library,
        previous: SearchIndex | None = None,
        written: str | None = None,
    ) -> None:
        """With `previous` (the index of the library this one was loaded after), its
        claims' first segment is kept when it can be (see _segments_kept), and its
        paragraphs' index is taken when every source is the one it indexed. `written`:
        when `library` is `previous`'s with the claims of that file alone read anew and
        nothing else changed (as a writer's check assembles it), only those claims are
        looked at (see _replace)."""
        self.library = library
        self.glossary = Glossary(library.glossary)
        same_sources = previous is not None and _same_sources(previous.library, library)
        if same_sources:
            self._paragraph_count = previous._paragraph_count
        else:
            self._paragraph_count = sum(len(source.paragraphs) for source in library.sources.values())
        # The claims, indexed as one segment; or, after an edit, as the segment indexed
        # before (`_alive` says which of its claims are still in the library) and one of
        # the claims that are new since, `_order` giving each entry's place in the library.
        self._alive: np.ndarray | None = None
        self._order: np.ndarray | None = None
        if not (same_sources and written is not None and self._replace(previous, written)):
            self._id_part_counts = id_part_counts(library, previous)
            self._common_id_parts = common_id_parts(self._id_part_counts, len(library.claims))
            kept = _segments_kept(previous, library, self._common_id_parts) if same_sources else None
            if kept is None:
                self._claims = list(library.claims.values())
                self._segments = [ClaimSegment(library, self._claims, self._common_id_parts)]
            else:
                self._adopt(*kept)
        self._paragraph_part: SearchPart | None = None
        # Where to read the paragraphs' index from instead of building it (the cache
        # sets it); returns None when it can no longer be read.
        self.paragraph_loader: Callable[[], SearchPart | None] | None = None
        self.paragraphs_built = False  # here, rather than read: worth keeping
        self._paragraph_lock = threading.Lock()
        # The index before, when its paragraphs are the same and it may be building their
        # index (in a helper, for up to a minute at 100,000 claims): this one takes that
        # index when asked for its own, rather than building another beside it.
        self._paragraphs_from: SearchIndex | None = None
        if same_sources:
            self._paragraph_part = previous.paragraphs_indexed
            self.paragraph_loader = None if self._paragraph_part is not None else previous.paragraph_loader
            if self._paragraph_part is None and self.paragraph_loader is None:
                self._paragraphs_from = previous
        self._source_counts = np.concatenate([segment.source_counts for segment in self._segments])

    def _adopt(self, base: ClaimSegment, base_claims: list[Claim], alive: np.ndarray) -> None:
        """Take `base` (the first segment of the previous index) for its claims still in
        the library (`alive`), and index the others, new since it was built, as a second."""
        current = self.library.claims
        kept = {id(claim) for claim, living in zip(base_claims, alive, strict=True) if living}
        new = [claim for claim in current.values() if id(claim) not in kept]
        self._claims = base_claims + new
        self._segments = [base, ClaimSegment(self.library, new, self._common_id_parts)]
        self._alive = np.concatenate([alive, np.ones(len(new), dtype=bool)])
        place = {id(claim): number for number, claim in enumerate(current.values())}
        self._order = np.fromiter(
            (place.get(id(claim), len(place)) for claim in self._claims), dtype=np.int64, count=len(self._claims)
        )

    def _replace(self, previous: SearchIndex, path: str) -> bool:
        """Take `previous` for a library that has the claims file `path` holds now in
        place of those it held (`gone`, a run of claims in the library's order): their
        entries are marked gone, and the file's claims indexed with those of `previous`'s
        second segment. It takes time for that file's claims, not for the library's.
        False when it cannot (nothing is changed)."""
        before, now = previous.library.claims, self.library.claims
        gone = previous.library.read_files[path][1].claims_written if path in previous.library.read_files else ()
        came = self.library.read_files[path][1].claims_written if path in self.library.read_files else ()
        if (
            not gone
            or len(now) != len(before) - len(gone) + len(came)
            or any(before.get(claim.id) is not claim for claim in gone)
            or any(now.get(claim.id) is not claim for claim in came)
        ):
            return False
        base = previous._segments[0]
        alive = previous._alive.copy() if previous._alive is not None else np.ones(len(previous._claims), dtype=bool)
        order = previous._order.copy() if previous._order is not None else np.arange(len(previous._claims))
        start = list(before).index(gone[0].id)
        end = start + len(gone)
        gone_entries = np.flatnonzero(alive & (order >= start) & (order < end))
        if {id(previous._claims[entry]) for entry in gone_entries} != {id(claim) for claim in gone}:
            return False  # not one run
        counts = id_part_counts(self.library, previous, [claim.id for claim in gone], [claim.id for claim in came])
        touched = {part for claim in (*gone, *came) for part in claim.id.split("-")}
        common = common_id_parts(counts, len(now), previous, touched)
        alive[gone_entries] = False
        second = np.flatnonzero(alive[base.claims :]) + base.claims
        claims = [previous._claims[entry] for entry in second] + list(came)
        if common != previous._common_id_parts or len(claims) > max(REINDEX_LEAST, REINDEX_SHARE * len(now)):
            return False
        order[order >= end] += len(came) - len(gone)  # the claims after the run
        self._id_part_counts, self._common_id_parts = counts, common
        self._claims = previous._claims[: base.claims] + claims
        self._segments = [base, ClaimSegment(self.library, claims, common)]
        self._alive = np.concatenate([alive[: base.claims], np.ones(len(claims), dtype=bool)])
        self._order = np.concatenate([order[: base.claims], order[second], np.arange(start, start + len(came))])
        return True

    def __getstate__(self) -> dict:
        """All but the paragraphs' index, which the cache keeps apart to read only when needed."""
        state = dict(self.__dict__)
        for name in (
            "_paragraph_lock", "_paragraph_part", "paragraph_loader", "_paragraphs_from", "_paragraph_refs",
            "_paragraph_number",
        ):  # fmt: skip
            state.pop(name, None)
        state["paragraphs_built"] = False
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._paragraph_lock = threading.Lock()
        self._paragraph_part, self.paragraph_loader, self._paragraphs_from = None, None, None

    @functools.cached_property
    def _paragraph_refs(self) -> list[str]:
        """Every paragraph's ref, in the order of the paragraphs' index."""
        sources = self.library.sources.values()
        return [f"{source.id}#{paragraph_id}" for source in sources for paragraph_id in source.paragraphs]

    def claim_texts(self) -> list[tuple[str, str]]:
        """What plain words are looked for in, claim by claim: (own, around), not folded."""
        return [claim_fields(self.library, claim, self._common_id_parts) for claim in self.library.claims.values()]

    def paragraph_texts(self) -> list[tuple[str, str]]:
        """The same for the paragraphs, in the index's order."""
        return [
            _paragraph_fields(f"{source.id}#{paragraph.id}", paragraph.text, source.title, source.publisher)
            for source in self.library.sources.values()
            for paragraph in source.paragraphs.values()
        ]

    @property
    def paragraphs_indexed(self) -> SearchPart | None:
        """The paragraphs' index, if it has been built or read."""
        return self._paragraph_part

    @property
    def paragraphs_at_hand(self) -> bool:
        """Whether searching the paragraphs costs a look rather than an index built."""
        return self._paragraph_part is not None or self.paragraph_loader is not None or self.few_paragraphs

    @property
    def few_paragraphs(self) -> bool:
        """Whether the paragraphs are few enough to index on the spot (in a moment)."""
        return few_paragraphs(self._paragraph_count)

    def paragraph_part(self) -> SearchPart:
        """The paragraphs' index, read or built on first use (by one thread; others wait)."""
        with self._paragraph_lock, gc_paused():
            if self._paragraph_part is None and self.paragraph_loader is not None:
                self._paragraph_part, self.paragraph_loader = self.paragraph_loader(), None
            if self._paragraph_part is None and self._paragraphs_from is not None:
                earlier, self._paragraphs_from = self._paragraphs_from, None
                self._paragraph_part = earlier.paragraph_part()
                self.paragraphs_built = earlier.paragraphs_built
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
        filters: Filters | None = None,
        order: Order = Order.RELEVANCE,
    ) -> Results:
        query = parse_query(query) if isinstance(query, str) else query
        filters = filters or Filters()
        claims_size = len(self._claims)  # entries, counting those of claims gone since (see _alive)
        parts_entries, parts_ranks = [], []
        counts = []  # (complete, best partial) of each part searched
        units = self.glossary.units([word for term in query.terms if term.fuzzy for word in typed_words(term.text)])
        words_typed = sum(len(unit.words) for unit in units if not unit.minor)
        admitted_claims = self._admitted_claims(filters) if filters else None
        if scope is not Scope.PARAGRAPHS:
            matches = self._claim_matches(query)
            found = matches.admitted if admitted_claims is None else matches.admitted & admitted_claims
            entries = np.flatnonzero(found)
            if self._order is not None:  # listed in library order, as one segment would list them
                entries = entries[np.argsort(self._order[entries], kind="stable")]
            parts_entries.append(entries)
            parts_ranks.append(matches.ranked(entries))
            counts.append(_completeness(matches.held[entries], words_typed))
        if scope is not Scope.CLAIMS:
            part = self.paragraph_part()
            text = self._paragraph_text
            matches = part.matching(query, lambda n: text(self._paragraph_refs[n]), self.glossary)
            found = matches.admitted if admitted_claims is None else matches.admitted & self._cited_by(admitted_claims)
            entries = np.flatnonzero(found)
            parts_entries.append(entries + claims_size)
            parts_ranks.append(matches.ranked(entries))
            counts.append(_completeness(matches.held[entries], words_typed))
        entries = np.concatenate(parts_entries)
        ranks = np.concatenate(parts_ranks)
        claim_count = int(np.count_nonzero(entries < claims_size))
        ranking = bool(units)
        sort = _ranked if ranking else None
        if order is not Order.RELEVANCE:
            sort = self._by_sources(order, ranking)
        hits = Hits(self._key, entries, ranks, sort)
        complete, best_partial = counts[0]
        return Results(
            query,
            scope,
            hits,
            len(self.library.claims),
            self._paragraph_count,
            filters,
            order,
            claim_count,
            words_typed,
            complete,
            best_partial,
            self.glossary,
        )

    def paragraphs_matching(self, query: Query | str, reading: bool = True) -> int | None:
        """How many paragraphs match `query`, when they can be searched at once (for a
        hint where no claim matches); None when that would mean indexing them (or, not
        `reading`, reading their index from the cache: a command that ends at once would
        read hundreds of megabytes for a hint)."""
        if not (self.paragraphs_at_hand if reading else self._paragraph_part is not None or self.few_paragraphs):
            return None
        return self.search(query, Scope.PARAGRAPHS).paragraph_count

    def _source_texts(self) -> list[SourceTexts]:
        sources = self.library.sources.values()
        return [(s.id, s.title, s.publisher, list(s.paragraphs), s.paragraphs.texts) for s in sources]

    def _claim_matches(self, query: Query) -> Matches:
        """What each claim entry makes of `query`, segment after segment."""
        found, start = [], 0
        for segment in self._segments:
            text = functools.partial(lambda offset, n: self._claim_text(n + offset), start)
            found.append(segment.part.matching(query, text, self.glossary))
            start += segment.part.size
        if len(found) == 1:
            return found[0]
        admitted, held, minor, scores = (np.concatenate(arrays) for arrays in zip(*(
            (m.admitted, m.held, m.minor, m.scores) for m in found), strict=True))  # fmt: skip
        return Matches(admitted & self._alive, held, minor, scores)

    def _claim_text(self, entry: int) -> str:
        return "\n".join(claim_fields(self.library, self._claims[entry], self._common_id_parts))

    def _paragraph_text(self, ref: str) -> str:
        paragraph = self.library.paragraph(ref)
        source = self.library.sources[paragraph.source_id]
        return "\n".join(_paragraph_fields(ref, paragraph.text, source.title, source.publisher))

    def _key(self, entry: int) -> tuple[str, str]:
        if entry < len(self._claims):
            return "claim", self._claims[entry].id
        return "paragraph", self._paragraph_refs[entry - len(self._claims)]

    def _admitted_claims(self, filters: Filters) -> np.ndarray:
        admitted = np.concatenate([segment.admitted(filters) for segment in self._segments])
        return admitted if self._alive is None else admitted & self._alive

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

        def sort(entries: np.ndarray, ranks: np.ndarray, limit: int | None) -> np.ndarray:
            # Claims first, by their number of sources; then, within a count, the ranking.
            is_paragraph = entries >= claims_size
            by_count = sign * counts[np.where(is_paragraph, claims_size, entries)]
            within = _ranked(entries, ranks, None) if ranking else np.arange(len(entries))
            place = np.empty(len(entries), dtype=np.int64)
            place[within] = np.arange(len(entries))
            return np.lexsort((place, by_count, is_paragraph))

        return sort


def _completeness(held: np.ndarray, words_typed: int) -> tuple[int, int]:
    """How many of the entries found hold every typed word, and how many the best of the
    others hold."""
    if not words_typed:
        return len(held), 0
    complete = held >= words_typed
    rest = held[~complete]
    return int(np.count_nonzero(complete)), int(rest.max()) if len(rest) else 0


# --- one entry at a time -----------------------------------------------------------------------------


def rank(
    query: Query, entries: list[tuple[str, str]], glossary: Glossary | None = None
) -> list[tuple[int, float, int]]:
    """(index, score, words held) of each entry, given as its folded (own, around) texts,
    that holds a plain word of `query`, best first; all of them, in order, when the query
    has none.

    The plain, one-at-a-time way to score: for short lists (the command palette), and
    the yardstick the index is tested against.
    """
    glossary = glossary or Glossary()
    typed = [word for term in query.terms if term.fuzzy for word in typed_words(term.text)]
    units = glossary.units(typed)
    found = []
    for index, (own, around) in enumerate(entries):
        own_words, around_words = words(own), words(around)
        total = held = minor = 0
        for unit in units:
            alternative = _alternative_score(unit, own_words, around_words)
            for word in unit.words:
                around_score = _less(best_score(word, around_words, near=False))
                own_score = best_score(word, own_words, near=unit.near)
                score = alternative if unit.named else max(own_score, around_score, alternative)
                total += score
                if unit.minor:
                    minor += score > 0
                else:
                    held += score > 0
        if held or minor or not typed:
            found.append((index, float(total), held, minor))
    found.sort(key=lambda item: (-item[2], -item[3], -item[1]))
    return [(index, total, held) for index, total, held, _minor in found]


def _less(score: int) -> int:
    return score - AROUND if score > AROUND else 0


def _alternative_score(unit: Unit, own: set[str], around: set[str]) -> int:
    best = 0
    for alternative, score in unit.alternatives:
        if all(has_form(word, own) for word in alternative):
            best = max(best, score)
        elif all(has_form(word, own) or has_form(word, around) for word in alternative):
            best = max(best, score - AROUND)
    return best
