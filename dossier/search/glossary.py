"""The library's glossary as search uses it: for the words of a query, the other ways the
library writes the same thing.

A glossary file (`terms:`) lists terms that mean the same (`same: [troops, soldiers]`)
and short forms that stand for longer ones, one way (`alias: NIS`, `for: [National
Intelligence Service]`). A query's words are taken in runs: a run that is a term, in any
form of its words (soldier for soldiers), is a unit whose other terms are its
alternatives. A number written as a word (three) has its digits (3) as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text.terms import NUMBER_WORDS, STOP_WORDS, fold, stem, typed_words
from .matching import SYNONYM, WHOLE

if TYPE_CHECKING:  # a search file answers without the library's model
    from ..library.model import Term


@dataclass(frozen=True, slots=True)
class Unit:
    """Typed words that go together, and what else may stand in their place."""

    words: tuple[str, ...]  # folded, as typed
    # Another way of writing them (its words, folded) and what a text holding it scores
    # for each of `words`.
    alternatives: tuple[tuple[tuple[str, ...], int], ...] = ()
    # A word such as "of" or "the" among others that say more: a text holding it ranks
    # above one that does not only among those holding as many of the others.
    minor: bool = False
    # A name the glossary gives as an alias (NIS): found as a word of its own (or its
    # other form), never inside another word (mi-nis-try) nor as a near miss; one of its
    # alternatives is itself.
    named: bool = False
    # Whether a near miss of its words counts: not for a term the glossary knows (`arms` is
    # no typo of `armed`).
    near: bool = True


class Glossary:
    def __init__(self, terms: Iterable[Term] = ()) -> None:
        # Each term's words by stem, and what it leads to: the other terms of its group
        # (or, for an alias, the terms it stands for).
        self._leads: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self.named: set[tuple[str, ...]] = set()  # the aliases' keys
        for term in terms:
            written = [tuple(typed_words(fold(text))) for text in term.terms]
            if term.alias:
                alias = tuple(typed_words(fold(term.alias)))
                self._add(alias, written)
                if alias:
                    self.named.add(tuple(map(stem, alias)))
            else:
                for form in written:
                    self._add(form, [other for other in written if other != form])
        self.longest = max((len(key) for key in self._leads), default=0)

    @classmethod
    def from_leads(cls, leads: list, named: list = ()) -> Glossary:
        """A glossary from its `_leads` and `named` as lists (as the search file keeps them)."""
        glossary = cls()
        glossary._leads = {tuple(key): [tuple(lead) for lead in found] for key, found in leads}
        glossary.named = {tuple(key) for key in named}
        glossary.longest = max((len(key) for key in glossary._leads), default=0)
        return glossary

    def _add(self, form: tuple[str, ...], leads: list[tuple[str, ...]]) -> None:
        if form:
            key = tuple(map(stem, form))
            known = self._leads.setdefault(key, [])
            known += [lead for lead in leads if lead and lead not in known]

    def __bool__(self) -> bool:
        return bool(self._leads)

    def units(self, typed: list[str]) -> list[Unit]:
        """`typed` words in units, the longest run that is a term first."""
        found: list[Unit] = []
        saying = any(word not in STOP_WORDS for word in typed)
        start = 0
        while start < len(typed):
            for length in range(min(self.longest, len(typed) - start), 0, -1):
                run = tuple(typed[start : start + length])
                key = tuple(map(stem, run))
                leads = self._leads.get(key)
                if leads:
                    named = key in self.named
                    itself = ((run, WHOLE),) if named else ()
                    alternatives = (*itself, *((lead, SYNONYM) for lead in leads))
                    found.append(Unit(run, alternatives, named=named, near=False))
                    start += length
                    break
            else:
                word = typed[start]
                number = (((NUMBER_WORDS[word],), WHOLE),) if word in NUMBER_WORDS else ()
                found.append(Unit((word,), number, minor=saying and word in STOP_WORDS))
                start += 1
        return found
