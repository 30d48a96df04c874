"""A claim or paragraph written out as a citation a reader can paste into notes."""

from __future__ import annotations

from .model import Claim, Evidence, Library, Paragraph, Source

RELATION_WORDS = {  # (outgoing, incoming)
    "updates": ("updates", "updated by"),
    "contradicts": ("contradicts", "contradicted by"),
    "supports": ("supports", "supported by"),
}
_BOUND_WORDS = {"exact": "", "about": "about ", "at-least": "at least ", "at-most": "at most "}


def figure_text(claim: Claim) -> str | None:
    """`about 3,000 troops (killed-or-wounded)` for a claim's figure."""
    figure = claim.figure
    if figure is None:
        return None
    value = f"{figure.value:,}" if isinstance(figure.value, int) else f"{figure.value:,g}"
    unit = f" {figure.unit}" if figure.unit else ""
    return f"{_BOUND_WORDS.get(figure.bound, '')}{value}{unit} ({figure.what})"


def attribution(claim: Claim) -> str | None:
    """`John Kirby, via Yonhap` or None when the claim names no speaker or relay."""
    parts = [claim.speaker] if claim.speaker else []
    if claim.via:
        parts.append("via " + ", ".join(claim.via))
    return ", ".join(parts) or None


def publication(source: Source) -> str:
    """Publisher, date and address of a source, those it has, as one line."""
    return ", ".join(part for part in (source.publisher, source.published, source.url) if part)


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
        lines.append(f"Reference: {evidence.at}")
    return "\n".join(lines)


def paragraph_citation(library: Library, paragraph: Paragraph) -> str:
    return "\n".join(
        [
            f'Paragraph: "{paragraph.text}"',
            f"Source: {source_line(library, paragraph.source_id)}",
            f"Reference: {paragraph.ref}",
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
