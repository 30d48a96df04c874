"""A library, or some of its dossiers, written out as a report: JSON, Markdown or CSV.

JSON keeps the files' own field names and order (those of `library/format.py`), with the
defaults a checked file implies written out (`status`, `bound`). Markdown reads on its
own: each dossier's claims, each followed by footnotes quoting its evidence. CSV has one
row per claim, for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

from ..library import format as fmt
from ..library.choices import REPORT_FORMATS
from ..library.citation import attribution, figure_text, publication, relation_label, relations
from ..library.model import Claim, Dossier, Evidence, Library, Source, Term
from ..text.textsafe import counted

FORMATS = REPORT_FORMATS


def selected_dossiers(library: Library, dossier_ids: Iterable[str] = ()) -> list[Dossier]:
    """The dossiers asked for, in the order asked (all of them when none is named).
    Every id must be in the library: check with `library.dossiers` first."""
    ids = list(dict.fromkeys(dossier_ids))
    return [library.dossiers[key] for key in ids] if ids else list(library.dossiers.values())


def cited_sources(library: Library, dossiers: list[Dossier]) -> list[Source]:
    """The sources the dossiers' claims cite, in library order."""
    cited = {evidence.source_id for dossier in dossiers for claim in dossier.claims for evidence in claim.evidence}
    return [source for source in library.sources.values() if source.id in cited]


def export(library: Library, form: str, dossier_ids: Iterable[str] = ()) -> str:
    dossiers = selected_dossiers(library, dossier_ids)
    # A report on some dossiers carries only their sources; the whole library, all of them.
    sources = cited_sources(library, dossiers) if dossier_ids else list(library.sources.values())
    if form == "json":
        return as_json(sources, dossiers, library.glossary)
    if form == "csv":
        return as_csv(dossiers)
    return as_markdown(library, dossiers)


# --- JSON ------------------------------------------------------------------------------


def _fields(table: dict[str, fmt.Key], values: dict[str, object]) -> dict[str, object]:
    """`values` in the format's key order, leaving out what the file did not give."""
    return {key: values[key] for key in table if values.get(key) not in (None, (), [])}


def source_data(source: Source) -> dict[str, object]:
    paragraphs = [{"id": paragraph.id, "text": paragraph.text} for paragraph in source.paragraphs.values()]
    values = {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published,
        "paragraphs": paragraphs,
    }
    return _fields(fmt.SOURCE_KEYS, values)


def claim_data(claim: Claim) -> dict[str, object]:
    evidence = [_fields(fmt.EVIDENCE_KEYS, {"at": item.at, "quote": item.quote}) for item in claim.evidence]
    figure = claim.figure and _fields(
        fmt.FIGURE_KEYS,
        {
            "what": claim.figure.what,
            "value": claim.figure.value,
            "bound": claim.figure.bound,
            "unit": claim.figure.unit,
        },
    )
    values = {
        "id": claim.id,
        "formerly": list(claim.formerly),
        "text": claim.text,
        "speaker": claim.speaker,
        "via": list(claim.via),
        "date": claim.date,
        "status": claim.status,
        "tags": list(claim.tags),
        "evidence": evidence,
        "figure": figure,
        **{kind: list(claim.targets(kind)) for kind in fmt.RELATIONS},
    }
    return _fields(fmt.CLAIM_KEYS, values)


def dossier_data(dossier: Dossier) -> dict[str, object]:
    values = {
        "id": dossier.id,
        "title": dossier.title,
        "summary": dossier.summary,
        "claims": [claim_data(claim) for claim in dossier.claims],
    }
    data = _fields(fmt.DOSSIER_KEYS, values)
    data.setdefault("claims", [])  # a dossier with no claims still says so
    return data


def term_data(term: Term) -> dict[str, object]:
    return {"alias": term.alias, "for": list(term.terms)} if term.alias else {"same": list(term.terms)}


def as_json(sources: list[Source], dossiers: list[Dossier], glossary: list[Term] = ()) -> str:
    data: dict[str, object] = {
        "sources": [source_data(source) for source in sources],
        "dossiers": [dossier_data(d) for d in dossiers],
    }
    if glossary:  # as a glossary file's `terms`
        data["glossary"] = [term_data(term) for term in glossary]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- Markdown --------------------------------------------------------------------------

# Characters Markdown would read as formatting, links or HTML; escaped, text stays text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
# What starts a list item or an underlined heading: "- ", "+ ", "=", "1. ", "1) ".
_LINE_START = re.compile(r"^(\d*)([-+=.)])")


# What GitHub's renderer (GFM) makes a link of, though nothing marks it: an address with
# a scheme, one starting www., an e-mail address.
_SCHEME = re.compile(r"(?<=[A-Za-z0-9])://")
_WWW = re.compile(r"(?<![A-Za-z0-9])(www)\.", re.IGNORECASE)
_EMAIL = re.compile(r"(?<=[A-Za-z0-9._+-])@(?=[A-Za-z0-9_-]+\\?\.)")


def markdown_text(text: str) -> str:
    """`text` as Markdown that renders it literally, on one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    escaped = _SCHEME.sub(r"\\://", _WWW.sub(r"\1\\.", escaped))
    # GFM joins escaped text again before it looks for e-mail addresses: an empty HTML
    # comment after the @ keeps the two halves apart (and shows nothing).
    escaped = _EMAIL.sub("@<!-- -->", escaped)
    return _LINE_START.sub(r"\1\\\2", escaped)


def _code(text: str) -> str:
    return f"`{text}`"  # ids and refs: letters, digits, hyphens and one #


def as_markdown(library: Library, dossiers: list[Dossier]) -> str:
    lines: list[str] = []
    footnote = 0
    for dossier in dossiers:
        lines += [f"# {markdown_text(dossier.title)}", ""]
        if dossier.summary:
            lines += [markdown_text(dossier.summary), ""]
        lines += [f"{counted(len(dossier.claims), 'claim')} · dossier {_code(dossier.id)}", ""]
        notes: list[str] = []
        for claim in dossier.claims:
            marks = ""
            for evidence in claim.evidence:
                footnote += 1
                marks += f"[^{footnote}]"
                notes.append(f"[^{footnote}]: {_evidence_note(library, evidence)}")
            lines.append(f"- **{markdown_text(claim.text)}**{marks}  ")
            lines.append(f"  {_claim_facts(library, claim)}")
        lines.append("")
        if notes:
            lines += [*notes, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _claim_facts(library: Library, claim: Claim) -> str:
    """Status, who said it, date, figure and relations, on one line."""
    facts = [f"*{claim.status}*"]
    said = attribution(claim)
    facts.append(f"said by {markdown_text(said)}" if said else "no speaker named")
    if claim.date:
        facts.append(claim.date)
    if figure := figure_text(claim):
        facts.append(f"figure: {markdown_text(figure)}")
    for kind, direction, other in relations(library, claim):
        facts.append(f"{relation_label(kind, direction)} {_code(other)}")
    facts.append(_code(claim.id))
    if claim.formerly:
        facts.append("formerly " + ", ".join(map(_code, claim.formerly)))
    return " · ".join(facts)


def _evidence_note(library: Library, evidence: Evidence) -> str:
    quote = f"“{markdown_text(evidence.quote)}”" if evidence.quote else "The whole paragraph"
    if evidence.quote and not evidence.anchored:
        quote += " (not found in the paragraph)"
    source = library.sources.get(evidence.source_id)
    where = [f"*{markdown_text(source.title)}*"] if source else [f"{_code(evidence.source_id)} (not in the library)"]
    if source and (about := publication(source)):
        where.append(markdown_text(about))
    where.append(f"paragraph {_code(evidence.at)}")
    return f"{quote}: {', '.join(where)}."


# --- CSV -------------------------------------------------------------------------------

CSV_COLUMNS = (
    "dossier",
    "id",
    "text",
    "status",
    "speaker",
    "via",
    "date",
    "tags",
    "figure_what",
    "figure_value",
    "figure_bound",
    "figure_unit",
    "evidence",
    *fmt.RELATIONS,
)
# A cell starting so is run as a formula by spreadsheets (CSV injection): an apostrophe
# in front keeps it text, as spreadsheets themselves do.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def as_csv(dossiers: list[Dossier]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for dossier in dossiers:
        for claim in dossier.claims:
            figure = claim.figure
            evidence = [f"{item.at}: “{item.quote}”" if item.quote else item.at for item in claim.evidence]
            text_cells = [
                dossier.id,
                claim.id,
                claim.text,
                claim.status,
                claim.speaker or "",
                "; ".join(claim.via),
                claim.date or "",
                " ".join(claim.tags),
                figure.what if figure else "",
            ]
            figure_cells = [figure.value, figure.bound, figure.unit or ""] if figure else ["", "", ""]
            writer.writerow(
                [
                    *map(_cell, text_cells),
                    figure_cells[0],
                    *map(_cell, figure_cells[1:]),
                    _cell("\n".join(evidence)),
                    *(" ".join(claim.targets(kind)) for kind in fmt.RELATIONS),
                ]
            )
    return out.getvalue()
