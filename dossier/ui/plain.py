"""The app under NO_COLOR (no-color.org): no colour at all, with what colour told apart
told by text style instead. Textual's own answer only greys the colours out.

The theme asks for the terminal's own colours, so that nothing is blended into shades;
the filter then takes every colour out. The cursor's background is a colour nothing else
uses, which the filter turns into reverse video (Textual draws an option list's cursor
with its colours and bold, underline or italic, never reverse).
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.theme import Theme

CURSOR = "ansi_bright_magenta"
_CURSOR_NUMBER = Color.parse(CURSOR).ansi
_DEFAULT_COLOURS = Style.from_color(RichColor.default(), RichColor.default())
_REVERSE = Style(reverse=True)

PLAIN_THEME = Theme(
    name="dossier-plain",
    ansi=True,
    primary="ansi_default",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    variables={
        "ansi-background": "ansi_default",
        "ansi-foreground": "ansi_default",
        "block-cursor-background": CURSOR,
        "block-cursor-foreground": "ansi_default",
        "block-cursor-blurred-background": "ansi_default",
        "block-cursor-blurred-text-style": "underline",
        "input-cursor-background": CURSOR,
        "input-selection-background": CURSOR,
        "screen-selection-background": CURSOR,
    },
)


class WithoutColour(LineFilter):
    """Every colour taken out; the cursor's background made reverse video."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, None if style is None else _plain(style), control) for text, style, control in segments]


@lru_cache(1024)
def _plain(style: Style) -> Style:
    plain = style + _DEFAULT_COLOURS
    is_cursor = style.bgcolor is not None and style.bgcolor.number == _CURSOR_NUMBER
    return plain + _REVERSE if is_cursor else plain
