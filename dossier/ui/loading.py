"""The library read into the app and kept current: loaded (from the cache at once where it
can, its first screen shown while the rest is read), read again when its files change (the
system's notices, a look now and then, the editor's exit, the app's own writes), and the
cache written once the files are quiet."""

from __future__ import annotations

import os
import time

from textual import work
from textual.content import Content
from textual.worker import get_current_worker

from ..library.choices import Scope
from ..library.model import Library
from ..library.problems import DossierError
from ..search.index import SearchIndex
from ..search.query import parse_query
from ..search.results import Hit, Results
from ..session import cache
from ..session.firstscreen import FirstScreen
from ..store.files import library_stamp
from ..store.loader import stamp_now
from ..text.textsafe import counted
from . import render
from .history import Place
from .widgets import ClaimView, ResultList

# After a reload, how long the files must stay as they are before the cache is written.
# Writing it takes a core for seconds at 100,000 claims (8 s), and slows the app's own
# memory meanwhile (its pages are copied as it writes them): it waits until the reader
# has stopped changing files, or for the app to close (see on_unmount).
RELOAD_SAVE_SECONDS = 60.0


class Loading:
    """Mixed into DossierApp: loading the library and keeping it current."""

    @work(thread=True, exclusive=True, group="load")
    def reload(self, told: bool = False) -> None:
        """Load the library (again), in a thread; the view is kept on the same claim.
        Then index its paragraphs, and save both in the cache for the next start. `told`:
        the system said which files changed (self._touched), and only those are looked at."""
        try:
            earlier = self.library if self.loaded else None
            # Only the files changed since are read again, the rest taken as last read.
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
                    progress=self._progress,
                    save=False,
                    earlier=earlier,
                    previous=previous,
                    touched=touched if told else (),
                )
            )
            with self._touched_lock:
                self._touched -= touched
            self._reload_seconds = time.perf_counter() - started
        except DossierError as error:  # a folder named on the command line has gone
            self.watch.loaded(library_stamp(self.paths))  # say so once, not at every look at the files
            self.call_from_thread(self.notify, str(error), title="Cannot load", severity="error", markup=False)
            return
        if get_current_worker().is_cancelled:
            return  # a load begun since (a newer change) shows what this one would have
        self.call_from_thread(self._loaded, loaded.library, loaded.index, loaded.stamp)
        if not loaded.from_cache:
            self._unsaved = loaded
        self.call_from_thread(self._keep, loaded, previous is not None)

    # Described, rather than by its arguments' repr: that of a library takes seconds.
    @work(thread=True, exclusive=True, group="keep", description="keep the library in the cache")
    def _keep(self, loaded: cache.Loaded, reloaded: bool) -> None:
        """After a load, in a thread: the paragraphs indexed, before a reader asks for them,
        and the library and its index kept in the cache for the next start; after a
        reload, once the files have stayed as they are a while."""
        if not reloaded and not loaded.from_cache and not loaded.index.paragraphs_at_hand:
            self._save(loaded)  # at once, should the app be closed before the paragraphs are indexed
        loaded.index.paragraph_part()  # read, or built
        if reloaded and not self._quiet_for(RELOAD_SAVE_SECONDS):
            return  # edited again meanwhile: the next load saves, or the app as it closes
        if loaded.index.paragraphs_built or not loaded.from_cache:
            self._save(loaded)

    def _save(self, loaded: cache.Loaded) -> None:
        """From _keep's thread: the cache written for the next start, by a child process
        (pickling a large library holds the interpreter for seconds: here, the screen
        and the next save would wait), once the one before has written."""
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        while self._cache_writer is not None:
            try:
                writing = os.waitpid(self._cache_writer, os.WNOHANG) == (0, 0)
            except ChildProcessError:  # reaped already
                writing = False
            if not writing:
                self._cache_writer = None
            elif worker.is_cancelled:
                return  # a newer load saves; the app may be closing, and not wait
            else:
                time.sleep(0.1)
        if self._unsaved is loaded:
            self._unsaved = None
        self._cache_writer = cache.write_in_child(self.paths, loaded, self.config.cache_limit_mb)

    @staticmethod
    def _quiet_for(seconds: float) -> bool:
        """From _keep's thread: wait, unless a newer load takes its place (False then):
        the screen shows the change, and the reader's next keys are taken, before the
        cache is written."""
        worker = get_current_worker()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if worker.is_cancelled:
                return False
        return True

    def _show_first_screen(self, first: FirstScreen) -> None:
        """The list, claim and source of the first screen, as they will be once the whole
        library is read; a search typed meanwhile runs then (see _search)."""
        self.first, self.library = first, first.library
        hits = [Hit("claim", claim_id, 0.0) for claim_id in first.listed]
        self.results = Results(parse_query(""), Scope.CLAIMS, hits, first.claims, 0, claim_count=len(hits))
        self.place = Place(claim_id=first.listed[0])
        self.listed = self.main.query_one(ResultList).show(self.library, self.results, None)
        self._update_status()
        self._present()

    def _still_reading(self) -> bool:
        """Whether only the first screen is read yet: what needs every claim waits."""
        if self.first is None:
            return False
        self.notify("Still reading the library: a moment", timeout=2)
        return True

    def _progress(self, files_read: int, files: int) -> None:
        """From the loading thread: how far the first load is."""
        self.call_from_thread(self._show_progress, f"Loading… {files_read:,} of {counted(files, 'file')} read")

    def _show_progress(self, message: str) -> None:
        if not self.loaded:
            self.main.query_one(ClaimView).show_message(Content(message).stylize("$text-muted"))

    def _notified(self, paths: list[str]) -> None:
        """From the notifier's thread: files changed; load again, looking at those alone
        (what did not change is taken as it was). A file as the app itself just wrote it
        is being read again already."""
        paths = [path for path in paths if self._written.get(path, ()) != stamp_now(path)]
        if not paths:
            return
        with self._touched_lock:
            self._touched.update(paths)
        if self.loaded:
            self.call_from_thread(self.reload, True)

    def on_unmount(self) -> None:
        if self._notifier is not None:
            self._notifier.stop()
        if self._opened is not None:  # closed before the load began
            self._opened.close()
        unsaved, self._unsaved = self._unsaved, None
        if unsaved is not None:  # by a child process: the shell's prompt comes back at once
            cache.write_in_child(self.paths, unsaved, self.config.cache_limit_mb)

    @work(thread=True, exclusive=True, group="look")
    def _check_files(self) -> None:
        """A look at the files, in a thread (at 100,000 claims it takes a second): where the
        system's notices do not come, this finds the change."""
        if self.loaded and self.watch.changed():
            self.call_from_thread(self.reload)

    @work(thread=True, exclusive=True, group="look")
    def _look_once(self) -> None:
        """Once the library is first read: a look at every file at once, for a change made
        before the system's notices were heard (while the cache was opened, say)."""
        if self.watch.differs():
            self.call_from_thread(self.reload)

    def _heard_meanwhile(self) -> bool:
        """Whether the system told of changes the load just done did not look at."""
        with self._touched_lock:
            return bool(self._touched)

    def _loaded(self, library: Library, index: SearchIndex, stamp: frozenset) -> None:
        reloading = self.loaded
        self.library, self.index, self.loaded = library, index, True
        previewed, self.first = self.first, None
        self.watch.loaded(stamp)
        if not reloading and previewed is None:
            first = next(iter(library.claims), None)
            self.place = Place(claim_id=first)
        elif self.place.claim_id and self.place.claim_id not in library.claims:
            self.place = Place()
        if library.kept:
            names = render.file_names(library.kept)
            message = f"{names}: problems in the file; shown as it last loaded until they are fixed (p lists them)"
            self.notify(message, title="Kept as before", severity="warning", timeout=8, markup=False)
        elif reloading:
            self._reloads += 1
            self.notify(self._reread_note(library), timeout=3, markup=False)
        if self._heard_meanwhile():  # changed while this load read the files: read them now
            self.reload(True)
        elif not reloading and self.watch_interval:
            self._look_once()
        opening, self._open_after = self._open_after, None
        written = library.claims.get(opening[0]) if opening is not None else None
        if written is not None:
            self._let_list(written)
        self._search(keep=True)
        if written is not None:
            self.open_claim(written.id, evidence=opening[1])  # the search under way lists it
            return
        going, self._go_after = self._go_after, None
        if going in library.sources:
            self.go_to(going)  # at its first paragraph, the source pane focused: ready for v
            return
        self._present()
        if not reloading and self.start:
            self.go_to(self.start)

    def _reread_note(self, library: Library) -> str:
        """`Read again: dossiers/peace-talks.yaml (1 of 4,050 files, 0.4 s)`."""
        reread = library.reread
        if not reread:
            return f"Reloaded: {counted(len(library.files), 'file')}, none changed"
        names = render.file_names(reread[:3]) + (f" and {len(reread) - 3:,} more" if len(reread) > 3 else "")
        files = counted(len(library.files), "file")
        return f"Read again: {names} ({len(reread):,} of {files}, {self._reload_seconds:.1f} s)"
