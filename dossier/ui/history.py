"""Where the reader has been: claims and paragraphs visited, for back and forward."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """What the claim and source panes show."""

    claim_id: str | None = None
    evidence: int = 0  # which piece of the claim's evidence the source pane shows
    paragraph: str | None = None  # a paragraph shown for itself (a search hit, its backlinks)


class History:
    """Places visited, in order, with a cursor that back and forward move (as in a browser)."""

    def __init__(self) -> None:
        self._places: list[Place] = []
        self._index = -1

    def visit(self, place: Place) -> None:
        if self._index >= 0 and self._places[self._index] == place:
            return
        del self._places[self._index + 1 :]  # a new visit forgets the places gone back from
        self._places.append(place)
        self._index = len(self._places) - 1

    def back(self, current: Place) -> Place | None:
        """The place before `current`; going back from a place not yet recorded records it."""
        if self._index >= 0 and self._places[self._index] != current:
            self.visit(current)
        if self._index <= 0:
            return None
        self._index -= 1
        return self._places[self._index]

    def forward(self) -> Place | None:
        if self._index + 1 >= len(self._places):
            return None
        self._index += 1
        return self._places[self._index]
