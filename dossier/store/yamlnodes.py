"""Read YAML text into plain nodes that keep every value's line and column.

Values stay exactly as written (no implicit typing: `no` is the text "no"). Only the
subset of YAML that hand-written dossiers need is accepted: one document, no tags, no
anchors or aliases, bounded nesting. The nodes are composed here from a parser's
events, so that an alias bomb or a deeply nested file is refused while parsing, before
anything is built from it (libyaml's own composer recurses in C and crashes the process
on very deep input).

One parser defines what is accepted: PyYAML's pure-Python one, which every PyYAML has.
libyaml (PyYAML's C parser, where it was built with it) is six times faster and reads
most files alike, so it reads first; where it refuses a file, or accepts one holding a
construct it is known to be more lenient about (a raw tab, a block scalar header run
into a comment, a `?` inside a flow collection, a directive), the file is read again by
the reference parser, whose answer is the one given. So a file gets one verdict, one
message and the same positions whichever parser is installed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import yaml

from ..library.problems import ReadProblem, shown

# The format needs five levels (dossier, claims, claim, evidence, item); this leaves
# room for mistakes to be reported as format errors rather than refused outright.
MAX_DEPTH = 32

# Values (scalars, lists and mappings) in one file. A source of 100,000 paragraphs holds
# half a million; each value costs some 100 bytes once built, so this bounds a file's
# memory and time (a 64 MiB file of one-letter items would otherwise take 2 GB and 40 s).
MAX_VALUES = 1_000_000

HAS_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

# Characters YAML forbids in a stream (YAML 1.1, section 5.1); PyYAML rejects them with
# a character offset instead of a line, so they are found here first.
# NEL (U+0085) is allowed by YAML, as a line break: refused too, as the control character
# it is to editors (inside quotes PyYAML silently turns it into a space).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(slots=True)
class Scalar:
    value: str
    plain: bool  # written without quotes, so `11000` may be read as a number
    line: int
    column: int


@dataclass(slots=True)
class Mapping:
    line: int
    column: int
    items: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for name, value in self.items:
            if name.value == key:
                return value
        return None


@dataclass(slots=True)
class Sequence:
    line: int
    column: int
    items: list[Node] = field(default_factory=list)


Node = Scalar | Mapping | Sequence


# Line breaks to YAML (1.1) that editors do not break lines at: the Unicode line and
# paragraph separators, which text copied from the web holds, and, in a file of line
# feeds, a carriage return without one. (A file of old Mac line endings, carriage returns
# only, is shown by editors as YAML reads it.)
_BREAKS_AMONG_LINE_FEEDS = re.compile("\r(?!\n)|[\u2028\u2029]")
_SEPARATORS = re.compile("[\u2028\u2029]")
_BREAK_NAMES = {
    "\r": "a carriage return without a line feed",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}

Where = Callable[[yaml.Mark], tuple[int, int]]


def other_breaks(text: str) -> re.Pattern[str] | None:
    """The line breaks of `text` that YAML counts and editors do not, as a pattern to
    find them with; None when it holds none."""
    if "\u2028" in text or "\u2029" in text:  # (tests for a character are many times faster than a search)
        return _BREAKS_AMONG_LINE_FEEDS if "\n" in text else _SEPARATORS
    if "\n" in text and "\r" in text and _BREAKS_AMONG_LINE_FEEDS.search(text):
        return _BREAKS_AMONG_LINE_FEEDS
    return None


def _positions(text: str) -> Where:
    """Line and column of a parser's mark as an editor counts them. A mark past the
    last line (the end of the text, where a file without a final line break ends, or a
    value left open) is placed at the end of the last line."""
    last = len(text.rstrip("\r\n\u2028\u2029"))
    end = position(text, last)
    if other_breaks(text) is None:  # the parser's own count is the editor's

        def where(mark: yaml.Mark) -> tuple[int, int]:
            return end if mark.index >= last else (mark.line + 1, mark.column + 1)

        return where
    line_starts = [0] + [found.end() for found in re.finditer("\n", text)]

    def where_counted(mark: yaml.Mark) -> tuple[int, int]:
        if mark.index >= last:
            return end
        line = bisect.bisect_right(line_starts, mark.index)
        return line, mark.index - line_starts[line - 1] + 1

    return where_counted


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset into `text`, lines broken at
    line feeds (or, in a file without any, at carriage returns)."""
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    line_start = text.rfind(newline, 0, index) + 1
    return text.count(newline, 0, index) + 1, index - line_start + 1


def check_printable(text: str) -> None:
    """Refuse characters YAML does not allow, naming where the first one is."""
    found = _NON_PRINTABLE.search(text)
    if found:
        line, column = position(text, found.start())
        code = ord(found.group())
        raise ReadProblem(
            line,
            column,
            f"control character U+{code:04X} is not allowed in YAML "
            f'(inside a double-quoted value it can be written as "\\x{code:02X}")',
        )


def compose(text: str, *, use_libyaml: bool = True) -> tuple[Node | None, list[ReadProblem]]:
    """Parse one YAML document into nodes; None when it holds nothing but comments.

    Raises ReadProblem for anything that stops reading; returns the problems that do
    not (a duplicate key: the first value is kept) beside the nodes. `use_libyaml=False`
    reads with the reference parser only (the answer is the same; tests compare them).
    """
    check_printable(text)
    if use_libyaml and HAS_LIBYAML:
        try:
            return _Composer(text, fast=True).compose(yaml.CSafeLoader(text))
        except _ReadAgain:
            pass
    return _Composer(text, fast=False).compose(yaml.SafeLoader(text))


class _ReadAgain(Exception):
    """libyaml's answer may not be the reference parser's: read the file with that."""


class _Span(NamedTuple):
    start: int
    end: int
    style: str | None  # None for a plain scalar, else ' " | or >


# A block scalar's header: the indicator, then indentation and chomping indicators.
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
# A UTF-16 surrogate, which JSON writes as an escape for a character beyond U+FFFF
# ("\ud83d\ude00"): YAML reads the escape as a character that cannot be text.
_SURROGATES = re.compile("[\ud800-\udfff]+")

_DEPTH_MESSAGE = f"nested more than {MAX_DEPTH} levels deep"
_VALUES_MESSAGE = f"more than {MAX_VALUES:,} values in one file: split it"
_TAB_MESSAGE = "tab character where YAML does not allow one: indent with spaces, or quote the value"


class _Composer:
    """Nodes from one parser's events, with dossier's own refusals. On the fast path
    (libyaml) it notes what the reference parser might read otherwise, and hands the
    file over to it (`_ReadAgain`) rather than answer for it."""

    def __init__(self, text: str, fast: bool) -> None:
        self.text = text
        self.fast = fast
        self.where = _positions(text)
        self.breaks = other_breaks(text)
        self.tabs = "\t" in text
        self.escapes = "\\" in text  # only then can a double-quoted value hold a surrogate escape
        # The scalars' spans, where a check needs them: quoted and block ones for raw
        # tabs, plain ones for line breaks editors do not show.
        self.spans: list[_Span] | None = [] if (fast and self.tabs) or self.breaks else None
        self.lenient_at: int | None = None  # where libyaml took what the reference parser may not
        # Where a directive (%YAML, %TAG) is written, the first; libyaml and the reference
        # parser read some of them differently.
        found = -1 if text.startswith("%") else text.find("\n%")
        self.directive: int | None = found + 1 if found >= 0 or text.startswith("%") else None

    def compose(self, parser) -> tuple[Node | None, list[ReadProblem]]:
        problems: list[ReadProblem] = []
        try:
            root = self._events(parser, problems)
        except yaml.MarkedYAMLError as error:
            if self.fast:
                raise _ReadAgain from None
            raise self._syntax_problem(error) from None
        except yaml.YAMLError as error:  # errors PyYAML raises without a position
            if self.fast:
                raise _ReadAgain from None
            raise ReadProblem(1, 1, f"YAML error: {error}") from None
        except ReadProblem as problem:  # dossier's own refusal: the reference parser would reach it too...
            if self.fast and self._lenient(len(self.text) if problem.index is None else problem.index):
                raise _ReadAgain from None  # ...unless libyaml had read past something it may not
            raise
        finally:
            parser.dispose()
        if self.fast and self._lenient(len(self.text)):
            raise _ReadAgain
        if self.breaks is not None:
            self._check_plain_breaks()
        return root, problems

    def _lenient(self, stop: int) -> bool:
        """Whether the text, up to offset `stop`, holds what libyaml accepts and the
        reference parser may not (noted on the fast path only)."""
        if self.lenient_at is not None and self.lenient_at < stop:
            return True
        if self.tabs and self._loose_tab(stop):
            return True
        return self.directive is not None and self.directive < stop

    def _loose_tab(self, stop: int) -> bool:
        """Whether a raw tab stands outside quoted values and block scalars' text, where
        the reference parser refuses it (libyaml takes some tabs as spaces)."""
        inside = [(span.start, span.end) for span in self.spans if span.style is not None]
        text = self.text
        for found in re.finditer("\t", text[:stop]):
            at = bisect.bisect_right(inside, (found.start(), len(text) + 1)) - 1
            if at < 0 or not inside[at][0] < found.start() < inside[at][1]:
                return True
            if text[inside[at][0]] in "|>" and "\n" not in text[inside[at][0] : found.start()]:
                return True  # on a block scalar's header line, not in its text
        return False

    def _note_lenient(self, event: yaml.ScalarEvent, index: int, in_flow: bool) -> None:
        """Note a scalar libyaml may read otherwise than the reference parser."""
        if not event.style:  # plain (libyaml says "", the reference parser None)
            if not event.value:
                self.lenient_at = index  # an empty value: the parsers place it differently
            elif in_flow and "?" in event.value:
                self.lenient_at = index  # in a flow collection `?` starts a key to the reference parser
        elif event.style in ("|", ">"):
            header = _BLOCK_HEADER.match(self.text, index)
            if header and self.text[header.end() : header.end() + 1] not in ("", " ", "\n", "\r"):
                self.lenient_at = index  # `>#`: the reference parser wants a space before a comment

    def _syntax_problem(self, error: yaml.MarkedYAMLError) -> ReadProblem:
        mark = error.problem_mark or error.context_mark
        line, column = self.where(mark) if mark else (1, 1)
        problem = error.problem or "not valid YAML"
        if mark is not None and error.context != "while scanning a quoted scalar" and self.breaks is not None:
            self._blame_other_break(mark.index)
        if "'\\t'" in problem:
            return ReadProblem(line, column, _TAB_MESSAGE)
        context = f" ({error.context})" if error.context else ""
        return ReadProblem(line, column, f"YAML syntax error: {problem}{context}")

    def _check_plain_breaks(self) -> None:
        """Refuse a line break editors do not show inside an unquoted value: YAML folds
        it and the indentation after it into one space, and the text would change unseen."""
        for span in self.spans:
            if span.style is None:
                found = self.breaks.search(self.text, span.start, span.end)
                if found:
                    raise ReadProblem(*position(self.text, found.start()), _break_message(found.group()))

    def _blame_other_break(self, error_index: int) -> None:
        """Raise a ReadProblem at the first line break editors do not show, before the
        error and outside a quoted value (where YAML keeps it): that break is what went
        wrong."""
        quoted = [(span.start, span.end) for span in self.spans or () if span.style in ("'", '"')]
        for found in self.breaks.finditer(self.text, 0, error_index):
            if not any(start < found.start() < end for start, end in quoted):
                raise ReadProblem(*position(self.text, found.start()), _break_message(found.group())) from None

    def _events(self, parser: yaml.SafeLoader, problems: list[ReadProblem]) -> Node | None:
        watching, escapes, spans, where = self.fast, self.escapes, self.spans, self.where
        root: Node | None = None
        documents = 0
        values = 0
        flows = 0  # open flow collections
        # Open collections, innermost last: the node, the key of a mapping waiting for its
        # value, and whether it is a flow collection.
        stack: list[list] = []

        def add(node: Node, index: int) -> None:
            nonlocal root, values
            values += 1
            if values > MAX_VALUES:
                raise ReadProblem(
                    node.line, node.column, f"more than {MAX_VALUES:,} values in one file: split it", index
                )
            if not stack:
                root = node
                return
            frame = stack[-1]
            container, pending_key, _ = frame
            if isinstance(container, Sequence):
                container.items.append(node)
            elif pending_key is None:
                if not isinstance(node, Scalar):
                    raise ReadProblem(node.line, node.column, "a key must be plain text, not a list or mapping", index)
                frame[1] = node
            else:
                container.items.append((pending_key, node))
                frame[1] = None

        while parser.check_event():
            event = parser.get_event()
            line, column = where(event.start_mark)
            index = event.start_mark.index
            if isinstance(event, yaml.AliasEvent):
                raise ReadProblem(
                    line, column, f"aliases (*{event.anchor}) are not allowed: write the value out", index
                )
            if getattr(event, "anchor", None) is not None:
                raise ReadProblem(
                    line, column, f"anchors (&{event.anchor}) are not allowed: write the value out", index
                )
            if getattr(event, "tag", None) is not None:
                if self.fast:  # libyaml and the reference parser end a tag at different places
                    raise _ReadAgain
                message = f"tags ({shown(event.tag)}) are not allowed: values are read as written"
                raise ReadProblem(line, column, message, index)
            if isinstance(event, yaml.ScalarEvent):
                style = event.style
                if escapes and style == '"' and _SURROGATES.search(event.value):
                    raise _surrogate_problem(event.value, line, column, index)
                add(Scalar(event.value, not style, line, column), index)
                # Most scalars are plain words in block context, or quoted: nothing to note.
                if (
                    watching
                    and self.lenient_at is None
                    and (style in ("|", ">") or (not style and (flows or not event.value)))
                ):
                    self._note_lenient(event, index, flows > 0)
                if spans is not None:
                    spans.append(_Span(index, event.end_mark.index, style or None))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise ReadProblem(line, column, _DEPTH_MESSAGE, index)
                node = Mapping(line, column) if isinstance(event, yaml.MappingStartEvent) else Sequence(line, column)
                add(node, index)
                stack.append([node, None, bool(event.flow_style)])
                flows += bool(event.flow_style)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, _, flow = stack.pop()
                flows -= flow
                if isinstance(container, Mapping):
                    _drop_duplicate_keys(container, problems)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ReadProblem(line, column, "a file holds one YAML document; a second one starts here", index)
        return root


def _break_message(char: str) -> str:
    return (
        f"{_BREAK_NAMES[char]} is a line break to YAML, though not to editors, and "
        "breaks the value: replace it with a space, or keep it inside double quotes"
    )


def _surrogate_problem(value: str, line: int, column: int, index: int) -> ReadProblem:
    """A double-quoted value holding a surrogate escape, with the character it stands for."""
    found = _SURROGATES.search(value).group()
    escapes = "".join(f"\\u{ord(char):04x}" for char in found)
    try:
        joined = found.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        joined = ""
    if len(joined) == 1:
        hint = f"write the character itself ({joined}), or \\U{ord(joined):08X}"
    else:
        hint = "write the character itself"
    return ReadProblem(line, column, f"{escapes} is a UTF-16 surrogate escape, not a character: {hint}", index)


def _drop_duplicate_keys(mapping: Mapping, problems: list[ReadProblem]) -> None:
    seen: dict[str, Scalar] = {}
    kept = []
    for key, value in mapping.items:
        first = seen.setdefault(key.value, key)
        if first is key:
            kept.append((key, value))
        else:
            message = f"duplicate key '{shown(key.value)}' (first given on line {first.line})"
            problems.append(ReadProblem(key.line, key.column, message))
    mapping.items = kept
