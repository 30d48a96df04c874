"""Which entries hold which words, so that a typed word is matched once per distinct word
of the library instead of once per claim or paragraph.

How a typed word matches a word of the text is `word_score`; `WordIndex.entry_scores`
gives the same scores for every entry at once, through the vocabulary:

- the words that contain the typed one are found in one pass over the vocabulary's
  characters (a numpy array), however many there are;
- the words with the same stem, from the vocabulary sorted by stem;
- the near misses only among the words with the same first letter, sorted by length so
  that words too short to come close are never scored;
- an entry's score is its best word's, gathered from the words' postings.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
from array import array
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process

from ..text.terms import is_number, stem, stems
from .matching import EXACT, MIN_FUZZY, PREFIX_BONUS, STEM, WHOLE, cutoff, shortest_close


@contextlib.contextmanager
def gc_paused():
    """Without the cycle collector: building a million objects otherwise sets it off
    again and again (four times slower). What was built is then frozen: it lives as
    long as the program, holds no cycles, and later collections need not walk it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _distinct(ids: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array (np.unique would sort, or hash, again)."""
    if len(ids) < 2:
        return ids
    return ids[np.concatenate(([True], ids[1:] != ids[:-1]))]


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


class _Collected:
    """The words of entries as they are read: each distinct word numbered as it first
    appears, and each entry's words by those numbers."""

    def __init__(self) -> None:
        self.found: dict[str, int] = {}  # word: number in order of appearance
        self.appearing = array("i")  # every entry's words, by that number
        self.lengths = array("i")  # how many words each entry has

    def add(self, group: Iterable[str]) -> None:
        before = len(self.appearing)
        found = self.found
        self.appearing.extend([found.setdefault(word, len(found)) for word in group])
        self.lengths.append(len(self.appearing) - before)


class WordIndex:
    """The vocabulary of a list of entries and, for each word, the entries that hold it."""

    CACHED_WORDS = 64  # typed words whose entry scores are kept (each: one byte per entry)

    def __init__(self, entry_words: Iterable[Iterable[str]], near: bool = True) -> None:
        """`entry_words`: each entry's distinct words, taken one entry at a time (half a
        million paragraphs' sets of words held at once would take gigabytes). With `near`
        false, a typed word matches no near miss of itself (see word_score)."""
        collected = _Collected()
        for group in entry_words:
            collected.add(group)
        self._build(collected)
        self.near = near

    @classmethod
    def pair(cls, entry_words: Iterable[tuple[Iterable[str], Iterable[str]]]) -> tuple[WordIndex, WordIndex]:
        """Two indexes of the same entries from one pass over them: of the first words of
        each pair, and of the second (with no near misses: what surrounds an entry)."""
        first, second = _Collected(), _Collected()
        for one, two in entry_words:
            first.add(one)
            second.add(two)
        indexes = cls.__new__(cls), cls.__new__(cls)
        indexes[0]._build(first)
        indexes[1]._build(second)
        indexes[0].near, indexes[1].near = True, False  # the second: what surrounds an entry
        return indexes

    def _build(self, collected: _Collected) -> None:
        found, appearing, lengths = collected.found, collected.appearing, collected.lengths
        self.size = len(lengths)
        vocabulary = sorted(found, key=lambda word: (word[0], len(word), word))
        number = {word: index for index, word in enumerate(vocabulary)}
        renumbered = np.zeros(len(found), dtype=np.int32)
        renumbered[list(found.values())] = [number[word] for word in found]
        word_ids = renumbered[np.frombuffer(appearing, dtype=np.int32)] if appearing else np.zeros(0, np.int32)
        collected.found, collected.appearing = {}, array("i")  # let them go while the rest is built
        del found, appearing
        entry_ids = np.repeat(np.arange(self.size, dtype=np.int32), np.frombuffer(lengths, dtype=np.int32))
        order = np.argsort(word_ids, kind="stable")  # each word's entries stay in order
        self.postings = entry_ids[order]
        self.offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(np.bincount(word_ids, minlength=len(vocabulary)), out=self.offsets[1:])
        self.vocabulary = vocabulary
        self.number = number
        self.lengths = np.array(list(map(len, vocabulary)), dtype=np.int32)
        self.letters = np.array([word.isalpha() for word in vocabulary], dtype=np.uint8)
        # Every word's characters, each word followed by a 0 that no typed word holds.
        self.chars = _codes("\0".join(vocabulary) + "\0") if vocabulary else np.zeros(1, dtype=np.uint32)
        self.starts = np.zeros(len(vocabulary), dtype=np.int64)
        np.cumsum(self.lengths[:-1] + 1, out=self.starts[1:])
        # The words with each first letter: [start, end) of the sorted vocabulary.
        self.initials: dict[str, tuple[int, int]] = {}
        for index, word in enumerate(vocabulary):
            start, _ = self.initials.get(word[0], (index, index))
            self.initials[word[0]] = (start, index + 1)
        # The words by stem: the stems sorted, and the words in that order.
        by_stem = sorted(zip(stems(vocabulary), range(len(vocabulary)), strict=True))
        self.stems = [word_stem for word_stem, _ in by_stem]
        self.by_stem = np.array([word_id for _, word_id in by_stem], dtype=np.int32)
        self._cache: OrderedDict[tuple[str, bool], np.ndarray] = OrderedDict()

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_cache"] = OrderedDict()
        return state

    # --- one typed word ----------------------------------------------------------

    def containing(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """The ids of the vocabulary's words that contain `word`, and of those that
        start with it."""
        codes = _codes(word)
        if not len(codes) or len(codes) > len(self.chars):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        positions = np.flatnonzero(self.chars[: len(self.chars) - len(codes) + 1] == codes[0])
        for offset, code in enumerate(codes[1:], 1):
            positions = positions[self.chars[positions + offset] == code]
        ids = np.searchsorted(self.starts, positions, side="right") - 1
        return _distinct(ids), _distinct(ids[positions == self.starts[ids]])

    def with_stem(self, word_stem: str) -> np.ndarray:
        """The ids of the vocabulary's words whose stem is `word_stem`."""
        return self.by_stem[bisect.bisect_left(self.stems, word_stem) : bisect.bisect_right(self.stems, word_stem)]

    def word_scores(self, word: str, near: bool = True) -> np.ndarray:
        """`word_score(word, w)` for every word w of the vocabulary (uint8); with `near`
        false, no near miss (a word the glossary knows is no typo)."""
        scores = np.zeros(len(self.vocabulary), dtype=np.uint8)
        if is_number(word):
            if word in self.number:
                scores[self.number[word]] = WHOLE
            return scores
        if near and self.near and len(word) >= MIN_FUZZY and word.isalpha() and word[0] in self.initials:
            start, end = self.initials[word[0]]
            lengths = self.lengths[start:end]
            low = start + int(np.searchsorted(lengths, shortest_close(word)))
            middle = start + int(np.searchsorted(lengths, len(word)))
            for scorer, first, last in ((fuzz.ratio, low, middle), (fuzz.partial_ratio, middle, end)):
                if first < last:
                    scores[first:last] = process.cdist(
                        [word],
                        self.vocabulary[first:last],
                        scorer=scorer,
                        score_cutoff=cutoff(word),
                        dtype=np.uint8,
                        workers=1,  # one row: threads only add their start-up
                    )[0]
            scores[start:end] *= self.letters[start:end]  # no near miss of a word with digits
        scores[self.with_stem(stem(word))] = STEM
        found, starting = self.containing(word)
        if len(word) == 1:  # see word_score
            found = starting
        scores[found] = EXACT
        scores[starting] += PREFIX_BONUS
        scores[starting[self.lengths[starting] == len(word)]] += PREFIX_BONUS
        return scores

    def entry_scores(self, word: str, near: bool = True) -> np.ndarray:
        """Each entry's best `word_score` for typed `word` (uint8, 0: no match). Kept for
        the last CACHED_WORDS words, so that typing on after a word costs nothing for it."""
        cached = self._cache.get((word, near))
        if cached is not None:
            self._cache.move_to_end((word, near))
            return cached
        scores = self.word_scores(word, near)
        matched = np.flatnonzero(scores)
        result = np.zeros(self.size, dtype=np.uint8)
        if len(matched):
            starts, ends = self.offsets[matched], self.offsets[matched + 1]
            counts = ends - starts
            # The postings of every matched word, gathered in one go.
            positions = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            np.maximum.at(result, self.postings[positions], np.repeat(scores[matched], counts))
        self._cache[word, near] = result
        if len(self._cache) > self.CACHED_WORDS:
            self._cache.popitem(last=False)
        return result

    def holding(self, word: str) -> np.ndarray:
        """Entries that hold `word` as a whole word (bool per entry)."""
        return self._entries(np.array([self.number[word]]) if word in self.number else np.zeros(0, np.int64))

    def holding_form(self, word: str) -> np.ndarray:
        """Entries that hold `word`, or another form of it (its stem), as a word."""
        ids = self.with_stem(stem(word))
        if word in self.number:
            ids = np.append(ids, self.number[word])
        return self._entries(ids)

    def holding_part(self, word: str) -> np.ndarray:
        """Entries with a word that contains `word` (bool per entry)."""
        return self._entries(self.containing(word)[0])

    def _entries(self, word_ids: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for word_id in word_ids:
            mask[self.postings[self.offsets[word_id] : self.offsets[word_id + 1]]] = True
        return mask


class Facet:
    """One field's distinct values (a speaker, a tag...) and the entries holding each:
    one array for all of them, so that a cached index unpickles as a few arrays."""

    def __init__(self, size: int, values: Iterable[tuple[int, str]]) -> None:
        """`values`: (entry, value) pairs."""
        holders: dict[str, list[int]] = {}
        for entry, value in values:
            holders.setdefault(value, []).append(entry)
        self._store(size, {value: np.unique(np.array(found, dtype=np.int32)) for value, found in holders.items()})

    @classmethod
    def grouped(cls, size: int, holders: dict[str, np.ndarray]) -> Facet:
        """A facet from each value's entries."""
        facet = cls(size, ())
        facet._store(size, holders)
        return facet

    def _store(self, size: int, holders: dict[str, np.ndarray]) -> None:
        self.size = size
        self.values = list(holders)
        self.position = {value: index for index, value in enumerate(self.values)}
        self.offsets = np.zeros(len(holders) + 1, dtype=np.int64)
        np.cumsum([len(found) for found in holders.values()], out=self.offsets[1:])
        self.entries = np.concatenate([*holders.values(), np.zeros(0, dtype=np.int32)]).astype(np.int32)

    def _mark(self, mask: np.ndarray, index: int) -> None:
        mask[self.entries[self.offsets[index] : self.offsets[index + 1]]] = True

    def where(self, test) -> np.ndarray:
        """Entries holding a value that passes `test` (bool per entry)."""
        mask = np.zeros(self.size, dtype=bool)
        for index, value in enumerate(self.values):
            if test(value):
                self._mark(mask, index)
        return mask

    def equal(self, value: str) -> np.ndarray:
        """Entries holding exactly `value` (bool per entry)."""
        mask = np.zeros(self.size, dtype=bool)
        if value in self.position:
            self._mark(mask, self.position[value])
        return mask
