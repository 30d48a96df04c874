"""The original a source was imported from, kept beside its file, and checked again.

An original's bytes, exactly as read, are kept gzip-compressed in `originals/` beside the
source file, named by the source's id and the start of their SHA-256 (a later version of
the same page gets a name of its own); the source records the name, the digest, the size,
the kind, when it was imported and what read the paragraphs out of it (`archive:` in the
format). `dossier verify` reads every archived original again, offline: the digest must be
the one recorded, and the paragraphs must still come out of it as the source has them: a
hand edit of a paragraph, or of the original, is reported where it is.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass

from ..library.model import Location, Source
from ..library.problems import DossierError, Problem
from ..write.writing import create_file
from . import kinds

FOLDER = "originals"


@dataclass(frozen=True)
class Kept:
    """An original archived: what the source file records of it."""

    file: str  # from the source file's folder
    sha256: str
    size: int

    def fields(self, kind: str, imported: str, extracted_by: str) -> dict:
        return archive_fields(self.file, self.sha256, self.size, kind, imported, extracted_by)


def archive_fields(
    file: str, sha256: str, size: int, kind: str, imported: str | None, extracted_by: str | None
) -> dict:
    """What a source file records of an archived original (`archive:`), in the format's
    order; the optional keys only where known."""
    found: dict[str, object] = {"file": file, "sha256": sha256, "size": size, "kind": kind}
    found.update((key, value) for key, value in (("imported", imported), ("extracted_by", extracted_by)) if value)
    return found


def planned(data: bytes, source_file: str, source_id: str, suffix: str) -> tuple[Kept, str]:
    """Where the original of `source_id` goes beside `source_file` (`suffix`: its kind's,
    Original.suffix), and its path."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"{FOLDER}/{source_id}-{digest[:12]}.{suffix}.gz"
    return Kept(name, digest, len(data)), os.path.join(os.path.dirname(source_file) or ".", name)


def keep(data: bytes, path: str) -> bool:
    """The original written, compressed, at `path` (a new file, never over one); False
    where the same original is there already. Raises DossierError."""
    if os.path.lexists(path):
        if _unpacked_archive(path) == data:
            return False
        raise DossierError(f"{path}: an archived original of that name holds other bytes; nothing written")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # mtime=0: the same original compresses to the same bytes, whenever it is archived.
    create_file(path, gzip.compress(data, compresslevel=9, mtime=0))
    return True


def _unpacked_archive(path: str) -> bytes:
    from ..store.files import read_bytes

    try:
        return kinds.gunzipped(read_bytes(path))
    except (OSError, ValueError) as error:
        raise DossierError(f"{path}: the archived original cannot be read: {error}") from None


def verify(source: Source) -> list[Problem]:
    """Problems with a source's archived original: missing, unreadable, another digest or
    size than recorded, or paragraphs that no longer come out of it as the source has them."""
    from ..library.problems import ReadProblem
    from ..store.files import read_bytes
    from .original import read_again

    archive = source.archive
    if archive is None:
        return []
    at = archive.location
    path = archive.path(source.location.path)

    def problem(message: str, where=at) -> Problem:
        return Problem(where.path, where.line, where.column, message)

    try:
        packed = read_bytes(path)
    except ReadProblem as error:
        return [problem(f"the archived original {archive.file} {error.message}")]
    try:
        data = kinds.gunzipped(packed)
    except ValueError as error:
        return [problem(f"the archived original {archive.file} is not a whole gzip file: {error}")]
    digest = hashlib.sha256(data).hexdigest()
    if digest != archive.sha256 or len(data) != archive.size:
        return [
            problem(
                f"the archived original {archive.file} has changed: its SHA-256 is {digest[:16]}…, "
                f"{len(data):,} bytes; the source records {archive.sha256[:16]}…, {archive.size:,} bytes"
            )
        ]
    try:
        again = read_again(data, archive.kind, archive.file)
    except DossierError as error:
        return [problem(f"the archived original no longer reads: {error}")]
    now = again.paragraphs
    # Another version of the readers may read the same bytes otherwise: said, so that a
    # difference is not taken for a hand edit without a second look.
    readers = (
        f"; read by {archive.extracted_by} when imported, by {again.extracted_by} now: the difference may be theirs"
        if archive.extracted_by and archive.extracted_by != again.extracted_by
        else ""
    )
    problems = []
    written = list(source.paragraphs.values())
    for index, paragraph in enumerate(written):
        if index >= len(now):
            problems.append(
                problem(f"paragraph {paragraph.id} is not in the archived original{readers}", paragraph.location)
            )
            continue
        text, page = now[index]
        if paragraph.text != text:
            at = _parting(paragraph.text, text)
            where = _difference(paragraph.text, text, at)
            problems.append(
                problem(
                    f"paragraph {paragraph.id} differs from the archived original ({where}{readers})",
                    _text_location(source, paragraph, at),
                )
            )
        elif paragraph.page is not None and page is not None and paragraph.page != page:
            problems.append(
                problem(f"paragraph {paragraph.id} is on page {page} of the original, not {paragraph.page}")
            )
    if len(now) > len(written):
        problems.append(
            problem(
                f"the archived original has {len(now) - len(written)} more paragraphs than the source{readers}",
                source.location,
            )
        )
    return problems


def _parting(written: str, original: str) -> int:
    """Where two texts part: the first character they do not share."""
    at = next((index for index, (a, b) in enumerate(zip(written, original, strict=False)) if a != b), None)
    return min(len(written), len(original)) if at is None else at


def _difference(written: str, original: str, at: int) -> str:
    """The words around where two texts part, in each."""
    start = max(0, at - 20)
    return f"here: “…{written[start : at + 20]}…”, the original: “…{original[start : at + 20]}…”"


def _text_location(source: Source, paragraph, at: int) -> Location:
    """Where, in the source file, character `at` of a paragraph's text is written: exact
    for a text on one line, plain or quoted with nothing escaped before it (as `dossier
    import` writes them); else the start of its text, or the paragraph."""
    from ..library.problems import ReadProblem
    from ..store.files import read_bytes
    from ..store.yamlnodes import Mapping, Scalar, Sequence, compose

    path = source.location.path
    try:
        text = read_bytes(path).decode("utf-8")
        root, _ = compose(text)
    except (ReadProblem, UnicodeDecodeError):
        return paragraph.location
    items = root.get("paragraphs") if isinstance(root, Mapping) else None
    found = None
    for item in items.items if isinstance(items, Sequence) else ():
        named = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(named, Scalar) and named.value == paragraph.id:
            found = item.get("text")
    if not isinstance(found, Scalar):
        return paragraph.location
    line = text.splitlines()[found.line - 1]
    start = found.column - 1
    quoted = 0 if found.plain else 1 if line[start : start + 1] in ("'", '"') else None
    if quoted is not None and line[start + quoted :].startswith(found.value[:at]):
        return Location(path, found.line, found.column + quoted + at)
    return Location(path, found.line, found.column)
