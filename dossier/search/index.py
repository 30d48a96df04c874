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

import functools
import threading
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np

from ..library.choices import Order, Scope
from ..library.model import Claim, Library
from ..text.terms import fold, typed_words, words
from .glossary import Glossary, Unit
from .matching import AROUND, best_score, has_form
from .parts import (
    Hits,
    Matches,
    SearchPart,
    SourceTexts,
    claim_fields,
    index_in_helper,
    paragraph_fields,
    paragraph_part,
    ranked,
    same_sources,
)  # fmt: skip
from .query import Filters, Query, names_match, parse_query
from .results import Results, few_paragraphs
from .wordindex import Facet, gc_paused

# From this many paragraphs on, they are indexed by a helper process: it takes a while,
# and the app stays responsive (a thread would share the interpreter with it).
HELPER_PARAGRAPHS = 100_000

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
        sources_kept = previous is not None and same_sources(previous.library, library)
        if sources_kept:
            self._paragraph_count = previous._paragraph_count
        else:
            self._paragraph_count = sum(len(source.paragraphs) for source in library.sources.values())
        # The claims, indexed as one segment; or, after an edit, as the segment indexed
        # before (`_alive` says which of its claims are still in the library) and one of
        # the claims that are new since, `_order` giving each entry's place in the library.
        self._alive: np.ndarray | None = None
        self._order: np.ndarray | None = None
        if not (sources_kept and written is not None and self._replace(previous, written)):
            self._id_part_counts = id_part_counts(library, previous)
            self._common_id_parts = common_id_parts(self._id_part_counts, len(library.claims))
            kept = _segments_kept(previous, library, self._common_id_parts) if sources_kept else None
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
        if sources_kept:
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
            paragraph_fields(f"{source.id}#{paragraph.id}", paragraph.text, source.title, source.publisher)
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
        sort = ranked if ranking else None
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
        return "\n".join(paragraph_fields(ref, paragraph.text, source.title, source.publisher))

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
            within = ranked(entries, ranks, None) if ranking else np.arange(len(entries))
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
