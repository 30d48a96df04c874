"""The source pane: a whole source document, the cited paragraph marked and its quote
emphasised, a cursor to move between paragraphs (its find and its selection of words to
quote are sourcefind.py's)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import AwaitMount
from textual.widgets import Input, Static

from ..library.model import Library, Paragraph, Source, Version
from ..text.selection import Selection
from ..text.textsafe import counted, visible
from . import render
from .sourcefind import FindAndSelect


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


class SourceView(FindAndSelect, can_focus=True):
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
        # Priority, as ^f: the words typed right after are the form's.
        Binding(
            "a,enter",
            "quote(False)",
            "New claim",
            tooltip="A new claim quoting the selection",
            priority=True,
            id="new-claim",
        ),
        Binding(
            "plus",
            "quote(True)",
            "Add as evidence",
            tooltip="Add the selection as evidence of a claim",
            priority=True,
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
        # Priority: taken as it arrives, so that the words typed after it go to the find box
        # (else they are handed to the pane before ^f comes back to it as a binding).
        Binding(
            "ctrl+f",
            "find",
            "Find",
            tooltip="Find words in this source (n and N: next, previous)",
            priority=True,
            id="find",
        ),
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
        self.earlier: Version | None = None  # an earlier version shown, read-only

    def compose(self):
        with VerticalScroll(id="source-scroll", can_focus=False):
            yield Static(id="source-title")
            yield Vertical(id="paragraphs")
        yield Input(placeholder="find in this source", id="find-input")

    @property
    def cursor_paragraph(self) -> Paragraph | None:
        return self.paragraphs[self.cursor] if self.paragraphs else None

    def show(
        self,
        library: Library,
        source_id: str | None,
        ref: str | None,
        quote_span: tuple[int, int] | None,
        earlier: Version | None = None,
    ) -> None:
        """Show source `source_id` with paragraph `ref` cited (and `quote_span` inside it);
        with `earlier`, that version of it, read-only: the words a quote was made against."""
        source = library.sources.get(source_id) if source_id else None
        if earlier is not None and source is not None:
            kept = earlier is self.earlier and library is self.library
            source = self.source if kept else earlier.as_source(source)
        self.earlier = earlier
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
            # The coroutine made in the worker: one cancelled before it starts leaves none unawaited.
            self.run_worker(partial(self._scroll_when_mounted, mounted), group="source-scroll", exclusive=True)

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
            kept += f" · version {source.version} (C: its changes)" if source.versions else ""
            if self.earlier is not None:
                newest = self.library.sources[source.id].version
                kept = f" · version {self.earlier.number} of {newest}, as quoted: not the newest (C: its changes)"
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

    # --- words selected to quote ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quote":  # a priority key: in the find box, it is typed
            return self.selection is not None and self.has_focus
        if action in self.SELECTION_ACTIONS:
            return self.selection is not None
        return True

    def action_step_back(self) -> None:
        if self.selection is not None:
            self._select(None)
        elif self.find_text:
            self.action_clear_find()
        else:
            self.screen.action_to_list()
