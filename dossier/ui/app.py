"""The dossier app: find a claim from the keyboard and read the paragraph it rests on."""

from __future__ import annotations

import threading
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

from ..env.config import Config, load_config
from ..env.discovery import DEMO_NOTE
from ..library.choices import Order, Scope
from ..library.model import Claim, Library
from ..search.index import SearchIndex
from ..search.query import Filters, parse_query
from ..search.results import Results
from ..session import cache
from ..session.firstscreen import FirstScreen
from ..store.files import library_paths
from ..store.watching import FileWatch, Notifier
from ..text.textsafe import counted, paragraphs_do
from ..write.authoring import Change
from . import render, settings
from .authoring import Authoring, Written
from .commands import LibraryCommands
from .elsewhere import Elsewhere
from .forms import ClaimForm
from .history import History, Place
from .keys import ANALYST_KEYS, MAIN_KEYS, SOURCE_KEYS
from .loading import Loading
from .navigation import Navigation
from .plain import PLAIN_THEME, WithoutColour
from .screens import FilterChoice, FilterMenu, HelpScreen, TooSmallScreen
from .sources import Sources, SourcesView
from .sourceview import SourceView
from .views import (
    AnalystView,
    Covered,
    FiguresView,
    FilterBySpeaker,
    GlossaryView,
    Pick,
    RelationsView,
    SearchFor,
    SpeakersView,
    TimelineView,
)
from .widgets import (
    ClaimRow,
    ClaimView,
    EvidenceRow,
    FilterBar,
    ParagraphRow,
    RelatedRow,
    ResultList,
    Row,
    RowList,
    SearchBar,
)

VIEWS = {
    "figures": FiguresView,
    "timeline": TimelineView,
    "speakers": SpeakersView,
    "relations": RelationsView,
    "glossary": GlossaryView,
}


class DossierApp(Navigation, Loading, Elsewhere, Authoring, Sources, App[None]):
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
        self._open_row(results.highlighted_row)

    # --- what the panes show ---------------------------------------------------------

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

        def chosen(choice: FilterChoice | None) -> None:
            if choice is not None:
                self.filters = self.filters.toggled(choice.kind, choice.value)
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

        def chosen(pick: Pick | None) -> None:
            if isinstance(pick, ClaimRow):
                self.open_claim(pick.claim_id, reveal=True)
            elif isinstance(pick, FilterBySpeaker):
                self.filter_by("speaker", pick.name)
            elif isinstance(pick, SearchFor):
                self.main.query_one("#query", Input).value = pick.text
                self.main.query_one(ResultList).focus()

        view = VIEWS[name]
        extra = (self.index,) if view is GlossaryView else ()
        self.push_screen(view(self.library, listed, everything, self._rows_seen, *extra), chosen)

    def _open_row(self, row: Row | None) -> None:
        if isinstance(row, ClaimRow):
            self.open_claim(row.claim_id)
        elif isinstance(row, ParagraphRow):
            self.open_paragraph(row.ref)

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        row = _row_of(event)
        if isinstance(row, ClaimRow) and not (row.claim_id == self.place.claim_id and not self.place.paragraph):
            self._go(Place(claim_id=row.claim_id))
        elif isinstance(row, ParagraphRow):
            self._go(Place(paragraph=row.ref))

    @on(OptionList.OptionSelected, "#results")
    def _result_selected(self, event: OptionList.OptionSelected) -> None:
        self._open_row(_row_of(event))

    @on(OptionList.OptionHighlighted, "#claim")
    def _claim_item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != event.option_list.highlighted:
            return  # stale: the pane was shown again since (two of them would bounce the place back and forth)
        row = _row_of(event)
        if isinstance(row, EvidenceRow) and self.place.claim_id and not self.place.paragraph:
            self._go(Place(claim_id=self.place.claim_id, evidence=row.index))

    @on(OptionList.OptionSelected, "#claim")
    def _claim_item_selected(self, event: OptionList.OptionSelected) -> None:
        row = _row_of(event)
        if isinstance(row, EvidenceRow):
            self.main.query_one(SourceView).focus()
        elif isinstance(row, RelatedRow):
            self.open_claim(row.claim_id)
        elif isinstance(row, ClaimRow):  # a claim citing the paragraph shown: at the evidence from it
            self.open_claim(row.claim_id, at=self.place.paragraph)

    @on(events.TextSelected)
    def _mouse_selected(self) -> None:
        """Words dragged over with the mouse: in a source, the selection to quote."""
        if self.screen is self.main:
            self.main.query_one(SourceView).take_mouse_selection(self.main.selections)

    @on(SourceView.BacklinksRequested)
    def _backlinks(self, event: SourceView.BacklinksRequested) -> None:
        self._visit(Place(paragraph=event.ref))
        self.main.query_one(ClaimView).focus()

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


def _row_of(event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> Row | None:
    """What the option of `event` stands for, from its own list (a message may come as the
    app closes, with no main screen left to look it up in)."""
    listed = event.option_list
    return listed.row_of(event.option) if isinstance(listed, RowList) else None
