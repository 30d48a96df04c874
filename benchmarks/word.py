"""Word documents made PDFs, as a reader who gets a report as .docx keeps it: docling's .docx
tests (`--word DIR`, DIR its `tests/data/docx` folder: `git clone
https://github.com/docling-project/docling`), each exported to PDF by LibreOffice, headless
(apt-get install libreoffice-writer-nogui), read by `dossier import` and by each PDF library
alone, against docling's reading of the .docx itself (`groundtruth/*.docx.md`): its
paragraphs, headings and list items as the document's XML holds them, each what its writer
typed as one, not a layout model's guess. Emphasis and links' marks are left out, and its
tables, pictures and formulas, as for docling's PDFs.

    python -m benchmarks.importing --word DIR
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .importing import _measure_pdf_set, docling_paragraphs, unmarked_pdf_systems
from .typeset import exported_file

# Markdown's marks that docling writes for a run's formatting: a link's address, bold,
# italic, struck through.
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)")


def documents(folder: Path) -> list[tuple[str, bytes, list[str]]]:
    """(name, PDF, paragraphs as the .docx holds them) of each document docling reads."""
    pairs = [
        (source, folder / "groundtruth" / f"{source.name}.md") for source in sorted((folder / "sources").glob("*.docx"))
    ]
    pairs = [(source, markdown) for source, markdown in pairs if markdown.is_file()]
    with ThreadPoolExecutor(4) as pool:
        pdfs = list(pool.map(lambda pair: exported_file(pair[0]), pairs))
    found = []
    for (source, markdown), pdf in zip(pairs, pdfs, strict=True):
        plain = _EMPHASIS.sub("", _LINK.sub(r"\1", markdown.read_text("utf-8")))
        if paragraphs := docling_paragraphs(plain):
            found.append((source.stem, pdf, paragraphs))
    return found


def measure_word(folder: Path) -> None:
    found = documents(folder)
    _measure_pdf_set(
        f"PDFs: docling's {len(found)} Word documents, exported by LibreOffice, against the documents' own paragraphs",
        unmarked_pdf_systems(),
        [("Word documents", pdf, paragraphs) for _, pdf, paragraphs in found],
    )
