"""Claims, paragraphs, sources, dossiers and search results as text for the command line.

Content from the files is made safe to print (`textsafe.visible`: one visible stand-in
per control character, so that quote offsets still hold). Quoted or matched words are
emphasised with the `Emphasis` given: bold on a terminal, `**...**` elsewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from . import suggest
from .analysis import is_superseded, superseding
from .citation import (
    attribution,
    attribution_chain,
    carried_by,
    chain_text,
    figure_text,
    publication,
    relation_label,
    relations,
)
from .files import where_written
from .model import Claim, Dossier, Library, Paragraph, Source
from .results import Hit, Results, Summary
from .textsafe import counted, visible


@dataclass(frozen=True, slots=True)
class Emphasis:
    start: str
    end: str


BOLD = Emphasis("\x1b[1m", "\x1b[22m")
MARKDOWN = Emphasis("**", "**")
PLAIN = Emphasis("", "")


def emphasised(text: str, spans: Iterable[tuple[int, int]], emphasis: Emphasis) -> str:
    """`text`, made safe to print, with `spans` (offsets into it) emphasised."""
    parts, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end <= start:
            continue
        parts += [visible(text[done:start]), emphasis.start, visible(text[start:end]), emphasis.end]
        done = end
    parts.append(visible(text[done:]))
    return "".join(parts)


# --- fitting lines to a terminal ---------------------------------------------------------

_SGR = re.compile(r"\x1b\[[0-9;]*m")  # the emphasis codes: no width on screen


@dataclass(frozen=True, slots=True)
class Hang:
    """A line whose wrapped continuation lines start `indent` cells in (under a value
    column, or the text of a row); a plain `str` line hangs at its own leading spaces."""

    text: str
    indent: int


def fitted(lines: Iterable[str | Hang], width: int | None) -> str:
    """`lines` joined, each wrapped at spaces to `width` cells when given (a terminal:
    the terminal itself would break words at its edge), else as they are."""
    out: list[str] = []
    for line in lines:
        text, indent = (line.text, line.indent) if isinstance(line, Hang) else (line, len(line) - len(line.lstrip(" ")))
        out += fold(text, width, indent) if width else [text]
    return "\n".join(out) + "\n"


def _cells(text: str) -> int:
    return cell_len(_SGR.sub("", text))


def fold(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` broken at spaces into lines of at most `width` cells, the lines after the
    first set `indent` cells in; a word longer than a line is cut. Emphasis codes take
    no room. Linear in the length of `text`."""
    if _cells(text) <= width:
        return [text]
    indent = min(indent, max(0, width - 20))
    lead = len(text) - len(text.lstrip(" "))
    lines: list[str] = []
    current, used, start = text[:lead], lead, lead  # start: the cells before the line's first word
    for word in text[lead:].split(" "):
        size = _cells(word)
        gap = 1 if used > start else 0
        if used + gap + size <= width:
            current, used = current + " " * gap + word, used + gap + size
            continue
        if used > start:  # the line holds words: this one starts the next
            lines.append(current)
            current, used = " " * indent, indent
            start = indent
        while used + size > width:  # longer than a line: cut where the line ends
            piece, cells = _cut(word, width - used)
            lines.append(current + piece)
            word, size = word[len(piece) :], size - cells
            current, used = " " * indent, indent
            start = indent
        current, used = current + word, used + size
    lines.append(current)
    return lines


def _cut(word: str, room: int) -> tuple[str, int]:
    """The first `room` cells of `word` (at least one character; an emphasis code kept
    whole), and how many cells they take."""
    used, position = 0, 0
    while position < len(word):
        code = _SGR.match(word, position)
        if code:
            position = code.end()
            continue
        size = cell_len(word[position])
        if used + size > room and used:
            break
        used += size
        position += 1
    return word[:position], used


def _flat(text: str) -> str:
    """`text` on one line, each line break or tab one space (offsets unchanged)."""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


# --- finding what an id names ----------------------------------------------------------

Shown = Claim | Paragraph | Source | Dossier


def resolve(library: Library, key: str) -> Shown | None:
    """The claim (by its id, or one it had before), paragraph (`source#paragraph`),
    source or dossier named `key`, tried in that order."""
    if "#" in key:
        return library.paragraph(key)
    return library.claim(key) or library.sources.get(key) or library.dossiers.get(key)


def closest(key: str, choices: Collection[str], limit: int = 3) -> list[str]:
    """The choices nearest to `key`, best first, for a 'did you mean' line."""
    return suggest.closest(key, choices, limit)


def every_id(library: Library, key: str) -> list[str]:
    """The ids a mistyped `key` could have meant: paragraph refs for a ref, else the
    ids of claims, sources and dossiers."""
    if "#" in key:
        return [
            f"{source.id}#{paragraph_id}" for source in library.sources.values() for paragraph_id in source.paragraphs
        ]
    return [*library.claims, *library.former_ids, *library.sources, *library.dossiers]


# --- show ------------------------------------------------------------------------------


def show(library: Library, thing: Shown, emphasis: Emphasis, width: int | None = None) -> str:
    """What `dossier show` prints for `thing`; with a `width` (a terminal's), wrapped to it."""
    if isinstance(thing, Claim):
        lines = show_claim(library, thing, emphasis)
    elif isinstance(thing, Paragraph):
        lines = show_paragraph(library, thing, emphasis)
    elif isinstance(thing, Source):
        lines = show_source(library, thing, emphasis)
    else:
        lines = show_dossier(library, thing)
    return fitted(lines, width)


def _rows(rows: list[tuple[str, str]], indent: str = "  ") -> list[Hang]:
    width = max((len(name) for name, _ in rows), default=0)
    return [Hang(f"{indent}{name:<{width}}  {value}", len(indent) + width + 2) for name, value in rows]


def show_claim(library: Library, claim: Claim, emphasis: Emphasis) -> list[str | Hang]:
    dossier = library.dossiers.get(claim.dossier_id)
    lines: list[str | Hang] = [f"claim {claim.id}", visible(claim.text), ""]
    rows = [("said by", visible(attribution(claim) or "no speaker named"))]
    count, names = carried_by(library, claim)
    rows.append(("carried by", visible(f"{count}: {names}")))
    rows += [("date", claim.date)] if claim.date else []
    rows.append(("status", claim.status))
    rows += [("tags", ", ".join(claim.tags))] if claim.tags else []
    rows += [("figure", visible(figure))] if (figure := figure_text(claim)) else []
    rows.append(("dossier", f"{claim.dossier_id} ({visible(dossier.title)})" if dossier else claim.dossier_id))
    rows.append(("written", visible(f"{where_written(claim.location.path)}:{claim.location.line}")))
    rows += [("formerly", ", ".join(claim.formerly))] if claim.formerly else []
    if is_superseded(library, claim):
        newer = ", ".join(other.id for other in superseding(library, claim))
        rows.append(("superseded", f"↷ by {newer}" if newer else "↷ (its status)"))
    for kind, direction, other in relations(library, claim):
        rows.append((relation_label(kind, direction), f"{other}: {visible(_flat(library.claims[other].text))}"))
    lines += _rows(rows)
    if not claim.anchored:
        lines.append("  ⚠ unanchored: a quote is not found in its paragraph")
    for number, evidence in enumerate(claim.evidence, 1):
        lines += ["", f"evidence {number} of {len(claim.evidence)}: {evidence.at}"]
        paragraph = library.paragraph(evidence.at)
        source = library.sources.get(evidence.source_id)
        if source is not None:
            lines.append(f"  {_source_label(source)}")
        lines.append(f"  {visible(chain_text(attribution_chain(library, claim, evidence)))}")
        if paragraph is None:
            lines.append("  ⚠ this paragraph is not in the library")
            if evidence.quote:
                lines.append(f"  quote: “{visible(_flat(evidence.quote))}”")
            continue
        if evidence.quote and not evidence.anchored:
            lines.append(f"  ⚠ quote not found in the paragraph: “{visible(_flat(evidence.quote))}”")
        spans = [evidence.quote_span] if evidence.quote_span else []
        lines.append(f"  {emphasised(_flat(paragraph.text), spans, emphasis)}")
    return lines


def _source_label(source: Source) -> str:
    about = publication(source)
    return visible(f"{source.title} ({about})" if about else source.title)


def _cited_spans(library: Library, paragraph: Paragraph) -> list[tuple[int, int]]:
    return [evidence.quote_span for _claim, evidence in library.citing(paragraph.ref) if evidence.quote_span]


def show_paragraph(library: Library, paragraph: Paragraph, emphasis: Emphasis) -> list[str | Hang]:
    source = library.sources[paragraph.source_id]
    lines: list[str | Hang] = [f"paragraph {paragraph.ref}", f"  {_source_label(source)}", ""]
    lines.append(emphasised(_flat(paragraph.text), _cited_spans(library, paragraph), emphasis))
    citing = library.citing_claims(paragraph.ref)
    lines += ["", f"cited by {counted(len(citing), 'claim')}" + (":" if citing else "")]
    for claim, evidence in citing:
        lines.append(Hang(f"  {claim.id} ({claim.dossier_id}): {visible(_flat(claim.text))}", 4))
        for item in evidence:
            quoted = f"“{visible(_flat(item.quote))}”" if item.quote else "the whole paragraph"
            lines.append(Hang(f"    quotes {quoted}", 11))
    return lines


def show_source(library: Library, source: Source, emphasis: Emphasis) -> list[str | Hang]:
    lines: list[str | Hang] = [f"source {source.id}", visible(source.title)]
    if about := publication(source):
        lines.append(visible(about))
    lines.append(visible(f"written {where_written(source.location.path)}:{source.location.line}"))
    for paragraph in source.paragraphs.values():
        citing = len(library.citing_claims(paragraph.ref))
        lines += ["", f"{paragraph.id}" + (f" · cited by {counted(citing, 'claim')}" if citing else "")]
        lines.append(emphasised(_flat(paragraph.text), _cited_spans(library, paragraph), emphasis))
    return lines


def show_dossier(library: Library, dossier: Dossier) -> list[str | Hang]:
    lines: list[str | Hang] = [f"dossier {dossier.id}", visible(dossier.title)]
    if dossier.summary:
        lines.append(visible(_flat(dossier.summary)))
    lines += ["", f"{counted(len(dossier.claims), 'claim')}" + (":" if dossier.claims else "")]
    width = max((len(claim.id) for claim in dossier.claims), default=0)
    for claim in dossier.claims:
        lines.append(Hang(f"  {claim.id:<{width}}  {claim.status:<10}  {visible(_flat(claim.text))}", width + 16))
    return lines


# --- search results --------------------------------------------------------------------

TABLE_COLUMNS = ("#", "words", "score", "id", "dossier", "at", "text")
# On a narrow terminal these go first, in this order, to leave the text some room.
_DROPPED_FIRST = ("at", "dossier", "score")
_TEXT_ROOM = 24
_RIGHT = ("#", "words", "score")


def results_table(
    summary: Callable[[Hit], Summary], results: Results, limit: int | None, width: int | None, emphasis: Emphasis
) -> str:
    """One row per hit: rank, how many of the words it holds (for a query of several),
    score, id, dossier, first reference, text. With a `width` (a terminal), columns that
    leave the text too little room are dropped and the text wraps in its column; its
    matched words are emphasised. `summary(hit)` is what is shown of a hit."""
    rows: list[dict[str, str]] = [dict(zip(TABLE_COLUMNS, TABLE_COLUMNS, strict=True))]
    for rank, hit in enumerate(results.hits[:limit], 1):
        shown = summary(hit)
        dossier, first, text = shown.dossier, shown.at[0] if shown.at else "", shown.text
        held = f"{hit.words}/{results.words}"
        values = (str(rank), held, f"{hit.score:.0f}", hit.key, dossier, first, _flat(text))
        rows.append(dict(zip(TABLE_COLUMNS, (visible(value) for value in values), strict=True)))
    widths = {column: max(cell_len(row[column]) for row in rows) for column in TABLE_COLUMNS[:-1]}
    columns = list(TABLE_COLUMNS[:-1])
    if results.words < 2:  # one word: every hit holds it
        columns.remove("words")
    for column in _DROPPED_FIRST:
        if width is None or sum(widths[name] + 2 for name in columns) + _TEXT_ROOM <= width:
            break
        columns.remove(column)
    lines: list[str | Hang] = []
    for index, row in enumerate(rows):
        cells = [
            row[name].rjust(widths[name]) if name in _RIGHT else set_cell_size(row[name], widths[name])
            for name in columns
        ]
        prefix = "  ".join(cells) + "  "
        text = row["text"] if index == 0 else emphasised(row["text"], results.highlights(row["text"]), emphasis)
        lines.append(Hang((prefix + text).rstrip(), cell_len(prefix)))
    return fitted(lines, width)


def results_json(summary: Callable[[Hit], Summary], results: Results, limit: int | None) -> str:
    """The hits as a JSON array of objects (see the README for the fields)."""
    items = []
    for rank, hit in enumerate(results.hits[:limit], 1):
        item: dict[str, object] = {
            "rank": rank,
            "kind": hit.kind,
            "id": hit.key,
            "score": round(hit.score, 2),
            "words": hit.words,  # of the query's plain words (`of`), how many it holds
            "of": results.words,
        }
        shown = summary(hit)
        if hit.kind == "claim":
            item |= {
                "text": shown.text,
                "dossier": shown.dossier,
                "speaker": shown.speaker,
                "status": shown.status,
                "date": shown.date,
                "at": list(shown.at),
                "sources": list(shown.sources),
                "superseded": shown.superseded,
            }
        else:
            item |= {
                "text": shown.text,
                "source": hit.key.partition("#")[0],
                "at": [hit.key],
                "cited_by": list(shown.cited_by),
            }
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def summary(library: Library, hit: Hit) -> Summary:
    """What a list of results shows of a hit in `library`."""
    if hit.kind == "claim":
        claim = library.claims[hit.key]
        at = tuple(evidence.at for evidence in claim.evidence)
        superseded = is_superseded(library, claim)
        sources = tuple(claim.source_ids)
        return Summary(claim.text, claim.dossier_id, at, claim.speaker, claim.status, claim.date, sources, superseded)
    paragraph = library.paragraph(hit.key)
    cited_by = tuple(claim.id for claim, _evidence in library.citing(hit.key))
    return Summary(paragraph.text if paragraph else "", "", (hit.key,), cited_by=cited_by)
