"""`dossier import`: documents made into source files, one by one or a folder at a time,
each written whole (its archived original first, then its file) or not at all."""

from __future__ import annotations

import os
import re
import shlex
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..library.format import ID_PATTERN, MAX_FILE_BYTES
from ..library.model import Library
from ..library.problems import DossierError
from . import archive
from .original import read_original

# A saved page's suffixes, whose "NAME_files" folder beside it holds its parts.
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


@dataclass(frozen=True)
class Given:
    """What the command line says of a source, over what its document says."""

    id: str | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Imported:
    """A source made: where it was written (None: printed), its id, how many paragraphs,
    and its archived original (None: not archived)."""

    path: str | None
    source_id: str
    paragraphs: int
    archived: str | None
    document: str
    caution: str | None = None  # what the reader should know of what came in (see kinds.Fields)


class Inputs(NamedTuple):
    """The files to import, and the folders left out as saved pages' parts."""

    files: list[str]
    parts: list[str]


def inputs(names: list[str]) -> Inputs:
    """The files named: each folder's files (recursively, hidden ones left out, in order),
    `-` for standard input as it is. A folder a browser saved beside a page ("Article.html"
    and "Article_files/", "Webpage, Complete") holds its style sheets, scripts and pictures,
    no document: it is left out (its style sheet would come in as a source of text)."""
    found, parts = [], []
    for name in names:
        if name != "-" and os.path.isdir(name):
            for folder, folders, files in os.walk(name):
                pages = {stem for stem, suffix in map(os.path.splitext, files) if suffix.lower() in _PAGE_SUFFIXES}
                left_out = {entry for entry in folders if entry.endswith("_files") and entry[: -len("_files")] in pages}
                parts += [os.path.join(folder, entry) for entry in sorted(left_out)]
                folders[:] = sorted(entry for entry in folders if not entry.startswith(".") and entry not in left_out)
                found += [os.path.join(folder, entry) for entry in sorted(files) if not entry.startswith(".")]
        else:
            found.append(name)
    return Inputs(found, parts)


def read_input(name: str, stdin) -> bytes:
    """The bytes of a file (or of standard input, for `-`), at most the format's limit."""
    from ..library.problems import ReadProblem
    from ..store.files import read_bytes

    if name == "-":
        data = stdin.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise DossierError(f"standard input: over the limit of {MAX_FILE_BYTES // 2**20} MiB")
        return data
    if os.path.isdir(name):
        every = f"`dossier import {shlex.quote(name)} -o FOLDER` imports every file in it"
        raise DossierError(f"{name}: is a folder: name one of its files ({every})")
    if not os.path.lexists(name):
        if re.match(r"https?://", name, re.IGNORECASE):
            fetch = f"curl -L -o page.html {shlex.quote(name)}"
            raise DossierError(
                f"{name}: an address, not a file: dossier imports what is saved here (save the page from "
                f"your browser, or `{fetch}`), then import that file"
            )
        raise DossierError(f"{name}: no such file")
    try:
        return read_bytes(name)
    except ReadProblem as problem:
        raise DossierError(f"{name}: {problem.message}") from None


def sources_by_address(library: Library) -> dict[str, str]:
    """The library's sources by their address: a page at one of them is a new version of
    that source, not another source (see SameAddress)."""
    return {source.url: source.id for source in library.sources.values() if source.url}


class SameAddress(DossierError):
    """A document whose address is that of a source the library has: a new version of it,
    never silently a second source."""

    def __init__(self, name: str, url: str, source_id: str) -> None:
        self.source_id = source_id
        super().__init__(
            f"{name}: its address {url} is that of source {source_id}: 'dossier import FILE --update "
            f"{source_id}' records it as a new version of that source (or give --id to make another source)"
        )


def import_one(
    data: bytes,
    name: str,
    given: Given,
    output: str | None,
    force: bool,
    taken: set[str],
    now: str | None = None,
    addresses: dict[str, str] | None = None,
) -> Imported:
    """A source made from one document's bytes, written to `output` (a file, or a folder
    for ID.yaml; None: nothing written, the document returned), its original archived
    beside it. `taken`: ids already given in this run (the new one is added).
    `addresses`: the library's sources by their address; a document at one of them is
    refused (SameAddress) unless an id is given."""
    from ..write.yamltext import source_document

    found = read_original(data, name)
    url = given.url or found.url
    if url and addresses and url in addresses and given.id is None:
        raise SameAddress(name, url, addresses[url])
    title = given.title or found.title or _title_from_name(name)
    folder = output if output is not None and _is_folder(output) else None
    source_id = given.id or _free_id(title, name, taken, folder)
    if not ID_PATTERN.match(source_id):
        raise DossierError(f"--id must be an id: lowercase letters, digits and hyphens, not {source_id!r}")
    path = os.path.join(folder, f"{source_id}.yaml") if folder is not None else output
    if path is not None and not force and os.path.lexists(path):
        raise DossierError(f"{path}: already exists (use --force to replace it)")
    kept, archive_path = archive.planned(data, path, source_id, found.suffix) if path else (None, None)
    stamp = now or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    document = source_document(
        found.paragraphs,
        source_id=source_id,
        title=title,
        publisher=given.publisher or found.publisher,
        url=url,
        published=given.published or found.published,
        authors=found.authors,
        language=found.language,
        archive=kept.fields(found.kind, stamp, found.extracted_by) if kept else None,
        name=name,
    )
    taken.add(source_id)
    if path is None:
        return Imported(None, source_id, len(found.paragraphs), None, document, found.caution)
    from ..write.writing import write_atomically

    new_archive = archive.keep(data, archive_path)
    try:
        write_atomically(path, document, replace=force)
    except DossierError:
        if new_archive:  # nothing half-done: the archive goes with the file that would have named it
            os.remove(archive_path)
        raise
    return Imported(path, source_id, len(found.paragraphs), archive_path, document, found.caution)


def _is_folder(output: str) -> bool:
    return os.path.isdir(output) or output.endswith(("/", os.sep))


def _free_id(title: str, name: str, taken: set[str], folder: str | None) -> str:
    """An id made from the title's words, lowercase ASCII (else, for a title written mostly
    in letters with no ASCII form, Chinese, Japanese or Korean, from the file's name: a
    Korean title's "코로나-19 …" is no "19"), unique: not one given in this run, nor one
    whose file is in the folder (`-2`, `-3`…)."""
    from_title = _id_words(title) if _mostly_ascii(title) else ""
    stem = from_title or (name != "-" and _id_words(_title_from_name(name))) or "source"
    found, number = stem, 1
    while found in taken or (folder is not None and os.path.lexists(os.path.join(folder, f"{found}.yaml"))):
        number += 1
        found = f"{stem}-{number}"
    return found


def _id_words(text: str) -> str:
    """The text's first few words, lowercase ASCII, hyphens between them."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded)[:6])[:60].strip("-")


def _mostly_ascii(text: str) -> bool:
    """Whether at least half the text's letters have an ASCII form ("é" is "e")."""
    found = [char for char in text if char.isalpha()]
    folded = unicodedata.normalize("NFKD", "".join(found)).encode("ascii", "ignore")
    return len(folded) * 2 >= len(found)


def _title_from_name(name: str) -> str:
    stem = os.path.basename(name).split(".")[0] if name != "-" else ""
    return re.sub(r"[-_]+", " ", stem).strip() or "Untitled"


def timed(items: list[str], report: Callable[[int, str, float | None], None]) -> Iterator[str]:
    """`items` one by one, `report(done, item, seconds left)` called before each (the time
    left from the pace so far)."""
    started = time.monotonic()
    for done, item in enumerate(items):
        elapsed = time.monotonic() - started
        left = elapsed / done * (len(items) - done) if done else None
        report(done, item, left)
        yield item


def sources_folder(library, paths: list[str]) -> str:
    """Where a source imported into `library` goes: beside most of its sources, else a
    `sources` folder of the library's, else its first folder; always inside a folder the
    library reads, so that the new source is read with it. DossierError where the library
    reads no folder (the bundled demo, files named one by one)."""
    from collections import Counter

    from ..store.files import library_paths

    roots = [os.path.realpath(root) for root in library_paths(paths) if os.path.isdir(root)]

    def read_with_library(folder: str) -> bool:
        real = os.path.realpath(folder)
        return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)

    folders = Counter(os.path.dirname(source.location.path) or "." for source in library.sources.values())
    for folder, _ in folders.most_common():
        if read_with_library(folder):
            return folder
    for root in library_paths(paths):
        if os.path.isdir(root):
            inside = os.path.join(root, "sources")
            return inside if os.path.isdir(inside) else root
    raise DossierError(
        "the library reads no folder to put a source in (it was named file by file): "
        "import with 'dossier import FILE --output FOLDER', then open that folder too"
    )


def dropped_path(text: str) -> str | None:
    """A file's path as a terminal pastes a file dropped on it (quoted, its spaces escaped,
    or as a file:// address), if it names a file there; else None."""
    from urllib.parse import unquote, urlparse

    text = text.strip()
    if not text or "\n" in text:
        return None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text.startswith("file://"):
        text = unquote(urlparse(text).path)
    text = re.sub(r"\\(.)", r"\1", text)  # a shell's escaped spaces and quotes
    path = os.path.expanduser(text)
    return path if os.path.isfile(path) else None


def typed_path(text: str) -> str:
    """A path as typed, or pasted, into the import dialog: as it is where it names a file or
    folder; else with `~` for the home folder, and a pasted path's quotes, escaped spaces or
    file:// taken off, as a file dropped on the terminal is read."""
    text = text.strip()
    if os.path.lexists(text):
        return text
    return dropped_path(text) or os.path.expanduser(text)


def completed(typed: str) -> str | None:
    """`typed` completed as a shell completes a path: the one file or folder of its folder
    that begins as its last part does (a folder with a slash after it); None for none or
    several."""
    folder, _, start = typed.rpartition(os.sep)
    where = os.path.expanduser(folder or ".") if folder or not typed.startswith(os.sep) else os.sep
    try:
        names = [name for name in os.listdir(where) if name.startswith(start) and not name.startswith(".")]
    except OSError:
        return None
    if len(names) != 1 or names[0] == start:
        return None
    name = names[0] + (os.sep if os.path.isdir(os.path.join(where, names[0])) else "")
    return f"{folder}{os.sep}{name}" if folder or typed.startswith(os.sep) else name
