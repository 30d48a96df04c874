"""PDFs drawn here, line by line, where the tests need a layout groff does not make: the
way browsers print a page ("Save as PDF"), with a little space between paragraphs, list
bullets drawn as shapes, not letters, and a heading over two lines; and lines set run by run
(`set_lines`), upright or oblique, raised or lowered, some marks mapped to other characters.
Helvetica and Courier, fonts every PDF reader has, so nothing is embedded; plain ASCII text,
or Windows' Latin-1 ("\x97" an em dash), or Arabic or Korean through Courier's codes
(`arabic`, `korean`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

WIDTH, HEIGHT = 595, 842  # A4, in points
LEFT, TOP, BOTTOM = 72, 770, 72


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "item"
    lines: list[str]  # as they are to be broken
    page_break_after: int | None = None  # a new page after this many of its lines


def drawn_pdf(blocks: list[Block], *, size: float = 10, footer: str | None = None, scaled: bool = False) -> bytes:
    """The PDF of `blocks`, from the top of the first page down: a paragraph's lines
    `size` * 1.2 apart, 0.4 of a line more between blocks (as CSS's margins put them), a
    heading twice the size, an item indented with a dot before it (a list's items with no
    space between them); a new page where the next line would go below the bottom margin,
    or where a block says; `footer` at the foot of every page, its "{page}" the page's
    number."""
    pages: list[list[str]] = [[]]
    y = TOP
    for index, block in enumerate(blocks):
        type_size = size * 2 if block.kind == "heading" else size
        pitch = type_size * 1.2
        x = LEFT + (18 if block.kind == "item" else 0)
        for number, line in enumerate(block.lines):
            if y - pitch < BOTTOM or (number and number == block.page_break_after):
                pages.append([])
                y = TOP
            y -= pitch
            pages[-1].append(_text(line, x, y, type_size, scaled))
            if block.kind == "item" and number == 0:
                pages[-1].append(f"{x - 10} {y + type_size * 0.3:.2f} 3 3 re f")
        following = blocks[index + 1].kind if index + 1 < len(blocks) else None
        if not (block.kind == following == "item"):  # a list's items stand close together
            y -= type_size * 0.4
    if footer:
        for number, drawn in enumerate(pages, 1):
            drawn.append(_text(footer.format(page=number), LEFT, 40, 8, scaled))
    return _pdf(["\n".join(drawn) for drawn in pages])


@dataclass
class Run:
    """Words drawn in one font: F1 Helvetica, F2 Helvetica-Oblique, F3 Helvetica whose "*"
    maps to U+0002 (a bullet glyph a symbol font maps to no text, as IBM's manuals draw
    theirs), "/" to U+2044, the fraction slash, "~" to U+2010, the hyphen WeasyPrint
    breaks words with, "[" and "]" to U+F0854 and U+F0855, beyond U+FFFF (the brackets
    a Korean word processor writes), and "|" to U+3002, the ideographic full stop that
    ends a Japanese or Chinese sentence; `rise` lifts it (negative lowers it)."""

    text: str
    font: str = "F1"
    size: float = 10
    rise: float = 0


# Accents that a font draws as characters of their own (Helvetica's, in WinAnsi).
ACUTE, DIAERESIS = "\N{ACUTE ACCENT}", "\N{DIAERESIS}"


@dataclass
class Rule:
    """A thin line from (x0, y0) to (x1, y1), level or upright, drawn half a point thick
    (a table's rules)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Turned:
    """Text set upright, turned a quarter to the left (read from the bottom up), starting
    at (x, y): a table's column heading."""

    x: float
    y: float
    text: str
    size: float = 10


def set_lines(*pages: list[tuple[float, float, list[Run]] | Rule | Turned], information: dict | None = None) -> bytes:
    """Pages of lines, each line drawn at (x, y) as runs one after another, rules and text
    set upright; `information`, the document's information's fields ("Creator": the
    program that made it, "Title", "CreationDate")."""
    contents = []
    for lines in pages:
        drawn = []
        for line in lines:
            if isinstance(line, Turned):
                drawn.append(f"BT /F1 {line.size:g} Tf 0 1 -1 0 {line.x:g} {line.y:g} Tm ({_escaped(line.text)}) Tj ET")
                continue
            if isinstance(line, Rule):
                left, bottom = min(line.x0, line.x1) - 0.25, min(line.y0, line.y1) - 0.25
                drawn.append(
                    f"{left:g} {bottom:g} {abs(line.x1 - line.x0) + 0.5:g} {abs(line.y1 - line.y0) + 0.5:g} re f"
                )
                continue
            x, y, runs = line
            shown = " ".join(f"/{run.font} {run.size:g} Tf {run.rise:g} Ts {_drawn(run)}" for run in runs)
            drawn.append(f"BT {x} {y:.2f} Td {shown} ET")
        contents.append("\n".join(drawn))
    return _pdf(contents, information)


_MARKS_TO_UNICODE = """/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Marks def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
6 beginbfchar <2A> <0002> <2F> <2044> <7E> <2010> <5B> <DB82DC54> <5D> <DB82DC55> <7C> <3002> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


# F4: Courier (every glyph 0.6 of the size wide), its codes from 0xA0 up mapped to Arabic's
# letters (U+0621 on) and the vowel sign fathatan (U+064B, 0xCA), and 0xF0 to the ligature
# lam-alef, one glyph for two letters, "لا".
_ARABIC_FROM, _FATHATAN, _LAM_ALEF = 0x0621, "\u064b", 0xF0
_ARABIC_TO_UNICODE = """/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Arabic def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
3 beginbfchar <20> <0020> <2E> <002E> <F0> <06440627> endbfchar
1 beginbfrange <A0> <CA> <0621> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


def arabic(text: str) -> str:
    """Arabic text (in the order it is read) as F4 draws it: its glyphs from left to
    right, as a word processor sets them, "لا" as one, a vowel sign after its letter (drawn
    over it: `_drawn`)."""
    glyphs = [chr(_LAM_ALEF) if glyph == "لا" else glyph for glyph in re.findall(f"لا|.{_FATHATAN}|.", text)]
    return "".join(
        "".join(
            chr(ord(letter) - _ARABIC_FROM + 0xA0) if "\u0621" <= letter <= _FATHATAN else letter for letter in glyph
        )
        for glyph in reversed(glyphs)
    )


# F5: Courier, its ASCII as it is and its codes from 0xA0 up mapped to these Korean syllables.
_SYLLABLES = "보험회사는코로나를재해인정하여금을지급고다른이않아혼선생기있어부가중요한문제확대되"
_KOREAN_TO_UNICODE = """/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Korean def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <0020> endbfrange
{} beginbfchar {} endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end""".format(
    len(_SYLLABLES), " ".join(f"<{0xA0 + at:02X}> <{ord(syllable):04X}>" for at, syllable in enumerate(_SYLLABLES))
)


def korean(text: str) -> str:
    """Korean text as F5 draws it (of `_SYLLABLES`' syllables, and ASCII)."""
    return "".join(chr(0xA0 + _SYLLABLES.index(char)) if char in _SYLLABLES else char for char in text)


def _drawn(run: Run) -> str:
    """The operator that draws a run's text: in F4, each vowel sign drawn over the glyph
    before it, then a space of no width, as Word draws them; elsewhere, an acute accent or
    a diaeresis (ACUTE, DIAERESIS) drawn over the letter after it, as TeX's fonts of 128
    characters draw them (the accent, then back by its width, a third of the size)."""
    sign = chr(ord(_FATHATAN) - _ARABIC_FROM + 0xA0)
    if run.font == "F4" and sign in run.text:
        return "[({})] TJ".format(_escaped(run.text).replace(sign, f") 600 ({sign}) ( ) 600 ("))
    if run.font != "F4" and (ACUTE in run.text or DIAERESIS in run.text):
        drawn = _escaped(run.text).replace(ACUTE, f"{ACUTE}) 333 (").replace(DIAERESIS, f"{DIAERESIS}) 333 (")
        return f"[({drawn})] TJ"
    return f"({_escaped(run.text)}) Tj"


def _text(line: str, x: float, y: float, size: float, scaled: bool) -> str:
    """A line drawn at `size`: set as that size, or (`scaled`) as size 1 drawn `size`
    times larger, as some programs write it."""
    if scaled:
        return f"BT /F1 1 Tf {size:g} 0 0 {size:g} {x} {y:.2f} Tm ({_escaped(line)}) Tj ET"
    return f"BT /F1 {size:g} Tf {x} {y:.2f} Td ({_escaped(line)}) Tj ET"


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf(contents: list[str], information: dict | None = None) -> bytes:
    """A PDF of pages with these content streams, its cross-reference table right; its
    information's fields, where given."""
    count = len(contents)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [{}] /Count {} >>".format(" ".join(f"{7 + 2 * n} 0 R" for n in range(count)), count),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
        f"<< /Length {len(_MARKS_TO_UNICODE)} >>\nstream\n{_MARKS_TO_UNICODE}\nendstream",
    ]
    arabic_font = 7 + 2 * count  # after the pages, and the Korean one after it
    fonts = f"/F1 3 0 R /F2 4 0 R /F3 5 0 R /F4 {arabic_font} 0 R /F5 {arabic_font + 2} 0 R"
    for number, content in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] "
            f"/Resources << /Font << {fonts} >> >> /Contents {8 + 2 * number} 0 R >>"
        )
        stream = content.encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{content}\nendstream")
    courier = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding"
    objects.append(f"{courier} /ToUnicode {arabic_font + 1} 0 R >>")
    objects.append(f"<< /Length {len(_ARABIC_TO_UNICODE)} >>\nstream\n{_ARABIC_TO_UNICODE}\nendstream")
    objects.append(f"{courier} /ToUnicode {arabic_font + 3} 0 R >>")
    objects.append(f"<< /Length {len(_KOREAN_TO_UNICODE)} >>\nstream\n{_KOREAN_TO_UNICODE}\nendstream")
    info = ""
    if information:
        objects.append("<< {} >>".format(" ".join(f"/{key} ({_escaped(value)})" for key, value in information.items())))
        info = f" /Info {len(objects)} 0 R"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{table}\n%%EOF\n".encode()
    return out
