"""Hard-wrapped plain text, as e-mail, `fmt` and text dumps write it, read by `dossier
import`: real articles' paragraphs (ScrapingHub's expected texts, `--wrapped DIR`, DIR its
clone) wrapped at 60, 72 and 80 columns, with a blank line between paragraphs and with
none; and unwrapped, a paragraph a line (a wire copy). For each: the share of the true
paragraphs that come out whole, beside what a reader that splits only at blank lines (or,
with none, at every line) gives.

    python -m benchmarks.importing --wrapped DIR
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

_BLANK_LINE = re.compile(r"\n\s*\n")


def articles(folder: Path) -> list[list[str]]:
    """Each article's paragraphs, white space collapsed."""
    truths = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    return [
        [" ".join(line.split()) for line in item["articleBody"].split("\n") if line.strip()] for item in truths.values()
    ]


def naive(text: str) -> list[str]:
    """Paragraphs at blank lines; with none, a line each."""
    if not _BLANK_LINE.search(text.strip()):
        return [line for line in text.split("\n") if line.strip()]
    return [" ".join(block.split()) for block in _BLANK_LINE.split(text) if block.strip()]


def measure_wrapped(folder: Path) -> None:
    from dossier.sources.plain import text_paragraphs

    found = articles(folder)
    total = sum(map(len, found))
    readers = {"dossier import": text_paragraphs, "blank lines, else lines": naive}
    print(f"\nPlain text: {len(found)} articles, {total:,} paragraphs, paragraphs whole")
    print(f"{'':34}" + "".join(f"{name:>26}" for name in readers))
    layouts = [(f"wrapped at {width}, {apart}", width, gap) for width in (60, 72, 80)
               for apart, gap in (("blank lines", "\n\n"), ("no blank line", "\n"))]  # fmt: skip
    indented = ("wrapped at 72, set in, no blank line", 72, "\n")
    for label, width, gap in [*layouts, indented, ("a paragraph a line", None, "\n")]:
        row = f"{label:34}"
        first = "    " if "set in" in label else ""  # each paragraph's first line indented
        for read in readers.values():
            whole = 0
            for paragraphs in found:
                text = gap.join(
                    textwrap.fill(p, width, initial_indent=first, break_on_hyphens=False) if width else p
                    for p in paragraphs
                )
                got = {" ".join(paragraph.split()) for paragraph in read(text + "\n")}
                whole += sum(paragraph in got for paragraph in paragraphs)
            row += f"{whole / total:26.1%}"
        print(row)
