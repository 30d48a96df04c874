"""Command palette (Ctrl+P) entries: jump to any dossier, claim or source by fuzzy name.

Matching is the app's own search (every word must match, fuzzily), not Textual's
matcher, which is slow on large libraries and reads names as markup."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..search import fold, parse_query, rank
from . import render

if TYPE_CHECKING:
    from .app import DossierApp

MAX_CLAIMS = 20


class LibraryCommands(Provider):
    """Dossiers, sources and claims of the library."""

    @property
    def dossier_app(self) -> DossierApp:
        return self.app  # type: ignore[return-value]

    def _named(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(kind, name, what to do) for the dossiers and sources."""
        app = self.dossier_app
        entries: list[tuple[str, str, Callable[[], None]]] = [
            ("dossier", dossier.title, partial(app.show_dossier, dossier.id))
            for dossier in app.library.dossiers.values()
        ]
        for source in app.library.sources.values():
            first = next(iter(source.paragraphs.values()), None)
            if first is not None:
                entries.append(("source", source.title, partial(app.open_paragraph, first.ref)))
        return entries

    @staticmethod
    def _display(kind: str, name: str) -> Content:
        return Content.assemble((f"{kind:<8}", "$text-muted"), render.literal(render.one_line(name)))

    async def discover(self) -> Hits:
        for kind, name, command in self._named():
            yield DiscoveryHit(self._display(kind, name), command, text=f"{kind} {name}")

    async def search(self, query: str) -> Hits:
        parsed = parse_query(query)
        if not parsed:
            return
        best = 125 * max(1, sum(term.fuzzy for term in parsed.terms))  # a perfect score, for 0..1
        named = self._named()
        for index, score in rank(parsed, [fold(f"{kind} {name}") for kind, name, _ in named]):
            kind, name, command = named[index]
            yield Hit(min(score / best, 1.0), self._display(kind, name), command, text=f"{kind} {name}")
        app = self.dossier_app
        for hit in app.index.search(parsed).hits[:MAX_CLAIMS]:
            claim = app.library.claims[hit.key]
            command = partial(app.open_claim, claim.id)
            yield Hit(min(hit.score / best, 1.0), self._display("claim", claim.text), command, text=claim.text)
