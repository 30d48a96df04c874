"""PDFs whose text is known: news-like paragraphs (benchmarks/generate.py's sentences, from
a seed) typeset by groff (ms macros, its own PDF output) in the layouts reports use. For the
PDF measure in benchmarks/importing.py, and for the tests of dossier import.

    python -m benchmarks.typeset OUT_DIR      # every layout, OUT_DIR/LAYOUT.pdf and .json

Each layout gives the PDF and the paragraphs a reader sees in it: headings and list items
their own paragraphs, running headers, footers and page numbers not among them.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

from .generate import _sentence, _Vocabulary

LAYOUTS = {
    # name: groff requests before the text, how a paragraph starts, and what else it holds
    "one-column": ([".nr PD 0.5v"], ".LP", False, False),
    "indented": ([".nr PD 0", ".nr PI 2n"], ".PP", False, False),
    "two-columns": ([".nr PD 0.3v", ".2C"], ".PP", False, False),
    "narrow-hyphenated": ([".nr LL 3.2i", ".nr PD 0.3v", ".hy 4"], ".PP", False, False),
    "headed-pages": (
        [".ds LH Regional report", ".ds RH Draft for review", ".ds CF Page %", ".nr PD 0.3v"],
        ".PP",
        True,
        False,
    ),
    "headings-and-lists": ([".nr PD 0.3v"], ".PP", True, True),
}


def paragraphs(seed: int, count: int) -> list[str]:
    """`count` paragraphs of two to six sentences of generated news prose."""
    rng = random.Random(seed)
    vocabulary = _Vocabulary(rng, 200)
    found = []
    for _ in range(count):
        sentences = [_sentence(vocabulary)[0] for _ in range(rng.randint(2, 6))]
        found.append(" ".join(sentences))
    return found


def document(layout: str, seed: int = 1, count: int = 40) -> tuple[str, list[str]]:
    """The groff source of a layout, and the paragraphs a reader sees in its PDF."""
    requests, paragraph, headings, lists = LAYOUTS[layout]
    rng = random.Random(seed * 7919 + len(layout))
    texts = paragraphs(seed, count)
    source = [*requests, ".TL", "A report on the regional situation"]
    seen = ["A report on the regional situation"]
    for number, text in enumerate(texts, 1):
        if headings and number % 7 == 1:
            heading = f"Part {number // 7 + 1}: what the officials said"
            source += [".SH", heading]
            seen.append(heading)
        if lists and number % 9 == 4:
            items = [" ".join(text.split()[: rng.randint(4, 12)]) for _ in range(3)]
            for item in items:
                source += [".IP \\(bu 2", _escaped(item)]
                seen.append(f"• {item}")
            continue
        source += [paragraph, _escaped(text)]
        seen.append(text)
    return "\n".join(source) + "\n", seen


def _escaped(text: str) -> str:
    """Text as groff prints it as written: its apostrophes straight (\\(aq), not curled."""
    return text.replace("\\", "\\e").replace("\n", " ").replace("'", "\\(aq").replace("`", "\\(ga")


def typeset(groff_source: str) -> bytes:
    """The PDF groff makes of `groff_source` (ms macros)."""
    groff = shutil.which("groff")
    if groff is None:
        raise RuntimeError("groff is missing: apt-get install groff (sh scripts/test-tools.sh installs it)")
    result = subprocess.run(
        [groff, "-ms", "-Tpdf", "-Kutf8"], input=groff_source.encode(), capture_output=True, timeout=120, check=True
    )
    return result.stdout


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "typeset")
    out.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        source, seen = document(layout)
        (out / f"{layout}.pdf").write_bytes(typeset(source))
        (out / f"{layout}.json").write_text(json.dumps(seen, indent=1), "utf-8")
        print(f"wrote {out / layout}.pdf ({len(seen)} paragraphs)")


if __name__ == "__main__":
    main()
