"""A PDF typeset by LaTeX, as researchers and report writers make them, read by `dossier
import` as a user runs it: tests/fixtures/pdfs/latex-list.pdf, made by pdflatex from
latex-list.tex beside it (committed, since the tests run where no TeX is installed)."""

from __future__ import annotations

import yaml

from .support import FIXTURES, run

PDF = FIXTURES / "pdfs" / "latex-list.pdf"
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # LaTeX curls the source's '


def test_a_latex_report_gives_the_paragraphs_a_reader_sees_its_list_without_bullets_and_an_item_over_a_page_whole():
    result = run("import", PDF)
    assert result.returncode == 0, result.stderr
    paragraphs = [(item["text"], item.get("page")) for item in yaml.safe_load(result.stdout)["paragraphs"]]
    assert paragraphs == [
        ("Findings of the office", 1),
        (
            f"The office{APOSTROPHE}s first finding was that the figures given by the ministry on Monday differed "
            f"from the agency{APOSTROPHE}s own figures by a third, and that neither could be checked independently.",
            1,
        ),
        (
            "The second finding was that the difficult questions of the inquiry were left to a later report, which "
            "officials said would be published before the end of the year.",
            1,
        ),
        (
            "The third finding was that the council had not been told of the figures before they were published, "
            "though it had asked for them in writing.",
            1,
        ),
        (
            "The fourth finding was that the office itself had made two errors in its own tables, both since "
            "corrected.",
            1,
        ),
        ("The offices concerned were asked for comment:", 1),
        # LaTeX's bullet, from its symbol font, is a glyph PDFium maps to no text (U+0088).
        # This item goes on over the page break, at its own indent, "Mon-day" hyphenated.
        (
            "The ministry said that its figures had been checked twice before publication "
            "and stood as given on Monday.",
            1,
        ),
        (
            "The agency said that it would not comment on the figures before its own review was finished, "
            "affirming its efficiency.",
            2,
        ),
        ("A spokesperson for the council said it had not been consulted.", 2),
        ("A final report is expected in the spring.", 2),
    ]
