"""Command palette (Ctrl+P) entries: jump to any dossier, claim or source by fuzzy name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..search import fold
from . import render

if TYPE_CHECKING:
    from .app import DossierApp


class LibraryCommands(Provider):
    """Dossiers, sources and claims of the library, matched with rapidfuzz."""

    @property
    def dossier_app(self) -> DossierApp:
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, str, object]]:
        """(kind, name, what to do) for everything the palette can jump to."""
        app = self.dossier_app
        library = app.library
        entries: list[tuple[str, str, object]] = []
        for dossier in library.dossiers.values():
            entries.append(("dossier", dossier.title, partial(app.show_dossier, dossier.id)))
        for source in library.sources.values():
            first = next(iter(source.paragraphs.values()), None)
            if first is not None:
                entries.append(("source", source.title, partial(app.open_paragraph, first.ref)))
        for claim in library.claims.values():
            entries.append(("claim", render.one_line(claim.text), partial(app.open_claim, claim.id)))
        return entries

    @staticmethod
    def _display(kind: str, name: str) -> Content:
        return Content.assemble((f"{kind:<8}", "$text-muted"), render.literal(name))

    async def discover(self) -> Hits:
        for kind, name, command in self._entries():
            if kind != "claim":
                yield DiscoveryHit(self._display(kind, name), command, text=f"{kind} {name}")

    async def search(self, query: str) -> Hits:
        entries = self._entries()
        names = [fold(f"{kind} {name}") for kind, name, _ in entries]
        matches = process.extract(
            fold(query), names, scorer=fuzz.partial_ratio, processor=None, limit=30, score_cutoff=70
        )
        for _name, score, index in matches:
            kind, name, command = entries[index]
            yield Hit(score / 100, self._display(kind, name), command, text=f"{kind} {name}")
