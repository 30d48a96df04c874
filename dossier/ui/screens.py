"""Dialogs over the main screen: every key binding, and the problems found in the library."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..problems import Problem
from ..textsafe import counted
from . import render
from .hanging import Hanging

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
