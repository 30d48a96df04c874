"""The checked, in-memory library: sources, dossiers, claims and how they point at each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem


@dataclass(frozen=True, slots=True)
class Location:
    """Where a thing was written: 1-based line and column in a file."""

    path: str
    line: int
    column: int


@dataclass(slots=True)
class Paragraph:
    source_id: str
    id: str
    text: str
    location: Location

    @property
    def ref(self) -> str:
        return f"{self.source_id}#{self.id}"


@dataclass(slots=True)
class Source:
    id: str
    title: str
    paragraphs: dict[str, Paragraph]  # in document order
    location: Location
    publisher: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(slots=True)
class Evidence:
    at: str  # source-id#paragraph-id, as written
    quote: str | None
    location: Location  # of the `at:` value; quote_location of the `quote:` one
    quote_location: Location | None = None
    # Filled in when the library is assembled: where the quote stands in the paragraph.
    # A piece of evidence whose paragraph or quote cannot be found is unanchored.
    quote_span: tuple[int, int] | None = None
    anchored: bool = False

    @property
    def source_id(self) -> str:
        return self.at.partition("#")[0]

    @property
    def paragraph_id(self) -> str:
        return self.at.partition("#")[2]


@dataclass(frozen=True, slots=True)
class Figure:
    what: str
    value: int | float
    bound: str
    unit: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Link:
    """A relation from one claim to another: `updates`, `contradicts` or `supports`."""

    kind: str
    target: str
    location: Location


@dataclass(slots=True)
class Claim:
    id: str
    dossier_id: str
    text: str
    evidence: list[Evidence]
    location: Location
    speaker: str | None = None
    via: tuple[str, ...] = ()
    date: str | None = None
    status: str = "reported"
    tags: tuple[str, ...] = ()
    figure: Figure | None = None
    links: tuple[Link, ...] = ()  # only links whose target exists in the library

    def targets(self, kind: str) -> tuple[str, ...]:
        return tuple(link.target for link in self.links if link.kind == kind)

    @property
    def anchored(self) -> bool:
        return all(evidence.anchored for evidence in self.evidence)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct sources its evidence cites, in order: how many reports carry it."""
        return tuple(dict.fromkeys(evidence.source_id for evidence in self.evidence))


@dataclass(slots=True)
class Dossier:
    id: str
    title: str
    claims: list[Claim]
    location: Location
    summary: str | None = None


@dataclass(slots=True)
class Library:
    """Everything that loaded, plus every problem found. A file with problems never
    stops the others from loading."""

    sources: dict[str, Source] = field(default_factory=dict)
    dossiers: dict[str, Dossier] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # paragraph ref -> the (claim, evidence) pairs that cite it, in library order
    citations: dict[str, list[tuple[Claim, Evidence]]] = field(default_factory=dict)
    # claim id -> the (claim, link) pairs of other claims that name it, in library order
    linked_from: dict[str, list[tuple[Claim, Link]]] = field(default_factory=dict)

    def paragraph(self, ref: str) -> Paragraph | None:
        source_id, _, paragraph_id = ref.partition("#")
        source = self.sources.get(source_id)
        return source.paragraphs.get(paragraph_id) if source else None

    def citing(self, ref: str) -> list[tuple[Claim, Evidence]]:
        """The claims whose evidence points at paragraph `ref` (backlinks)."""
        return self.citations.get(ref, [])

    def citing_claims(self, ref: str) -> list[tuple[Claim, list[Evidence]]]:
        """The claims that cite paragraph `ref`, each once, with its evidence that does."""
        grouped: dict[str, tuple[Claim, list[Evidence]]] = {}
        for claim, evidence in self.citing(ref):
            grouped.setdefault(claim.id, (claim, []))[1].append(evidence)
        return list(grouped.values())

    def naming(self, claim_id: str) -> list[tuple[Claim, Link]]:
        """The claims whose relations name `claim_id`: what updates, contradicts or supports it."""
        return self.linked_from.get(claim_id, [])
