"""The query language a reader types, and the filters and orders beside it.

A query is a list of terms:

- plain words, each found as typed, in another form, through the glossary or as a near
  miss (see index.py); a claim with every word ranks above one with fewer;
- `speaker:`, `via:`, `tag:`, `status:`, `dossier:` and `source:` restrict by field;
- `'word` requires that exact word, `!word` excludes what contains it (as in fzf);
- double quotes keep words together: `speaker:"John Kirby"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..text.terms import fold

if TYPE_CHECKING:  # a search file answers without the library's model
    from ..library.model import Claim


FIELDS = ("speaker", "via", "tag", "status", "dossier", "source")


@dataclass(frozen=True, slots=True)
class Filters:
    """Exact restrictions on the claims listed, on top of the query: one value per kind."""

    dossier: str | None = None  # a dossier id
    status: str | None = None
    tag: str | None = None
    speaker: str | None = None  # the name of a speaker or of a relay
    single_source: bool = False  # only claims that rest on one source

    KINDS = ("dossier", "status", "tag", "speaker")

    def __bool__(self) -> bool:
        return any(getattr(self, kind) for kind in self.KINDS) or self.single_source

    def admits(self, claim: Claim) -> bool:
        return (
            (self.dossier is None or claim.dossier_id == self.dossier)
            and (self.status is None or claim.status == self.status)
            and (self.tag is None or self.tag in claim.tags)
            and (self.speaker is None or any(names_match(self.speaker, name) for name in (claim.speaker, *claim.via)))
            and (not self.single_source or len(claim.source_ids) == 1)
        )

    def toggled(self, kind: str, value: str | None = None) -> Filters:
        """These filters with `kind` set to `value`, or cleared when it already is."""
        if kind == "single_source":
            return replace(self, single_source=not self.single_source)
        return replace(self, **{kind: None if getattr(self, kind) == value else value})

    def active(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, for a reader to see."""
        found = [(FILTER_LABELS[kind], value) for kind in self.KINDS if (value := getattr(self, kind))]
        return found + ([(FILTER_LABELS["single_source"], "")] if self.single_source else [])

    def describe(self) -> str:
        """`tag nis · resting on one source only`."""
        return " · ".join(f"{label} {value}".strip() for label, value in self.active())


def names_match(wanted: str, name: str | None) -> bool:
    """How a name is found, for the query's speaker: and via: and the speaker filter
    alike: the words wanted anywhere in it, case and quote marks folded."""
    return name is not None and fold(wanted) in fold(name)


FILTER_LABELS = {
    "dossier": "dossier",
    "status": "status",
    "tag": "tag",
    "speaker": "said or relayed by",
    "single_source": "resting on one source only",
}


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # folded: lower case, straight quotes and dashes
    field: str | None = None
    exact: bool = False  # 'word: the whole word, not a fuzzy match
    negated: bool = False  # !word: leave out what contains it

    @property
    def fuzzy(self) -> bool:
        return self.field is None and not self.exact and not self.negated


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


# A token is a run of non-space characters in which "double-quoted parts" may hold spaces.
_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*(?:"|$))+')
_FIELD = re.compile(rf"^({'|'.join(FIELDS)}):(.*)$", re.IGNORECASE | re.DOTALL)


def parse_query(text: str) -> Query:
    """The terms of `text`. Incomplete terms (`speaker:`, a lone `!`) are skipped, so that
    results do not empty while a reader is still typing."""
    terms = []
    for token in _TOKEN.findall(text):
        negated = token.startswith("!")
        token = token[1:] if negated else token
        field = None
        found = _FIELD.match(token)
        if found:
            field, token = found.group(1).lower(), found.group(2)
        exact = token.startswith("'")
        token = token[1:] if exact else token
        value = " ".join(fold(token.replace('"', "")).split())
        if value:
            terms.append(Term(value, field, exact and field is None, negated))
    return Query(text, tuple(terms))
