"""How a typed word matches a word of the text: the scores, best first, that every way
of searching shares (the index of the app, the search file of `dossier search`, the
one-entry-at-a-time yardstick). It imports no numpy: a new process answers a search
without it."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from ..text.terms import is_number, stem

# A word found only around an entry (a claim's quotes, ids, sources) scores this much less.
AROUND = 10
# A typed word shorter than this must appear as typed; longer ones may hold a typo.
MIN_FUZZY = 4
# What a typed word scores against a word of the text, best first. Any match of the word
# as typed is above a match of its stem, which is above a near miss (at most 99).
EXACT = 125  # the typed word inside the word ("zelen" in "zelensky")
PREFIX_BONUS = 5  # ... more when it starts the word, and again when it is the whole word
WHOLE = EXACT + 2 * PREFIX_BONUS
STEM = 118  # another form of the word: "captured" for "capturing"
SYNONYM = 112  # a term the library's glossary says is the same ("soldiers" for "troops")


def cutoff(word: str) -> float:
    """How close a fuzzy match must be (rapidfuzz's 0-100 scale)."""
    return 80 if len(word) <= 5 else 75


def shortest_close(word: str) -> int:
    """The length under which no word can come within the cutoff of `word` (the ratio
    of two words is at most twice the shorter's length over both lengths)."""
    need = cutoff(word)
    return max(1, -(-int(need * len(word)) // int(200 - need)))


def word_score(word: str, candidate: str, near: bool = True) -> int:
    """How well typed `word` matches `candidate`, one word of the text; 0 when it does not.

    A number matches only the same number (WHOLE). Otherwise: found as typed (anywhere in
    the word; a single letter, at its start) scores EXACT, plus PREFIX_BONUS when it
    starts the word and again when it is the whole word; the same stem scores STEM; a
    word of MIN_FUZZY letters or more may be a near miss of a word of letters, first
    letter right: rapidfuzz's partial ratio against a longer word (a typo while still
    typing), its ratio against a shorter one; not with `near` false.
    """
    if is_number(word):
        return WHOLE if candidate == word else 0
    if len(word) == 1:  # an initial, or the first key of a word: inside words it is everywhere
        return EXACT + PREFIX_BONUS * (1 + (candidate == word)) if candidate.startswith(word) else 0
    if word in candidate:
        return EXACT + PREFIX_BONUS * (candidate.startswith(word) + (candidate == word))
    if stem(word) == stem(candidate):
        return STEM
    if not near or len(word) < MIN_FUZZY or candidate[0] != word[0] or len(candidate) < shortest_close(word):
        return 0
    if not (word.isalpha() and candidate.isalpha()):  # ids, refs, codes: as typed, or not at all
        return 0
    scorer = fuzz.partial_ratio if len(candidate) >= len(word) else fuzz.ratio
    score = scorer(word, candidate, score_cutoff=cutoff(word))
    return int(score + 0.5) if score else 0  # rounded as rapidfuzz's cdist rounds


def has_form(word: str, candidates: Iterable[str]) -> bool:
    """Whether `word`, or another form of it (its stem), is among `candidates`."""
    wanted = stem(word)
    return any(candidate == word or stem(candidate) == wanted for candidate in candidates)


def best_score(word: str, candidates: Iterable[str], near: bool = True) -> int:
    """`word`'s best score against any of `candidates` (the words of one entry)."""
    return max((word_score(word, candidate, near) for candidate in candidates), default=0)
