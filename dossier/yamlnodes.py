"""Read YAML text into plain nodes that keep every value's line and column.

Values stay exactly as written (no implicit typing: `no` is the text "no"). Only the
subset of YAML that hand-written dossiers need is accepted: one document, no tags, no
anchors or aliases, bounded nesting. Events come from libyaml's parser where PyYAML was
built with it, else from PyYAML's pure-Python parser; the nodes are composed here, so
both give the same nodes, and an alias bomb or a deeply nested file is refused while
parsing, before anything is built from it (libyaml's own composer recurses in C and
crashes the process on very deep input).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from .problems import ReadProblem, shown

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
# paragraph separators, which text copied from the web holds, and a carriage return
# without a line feed. Positions are counted as editors count them, except for the
# carriage return: a file of old Mac line endings is shown by editors as YAML reads it.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\u2028\u2029]")
_SEPARATORS = re.compile("[\u2028\u2029]")
_BREAK_NAMES = {
    "\r": "a carriage return without a line feed",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}

Where = Callable[[yaml.Mark], tuple[int, int]]


def _yaml_position(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _editor_positions(text: str) -> Where:
    """Line and column of a mark as an editor counts them, from its character offset."""
    line_starts = [0] + [found.end() for found in re.finditer("\n", text)]

    def where(mark: yaml.Mark) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, mark.index)
        return line, mark.index - line_starts[line - 1] + 1

    return where


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset into `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


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


_DEPTH_MESSAGE = f"nested more than {MAX_DEPTH} levels deep"
_TAB_MESSAGE = "tab character where YAML does not allow one: indent with spaces, or quote the value"


def compose(text: str, *, use_libyaml: bool = True) -> tuple[Node | None, list[ReadProblem]]:
    """Parse one YAML document into nodes; None when it holds nothing but comments.

    Raises ReadProblem for anything that stops reading; returns the problems that do
    not (a duplicate key: the first value is kept) beside the nodes.
    """
    check_printable(text)
    # libyaml accepts tabs in places PyYAML's parser refuses; text with a tab always
    # goes to PyYAML's parser, so that both give the same answer for the same file.
    use_libyaml = use_libyaml and HAS_LIBYAML and "\t" not in text
    loader_class = yaml.CSafeLoader if use_libyaml else yaml.SafeLoader
    parser = loader_class(text)
    where = _editor_positions(text) if _SEPARATORS.search(text) else _yaml_position
    quoted: list[tuple[int, int]] | None = [] if _OTHER_BREAKS.search(text) else None
    try:
        problems: list[ReadProblem] = []
        return _compose_events(parser, problems, where, quoted), problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = where(mark) if mark else (1, 1)
        problem = error.problem or "not valid YAML"
        if quoted is not None and mark is not None and error.context != "while scanning a quoted scalar":
            _blame_other_break(text, mark.index, quoted)
        if "'\\t'" in problem:
            raise ReadProblem(line, column, _TAB_MESSAGE) from None
        if "maximum nesting depth" in problem:
            # Newer libyaml builds stop at their own depth limit while scanning ahead,
            # before any event reaches the check below: same words, its position.
            raise ReadProblem(line, column, _DEPTH_MESSAGE) from None
        context = f" ({error.context})" if error.context else ""
        raise ReadProblem(line, column, f"YAML syntax error: {problem}{context}") from None
    except yaml.YAMLError as error:  # errors PyYAML raises without a position
        raise ReadProblem(1, 1, f"YAML error: {error}") from None
    finally:
        parser.dispose()


def _blame_other_break(text: str, error_index: int, quoted: list[tuple[int, int]]) -> None:
    """Raise a ReadProblem at the first line break editors do not show, before the error
    and outside a quoted value (where YAML keeps it): that break is what went wrong."""
    for found in _OTHER_BREAKS.finditer(text, 0, error_index):
        if not any(start < found.start() < end for start, end in quoted):
            line, column = position(text, found.start())
            raise ReadProblem(
                line,
                column,
                f"{_BREAK_NAMES[found.group()]} is a line break to YAML, though not to editors, and "
                "breaks the value: replace it with a space, or keep it inside double quotes",
            ) from None


def _compose_events(
    parser: yaml.SafeLoader, problems: list[ReadProblem], where: Where, quoted: list[tuple[int, int]] | None
) -> Node | None:
    """The nodes of the parser's events; `where` gives a mark's line and column, and the
    span of each quoted value is added to `quoted` unless it is None."""
    root: Node | None = None
    documents = 0
    values = 0
    # Open collections, innermost last; for a mapping, the key waiting for its value.
    stack: list[list] = []

    def add(node: Node) -> None:
        nonlocal root, values
        values += 1
        if values > MAX_VALUES:
            raise ReadProblem(node.line, node.column, f"more than {MAX_VALUES:,} values in one file: split it")
        if not stack:
            root = node
            return
        frame = stack[-1]
        container, pending_key = frame
        if isinstance(container, Sequence):
            container.items.append(node)
        elif pending_key is None:
            if not isinstance(node, Scalar):
                raise ReadProblem(node.line, node.column, "a key must be plain text, not a list or mapping")
            frame[1] = node
        else:
            container.items.append((pending_key, node))
            frame[1] = None

    while parser.check_event():
        event = parser.get_event()
        line, column = where(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            raise ReadProblem(line, column, f"aliases (*{event.anchor}) are not allowed: write the value out")
        if getattr(event, "anchor", None) is not None:
            raise ReadProblem(line, column, f"anchors (&{event.anchor}) are not allowed: write the value out")
        if getattr(event, "tag", None) is not None:
            raise ReadProblem(line, column, f"tags ({shown(event.tag)}) are not allowed: values are read as written")
        if isinstance(event, yaml.ScalarEvent):
            add(Scalar(event.value, event.style in (None, ""), line, column))
            if quoted is not None and event.style in ("'", '"'):
                quoted.append((event.start_mark.index, event.end_mark.index))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise ReadProblem(line, column, _DEPTH_MESSAGE)
            node = Mapping(line, column) if isinstance(event, yaml.MappingStartEvent) else Sequence(line, column)
            add(node)
            stack.append([node, None])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, _ = stack.pop()
            if isinstance(container, Mapping):
                _drop_duplicate_keys(container, problems)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ReadProblem(line, column, "a file holds one YAML document; a second one starts here")
    return root


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
