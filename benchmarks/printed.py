"""Real web pages printed to PDF, as an analyst keeps a news page ("Save as PDF"), read back
by `dossier import` and by each PDF library alone, in the same run.

    python -m benchmarks.printed DIR [DIR ...] [--keep FOLDER]

DIR: the suites `benchmarks.importing --pages` reads (ScrapingHub's article-extraction
benchmark, Mozilla Readability's test pages). Each page is printed by Chromium, headless,
with no header or footer (apt-get install chromium), and scored against the text its suite
says is the article: token precision, recall and F1, and the share of the article's
paragraphs that come out whole. The printed page holds its menus, links and footers too,
which count against every system's precision alike: recall and the paragraphs whole are
what tell them apart. Mozilla's expected text is what Readability.js keeps, a table's
cells one by one; ScrapingHub's is a person's, so each suite is given on its own. `--keep
FOLDER` keeps the PDFs there, and reads them from there on the next run (printing 300
pages takes minutes).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .importing import _readings, pages, pdf_systems, report, scores
from .typeset import printed


def printed_pages(folders: list[Path], keep: Path | None) -> list[tuple[str, bytes, str]]:
    """(name, PDF, true article text) of every page of the suites in `folders` that
    Chromium prints within its time."""

    def one(page: tuple[str, bytes, str, dict]) -> tuple[str, bytes, str] | None:
        name, data, truth, _ = page
        kept = keep / f"{hashlib.sha256(data).hexdigest()[:16]}.pdf" if keep else None
        if kept and kept.exists():
            return name, kept.read_bytes(), truth
        if kept and kept.with_suffix(".failed").exists():
            return None
        try:
            pdf = printed(data)
        except (subprocess.SubprocessError, OSError):
            if kept:
                kept.with_suffix(".failed").touch()  # not tried again
            return None
        if kept:
            kept.write_bytes(pdf)
        return name, pdf, truth

    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    found = pages(folders)
    with ThreadPoolExecutor(3) as printing:
        done = [page for page in printing.map(one, found) if page]
    if len(done) < len(found):
        print(f"({len(found) - len(done)} of {len(found)} pages not printed within Chromium's time: left out)")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="+", help="a test suite's folder")
    parser.add_argument("--keep", type=Path, help="a folder to keep the printed PDFs in, and read them from")
    args = parser.parse_args()
    for library in ("pypdf", "pdfminer"):
        logging.getLogger(library).setLevel(logging.ERROR)  # their warnings of each font, thousands
    systems = pdf_systems()
    try:
        found = printed_pages(args.folders, args.keep)
    except RuntimeError as error:  # no Chromium
        parser.exit(1, f"{error}\n")
    by_suite: dict[str, list] = {}
    for name, pdf, truth in found:
        by_suite.setdefault(name.split("/")[0], []).append((pdf, truth))
    for suite, documents in by_suite.items():
        rows: dict[str, list] = {system: [] for system in systems}
        seconds = dict.fromkeys(systems, 0.0)
        for pdf, truth in documents:
            for system, paragraphs in _readings(systems, pdf, seconds):
                rows[system].append(scores(truth, paragraphs))
        report(
            f"{len(documents)} {suite} pages printed to PDF by Chromium, against their article's text", rows, seconds
        )


if __name__ == "__main__":
    main()
