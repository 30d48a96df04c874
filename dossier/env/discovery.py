"""Which library a command opens when it is given no PATH, and `dossier init`.

In order: the nearest folder upward holding a `dossier.toml` marker (as git finds
`.git`); else the working folder, when it or a folder in it holds files of the format;
else the `library` of the reader's config; else the bundled demo library."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..library.format import YAML_SUFFIXES
from ..library.problems import DossierError

MARKER = "dossier.toml"
# What makes a YAML file one of the format's: a top-level key of a source, dossier or glossary.
_FORMAT_KEY = re.compile(rb"^(?:paragraphs|claims|terms)\s*:", re.MULTILINE)
_LOOKED_AT = 500  # files read at most, looking for one of the format
_HEAD_BYTES = 65536

GIVEN, MARKED, FOLDER, CONFIGURED, DEMO = "given", "marker", "folder", "config", "demo"


@dataclass(frozen=True)
class Found:
    paths: list[str]  # what to load; empty for the bundled demo
    how: str  # GIVEN, MARKED, FOLDER, CONFIGURED or DEMO
    where: str = ""  # the marker file, the folder or the config file it came from

    @property
    def demo(self) -> bool:
        return self.how == DEMO

    def describe(self) -> str:
        """For the reader: why this library."""
        return {
            GIVEN: "the paths given",
            MARKED: f"the library marked by {self.where}",
            FOLDER: f"the dossier files in {self.where}",
            CONFIGURED: f"the library set in {self.where}",
            DEMO: "the bundled demo library",
        }[self.how]


DEMO_NOTE = (
    "no library here (no dossier.toml in this folder or above it, no dossier files in it): "
    "this is the bundled demo; 'dossier init DIR' starts your own"
)
DEMO_READ_ONLY = (
    "the demo library is part of the installed program, not yours to edit: "
    "'dossier init --demo DIR' makes a copy to edit"
)


def find_library(given: Sequence[str], configured: Sequence[str] = (), config: str = "") -> Found:
    """The library to open: the paths given, else the one found from the working folder
    (see above), else the `configured` paths (from the `config` file).
    Raises DossierError for a marker that cannot be read or names a path that is not there."""
    if given:
        return Found(list(given), GIVEN)
    cwd = os.getcwd()
    marker = find_marker(cwd)
    if marker is not None:
        return Found(marker_paths(marker), MARKED, os.path.relpath(marker))
    if holds_format_files(cwd):
        return Found([os.curdir], FOLDER, os.curdir)
    if configured:
        return Found(list(configured), CONFIGURED, config)
    return Found([], DEMO)


def find_marker(start: str) -> str | None:
    folder = Path(start)
    for candidate in (folder, *folder.parents):
        marker = candidate / MARKER
        if marker.is_file():
            return os.fspath(marker)
    return None


def marker_paths(marker: str) -> list[str]:
    """What the marker says to load (`paths = [...]`, relative to its folder; default the
    folder itself), relative to `cwd` so that problems name files as the reader sees them."""
    import tomllib  # only a library with a marker pays for it

    try:
        with open(marker, "rb") as stream:
            settings = tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise DossierError(f"{marker}: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DossierError(f"{marker}: cannot read it: {error}") from None
    folder = os.path.dirname(os.path.abspath(marker))
    paths = settings.get("paths", ["."])
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list) or not all(isinstance(path, str) and path for path in paths):
        raise DossierError(f'{marker}: paths must be a list of folders or files, as paths = ["sources", "dossiers"]')
    found = []
    for path in paths:
        full = os.path.normpath(os.path.join(folder, os.path.expanduser(path)))
        if not os.path.lexists(full):
            raise DossierError(f"{marker}: paths: {path}: no such file or folder")
        found.append(os.path.relpath(full))
    return found


def holds_format_files(folder: str) -> bool:
    """Whether `folder`, or a folder right inside it, holds a YAML file of the format
    (a bounded look: a home folder is not walked)."""
    return any(_of_the_format(path) for path in itertools.islice(_yaml_files_near(folder), _LOOKED_AT))


def _yaml_files_near(folder: str) -> Iterator[str]:
    """The YAML files of `folder`, then those of each folder right inside it, by name."""
    inner = []
    for path in _listed(folder):
        if os.path.isdir(path):
            inner.append(path)
        elif path.endswith(YAML_SUFFIXES):
            yield path
    for path in inner:
        yield from (file for file in _listed(path) if file.endswith(YAML_SUFFIXES))


def _listed(folder: str) -> list[str]:
    """The paths in `folder` but hidden ones, by name; none when it cannot be read."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, name) for name in names if not name.startswith(".")]


def _of_the_format(path: str) -> bool:
    try:
        with open(path, "rb") as stream:
            return _FORMAT_KEY.search(stream.read(_HEAD_BYTES)) is not None
    except OSError:
        return False


# --- dossier init ----------------------------------------------------------------------

MARKER_TEXT = """\
# This folder is a dossier library: 'dossier' run here, or in any folder below,
# opens it. What to load, relative to this file (the default is the whole folder):
# paths = ["sources", "dossiers"]
"""

EXAMPLE_SOURCE = """\
# A source: the text of an article, word for word, one paragraph per item.
# 'dossier import ARTICLE.txt --id ID --title TITLE -o sources/' makes one from plain text.
id: example-source
title: An example source
publisher: Replace with the publisher
# url: https://example.org/article
# published: 2024-12-27
paragraphs:
  - id: p1
    text: Replace this paragraph with the first paragraph of your source, word for word.
  - id: p2
    text: Each paragraph gets an id, so that a claim can cite it and a reader can jump to it.
"""

EXAMPLE_DOSSIER = """\
# A dossier: claims on one topic, each resting on the exact words of a source paragraph.
# 'dossier validate' checks every quote against its paragraph.
id: example
title: An example dossier
summary: What this dossier follows, in a sentence or two.
claims:
  - id: example-claim
    text: A claim, in your words, of what the source says.
    # speaker: who said it, when the source attributes it to someone
    # status: reported (or confirmed, disputed, denied, superseded)
    evidence:
      - at: example-source#p1
        quote: word for word
"""


def starter_files(demo: bool, bundled: Path) -> dict[str, bytes]:
    """The files `dossier init` writes, by path relative to the library's folder."""
    files = {MARKER: MARKER_TEXT.encode()}
    if not demo:
        files["sources/example-source.yaml"] = EXAMPLE_SOURCE.encode()
        files["dossiers/example.yaml"] = EXAMPLE_DOSSIER.encode()
        return files
    for path in sorted(bundled.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            files[path.relative_to(bundled).as_posix()] = path.read_bytes()
    return files
