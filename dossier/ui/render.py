"""Library content turned into Textual Content: always literal, never markup, with
control characters shown as visible stand-ins."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from ..library.analysis import is_superseded, superseding
from ..library.citation import (
    archived,
    attribution,
    attribution_chain,
    before_accepted,
    carried_by,
    figure_text,
    page_of,
    relation_label,
)
from ..library.model import Claim, Evidence, Library, Paragraph
from ..store.files import where_written
from ..text.textsafe import counted, visible
from ..write.authoring import reattachment

MATCH_STYLE = "bold $text-accent underline"
QUOTE_STYLE = "bold $text-warning underline"
FIND_STYLE = "reverse"
CURRENT_FIND_STYLE = "bold reverse $text-success"
# Words selected to quote, in the source pane (not a find's reverse: both may show at once).
SELECTION_STYLE = "bold italic underline $text-accent on $accent 30%"
STATUS_MARKS = {"reported": "•", "confirmed": "✓", "disputed": "?", "denied": "✗", "superseded": "↷"}
SUPERSEDED_MARK = STATUS_MARKS["superseded"]
UNANCHORED_MARK = "⚠"


def file_names(paths: Iterable[str]) -> str:
    """Files as people name them (see files.where_written), safe for the screen."""
    return ", ".join(visible(where_written(path)) for path in paths)


def literal(text: str) -> Content:
    return Content(visible(text))


def marked(text: str, spans: Iterable[tuple[int, int]], style: str = MATCH_STYLE) -> Content:
    """`text` with `spans` (offsets into it) styled."""
    content = literal(text)
    for start, end in spans:
        content = content.stylize(style, start, end)
    return content


def one_line(text: str) -> str:
    return " ".join(text.split())


def both_ends(text: str, limit: int = 40) -> str:
    """`text` on one line, its middle left out (`…`) where it is longer than `limit`:
    a selection's two ends are what its keys move."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half].rstrip()} … {text[-half:].lstrip()}"


def claim_mark(library: Library, claim: Claim) -> Content:
    """Its status as one character, then how many sources carry it: `✓ 3×`. A claim
    that another updates is marked superseded whatever its status says."""
    if not claim.anchored:
        mark, style = UNANCHORED_MARK, "$text-error"
    elif is_superseded(library, claim):
        mark, style = SUPERSEDED_MARK, "bold $text-warning"
    else:
        mark, style = STATUS_MARKS.get(claim.status, "•"), "$text-muted"
    sources = len(claim.source_ids)
    return Content.assemble((f"{mark} ", style), (f"{sources}× ", "$text-success" if sources > 1 else "$text-muted"))


def claim_text(library: Library, claim: Claim, spans: list[tuple[int, int]]) -> Content:
    """The claim's words on one line, matches marked; struck through when superseded."""
    # Folding white space would move the match offsets, so only newlines become spaces.
    text = marked(claim.text.replace("\n", " "), spans)
    return text.stylize("strike $text-muted") if is_superseded(library, claim) else text


# A row shows a claim whole up to this many characters (two or three lines of a list);
# past it, the part around its first match, so that the match is always in view.
ROW_CHARACTERS = 300


def windowed(text: str, spans: list[tuple[int, int]], limit: int = ROW_CHARACTERS) -> tuple[str, list[tuple[int, int]]]:
    """`text` cut to about `limit` characters around its first span (`…` where cut), and
    the spans moved with it."""
    if len(text) <= limit:
        return text, spans
    first = min((start for start, _ in spans), default=0)
    start = 0 if first < limit // 2 else max(0, min(first - limit // 3, len(text) - limit))
    end = min(len(text), start + limit)
    prefix = "…" if start else ""
    shown = prefix + text[start:end] + ("…" if end < len(text) else "")
    moved = [
        (max(s, start) - start + len(prefix), min(e, end) - start + len(prefix))
        for s, e in spans
        if e > start and s < end
    ]
    return shown, moved


def claim_row(
    library: Library, claim: Claim, spans: list[tuple[int, int]], dossier_label: str | None = None
) -> Content:
    """A claim as a row of a list, wrapped as the list's width allows: marks, its text
    with matches marked (a very long one cut around its first match), speaker."""
    text, spans = windowed(claim.text.replace("\n", " "), spans)
    shown = marked(text, spans)
    if is_superseded(library, claim):
        shown = shown.stylize("strike $text-muted")
    parts: list[Content | tuple[str, str]] = [claim_mark(library, claim), shown]
    if claim.speaker and claim.speaker.casefold() not in claim.text.casefold():  # said already, it is not said twice
        parts.append((f"  — {visible(claim.speaker)}", "$text-muted"))
    if dossier_label:
        parts.append((f"  [{visible(dossier_label)}]", "$text-muted italic"))
    return Content.assemble(*parts)


def claim_line(library: Library, claim: Claim) -> Content:
    return Content.assemble(claim_mark(library, claim), claim_text(library, claim, []))


def claim_preview(library: Library, claim: Claim) -> Content:
    """A few lines on a claim in an analyst view: its words, who said it, what it quotes."""
    lines = [Content.assemble(claim_mark(library, claim), literal(one_line(claim.text)).stylize("bold"))]
    if claim.evidence:
        evidence = claim.evidence[0]
        lines.append(Content.assemble("   ", chain(library, claim, evidence)))
        quote = literal(f"“{one_line(evidence.quote)}”").stylize("italic") if evidence.quote else None
        lines.append(Content.assemble("   ", quote or Content("(the whole paragraph)").stylize("$text-muted")))
    facts = [
        claim.id,
        claim.dossier_id,
        claim.date or "undated",
        counted(len(claim.evidence), "piece") + " of evidence",
    ]
    lines.append(Content(visible("   " + " · ".join(facts) + " · Enter opens it")).stylize("$text-muted"))
    return Content("\n").join(lines)


def citing_row(library: Library, claim: Claim, quotes: list[str | None]) -> Content:
    """A claim that cites a paragraph, and the words of the paragraph it quotes."""
    lines = [claim_row(library, claim, [], claim.dossier_id)]
    for quote in quotes:
        words = literal(one_line(quote)).stylize("italic") if quote else Content("the whole paragraph")
        lines.append(Content.assemble(("   quotes ", "$text-muted"), words))
    return Content("\n").join(lines)


def paragraph_row(paragraph: Paragraph, source_title: str | None, spans: list[tuple[int, int]]) -> Content:
    """A paragraph as one row of the results; the source's title when not under its heading."""
    text, spans = windowed(paragraph.text.replace("\n", " "), spans)
    parts: list[Content | tuple[str, str]] = [(f"¶ {visible(paragraph.id)} ", "$text-muted"), marked(text, spans)]
    if source_title is not None:
        parts.append((f"  [{visible(source_title)}]", "$text-muted"))
    return Content.assemble(*parts)


def fewer_words(held: int, typed: int) -> Content:
    """The line above the matches that hold only some of the query's words."""
    return Content(f"── with {held} of the {typed} words ──").stylize("$text-muted italic")


def group_heading(title: str, count: int) -> Content:
    return Content.assemble((visible(title), "bold $text-primary"), (f"  {count}", "$text-muted"))


def _field(name: str, value: str) -> Content:
    return Content.assemble((f"{name}: ", "$text-muted"), literal(value))


def claim_details(library: Library, claim: Claim, spans: list[tuple[int, int]]) -> Content:
    """Everything about a claim but its evidence and relations."""
    lines: list[Content] = [marked(claim.text, spans).stylize("bold")]
    said = attribution(claim)
    lines.append(_field("said by", said or "no speaker named"))
    lines.append(_corroboration(library, claim))
    facts = [f"status {claim.status}"]
    if claim.date:
        facts.append(f"date {claim.date}")
    lines.append(Content(" · ".join(facts)).stylize("$text-muted"))
    if claim.tags:
        lines.append(_field("tags", ", ".join(claim.tags)))
    if figure := figure_text(claim):
        lines.append(_field("figure", figure))
    dossier = library.dossiers.get(claim.dossier_id)
    lines.append(_field("dossier", dossier.title if dossier else claim.dossier_id))
    if is_superseded(library, claim):
        lines += _superseded_lines(library, claim)
    formerly = f" (formerly {', '.join(claim.formerly)})" if claim.formerly else ""
    where = f"{claim.id}{formerly} · {where_written(claim.location.path)}:{claim.location.line}"
    lines.append(Content(visible(where)).stylize("$text-muted"))
    if not claim.anchored:
        lines.append(
            Content(f"{UNANCHORED_MARK} unanchored: a quote is not found in its paragraph").stylize("bold $text-error")
        )
    return Content("\n").join(lines)


def _corroboration(library: Library, claim: Claim) -> Content:
    """How many distinct sources carry the claim, and which."""
    count, names = carried_by(library, claim)
    return Content.assemble(
        ("carried by ", "$text-muted"),
        (f"{count}: ", "bold $text-success" if len(claim.source_ids) > 1 else "bold"),
        literal(names),
    )


def _superseded_lines(library: Library, claim: Claim) -> list[Content]:
    newer = superseding(library, claim)
    if not newer:
        return [Content(f"{SUPERSEDED_MARK} superseded").stylize("bold $text-warning")]
    return [
        Content.assemble((f"{SUPERSEDED_MARK} superseded by ", "bold $text-warning"), literal(one_line(other.text)))
        for other in newer
    ]


def chain(library: Library, claim: Claim, evidence: Evidence) -> Content:
    """`said by X → via Y → reported by Z`, the roles muted."""
    parts: list[Content | tuple[str, str]] = []
    for role, name in attribution_chain(library, claim, evidence):
        parts += [(" → " if parts else "", "$text-muted"), (f"{role} ", "$text-muted"), literal(name)]
    return Content.assemble(*parts)


def evidence_row(library: Library, claim: Claim, number: int, evidence: Evidence) -> Content:
    source = library.sources.get(evidence.source_id)
    title = source.title if source else "source not in the library"
    paragraph = library.paragraph(evidence.at)
    head = Content.assemble(
        (f"{number}. ", "bold"),
        (visible(evidence.at), "bold underline"),
        (page_of(paragraph) if paragraph is not None else "", "bold"),
        (f"  {visible(title)}", "$text-muted"),
    )
    if evidence.quote:
        quote = Content.assemble(("   ", ""), literal(one_line(evidence.quote)).stylize("italic"))
    else:
        quote = Content("   (the whole paragraph)").stylize("$text-muted")
    lines = [head, quote, Content.assemble("   ", chain(library, claim, evidence))]
    if before := before_accepted(evidence):
        lines.append(Content.assemble("   ", literal(one_line(before))).stylize("$text-muted"))
    if source is not None and (kept := archived(source)):
        lines.append(Content(f"   {visible(kept)}").stylize("$text-muted"))
    earlier = source.version_holding(evidence.paragraph_id, evidence.quote) if source and source.versions else None
    if not evidence.anchored and earlier is not None:
        lines.append(
            Content(
                f"   {UNANCHORED_MARK} in version {earlier.number}, not the newest ({source.version}): "
                "the source pane shows it; C says where its words are now"
            ).stylize("$text-error")
        )
    elif not evidence.anchored:
        lines.append(Content(f"   {UNANCHORED_MARK} not found in the paragraph").stylize("$text-error"))
        closest = reattachment(library, evidence)
        if closest is not None:
            lines.append(
                Content.assemble(
                    (f"   closest passage, {closest.alike:.0f}% alike: ", "$text-muted"),
                    literal(one_line(closest.quote)).stylize("italic"),
                    ("  A re-attaches it", "$text-muted"),
                )
            )
    return Content("\n").join(lines)


def relation_row(library: Library, kind: str, direction: str, other: Claim) -> Content:
    label = f"{relation_label(kind, direction)} "
    return Content.assemble((label, "bold $text-secondary"), claim_line(library, other))


def paragraph_body(
    paragraph: Paragraph,
    citations: int,
    cited: bool,
    quote_span: tuple[int, int] | None,
    finds: list[tuple[int, int]],
    current_find: int | None,
    selected: tuple[int, int] | None = None,
) -> Content:
    """One paragraph of a source: its id, how many claims cite it, the quote, finds, and
    the words selected to quote."""
    label = Content.assemble(
        (visible(paragraph.id), "bold $text-primary" if cited else "$text-muted"),
        (f" · p. {paragraph.page}" if paragraph.page else "", "$text-muted"),
        (f" · cited by {counted(citations, 'claim')}" if citations else "", "$text-muted"),
    )
    body = literal(paragraph.text)
    if quote_span:
        body = body.stylize(QUOTE_STYLE, *quote_span)
    for index, (start, end) in enumerate(finds):
        body = body.stylize(CURRENT_FIND_STYLE if index == current_find else FIND_STYLE, start, end)
    if selected:
        body = body.stylize(SELECTION_STYLE, *selected)
    return Content("\n").join([label, body])
