"""Claims, paragraphs, sources and dossiers as text for the command line (`dossier
show`), and what a list of search results shows of a hit (`summary`; the list itself is
layout.py's).

Content from the files is made safe to print (`textsafe.visible`: one visible stand-in
per control character, so that quote offsets still hold). Quoted or matched words are
emphasised with the `Emphasis` given: bold on a terminal, `**...**` elsewhere.
"""

from __future__ import annotations

from ..library.analysis import is_superseded, superseding
from ..library.citation import (
    archived,
    attribution,
    attribution_chain,
    before_accepted,
    carried_by,
    chain_text,
    figure_text,
    page_of,
    publication,
    relation_label,
    relations,
)
from ..library.lookup import Shown
from ..library.model import Claim, Dossier, Library, Paragraph, Source, Version
from ..search.results import Hit, Summary
from ..store.files import where_written
from ..text.textsafe import counted, visible
from .layout import Emphasis, Hang, emphasised, fitted, flat

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
        rows.append((relation_label(kind, direction), f"{other}: {visible(flat(library.claims[other].text))}"))
    lines += _rows(rows)
    if not claim.anchored:
        lines.append("  ⚠ unanchored: a quote is not found in its paragraph")
    for number, evidence in enumerate(claim.evidence, 1):
        paragraph = library.paragraph(evidence.at)
        page = page_of(paragraph) if paragraph is not None else ""
        lines += ["", f"evidence {number} of {len(claim.evidence)}: {evidence.at}{page}"]
        source = library.sources.get(evidence.source_id)
        if source is not None:
            lines.append(f"  {_source_label(source)}")
            if kept := archived(source):
                lines.append(f"  {visible(kept)}")
        lines.append(f"  {visible(chain_text(attribution_chain(library, claim, evidence)))}")
        if paragraph is None:
            lines.append("  ⚠ this paragraph is not in the library")
            if evidence.quote:
                lines.append(f"  quote: “{visible(flat(evidence.quote))}”")
            continue
        if evidence.quote and not evidence.anchored:
            lines.append(f"  ⚠ quote not found in the paragraph: “{visible(flat(evidence.quote))}”")
        spans = [evidence.quote_span] if evidence.quote_span else []
        lines.append(f"  {emphasised(flat(paragraph.text), spans, emphasis)}")
        if before := before_accepted(evidence):
            lines.append(Hang(f"  {visible(before)}", 4))
    return lines


def _source_label(source: Source) -> str:
    about = publication(source)
    return visible(f"{source.title} ({about})" if about else source.title)


def _cited_spans(library: Library, paragraph: Paragraph) -> list[tuple[int, int]]:
    return [evidence.quote_span for _claim, evidence in library.citing(paragraph.ref) if evidence.quote_span]


def show_paragraph(library: Library, paragraph: Paragraph, emphasis: Emphasis) -> list[str | Hang]:
    source = library.sources[paragraph.source_id]
    lines: list[str | Hang] = [f"paragraph {paragraph.ref}{page_of(paragraph)}", f"  {_source_label(source)}", ""]
    lines.append(emphasised(flat(paragraph.text), _cited_spans(library, paragraph), emphasis))
    citing = library.citing_claims(paragraph.ref)
    lines += ["", f"cited by {counted(len(citing), 'claim')}" + (":" if citing else "")]
    for claim, evidence in citing:
        lines.append(Hang(f"  {claim.id} ({claim.dossier_id}): {visible(flat(claim.text))}", 4))
        for item in evidence:
            quoted = f"“{visible(flat(item.quote))}”" if item.quote else "the whole paragraph"
            lines.append(Hang(f"    quotes {quoted}", 11))
    return lines


def show_former_paragraph(library: Library, paragraph: Paragraph, version: Version, width: int | None = None) -> str:
    """A paragraph the newest version of its source no longer has, as the latest version
    that had it gave it (see lookup.former_paragraph): what `dossier show SOURCE#ID`
    prints for it."""
    source = library.sources[paragraph.source_id]
    lines: list[str | Hang] = [
        f"paragraph {paragraph.ref}: not in version {source.version}, the newest; as version {version.number} had it",
        f"  {_source_label(source)}",
        "",
        visible(flat(paragraph.text)),
        "",
        f"'dossier changes {source.id}' says what became of the quotes that rest on it",
    ]
    return fitted(lines, width)


def show_source(library: Library, source: Source, emphasis: Emphasis) -> list[str | Hang]:
    lines: list[str | Hang] = [f"source {source.id}", visible(source.title)]
    if about := publication(source):
        lines.append(visible(about))
    lines.append(visible(f"written {where_written(source.location.path)}:{source.location.line}"))
    if kept := archived(source):
        lines.append(visible(kept))
    for paragraph in source.paragraphs.values():
        citing = len(library.citing_claims(paragraph.ref))
        page = f" · p. {paragraph.page}" if paragraph.page else ""
        lines += ["", f"{paragraph.id}{page}" + (f" · cited by {counted(citing, 'claim')}" if citing else "")]
        lines.append(emphasised(flat(paragraph.text), _cited_spans(library, paragraph), emphasis))
    return lines


def show_dossier(library: Library, dossier: Dossier) -> list[str | Hang]:
    lines: list[str | Hang] = [f"dossier {dossier.id}", visible(dossier.title)]
    if dossier.summary:
        lines.append(visible(flat(dossier.summary)))
    lines += ["", f"{counted(len(dossier.claims), 'claim')}" + (":" if dossier.claims else "")]
    width = max((len(claim.id) for claim in dossier.claims), default=0)
    for claim in dossier.claims:
        lines.append(Hang(f"  {claim.id:<{width}}  {claim.status:<10}  {visible(flat(claim.text))}", width + 16))
    return lines


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
