"""Paragraphs aligned across two versions of a source: which paragraph of the new text is
which of the old, so that a paragraph keeps its id through an edit.

A paragraph whose text did not change keeps its id wherever it moved (its words, white
space aside, are compared whole). A changed paragraph keeps its id when it is recognisably
the same: enough of its words are the old one's (the most alike pairs first, position only
breaking ties). The rest are new, with ids never used before in any version, so an id
never comes back with other text.

Linear in the text's length but for the changed paragraphs, each compared only with the
old ones that share its rarer words."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..text.quotes import fold

# How alike (0 to 1, by shared words) a changed paragraph must be to an old one to keep its id.
RECOGNISED = 0.5
# The old paragraphs a changed one is compared with, at most: those sharing the most rare words.
CANDIDATES = 8
# A word in more old paragraphs than this finds no candidates (articles, "the"): too common.
COMMON = 50

WORD = re.compile(r"\w+")
NUMBERED = re.compile(r"p(\d+)")


@dataclass(frozen=True, slots=True)
class Aligned:
    """A paragraph of the new version: its id, its text, and what it was."""

    id: str
    text: str
    status: str  # unchanged, edited or added
    alike: float  # 1.0 unchanged, 0.0 added, else how alike to the old one


@dataclass(frozen=True, slots=True)
class Alignment:
    paragraphs: list[Aligned]  # in the new version's order
    removed: list[str]  # old ids with no paragraph in the new version, in the old order

    def count(self, status: str) -> int:
        return sum(1 for paragraph in self.paragraphs if paragraph.status == status)

    @property
    def identical(self) -> bool:
        """Every paragraph the same, in the same order."""
        return not self.removed and all(paragraph.status == "unchanged" for paragraph in self.paragraphs)

    def recognised(self, old_count: int) -> float:
        """The share of the old paragraphs found again (unchanged or edited), 0 to 1."""
        return (old_count - len(self.removed)) / old_count if old_count else 1.0


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def alike(a: Counter, b: Counter) -> float:
    """How alike two paragraphs are by their words: the Dice coefficient of the two bags."""
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def align(old: Sequence[tuple[str, str]], new: Sequence[str], used: Iterable[str] = ()) -> Alignment:
    """The new version's paragraphs (`new`, texts in order) aligned with the old ones
    (`old`, (id, text) in order). `used`: every id any version has had, none given again."""
    same_text: dict[str, list[int]] = defaultdict(list)
    for index, (_id, text) in enumerate(old):
        same_text[" ".join(text.split())].append(index)
    for indices in same_text.values():
        indices.reverse()  # popped from the end: the first of the same text first
    matched: dict[int, tuple[int, float]] = {}  # new index -> (old index, alike)
    taken: set[int] = set()
    for index, text in enumerate(new):
        indices = same_text.get(" ".join(text.split()))
        if indices:
            found = indices.pop()
            matched[index] = (found, 1.0)
            taken.add(found)
    _match_changed(old, new, matched, taken)
    ids = _new_ids(old, used)
    paragraphs = []
    for index, text in enumerate(new):
        if index in matched:
            found, score = matched[index]
            paragraphs.append(Aligned(old[found][0], text, "unchanged" if score == 1.0 else "edited", score))
        else:
            paragraphs.append(Aligned(next(ids), text, "added", 0.0))
    removed = [old[index][0] for index in range(len(old)) if index not in taken]
    return Alignment(paragraphs, removed)


def _match_changed(
    old: Sequence[tuple[str, str]], new: Sequence[str], matched: dict[int, tuple[int, float]], taken: set[int]
) -> None:
    """The paragraphs left over on both sides, paired where recognisably the same: the most
    alike pairs first, then the nearest in position."""
    left_old = [index for index in range(len(old)) if index not in taken]
    left_new = [index for index in range(len(new)) if index not in matched]
    if not left_old or not left_new:
        return
    bags = {index: Counter(words(old[index][1])) for index in left_old}
    holding: dict[str, list[int]] = defaultdict(list)
    for index in left_old:
        for word in bags[index]:
            holding[word].append(index)
    pairs = []
    for index in left_new:
        bag = Counter(words(new[index]))
        shared: Counter = Counter()
        for word in bag:
            found = holding.get(word, ())
            if len(found) <= COMMON:
                shared.update(found)
        for candidate, _count in shared.most_common(CANDIDATES):
            score = alike(bags[candidate], bag)
            if score >= RECOGNISED:
                # Nearer in relative position breaks ties; it never decides alone.
                distance = abs(candidate / len(old) - index / len(new))
                pairs.append((-score, distance, index, candidate))
    pairs.sort()
    for negative, _distance, index, candidate in pairs:
        if index in matched or candidate in taken:
            continue
        matched[index] = (candidate, min(-negative, 0.999))
        taken.add(candidate)


def _new_ids(old: Sequence[tuple[str, str]], used: Iterable[str]):
    """Ids never used by any version: p<n> past the highest number used."""
    every = {paragraph_id for paragraph_id, _ in old} | set(used)
    numbers = [int(match.group(1)) for match in map(NUMBERED.fullmatch, every) if match]
    number = max(numbers, default=0)
    while True:
        number += 1
        if f"p{number}" not in every:
            yield f"p{number}"
