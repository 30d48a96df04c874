"""How well `dossier import` reads web pages and PDFs, beside the libraries it could have
used alone, in the same run on the same files.

    python -m benchmarks.importing --pages DIR [--pages DIR ...]   # web pages
    python -m benchmarks.importing --postlight DIR                 # titles, dates, authors
    python -m benchmarks.importing --pdfs                          # PDFs typeset here
    python -m benchmarks.importing --wrapped DIR                   # hard-wrapped text
    python -m benchmarks.importing --word DIR                      # Word documents as PDFs

Web pages: folders of public test suites, read as they come (their files are not kept in
this project): ScrapingHub's article-extraction-benchmark (`html/*.html.gz` and
`ground-truth.json`: `git clone https://github.com/scrapinghub/article-extraction-benchmark`)
and Mozilla Readability's test pages (`test/test-pages/*/source.html`, `expected.html`,
`expected-metadata.json`: `git clone https://github.com/mozilla/readability`). For each
system: token precision, recall and F1 of the body (each page's \\w+ tokens, counted; the
page means, as the ScrapingHub benchmark averages them), and the share of the true
paragraphs that come out whole: one extracted paragraph, its text white space aside
("whole"), or its words in order, punctuation aside too ("words whole"). On Mozilla's
pages, titles (theirs, less a site name after a separator, which dossier leaves out by
design) and published dates.

trafilatura's own evaluation (`--snippets DIR`, DIR its `tests` folder: `git clone
https://github.com/adbar/trafilatura`): about 1,000 pages in many languages, each with the
snippets its text should hold and those it should not, counted as its tests/evaluate.py
counts them. trafilatura's defaults were tuned on these pages.

goose3's content tests (`--openings DIR`, DIR its `tests/data/content` folder: `git clone
https://github.com/goose3/goose3`): about 50 news pages, each with the opening of its article
(`cleaned_text`, a few hundred characters) as goose3's tests expect it: on how many pages
each system's text holds that opening, word for word (punctuation and spacing aside).

Postlight Parser's test pages (`--postlight DIR`, DIR a clone of
https://github.com/postlight/parser; benchmarks/postlight.py reads them): about 150 pages,
each with the title, author and date published its hand-written extractor must find and its
article's first 13 words: on how many each system finds each.

docling's PDF tests (`--docling DIR`, DIR its `tests/data/pdf` folder: `git clone
https://github.com/docling-project/docling`): real documents (an IBM Redbook, an FAA
handbook's page, a Korean policy brief, a survey form, arXiv pages…), each with the Markdown
docling's layout models make of it (`groundtruth/*.md`), its paragraphs, headings and list
items one to a line. It is one converter's reading, not a person's, so "whole" here means
"as docling reads it"; list marks are left aside on both sides (docling writes each item as
"- " and drops its number, or keeps a bullet's glyph name: "SM590000"), and its tables,
pictures and formulas are left out. Its tables are measured apart: each row of them, its
cells' words in order, found as one paragraph ("table rows read whole").

Word documents (`--word DIR`, DIR docling's `tests/data/docx` folder): its .docx tests
exported to PDF by LibreOffice, against the paragraphs the documents themselves hold
(benchmarks/word.py).

PDFs: benchmarks/typeset.py's layouts (groff), whose paragraphs are known, and the same as
web pages printed by Chromium and made by WeasyPrint, as documents exported by LibreOffice,
as reports set by reportlab and as LaTeX documents typeset by pdflatex (where installed:
apt-get install chromium libreoffice-writer-nogui texlive-latex-base; pip install weasyprint
reportlab pyphen); the same measures for dossier and for what pypdfium2, pdfminer.six and
pypdf give alone (paragraphs split at blank lines, lines joined), where installed (pip
install pypdfium2 pdfminer.six pypdf). Peers not installed are left out, and said so.
"""

from __future__ import annotations

import argparse
import gzip
import html
import importlib.util
import io
import json
import re
import shutil
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

_TOKEN = re.compile(r"\w+")
# A site's name after a title, as the expected titles write it: "Headline | Site".
_SITE_AFTER = re.compile(r"\s+(?:[|·•»:\u2013\u2014-]|::)\s+[^|·•»\u2013\u2014]{2,60}$")


def _shown(text: str) -> str:
    """A text as a reader sees it: without soft hyphens (a suite's expected text, copied from
    the page's DOM, keeps "Not\u00adfall\u00addaten"), in Unicode's composed form (NFC), so
    that no system gains or loses by how it writes what shows the same."""
    return unicodedata.normalize("NFC", text.replace("\u00ad", ""))


def scores(truth: str, paragraphs: list[str]) -> tuple[float, float, int, int, int]:
    """Token precision and recall of the paragraphs against the true body; how many of its
    paragraphs come out whole, as text (white space collapsed) and as words (in order,
    white space and punctuation aside: the suites' texts were copied by hand, "“ comfort
    food ”"); of how many. A line of no words, as a zero-width space, is no paragraph. Both
    sides are compared as shown (`_shown`)."""
    truth, paragraphs = _shown(truth), [_shown(paragraph) for paragraph in paragraphs]
    true, found = Counter(_TOKEN.findall(truth)), Counter(_TOKEN.findall("\n".join(paragraphs)))
    hit = sum((true & found).values())
    wrong, missed = sum(found.values()) - hit, sum(true.values()) - hit
    precision = 1.0 if wrong == missed == 0 else (0.0 if hit == wrong == 0 else hit / (hit + wrong))
    recall = 1.0 if wrong == missed == 0 else (0.0 if hit == missed == 0 else hit / (hit + missed))
    expected = [" ".join(line.split()) for line in truth.split("\n") if _TOKEN.search(line)]
    texts = {" ".join(paragraph.split()) for paragraph in paragraphs}
    words = {tuple(_TOKEN.findall(paragraph)) for paragraph in paragraphs}
    whole = sum(line in texts for line in expected)
    whole_words = sum(tuple(_TOKEN.findall(line)) in words for line in expected)
    return precision, recall, whole, whole_words, len(expected)


def report(title: str, rows: dict[str, list[tuple[float, float, int, int, int]]], seconds: dict[str, float]) -> None:
    print(f"\n{title}")
    print(f"{'':22} {'F1':>6} {'precision':>10} {'recall':>7} {'whole':>7} {'words whole':>12}   {'seconds':>8}")
    for name, found in rows.items():
        precision = statistics.mean(row[0] for row in found)
        recall = statistics.mean(row[1] for row in found)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        paragraphs = max(1, sum(row[4] for row in found))
        whole, words = sum(row[2] for row in found) / paragraphs, sum(row[3] for row in found) / paragraphs
        print(f"{name:22} {f1:6.4f} {precision:10.4f} {recall:7.4f} {whole:7.1%} {words:12.1%}   {seconds[name]:8.1f}")


def _readings(systems: dict[str, Callable], document, seconds: dict[str, float]):
    """(system, paragraphs) of each system's reading of `document`, its time added to
    `seconds`; a system that fails on it reads nothing."""
    for system, read in systems.items():
        started = time.perf_counter()
        try:
            paragraphs = read(document)
        except Exception:
            paragraphs = []
        seconds[system] += time.perf_counter() - started
        yield system, paragraphs


# --- web pages -------------------------------------------------------------------------


def pages(folders: list[Path]) -> list[tuple[str, bytes, str, dict]]:
    """(name, bytes, true body, metadata) of every page of the suites in `folders`."""
    found = []
    for folder in folders:
        truth = folder / "ground-truth.json"
        if truth.exists():
            for key, item in json.loads(truth.read_text("utf-8")).items():
                data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
                found.append((f"scrapinghub/{key[:12]}", data, item["articleBody"], {}))
        for page in sorted((folder / "test" / "test-pages").glob("*/source.html")) or sorted(
            folder.glob("*/source.html")
        ):
            body = _expected_body((page.parent / "expected.html").read_text("utf-8"))
            metadata = json.loads((page.parent / "expected-metadata.json").read_text("utf-8"))
            found.append((f"readability/{page.parent.name}", page.read_bytes(), body, metadata))
    return found


def _expected_body(html: str) -> str:
    import lxml.html

    return "\n".join(_innermost_blocks(lxml.html.fromstring(html)))


def _innermost_blocks(tree) -> list[str]:
    """The text of the innermost block elements (article.py's), so that the words of a list
    item's or a cell's paragraph are counted once, not twice."""
    from dossier.sources.webpage.article import INNERMOST_BLOCKS

    blocks = tree.xpath(INNERMOST_BLOCKS)
    return [" ".join(block.text_content().split()) for block in blocks if block.text_content().strip()]


def page_systems() -> dict[str, Callable[[str], list[str]]]:
    from dossier.sources.original import cleaned
    from dossier.sources.webpage import read_page

    def dossier(html: str) -> list[str]:
        return [text for text in map(cleaned, read_page(html, "page").paragraphs) if text]

    systems = {"dossier import": dossier}
    try:
        import trafilatura

        def plain(html: str, **options) -> list[str]:
            text = trafilatura.extract(html, include_comments=False, include_tables=True, **options) or ""
            return [line for line in text.split("\n") if line.strip()]

        systems["trafilatura"] = plain
        systems["trafilatura precision"] = lambda html: plain(html, favor_precision=True)
        systems["trafilatura recall"] = lambda html: plain(html, favor_recall=True)
    except ImportError:
        print("(trafilatura not installed: left out)")
    try:
        from readability import Document

        def readability(html: str) -> list[str]:
            import lxml.html

            return _innermost_blocks(lxml.html.fromstring(Document(html).summary(html_partial=True)))

        systems["readability-lxml"] = readability
    except ImportError:
        print("(readability-lxml not installed: left out; pip install readability-lxml)")
    return systems


def measure_pages(folders: list[Path]) -> None:
    from dossier.sources.kinds import decoded, unpacked

    found = pages(folders)
    systems = page_systems()
    rows: dict[str, list] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for name, data, truth, _ in found:
        html, _ = decoded(unpacked(data, name), name)
        for system, paragraphs in _readings(systems, html, seconds):
            rows[system].append(scores(truth, paragraphs))
    report(f"Web pages: {len(found)} pages, body against the suites' expected text", rows, seconds)
    _titles_and_dates(found)


def _titles_and_dates(found) -> None:
    """Titles, site names and dates of dossier import on Mozilla's pages."""
    from dossier.sources.original import read_original

    right, stated = Counter(), Counter()
    for name, data, _, metadata in found:
        if not metadata:
            continue
        try:
            original = read_original(data, name)
        except Exception:
            continue
        if expected := metadata.get("title"):
            site = metadata.get("siteName")
            headline = re.sub(_SITE_AFTER, "", expected) if site else expected
            stated["title"] += 1
            right["title"] += (original.title or "").split() in (expected.split(), headline.split())
        if metadata.get("siteName"):
            stated["site"] += 1
            right["site"] += original.publisher == metadata["siteName"]
        if metadata.get("publishedTime"):
            stated["date"] += 1
            right["date"] += (original.published or "") == metadata["publishedTime"][:10]
    for field, saying in (
        ("title", "titles as expected, a site name after them aside"),
        ("site", "site names (publisher) as expected"),
        ("date", "published dates"),
    ):
        if stated[field]:
            print(f"{saying}: {right[field]}/{stated[field]} ({right[field] / stated[field]:.0%})")


def measure_snippets(folder: Path) -> None:
    """trafilatura's own evaluation, as its tests/evaluate.py counts it: for each page of
    evaldata.json, the snippets its text should hold and those it should not, found in the
    text (white space collapsed) or not; precision, recall and F1 over all the snippets."""
    from dossier.sources.kinds import decoded, unpacked

    systems = page_systems()
    counts = {name: [0, 0, 0, 0] for name in systems}  # true and false positives, false and true negatives
    seconds = dict.fromkeys(systems, 0.0)
    items = json.loads((folder / "evaldata.json").read_text("utf-8"))
    for item in items.values():
        path = next((found for where in ("cache", "eval") if (found := folder / where / item["file"]).is_file()), None)
        if path is None:
            continue
        try:
            html, _ = decoded(unpacked(path.read_bytes(), item["file"]), item["file"])
        except Exception:
            continue
        for system, paragraphs in _readings(systems, html, seconds):
            text = " ".join(_shown(" ".join(paragraphs)).split())
            held = [" ".join(_shown(snippet).split()) in text for snippet in item["with"]]
            shown = [" ".join(_shown(snippet).split()) in text for snippet in item["without"]]
            counted_now = (sum(held), sum(shown), len(held) - sum(held), len(shown) - sum(shown))
            counts[system] = [total + now for total, now in zip(counts[system], counted_now, strict=True)]
    print(f"\ntrafilatura's evaluation: {len(items)} pages, snippets each should hold and not hold")
    print(f"{'':22} {'F1':>6} {'precision':>10} {'recall':>7}   {'seconds':>8}")
    for system, (hit, wrong, missed, _) in counts.items():
        precision, recall = hit / max(1, hit + wrong), hit / max(1, hit + missed)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{system:22} {f1:6.4f} {precision:10.4f} {recall:7.4f}   {seconds[system]:8.1f}")


def measure_openings(folder: Path) -> None:
    """goose3's content tests: on how many pages each system's text holds, word for word,
    the article's opening that goose3's tests expect."""
    from dossier.sources.kinds import decoded, unpacked

    systems = page_systems()
    held = dict.fromkeys(systems, 0)
    pages = 0
    for expected in sorted(folder.glob("*.json")):
        opening = json.loads(expected.read_text("utf-8")).get("expected", {}).get("cleaned_text", "")
        page = expected.with_suffix(".html")
        if not opening or not page.is_file():
            continue
        pages += 1
        html, _ = decoded(unpacked(page.read_bytes(), page.name), page.name)
        words = " ".join(_TOKEN.findall(opening))
        for system, paragraphs in _readings(systems, html, dict.fromkeys(systems, 0.0)):
            held[system] += words in " ".join(_TOKEN.findall(" ".join(paragraphs)))
    print(f"\ngoose3's content tests: {pages} pages, the article's opening held word for word")
    for system, count in held.items():
        print(f"{system:22} {count:4} of {pages} ({count / max(1, pages):.0%})")


def measure_postlight(root: Path) -> None:
    """Postlight Parser's test pages (benchmarks/postlight.py): on how many each system finds
    the title (exactly, white space aside), the authors (their words), the date published
    (the day of its UTC time in some time zone: UTC-12 to UTC+14) and the article's first
    13 words (held in order, punctuation aside), of the pages whose tests state each."""
    from benchmarks.postlight import cases
    from dossier.sources.kinds import decoded, unpacked
    from dossier.sources.original import read_original

    systems = page_systems()
    fields = {"dossier import": _dossier_fields(read_original), **_library_fields()}
    found = {name: Counter() for name in {**systems, **fields}}
    stated = Counter()
    for case in cases(root):
        html, _ = decoded(unpacked(case["page"], case["name"]), case["name"])
        stated.update(field for field in ("title", "author", "date_published", "first13") if field in case)
        for system, read in fields.items():
            try:
                title, authors, day = read(case["page"], html, case["name"])
            except Exception:
                continue
            found[system]["title"] += "title" in case and (title or "").split() == case["title"].split()
            found[system]["author"] += "author" in case and _names(authors) == _names(case["author"])
            found[system]["date_published"] += "date_published" in case and _same_day(day, case["date_published"])
        if "first13" in case:
            opening = " ".join(_TOKEN.findall(case["first13"].casefold()))
            for system, paragraphs in _readings(systems, html, dict.fromkeys(systems, 0.0)):
                found[system]["first13"] += opening in " ".join(_TOKEN.findall(" ".join(paragraphs).casefold()))
    print(f"\nPostlight Parser's test pages: {stated['first13']} pages with an opening stated")
    print(f"{'':22} {'title':>9} {'author':>9} {'date':>9} {'opening':>9}")
    for system, counts in found.items():
        given = _GIVEN.get(system, {"title", "author", "date_published"} if system in fields else set())
        given = given | ({"first13"} if system in systems else set())
        cells = [
            f"{counts[field] / stated[field]:9.0%}" if field in given else f"{'':9}"
            for field in ("title", "author", "date_published", "first13")
        ]
        print(f"{system:22} {' '.join(cells)}")
    print(f"(of {stated['title']} titles, {stated['author']} authors, {stated['date_published']} dates stated)")


_GIVEN = {"readability-lxml": {"title"}}  # what a library finds, where not all three fields


def _dossier_fields(read_original):
    def fields(data: bytes, html: str, name: str) -> tuple:
        original = read_original(data, name)
        return original.title, ", ".join(original.authors), original.published

    return fields


def _library_fields() -> dict[str, Callable]:
    """The title, authors and date each library finds alone (its defaults)."""
    systems = {}
    try:
        import trafilatura

        def metadata(data: bytes, html: str, name: str) -> tuple:
            found = trafilatura.extract_metadata(html)
            return (found.title, found.author, found.date) if found else (None, None, None)

        systems["trafilatura"] = metadata
    except ImportError:
        pass
    try:
        from readability import Document

        systems["readability-lxml"] = lambda data, html, name: (Document(html).short_title(), None, None)
    except ImportError:
        pass
    return systems


def _names(authors: str | None) -> list[str]:
    """An author line's words, case and order aside, "by" and "and" left out."""
    return sorted(word for word in _TOKEN.findall((authors or "").casefold()) if word not in {"by", "and"})


def _same_day(day: str | None, utc: str) -> bool:
    """Whether `day` (YYYY-MM-DD) is the date of the time `utc` (ISO 8601, Z) somewhere:
    in a time zone from UTC-12 to UTC+14."""
    import datetime

    if not day:
        return False
    at = datetime.datetime.fromisoformat(utc.replace("Z", "+00:00"))
    return day[:10] in {(at + datetime.timedelta(hours=hours)).date().isoformat() for hours in range(-12, 15)}


# --- PDFs ---------------------------------------------------------------------------------


def pdf_systems() -> dict[str, Callable[[bytes], list[str]]]:
    from dossier.sources.original import cleaned
    from dossier.sources.pdf import read_pdf

    def dossier(data: bytes) -> list[str]:
        return [text for text in (cleaned(text) for text, _ in read_pdf(data, "pdf").paragraphs) if text]

    systems: dict[str, Callable[[bytes], list[str]]] = {"dossier import": dossier}

    def blocks(text: str) -> list[str]:
        return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]

    try:
        import pypdfium2 as pdfium

        def pdfium_text(data: bytes) -> list[str]:
            document = pdfium.PdfDocument(data)
            text = "\n".join(page.get_textpage().get_text_range() for page in document)
            return blocks(text.replace("\r\n", "\n"))

        systems["pypdfium2"] = pdfium_text
    except ImportError:
        print("(pypdfium2 not installed: left out)")
    try:
        from pdfminer.high_level import extract_text

        systems["pdfminer.six"] = lambda data: blocks(extract_text(io.BytesIO(data)))
    except ImportError:
        print("(pdfminer.six not installed: left out; pip install pdfminer.six)")
    try:
        from pypdf import PdfReader

        systems["pypdf"] = lambda data: blocks(
            "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        )
    except ImportError:
        print("(pypdf not installed: left out; pip install pypdf)")
    return systems


# A list item's mark at a paragraph's start: a number or letter and a point, a bullet, a
# bullet glyph's name where a converter wrote no character for it ("SM590000"), or the letter
# a symbol font's bullet maps to ("r Database performance", in Wingdings), or a form's check
# boxes, as a control character a converter left ("\x84 \x84 They work…") or a ballot box.
_LIST_MARK = re.compile(r"^(?:\(?(?:\d{1,3}|[a-z])[.)]|[•▪◦‣∙·\-*]|SM\d{6}|r(?= [A-Z]))\s+|^(?:[\x80-\x9f☐☑☒]\s*)+")


def docling_documents(folder: Path) -> list[tuple[str, bytes, list[str]]]:
    """(name, PDF, paragraphs as docling reads them) of docling's PDF tests: the lines of its
    Markdown, headings' and items' marks, tables, pictures, formulas and code left out."""
    found = []
    for markdown in sorted((folder / "groundtruth").glob("*.md")):
        pdf = folder / "sources" / f"{markdown.stem}.pdf"
        if pdf.is_file():
            found.append((markdown.stem, pdf.read_bytes(), docling_paragraphs(markdown.read_text("utf-8"))))
    return found


def docling_paragraphs(markdown: str) -> list[str]:
    """The paragraphs of docling's Markdown: its lines, headings' and items' marks, tables,
    pictures, formulas and code left out."""
    paragraphs, code = [], False
    for line in markdown.split("\n"):
        text = line.strip()
        if text.startswith("```"):
            code = not code
        if code or text.startswith(("```", "<!--", "|", "$$")) or not text:
            continue
        text = html.unescape(re.sub(r"^#+\s+|^[-*]\s+", "", text).replace("\\_", "_"))
        paragraphs.append(" ".join(_LIST_MARK.sub("", text).split()))
    return [paragraph for paragraph in paragraphs if paragraph]


def docling_table_rows(folder: Path) -> list[tuple[str, bytes, list[str]]]:
    """(name, PDF, rows) of docling's PDF tests that hold tables: each row of the tables in
    its Markdown, its cells' texts one after another (a rule's row, "| - | - |", left out)."""
    found = []
    for markdown in sorted((folder / "groundtruth").glob("*.md")):
        pdf = folder / "sources" / f"{markdown.stem}.pdf"
        rows = []
        for line in markdown.read_text("utf-8").split("\n") if pdf.is_file() else []:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
            if any(cells) and not all(re.fullmatch(r":?-*:?", cell) for cell in cells):
                rows.append(html.unescape(" ".join(cell for cell in cells if cell)))
        if rows:
            found.append((markdown.stem, pdf.read_bytes(), rows))
    return found


def unmarked_pdf_systems() -> dict[str, Callable[[bytes], list[str]]]:
    """The PDF systems, each paragraph's list mark left out (as docling's Markdown is read)."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings of each font, thousands

    def unmarked(read: Callable[[bytes], list[str]]) -> Callable[[bytes], list[str]]:
        return lambda data: [_LIST_MARK.sub("", paragraph) for paragraph in read(data)]

    return {name: unmarked(read) for name, read in pdf_systems().items()}


def measure_docling(folder: Path) -> None:
    systems = unmarked_pdf_systems()
    documents = [("real documents", data, seen) for _, data, seen in docling_documents(folder)]
    _measure_pdf_set(f"PDFs: docling's {len(documents)} test documents, against docling's reading", systems, documents)
    # Their tables, which the measure above leaves out: each row read whole, its cells'
    # words in order (as docling reads the table), one paragraph.
    tables = docling_table_rows(folder)
    rows = sum(len(found) for _, _, found in tables)
    print(f"\ntable rows read whole, as words: docling's {len(tables)} documents with tables, {rows} rows")
    whole = dict.fromkeys(systems, 0)
    for _, data, found in tables:
        for system, paragraphs in _readings(systems, data, dict.fromkeys(systems, 0.0)):
            words = {tuple(_TOKEN.findall(_shown(paragraph))) for paragraph in paragraphs}
            whole[system] += sum(tuple(_TOKEN.findall(_shown(row))) in words for row in found)
    for system, count in whole.items():
        print(f"{system:22} {count / rows:7.1%}")


def measure_pdfs() -> None:
    from . import typeset

    def groff(layout: str, seed: int) -> tuple[bytes, list[str]]:
        source, seen = typeset.document(layout, seed=seed)
        return typeset.typeset(source), seen

    def chromium(layout: str, seed: int) -> tuple[bytes, list[str]]:
        page, seen, header_footer = typeset.printed_document(layout, seed=seed)
        return typeset.printed(page, header_footer), seen

    def libreoffice(layout: str, seed: int) -> tuple[bytes, list[str]]:
        written, seen = typeset.written_document(layout, seed=seed)
        return typeset.exported(written), seen

    def latex(layout: str, seed: int) -> tuple[bytes, list[str]]:
        source, seen = typeset.latex_document(layout, seed=seed)
        return typeset.latexed(source), seen

    def weasyprint(layout: str, seed: int) -> tuple[bytes, list[str]]:
        page, seen, _ = typeset.printed_document(layout, seed=seed)
        return typeset.weasyprinted(page), seen

    systems = pdf_systems()
    # what typesets, whether it is installed, how to install it, its layouts, how it makes
    # a PDF of one
    typesetters = [
        ("typeset by groff", shutil.which("groff"), "apt-get install groff", typeset.LAYOUTS, groff),
        (
            "as web pages, printed by Chromium",
            shutil.which("chromium"),
            "apt-get install chromium",
            typeset.PRINTED,
            chromium,
        ),
        (
            "as web pages, made by WeasyPrint",
            importlib.util.find_spec("weasyprint"),
            "pip install weasyprint",
            typeset.PRINTED,
            weasyprint,
        ),
        (
            "as documents, exported by LibreOffice",
            shutil.which("soffice"),
            "apt-get install libreoffice-writer-nogui",
            typeset.WRITTEN,
            libreoffice,
        ),
        (
            "typeset by reportlab",
            importlib.util.find_spec("reportlab") and importlib.util.find_spec("pyphen"),
            "pip install reportlab pyphen",
            typeset.TYPESET_BY_REPORTLAB,
            typeset.reportlab_document,
        ),
        (
            "typeset by LaTeX (pdflatex)",
            shutil.which("pdflatex"),
            "apt-get install texlive-latex-base",
            typeset.TYPESET_BY_LATEX,
            latex,
        ),
    ]
    for made, installed, install, layouts, make in typesetters:
        if not installed:
            print(f"\n(not installed: PDFs {made} left out; {install})")
            continue
        documents = ((layout, *make(layout, seed)) for layout in layouts for seed in (1, 2, 3))
        _measure_pdf_set(f"PDFs: {len(layouts)} layouts x 3 documents, {made}", systems, documents)


def _measure_pdf_set(title: str, systems: dict, documents) -> None:
    """Each system on each (layout, PDF, paragraphs seen) of `documents`: the table, then
    the paragraphs whole by layout."""
    rows: dict[str, list] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    per_layout: dict[str, dict[str, list]] = {}
    for layout, data, seen in documents:
        for system, paragraphs in _readings(systems, data, seconds):
            found = scores("\n".join(seen), paragraphs)
            rows[system].append(found)
            per_layout.setdefault(layout, {}).setdefault(system, []).append(found)
    report(title, rows, seconds)
    _by_layout(systems, per_layout)


def _by_layout(systems: dict, per_layout: dict) -> None:
    print("\nparagraphs whole, by layout:")
    print(f"{'':22} " + " ".join(f"{system[:14]:>15}" for system in systems))
    for layout, by_system in per_layout.items():
        cells = []
        for system in systems:
            found = by_system[system]
            cells.append(f"{sum(row[2] for row in found) / max(1, sum(row[4] for row in found)):15.0%}")
        print(f"{layout:22} " + " ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, action="append", default=[], help="a test suite's folder")
    parser.add_argument("--pdfs", action="store_true", help="measure PDFs typeset here (needs groff)")
    parser.add_argument("--snippets", type=Path, help="trafilatura's tests folder (evaldata.json, eval/, cache/)")
    parser.add_argument("--openings", type=Path, help="goose3's tests/data/content folder")
    parser.add_argument("--postlight", type=Path, help="Postlight Parser's repository (fixtures/, src/)")
    parser.add_argument("--docling", type=Path, help="docling's tests/data/pdf folder (sources/, groundtruth/)")
    parser.add_argument("--wrapped", type=Path, help="ScrapingHub's folder: its articles as hard-wrapped text")
    parser.add_argument("--word", type=Path, help="docling's tests/data/docx folder (sources/, groundtruth/)")
    args = parser.parse_args()
    asked = (args.pages, args.pdfs, args.snippets, args.openings, args.postlight, args.docling, args.wrapped, args.word)
    if not any(asked):
        parser.error(
            "give --pages DIR, --snippets DIR, --openings DIR, --postlight DIR, --docling DIR, --wrapped DIR,"
            " --word DIR, --pdfs, or any of them"
        )
    if args.pages:
        measure_pages(args.pages)
    if args.snippets:
        measure_snippets(args.snippets)
    if args.openings:
        measure_openings(args.openings)
    if args.postlight:
        measure_postlight(args.postlight)
    if args.docling:
        measure_docling(args.docling)
    if args.wrapped:
        from .wrapped import measure_wrapped

        measure_wrapped(args.wrapped)
    if args.word:
        from .word import measure_word

        measure_word(args.word)
    if args.pdfs:
        measure_pdfs()


if __name__ == "__main__":
    main()
