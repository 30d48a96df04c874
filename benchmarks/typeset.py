"""PDFs whose text is known: news-like paragraphs (benchmarks/generate.py's sentences, from
a seed) typeset by groff (ms macros, its own PDF output) in the layouts reports use, and the
same as web pages printed to PDF by Chromium. For the PDF measure in
benchmarks/importing.py, and for the tests of dossier import.

    python -m benchmarks.typeset OUT_DIR      # every layout, OUT_DIR/LAYOUT.pdf and .json

Each layout gives the PDF and the paragraphs a reader sees in it: headings and list items
their own paragraphs, running headers, footers and page numbers not among them.
"""

from __future__ import annotations

import html
import json
import random
import shutil
import subprocess
import sys
import tempfile
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


# The same layouts as a web page printed to PDF by a browser ("Save as PDF"): CSS for each,
# whether it has headings and lists, and whether the browser adds its own header and footer
# (the date, the title, the address, "1/3").
PRINTED = {
    "one-column": ("p{margin:0 0 .6em}", False, False, False),
    "indented": ("p{margin:0;text-indent:2em;text-align:justify}", False, False, False),
    "two-columns": ("body{column-count:2;column-gap:2em} p{margin:0 0 .4em}", False, False, False),
    "narrow-hyphenated": ("body{width:3.2in} p{margin:0 0 .4em;text-align:justify;hyphens:auto}", False, False, False),
    "headed-pages": ("p{margin:0 0 .6em}", False, False, True),
    "headings-and-lists": ("p{margin:0 0 .6em}", True, True, False),
}


def printed_document(layout: str, seed: int = 1, count: int = 40) -> tuple[str, list[str], bool]:
    """The HTML of a layout to print, the paragraphs a reader sees in its PDF, and whether
    the browser is to add its header and footer. A list's bullets are drawn, not written."""
    css, headings, lists, header_footer = PRINTED[layout]
    body, seen = ["<h1>A report on the regional situation</h1>"], ["A report on the regional situation"]
    for number, text in enumerate(paragraphs(seed, count), 1):
        if headings and number % 7 == 1:
            heading = f"Part {number // 7 + 1}: what the officials said"
            body.append(f"<h2>{heading}</h2>")
            seen.append(heading)
        if lists and number % 9 == 0:
            items = [item if item.endswith(".") else item + "." for item in text.split(". ")]
            body.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")
            seen += items
        else:
            body.append(f"<p>{html.escape(text)}</p>")
            seen.append(text)
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Regional report</title>'
        f"<style>body{{font:11pt serif}} {css}</style></head><body>{''.join(body)}</body></html>"
    )
    return page, seen, header_footer


def printed(page: str, header_footer: bool = False) -> bytes:
    """The PDF Chromium prints of the HTML `page`, headless."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise RuntimeError("Chromium is missing: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        source, pdf = Path(folder) / "page.html", Path(folder) / "page.pdf"
        source.write_text(page, "utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}"]
        command += [] if header_footer else ["--no-pdf-header-footer"]
        subprocess.run([*command, source.as_uri()], capture_output=True, timeout=120, check=True)
        return pdf.read_bytes()


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
