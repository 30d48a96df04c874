"""Where a change goes in a dossier file's text, and the text it puts there.

Changes are spliced in as lines at the positions the YAML nodes give, in the file's own
indentation and style, so that every other byte stays: a round-trip dumper re-wraps long
quotes and moves comments. authoring.py says what to change and checks the result."""

from __future__ import annotations

import re
from collections.abc import Sequence as Listed
from dataclasses import dataclass

import yaml

from .importer import TextDumper
from .problems import DossierError
from .yamlnodes import Mapping, Sequence


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
    for splice in sorted(splices, key=lambda splice: (splice.start, splice.stop), reverse=True):
        changed[splice.start : splice.stop] = [line + cr for line in splice.new]
    new_text = "\n".join(changed)
    if not ended:  # the file ends without a line break, and still does
        new_text = new_text.removesuffix(newline)
    start, stop = min(splice.start for splice in splices), max(splice.stop for splice in splices)
    grown = sum(len(splice.new) - (splice.stop - splice.start) for splice in splices)
    return new_text, (start + 1, stop - start, stop - start + grown)


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
    return content_end(lines, item.line, (stop - 1) if stop else len(lines), item.column - 1)


def entry_spans(lines: list[str], mapping: Mapping, end: int) -> dict[str, tuple[int, int]]:
    """Each key of `mapping` (an item ending before index `end`), with its lines: the
    index of its key's line, and the index after its value's last. A comment at the
    keys' column between two keys speaks of the one after it."""
    if not isinstance(mapping, Mapping) or lines[mapping.line - 1][mapping.column - 1 : mapping.column] == "{":
        raise DossierError("the item is written in braces: write it as lines of keys first")
    spans = {}
    for number, (key, _) in enumerate(mapping.items):
        following = mapping.items[number + 1][0] if number + 1 < len(mapping.items) else None
        if following is not None and following.line == key.line:
            raise DossierError("two keys share a line: write them on lines of their own first")
        stop = following.line - 1 if following is not None else end
        spans[key.value] = (key.line - 1, content_end(lines, key.line, stop, key.column))
    return spans


def dash_line(lines: list[str], item) -> int:
    """The line of an item's dash (from 1): its first key's line, or one above when the
    dash stands alone."""
    if lines[item.line - 1][: item.column - 1].strip().startswith("-"):
        return item.line
    return item.line - 1


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
    return end


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
                    raise DossierError(f"'{name}' is on the line of the item's dash: take it out in the file")
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
        while start > 0 and not lines[start - 1].strip():
            start -= 1
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
    if not items.items or not isinstance(items.items[-1], Mapping):
        raise DossierError("the list is empty or written in brackets: write it as a list of items first")
    if lines[items.line - 1][items.column - 1 : items.column] == "[":
        raise DossierError("the list is written in brackets: write it as a list of items first")
    last = items.items[-1]
    end = item_end(lines, parent, items, len(items.items) - 1, outer)
    spaced = len(items.items) > 1 and not lines[dash_line(lines, last) - 2].strip()
    cr = "\r" if newline == "\r\n" else ""
    new = [line + cr for line in ([""] if spaced else []) + item_lines]
    if end == len(lines):  # the file ends without a line break: its last line gets one
        lines = [*lines[:-1], lines[-1] + cr, ""]
    return "\n".join(lines[:end] + new + lines[end:]), end + 1 + spaced, spaced


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
            dash = lines[item.line - 1].rfind("-", 0, item.column - 1)
            if dash >= 0:
                return dash
    return items.column + 1


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
