"""What an id names in a library, as `dossier show`, `dossier open` and the app read it: a
claim (or an id it had), a paragraph (`source#paragraph`), a source or a dossier."""

from __future__ import annotations

from .model import Claim, Dossier, Library, Paragraph, Source, Version

Shown = Claim | Paragraph | Source | Dossier


def resolve(library: Library, key: str) -> Shown | None:
    """The claim (by its id, or one it had before), paragraph (`source#paragraph`),
    source or dossier named `key`, tried in that order."""
    if "#" in key:
        return library.paragraph(key)
    return library.claim(key) or library.sources.get(key) or library.dossiers.get(key)


def former_paragraph(library: Library, key: str) -> tuple[Paragraph, Version] | None:
    """Where `source#paragraph` names a paragraph the newest version of its source does
    not have: the paragraph as the latest earlier version that had it gave it, and that
    version (a permalink kept)."""
    source_id, _, paragraph_id = key.partition("#")
    source = library.sources.get(source_id)
    if source is None or paragraph_id in source.paragraphs:
        return None
    version = source.version_holding(paragraph_id, None)
    if version is None:
        return None
    return Paragraph(source_id, paragraph_id, version.text(paragraph_id) or "", version.location), version


def every_id(library: Library, key: str) -> list[str]:
    """The ids a mistyped `key` could have meant: paragraph refs for a ref, else the
    ids of claims, sources and dossiers."""
    if "#" in key:
        return [
            f"{source.id}#{paragraph_id}" for source in library.sources.values() for paragraph_id in source.paragraphs
        ]
    return [*library.claims, *library.former_ids, *library.sources, *library.dossiers]
