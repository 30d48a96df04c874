"""A PDF's pages as lines of text (pdf/__init__.py tells the whole; order.py reads them in
order): PDFium's characters put into lines by their baselines, with their font, and the
stretches a letter's width apart that may be a table's cells (text set upright, a line of
its own); a raised digit written as a superscript, a glyph that maps to no text taken for
a bullet at a line's start (U+0002 too, which PDFium also gives for a hyphen at a line's
end), bullets drawn as shapes marked, running headers, footers and page numbers left out."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ...library.format import date_problem
from ...library.problems import DossierError
from .letters import accents_on_their_letters, character, ligatures_in_reading_order, marks_after_their_letters

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$|^[ivxlcdm]{1,6}$"
    r"|^(?:[A-Z]|\d{1,2})[-–]\d{1,3}$",  # a chapter's page: "7-45", "A-3"
    re.I,
)
# A digit set small and raised is written as a superscript.
_SUPERSCRIPTS = dict(zip("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹", strict=True))
_FRACTION_SLASH = "\u2044"  # between a raised numerator and a lowered denominator: "1⁄4"
# More small shapes than this on a page are a chart or a map, not bullets (and would cost
# time for every line).
_MOST_DOTS = 500
# A rule is no thicker than this (points), and at least this long; more rules than
# _MOST_RULES on a page are a chart's or a drawing's, not a table's (and ruled.py compares
# each with every other).
_THICKEST, _SHORTEST, _MOST_RULES = 2.0, 6.0, 600
# A figure's or a table's caption begins with its name and number: "Figure 2:", "Fig. 5.",
# "TABLE IV.", "Figure 7-26."
CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Tab\.|Chart|Exhibit|Map|Plate)\s*(?:\d{1,3}|[IVXL]{1,5})\b", re.I)
# Drop caps looked for on a page, at most (each is compared with every line).
_MOST_DROP_CAPS = 8
# A Korean syllable.
HANGUL = re.compile("[\uac00-\ud7a3]")
# How many of the lines that end in a Korean syllable must end with a space drawn after
# it, at the least, for those that end in one with no space to be words broken.
_SPACED_ENDS = 0.2
# A title that is a file's name is a converter's default, no title: "cmyk-doc.dvi",
# "Final draft.docx" (Word's "Microsoft Word - …" too).
_FILE_NAME = re.compile(r"\.(?:dvi|e?ps|pdf|docx?|odt|rtf|txt|tex|html?|indd|qx[dp]|pub|pptx?|xlsx?|wpd)$", re.I)
# Programs that break words at lines' ends unless told not to, as their information names
# them: TeX's ("pdfTeX-1.40", "LaTeX with hyperref", "XeTeX") and groff's.
_HYPHENATING = re.compile(r"\b(?:pdf|xe|lua)?(?:la)?tex\b|\bgroff\b|\bgropdf\b", re.IGNORECASE)


class Rule(NamedTuple):
    """A thin line drawn on the page, along its middle: level where y0 == y1, upright
    where x0 == x1 (ruled.py reads a table's grid from them)."""

    x0: float
    y0: float
    x1: float
    y1: float


class Piece(NamedTuple):
    """The text of one cell of a table's row, and where it starts and ends."""

    x0: float
    x1: float
    text: str


@dataclass
class Line:
    text: str
    # Its box. A page written right to left is mirrored (_mirrored): x0 is where its lines
    # start, on the right.
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    page: int
    base: float = 0.0  # its baseline: where its letters stand, whatever their shapes
    bullet: bool = False  # a bullet drawn before it, as a shape (browsers draw them so)
    cells: bool = False  # words set apart by a gap of two letters' width or more: a table's row
    # Its words in stretches a letter's width apart or more, left to right: maybe cells.
    pieces: list[Piece] = dataclasses.field(default_factory=list)
    wrapped: list[str] = dataclasses.field(default_factory=list)  # a table's row: its cells' lines
    # How far above its baseline it sets text small and raised (a footnote's mark, "[³¹]"):
    # a browser sets such a line that much further below the one above it.
    rise: float = 0.0
    font: str | None = None  # the font of all its letters, where they share one PDFium names
    first_font: str = ""  # the font of its first letter ("" where PDFium names none)
    # Its first character and that character's font, where it stands alone before a space
    # in a font the next word is not set in: maybe a symbol font's bullet (_symbol_bullets).
    mark: str = ""
    # Its last word goes on on the next line: a Korean word broken between two syllables,
    # in a document that draws a space at the end of a line that ends a word (_broken_words).
    open_end: bool = False

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def on_baselines(top_down: list[Line]) -> list[list[Line]]:
    """Lines (from the top of the page down) in bands, those on one baseline together: a
    fifth of their size apart at most."""
    bands: list[list[Line]] = []
    for line in top_down:
        if bands and abs(bands[-1][0].base - line.base) <= max(line.size, bands[-1][0].size) * 0.2:
            bands[-1].append(line)
        else:
            bands.append([line])
    return bands


def pages(data: bytes, name: str) -> tuple[list[list[Line]], list[list[Rule]], dict, bool]:
    """Each page's text lines, as PDFium reads them (its text, spaces and line breaks:
    a kerned or spread-out word stays one), with their boxes and font sizes; each page's
    rules; the fields the document's information gives; whether a program that breaks
    words at lines' ends by default made it (`_HYPHENATING`)."""
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
        metadata = document.get_metadata_dict()
        info = _information(metadata)
        hyphenating = any(_HYPHENATING.search(metadata.get(key) or "") for key in ("Creator", "Producer"))
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        pages: list[list[Line]] = []
        rules: list[list[Rule]] = []
        for number in range(len(document)):
            page = document[number]
            lines = _page_lines(page.get_textpage(), number + 1, raw, (left, right, bottom, top))
            dots, drawn = _shapes(page)
            if _right_to_left(lines):
                lines, dots = _mirrored(lines), [(-right, bottom, -left, top) for left, bottom, right, top in dots]
                drawn = [Rule(-x1, y0, -x0, y1) for x0, y0, x1, y1 in drawn]
            _mark_bullets(lines, dots)
            _symbol_bullets(lines)
            pages.append(_with_drop_caps(_captions_apart(lines)))
            rules.append(drawn)
    finally:
        document.close()
    _broken_words(pages)
    return pages, rules, info, hyphenating


def _page_lines(text_page, page: int, raw, box) -> list[Line]:
    """A page's lines: its characters in PDFium's order, a new line wherever the next one
    stands on another baseline (by half its size, or the one's before), or far back to the
    left. A line whose words stand two letters apart or more is a table's row (`cells`)."""
    import ctypes

    left, right, bottom, top = box
    lines: list[Line] = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float, float]] = []
    bases: list[float] = []
    drawn: list[int] = []  # where in `chars` each of `boxes` is
    fonts: list[str] = []  # the font of each of `boxes`
    name = ctypes.create_string_buffer(256)  # a PDF's names are 127 bytes at most
    flags = ctypes.c_int()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()

    spaced = False  # whether a space is drawn after the line's last letter

    def close() -> None:
        rise = 0.0  # how high the line raises its small text
        if boxes:
            ligatures_in_reading_order(chars, boxes, drawn)
            marks_after_their_letters(chars, boxes, drawn)
            accents_on_their_letters(chars, boxes, drawn)
            sizes = sorted(found[4] for found in boxes)
            size, base = sizes[len(sizes) // 2], sorted(bases)[len(bases) // 2]
            # A digit set small and raised is a superscript (a footnote's mark, a power):
            # written as one, "Monday¹", not run into the word, "Monday1".
            # (Not a fraction's numerator: "1⁄4" stays as it is.)
            for found, at, raised, following in zip(boxes, drawn, bases, [*drawn[1:], None], strict=True):
                if not (raised - base > size * 0.25 and found[4] <= size * 0.85):
                    continue
                rise = max(rise, raised - base)
                numerator = following is not None and chars[following] == _FRACTION_SLASH
                if chars[at] in _SUPERSCRIPTS and not numerator:
                    chars[at] = _SUPERSCRIPTS[chars[at]]
        text = " ".join("".join(chars).split())
        if text and boxes:
            x0, y0, x1, y1 = _bounds(boxes)
            # (between letters as they stand, left to right: Arabic is read leftward, with a
            # word in Latin letters, read rightward, among its words)
            shown = sorted(range(len(boxes)), key=lambda at: boxes[at])
            gaps = [boxes[after][0] - boxes[before][2] for before, after in itertools.pairwise(shown)]
            # Wide gaps between words, all alike, are a justified line of few words, spread
            # out ("Evado Kozeleva confirmed the"); a table's cells stand unevenly apart.
            spaces = [gap for gap in gaps if gap > size * 0.2]
            spread = len(spaces) >= 2 and max(spaces) <= min(spaces) * 1.15
            widest = max(gaps, default=0)
            cells = widest > size * 2 and not spread
            pieces = []
            if widest > size * 0.8:
                # Words a letter's width apart or more: maybe a table's cells, each one's text
                # where it stands (its letters, as drawn, in one stretch; tables.py reads them).
                starts = [0, *(at + 1 for at, gap in enumerate(gaps) if gap > size * 0.8), len(shown)]
                for start, end in itertools.pairwise(starts):
                    cell = shown[start:end]
                    written = "".join(chars[drawn[min(cell)] : drawn[max(cell)] + 1])
                    edges = boxes[cell[0]][0], max(boxes[at][2] for at in cell)
                    pieces.append(Piece(*edges, " ".join(written.split())))
            font = fonts[0] if len(set(fonts)) == 1 and fonts[0] else None
            line = Line(
                text,
                x0,
                y0,
                x1,
                y1,
                round(size, 1),
                page,
                base,
                cells=cells,
                pieces=pieces,
                rise=rise,
                font=font,
                first_font=fonts[0],
            )
            # (a bullet's word after it is set level with it, in its size: not a symbol's
            # raised or lowered index, "P" and "C" over "q")
            level = len(boxes) > 1 and boxes[1][4] > boxes[0][4] * 0.85 and abs(bases[1] - bases[0]) < size * 0.1
            if text[1:2] == " " and level and fonts[0] and fonts[1] and fonts[0] != fonts[1]:
                line.mark = f"{text[0]} {fonts[0]}"
            line.open_end = not spaced and bool(HANGUL.match(text[-1]))
            lines.append(line)
        chars.clear()
        boxes.clear()
        bases.clear()
        drawn.clear()
        fonts.clear()

    # Text set upright (turned a quarter, a table's column headings, "QIBM_DB_SECADM"), as
    # PDFium gives it, in the order it is read: its letters and their boxes, and where they
    # stand across. Read as lines across, it was a line of each letter.
    turned: list[tuple[str, tuple[float, float, float, float, float]]] = []
    turned_x = 0.0

    def close_turned() -> None:
        text = " ".join("".join(char for char, _ in turned).split())
        drawn_at = [found for char, found in turned if not char.isspace()]
        if text and drawn_at:
            x0, y0, x1, y1 = _bounds(drawn_at)
            size = sorted(found[4] for found in drawn_at)[len(drawn_at) // 2]
            lines.append(Line(text, x0, y0, x1, y1, round(size, 1), page, base=y0))
        turned.clear()

    count = text_page.count_chars()
    for index in range(count):
        char = character(raw, text_page, index, count)
        if not char:
            continue  # the second half of a character beyond U+FFFF, read with its first
        if char in "\r\n" or char.isspace() or raw.FPDFText_IsGenerated(text_page, index):
            if turned:
                turned.append((" ", (0.0, 0.0, 0.0, 0.0, 0.0)))
                continue
            if char == " " and boxes and not raw.FPDFText_IsGenerated(text_page, index):
                spaced = True
            chars.append(" ")
            continue
        raw.FPDFText_GetCharBox(text_page, index, left, right, bottom, top)
        raw.FPDFText_GetMatrix(text_page, index, matrix)
        # The size the letter is drawn at: the font's size as set, times the scale it is
        # drawn with (a PDF may set the size 1 and draw it ten times larger).
        size = raw.FPDFText_GetFontSize(text_page, index) * (math.hypot(matrix.c, matrix.d) or 1.0)
        found = (left.value, bottom.value, right.value, top.value, size)
        raw.FPDFText_GetCharOrigin(text_page, index, origin_x, origin_y)
        if abs(matrix.b) > abs(matrix.a):  # turned more than halfway to upright
            if turned and abs(origin_x.value - turned_x) > size * 0.5:
                close_turned()  # the next heading's
            if unicodedata.category(char) != "Cc":
                turned.append((char, found))
                turned_x = origin_x.value
            continue
        if turned:
            close_turned()
        if boxes:
            # Another line where the character stands on another baseline (by half its
            # size, or the one's before: a raised number, small, stays, and so does the
            # text after it) than the one before and the line's first (a letter set low
            # after one set high, "m" with "C" over "q", stays), or far back to the left.
            # (Its box would mislead: an opening quote's is high, a bullet's small.)
            size = max(size, found[3] - found[1], boxes[-1][4])
            elsewhere = abs(origin_y.value - bases[-1]) > size * 0.5 and abs(origin_y.value - bases[0]) > size * 0.5
            if elsewhere or found[0] < boxes[-1][0] - 4 * size:
                close()
        if char == "\x02" and boxes:
            char = "-"  # PDFium's mark of a hyphen at a line's end
        elif unicodedata.category(char) == "Cc":
            # A glyph PDFium maps to no text (LaTeX's list bullet, from its symbol font,
            # comes out as U+0088; an IBM manual's, as U+0002): a mark where a line
            # starts, else nothing a reader reads.
            if boxes:
                continue
            char = "•"
        if char == _FRACTION_SLASH:
            while chars and chars[-1] == " ":  # PDFium breaks the line after a raised numerator
                chars.pop()
        # (PDFium leaves the buffer as it was where the name would not fit, or none is known.)
        named = 0 < raw.FPDFText_GetFontInfo(text_page, index, name, len(name), flags) <= len(name)
        drawn.append(len(chars))
        chars.append(char)
        boxes.append(found)
        bases.append(origin_y.value)
        fonts.append(name.value.decode("latin-1") if named else "")
        spaced = False
    close()
    close_turned()
    return lines


def _bounds(boxes: list[tuple[float, float, float, float, float]]) -> tuple[float, float, float, float]:
    """The box around letters' boxes (left, bottom, right, top, size each)."""
    return (
        min(found[0] for found in boxes),
        min(found[1] for found in boxes),
        max(found[2] for found in boxes),
        max(found[3] for found in boxes),
    )


def _broken_words(pages: list[list[Line]]) -> None:
    """Keeps a line's `open_end` (a Korean word broken between syllables at its end, "확" /
    "진자는": the line ends in a syllable, no space drawn after it) only in a document that
    draws a space after a line that ends a word (a Korean word processor's: a fifth of the
    lines ending in a syllable, or more, and three). Elsewhere (a browser's print draws no
    space at a line's end) nothing tells a broken word from two, and a space joins them."""
    ending = [line for lines in pages for line in lines if HANGUL.match(line.text[-1:])]
    spaced = sum(not line.open_end for line in ending)
    if spaced >= 3 and spaced >= len(ending) * _SPACED_ENDS:
        return
    for line in ending:
        line.open_end = False


def _symbol_bullets(lines: list[Line]) -> None:
    """Writes as "•" the bullets that a symbol font draws and PDFium reads as a letter (a
    Wingdings box is "r": "r Database performance"): a character alone before a space, in a
    font the next word is not set in, the same on lines one after another. (Once, it may be
    a word: an italic "x is the number…".)"""
    for index, line in enumerate(lines):
        if line.mark and any(
            0 <= other < len(lines) and lines[other].mark == line.mark for other in (index - 1, index + 1)
        ):
            line.text = "•" + line.text[1:]
            if line.pieces:
                line.pieces[0] = line.pieces[0]._replace(text="•" + line.pieces[0].text[1:])


def _captions_apart(lines: list[Line]) -> list[Line]:
    """The page's lines with the captions of figures side by side, set on one baseline
    ("Figure 7-26. Self-locking nuts." and "Figure 7-27. Stainless steel…", each under its
    column's figure), each a line of its own where it stands: read as one line, they were a
    table's row, one paragraph of two captions."""
    if not any(line.cells for line in lines):
        return lines
    apart = []
    for line in lines:
        if line.cells and len(line.pieces) > 1 and all(CAPTION.match(piece.text) for piece in line.pieces):
            apart += [
                dataclasses.replace(line, text=piece.text, x0=piece.x0, x1=piece.x1, cells=False, pieces=[])
                for piece in line.pieces
            ]
        else:
            apart.append(line)
    return apart


def _with_drop_caps(lines: list[Line]) -> list[Line]:
    """The page's lines with each drop cap (a paragraph's first letter set large, two or
    three lines deep, its first lines beside it: "R" and "ates of cannabis use…") put
    before the first line beside it, which it begins: "Rates of cannabis use…". Read as a
    line of its own it was a paragraph, "R", and its word lost its first letter. A line
    beside it is one that starts just right of it, its top within the letter's height."""
    caps = [
        line for line in lines if len(line.text) == 1 and line.text.isupper() and line.height > 0 and not line.bullet
    ][:_MOST_DROP_CAPS]
    dropped: set[int] = set()
    for cap in caps:
        beside = [
            line
            for line in lines
            if line is not cap
            and line.size * 2 <= cap.size
            and cap.x1 <= line.x0 <= cap.x1 + cap.size
            and cap.y0 < line.y1 <= cap.y1 + line.height * 0.5
            and line.text[:1].isalpha()
        ]
        if beside:
            first = max(beside, key=lambda line: line.y1)
            joint = "" if first.text[:1].islower() else " "
            first.text = cap.text + joint + first.text
            if first.pieces:
                first.pieces[0] = first.pieces[0]._replace(text=cap.text + joint + first.pieces[0].text)
            dropped.add(id(cap))
    return [line for line in lines if id(line) not in dropped] if dropped else lines


def _right_to_left(lines: list[Line]) -> bool:
    """Whether most of the page's letters are written right to left (Arabic, Hebrew)."""
    directions = Counter(unicodedata.bidirectional(char) for line in lines for char in line.text)
    return directions["R"] + directions["AL"] > directions["L"]


def _mirrored(lines: list[Line]) -> list[Line]:
    """A right-to-left page's lines mirrored, left for right, so that all that is read
    from where lines start and stop (an indent, a line that stops short, columns read in
    order, a bullet before its item) is read as for a page written left to right; a line
    of stretches set apart (a form's label and its value) read from the right, stretch by
    stretch, where PDFium gives the one on the left first ("1403/09/19 تاريخ پذيرش")."""
    mirrored = []
    for line in lines:
        pieces = [Piece(-x1, -x0, text) for x0, x1, text in reversed(line.pieces)]
        text = " ".join(piece.text for piece in pieces)
        if len(pieces) < 2 or sorted(text.replace(" ", "")) != sorted(line.text.replace(" ", "")):
            text = line.text  # (stretches that share letters, as PDFium orders them: kept)
        mirrored.append(dataclasses.replace(line, text=text, x0=-line.x1, x1=-line.x0, pieces=pieces))
    return mirrored


def _shapes(page) -> tuple[list[tuple[float, float, float, float]], list[Rule]]:
    """The small shapes of a page, no wider or taller than 8 points and about as wide as
    tall: a list's bullets, as browsers draw them (none where there are more than
    `_MOST_DOTS`: a chart's points); and its rules, thin shapes (none where there are more
    than `_MOST_RULES`)."""
    import pypdfium2.raw as raw

    dots: list[tuple[float, float, float, float]] = []
    rules: list[Rule] = []
    for shape in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = shape.get_bounds()
        wide, high = right - left, top - bottom
        if 0 < wide <= 8 and 0 < high <= 8 and 0.5 <= wide / high <= 2:
            dots.append((left, bottom, right, top))
        elif high <= _THICKEST and wide >= _SHORTEST:
            rules.append(Rule(left, (top + bottom) / 2, right, (top + bottom) / 2))
        elif wide <= _THICKEST and high >= _SHORTEST:
            rules.append(Rule((left + right) / 2, bottom, (left + right) / 2, top))
        if len(dots) > _MOST_DOTS and len(rules) > _MOST_RULES:
            break  # a chart's: neither is used
    return (dots if len(dots) <= _MOST_DOTS else []), (rules if len(rules) <= _MOST_RULES else [])


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
    if title and not title.lower().startswith(("microsoft word", "untitled")) and not _FILE_NAME.search(title):
        found["title"] = title
    author = " ".join((metadata.get("Author") or "").split())
    if author:
        found["authors"] = [name.strip() for name in re.split(r";|,\s+and\s+|\s+and\s+", author) if name.strip()]
    date = re.match(r"(?:D:)?(\d{4})(\d\d)(\d\d)", metadata.get("CreationDate") or "")
    # (a day that is none is left out: Acrobat Distiller 3 wrote the year 2000 as "19100",
    # "D:191000612…", read "1910-00-61")
    if date and date_problem(day := "-".join(date.groups())) is None:
        found["published"] = day
    return found


def without_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
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
