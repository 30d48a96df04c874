"""The app's writing: claims and evidence made from words selected in a source, a claim's
fields changed, a claim, a piece of evidence or a relation removed, a quote re-attached,
and undo. The data core (write/authoring.py) makes and checks each change; this has the live
library write it (session/live.py), reads its file again and shows what was written."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.content import Content

from ..env.discovery import DEMO_READ_ONLY
from ..library.model import Claim
from ..library.problems import DossierError
from ..store.files import bundled_is_installed
from ..text.textsafe import visible
from ..write.authoring import (
    Change,
    claim_edited,
    claim_removed,
    evidence_reattached,
    evidence_removed,
    reattachment,
)
from ..write.writing import ChangedOnDisk
from . import render
from .forms import ClaimForm, ClaimPicker, ConfirmScreen, Quoted, Writing
from .widgets import ClaimView, EvidenceRow, RelatedRow


class Authoring:
    """Mixed into MainScreen: its actions that write."""

    async def quote_chosen(self, ref: str, quote: str, as_evidence: bool) -> None:
        """The source pane's words of paragraph `ref` chosen to quote: a new claim's form, or
        (`as_evidence`) the claim to add them to."""
        if self._still_reading() or not self._writable():
            return
        quoted = Quoted(ref, quote)
        if as_evidence:
            await self.app.open_screen(ClaimPicker(self._writing(), quoted))
        else:
            claim = self.library.claims.get(self.place.claim_id or "")
            dossier_id = claim.dossier_id if claim else None
            await self.app.open_screen(ClaimForm(self._writing(), quoted, dossier_id, paths=self.paths))

    def _writing(self, **where) -> Writing:
        """What a dialog that writes is given: the library as it is when it saves, and the
        save (`where`: which claim and piece of evidence to show once written)."""
        return Writing(lambda: self.library, lambda: self.index, partial(self._save_change, **where))

    def _claim_shown(self) -> Claim | None:
        """The claim the claim pane shows, if it shows one (not a paragraph's backlinks)."""
        if self.place.paragraph:
            return None
        return self.library.claims.get(self.place.claim_id or "")

    def _writable(self, claim: Claim | None = None, needs_claim: bool = False) -> bool:
        if needs_claim and claim is None:
            self.notify("Open a claim first", timeout=2)
            return False
        if self.demo and bundled_is_installed():
            self.notify(DEMO_READ_ONLY[0].upper() + DEMO_READ_ONLY[1:], title="Cannot edit", severity="warning")
            return False
        return True

    def action_change_claim(self) -> None:
        claim = self._claim_shown()
        if self._still_reading() or not self._writable(claim, needs_claim=True):
            return
        self.app.push_screen(
            ClaimForm(self._writing(evidence=self.place.evidence), None, claim.dossier_id, editing=claim)
        )

    def action_remove_claim(self) -> None:
        claim = self._claim_shown()
        if self._still_reading() or not self._writable(claim, needs_claim=True):
            return
        question = Content.assemble(
            "Remove claim ", (visible(claim.id), "bold"), " from its dossier?\n\n",
            (visible(render.one_line(claim.text)), "italic"),
        )  # fmt: skip
        self._confirmed("Remove the claim", question, lambda: claim_removed(self.library, claim.id))

    def action_remove_item(self) -> None:
        """Remove what the claim pane has highlighted: a piece of evidence, or a relation
        (from the claim that names the other)."""
        claim = self._claim_shown()
        if self._still_reading() or not self._writable(claim, needs_claim=True):
            return
        row = self.query_one(ClaimView).highlighted_row
        if isinstance(row, EvidenceRow):
            index = row.index
            piece = claim.evidence[index]
            question = Content.assemble(
                f"Remove piece {index + 1} of the evidence of ", (visible(claim.id), "bold"), "?\n\n",
                (visible(piece.at), "bold"), "  ", (visible(render.one_line(piece.quote or "")), "italic"),
            )  # fmt: skip
            make = partial(evidence_removed, self.library, claim.id, index)
            self._confirmed("Remove the evidence", question, make, evidence=max(index - 1, 0))
        elif isinstance(row, RelatedRow):
            relation, direction, other = row.kind, row.direction, row.claim_id
            named_by, named = (other, claim.id) if direction == "in" else (claim.id, other)
            left = [target for target in self.library.claims[named_by].targets(relation) if target != named]
            question = Content.assemble(
                "Take out the relation ", (visible(f"{named_by} {relation} {named}"), "bold"),
                f"?\n\nIt is written in claim {visible(named_by)}.",
            )  # fmt: skip
            make = partial(claim_edited, self.library, named_by, {relation: tuple(left)})
            self._confirmed("Remove the relation", question, make, claim_id=claim.id)
        else:
            self.notify("Highlight a piece of evidence or a relation in the claim pane to remove it", timeout=3)

    def action_reattach(self) -> None:
        """Point the highlighted piece of evidence, whose quote its paragraph no longer
        has, at the passage closest to it: only when the reader asks."""
        claim = self._claim_shown()
        if self._still_reading() or not self._writable(claim, needs_claim=True):
            return
        index = self.query_one(ClaimView).evidence_index
        found = reattachment(self.library, claim.evidence[index]) if index is not None else None
        if found is None:
            self.notify("Highlight a piece of evidence whose quote is not found, to re-attach it", timeout=3)
            return
        self._attempt(partial(evidence_reattached, self.library, claim.id, index, found.at, found.quote), index)

    def _confirmed(self, title: str, question: Content, make: Callable[[], Change], **where) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._attempt(make, **where)

        self.app.push_screen(ConfirmScreen(title, question), answered)

    def _attempt(self, make: Callable[[], Change], evidence: int = 0, claim_id: str | None = None) -> None:
        try:
            self._save_change(make, evidence=evidence, claim_id=claim_id)
        except DossierError as error:
            self.notify(str(error), title="Not written", severity="error", markup=False)

    def _save_change(
        self, make: Callable[[], Change], evidence: int | None = None, claim_id: str | None = None
    ) -> Change:
        """Make a change from the library as it is now, and write it; then read its file
        again and show the claim it wrote (at piece `evidence`; by default, a piece added).
        Raises DossierError, nothing written: a file changed on disk is read again first."""
        try:
            change = make()
            self.live.write(change)
        except ChangedOnDisk:
            self.reload(True)  # the file as it is now
            raise
        shown = claim_id or change.claim_id
        claim = self.library.claims.get(shown)
        self._open_after = (shown, evidence if evidence is not None else len(claim.evidence) if claim else 0)
        where = render.visible(change.where)
        self.notify(f"Wrote {change.what} at {where} · u undoes it", title="Written", timeout=6, markup=False)
        self.reload(True)
        return change

    def _read_again(self, path: str) -> None:
        """`path` was written (by a change, by the importer): read it again."""
        self.live.wrote(path)
        self.reload(True)

    def action_undo(self) -> None:
        try:
            change = self.live.undo()
        except DossierError as error:
            self.notify(str(error), title="Not undone", severity="error", markup=False)
            return
        if change is None:
            self.notify("Nothing written in this session to undo", timeout=3)
            return
        self.notify(f"Undone: {change.what} ({render.visible(change.path)} as it was)", timeout=4, markup=False)
        self.reload(True)
