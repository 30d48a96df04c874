"""Knowing when a library's files have changed, and have stopped changing."""

from __future__ import annotations

import time
from collections.abc import Sequence

from .loader import library_stamp


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
