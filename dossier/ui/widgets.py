"""The panes of the main screen. They show what the app gives them and report what the
reader did; none of them changes another."""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..library.choices import Order
from ..library.citation import relations
from ..library.model import Claim, Library, Paragraph
from ..search.query import Filters
from ..search.results import Hit, Results
from ..text.textsafe import counted, paragraphs_do, visible
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
        Binding("down", "screen.move_results(1)", "Next match", show=False, id="search-next"),
        Binding("up", "screen.move_results(-1)", "Previous match", show=False, id="search-previous"),
        Binding(
            "escape", "screen.leave_search", "The list", tooltip="To the claims list, where keys act", id="leave-search"
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


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A row that stands for a claim: a result, a claim citing the paragraph shown, or a
    claim picked in an analyst view."""

    claim_id: str


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    """A row that stands for a paragraph (a result of a search of the paragraphs)."""

    ref: str


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """A row of the claim pane: a piece of the claim's evidence."""

    index: int


@dataclass(frozen=True, slots=True)
class RelatedRow:
    """A row of the claim pane: the `index`th relation of the claim shown, `kind`
    (updates, contradicts, supports) in `direction` (out: the claim shown names the other;
    in: the other names it), with the other claim."""

    index: int
    kind: str
    direction: str
    claim_id: str


Row = ClaimRow | ParagraphRow | EvidenceRow | RelatedRow


class RowList(OptionList):
    """An option list whose options each stand for something typed (a `Row`): the app asks
    `row_of(option)`, never reads meaning into an option's id (which stays stable, so that
    the highlight is found again)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: dict[str, Row] = {}

    def row_option(self, prompt, row: Row) -> Option:
        key = _row_key(row)
        self.rows[key] = row
        return Option(prompt, id=key)

    def row_of(self, option: Option | None) -> Row | None:
        return self.rows.get(option.id) if option is not None and option.id else None

    @property
    def highlighted_row(self) -> Row | None:
        return self.row_of(self.highlighted_option)


def _row_key(row: Row) -> str:
    if isinstance(row, ClaimRow):
        return f"claim:{row.claim_id}"
    if isinstance(row, ParagraphRow):
        return f"paragraph:{row.ref}"
    if isinstance(row, EvidenceRow):
        return f"evidence:{row.index}"
    return f"related:{row.index}"


class ResultList(RowList):
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
        self.rows = {}
        options: list[Option | None] = []
        group: tuple[str, str] | None = None
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
            options.append(self.row_option(row, ClaimRow(hit.key) if hit.kind == "claim" else ParagraphRow(hit.key)))
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
    def _group(library: Library, hit: Hit) -> tuple[str, str]:
        """("dossier", its id) for a claim, ("source", its id) for a paragraph."""
        if hit.kind == "claim":
            return "dossier", library.claims[hit.key].dossier_id
        return "source", hit.key.partition("#")[0]

    @staticmethod
    def _heading(library: Library, group: tuple[str, str], count: int) -> Option:
        kind, key = group
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


class ClaimView(RowList):
    """A claim: its details, then its evidence and relations to pick from. Or, for a
    paragraph shown for itself, the claims that cite it. Its rows: EvidenceRow,
    RelatedRow, and ClaimRow (a citing claim)."""

    BINDINGS = [
        *VIM_MOVES,
        Binding(
            "escape",
            "screen.to_list",
            "Back to the list",
            tooltip="Back to the claims list",
            show=False,
            id="claim-escape",
        ),
        Binding(
            "d,delete",
            "screen.remove_item",
            "Remove",
            tooltip="Remove the highlighted piece of evidence or relation (asks first)",
            id="remove-item",
        ),
        Binding(
            "A",
            "screen.reattach",
            "Re-attach",
            tooltip="Re-attach a quote its paragraph no longer has to the closest passage",
            show=False,
            id="reattach",
        ),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._read_from_top: int | None = None

    def show_claim(self, library: Library, claim: Claim, evidence: int, spans: list[tuple[int, int]]) -> None:
        self.rows = {}
        options: list[Option | None] = [Option(render.claim_details(library, claim, spans), disabled=True), None]
        options.append(Option(Content(f"Evidence ({len(claim.evidence)})").stylize("bold"), disabled=True))
        options += [
            self.row_option(Hanging(render.evidence_row(library, claim, number, item), 3), EvidenceRow(number - 1))
            for number, item in enumerate(claim.evidence, 1)
        ]
        related = relations(library, claim)
        if related:
            options.append(Option(Content(f"Relations ({len(related)})").stylize("bold"), disabled=True))
            options += [
                self.row_option(
                    Hanging(render.relation_row(library, kind, direction, library.claims[other]), 2),
                    RelatedRow(number, kind, direction, other),
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
        self.rows = {}
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
            self.row_option(
                Hanging(
                    render.citing_row(library, claim, [item.quote for item in evidence]),
                    render.claim_mark(library, claim).cell_length,
                ),
                ClaimRow(claim.id),
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
        row = self.highlighted_row
        return row.index if isinstance(row, EvidenceRow) else None
