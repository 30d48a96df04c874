"""The checked, in-memory library: sources, dossiers, claims and how they point at each other."""

from __future__ import annotations

import itertools
import operator
import os
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from .problems import Problem


def pickled_as_call(cls):
    """Pickle instances of dataclass `cls` as a call of the class with its fields: the
    cache unpickles libraries of a million objects, and for slotted dataclasses this is
    four times faster than pickle's default."""
    values = operator.attrgetter(*(item.name for item in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


class Location(NamedTuple):
    """Where a thing was written: 1-based line and column in a file. (A named tuple: a
    library holds a million of them, and tuples are the fastest to unpickle.)"""

    path: str
    line: int
    column: int


@pickled_as_call
@dataclass(slots=True)
class Paragraph:
    source_id: str
    id: str
    text: str
    location: Location
    page: int | None = None  # where it starts, in a PDF

    @property
    def ref(self) -> str:
        return f"{self.source_id}#{self.id}"


class Paragraphs(Mapping[str, Paragraph]):
    """A source's paragraphs by id, in document order.

    Kept as columns of plain values, the texts as one block of UTF-8, and made into
    Paragraph objects when looked at: a large library holds half a million paragraphs,
    of which a reader sees a few. Making them all would take most of the start-up from
    the cache, and the block is pickled as it is, without a copy.
    """

    __slots__ = ("_ends", "_ids", "_lines", "_pages", "_positions", "_utf8", "path", "source_id")

    def __init__(
        self, source_id: str, path: str, ids: tuple, lines: array, utf8: bytes, ends: array, pages: array | None = None
    ) -> None:
        """`lines`: each paragraph's line and column, one after the other; `ends`: where
        each paragraph's text ends in `utf8`; `pages`: the page each starts on (0: none),
        for a source read from a PDF."""
        self.source_id, self.path, self._ids, self._lines = source_id, path, ids, lines
        self._utf8, self._ends, self._pages = utf8, ends, pages
        self._positions: dict[str, int] | None = None

    @classmethod
    def of(cls, source_id: str, path: str, paragraphs: Iterable[Paragraph]) -> Paragraphs:
        paragraphs = list(paragraphs)
        # Interned: sources share their paragraph ids (p1, p2…), and pickle then keeps one of each.
        ids = tuple(sys.intern(paragraph.id) for paragraph in paragraphs)
        lines = array("I", [number for p in paragraphs for number in (p.location.line, p.location.column)])
        encoded = [paragraph.text.encode() for paragraph in paragraphs]
        ends = array("Q", itertools.accumulate(map(len, encoded)))
        paged = any(paragraph.page for paragraph in paragraphs)
        pages = array("I", [paragraph.page or 0 for paragraph in paragraphs]) if paged else None
        return cls(source_id, path, ids, lines, b"".join(encoded), ends, pages)

    def __reduce__(self):
        return Paragraphs, (self.source_id, self.path, self._ids, self._lines, self._utf8, self._ends, self._pages)

    def _position(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {paragraph_id: index for index, paragraph_id in enumerate(self._ids)}
        return self._positions

    def _text(self, index: int) -> str:
        start = self._ends[index - 1] if index else 0
        return self._utf8[start : self._ends[index]].decode()

    def __getitem__(self, paragraph_id: str) -> Paragraph:
        index = self._position()[paragraph_id]
        location = Location(self.path, self._lines[2 * index], self._lines[2 * index + 1])
        page = (self._pages[index] or None) if self._pages is not None else None
        return Paragraph(self.source_id, paragraph_id, self._text(index), location, page)

    def __contains__(self, paragraph_id: object) -> bool:
        return paragraph_id in self._position()

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def texts(self) -> Iterator[str]:
        """Every paragraph's text, in order, decoded one at a time."""
        return map(self._text, range(len(self._ids)))


@pickled_as_call
@dataclass(slots=True)
class Archive:
    """The original a source was imported from, kept beside its file: what `dossier verify`
    reads again."""

    file: str  # from the source file's folder
    sha256: str
    size: int
    kind: str  # html, pdf, text or markdown
    imported: str | None  # YYYY-MM-DDTHH:MM:SSZ
    extracted_by: str | None  # dossier's version, and its extractors'
    location: Location

    def path(self, source_file: str) -> str:
        return os.path.join(os.path.dirname(source_file), self.file)


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Version:
    """An earlier version of a source, kept in its file (`versions:`): its paragraphs as
    they were, which evidence made against it still resolves to, and its original."""

    number: int  # from 1, the first imported
    paragraphs: tuple[tuple[str, str], ...]  # (id, text), in order
    recorded: str | None  # YYYY-MM-DDTHH:MM:SSZ: when it was read
    archive: Archive | None
    location: Location

    def text(self, paragraph_id: str) -> str | None:
        return next((text for found, text in self.paragraphs if found == paragraph_id), None)

    def as_source(self, newest: Source) -> Source:
        """This version read as a source (the newest's fields, these paragraphs), to show."""
        paragraphs = [Paragraph(newest.id, key, text, self.location) for key, text in self.paragraphs]
        return Source(newest.id, newest.title, {paragraph.id: paragraph for paragraph in paragraphs},
                      self.location, newest.publisher, newest.url, newest.published, newest.authors,
                      newest.language, self.archive)  # fmt: skip


@pickled_as_call
@dataclass(slots=True)
class Source:
    id: str
    title: str
    paragraphs: Paragraphs  # in document order; a dict of Paragraphs is turned into one
    location: Location
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    archive: Archive | None = None
    versions: tuple[Version, ...] = ()  # the earlier ones, oldest first; `paragraphs` is the newest

    @property
    def version(self) -> int:
        """The number of the version its paragraphs are, from 1."""
        return len(self.versions) + 1

    def version_holding(self, paragraph_id: str, quote: str | None) -> Version | None:
        """The latest earlier version whose paragraph `paragraph_id` holds `quote` (or
        that has the paragraph, for no quote), where the newest does not: what a
        citation made against it rests on."""
        from ..text.quotes import find_quote

        for version in reversed(self.versions):
            text = version.text(paragraph_id)
            if text is not None and (quote is None or find_quote(text, quote) is not None):
                return version
        return None

    def __post_init__(self) -> None:
        if not isinstance(self.paragraphs, Paragraphs):
            self.paragraphs = Paragraphs.of(self.id, self.location.path, self.paragraphs.values())


@pickled_as_call
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
    # What it pointed at and quoted before a new version of its source moved its words and
    # the analyst accepted it (`dossier changes --accept`): `was_at`, `was_quote`.
    was_at: str | None = None
    was_quote: str | None = None

    @property
    def source_id(self) -> str:
        return self.at.partition("#")[0]

    @property
    def paragraph_id(self) -> str:
        return self.at.partition("#")[2]


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Figure:
    what: str
    value: int | float
    bound: str
    unit: str | None
    location: Location


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Link:
    """A relation from one claim to another: `updates`, `contradicts` or `supports`."""

    kind: str
    target: str
    location: Location


@pickled_as_call
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
    formerly: tuple[str, ...] = ()  # ids it had before: they lead to it still

    def targets(self, kind: str) -> tuple[str, ...]:
        return tuple(link.target for link in self.links if link.kind == kind)

    @property
    def anchored(self) -> bool:
        return all(evidence.anchored for evidence in self.evidence)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct sources its evidence cites, in order: how many reports carry it."""
        return tuple(dict.fromkeys(evidence.source_id for evidence in self.evidence))


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Term:
    """An entry of a glossary: terms that mean the same (`same`), or a short form
    (`alias`) that stands for longer ones, one way."""

    terms: tuple[str, ...]  # as written: "troops", "soldiers"; or what the alias stands for
    location: Location
    alias: str | None = None

    @property
    def written(self) -> str:
        """`troops = soldiers`, `NIS → National Intelligence Service`."""
        return f"{self.alias} → {', '.join(self.terms)}" if self.alias else " = ".join(self.terms)


@pickled_as_call
@dataclass(slots=True)
class Dossier:
    id: str
    title: str
    claims: list[Claim]
    location: Location
    summary: str | None = None


@pickled_as_call
@dataclass(slots=True)
class Library:
    """Everything that loaded, plus every problem found. A file with problems never
    stops the others from loading."""

    sources: dict[str, Source] = field(default_factory=dict)
    dossiers: dict[str, Dossier] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Files with problems shown as they last loaded cleanly (see loader.load_library).
    kept: list[str] = field(default_factory=list)
    # paragraph ref -> the (claim, evidence) pairs that cite it, in library order
    citations: dict[str, list[tuple[Claim, Evidence]]] = field(default_factory=dict)
    # claim id -> the (claim, link) pairs of other claims that name it, in library order
    linked_from: dict[str, list[tuple[Claim, Link]]] = field(default_factory=dict)
    # a claim's former id (see Claim.formerly) -> its id now
    former_ids: dict[str, str] = field(default_factory=dict)
    # the glossaries' entries, in library order
    glossary: list[Term] = field(default_factory=list)
    # Each file as it was read, for the next load to take the files that did not change
    # from (see loader.load_library's `previous`): path -> (its stamp, its ParsedFile).
    read_files: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)
    read_at: int = field(default=0, compare=False)  # when they were looked at, time.time_ns()
    stamp: frozenset = field(default=frozenset(), compare=False, repr=False)  # see files.library_stamp
    reread: list[str] = field(default_factory=list, compare=False)  # the files this load read
    # (claim id, piece of evidence) -> (whether its paragraph exists, the problem of its
    # quote or paragraph if any): what the next assembly takes for the claims unchanged.
    anchoring: dict[tuple[str, int], tuple] = field(default_factory=dict, compare=False, repr=False)
    # What an assembly of one changed file takes from the last (see store.assembling.assemble_again):
    # the problems assembling found, the claims whose written relations name each id (in
    # library order, whether that id exists or not), and those with a relation that failed.
    assembly_problems: list[Problem] = field(default_factory=list, compare=False, repr=False)
    named_by: dict[str, list[Claim]] = field(default_factory=dict, compare=False, repr=False)
    unresolved: list[Claim] = field(default_factory=list, compare=False, repr=False)
    # The ids found in the text of files that did not load whole (sources', claims'), and
    # whether every source, dossier and claim the files held was kept (no id used twice,
    # no former id, no claim left out): one changed file is then all that differs.
    broken_ids: tuple[frozenset[str], frozenset[str]] = field(default=(frozenset(), frozenset()), compare=False)
    whole: bool = field(default=False, compare=False)

    def claim(self, claim_id: str) -> Claim | None:
        """The claim with id `claim_id`, or that had it before (a permalink to a claim
        since merged into another)."""
        found = self.claims.get(claim_id)
        if found is None and claim_id in self.former_ids:
            found = self.claims.get(self.former_ids[claim_id])
        return found

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
