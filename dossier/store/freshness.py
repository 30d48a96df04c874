"""What a cached file was built from, and whether it still holds: shared by the cache of
whole libraries (session/cache.py) and the search file (search/searchfile.py), and light to import, so
that `dossier search` checks a search file without loading the rest.

A header names every file of the library with its size, modification and change times
and inode, and the digest of dossier's own code (so a new version, or a change to the
format, rebuilds). A file changed within a few seconds of the header being written could
change again within the same clock tick, leaving its times alone: for those files the
header keeps a digest of the content, compared at every check.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from ..env import system
from .files import open_file

# Files modified this close to the moment a cached file is written are checked by content.
RACY_SECONDS = 3


def cache_folder() -> Path:
    return system.cache_folder()


def cached_file(paths: list[str], suffix: str) -> Path:
    """The cached file of a library opened from `paths` (`suffix`: which kind)."""
    key = b"\0".join(os.fsencode(os.path.abspath(path)) for path in paths)  # any name the system allows
    return cache_folder() / f"library-{hashlib.sha256(key).hexdigest()[:32]}{suffix}"


@functools.cache  # of the code this process runs: read once
def code_digest(extra: str = "") -> str:
    """A digest of dossier's own modules, in every package (and `extra`: what else the
    file depends on)."""
    digest = hashlib.sha256(f"{sys.version} {extra}".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def file_digest(path: str) -> str | None:
    try:
        with open_file(path) as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


def racy_digests(stamp: frozenset, now_ns: int) -> dict[str, str | None]:
    """The digests of the files of `stamp` changed within RACY_SECONDS of `now_ns`."""
    recent = now_ns - RACY_SECONDS * 1_000_000_000
    # (path, size, modified, changed, inode); a size of -1 is a path that has gone
    return {entry[0]: file_digest(entry[0]) for entry in stamp if entry[1] >= 0 and max(entry[2], entry[3]) >= recent}


def holds(header: object, code: str, paths: list[str], stamp: frozenset | str) -> bool:
    """Whether a cached file with `header` holds the library under `paths` as `stamp`
    finds it (or as `files.files_digest` does, when it is a str), written by the code of
    digest `code`."""
    if not written_by(header, code, paths):
        return False
    if header.get("stamp" if isinstance(stamp, str) else "files") != stamp:
        return False
    digests = header.get("digests", {})
    return all(file_digest(path) == digest for path, digest in digests.items())


def written_by(header: object, code: str, paths: list[str]) -> bool:
    return isinstance(header, dict) and header.get("code") == code and header.get("paths") == paths
