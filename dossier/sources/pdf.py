"""A PDF read into paragraphs, each with the page it starts on.

PDFium (through pypdfium2: Apache-2.0 and BSD) gives the text of each page, its spaces and
line breaks, and every character's box and font size; the paragraphs are rebuilt from the
lines as a reader sees them:

- the lines of a page in reading order: a page in two columns is read down the left one,
  then the right; lines that span both (a title) where they stand;
- running headers and footers left out (a line at the top or bottom of the page whose text,
  its numbers aside, comes back at the same height on other pages), and page numbers (a
  number alone at the top or bottom, or "Page 4", "4 of 12", "- 4 -");
- a line joins the paragraph before it unless a space between them wider than the lines'
  usual spacing (baseline to baseline, a fifth of a line more), a first line indented, a
  line before it that stopped short at a sentence's end, a change of font size (a heading)
  or a list's bullet (a letter, or a dot drawn as a shape, as browsers print them) says a
  new one starts; a paragraph goes on across a page or a column where the text does (no
  sentence ended, and the last line runs to the column's edge or the next goes on in lower
  case);
- a word broken at a line's end with a hyphen is joined again, unless the document writes
  it with the hyphen elsewhere (well-known); a soft hyphen always goes;
- footnotes (smaller type at a column's foot, from a line that begins with a number or a
  symbol) are paragraphs of their own, after the paragraph that runs on over the page past
  them; one goes on at the next column's foot where it had not ended;
- a list's bullet is left out of its item, and an item's lines stand at its own indent;
- a line set in the middle of the column (a title, "Abstract") ends its paragraph, and a
  table's row (words set apart by gaps two letters wide) is a paragraph of its own.

Title, author and date come from the document's information, where it has them; else the
title is the one the first page shows in the largest type. A PDF with
no text (a scan) or one that is encrypted is refused, saying what would help.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..library.problems import DossierError
from .kinds import Fields

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$|^[ivxlcdm]{1,6}$", re.I
)
_BULLET = re.compile(r"^[•▪◦‣∙·*–\uf0b7\uf0a7-]\s")
# A list's bullet, a mark and no word, is left out of its item's paragraph (as a web page's
# <li> and Markdown's "- " are): the typographic ones, and the Symbol font's that word
# processors write. A dash or an asterisk may be the text's own, and stays.
_BULLET_MARK = re.compile(r"^[•▪◦‣∙·\uf0b7\uf0a7]\s+")
_NUMBERED = re.compile(r"^(?:\(?\d{1,3}[.)]|\(?[a-z][.)])\s")
# A footnote's mark, at the start of its first line: a number (often raised, and set against
# the note's first word: "¹Statement of 4 March.") or a symbol.
_SUPERSCRIPTS = dict(zip("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹", strict=True))
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE = re.compile(r"^([\d⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?![\d.,:])|[*†‡§¶])\s?(?=\S)")
# A PDF stating no title is titled by the largest type among its first paragraphs, if no
# longer than this.
_TITLE_AMONG = 5
_LONGEST_TITLE = 200
# More small shapes than this on a page are a chart or a map, not bullets (and would cost
# time for every line).
_MOST_DOTS = 500
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    page: int
    base: float = 0.0  # its baseline: where its letters stand, whatever their shapes
    bullet: bool = False  # a bullet drawn before it, as a shape (browsers draw them so)
    cells: bool = False  # words set apart by a gap of two letters' width or more: a table's row

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Document(Fields):
    """What a PDF gives: its paragraphs with their pages, and its information's fields."""

    paragraphs: list[tuple[str, int]]


def read_pdf(data: bytes, name: str) -> Document:
    """The paragraphs of a PDF's text layer. Raises DossierError for a PDF without one,
    an encrypted one, or one PDFium cannot read."""
    pages, info = _pages(data, name)
    if not any(pages):
        raise DossierError(
            f"{name}: the PDF has no text, only images of pages (a scan): run OCR on it first "
            "(for example `ocrmypdf in.pdf out.pdf`), then import what it writes"
        )
    pages = _without_running_lines(pages)
    paragraphs = _paragraphs([_reading_order(lines) for lines in pages])
    if "title" not in info and (title := _title_shown(paragraphs)):
        info["title"] = title
    return Document([(text, page) for text, page, _ in paragraphs], **info)


def _title_shown(paragraphs: list[tuple[str, int, float]]) -> str | None:
    """The title the first page shows, for a PDF whose information states none (LaTeX's
    \\maketitle writes none): among its first paragraphs, the one in the largest type, where
    that is larger than most of the text's by a fifth (a heading's size at least) and a
    title's length."""
    if not paragraphs:
        return None
    sizes: Counter[float] = Counter()
    for text, _, size in paragraphs:
        sizes[size] += len(text)
    body = sizes.most_common(1)[0][0]
    first = [(text, size) for text, page, size in paragraphs[:_TITLE_AMONG] if page == paragraphs[0][1]]
    text, size = max(first, key=lambda found: found[1])
    return text if size >= body * 1.2 and 3 <= len(text) <= _LONGEST_TITLE else None


def _pages(data: bytes, name: str) -> tuple[list[list[Line]], dict]:
    """Each page's text lines, as PDFium reads them (its text, spaces and line breaks:
    a kerned or spread-out word stays one), with their boxes and font sizes."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise DossierError(
                f"{name}: the PDF is encrypted with a password: save an unlocked copy first "
                "(for example `qpdf --decrypt --password=… in.pdf out.pdf`), then import that"
            ) from None
        raise DossierError(f"{name}: a broken PDF ({error}); not imported") from None
    try:
        info = _information(document.get_metadata_dict())
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        pages: list[list[Line]] = []
        for number in range(len(document)):
            page = document[number]
            lines = _page_lines(page.get_textpage(), number + 1, raw, (left, right, bottom, top))
            _mark_bullets(lines, _dots(page))
            pages.append(lines)
    finally:
        document.close()
    return pages, info


def _page_lines(text_page, page: int, raw, box) -> list[Line]:
    """A page's lines: its characters in PDFium's order, a new line wherever the next one
    stands on another baseline (by half its size), or far back to the left."""
    import ctypes

    left, right, bottom, top = box
    lines: list[Line] = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float, float]] = []
    bases: list[float] = []
    drawn: list[int] = []  # where in `chars` each of `boxes` is
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()

    def close() -> None:
        if boxes:
            sizes = sorted(found[4] for found in boxes)
            size, base = sizes[len(sizes) // 2], sorted(bases)[len(bases) // 2]
            # A digit set small and raised is a superscript (a footnote's mark, a power):
            # written as one, "Monday¹", not run into the word, "Monday1".
            for found, at, raised in zip(boxes, drawn, bases, strict=True):
                if chars[at] in _SUPERSCRIPTS and raised - base > size * 0.25 and found[4] <= size * 0.85:
                    chars[at] = _SUPERSCRIPTS[chars[at]]
        text = " ".join("".join(chars).split())
        if text and boxes:
            x0, y0 = min(found[0] for found in boxes), min(found[1] for found in boxes)
            x1, y1 = max(found[2] for found in boxes), max(found[3] for found in boxes)
            gaps = (right[0] - left[2] for left, right in itertools.pairwise(boxes))
            lines.append(Line(text, x0, y0, x1, y1, round(size, 1), page, base, cells=max(gaps, default=0) > size * 2))
        chars.clear()
        boxes.clear()
        bases.clear()
        drawn.clear()

    for index in range(text_page.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(text_page, index) or 32)
        if char == "\x02":  # PDFium's mark of a hyphen at a line's end
            chars.append("-")
            continue
        if char in "\r\n" or char.isspace() or raw.FPDFText_IsGenerated(text_page, index):
            chars.append(" ")
            continue
        raw.FPDFText_GetCharBox(text_page, index, left, right, bottom, top)
        raw.FPDFText_GetMatrix(text_page, index, matrix)
        # The size the letter is drawn at: the font's size as set, times the scale it is
        # drawn with (a PDF may set the size 1 and draw it ten times larger).
        size = raw.FPDFText_GetFontSize(text_page, index) * (math.hypot(matrix.c, matrix.d) or 1.0)
        found = (left.value, bottom.value, right.value, top.value, size)
        raw.FPDFText_GetCharOrigin(text_page, index, origin_x, origin_y)
        if boxes:
            # Another line where the character stands on another baseline (by half its
            # size, or the one's before: a raised number, small, stays, and so does the
            # text after it), or far back to the left. (Its box would mislead: an opening
            # quote's is high, a bullet's small.)
            size = max(size, found[3] - found[1], boxes[-1][4])
            if abs(origin_y.value - bases[-1]) > size * 0.5 or found[0] < boxes[-1][0] - 4 * size:
                close()
        if unicodedata.category(char) == "Cc":
            # A glyph PDFium maps to no text (LaTeX's list bullet, from its symbol font,
            # comes out as U+0088): a mark where a line starts, else nothing a reader reads.
            if boxes:
                continue
            char = "•"
        drawn.append(len(chars))
        chars.append(char)
        boxes.append(found)
        bases.append(origin_y.value)
    close()
    return lines


def _dots(page) -> list[tuple[float, float, float, float]]:
    """The small shapes of a page, no wider or taller than 8 points and about as wide as
    tall: a list's bullets, as browsers draw them."""
    import pypdfium2.raw as raw

    found = []
    for shape in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = shape.get_bounds()
        if 0 < right - left <= 8 and 0 < top - bottom <= 8 and 0.5 <= (right - left) / (top - bottom) <= 2:
            found.append((left, bottom, right, top))
            if len(found) > _MOST_DOTS:
                return []  # a chart's points, not a list's bullets
    return found


def _mark_bullets(lines: list[Line], dots: list[tuple[float, float, float, float]]) -> None:
    """Marks the lines a dot stands just before, within their height: a list's items."""
    for line in lines:
        line.bullet = any(
            line.x0 - line.size * 3 <= right <= line.x0 and line.y0 <= (bottom + top) / 2 <= line.y1
            for left, bottom, right, top in dots
        )


def _information(metadata: dict) -> dict:
    """Title, authors and date from the PDF's information dictionary."""
    found: dict = {}
    title = " ".join((metadata.get("Title") or "").split())
    if title and not title.lower().startswith(("microsoft word", "untitled")):
        found["title"] = title
    author = " ".join((metadata.get("Author") or "").split())
    if author:
        found["authors"] = [name.strip() for name in re.split(r";|,\s+and\s+|\s+and\s+", author) if name.strip()]
    date = re.match(r"(?:D:)?(\d{4})(\d\d)(\d\d)", metadata.get("CreationDate") or "")
    if date:
        found["published"] = "-".join(date.groups())
    return found


def _without_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Each page without its page number, and without the lines at its top or bottom
    that come back on other pages (their numbers aside): running headers and footers."""

    def shape(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.casefold())

    # Where each shape stands at a page's edge: a running line stands at the same height on
    # every page, a heading ("Part 2: …") wherever the text before it ends.
    # (Counted by 3-point bands of height, a band and its neighbours: linear in the pages.)
    edges: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        for line in _edge_lines(lines):
            edges[shape(line), round(line.base / 3)] += 1

    def running(line: Line) -> bool:
        band = round(line.base / 3)
        near = sum(edges[shape(line), band + step] for step in (-1, 0, 1))
        return near >= 2 and near >= len(pages) / 3

    kept = []
    for lines in pages:
        edge = {id(line) for line in _edge_lines(lines)}
        kept.append(
            [line for line in lines if not (id(line) in edge and (running(line) or _PAGE_NUMBER.match(line.text)))]
        )
    return kept


def _edge_lines(lines: list[Line]) -> list[Line]:
    """The lines at the very top and bottom of a page: the two highest and two lowest (each
    once: a page of three lines has three, not the middle one twice)."""
    if len(lines) <= 4:
        return list(lines)
    by_height = sorted(lines, key=lambda line: line.y1, reverse=True)
    return [*by_height[:2], *by_height[-2:]]


def _reading_order(lines: list[Line]) -> list[list[Line]]:
    """The page's lines as runs to be read one after another: its columns, left first,
    each top to bottom; a line wider than a column where it stands among them."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    middle = (left + right) / 2
    width = right - left
    narrow = [line for line in lines if line.x1 - line.x0 < width * 0.55]
    in_left = [line for line in narrow if line.x1 <= middle + width * 0.05]
    in_right = [line for line in narrow if line.x0 >= middle - width * 0.05]
    two_columns = len(in_left) >= 3 and len(in_right) >= 3 and len(in_left) + len(in_right) >= 0.6 * len(lines)
    top_down = sorted(lines, key=lambda line: (-line.y1, line.x0))
    if not two_columns:
        return [top_down]
    # Lines across both columns (a title, a figure's caption) break the page into bands.
    runs: list[list[Line]] = []
    band: list[Line] = []

    def close_band() -> None:
        if band:
            runs.append(sorted((line for line in band if line.x0 < middle), key=lambda line: -line.y1))
            runs.append(sorted((line for line in band if line.x0 >= middle), key=lambda line: -line.y1))
            band.clear()

    for line in top_down:
        if line.x0 < middle - width * 0.05 and line.x1 > middle + width * 0.05:
            close_band()
            runs.append([line])
        else:
            band.append(line)
    close_band()
    return [run for run in runs if run]


def _paragraphs(pages: list[list[list[Line]]]) -> list[tuple[str, int, float]]:
    """The paragraphs of the runs of lines of every page, with the page each starts on and
    the size of its type (a change of size starts another paragraph)."""
    runs = [run for page in pages for run in page]
    all_lines = [line for run in runs for line in run]
    if not all_lines:
        return []
    body = Counter(line.size for line in all_lines).most_common(1)[0][0]
    spacing = _usual_spacing(runs, body)
    words = Counter(word.casefold() for line in all_lines for word in re.findall(r"[\w-]+", line.text))
    indenting = _indents_paragraphs(runs)
    paragraphs: list[list] = []  # [lines' texts, page, last line, whether it is a full line]
    # Footnotes at a column's foot wait until the paragraph running over the page ends.
    notes: list[list] = []
    last_note: list | None = None  # the last footnote, while it may go on at the next column's foot
    for whole_run in runs:
        open_note = last_note is not None and not _SENTENCE_END.search(last_note[0][-1])
        run, foot = _without_footnotes(whole_run, body, open_note)
        if not run:
            continue
        edge = min(line.x0 for line in run)
        far = max(line.x1 for line in run)
        previous: Line | None = None
        item_begun = False  # whether the line before began a list's item
        for line in run:
            if previous is None:  # a new page or column: does the paragraph before go on?
                indented = line.x0 - edge > line.height * 0.8
                # A list's item goes on at its own indent, right of its bullet (its lines
                # are all indented): read from the text, as for a document of no indents.
                in_item = bool(paragraphs) and _item_text(paragraphs[-1][0][0])
                in_item = in_item and line.x0 >= paragraphs[-1][2].x0 - 1
                if indenting is not None and len(run) > 1 and not in_item:
                    starts = indented if indenting else not _goes_on(*paragraphs[-1][2:], line) if paragraphs else True
                else:
                    starts = not paragraphs or not _goes_on(*paragraphs[-1][2:], line)
                after = paragraphs[-1][2].text if paragraphs else None
                if _item(line, after) or (paragraphs and abs(line.size - paragraphs[-1][2].size) > 0.6):
                    starts = True
            else:
                starts = _starts_paragraph(line, previous, edge, far, spacing, body, item_begun)
            # the last line, and whether it runs to the far edge of its column (of several lines)
            full = len(run) > 1 and far - line.x1 <= (far - edge) * 0.15
            if starts or not paragraphs:
                paragraphs += notes
                notes = []
                paragraphs.append([[line.text], line.page, line, full])
            else:
                paragraphs[-1][0].append(line.text)
                paragraphs[-1][2:] = [line, full]
            item_begun = (starts or len(paragraphs[-1][0]) == 1) and (line.bullet or _item_text(line.text))
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
    return [(_BULLET_MARK.sub("", _joined(texts, words)), page, last.size) for texts, page, last, _ in paragraphs]


def _numeral(mark: str) -> int | None:
    """A footnote's number (raised or not), or None for a symbol."""
    plain = mark.translate(_PLAIN_DIGITS)
    return int(plain) if plain.isdecimal() and plain.isascii() else None


def _without_footnotes(run: list[Line], body: float, open_note: bool) -> tuple[list[Line], list[Line]]:
    """A column's lines, and its footnotes apart: the lines at its foot in smaller type than
    the body's, from the first that begins with a footnote's mark (or from the first, where
    a footnote before is still open)."""
    small = len(run)
    while small > 0 and run[small - 1].size < body - 0.9:
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
    for line in lines:
        mark = _FOOTNOTE.match(line.text)
        if mark and _numeral(mark.group(1)) is not None and number is not None and _numeral(number) is not None:
            mark = mark if _numeral(mark.group(1)) in (_numeral(number) + 1, 1) else None
        if mark:
            number = mark.group(1)
        if mark or not found:
            text = f"{mark.group(1)} {line.text[mark.end() :]}" if mark else line.text
            found.append(([text], line, bool(mark)))
        else:
            found[-1][0].append(line.text)
    return found


def _indents_paragraphs(runs: list[list[Line]]) -> bool | None:
    """Whether the document starts its paragraphs with an indented line (True), never does
    (False), or cannot tell (None): then a page or column break is read from the text."""
    indented = 0
    lines = 0
    for run in runs:
        edge = min(line.x0 for line in run)
        at_edge = [line.x0 - edge <= line.height * 0.8 for line in run]
        for number, line in enumerate(run[1:-1], 1):
            lines += 1
            # a first line indented, between lines at the edge (a list's lines are all indented)
            if (
                at_edge[number - 1]
                and at_edge[number + 1]
                and line.height * 0.8 < line.x0 - edge < line.height * 5
                and not _item(line, None)
            ):
                indented += 1
    if lines < 10:
        return None
    return indented >= 3 and indented >= lines / 40


def _usual_spacing(runs: list[list[Line]], body: float) -> float:
    """The usual distance from one line's baseline to the next's, within a paragraph of
    the body's type (a heading's lines stand further apart)."""
    pitches = [
        above.base - below.base
        for run in runs
        for above, below in itertools.pairwise(run)
        if 0 < above.base - below.base < above.size * 3 and above.size == below.size == body
    ]
    return statistics.median(pitches) if pitches else 0.0


def _starts_paragraph(
    line: Line, previous: Line, edge: float, far: float, spacing: float, body: float, item_begun: bool
) -> bool:
    # A fifth of a line more than the usual spacing (for the type's size: a heading's lines
    # are further apart): the space between two paragraphs.
    size = max(line.size, previous.size)
    if previous.base - line.base > spacing * max(1.0, size / body) + size * 0.2:
        return True
    if abs(line.size - previous.size) > 0.6 or (line.size > body + 0.6) != (previous.size > body + 0.6):
        return True  # a heading, or out of one
    if _item(line, previous.text) or line.cells or previous.cells:
        return True  # an item, or a table's row
    if far - previous.x1 > (far - edge) * 0.15 and abs(previous.x0 - edge - (far - previous.x1)) < body:
        return True  # after a line set in the middle: a title, a heading ("Abstract")
    indent = line.height * 0.8
    if line.x0 - edge > indent and previous.x0 - edge <= indent and not item_begun:
        return True  # the first line of an indented paragraph (an item's second is indented too)
    short = far - previous.x1 > (far - edge) * 0.15
    return short and bool(_SENTENCE_END.search(previous.text))


def _item(line: Line, before: str | None) -> bool:
    """Whether a line starts a list's item: a bullet, or a number or letter and a point
    ("3. ", "b) ") after a sentence ended (in a sentence, "on March 23. According" is no item)."""
    if line.bullet or _BULLET.match(line.text):
        return True
    return bool(_NUMBERED.match(line.text)) and (before is None or bool(_SENTENCE_END.search(before)))


def _item_text(text: str) -> bool:
    """Whether a paragraph's first line is a list item's (a bullet, a number or a letter)."""
    return bool(_BULLET.match(text) or _NUMBERED.match(text))


def _goes_on(last: Line, full: bool, first: Line) -> bool:
    """Whether the text goes on from the last line of a page (or column) to the first of
    the next: no sentence ended, and the last line runs to the far edge (a name may
    begin the next), or it goes on other than with a capital letter (in lower case,
    after a hyphen, with a number); never into a bullet."""
    if _SENTENCE_END.search(last.text) or first.bullet or _BULLET.match(first.text):
        return False
    return full or last.text.endswith(("-", "\u00ad")) or not first.text[:1].isupper()


def _joined(texts: list[str], words: Counter) -> str:
    """A paragraph's lines joined: at a hyphen that broke a word, without it (unless the
    document writes that word with a hyphen elsewhere), else with a space."""
    text = texts[0]
    for line in texts[1:]:
        if text.endswith("\u00ad"):
            text = text[:-1] + line
            continue
        broken = re.search(r"(\w+)-$", text)
        if broken and line[:1].isalpha():
            first = re.match(r"[\w-]+", line).group(0)
            whole = (broken.group(1) + first).casefold()
            hyphenated = f"{broken.group(1)}-{first}".casefold()
            keep = (words[hyphenated] > 0 and words[whole] == 0) or line[:1].isupper()
            text = text + line if keep else text[:-1] + line
        else:
            text = f"{text} {line}"
    return text.replace("\u00ad", "")
