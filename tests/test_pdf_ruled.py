"""Tables drawn with rules, read by `dossier import` as a user runs it: the rules say where a
row ends and where its cells stand, where the spacing of the text cannot (a form whose
labels wrap beside values set a little higher). Rules that make no table (a frame around a
page, a rule under one column's story) change nothing.
"""

from __future__ import annotations

from .drawn_pdf import LEFT, Rule, Run, arabic
from .test_pdf_tables import BESIDE, cells
from .test_pdf_type import paragraphs

RIGHT, MIDDLE = 520, 230  # the table's right edge, and the rule between its two columns


def ruled(heights: list[float], columns: list[float]) -> list[Rule]:
    """A grid: a rule across the table at each height, and one down it at each column's edge."""
    level = [Rule(LEFT - 4, height, RIGHT, height) for height in heights]
    return level + [Rule(x, heights[-1], x, heights[0]) for x in columns]


def test_a_forms_rows_are_read_between_its_rules_a_label_beside_its_value(tmp_path):
    # As a word processor sets a form: labels in the first column, values in the second,
    # set three points higher; a value or a label wraps over lines the other does not.
    # Read by the spacing, a value beside a label of two lines came out before it, each a
    # paragraph: "Yes", then "Does the producer hold the standard's mark?".
    found = paragraphs(
        tmp_path,
        cells(
            (LEFT, 760, "Each product admitted to the exchange is described by the form below."),
            (LEFT, 728, "Standard's name"),
            (MIDDLE + 6, 731, "Steel billets and blooms cast continuously,"),
            (MIDDLE + 6, 718, "for use in structural steels, to the analysis"),
            (MIDDLE + 6, 705, "in the annex"),
            (LEFT, 682, "National standard's number"),
            (MIDDLE + 6, 685, "20300"),
            (LEFT, 660, "Issuing body"),
            (MIDDLE + 6, 663, "National standards organisation"),
            (LEFT, 638, "Does the producer hold the"),
            (LEFT, 626, "standard's mark?"),
            (MIDDLE + 6, 641, "Yes"),
            (LEFT, 604, "Date the papers were filed"),
            (MIDDLE + 6, 607, "2024-12-09"),
            (LEFT, 560, "The committee admitted the product at its meeting in January."),
        )
        + ruled([742, 696, 674, 652, 618, 596], [LEFT - 4, MIDDLE, RIGHT]),
    )
    assert found == [
        "Each product admitted to the exchange is described by the form below.",
        "Standard's name Steel billets and blooms cast continuously, for use in structural steels, to the analysis "
        "in the annex",
        "National standard's number 20300",
        "Issuing body National standards organisation",
        "Does the producer hold the standard's mark? Yes",
        "Date the papers were filed 2024-12-09",
        "The committee admitted the product at its meeting in January.",
    ]


def test_figures_over_figures_between_two_rules_are_rows_of_their_own(tmp_path):
    # A results table ruled every two rows (a rule between groups, as papers draw them):
    # each line of figures is a row, not one row of the two lines' figures, column by column.
    found = paragraphs(
        tmp_path,
        cells(
            (LEFT, 730, "Year"),
            (MIDDLE + 6, 730, "Readers"),
            (400, 730, "Share"),
            (LEFT, 710, "2021"),
            (MIDDLE + 6, 710, "14,200"),
            (400, 710, "0.31"),
            (LEFT, 698, "2022"),
            (MIDDLE + 6, 698, "15,900"),
            (400, 698, "0.34"),
            (LEFT, 678, "2023"),
            (MIDDLE + 6, 678, "17,100"),
            (400, 678, "0.36"),
            (LEFT, 666, "2024"),
            (MIDDLE + 6, 666, "18,400"),
            (400, 666, "0.38"),
        )
        + ruled([742, 722, 690, 658], [LEFT - 4, MIDDLE, 394, RIGHT]),
    )
    assert found == [
        "Year Readers Share",
        "2021 14,200 0.31",
        "2022 15,900 0.34",
        "2023 17,100 0.36",
        "2024 18,400 0.38",
    ]


def test_a_frame_a_column_rule_and_a_rule_under_one_columns_story_make_no_table(tmp_path):
    # A newsletter's page: a frame around it, a rule between its two columns, and a rule
    # under the first story of the left column only. Read as a table, the right column's
    # paragraph was cut at that rule's height and its halves run into the left's stories.
    left = [
        (
            "The council met on Monday to weigh",
            "the two plans for the city's buses,",
            "and heard from forty residents.",
        ),
        ("The library will open on Sundays from", "April, the council said, for a trial", "of six months."),
    ]
    right = [
        "A vote was set for March, after a",
        "month in which both plans will be",
        "shown at the public library, where",
        "residents may leave their comments",
        "with the staff, and at the town hall.",
        "The results will be published in",
        "the council's April newsletter.",
    ]
    lines = [(LEFT, 740 - 12 * number, text) for number, text in enumerate(left[0])]
    lines += [(LEFT, 692 - 12 * number, text) for number, text in enumerate(left[1])]
    lines += [(300, 740 - 12 * number, text) for number, text in enumerate(right)]
    frame = [Rule(LEFT - 8, 760, RIGHT, 760), Rule(LEFT - 8, 640, RIGHT, 640)]
    frame += [Rule(x, 640, x, 760) for x in (LEFT - 8, 290, RIGHT)]
    found = paragraphs(tmp_path, cells(*lines) + frame + [Rule(LEFT - 8, 708, 290, 708)])
    assert found == [" ".join(left[0]), " ".join(left[1]), " ".join(right)]


def test_a_right_to_left_forms_rows_are_read_from_the_right_label_first(tmp_path):
    # A form in Arabic: labels in the right column (one wrapped over two lines), values in
    # the left, set three points higher. Its rules are mirrored with its lines, so that its
    # cells are read from the right.
    def label(y: float, text: str) -> tuple[float, float, list[Run]]:
        return (RIGHT - 4 - 6 * len(arabic(text)), y, [Run(arabic(text), font="F4")])

    lines = [
        label(728, "اسم الشركة المسجلة لدى"),
        label(716, "الوزارة"),
        (LEFT, 731, [Run("Northwind Traders")]),
        label(694, "العنوان"),
        (LEFT, 697, [Run("12 Harbour Road")]),
    ]
    found = paragraphs(tmp_path, lines + ruled([742, 708, 686], [LEFT - 4, 300, RIGHT]))
    assert found == ["اسم الشركة المسجلة لدى الوزارة Northwind Traders", "العنوان 12 Harbour Road"]


def test_a_columns_lines_beside_a_ruled_table_on_its_rows_baselines_stay_the_columns(tmp_path):
    # A ruled table in the left column, drawn row by row with the right column's line on
    # the same baseline after each row: PDFium reads each as one line, "Measure Plan A The
    # council met…", and the prose ran into the table as a third column.
    rows = [("Measure", "Plan A"), ("Transport", "Fares frozen"), ("Housing", "Four hundred homes")]
    lines = []
    for number, text in enumerate(BESIDE):
        y = 728 - 22 * min(number, 2) - 11 * max(number - 2, 0)
        if number < len(rows):
            lines += [(76, y, [Run(rows[number][0])]), (166, y, [Run(rows[number][1])])]
        lines.append((330, y, [Run(text)]))
    table = [Rule(72, y, 300, y) for y in (740, 718, 696, 674)] + [Rule(x, 674, x, 740) for x in (72, 160, 300)]
    assert paragraphs(tmp_path, lines + table) == [
        "Measure Plan A",
        "Transport Fares frozen",
        "Housing Four hundred homes",
        " ".join(BESIDE),
    ]
