"""Command palette (Ctrl+P) entries: open a view, filter or sort the claims, jump to any
dossier, claim or source by fuzzy name or id, and, last, under `app`, Textual's own
commands (theme, screenshot, maximize, quit).

Matching is the app's own search (every word must match, fuzzily), not Textual's
matcher, which is slow on large libraries and reads names as markup."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..library.analysis import speakers
from ..library.choices import Order
from ..library.format import STATUSES
from ..search.index import rank
from ..search.matching import WHOLE
from ..search.query import parse_query
from ..text.terms import fold
from . import render

if TYPE_CHECKING:
    from .main import MainScreen

MAX_CLAIMS = 20


class LibraryCommands(Provider):
    """Dossiers, sources and claims of the library."""

    @property
    def main(self) -> MainScreen:
        return self.app.main  # type: ignore[attr-defined]

    def _named(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(kind, name, what to do) for the views, filters and sorts, then the dossiers,
        sources, speakers, tags and statuses of the library."""
        main = self.main
        library = main.library
        entries: list[tuple[str, str, Callable[[], None]]] = [
            ("view", "Figures side by side, by what they count (#)", partial(main.action_view, "figures")),
            ("view", "Timeline: claims by date (t)", partial(main.action_view, "timeline")),
            ("view", "Speakers and relays (s)", partial(main.action_view, "speakers")),
            ("view", "Relations: updates, contradicts, supports (r)", partial(main.action_view, "relations")),
            ("view", "Glossary: the words search takes for one another (=)", partial(main.action_view, "glossary")),
            ("filter", "Claims that rest on one source only (1)", main.action_single_source),
            ("filter", "Choose a filter: dossier, status, tag, speaker (F)", main.action_filter_menu),
            ("filter", "Clear every filter and the sort (x)", main.action_clear_filters),
        ]
        entries += [("sort", f"Claims, {order.label} (o)", partial(main.set_order, order)) for order in Order]
        entries += [
            ("dossier", f"{dossier.title} · {dossier.id}", partial(main.show_dossier, dossier.id))
            for dossier in library.dossiers.values()
        ]
        for source in library.sources.values():
            first = next(iter(source.paragraphs.values()), None)
            if first is not None:
                name = " · ".join(part for part in (source.title, source.id, source.publisher) if part)
                entries.append(("source", name, partial(main.open_paragraph, first.ref)))
        claims = list(library.claims.values())
        entries += [("speaker", s.name, partial(main.filter_by, "speaker", s.name)) for s in speakers(claims)]
        tags = dict.fromkeys(tag for claim in claims for tag in claim.tags)
        entries += [("tag", tag, partial(main.filter_by, "tag", tag)) for tag in sorted(tags)]
        statuses = {claim.status for claim in claims}
        entries += [("status", s, partial(main.filter_by, "status", s)) for s in STATUSES if s in statuses]
        entries += [
            ("app", f"{command.title}: {command.help}", command.callback)
            for command in self.app.get_system_commands(self.screen)
            if command.discover
        ]
        return entries

    @staticmethod
    def _display(kind: str, name: str) -> Content:
        return Content.assemble((f"{kind:<8}", "$text-muted"), render.literal(render.one_line(name)))

    async def discover(self) -> Hits:
        for kind, name, command in self._named():
            if kind in ("speaker", "tag", "status"):
                continue  # found by typing; too many to list before
            yield DiscoveryHit(self._display(kind, name), command, text=f"{kind} {name}")

    async def search(self, query: str) -> Hits:
        parsed = parse_query(query)
        if not parsed:
            return
        main = self.main
        results = main.index.search(parsed)
        words = max(1, results.words)
        best = WHOLE * words  # a perfect score, for 0..1
        named = self._named()
        found = rank(parsed, [(fold(f"{kind} {name}"), "") for kind, name, _ in named], main.index.glossary)
        for index, score, held in found:
            if held >= words:  # a jump by name: every word, as in the search box's first rows
                kind, name, command = named[index]
                yield Hit(min(score / best, 1.0), self._display(kind, name), command, text=f"{kind} {name}")
        for hit in results.hits[:MAX_CLAIMS]:
            if hit.words < results.words:
                break  # the rest hold fewer words
            claim = main.library.claims[hit.key]
            command = partial(main.open_claim, claim.id, reveal=True)
            display = Content.assemble((f"{'claim':<8}", "$text-muted"), render.claim_line(main.library, claim))
            yield Hit(min(hit.score / best, 1.0), display, command, text=claim.text)
