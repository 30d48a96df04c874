"""Claims and evidence written into a dossier file, and written back out again.

Every byte the writer did not mean to change stays: comments, blank lines, key order,
quoting and indentation. A new claim or piece of evidence is spliced in as text, after
the last item of its list, in the file's own indentation (a round-trip YAML dumper
re-wraps long quotes and moves comments). Nothing invalid is written: the new text is
checked as the loader checks it, on its own and in the library, and must hold exactly
the intended change and no new problem (`Change.after` is what was checked). Writes are
atomic, and a file that changed on disk since it was read is never overwritten.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..library.format import DEFAULT_BOUND, DEFAULT_STATUS, ID_PATTERN, RELATIONS
from ..library.model import Claim, Evidence, Library
from ..library.problems import DossierError, Problem, shown
from ..store.assembling import assemble, assemble_changed
from ..store.checking import ParsedFile, parse_file
from ..store.files import library_paths, read_under
from ..store.yamlnodes import Mapping, Scalar
from ..text.quotes import nearest_passage
from .dossierfile import BOM, DossierFile
from .splicing import (
    entry_lines,
    item_lines,
)
from .writing import create_file, remove_file, replace_file


@dataclass(frozen=True)
class NewEvidence:
    at: str  # source-id#paragraph-id
    quote: str | None = None


@dataclass(frozen=True)
class NewClaim:
    dossier_id: str
    id: str
    text: str
    evidence: tuple[NewEvidence, ...]
    speaker: str | None = None
    via: tuple[str, ...] = ()
    date: str | None = None
    status: str | None = None  # None: not written (the format's default, reported)
    tags: tuple[str, ...] = ()
    relations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> ids
    figure: dict | None = None  # what, value (its digits), bound, unit, as claim_edited takes it


@dataclass(frozen=True)
class Change:
    """One write to one file: its bytes before and after, and where the change is."""

    path: str
    before: bytes
    after: bytes
    line: int  # the first line written, from 1
    claim_id: str  # the claim written, or given the evidence
    what: str  # "claim ID" or "evidence to ID"
    created: bool = False  # a new file: written only where none is, undone by removing it
    # The library as it will be once written, assembled by the check from `checked_with`
    # around the file's text as `parsed`: what the app shows, rather than assemble it again.
    checked_with: Library | None = field(default=None, compare=False, repr=False)
    assembled: Library | None = field(default=None, compare=False, repr=False)
    parsed: ParsedFile | None = field(default=None, compare=False, repr=False)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


# --- what to write ------------------------------------------------------------------------


def claim_added(library: Library, claim: NewClaim) -> Change:
    """The change that adds `claim` at the end of its dossier's claims, checked; nothing
    is written. Raises DossierError with the validator's own messages where the claim,
    or the file, would have a problem."""
    dossier = library.dossiers.get(claim.dossier_id)
    if dossier is None:
        raise DossierError(f"no dossier has the id {claim.dossier_id!r}")
    file = DossierFile.read(library, dossier.location.path)
    if file.claims is None:
        raise DossierError(f"{file.path}: its claims are not a list to add to")
    new_text, where, line = file.appended(file.root, file.claims, _claim_fields(claim))

    def intended(old: list[_Said]) -> list[_Said]:
        return [*old, _intended_claim(claim)]

    return _checked(library, file, new_text, where, intended, claim.id, f"claim {claim.id}", line)


def dossier_added(library: Library, claim: NewClaim, title: str, paths: Collection[str], beside: str | None) -> Change:
    """The change that makes a new dossier file holding `claim` (its dossier_id the new
    dossier's id, and `title`), in the folder of the dossier `beside` (else the library's
    `dossiers` folder, or its first source's), checked as claim_added checks; nothing is
    written. Refused where a file of that name is, or the library would not read it (not
    in a folder of `paths`)."""
    dossier_id, title = claim.dossier_id, title.strip()
    if not ID_PATTERN.match(dossier_id):
        raise DossierError(f"a dossier's id is lowercase letters, digits and hyphens, not {dossier_id!r}")
    if dossier_id in library.dossiers:
        taken = library.dossiers[dossier_id].location
        raise DossierError(f"a dossier has the id {dossier_id!r} already: {taken.path}:{taken.line}")
    if not title:
        raise DossierError("a new dossier needs a title")
    path = os.path.join(_new_dossier_folder(library, beside), f"{dossier_id}.yaml")
    if os.path.lexists(path):
        raise DossierError(f"{path}: a file of that name is there already; nothing written")
    if not read_under(library_paths(paths), path):
        raise DossierError(f"{path}: the library is not read from that folder; nothing written")
    written = [*entry_lines("id", dossier_id, 0), *entry_lines("title", title, 0), "claims:"]
    written += item_lines(_claim_fields(claim), 2, 2)
    new_text = "\n".join(written) + "\n"
    file = DossierFile(path, b"", "", "\n", Mapping(1, 1))

    def intended(old: list[_Said]) -> list[_Said]:
        return [_intended_claim(claim)]

    change = _checked(library, file, new_text, (1, 0, len(written)), intended, claim.id, f"claim {claim.id}", 4)
    dossier = parse_file(path, new_text).dossier
    if dossier is None or (dossier.id, dossier.title) != (dossier_id, title):
        raise DossierError(f"{path}: the file would not read back as intended; nothing written")
    return replace(change, created=True, what=f"claim {claim.id} in a new dossier")


def _new_dossier_folder(library: Library, beside: str | None) -> str:
    if beside in library.dossiers:
        return os.path.dirname(library.dossiers[beside].location.path)
    folders = [os.path.dirname(source.location.path) for source in library.sources.values()]
    if not folders:
        raise DossierError("the library has no dossier or source to put a new dossier beside")
    next_to = os.path.join(os.path.dirname(folders[0]), "dossiers")
    return next_to if os.path.isdir(next_to) else folders[0]


def evidence_added(library: Library, claim_id: str, evidence: NewEvidence) -> Change:
    """The change that adds `evidence` as the last piece of the claim's evidence,
    checked; nothing is written (see claim_added)."""
    file = DossierFile.read(library, _claim_path(library, claim_id))
    item, pieces, _ = file.evidence(claim_id)
    new_text, where, line = file.appended(item, pieces, _evidence_fields(evidence), outer=(file.root, file.claims))

    def intended(claim: _Said) -> _Said:
        return claim._replace(evidence=(*claim.evidence, (evidence.at, evidence.quote)))

    return _checked(
        library, file, new_text, where, _one_changed(claim_id, intended), claim_id, f"evidence to {claim_id}", line
    )


# The keys of a claim the form changes, and the order the format's documentation writes
# a claim's keys in (a key a claim lacks is written where this order puts it).
EDITABLE = ("text", "speaker", "via", "date", "status", "tags", "figure", *RELATIONS)
CLAIM_ORDER = ("id", "formerly", "text", "speaker", "via", "date", "status", "tags", "evidence", "figure", *RELATIONS)


def claim_edited(library: Library, claim_id: str, changes: dict[str, object]) -> Change:
    """The change that gives the claim's keys in `changes` their new values, checked;
    nothing is written. A value of None (or an empty list) takes the key out; lists are
    of words, a figure is a mapping of `what`, `value` (its digits), `bound`, `unit`.
    Every other key, and every other byte, stays as written."""
    unknown = [name for name in changes if name not in EDITABLE]
    if unknown:
        raise DossierError(f"a claim's {unknown[0]!r} is not changed here (it changes: {', '.join(EDITABLE)})")
    file = DossierFile.read(library, _claim_path(library, claim_id))
    index, item = file.claim(claim_id)
    values = {name: _written(value) for name, value in changes.items()}
    new_text, where = file.edited(item, file.claim_end(index), values, CLAIM_ORDER)

    def intended(claim: _Said) -> _Said:
        said = {name: _said(name, value) for name, value in values.items() if name in _Said._fields}
        if "figure" in values:
            said["figure"] = _said_figure(values["figure"])
        kinds = [name for name in values if name in RELATIONS]
        if kinds:
            kept = [link for link in claim.links if link[0] not in kinds]
            said["links"] = tuple(sorted(kept + [(kind, target) for kind in kinds for target in values[kind] or ()]))
        return claim._replace(**said)

    return _checked(
        library, file, new_text, where, _one_changed(claim_id, intended), claim_id, f"changes to {claim_id}", item.line
    )


def claim_removed(library: Library, claim_id: str) -> Change:
    """The change that takes the claim out of its dossier, checked; nothing is written.
    Refused while another claim names it in a relation, or when it is its dossier's only
    claim."""
    path = _claim_path(library, claim_id)
    naming = [(claim, link) for claim, link in library.naming(claim_id) if claim.id != claim_id]
    if naming:
        claim, link = naming[0]
        raise DossierError(
            f"{link.location.path}:{link.location.line}: claim {claim.id} {link.kind} {claim_id}: "
            "take that relation out first; nothing written"
        )
    file = DossierFile.read(library, path)
    index, _ = file.claim(claim_id)
    if len(file.claims.items) == 1:
        raise DossierError(f"{path}: {claim_id} is its dossier's only claim, and a dossier has one at least")
    new_text, where = file.removed(file.claims, index, file.claim_end(index))

    def intended(old: list[_Said]) -> list[_Said]:
        return [claim for claim in old if claim.id != claim_id]

    return _checked(library, file, new_text, where, intended, claim_id, f"removal of {claim_id}", where[0])


def evidence_removed(library: Library, claim_id: str, index: int) -> Change:
    """The change that takes piece `index` (from 0) out of the claim's evidence,
    checked; nothing is written. A claim's only piece stays: a claim rests on one."""
    file = DossierFile.read(library, _claim_path(library, claim_id))
    _, pieces, end = file.evidence(claim_id, index)
    if len(pieces.items) == 1:
        raise DossierError(f"{file.path}: that is the only evidence of {claim_id}: a claim rests on one piece at least")
    new_text, where = file.removed(pieces, index, end)

    def intended(claim: _Said) -> _Said:
        return claim._replace(evidence=claim.evidence[:index] + claim.evidence[index + 1 :])

    changed = _one_changed(claim_id, intended)
    return _checked(library, file, new_text, where, changed, claim_id, f"removal of evidence of {claim_id}", where[0])


def evidence_reattached(
    library: Library, claim_id: str, index: int, at: str, quote: str, was: dict[str, str | None] | None = None
) -> Change:
    """The change that points piece `index` (from 0) of the claim's evidence at `at`
    and quotes `quote` there (the passage closest to a quote that no longer matches),
    checked; nothing is written. `was`: what it pointed at and quoted before (`was_at`,
    `was_quote`), recorded beside, where a new version of its source moved the words."""
    file = DossierFile.read(library, _claim_path(library, claim_id))
    _, pieces, end = file.evidence(claim_id, index)
    piece = pieces.items[index]
    wanted = [("at", at), ("quote", quote), *(was or {}).items()]
    changes = {name: value for name, value in wanted if value is not None and _scalar(piece.get(name)) != value}
    new_text, where = file.edited(piece, end, changes, ("at", "quote", "was_at", "was_quote"))

    def intended(claim: _Said) -> _Said:
        evidence = list(claim.evidence)
        evidence[index] = (at, quote)
        return claim._replace(evidence=tuple(evidence))

    changed = _one_changed(claim_id, intended)
    return _checked(
        library, file, new_text, where, changed, claim_id, f"evidence of {claim_id} re-attached", piece.line
    )


class Reattachment(NamedTuple):
    """Where a quote that no longer matches its paragraph could be attached again."""

    at: str
    quote: str  # the paragraph's own words
    alike: float  # 0 to 100


def reattachment(library: Library, evidence: Evidence) -> Reattachment | None:
    """The passage of the evidence's paragraph closest to its quote, if the quote is not
    found there (the source was corrected) and the paragraph is."""
    paragraph = library.paragraph(evidence.at)
    if evidence.anchored or not evidence.quote or paragraph is None:
        return None
    start, end, alike = nearest_passage(paragraph.text, evidence.quote)
    passage = " ".join(paragraph.text[start:end].split())
    return Reattachment(evidence.at, passage, alike) if passage else None


def _claim_path(library: Library, claim_id: str) -> str:
    found = library.claims.get(claim_id)
    if found is None:
        raise DossierError(f"no claim has the id {claim_id!r}")
    return found.location.path


def _scalar(node: object) -> str | None:
    return node.value if isinstance(node, Scalar) else None


def _written(value: object) -> object:
    """A value as the dumper writes it: lists of words as lists; nothing for an empty one."""
    if isinstance(value, tuple | list):
        return list(value) or None
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if item is not None}
    return value


def _said(name: str, value: object) -> object:
    if name in ("via", "tags"):
        return tuple(value or ())
    if name == "status":
        return value or DEFAULT_STATUS
    return value


def _said_figure(figure: dict | None) -> tuple | None:
    if not figure:
        return None
    digits = str(figure["value"])
    value = float(digits) if "." in digits else int(digits)
    return (figure["what"], value, figure.get("bound") or DEFAULT_BOUND, figure.get("unit"))


# --- writing it, and writing it back ----------------------------------------------------


def write(change: Change) -> None:
    """Write `change`, unless its file no longer holds what the change was made from (or,
    for a new file, one of its name has come): see writing.replace_file."""
    if change.created:
        if os.path.lexists(change.path):
            raise DossierError(f"{change.path}: a file of that name is there now; nothing written")
        create_file(change.path, change.after)
        return
    replace_file(change.path, change.before, change.after, "written")


def undo(change: Change) -> None:
    """Put the file back as it was before `change`, byte for byte (a new file removed),
    unless it changed on disk since the change was written."""
    if change.created:
        remove_file(change.path, change.after, "undone")
        return
    replace_file(change.path, change.after, change.before, "undone")


# --- the new item's text -------------------------------------------------------------------


def _claim_fields(claim: NewClaim) -> dict:
    """The claim's keys in the order the format's documentation writes them."""
    fields: dict[str, object] = {"id": claim.id, "text": claim.text}
    if claim.speaker:
        fields["speaker"] = claim.speaker
    if claim.via:
        fields["via"] = list(claim.via)
    if claim.date:
        fields["date"] = claim.date
    if claim.status:
        fields["status"] = claim.status
    if claim.tags:
        fields["tags"] = list(claim.tags)
    fields["evidence"] = [_evidence_fields(piece) for piece in claim.evidence]
    if claim.figure:
        fields["figure"] = _written(claim.figure)
    for kind in RELATIONS:
        if claim.relations.get(kind):
            fields[kind] = list(claim.relations[kind])
    return fields


def _evidence_fields(evidence: NewEvidence) -> dict:
    return {"at": evidence.at} | ({"quote": evidence.quote} if evidence.quote is not None else {})


# --- checking what would be written -------------------------------------------------------------


class _Said(NamedTuple):
    """What a claim says, wherever it is written."""

    id: str
    text: str
    speaker: str | None
    via: tuple[str, ...]
    date: str | None
    status: str
    tags: tuple[str, ...]
    figure: tuple | None
    links: tuple[tuple[str, str], ...]  # (kind, target), sorted
    formerly: tuple[str, ...]
    evidence: tuple[tuple[str, str | None], ...]


def _content(claim: Claim) -> _Said:
    figure = (claim.figure.what, claim.figure.value, claim.figure.bound, claim.figure.unit) if claim.figure else None
    return _Said(
        claim.id, claim.text, claim.speaker, claim.via, claim.date, claim.status, claim.tags, figure,
        tuple(sorted((link.kind, link.target) for link in claim.links)), claim.formerly,
        tuple((piece.at, piece.quote) for piece in claim.evidence),
    )  # fmt: skip


def _intended_claim(claim: NewClaim) -> _Said:
    links = tuple(sorted((kind, target) for kind in RELATIONS for target in claim.relations.get(kind, ())))
    evidence = tuple((piece.at, piece.quote) for piece in claim.evidence)
    return _Said(claim.id, claim.text, claim.speaker, claim.via, claim.date, claim.status or DEFAULT_STATUS,
                 claim.tags, _said_figure(claim.figure), links, (), evidence)  # fmt: skip


def _one_changed(claim_id: str, change) -> Callable[[list[_Said]], list[_Said]]:
    """What a change of one claim intends: every claim as it was, that one as `change` makes it."""

    def intended(old: list[_Said]) -> list[_Said]:
        return [change(claim) if claim.id == claim_id else claim for claim in old]

    return intended


def _parsed_claims(parsed: ParsedFile) -> list[Claim]:
    return [*parsed.claims_written, *parsed.rejected_claims] if parsed.dossier else list(parsed.rejected_claims)


def _checked(
    library: Library,
    file: DossierFile,
    new_text: str,
    where: tuple[int, int, int],
    intended: Callable[[list[_Said]], list[_Said]],
    claim_id: str,
    what: str,
    line: int,
) -> Change:
    """The change, once the new text is found to hold the intended change and nothing
    else, and to bring no new problem, in the file or the library. `where`: the first
    line changed (from 1), how many lines were there, how many are now. A problem in
    those lines is new unless one with its message was there before."""
    path = file.path
    old, new = parse_file(path, file.text), parse_file(path, new_text)
    first, before, now = where

    def old_place(problem: Problem) -> tuple:
        changed = problem.path == path and first <= problem.line < first + before
        return (
            (problem.path, -1, 0, problem.message)
            if changed
            else (problem.path, problem.line, problem.column, problem.message)
        )

    def new_place(problem: Problem) -> tuple:  # where it was before the change, if it was
        line = problem.line
        if problem.path == path and line >= first:
            if line < first + now:
                return (problem.path, -1, 0, problem.message)
            line -= now - before
        return (problem.path, line, problem.column, problem.message)

    fresh = _new_problems(map(old_place, old.problems), new.problems, new_place)
    if not fresh:
        assembled = again = assemble_changed(new, library)
        if again is None:
            files = [new if name == path else library.read_files[name][1] for name in library.files]
            if path not in library.read_files:  # a new file
                files.append(new)
            assembled = assemble(files)
        fresh = _new_problems(map(old_place, library.problems), assembled.problems, new_place)
    if fresh:
        raise DossierError("\n".join(str(problem) for problem in fresh))
    _refuse_unintended(path, old, new, intended)
    prefix = BOM if file.before.startswith(BOM) else b""
    after = prefix + (new_text.replace("\n", "\r") if file.cr_only else new_text).encode("utf-8")
    return Change(path, file.before, after, line, claim_id, what, checked_with=library, assembled=again, parsed=new)


def _refuse_unintended(
    path: str, old: ParsedFile, new: ParsedFile, intended: Callable[[list[_Said]], list[_Said]]
) -> None:
    """Refuse a new text that would not read back as exactly the change: naming the
    claim and the values that would differ (a way of writing YAML the splice does not
    follow, which nothing should write over)."""
    wanted = intended([_content(claim) for claim in _parsed_claims(old)])
    claims = _parsed_claims(new)
    got = [_content(claim) for claim in claims]
    before, after = old.dossier, new.dossier
    if before is not None and after is not None:
        for name in ("id", "title", "summary"):
            if getattr(before, name) != getattr(after, name):
                raise DossierError(
                    f"{path}:{after.location.line}: the dossier's {name} would read back as "
                    f"{_value(getattr(after, name))} instead of {_value(getattr(before, name))}; nothing written "
                    "(write that value another way, or make the change by hand)"
                )
    if got == wanted:
        return
    for number, (said, meant) in enumerate(zip(got, wanted, strict=False)):
        if said != meant:
            names = [name for name in _Said._fields if getattr(said, name) != getattr(meant, name)]
            values = ", ".join(
                f"its {name} {_value(getattr(said, name))} instead of {_value(getattr(meant, name))}" for name in names
            )
            raise DossierError(
                f"{path}:{claims[number].location.line}: claim {meant.id} would read back with {values}; nothing "
                "written (the file writes it in a way the writer does not follow: make the change by hand)"
            )
    raise DossierError(
        f"{path}: the file would read back with {len(got)} claims instead of {len(wanted)}; nothing written"
    )


def _value(value: object) -> str:
    if value is None:
        return "none"
    return f'"{shown(value)}"' if isinstance(value, str) else shown(repr(value))


def _new_problems(before: Iterable[tuple], after: Iterable[Problem], new_place) -> list[Problem]:
    earlier = Counter(before)
    fresh = []
    for problem in after:
        key = new_place(problem)
        if earlier[key]:
            earlier[key] -= 1
        else:
            fresh.append(problem)
    return fresh
