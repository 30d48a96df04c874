"""The search file written: a library's claims' index as flat arrays and text (its layout
is searchfile.py's to describe, and to read)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..library.model import Library
    from .index import SearchIndex

MAGIC = b"dossier search file\n"
VERSION = 1
LITTLE = sys.byteorder == "little"


class _Sections:
    """The sections of a file being written, and where each lies."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.places: dict[str, tuple[int, int]] = {}
        self.size = 0

    def add(self, name: str, data: bytes) -> str:
        self.places[name] = (self.size, len(data))
        self.parts.append(data)
        padding = -len(data) % 8
        self.parts.append(b"\0" * padding)
        self.size += len(data) + padding
        return name

    def text(self, name: str, items: Iterable[str]) -> dict[str, str]:
        """Strings as UTF-8, each followed by a line break, and where each starts (in
        bytes: a search finds words in the bytes, and decodes only what it reads)."""
        encoded = [item.encode("utf-8") for item in items]
        if any(b"\n" in item for item in encoded):
            raise ValueError(f"{name}: a line break in an item")
        starts = [0]
        for item in encoded:
            starts.append(starts[-1] + len(item) + 1)
        return {
            "text": self.add(f"{name}.text", b"".join(item + b"\n" for item in encoded)),
            "starts": self.add(f"{name}.starts", _array("q", starts)),
        }


def _array(code: str, values) -> bytes:
    from array import array

    found = array(code, values)
    if not LITTLE:
        found.byteswap()
    return found.tobytes()


def _numbers(array_like, code: str) -> bytes:
    """A numpy array's values as little-endian bytes of `code` ('i': int32, 'q': int64)."""
    dtype = {"i": "<i4", "q": "<i8", "B": "u1"}[code]
    return array_like.astype(dtype).tobytes()


def _word_index(sections: _Sections, name: str, index) -> dict:
    vocabulary = index.vocabulary
    by_stem = sorted(zip(index.stems, index.by_stem.tolist(), strict=True))
    return {
        "words": sections.text(f"{name}.words", vocabulary),
        "postings": sections.add(f"{name}.postings", _numbers(index.postings, "i")),
        "offsets": sections.add(f"{name}.offsets", _numbers(index.offsets, "q")),
        "stems": sections.text(f"{name}.stems", [word_stem for word_stem, _ in by_stem]),
        "by_stem": sections.add(f"{name}.by_stem", _array("i", [word_id for _, word_id in by_stem])),
        "initials": {letter: list(span) for letter, span in index.initials.items()},
        "near": index.near,
    }


def _facet(sections: _Sections, name: str, facet) -> dict:
    return {
        "values": sections.text(f"{name}.values", facet.values),
        "entries": sections.add(f"{name}.entries", _numbers(facet.entries, "i")),
        "offsets": sections.add(f"{name}.offsets", _numbers(facet.offsets, "q")),
    }


def file_bytes(library: Library, index: SearchIndex, header: dict, look: dict | None = None) -> bytes:
    """The search file of `library` and its index; `header` says what it was built from,
    and `look`, when given, how a search sees that its files are as they were without
    listing its folders (see `_unchanged`): the folders' times (files.folders_look),
    the files in order and the digest of their stamps (files.stamps_digest)."""
    from ..library.analysis import is_superseded, speakers

    sections = _Sections()
    if look is not None:
        names = [os.fsencode(path) for path in look["files"]]
        if not any(b"\n" in name for name in names):
            files = sections.add("look.files", b"\n".join(names))
            header = {**header, "look": {"folders": look["folders"], "files": files, "digest": look["digest"]}}
    segments = []
    for number, segment in enumerate(index._segments):
        name = f"segment{number}"
        part = segment.part
        segments.append(
            {
                "size": segment.claims,
                "own": _word_index(sections, f"{name}.own", part.words),
                "around": _word_index(sections, f"{name}.around", part.around),
                "facets": {key: _facet(sections, f"{name}.facet.{key}", facet) for key, facet in part.facets.items()},
                "exact": {key: _facet(sections, f"{name}.exact.{key}", facet) for key, facet in segment.exact.items()},
                "sources": sections.add(f"{name}.sources", _numbers(segment.source_counts, "B")),
            }
        )
    claims = index._claims
    entries = len(claims)
    alive = index._alive.tolist() if index._alive is not None else [True] * entries
    order = index._order.tolist() if index._order is not None else range(entries)
    rows = []
    for claim, living in zip(claims, alive, strict=True):
        row = (
            [
                claim.text,
                claim.dossier_id,
                [evidence.at for evidence in claim.evidence],
                claim.speaker,
                claim.status,
                claim.date,
                list(claim.source_ids),
                is_superseded(library, claim),
            ]
            if living
            else None
        )
        rows.append(json.dumps(row, ensure_ascii=False))
    claim_values = library.claims.values()
    header = {
        **header,
        "version": VERSION,
        "claims": len(library.claims),
        "paragraphs": index._paragraph_count,
        "problems": len(library.problems),
        "entries": entries,
        "segments": segments,
        "ids": sections.text("ids", [claim.id for claim in claims]),
        "rows": sections.text("rows", rows),
        "alive": sections.add("alive", bytes(map(bool, alive))),
        "order": sections.add("order", _array("q", order)),
        "glossary": [[list(key), [list(lead) for lead in leads]] for key, leads in index.glossary._leads.items()],
        "named": [list(key) for key in index.glossary.named],
        "dossiers": list(library.dossiers),
        "tags": list(dict.fromkeys(tag for claim in claim_values for tag in claim.tags)),
        "names": sections.text("names", [speaker.name for speaker in speakers(claim_values)]),
        "sections": sections.places,
        "length": sections.size,
    }
    encoded = json.dumps(header, ensure_ascii=False).encode("utf-8")
    lead = MAGIC + len(encoded).to_bytes(8, "little") + encoded
    lead += b"\0" * (-len(lead) % 8)  # the sections start at a multiple of 8 bytes
    return lead + b"".join(sections.parts)
