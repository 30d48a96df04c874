"""A quote chosen from a paragraph word by word, as the source pane's selection makes it
(vim's visual mode, by words): it starts on one word, one end moves by words or to the
edge of its sentence, `o` swaps which end moves, and it never leaves its paragraph. The
quote is the paragraph's own characters from the first word to the last: exact, as the
format wants it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

_WORD = re.compile(r"\S+")
# A word that ends a sentence: its last letter is followed by . ! ? (or …), then perhaps
# closing quotes or brackets.
_SENTENCE_END = re.compile("[.!?…][\"'”\u2019»)\\]]*$")


@dataclass(frozen=True)
class Selection:
    text: str  # the paragraph's
    start: int  # the first word's number, from 0
    end: int  # the last word's
    moving_start: bool = False  # which end the keys move: the last word's, unless swapped

    @classmethod
    def at_first_word(cls, text: str) -> Selection | None:
        """A selection of the paragraph's first word; None for a paragraph of no words."""
        return cls(text, 0, 0) if _WORD.search(text) else None

    @classmethod
    def spanning(cls, text: str, start: int, end: int) -> Selection | None:
        """The words of `text` that its characters `start` to `end` (past the last) touch:
        characters chosen with the mouse, widened to whole words. None if they touch none."""
        words = enumerate(_WORD.finditer(text))
        touched = [number for number, word in words if word.start() < end and word.end() > start]
        return cls(text, touched[0], touched[-1]) if touched else None

    @cached_property
    def _words(self) -> list[tuple[int, int]]:
        return [match.span() for match in _WORD.finditer(self.text)]

    @property
    def span(self) -> tuple[int, int]:
        """Where the quote is in the paragraph's text: its first character, and past its last."""
        return self._words[self.start][0], self._words[self.end][1]

    @property
    def quote(self) -> str:
        start, end = self.span
        return self.text[start:end]

    @property
    def words(self) -> int:
        return self.end - self.start + 1

    def moved(self, step: int) -> Selection:
        """The moving end `step` words on (back, when negative), never past the other end
        nor out of the paragraph."""
        return self._to(self._moving + step)

    def to_sentence_edge(self, forward: bool) -> Selection:
        """The moving end at the last word of its sentence (`forward`), or the first."""
        word = self._moving
        if forward:
            while word < len(self._words) - 1 and not self._ends_sentence(word):
                word += 1
        else:
            while word > 0 and not self._ends_sentence(word - 1):
                word -= 1
        return self._to(word)

    def swapped(self) -> Selection:
        return replace(self, moving_start=not self.moving_start)

    @property
    def _moving(self) -> int:
        return self.start if self.moving_start else self.end

    def _to(self, word: int) -> Selection:
        if self.moving_start:
            return replace(self, start=max(0, min(word, self.end)))
        return replace(self, end=min(len(self._words) - 1, max(word, self.start)))

    def _ends_sentence(self, word: int) -> bool:
        start, end = self._words[word]
        return bool(_SENTENCE_END.search(self.text, start, end))
