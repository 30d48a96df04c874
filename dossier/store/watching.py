"""Knowing when a library's files have changed, and have stopped changing."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence

from ..library.format import YAML_SUFFIXES
from ..library.problems import DossierError
from .files import library_stamp, walk


class FileWatch:
    """Looks at a library's files now and then, for the app to load them again.

    A change counts once the files look the same at two looks in a row, so that a file
    an editor (or a script writing many) is still writing is not read half-way. Looking
    at tens of thousands of files takes a while: looks are spaced so that watching
    costs at most a twentieth of the time.
    """

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = list(paths)
        self.stamp: frozenset = frozenset()  # the files as last loaded
        self._seen: frozenset | None = None  # a changed stamp, at the last look
        self.next_look = 0.0  # time.monotonic()

    def loaded(self, stamp: frozenset) -> None:
        self.stamp, self._seen = stamp, None

    def differs(self) -> bool:
        """Whether the files differ from how they were loaded, at one look now."""
        return library_stamp(self.paths) != self.stamp

    def changed(self) -> bool:
        """Whether the files have changed since loaded, and not since the last look."""
        started = time.monotonic()
        if started < self.next_look:
            return False
        stamp = library_stamp(self.paths)
        self.next_look = started + 20 * (time.monotonic() - started)
        settled = stamp != self.stamp and stamp == self._seen
        self._seen = None if stamp == self.stamp else stamp
        return settled


class Notifier:
    """Told by the operating system when a file under `paths` changes (inotify, FSEvents
    or ReadDirectoryChangesW, through watchfiles), so that an edit in a library of tens
    of thousands of files shows at once, where FileWatch's looks come seconds apart.
    FileWatch still looks: where notices do not come (some network file systems), it
    finds the change."""

    def __init__(self, paths: Sequence[str], changed: Callable[[list[str]], None]) -> None:
        self.paths = [path for path in paths if os.path.exists(path)]
        self.changed = changed
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start listening; False where watchfiles cannot (no notices on this system)."""
        try:
            import watchfiles  # noqa: F401  (imported here: only the app listens)
        except ImportError:
            return False
        if not self.paths:
            return False
        self._thread = threading.Thread(target=self._listen, daemon=True, name="dossier-notifier")
        self._thread.start()
        return True

    def _listen(self) -> None:
        import watchfiles

        try:
            for changes in watchfiles.watch(
                *self.paths, stop_event=self._stop, step=50, debounce=400, raise_interrupt=False
            ):
                touched = sorted({path for _, path in changes if _may_be_read(path)})
                if touched and not self._stop.is_set():
                    self.changed(touched)
        except Exception:  # a watcher that fails leaves FileWatch's looks to find changes
            return

    def stop(self) -> None:
        self._stop.set()


def _may_be_read(path: str) -> bool:
    """Whether a change at `path` can change the library: a YAML file, or a folder that
    holds one (moved in). Not a hidden file (a writer's temporary one, an editor's), nor
    a file with no name yet (O_TMPFILE's, which the system calls `#INODE`), nor another;
    nor a folder of other files (the first import's `originals/`, made for its archive)."""
    name = os.path.basename(path)
    if name.startswith((".", "#")):
        return False
    return path.endswith(YAML_SUFFIXES) or (os.path.isdir(path) and _holds_yaml(path))


def _holds_yaml(folder: str) -> bool:
    """Whether the library would read a file under `folder`: the loader's own walk, stopped
    at the first it finds."""
    try:
        return next(walk([folder], []), None) is not None
    except DossierError:  # gone since the notice
        return False
