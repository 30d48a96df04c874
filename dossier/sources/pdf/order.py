"""A page's lines in the order a reader reads them (pdf/__init__.py tells the whole): its
columns, the left one first, each top to bottom and each read so in turn (a column may hold
two; a sidebar beside the text is one), lines across the gutter where they stand; in each
column, a table's rows made whole (tables.py), and a table's columns are no page's.
"""

from __future__ import annotations

import bisect
import itertools

from .lines import Line, on_baselines
from .tables import cell_gaps, with_tables

# Lines across two columns stand in this many places on a page at most (a title, an
# abstract, a figure's caption, footnotes); and so many gutters are tried, the likeliest first.
_MOST_ACROSS = 4
_MOST_GUTTERS_TRIED = 8
# Columns within columns, at most (a sidebar beside two columns): the lines of a page
# of many, read so to any depth, would be looked at that many times.
_MOST_NESTED = 3


def reading_order(lines: list[Line], depth: int = 0) -> list[list[Line]]:
    """The page's lines as runs to be read one after another: its columns, left first,
    each top to bottom (and each read so in turn: a column may hold two); a line across
    the gutter where it stands among them. A column need not be half the page: a
    sidebar beside the text is one. (`depth`: how many columns hold these lines.)"""
    if not lines:
        return []
    top_down = _top_down(lines)
    gutter = _gutter(top_down) if depth < _MOST_NESTED else None
    if gutter is None:
        return [with_tables(top_down)]
    start, end = gutter
    # Lines across the gutter (a title, a figure's caption) break the page into bands.
    runs: list[list[Line]] = []
    band: list[Line] = []

    across_runs: set[int] = set()

    def close_band() -> None:
        if band:
            columns = [*reading_order([line for line in band if line.x0 < start], depth + 1)]
            columns += reading_order([line for line in band if line.x0 >= start], depth + 1)
            # Lines across, then the left column's first right under them, as a title's
            # next line is ("Row and Column Access Control" "Support in IBM DB2 for i"):
            # one run, its spacing telling whether the paragraph goes on.
            if columns and runs and id(runs[-1]) in across_runs and _right_under(runs[-1][-1], columns[0][0]):
                columns[0] = runs.pop() + columns[0]
            runs.extend(columns)
            band.clear()

    across = False  # whether the last run is of lines across both columns
    for line in top_down:
        if line.x0 < start and line.x1 > end:
            close_band()
            if across:
                runs[-1].append(line)  # a paragraph across the page, one run: no column breaks
            else:
                runs.append([line])
                across_runs.add(id(runs[-1]))
            across = True
        else:
            band.append(line)
            across = False
    close_band()
    return [run for run in runs if run]


def _gutter(top_down: list[Line]) -> tuple[float, float] | None:
    """The space between two columns (where it starts and ends, left to right), where the
    page has columns: three lines or more stand on each side of it, and those on its
    sides are six in ten of the page's lines or more; it is as wide as 0.8 of the body's
    type size or more (LaTeX sets two columns 10 points apart, in 10-point type); the lines
    across it stand in a few places (a title, a caption), not one here and one there down
    the page (ragged lines, some longer, beside a figure's scattered labels); two of a
    table's rows of three cells or more do not stand across it (the space between a
    table's columns). Of several,
    the one most lines stand beside, then the one nearest the middle. (`top_down`: the
    lines, from the top of the page down.)"""
    if len(top_down) < 6:
        return None
    sizes = sorted(line.size for line in top_down)
    gap = sizes[len(sizes) // 2] * 0.8
    ends = sorted(line.x1 for line in top_down)
    starts = sorted(line.x0 for line in top_down)
    middle = (starts[0] + ends[-1]) / 2
    found = []
    for at in ends:
        after = bisect.bisect_left(starts, at + gap)
        if after == len(starts):
            break
        left, right = bisect.bisect_right(ends, at), len(starts) - after
        if left >= 3 and right >= 3 and left + right >= 0.6 * len(top_down):
            found.append(((left + right, -abs((at + starts[after]) / 2 - middle)), at, starts[after]))
    between_cells = cell_gaps(top_down)
    for _, start, end in sorted(found, reverse=True)[:_MOST_GUTTERS_TRIED]:
        if sum(left < end and right > start for left, right in between_cells) >= 2:
            continue  # a table's columns, no page's: its rows are read whole (tables.py)
        across = [line.x0 < start and line.x1 > end for line in top_down]
        if sum(now and not before for before, now in itertools.pairwise([False, *across])) <= _MOST_ACROSS:
            return start, end
    return None


def _right_under(upper: Line, lower: Line) -> bool:
    """Whether `lower` is the next line under `upper`, in its type: where it starts, at
    most a line's spacing below."""
    size = max(upper.size, lower.size)
    return (
        abs(upper.size - lower.size) <= 0.6
        and abs(upper.x0 - lower.x0) <= size
        and 0 < upper.base - lower.base <= size * 2
    )


def _top_down(lines: list[Line]) -> list[Line]:
    """Lines from the top of the page down, by their baselines; those on one baseline (a
    fifth of their size apart at most) from left to right. (By baseline, not by the top of
    their boxes: a bullet's box is low, and it stands before its item's first line, though
    WeasyPrint draws a page's bullets before its text.)"""
    bands = on_baselines(sorted(lines, key=lambda line: -line.base))
    return [line for band in bands for line in sorted(band, key=lambda line: line.x0)]
