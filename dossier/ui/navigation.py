"""Where the app is: a claim, a paragraph or a dossier opened from an id, a result or a link;
what the three panes present of it; and the history that b and f walk."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Input

from ..library.lookup import former_paragraph, resolve
from ..library.model import Claim, Dossier, Paragraph, Source
from ..search.query import Filters, parse_query
from ..text.quotes import find_quote
from . import render
from .history import Place
from .sourceview import SourceView
from .widgets import ClaimView, ResultList

EMPTY_LIBRARY = (
    "No claims here yet.\n\n"
    "dossier reads .yaml files of sources (paragraphs of a document) and dossiers "
    "(claims that quote those paragraphs). Start from the bundled library "
    "(run 'dossier' with no path), 'dossier schema' for editors, and the README for the format."
)


class Navigation:
    """Mixed into MainScreen: going to a place and presenting it."""

    def go_to(self, key: str) -> None:
        """Open what `key` names, as `dossier show` reads it: a claim (or an id it had),
        a paragraph, a source (at its first paragraph) or a dossier (its claims listed)."""
        found = resolve(self.library, key)
        if isinstance(found, Claim):
            self.open_claim(found.id, reveal=True)
        elif isinstance(found, Paragraph):
            self.open_paragraph(found.ref)
        elif isinstance(found, Source) and found.paragraphs:
            self.open_paragraph(next(iter(found.paragraphs.values())).ref)
        elif isinstance(found, Dossier):
            self.show_dossier(found.id)
        elif former_paragraph(self.library, key) is not None:
            self.open_paragraph(key)
        else:
            self.notify(f"Nothing here has the id {render.visible(key)}", severity="warning", markup=False)

    def _place_option(self) -> str | None:
        if self.place.paragraph:
            return f"paragraph:{self.place.paragraph}"
        return f"claim:{self.place.claim_id}" if self.place.claim_id else None

    def _go(self, place: Place) -> None:
        if place != self.place:
            self.place = place
            self._present()

    def _present(self) -> None:
        """Show `self.place` in the claim and source panes."""
        if not self.app.screen_stack:  # closing: a pane's last message came after its screen went
            return
        library, place = self.library, self.place
        claim_view, source_view = self.query_one(ClaimView), self.query_one(SourceView)
        paragraph = library.paragraph(place.paragraph) if place.paragraph else None
        # A paragraph a new version removed: as the latest version that had it, read-only.
        former = former_paragraph(library, place.paragraph) if place.paragraph and paragraph is None else None
        claim = library.claims.get(place.claim_id) if place.claim_id else None
        if self.first is not None and claim is not None and not self.first.opens(claim.id):
            claim_view.show_message(
                Content("Reading the library… this claim shows once it is read").stylize("$text-muted")
            )
            source_view.show(library, None, None, None)
        elif paragraph is not None:
            claim_view.show_paragraph(library, paragraph)
            source_view.show(library, paragraph.source_id, paragraph.ref, None)
        elif former is not None:
            kept, version = former
            claim_view.show_paragraph(library, kept)
            source_view.show(library, kept.source_id, kept.ref, None, version)
        elif claim is not None and claim.evidence:
            index = evidence_index(claim, place)
            claim_view.show_claim(library, claim, index, self.results.highlights(claim.text))
            evidence = claim.evidence[index]
            earlier = None
            source = library.sources.get(evidence.source_id)
            if not evidence.anchored and source is not None and source.versions:
                # A new version has its words no more: the version they were quoted from.
                earlier = source.version_holding(evidence.paragraph_id, evidence.quote)
            span = evidence.quote_span
            if earlier is not None and evidence.quote:
                span = find_quote(earlier.text(evidence.paragraph_id), evidence.quote)
            source_view.show(library, evidence.source_id, evidence.at, span, earlier)
        else:
            message = EMPTY_LIBRARY if not library.claims else "No claim matches. Esc in the list clears the query."
            claim_view.show_message(Content(message).stylize("$text-muted"))
            source_view.show(library, None, None, None)

    def _visit(self, place: Place) -> None:
        self.history.visit(self.place)
        self.history.visit(place)
        self._go(place)
        self.query_one(ResultList).highlight(self._place_option(), fallback=False)

    def open_claim(self, claim_id: str, evidence: int = 0, at: str | None = None, reveal: bool = False) -> None:
        """Show a claim (by its id or a former one), at its piece of `evidence`, or at the
        first that cites paragraph `at`. With `reveal` (a jump from the palette, a view or
        the command line), a claim the list does not hold is listed: the query that left
        it out is cleared."""
        claim = self.library.claim(claim_id)
        if claim is None:
            return
        if at is not None:
            evidence = next((n for n, item in enumerate(claim.evidence) if item.at == at), evidence)
        if reveal:
            self._list_too(f"claim:{claim.id}", claim)
        self._visit(Place(claim_id=claim.id, evidence=evidence))
        self.query_one(ClaimView).focus()

    def _list_too(self, option_id: str, claim: Claim | None = None) -> None:
        """Clear the query, and the filters if they leave the claim out, when the list does
        not show `option_id`: the list and the panes must not disagree."""
        if any(f"{hit.kind}:{hit.key}" == option_id for hit in self.results.hits[: self.listed]):
            return
        if claim is not None and self.filters and not self.filters.admits(claim):
            self.filters = Filters()
        if self.query_one("#query", Input).value:
            self._clear_query_for_it()

    def _let_list(self, claim: Claim) -> None:
        """Before the search of a library just written: clear the filters and the query
        where they would leave out the claim written (they are looked at here, not in the
        list, which is still the search's of the library before)."""
        if self.filters and not self.filters.admits(claim):
            self.filters = Filters()
        text = self.query_one("#query", Input).value
        if text:
            hits = self.index.search(parse_query(text), self.scope, self.filters, self.order).hits
            if not any(hit.kind == "claim" and hit.key == claim.id for hit in hits[: ResultList.MAX_ROWS]):
                self._clear_query_for_it()

    def _clear_query_for_it(self) -> None:
        self._keep_place = True
        self.query_one("#query", Input).value = ""
        self.notify("The query is cleared: it did not list what you opened", timeout=3)

    def open_paragraph(self, ref: str) -> None:
        if self.library.paragraph(ref) is not None or former_paragraph(self.library, ref) is not None:
            self._visit(Place(paragraph=ref))
            self.query_one(SourceView).focus()

    def show_dossier(self, dossier_id: str) -> None:
        """List one dossier's claims (a filter, shown above the list)."""
        self.filter_by("dossier", dossier_id)

    def action_evidence(self, step: int) -> None:
        claim = self.library.claims.get(self.place.claim_id or "")
        if claim is None or self.place.paragraph or not claim.evidence:
            self.app.bell()
            return
        evidence = (self.place.evidence + step) % len(claim.evidence)
        self._go(Place(claim_id=claim.id, evidence=evidence))
        self.notify(f"Evidence {evidence + 1} of {len(claim.evidence)}", timeout=1.5)

    def action_back(self) -> None:
        place = self.history.back(self.place)
        self._return_to(place, "Nothing to go back to")

    def action_forward(self) -> None:
        self._return_to(self.history.forward(), "Nothing to go forward to")

    def _return_to(self, place: Place | None, otherwise: str) -> None:
        if place is None:
            self.notify(otherwise, timeout=2)
            return
        self._go(place)
        self.query_one(ResultList).highlight(self._place_option(), fallback=False)


def evidence_index(claim: Claim, place: Place) -> int:
    """The piece of evidence `place` shows: its own, or the claim's last if the claim has
    fewer since the library reloaded."""
    return min(place.evidence, len(claim.evidence) - 1)
