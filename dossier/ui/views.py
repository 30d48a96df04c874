"""Analyst views over the claims the main screen lists: figures side by side, a
timeline, the speakers and relays, every relation, and the filter menu.

Each view is a screen of rows with a preview of the highlighted one. Enter picks a row
and the screen is dismissed with its option id: `claim:<id>` to open a claim,
`speaker:<name>` (speakers) or `filter:<kind>:<value>` (the filter menu) to filter.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..library.analysis import (
    FigureGroup,
    Relation,
    all_relations,
    bar,
    contradicting,
    figure_groups,
    speakers,
    timeline,
)
from ..library.citation import BOUND_WORDS, figure_value, relation_label
from ..library.model import Claim, Library
from ..search.index import SearchIndex
from ..store.files import where_written
from ..text.textsafe import counted, visible
from . import render
from .hanging import Hanging
from .widgets import VIM_MOVES, ClaimRow

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


@dataclass(frozen=True, slots=True)
class Covered:
    """The claims a view covers, and how its title names them: `all 56 claims`, `the 3
    claims listed (query “slovakia”)`."""

    claims: list[Claim]
    label: str


@dataclass(frozen=True, slots=True)
class FilterBySpeaker:
    """A row picked in a view: list the claims this speaker said or relayed."""

    name: str


@dataclass(frozen=True, slots=True)
class SearchFor:
    """A row picked in a view: search for these words."""

    text: str


# What picking a view's row means: open a claim (ClaimRow), filter by a speaker, search.
Pick = ClaimRow | FilterBySpeaker | SearchFor


class AnalystView(Screen[Pick | None]):
    """Rows over the claims the main screen lists, under a title and a header. When a
    query or filters narrow the list, `a` widens the view to every claim (and back)."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", tooltip="Back to the claims", id="close-view"),
        Binding(
            "a", "widen", "All claims", tooltip="Cover every claim, not only those listed (again: back)", id="widen"
        ),
    ]
    NAME = ""
    _shape: object = None
    # Rows cost layout time each: past this, a last row says to narrow the claims.
    MAX_ROWS = 1000
    cut = False

    def __init__(
        self, library: Library, listed: Covered, everything: Covered, rows_seen: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.listed = listed
        self.everything = everything
        self.covered = listed
        # The row each view was left on, by view name: a view opened again starts there.
        self.rows_seen = {} if rows_seen is None else rows_seen
        # Each row's option id: what picking it means, and what it shows (a claim, a speaker...).
        self.picks: dict[str, Pick] = {}
        self.shown: dict[str, object] = {}

    @property
    def claims(self) -> list[Claim]:
        return self.covered.claims

    @property
    def narrowed(self) -> bool:
        return len(self.listed.claims) != len(self.everything.claims)

    @property
    def room(self) -> int:
        """The cells a row has: the screen less the list's border, padding and scroll bar."""
        return self.app.size.width - 6

    def compose(self):
        yield Static(id="view-title")
        yield Static(id="view-header")
        yield ViewList(id="view-list", markup=False)
        yield Static(id="view-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(ViewList).focus()

    def shape(self) -> object:
        """What of the screen's size the rows are drawn for (the columns that fit): when
        it changes, they are drawn again."""
        return None

    def on_resize(self) -> None:
        if self.is_mounted and self.shape() != self._shape:
            self.fill()

    def fill(self) -> None:
        """Rows, title and header for the claims covered, the cursor on the row this view
        was left on last (or the first)."""
        self._shape = self.shape()
        view_list = self.query_one(ViewList)
        self.cut = False
        self.picks, self.shown = {}, {}
        options, summary = self.rows()
        title = Content.assemble(
            (self.NAME, "bold $text-primary"),
            (f" · {summary} · {self.covered.label}{self.widen_hint()}", "$text-muted"),
        )
        self.query_one("#view-title", Static).update(title)
        header = self.header()
        self.query_one("#view-header", Static).update(header.stylize("bold $text-muted"))
        self.query_one("#view-header").display = bool(header)
        if self.cut:
            note = f"… the first {len(options):,} rows only: narrow the claims with / or F to see the rest"
            options.append(Option(Content(note).stylize("$text-warning"), disabled=True))
        if not options:
            empty = self.empty_message()
            if self.covered is self.listed and self.narrowed:
                every = counted(len(self.everything.claims), "claim")
                widen = f"The query or filters leave out the rest: a covers all {every}."
                empty = Content("\n").join([empty, Content(widen).stylize("$text-warning")])
            options = [Option(empty, disabled=True)]
        view_list.set_options(options)
        enabled = [index for index, option in enumerate(view_list.options) if not option.disabled]
        seen = self.rows_seen.get(self.NAME)
        view_list.highlighted = next(
            (index for index in enabled if view_list.options[index].id == seen), enabled[0] if enabled else None
        )
        if not enabled:
            self.query_one("#view-preview", Static).update("")

    def widen_hint(self) -> str:
        if not self.narrowed:
            return ""
        if self.covered is self.listed:
            return f" · a: all {counted(len(self.everything.claims), 'claim')}"
        return f" · a: only the {len(self.listed.claims):,} listed"

    def action_widen(self) -> None:
        self.covered = self.everything if self.covered is self.listed else self.listed
        self.fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.narrowed if action == "widen" else True

    def rows(self) -> tuple[list[Option | None], str]:
        """The options, and what they add up to for the title."""
        raise NotImplementedError

    def option(self, prompt, key: str, pick: Pick, shown: object = None) -> Option:
        """A row: its option id `key` (stable, so that the row is found again), what picking
        it means, and what it shows."""
        self.picks[key], self.shown[key] = pick, shown
        return Option(prompt, id=key)

    def full(self, options: list[Option | None]) -> bool:
        """Whether `options` holds as many rows as the view shows (noted for a last row)."""
        self.cut = self.cut or len(options) >= self.MAX_ROWS
        return self.cut

    def header(self) -> Content:
        return Content("")

    def empty_message(self) -> Content:
        return Content("Nothing to show among these claims.").stylize("$text-muted")

    def preview(self, option_id: str) -> Content:
        pick = self.picks.get(option_id)
        claim = self.library.claims.get(pick.claim_id) if isinstance(pick, ClaimRow) else None
        return render.claim_preview(self.library, claim) if claim else Content("")

    @on(OptionList.OptionHighlighted, "#view-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.rows_seen[self.NAME] = event.option.id
        self.query_one("#view-preview", Static).update(self.preview(event.option.id or ""))

    @on(OptionList.OptionSelected, "#view-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.picks.get(event.option.id or ""))


# The columns of the figures view, and which go first when a row does not fit: the bar
# (the numbers say the same), then the sources, then the date.
FIGURE_COLUMNS = ("value", "bound", "unit", "bar", "speaker", "date", "sources")
DROPPED_FIRST = ("bar", "sources", "date")


class FiguresView(AnalystView):
    """Claims grouped by the quantity their figure counts, largest first (or by date,
    `d`), with bars where the units agree and ≠ on figures that contradict another."""

    NAME = "Figures"
    BINDINGS = [Binding("d", "by_date", "By date", tooltip="Order each quantity's figures by date (again: by value)")]
    by_date = False

    def header(self) -> Content:
        columns = self.columns()
        names = [cell(name if name != "bar" else "", width, right=name == "value") for name, width in columns.items()]
        return Content("    ") + row(*names)

    @cached_property
    def widths(self) -> dict[str, int]:
        """Of the columns, shared by the header and the rows, before any is dropped."""
        figured = [claim for claim in self.everything.claims if claim.figure]
        return {
            "value": max((len(figure_value(claim.figure)) for claim in figured), default=5),  # type: ignore[arg-type]
            "bound": max(len(word) for word in BOUND_WORDS.values()),
            "unit": min(20, max((len(claim.figure.unit or "") for claim in figured), default=4)),  # type: ignore[union-attr]
            "bar": BAR_WIDTH,
            "speaker": min(22, max((len(claim.speaker or "") for claim in figured), default=7)),
            "date": 10,
            "sources": min(20, max((len(_sources(claim)) for claim in figured), default=7)),
        }

    def columns(self) -> dict[str, int]:
        """The columns that fit the screen, with their widths: the bar goes first, then the
        speaker's column narrows (to 10), then the sources and the date go."""
        widths = dict(self.widths)
        natural = widths["speaker"]

        def over() -> int:
            return 4 + sum(widths.values()) + len(GAP) * (len(widths) - 1) - self.room

        for name in DROPPED_FIRST:
            if over() <= 0:
                break
            del widths[name]
            widths["speaker"] = min(natural, 10)
            if over() <= 0:
                break
        widths["speaker"] = max(widths["speaker"], min(natural, widths["speaker"] - over()))
        return widths

    def shape(self) -> object:
        return tuple(self.columns().items())

    def action_by_date(self) -> None:
        self.by_date = not self.by_date
        self.fill()

    def rows(self) -> tuple[list[Option | None], str]:
        groups = figure_groups(self.claims)
        columns = self.columns()
        options: list[Option | None] = []
        self.contradicted: dict[str, list[Claim]] = {}
        for group in groups:
            if self.full(options):
                break
            others = [unit or "no unit" for unit in group.units if unit != group.unit]
            note = f" · bars compare {group.unit or 'figures with no unit'}" if "bar" in columns else ""
            if others and "bar" in columns:
                note += f"; no bar for {', '.join(others)}"
            members = {claim.id for claim in group.claims}
            for claim in group.claims:
                against = contradicting(self.library, claim) & members
                if against:
                    self.contradicted[claim.id] = [self.library.claims[other] for other in sorted(against)]
            if any(claim.id in self.contradicted for claim in group.claims):
                note += " · ≠ contradicts another here"
            heading = Content.assemble(
                (visible(group.what), "bold $text-secondary"),
                (f" · {counted(len(group.claims), 'claim')}{visible(note)}", "$text-muted"),
            )
            options.append(Option(heading, disabled=True))
            ordered = timeline(group.claims) if self.by_date else group.claims
            for claim in ordered:
                if self.full(options):
                    break
                options.append(self._figure_row(group, claim, columns))
        quantities = f"{len(groups):,} {'quantity' if len(groups) == 1 else 'quantities'}"
        summary = f"{quantities}, {counted(sum(len(group.claims) for group in groups), 'figure')}"
        summary += " · by date (d: by value)" if self.by_date else " · largest first (d: by date)"
        return options, summary

    def _figure_row(self, group: FigureGroup, claim: Claim, columns: dict[str, int]) -> Option:
        figure = claim.figure
        assert figure is not None
        drawn = bar(figure.value, group.largest, BAR_WIDTH) if group.charted(claim) else ""
        values = {
            "value": Content(figure_value(figure)).stylize("bold"),
            "bound": BOUND_WORDS.get(figure.bound, figure.bound),
            "unit": figure.unit or "",
            "bar": Content(drawn).stylize("$text-accent"),
            "speaker": claim.speaker or "—",
            "date": claim.date or "undated",
            "sources": _sources(claim),
        }
        cells = [cell(values[name], width, right=name == "value") for name, width in columns.items()]
        marks = render.claim_mark(self.library, claim).truncate(2)
        against = Content("≠ ").stylize("bold $text-error") if claim.id in self.contradicted else Content("  ")
        return self.option(
            Content.assemble(marks, against, row(*cells)), f"claim:{claim.id}", ClaimRow(claim.id), claim
        )

    def preview(self, option_id: str) -> Content:
        shown = super().preview(option_id)
        claim = self.shown.get(option_id)
        against = self.contradicted.get(claim.id, []) if isinstance(claim, Claim) else []
        if not against:
            return shown
        lines = [
            Content.assemble(("≠ contradicts ", "bold $text-error"), render.claim_line(self.library, other))
            for other in against
        ]
        return Content("\n").join([*shown.split("\n")[:3], *lines])  # its words, chain, quote

    def empty_message(self) -> Content:
        return Content("No claim here gives a figure (the `figure:` key of a claim).").stylize("$text-muted")


def _sources(claim: Claim) -> str:
    """`report-a +2`: the first source its evidence cites, and how many more."""
    first, *more = claim.source_ids or ("",)
    return f"{first} +{len(more)}" if more else first


class TimelineView(AnalystView):
    """Claims by date across dossiers, undated ones last."""

    NAME = "Timeline"

    def shape(self) -> object:
        return self.room >= 100

    @property
    def speaker_width(self) -> int:
        return SPEAKER_WIDTH if self.room >= 100 else 16

    def header(self) -> Content:
        dossier = [cell("dossier", DOSSIER_WIDTH)] if self.shape() else []  # below 100 columns, no room
        return row(cell("speaker", self.speaker_width), *dossier, Content("claim"))

    def rows(self) -> tuple[list[Option | None], str]:
        ordered = timeline(self.claims)
        per_day = Counter(claim.date for claim in ordered)
        options: list[Option | None] = []
        day: str | None = ""
        with_dossier = self.shape()
        indent = self.speaker_width + len(GAP) + (DOSSIER_WIDTH + len(GAP) if with_dossier else 0)
        for claim in ordered:
            if self.full(options):
                break
            if claim.date != day:
                day = claim.date
                options.append(Option(_day_heading(day, per_day[day]), disabled=True))
            cells = [cell(Content(visible(claim.speaker or "—")).stylize("bold"), self.speaker_width)]
            if with_dossier:
                cells.append(cell(Content(visible(claim.dossier_id)).stylize("$text-muted"), DOSSIER_WIDTH))
            cells.append(render.claim_line(self.library, claim))
            options.append(self.option(Hanging(row(*cells), indent), f"claim:{claim.id}", ClaimRow(claim.id), claim))
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
            options.append(self.option(row(*cells), f"speaker:{speaker.name}", FilterBySpeaker(speaker.name), speaker))
        unnamed = sum(claim.speaker is None for claim in self.claims)
        return options, f"{counted(len(found), 'name')}; {counted(unnamed, 'claim')} name no speaker"

    def preview(self, option_id: str) -> Content:
        speaker = self.shown.get(option_id)
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
            # Two lines, each as wide as the screen: claims are read whole, not cut.
            label = relation_label(relation.kind, relation.direction)
            text = Content.assemble(
                render.claim_line(self.library, relation.claim),
                "\n    ",
                (f"{label} ", "bold $text-secondary"),
                render.claim_line(self.library, relation.other),
            )
            pick = ClaimRow(relation.claim.id)  # a relation opens the claim that names the other
            options.append(self.option(Hanging(text, 5), f"relation:{len(self.relations)}", pick, relation))
            self.relations.append(relation)
        return options, counted(len(found), "relation")

    def preview(self, option_id: str) -> Content:
        relation = self.shown.get(option_id)
        if relation is None:
            return Content("")
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

    def __init__(
        self, library: Library, listed: Covered, everything: Covered, rows_seen: dict[str, str], index: SearchIndex
    ) -> None:
        super().__init__(library, listed, everything, rows_seen)
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
            options.append(self.option(row(*cells), f"term:{number}", SearchFor(term.alias or term.terms[0]), term))
        aliases = sum(term.alias is not None for term in self.terms)
        groups = counted(len(self.terms) - aliases, "group")
        return options, f"{groups} of terms, {aliases} alias{'es' * (aliases != 1)}"

    def preview(self, option_id: str) -> Content:
        term = self.shown.get(option_id)
        if term is None:
            return Content("")
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
