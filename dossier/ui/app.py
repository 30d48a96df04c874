"""The dossier app: find a claim from the keyboard and read the paragraph it rests on.

The App holds what is the app's: the reader's settings, the theme, the live library
(session/live.py) and the screens. What the reader sees first is the main screen
(main.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from textual import events
from textual.app import App, SystemCommand
from textual.filter import LineFilter
from textual.screen import Screen

from ..env.config import Config, load_config
from ..env.discovery import DEMO_NOTE
from ..library.model import Library
from ..session import cache
from ..session.live import LiveLibrary
from . import settings
from .commands import LibraryCommands
from .forms import ClaimForm
from .keys import APP_KEYS
from .main import MainScreen
from .plain import PLAIN_THEME, WithoutColour
from .screens import TooSmallScreen


class DossierApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "dossier"
    COMMANDS = {LibraryCommands}  # Textual's own commands are among its entries, last
    COMMAND_PALETTE_BINDING = "ctrl+p"
    # Below 110 columns the list is above the claim and source; from 160 the three sit side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (160, "-wider")]
    BINDINGS = APP_KEYS

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
        self.watch_interval = watch_interval
        if self.no_color:  # NO_COLOR is set: see plain.py
            self.register_theme(PLAIN_THEME)
            self.theme = PLAIN_THEME.name
        self._plain_filters = [WithoutColour()]
        self.live = LiveLibrary(paths, preloaded, self.config.cache_limit_mb)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.live)

    @property
    def main(self) -> MainScreen:
        """The main screen, whatever view or dialog is over it."""
        return self.screen_stack[0]

    @property
    def library(self) -> Library:
        """The library as last loaded."""
        return self.live.library

    def on_mount(self) -> None:
        problems = settings.apply(self, self.config, themeable=not self.no_color)
        if problems:
            self.notify(settings.describe(problems), title="Mistakes in the settings", severity="warning", timeout=10)
        if self.announce_demo:
            self.notify(DEMO_NOTE[0].upper() + DEMO_NOTE[1:], title="The demo library", timeout=8, markup=False)
        self._fit(self.size.width, self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

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
                yield command._replace(help="Every key of every pane (?)", callback=self.main.action_help)
            else:
                yield command

    def get_line_filters(self) -> Sequence[LineFilter]:
        return self._plain_filters if self.no_color else super().get_line_filters()

    async def open_screen(self, screen: Screen, callback: Callable | None = None) -> None:
        """Push `screen` with its box focused before the next key is read, so that the keys
        typed right after the one that opened it are its own. (Pushed alone, a screen takes
        focus only when next idle: a burst's next keys reach it unfocused and are lost.)
        Called from a priority binding's action, which runs as its key arrives."""
        await self.push_screen(screen, callback)
        chosen = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS  # as Textual reads it
        if chosen and screen.focused is None:
            for widget in screen.query(chosen):
                if widget.focusable:
                    screen.set_focus(widget)
                    break

    async def action_quit(self) -> None:
        """Ctrl+C and Ctrl+Q quit from anywhere, but over a form holding what the reader
        typed only when asked twice: its text would be lost."""
        forms = [screen for screen in self.screen_stack if isinstance(screen, ClaimForm)]
        if forms and not forms[-1].may_quit():
            if self.screen is not forms[-1]:  # a dialog over it: the form's note is not seen
                self.notify("A form holds unsaved text: Ctrl+C again quits and discards it", severity="warning")
            return
        self.exit()
