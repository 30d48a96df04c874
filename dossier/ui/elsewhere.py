"""What the app hands to the world outside it: a citation copied (to the clipboard, else tmux's
buffer, else a file), a file opened at its line in the reader's editor, and the library's
problems listed to jump to."""

from __future__ import annotations

import subprocess
import sys

from textual import work

from ..env import clipboard
from ..env.editor import editor_command
from ..library.citation import claim_citation, paragraph_citation
from ..library.model import Location
from ..library.problems import DossierError, Problem
from . import render
from .navigation import evidence_index
from .screens import ProblemsScreen
from .sourceview import SourceView
from .widgets import ClaimView


class Elsewhere:
    """Mixed into MainScreen: copying, the editor, the problems list."""

    def _focused_target(self) -> tuple[str, Location] | None:
        """What `y` and `e` act on: (citation, where it is written)."""
        library, place = self.library, self.place
        source_view = self.query_one(SourceView)
        if self.focused is source_view and source_view.cursor_paragraph is not None:
            paragraph = source_view.cursor_paragraph
            return paragraph_citation(library, paragraph), paragraph.location
        paragraph = library.paragraph(place.paragraph) if place.paragraph else None
        if paragraph is not None:
            return paragraph_citation(library, paragraph), paragraph.location
        claim = library.claims.get(place.claim_id or "")
        if claim is None:
            return None
        evidence = claim.evidence[evidence_index(claim, place)] if claim.evidence else None
        claim_view = self.query_one(ClaimView)
        on_evidence = self.focused is claim_view and claim_view.evidence_index is not None
        location = evidence.location if evidence and on_evidence else claim.location
        return claim_citation(library, claim, evidence), location

    def action_copy(self) -> None:
        target = self._focused_target()
        if target is None:
            self.app.bell()
            return
        self.app.copy_to_clipboard(target[0])  # OSC 52, which the terminal may or may not take
        self._copy_elsewhere(target[0])

    @work(thread=True, group="copy")
    def _copy_elsewhere(self, text: str) -> None:
        """tmux's buffer and the system's clipboard tool: they take a moment, off the screen's thread."""
        copied = clipboard.copy(text)
        message = f"{copied.describe()}:\n{render.visible(text)}"
        severity = "information" if copied.reached else "warning"
        self.app.call_from_thread(self.notify, message, title="Copy", severity=severity, timeout=6, markup=False)

    def action_edit(self) -> None:
        target = self._focused_target()
        if target is None:
            return
        if self._writable():
            self.edit(target[1])

    def edit(self, location: Location | Problem) -> None:
        """Open `location` in $EDITOR, then load the library again."""
        try:
            command = editor_command(location.path, location.line, location.column, configured=self.app.config.editor)
        except DossierError as error:
            self.notify(str(error), title="Cannot edit", severity="error", markup=False)
            return
        if self.app.is_headless:  # under test: there is no terminal to hand over
            failure = _run_editor(command)
        else:
            with self.app.suspend():
                failure = _run_editor(command)  # never raises: the app must come back
        if failure:
            self.notify(failure, title="Cannot edit", severity="error", markup=False)
        self.reload()

    def action_problems(self) -> None:
        if self._still_reading():
            return
        if not self.library.problems:
            self.notify("No problems: every file loaded cleanly", timeout=2)
            return

        def chosen(problem: Problem | None) -> None:
            if problem is not None:
                self.edit(problem)

        self.app.push_screen(ProblemsScreen(self.library.problems, self.library.kept), chosen)


def _run_editor(command: list[str]) -> str | None:
    """Run the editor; what went wrong, if anything."""
    try:
        subprocess.run(command, check=False, stdin=None if sys.stdin.isatty() else subprocess.DEVNULL)
    except OSError as error:
        return f"cannot run {command[0]}: {error.strerror or error}"
    return None
