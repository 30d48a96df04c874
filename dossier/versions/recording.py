"""A new version of a source recorded: `dossier import FILE --update SOURCE_ID`.

The new text is read as any import reads it; its paragraphs are aligned with the current
ones (align.py), so each keeps its id where it is recognisably the same; the version it
replaces goes, whole and as it is written (its comments too), into the file's `versions:`,
where evidence made against it still finds its words. Every other line of the file stays.
The new original is archived beside the first. No dossier file changes: what became of
each quote is for the analyst to see (`dossier changes`) and accept."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import yaml

from ..library.model import Library, Source
from ..library.problems import DossierError
from ..sources import archive as archiving
from ..sources.original import read_original
from ..store.checking import parse_file
from ..store.yamlnodes import Sequence, compose
from ..text.textsafe import counted
from ..write.splicing import (
    Splice,
    StyleRefused,
    dash_column,
    document_end,
    entry_spans,
    lines,
    moved_lines,
    spliced,
)
from ..write.writing import replace_file
from ..write.yamltext import TextDumper
from .align import Alignment, align

# Below this share of its paragraphs found again, the new text is another article.
ANOTHER_ARTICLE = 0.2


class AnotherArticle(DossierError):
    """A text in which nearly none of the source's paragraphs are found again: recorded as
    its new version only when asked again (--force)."""


@dataclass(frozen=True)
class Recorded:
    source_id: str
    path: str
    version: int  # the new version's number; the current one's, when nothing was recorded
    alignment: Alignment
    archived: str | None  # the new original's path
    identical: bool = False  # the text is the current version's: nothing recorded
    caution: str | None = None  # what the reader should know of what came in (see sources.kinds.Fields)

    def describe(self) -> str:
        """`version 2 of nk-pow-report-a: 14 paragraphs unchanged, 1 edited, 1 added, 0 removed`."""
        if self.identical:
            return f"{self.source_id}: the text is version {self.version}'s, word for word; nothing recorded"
        counts = ", ".join(
            [
                counted(self.alignment.count("unchanged"), "paragraph") + " unchanged",
                f"{self.alignment.count('edited'):,} edited",
                f"{self.alignment.count('added'):,} added",
                f"{len(self.alignment.removed):,} removed",
            ]
        )
        note = f"; note: {self.caution}" if self.caution else ""
        return f"version {self.version} of {self.source_id}: {counts}{note}"


def record_version(
    library: Library, source_id: str, data: bytes, name: str, *, force: bool = False, now: str | None = None
) -> Recorded:
    """Record the document `data` (read from `name`) as the newest version of the source
    `source_id`. Raises DossierError, nothing written: no such source, an unreadable
    document, another article entirely (unless `force`), a file changed meanwhile."""
    known = library.sources.get(source_id)
    if known is None:
        raise DossierError(f"no source has the id {source_id!r} ('dossier show' lists a source by its id)")
    path = known.location.path
    try:
        with open(path, "rb") as file:
            before = file.read()
    except OSError as error:
        raise DossierError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        text = before.decode("utf-8")
    except UnicodeDecodeError:
        raise DossierError(f"{path}: not UTF-8 ('dossier validate' says where); nothing recorded") from None
    parsed = parse_file(path, text)
    source = parsed.source
    if parsed.problems or source is None or source.id != source_id:
        raise DossierError(f"{path}: has problems ('dossier validate' names them): fix them first; nothing recorded")
    found = read_original(data, name)
    old = [(paragraph_id, source.paragraphs[paragraph_id].text) for paragraph_id in source.paragraphs]
    used = {paragraph_id for version in source.versions for paragraph_id, _ in version.paragraphs}
    alignment = align(old, [text for text, _page in found.paragraphs], used)
    if alignment.identical:
        return Recorded(source_id, path, source.version, alignment, None, identical=True)
    share = alignment.recognised(len(old))
    if share < ANOTHER_ARTICLE and not force:
        raise AnotherArticle(
            f"{name}: only {len(old) - len(alignment.removed):,} of the {counted(len(old), 'paragraph')} of "
            f"{source_id} are found in it: it looks like another article. Import it as a source of its own "
            f"(without --update), or give --force to record it as version {source.version + 1} all the same; "
            "nothing recorded"
        )
    stamp = now or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    kept, archive_path = archiving.planned(data, path, source_id, found.suffix)
    pages = [page for _text, page in found.paragraphs]
    fields = kept.fields(found.kind, stamp, found.extracted_by)
    document = _document(text, source, alignment, pages, fields)
    _check(path, document, source, alignment)
    new_archive = archiving.keep(data, archive_path)
    try:
        replace_file(path, before, document.encode("utf-8"), doing="recorded")
    except DossierError:
        if new_archive:  # nothing half-done: the archive goes with the file that would have named it
            os.remove(archive_path)
        raise
    return Recorded(source_id, path, source.version + 1, alignment, archive_path, caution=found.caution)


def _document(text: str, source: Source, alignment: Alignment, pages: list, kept: dict) -> str:
    """The source file with the new version's `paragraphs` and `archive`, and the current
    paragraphs moved, as they are written (their comments too), to the end of `versions`.
    Every other line stays as it is: the fields, the comments, the earlier versions."""
    root, _ = compose(text)  # parse_file has read it without a problem
    split = lines(text)
    try:
        spans = entry_spans(split, root, document_end(split))
    except StyleRefused as refused:
        message = refused.message.replace("the item is written in braces", "the source is written in braces")
        raise DossierError(f"{source.location.path}:{refused.line}: {message}; nothing recorded") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    start, stop = spans["paragraphs"]
    column = root.column - 1
    paragraphs = [
        {"id": paragraph.id, "text": paragraph.text, **({"page": page} if page else {})}
        for paragraph, page in zip(alignment.paragraphs, pages, strict=True)
    ]
    listed = root.get("paragraphs")
    listed_dash = dash_column(split, listed) if isinstance(listed, Sequence) else column
    # the new paragraphs with their dashes where the file has them
    splices = [Splice(start, stop, [" " * column + "paragraphs:", *_block(paragraphs, listed_dash)])]
    archive_at = spans.get("archive", (start, start))
    splices.append(Splice(*archive_at, _block({"archive": kept}, column)))
    # The version replaced: its number, when, its original, then its paragraphs as written.
    versions = root.get("versions")
    head = _version_head(source)
    if isinstance(versions, Sequence) and versions.items and "versions" in spans:
        dash, at, key = dash_column(split, versions), spans["versions"][1], []
    else:
        dash = listed_dash
        at, key = stop, [" " * column + "versions:"]
    moved = moved_lines(text, start, stop)
    shift = dash + 2 - column
    item = _block([head], dash) + [" " * shift + line if line.strip() else "" for line in moved]
    splices.append(Splice(at, at, key + item))
    return spliced(text, splices, newline)[0]


def _block(value: object, column: int) -> list[str]:
    dumped = yaml.dump(value, Dumper=TextDumper, sort_keys=False, allow_unicode=True, width=float("inf"))
    return [" " * column + line if line else "" for line in dumped.rstrip("\n").split("\n")]


def _version_head(source: Source) -> dict:
    """The fields that open the entry of the version `source` is now, in `versions`: its
    number, when its original was read, and the original (its paragraphs follow as written)."""
    found: dict[str, object] = {"version": source.version}
    archive = source.archive
    if archive is not None and archive.imported:
        found["recorded"] = archive.imported
    if archive is not None:
        found["archive"] = archiving.archive_fields(
            archive.file, archive.sha256, archive.size, archive.kind, archive.imported, archive.extracted_by
        )
    return found


def _check(path: str, document: str, source: Source, alignment: Alignment) -> None:
    """The file as it would be reads back as meant: else nothing is written."""
    checked = parse_file(path, document)
    written = checked.source
    if checked.problems or written is None:
        raise DossierError(f"{path}: the new version would not read back ({checked.problems[:1]}); nothing recorded")
    if [(paragraph.id, paragraph.text) for paragraph in alignment.paragraphs] != [
        (paragraph_id, written.paragraphs[paragraph_id].text) for paragraph_id in written.paragraphs
    ]:
        raise DossierError(f"{path}: the new version would not read back as imported; nothing recorded")
    before = [(paragraph_id, source.paragraphs[paragraph_id].text) for paragraph_id in source.paragraphs]
    if written.versions[-1].paragraphs != tuple(before):
        raise DossierError(f"{path}: the version replaced would not read back whole; nothing recorded")
    fields = ("id", "title", "publisher", "url", "published", "authors", "language")
    if [getattr(written, name) for name in fields] != [getattr(source, name) for name in fields] or [
        (version.number, version.paragraphs) for version in written.versions[:-1]
    ] != [(version.number, version.paragraphs) for version in source.versions]:
        raise DossierError(f"{path}: the other fields would not read back as they are; nothing recorded")
