"""PDFs whose text is known: news-like paragraphs (benchmarks/generate.py's sentences, from
a seed) typeset by groff (ms macros, its own PDF output) in the layouts reports use, and the
same as web pages printed to PDF by Chromium (or made by WeasyPrint), as documents exported
by LibreOffice, as reports set by reportlab and as LaTeX documents typeset by pdflatex. For
the PDF measure in benchmarks/importing.py, and for the tests of dossier import.

    python -m benchmarks.typeset OUT_DIR      # every layout, OUT_DIR/LAYOUT.pdf and .json

Each layout gives the PDF and the paragraphs a reader sees in it: headings and list items
their own paragraphs, running headers, footers and page numbers not among them.
"""

from __future__ import annotations

import html
import io
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
                seen.append(item)  # the bullet is no word of it
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


def _report(seed: int, count: int, headings: bool, lists: bool) -> list[tuple[str, list[str]]]:
    """A report's blocks, in order, for a browser's or a word processor's layout: its title,
    headings (every seventh paragraph), lists (every ninth paragraph, a sentence an item)
    and paragraphs, each with the texts a reader sees in it."""
    blocks = [("title", ["A report on the regional situation"])]
    for number, text in enumerate(paragraphs(seed, count), 1):
        if headings and number % 7 == 1:
            blocks.append(("heading", [f"Part {number // 7 + 1}: what the officials said"]))
        if lists and number % 9 == 0:
            blocks.append(("list", [item if item.endswith(".") else item + "." for item in text.split(". ")]))
        else:
            blocks.append(("paragraph", [text]))
    return blocks


def printed_document(layout: str, seed: int = 1, count: int = 40) -> tuple[str, list[str], bool]:
    """The HTML of a layout to print, the paragraphs a reader sees in its PDF, and whether
    the browser is to add its header and footer. A list's bullets are drawn, not written."""
    css, headings, lists, header_footer = PRINTED[layout]
    tags = {"title": "<h1>{}</h1>", "heading": "<h2>{}</h2>", "paragraph": "<p>{}</p>"}
    body, seen = [], []
    for kind, texts in _report(seed, count, headings, lists):
        seen += texts
        if kind == "list":
            body.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in texts) + "</ul>")
        else:
            body.append(tags[kind].format(html.escape(texts[0])))
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Regional report</title>'
        f"<style>body{{font:11pt serif}} {css}</style></head><body>{''.join(body)}</body></html>"
    )
    return page, seen, header_footer


def printed(page: str | bytes, header_footer: bool = False) -> bytes:
    """The PDF Chromium prints of the HTML `page` (as text, or as a saved page's bytes, in
    the charset it declares), headless."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise RuntimeError("Chromium is missing: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        source, pdf = Path(folder) / "page.html", Path(folder) / "page.pdf"
        source.write_bytes(page if isinstance(page, bytes) else page.encode("utf-8"))
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}"]
        command += [] if header_footer else ["--no-pdf-header-footer"]
        subprocess.run([*command, source.as_uri()], capture_output=True, timeout=120, check=True)
        return pdf.read_bytes()


def weasyprinted(page: str) -> bytes:
    """The PDF WeasyPrint makes of the HTML `page`: another engine than the browser's, its
    own line breaking and hyphenation (pip install weasyprint)."""
    import logging

    import weasyprint

    for noisy in ("weasyprint", "fontTools"):  # a warning for each font it subsets
        logging.getLogger(noisy).setLevel(logging.ERROR)
    return weasyprint.HTML(string=page).write_pdf()


# The same layouts as a document written in a word processor and exported to PDF by
# LibreOffice: each a page layout and paragraph styles (ODF's), whether it has headings and
# lists, and its header and footer.
_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
WRITTEN = {
    # name: page properties, body paragraph properties, headings and lists, header and footer
    "one-column": ("", 'fo:margin-bottom="0.25cm"', False, False),
    "indented": ("", 'fo:text-indent="0.6cm" fo:text-align="justify"', False, False),
    "two-columns": ("columns", 'fo:margin-bottom="0.2cm"', False, False),
    "narrow-hyphenated": (
        'fo:margin-left="5cm" fo:margin-right="5cm"',
        'fo:margin-bottom="0.2cm" fo:text-align="justify" fo:hyphenate="true"',
        False,
        False,
    ),
    "headed-pages": ("", 'fo:margin-bottom="0.25cm"', False, True),
    "headings-and-lists": ("", 'fo:margin-bottom="0.25cm"', True, False),
}


def written_document(layout: str, seed: int = 1, count: int = 40) -> tuple[str, list[str]]:
    """A layout as a word processor's document (flat ODF, .fodt), and the paragraphs a reader
    sees in its PDF. A list's bullets are the word processor's, not the text's."""
    page, body_style, headings_and_lists, header_footer = WRITTEN[layout]
    columns = '<style:columns fo:column-count="2" fo:column-gap="0.8cm"/>' if page == "columns" else ""
    page = "" if page == "columns" else page
    tags = {
        "title": '<text:h text:outline-level="1">{}</text:h>',
        "heading": '<text:h text:outline-level="2">{}</text:h>',
        "paragraph": '<text:p text:style-name="Body">{}</text:p>',
    }
    text, seen = [], []
    for kind, texts in _report(seed, count, headings_and_lists, headings_and_lists):
        seen += texts
        if kind == "list":
            item = '<text:list-item><text:p text:style-name="Body">{}</text:p></text:list-item>'
            listed = "".join(item.format(html.escape(one)) for one in texts)
            text.append(f'<text:list text:style-name="Bullets">{listed}</text:list>')
        else:
            text.append(tags[kind].format(html.escape(texts[0])))
    marks = (
        "<style:header><text:p>Regional report</text:p></style:header>"
        "<style:footer><text:p>Page <text:page-number/></text:p></style:footer>"
        if header_footer
        else ""
    )
    namespaces = " ".join(f'xmlns:{name}="{uri}"' for name, uri in _ODF.items())
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {namespaces} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties {body_style}/>
<style:text-properties fo:font-size="11pt" fo:language="en" fo:country="US"/></style:style>
<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.5cm" fo:margin-left="1cm"/>
</style:list-level-properties></text:list-level-style-bullet></text:list-style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="Page"><style:page-layout-properties
 fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm"
 {page or 'fo:margin-left="2cm" fo:margin-right="2cm"'}>{columns}</style:page-layout-properties>
<style:header-style/><style:footer-style/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page">{marks}
</style:master-page></office:master-styles>
<office:body><office:text>{"".join(text)}</office:text></office:body>
</office:document>
"""
    return document, seen


def exported(document: str) -> bytes:
    """The PDF LibreOffice exports of the flat ODF `document`, headless."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.fodt"
        source.write_text(document, "utf-8")
        return exported_file(source)


def exported_file(source: Path) -> bytes:
    """The PDF LibreOffice exports of the document `source` (ODF, .docx…), headless."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise RuntimeError("LibreOffice is missing: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder, "profile").as_uri()  # its own, so that it runs beside another
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        subprocess.run([*command, "--outdir", folder, str(source)], capture_output=True, timeout=180, check=True)
        return (Path(folder) / f"{source.stem}.pdf").read_bytes()


# The same layouts as a LaTeX document (pdflatex, the article class, Computer Modern), with a
# newspaper's narrow column and footnotes besides. LaTeX hyphenates on its own, sets
# ligatures (ﬁ, ﬀi) and curls apostrophes: a reader sees a right quotation mark where the
# source has '. (The generated text holds none of TeX's special characters, % $ & # _.)
TYPESET_BY_LATEX = {
    # name: the article class's options, the preamble, whether it has headings and lists, and
    # whether every third paragraph ends with a footnote
    "one-column": ("", r"\setlength{\parindent}{0pt}\setlength{\parskip}{0.6\baselineskip}", False, False),
    "indented": ("", "", False, False),
    "two-columns": ("twocolumn", "", False, False),
    "narrow-hyphenated": ("", r"\setlength{\textwidth}{3.2in}", False, False),
    "newspaper-column": ("", r"\setlength{\textwidth}{1.8in}", False, False),
    "headed-pages": ("", r"\pagestyle{myheadings}\markright{Regional report}", False, False),
    "headings-and-lists": ("", "", True, False),
    "footnoted": ("", "", False, True),
}


_RAISED = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def latex_document(layout: str, seed: int = 1, count: int = 40) -> tuple[str, list[str]]:
    """A layout as LaTeX's source, and the paragraphs a reader sees in its PDF: a footnote
    its own paragraph, its raised number before it, and after the sentence that calls it."""
    options, preamble, headings_and_lists, footnoted = TYPESET_BY_LATEX[layout]
    notes = [text.split(". ")[0].rstrip(".") + "." for text in paragraphs(seed + 1000, count)]
    body, seen = [], []
    for kind, texts in _report(seed, count, headings_and_lists, headings_and_lists):
        printed = [text.replace("'", "\N{RIGHT SINGLE QUOTATION MARK}") for text in texts]
        if kind == "list":
            body.append("\\begin{itemize}\n" + "".join(f"\\item {text}\n" for text in texts) + "\\end{itemize}")
        elif kind == "paragraph" and footnoted and len(body) % 3 == 2:
            number = len(seen) - len(body) + 1  # footnotes so far, and this one
            note = notes[number]
            body.append(f"{texts[0]}\\footnote{{{note}}}")
            mark = str(number).translate(_RAISED)  # as a reader sees it, raised
            printed = [f"{printed[0]}{mark}", f"{mark} {note}".replace("'", "\N{RIGHT SINGLE QUOTATION MARK}")]
        elif kind == "paragraph":
            body.append(texts[0])
        else:
            body.append(f"\\section*{{{texts[0]}}}")
        seen += printed
    source = f"\\documentclass[11pt,{options}]{{article}}\n{preamble}\n\\begin{{document}}\n" + "\n\n".join(body)
    return source + "\n\\end{document}\n", seen


def latexed(source: str) -> bytes:
    """The PDF pdflatex makes of the LaTeX `source`."""
    latex = shutil.which("pdflatex")
    if latex is None:
        raise RuntimeError("pdflatex is missing: apt-get install texlive-latex-base")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "report.tex").write_text(source, "utf-8")
        command = [latex, "-interaction=nonstopmode", "-halt-on-error", "report.tex"]
        subprocess.run(command, cwd=folder, capture_output=True, timeout=120, check=True)
        return (Path(folder) / "report.pdf").read_bytes()


# The same layouts set by reportlab's platypus (pip install reportlab pyphen), as Python
# programs make reports: its paragraphs and frames, two frames for two columns, justified
# and hyphenated text, a header and a "Page 3" footer drawn on every page, bulleted lists.
TYPESET_BY_REPORTLAB = {
    # name: the body's paragraph style, columns, a narrow frame, headings and lists, header
    # and footer
    "one-column": ({"spaceAfter": 6}, 1, False, False, False),
    "indented": ({"firstLineIndent": 18, "alignment": 4}, 1, False, False, False),
    "two-columns": ({"spaceAfter": 4, "alignment": 4}, 2, False, False, False),
    "narrow-hyphenated": (
        {"spaceAfter": 4, "alignment": 4, "hyphenationLang": "en_US", "embeddedHyphenation": 1},
        1,
        True,
        False,
        False,
    ),
    "headed-pages": ({"spaceAfter": 6}, 1, False, False, True),
    "headings-and-lists": ({"spaceAfter": 6}, 1, False, True, False),
}


def reportlab_document(layout: str, seed: int = 1, count: int = 40) -> tuple[bytes, list[str]]:
    """A layout set by reportlab (4 is its justified alignment), and the paragraphs a reader
    sees in its PDF."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import BaseDocTemplate, Frame, ListFlowable, ListItem, PageTemplate, Paragraph

    options, columns, narrow, headings_and_lists, headed = TYPESET_BY_REPORTLAB[layout]
    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=13.5, **options)
    styles = {
        "title": ParagraphStyle("title", fontName="Times-Bold", fontSize=18, leading=22, spaceAfter=12),
        "heading": ParagraphStyle("heading", fontName="Times-Bold", fontSize=13, leading=16, spaceAfter=4),
        "paragraph": body,
    }
    out = io.BytesIO()
    document = BaseDocTemplate(out, pagesize=A4, leftMargin=inch, rightMargin=inch, topMargin=inch, bottomMargin=inch)
    left, bottom, height = document.leftMargin, document.bottomMargin, document.height
    if columns == 2:
        width = (document.width - 0.3 * inch) / 2
        frames = [Frame(left, bottom, width, height), Frame(left + width + 0.3 * inch, bottom, width, height)]
    else:
        frames = [Frame(left, bottom, 3.2 * inch if narrow else document.width, height)]

    def decorate(canvas, document) -> None:
        if headed:
            canvas.setFont("Times-Roman", 9)
            canvas.drawString(left, A4[1] - 0.6 * inch, "Regional report")
            canvas.drawRightString(A4[0] - document.rightMargin, A4[1] - 0.6 * inch, "Draft for review")
            canvas.drawCentredString(A4[0] / 2, 0.5 * inch, f"Page {document.page}")

    document.addPageTemplates([PageTemplate(frames=frames, onPage=decorate)])
    story, seen = [], []
    for kind, texts in _report(seed, count, headings_and_lists, headings_and_lists):
        seen += texts
        if kind == "list":
            items = [ListItem(Paragraph(html.escape(text), body)) for text in texts]
            story.append(ListFlowable(items, bulletType="bullet", start="•"))
        else:
            story.append(Paragraph(html.escape(texts[0]), styles[kind]))
    document.build(story)
    return out.getvalue(), seen


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
