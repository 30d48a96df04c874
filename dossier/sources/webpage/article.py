"""Which of a web page's blocks are its article: two libraries' readings, each placed on
the page's own segments (layout.py), and one of them chosen.

trafilatura, favouring precision, reads news pages best: it leaves out what is not the
article (navigation, adverts, comments, cookie banners, related links) more surely than any
other. readability-lxml, the port of Firefox's Reader View, reads long plain pages best
(documentation, wikis, blogs), where trafilatura's precision leaves out true paragraphs.
trafilatura's reading is taken, except where readability's is plainly the better one:
- trafilatura finds next to nothing (under MIN_LETTERS, or a fifth of readability's);
- readability's reading holds trafilatura's (all but 5% of its letters) and adds whole
  paragraphs of plain text (100 letters each on average, a fifth at most in links): the
  article's own paragraphs, not a list of related links or a caption.
benchmarks/importing.py measures each library alone and this choice, on the same pages.
Where both find under 1,000 letters, trafilatura's default reading (not favouring precision)
is taken if it finds three times as much.
A slideshow's captions, counted "1/50 …", "2/50 …", are then left out of either reading,
and the text of the page's figures (a picture's caption, its credit).

Each block chosen is then taken as the page shows it: the segment with the same words (its
spaces, the text of its links), found in document order. trafilatura trims the space around
inline elements ("located<a> near</a>" comes out "locatednear") and drops the text of some
links or a paragraph's first words; it gives one paragraph in pieces split at a link (the
pieces are the paragraph again), or runs a table's cells together with nothing between them
(each cell is its own again). Where no segment is near enough, its own text is kept.
"""

from __future__ import annotations

import copy
import logging
import re
import unicodedata
from collections import Counter
from typing import NamedTuple

from .layout import SPACES, Segment, key

# Fewer letters and digits than this is no reading of an article. (Letters, not words:
# Chinese and Japanese write no spaces between words.)
MIN_LETTERS = 40
# readability's reading is taken where trafilatura's finds under a fifth of its letters, or
# where it holds all but this share of trafilatura's letters, and adds paragraphs this long
# on average (letters), with at most this share of their characters in links.
_NEXT_TO_NOTHING = 1 / 5
_LEFT_OUT = 0.05
_LONG_PARAGRAPH = 100
_LINKED = 0.2
# Where both readings are shorter than this (letters), trafilatura's default reading is
# taken if it finds this many times as much: a blog whose post the one takes for
# boilerplate and the other for the blog's description ("The latest news and insights…").
_SHORT = 1000
_DEFAULT_FINDS = 3
_WORD = re.compile(r"\w+")
_SLIDE = re.compile(r"^(?P<number>\d{1,3})\s?/\s?(?P<total>\d{1,3})\s")
# How many of the page's segments, from the last one placed, a block is looked for in: the
# article's blocks come in order, with a page's worth of others at most between them.
_AHEAD = 400
# The block elements a reader sees as paragraphs, the innermost only: a cell, a list item or
# a quote holding paragraphs is read paragraph by paragraph.
_BLOCK = (
    "self::p or self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::li or self::pre"
    " or self::blockquote or self::td or self::th or self::dd or self::dt or self::figcaption"
)
INNERMOST_BLOCKS = f"//*[{_BLOCK}][not(.//*[{_BLOCK}])]"


class Article(NamedTuple):
    paragraphs: list[str]
    start: int | None  # the page's segment that the first paragraph is, where it is one


def article(tree, page: list[Segment]) -> Article:
    """The article's paragraphs, as the page shows them."""
    precise = _placed(_trafilatura(tree), page)
    reader = _placed(_readability(tree), page)
    chosen = reader if _readability_reads_better(precise, reader, page) else precise
    if max(letters(text for _, text in precise), letters(text for _, text in reader)) < _SHORT:
        default = _placed(_trafilatura(tree, precision=False), page)
        if letters(text for _, text in default) >= _DEFAULT_FINDS * max(1, letters(text for _, text in chosen)):
            chosen = default
    chosen = _without_captions(_without_slideshows(chosen), page)
    return Article([text for _, text in chosen], chosen[0][0] if chosen else None)


def _without_slideshows(blocks: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """The blocks without a slideshow's captions: a run of blocks counted "1/50 …",
    "2/50 …" (the same total, a slide's number going up), three slides or more; a gallery
    beside the article, "1/50 United goin down Manchester United's absence…"."""
    slides = [_SLIDE.match(text) for _, text in blocks]
    dropped: set[int] = set()
    start = 0
    while start < len(blocks):
        end = start
        if slides[start]:
            total, number = slides[start]["total"], int(slides[start]["number"])
            end = start + 1
            while end < len(blocks) and (
                (found := slides[end]) and found["total"] == total and int(found["number"]) in (number, number + 1)
            ):
                number = int(found["number"])
                end += 1
            if number - int(slides[start]["number"]) >= 2:
                dropped.update(range(start, end))
        start = max(end, start + 1)
    return [block for index, block in enumerate(blocks) if index not in dropped]


def _without_captions(blocks: list[tuple[int | None, str]], page: list[Segment]) -> list[tuple[int | None, str]]:
    """The blocks without the text of the page's figures (a picture's caption, its credit):
    the article's running text, as the suites' annotators take it. Where the
    figures' text is most of what was chosen (a page that sets its article in a figure),
    all of it stays."""
    kept = [(index, text) for index, text in blocks if index is None or not page[index].caption]
    return kept if letters(text for _, text in kept) * 2 >= letters(text for _, text in blocks) else blocks


def letters(texts) -> int:
    return sum(len(re.findall(r"\w", text)) for text in texts)


def _readability_reads_better(precise: list, reader: list, page: list[Segment]) -> bool:
    """Whether readability's reading (`reader`, placed) is plainly better than trafilatura's
    (`precise`): see the module's note."""
    mine, theirs = letters(text for _, text in precise), letters(text for _, text in reader)
    if theirs < MIN_LETTERS:
        return False
    if mine < MIN_LETTERS or mine < theirs * _NEXT_TO_NOTHING:
        return True
    placed = {index for index, _ in precise if index is not None}
    added = {index for index, _ in reader if index is not None} - placed
    if not added:
        return False
    # trafilatura's letters that readability's reading does not hold (its unplaced blocks too)
    left_out = letters(page[index].text for index in placed - {index for index, _ in reader}) + letters(
        text for index, text in precise if index is None
    )
    added_letters = letters(page[index].text for index in added)
    linked = sum(page[index].linked for index in added) / max(1, sum(len(page[index].text) for index in added))
    return left_out <= mine * _LEFT_OUT and added_letters / len(added) >= _LONG_PARAGRAPH and linked <= _LINKED


def _trafilatura(tree, precision: bool = True) -> list[str]:
    """trafilatura's blocks (favouring precision, or its default reading): paragraphs,
    headings, list items, quotes, table rows; each split at its line breaks."""
    import lxml.etree
    import trafilatura

    try:
        xml = trafilatura.extract(
            copy.deepcopy(tree),
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_links=True,
            include_formatting=True,
            include_images=False,
            favor_precision=precision,
        )
    except Exception:  # lxml's errors, where the page's markup makes its XML ill-formed ("p<q">)
        return []
    if not xml:
        return []
    document = lxml.etree.fromstring(xml.encode("utf-8"))
    blocks: list[str] = []

    def add(parts: list[str]) -> None:
        text = SPACES.sub(" ", "".join(parts)).strip()
        if text:
            blocks.append(text)

    for element in document.iter("p", "head", "item", "quote", "row", "code"):
        if element.tag == "quote" and element.find("p") is not None:
            continue  # its paragraphs are read one by one
        if element.tag == "row":
            if element.find(".//p") is None:  # a table's row of data: one paragraph
                add([" ".join(SPACES.sub(" ", "".join(cell.itertext())).strip() for cell in element)])
            continue  # else a table laying out a page: its cells' paragraphs are read one by one
        if element.tag == "p" and any(
            ancestor.tag == "item" or (ancestor.tag == "row" and ancestor.find(".//p") is None)
            for ancestor in element.iterancestors()
        ):
            continue  # read with its row or item
        parts = [element.text or ""]
        for child in element:
            if child.tag == "lb":
                add(parts)
                parts = []
            else:
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        add(parts)
    return blocks


def _readability(tree) -> list[str]:
    """readability-lxml's blocks: the block elements of the article it keeps."""
    import lxml.html
    from readability import Document

    # It logs its failures with their tracebacks, which Python prints to stderr when no
    # handler is set: a failed reading is this function's to answer, with no reading.
    quiet = logging.getLogger("readability")
    if not quiet.handlers:
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
    try:
        kept = Document(copy.deepcopy(tree)).summary(html_partial=True)
        found = lxml.html.fromstring(kept).xpath(INNERMOST_BLOCKS) if kept.strip() else []
    except Exception:  # readability raises its own Unparseable, and lxml's errors, on odd pages
        return []
    return [text for text in (SPACES.sub(" ", block.text_content()).strip() for block in found) if text]


def _placed(chosen: list[str], page: list[Segment]) -> list[tuple[int | None, str]]:
    """Each block chosen, as the page has it, with the segment's index: the segment of the
    page with the same words, found in document order; where none is near enough, the
    block's own text and no index."""
    from rapidfuzz import fuzz

    keys = [key(segment.text) for segment in page]
    shown: list[tuple[int | None, str]] = []
    position = 0
    next_block = 0
    rest = ""  # what the last segment placed holds after the block placed there
    while next_block < len(chosen):
        block = chosen[next_block]
        next_block += 1
        wanted = key(block)
        if not wanted:  # no letter or digit: no paragraph ("."; "______" between sections)
            continue
        a_segment_ahead = wanted in keys[position : position + _AHEAD]
        if wanted in rest and not a_segment_ahead:
            # the rest of a paragraph the library cut and went on with after a link it left
            # out ("엔터미디어(" … "), 무단전재"): in the paragraph placed already
            rest = rest[rest.index(wanted) + len(wanted) :]
            continue
        rest = ""
        if not a_segment_ahead and (rejoined := _rejoined(chosen, next_block - 1, keys, position)):
            # the library split one paragraph in pieces (at a link): the paragraph, once
            found, next_block = rejoined
            shown.append((found, page[found].text))
            position = found + 1
            continue
        best, found = 0.0, None
        for index in range(position, min(len(page), position + _AHEAD)):
            if keys[index] == wanted:
                best, found = 100.0, index
                break
            if wanted and keys[index] and abs(len(keys[index]) - len(wanted)) <= max(20, len(wanted) // 5):
                score = fuzz.ratio(keys[index], wanted)
                if score > best:
                    best, found = score, index
        if found is None or best < 90 or len(keys[found]) < len(wanted) * 0.98:
            # the library cut the paragraph short (at a link, a word it took for boilerplate)
            # or left out its first words: the segment that holds what it kept, in one piece
            # or beginning as it does, and is not over three times as long (what it kept 30
            # letters wide at least: shorter, it could be anything).
            long_enough = _width(wanted) >= 30
            found = next(
                (
                    index
                    for index in range(position, min(len(page), position + _AHEAD))
                    if long_enough
                    and len(wanted) >= len(keys[index]) * 0.3
                    and (wanted in keys[index] or _holds(page[index].text, block))
                ),
                None,
            )
            best = 100.0 if found is not None else 0.0
        # Never a shorter text than the library's: a segment cut by a block inside the
        # paragraph (an ad) is not the paragraph.
        if found is not None and best >= 90 and len(keys[found]) >= len(wanted) * 0.98:
            shown.append((found, page[found].text))
            position = found + 1
            rest = keys[found][keys[found].index(wanted) + len(wanted) :] if wanted in keys[found] else ""
        elif (pieces := _glued(wanted, keys, position)) and "".join(page[index].text for index in pieces) == block:
            # the library ran several of the page's blocks together, with nothing between
            # them (a table's cells, "4.2.34.1.6"): each as the page has it
            shown += [(index, page[index].text) for index in pieces]
            position = pieces[-1] + 1
        elif not shown or block != shown[-1][1]:
            # (a block given twice in a row, found nowhere on the page, once; a paragraph
            # the page itself repeats is two segments, and stays twice)
            shown.append((None, block))
    return shown


def _width(text: str) -> int:
    """How wide a text is, in Latin letters: a Chinese, Japanese or Korean character, which
    holds about as much as two, counts two."""
    return len(text) + sum(unicodedata.east_asian_width(char) in "WF" for char in text)


def _glued(wanted: str, keys: list[str], position: int) -> list[int] | None:
    """Where a block's words (`wanted`, its key) are those of several segments one after
    another, in document order, with at most two segments the library left out between
    them: those segments' indexes."""
    found: list[int] = []
    rest, skipped = wanted, 0
    for index in range(position, min(len(keys), position + _AHEAD)):
        if keys[index] and rest.startswith(keys[index]):
            found.append(index)
            rest, skipped = rest[len(keys[index]) :], 0
            if not rest:
                return found if len(found) >= 2 else None
        elif found:
            skipped += 1
            if skipped > 2:
                return None
    return None


def _rejoined(chosen: list[str], first: int, keys: list[str], position: int) -> tuple[int, int] | None:
    """Where the blocks from `first` on, joined, are the words of one segment: that
    segment's index, and the index of the block after them."""
    window = keys[position : position + _AHEAD]
    joined = key(chosen[first])
    for last in range(first + 1, min(len(chosen), first + 8)):
        joined += key(chosen[last])
        if joined in window:
            return position + window.index(joined), last + 1
        if not any(candidate.startswith(joined) for candidate in window):
            return None
    return None


def _holds(segment: str, block: str) -> bool:
    """Whether the segment begins as the block does and holds every word of it: the block
    is the segment with some of its words dropped."""
    have, want = Counter(_WORD.findall(segment.casefold())), Counter(_WORD.findall(block.casefold()))
    first = _WORD.findall(block.casefold())[:3]
    return bool(first) and _WORD.findall(segment.casefold())[:3] == first and not want - have
