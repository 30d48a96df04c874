"""Any original read into what a source file holds: its kind, paragraphs, and the fields
the document gives (each may be left out, or given on the command line instead)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata

from ..library.problems import DossierError
from . import kinds

# Characters a paragraph is not given: control characters (a form feed, an escape), the
# byte-order mark, and the soft hyphen (a place a word may break, shown only where a line
# does: "Mit\u00adtel\u00adal\u00adter" reads "Mittelalter"); YAML's other line breaks become
# spaces, as in a browser.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff\u00ad]")
_OTHER_BREAKS = re.compile("[\x0c\x85\u2028\u2029]")


@dataclass
class Original(kinds.Fields):
    """What an original gives a source."""

    kind: str
    paragraphs: list[tuple[str, int | None]]  # text, and the page it starts on (PDF)
    extracted_by: str = ""
    saved_as: str | None = None  # a web page saved in one file: kinds.MHTML or kinds.WEBARCHIVE

    @property
    def suffix(self) -> str:
        """The archived copy's suffix: its kind's, or that of the file a page was saved in."""
        return self.saved_as or kinds.SUFFIXES[self.kind]


def read_original(data: bytes, name: str, kind: str | None = None) -> Original:
    """The original's paragraphs and fields, whatever its kind. Raises DossierError with
    what is wrong and what to do, naming `name`. `kind`: the kind it was archived as,
    where it was (an e-mail archived as plain text, before dossier read e-mails)."""
    content = kinds.unpacked(data, name)
    found_kind = kinds.kind_of(content, name)
    kind = kind if kind == kinds.TEXT and found_kind == kinds.EMAIL else found_kind
    if kind == kinds.PDF:
        from .pdf import read_pdf

        document = read_pdf(content, name)
        found = Original(kind, document.paragraphs, _versions("pypdfium2"), **document.stated())
    elif kind == kinds.HTML:
        from .webpage import read_page

        declared = address = None
        if saved_as := kinds.saved_in_one_file(content[:8192]):
            from .webpage.saved import page_inside

            content, declared, address = page_inside(content, saved_as, name)
        text, _ = kinds.decoded(content, name, declared)
        page = read_page(text, name)
        page.url = page.url or address  # (the page's own canonical address first)
        paragraphs = [(paragraph, None) for paragraph in page.paragraphs]
        found = Original(kind, paragraphs, _versions("trafilatura", "readability-lxml"), saved_as, **page.stated())
    elif kind == kinds.EMAIL:
        from .mail import read_mail
        from .plain import text_paragraphs
        from .webpage import every_block

        mail = read_mail(content, name)
        paragraphs = every_block(mail.text, name) if mail.html else text_paragraphs(mail.text)
        extractor = _versions("lxml") if mail.html else _versions()
        found = Original(kind, [(paragraph, None) for paragraph in paragraphs], extractor, **mail.stated())
    else:
        from .plain import markdown_paragraphs, text_paragraphs

        text, _ = kinds.decoded(content, name)
        paragraphs = markdown_paragraphs(text) if kind == kinds.MARKDOWN else text_paragraphs(text)
        title = _heading(paragraphs)
        extractor = _versions("markdown-it-py") if kind == kinds.MARKDOWN else _versions()
        found = Original(kind, [(paragraph, None) for paragraph in paragraphs], extractor, title=title)
    found.paragraphs = [
        (text, page) for text, page in ((cleaned(text), page) for text, page in found.paragraphs) if text
    ]
    if not found.paragraphs:
        raise DossierError(f"{name}: no text to import")
    found.title = cleaned(found.title or "") or None
    found.publisher = cleaned(found.publisher or "") or None
    found.authors = [author for author in map(cleaned, found.authors) if author]
    return found


def read_again(data: bytes, kind: str, name: str) -> Original:
    """What an archived original of `kind` gives now (for dossier verify)."""
    found = read_original(data, name, kind)
    if found.kind != kind:
        raise DossierError(f"{name}: archived as {kind}, but its bytes are {found.kind}")
    return found


def cleaned(text: str) -> str:
    """A paragraph as a source holds it: without the characters no reader sees, and in
    Unicode's composed form (NFC), one spelling for what shows the same: "é" is one
    character whether the page wrote it as one or as "e" and an accent."""
    text = _OTHER_BREAKS.sub(" ", _UNWANTED.sub("", text))
    return unicodedata.normalize("NFC", text).strip()


def _heading(paragraphs: list[str]) -> str | None:
    """A text's title: its first paragraph, where it is short enough to be a heading."""
    first = paragraphs[0] if paragraphs else ""
    return first if 0 < len(first) <= 120 and not first.endswith((".", ",", ";")) else None


# Counted up whenever dossier's own reading of a document changes (which blocks are the
# article, where a PDF's paragraphs end): an archive read before says so in `extracted_by`,
# and `dossier verify` can tell a new reading from a hand edit. 2: December 2026, pages a
# library read in pieces or cut, PDFs' baselines and drawn bullets. 3: soft hyphens out,
# text in NFC; a page both readings find next to nothing of read by trafilatura's default;
# share buttons and cards shown on hover out; a paragraph cut at a link given once, whole.
# 4: a hyphen at a PDF's line end is the word's own where the document breaks no words; a
# drop cap begins its word; a size of type set in many lines has its own spacing; pictures'
# captions and credits out of a page's article. 5: a PDF whose paragraphs are mostly a
# line long reads its lines' spacing from the closer one; quotes set in from the edge are
# no indented first lines; "。" ends a sentence; a capital after a quotation mark is one;
# a line set lower for a raised footnote mark stays in its paragraph. 6: a hyphen at a line's
# end before a number is the text's own ("mid-2020s"); a plain text wrapped with no blank
# line between its paragraphs is joined into them. 7: in Markdown, a line that starts with a
# bullet CommonMark does not know ("• ") is an item of its own. 8: a PDF's columns are
# found wherever their gutter stands, not only in the page's middle (a sidebar is one).
# 9: an e-mail is read (before, as plain text: its headers a paragraph, its text encoded).
# 10: a PDF's table is read a row to a paragraph, each cell's lines in order. 11: PDFs:
# right-to-left lines' stretches and vowel signs, tables drawn with rules, Korean words
# broken at a line's end, text set upright, a table's row at a column's foot; a
# bibliography's entries, a symbol's two indices, a paragraph past a figure at a page's top
# or set in and running over a page, an accent drawn apart from its letter, a paragraph
# after a list's last item, captions side by side; a title that is a file's name, a
# creation date that is no day.
READING = 11


def _versions(*libraries: str) -> str:
    """`dossier 0.1.0 reading 2; trafilatura 2.3.1`: what read the paragraphs, for a reader
    of the archive who finds they come out otherwise now."""
    from .. import __version__

    found = [f"dossier {__version__} reading {READING}"]
    for library in libraries:
        try:
            found.append(f"{library} {metadata.version(library)}")
        except metadata.PackageNotFoundError:
            found.append(library)
    return "; ".join(found)
