"""Plain text and Markdown read into paragraphs: what a reader sees as one paragraph is one.

Hard-wrapped lines (release notes, e-mail, what any PDF-to-text tool writes) are joined
into their paragraph, their indentation and runs of spaces gone, a word broken at a line's end with a hyphen
joined again (as in pdf/paragraphs.py); a list item is a paragraph of its own. A text with no blank
line at all is read as wrapped where its lines were wrapped (where the next word would not
have fitted), else as a paragraph a line (a wire copy pasted one paragraph per line). Markdown is
read by markdown-it (CommonMark, which Textual uses too): its headings, paragraphs, list
items, quotes, table rows and code blocks are the paragraphs, its markup gone (emphasis,
links' addresses, images, inline code's backticks, HTML comments).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from .pdf.paragraphs import SENTENCE_END, joined

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# Bullets a word processor sets (not Markdown's "*", "+", "-").
_BULLETS = "•▪◦‣∙·"
_LIST_ITEM = re.compile(rf"^\s*(?:[{_BULLETS}*+-]|\d{{1,3}}[.)]|[a-z][.)])\s+\S", re.I)
_BULLET = re.compile(rf"[{_BULLETS}]\s")
_UNDERLINE = re.compile(r"^\s*(?:=+|-+)\s*$")
_BROKEN_AT_HYPHEN = re.compile(r"\w-$")


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    words = Counter(word.casefold() for word in re.findall(r"[\w-]+", text))
    if not _BLANK_LINE.search(text.strip()):
        kept = [line.expandtabs().rstrip() for line in text.split("\n") if line.strip()]
        lines = [" ".join(line.split()) for line in kept]
        width = _measure(kept)
        if not _hard_wrapped(lines, kept, width):
            return lines  # a paragraph a line: a wire copy pasted one paragraph per line
        return [joined(run, words) for run in _wrapped_runs(lines, kept, width)]
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [" ".join(line.split()) for line in block.split("\n") if line.strip() and not _UNDERLINE.match(line)]
        run: list[str] = []
        for line in lines:
            if _LIST_ITEM.match(line) and run:
                paragraphs.append(joined(run, words))
                run = []
            run.append(line)
        if run:
            paragraphs.append(joined(run, words))
    return [paragraph for paragraph in paragraphs if paragraph]


def _hard_wrapped(lines: list[str], kept: list[str], width: int) -> bool:
    """Whether lines with no blank line between them were wrapped (a PDF-to-text tool's,
    an e-mail's), not a paragraph each: most of their breaks are where the next word would
    not have fitted on the line, and one in four or more inside a sentence, going on in small
    letters. (Rows of a table, or a log's lines, begin with figures: a line each.) `kept`:
    the lines as the text sets them, their indentation kept; `width`, what they were
    wrapped to."""
    breaks = list(pairwise(lines))
    if not breaks:
        return False
    wrapped = sum(not _fits(line, after, width) for line, after in pairwise(kept))
    inside = sum(not SENTENCE_END.search(line) and after[:1].islower() for line, after in breaks)
    return wrapped * 2 > len(breaks) and inside * 4 >= len(breaks)


def _wrapped_runs(lines: list[str], kept: list[str], width: int) -> list[list[str]]:
    """Wrapped lines in runs of a paragraph each: a paragraph ends on a line that the next
    word would have fitted on (its last line, or a heading's) unless its sentence plainly
    goes on, and before a list item. Where the text sets its paragraphs' first lines in, it
    ends before every line set in; else before a line set in further than the one before
    and after a quotation set in, but not within a list item (its lines hang under its
    mark). `kept` and `width` as for _hard_wrapped."""
    indents = [len(line) - len(line.lstrip()) for line in kept]
    flush = min(indents)
    first_lines = _sets_in_first_lines(lines, indents, flush)
    runs = [[lines[0]]]
    for number, (line, after) in enumerate(pairwise(lines), start=1):
        ends = _fits(kept[number - 1], after, width) and not _sentence_goes_on(line, after)
        if first_lines:
            set_apart = indents[number] > flush
        elif _LIST_ITEM.match(runs[-1][0]):
            set_apart = False
        else:
            before = indents[number - 1]
            quoted = number >= 2 and indents[number - 2] == before  # two lines or more set in alike
            set_apart = indents[number] > before or (indents[number] < before and quoted)
        if ends or set_apart or _LIST_ITEM.match(after):
            runs.append([])
        runs[-1].append(after)
    return runs


def _sets_in_first_lines(lines: list[str], indents: list[int], flush: int) -> bool:
    """Whether the text sets in its paragraphs' first lines: three runs or more of lines set
    in, a list item's hanging lines aside (fewer are quotations); or a line set in whose
    sentence goes on in the flush line under it (a paragraph's first line, which a quotation's
    last is not)."""
    runs_set_in, hanging = 0, False
    for number, indent in enumerate(indents):
        hanging = indent > flush and number > 0 and (hanging or bool(_LIST_ITEM.match(lines[number - 1])))
        if indent > flush and not hanging:
            runs_set_in += number == 0 or indents[number - 1] == flush
            following = number + 1 < len(lines) and indents[number + 1] == flush
            if following and _sentence_goes_on(lines[number], lines[number + 1]):
                return True
    return runs_set_in >= 3


def _sentence_goes_on(line: str, after: str) -> bool:
    """Whether the sentence of `line` plainly goes on in `after`: the line ends with a word
    broken at a hyphen, or with no stop before small letters or figures."""
    return bool(_BROKEN_AT_HYPHEN.search(line)) or (
        not SENTENCE_END.search(line) and (after[:1].islower() or after[:1].isdigit())
    )


def _measure(lines: list[str]) -> int:
    """The width the lines were wrapped to: nine lines in ten are no longer (a line with a
    long address in it is no measure); 0 for no lines (an empty text)."""
    lengths = sorted(len(line) for line in lines)
    return lengths[min(len(lengths) - 1, len(lengths) * 9 // 10)] if lengths else 0


def _fits(line: str, after: str, width: int) -> bool:
    """Whether the first word of `after` would have fitted at the end of `line` (as set)."""
    return len(line) + 1 + len(after.split(None, 1)[0]) <= width


def markdown_paragraphs(text: str) -> list[str]:
    """The paragraphs of a Markdown text, its markup gone."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    words = Counter(word.casefold() for word in re.findall(r"[\w-]+", text))
    paragraphs: list[str] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            paragraphs.append(" ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline":
            lines = _inline_lines(token)
            if row is not None:
                row.append(joined(lines, words) if lines else "")
            else:
                paragraphs.extend(joined(item, words) for item in _bulleted(lines))
        elif token.type in ("fence", "code_block"):
            code = token.content.strip("\n")
            if code.strip():
                paragraphs.append(code)
    return [" ".join(paragraph.split()) if "\n" not in paragraph else paragraph for paragraph in paragraphs]


def _inline_lines(token) -> list[str]:
    """An inline token's lines as a reader sees them: links' text kept, images and inline
    HTML left out."""
    lines, current = [], []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            lines.append("".join(current))
            current = []
        elif child.type in ("text", "code_inline"):
            current.append(child.content)
    lines.append("".join(current))
    return [line.strip() for line in lines if line.strip()]


def _bulleted(lines: list[str]) -> list[list[str]]:
    """A Markdown paragraph's lines in the items a reader sees: a line that starts with a
    bullet CommonMark does not know ("• ", pasted from a word processor) starts an item of
    its own, where CommonMark would run the items into one paragraph."""
    items: list[list[str]] = []
    for line in lines:
        if not items or _BULLET.match(line):
            items.append([])
        items[-1].append(line)
    return items
