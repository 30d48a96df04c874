"""Text for a terminal or a pipe: emphasis, lines that hang and fold to a width, and the
table (or JSON) of search results that `dossier search` prints. It needs nothing of the
library: what is shown of each hit comes from a `summary` (see results.Summary), taken
from the library (plaintext.summary) or from the search file."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from ..search.results import Hit, Results, Summary
from ..text.textsafe import visible


@dataclass(frozen=True, slots=True)
class Emphasis:
    start: str
    end: str


BOLD = Emphasis("\x1b[1m", "\x1b[22m")
MARKDOWN = Emphasis("**", "**")
PLAIN = Emphasis("", "")


def emphasised(text: str, spans: Iterable[tuple[int, int]], emphasis: Emphasis) -> str:
    """`text`, made safe to print, with `spans` (offsets into it) emphasised."""
    parts, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end <= start:
            continue
        parts += [visible(text[done:start]), emphasis.start, visible(text[start:end]), emphasis.end]
        done = end
    parts.append(visible(text[done:]))
    return "".join(parts)


# --- fitting lines to a terminal ---------------------------------------------------------

_SGR = re.compile(r"\x1b\[[0-9;]*m")  # the emphasis codes: no width on screen


@dataclass(frozen=True, slots=True)
class Hang:
    """A line whose wrapped continuation lines start `indent` cells in (under a value
    column, or the text of a row); a plain `str` line hangs at its own leading spaces."""

    text: str
    indent: int


def fitted(lines: Iterable[str | Hang], width: int | None) -> str:
    """`lines` joined, each wrapped at spaces to `width` cells when given (a terminal:
    the terminal itself would break words at its edge), else as they are."""
    out: list[str] = []
    for line in lines:
        text, indent = (line.text, line.indent) if isinstance(line, Hang) else (line, len(line) - len(line.lstrip(" ")))
        out += fold(text, width, indent) if width else [text]
    return "\n".join(out) + "\n"


def _cells(text: str) -> int:
    return cell_len(_SGR.sub("", text))


def fold(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` broken at spaces into lines of at most `width` cells, the lines after the
    first set `indent` cells in; a word longer than a line is cut. Emphasis codes take
    no room. Linear in the length of `text`."""
    if _cells(text) <= width:
        return [text]
    indent = min(indent, max(0, width - 20))
    lead = len(text) - len(text.lstrip(" "))
    lines: list[str] = []
    current, used, start = text[:lead], lead, lead  # start: the cells before the line's first word
    for word in text[lead:].split(" "):
        size = _cells(word)
        gap = 1 if used > start else 0
        if used + gap + size <= width:
            current, used = current + " " * gap + word, used + gap + size
            continue
        if used > start:  # the line holds words: this one starts the next
            lines.append(current)
            current, used = " " * indent, indent
            start = indent
        while used + size > width:  # longer than a line: cut where the line ends
            piece, cells = _cut(word, width - used)
            lines.append(current + piece)
            word, size = word[len(piece) :], size - cells
            current, used = " " * indent, indent
            start = indent
        current, used = current + word, used + size
    lines.append(current)
    return lines


def _cut(word: str, room: int) -> tuple[str, int]:
    """The first `room` cells of `word` (at least one character; an emphasis code kept
    whole), and how many cells they take."""
    used, position = 0, 0
    while position < len(word):
        code = _SGR.match(word, position)
        if code:
            position = code.end()
            continue
        size = cell_len(word[position])
        if used + size > room and used:
            break
        used += size
        position += 1
    return word[:position], used


def flat(text: str) -> str:
    """`text` on one line, each line break or tab one space (offsets unchanged)."""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


# --- search results --------------------------------------------------------------------

TABLE_COLUMNS = ("#", "words", "score", "id", "dossier", "at", "text")
# On a narrow terminal these go first, in this order, to leave the text some room.
_DROPPED_FIRST = ("at", "dossier", "score")
_TEXT_ROOM = 24
_RIGHT = ("#", "words", "score")


def results_table(
    summary: Callable[[Hit], Summary], results: Results, limit: int | None, width: int | None, emphasis: Emphasis
) -> str:
    """One row per hit: rank, how many of the words it holds (for a query of several),
    score, id, dossier, first reference, text. With a `width` (a terminal), columns that
    leave the text too little room are dropped and the text wraps in its column; its
    matched words are emphasised. `summary(hit)` is what is shown of a hit."""
    rows: list[dict[str, str]] = [dict(zip(TABLE_COLUMNS, TABLE_COLUMNS, strict=True))]
    for rank, hit in enumerate(results.hits[:limit], 1):
        shown = summary(hit)
        dossier, first, text = shown.dossier, shown.at[0] if shown.at else "", shown.text
        held = f"{hit.words}/{results.words}"
        values = (str(rank), held, f"{hit.score:.0f}", hit.key, dossier, first, flat(text))
        rows.append(dict(zip(TABLE_COLUMNS, (visible(value) for value in values), strict=True)))
    widths = {column: max(cell_len(row[column]) for row in rows) for column in TABLE_COLUMNS[:-1]}
    columns = list(TABLE_COLUMNS[:-1])
    if results.words < 2:  # one word: every hit holds it
        columns.remove("words")
    for column in _DROPPED_FIRST:
        if width is None or sum(widths[name] + 2 for name in columns) + _TEXT_ROOM <= width:
            break
        columns.remove(column)
    lines: list[str | Hang] = []
    for index, row in enumerate(rows):
        cells = [
            row[name].rjust(widths[name]) if name in _RIGHT else set_cell_size(row[name], widths[name])
            for name in columns
        ]
        prefix = "  ".join(cells) + "  "
        text = row["text"] if index == 0 else emphasised(row["text"], results.highlights(row["text"]), emphasis)
        lines.append(Hang((prefix + text).rstrip(), cell_len(prefix)))
    return fitted(lines, width)


def results_json(summary: Callable[[Hit], Summary], results: Results, limit: int | None) -> str:
    """The hits as a JSON array of objects (see the README for the fields)."""
    items = []
    for rank, hit in enumerate(results.hits[:limit], 1):
        item: dict[str, object] = {
            "rank": rank,
            "kind": hit.kind,
            "id": hit.key,
            "score": round(hit.score, 2),
            "words": hit.words,  # of the query's plain words (`of`), how many it holds
            "of": results.words,
        }
        shown = summary(hit)
        if hit.kind == "claim":
            item |= {
                "text": shown.text,
                "dossier": shown.dossier,
                "speaker": shown.speaker,
                "status": shown.status,
                "date": shown.date,
                "at": list(shown.at),
                "sources": list(shown.sources),
                "superseded": shown.superseded,
            }
        else:
            item |= {
                "text": shown.text,
                "source": hit.key.partition("#")[0],
                "at": [hit.key],
                "cited_by": list(shown.cited_by),
            }
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
