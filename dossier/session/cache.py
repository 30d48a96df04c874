"""A cache of checked libraries and their search index, so that opening a big library
again takes a second rather than a minute.

Where: the system's cache folder (see system.cache_folder), one file per set of paths
opened, the least recently used removed once they hold more than the config's
`cache_limit_mb`. What: a header saying what the library was built from, then the
pickled Library and SearchIndex.

It is never stale: its header says what it was built from (see store/freshness.py). Beside it,
the search file of the same library (search/searchfile.py), written with it, is what `dossier
search` reads.

It is never fatal: a cache that cannot be read, unpickled or written is ignored (and
rebuilt). Unpickling allows only the classes a library is made of, so a cache file
planted by someone else cannot run code.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..env.config import DEFAULT_CACHE_LIMIT_MB
from ..library.model import (
    Archive,
    Claim,
    Dossier,
    Evidence,
    Figure,
    Library,
    Link,
    Location,
    Paragraph,
    Paragraphs,
    Source,
    Term,
    Version,
)
from ..library.problems import Problem
from ..search import filebytes, searchfile
from ..search.glossary import Glossary
from ..search.index import ClaimSegment, SearchIndex
from ..search.parts import SearchPart
from ..search.wordindex import Facet, WordIndex, gc_paused
from ..store import freshness
from ..store.checking import ParsedFile
from ..store.files import folders_look, library_paths, library_stamp, stamp_digest, stamps_digest, unchanged
from ..store.freshness import cache_folder
from ..store.loader import load_library
from .firstscreen import FirstScreen, first_screen

FORMAT = 1  # of the cache file itself

# The classes a cached library is made of, and what pickle needs to rebuild them.
_ALLOWED = {
    ("array", "_array_reconstructor"),
    ("array", "array"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("collections", "Counter"),
    ("collections", "OrderedDict"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.numeric", "_frombuffer"),
} | {
    # Named from the classes themselves, so that a module moved is followed, never left stale.
    (found.__module__, found.__qualname__)
    for found in (
        Problem, ParsedFile, Glossary, SearchIndex, SearchPart, ClaimSegment, WordIndex, Facet, FirstScreen,
        Location, Paragraph, Paragraphs, Archive, Version, Source, Evidence, Figure, Link, Claim, Dossier, Term,
        Library,
    )
}  # fmt: skip


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} has no place in a library cache")
        return super().find_class(module, name)


@dataclass
class Loaded:
    library: Library
    index: SearchIndex
    from_cache: bool
    stamp: frozenset  # the files as they were before loading: see files.library_stamp


def _code_digest() -> str:
    """Of dossier's code, and of numpy, whose arrays are pickled."""
    return freshness.code_digest(f"{FORMAT} {np.__version__}")


def cache_file(paths: list[str]) -> Path:
    """The cache file for a library opened from `paths`."""
    return freshness.cached_file(paths, ".pickle")


def search_file(paths: list[str]) -> Path:
    """The search file for a library opened from `paths` (see search/searchfile.py)."""
    return freshness.cached_file(paths, ".search")


def load(
    paths: Iterable[str | os.PathLike] = (),
    *,
    progress: Callable[[int, int], None] | None = None,
    save: bool = True,
    earlier: Library | None = None,
    limit_mb: int = DEFAULT_CACHE_LIMIT_MB,
    previous: Loaded | None = None,
    touched: Collection[str] = (),
) -> Loaded:
    """The library under `paths` (the bundled one when none is given) and its index:
    from the cache when it is fresh, else loaded and checked, and, with `save`, the
    cache written for next time. Raises DossierError when a path does not exist.

    With `earlier`, files that have problems now are taken as they were in it when
    they loaded cleanly then (see loader.load_library), so a cached library with
    problems is not used.

    Only the files changed since `previous` (the library as last loaded; by default,
    what the cache holds, stale or not) are read again, and with `touched`, only those
    files are looked at (see loader.load_library)."""
    paths = library_paths(paths)
    # Given the library as last loaded (the app reloading), the files are read from it:
    # the cache on disk holds at best the same.
    if previous is None:
        cached = read(paths)
        if cached is not None and not (earlier and cached.library.problems):
            return cached
        previous = cached or read(paths, stale=True)
    with gc_paused():
        before = previous.library if previous else None
        library = load_library(paths, progress=progress, earlier=earlier, previous=before, touched=touched)
        index = SearchIndex(library, previous=previous.index if previous else None)
        # The look at the files the load itself took, before reading them.
        loaded = Loaded(library, index, from_cache=False, stamp=library.stamp)
    if save:
        write(paths, loaded, limit_mb)
    return loaded


def read(paths: list[str], stamp: frozenset | None = None, stale: bool = False) -> Loaded | None:
    """The cached library for `paths` when it is fresh (the files on disk as `stamp`
    says, looked at now when not given); None otherwise. With `stale`, whatever it holds,
    if this very code wrote it: what a load takes the files that did not change from (its
    stamp is then empty)."""
    opened = open_cached(paths, stamp, stale)
    return opened.rest() if opened is not None else None


class Opened:
    """A cache file found fresh and opened, its first screen read (`first`, for a large
    library: see firstscreen.py) and the rest to come: the app draws the first while the
    rest is read."""

    def __init__(self, target: Path, stream, first: FirstScreen | None, stamp: frozenset) -> None:
        self._target, self._stream, self.first, self._stamp = target, stream, first, stamp

    def rest(self) -> Loaded | None:
        """The library and its index (None if they cannot be read); the file is closed."""
        try:
            with self._stream as stream, gc_paused():
                library, index = _Unpickler(stream).load()
                identity = _identity(os.fstat(stream.fileno()))
                offset = stream.tell()
        except Exception:
            return None
        if not isinstance(library, Library) or not isinstance(index, SearchIndex):
            return None
        index.paragraph_loader = functools.partial(_read_paragraphs, self._target, offset, identity)
        return Loaded(library, index, from_cache=True, stamp=self._stamp)

    def close(self) -> None:
        self._stream.close()


def open_cached(
    paths: Iterable[str | os.PathLike], stamp: frozenset | None = None, stale: bool = False
) -> Opened | None:
    """The cache of the library at `paths` opened, when it is fresh (as `read` says),
    its first screen read; None otherwise."""
    paths = library_paths(paths)
    target = cache_file(paths)
    with contextlib.suppress(OSError):
        os.utime(target)  # used now: the last to go when the cache is over its limit
    try:
        stream = open(target, "rb")  # noqa: SIM115  (closed by Opened.rest or close)
    except OSError:
        return None
    try:
        with gc_paused():
            header = _Unpickler(stream).load()
            if stale:  # taken for the files that did not change: no look at them is needed
                stamp = frozenset()
            elif stamp is None:
                stamp = _stamp_if_unchanged(header) or library_stamp(paths)
            if not (_written_by_this_code(header, paths) if stale else _fresh(header, paths, stamp)):
                stream.close()
                return None
            first = _Unpickler(stream).load()
    except Exception:
        stream.close()
        return None
    return Opened(target, stream, first if isinstance(first, FirstScreen) else None, stamp)


def _stamp_if_unchanged(header: object) -> frozenset | None:
    """The stamp in a cache's header, when the look it keeps finds the files unchanged
    since (files.unchanged): a look at each file, and none at the folders' entries,
    where library_stamp lists them all (twice the time, at 27,000 files)."""
    look = header.get("look") if isinstance(header, dict) else None
    try:
        if look and unchanged(look["folders"], look["files"], look["digest"]):
            return header["files"]
    except (KeyError, TypeError):
        pass
    return None


def _identity(status: os.stat_result) -> tuple[int, int, int]:
    return status.st_ino, status.st_size, status.st_mtime_ns


def _read_paragraphs(target: Path, offset: int, identity: tuple[int, int, int]) -> SearchPart | None:
    """The paragraphs' index, kept last in the cache file: read when first needed, from
    the same file the library came from (None if it has been replaced since)."""
    try:
        with open(target, "rb") as stream:
            if _identity(os.fstat(stream.fileno())) != identity:
                return None
            stream.seek(offset)
            part = _Unpickler(stream).load()
    except Exception:
        return None
    return part if isinstance(part, SearchPart) else None


def _written_by_this_code(header: object, paths: list[str]) -> bool:
    return freshness.written_by(header, _code_digest(), paths)


def _fresh(header: object, paths: list[str], stamp: frozenset) -> bool:
    return freshness.holds(header, _code_digest(), paths, stamp)


ABANDONED_SECONDS = 3600


def _remove_abandoned(folder: Path) -> None:
    """Temporary files of writes that never finished (the process was killed, or its
    terminal closed) and that no write still running could own."""
    limit = time.time() - ABANDONED_SECONDS
    for temporary in folder.glob(".library-*.tmp"):
        with contextlib.suppress(OSError):
            if temporary.stat().st_mtime < limit:
                temporary.unlink()


def write(
    paths: list[str], loaded: Loaded, limit_mb: int = DEFAULT_CACHE_LIMIT_MB, read_paragraphs: bool = True
) -> bool:
    """Save `loaded` for the next start, then remove the least recently used files over
    `limit_mb` (0 keeps no cache); False (and no file left behind) when it cannot be saved.
    Not `read_paragraphs`: the paragraphs' index is saved only if it is at hand."""
    paths = library_paths(paths)
    stamp = loaded.stamp
    if limit_mb <= 0:
        return False
    if loaded.library.kept:  # files as they were before, not as they are on disk
        return False
    look = _look(paths, loaded)  # before the look below: what it saw held then
    if stamp != library_stamp(paths):  # changed since loaded: this would be stale at once
        return False
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(folder)
        handle, temporary = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            header = _header(paths, stamp, os.fstat(stream.fileno()).st_mtime_ns)
            # The search file first: a fifth of the size, and what the next search reads.
            # Its digest is of `stamp`: a file changed meanwhile makes it stale at once.
            _write_search_file(paths, _search_file_bytes(loaded, header, look))
            header["look"] = look
            pickle.dump(header, stream, protocol=pickle.HIGHEST_PROTOCOL)
            with gc_paused():
                shown = first_screen(loaded.library)
                pickle.dump(shown, stream, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump((loaded.library, loaded.index), stream, protocol=pickle.HIGHEST_PROTOCOL)
                index = loaded.index
                reading = read_paragraphs and index.paragraph_loader
                paragraphs = index.paragraph_part() if reading else index.paragraphs_indexed
                pickle.dump(paragraphs, stream, protocol=pickle.HIGHEST_PROTOCOL)
        # A file changed while the cache was written makes it stale.
        if library_stamp(paths) != stamp:
            raise OSError("changed while the cache was written")
        os.replace(temporary, cache_file(paths))
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        with contextlib.suppress(OSError):  # a write that fails leaves nothing (the disk may be full)
            search_file(paths).unlink()
        return False
    prune(limit_mb * 2**20, keep=cache_file(paths))
    return True


def write_after(paths: list[str], loaded: Loaded, limit_mb: int = DEFAULT_CACHE_LIMIT_MB) -> None:
    """`write`, for a command that has printed what it was asked for: for a large library,
    in a child process that it does not wait for (where this process runs nothing else),
    so that a search after an edit returns as soon as it has printed, not once hundreds
    of megabytes are written."""
    if loaded.index.few_paragraphs or threading.active_count() > 1:
        write(paths, loaded, limit_mb)
    else:
        write_in_child(paths, loaded, limit_mb)


def write_in_child(paths: list[str], loaded: Loaded, limit_mb: int = DEFAULT_CACHE_LIMIT_MB) -> int | None:
    """`write`, in a child process forked from this one, where the system can fork:
    pickling a large library holds the interpreter for seconds (8 at 100,000 claims),
    and the child holds its own. The child's process id, for the caller to reap (it
    goes on alone should the caller end first); None when it was written here, or not
    at all because another child is writing it.

    The child runs only the pickling and the file's writing: none of the code of the
    threads this process may run, and takes none of their locks (the paragraphs' index
    is read from the old cache only where this process runs no other thread)."""
    paths = library_paths(paths)
    if not hasattr(os, "fork"):
        write(paths, loaded, limit_mb)
        return None
    lock = _writing(paths)
    if lock is None:  # another child is writing it: the next write writes what is new since
        return None
    alone = threading.active_count() == 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12's, of a fork beside threads
            child = os.fork()
    except OSError:  # no process to spare: written here, then
        try:
            write(paths, loaded, limit_mb)
        finally:
            with contextlib.suppress(OSError):
                lock.unlink()
        return None
    if child:
        return child
    try:  # the child: on its own, its output nowhere (a reader of the command's pipe sees it end)
        # Should it wait on a lock another thread held as this process forked, it ends.
        signal.alarm(ABANDONED_SECONDS)
        with contextlib.suppress(OSError):
            lock.write_text(str(os.getpid()))  # the writer is this process now
            os.setsid()
            nowhere = os.open(os.devnull, os.O_RDWR)
            for descriptor in (0, 1, 2):
                os.dup2(nowhere, descriptor)
        write(paths, loaded, limit_mb, read_paragraphs=alone)
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()
        os._exit(0)


def _writing(paths: list[str]) -> Path | None:
    """A mark that a child process is writing the cache of `paths` (its process id in
    it), made now; None when another, still running, has one."""
    lock = cache_file(paths).with_suffix(".writing")
    with contextlib.suppress(OSError):
        lock.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            if _still_writing(lock):
                return None
            with contextlib.suppress(OSError):
                lock.unlink()
            continue
        except OSError:
            return None
        with os.fdopen(descriptor, "w") as stream:
            stream.write(str(os.getpid()))
        return lock
    return None


def _still_writing(lock: Path) -> bool:
    """Whether the process named in `lock` runs, and the mark is less than an hour old."""
    try:
        if lock.stat().st_mtime < time.time() - ABANDONED_SECONDS:
            return False
        os.kill(int(lock.read_text() or "0"), 0)
    except (OSError, ValueError):
        return False
    return True


def _header(paths: list[str], stamp: frozenset, now_ns: int) -> dict:
    """What a cached library of `paths` is built from, the files as `stamp` says: files
    changed this close to `now_ns` may change again unseen by their times, and their
    content is digested too."""
    return {"code": _code_digest(), "paths": paths, "files": stamp, "digests": freshness.racy_digests(stamp, now_ns)}


def _look(paths: list[str], loaded: Loaded) -> dict | None:
    """How a search sees that the files are as `loaded` found them without listing the
    folders (see filebytes.file_bytes), taken before a look that finds them so."""
    folders = folders_look(paths, time.time_ns(), freshness.RACY_SECONDS * 1_000_000_000)
    if folders is None:
        return None
    by_path = {entry[0]: entry for entry in loaded.stamp}
    files = loaded.library.files
    return {"folders": folders, "files": files, "digest": stamps_digest(by_path[path][1:] for path in files)}


def _search_file_bytes(loaded: Loaded, header: dict, look: dict | None) -> bytes | None:
    """The search file of what is being cached, its header as the cache's (see write),
    with `look` (see _look): taken before the look that found the files as loaded."""
    described = {key: value for key, value in header.items() if key != "files"}
    stamp = stamp_digest(header["paths"], loaded.library.files, header["files"])
    described |= {"code": searchfile.code(), "stamp": stamp}
    try:
        return filebytes.file_bytes(loaded.library, loaded.index, described, look)
    except ValueError:  # a word the file cannot hold (a line break): searches read the cache
        return None


def keep_search_file(paths: list[str], loaded: Loaded) -> None:
    """Write the search file of `loaded` (read fresh from the cache) unless the one there
    holds the library as it is (it may be damaged, or older than the cache: its write failed)."""
    paths = library_paths(paths)
    found = searchfile.open_fresh(paths)
    if found is not None:
        found[1].close()
        return
    look = _look(paths, loaded)
    data = _search_file_bytes(loaded, _header(paths, loaded.stamp, time.time_ns()), look)
    if library_stamp(paths) == loaded.stamp:  # not changed while it was being written
        _write_search_file(paths, data)


def _write_search_file(paths: list[str], data: bytes | None) -> None:
    """Replace the library's search file with `data` (or remove it: it is stale)."""
    target = search_file(paths)
    with contextlib.suppress(OSError):
        if data is None:
            target.unlink(missing_ok=True)
            return
        handle, temporary = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except OSError:
            os.unlink(temporary)
            raise


@dataclass(frozen=True)
class Entry:
    path: Path
    size: int
    used: float  # when last read or written, as a time stamp


def entries() -> list[Entry]:
    """The cached libraries, the most recently used first."""
    found = []
    for path in cache_folder().glob("library-*.pickle"):
        with contextlib.suppress(OSError):
            status = path.stat()
            size = status.st_size
            with contextlib.suppress(OSError):
                size += path.with_suffix(".search").stat().st_size  # its search file, written with it
            found.append(Entry(path, size, status.st_mtime))
    return sorted(found, key=lambda entry: entry.used, reverse=True)


def prune(limit_bytes: int, keep: Path | None = None) -> list[Entry]:
    """Remove the least recently used cached libraries until the rest fit in
    `limit_bytes` (`keep`, the one just written, stays whatever its size); the removed."""
    removed, total = [], 0
    for entry in entries():
        total += entry.size
        if total > limit_bytes and entry.path != keep:
            with contextlib.suppress(OSError):
                entry.path.unlink()
                removed.append(entry)
                total -= entry.size
            with contextlib.suppress(OSError):
                entry.path.with_suffix(".search").unlink()
    return removed


def clear() -> list[Entry]:
    """Remove every cached library, and the temporary files of writes under way."""
    removed = prune(-1)
    folder = cache_folder()
    for leftover in [
        *folder.glob(".library-*.tmp"),
        *folder.glob("library-*.search"),
        *folder.glob("library-*.writing"),
    ]:
        with contextlib.suppress(OSError):
            leftover.unlink()
    return removed
