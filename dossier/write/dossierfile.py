"""A dossier file as a writer reads it: its bytes, its text and line endings, its nodes,
and where each claim and piece of evidence lies in it, read fresh from disk."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

from ..library.model import Library
from ..library.problems import DossierError, ReadProblem
from ..store.files import decode_text, read_bytes
from ..store.loader import file_stamp
from ..store.yamlnodes import Mapping, Scalar, Sequence, compose
from .splicing import (
    Splice,
    StyleRefused,
    append_item,
    dash_column,
    edited_entries,
    item_end,
    item_lines,
    lines,
    nested_step,
    removed_item,
    spliced,
)
from .writing import ChangedOnDisk

BOM = "\ufeff".encode()


@dataclass(frozen=True)
class DossierFile:
    """A dossier file as it is on disk, and as YAML nodes that say where each value is."""

    path: str
    before: bytes
    text: str  # without a byte-order mark; a file's lone carriage returns as line feeds
    newline: str
    root: Mapping
    cr_only: bool = False  # its lines end in carriage returns alone (classic Mac OS)

    @classmethod
    def read(cls, library: Library, path: str) -> DossierFile:
        """Refused if it is not as the library read it."""
        stamp = library.read_files.get(path, (None,))[0]
        try:
            status = os.stat(path)
            data = read_bytes(path)
            text = decode_text(data)
        except (OSError, ReadProblem) as error:
            raise DossierError(f"{path}: cannot read: {getattr(error, 'message', error)}") from None
        if stamp is not None and stamp != file_stamp(status):
            raise ChangedOnDisk(path, "changed on disk since it was loaded; nothing written")
        cr_only = "\r" in text and "\n" not in text
        if cr_only:  # as YAML reads them; written back as they were (see _checked)
            text = text.replace("\r", "\n")
        try:
            root, _ = compose(text)
        except ReadProblem as problem:
            raise DossierError(str(problem.at(path))) from None
        if not isinstance(root, Mapping):
            raise DossierError(f"{path}: not a dossier")
        return cls(path, data, text, "\r\n" if "\r\n" in text else "\n", root, cr_only)

    @property
    def claims(self) -> Sequence | None:
        found = self.root.get("claims")
        return found if isinstance(found, Sequence) else None

    def appended(
        self, parent: Mapping, items: Sequence, fields: dict, outer: tuple[Mapping, Sequence] | None = None
    ) -> tuple[str, tuple[int, int, int], int]:
        """The text with `fields` as a new last item of `items` (see append_item); where:
        the first line written (from 1), none there before, how many lines now; and the
        item's first line."""
        split = self.text.split("\n")
        with self._refusing():
            written = item_lines(fields, dash_column(split, items), nested_step(split, items))
            new_text, line, spaced = append_item(split, parent, items, written, self.newline, outer)
        return new_text, (line - spaced, 0, len(written) + spaced), line

    @property
    def lines(self) -> list[str]:
        return lines(self.text)

    def edited(
        self, mapping: Mapping, end: int, changes: dict[str, object], order: tuple[str, ...]
    ) -> tuple[str, tuple[int, int, int]]:
        """The text with `mapping`'s keys given the values in `changes` (see edited_entries)."""
        with self._refusing():
            return self._spliced(edited_entries(self.lines, mapping, end, changes, order))

    def removed(self, items: Sequence, index: int, end: int) -> tuple[str, tuple[int, int, int]]:
        """The text without item `index` of `items` (see removed_item)."""
        with self._refusing():
            return self._spliced([removed_item(self.lines, items, index, end)])

    def _spliced(self, splices: list[Splice]) -> tuple[str, tuple[int, int, int]]:
        if not splices:
            raise DossierError(f"{self.path}: nothing to change")
        return spliced(self.text, splices, self.newline)

    @contextlib.contextmanager
    def _refusing(self) -> Iterator[None]:
        """What the file's way of writing YAML leaves no room for, named at its line."""
        try:
            yield
        except StyleRefused as refused:
            raise DossierError(f"{self.path}:{refused.line}: {refused.message}; nothing written") from None

    def claim(self, claim_id: str) -> tuple[int, Mapping]:
        """The claim's place in the list of claims, and its item."""
        for index, item in enumerate(self.claims.items if self.claims is not None else ()):
            if isinstance(item, Mapping):
                found = item.get("id")
                if isinstance(found, Scalar) and found.value == claim_id:
                    return index, item
        raise DossierError(f"{self.path}: claim {claim_id} is not in its list of claims")

    def claim_end(self, index: int) -> int:
        with self._refusing():
            return item_end(self.lines, self.root, self.claims, index)

    def evidence(self, claim_id: str, index: int | None = None) -> tuple[Mapping, Sequence, int]:
        """The claim's item, its evidence, and where piece `index` ends (an index of lines)."""
        _, item = self.claim(claim_id)
        pieces = item.get("evidence")
        if not isinstance(pieces, Sequence) or not pieces.items:
            raise DossierError(f"{self.path}: the evidence of claim {claim_id} is not a list")
        if index is None:
            return item, pieces, 0
        if not 0 <= index < len(pieces.items) or not isinstance(pieces.items[index], Mapping):
            raise DossierError(f"{self.path}: claim {claim_id} has no piece of evidence {index + 1}")
        with self._refusing():
            return item, pieces, item_end(self.lines, item, pieces, index, (self.root, self.claims))
