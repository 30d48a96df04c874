"""Dialogs over the main screen: every key binding, and the problems found in the library."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..library.analysis import speakers
from ..library.choices import STATUSES
from ..library.model import Library
from ..library.problems import Problem
from ..search.query import Filters
from ..text.textsafe import counted
from . import render
from .hanging import Hanging
from .views import ViewList

QUERY_HELP = [
    ("words", "as typed, another form, the glossary's words, or a near miss; claims with every word first"),
    ("12k three", "numbers exactly, written any way (12,000; 3)"),
    ("'word", "that exact word"),
    ("!word", "leave out what contains word"),
    ("speaker:name", "restrict by field; also via: tag: status: dossier: source:"),
    ('speaker:"John Kirby"', "double quotes keep words together"),
]


def _key_text(keys: str) -> str:
    """A binding's keys as typed: `$` for dollar_sign, `/` for slash (keys that type a
    character); the others by name (escape, up, ctrl+s)."""
    return " ".join(_typed(key) for key in keys.split(","))


def _typed(key: str) -> str:
    character = key_to_character(key) or {"slash": "/", "plus": "+"}.get(key)
    return character if character and character.isprintable() and not character.isspace() else key


KEY_COLUMN = 24  # cells for the keys; descriptions wrap right of them


class HelpScroll(VerticalScroll):
    """The help's text, scrolled with the keys the lists move with."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]


class HelpScreen(ModalScreen[None]):
    """Every binding of every pane, read from the bindings themselves."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="close-help")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self):
        lines: list[Content] = []
        for title, bindings in self.sections:
            lines.append(Content(title).stylize("bold $text-primary"))
            for binding in bindings:
                meaning = binding.tooltip or binding.description
                lines.append(Content.assemble((f"{_key_text(binding.key):<{KEY_COLUMN}}", "bold"), meaning))
            lines.append(Content(""))
        lines.append(Content("Query syntax (the same as 'dossier search')").stylize("bold $text-primary"))
        lines += [
            Content.assemble((f"  {syntax:<{KEY_COLUMN - 2}}", "bold"), meaning) for syntax, meaning in QUERY_HELP
        ]
        with Vertical(id="help-dialog", classes="dialog"):
            hint = "j k ↑↓ PgUp PgDn g G to scroll · Esc to close"
            yield Static(Content(hint).stylize("$text-muted"), classes="dialog-hint")
            with HelpScroll():
                yield Static(Hanging(Content("\n").join(lines), KEY_COLUMN))

    def on_mount(self) -> None:
        self.query_one("#help-dialog").border_title = "Keys"
        self.query_one(HelpScroll).focus()


class ProblemsScreen(ModalScreen[Problem | None]):
    """The problems found while loading, as FILE:LINE:COL: message; Enter opens one."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="close-problems"),
        Binding("j", "cursor_down", "Down", show=False, id="problems-down"),
        Binding("k", "cursor_up", "Up", show=False, id="problems-up"),
    ]

    def __init__(self, problems: list[Problem], kept: list[str] = ()) -> None:
        super().__init__()
        self.problems = problems
        self.kept = kept

    def compose(self):
        with Vertical(id="problems-dialog", classes="dialog"):
            if self.kept:
                note = f"Shown as they last loaded, until their problems are fixed: {render.file_names(self.kept)}"
                yield Static(Content(note).stylize("$text-warning"), id="kept-note")
            yield OptionList(
                *(Option(render.literal(str(problem)), id=str(n)) for n, problem in enumerate(self.problems)),
                id="problem-list",
                markup=False,
            )
            yield Static(Content("Enter: open in $EDITOR · Esc: close").stylize("$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#problems-dialog").border_title = counted(len(self.problems), "problem")

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.problems[int(event.option.id)])


class TooSmallScreen(Screen[None]):
    """Over any screen while the terminal is smaller than the app can use."""

    MIN_COLUMNS, MIN_LINES = 40, 10
    MESSAGE = f"Too small: dossier needs {MIN_COLUMNS}×{MIN_LINES} or more. Ctrl+C quits."

    @classmethod
    def needed(cls, columns: int, lines: int) -> bool:
        return columns < cls.MIN_COLUMNS or lines < cls.MIN_LINES

    def compose(self):
        yield Static(self.MESSAGE, id="too-small", markup=False)


@dataclass(frozen=True, slots=True)
class FilterChoice:
    """A filter picked in the menu: `kind` (dossier, status, tag, speaker, single_source)
    and its value."""

    kind: str
    value: str


class FilterMenu(ModalScreen[FilterChoice | None]):
    """The filters to choose from, with how many claims each keeps; the active ones are
    marked, and choosing one again clears it."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="close-filters")]

    def __init__(self, library: Library, filters: Filters) -> None:
        super().__init__()
        self.library = library
        self.filters = filters
        self.choices: dict[str, FilterChoice] = {}  # by option id

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
                key = f"filter:{kind}:{value}"
                self.choices[key] = FilterChoice(kind, value)
                options.append(Option(text, id=key))
        return options

    @on(OptionList.OptionSelected, "#filter-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices.get(event.option.id or ""))
