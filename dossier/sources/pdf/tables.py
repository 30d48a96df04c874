"""A table's rows read whole: where a page sets text in cells side by side, a cell's words
wrapped over lines under one another, each row is one paragraph, its cells left to right,
each cell's lines in order; not a line of each cell after another, as the lines stand
("생물테러감염병 또는 치명률이 분류").

A table starts at a row whose cells stand apart by two letters' width or more (within a
line PDFium reads, or as lines on one baseline; not a list's mark set apart before its
item), and goes on down while no line crosses the spaces between its columns (a line may
narrow one, as a longer cell does), in type of its size, with no wider space between lines
than three of them. Two such rows at least make a table, one of them read by PDFium as one
line (a menu's label beside a page's first line, each drawn apart, are no table's). A
cell's text goes on from a line that is full (nearly as wide as the column's widest, and
words broken at a space: not one word, not a number), or at its list's next item. Rows:
- where there is space between rows (a cell's padding), more than between a cell's lines,
  a row is what stands between such spaces: a cell's lines go with it, however many (a
  label set in the middle of the row's height, too);
- where the lines stand evenly spaced, a row starts at each line with text in the first
  column, unless all its text goes on from the line above, in lower case.
A table's columns are no page's: the space between two columns of a page is no gutter
where two rows of three cells or more stand across it (order.py, `cell_gaps`).
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import re

from .lines import Line, Piece, on_baselines
from .paragraphs import BULLETS, UNSPACED, item_text

# Lines further apart than this many of their size end a table.
_FARTHEST_ROWS = 3.0
# A cell of a number, an amount, a share, a date in figures.
_NUMBER = re.compile(r"^[\W\d_]*\d[\W\d_]*$")
_CIRCLED = "\u2460-\u2473"  # a list's items numbered "①" to "⑳"
_CIRCLED_ITEM = re.compile(rf"^[{_CIRCLED}]")
# A list's mark alone: a bullet, a number or a letter and a point.
_MARK = re.compile(rf"^(?:[{BULLETS}*–-]|\(?(?:\d{{1,3}}|[a-zA-Z]|[ivx]{{1,4}})[.)]|[{_CIRCLED}])$")


def with_tables(run: list[Line]) -> list[Line]:
    """The lines of a run (from the top down), each table's rows among them as one line
    each (`Line.cells`, its lines' texts in `Line.wrapped`)."""
    if not any(line.cells for line in run):
        return run
    bands = on_baselines(run)
    read: list[Line] = []
    at = 0
    while at < len(bands):
        end = _table_end(bands, at) if _cells_across(bands[at]) else at + 1
        found = bands[at:end]
        if sum(_cells_across(band) for band in found) >= 2 and any(line.cells for band in found for line in band):
            read += _rows(found)
        else:  # (one row alone, or none: its lines as they are; none of them starts a table)
            read += [line for band in found for line in band]
        at = end
    return read


def _pieces(band: list[Line]) -> list[Piece]:
    """A band's cells, left to right: a row's cells where PDFium read it as one line, else
    each line."""
    found = [piece for line in band for piece in (line.pieces or [Piece(line.x0, line.x1, line.text)])]
    return sorted(found, key=lambda piece: piece.x0)


def _spaces_between(pieces: list[Piece], size: float) -> list[tuple[float, float]]:
    """The spaces between cells (left to right) two letters wide or more: a table's columns'."""
    return [(left.x1, right.x0) for left, right in itertools.pairwise(pieces) if right.x0 - left.x1 > size * 2]


def _cells_across(band: list[Line]) -> bool:
    """Whether a band holds cells side by side: two or more, and not just a list's mark
    set apart before its item ("1.      Photo")."""
    pieces = _pieces(band)
    return len(pieces) > 2 or (len(pieces) == 2 and not _MARK.match(pieces[0].text))


def cell_gaps(lines: list[Line]) -> list[tuple[float, float]]:
    """The spaces between the cells of the tables' rows among `lines`: rows PDFium reads as
    one line, of three cells or more (a list's marks aside; two may be two columns' lines
    on one baseline), none of them half as wide as the lines."""
    found = []
    width = max((line.x1 for line in lines), default=0.0) - min((line.x0 for line in lines), default=0.0)
    for line in lines:
        cells = [piece for piece in line.pieces if not _MARK.match(piece.text)] if line.cells else []
        if len(cells) >= 3 and all(piece.x1 - piece.x0 < width / 2 for piece in cells):
            found += _spaces_between(cells, line.size)
    return found


def _table_end(bands: list[list[Line]], at: int) -> int:
    """Where the table starting at `bands[at]` ends (`at` + 1 where none starts there)."""
    first = _pieces(bands[at])
    size = max(line.size for line in bands[at])
    rivers = _spaces_between(first, size)
    if not rivers:
        return at + 1
    end = at + 1
    while end < len(bands):
        band = bands[end]
        if bands[end - 1][0].base - band[0].base > size * _FARTHEST_ROWS:
            break
        if any(abs(line.size - size) > size * 0.25 for line in band):
            break
        narrowed = _narrowed(rivers, _pieces(band), size)
        if narrowed is None:
            break
        rivers = narrowed
        end += 1
    return end


def _narrowed(rivers: list[tuple[float, float]], pieces: list[Piece], size: float) -> list[tuple[float, float]] | None:
    """The spaces between columns, less what `pieces` take of them; None where a piece
    crosses one, leaving it narrower than half a letter."""
    for piece in pieces:
        kept = []
        for start, end in rivers:
            if piece.x1 <= start or piece.x0 >= end:
                kept.append((start, end))
                continue
            sides = [(start, min(end, piece.x0)), (max(start, piece.x1), end)]
            sides = [(left, right) for left, right in sides if right - left >= size * 0.5]
            if not sides:
                return None
            kept += sides
        rivers = kept
    return rivers


def _placed(bands: list[list[Line]]) -> list[list[tuple[int, Piece]]]:
    """Each band's cells, with the column each stands in: the columns are where cells stand,
    with no space half a letter wide between (the first row may not have all the columns:
    a heading over some)."""
    size = max(line.size for band in bands for line in band)
    pieces = [_pieces(band) for band in bands]
    lefts = []  # where each column starts
    reach = -math.inf
    for piece in sorted((piece for found in pieces for piece in found), key=lambda piece: piece.x0):
        if piece.x0 - reach >= size * 0.5:
            lefts.append(piece.x0)
        reach = max(reach, piece.x1)
    return [[(bisect.bisect_right(lefts, piece.x0) - 1, piece) for piece in found] for found in pieces]


def cell_goes_on(above: Piece, below: Piece, widest: float) -> bool:
    """Whether a cell's text goes on from `above` to `below`, the line under it in its
    column (`widest`: the column's widest line): where `above` is full, nearly as wide as
    the widest, and words, broken at a space (not one word, "retries" over "timeout", nor a
    number: "OTSL 0.965" over "HTML 0.969" are two rows, whatever spacing sets them
    together); or at its list's next item."""
    full = (
        above.x1 - above.x0 >= widest * 0.7
        and not _NUMBER.match(above.text)
        and (" " in above.text or bool(UNSPACED.search(above.text)))
    )
    return full or item_text(below.text) or bool(_CIRCLED_ITEM.match(below.text))


def _rows(bands: list[list[Line]]) -> list[Line]:
    """The table's rows, each one line of its cells' texts."""
    size = max(line.size for band in bands for line in band)
    placed = _placed(bands)
    bases = [band[0].base for band in bands]
    # Each column's lines from the top down (with their bands), and how far apart: a
    # cell's lines, the least.
    columns: dict[int, list[tuple[int, Piece]]] = {}
    for index, cells in enumerate(placed):
        for column, piece in cells:
            columns.setdefault(column, []).append((index, piece))
    pitches = []  # (how far apart, upper band, lower band, whether the cell may go on)
    goes_on: dict[tuple[int, int], bool] = {}  # (column, band): whether its cell goes on there
    for column, found in columns.items():
        widest = max(piece.x1 - piece.x0 for _, piece in found)
        for (upper, above), (lower, below) in itertools.pairwise(found):
            if upper != lower:
                goes_on[column, lower] = cell_goes_on(above, below, widest)
                pitches.append((bases[upper] - bases[lower], upper, lower, goes_on[column, lower]))
    least = min((pitch for pitch, *_ in pitches if pitch > size * 0.5), default=0.0)
    gaps = [upper - lower for upper, lower in itertools.pairwise(bases)]
    starts = [True] + [False] * (len(bands) - 1)
    if least and max(gaps) > least * 1.2:
        # Space between rows: a row ends where no cell's lines go on past it.
        spanned = [False] * len(bands)
        for pitch, upper, lower, going_on in pitches:
            if pitch <= least * 1.2 and going_on:
                for index in range(upper, lower):
                    spanned[index] = True
        for index in range(1, len(bands)):
            starts[index] = not spanned[index - 1]
    else:
        # Evenly spaced: a row starts at a line with text in the first column, unless all
        # its text goes on from the line above, the first column's in lower case ("Standing
        # orders of" over "the house"; "Prime Minister  Jacinda Ardern" over "Chief Justice
        # Helen Winkelmann" are two rows).
        for index in range(1, len(bands)):
            first = dict(placed[index]).get(0)
            going_on = all(goes_on.get((column, index), False) for column, _ in placed[index])
            starts[index] = first is not None and not (going_on and not first.text[:1].isupper())
    rows: list[Line] = []
    for start, end in itertools.pairwise([*(at for at, new in enumerate(starts) if new), len(bands)]):
        lines = [line for band in bands[start:end] for line in band]
        if all(len(found) == 1 for found in placed[start:end]):
            rows += lines  # lines of one cell each: prose, read as such
            continue
        cells = sorted((column, index, piece) for index in range(start, end) for column, piece in placed[index])
        rows.append(row_of(lines, [piece.text for _, _, piece in cells], bases[end - 1]))
    return rows


def row_of(lines: list[Line], texts: list[str], base: float) -> Line:
    """A table's row as one line: its `lines` (from the top down), its cells' `texts` in
    the order they are read, standing at `base`, its last line's baseline (the next line's
    spacing is from there)."""
    return dataclasses.replace(
        lines[0],
        text=" ".join(texts),
        x0=min(line.x0 for line in lines),
        x1=max(line.x1 for line in lines),
        y0=min(line.y0 for line in lines),
        y1=max(line.y1 for line in lines),
        base=base,
        cells=True,
        pieces=[],
        wrapped=texts,
    )
