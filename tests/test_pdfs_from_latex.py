"""PDFs typeset by LaTeX, as researchers and report writers make them, read by `dossier
import` as a user runs it: tests/fixtures/pdfs/*.pdf, each made by pdflatex from the .tex
beside it (committed, since the tests run where no TeX is installed)."""

from __future__ import annotations

import re

import yaml

from .support import FIXTURES, run

PDFS = FIXTURES / "pdfs"
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # LaTeX curls the source's '
MINUS = "\N{MINUS SIGN}"  # and sets a formula's - as a minus sign


def imported(pdf) -> list[tuple[str, int]]:
    """The paragraphs `dossier import` gives the PDF, with their pages."""
    result = run("import", pdf)
    assert result.returncode == 0, result.stderr
    return [(item["text"], item["page"]) for item in yaml.safe_load(result.stdout)["paragraphs"]]


def test_a_latex_report_gives_the_paragraphs_a_reader_sees_its_list_without_bullets_and_an_item_over_a_page_whole():
    assert imported(PDFS / "latex-list.pdf") == [
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


def test_footnotes_are_paragraphs_after_the_one_running_over_the_page_and_a_last_page_of_three_lines_is_read_whole():
    assert imported(PDFS / "latex-footnotes.pdf") == [
        ("Findings of the office", 1),
        (
            f"The office{APOSTROPHE}s first finding was that the figures given by the ministry on Monday¹ differed "
            f"from the agency{APOSTROPHE}s own figures by a third, and that neither could be checked independently, "
            "as the office wrote in its summary for the council and for the public. The council has not commented on "
            "the finding, nor has the ministry, whose figures they were, nor has the agency, whose own figures "
            "differed.",
            1,
        ),
        # It goes on over the page break past the footnotes at the page's foot, in smaller type.
        (
            "The second finding was that the questions of the inquiry were left to a later report.² Officials said "
            "it would be published before the end of the year, and that it would hold the full tables.",
            1,
        ),
        ("¹ In its statement of 4 March, which the office quotes in full in its annex.", 1),
        # Its second line begins "14 regions": no footnote 14 after footnote 2. Marks are raised.
        (
            "² The later report is expected in the autumn, the office said, with all 14 regions, 2019 to 2023, "
            "region by region.",
            1,
        ),
        # The last page's three lines: this one between "full tables." and its number was
        # taken for a running line, counted twice among the page's top and bottom lines.
        ("A final report is expected in the spring.", 2),
    ]


def test_a_pdf_stating_no_title_is_titled_by_the_largest_type_on_its_first_page(tmp_path):
    # LaTeX writes no title into the PDF's information; its heading, in the largest type
    # among the first paragraphs, is the title (and the id made of it).
    result = run("import", PDFS / "latex-list.pdf", "-o", tmp_path / "out.yaml")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "out.yaml").read_text("utf-8"))
    assert (data["id"], data["title"]) == ("findings-of-the-office", "Findings of the office")


def test_the_date_published_is_the_one_the_first_page_shows_not_the_day_the_pdf_was_typeset(tmp_path):
    # latex-report.tex sets \date{12 March 2024} under its title; the PDF's information
    # dates it the day pdflatex made it, and so dates latex-list.pdf, whose page shows none.
    dates = {}
    for name in ("latex-report", "latex-list"):
        result = run("import", PDFS / f"{name}.pdf", "-o", tmp_path / f"{name}.yaml")
        assert result.returncode == 0, result.stderr
        dates[name] = yaml.safe_load((tmp_path / f"{name}.yaml").read_text("utf-8"))["published"]
    assert dates == {"latex-report": "2024-03-12", "latex-list": "2026-12-06"}


def test_a_raised_number_is_a_superscript_and_the_line_goes_on_after_it():
    # Raised by more than half its own (small) size: it used to start a line of its own,
    # and the words after it were read before the line's beginning.
    assert imported(PDFS / "latex-raised.pdf") == [
        (
            f"The budget was 10⁶ euros, and 10⁶ in the office{APOSTROPHE}s tables, said the office in its long "
            "statement of the day.",
            1,
        )
    ]


def test_a_centred_heading_and_a_tables_rows_are_paragraphs_of_their_own():
    paragraphs = imported(PDFS / "latex-report.pdf")
    texts = [text for text, _ in paragraphs]
    # The abstract's heading, centred and short, ran into the abstract.
    assert texts[3:5] == [
        "Abstract",
        "This report compares the figures given by the ministry with those of the agency, and finds that they "
        "differ by a third in every region that both of them cover.",
    ]
    # A table's rows, their cells set apart by wide gaps, ran together into one paragraph.
    assert texts[12:16] == [
        "Region Ministry Agency",
        "North 1,200 1,600",
        "South 900 1,200",
        "Table 1: The figures of each, by region.",
    ]
    assert texts[7:12] == [
        "We stand by our figures, which were checked twice before they were published on Tuesday.",
        "The office then asked both for their sources.",
        "1. The ministry sent its tables within a week.",
        f"2. The agency did not answer the office{APOSTROPHE}s letter.",
        "2 The figures",
    ]


def test_paragraphs_of_a_narrow_justified_column_come_out_whole_though_lines_stop_short_at_a_sentence():
    # Paragraphs marked by their indented first lines: a line inside one that stops short
    # at a sentence's end (a long word next) used to end the paragraph there.
    source = (PDFS / "latex-column.tex").read_text("utf-8")
    body = source.split("\\begin{document}")[1].split("\\end{document}")[0]
    written = [" ".join(block.split()) for block in body.split("\n\n") if block.strip()]
    expected = [re.sub(r"\\section\*\{(.*)\}", r"\1", text).replace("'", APOSTROPHE) for text in written]
    assert [text for text, _ in imported(PDFS / "latex-column.pdf")] == expected


def test_each_reference_of_a_bibliography_is_one_paragraph_though_it_ends_with_no_stop():
    # Each entry's later lines hang under its first word: its second line was read as a
    # paragraph of its own. An entry that ended with no stop, "(2023)", an address, ran
    # into the next one's label.
    assert imported(PDFS / "latex-references.pdf")[-4:] == [
        ("References", 1),
        (
            f"[1] Office of the Auditor. Review of the ministry{APOSTROPHE}s published figures, with the tables "
            "of each region and their sources (2023)",
            1,
        ),
        (
            "[2] Agency for Statistics. Notes on the method used for the regional tables and for their revision, "
            "https://example.org/notes",
            1,
        ),
        ("[3] Council of the Region. Minutes of the meeting of the finance committee, March 2024.", 2),
    ]
    # (a numbered list's items, each ending with no stop, stay apart as before)
    assert [text for text, _ in imported(PDFS / "latex-references.pdf")[2:5]] == [
        f"1. Office of the Auditor: Review of the ministry{APOSTROPHE}s published figures for the year, second "
        "edition (2023)",
        "2. Agency for Statistics: Notes on the method used for the regional tables, https://example.org/notes",
        "3. Council of the Region: Minutes of the meeting of the finance committee, held in March (2024)",
    ]


def test_a_symbol_with_an_index_above_and_one_below_stays_in_its_line():
    # The index below, set lower than the one above it by more than half its size, began a
    # line of its own: "P C" and "B of the charmed baryons" were two paragraphs, and each
    # equation two. Two equations beginning with the same letter, in a font other than the
    # index's, were read as a list with the letter as its bullet: "• C q = 9(a - b)/2".
    assert imported(PDFS / "latex-indices.pdf") == [
        (
            "The mass mC q of the charm quark depends on the temperature, and so does the pressure P C B of the "
            "charmed baryons, which the model gives as follows:",
            1,
        ),
        (f"P C q = 9(a {MINUS} b)/2, (1)", 1),
        (f"P C B = (3b {MINUS} a)/2. (2)", 1),
        ("Both are read from the same tables.", 1),
    ]


def test_each_entry_of_references_by_author_and_year_is_one_paragraph_its_later_lines_hanging():
    # An entry's second line, set in from the edge under a first line that ran full, was
    # read as a paragraph's indented first line: each entry came out as two paragraphs.
    assert imported(PDFS / "latex-author-year.pdf")[2:] == [
        ("References", 1),
        (
            f"Office of the Auditor. Review of the ministry{APOSTROPHE}s published figures, with the tables of each "
            "region and their sources, 2023.",
            1,
        ),
        (
            "Agency for Statistics. Notes on the method used for the regional tables and for their revision. "
            "Technical report, Agency for Statistics, 2024.",
            1,
        ),
        ("Council of the Region. Minutes of the meeting of the finance committee, March 2024.", 1),
    ]


def test_a_paragraph_goes_on_past_a_figure_set_at_the_next_pages_top():
    # The figure's label, centred, ran into the paragraph at the page's foot ("which the
    # office had not been Ministry Agency"), and the paragraph's last lines, under the
    # figure's caption, were a paragraph of their own ("allowed to see when …").
    assert imported(PDFS / "latex-float.pdf")[1:] == [
        (
            "The ministry said that its figures had been checked twice before publication, and the agency that its "
            f"own were drawn from the regions{APOSTROPHE} registers, which the office had not been allowed to see "
            "when it wrote its report, nor since then, though it had asked for them in writing twice.",
            1,
        ),
        ("Ministry Agency", 2),
        ("Figure 1: The figures of each, by region.", 2),
        ("Both were asked for their sources.", 2),
    ]


def test_a_quotation_set_in_from_the_margins_goes_on_over_a_page_break():
    # Its lines at the next page's top, set in from the edge as the quotation's lines
    # before them, were taken for a new paragraph's indented first line.
    assert imported(PDFS / "latex-quote.pdf")[3:] == [
        (
            "Our figures were checked twice before publication, once by the regional offices that gathered them "
            f"and once by the ministry{APOSTROPHE}s own statisticians, and they stand as they were given on Monday, "
            "whatever the agency may have said of them since then in its own report to the council.",
            1,
        ),
        (f"The agency did not answer the office{APOSTROPHE}s letter.", 2),
    ]
