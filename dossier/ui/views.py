"""Analyst views over the claims the main screen lists: figures side by side, a
timeline, the speakers and relays, every relation, and the filter menu.

Each view is a screen of rows with a preview of the highlighted one. Enter picks a row
and the screen is dismissed with its option id: `claim:<id>` to open a claim,
`speaker:<name>` (speakers) or `filter:<kind>:<value>` (the filter menu) to filter.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cached_property

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..analysis import Relation, all_relations, bar, figure_groups, speakers, timeline
from ..citation import BOUND_WORDS, figure_value, relation_label
from ..format import STATUSES
from ..loader import where_written
from ..model import Claim, Library
from ..search import Filters, SearchIndex
from ..textsafe import counted, visible
from . import render
from .widgets import VIM_MOVES

BAR_WIDTH = 14
SPEAKER_WIDTH = 24
DOSSIER_WIDTH = 18
GAP = "  "


def cell(content: Content | str, width: int, right: bool = False) -> Content:
    """`content` cut or padded to exactly `width` cells."""
    content = render.literal(content) if isinstance(content, str) else content
    if content.cell_length > width:
        return content.truncate(width, ellipsis=True)
    padding = width - content.cell_length
    return content.pad(padding, 0) if right else content.pad_right(padding)


def row(*cells: Content) -> Content:
    return Content(GAP).join(cells)


class ViewList(OptionList):
    BINDINGS = VIM_MOVES


class AnalystView(Screen[str | None]):
    """Rows over `claims` (the ones the main screen lists) under a title and a header."""

    BINDINGS = [Binding("escape,q", "dismiss", "Back", tooltip="Back to the claims", id="close-view")]
    NAME = ""
    # Rows cost layout time each: past this, a last row says to narrow the claims.
    MAX_ROWS = 1000
    cut = False

    def __init__(self, library: Library, claims: list[Claim], covering: str) -> None:
        super().__init__()
        self.library = library
        self.claims = claims
        self.covering = covering  # which claims: 'all 51 claims', 'the 7 claims listed (…)'

    def compose(self):
        yield Static(id="view-title")
        yield Static(id="view-header")
        yield ViewList(id="view-list", markup=False)
        yield Static(id="view-preview")
        yield Footer()

    def on_mount(self) -> None:
        view_list = self.query_one(ViewList)
        options, summary = self.rows()
        title = Content.assemble((self.NAME, "bold $text-primary"), (f" · {summary} · {self.covering}", "$text-muted"))
        self.query_one("#view-title", Static).update(title)
        header = self.header()
        self.query_one("#view-header", Static).update(header.stylize("bold $text-muted"))
        self.query_one("#view-header").display = bool(header)
        if self.cut:
            note = f"… the first {len(options):,} rows only: narrow the claims with / or F to see the rest"
            options.append(Option(Content(note).stylize("$text-warning"), disabled=True))
        view_list.set_options(options or [Option(self.empty_message(), disabled=True)])
        first = next((index for index, option in enumerate(view_list.options) if not option.disabled), None)
        view_list.highlighted = first
        view_list.focus()
        if first is None:
            self.query_one("#view-preview", Static).update("")

    def rows(self) -> tuple[list[Option | None], str]:
        """The options, and what they add up to for the title."""
        raise NotImplementedError

    def full(self, options: list[Option | None]) -> bool:
        """Whether `options` holds as many rows as the view shows (noted for a last row)."""
        self.cut = self.cut or len(options) >= self.MAX_ROWS
        return self.cut

    def header(self) -> Content:
        return Content("")

    def empty_message(self) -> Content:
        return Content("Nothing to show among these claims.").stylize("$text-muted")

    def chosen(self, option_id: str) -> str:
        """What picking option `option_id` means: `claim:<id>`, `speaker:<name>`."""
        return option_id

    def preview(self, option_id: str) -> Content:
        kind, _, key = self.chosen(option_id).partition(":")
        claim = self.library.claims.get(key) if kind == "claim" else None
        return render.claim_preview(self.library, claim) if claim else Content("")

    @on(OptionList.OptionHighlighted, "#view-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#view-preview", Static).update(self.preview(event.option.id or ""))

    @on(OptionList.OptionSelected, "#view-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.chosen(event.option.id or ""))


class FiguresView(AnalystView):
    """Claims grouped by the quantity their figure counts, largest first, with bars
    where the units agree."""

    NAME = "Figures"

    def header(self) -> Content:
        names = ["value", "bound", "unit", "", "speaker", "date", "sources"]
        cells = [cell(name, width, right=name == "value") for name, width in zip(names, self.widths, strict=True)]
        return Content("  ") + row(*cells)

    @cached_property
    def widths(self) -> list[int]:
        """Of the columns, shared by the header and the rows."""
        figured = [claim for claim in self.claims if claim.figure]
        return [
            max((len(figure_value(claim.figure)) for claim in figured), default=5),  # type: ignore[arg-type]
            max(len(word) for word in BOUND_WORDS.values()),
            min(20, max((len(claim.figure.unit or "") for claim in figured), default=4)),  # type: ignore[union-attr]
            BAR_WIDTH,
            min(22, max((len(claim.speaker or "") for claim in figured), default=7)),
            10,
            min(20, max((len(_sources(claim)) for claim in figured), default=7)),
        ]

    def rows(self) -> tuple[list[Option | None], str]:
        groups = figure_groups(self.claims)
        widths = self.widths
        options: list[Option | None] = []
        for group in groups:
            if self.full(options):
                break
            others = [unit or "no unit" for unit in group.units if unit != group.unit]
            note = f" · bars compare {group.unit or 'figures with no unit'}"
            if others:
                note += f"; no bar for {', '.join(others)}"
            heading = Content.assemble(
                (visible(group.what), "bold $text-secondary"),
                (f" · {counted(len(group.claims), 'claim')}{visible(note)}", "$text-muted"),
            )
            options.append(Option(heading, disabled=True))
            for claim in group.claims:
                if self.full(options):
                    break
                figure = claim.figure
                assert figure is not None
                drawn = bar(figure.value, group.largest, BAR_WIDTH) if group.charted(claim) else ""
                cells = [
                    cell(Content(figure_value(figure)).stylize("bold"), widths[0], right=True),
                    cell(BOUND_WORDS.get(figure.bound, figure.bound), widths[1]),
                    cell(figure.unit or "", widths[2]),
                    cell(Content(drawn).stylize("$text-accent"), widths[3]),
                    cell(claim.speaker or "—", widths[4]),
                    cell(claim.date or "undated", widths[5]),
                    cell(_sources(claim), widths[6]),
                ]
                marks = render.claim_mark(self.library, claim)
                options.append(Option(Content.assemble(marks.truncate(2), row(*cells)), id=f"claim:{claim.id}"))
        quantities = f"{len(groups):,} {'quantity' if len(groups) == 1 else 'quantities'}"
        summary = f"{quantities}, {counted(sum(len(group.claims) for group in groups), 'figure')}"
        return options, summary

    def empty_message(self) -> Content:
        return Content("No claim here gives a figure (the `figure:` key of a claim).").stylize("$text-muted")


def _sources(claim: Claim) -> str:
    """`report-a +2`: the first source its evidence cites, and how many more."""
    first, *more = claim.source_ids or ("",)
    return f"{first} +{len(more)}" if more else first


class TimelineView(AnalystView):
    """Claims by date across dossiers, undated ones last."""

    NAME = "Timeline"

    def header(self) -> Content:
        return row(cell("speaker", SPEAKER_WIDTH), cell("dossier", DOSSIER_WIDTH), Content("claim"))

    def rows(self) -> tuple[list[Option | None], str]:
        ordered = timeline(self.claims)
        per_day = Counter(claim.date for claim in ordered)
        options: list[Option | None] = []
        day: str | None = ""
        for claim in ordered:
            if self.full(options):
                break
            if claim.date != day:
                day = claim.date
                options.append(Option(_day_heading(day, per_day[day]), disabled=True))
            cells = [
                cell(Content(visible(claim.speaker or "—")).stylize("bold"), SPEAKER_WIDTH),
                cell(Content(visible(claim.dossier_id)).stylize("$text-muted"), DOSSIER_WIDTH),
                render.claim_line(self.library, claim),
            ]
            options.append(Option(row(*cells), id=f"claim:{claim.id}"))
        dated = len(ordered) - per_day[None]
        return options, f"{counted(dated, 'dated claim')}, {per_day[None]:,} undated"


def _day_heading(day: str | None, count: int) -> Content:
    if day is None:
        return Content.assemble(
            ("Undated", "bold $text-warning"), (f" · {counted(count, 'claim')} with no date given", "$text-muted")
        )
    weekday = date.fromisoformat(day).strftime("%A")
    return Content.assemble((day, "bold $text-secondary"), (f" {weekday} · {counted(count, 'claim')}", "$text-muted"))


class SpeakersView(AnalystView):
    """Every speaker and relay, most claims first; Enter filters the claims to theirs."""

    NAME = "Speakers"

    def header(self) -> Content:
        return row(
            cell("speaker or relay", 44), cell("said", 5, right=True), cell("relayed", 7, right=True), "dossiers"
        )

    def rows(self) -> tuple[list[Option | None], str]:
        found = speakers(self.claims)
        self.found = {speaker.name: speaker for speaker in found}
        options: list[Option | None] = []
        for speaker in found:
            if self.full(options):
                break
            dossiers = dict.fromkeys(claim.dossier_id for claim in speaker.said + speaker.relayed)
            cells = [
                cell(Content(visible(speaker.name)).stylize("bold"), 44),
                cell(str(len(speaker.said)) if speaker.said else "", 5, right=True),
                cell(str(len(speaker.relayed)) if speaker.relayed else "", 7, right=True),
                Content(visible(", ".join(dossiers))).stylize("$text-muted"),
            ]
            options.append(Option(row(*cells), id=f"speaker:{speaker.name}"))
        unnamed = sum(claim.speaker is None for claim in self.claims)
        return options, f"{counted(len(found), 'name')}; {counted(unnamed, 'claim')} name no speaker"

    def preview(self, option_id: str) -> Content:
        speaker = self.found.get(option_id.partition(":")[2])
        if speaker is None:
            return Content("")
        lines = [Content("Enter lists their claims (a filter: x clears it)").stylize("$text-muted")]
        for role, claims in (("said", speaker.said), ("relayed", speaker.relayed)):
            lines += [
                Content.assemble((f"{role}: ", "$text-muted"), render.claim_line(self.library, c)) for c in claims
            ]
        return Content("\n").join(lines[:4])


class RelationsView(AnalystView):
    """Every `updates`, `contradicts` and `supports` between claims, by kind."""

    NAME = "Relations"

    def rows(self) -> tuple[list[Option | None], str]:
        found = all_relations(self.library, self.claims)
        self.relations: list[Relation] = []
        kinds = Counter(relation.kind for relation in found)
        half = max(20, (self.app.size.width - 24) // 2)
        options: list[Option | None] = []
        kind = None
        for relation in found:
            if self.full(options):
                break
            if relation.kind != kind:
                kind = relation.kind
                heading = Content.assemble(
                    (kind.capitalize(), "bold $text-secondary"), (f" · {kinds[kind]}", "$text-muted")
                )
                options.append(Option(heading, disabled=True))
            label = relation_label(relation.kind, relation.direction)
            cells = [
                cell(render.claim_line(self.library, relation.claim), half),
                cell(Content(label).stylize("bold $text-secondary"), 16),
                render.claim_line(self.library, relation.other),
            ]
            options.append(Option(row(*cells), id=f"relation:{len(self.relations)}"))
            self.relations.append(relation)
        return options, counted(len(found), "relation")

    def chosen(self, option_id: str) -> str:
        """A relation opens the claim that names the other."""
        return f"claim:{self.relations[int(option_id.partition(':')[2])].claim.id}"

    def preview(self, option_id: str) -> Content:
        relation = self.relations[int(option_id.partition(":")[2])]
        label = relation_label(relation.kind, relation.direction)
        lines = [
            render.claim_line(self.library, relation.claim),
            Content.assemble((f"  {label} ", "bold $text-secondary"), render.claim_line(self.library, relation.other)),
            Content(f"Enter opens {relation.claim.id}; its claim pane lists its relations both ways").stylize(
                "$text-muted"
            ),
        ]
        return Content("\n").join(lines)

    def empty_message(self) -> Content:
        return Content("No claim here updates, contradicts or supports another.").stylize("$text-muted")


class GlossaryView(AnalystView):
    """The library's glossary: which terms search takes for one another, and how many of
    the claims listed each finds. Enter searches for the term."""

    NAME = "Glossary"

    def __init__(self, library: Library, claims: list[Claim], covering: str, index: SearchIndex) -> None:
        super().__init__(library, claims, covering)
        self.index = index

    def header(self) -> Content:
        return row(cell("terms (a search for one finds the others)", 72), cell("claims", 7, right=True), "written")

    def rows(self) -> tuple[list[Option | None], str]:
        listed = {claim.id for claim in self.claims}
        options: list[Option | None] = []
        self.terms = self.library.glossary
        for number, term in enumerate(self.terms):
            if self.full(options):
                break
            results = self.index.search(term.alias or term.terms[0])
            found = [hit for hit in results.hits if hit.words == results.words and hit.key in listed]
            cells = [
                cell(Content(visible(term.written)).stylize("bold"), 72),
                cell(f"{len(found):,}", 7, right=True),
                Content(visible(f"{where_written(term.location.path)}:{term.location.line}")).stylize("$text-muted"),
            ]
            options.append(Option(row(*cells), id=f"term:{number}"))
        aliases = sum(term.alias is not None for term in self.terms)
        groups = counted(len(self.terms) - aliases, "group")
        return options, f"{groups} of terms, {aliases} alias{'es' * (aliases != 1)}"

    def chosen(self, option_id: str) -> str:
        term = self.terms[int(option_id.partition(":")[2])]
        return f"query:{term.alias or term.terms[0]}"

    def preview(self, option_id: str) -> Content:
        term = self.terms[int(option_id.partition(":")[2])]
        if term.alias:
            meaning = f"Typing {term.alias} finds {', '.join(term.terms)} too (one way)."
        else:
            meaning = f"Typing any of {', '.join(term.terms)} finds the others too."
        lines = [
            render.literal(meaning),
            Content("A match through the glossary ranks below the word as typed. Enter searches for it.").stylize(
                "$text-muted"
            ),
        ]
        return Content("\n").join(lines)

    def empty_message(self) -> Content:
        return Content(
            "This library has no glossary: a file with 'terms:' (see docs/format.md) tells search which words "
            "mean the same."
        ).stylize("$text-muted")


class FilterMenu(ModalScreen[str | None]):
    """The filters to choose from, with how many claims each keeps; the active ones are
    marked, and choosing one again clears it."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="close-filters")]

    def __init__(self, library: Library, filters: Filters) -> None:
        super().__init__()
        self.library = library
        self.filters = filters

    def compose(self):
        with Vertical(id="filter-dialog", classes="dialog"):
            yield ViewList(*self._options(), id="filter-list", markup=False)
            hint = "Enter: filter (again: clear) · x in the claims clears every filter · Esc: close"
            yield Static(Content(hint).stylize("$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#filter-dialog").border_title = "Filter the claims"
        self.query_one(ViewList).focus()

    def _options(self) -> list[Option | None]:
        claims = list(self.library.claims.values())
        single = sum(len(claim.source_ids) == 1 for claim in claims)
        statuses = Counter(claim.status for claim in claims)
        tags = Counter(tag for claim in claims for tag in claim.tags)
        sections: list[tuple[str, list[tuple[str, str, str, int]]]] = [
            ("Sources", [("single_source", "", "rests on one source only", single)]),
            (
                "Dossier",
                [("dossier", d.id, d.title, len(d.claims)) for d in self.library.dossiers.values()],
            ),
            ("Status", [("status", s, s, statuses[s]) for s in STATUSES if statuses[s]]),
            ("Tag", [("tag", tag, tag, count) for tag, count in sorted(tags.items(), key=lambda t: (-t[1], t[0]))]),
            ("Speaker or relay", [("speaker", s.name, s.name, s.total) for s in speakers(claims)]),
        ]
        options: list[Option | None] = []
        for title, entries in sections:
            if not entries:
                continue
            options.append(Option(Content(title).stylize("bold $text-primary"), disabled=True))
            for kind, value, label, count in entries:
                on = self.filters.single_source if kind == "single_source" else getattr(self.filters, kind) == value
                text = Content.assemble(
                    ("● " if on else "  ", "bold $text-success"),
                    render.literal(render.one_line(label)),
                    (f"  {count:,}", "$text-muted"),
                )
                options.append(Option(text, id=f"filter:{kind}:{value}"))
        return options

    @on(OptionList.OptionSelected, "#filter-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
