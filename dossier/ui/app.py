"""The dossier app: find a claim from the keyboard and read the paragraph it rests on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.filter import LineFilter
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList
from textual.worker import get_current_worker

from .. import cache, clipboard
from ..authoring import Change
from ..citation import claim_citation, paragraph_citation
from ..config import Config, load_config
from ..discovery import DEMO_NOTE
from ..editor import editor_command
from ..files import library_paths, library_stamp
from ..firstscreen import FirstScreen
from ..loader import stamp_now
from ..model import Claim, Dossier, Library, Location, Paragraph, Source
from ..plaintext import resolve
from ..problems import DossierError, Problem
from ..results import Hit, Results
from ..search import Filters, Order, Scope, SearchIndex, parse_query
from ..textsafe import counted, paragraphs_do
from ..watching import FileWatch, Notifier
from . import render, settings
from .authoring import Authoring, Written
from .commands import LibraryCommands
from .forms import ClaimForm
from .history import History, Place
from .keys import ANALYST_KEYS, MAIN_KEYS, SOURCE_KEYS
from .plain import PLAIN_THEME, WithoutColour
from .screens import HelpScreen, ProblemsScreen, TooSmallScreen
from .sources import Sources, SourcesView
from .views import (
    AnalystView,
    Covered,
    FiguresView,
    FilterMenu,
    GlossaryView,
    RelationsView,
    SpeakersView,
    TimelineView,
)
from .widgets import ClaimView, FilterBar, ResultList, SearchBar, SourceView

VIEWS = {
    "figures": FiguresView,
    "timeline": TimelineView,
    "speakers": SpeakersView,
    "relations": RelationsView,
    "glossary": GlossaryView,
}

EMPTY_LIBRARY = (
    "No claims here yet.\n\n"
    "dossier reads .yaml files of sources (paragraphs of a document) and dossiers "
    "(claims that quote those paragraphs). Start from the bundled library "
    "(run 'dossier' with no path), 'dossier schema' for editors, and the README for the format."
)


# After a reload, how long the files must stay as they are before the cache is written.
# Writing it takes a core for seconds at 100,000 claims (8 s), and slows the app's own
# memory meanwhile (its pages are copied as it writes them): it waits until the reader
# has stopped changing files, or for the app to close (see on_unmount).
RELOAD_SAVE_SECONDS = 60.0


class DossierApp(Authoring, Sources, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "dossier"
    COMMANDS = {LibraryCommands}  # Textual's own commands are among its entries, last
    COMMAND_PALETTE_BINDING = "ctrl+p"
    # Below 110 columns the list is above the claim and source; from 160 the three sit side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (160, "-wider")]
    BINDINGS = MAIN_KEYS

    # What the keys above do: over a view or a dialog, they do nothing (see check_action).
    MAIN_SCREEN_ACTIONS = frozenset(binding.action.partition("(")[0] for binding in BINDINGS) - {
        "suspend_process",
        "quit",  # Ctrl+C quits from anywhere; q only from the main screen (over a view it closes it)
    }

    filters: reactive[Filters] = reactive(Filters(), init=False)
    order: reactive[Order] = reactive(Order.RELEVANCE, init=False)

    def __init__(
        self,
        paths: Sequence[str] = (),
        *,
        watch_interval: float | None = 1.0,
        start: str | None = None,
        preloaded: cache.Loaded | None = None,
        config: Config | None = None,
        announce_demo: bool = False,
    ) -> None:
        """The app on the library at `paths` (the bundled demo when there are none); with
        `start`, opened at that claim, paragraph (`source#paragraph`), source or dossier;
        `preloaded` is the library already loaded (by `dossier open`, which checked the id);
        `config`, the reader's settings (read from their config.toml when not given); with
        `announce_demo`, a note says that no library was found, so this is the demo."""
        super().__init__()
        self.announce_demo = announce_demo
        self.config = config or load_config()
        self.start = start
        self._preloaded = preloaded
        if self.no_color:  # NO_COLOR is set: see plain.py
            self.register_theme(PLAIN_THEME)
            self.theme = PLAIN_THEME.name
        self._plain_filters = [WithoutColour()]
        self.paths = list(paths)
        self.watch_interval = watch_interval
        self.library = Library()
        self.index = SearchIndex(self.library)
        self.results: Results = self.index.search("")
        self.listed = 0  # how many of the results the list shows
        self.elsewhere: int | None = None  # where no claim matches: how many paragraphs do
        self.scope = Scope.CLAIMS
        self.place = Place()
        self.history = History()
        self.loaded = False
        # The cache, when fresh, opened before the first paint: for a large library, what
        # its first screen shows (self.first, shown while the rest is read).
        self._opened = cache.open_cached(self.paths) if preloaded is None else None
        self.first: FirstScreen | None = None
        self.watch = FileWatch(self.paths)
        self._notifier: Notifier | None = None
        self._touched: set[str] = set()  # what the notifier said changed, for the next load
        self._touched_lock = threading.Lock()
        self._written: dict[str, tuple | None] = {}  # path -> its stamp once the app wrote it (None: removed)
        self._written_library: Written | None = None  # as the check of what the app wrote assembled it
        self._generation = 0  # of searches: results of an older one are dropped
        self._asked: tuple | None = None  # what the last search was of (index, query, scope, filters, order)
        self._rows_seen: dict[str, str] = {}  # the row each analyst view was left on
        self._keep_place = False  # the next change of the query keeps the claim shown
        self._reload_seconds = 0.0
        self._cache_writer: int | None = None  # the child process writing the cache (see _save)
        self._unsaved: cache.Loaded | None = None  # the library as last loaded, until it is in the cache
        self.writes: list[Change] = []  # what this session wrote, the last first to undo
        self._open_after: tuple[str, int] | None = None  # a claim written: shown once read again (id, evidence)
        self._go_after: str | None = None  # a source imported: shown once read again
        self._reloads = 0  # loads since the first  # how long the last load took, for the note that says what it read

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        yield FilterBar(id="filter-bar").data_bind(DossierApp.filters, DossierApp.order)
        with Horizontal(id="main"):
            yield ResultList(id="results", markup=False)
            with Horizontal(id="detail"):
                yield ClaimView(id="claim", markup=False)
                yield SourceView(id="source")
        yield Footer(compact=True)  # the source pane's keys and the main ones fit in 80 columns

    def on_mount(self) -> None:
        self.main.query_one("#results").border_title = "Claims"
        self.main.query_one("#claim").border_title = "Claim"
        self.main.query_one("#source").border_title = "Source"
        self.main.query_one(ClaimView).show_message(Content("Loading…"))
        self.main.query_one("#query", Input).focus()  # typing searches at once; Esc goes to the list
        problems = settings.apply(self, self.config, themeable=not self.no_color)
        if problems:
            self.notify(settings.describe(problems), title="Mistakes in the settings", severity="warning", timeout=10)
        if self.announce_demo:
            self.notify(DEMO_NOTE[0].upper() + DEMO_NOTE[1:], title="The demo library", timeout=8, markup=False)
        if self.watch_interval:  # listening before the library is read: a change meanwhile is heard
            self._notifier = Notifier(library_paths(self.paths), self._notified)
            self._notifier.start()
            self.set_interval(self.watch_interval, self._check_files)
        if self._opened is not None and self._opened.first is not None and not self.start:
            self._show_first_screen(self._opened.first)
            self.call_after_refresh(self.reload)  # the screen drawn before the rest is read
        else:
            self.reload()
        self._fit(self.size.width, self.size.height)

    @property
    def main(self) -> Screen:
        """The main screen, whatever view or dialog is over it: what loading, searching
        and writing show their results on."""
        return self.screen_stack[0]

    @property
    def demo(self) -> bool:
        """Whether this is the bundled demo library (no path given, none found)."""
        return not self.paths

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    @on(events.DescendantFocus)
    def _reading(self, event: events.DescendantFocus) -> None:
        # Below 110 columns the list sits above the claim and source: whichever side has
        # the focus gets the larger share of the height (see app.tcss).
        detail = self.main.query_one("#detail")
        reading = event.widget is detail or detail in event.widget.ancestors
        self.screen.set_class(reading, "-reading")

    def _fit(self, columns: int, lines: int) -> None:
        """Below 40x10 no pane can show a claim: a note over every screen asks for more."""
        shown = isinstance(self.screen, TooSmallScreen)
        if TooSmallScreen.needed(columns, lines) and not shown:
            self.push_screen(TooSmallScreen())
        elif shown and not TooSmallScreen.needed(columns, lines):
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, but Keys: the palette's `view Keys` shows this app's."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield command._replace(help="Every key of every pane (?)", callback=self.action_help)
            else:
                yield command

    def get_line_filters(self) -> Sequence[LineFilter]:
        return self._plain_filters if self.no_color else super().get_line_filters()

    # --- loading, and loading again when files change --------------------------------

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

    def go_to(self, key: str) -> None:
        """Open what `key` names, as `dossier show` reads it: a claim (or an id it had),
        a paragraph, a source (at its first paragraph) or a dossier (its claims listed)."""
        found = resolve(self.library, key)
        if isinstance(found, Claim):
            self.open_claim(found.id, reveal=True)
        elif isinstance(found, Paragraph):
            self.open_paragraph(found.ref)
        elif isinstance(found, Source) and found.paragraphs:
            self.open_paragraph(next(iter(found.paragraphs.values())).ref)
        elif isinstance(found, Dossier):
            self.show_dossier(found.id)
        else:
            self.notify(f"Nothing here has the id {render.visible(key)}", severity="warning", markup=False)

    # --- search ----------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        keep, self._keep_place = self._keep_place, False  # the app cleared the box: stay put
        self._search(keep=keep)

    def _search(self, keep: bool) -> None:
        if self.first is not None:  # only the first screen is read: the search runs once all is
            self._update_status()
            return
        text = self.main.query_one("#query", Input).value
        asked = (self.index, text, self.scope, self.filters, self.order)
        if asked == self._asked:
            return  # the app changed the query, and searched it already (see _let_list)
        self._asked = asked
        self._generation += 1
        self._run_search(self.index, text, self.scope, self.filters, self.order, self._generation, keep)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(
        self, index: SearchIndex, text: str, scope: Scope, filters: Filters, order: Order, generation: int, keep: bool
    ) -> None:
        results = index.search(parse_query(text), scope, filters, order)
        # Where no claim matches, whether source paragraphs do (when they are indexed).
        elsewhere = None
        if scope is Scope.CLAIMS and results.query and not results.hits and not filters:
            elsewhere = index.paragraphs_matching(results.query)
        self.call_from_thread(self._show_results, results, generation, keep, elsewhere)

    def _show_results(self, results: Results, generation: int, keep: bool, elsewhere: int | None = None) -> None:
        # A newer search is on its way; the query may also have changed with its search
        # not yet started (Input.Changed is still queued). Or the app is closing, its
        # screen gone, as a search of a large library ends.
        if generation != self._generation or not self.is_running:
            return
        try:
            typed = self.main.query_one("#query", Input).value
        except NoMatches:
            return
        if results.query.text != typed:
            return
        self.results = results
        self.elsewhere = elsewhere
        kept = self._place_option() if keep else None
        # A paragraph opened for itself (from the palette, `dossier open`) stays open though
        # the list of claims does not hold it; the highlight goes to the first match only
        # when the reader typed.
        fallback = not (keep and self.place.paragraph)
        self.listed = self.main.query_one(ResultList).show(self.library, results, kept, elsewhere, fallback)
        self._update_status()
        self._present()  # the claim pane marks what the query matches

    def _update_status(self) -> None:
        # Each part with how much it matters (0 most): where the line is short, the parts
        # that matter least go first (see SearchBar.show_status).
        found = self.results.describe()
        if self.elsewhere:
            found = f"no claim matches; {paragraphs_do(self.elsewhere)}"
        parts = [(found, "bold", 0), (f"in {self.scope.label} (^t)", "$text-muted", 4)]
        if self.first is not None:
            waiting = self.main.query_one("#query", Input).value or self.filters or self.order is not Order.RELEVANCE
            reading = "reading the library; the search runs once it is read" if waiting else "reading the library…"
            parts = [(counted(self.first.claims, "claim"), "bold", 0), (reading, "$text-muted", 1)]
        if self.demo:
            parts.append(("demo library", "$text-warning", 3))
        if self.library.reread and self._reloads:  # what the last reload read, not the first load
            parts.append((f"{counted(len(self.library.reread), 'file')} read again", "$text-muted", 5))
        if self.listed < len(self.results.hits):
            parts.append((f"{self.listed:,} shown", "$text-warning", 2))
        if self.library.problems:
            parts.append((f"⚠ {counted(len(self.library.problems), 'problem')} (p)", "bold $text-error", 0))
        if self.library.kept:
            parts.append((f"{counted(len(self.library.kept), 'file')} as last loaded", "$text-warning", 1))
        shown = [(Content(text).stylize(style), rank) for text, style, rank in parts]
        self.main.query_one(SearchBar).show_status(shown)
        self.main.query_one(ResultList).border_title = (
            "Claims" if self.scope is Scope.CLAIMS else "Claims and paragraphs"
        )

    def _place_option(self) -> str | None:
        if self.place.paragraph:
            return f"paragraph:{self.place.paragraph}"
        return f"claim:{self.place.claim_id}" if self.place.claim_id else None

    def action_search(self) -> None:
        if self.screen.maximized is not None:  # the search box is not on a zoomed screen
            self.screen.minimize()
        # At once, not when the app is next idle (as focus() does): the keys that follow
        # `/` are forwarded to whatever has the focus as each arrives.
        self.screen.set_focus(self.main.query_one("#query", Input))

    def action_leave_search(self) -> None:
        self.main.query_one(ResultList).focus()

    def action_to_list(self) -> None:
        """Esc in the claim or source pane: back to the list of claims."""
        self.main.query_one(ResultList).focus()

    def action_zoom(self) -> None:
        """The focused pane on the whole screen, or back to the three."""
        if self.screen.maximized is not None:
            self.screen.minimize()
            return
        focused = self.focused
        panes = [self.main.query_one(ResultList), self.main.query_one(ClaimView), self.main.query_one(SourceView)]
        pane = next((pane for pane in panes if focused is pane or (focused and pane in focused.ancestors)), panes[0])
        self.screen.maximize(pane, container=False)
        pane.focus()

    def action_move_results(self, step: int) -> None:
        results = self.main.query_one(ResultList)
        results.action_cursor_down() if step > 0 else results.action_cursor_up()

    def action_toggle_scope(self) -> None:
        self.scope = Scope.EVERYTHING if self.scope is Scope.CLAIMS else Scope.CLAIMS
        self._search(keep=True)

    @on(ResultList.ClearQuery)
    def _clear_query(self) -> None:
        self.main.query_one("#query", Input).value = ""

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        results = self.main.query_one(ResultList)
        if results.highlighted_option is None:
            self.bell()
            return
        self._open_option(results.highlighted_option.id)

    # --- what the panes show ---------------------------------------------------------

    def _go(self, place: Place) -> None:
        if place != self.place:
            self.place = place
            self._present()

    def _present(self) -> None:
        """Show `self.place` in the claim and source panes."""
        if not self.screen_stack:  # closing: a pane's last message came after its screen went
            return
        library, place = self.library, self.place
        claim_view, source_view = self.main.query_one(ClaimView), self.main.query_one(SourceView)
        paragraph = library.paragraph(place.paragraph) if place.paragraph else None
        claim = library.claims.get(place.claim_id) if place.claim_id else None
        if self.first is not None and claim is not None and not self.first.opens(claim.id):
            claim_view.show_message(
                Content("Reading the library… this claim shows once it is read").stylize("$text-muted")
            )
            source_view.show(library, None, None, None)
        elif paragraph is not None:
            claim_view.show_paragraph(library, paragraph)
            source_view.show(library, paragraph.source_id, paragraph.ref, None)
        elif claim is not None and claim.evidence:
            index = _evidence_index(claim, place)
            claim_view.show_claim(library, claim, index, self.results.highlights(claim.text))
            evidence = claim.evidence[index]
            source_view.show(library, evidence.source_id, evidence.at, evidence.quote_span)
        else:
            message = EMPTY_LIBRARY if not library.claims else "No claim matches. Esc in the list clears the query."
            claim_view.show_message(Content(message).stylize("$text-muted"))
            source_view.show(library, None, None, None)

    def _visit(self, place: Place) -> None:
        self.history.visit(self.place)
        self.history.visit(place)
        self._go(place)
        self.main.query_one(ResultList).highlight(self._place_option(), fallback=False)

    def open_claim(self, claim_id: str, evidence: int = 0, at: str | None = None, reveal: bool = False) -> None:
        """Show a claim (by its id or a former one), at its piece of `evidence`, or at the
        first that cites paragraph `at`. With `reveal` (a jump from the palette, a view or
        the command line), a claim the list does not hold is listed: the query that left
        it out is cleared."""
        claim = self.library.claim(claim_id)
        if claim is None:
            return
        if at is not None:
            evidence = next((n for n, item in enumerate(claim.evidence) if item.at == at), evidence)
        if reveal:
            self._list_too(f"claim:{claim.id}", claim)
        self._visit(Place(claim_id=claim.id, evidence=evidence))
        self.main.query_one(ClaimView).focus()

    def _list_too(self, option_id: str, claim: Claim | None = None) -> None:
        """Clear the query, and the filters if they leave the claim out, when the list does
        not show `option_id`: the list and the panes must not disagree."""
        if any(f"{hit.kind}:{hit.key}" == option_id for hit in self.results.hits[: self.listed]):
            return
        if claim is not None and self.filters and not self.filters.admits(claim):
            self.filters = Filters()
        if self.main.query_one("#query", Input).value:
            self._clear_query_for_it()

    def _let_list(self, claim: Claim) -> None:
        """Before the search of a library just written: clear the filters and the query
        where they would leave out the claim written (they are looked at here, not in the
        list, which is still the search's of the library before)."""
        if self.filters and not self.filters.admits(claim):
            self.filters = Filters()
        text = self.main.query_one("#query", Input).value
        if text:
            hits = self.index.search(parse_query(text), self.scope, self.filters, self.order).hits
            if not any(hit.kind == "claim" and hit.key == claim.id for hit in hits[: ResultList.MAX_ROWS]):
                self._clear_query_for_it()

    def _clear_query_for_it(self) -> None:
        self._keep_place = True
        self.main.query_one("#query", Input).value = ""
        self.notify("The query is cleared: it did not list what you opened", timeout=3)

    def open_paragraph(self, ref: str) -> None:
        if self.library.paragraph(ref) is not None:
            self._visit(Place(paragraph=ref))
            self.main.query_one(SourceView).focus()

    def show_dossier(self, dossier_id: str) -> None:
        """List one dossier's claims (a filter, shown above the list)."""
        self.filter_by("dossier", dossier_id)

    # --- filters, sort and the analyst views -----------------------------------------

    def watch_filters(self) -> None:
        self._search(keep=True)

    def watch_order(self) -> None:
        self._search(keep=True)

    def filter_by(self, kind: str, value: str) -> None:
        """Restrict the claims to those with `value` for `kind` (dossier, status, tag, speaker)."""
        self.filters = replace(self.filters, **{kind: value})
        self.main.query_one(ResultList).focus()

    def action_filter_menu(self) -> None:
        if self._still_reading():
            return

        def chosen(option_id: str | None) -> None:
            if option_id:
                _, kind, value = option_id.split(":", 2)
                self.filters = self.filters.toggled(kind, value)
                self.main.query_one(ResultList).focus()

        self.push_screen(FilterMenu(self.library, self.filters), chosen)

    def action_single_source(self) -> None:
        self.filters = self.filters.toggled("single_source")

    def action_cycle_order(self) -> None:
        orders = list(Order)
        self.order = orders[(orders.index(self.order) + 1) % len(orders)]
        self.notify(f"Sorted: {self.order.label}", timeout=1.5)

    def set_order(self, order: Order) -> None:
        self.order = order

    def action_clear_filters(self) -> None:
        if not self.filters and self.order is Order.RELEVANCE:
            self.notify("No filter to clear", timeout=2)
            return
        self.filters, self.order = Filters(), Order.RELEVANCE

    def listed_claims(self) -> list[Claim]:
        """The claims the results list (all of them, past the rows shown)."""
        claims = self.library.claims
        return [claims[hit.key] for hit in self.results.hits if hit.kind == "claim" and hit.key in claims]

    def action_view(self, name: str) -> None:
        if self._still_reading():
            return
        claims = self.listed_claims()
        everything = Covered(list(self.library.claims.values()), f"all {counted(len(self.library.claims), 'claim')}")
        narrowed = [f"query “{self.results.query.text}”"] if self.results.query else []
        narrowed += [value or label for label, value in self.filters.active()]
        if narrowed:
            listed = Covered(
                claims, f"the {counted(len(claims), 'claim')} listed ({render.visible(' · '.join(narrowed))})"
            )
        else:
            listed = everything

        def chosen(option_id: str | None) -> None:
            kind, _, key = (option_id or "").partition(":")
            if kind == "claim":
                self.open_claim(key, reveal=True)
            elif kind == "speaker":
                self.filter_by("speaker", key)
            elif kind == "query":
                self.main.query_one("#query", Input).value = key
                self.main.query_one(ResultList).focus()

        view = VIEWS[name]
        extra = (self.index,) if view is GlossaryView else ()
        self.push_screen(view(self.library, listed, everything, self._rows_seen, *extra), chosen)

    def _open_option(self, option_id: str | None) -> None:
        kind, _, key = (option_id or "").partition(":")
        if kind == "claim":
            self.open_claim(key)
        elif kind == "paragraph":
            self.open_paragraph(key)

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        kind, _, key = (event.option.id or "").partition(":")
        if kind == "claim" and not (key == self.place.claim_id and not self.place.paragraph):
            self._go(Place(claim_id=key))
        elif kind == "paragraph":
            self._go(Place(paragraph=key))

    @on(OptionList.OptionSelected, "#results")
    def _result_selected(self, event: OptionList.OptionSelected) -> None:
        self._open_option(event.option.id)

    @on(OptionList.OptionHighlighted, "#claim")
    def _claim_item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != event.option_list.highlighted:
            return  # stale: the pane was shown again since (two of them would bounce the place back and forth)
        kind, _, key = (event.option.id or "").partition(":")
        if kind == "evidence" and self.place.claim_id and not self.place.paragraph:
            self._go(Place(claim_id=self.place.claim_id, evidence=int(key)))

    @on(OptionList.OptionSelected, "#claim")
    def _claim_item_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, key = (event.option.id or "").partition(":")
        if kind == "evidence":
            self.main.query_one(SourceView).focus()
        elif kind == "related":
            self.open_claim(self.main.query_one(ClaimView).related[int(key)])
        elif kind == "claim":  # a claim citing the paragraph shown: at the evidence from it
            self.open_claim(key, at=self.place.paragraph)

    @on(events.TextSelected)
    def _mouse_selected(self) -> None:
        """Words dragged over with the mouse: in a source, the selection to quote."""
        if self.screen is self.main:
            self.main.query_one(SourceView).take_mouse_selection(self.main.selections)

    @on(SourceView.BacklinksRequested)
    def _backlinks(self, event: SourceView.BacklinksRequested) -> None:
        self._visit(Place(paragraph=event.ref))
        self.main.query_one(ClaimView).focus()

    def action_evidence(self, step: int) -> None:
        claim = self.library.claims.get(self.place.claim_id or "")
        if claim is None or self.place.paragraph or not claim.evidence:
            self.bell()
            return
        evidence = (self.place.evidence + step) % len(claim.evidence)
        self._go(Place(claim_id=claim.id, evidence=evidence))
        self.notify(f"Evidence {evidence + 1} of {len(claim.evidence)}", timeout=1.5)

    def action_back(self) -> None:
        place = self.history.back(self.place)
        self._return_to(place, "Nothing to go back to")

    def action_forward(self) -> None:
        self._return_to(self.history.forward(), "Nothing to go forward to")

    def _return_to(self, place: Place | None, otherwise: str) -> None:
        if place is None:
            self.notify(otherwise, timeout=2)
            return
        self._go(place)
        self.main.query_one(ResultList).highlight(self._place_option(), fallback=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The main screen's keys do nothing over a view or a dialog, and leave its footer;
        # Textual's own (Ctrl+Q, Tab, the palette) still work.
        if action == "unzoom":  # Esc takes the zoom back first, else does what the pane says
            return len(self.screen_stack) == 1 and self.screen.maximized is not None
        if action == "search":  # a priority key: in a box that takes text, it is typed
            return len(self.screen_stack) == 1 and not isinstance(self.focused, Input)
        return len(self.screen_stack) == 1 or action not in self.MAIN_SCREEN_ACTIONS

    def action_unzoom(self) -> None:
        self.screen.minimize()

    def action_leave(self) -> None:
        self.exit()

    async def action_quit(self) -> None:
        """Ctrl+C and Ctrl+Q quit from anywhere, but over a form holding what the reader
        typed only when asked twice: its text would be lost."""
        forms = [screen for screen in self.screen_stack if isinstance(screen, ClaimForm)]
        if forms and not forms[-1].may_quit():
            if self.screen is not forms[-1]:  # a dialog over it: the form's note is not seen
                self.notify("A form holds unsaved text: Ctrl+C again quits and discards it", severity="warning")
            return
        self.exit()

    # --- copy, edit, dialogs ---------------------------------------------------------

    def _focused_target(self) -> tuple[str, Location] | None:
        """What `y` and `e` act on: (citation, where it is written)."""
        library, place = self.library, self.place
        source_view = self.main.query_one(SourceView)
        if self.focused is source_view and source_view.cursor_paragraph is not None:
            paragraph = source_view.cursor_paragraph
            return paragraph_citation(library, paragraph), paragraph.location
        paragraph = library.paragraph(place.paragraph) if place.paragraph else None
        if paragraph is not None:
            return paragraph_citation(library, paragraph), paragraph.location
        claim = library.claims.get(place.claim_id or "")
        if claim is None:
            return None
        evidence = claim.evidence[_evidence_index(claim, place)] if claim.evidence else None
        claim_view = self.main.query_one(ClaimView)
        on_evidence = self.focused is claim_view and claim_view.evidence_index is not None
        location = evidence.location if evidence and on_evidence else claim.location
        return claim_citation(library, claim, evidence), location

    def action_copy(self) -> None:
        target = self._focused_target()
        if target is None:
            self.bell()
            return
        self.copy_to_clipboard(target[0])  # OSC 52, which the terminal may or may not take
        self._copy_elsewhere(target[0])

    @work(thread=True, group="copy")
    def _copy_elsewhere(self, text: str) -> None:
        """tmux's buffer and the system's clipboard tool: they take a moment, off the screen's thread."""
        copied = clipboard.copy(text)
        message = f"{copied.describe()}:\n{render.visible(text)}"
        severity = "information" if copied.reached else "warning"
        self.call_from_thread(self.notify, message, title="Copy", severity=severity, timeout=6, markup=False)

    def action_edit(self) -> None:
        target = self._focused_target()
        if target is None:
            return
        if self._writable():
            self.edit(target[1])

    def edit(self, location: Location | Problem) -> None:
        """Open `location` in $EDITOR, then load the library again."""
        try:
            command = editor_command(location.path, location.line, location.column, configured=self.config.editor)
        except DossierError as error:
            self.notify(str(error), title="Cannot edit", severity="error", markup=False)
            return
        if self.is_headless:  # under test: there is no terminal to hand over
            failure = _run_editor(command)
        else:
            with self.suspend():
                failure = _run_editor(command)  # never raises: the app must come back
        if failure:
            self.notify(failure, title="Cannot edit", severity="error", markup=False)
        self.reload()

    def action_problems(self) -> None:
        if self._still_reading():
            return
        if not self.library.problems:
            self.notify("No problems: every file loaded cleanly", timeout=2)
            return

        def chosen(problem: Problem | None) -> None:
            if problem is not None:
                self.edit(problem)

        self.push_screen(ProblemsScreen(self.library.problems, self.library.kept), chosen)

    def action_help(self) -> None:
        built_in = [
            Binding("tab,shift+tab", "", "Next or previous pane"),
            Binding("ctrl+p", "", "Command palette: jump to a dossier, claim or source"),
        ]
        writing = [binding for binding in ClaimView.BINDINGS if binding.id in ("remove-item", "reattach")]
        lists = [Binding("up,down", "", "Move"), Binding("enter", "", "Open"), *ResultList.BINDINGS, *writing]
        analysis = [binding for binding in self.BINDINGS if binding.id in ANALYST_KEYS]
        sources = [binding for binding in self.BINDINGS if binding.id in SOURCE_KEYS]
        sources += [binding for binding in SourcesView.BINDINGS if binding.show]
        everywhere = [binding for binding in self.BINDINGS if binding.id not in (*ANALYST_KEYS, *SOURCE_KEYS)]
        views = [Binding("enter", "", "Open the claim and its source (Speakers: filter by that name)")]
        views += AnalystView.BINDINGS
        sections = [
            ("Everywhere", [*built_in, *everywhere]),
            ("Analyst views and filters", analysis),
            ("In a view", views),
            ("Sources", sources),
            ("Search box", [Binding("enter", "", "Open the highlighted match"), *SearchBar.BINDINGS]),
            ("Results and claim panes", lists),
            ("Source pane", SourceView.BINDINGS),
        ]
        self.push_screen(HelpScreen(sections))


def _evidence_index(claim: Claim, place: Place) -> int:
    """The piece of evidence `place` shows: its own, or the claim's last if the claim has
    fewer since the library reloaded."""
    return min(place.evidence, len(claim.evidence) - 1)


def _run_editor(command: list[str]) -> str | None:
    """Run the editor; what went wrong, if anything."""
    try:
        subprocess.run(command, check=False, stdin=None if sys.stdin.isatty() else subprocess.DEVNULL)
    except OSError as error:
        return f"cannot run {command[0]}: {error.strerror or error}"
    return None
