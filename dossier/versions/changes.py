"""What changed between a source's last two versions, and what became of every quote that
rests on it: what `dossier changes` prints and the app's changes view shows. Accepting a
verdict makes the change that points the evidence at where its words are now, and records
what it quoted before."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..library.model import Library, Source
from ..library.problems import DossierError
from ..store.loader import load_library
from ..write.authoring import Change, evidence_reattached
from .verdicts import Cited, Verdict, verdicts, word_diff


@dataclass(frozen=True)
class ParagraphChange:
    id: str
    change: str  # edited, added or removed
    before: str | None
    after: str | None
    diff: list[tuple[str, str]] = field(default_factory=list)
    touched: list[Verdict] = field(default_factory=list)  # the quotes it concerns

    @property
    def weight(self) -> int:
        return max((verdict.weight for verdict in self.touched), default=0)


@dataclass(frozen=True)
class SourceChanges:
    source: Source
    version: int  # the newest version's number
    paragraphs: list[ParagraphChange]  # most weighty first, then in the text's order
    verdicts: list[Verdict]  # most weighty first, then by claim

    def count(self, verdict: str) -> int:
        return sum(1 for found in self.verdicts if found.verdict == verdict)

    @property
    def pending(self) -> list[Verdict]:
        """The verdicts that wait for the analyst: every one but unchanged."""
        return [found for found in self.verdicts if not found.settled]


def _versions(library: Library, source_id: str) -> tuple[Source, dict[str, str], dict[str, str]]:
    """The source, and the texts of its version before and of its newest, by paragraph id.
    Raises DossierError for a source unknown or with one version."""
    source = library.sources.get(source_id)
    if source is None:
        raise DossierError(f"no source has the id {source_id!r}")
    if not source.versions:
        raise DossierError(f"{source_id} has one version: 'dossier import FILE --update {source_id}' records another")
    old = dict(source.versions[-1].paragraphs)
    new = {paragraph_id: source.paragraphs[paragraph_id].text for paragraph_id in source.paragraphs}
    return source, old, new


def source_changes(library: Library, source_id: str) -> SourceChanges:
    """The changes from the source's version before to its newest. Raises DossierError
    for a source unknown or with one version."""
    source, old, new = _versions(library, source_id)
    cited = [
        Cited(claim.id, index, piece.at, piece.quote)
        for claim in library.claims.values()
        for index, piece in enumerate(claim.evidence)
        if piece.source_id == source_id
    ]
    found = verdicts(source_id, old, new, cited)
    found.sort(key=lambda verdict: (-verdict.weight, verdict.cited.claim, verdict.cited.index))
    by_paragraph: dict[str, list[Verdict]] = {}
    for verdict in found:
        by_paragraph.setdefault(verdict.cited.at.partition("#")[2], []).append(verdict)
    changed = []
    for paragraph_id, text in new.items():
        before = old.get(paragraph_id)
        if before is None:
            changed.append(ParagraphChange(paragraph_id, "added", None, text))
        elif " ".join(before.split()) != " ".join(text.split()):
            touched = by_paragraph.get(paragraph_id, [])
            changed.append(ParagraphChange(paragraph_id, "edited", before, text, word_diff(before, text), touched))
    for paragraph_id, text in old.items():
        if paragraph_id not in new:
            changed.append(ParagraphChange(paragraph_id, "removed", text, None, [], by_paragraph.get(paragraph_id, [])))
    order = {paragraph_id: number for number, paragraph_id in enumerate([*new, *old])}
    changed.sort(key=lambda change: (-change.weight, order[change.id]))
    return SourceChanges(source, source.version, changed, found)


def versioned(library: Library) -> list[Source]:
    """The sources with more than one version, by id."""
    return sorted((source for source in library.sources.values() if source.versions), key=lambda source: source.id)


def refusal(verdict: Verdict) -> str | None:
    """Why a verdict cannot be accepted (None: it can)."""
    cited = verdict.cited
    if verdict.verdict == "moved" or (verdict.verdict == "edited" and cited.quote):
        return None
    reasons = {
        "unchanged": "its quote is where it was: nothing to accept",
        "edited": "it cites the whole paragraph, which keeps its id: nothing to accept",
        "ambiguous": "its words are in several paragraphs: choose one by hand (the app's A, or edit the file)",
        "removed": "its words are gone from the new version: remove the evidence, or re-attach it by hand",
    }
    return f"{cited.claim} evidence {cited.index + 1}: {reasons[verdict.verdict]}"


def accepting(library: Library, verdict: Verdict) -> Change:
    """The change that points the evidence at where its words are now (moved), or at the
    passage its words became (edited), recording what it was before. Raises DossierError
    for a verdict with nothing to accept (see refusal)."""
    refused = refusal(verdict)
    if refused:
        raise DossierError(refused)
    cited = verdict.cited
    if verdict.verdict == "moved":
        return evidence_reattached(library, cited.claim, cited.index, verdict.now, cited.quote, {"was_at": cited.at})
    was = {"was_at": cited.at if cited.at != verdict.now else None, "was_quote": cited.quote}
    return evidence_reattached(library, cited.claim, cited.index, verdict.now, verdict.passage, was)


def accept(
    library: Library,
    paths: Sequence[str],
    source_id: str,
    chosen: Sequence[tuple[str, int]],
    write: Callable[[Change], None],
) -> tuple[list[Change], Library]:
    """Accept the verdicts of the pieces `chosen` ((claim, index from 0)), one write at a
    time (`write` writes a change), the library read again between, so that each change
    is made from its file as it is; the changes written, and the library after them.
    Raises DossierError at the first that cannot be; the ones before it are written."""
    written = []
    for claim_id, index in chosen:
        # Judged again from the library as it is now (an earlier write may have moved it).
        claim = library.claims.get(claim_id)
        piece = claim.evidence[index] if claim is not None and index < len(claim.evidence) else None
        if piece is None or piece.source_id != source_id:
            raise DossierError(f"{claim_id} evidence {index + 1}: no longer rests on {source_id}")
        _source, old, new = _versions(library, source_id)
        (verdict,) = verdicts(source_id, old, new, [Cited(claim_id, index, piece.at, piece.quote)])
        change = accepting(library, verdict)
        write(change)
        written.append(change)
        library = load_library(list(paths), previous=library, touched=[change.path])
    return written, library
