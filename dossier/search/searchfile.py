"""The claims' index as a file that a new process opens and queries without building the
library: what `dossier search` reads.

The cache (session/cache.py) keeps the whole library and its index as pickled objects, a million
of them at 100,000 claims: unpickling them takes seconds and hundreds of megabytes before
a single posting is read. This file holds the same claims' index as flat arrays and text
that are mapped into memory and read where a query looks: the vocabulary's words, each
word's postings, the fields' values, and what a list of results shows of each claim. A
search reads the few words it matches, their postings and the rows it prints.

It answers as the app's index does (search.SearchIndex: the same hits, scores and order,
which the tests check query by query), but without numpy, whose import alone takes longer
than `fzf --filter` takes to read and filter a hundred thousand lines: its entries are
gathered in dictionaries, which costs only what the query matches. It answers a search of
the claims; a phrase in quotes and a search of the paragraphs are left to the whole
library (`answers`), as is, in a library of few paragraphs, a query that finds no claim
(the library then says how many paragraphs match).

Layout: MAGIC, the header's length (8 bytes, little-endian), the header (JSON: what the
library was built from, as the cache's header says, and where each section lies from the
end of the header), then the sections, each at a multiple of 8 bytes. It is never stale (the header is checked as
the cache's is) and never fatal: a file that cannot be read is ignored.
"""

from __future__ import annotations

import bisect
import json
import mmap
import os
from collections.abc import Callable, Iterable, Sequence

from ..library.choices import Order, Scope
from ..store import freshness
from ..store.files import files_digest, unchanged
from ..text.terms import is_number, stem, typed_words
from .filebytes import LITTLE, MAGIC, VERSION
from .glossary import Glossary, Unit
from .matching import AROUND, EXACT, MIN_FUZZY, PREFIX_BONUS, STEM, WHOLE, cutoff, shortest_close
from .query import Filters, Query, names_match, parse_query
from .results import Hit, Results, Summary


def code() -> str:
    """The digest of the code a search file is written and read by (it holds no pickles)."""
    return freshness.code_digest(f"search {VERSION}")


def open_fresh(paths: list[str]) -> tuple[dict, mmap.mmap] | None:
    """The header of the search file of the library at `paths`, and the file mapped into
    memory, when it holds the library as its files are now; None otherwise."""
    found = read_header(freshness.cached_file(paths, ".search"))
    if found is None:
        return None
    header, mapped = found
    stamp = header.get("stamp") if _unchanged(header, mapped) else files_digest(paths)
    if not freshness.holds(header, code(), paths, stamp):
        mapped.close()
        return None
    return found


def _unchanged(header: dict, mapped: mmap.mmap) -> bool:
    """Whether the files are as when the search file was written, by its look at them
    (see file_bytes): each file's stamp, and no listing of a folder, whose times say
    whether a name came or went. False when it cannot tell: the whole look then tells."""
    look = header.get("look")
    if not isinstance(look, dict):
        return False
    try:
        start, end = _Reader(header, mapped).place(look["files"])
        names = mapped[start:end].split(b"\n") if end > start else []
        return unchanged(look["folders"], names, look["digest"])
    except (KeyError, TypeError, ValueError):
        return False


def read_header(path: str | os.PathLike) -> tuple[dict, mmap.mmap] | None:
    """The header of the search file at `path` and the file mapped into memory; None if
    it is not one this version wrote."""
    try:
        with open(path, "rb") as stream:
            lead = stream.read(len(MAGIC) + 8)
            if lead[: len(MAGIC)] != MAGIC:
                return None
            length = int.from_bytes(lead[len(MAGIC) :], "little")
            header = json.loads(stream.read(length).decode("utf-8"))
            if not isinstance(header, dict):
                return None
            start = len(MAGIC) + 8 + length
            header["base"] = start + -start % 8  # where the sections start
            mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    try:
        whole = header["base"] + header["length"] == len(mapped)
    except (TypeError, KeyError):
        whole = False
    if not whole or header.get("version") != VERSION:  # cut short, or not ours
        mapped.close()
        return None
    return header, mapped


class _Reader:
    """The sections of a mapped search file."""

    def __init__(self, header: dict, mapped: mmap.mmap) -> None:
        self.header, self.mapped, self.base = header, mapped, header["base"]
        self.places = header["sections"]

    def view(self, name: str, code: str):
        start, length = self.places[name]
        if not 0 <= start <= start + length <= self.header["length"]:
            raise ValueError(f"{name} lies outside the file")
        view = memoryview(self.mapped)[self.base + start : self.base + start + length]
        return view.cast(code) if LITTLE or code == "B" else _swapped(view, code)

    def place(self, name: str) -> tuple[int, int]:
        """Where section `name` lies in the file: [start, end)."""
        start, length = self.places[name]
        if not 0 <= start <= start + length <= self.header["length"]:
            raise ValueError(f"{name} lies outside the file")
        return self.base + start, self.base + start + length


def _swapped(view: memoryview, code: str):
    from array import array

    found = array(code, view.tobytes())
    found.byteswap()
    return found


class _Strings(Sequence[str]):
    """Strings kept as UTF-8 in the file, one after another, decoded only when read."""

    def __init__(self, reader: _Reader, names: dict[str, str]) -> None:
        self.mapped = reader.mapped
        self.begin, self.end = reader.place(names["text"])
        self.starts = reader.view(names["starts"], "q")
        if len(self.starts) < 1 or self.starts[-1] != self.end - self.begin:
            raise ValueError("the strings do not fill their section")

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, item):
        if isinstance(item, slice):
            start, stop, _ = item.indices(len(self))
            if stop <= start:
                return []
            return self._read(start, stop).split("\n")
        return self._read(item, item + 1)

    def _read(self, start: int, stop: int) -> str:
        begin = self.begin
        return self.mapped[begin + self.starts[start] : begin + self.starts[stop] - 1].decode("utf-8")

    def length(self, item: int) -> int:
        """In bytes; for the words of a vocabulary (as the index sorts them, by characters),
        see _Words.length."""
        return self.starts[item + 1] - self.starts[item] - 1

    def number(self, position: int) -> int:
        """The number of the string that holds byte `position` of the section."""
        return bisect.bisect_right(self.starts, position) - 1

    def find(self, part: str):
        """Each byte position of the section where `part` starts, in order."""
        wanted, mapped, begin, end = part.encode("utf-8"), self.mapped, self.begin, self.end
        at = mapped.find(wanted, begin, end)
        while at >= 0:
            yield at - begin
            at = mapped.find(wanted, at + 1, end)


class _Lengths(Sequence[int]):
    def __init__(self, strings: _Strings) -> None:
        self.strings = strings

    def __len__(self) -> int:
        return len(self.strings)

    def __getitem__(self, item: int) -> int:
        return len(self.strings[item])


def _vocabulary_key(word: str) -> tuple[str, int, str]:
    return word[0], len(word), word  # the order of WordIndex.vocabulary


class _Words:
    """One word index of the file (see wordindex.WordIndex): which words hold what, and
    where each word's postings lie."""

    def __init__(self, reader: _Reader, layout: dict) -> None:
        self.vocabulary = _Strings(reader, layout["words"])
        self.postings = reader.view(layout["postings"], "i")
        self.offsets = reader.view(layout["offsets"], "q")
        self.stems = _Strings(reader, layout["stems"])
        self.by_stem = reader.view(layout["by_stem"], "i")
        self.initials = {letter: tuple(span) for letter, span in layout["initials"].items()}
        self.near = layout["near"]
        self._cache: dict[tuple[str, bool], dict[int, int]] = {}

    def number(self, word: str) -> int | None:
        if not word:
            return None
        at = bisect.bisect_left(self.vocabulary, _vocabulary_key(word), key=_vocabulary_key)
        return at if at < len(self.vocabulary) and self.vocabulary[at] == word else None

    def containing(self, word: str) -> tuple[list[int], list[int]]:
        """The words that contain `word`, and those that start with it (ids, ascending)."""
        vocabulary = self.vocabulary
        if len(word) == 1:
            start, end = self.initials.get(word, (0, 0))
            starting = list(range(start, end))
            found = sorted({vocabulary.number(at) for at in vocabulary.find(word)})
            return found, starting
        found, starting = [], []
        last = -1
        for at in vocabulary.find(word):
            number = vocabulary.number(at)
            if number != last:
                found.append(number)
                last = number
            if at == vocabulary.starts[number] and (not starting or starting[-1] != number):
                starting.append(number)
        return found, starting

    def with_stem(self, word_stem: str) -> list[int]:
        low = bisect.bisect_left(self.stems, word_stem)
        high = bisect.bisect_right(self.stems, word_stem)
        return self.by_stem[low:high].tolist()

    def word_scores(self, word: str, near: bool = True) -> dict[int, int]:
        """`word_score(word, w)` for the words w it matches: as WordIndex.word_scores."""
        scores: dict[int, int] = {}
        if is_number(word):
            number = self.number(word)
            return {number: WHOLE} if number is not None else scores
        if near and self.near and len(word) >= MIN_FUZZY and word.isalpha() and word[0] in self.initials:
            from rapidfuzz import fuzz, process

            start, end = self.initials[word[0]]
            lengths = _Lengths(self.vocabulary)
            low = bisect.bisect_left(lengths, shortest_close(word), start, end)
            middle = bisect.bisect_left(lengths, len(word), start, end)
            for scorer, first, last in ((fuzz.ratio, low, middle), (fuzz.partial_ratio, middle, end)):
                if first < last:
                    choices = self.vocabulary[first:last]
                    for candidate, score, at in process.extract(
                        word, choices, scorer=scorer, score_cutoff=cutoff(word), limit=None
                    ):
                        if candidate.isalpha():  # no near miss of a word with digits
                            scores[first + at] = int(score + 0.5)  # as cdist rounds into uint8
        for number in self.with_stem(stem(word)):
            scores[number] = STEM
        found, starting = self.containing(word)
        if len(word) == 1:
            found = starting
        for number in found:
            scores[number] = EXACT
        for number in starting:
            scores[number] += PREFIX_BONUS
            if self.vocabulary.length(number) == len(word.encode("utf-8")):
                scores[number] += PREFIX_BONUS
        return scores

    def entry_scores(self, word: str, near: bool = True) -> dict[int, int]:
        """Each entry's best score for typed `word`, for the entries that hold a match."""
        cached = self._cache.get((word, near))
        if cached is not None:
            return cached
        result: dict[int, int] = {}
        postings, offsets = self.postings, self.offsets
        # The best last: a later score for an entry replaces an earlier one.
        for number, score in sorted(self.word_scores(word, near).items(), key=lambda item: item[1]):
            result.update(dict.fromkeys(postings[offsets[number] : offsets[number + 1]], score))
        self._cache[word, near] = result
        return result

    def entries_of(self, numbers: Iterable[int]) -> set[int]:
        found: set[int] = set()
        for number in numbers:
            found.update(self.postings[self.offsets[number] : self.offsets[number + 1]])
        return found

    def holding(self, word: str) -> set[int]:
        number = self.number(word)
        return self.entries_of([] if number is None else [number])

    def holding_form(self, word: str) -> set[int]:
        numbers = list(self.with_stem(stem(word)))
        number = self.number(word)
        if number is not None:
            numbers.append(number)
        return self.entries_of(numbers)

    def holding_part(self, word: str) -> set[int]:
        return self.entries_of(self.containing(word)[0])


class _Facet:
    """One field's values and the entries holding each (see wordindex.Facet)."""

    def __init__(self, reader: _Reader, layout: dict) -> None:
        self.values = _Strings(reader, layout["values"])
        self.entries = reader.view(layout["entries"], "i")
        self.offsets = reader.view(layout["offsets"], "q")

    def where(self, test: Callable[[str], bool]) -> set[int]:
        found: set[int] = set()
        for number, value in enumerate(self.values[:]):
            if test(value):
                found.update(self.entries[self.offsets[number] : self.offsets[number + 1]])
        return found


class _Segment:
    """Claims indexed together (see search.ClaimSegment), their entries numbered from `start`."""

    def __init__(self, reader: _Reader, layout: dict, start: int) -> None:
        self.size, self.start = layout["size"], start
        self.own = _Words(reader, layout["own"])
        self.around = _Words(reader, layout["around"])
        self.facets = {key: _Facet(reader, value) for key, value in layout["facets"].items()}
        self.exact = {key: _Facet(reader, value) for key, value in layout["exact"].items()}
        self.sources = reader.view(layout["sources"], "B")

    def word_scores(self, word: str, near: bool = True) -> dict[int, int]:
        """As SearchPart.word_scores: its own words' best, or what surrounds it, a little less."""
        scores = {entry: score - AROUND for entry, score in self.around.entry_scores(word).items() if score > AROUND}
        for entry, score in self.own.entry_scores(word, near).items():
            if score > scores.get(entry, 0):
                scores[entry] = score
        return scores

    def alternative_scores(self, unit: Unit) -> dict[int, int] | None:
        """As SearchPart.alternative_scores."""
        if not unit.alternatives:
            return None
        best: dict[int, int] = {}
        for alternative, score in unit.alternatives:
            own: set[int] | None = None
            anywhere: set[int] | None = None
            for word in alternative:
                held = self.own.holding_form(word)
                own = held if own is None else own & held
                near = held | self.around.holding_form(word)
                anywhere = near if anywhere is None else anywhere & near
            for entry in anywhere or ():
                value = score if entry in own else score - AROUND
                if value > best.get(entry, 0):
                    best[entry] = value
        return best

    def matching(self, query: Query, glossary: Glossary) -> tuple[set[int] | None, dict, dict, dict]:
        """As SearchPart.matching: the entries admitted (None: all of them), and how many
        plain and minor words each holds, and its score."""
        held: dict[int, int] = {}
        minor: dict[int, int] = {}
        scores: dict[int, int] = {}
        typed = [word for term in query.terms if term.fuzzy for word in typed_words(term.text)]
        for unit in glossary.units(typed):
            alternatives = self.alternative_scores(unit)
            for word in unit.words:
                word_scores = {} if unit.named else self.word_scores(word, unit.near)  # see SearchPart.matching
                if alternatives:
                    word_scores = dict(word_scores)
                    for entry, score in alternatives.items():
                        if score > word_scores.get(entry, 0):
                            word_scores[entry] = score
                counts = minor if unit.minor else held
                for entry, score in word_scores.items():
                    counts[entry] = counts.get(entry, 0) + 1
                    scores[entry] = scores.get(entry, 0) + score
        admitted: set[int] | None = (held.keys() | minor.keys()) if typed else None
        for term in query.terms:
            if term.fuzzy:
                continue
            if term.field is not None:
                found = self._field(term)
            else:
                found = None
                for word in typed_words(term.text) or [term.text]:
                    if term.exact:
                        here = self.own.holding(word) | self.around.holding(word)
                    else:
                        here = self.own.holding_part(word) | self.around.holding_part(word)
                    found = here if found is None else found & here
            if admitted is None:
                admitted = set(range(self.size))
            admitted = admitted - found if term.negated else admitted & found
        return admitted, held, minor, scores

    def _field(self, term) -> set[int]:
        facet = self.facets.get(term.field)
        if facet is None:
            return set()
        if term.field == "status":
            return facet.where(lambda value: value.startswith(term.text))
        return facet.where(lambda value: term.text in value)

    def admitted(self, filters: Filters) -> set[int] | None:
        """As ClaimSegment.admitted; None when the filters leave every claim."""
        admitted: set[int] | None = None
        for kind in Filters.KINDS:
            value = getattr(filters, kind)
            if value is None:
                continue
            if kind == "speaker":
                found = self.exact[kind].where(lambda name, wanted=value: names_match(wanted, name))
            else:
                found = self.exact[kind].where(lambda name, wanted=value: name == wanted)
            admitted = found if admitted is None else admitted & found
        if filters.single_source:
            single = {entry for entry, count in enumerate(self.sources) if count == 1}
            admitted = single if admitted is None else admitted & single
        return admitted


class SearchFile:
    """A search file, opened: the claims' index that `search` queries. Raises
    ValueError when the file does not hold what its header says."""

    def __init__(self, header: dict, mapped: mmap.mmap) -> None:
        try:
            self._open(header, mapped)
        except (KeyError, TypeError, IndexError, ValueError) as error:
            raise ValueError(f"not a search file: {error!r}") from None

    def _open(self, header: dict, mapped: mmap.mmap) -> None:
        reader = _Reader(header, mapped)
        self.header = header
        self.segments, start = [], 0
        for layout in header["segments"]:
            self.segments.append(_Segment(reader, layout, start))
            start += layout["size"]
        self.entries = start
        self._ids = _Strings(reader, header["ids"])
        self._rows = _Strings(reader, header["rows"])
        self._alive = reader.view(header["alive"], "B")
        self._order = reader.view(header["order"], "q")
        self.glossary = Glossary.from_leads(header["glossary"], header["named"])
        self.claims, self.paragraphs = header["claims"], header["paragraphs"]
        self.problems = header["problems"]
        self.dossiers, self.tags = header["dossiers"], header["tags"]
        self.names = _Strings(reader, header["names"])
        self._found: dict[str, int] = {}  # the entries of the claims listed so far, by id

    @staticmethod
    def answers(query: Query | str, scope: Scope) -> bool:
        """Whether a search file answers the query as the library's index would: a search
        of the claims, with no phrase in quotes (which reads the claims' texts)."""
        query = parse_query(query) if isinstance(query, str) else query
        phrases = (term for term in query.terms if term.field is None and not term.fuzzy and " " in term.text)
        return scope is Scope.CLAIMS and not any(phrases)

    def search(self, query: Query | str, filters: Filters | None = None, order: Order = Order.RELEVANCE) -> Results:
        """The claims that match: as SearchIndex.search(query, Scope.CLAIMS, filters, order)."""
        query = parse_query(query) if isinstance(query, str) else query
        filters = filters or Filters()
        units = self.glossary.units([word for term in query.terms if term.fuzzy for word in typed_words(term.text)])
        words_typed = sum(len(unit.words) for unit in units if not unit.minor)
        ranked: list[tuple[int, int, int, int]] = []  # (rank key, place in the library, entry, words held)
        alive, places = self._alive, self._order
        for segment in self.segments:
            admitted, held, minor, scores = segment.matching(query, self.glossary)
            narrowed = segment.admitted(filters) if filters else None
            if narrowed is not None:
                admitted = narrowed if admitted is None else admitted & narrowed
            numbers = range(segment.size) if admitted is None else admitted
            start = segment.start
            held_by, minor_by, score_of = held.get, minor.get, scores.get
            for number in numbers:  # once per claim found: as little as can be done in it
                entry = start + number
                if alive[entry]:
                    words = held_by(number, 0)
                    key = _rank_key(words, minor_by(number, 0), score_of(number, 0))
                    ranked.append((key, places[entry], entry, words))
        complete, best_partial = _completeness([found[3] for found in ranked], words_typed)
        if order is not Order.RELEVANCE:
            counts = {found[2]: self._source_count(found[2]) for found in ranked}
            sign = -1 if order is Order.MOST_SOURCES else 1
            if units:
                ranked.sort(key=lambda item: (sign * counts[item[2]], -item[0], item[1]))
            else:
                ranked.sort(key=lambda item: (sign * counts[item[2]], item[1]))
        elif units:
            ranked.sort(key=lambda item: (-item[0], item[1]))
        else:
            ranked.sort(key=lambda item: item[1])
        hits = _Hits(ranked, self._ids, self._found)
        return Results(
            query,
            Scope.CLAIMS,
            hits,
            self.claims,
            self.paragraphs,
            filters,
            order,
            len(hits),
            words_typed,
            complete,
            best_partial,
            self.glossary,
        )

    def _source_count(self, entry: int) -> int:
        for segment in self.segments:
            if entry < segment.start + segment.size:
                return segment.sources[entry - segment.start]
        raise IndexError(entry)

    def summary(self, hit: Hit) -> Summary:
        """What a list of results shows of a claim this file found (see results.Summary)."""
        text, dossier, at, speaker, status, date, sources, superseded = json.loads(self._rows[self._found[hit.key]])
        return Summary(text, dossier, tuple(at), speaker, status, date, tuple(sources), superseded)


class _Hits(Sequence[Hit]):
    """The claims found, best first, made into Hits only when looked at."""

    def __init__(self, ranked: list[tuple], ids: _Strings, found: dict[str, int]) -> None:
        self._ranked, self._ids, self._found = ranked, ids, found

    def __len__(self) -> int:
        return len(self._ranked)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self._hit(found) for found in self._ranked[item]]
        return self._hit(self._ranked[item])

    def _hit(self, found: tuple) -> Hit:
        key, _place, entry, _held = found
        claim_id = self._ids[entry]
        self._found[claim_id] = entry
        return Hit("claim", claim_id, float(key & 0xFFFF), key >> 24)


def _rank_key(held: int, minor: int, score: int) -> int:
    """As search._rank_key, for one entry."""
    return (
        ((held if held < 0xFF else 0xFF) << 24)
        | ((minor if minor < 0xFF else 0xFF) << 16)
        | (score if score < 0xFFFF else 0xFFFF)
    )


def _completeness(held: list[int], words_typed: int) -> tuple[int, int]:
    """As search._completeness."""
    if not words_typed:
        return len(held), 0
    complete = sum(1 for count in held if count >= words_typed)
    return complete, max((count for count in held if count < words_typed), default=0)
