"""What the source pane does besides showing the source: less-style find (Ctrl+F, n and N), and
words selected to quote, vim's visual mode by words (v, w, b, o, 0, $), or with the mouse."""

from __future__ import annotations

from textual import on
from textual.containers import Vertical
from textual.geometry import Offset
from textual.selection import Selection as TextSelection
from textual.widget import Widget
from textual.widgets import Input

from ..search.results import find_all
from ..text.selection import Selection


class FindAndSelect(Vertical):
    """The source pane's find and selection; its display is SourceView's (sourceview.py),
    whose state (paragraphs, cursor, finds, selection) they share."""

    def action_find(self) -> None:
        self._find_origin = self.cursor  # where a find that finds nothing leaves the cursor
        find = self.query_one("#find-input", Input)
        find.display = True
        find.value = self.find_text
        # At once, not when the app is next idle (as focus() does): the keys typed right
        # after ^f are the find's, not the pane's ("e" would open the editor).
        self.screen.set_focus(find)

    def _find_matches(self, text: str) -> list[tuple[int, int, int]]:
        return [
            (index, start, end)
            for index, paragraph in enumerate(self.paragraphs)
            for start, end in find_all(text, paragraph.text)
        ]

    @on(Input.Changed, "#find-input")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find_text = event.value
        self.finds = self._find_matches(event.value)
        self.current_find = None
        self._step_find(1, from_cursor=True)

    @on(Input.Submitted, "#find-input")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_find()

    def _close_find(self) -> None:
        find = self.query_one("#find-input", Input)
        find.display = False
        self.focus()

    def _earlier_refused(self) -> bool:
        """An earlier version is shown: its words are read, not quoted anew."""
        if self.earlier is None:
            return False
        self.notify(f"This is version {self.earlier.number}, as it was quoted: quote from the newest", timeout=3)
        return True

    def action_select(self) -> None:
        if self._earlier_refused():
            return
        paragraph = self.cursor_paragraph
        if self.selection is not None or paragraph is None:
            self._select(None)
            return
        self._select(Selection.at_first_word(paragraph.text))
        if self.selection is None:
            self.notify("This paragraph has no words to select", severity="warning", timeout=3)

    def action_select_words(self, step: int) -> None:
        self._select(self.selection.moved(step))

    def action_swap_ends(self) -> None:
        self._select(self.selection.swapped())

    def action_sentence_edge(self, forward: bool) -> None:
        self._select(self.selection.to_sentence_edge(forward))

    def take_mouse_selection(self, selections: dict[Widget, TextSelection]) -> None:
        """Words dragged over with the mouse (Textual's selection), made the selection to
        quote: whole words, in the first paragraph dragged over (a quote stays inside one)."""
        dragged = [(view, selections[view]) for view in self.views if view in selections]
        if not dragged or self._earlier_refused():
            return
        view, chosen = dragged[0]
        paragraph = self.paragraphs[view.index]
        lines = str(view.content).split("\n")  # its label, then the paragraph's text
        body = len(lines[0]) + 1

        def offset(at: Offset | None, otherwise: int) -> int:
            if at is None:
                return otherwise
            return sum(len(line) + 1 for line in lines[: at.y]) + at.x - body

        start, end = offset(chosen.start, 0), offset(chosen.end, len(paragraph.text))
        if len(dragged) > 1:
            end = len(paragraph.text)
            self.notify(f"A quote stays inside one paragraph: the selection ends with {paragraph.id}", timeout=3)
        selection = Selection.spanning(paragraph.text, max(start, 0), end)
        self.screen.clear_selection()  # the words are marked as the keys mark them
        if selection is None:
            return
        self.focus()
        self.action_move_to(view.index)
        self._select(selection)

    async def action_quote(self, as_evidence: bool) -> None:
        # The screen opens the form at once (not when a message reaches it): the keys typed
        # right after `a` are the form's, not this pane's ("e" would open the editor).
        await self.screen.quote_chosen(self.cursor_paragraph.ref, self.selection.quote, as_evidence)

    def _select(self, selection: Selection | None) -> None:
        self.selection = selection
        self._refresh_paragraphs()
        self.refresh_bindings()

    def action_clear_find(self) -> None:
        self.find_text = ""
        self.finds = []
        self.current_find = None
        self._close_find()
        self._refresh_paragraphs()

    def action_next_find(self, step: int) -> None:
        if not self.find_text:
            self.notify("Nothing to find yet: press / and type", severity="warning", timeout=3)
            return
        self._step_find(step)

    def _step_find(self, step: int, from_cursor: bool = False) -> None:
        if not self.finds:  # back where the find started, not on the last partial match
            if from_cursor and self.cursor != self._find_origin and self.paragraphs:
                self.action_move_to(min(self._find_origin, len(self.paragraphs) - 1))
            self._refresh_paragraphs()
            return
        if from_cursor or self.current_find is None:
            # The first match at or after the cursor (or before it, going back).
            ahead = [n for n, (index, _, _) in enumerate(self.finds) if index >= self.cursor]
            if step > 0:
                self.current_find = ahead[0] if ahead else 0
            else:
                behind = [n for n, (index, _, _) in enumerate(self.finds) if index <= self.cursor]
                self.current_find = behind[-1] if behind else len(self.finds) - 1
        else:
            self.current_find = (self.current_find + step) % len(self.finds)
        self.cursor = self.finds[self.current_find][0]
        self._refresh_paragraphs()
        self._scroll_to_cursor(center=True)
