"""The main screen: the search box and filter line over the results, the claim and the
source. Its keys are bound here, so over a view or a dialog they do nothing; what it does
is in the mixins beside it (loading, navigation, authoring, sources, elsewhere)."""

from __future__ import annotations

from dataclasses import replace

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList

from ..library.choices import Order, Scope
from ..library.model import Claim, Library
from ..search.index import SearchIndex
from ..search.query import Filters, parse_query
from ..search.results import Results
from ..session.firstscreen import FirstScreen
from ..session.live import LiveLibrary
from ..text.textsafe import counted, paragraphs_do
from . import render
from .authoring import Authoring
from .elsewhere import Elsewhere
from .history import History, Place
from .keys import ANALYST_KEYS, APP_KEYS, MAIN_KEYS, SOURCE_KEYS, TYPED_IN_A_BOX
from .loading import Loading
from .navigation import Navigation
from .screens import FilterChoice, FilterMenu, HelpScreen
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


class MainScreen(Navigation, Loading, Elsewhere, Authoring, Sources, Screen[None]):
    BINDINGS = MAIN_KEYS

    filters: reactive[Filters] = reactive(Filters(), init=False)
    order: reactive[Order] = reactive(Order.RELEVANCE, init=False)

    def __init__(self, live: LiveLibrary) -> None:
        """The main screen on `live`, the library the app keeps current."""
        super().__init__()
        self.live = live
        self.results: Results = live.index.search("")
        self.listed = 0  # how many of the results the list shows
        self.elsewhere: int | None = None  # where no claim matches: how many paragraphs do
        self.scope = Scope.CLAIMS
        self.place = Place()
        self.history = History()
        self._generation = 0  # of searches: results of an older one are dropped
        self._asked: tuple | None = None  # what the last search was of (index, query, scope, filters, order)
        self._rows_seen: dict[str, str] = {}  # the row each analyst view was left on
        self._keep_place = False  # the next change of the query keeps the claim shown
        self._open_after: tuple[str, int] | None = None  # a claim written: shown once read again (id, evidence)
        self._go_after: str | None = None  # a source imported: shown once read again
        self._changes_after: str | None = None  # a source with a new version: its changes shown once read again

    # The library as last loaded (or, while a large one is read, its first screen's).
    @property
    def library(self) -> Library:
        return self.live.library

    @property
    def index(self) -> SearchIndex:
        return self.live.index

    @property
    def first(self) -> FirstScreen | None:
        return self.live.first

    @property
    def loaded(self) -> bool:
        return self.live.loaded

    @property
    def paths(self) -> list[str]:
        return self.live.paths

    @property
    def demo(self) -> bool:
        """Whether this is the bundled demo library (no path given, none found)."""
        return not self.live.paths

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        yield FilterBar(id="filter-bar").data_bind(MainScreen.filters, MainScreen.order)
        with Horizontal(id="main"):
            yield ResultList(id="results", markup=False)
            with Horizontal(id="detail"):
                yield ClaimView(id="claim", markup=False)
                yield SourceView(id="source")
        yield Footer(compact=True)  # the source pane's keys and the main ones fit in 80 columns

    def on_mount(self) -> None:
        self.query_one("#results").border_title = "Claims"
        self.query_one("#claim").border_title = "Claim"
        self.query_one("#source").border_title = "Source"
        self.query_one(ClaimView).show_message(Content("Loading…"))
        self.query_one("#query", Input).focus()  # typing searches at once; Esc goes to the list
        if self.app.watch_interval:  # listening before the library is read: a change meanwhile is heard
            self.live.listen(lambda: self.app.call_from_thread(self.reload, True))
            self.set_interval(self.app.watch_interval, self._check_files)
        first = self.live.first_screen() if not self.app.start else None
        if first is not None:
            self._show_first_screen(first)
            self.call_after_refresh(self.reload)  # the screen drawn before the rest is read
        else:
            self.reload()

    @on(events.DescendantFocus)
    def _reading(self, event: events.DescendantFocus) -> None:
        # Below 110 columns the list sits above the claim and source: whichever side has
        # the focus gets the larger share of the height (see app.tcss).
        detail = self.query_one("#detail")
        reading = event.widget is detail or detail in event.widget.ancestors
        self.set_class(reading, "-reading")

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
        text = self.query_one("#query", Input).value
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
        self.app.call_from_thread(self._show_results, results, generation, keep, elsewhere)

    def _show_results(self, results: Results, generation: int, keep: bool, elsewhere: int | None = None) -> None:
        # A newer search is on its way; the query may also have changed with its search
        # not yet started (Input.Changed is still queued). Or the app is closing, its
        # screen gone, as a search of a large library ends.
        if generation != self._generation or not self.app.is_running:
            return
        try:
            typed = self.query_one("#query", Input).value
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
        self.listed = self.query_one(ResultList).show(self.library, results, kept, elsewhere, fallback)
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
            waiting = self.query_one("#query", Input).value or self.filters or self.order is not Order.RELEVANCE
            reading = "reading the library; the search runs once it is read" if waiting else "reading the library…"
            parts = [(counted(self.first.claims, "claim"), "bold", 0), (reading, "$text-muted", 1)]
        if self.demo:
            parts.append(("demo library", "$text-warning", 3))
        if self.library.reread and self.live.reloads:  # what the last reload read, not the first load
            parts.append((f"{counted(len(self.library.reread), 'file')} read again", "$text-muted", 5))
        if self.listed < len(self.results.hits):
            parts.append((f"{self.listed:,} shown", "$text-warning", 2))
        if self.library.problems:
            parts.append((f"⚠ {counted(len(self.library.problems), 'problem')} (p)", "bold $text-error", 0))
        if self.library.kept:
            parts.append((f"{counted(len(self.library.kept), 'file')} as last loaded", "$text-warning", 1))
        shown = [(Content(text).stylize(style), rank) for text, style, rank in parts]
        self.query_one(SearchBar).show_status(shown)
        self.query_one(ResultList).border_title = "Claims" if self.scope is Scope.CLAIMS else "Claims and paragraphs"

    def action_search(self) -> None:
        if self.maximized is not None:  # the search box is not on a zoomed screen
            self.minimize()
        # At once, not when the app is next idle (as focus() does): the keys that follow
        # `/` are forwarded to whatever has the focus as each arrives.
        self.set_focus(self.query_one("#query", Input))

    def action_leave_search(self) -> None:
        self.query_one(ResultList).focus()

    def action_to_list(self) -> None:
        """Esc in the claim or source pane: back to the list of claims."""
        self.query_one(ResultList).focus()

    def action_zoom(self) -> None:
        """The focused pane on the whole screen, or back to the three."""
        if self.maximized is not None:
            self.minimize()
            return
        focused = self.focused
        panes = [self.query_one(ResultList), self.query_one(ClaimView), self.query_one(SourceView)]
        pane = next((pane for pane in panes if focused is pane or (focused and pane in focused.ancestors)), panes[0])
        self.maximize(pane, container=False)
        pane.focus()

    def action_move_results(self, step: int) -> None:
        results = self.query_one(ResultList)
        results.action_cursor_down() if step > 0 else results.action_cursor_up()

    def action_toggle_scope(self) -> None:
        self.scope = Scope.EVERYTHING if self.scope is Scope.CLAIMS else Scope.CLAIMS
        self._search(keep=True)

    @on(ResultList.ClearQuery)
    def _clear_query(self) -> None:
        self.query_one("#query", Input).value = ""

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        results = self.query_one(ResultList)
        if results.highlighted_option is None:
            self.app.bell()
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
        self.query_one(ResultList).focus()

    def action_filter_menu(self) -> None:
        if self._still_reading():
            return

        def chosen(choice: FilterChoice | None) -> None:
            if choice is not None:
                self.filters = self.filters.toggled(choice.kind, choice.value)
                self.query_one(ResultList).focus()

        self.app.push_screen(FilterMenu(self.library, self.filters), chosen)

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
                self.query_one("#query", Input).value = pick.text
                self.query_one(ResultList).focus()

        view = VIEWS[name]
        extra = (self.index,) if view is GlossaryView else ()
        self.app.push_screen(view(self.library, listed, everything, self._rows_seen, *extra), chosen)

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
            self.query_one(SourceView).focus()
        elif isinstance(row, RelatedRow):
            self.open_claim(row.claim_id)
        elif isinstance(row, ClaimRow):  # a claim citing the paragraph shown: at the evidence from it
            self.open_claim(row.claim_id, at=self.place.paragraph)

    @on(events.TextSelected)
    def _mouse_selected(self) -> None:
        """Words dragged over with the mouse: in a source, the selection to quote."""
        self.query_one(SourceView).take_mouse_selection(self.selections)

    @on(SourceView.BacklinksRequested)
    def _backlinks(self, event: SourceView.BacklinksRequested) -> None:
        self._visit(Place(paragraph=event.ref))
        self.query_one(ClaimView).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.app.screen is not self:  # under a view or a dialog: not in its footer, seen below
            return False
        if action == "unzoom":  # Esc takes the zoom back first, else does what the pane says
            return self.maximized is not None
        if action in TYPED_IN_A_BOX:  # priority keys: in a box that takes text, they are typed
            return not isinstance(self.focused, Input)
        return True

    def on_screen_suspend(self) -> None:
        self.refresh_bindings()  # the footer below a view or a dialog loses this screen's keys

    def action_unzoom(self) -> None:
        self.minimize()

    def action_leave(self) -> None:
        self.app.exit()

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
        apart = (*ANALYST_KEYS, *SOURCE_KEYS)
        everywhere = [binding for binding in [*self.BINDINGS, *APP_KEYS] if binding.id not in apart]
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
        self.app.push_screen(HelpScreen(sections))


def _row_of(event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> Row | None:
    """What the option of `event` stands for, from its own list (a message may come as the
    app closes, with no main screen left to look it up in)."""
    listed = event.option_list
    return listed.row_of(event.option) if isinstance(listed, RowList) else None
