"""Tables drawn with rules: where a page's thin lines cross into a grid, each row between
two level rules is one paragraph, its cells (between the upright rules across that row)
left to right, each cell's lines from the top down. The rules say what the spacing of the
text cannot: a form whose labels wrap beside values that do not, read as two page columns
(a Persian form's "آيا توليدکننده محصول، استاندارد مذکور را اخذ" / "نموده است؟" beside
"بلی خير"), or rows that stand as far apart as a cell's lines.

A grid is rules that touch one another: two level rules at least, and upright rules that
make two cells side by side in two rows at least (a box drawn around a page, or around a
note, is no table). A grid whose cells hold more lines than a table's do (a newsletter's
columns between rules), or whose text crosses its rules, is left as it stands.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections import Counter

from .lines import Line, Piece, Rule, on_baselines
from .tables import cell_goes_on, row_of

# Rules this near (points) touch, or are one (a frame drawn as three close lines).
_NEAR = 2.0
# A table's cell holds this many lines at most; more are prose between rules.
_MOST_CELL_LINES = 15


def with_ruled_tables(lines: list[Line], found: list[Rule]) -> list[Line]:
    """The page's lines, each ruled table's among them as one line a row (`Line.cells`,
    its cells' lines in `Line.wrapped`)."""
    if not found or not lines:
        return lines
    level = _joined([rule for rule in found if rule.y0 == rule.y1], upright=False)
    upright = _joined([rule for rule in found if rule.x0 == rule.x1], upright=True)
    kept = lines
    for grid_level, grid_upright in _grids(level, upright):
        kept = _read(kept, grid_level, grid_upright)
    return kept


def _joined(found: list[Rule], upright: bool) -> list[Rule]:
    """Rules on one line (within `_NEAR`) that touch or overlap joined into one: a rule
    drawn cell by cell, or as three close lines, is one."""
    # (for upright rules, the same with x and y swapped)
    flipped = [Rule(y0, x0, y1, x1) for x0, y0, x1, y1 in found] if upright else found
    joined: list[Rule] = []
    for rule in sorted(flipped, key=lambda rule: (round(rule.y0 / _NEAR), rule.x0)):
        last = joined[-1] if joined else None
        if last and abs(last.y0 - rule.y0) <= _NEAR and rule.x0 <= last.x1 + _NEAR:
            joined[-1] = last._replace(x1=max(last.x1, rule.x1))
        else:
            joined.append(rule)
    return [Rule(y0, x0, y1, x1) for x0, y0, x1, y1 in joined] if upright else joined


def _grids(level: list[Rule], upright: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """The rules in groups that touch one another (level and upright rules that cross or
    meet), each with two level rules at least and an upright one."""
    parent = list(range(len(level) + len(upright)))

    def root(at: int) -> int:
        while parent[at] != at:
            parent[at] = parent[parent[at]]
            at = parent[at]
        return at

    # (each level rule against the upright ones within its length only, found by bisection)
    by_x = sorted(range(len(upright)), key=lambda down: upright[down].x0)
    xs = [upright[down].x0 for down in by_x]
    for across, rule in enumerate(level):
        for down in by_x[bisect.bisect_left(xs, rule.x0 - _NEAR) : bisect.bisect_right(xs, rule.x1 + _NEAR)]:
            post = upright[down]
            if post.y0 - _NEAR <= rule.y0 <= post.y1 + _NEAR:
                parent[root(across)] = root(len(level) + down)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for at, rule in enumerate(level):
        groups.setdefault(root(at), ([], []))[0].append(rule)
    for at, post in enumerate(upright):
        groups.setdefault(root(len(level) + at), ([], []))[1].append(post)
    return [(across, down) for across, down in groups.values() if len(across) >= 2 and down]


def _read(lines: list[Line], level: list[Rule], upright: list[Rule]) -> list[Line]:
    """`lines` with those in the grid of `level` and `upright` rules read as its rows; as
    they were where the grid is no table."""
    left = min(rule.x0 for rule in level)
    right = max(rule.x1 for rule in level)
    # Rows end at the rules drawn across the whole table: a rule across one column (under
    # a story in a newsletter's column, or a cell spanning rows) ends no row.
    across: dict[float, float] = {}
    for rule in sorted(level, key=lambda rule: -rule.y0):
        height = next((height for height in across if abs(height - rule.y0) <= _NEAR), rule.y0)
        across[height] = across.get(height, 0.0) + rule.x1 - rule.x0
    heights = [height for height, length in across.items() if length >= (right - left) * 0.9]
    if len(heights) < 2:
        return lines
    inside: list[Line] = []  # (lines in the table; a line's stretches beside it set apart)
    beside: list[Line] = []
    taken: set[int] = set()
    for line in lines:
        if not heights[-1] < _middle(line) < heights[0]:
            continue
        pieces = line.pieces or [Piece(line.x0, line.x1, line.text)]
        within = [piece for piece in pieces if piece.x0 >= left - _NEAR and piece.x1 <= right + _NEAR]
        outside = [piece for piece in pieces if piece.x1 <= left + _NEAR or piece.x0 >= right - _NEAR]
        if len(within) + len(outside) < len(pieces):
            return lines  # text across the table's edge: the rules are no table's
        if not within:
            continue
        taken.add(id(line))
        if not outside:
            inside.append(line)
            continue
        # A line PDFium reads across the table and the text beside it (a column's line
        # on the same baseline): its stretches in the table are the table's, the others
        # a line each, where they stand.
        inside.append(_part(line, within))
        beside += [_part(line, [piece]) for piece in outside]
    if not inside:
        return lines
    inside.sort(key=_middle)
    middles = [_middle(line) for line in inside]
    rows: list[tuple[list[list[Line]], list[tuple[int, int, Piece]]]] = []
    for top, bottom in itertools.pairwise(heights):
        middle = (top + bottom) / 2
        posts = sorted(
            post.x0
            for post in upright
            if post.y0 - _NEAR <= middle <= post.y1 + _NEAR and left - _NEAR <= post.x0 <= right + _NEAR
        )
        between = inside[bisect.bisect_right(middles, bottom) : bisect.bisect_left(middles, top)]
        bands = on_baselines(sorted(between, key=lambda line: -line.base))
        placed: list[tuple[int, int, Piece]] = []  # (band, column, piece)
        for index, band in enumerate(bands):
            for line in band:
                for piece in line.pieces or [Piece(line.x0, line.x1, line.text)]:
                    if any(piece.x0 < post - _NEAR and piece.x1 > post + _NEAR for post in posts):
                        return lines  # text across a rule: the rules are no table's
                    placed.append((index, sum(post < (piece.x0 + piece.x1) / 2 for post in posts), piece))
        if max(Counter(column for _, column, _ in placed).values(), default=0) > _MOST_CELL_LINES:
            return lines
        if placed:
            rows += [(bands, found) for found in _text_rows(placed, len(bands))]
    if sum(len({column for _, column, _ in found}) >= 2 for _, found in rows) < 2:
        return lines
    return [line for line in lines if id(line) not in taken] + beside + [_row(bands, found) for bands, found in rows]


def _part(line: Line, pieces: list[Piece]) -> Line:
    """The part of `line` that is these stretches of it."""
    text = " ".join(piece.text for piece in pieces)
    if len(pieces) == 1:
        return dataclasses.replace(line, text=text, x0=pieces[0].x0, x1=pieces[0].x1, pieces=[], cells=False)
    return dataclasses.replace(line, text=text, x0=pieces[0].x0, x1=pieces[-1].x1, pieces=pieces)


def _text_rows(placed: list[tuple[int, int, Piece]], bands: int) -> list[list[tuple[int, int, Piece]]]:
    """A ruled row's cells' lines ((band, column, piece) each) in rows of text: one, unless
    the cells' lines stand in rows of their own, a rule drawn only every few (figures
    over figures: where two columns or more have a line that does not go on from the one
    above it, and none has one that does, a row starts)."""
    votes = [[0, 0] for _ in range(bands)]  # at each band: columns going on, columns not
    for column in {column for _, column, _ in placed}:
        found = sorted((band, piece.x0, piece) for band, at, piece in placed if at == column)
        widest = max(piece.x1 - piece.x0 for _, _, piece in found)
        for (upper, _, above), (lower, _, below) in itertools.pairwise(found):
            if upper != lower:
                votes[lower][0 if cell_goes_on(above, below, widest) else 1] += 1
    starts = [0, *(band for band, (going_on, new) in enumerate(votes) if band and new >= 2 and not going_on)]
    return [
        [entry for entry in placed if start <= entry[0] < end] for start, end in itertools.pairwise([*starts, bands])
    ]


def _row(bands: list[list[Line]], found: list[tuple[int, int, Piece]]) -> Line:
    """One line of a row's cells' texts: its cells left to right, each one's lines from the
    top down."""
    first, last = min(band for band, _, _ in found), max(band for band, _, _ in found)
    lines = [line for band in bands[first : last + 1] for line in band]
    texts = [piece.text for _, _, piece in sorted(found, key=lambda entry: (entry[1], entry[0], entry[2].x0))]
    return row_of(lines, texts, bands[last][0].base)


def _middle(line: Line) -> float:
    """How high a line stands: half its letters' height above its baseline."""
    return line.base + line.size * 0.35
