"""Text whose wrapped lines sit right of a row's marks (a hanging indent), at whatever
width it is drawn: Textual wraps a row back to its first column, where the eye looks
for the next row."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# Lines wrapped, by text, styles, indent and width: a list filled again (after a save, a
# reload, a search that lists the same rows) wraps only the rows it did not show before.
# Content's own equality looks at the text alone, hence the spans in the key.
_WRAPPED: dict[tuple, list[Content]] = {}
WRAPPED_KEPT = 4096


class Hanging(Visual):
    """`content`, each of its lines wrapped with the lines after the first indented: by
    the line's own leading spaces when it has some (a line set in under another), else
    by `indent` cells (the width of a row's marks)."""

    def __init__(self, content: Content, indent: int) -> None:
        self.content = content
        self.indent = indent
        self._wrapped: tuple[int, list[Content]] | None = None

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return self.content.plain

    def lines(self, width: int) -> list[Content]:
        """The lines drawn at `width` cells."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        key = (self.content.plain, tuple(self.content.spans), self.indent, width)
        lines = _WRAPPED.get(key)
        if lines is None:
            lines = self._wrap(width)
            if len(_WRAPPED) >= WRAPPED_KEPT:
                _WRAPPED.clear()
            _WRAPPED[key] = lines
        self._wrapped = (width, lines)
        return lines

    def _wrap(self, width: int) -> list[Content]:
        lines: list[Content] = []
        for line in self.content.split("\n", allow_blank=True):
            leading = len(line.plain) - len(line.plain.lstrip(" "))
            indent = min(leading or self.indent, max(0, width - 20))  # some room for words
            first, *rest = line.wrap(width) or [line]
            lines.append(first)
            if rest:
                # What the first line did not hold (the break's spaces dropped), wrapped
                # narrower and moved right.
                remainder = line[len(first.plain) :]
                remainder = remainder[len(remainder.plain) - len(remainder.plain.lstrip()) :]
                lines += [Content(" " * indent) + part for part in remainder.wrap(max(1, width - indent))]
        return lines

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if options.rules.get("text_wrap", "wrap") == "nowrap":
            return self.content.render_strips(width, height, style, options)
        pad = options.rules.get("line_pad", 0)
        shown = Content("\n").join(self.lines(max(1, width - 2 * pad)))
        return shown.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules) + self.indent

    def get_height(self, rules: RulesMap, width: int) -> int:
        if rules.get("text_wrap", "wrap") == "nowrap":
            return self.content.get_height(rules, width)
        return len(self.lines(max(1, width - 2 * rules.get("line_pad", 0))))
