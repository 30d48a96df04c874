"""The library as the app keeps it: loaded (from the cache at once where it can, its first
screen shown while the rest is read), read again when its files change (the system's
notices, a look now and then, the app's own writes), written to and undone, and kept in
the cache once the files are quiet.

It knows nothing of a screen. The app drives it from its threads: each method says which
thread may call it, and a long one is given `cancelled`, to stop when a newer call makes
it moot. What it finds (a library read, a file that changed) it returns, for the app to
show."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..library.model import Library
from ..search.index import SearchIndex
from ..store.files import library_paths, library_stamp
from ..store.loader import library_written, stamp_now
from ..store.watching import FileWatch, Notifier
from ..write.authoring import Change, undo, write
from ..write.writing import ChangedOnDisk
from . import cache
from .firstscreen import FirstScreen

# After a reload, how long the files must stay as they are before the cache is written.
# Writing it takes a core for seconds at 100,000 claims (8 s), and slows the app's own
# memory meanwhile (its pages are copied as it writes them): it waits until the reader
# has stopped changing files, or for the app to close (see close).
RELOAD_SAVE_SECONDS = 60.0

Cancelled = Callable[[], bool]


class Written(NamedTuple):
    """A library as the check of a write assembled it, with the index of the library
    before and the file written, for the index to follow that file's claims alone."""

    library: Library
    index: SearchIndex
    path: str

    def loaded(self) -> cache.Loaded:
        library = self.library
        return cache.Loaded(library, SearchIndex(library, self.index, self.path), False, library.stamp)


class LiveLibrary:
    """The library at `paths`, kept current. `library` and `index` are the last load's;
    `first`, while only a large library's first screen is read, what that screen shows."""

    def __init__(self, paths: Sequence[str], preloaded: cache.Loaded | None = None, cache_limit_mb: int = 0) -> None:
        """`preloaded`: the library already loaded (by `dossier open`, which checked the id)."""
        self.paths = list(paths)
        self.cache_limit_mb = cache_limit_mb
        self.library = Library()
        self.index = SearchIndex(self.library)
        self.loaded = False
        self.first: FirstScreen | None = None
        self.watch = FileWatch(self.paths)
        self.writes: list[Change] = []  # what this session wrote, the last first to undo
        self.reloads = 0  # loads since the first
        self.reload_seconds = 0.0  # how long the last load took
        self._preloaded = preloaded
        # The cache, when fresh, opened before the app's first paint: for a large library,
        # what its first screen shows (see first_screen).
        self._opened = cache.open_cached(self.paths) if preloaded is None else None
        self._notifier: Notifier | None = None
        self._touched: set[str] = set()  # what the notifier said changed, for the next load
        self._touched_lock = threading.Lock()
        self._written: dict[str, tuple | None] = {}  # path -> its stamp once written here (None: removed)
        self._written_library: Written | None = None  # as the check of the last write assembled it
        self._cache_writer: int | None = None  # the child process writing the cache (see save)
        self._unsaved: cache.Loaded | None = None  # the library as last loaded, until it is in the cache

    # --- loading ---------------------------------------------------------------------

    def first_screen(self) -> FirstScreen | None:
        """From the app's thread, before the first load: what the cache holds of a large
        library's first screen, to show while the rest is read."""
        if self._opened is None or self._opened.first is None:
            return None
        self.first, self.library = self._opened.first, self._opened.first.library
        return self.first

    def listen(self, heard: Callable[[], None]) -> None:
        """Listen for the system's notices of changed files; `heard` is called (from the
        notifier's thread) when a change needs a load, once the library is loaded."""

        def notified(paths: list[str]) -> None:
            # A file as this just wrote it is being read again already.
            paths = [path for path in paths if self._written.get(os.path.realpath(path), ()) != stamp_now(path)]
            if not paths:
                return
            with self._touched_lock:
                self._touched.update(paths)
            if self.loaded:
                heard()

        self._notifier = Notifier(library_paths(self.paths), notified)
        self._notifier.start()

    def read(self, told: bool, progress: Callable[[int, int], None] | None = None) -> cache.Loaded:
        """From a thread: the library read (again). Only the files changed since are read,
        the rest taken as last read; `told`, the system said which files changed, and only
        those are looked at. Raises DossierError (a folder named has gone)."""
        earlier = self.library if self.loaded else None
        previous = cache.Loaded(self.library, self.index, False, frozenset()) if self.loaded else None
        # Kept until a load that saw them is done: a load begun meanwhile looks at them too.
        with self._touched_lock:
            touched = set(self._touched)
        loaded, self._preloaded = self._preloaded, None
        written, self._written_library = self._written_library, None
        if written is not None and not (told and touched <= set(written.library.reread)):
            written = None  # other files changed too: they are looked at
        opened, self._opened = self._opened, None
        started = time.perf_counter()
        loaded = (
            loaded
            or (opened.rest() if opened is not None else None)
            or (written.loaded() if written else None)
            or cache.load(
                self.paths,
                progress=progress,
                save=False,
                earlier=earlier,
                previous=previous,
                touched=touched if told else (),
            )
        )
        with self._touched_lock:
            self._touched -= touched
        self.reload_seconds = time.perf_counter() - started
        if not loaded.from_cache:
            self._unsaved = loaded
        return loaded

    def could_not_read(self) -> None:
        """After read raised: said once, not at every look at the files."""
        self.watch.loaded(library_stamp(self.paths))

    def take(self, loaded: cache.Loaded) -> bool:
        """From the app's thread: `loaded` is the library now. Whether it was loaded before."""
        reloading = self.loaded
        self.library, self.index, self.loaded, self.first = loaded.library, loaded.index, True, None
        self.watch.loaded(loaded.stamp)
        if reloading and not loaded.library.kept:
            self.reloads += 1
        return reloading

    def heard_meanwhile(self) -> bool:
        """Whether the system told of changes the load just done did not look at."""
        with self._touched_lock:
            return bool(self._touched)

    def changed(self) -> bool:
        """From a thread, now and then: whether the files changed (where the system's
        notices do not come). At 100,000 claims a look takes a second."""
        return self.loaded and self.watch.changed()

    def differs(self) -> bool:
        """From a thread, once first loaded: a change made before the notices were heard."""
        return self.watch.differs()

    # --- the cache -------------------------------------------------------------------

    def keep(self, loaded: cache.Loaded, reloaded: bool, cancelled: Cancelled) -> None:
        """From a thread, after a load: the paragraphs indexed, before a reader asks for
        them, and the library and its index kept in the cache for the next start; after a
        reload, once the files have stayed as they are a while."""
        if not reloaded and not loaded.from_cache and not loaded.index.paragraphs_at_hand:
            self._save(loaded, cancelled)  # at once, should the app close before the paragraphs are indexed
        loaded.index.paragraph_part()  # read, or built
        if reloaded and not _quiet_for(RELOAD_SAVE_SECONDS, cancelled):
            return  # edited again meanwhile: the next load saves, or close does
        if loaded.index.paragraphs_built or not loaded.from_cache:
            self._save(loaded, cancelled)

    def _save(self, loaded: cache.Loaded, cancelled: Cancelled) -> None:
        """The cache written for the next start, by a child process (pickling a large
        library holds the interpreter for seconds: the screen and the next save would
        wait), once the one before has written."""
        if cancelled():
            return
        while self._cache_writer is not None:
            try:
                writing = os.waitpid(self._cache_writer, os.WNOHANG) == (0, 0)
            except ChildProcessError:  # reaped already
                writing = False
            if not writing:
                self._cache_writer = None
            elif cancelled():
                return  # a newer load saves; the app may be closing, and not wait
            else:
                time.sleep(0.1)
        if self._unsaved is loaded:
            self._unsaved = None
        self._cache_writer = cache.write_in_child(self.paths, loaded, self.cache_limit_mb)

    def close(self) -> None:
        """As the app closes: the notices stopped, and the library as last loaded written
        to the cache by a child process (the shell's prompt comes back at once)."""
        if self._notifier is not None:
            self._notifier.stop()
        if self._opened is not None:  # closed before the load began
            self._opened.close()
        unsaved, self._unsaved = self._unsaved, None
        if unsaved is not None:
            cache.write_in_child(self.paths, unsaved, self.cache_limit_mb)

    # --- writing ---------------------------------------------------------------------

    def write(self, change: Change) -> None:
        """Write `change` (made from this library), to be read again at the next load.
        Raises DossierError, nothing written: a file changed on disk is to be read again."""
        try:
            write(change)
        except ChangedOnDisk as changed:
            self.wrote(changed.path)
            raise
        self.writes.append(change)
        if change.checked_with is self.library is self.index.library and change.parsed is not None:
            # The check assembled the library as written: the next load takes it as it is.
            stamp = stamp_now(change.path)
            written = library_written(self.library, change.assembled, change.parsed, stamp) if stamp else None
            if written is not None:
                self._written_library = Written(written, self.index, change.path)
        self.wrote(change.path)

    def undo(self) -> Change | None:
        """Undo the last write of this session (None: nothing written). Raises DossierError,
        nothing undone (the file changed since)."""
        if not self.writes:
            return None
        change = self.writes[-1]
        undo(change)
        self.writes.pop()
        self.wrote(change.path)
        return change

    def wrote(self, path: str) -> None:
        """`path` was written here (or by the importer): the next load reads it again, and
        the system's notice of this write is not news."""
        # Under its real name: the notice names it from the folder watched ("/home/me/lib/./
        # dossiers/x.yaml"), the write as the library does ("dossiers/x.yaml").
        self._written[os.path.realpath(path)] = stamp_now(path)
        with self._touched_lock:
            self._touched.add(path)


def _quiet_for(seconds: float, cancelled: Cancelled) -> bool:
    """Wait, unless a newer load takes the place of this one (False then): the screen shows
    the change, and the reader's next keys are taken, before the cache is written."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if cancelled():
            return False
    return True
