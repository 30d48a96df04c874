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
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import yaml

from .files import decode_text, read_bytes
from .importer import TextDumper
from .loader import ParsedFile, assemble, assemble_again, file_stamp, parse_file
from .model import Claim, Library
from .problems import DossierError, Problem, ReadProblem
from .writing import write_atomically
from .yamlnodes import Mapping, Scalar, Sequence, compose

BOM = "\ufeff".encode()
RELATIONS = ("updates", "contradicts", "supports")


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


@dataclass(frozen=True)
class Change:
    """One write to one file: its bytes before and after, and where the change is."""

    path: str
    before: bytes
    after: bytes
    line: int  # the first line written, from 1
    claim_id: str  # the claim written, or given the evidence
    what: str  # "claim ID" or "evidence to ID"

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
    file = _DossierFile.read(library, dossier.location.path)
    if file.claims is None:
        raise DossierError(f"{file.path}: its claims are not a list to add to")
    new_text, added = file.appended(file.root, file.claims, _claim_fields(claim))

    def intended(old: list[tuple], new: list[tuple]) -> bool:
        return new[:-1] == old and new[-1] == _intended_claim(claim)

    return _checked(library, file, new_text, added, intended, claim.id, f"claim {claim.id}")


def evidence_added(library: Library, claim_id: str, evidence: NewEvidence) -> Change:
    """The change that adds `evidence` as the last piece of the claim's evidence,
    checked; nothing is written (see claim_added)."""
    found = library.claims.get(claim_id)
    if found is None:
        raise DossierError(f"no claim has the id {claim_id!r}")
    file = _DossierFile.read(library, found.location.path)
    item = _claim_item(file.claims, claim_id) if file.claims is not None else None
    pieces = item.get("evidence") if item is not None else None
    if not isinstance(pieces, Sequence) or not pieces.items:
        raise DossierError(f"{file.path}: the evidence of claim {claim_id} is not a list to add to")
    new_text, added = file.appended(item, pieces, _evidence_fields(evidence), outer=(file.root, file.claims))
    number = [candidate.id for candidate in _parsed_claims(parse_file(file.path, file.text))].index(claim_id)

    def intended(old: list[tuple], new: list[tuple]) -> bool:
        if len(old) != len(new):
            return False
        grown = [*old[number][:-1], (*old[number][-1], (evidence.at, evidence.quote))]
        return new[:number] == old[:number] and new[number + 1 :] == old[number + 1 :] and list(new[number]) == grown

    return _checked(library, file, new_text, added, intended, claim_id, f"evidence to {claim_id}")


_MINOR_WORDS = frozenset(
    (  # noqa: SIM905
        "a an the of to in on at by for from with as and or but that this these "
        "those is are was were be been has have had it its their his her they he she said says"
    ).split()
)


def suggested_id(text: str, taken: Collection[str], words: int = 5) -> str:
    """An id for a claim that says `text`: its first few words that carry meaning, in
    lowercase ASCII, made unique among `taken` with a number (`-2`, `-3`, …)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    meaningful = [word for word in re.findall(r"[a-z0-9]+", folded) if word not in _MINOR_WORDS]
    stem = "-".join(meaningful[:words]) or "claim"
    found, number = stem, 1
    while found in taken:
        number += 1
        found = f"{stem}-{number}"
    return found


# --- writing it, and writing it back ----------------------------------------------------


def write(change: Change) -> None:
    """Write `change` (atomically), unless its file changed on disk since it was read."""
    _replace(change.path, change.before, change.after, "written")


def undo(change: Change) -> None:
    """Put the file back as it was before `change`, byte for byte, unless it changed
    on disk since the change was written."""
    _replace(change.path, change.after, change.before, "undone")


def _replace(path: str, expected: bytes, new: bytes, doing: str) -> None:
    try:
        now = read_bytes(path)
    except ReadProblem as problem:
        raise DossierError(f"{path}: {problem.message}; nothing {doing}") from None
    if now != expected:
        raise DossierError(f"{path}: changed on disk since it was read; nothing {doing} (load it again)")
    write_atomically(path, new.decode("utf-8"), replace=True)


# --- reading the file -------------------------------------------------------------------


@dataclass(frozen=True)
class _DossierFile:
    """A dossier file as it is on disk, and as YAML nodes that say where each value is."""

    path: str
    before: bytes
    text: str  # without a byte-order mark
    newline: str
    root: Mapping

    @classmethod
    def read(cls, library: Library, path: str) -> _DossierFile:
        """Refused if it is not as the library read it."""
        stamp = library.read_files.get(path, (None,))[0]
        try:
            status = os.stat(path)
            data = read_bytes(path)
            text = decode_text(data)
        except (OSError, ReadProblem) as error:
            raise DossierError(f"{path}: cannot read: {getattr(error, 'message', error)}") from None
        if stamp is not None and stamp != file_stamp(status):
            raise DossierError(f"{path}: changed on disk since it was loaded; nothing written (load it again)")
        try:
            root, _ = compose(text)
        except ReadProblem as problem:
            raise DossierError(str(problem.at(path))) from None
        if not isinstance(root, Mapping):
            raise DossierError(f"{path}: not a dossier")
        return cls(path, data, text, "\r\n" if "\r\n" in text else "\n", root)

    @property
    def claims(self) -> Sequence | None:
        found = self.root.get("claims")
        return found if isinstance(found, Sequence) else None

    def appended(
        self, parent: Mapping, items: Sequence, fields: dict, outer: tuple[Mapping, Sequence] | None = None
    ) -> tuple[str, tuple[int, int, bool]]:
        """The text with `fields` as a new last item of `items` (see _append_item), and
        what was added: its first line, how many lines, whether a blank line before."""
        lines = self.text.split("\n")
        item_lines = _item_lines(fields, _dash_column(lines, items), _nested_step(lines, items))
        new_text, line, spaced = _append_item(lines, parent, items, item_lines, self.newline, outer)
        return new_text, (line, len(item_lines), spaced)


def _claim_item(claims: Sequence, claim_id: str) -> Mapping | None:
    for item in claims.items:
        if isinstance(item, Mapping):
            found = item.get("id")
            if isinstance(found, Scalar) and found.value == claim_id:
                return item
    return None


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
    for kind in RELATIONS:
        if claim.relations.get(kind):
            fields[kind] = list(claim.relations[kind])
    return fields


def _evidence_fields(evidence: NewEvidence) -> dict:
    return {"at": evidence.at} | ({"quote": evidence.quote} if evidence.quote is not None else {})


class _ItemDumper(TextDumper):
    """One list item as people write it: on one line each value (quoted where YAML
    would misread it plain), short lists in brackets, nested lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


class _FlatItemDumper(TextDumper):
    """The same, nested lists' dashes under their key (`evidence:` then `- at:`)."""


def _one_line(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Plain where YAML reads it back as the same characters (dossier reads `2024-12-27`
    # and `no` as text: see docs/format.md), but for what any YAML reader takes for
    # nothing (`~`); else double-quoted (`"Kim's"` rather than `'Kim''s'`), a line break
    # of any kind escaped.
    plain = dumper.analyze_scalar(text).allow_block_plain and not re.search("[\n\r\x85\u2028\u2029]", text)
    plain = plain and dumper.resolve(yaml.ScalarNode, text, (True, False)) != _NOTHING
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=None if plain else '"')


def _list(dumper: yaml.SafeDumper, items: list) -> yaml.SequenceNode:
    # A list of words in brackets (`tags: [capture, nis]`), a list of items as items.
    flow = all(isinstance(item, str) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


# As dossier reads values, as written: no implicit types but nothing (`~`, `null`).
_NOTHING = "tag:yaml.org,2002:null"
for _dumper in (_ItemDumper, _FlatItemDumper):
    _dumper.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag == _NOTHING]
        for first, resolvers in TextDumper.yaml_implicit_resolvers.items()
    }
    _dumper.add_representer(str, _one_line)
    _dumper.add_representer(list, _list)


def _item_lines(fields: dict, dash: int, step: int) -> list[str]:
    """`fields` as a list item whose dash is at column `dash` (from 0), its nested
    lists' dashes `step` columns deeper than its keys."""
    dumped = yaml.dump(
        [fields],
        Dumper=_ItemDumper if step else _FlatItemDumper,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
        indent=step or 2,
    )
    return [" " * dash + line for line in dumped.rstrip("\n").split("\n")]


def _dash_column(lines: list[str], items: Sequence) -> int:
    """Where the list's dashes are (from 0): its first item's, else one step in."""
    for item in items.items:
        if isinstance(item, Mapping):
            dash = lines[item.line - 1].rfind("-", 0, item.column - 1)
            if dash >= 0:
                return dash
    return items.column + 1


def _nested_step(lines: list[str], items: Sequence) -> int:
    """How much deeper than its keys an item's own lists are written: as in the file
    where it says (a claim's evidence), else two columns."""
    for item in items.items:
        if isinstance(item, Mapping):
            for _, value in item.items:
                if isinstance(value, Sequence) and value.items and isinstance(value.items[0], Mapping):
                    dash = _dash_column(lines, value)
                    if dash >= item.column - 1:
                        return dash - (item.column - 1)
    return 2


def _append_item(
    lines: list[str],
    parent: Mapping,
    items: Sequence,
    item_lines: list[str],
    newline: str,
    outer: tuple[Mapping, Sequence] | None = None,
) -> tuple[str, int, bool]:
    """The text with `item_lines` after the last item of `items`, a value of `parent`
    (itself an item of `outer`'s list, if given); the first line of the item, from 1;
    and whether a blank line was written before it (as the items have them)."""
    if not items.items or not isinstance(items.items[-1], Mapping):
        raise DossierError("the list is empty or written in brackets: write it as a list of items first")
    if lines[items.line - 1][items.column - 1 : items.column] == "[":
        raise DossierError("the list is written in brackets: write it as a list of items first")
    last = items.items[-1]
    stop = _next_key_line(parent, items)
    if stop is None and outer is not None:
        outer_parent, outer_items = outer
        after = [item for item in outer_items.items if item.line > last.line]
        stop = after[0].line if after else _next_key_line(outer_parent, outer_items)
        if after:  # the next claim's line starts at its dash
            stop = _dash_line(lines, after[0])
    end = _content_end(lines, last.line, (stop - 1) if stop else len(lines), last.column - 1)
    spaced = len(items.items) > 1 and not lines[_dash_line(lines, last) - 2].strip()
    cr = "\r" if newline == "\r\n" else ""
    new = [line + cr for line in ([""] if spaced else []) + item_lines]
    if end == len(lines):  # the file ends without a line break: its last line gets one
        lines = [*lines[:-1], lines[-1] + cr, ""]
    return "\n".join(lines[:end] + new + lines[end:]), end + 1 + spaced, spaced


def _dash_line(lines: list[str], item: Mapping) -> int:
    """The line of an item's dash (from 1): its first key's line, or one above when the
    dash stands alone."""
    if lines[item.line - 1][: item.column - 1].strip().startswith("-"):
        return item.line
    return item.line - 1


def _next_key_line(parent: Mapping, value: Sequence) -> int | None:
    """The line of the key after the one whose value is `value` in `parent`, if any."""
    keys = [key for key, found in parent.items]
    for number, (_, found) in enumerate(parent.items):
        if found is value and number + 1 < len(keys):
            return keys[number + 1].line
    return None


def _content_end(lines: list[str], first: int, stop: int, indent: int) -> int:
    """The index after the last line of an item that starts on line `first` (from 1) and
    ends before index `stop`: blank lines, and comments indented less than its keys
    (they speak of what follows), are not its own."""
    end = stop
    while end > first:
        line = lines[end - 1]
        bare = line.strip()
        if bare and not (bare.startswith("#") and len(line) - len(line.lstrip()) < indent):
            break
        end -= 1
    return end


# --- checking what would be written -------------------------------------------------------------


def _content(claim: Claim) -> tuple:
    """What a claim says, wherever it is written."""
    links = tuple((link.kind, link.target) for link in claim.links)
    figure = (claim.figure.what, claim.figure.value, claim.figure.bound, claim.figure.unit) if claim.figure else None
    evidence = tuple((piece.at, piece.quote) for piece in claim.evidence)
    return (claim.id, claim.text, claim.speaker, claim.via, claim.date, claim.status, claim.tags, figure, links,
            claim.formerly, evidence)  # fmt: skip


def _intended_claim(claim: NewClaim) -> tuple:
    links = tuple((kind, target) for kind in RELATIONS for target in claim.relations.get(kind, ()))
    evidence = tuple((piece.at, piece.quote) for piece in claim.evidence)
    return (claim.id, claim.text, claim.speaker, claim.via, claim.date, claim.status or "reported", claim.tags, None,
            links, (), evidence)  # fmt: skip


def _parsed_claims(parsed: ParsedFile) -> list[Claim]:
    return [*parsed.claims_written, *parsed.rejected_claims] if parsed.dossier else list(parsed.rejected_claims)


def _checked(
    library: Library,
    file: _DossierFile,
    new_text: str,
    added: tuple[int, int, bool],
    intended,
    claim_id: str,
    what: str,
) -> Change:
    """The change, once the new text is found to hold the intended change and nothing
    else, and to bring no new problem, in the file or the library. `added`: the item's
    first line (from 1), how many lines it has, whether a blank line was written before."""
    path = file.path
    old, new = parse_file(path, file.text), parse_file(path, new_text)
    line, count, spaced = added
    after = line + count  # the first line after the new ones: the file's lines from there moved down

    def moved(problem: Problem) -> tuple:  # where a problem after the new lines was before
        shift = count + spaced if problem.path == path and problem.line >= after else 0
        return (problem.path, problem.line - shift, problem.column, problem.message)

    fresh = _new_problems(old.problems, new.problems, moved)
    if not fresh:
        files = [new if name == path else library.read_files[name][1] for name in library.files]
        assembled = assemble_again(files, library) or assemble(files)
        fresh = _new_problems(library.problems, assembled.problems, moved)
    if fresh:
        raise DossierError("\n".join(str(problem) for problem in fresh))
    if not intended([_content(claim) for claim in _parsed_claims(old)], [_content(c) for c in _parsed_claims(new)]):
        raise DossierError(f"{path}: the file would not read back as intended; nothing written")
    prefix = BOM if file.before.startswith(BOM) else b""
    return Change(path, file.before, prefix + new_text.encode("utf-8"), line, claim_id, what)


def _new_problems(before: Iterable[Problem], after: Iterable[Problem], moved) -> list[Problem]:
    earlier = Counter((problem.path, problem.line, problem.column, problem.message) for problem in before)
    fresh = []
    for problem in after:
        key = moved(problem)
        if earlier[key]:
            earlier[key] -= 1
        else:
            fresh.append(problem)
    return fresh
