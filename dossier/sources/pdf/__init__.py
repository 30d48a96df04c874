"""A PDF read into paragraphs, each with the page it starts on.

PDFium (through pypdfium2: Apache-2.0 and BSD) gives the text of each page, its spaces and
line breaks, and every character's box, font and size; the paragraphs are rebuilt from the
lines as a reader sees them:

- the lines of a page in reading order, by their baselines (a bullet drawn apart from its
  item stands before it): a page in columns is read down the left one, then the right (a
  sidebar beside the text is a column; a column may hold two, read so in turn); lines
  that span both (a title) where they stand; a page written right to left (Arabic,
  Hebrew) is mirrored first, so that it is read from the right, and a right-to-left
  ligature's letters (lam-alef, which PDFium gives reversed) are put back in order, a
  vowel sign after the letter it is drawn over;
- running headers and footers left out (a line at the top or bottom of the page whose text,
  its numbers aside, comes back at the same height on other pages), and page numbers (a
  number alone at the top or bottom, or "Page 4", "4 of 12", "- 4 -", a chapter's "7-45");
- a line joins the paragraph before it unless a space between them wider than the lines'
  usual spacing (baseline to baseline, a fifth of a line more; for type of a size set in
  many lines, its own where wider than the body's: a printed page's article, set wider
  apart than its menus), a first line indented (not
  a heading's second line, hanging past its number), a line before it that stopped short
  at a sentence's end (in a document that does not indent its paragraphs: one that does
  says where they start), a change of font size (a heading), a short line all in a font
  other than the body's (a heading in italics or bold, with no space under it), a table of
  contents' entry (dot leaders and a page) or a list's bullet (a letter, a glyph that maps
  to no text, a symbol font's glyph read as a letter on line after line, "r Database…", or
  a dot drawn as a shape, as browsers print them) says a new one starts; the body's type
  is the size and font most of the letters are set in; a paragraph goes on across a page
  or a column where the text does (no sentence ended, and the last line runs to the
  column's edge, or the next goes on in lower case, or the paragraph is the body's prose
  over two lines: ragged text stops short anywhere), past a figure's labels and caption in
  other type, or at a page's top under a caption that names its figure ("Figure 2:"),
  which then follow it; a line set in from the edge at a column's top goes on none, unless
  the document indents its paragraphs, or it stands at the indent where the paragraph
  before, set in as a whole (a quotation, an item), ended;
- a word broken at a line's end with a hyphen is joined again in a document that breaks
  words (its broken words are written whole elsewhere in it, or, where none is, TeX or
  groff made it), unless the document writes it with the hyphen elsewhere (well-known);
  in one that breaks none (a browser's "Save as PDF", a word processor's), a hyphen at a
  line's end is the word's own ("cost-cutting"); Unicode's hyphen (U+2010, WeasyPrint's)
  and a soft hyphen always go; a dash set close to its word at a line's end ("platforms—")
  goes on with no space;
- a drop cap (a paragraph's first letter set large, lines deep) begins the line beside it;
- a digit set small and raised is a superscript ("Monday¹"), unless a fraction's
  numerator ("1⁄4");
- footnotes (smaller type at a column's foot, from a line that begins with a number or a
  symbol) are paragraphs of their own, after the paragraph that runs on over the page past
  them; one goes on at the next column's foot where it had not ended;
- a list's bullet is left out of its item, and an item's lines stand at its own indent; a
  number, a letter or a label in brackets ("[12] ") begins an item after a sentence ended,
  or where it numbers the next item (a bibliography's entry may end with no stop); a
  paragraph's later lines may hang under a first line that ran full (references by author
  and year); a paragraph of no letter or digit (a bullet alone, an icon font's marks) is
  none;
- a letter set low after one set high (a symbol's two indices) stays in its line;
- a line set in the middle of the column (a title, "Abstract") ends its paragraph;
- a Korean word broken between syllables at a full line's end is joined whole, in a
  document that draws a space after a line that ends a word (where this one has none);
- a table's row (cells set apart by gaps two letters wide, unevenly: a justified line's are
  all alike) is a paragraph of its own, its cells left to right, each cell's lines in
  order, however its cells wrap (tables.py tells where a row ends); where the table is
  drawn with rules, its rows and cells are read between them (ruled.py).

Title, author and date come from the document's information, where it has them; else the
title is the one the first page shows in the largest type. A date the first page shows over
its text ("4 March 2024") is the date published, before the information's (the day the file
was made). A PDF with
no text (a scan) or one that is encrypted is refused, saying what would help.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...library.problems import DossierError
from ..dates import DATELINE, written_date
from ..kinds import Fields
from .lines import pages, without_running_lines
from .order import reading_order
from .paragraphs import paragraphs_of
from .ruled import with_ruled_tables

# A PDF stating no title is titled by the largest type among its first paragraphs, if no
# longer than this.
_TITLE_AMONG = 5
_LONGEST_TITLE = 200
# The date a first page shows stands among its first paragraphs, on a short one (DATELINE).
_DATE_AMONG = 12


@dataclass
class Document(Fields):
    """What a PDF gives: its paragraphs with their pages, and its information's fields."""

    paragraphs: list[tuple[str, int]]


def read_pdf(data: bytes, name: str) -> Document:
    """The paragraphs of a PDF's text layer. Raises DossierError for a PDF without one,
    an encrypted one, or one PDFium cannot read."""
    found, rules, info, hyphenating = pages(data, name)
    if not any(found):
        raise DossierError(
            f"{name}: the PDF has no text, only images of pages (a scan): run OCR on it first "
            "(for example `ocrmypdf in.pdf out.pdf`), then import what it writes"
        )
    found = [with_ruled_tables(lines, drawn) for lines, drawn in zip(without_running_lines(found), rules, strict=True)]
    read = paragraphs_of([reading_order(lines) for lines in found], hyphenating)
    if "title" not in info and (title := _title_shown(read)):
        info["title"] = title
    if shown := _date_shown(read):
        info["published"] = shown
    return Document([(text, page) for text, page, _ in read], **info)


def _date_shown(paragraphs: list[tuple[str, int, float]]) -> str | None:
    """The date the first page shows over its text ("4 March 2024", "발행일 2020년 4월 2일"):
    the first whole date among its short paragraphs (a title's, a byline's) before its first
    long one. A reader cites that date; the document's information dates the file (LaTeX's,
    the day it was typeset), and serves where the page shows none."""
    for text, page, _ in paragraphs[:_DATE_AMONG]:
        if page != paragraphs[0][1] or len(text) > DATELINE:
            return None
        if found := written_date(text):
            return found
    return None


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
