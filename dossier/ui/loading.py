"""The library on the main screen, as the live library (session/live.py) reads it and
keeps it current: its first screen shown while the rest is read, loaded again when its
files change (the system's notices, a look now and then, the editor's exit, the app's own
writes), and the cache written once the files are quiet. The loading runs in the screen's
thread workers; what it finds is shown here."""

from __future__ import annotations

from textual import work
from textual.content import Content
from textual.worker import get_current_worker

from ..library.choices import Scope
from ..library.model import Library
from ..library.problems import DossierError
from ..search.query import parse_query
from ..search.results import Hit, Results
from ..session import cache
from ..session.firstscreen import FirstScreen
from ..text.textsafe import counted
from . import render
from .history import Place
from .widgets import ClaimView, ResultList


def _cancelled() -> bool:
    return get_current_worker().is_cancelled


class Loading:
    """Mixed into MainScreen: the library loaded and kept current."""

    @work(thread=True, exclusive=True, group="load")
    def reload(self, told: bool = False) -> None:
        """Load the library (again), in a thread; the view is kept on the same claim.
        Then index its paragraphs, and save both in the cache for the next start. `told`:
        the system (or a write) said which files changed, and only those are looked at."""
        try:
            loaded = self.live.read(told, progress=self._progress)
        except DossierError as error:  # a folder named on the command line has gone
            self.live.could_not_read()
            self.app.call_from_thread(self.notify, str(error), title="Cannot load", severity="error", markup=False)
            return
        if _cancelled():
            return  # a load begun since (a newer change) shows what this one would have
        reloaded = self.live.loaded
        self.app.call_from_thread(self._loaded, loaded)
        self.app.call_from_thread(self._keep, loaded, reloaded)

    # Described, rather than by its arguments' repr: that of a library takes seconds.
    @work(thread=True, exclusive=True, group="keep", description="keep the library in the cache")
    def _keep(self, loaded: cache.Loaded, reloaded: bool) -> None:
        self.live.keep(loaded, reloaded, _cancelled)

    def _show_first_screen(self, first: FirstScreen) -> None:
        """The list, claim and source of the first screen, as they will be once the whole
        library is read; a search typed meanwhile runs then (see _search)."""
        hits = [Hit("claim", claim_id, 0.0) for claim_id in first.listed]
        self.results = Results(parse_query(""), Scope.CLAIMS, hits, first.claims, 0, claim_count=len(hits))
        self.place = Place(claim_id=first.listed[0])
        self.listed = self.query_one(ResultList).show(self.library, self.results, None)
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
        self.app.call_from_thread(self._show_progress, f"Loading… {files_read:,} of {counted(files, 'file')} read")

    def _show_progress(self, message: str) -> None:
        if not self.loaded:
            self.query_one(ClaimView).show_message(Content(message).stylize("$text-muted"))

    def on_unmount(self) -> None:
        self.live.close()

    @work(thread=True, exclusive=True, group="look")
    def _check_files(self) -> None:
        """A look at the files, in a thread (at 100,000 claims it takes a second): where the
        system's notices do not come, this finds the change."""
        if self.live.changed():
            self.app.call_from_thread(self.reload)

    @work(thread=True, exclusive=True, group="look")
    def _look_once(self) -> None:
        """Once the library is first read: a look at every file at once, for a change made
        before the system's notices were heard (while the cache was opened, say)."""
        if self.live.differs():
            self.app.call_from_thread(self.reload)

    def _loaded(self, loaded: cache.Loaded) -> None:
        previewed = self.first
        reloading = self.live.take(loaded)
        library = loaded.library
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
            self.notify(self._reread_note(library), timeout=3, markup=False)
        if self.live.heard_meanwhile():  # changed while this load read the files: read them now
            self.reload(True)
        elif not reloading and self.app.watch_interval:
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
        changed, self._changes_after = self._changes_after, None
        if changed in library.sources:
            self._present()
            self.action_changes(changed)  # a new version recorded: what became of each quote
            return
        self._present()
        if not reloading and self.app.start:
            self.go_to(self.app.start)

    def _reread_note(self, library: Library) -> str:
        """`Read again: dossiers/peace-talks.yaml (1 of 4,050 files, 0.4 s)`."""
        reread = library.reread
        if not reread:
            return f"Reloaded: {counted(len(library.files), 'file')}, none changed"
        names = render.file_names(reread[:3]) + (f" and {len(reread) - 3:,} more" if len(reread) > 3 else "")
        files = counted(len(library.files), "file")
        return f"Read again: {names} ({len(reread):,} of {files}, {self.live.reload_seconds:.1f} s)"
