"""The panes of the main screen. They show what the app gives them and report what the
reader did; none of them changes another."""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass

from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import reactive
from textual.selection import Selection as TextSelection
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..citation import relations
from ..model import Claim, Library, Paragraph, Source
from ..results import Hit, Results, find_all
from ..search import Filters, Order
from ..selection import Selection
from ..textsafe import counted, paragraphs_do, visible
from . import render
from .hanging import Hanging

VIM_MOVES = [
    Binding("j", "cursor_down", "Down", tooltip="Down (also the arrow keys)", show=False, id="down"),
    Binding("k", "cursor_up", "Up", tooltip="Up", show=False, id="up"),
    Binding("g", "first", "Top", tooltip="Top (also Home)", show=False, id="top"),
    Binding("G", "last", "Bottom", tooltip="Bottom (also End)", show=False, id="bottom"),
]


class QueryInput(Input):
    """The query box. A `/` typed into it while it is empty is the habit of less and vim
    (press / to search), not the start of a query: the box is where it already goes."""

    # Printable keys whose names Textual does not turn into their characters: without
    # them here, the footer would offer "/ Search" and "+ Zoom" while they are typed.
    NAMED_CHARACTERS = {"plus": "+", "slash": "/", "minus": "-"}

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return super().check_consume_key(key, character or self.NAMED_CHARACTERS.get(key))

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        from ..sources.importing import dropped_path

        if dropped_path(event.text) is not None:  # a file dropped on the terminal: not typed here,
            event.prevent_default()  # the event goes on to the app, which offers to import it


class SearchBar(Horizontal):
    """The query box, with the search scope and the number of matches beside it. While
    typing, up and down move the highlight in the results, as in fzf."""

    BINDINGS = [
        Binding("down", "app.move_results(1)", "Next match", show=False, id="search-next"),
        Binding("up", "app.move_results(-1)", "Previous match", show=False, id="search-previous"),
        Binding(
            "escape", "app.leave_search", "The list", tooltip="To the claims list, where keys act", id="leave-search"
        ),
    ]

    # What the box says while empty, longest first: the longest that fits beside the status.
    PLACEHOLDERS = (
        "type to search · Esc: the list · speaker: tag: status: source: · 'exact · !not",
        "type to search · Esc: the list · speaker: tag: status: source:",
        "type to search · Esc: the list",
        "type to search",
    )
    SEPARATOR = Content(" · ").stylize("$text-muted")

    status: reactive[Content] = reactive(Content(""))  # all of it, whatever is shown

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._parts: list[tuple[Content, int]] = []

    def compose(self):
        yield QueryInput(placeholder=self.PLACEHOLDERS[0], id="query", select_on_focus=False, compact=True)
        yield Static(id="search-status")

    def show_status(self, parts: list[tuple[Content, int]]) -> None:
        """The status's parts, each with how much it matters (0 most), in the order shown:
        where they do not all fit, those that matter least are left out, whole (a part cut
        off leaves a separator hanging)."""
        self._parts = parts
        self.status = self.SEPARATOR.join(part for part, _ in parts)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.content_size.width or self.app.size.width - 2
        room = int(width * 0.6) - 2  # the status's max-width, less its padding (app.tcss)
        parts = list(self._parts)
        while len(parts) > 1 and self.SEPARATOR.join(part for part, _ in parts).cell_length > room:
            parts.remove(max(parts, key=lambda part: part[1]))  # the last of those that matter least
        shown = self.SEPARATOR.join(part for part, _ in parts)
        self.query_one("#search-status", Static).update(shown)
        left = width - (shown.cell_length + 2 if shown else 0)
        query = self.query_one("#query", Input)
        query.placeholder = next((text for text in self.PLACEHOLDERS if len(text) <= left), self.PLACEHOLDERS[-1])


class FilterBar(Static):
    """The filters in use and the order of the claims, shown whenever either is not the
    default, with the key that clears them."""

    filters: reactive[Filters] = reactive(Filters())
    order: reactive[Order] = reactive(Order.RELEVANCE)

    def on_mount(self) -> None:
        self._show()

    def watch_filters(self) -> None:
        self._show()

    def watch_order(self) -> None:
        self._show()

    def _show(self) -> None:
        self.display = bool(self.filters) or self.order is not Order.RELEVANCE
        sections: list[Content] = []
        if self.filters:
            parts: list[Content | tuple[str, str]] = [("Filtered: ", "bold")]
            for number, (label, value) in enumerate(self.filters.active()):
                if number:
                    parts.append((" · ", "$text-muted"))
                if value:
                    parts += [(f"{label} ", "$text-muted"), (visible(value), "bold $text-warning")]
                else:
                    parts.append((label, "bold $text-warning"))
            sections.append(Content.assemble(*parts))
        if self.order is not Order.RELEVANCE:
            sections.append(
                Content.assemble(
                    ("Sorted: ", "bold"), (self.order.label, "bold $text-warning"), (" (o)", "$text-muted")
                )
            )
        sections.append(Content("x clears").stylize("$text-muted"))
        self.update(Content("   ").join(sections))


class ResultList(OptionList):
    """Claims grouped by dossier under headings, or ranked matches for a query. Option
    ids are `claim:<id>` or `paragraph:<ref>`; headings have none and cannot be chosen."""

    BINDINGS = [
        *VIM_MOVES,
        Binding(
            "escape",
            "clear_query",
            "Clear query",
            tooltip="Clear the query (in the results)",
            show=False,
            id="clear-query",
        ),
    ]

    @dataclass
    class ClearQuery(Message):
        """The reader pressed Esc in the results to drop the query."""

    def action_clear_query(self) -> None:
        self.post_message(self.ClearQuery())

    # Rows cost layout time each, so a huge library lists the best matches only; the
    # status line says so, and typing narrows the rest into reach.
    MAX_ROWS = 500

    def show(
        self,
        library: Library,
        results: Results,
        keep: str | None,
        elsewhere: int | None = None,
        fallback: bool = True,
    ) -> int:
        """Fill the list from `results`; keep the highlight on option `keep` if it is there,
        else (with `fallback`) put it on the first match. `elsewhere`: how many source
        paragraphs match, where no claim does. Returns how many matches are listed."""
        hits = results.hits[: self.MAX_ROWS]
        query = results.query
        # In the library's order, claims sit under their dossier and paragraphs under their
        # source; ranked or sorted, each row names its dossier instead.
        grouped = not query and results.order is Order.RELEVANCE
        counts = Counter(self._group(library, hit) for hit in hits) if grouped else Counter()
        if grouped and len(results.hits) > len(hits):
            # The last group goes on past the rows shown (groups follow the library's order).
            last, beyond = self._group(library, hits[-1]), len(hits)
            while beyond < len(results.hits) and self._group(library, results.hits[beyond]) == last:
                counts[last] += 1
                beyond += 1
        options: list[Option | None] = []
        group: str | None = None
        # Ranked, the hits holding fewer of the words come after a line that says so.
        words = results.words if results.partial and not grouped and results.order is Order.RELEVANCE else 0
        for hit in hits:
            if hit.words < words:
                words = hit.words
                options.append(Option(render.fewer_words(hit.words, results.words), disabled=True))
            if hit.kind == "claim":
                claim = library.claims[hit.key]
                if grouped and group != (group := self._group(library, hit)):
                    options.append(self._heading(library, group, counts[group]))
                label = None if grouped else claim.dossier_id
                row = render.claim_row(library, claim, results.highlights(claim.text), label)
                row = Hanging(row, render.claim_mark(library, claim).cell_length)  # wrapped right of the marks
            else:
                paragraph = library.paragraph(hit.key)
                if grouped and group != (group := self._group(library, hit)):
                    options.append(self._heading(library, group, counts[group]))
                title = None if grouped else library.sources[paragraph.source_id].title
                row = Hanging(render.paragraph_row(paragraph, title, results.highlights(paragraph.text)), 2)
            options.append(Option(row, id=f"{hit.kind}:{hit.key}"))
        if not hits and (query or results.filters):
            lines = ["Nothing matches."]
            if elsewhere:
                lines = ["No claim matches;", f"{paragraphs_do(elsewhere)}:", "Ctrl+T searches them too."]
            lines += ["x clears the filters."] if results.filters else []
            lines += ["Esc clears the query."] if query else []
            options.append(Option(Content("\n".join(lines)).stylize("$text-muted"), disabled=True))
        self.set_options(options)
        self.highlight(keep, fallback)
        return len(hits)

    @staticmethod
    def _group(library: Library, hit: Hit) -> str:
        """`dossier:<id>` for a claim, `source:<id>` for a paragraph."""
        if hit.kind == "claim":
            return f"dossier:{library.claims[hit.key].dossier_id}"
        return f"source:{hit.key.partition('#')[0]}"

    @staticmethod
    def _heading(library: Library, group: str, count: int) -> Option:
        kind, _, key = group.partition(":")
        if kind == "dossier":
            dossier = library.dossiers.get(key)
            title = dossier.title if dossier else key
        else:
            title = library.sources[key].title
        return Option(render.group_heading(title, count), disabled=True)

    def highlight(self, option_id: str | None, fallback: bool = True) -> None:
        """Move the highlight to `option_id` when listed, else (with `fallback`) to the first choice."""
        index = None
        if option_id:
            with contextlib.suppress(OptionDoesNotExist):  # filtered out by the query
                index = self.get_option_index(option_id)
        if index is None and fallback:
            index = next((i for i, option in enumerate(self.options) if not option.disabled), None)
        if index is not None or fallback:
            self.highlighted = index


class ClaimView(OptionList):
    """A claim: its details, then its evidence and relations to pick from. Or, for a
    paragraph shown for itself, the claims that cite it. Option ids: `evidence:<n>`,
    `related:<n>` (a related claim) and `claim:<id>` (a citing claim)."""

    BINDINGS = [
        *VIM_MOVES,
        Binding(
            "escape",
            "app.to_list",
            "Back to the list",
            tooltip="Back to the claims list",
            show=False,
            id="claim-escape",
        ),
        Binding(
            "d,delete",
            "app.remove_item",
            "Remove",
            tooltip="Remove the highlighted piece of evidence or relation (asks first)",
            id="remove-item",
        ),
        Binding(
            "A",
            "app.reattach",
            "Re-attach",
            tooltip="Re-attach a quote its paragraph no longer has to the closest passage",
            show=False,
            id="reattach",
        ),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.related: list[str] = []  # claim ids of the `related:<n>` options
        self.relations: list[tuple[str, str, str]] = []  # and their (kind, direction, claim id)
        self._read_from_top: int | None = None

    def show_claim(self, library: Library, claim: Claim, evidence: int, spans: list[tuple[int, int]]) -> None:
        options: list[Option | None] = [Option(render.claim_details(library, claim, spans), disabled=True), None]
        options.append(Option(Content(f"Evidence ({len(claim.evidence)})").stylize("bold"), disabled=True))
        options += [
            Option(Hanging(render.evidence_row(library, claim, number, item), 3), id=f"evidence:{number - 1}")
            for number, item in enumerate(claim.evidence, 1)
        ]
        related = relations(library, claim)
        self.relations, self.related = related, [other for _, _, other in related]
        if related:
            options.append(Option(Content(f"Relations ({len(related)})").stylize("bold"), disabled=True))
            options += [
                Option(
                    Hanging(render.relation_row(library, kind, direction, library.claims[other]), 2),
                    id=f"related:{number}",
                )
                for number, (kind, direction, other) in enumerate(related)
            ]
        self.set_options(options)
        first = self.get_option_index(f"evidence:{evidence}") if claim.evidence else None
        # A claim just opened reads from its first line, even in a short pane, until the
        # reader moves: Textual scrolls to the highlight again when the pane is shown.
        self._read_from_top = first if evidence == 0 else None
        self.highlighted = first
        if evidence == 0:
            self.call_after_refresh(self.scroll_home, animate=False, immediate=True)

    def scroll_to_highlight(self, top: bool = False) -> None:
        if self.highlighted is not None and self.highlighted == self._read_from_top:
            self.scroll_home(animate=False, immediate=True)
        else:
            self._read_from_top = None
            super().scroll_to_highlight(top)

    def show_paragraph(self, library: Library, paragraph: Paragraph) -> None:
        """A paragraph's backlinks: every claim that cites it, with the words it quotes."""
        source = library.sources[paragraph.source_id]
        citing = library.citing_claims(paragraph.ref)
        heading = Content.assemble(
            ("¶ ", "bold"),
            (paragraph.ref, "bold $text-secondary"),
            "\n",
            render.literal(source.title),
        )
        count = f"Cited by {counted(len(citing), 'claim')}" if citing else "No claim cites it"
        options: list[Option | None] = [Option(heading, disabled=True), None]
        options.append(Option(Content(count).stylize("bold"), disabled=True))
        options += [
            Option(
                Hanging(
                    render.citing_row(library, claim, [item.quote for item in evidence]),
                    render.claim_mark(library, claim).cell_length,
                ),
                id=f"claim:{claim.id}",
            )
            for claim, evidence in citing
        ]
        self._read_from_top = None
        self.set_options(options)
        self.highlighted = self.get_option_index(f"claim:{citing[0][0].id}") if citing else None

    def show_message(self, message: Content) -> None:
        self.set_options([Option(message, disabled=True)])

    @property
    def evidence_index(self) -> int | None:
        option = self.highlighted_option
        if option and option.id and option.id.startswith("evidence:"):
            return int(option.id.partition(":")[2])
        return None


def _mark(view: Static, name: str, on: bool) -> None:
    """Set or clear a class, touching the widget only when it changes (cheap for long sources)."""
    if view.has_class(name) != on:
        view.set_class(on, name)


class ParagraphView(Static):
    """One paragraph of a source; a click puts the source pane's cursor on it."""

    @dataclass
    class Clicked(Message):
        index: int

    def __init__(self, index: int) -> None:
        super().__init__(classes="paragraph")
        self.index = index
        self.shown: tuple | None = None  # what it was last drawn with

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.index))


class SourceView(Vertical, can_focus=True):
    """A whole source document: the cited paragraph marked and its quote emphasised, a
    cursor to move between paragraphs, `less`-style find, and words selected to quote
    (vim's visual mode, by words: see selection.py)."""

    # The selection's keys act while there is one; else the same keys do what they do
    # elsewhere (b goes back, o sorts, + zooms, Enter lists the citing claims).
    SELECTION_ACTIONS = frozenset({"select_words", "swap_ends", "sentence_edge", "quote"})
    BINDINGS = [
        Binding(
            "v", "select", "Select", tooltip="Select words of the paragraph to quote (v again: cancel)", id="select"
        ),
        Binding("w,right", "select_words(1)", "Word", tooltip="Selection: one word more", show=False, id="select-word"),
        Binding(
            "b,left", "select_words(-1)", "Word back", tooltip="Selection: one word less", show=False, id="select-back"
        ),
        Binding("o", "swap_ends", "Other end", tooltip="Selection: move its other end", show=False, id="select-swap"),
        Binding(
            "0",
            "sentence_edge(False)",
            "Sentence start",
            tooltip="Selection: to the sentence's start",
            show=False,
            id="select-sentence-start",
        ),
        Binding(
            "dollar_sign",
            "sentence_edge(True)",
            "Sentence end",
            tooltip="Selection: to the sentence's end",
            show=False,
            id="select-sentence-end",
        ),
        Binding("a,enter", "quote(False)", "New claim", tooltip="A new claim quoting the selection", id="new-claim"),
        Binding(
            "plus",
            "quote(True)",
            "Add as evidence",
            tooltip="Add the selection as evidence of a claim",
            id="add-evidence",
        ),
        Binding("down,j", "move(1)", "Down", tooltip="Next paragraph", show=False, id="source-down"),
        Binding("up,k", "move(-1)", "Up", tooltip="Previous paragraph", show=False, id="source-up"),
        Binding("g,home", "move_to(0)", "Top", tooltip="First paragraph", show=False, id="source-top"),
        Binding("G,end", "move_to(-1)", "Bottom", tooltip="Last paragraph", show=False, id="source-bottom"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="source-page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="source-page-up"),
        Binding(
            "enter,c", "backlinks", "Citing claims", tooltip="List the claims that cite this paragraph", id="backlinks"
        ),
        Binding("ctrl+f", "find", "Find", tooltip="Find words in this source (n and N: next, previous)", id="find"),
        Binding("n", "next_find(1)", "Next", tooltip="Next match of the find", show=False, id="find-next"),
        Binding("N", "next_find(-1)", "Previous", tooltip="Previous match of the find", show=False, id="find-previous"),
        Binding(
            "escape",
            "step_back",
            "Back to the list",
            tooltip="Clear the find; without one, back to the claims list",
            show=False,
            id="source-escape",
        ),
    ]

    @dataclass
    class BacklinksRequested(Message):
        """The reader asked for the claims that cite paragraph `ref`."""

        ref: str

    @dataclass
    class QuoteChosen(Message):
        """The reader chose words of paragraph `ref` to quote: for a new claim, or as
        evidence of one (`as_evidence`)."""

        ref: str
        quote: str
        as_evidence: bool

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library: Library | None = None
        self.source: Source | None = None
        self.paragraphs: list[Paragraph] = []
        self.views: list[ParagraphView] = []  # one per paragraph, in order
        self.cited: str | None = None
        self.quote_span: tuple[int, int] | None = None
        self.cursor = 0
        self.find_text = ""
        self._find_origin = 0
        self.finds: list[tuple[int, int, int]] = []  # (paragraph index, start, end)
        self.current_find: int | None = None
        self.selection: Selection | None = None  # of the cursor's paragraph

    def compose(self):
        with VerticalScroll(id="source-scroll", can_focus=False):
            yield Static(id="source-title")
            yield Vertical(id="paragraphs")
        yield Input(placeholder="find in this source", id="find-input")

    @property
    def cursor_paragraph(self) -> Paragraph | None:
        return self.paragraphs[self.cursor] if self.paragraphs else None

    def show(
        self, library: Library, source_id: str | None, ref: str | None, quote_span: tuple[int, int] | None
    ) -> None:
        """Show source `source_id` with paragraph `ref` cited (and `quote_span` inside it)."""
        source = library.sources.get(source_id) if source_id else None
        rebuild = library is not self.library or source is not self.source
        if not rebuild and (ref, quote_span) == (self.cited, self.quote_span):
            return  # already shown: keep the reader's cursor and scroll
        self.library, self.source = library, source
        self.cited, self.quote_span = ref, quote_span
        if self.selection is not None:  # it was of a paragraph as it was shown: not of this one
            self.selection = None
            self.refresh_bindings()
        mounted = self._rebuild(source_id) if rebuild else None
        self.cursor = next((i for i, p in enumerate(self.paragraphs) if p.ref == ref), 0)
        self._refresh_paragraphs()
        if mounted is None:
            self._scroll_to_cursor(center=True)
        else:  # new paragraphs have no place on screen until they are mounted
            self.run_worker(self._scroll_when_mounted(mounted), group="source-scroll", exclusive=True)

    async def _scroll_when_mounted(self, mounted: AwaitMount) -> None:
        await mounted
        self._scroll_to_cursor(center=True)

    def _rebuild(self, source_id: str | None) -> AwaitMount:
        source = self.source
        self.paragraphs = list(source.paragraphs.values()) if source else []
        title = self.query_one("#source-title", Static)
        if source is None:
            message = f"Source '{source_id}' is not in the library." if source_id else "No source to show."
            title.update(Content(visible(message)).stylize("$text-muted"))
        else:
            # Short, so that the paragraphs keep the pane: the address and authors are in `show`.
            about = ", ".join(part for part in (source.publisher, source.published) if part)
            kept = f" · archived {source.archive.sha256[:8]}" if source.archive else ""
            title.update(
                Content.assemble(
                    (visible(source.title), "bold"),
                    "\n",
                    (visible(f"{source.id} · {about}" if about else source.id) + kept, "$text-muted"),
                )
            )
        container = self.query_one("#paragraphs", Vertical)
        container.remove_children()
        self.views = [ParagraphView(index) for index in range(len(self.paragraphs))]
        mounted = container.mount_all(self.views)
        # A find belongs to the source it was typed in (as in less, each file its own).
        self.find_text, self.finds, self.current_find = "", [], None
        self.query_one("#find-input", Input).display = False
        self.border_title = Content(visible(source.id)) if source else None
        return mounted

    def _refresh_paragraphs(self) -> None:
        assert self.library is not None
        finds_by_paragraph: dict[int, list[tuple[int, int]]] = {}
        current: dict[int, int] = {}
        for number, (index, start, end) in enumerate(self.finds):
            if number == self.current_find:
                current[index] = len(finds_by_paragraph.get(index, []))
            finds_by_paragraph.setdefault(index, []).append((start, end))
        for view in self.views:
            paragraph = self.paragraphs[view.index]
            cited = paragraph.ref == self.cited
            quote_span = self.quote_span if cited else None
            selected = self.selection.span if self.selection and view.index == self.cursor else None
            state = (cited, quote_span, finds_by_paragraph.get(view.index, []), current.get(view.index), selected)
            if state != view.shown:  # only changed paragraphs: each update costs a layout
                view.shown = state
                citing = len(self.library.citing_claims(paragraph.ref))  # claims, as `c` lists them
                view.update(render.paragraph_body(paragraph, citing, *state))
            _mark(view, "-cited", cited)
            _mark(view, "-cursor", view.index == self.cursor)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        if self.selection:
            chosen = self.selection
            words = counted(chosen.words, "word")
            self.border_subtitle = Content(f"“{visible(render.both_ends(chosen.quote))}” · {words}")
        elif self.find_text:
            where = f"{self.current_find + 1}/{len(self.finds)}" if self.current_find is not None else len(self.finds)
            found = f"{where} match{'es' * (len(self.finds) != 1)}" if self.finds else "no match"
            self.border_subtitle = Content(f"find “{visible(self.find_text)}”: {found} · n/N")
        else:
            self.border_subtitle = None

    def _scroll_to_cursor(self, center: bool = False) -> None:
        """Bring the cursor's paragraph into view: centred (a jump), or just visible (a step).
        Waits for the paragraphs to be laid out first: before that their places are wrong."""
        if not self.views:
            return
        view = self.views[self.cursor]
        scroll = self.query_one("#source-scroll", VerticalScroll)

        def after_layout() -> None:
            if self.cursor == 0:  # the first paragraph: the source's title above it stays in view
                self.call_after_refresh(scroll.scroll_home, animate=False)
            else:
                self.call_after_refresh(scroll.scroll_to_widget, view, animate=False, center=center)

        self.call_after_refresh(after_layout)

    def on_resize(self) -> None:
        self._scroll_to_cursor(center=True)  # paragraphs wrap anew: keep the cursor's in view

    def action_move(self, step: int) -> None:
        self.action_move_to(min(max(self.cursor + step, 0), len(self.paragraphs) - 1))

    def action_move_to(self, index: int) -> None:
        if not self.paragraphs:
            return
        if self.selection is not None and index % len(self.paragraphs) != self.cursor:
            self._select(None)  # a selection stays inside its paragraph
        _mark(self.views[self.cursor], "-cursor", False)
        self.cursor = index % len(self.paragraphs)
        _mark(self.views[self.cursor], "-cursor", True)
        self._scroll_to_cursor()

    def action_page(self, direction: int) -> None:
        scroll = self.query_one("#source-scroll", VerticalScroll)
        scroll.scroll_page_down(animate=False) if direction > 0 else scroll.scroll_page_up(animate=False)

    @on(ParagraphView.Clicked)
    def _clicked(self, event: ParagraphView.Clicked) -> None:
        self.focus()
        self.action_move_to(event.index)

    def action_backlinks(self) -> None:
        if self.cursor_paragraph:
            self.post_message(self.BacklinksRequested(self.cursor_paragraph.ref))

    # --- find, as in less ---------------------------------------------------------

    def action_find(self) -> None:
        self._find_origin = self.cursor  # where a find that finds nothing leaves the cursor
        find = self.query_one("#find-input", Input)
        find.display = True
        find.value = self.find_text
        find.focus()

    def _find_matches(self, text: str) -> list[tuple[int, int, int]]:
        return [
            (index, start, end)
            for index, paragraph in enumerate(self.paragraphs)
            for start, end in find_all(text, paragraph.text)
        ]

    @on(Input.Changed, "#find-input")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find_text = event.value
        self.finds = self._find_matches(event.value)
        self.current_find = None
        self._step_find(1, from_cursor=True)

    @on(Input.Submitted, "#find-input")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_find()

    def _close_find(self) -> None:
        find = self.query_one("#find-input", Input)
        find.display = False
        self.focus()

    # --- words selected to quote ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.SELECTION_ACTIONS:
            return self.selection is not None
        return True

    def action_select(self) -> None:
        paragraph = self.cursor_paragraph
        if self.selection is not None or paragraph is None:
            self._select(None)
            return
        self._select(Selection.at_first_word(paragraph.text))
        if self.selection is None:
            self.notify("This paragraph has no words to select", severity="warning", timeout=3)

    def action_select_words(self, step: int) -> None:
        self._select(self.selection.moved(step))

    def action_swap_ends(self) -> None:
        self._select(self.selection.swapped())

    def action_sentence_edge(self, forward: bool) -> None:
        self._select(self.selection.to_sentence_edge(forward))

    def take_mouse_selection(self, selections: dict[Widget, TextSelection]) -> None:
        """Words dragged over with the mouse (Textual's selection), made the selection to
        quote: whole words, in the first paragraph dragged over (a quote stays inside one)."""
        dragged = [(view, selections[view]) for view in self.views if view in selections]
        if not dragged:
            return
        view, chosen = dragged[0]
        paragraph = self.paragraphs[view.index]
        lines = str(view.content).split("\n")  # its label, then the paragraph's text
        body = len(lines[0]) + 1

        def offset(at: Offset | None, otherwise: int) -> int:
            if at is None:
                return otherwise
            return sum(len(line) + 1 for line in lines[: at.y]) + at.x - body

        start, end = offset(chosen.start, 0), offset(chosen.end, len(paragraph.text))
        if len(dragged) > 1:
            end = len(paragraph.text)
            self.notify(f"A quote stays inside one paragraph: the selection ends with {paragraph.id}", timeout=3)
        selection = Selection.spanning(paragraph.text, max(start, 0), end)
        self.screen.clear_selection()  # the words are marked as the keys mark them
        if selection is None:
            return
        self.focus()
        self.action_move_to(view.index)
        self._select(selection)

    def action_quote(self, as_evidence: bool) -> None:
        self.post_message(self.QuoteChosen(self.cursor_paragraph.ref, self.selection.quote, as_evidence))

    def _select(self, selection: Selection | None) -> None:
        self.selection = selection
        self._refresh_paragraphs()
        self.refresh_bindings()

    def action_step_back(self) -> None:
        if self.selection is not None:
            self._select(None)
        elif self.find_text:
            self.action_clear_find()
        else:
            self.app.action_to_list()

    def action_clear_find(self) -> None:
        self.find_text = ""
        self.finds = []
        self.current_find = None
        self._close_find()
        self._refresh_paragraphs()

    def action_next_find(self, step: int) -> None:
        if not self.find_text:
            self.notify("Nothing to find yet: press / and type", severity="warning", timeout=3)
            return
        self._step_find(step)

    def _step_find(self, step: int, from_cursor: bool = False) -> None:
        if not self.finds:  # back where the find started, not on the last partial match
            if from_cursor and self.cursor != self._find_origin and self.paragraphs:
                self.action_move_to(min(self._find_origin, len(self.paragraphs) - 1))
            self._refresh_paragraphs()
            return
        if from_cursor or self.current_find is None:
            # The first match at or after the cursor (or before it, going back).
            ahead = [n for n, (index, _, _) in enumerate(self.finds) if index >= self.cursor]
            if step > 0:
                self.current_find = ahead[0] if ahead else 0
            else:
                behind = [n for n, (index, _, _) in enumerate(self.finds) if index <= self.cursor]
                self.current_find = behind[-1] if behind else len(self.finds) - 1
        else:
            self.current_find = (self.current_find + step) % len(self.finds)
        self.cursor = self.finds[self.current_find][0]
        self._refresh_paragraphs()
        self._scroll_to_cursor(center=True)
