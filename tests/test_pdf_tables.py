"""A table in a PDF, read by `dossier import` as a user runs it: each row one paragraph, its
cells left to right, each cell's wrapped lines in order, as a reader reads the table; not a
line of each cell after another, as the lines stand on the page. The tables are set here
line by line (tests/drawn_pdf.py), as word processors and TeX set them: cell after cell,
or row after row; with space between rows, or none; a label set in the middle of its row.
"""

from __future__ import annotations

from .drawn_pdf import LEFT, Run, Turned
from .test_pdf_type import paragraphs

BEFORE = "The council published the following comparison of the two plans for the city."
AFTER = "Both plans were put to a public vote in March, and the second was chosen."
OPENING = [
    "The council published its comparison of the two plans for the city on Monday, after",
    "a month of hearings in which more than forty residents spoke. The plans differ most",
    "on the buses and on the libraries, which the table below sets side by side, as the",
    "council's own report does; the figures are the council's.",
]
# A column of prose beside a table.
BESIDE = [
    "The council met on Monday to weigh",
    "the two plans for the city's buses,",
    "and heard from forty residents who",
    "came to speak, most of them against",
    "the plan to double the fares on the",
    "night routes.",
]
CLOSING = [
    "Both plans were put to a public vote in March, and the second was chosen by a wide",
    "margin. The council said it would publish the costs of the winning plan in April, with",
    "a timetable for the new night routes and for the libraries' opening.",
]


def cells(*placed: tuple[float, float, str]) -> list:
    """Lines of text at (x, y), in the order given (the order they are drawn in)."""
    return [(x, y, [Run(text)]) for x, y, text in placed]


def test_a_rows_wrapped_cells_are_read_whole_cell_after_cell_with_its_label_set_in_the_middle(tmp_path):
    # As a word processor sets a table in a report: cell after cell, each cell's lines 12
    # points apart, 6 points more between rows, a row's label set in the middle of its
    # height; the report's paragraphs above and below.
    above = [(LEFT, 760 - 12 * number, text) for number, text in enumerate(OPENING)]
    below = [(LEFT, 610 - 12 * number, text) for number, text in enumerate(CLOSING)]
    found = paragraphs(
        tmp_path,
        cells(
            *above,
            (LEFT, 700, "Measure"),
            (160, 700, "Plan A"),
            (330, 700, "Plan B"),
            (LEFT, 670, "Transport"),
            (160, 682, "Bus fares frozen for two years"),
            (160, 670, "and night routes doubled across"),
            (160, 658, "the northern districts."),
            (330, 682, "Bus fares rise by five percent"),
            (330, 670, "in each of the next two years."),
            (LEFT, 634, "Culture"),
            (160, 640, "Two new libraries open in 2026."),
            (330, 640, "One library closes in the east,"),
            (330, 628, "another opens in 2027."),
            *below,
        ),
    )
    assert found == [
        " ".join(OPENING),
        "Measure Plan A Plan B",
        "Transport Bus fares frozen for two years and night routes doubled across the northern districts. "
        "Bus fares rise by five percent in each of the next two years.",
        "Culture Two new libraries open in 2026. One library closes in the east, another opens in 2027.",
        " ".join(CLOSING),
    ]


def test_an_evenly_spaced_tables_rows_start_at_each_label_and_a_label_may_wrap_too(tmp_path):
    # As TeX sets a tabular with paragraph columns: row after row, every line 12 points
    # apart, no space between rows; a cell's next line is in line with the other cells'.
    found = paragraphs(
        tmp_path,
        cells(
            (LEFT, 760, BEFORE),
            (LEFT, 736, "Term"),
            (200, 736, "Meaning"),
            (LEFT, 724, "Quorum"),
            (200, 724, "The least number of members who must"),
            (200, 712, "be present for a vote to count."),
            (LEFT, 700, "Second reading"),
            (200, 700, "The debate on the general principles"),
            (200, 688, "of a bill, before its amendments."),
            (LEFT, 676, "Standing orders of"),
            (200, 676, "The rules by which the house does"),
            (LEFT, 664, "the house"),
            (200, 664, "its business."),
            (LEFT, 640, AFTER),
        ),
    )
    assert found == [
        BEFORE,
        "Term Meaning",
        "Quorum The least number of members who must be present for a vote to count.",
        "Second reading The debate on the general principles of a bill, before its amendments.",
        "Standing orders of the house The rules by which the house does its business.",
        AFTER,
    ]


def test_rows_of_figures_set_close_under_a_label_between_them_stay_rows(tmp_path):
    # Two rows of figures for one setting ("6" set between them, in the middle), then 6
    # points of space and the next pair: a number does not wrap onto the next line, and a
    # word narrower than its column ("OTSL") is no line a cell's text went on from.
    found = paragraphs(
        tmp_path,
        cells(
            (LEFT, 736, "Layers"),
            (150, 736, "Language"),
            (250, 736, "Score"),
            (330, 736, "Time"),
            (150, 718, "OTSL"),
            (250, 718, "0.965"),
            (330, 718, "2.73"),
            (LEFT, 712, "6"),
            (150, 706, "HTML"),
            (250, 706, "0.969"),
            (330, 706, "5.39"),
            (150, 688, "OTSL"),
            (250, 688, "0.938"),
            (330, 688, "1.97"),
            (LEFT, 682, "4"),
            (150, 676, "HTML"),
            (250, 676, "0.952"),
            (330, 676, "3.77"),
            (LEFT, 650, AFTER),
        ),
    )
    assert found == [
        "Layers Language Score Time",
        "OTSL 0.965 2.73",
        "6",
        "HTML 0.969 5.39",
        "OTSL 0.938 1.97",
        "4",
        "HTML 0.952 3.77",
        AFTER,
    ]


def test_two_columns_of_prose_are_no_table(tmp_path):
    # A page in two columns, each line of the left beside one of the right, a gutter three
    # letters wide between: read down the left column, then the right, never across.
    left = [
        "The council met on Monday to weigh",
        "the two plans for the city's buses,",
        "and heard from forty residents.",
    ]
    right = [
        "A vote was set for March, after a",
        "month in which both plans will be",
        "shown at the public library.",
    ]
    rows = [(LEFT, 760 - 12 * number, text) for number, text in enumerate(left)]
    rows += [(LEFT + 200, 760 - 12 * number, text) for number, text in enumerate(right)]
    found = paragraphs(tmp_path, cells(*rows))
    assert found == [" ".join(left), " ".join(right)]


def test_a_table_in_small_type_at_the_pages_foot_is_no_footnote_even_where_a_row_begins_with_a_star(tmp_path):
    # A survey's table set small at the foot of the page, a row marked "*": its rows stay
    # rows, not one footnote running on from the star.
    small = [
        (LEFT, 150, "Question"),
        (300, 150, "Yes"),
        (360, 150, "No"),
        (LEFT, 138, "* Has a written policy on legal aid"),
        (300, 138, "X"),
        (LEFT, 126, "Trains its staff every year"),
        (360, 126, "X"),
        (LEFT, 114, "Publishes its caseload figures"),
        (300, 114, "X"),
    ]
    above = [(LEFT, 760 - 12 * number, text) for number, text in enumerate(OPENING)]
    found = paragraphs(tmp_path, [*cells(*above), *[(x, y, [Run(text, size=8)]) for x, y, text in small]])
    assert found == [
        " ".join(OPENING),
        "Question Yes No",
        "* Has a written policy on legal aid X",
        "Trains its staff every year X",
        "Publishes its caseload figures X",
    ]


def test_a_page_that_is_mostly_a_table_is_not_read_as_columns(tmp_path):
    # As a browser prints a table (cells in the middle of their rows' height) on a page of
    # few other lines: the space between its last two columns has most of the page's lines
    # on either side, as a page's gutter has; two rows of three cells stand across it.
    found = paragraphs(
        tmp_path,
        cells(
            (LEFT, 760, "The plans differ most on the buses and on the libraries."),
            (LEFT, 730, "Measure"),
            (130, 730, "Plan A"),
            (330, 730, "Plan B"),
            (130, 712, "Bus fares frozen for two years and"),
            (130, 700, "night routes doubled across the"),
            (130, 688, "northern districts."),
            (LEFT, 700, "Transport"),
            (330, 706, "Bus fares rise by five percent in"),
            (330, 694, "each of the next two years."),
            (LEFT, 664, "Culture"),
            (130, 664, "Two new libraries open in 2026."),
            (330, 676, "One library closes in the east;"),
            (330, 664, "another opens in the west in 2027,"),
            (330, 652, "with longer hours."),
            (LEFT, 628, "Housing"),
            (130, 628, "Four hundred homes on the depot site."),
            (330, 628, "Two hundred homes, and a park."),
            (LEFT, 600, "The second plan was chosen in March."),
        ),
    )
    assert found == [
        "The plans differ most on the buses and on the libraries.",
        "Measure Plan A Plan B",
        "Transport Bus fares frozen for two years and night routes doubled across the northern districts. "
        "Bus fares rise by five percent in each of the next two years.",
        "Culture Two new libraries open in 2026. One library closes in the east; another opens in the west in 2027, "
        "with longer hours.",
        "Housing Four hundred homes on the depot site. Two hundred homes, and a park.",
        "The second plan was chosen in March.",
    ]


def test_a_tables_last_row_at_a_columns_foot_does_not_run_into_the_next_column(tmp_path):
    # A table in the left column, prose in the right: the last row, "Housing Four hundred
    # homes", ends no sentence, and a paragraph of two lines or more goes on into the next
    # column; a row's cells counted as its lines, it ran on into the right column's prose.
    found = paragraphs(
        tmp_path,
        cells(
            (76, 728, "Measure"),
            (166, 728, "Plan A"),
            (76, 706, "Transport"),
            (166, 706, "Fares frozen"),
            (76, 684, "Housing"),
            (166, 684, "Four hundred homes"),
            *((330, 728 - 11 * number, text) for number, text in enumerate(BESIDE)),
        ),
    )
    assert found == ["Measure Plan A", "Transport Fares frozen", "Housing Four hundred homes", " ".join(BESIDE)]


def test_a_tables_column_headings_set_upright_are_read_as_words_in_its_first_row(tmp_path):
    # An IBM Redbook's table heads its columns of crosses with names set upright, read from
    # the bottom up: read as lines across, each letter was a line, "M M N" / "D D O" / …
    found = paragraphs(
        tmp_path,
        cells((LEFT, 700, "User action"))
        + [Turned(x, 700, text) for x, text in ((300, "*JOBCTL"), (330, "QIBM_DB_SECADM"), (360, "No Authority"))]
        + cells(
            (LEFT, 684, "Set the degree of a query"),
            (292, 684, "X"),
            (322, 684, "X"),
            (LEFT, 668, "Start or end a database monitor"),
            (322, 668, "X"),
            (352, 668, "X"),
        ),
    )
    assert found == [
        "User action *JOBCTL QIBM_DB_SECADM No Authority",
        "Set the degree of a query X X",
        "Start or end a database monitor X X",
    ]
