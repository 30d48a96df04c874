"""The names nearest to a mistyped one, for "did you mean" messages.

Scoring a word against every id of a large library is quadratic over a library full of
mistakes (a dossier of 3,000 claims whose file breaks leaves 3,000 relations naming
nothing). Past a few hundred choices the candidates come from an index of three-letter
pieces, each piece's list read only so far, so that every suggestion costs the same
whatever the library's size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from rapidfuzz import fuzz, process

CUTOFF = 60  # rapidfuzz's ratio, 0 to 100: close enough to suggest (as difflib's 0.6)


class Suggestions:
    """Choices to suggest from; the list and its index are made on first use."""

    SMALL = 256  # this many choices or fewer are all scored
    POSTINGS = 2000  # choices read per piece of the word, at most
    CANDIDATES = 64  # choices scored, at most: those sharing the most pieces

    def __init__(self, choices: Collection[str]) -> None:
        self._source = choices
        self._choices: list[str] | None = None
        self._pieces: dict[str, list[int]] | None = None

    def closest(self, word: str, limit: int = 1) -> list[str]:
        """Up to `limit` choices near `word`, nearest first."""
        if self._choices is None:
            self._choices = list(dict.fromkeys(self._source))
        pool = self._choices if len(self._choices) <= self.SMALL else self._candidates(word)
        found = process.extract(word, pool, scorer=_likeness, limit=limit, score_cutoff=CUTOFF)
        return [choice for choice, _score, _index in found]

    def _candidates(self, word: str) -> list[str]:
        if self._pieces is None:
            self._pieces = {}
            for number, choice in enumerate(self._choices):
                for piece in _pieces(choice):
                    self._pieces.setdefault(piece, []).append(number)
        shared: Counter[int] = Counter()
        for piece in _pieces(word):
            shared.update(self._pieces.get(piece, ())[: self.POSTINGS])
        return [self._choices[number] for number, _count in shared.most_common(self.CANDIDATES)]


def _likeness(word: str, choice: str, **_options) -> float:
    """How near `choice` is to `word`, 0 to 100: a choice that `word` begins, or holds it,
    or whose hyphenated parts begin with its parts in order (`sha-1-broken` for
    `sha-1-cryptographically-broken-chosen`), before the letters' likeness (rapidfuzz's)."""
    if len(word) >= 3 and (choice.startswith(word) or word in choice):
        return 95 - min(len(choice) - len(word), 30) / 10
    if "-" in word and _parts_begin(word.split("-"), choice.split("-")):
        return 90 - min(len(choice) - len(word), 30) / 10
    return fuzz.ratio(word, choice)


def _parts_begin(typed: list[str], parts: list[str]) -> bool:
    """Whether each typed part begins a part of the choice, in order."""
    remaining = iter(parts)
    return all(any(part.startswith(piece) for part in remaining) for piece in typed if piece)


def _pieces(word: str) -> set[str]:
    padded = f"\0{word}\0"
    return {padded[start : start + 3] for start in range(len(padded) - 2)}


def closest(word: str, choices: Collection[str], limit: int = 1) -> list[str]:
    """Up to `limit` of `choices` near `word`, nearest first."""
    return Suggestions(choices).closest(word, limit)
