"""What a library shows beyond its claims one by one: figures side by side, claims in
time order, who said what, how claims relate, and what has been superseded.

The app's analyst views present these; nothing here knows of the terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..text.terms import fold
from .format import RELATIONS
from .model import Claim, Library

# Eighths of a cell, for bars drawn with the terminal's block characters.
BLOCKS = "▏▎▍▌▋▊▉█"


def superseding(library: Library, claim: Claim) -> list[Claim]:
    """The claims that update `claim`, once each."""
    found = {other.id: other for other, link in library.naming(claim.id) if link.kind == "updates"}
    return list(found.values())


def is_superseded(library: Library, claim: Claim) -> bool:
    """Marked superseded by its writer, or updated by another claim."""
    return claim.status == "superseded" or any(link.kind == "updates" for _, link in library.naming(claim.id))


def contradicting(library: Library, claim: Claim) -> set[str]:
    """The ids of the claims `claim` contradicts, or that contradict it."""
    named = {link.target for link in claim.links if link.kind == "contradicts"}
    return named | {other.id for other, link in library.naming(claim.id) if link.kind == "contradicts"}


@dataclass(slots=True)
class FigureGroup:
    """The claims that give a figure for the same quantity, largest value first."""

    what: str
    claims: list[Claim]
    unit: str | None  # the unit most of them give: bars compare these only
    largest: float  # the largest value in that unit: a full bar

    def charted(self, claim: Claim) -> bool:
        return claim.figure is not None and claim.figure.unit == self.unit

    @property
    def units(self) -> list[str | None]:
        return list(dict.fromkeys(claim.figure.unit for claim in self.claims))  # type: ignore[union-attr]


def figure_groups(claims: Iterable[Claim]) -> list[FigureGroup]:
    """Claims with a figure, grouped by what it counts (`figure.what`), groups by name."""
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.figure is not None:
            grouped.setdefault(claim.figure.what, []).append(claim)
    groups = []
    for what in sorted(grouped):
        members = sorted(grouped[what], key=lambda claim: -claim.figure.value)  # type: ignore[union-attr]
        # most_common keeps the first seen among equals, so a tie goes to the largest figure's unit.
        unit = Counter(claim.figure.unit for claim in members).most_common(1)[0][0]  # type: ignore[union-attr]
        largest = max(claim.figure.value for claim in members if claim.figure.unit == unit)  # type: ignore[union-attr]
        groups.append(FigureGroup(what, members, unit, largest))
    return groups


def bar(value: float, largest: float, width: int) -> str:
    """`value` as a bar of up to `width` cells, `largest` filling them all; a positive
    value always shows at least an eighth of a cell."""
    if value <= 0 or largest <= 0 or width <= 0:
        return ""
    eighths = max(1, round(min(value / largest, 1.0) * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest - 1] if rest else "")


def timeline(claims: Iterable[Claim]) -> list[Claim]:
    """Claims by date, earliest first; undated ones last, in library order."""
    return sorted(claims, key=lambda claim: (claim.date is None, claim.date or ""))


@dataclass(slots=True)
class Speaker:
    """Someone the library quotes: the claims they made, and those they relayed."""

    name: str
    said: list[Claim] = field(default_factory=list)
    relayed: list[Claim] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.said) + len(self.relayed)


def speakers(claims: Iterable[Claim]) -> list[Speaker]:
    """Every speaker and relay of `claims`, those with most claims first."""
    found: dict[str, Speaker] = {}
    for claim in claims:
        if claim.speaker:
            found.setdefault(claim.speaker, Speaker(claim.speaker)).said.append(claim)
        for relay in dict.fromkeys(claim.via):
            found.setdefault(relay, Speaker(relay)).relayed.append(claim)
    return sorted(found.values(), key=lambda speaker: (-speaker.total, fold(speaker.name)))


@dataclass(frozen=True, slots=True)
class Relation:
    kind: str  # updates, contradicts or supports
    claim: Claim  # the claim that names the other
    other: Claim
    mutual: bool  # the other names it back the same way

    @property
    def direction(self) -> str:
        """As `citation.relation_label` takes it, from the naming claim's side."""
        return "both" if self.mutual else "out"


def all_relations(library: Library, claims: Iterable[Claim]) -> list[Relation]:
    """Each relation that involves one of `claims`, once (a mutual one too), by kind."""
    listed = {claim.id for claim in claims}
    found: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for claim in library.claims.values():
        for link in claim.links:
            involved = claim.id in listed or link.target in listed
            if not involved or {(link.kind, link.target, claim.id), (link.kind, claim.id, link.target)} & seen:
                continue
            seen.add((link.kind, claim.id, link.target))
            other = library.claims[link.target]
            mutual = any(back.kind == link.kind and back.target == claim.id for back in other.links)
            found.append(Relation(link.kind, claim, other, mutual))
    return sorted(found, key=lambda relation: RELATIONS.index(relation.kind))
