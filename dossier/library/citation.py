"""A claim or paragraph written out as a citation a reader can paste into notes."""

from __future__ import annotations

from ..text.textsafe import counted
from .model import Claim, Evidence, Figure, Library, Paragraph, Source

RELATION_WORDS = {  # (outgoing, incoming)
    "updates": ("updates", "updated by"),
    "contradicts": ("contradicts", "contradicted by"),
    "supports": ("supports", "supported by"),
}
BOUND_WORDS = {"exact": "exactly", "about": "about", "at-least": "at least", "at-most": "at most"}


def figure_value(figure: Figure) -> str:
    """`3,000`, `2.5`: the value with thousands separated."""
    return f"{figure.value:,}" if isinstance(figure.value, int) else f"{figure.value:,g}"


def figure_text(claim: Claim) -> str | None:
    """`about 3,000 troops (killed-or-wounded)` for a claim's figure."""
    figure = claim.figure
    if figure is None:
        return None
    bound = "" if figure.bound == "exact" else f"{BOUND_WORDS.get(figure.bound, figure.bound)} "
    unit = f" {figure.unit}" if figure.unit else ""
    return f"{bound}{figure_value(figure)}{unit} ({figure.what})"


def attribution(claim: Claim) -> str | None:
    """`John Kirby, via Yonhap` or None when the claim names no speaker or relay."""
    parts = [claim.speaker] if claim.speaker else []
    if claim.via:
        parts.append("via " + ", ".join(claim.via))
    return ", ".join(parts) or None


def attribution_chain(library: Library, claim: Claim, evidence: Evidence) -> list[tuple[str, str]]:
    """(role, name) from who spoke to who published, for one piece of evidence:
    said by, via each relay, then reported by the publisher (or in the source)."""
    chain = [("said by", claim.speaker)] if claim.speaker else []
    chain += [("via", relay) for relay in claim.via]
    source = library.sources.get(evidence.source_id)
    if source is None:
        chain.append(("in", f"{evidence.source_id} (not in the library)"))
    elif source.publisher:
        chain.append(("reported by", source.publisher))
    else:  # the article names no publisher: say where it was read, not who
        chain.append(("reported in", f"“{source.title}”"))
    return chain


def carried_by(library: Library, claim: Claim) -> tuple[str, str]:
    """How many distinct sources carry `claim`, and which: ('3 sources', 'report-a
    (Newsweek), report-b, report-c'), or ('1 source only', …)."""
    names = []
    for source_id in claim.source_ids:
        source = library.sources.get(source_id)
        names.append(f"{source_id} ({source.publisher})" if source and source.publisher else source_id)
    count = "1 source only" if len(names) == 1 else f"{len(names)} sources"
    return count, ", ".join(names)


def chain_text(chain: list[tuple[str, str]]) -> str:
    """`said by X → via Y → reported by Z`."""
    return " → ".join(f"{role} {name}" for role, name in chain)


def publication(source: Source) -> str:
    """Authors, publisher, date and address of a source, those it has, as one line."""
    authors = ", ".join(source.authors) if source.authors else None
    return ", ".join(part for part in (authors, source.publisher, source.published, source.url) if part)


def archived(source: Source) -> str | None:
    """`archived: originals/x-abc.html.gz (sha256 0b1c…, 12,345 bytes, 2026-12-06)`."""
    archive = source.archive
    if archive is None:
        return None
    when = f", imported {archive.imported[:10]}" if archive.imported else ""
    earlier = counted(len(source.versions), "earlier version")
    versions = f"; version {source.version} ({earlier} kept in its file)" if source.versions else ""
    return f"archived: {archive.file} (sha256 {archive.sha256[:12]}…, {archive.size:,} bytes{when}){versions}"


def before_accepted(evidence: Evidence) -> str | None:
    """What a piece of evidence pointed at and quoted before a new version of its source
    moved its words and it was accepted: `before: at src#p10, quoting “…”`; None if never."""
    if not evidence.was_at and not evidence.was_quote:
        return None
    said = [f"at {evidence.was_at}"] if evidence.was_at else []
    said += [f"quoting “{' '.join(evidence.was_quote.split())}”"] if evidence.was_quote else []
    return "before: " + ", ".join(said)


def page_of(paragraph: Paragraph) -> str:
    """`, p. 4` for a paragraph of a PDF; nothing for others."""
    return f", p. {paragraph.page}" if paragraph.page else ""


def source_line(library: Library, source_id: str) -> str:
    source = library.sources.get(source_id)
    if source is None:
        return f"{source_id} (not in the library)"
    about = publication(source)
    return f"{source.title}, {about}" if about else source.title


def claim_citation(library: Library, claim: Claim, evidence: Evidence | None = None) -> str:
    """The claim, who made it, and the piece of evidence (the first by default) it rests on."""
    lines = [f"Claim: {claim.text}"]
    if said := attribution(claim):
        lines.append(f"Said by: {said}")
    if claim.date:
        lines.append(f"Date: {claim.date}")
    if figure := figure_text(claim):
        lines.append(f"Figure: {figure}")
    evidence = evidence or (claim.evidence[0] if claim.evidence else None)
    if evidence is not None:
        if evidence.quote:
            unanchored = "" if evidence.anchored else " (not found in the paragraph)"
            lines.append(f'Quote: "{evidence.quote}"{unanchored}')
        lines.append(f"Source: {source_line(library, evidence.source_id)}")
        paragraph = library.paragraph(evidence.at)
        lines.append(f"Reference: {evidence.at}{page_of(paragraph) if paragraph else ''}")
    return "\n".join(lines)


def paragraph_citation(library: Library, paragraph: Paragraph) -> str:
    return "\n".join(
        [
            f'Paragraph: "{paragraph.text}"',
            f"Source: {source_line(library, paragraph.source_id)}",
            f"Reference: {paragraph.ref}{page_of(paragraph)}",
        ]
    )


def relations(library: Library, claim: Claim) -> list[tuple[str, str, str]]:
    """(kind, direction, other claim id) for each relation of `claim`, direction being
    "out", "in" or "both" when two claims name each other the same way."""
    outgoing = [(link.kind, link.target) for link in claim.links]
    incoming = [(link.kind, other.id) for other, link in library.naming(claim.id)]
    found = [(kind, "both" if (kind, other) in incoming else "out", other) for kind, other in dict.fromkeys(outgoing)]
    found += [(kind, "in", other) for kind, other in dict.fromkeys(incoming) if (kind, other) not in outgoing]
    return found


def relation_label(kind: str, direction: str) -> str:
    """`→ updates`, `← updated by`, `↔ contradicts`."""
    outgoing, incoming = RELATION_WORDS.get(kind, (kind, kind))
    return {"out": f"→ {outgoing}", "in": f"← {incoming}", "both": f"↔ {outgoing}"}[direction]
