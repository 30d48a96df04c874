"""Where a change goes in a dossier file's text, and the text it puts there.

Changes are spliced in as lines at the positions the YAML nodes give, in the file's own
indentation and style, so that every other byte stays: a round-trip dumper re-wraps long
quotes and moves comments. authoring.py says what to change and checks the result."""

from __future__ import annotations

import re
from collections.abc import Sequence as Listed
from dataclasses import dataclass

import yaml

from ..library.problems import DossierError
from ..store.yamlnodes import Mapping, Sequence
from .yamltext import TextDumper


class StyleRefused(DossierError):
    """A change the file's way of writing YAML does not leave room for, at a line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message


@dataclass(frozen=True)
class Splice:
    """Lines `start` to `stop` (indexes from 0, `stop` not included) replaced by `new`."""

    start: int
    stop: int
    new: list[str]


def spliced(text: str, splices: list[Splice], newline: str) -> tuple[str, tuple[int, int, int]]:
    """`text` with the splices (which do not overlap) made on its lines (`lines(text)`),
    and where: the first line (from 1), how many lines were there and are now."""
    cr = "\r" if newline == "\r\n" else ""
    ended = text.endswith("\n") or not text
    changed = lines(text)
    # Whether the file's last line goes, and the line before it ends the file from now on.
    last_goes = any(splice.stop >= len(changed) - 1 for splice in splices)
    if not ended:
        _strip_before_what_follows(changed, splices)
    for splice in sorted(splices, key=lambda splice: (splice.start, splice.stop), reverse=True):
        changed[splice.start : splice.stop] = [line + cr for line in splice.new]
    new_text = "\n".join(changed)
    # The file ends without a line break, and still does; but where the line that ends it now
    # is in a block scalar that keeps its break (|), that break is its text's, and stays.
    if not ended and not (last_goes and _keeps_its_break(changed)):
        new_text = new_text.removesuffix(newline)
    start, stop = min(splice.start for splice in splices), max(splice.stop for splice in splices)
    grown = sum(len(splice.new) - (splice.stop - splice.start) for splice in splices)
    return new_text, (start + 1, stop - start, stop - start + grown)


def _strip_before_what_follows(changed: list[str], splices: list[Splice]) -> None:
    """Where the file ends, without a line break, inside a block scalar that keeps its last
    break (`|`, `>`, `|+`), and a splice puts lines after it: its header told to strip it
    (`|-`), as its value has no break now and would have one once a line follows."""
    last = len(changed) - 2  # the file's last line (`lines` gave it a break)
    if last < 0 or not any(splice.start > last for splice in splices):
        return
    header = block_header(changed, last)
    if header is None or "-" in header[1].group("chomp"):
        return
    number, found = header
    if any(splice.start <= index < splice.stop for splice in splices for index in (number, last)):
        return  # the scalar is itself rewritten
    changed[number] = _stripped_header(changed[number], found)


def moved_lines(text: str, start: int, stop: int) -> list[str]:
    """Lines `start` to `stop` of `text` (as `lines` gives them, without carriage returns),
    to be written where lines follow them: where the file ends inside them, without a line
    break, in a block scalar that keeps its last break, its header told to strip it (`|-`),
    as its value has no break."""
    found = [line.rstrip("\r") for line in lines(text)]
    last = len(found) - 2
    header = block_header(found, last) if not text.endswith("\n") and start <= last < stop else None
    if header is not None and start <= header[0] and "-" not in header[1].group("chomp"):
        found[header[0]] = _stripped_header(found[header[0]], header[1])
    return found[start:stop]


def _stripped_header(line: str, found: re.Match) -> str:
    """A block scalar's header line with its chomping indicator made `-` (strip)."""
    start, stop = found.span("chomp")
    indent = "".join(char for char in found.group("chomp") if char.isdigit())
    return line[:start] + indent + "-" + line[stop:]


def _in_keep_scalar(lines: list[str], index: int) -> bool:
    """Whether line `index`, or the last line above it that is not blank, is in a keep
    block scalar (`|+`), whose text holds the blank lines after it."""
    while index >= 0 and not lines[index].strip():
        index -= 1
    header = block_header(lines, index) if index >= 0 else None
    return header is not None and "+" in header[1].group("chomp")


def _keeps_its_break(changed: list[str]) -> bool:
    """Whether the last line of `changed` (as `lines` gives them) is in a block scalar that
    keeps its last line break (`|`, `|+`): then the file must end with one."""
    last = index = len(changed) - 2  # the last line (after it, the empty one after the break)
    while index >= 0 and not changed[index].strip():
        index -= 1  # blank lines: a keep scalar's (|+) if the line before them is one's
    header = block_header(changed, index) if index >= 0 else None
    if header is None:
        return False
    chomp = header[1].group("chomp")
    return "+" in chomp or ("-" not in chomp and index == last)


def lines(text: str) -> list[str]:
    """The file's lines, each with its carriage return if it has one, as if it ended
    with a line break."""
    if text and not text.endswith("\n"):
        text += "\r\n" if "\r\n" in text else "\n"
    return text.split("\n")


# --- where things are -------------------------------------------------------------------------


def item_end(
    lines: list[str], parent: Mapping, items: Sequence, index: int, outer: tuple[Mapping, Sequence] | None = None
) -> int:
    """The index after the last line of item `index` of `items`, a value of `parent`
    (itself an item of `outer`'s list, if given). Blank lines after it, and comments
    indented less than its keys (they speak of what follows), are not its own."""
    item = items.items[index]
    if index + 1 < len(items.items):
        stop = dash_line(lines, items.items[index + 1])
    else:
        stop = next_key_line(parent, items)
        if stop is None and outer is not None:
            outer_parent, outer_items = outer
            after = [other for other in outer_items.items if other.line > item.line]
            stop = dash_line(lines, after[0]) if after else next_key_line(outer_parent, outer_items)
    return content_end(lines, item.line, (stop - 1) if stop else document_end(lines), item.column - 1)


_DOCUMENT_END = re.compile(r"\.\.\.(?:[ \t]|$)")


def document_end(lines: list[str]) -> int:
    """The index of the line that ends the document (`...`), else of the end of the file:
    what follows the marker (comments) is no item's."""
    for number, line in enumerate(lines):
        if _DOCUMENT_END.match(line.rstrip("\r")):
            return number
    return len(lines)


def entry_spans(lines: list[str], mapping: Mapping, end: int) -> dict[str, tuple[int, int]]:
    """Each key of `mapping` (an item ending before index `end`), with its lines: the
    index of its key's line, and the index after its value's last. A comment at the
    keys' column between two keys speaks of the one after it."""
    if not isinstance(mapping, Mapping) or lines[mapping.line - 1][mapping.column - 1 : mapping.column] == "{":
        raise StyleRefused(mapping.line, "the item is written in braces: write it as lines of keys first")
    spans = {}
    for number, (key, _) in enumerate(mapping.items):
        following = mapping.items[number + 1][0] if number + 1 < len(mapping.items) else None
        if following is not None and following.line == key.line:
            raise StyleRefused(key.line, "two keys share a line: write them on lines of their own first")
        stop = following.line - 1 if following is not None else end
        spans[key.value] = (key.line - 1, content_end(lines, key.line, stop, key.column))
    return spans


def dash_line(lines: list[str], item) -> int:
    """The line of an item's dash (from 1): its first key's line, or the line above where
    the dash stands alone (comments and blank lines may come between)."""
    if lines[item.line - 1][: item.column - 1].strip().startswith("-"):
        return item.line
    number = item.line - 1
    while number > 1 and not lines[number - 1].lstrip().startswith("-"):
        number -= 1
    return number


def next_key_line(parent: Mapping, value: Sequence) -> int | None:
    """The line of the key after the one whose value is `value` in `parent`, if any."""
    keys = [key for key, found in parent.items]
    for number, (_, found) in enumerate(parent.items):
        if found is value and number + 1 < len(keys):
            return keys[number + 1].line
    return None


def content_end(lines: list[str], first: int, stop: int, indent: int) -> int:
    """The index after the last line of what starts on line `first` (from 1) and ends
    before index `stop`: blank lines, and comments indented less than `indent`, are not
    its own."""
    end = stop
    while end > first:
        line = lines[end - 1]
        bare = line.strip()
        if bare and not (bare.startswith("#") and len(line) - len(line.lstrip()) < indent):
            break
        end -= 1
    if first < end < stop and _in_keep_scalar(lines, end - 1):
        # The blank lines a keep scalar (|+) holds (not the empty one after the last line break).
        while end < min(stop, len(lines) - 1) and not lines[end].strip():
            end += 1
    return end


_BLOCK_HEADER = re.compile(r"(?:^|[\s:-])[|>](?P<chomp>[1-9]?[+-]?[1-9]?)[ \t]*(?:#.*)?$")


def block_header(lines: list[str], index: int) -> tuple[int, re.Match] | None:
    """Where line `index` is part of a block scalar (`|`, `>`), its header's line (an
    index) and indicator; else None. Its content is indented more than the node that holds
    it (the key before the indicator, or the dash): a line less indented ends it."""
    line = lines[index]
    if not line.strip():
        return None
    lowest = _indent(line)  # the least indentation from line `index` up
    for number in range(index - 1, -1, -1):
        above = lines[number].rstrip("\r")
        if not above.strip() or _indent(above) >= lowest:
            continue
        found = _BLOCK_HEADER.search(above)
        if found is not None and lowest > _holder_column(above, found.start()):
            return number, found
        lowest = _indent(above)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _holder_column(line: str, indicator: int) -> int:
    """The column of what holds a block scalar whose indicator is at `indicator`: its key
    (`- text: |`: 2), or its dash (`- |`: 0)."""
    rest = line.lstrip(" -")
    start = len(line) - len(rest)
    return start if start < indicator and ":" in line[start:indicator] else line.rfind("-", 0, indicator)


# --- changes ---------------------------------------------------------------------------------------


def edited_entries(
    lines: list[str], mapping: Mapping, end: int, changes: dict[str, object], order: Listed[str]
) -> list[Splice]:
    """The splices that give `mapping`'s keys the values in `changes` (None: the key goes).
    A key it lacks goes after the last key before it in `order`."""
    spans = entry_spans(lines, mapping, end)
    keys = {key.value: key for key, _ in mapping.items}
    column = mapping.column - 1
    splices, inserted = [], {}
    for name, value in changes.items():
        if name in spans:
            start, stop = spans[name]
            prefix = lines[start][: keys[name].column - 1]
            if value is None:
                if prefix.strip():
                    raise StyleRefused(
                        keys[name].line, f"'{name}' is on the line of the item's dash: take it out by hand"
                    )
                splices.append(Splice(start, stop, []))
            else:
                written = entry_lines(name, value, column)
                splices.append(Splice(start, stop, [prefix + written[0][column:], *written[1:]]))
        elif value is not None:
            earlier = [key for key in order[: order.index(name)] if key in spans]
            at = spans[earlier[-1] if earlier else list(spans)[-1]][1]
            inserted.setdefault(at, []).append((order.index(name), entry_lines(name, value, column)))
    for at, entries in inserted.items():
        splices.append(Splice(at, at, [line for _, written in sorted(entries) for line in written]))
    return splices


def removed_item(lines: list[str], items: Sequence, index: int, end: int) -> Splice:
    """The splice that takes item `index` (ending before index `end`) out of `items`,
    with the blank lines that set it apart; comments before it stay."""
    start = dash_line(lines, items.items[index]) - 1
    if index:
        blank = start
        while blank > 0 and not lines[blank - 1].strip():
            blank -= 1
        if not (blank < start and _in_keep_scalar(lines, blank - 1)):  # not blank lines a keep scalar holds
            start = blank
    elif len(items.items) > 1:
        while end < len(lines) and not lines[end].strip():
            end += 1
    return Splice(start, end, [])


def append_item(
    lines: list[str],
    parent: Mapping,
    items: Sequence,
    item_lines: list[str],
    newline: str,
    outer: tuple[Mapping, Sequence] | None = None,
) -> tuple[str, int, bool]:
    """The text (split in `lines`, as str.split gives them) with `item_lines` after the
    last item of `items` (see item_end); the first line of the item, from 1; and whether
    a blank line was written before it (as the items have them)."""
    cr = "\r" if newline == "\r\n" else ""
    if not items.items:
        return _first_item(lines, items, item_lines, cr)
    if lines[items.line - 1][items.column - 1 : items.column] == "[":
        raise StyleRefused(
            items.line, "the list is written in brackets: write it as a list of items (a dash each) first"
        )
    if not isinstance(items.items[-1], Mapping):
        raise StyleRefused(items.items[-1].line, "the list's last item is not a mapping of keys")
    last = items.items[-1]
    end = item_end(lines, parent, items, len(items.items) - 1, outer)
    spaced = len(items.items) > 1 and not lines[dash_line(lines, last) - 2].strip()
    if spaced and _in_keep_scalar(lines, end - 1):  # a blank line after it would be its text's
        spaced = False
    new = [line + cr for line in ([""] if spaced else []) + item_lines]
    if end == len(lines):  # the file ends without a line break: its last line gets one
        lines = [*_stripped_block(lines, end - 1), lines[-1] + cr, ""]
    return "\n".join(lines[:end] + new + lines[end:]), end + 1 + spaced, spaced


def _first_item(lines: list[str], items: Sequence, item_lines: list[str], cr: str) -> tuple[str, int, bool]:
    """The first item of a list written empty, `[]` (as a new dossier's `claims: []`):
    the brackets go, the item goes below, its dash two columns in from the key's."""
    line = lines[items.line - 1]
    ending = "\r" if line.endswith("\r") else ""
    line = line.removesuffix(ending)
    start = items.column - 1
    found = re.match(r"\[\s*\]", line[start:])
    if found is None:
        raise StyleRefused(items.line, "the list is empty but not written `[]`: write its first item by hand")
    key = len(line) - len(line.lstrip())
    before, after = line[:start].rstrip(), line[start + found.end() :]
    lines = list(lines)
    lines[items.line - 1] = before + (" " + after.lstrip() if after.strip() else "") + ending
    at = items.line
    if at == len(lines):  # the file ends on that line, without a line break: it gets one
        lines = [*lines[:-1], lines[-1] + cr, ""]
    new = [line + cr for line in _shifted(item_lines, key + 2)]
    return "\n".join(lines[:at] + new + lines[at:]), at + 1, False


def _shifted(item_lines: list[str], dash: int) -> list[str]:
    indent = len(item_lines[0]) - len(item_lines[0].lstrip())
    return [" " * dash + line[indent:] for line in item_lines]


def _stripped_block(lines: list[str], index: int) -> list[str]:
    """The lines before `index`, where line `index` ends the file inside a block scalar
    that keeps its last line break (`|`, `>`, `|+`): its header told to strip it (`|-`),
    as the value has none (the file has no final line break), and will, once a line
    follows it."""
    header = block_header(lines, index)
    lines = lines[:index]
    if header is None or "-" in header[1].group("chomp"):
        return lines
    number, found = header
    lines[number] = _stripped_header(lines[number], found)
    return lines


# --- the new text ------------------------------------------------------------------------------


class _ItemDumper(TextDumper):
    """One list item as people write it: on one line each value (quoted where YAML
    would misread it plain), short lists in brackets, nested lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


class _FlatItemDumper(TextDumper):
    """The same, nested lists' dashes under their key (`evidence:` then `- at:`)."""


def _one_line(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Plain where YAML reads it back as the same characters (dossier reads `2024-12-27`
    # and `no` as text: see docs/format.md), but for what any YAML reader takes for
    # nothing (`~`); else double-quoted (`"Kim's"` rather than `'Kim''s'`), a line break
    # of any kind escaped.
    plain = dumper.analyze_scalar(text).allow_block_plain and not re.search("[\n\r\x85\u2028\u2029]", text)
    plain = plain and dumper.resolve(yaml.ScalarNode, text, (True, False)) != _NOTHING
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=None if plain else '"')


def _list(dumper: yaml.SafeDumper, items: list) -> yaml.SequenceNode:
    # A list of words in brackets (`tags: [capture, nis]`), a list of items as items.
    flow = all(isinstance(item, str) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


# As dossier reads values, as written: no implicit types but nothing (`~`, `null`). A
# figure's number is given as its digits, and so written plain.
_NOTHING = "tag:yaml.org,2002:null"
for _dumper in (_ItemDumper, _FlatItemDumper):
    _dumper.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag == _NOTHING]
        for first, resolvers in TextDumper.yaml_implicit_resolvers.items()
    }
    _dumper.add_representer(str, _one_line)
    _dumper.add_representer(list, _list)


def item_lines(fields: dict, dash: int, step: int) -> list[str]:
    """`fields` as a list item whose dash is at column `dash` (from 0), its nested
    lists' dashes `step` columns deeper than its keys."""
    return _dumped([fields], dash, _ItemDumper if step else _FlatItemDumper, step or 2)


def entry_lines(name: str, value: object, column: int) -> list[str]:
    """`name: value` as a mapping's key at column `column` (from 0) writes it."""
    return _dumped({name: value}, column, _FlatItemDumper, 2)


def _dumped(value: object, column: int, dumper: type, step: int) -> list[str]:
    dumped = yaml.dump(value, Dumper=dumper, sort_keys=False, allow_unicode=True, width=float("inf"), indent=step)
    return [" " * column + line for line in dumped.rstrip("\n").split("\n")]


def dash_column(lines: list[str], items: Sequence) -> int:
    """Where the list's dashes are (from 0): its first item's, else one step in."""
    for item in items.items:
        if isinstance(item, Mapping):
            number = dash_line(lines, item)
            line = lines[number - 1]
            dash = line.rfind("-", 0, item.column - 1) if number == item.line else len(line) - len(line.lstrip())
            if dash >= 0:
                return dash
    return items.column - 1


def nested_step(lines: list[str], items: Sequence) -> int:
    """How much deeper than its keys an item's own lists are written: as in the file
    where it says (a claim's evidence), else two columns."""
    for item in items.items:
        if isinstance(item, Mapping):
            for _, value in item.items:
                if isinstance(value, Sequence) and value.items and isinstance(value.items[0], Mapping):
                    dash = dash_column(lines, value)
                    if dash >= item.column - 1:
                        return dash - (item.column - 1)
    return 2
