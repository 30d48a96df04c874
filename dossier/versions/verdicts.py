"""What became of each piece of evidence when its source got a new version: by its exact
words first, then by the words around the quote, then by how alike, never by position.

- `unchanged`: the paragraph with the same id still holds the quote;
- `moved`: the exact quote is now in another paragraph (the words around it choose, where
  it is in several);
- `ambiguous`: the exact quote is in several other paragraphs and the words around it
  cannot tell which (no guess is made);
- `edited`: the quoted words changed: the passage now most like them, how alike (0 to 1)
  and the words that changed;
- `removed`: nothing close enough remains."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..text.quotes import find_quote, fold, nearest_passage, normalise
from .align import words

# How alike (0 to 100) the nearest passage must be to a quote to be the same words, edited.
EDITED = 75
# Characters either side of a quote that say which of its places it is.
AROUND = 60
# Paragraphs looked at for an edited quote, besides its own: those sharing the most of its words.
CANDIDATES = 5

DIGIT = re.compile(r"\d")
VERDICTS = ("unchanged", "moved", "ambiguous", "edited", "removed")


@dataclass(frozen=True, slots=True)
class Cited:
    """A piece of evidence as the verdicts read it."""

    claim: str
    index: int  # from 0, in the claim's evidence
    at: str  # SOURCE#PARAGRAPH, as written
    quote: str | None


@dataclass(frozen=True, slots=True)
class Verdict:
    cited: Cited
    verdict: str
    now: str | None = None  # SOURCE#PARAGRAPH where the quote (or its edited passage) is now
    similarity: float | None = None  # 0 to 1
    passage: str | None = None  # the words there now, where edited
    diff: list[tuple[str, str]] = field(default_factory=list)  # ("=", "-" or "+", words)
    places: list[str] = field(default_factory=list)  # where an ambiguous quote is

    @property
    def weight(self) -> int:
        """How much it matters, most first: a figure changed inside a quote, then a name,
        then a quote gone, then any other edit, a quote in several places, one moved."""
        if self.verdict == "edited":
            changed = " ".join(text for op, text in self.diff if op != "=")
            if DIGIT.search(changed):
                return 6
            if any(word[:1].isupper() for word in changed.split()):
                return 5
            return 3
        return {"removed": 4, "ambiguous": 2, "moved": 1}.get(self.verdict, 0)

    @property
    def settled(self) -> bool:
        return self.verdict == "unchanged"

    def to_json(self) -> dict:
        found = {
            "claim": self.cited.claim,
            "evidence": self.cited.index + 1,
            "at": self.cited.at,
            "quote": self.cited.quote,
            "verdict": self.verdict,
            "now": self.now,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
        }
        if self.verdict == "edited":
            found["passage"] = self.passage
            found["diff"] = [[op, text] for op, text in self.diff]
        if self.places:
            found["places"] = self.places
        return found


def verdicts(source_id: str, old: Mapping[str, str], new: Mapping[str, str], cited: Iterable[Cited]) -> list[Verdict]:
    """Each piece of evidence `cited` (made against `old`, paragraph id -> text) judged
    against `new`, in the order given."""
    index = _Index(new)
    return [_judged(source_id, old, new, index, piece) for piece in cited]


class _Index:
    """The new version's paragraphs by the words they hold: a quote is looked for only in
    those that hold its words, so that judging stays near linear in the article's length."""

    def __init__(self, new: Mapping[str, str]) -> None:
        self.order = list(new)
        self.bags = {paragraph_id: Counter(words(text)) for paragraph_id, text in new.items()}
        self.holding: dict[str, list[str]] = {}
        for paragraph_id, bag in self.bags.items():
            for found in bag:
                self.holding.setdefault(found, []).append(paragraph_id)

    def with_all(self, quote: str) -> list[str]:
        """The paragraphs holding every whole word of `quote` (its first and last may be
        parts of words), in the text's order: where its exact words may be."""
        inner = words(quote)[1:-1]
        if not inner:
            return self.order
        rarest = min(inner, key=lambda found: len(self.holding.get(found, ())))
        return [
            paragraph_id
            for paragraph_id in self.holding.get(rarest, ())
            if all(w in self.bags[paragraph_id] for w in inner)
        ]

    def sharing(self, quote: str, most: int) -> list[str]:
        """The `most` paragraphs sharing the most of the words of `quote`."""
        bag = Counter(words(quote))
        shared: Counter = Counter()
        for found, count in bag.items():
            for paragraph_id in self.holding.get(found, ()):
                shared[paragraph_id] += min(count, self.bags[paragraph_id][found])
        return [paragraph_id for paragraph_id, _ in shared.most_common(most)]


def _judged(source_id: str, old: Mapping[str, str], new: Mapping[str, str], index: _Index, piece: Cited) -> Verdict:
    paragraph_id = piece.at.partition("#")[2]
    here = new.get(paragraph_id)
    if not piece.quote:  # the whole paragraph is cited
        if here is None:
            return Verdict(piece, "removed")
        before = old.get(paragraph_id, "")
        if " ".join(before.split()) == " ".join(here.split()):
            return Verdict(piece, "unchanged", piece.at, 1.0)
        score = fuzz.ratio(fold(before), fold(here)) / 100
        return Verdict(piece, "edited", piece.at, score, here, word_diff(before, here))
    quote = piece.quote
    if here is not None and find_quote(here, quote) is not None:
        return Verdict(piece, "unchanged", piece.at, 1.0)
    # The exact words elsewhere: moved, where the words around them say which place it is.
    places = [(other, span) for other in index.with_all(quote) for span in _occurrences(new[other], quote)]
    if places:
        chosen = _by_context(old.get(paragraph_id), quote, new, places)
        if chosen is None:
            return Verdict(piece, "ambiguous", places=[f"{source_id}#{other}" for other, _ in places])
        return Verdict(piece, "moved", f"{source_id}#{chosen}", 1.0)
    # The nearest passage, in the paragraph of the same id or those sharing the most words.
    near = index.sharing(quote, CANDIDATES)
    if here is not None and paragraph_id not in near:
        near.insert(0, paragraph_id)
    best = None
    for other in near:
        start, end, score = nearest_passage(new[other], quote)
        if best is None or score > best[0] + (0 if other != paragraph_id else -0.5):
            best = (score, other, " ".join(new[other][start:end].split()))
    if best is None or best[0] < EDITED or not best[2]:
        return Verdict(piece, "removed")
    score, other, passage = best
    passage = _trimmed(passage, quote)
    return Verdict(piece, "edited", f"{source_id}#{other}", score / 100, passage, word_diff(quote, passage))


def _trimmed(passage: str, quote: str) -> str:
    """The passage without the words at either end that make it less like the quote (it
    was found a quote's length long, and widened to whole words), nor the punctuation
    widening took in where the quote has none there (`Kursk,` for a quote ending `Kursk`)."""
    quote = quote.strip()
    folded = fold(quote)
    words_in = passage.split()
    best = fuzz.ratio(folded, fold(passage))
    while len(words_in) > 1:
        shorter = [words_in[:-1], words_in[1:]]
        score, kept = max((fuzz.ratio(folded, fold(" ".join(option))), option) for option in shorter)
        if score <= best:
            break
        best, words_in = score, kept
    passage = " ".join(words_in)
    while passage and not passage[-1].isalnum() and quote and quote[-1].isalnum():
        passage = passage[:-1].rstrip()
    while passage and not passage[0].isalnum() and quote and quote[0].isalnum():
        passage = passage[1:].lstrip()
    return passage


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place of `quote` in `text` (as find_quote finds one), as spans of `text`."""
    folded_quote = fold(quote)
    if not folded_quote:
        return []
    folded, origin = normalise(text)
    found, start = [], folded.find(folded_quote)
    while start >= 0:
        found.append((origin[start], origin[start + len(folded_quote) - 1] + 1))
        start = folded.find(folded_quote, start + 1)
    return found


def _by_context(
    before: str | None, quote: str, new: Mapping[str, str], places: list[tuple[str, tuple[int, int]]]
) -> str | None:
    """Of the paragraphs holding the quote, the one whose words around it are most like the
    old paragraph's; None where two are as like (or the old paragraph cannot say)."""
    if len({other for other, _ in places}) == 1:
        return places[0][0]
    span = find_quote(before, quote) if before else None
    if span is None:
        return None
    old_left, old_right = fold(before[max(0, span[0] - AROUND) : span[0]]), fold(before[span[1] : span[1] + AROUND])
    scored = sorted(
        (
            -(
                fuzz.ratio(old_left, fold(new[other][max(0, start - AROUND) : start]))
                + fuzz.ratio(old_right, fold(new[other][end : end + AROUND]))
            ),
            other,
        )
        for other, (start, end) in places
    )
    if scored[0][1] != scored[1][1] and scored[1][0] - scored[0][0] < 10:
        return None  # as like, or nearly: say so rather than guess
    return scored[0][1]


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words that changed from `before` to `after`: runs kept ("="), taken out ("-")
    and put in ("+")."""
    old, new = before.split(), after.split()
    diff: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            diff.append(("=", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            diff.append(("-", " ".join(old[i1:i2])))
        if j2 > j1:
            diff.append(("+", " ".join(new[j1:j2])))
    return diff


def word_diff_text(diff: list[tuple[str, str]]) -> str:
    """A word diff as `git diff --word-diff` writes one: [-taken out-]{+put in+}."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in diff)
