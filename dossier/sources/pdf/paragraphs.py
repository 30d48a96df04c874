"""A PDF's lines (lines.py) put together into the paragraphs a reader sees, footnotes apart
(pdf/__init__.py tells how)."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter

from .lines import CAPTION, HANGUL, Line

# A list's bullets: the typographic ones, and the Symbol font's that word processors write.
BULLETS = "•▪◦‣∙·\uf0b7\uf0a7"
# (A bullet may stand alone on its line: WeasyPrint draws a page's bullets apart from its text.)
_BULLET = re.compile(rf"^(?:[{BULLETS}](?:\s|$)|[*–-]\s)")
# A list's bullet, a mark and no word, is left out of its item's paragraph (as a web page's
# <li> and Markdown's "- " are). A dash or an asterisk may be the text's own, and stays.
_BULLET_MARK = re.compile(rf"^[{BULLETS}]\s+")
# A list's number or letter ("3. ", "b) ", "(iv)" aside), or a reference's label in a
# bibliography ("[12] ").
_NUMBERED = re.compile(r"^(?:\(?(\d{1,3})[.)]|\(?([a-z])[.)]|\[(\d{1,3})\])\s")
# A footnote's mark, at the start of its first line: a number (often raised, and set against
# the note's first word: "¹Statement of 4 March."; "2)") or a symbol.
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE = re.compile(r"^([\d⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?![\d.,:])\)?|[*†‡§¶])\s?(?=\S)")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# A figure's labels and caption, at most this many paragraphs, may stand between a column's
# last paragraph of prose and its continuation at the next column's top.
_INTERRUPTIONS = 8
# Pairs of lines of a size, one under the other, enough to tell its usual spacing.
_PITCHES = 8
SENTENCE_END = re.compile(r"[.!?:;…。！？][\"'”’)\]」』）]*$")
# A line that ends with a dash set close to the word before it: the text goes on with no
# space ("platforms—reflects", "1990–2000"); a spaced dash ("platforms —") keeps its space.
# So does a hyphen before a number, which no word is broken at: "COVID-19", "mid-2020s".
_CLOSED_BREAK = re.compile(r"\w[—–]$")
_HYPHEN_BEFORE_NUMBER = re.compile(r"\w[-\u2010]$")
# Marks that open a quotation or an aside, before a line's first letter.
_OPENING_MARKS = "\"'“‘„‚«‹「『([{（［"
# A word broken at a line's end by a hyphen, ASCII's or Unicode's own (WeasyPrint's), looked
# for in the line's last characters only; and the word the next line begins with.
_BROKEN_WORD = re.compile(r"(\w+)[-\u2010]$")
_LONGEST_WORD = 80
_FIRST_WORD = re.compile(r"[\w-]+")
# Chinese and Japanese (their punctuation, kana, ideographs and full-width forms; not Korean,
# which spaces its words).
UNSPACED = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A table of contents' entry ends with dot leaders and a page's number: "Preface . . . . xi".
_CONTENTS_ENTRY = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})$")


def paragraphs_of(pages: list[list[list[Line]]], hyphenating: bool = False) -> list[tuple[str, int, float]]:
    """The paragraphs of the runs of lines of every page, with the page each starts on and
    the size of its type (a change of size starts another paragraph). `hyphenating`: the
    program that made the document breaks words at lines' ends unless told not to."""
    runs = [run for page in pages for run in page]
    all_lines = [line for run in runs for line in run]
    if not all_lines:
        return []
    # The body's type: the size and the font that most of the text is set in (by letters,
    # not lines: a table's rows are many short lines in smaller type).
    sizes, fonts = Counter(), Counter()
    for line in all_lines:
        sizes[line.size] += len(line.text)
        fonts[line.font] += len(line.text) if line.font else 0
    body = sizes.most_common(1)[0][0]
    body_font = fonts.most_common(1)[0][0]
    spacing = _usual_spacing(runs, body)
    words = Counter(word.casefold() for line in all_lines for word in re.findall(r"[\w-]+", line.text))
    indenting = _indents_paragraphs(runs, spacing, body)
    paragraphs: list[list] = []  # [lines' texts, page, last line, whether it is a full line]
    # Footnotes at a column's foot wait until the paragraph running over the page ends.
    notes: list[list] = []
    last_note: list | None = None  # the last footnote, while it may go on at the next column's foot
    edge = 0.0
    for whole_run in runs:
        open_note = last_note is not None and not SENTENCE_END.search(last_note[0][-1])
        run, foot = _without_footnotes(whole_run, body, open_note)
        if not run:
            continue
        edge_before, edge = edge, min(line.x0 for line in run)
        far = max(line.x1 for line in run)
        previous: Line | None = None
        began = False  # whether the line before began its paragraph
        opening_x0 = None  # where the paragraph's first line starts, if in this column
        for line in run:
            if previous is None and (before := _interrupted(paragraphs, line, body, body_font)) is not None:
                # A figure's labels or its caption stood between the column's last paragraph of
                # prose and its continuation here: they wait until it ends, as footnotes do.
                notes = paragraphs[before + 1 :] + notes
                del paragraphs[before + 1 :]
                starts = False
            elif previous is None:  # a new page or column: does the paragraph before go on?
                indented = line.x0 - edge > line.height * 0.8
                # A list's item goes on at its own indent, right of its bullet (its lines
                # are all indented): read from the text, as for a document of no indents.
                # So does a paragraph whose later lines hang under its first (a glossary's
                # term, a reference): at the indent its last line stood at.
                in_item = bool(paragraphs) and item_text(paragraphs[-1][0][0])
                in_item = in_item and line.x0 >= paragraphs[-1][2].x0 - 1
                if paragraphs and len(paragraphs[-1][0]) > 1 and not in_item:
                    hung = paragraphs[-1][2].x0 - edge_before
                    in_item = hung > line.height * 0.8 and abs(line.x0 - edge - hung) <= 1
                # A line set in from the column's edge goes on no paragraph (a figure's label,
                # centred over it), unless the document indents its paragraphs' first lines.
                if indenting and len(run) > 1 and not in_item:
                    starts = indented
                else:
                    starts = not paragraphs or (indented and not in_item) or not _goes_on(paragraphs[-1], line)
                after, opening = (paragraphs[-1][2].text, paragraphs[-1][0][0]) if paragraphs else (None, None)
                if _item(line, after, opening) or (paragraphs and abs(line.size - paragraphs[-1][2].size) > 0.6):
                    starts = True
            else:
                opening = paragraphs[-1][0][0]  # the first line of the paragraph the line may go on
                starts = _starts_paragraph(
                    line, previous, edge, far, spacing, body, body_font, (opening, opening_x0), began, indenting
                )
                if starts and (before := _after_float(paragraphs, line, body, body_font)) is not None:
                    # A figure or a table set at the page's top stood between the page
                    # before's last paragraph and its continuation here: it waits.
                    notes = paragraphs[before + 1 :] + notes
                    del paragraphs[before + 1 :]
                    starts = False
            # the last line, and whether it runs to the far edge of its column (of several lines)
            full = len(run) > 1 and not _stops_short(line, edge, far)
            if starts or not paragraphs:
                paragraphs += notes
                notes = []
                paragraphs.append([_texts(line, full), line.page, line, full])
                opening_x0 = line.x0
            else:
                paragraphs[-1][0] += _texts(line, full)
                paragraphs[-1][2:] = [line, full]
            began = len(paragraphs[-1][0]) == 1
            previous = line
        last_note = None if not foot else last_note
        mark = _FOOTNOTE.match(last_note[0][0]) if last_note else None
        number = mark.group(1) if mark else None
        for texts, first, marked in _notes(foot, number):
            if open_note and not marked and last_note is not None:
                last_note[0] += texts  # a footnote going on from the column before
                continue
            last_note = [texts, first.page, first, False]
            notes.append(last_note)
    paragraphs += notes
    hyphenation = _hyphenates([texts for texts, *_ in paragraphs], words, hyphenating)
    found = (
        (_BULLET_MARK.sub("", joined(texts, words, hyphenation)), page, last.size)
        for texts, page, last, _ in paragraphs
    )
    # (a bullet alone, or an icon font's marks, "! # ", is no text a reader reads)
    return [paragraph for paragraph in found if _LETTER_OR_DIGIT.search(paragraph[0])]


def _interrupted(paragraphs: list[list], first: Line, body: float, body_font: str | None) -> int | None:
    """Where a column's (or page's) first line, the body's prose going on in lower case,
    continues a paragraph of prose before the last few, which are not the body's (a
    figure's labels, its caption, in other type): that paragraph's index."""
    if not first.text[:1].islower() or not _in_body(first, body, body_font):
        return None
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 1 - _INTERRUPTIONS), -1):
        last = paragraphs[index][2]
        if _in_body(last, body, body_font):
            if index == len(paragraphs) - 1 or SENTENCE_END.search(last.text):
                return None  # nothing between them, or the paragraph had ended
            return index
    return None


def _after_float(paragraphs: list[list], line: Line, body: float, body_font: str | None) -> int | None:
    """Where a line within a column, the body's prose going on in lower case, continues the
    last paragraph of the page before, past a figure or a table set at this page's top (in
    the body's type, maybe: its labels, its caption, which names it: "Figure 2:"), as LaTeX
    sets them: that paragraph's index."""
    if not line.text[:1].islower() or not _in_body(line, body, body_font):
        return None
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 1 - _INTERRUPTIONS), -1):
        last = paragraphs[index][2]
        if last.page < line.page:
            floated = any(CAPTION.match(texts[0]) for texts, *_ in paragraphs[index + 1 :])
            goes_on = _in_body(last, body, body_font) and not SENTENCE_END.search(last.text)
            return index if floated and goes_on else None
    return None


def _in_body(line: Line, body: float, body_font: str | None) -> bool:
    """Whether the line is set in the body's type (as it begins: an italic word later in
    it, a title's, leaves it the body's)."""
    return abs(line.size - body) <= 0.6 and (body_font is None or line.first_font == body_font)


def _numeral(mark: str) -> int | None:
    """A footnote's number (raised or not), or None for a symbol."""
    plain = mark.removesuffix(")").translate(_PLAIN_DIGITS)
    return int(plain) if plain.isdecimal() and plain.isascii() else None


def _without_footnotes(run: list[Line], body: float, open_note: bool) -> tuple[list[Line], list[Line]]:
    """A column's lines, and its footnotes apart: the lines at its foot in smaller type than
    the body's, from the first that begins with a footnote's mark (or from the first, where
    a footnote before is still open). A table's row is none (tables.py)."""
    small = len(run)
    while small > 0 and run[small - 1].size < body - 0.9 and not run[small - 1].wrapped:
        small -= 1
    marked = next((index for index in range(small, len(run)) if _FOOTNOTE.match(run[index].text)), len(run))
    start = small if open_note and small < len(run) else marked
    if start == 0:
        return run, []  # a page all in small type (references, an appendix) is no footnote
    return run[:start], run[start:]


def _notes(lines: list[Line], number: str | None) -> list[tuple[list[str], Line, bool]]:
    """Footnotes: each from a line that begins with a mark, set apart from its text by a
    space; its lines, its first line, and whether it begins with its mark (else it goes on
    from a footnote before). A number is a mark where it follows the last footnote's
    (`number`) or starts again at 1: "11 and December 11." goes on from footnote 12."""
    found: list[tuple[list[str], Line, bool]] = []
    edge, far = min((line.x0 for line in lines), default=0.0), max((line.x1 for line in lines), default=0.0)
    for line in lines:
        full = not _stops_short(line, edge, far)
        mark = _FOOTNOTE.match(line.text)
        this, last = (_numeral(mark.group(1)), _numeral(number)) if mark and number else (None, None)
        if this is not None and last is not None and this not in (last + 1, 1):
            mark = None
        if mark:
            number = mark.group(1)
        if mark or not found:
            text = f"{mark.group(1)} {line.text[mark.end() :]}" if mark else line.text
            found.append((_texts(line, full, text), line, bool(mark)))
        else:
            found[-1][0].extend(_texts(line, full))
    return found


def _texts(line: Line, full: bool, text: str | None = None) -> list[str]:
    """The texts a line adds to its paragraph: a table's row's cells' lines, or its text
    (`text`, where given), marked with a soft hyphen where its last word goes on on the
    next line (`Line.open_end`, and the line runs to its column's edge, as a line broken
    wherever it was full does: `joined` joins them with nothing)."""
    if line.wrapped:
        return list(line.wrapped)
    text = line.text if text is None else text
    return [text + "\u00ad" if line.open_end and full else text]


def _indents_paragraphs(runs: list[list[Line]], spacing: dict[float, float], body: float) -> bool | None:
    """Whether the document starts its paragraphs with an indented line (True), never does
    (False), or cannot tell (None): then a page or column break is read from the text."""
    indented = 0
    lines = 0
    for run in runs:
        edge = min(line.x0 for line in run)
        at_edge = [line.x0 - edge <= line.height * 0.8 for line in run]
        for number, line in enumerate(run[1:-1], 1):
            lines += 1
            # a first line indented, between lines at the edge (a list's lines are all
            # indented; an item's second line stands right of its bullet), at the usual
            # spacing from both (a quote of one line, set in from the edge, stands apart)
            above, below = run[number - 1], run[number + 1]
            usual = max(spacing.get(line.size, 0.0), spacing[body]) + line.size * 0.2
            if (
                at_edge[number - 1]
                and at_edge[number + 1]
                and line.height * 0.8 < line.x0 - edge < line.height * 5
                and not _item(line, None)
                and not _item(above, None)
                and above.base - line.base <= usual
                and line.base - below.base <= usual
            ):
                indented += 1
    if lines < 10:
        return None
    return indented >= 3 and indented >= lines / 40


def _usual_spacing(runs: list[list[Line]], body: float) -> dict[float, float]:
    """The usual distance from one line's baseline to the next's within a paragraph, for
    the body's type and for each other size set in lines enough to tell. A page printed
    from the web may set its article wider apart than its menus, in type of another size
    that has fewer letters: its lines are one paragraph at their own spacing. (A size set
    closer than the body's, as a table's rows, is read at the body's: its caption's lines
    stand further apart than the rows. A heading's few lines stand further apart, in
    proportion to its size.)"""
    pitches: dict[float, list[tuple[float, bool]]] = {}
    for run in runs:
        edge = min(line.x0 for line in run)
        far = max(line.x1 for line in run)
        for above, below in itertools.pairwise(run):
            if 0 < above.base - below.base < above.size * 3 and above.size == below.size:
                pitches.setdefault(above.size, []).append((above.base - below.base, _stops_short(above, edge, far)))
    usual = {size: _line_pitch(found, size) for size, found in pitches.items() if len(found) >= _PITCHES}
    usual[body] = _line_pitch(pitches[body], body) if body in pitches else 0.0
    return usual


def _line_pitch(found: list[tuple[float, bool]], size: float) -> float:
    """The distance between the lines of a paragraph, from each pair of lines' distance and
    whether the upper line stops short: the median, unless the lines above it mostly stop
    short and a closer spacing is common. Then most paragraphs are a line or two (a story's
    dialogue), and the median is the space between paragraphs."""
    median = statistics.median(pitch for pitch, _ in found)
    at_median = [short for pitch, short in found if abs(pitch - median) <= size * 0.2]
    # (Lines closer than their type's size overlap: no paragraph's lines are set so.)
    closer = [pitch for pitch, _ in found if size * 0.9 <= pitch < median - size * 0.2]
    if len(closer) < max(3, len(found) / 10) or sum(at_median) <= len(at_median) * 0.6:
        return median
    pitch = statistics.median(closer)
    # one spacing, not a scatter of lines set at odd places
    return pitch if sum(abs(other - pitch) <= size * 0.1 for other in closer) > len(closer) * 0.6 else median


def _starts_paragraph(
    line: Line,
    previous: Line,
    edge: float,
    far: float,
    spacing: dict[float, float],
    body: float,
    body_font: str | None,
    opening: tuple[str, float | None],
    began: bool,
    indenting: bool | None,
) -> bool:
    # A fifth of a line more than the usual spacing (for the type's size: a heading's lines
    # are further apart): the space between two paragraphs.
    size = max(line.size, previous.size)
    usual = max(spacing.get(size, 0.0), spacing[body] * max(1.0, size / body))
    if previous.base - line.base > usual + size * 0.2 + line.rise:
        return True
    if abs(line.size - previous.size) > 0.6 or (line.size > body + 0.6) != (previous.size > body + 0.6):
        return True  # a heading, or out of one
    if _item(line, previous.text, opening[0]) or line.cells or previous.cells:
        return True  # an item, or a table's row
    if _CONTENTS_ENTRY.search(previous.text):
        return True  # a table of contents' entry: dot leaders, then its page
    margins = previous.x0 - edge, far - previous.x1
    if min(margins) > (far - edge) * 0.15 and abs(margins[0] - margins[1]) < body:
        return True  # after a line set in the middle, well in from both sides: a title, "Abstract"
    indent = line.height * 0.8
    # (A heading's lines, set larger than the body, may hang past its number: "Chapter 1.
    # Securing and protecting IBM DB2 / data", the second line under "Securing".)
    heading = line.size > body + 0.6 and previous.size == line.size
    short = _stops_short(previous, edge, far)
    # (A paragraph's later lines may stand right of its first: an item's, right of its
    # mark; a bibliography's entry's, hanging under a first line that ran full.)
    hanging = began and (_item(previous, None) or not short)
    if line.x0 - edge > indent and previous.x0 - edge <= indent and not hanging and not heading:
        return True  # the first line of an indented paragraph
    if short and item_text(opening[0]) and opening[1] is not None and line.x0 < opening[1] - indent:
        return True  # out of a list's item that ended short: "• Enjoy summer warmth" / "Also, …"
    if short and previous.font not in (None, body_font) and line.first_font != previous.font:
        # after a heading in another font than the body's (italic, bold: "Boots Self-Locking
        # Nut") with no space under it: a short line all in that font, this one begins in another
        return True
    # A line that stops short at a sentence's end ends its paragraph, in a document that
    # does not indent its paragraphs' first lines (one that does says so by the indent: a
    # ragged line may stop short anywhere).
    return indenting is not True and short and bool(SENTENCE_END.search(previous.text))


def _stops_short(line: Line, edge: float, far: float) -> bool:
    """Whether the line stops short of its column's far edge, by more than 15% of its width."""
    return far - line.x1 > (far - edge) * 0.15


def _item(line: Line, before: str | None, opening: str | None = None) -> bool:
    """Whether a line starts a list's item: a bullet, or a number or letter and a point
    ("3. ", "b) ", "[12] ") after a sentence ended (in a sentence, "on March 23. According"
    is no item), or numbered next after the item that `opening`, the first line of the
    paragraph the line would go on, begins (a reference in a bibliography often ends with no
    stop, "(2019)", an address)."""
    if line.bullet or _BULLET.match(line.text):
        return True
    if not (numbered := _NUMBERED.match(line.text)):
        return False
    if before is None or SENTENCE_END.search(before):
        return True
    item_before = _NUMBERED.match(opening) if opening else None
    return item_before is not None and _next_in_list(item_before, numbered)


def _next_in_list(mark: re.Match, following: re.Match) -> bool:
    """Whether the list mark `following` numbers the item after `mark`'s, written alike:
    "1." then "2.", "b)" then "c)", "[4]" then "[5]"."""

    def place(found: re.Match) -> int:
        number, letter, label = found.groups()
        return int(number or label) if letter is None else ord(letter) - ord("a") + 1

    written = mark.group(0).rstrip()[-1], following.group(0).rstrip()[-1]  # ".", ")" or "]"
    return place(following) == place(mark) + 1 and written[0] == written[1]


def item_text(text: str) -> bool:
    """Whether a paragraph's first line is a list item's (a bullet, a number or a letter)."""
    return bool(_BULLET.match(text) or _NUMBERED.match(text))


def _goes_on(paragraph: list, first: Line) -> bool:
    """Whether the text goes on from a page's (or column's) last paragraph to the first line
    of the next: no sentence ended, and the last line runs to the far edge (a name may
    begin the next), or it goes on other than with a capital letter (in lower case, after a
    hyphen, with a number), or the paragraph is prose over two lines or more in the type of
    the line that goes on (ragged text stops short of the edge anywhere; a heading or a
    caption is one line, and its own type; a list's item may end with no stop); never into
    a bullet, nor from a table's row or into one."""
    texts, _, last, full = paragraph
    if SENTENCE_END.search(last.text) or first.bullet or _BULLET.match(first.text) or last.cells or first.cells:
        return False
    prose = len(texts) >= 2 and last.size == first.size and not item_text(texts[0])
    # (its first letter, after a quotation mark or a bracket: "“I’m so hungry" and
    # "(Artist: Elearia)" begin with a capital)
    letter = first.text.lstrip(_OPENING_MARKS)[:1]
    return full or prose or last.text.endswith(("-", "\u2010", "\u00ad")) or not letter.isupper()


def _hyphenates(lines_of_paragraphs: list[list[str]], words: Counter, hyphenating: bool) -> bool:
    """Whether a document breaks words at its lines' ends, as TeX, groff and a typesetter's
    justified columns do, told by its own words: as many of the words broken at a line's
    end are written whole elsewhere in it ("sanc-" "tions", and "sanctions") as with their
    hyphen ("cost-" "cutting", and "cost-cutting"), or more; where none is written elsewhere, by the
    program that made it (`hyphenating`). A browser breaks a line only at a hyphen the text
    has, and a word processor does not hyphenate unless asked: there, a hyphen at a line's
    end is the word's own."""
    whole = hyphenated = 0
    for texts in lines_of_paragraphs:
        for end, line in itertools.pairwise(texts):
            written = _written_elsewhere(end, line, words)
            whole += written == "whole"
            hyphenated += written == "hyphenated"
    return whole >= hyphenated if whole or hyphenated else hyphenating


def _written_elsewhere(end: str, line: str, words: Counter) -> str | None:
    """Where `end` breaks a word with a hyphen and `line` goes on with its letters: how the
    document writes that word elsewhere, "whole" or "hyphenated" ("" where it does not, or
    both ways); None where no word is broken there."""
    if not line[:1].isalpha() or not (broken := _BROKEN_WORD.search(end[-_LONGEST_WORD:])):
        return None
    first = _FIRST_WORD.match(line).group(0)
    whole = words[(broken.group(1) + first).casefold()]
    hyphenated = words[f"{broken.group(1)}-{first}".casefold()]
    if hyphenated and not whole:
        return "hyphenated"
    # (Unicode's hyphen at a line's end is one a typesetter put there: WeasyPrint breaks
    # words with it, and writes a word's own hyphen as ASCII's.)
    return "whole" if whole or end.endswith("\u2010") else ""


def joined(texts: list[str], words: Counter, hyphenation: bool = True) -> str:
    """A paragraph's lines joined: at a hyphen that broke a word (in a document that breaks
    words, `hyphenation`, or where the document writes that word whole elsewhere), without
    it, unless the document writes the word with its hyphen elsewhere or the next line
    begins with a capital; after a dash set close to its word ("platforms—"), or a hyphen
    before a number ("mid-" "2020s"), or between
    Chinese or Japanese characters, with nothing; else with a space. (Each line's end is
    read from the line alone, never from all the text before it: a text of a thousand
    lines, or of one long run of letters, is joined in linear time.)"""
    parts = [texts[0]]
    for line in texts[1:]:
        end = parts[-1]  # the line before, as it stands
        if end.endswith("\u00ad") and HANGUL.match(end[-2:-1]) and not HANGUL.match(line[:1]):
            parts[-1] = end[:-1]  # (a Korean word goes on in Korean: not into "www.nars.go.kr")
            parts.append(" ")
        elif end.endswith("\u00ad"):
            parts[-1] = end[:-1]
        elif (_CLOSED_BREAK.search(end[-2:]) and line[:1].isalnum()) or (
            _HYPHEN_BEFORE_NUMBER.search(end[-2:]) and line[:1].isdigit()
        ):
            pass
        elif UNSPACED.match(end[-1:]) and UNSPACED.match(line[:1]):
            pass  # Chinese and Japanese put no space between words, nor at a line's end
        elif (written := _written_elsewhere(end, line, words)) is not None:
            if not line[:1].isupper() and (written == "whole" or (hyphenation and not written)):
                parts[-1] = end[:-1]
        else:
            parts.append(" ")
        parts.append(line)
    # (a soft hyphen within a line goes with original.cleaned's others; one at the end, a
    # word that went on past the last line, which ended the paragraph, here)
    return "".join(parts).removesuffix("\u00ad")
