"""What a PDF's type says, read by `dossier import` as a user runs it: a heading set apart
by its font alone, a bullet glyph that maps to a control character, a fraction, a dash at a
line's end, a table of contents, a report whose tables outnumber its lines of prose. The
PDFs are set here line by line (tests/drawn_pdf.py), as real reports set them: an FAA
handbook's italic headings with no space under them, an IBM manual's bullets, its contents.
"""

from __future__ import annotations

import pytest
import yaml

from .drawn_pdf import ACUTE, DIAERESIS, LEFT, Run, arabic, korean, set_lines
from .support import run

PITCH = 12  # a 10-point line's baseline to the next's


def paragraphs(tmp_path, *pages) -> list[str]:
    """The paragraphs `dossier import` gives the pages of lines ((x, y, runs) each)."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(set_lines(*pages))
    result = run("import", pdf)
    assert result.returncode == 0, result.stderr
    return [item["text"] for item in yaml.safe_load(result.stdout)["paragraphs"]]


def imported(tmp_path, lines) -> list[str]:
    """The paragraphs of a page of `lines` ((x, runs) each) from the top, one line apart."""
    return paragraphs(tmp_path, [(x, 760 - number * PITCH, runs) for number, (x, runs) in enumerate(lines)])


def column(x: float, texts: list[str], top: float = 760) -> list:
    """A column of plain lines at `x`, from `top` down, one line apart."""
    return [(x, top - number * PITCH, [Run(text)]) for number, text in enumerate(texts)]


def set_from(y: float, texts: list[str], pitch: float = PITCH) -> tuple[list, float]:
    """Lines of `texts` at the left edge from `y` down, `pitch` apart; and where the next
    would stand."""
    return [(LEFT, y - number * pitch, [Run(text)]) for number, text in enumerate(texts)], y - len(texts) * pitch


def body(text: str) -> tuple[float, list[Run]]:
    return LEFT, [Run(text)]


# Lines of Helvetica at 10 points that run about the same width, as justified text does.
FIRST = "The two general types of locking nuts in use are the all-metal type and the fiber lock type;"
SECOND = "for the sake of simplicity only the three commonest kinds are considered in this handbook."
THIRD = "The ring keeps the locking and load-carrying sections such a distance apart that a bolt"
FOURTH = "screwed through one section must push the other outward against the force of the ring."


def test_a_heading_in_italics_with_no_space_under_it_is_its_own_paragraph(tmp_path):
    found = imported(
        tmp_path,
        [
            body(FIRST),
            body(SECOND),
            body(""),
            (LEFT, [Run("Spring Locking Nut", font="F2")]),
            body(THIRD),
            body(FOURTH),
        ],
    )
    assert found == [f"{FIRST} {SECOND}", "Spring Locking Nut", f"{THIRD} {FOURTH}"]


def test_a_line_that_merely_ends_in_an_italic_word_does_not_end_its_paragraph(tmp_path):
    # Only a line all in the other font is a heading: here one word of it is.
    found = imported(
        tmp_path,
        [body(FIRST), (LEFT, [Run("see the "), Run("Handbook", font="F2")]), body(THIRD), body(FOURTH)],
    )
    assert found == [f"{FIRST} see the Handbook {THIRD} {FOURTH}"]


def test_a_bullet_glyph_that_maps_to_a_control_character_is_no_hyphen_on_the_line_before(tmp_path):
    # IBM's manuals draw their bullets from a symbol font whose glyph PDFium maps to U+0002,
    # the character it also gives for a hyphen at a line's end: it used to come out as
    # "described: -", and the item ran on from the line before.
    found = imported(
        tmp_path,
        [
            body("Two fundamental steps in securing information assets must be described:"),
            (LEFT, [Run("*", font="F3"), Run("   First, the definition of a security policy.")]),
            (LEFT, [Run("*", font="F3"), Run("   Second, the use of resource security.")]),
        ],
    )
    assert found == [
        "Two fundamental steps in securing information assets must be described:",
        "First, the definition of a security policy.",
        "Second, the use of resource security.",
    ]


def test_a_fraction_set_with_a_raised_numerator_stays_a_fraction_not_a_superscript(tmp_path):
    fraction = [Run("1", size=6, rise=3), Run("/", font="F3"), Run("4", size=6, rise=-1)]
    found = imported(
        tmp_path, [(LEFT, [Run("The wing type ranges in size from No. 6 up to "), *fraction, Run(" inch.")])]
    )
    assert found == ["The wing type ranges in size from No. 6 up to 1\u20444 inch."]


def test_a_dash_at_a_lines_end_joins_the_next_line_as_it_is_set(tmp_path):
    # An em dash set close ("platforms\u2014") goes on with no space; a spaced one keeps it.
    found = imported(
        tmp_path,
        [
            body("The journey of the word processor from clunky typewriters to AI-powered platforms\x97"),
            body("reflects the broader progress of technology, and of writing itself, over fifty years."),
            body(""),
            body("The journey of the word processor from clunky typewriters to AI-powered platforms \x97"),
            body("reflects the broader progress of technology, and of writing itself, over fifty years."),
        ],
    )
    assert found == [
        "The journey of the word processor from clunky typewriters to AI-powered platforms\u2014reflects the "
        "broader progress of technology, and of writing itself, over fifty years.",
        "The journey of the word processor from clunky typewriters to AI-powered platforms \u2014 reflects the "
        "broader progress of technology, and of writing itself, over fifty years.",
    ]


def test_each_entry_of_a_table_of_contents_is_its_own_paragraph(tmp_path):
    leaders = " ." * 40
    found = imported(
        tmp_path,
        [
            body("Contents"),
            body(""),
            body(f"Notices{leaders} vii"),
            body(f"Chapter 1. Securing and protecting data{leaders[: -2 * 8]} 1"),
            body(f"1.1 Security fundamentals{leaders[: -2 * 2]} 2"),
        ],
    )
    assert found == [
        "Contents",
        f"Notices{leaders} vii",
        f"Chapter 1. Securing and protecting data{leaders[: -2 * 8]} 1",
        f"1.1 Security fundamentals{leaders[: -2 * 2]} 2",
    ]


def test_a_bullet_alone_and_an_icon_fonts_marks_are_no_paragraphs(tmp_path):
    prose = [body(FIRST), body(SECOND), body(THIRD), body(FOURTH)]
    found = imported(
        tmp_path,
        [*prose, body(""), (LEFT, [Run("*", font="F3")]), body(""), body('! # " "'), body(""), *prose],
    )
    assert found == [f"{FIRST} {SECOND} {THIRD} {FOURTH}"] * 2


def test_the_body_is_the_type_most_of_the_text_is_set_in_not_the_commonest_lines(tmp_path):
    # A page whose table has more lines, in smaller type and set close (its headings' cells
    # over two lines: "enc-", "layers"), than the prose has: taken for the body, they made
    # every line of the prose a paragraph of its own (as an arXiv paper's page came out).
    prose = [FIRST, SECOND, THIRD, FOURTH]
    cells = ["enc-", "layers", "dec-", "layers", "TEDs", "simple", "complex", "mAP", "(0.75)", "time"]
    lines = column(LEFT, prose)
    lines += [(LEFT, 700 - number * 7, [Run(text, size=8)]) for number, text in enumerate(cells)]
    found = paragraphs(tmp_path, lines)
    assert found[0] == " ".join(prose)


def test_a_chapters_page_number_at_the_foot_is_left_out_and_a_footnote_keeps_its_mark_whole(tmp_path):
    # A handbook numbers its pages by chapter ("7-45"); a Korean brief marks its notes "1)".
    lines = [
        *column(LEFT, [FIRST, SECOND, THIRD, FOURTH]),
        (LEFT, 100, [Run("1) Statement of the ministry, published on its site on 4 March.", size=8)]),
        (500, 40, [Run("7-45")]),
    ]
    found = paragraphs(tmp_path, lines)
    assert found == [
        f"{FIRST} {SECOND} {THIRD} {FOURTH}",
        "1) Statement of the ministry, published on its site on 4 March.",
    ]


def test_a_word_broken_with_unicodes_hyphen_is_joined_again(tmp_path):
    # WeasyPrint breaks words with U+2010, not the ASCII hyphen.
    found = imported(
        tmp_path,
        [
            (LEFT, [Run("Riba Vinra's office argued that the sanc"), Run("~", font="F3")]),
            body("tions would be withdrawn by September 15."),
        ],
    )
    assert found == ["Riba Vinra's office argued that the sanctions would be withdrawn by September 15."]


def test_a_character_beyond_u_ffff_is_read_as_one(tmp_path):
    # PDFium gives such a character as two UTF-16 halves; read one by one, they were two
    # lone surrogates, which no YAML file can hold: a Korean policy brief's import failed.
    bracketed = [Run("The brief "), Run("[", font="F3"), Run("Issues and Points"), Run("]", font="F3")]
    found = imported(tmp_path, [(LEFT, bracketed), body("is published by the research service of the assembly.")])
    assert found == [
        "The brief \U000f0854Issues and Points\U000f0855 is published by the research service of the assembly."
    ]


def test_arabic_is_read_from_the_right_its_ligatures_in_order(tmp_path):
    # Lines set flush right, ragged on the left, as Word sets Arabic: read as a page set
    # left to right, a line shorter than the one before looked like an indented first line
    # (a new paragraph), and a last line that stops short, at the left, like a full one.
    # PDFium gives the ligature lam-alef's two letters reversed: "السلام" came out "السالم".
    lines = [
        "قال الوزير إن السلام ممكن في المنطقة كلها",
        "وإن الحكومة تعمل على ذلك منذ سنوات",
        "طويلة مع الدول المجاورة.",
        "وقال أيضا إن الكلام وحده لا يكفي",
        "للوصول إلى اتفاق دائم.",
    ]
    right = 500
    drawn = [
        (right - 6 * len(arabic(line)), 760 - number * PITCH, [Run(arabic(line), font="F4")])
        for number, line in enumerate(lines)
    ]
    assert paragraphs(tmp_path, drawn) == [
        "قال الوزير إن السلام ممكن في المنطقة كلها وإن الحكومة تعمل على ذلك منذ سنوات طويلة مع الدول المجاورة.",
        "وقال أيضا إن الكلام وحده لا يكفي للوصول إلى اتفاق دائم.",
    ]


def test_an_arabic_vowel_sign_stays_on_its_letter_in_its_word(tmp_path):
    # Word draws a vowel sign over its letter, then a space of no width; PDFium, reversing
    # the line to the order it is read in, gave the sign before its letter and the space
    # before it: "أيضًا" ("also") came out "أي ًضا", one word as two.
    lines = ["وقال الوزير أيضًا إن الحكومة تعمل", "دائمًا على ذلك."]
    signs = [line.count("\u064b") for line in lines]
    drawn = [
        (500 - 6 * (len(arabic(line)) - sign), 760 - number * PITCH, [Run(arabic(line), font="F4")])
        for number, (line, sign) in enumerate(zip(lines, signs, strict=True))
    ]
    assert paragraphs(tmp_path, drawn) == ["وقال الوزير أيضًا إن الحكومة تعمل دائمًا على ذلك."]


def test_a_forms_label_and_its_value_in_latin_letters_are_read_from_the_right(tmp_path):
    # A form's row in Arabic or Persian, its label on the right and its value far to its left: where the
    # value holds most of the line's letters (Latin ones, or figures), PDFium gives it
    # first, "Northwind Traders الاسم", as a line written left to right.
    def flush_right(top: float, texts: list[str]) -> list:
        return [
            (500 - 6 * len(arabic(text)), top - n * PITCH, [Run(arabic(text), font="F4")])
            for n, text in enumerate(texts)
        ]

    row = [
        (500 - 6 * len(arabic("الاسم")), 700, [Run(arabic("الاسم"), font="F4")]),
        (150, 700, [Run("Northwind Traders")]),
    ]
    lines = [
        *flush_right(760, ["قال الوزير إن السلام ممكن في المنطقة كلها", "وإن الحكومة تعمل على ذلك منذ سنوات."]),
        *row,
        *flush_right(640, ["وقال أيضا إن الكلام وحده لا يكفي", "للوصول إلى اتفاق دائم."]),
    ]
    assert paragraphs(tmp_path, lines) == [
        "قال الوزير إن السلام ممكن في المنطقة كلها وإن الحكومة تعمل على ذلك منذ سنوات.",
        "الاسم Northwind Traders",
        "وقال أيضا إن الكلام وحده لا يكفي للوصول إلى اتفاق دائم.",
    ]


def test_a_korean_word_broken_between_syllables_at_a_lines_end_is_joined_whole(tmp_path):
    # A Korean word processor breaks a line between any two syllables, and draws a space
    # after a line that ends a word: "인정" / "하여" is one word, "인정하여", where "다른 " /
    # "보험사는" are two. Joined with a space, "혼 선이" read as two words, and no quote typed
    # from the page, "혼선이", matched. Short lines ending a field, "재해 인정" / "보험금
    # 지급", stay apart: a broken word runs to the column's edge.
    lines = [
        "보험회사는 코로나를 재해로 인정",
        "하여 보험금을 지급하고, 다른 ",
        "보험사는 이를 인정하지 않아 혼",
        "선이 생기고 있어, 재해 인정 ",
        "여부가 중요한 문제로 확대되고 ",
        "있다.",
        "재해 인정",
        "보험금 지급",
    ]
    drawn = [(LEFT, 760 - number * PITCH, [Run(korean(line), font="F5")]) for number, line in enumerate(lines)]
    assert paragraphs(tmp_path, drawn) == [
        "보험회사는 코로나를 재해로 인정하여 보험금을 지급하고, 다른 보험사는 이를 인정하지 않아 혼선이 생기고 있어, "
        "재해 인정 여부가 중요한 문제로 확대되고 있다.",
        "재해 인정 보험금 지급",
    ]


def test_korean_lines_are_joined_with_a_space_where_the_document_draws_none_at_lines_ends(tmp_path):
    # A browser's print draws no space at a line's end: there, nothing tells a word broken
    # between syllables from two words, and lines broken between words ("코로나를" /
    # "재해로") are joined with a space, as they always were.
    lines = ["보험회사는 코로나를", "재해로 인정하여 보험금을", "지급하고 있다."]
    drawn = [(LEFT, 760 - number * PITCH, [Run(korean(line), font="F5")]) for number, line in enumerate(lines)]
    assert paragraphs(tmp_path, drawn) == ["보험회사는 코로나를 재해로 인정하여 보험금을 지급하고 있다."]


def test_a_headings_second_line_hanging_past_its_number_is_the_same_heading(tmp_path):
    # An IBM Redbook's chapter heading, 26 points, its second line under its first word,
    # not under "Chapter 1.": it read as an indented paragraph's first line.
    found = paragraphs(
        tmp_path,
        [
            (LEFT, 700, [Run("Chapter 1. Securing and protecting the", size=24)]),
            (LEFT + 56, 671, [Run("data", size=24)]),
            *column(
                LEFT,
                [
                    "Recent news headlines are filled with reports of data breaches",
                    "that cost businesses of all sizes.",
                ],
                top=640,
            ),
        ],
    )
    assert found == [
        "Chapter 1. Securing and protecting the data",
        "Recent news headlines are filled with reports of data breaches that cost businesses of all sizes.",
    ]


def test_a_paragraph_across_a_page_in_two_columns_is_not_broken_at_each_line(tmp_path):
    # A Redbook's page: a paragraph across the page over a table in two columns. Each line
    # across both columns was a run of its own, read as a new column: the paragraph broke
    # after its first line, where the next began with a capital ("… to / Theresa. Before").
    across = [
        "For example, assume that a business has assigned the duty to manage the security to",
        "Theresa. Before the release of version 7.2, to grant privileges, Theresa had to have",
        "the same privileges that she was granting to the others in the company.",
    ]
    left = [
        "The left column of the table",
        "lists the older commands that",
        "an administrator may run to",
        "grant the usage of functions.",
    ]
    right = [
        "The right column of the table",
        "lists the newer roles that",
        "an administrator may give to",
        "the users of the database.",
    ]
    found = paragraphs(
        tmp_path,
        [*column(LEFT, across), *column(LEFT, left, top=700), *column(320, right, top=694)],
    )
    assert found == [" ".join(across), " ".join(left), " ".join(right)]


def test_a_symbol_fonts_bullet_that_reads_as_a_letter_starts_each_item(tmp_path):
    # An IBM brochure's list: Wingdings' box, which PDFium reads as "r", in a font of its
    # own before each item. The items ran together: "… scalability r Advanced SQL …".
    items = ["Database performance and scalability", "Advanced SQL knowledge and skills transfer", "DB2 Web Query"]
    variable = " is the number of days, the price is given by the table."
    lines = [
        body("Global engagements of the centre cover topics including:"),
        *[(LEFT, [Run("r", font="F2"), Run(f" {item}")]) for item in items],
        # once, a letter in a font of its own is a word: a variable in italics
        body("Each of them is priced by the day, and where the number of days"),
        (LEFT, [Run("x", font="F2"), Run(variable)]),
    ]
    # (a line's space between the list and the paragraph after it)
    drawn = [(x, 760 - (number + (number > 3)) * PITCH, runs) for number, (x, runs) in enumerate(lines)]
    assert paragraphs(tmp_path, drawn) == [
        "Global engagements of the centre cover topics including:",
        *items,
        f"Each of them is priced by the day, and where the number of days x{variable}",
    ]


def test_bullets_drawn_before_the_text_stand_before_their_items(tmp_path):
    # WeasyPrint draws a page's bullets first, each a line of its own, then the text; a
    # bullet's box is low, so by the tops of their boxes each came after its item's first
    # line, inside the item ("… a adviser at • the Kimkimkim Council").
    items = [
        ("The ministry said that its figures had been checked", "twice before publication and stood as given."),
        ("The agency said that it would not comment on them", "before its own review was finished."),
    ]
    bullets = [(LEFT, 700 - number * 2 * PITCH, [Run("\x95")]) for number in range(len(items))]
    text = [
        (LEFT + 12, 700 - (number * 2 + half) * PITCH, [Run(line)])
        for number, item in enumerate(items)
        for half, line in enumerate(item)
    ]
    found = paragraphs(tmp_path, [(LEFT, 730, [Run("The offices concerned were asked for comment:")]), *bullets, *text])
    assert found == [
        "The offices concerned were asked for comment:",
        *(" ".join(item) for item in items),
    ]


def test_prose_goes_on_into_the_next_column_at_a_capital_after_a_ragged_line(tmp_path):
    # Ragged text stops short of the column's edge anywhere: a paragraph of prose whose
    # sentence has not ended goes on at the next column's top, a name there or not.
    left = [
        "The council met on Monday to hear the",
        "report on the regional situation, and the",
        "minister said the figures were checked",
        "twice before publication by the",
    ]
    right = [
        "Ministry of Finance on its site last week.",
        "Officials said a second report would come",
        "before the end of the year with the tables.",
        "The agency declined to comment on it.",
    ]
    found = paragraphs(tmp_path, column(LEFT, left) + column(320, right))
    assert found == [" ".join(left + right)]


def test_a_paragraph_interrupted_by_a_figure_goes_on_at_the_next_columns_top_whole(tmp_path):
    # An FAA handbook's page: a paragraph runs down to a figure at the left column's foot
    # (its labels in small type, its caption in italics) and goes on at the top of the right
    # column. The paragraph comes out whole, the figure's words after it.
    left = [
        "Boots nuts are made with three different",
        "spring styles and in various shapes and",
        "sizes. The wing type, which is the one",
    ]
    right = [
        "most common, ranges in size from No. 6",
        "up to one inch. The nuts are cadmium-plated",
        "steel or anodized aluminum alloy.",
    ]
    lines = [
        *column(LEFT, left),
        (LEFT + 10, 700, [Run("Boots aircraft nut", size=7)]),
        (LEFT + 120, 700, [Run("Elastic anchor nut", size=7)]),
        (LEFT, 660, [Run("Figure 7-26. Self-locking nuts.", font="F2")]),
    ]
    found = paragraphs(tmp_path, [*lines, *column(320, right)])
    assert found[0] == " ".join(left + right)
    assert "Figure 7-26. Self-locking nuts." in found[1:]


def test_a_list_item_with_no_stop_at_a_columns_foot_does_not_run_into_the_next_column(tmp_path):
    # Prose goes on into the next column at a capital (above); a list's item, which often
    # ends with no stop, does not.
    left = [
        "The center helps its clients with these:",
        "\x95 Database performance and scalability",
        "\x95 Database modernization and the design",
        "of the oldest applications",
    ]
    right = [
        "The center's consultants work at the client's",
        "site or remotely, as the client prefers it.",
        "They are paid by the day, with no retainer.",
    ]
    found = paragraphs(tmp_path, column(LEFT, left) + column(320, right))
    assert found == [
        "The center helps its clients with these:",
        "Database performance and scalability",
        "Database modernization and the design of the oldest applications",
        " ".join(right),
    ]


def test_a_justified_line_of_few_words_spread_out_is_no_tables_row(tmp_path):
    # A narrow justified column spreads a line of few words evenly ("Evado Kozeleva
    # confirmed the" before a long word): gaps ten letters wide, all alike (as near as
    # Helvetica's widths allow here), are no table's, which stand unevenly apart.
    words = ["Evado", "Kozeleva", "confirmed", "the"]
    spread = [
        (LEFT + offset, 760 - 2 * PITCH, [Run(word)]) for offset, word in zip((0, 128, 270, 417), words, strict=True)
    ]
    found = paragraphs(
        tmp_path, [*column(LEFT, [FIRST, SECOND]), *spread, *column(LEFT, [THIRD, FOURTH], 760 - 3 * PITCH)]
    )
    assert found == [f"{FIRST} {SECOND} Evado Kozeleva confirmed the {THIRD} {FOURTH}"]


def test_a_lists_items_second_lines_do_not_make_the_document_one_that_indents_its_paragraphs(tmp_path):
    # Items whose second lines stand right of their bullets, as reportlab sets them, looked
    # like indented first lines: read as a document that indents its paragraphs, the
    # paragraph on the next page, at the margin, was taken for the last item's going on.
    items = []
    for number in range(6):
        items += [f"\x95 Item {number} said that the ministry had not confirmed the figures it", "gave on Monday."]
    lines = [
        (LEFT + (6 if text.startswith("\x95") else 24), 760 - n * PITCH, [Run(text)]) for n, text in enumerate(items)
    ]
    found = paragraphs(
        tmp_path,
        [*column(LEFT, [FIRST, SECOND, "", ""]), *[(x, y - 4 * PITCH, r) for x, y, r in lines]],
        column(LEFT, [THIRD, FOURTH]),
    )
    assert found[-1] == f"{THIRD} {FOURTH}"
    assert found[-2] == "Item 5 said that the ministry had not confirmed the figures it gave on Monday."


def test_a_hyphen_at_a_lines_end_is_the_words_own_where_the_document_breaks_no_words(tmp_path):
    # A browser breaks a line only at a hyphen the text has ("Save as PDF" of a news page):
    # "cost-cutting" came out "costcutting", "re-election" "reelection".
    found = imported(
        tmp_path,
        [
            body("The board approved the cost-"),
            body("cutting plan a week after the re-"),
            body("election of its chair, in a long-"),
            body("awaited vote."),
        ],
    )
    assert found == [
        "The board approved the cost-cutting plan a week after the re-election of its chair, in a long-awaited vote."
    ]


def test_a_hyphen_at_a_lines_end_before_a_number_keeps_it_and_no_space_comes_between(tmp_path):
    # No word is broken before a number: "mid-" "2020s" came out "mid- 2020s", and a quote of
    # "COVID-19" from the source was not found in it.
    found = imported(
        tmp_path,
        [
            body("The mission is due to launch in the mid-"),
            body("2020s, the agency said, after the COVID-"),
            body("19 delays of 2020-"),
            body("2021 and a spaced dash -"),
            body("12 days in all."),
        ],
    )
    assert found == [
        "The mission is due to launch in the mid-2020s, the agency said, after the COVID-19 delays of 2020-2021"
        " and a spaced dash - 12 days in all."
    ]


def test_a_document_that_breaks_words_has_them_joined_again(tmp_path):
    # Its words broken at lines' ends are written whole elsewhere in it ("sanctions"), so it
    # hyphenates: a broken word it writes nowhere else ("evacu-ated") is joined too, and one
    # it writes with its hyphen elsewhere ("cost-cutting") keeps it.
    found = imported(
        tmp_path,
        [
            body("The sanctions were lifted in March. Officials said the sanc-"),
            body("tions had worked, that the town was evacu-"),
            body("ated in time, and that the cost-"),
            body("cutting went on, as cost-cutting does."),
        ],
    )
    assert found == [
        "The sanctions were lifted in March. Officials said the sanctions had worked, that the town "
        "was evacuated in time, and that the cost-cutting went on, as cost-cutting does."
    ]


def test_a_word_broken_in_a_document_typeset_by_tex_is_joined_with_no_other_sign(tmp_path):
    # A page of a paper (docling's arXiv page) breaks one word, written nowhere else: the
    # program that made it says whether it breaks words. TeX does, unless told not to.
    lines = [body("Table 1 shows the HPO performed on the same architecture. Ef-"), body("fects of fewer layers.")]
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(
        set_lines(
            [(x, 760 - n * PITCH, runs) for n, (x, runs) in enumerate(lines)],
            information={"Creator": "LaTeX with hyperref"},
        )
    )
    result = run("import", pdf)
    assert result.returncode == 0, result.stderr
    assert [item["text"] for item in yaml.safe_load(result.stdout)["paragraphs"]] == [
        "Table 1 shows the HPO performed on the same architecture. Effects of fewer layers."
    ]
    assert imported(tmp_path, lines) == [
        "Table 1 shows the HPO performed on the same architecture. Ef-fects of fewer layers."
    ]


def test_a_drop_cap_begins_the_word_of_the_line_beside_it(tmp_path):
    # A paragraph's first letter set large, three lines deep ("Save as PDF" of a page that
    # styles its first letter): read as a line of its own, it was a paragraph, "R", and
    # the paragraph began "ainfall".
    found = paragraphs(
        tmp_path,
        [
            (LEFT, 736, [Run("R", size=40)]),
            (LEFT + 32, 760, [Run("ainfall in the valley was the heaviest in a decade, the water")]),
            (LEFT + 32, 748, [Run("board said on Monday, and the reservoirs were full")]),
            (LEFT + 32, 736, [Run("for the first time since the dam was built,")]),
            (LEFT, 724, [Run("eleven years ago. Farmers welcomed the news.")]),
        ],
    )
    assert found == [
        "Rainfall in the valley was the heaviest in a decade, the water board said on Monday, and the "
        "reservoirs were full for the first time since the dam was built, eleven years ago. Farmers "
        "welcomed the news."
    ]


def test_an_article_set_wider_apart_than_the_menus_around_it_keeps_its_paragraphs_whole(tmp_path):
    # A news page printed from the web: its menus and links, more letters than the article,
    # in smaller type set close; the article's lines 18 points apart. Read at the menus'
    # spacing, each of the article's lines was a paragraph.
    menu = [(LEFT, 800 - n * 10, [Run(f"Section {n}: world, business, sport, weather", size=9)]) for n in range(24)]
    article, y = [], 540.0
    for number in range(4):
        texts = [f"Paragraph {number} of the report begins here and runs", "on over a second line of the page and"]
        lines, y = set_from(y, [*texts, "ends on its third."], pitch=18)
        article += lines
        y -= 14
    found = paragraphs(tmp_path, menu + article)
    assert found[0].startswith("Section 0: world") and found[1:] == [
        f"Paragraph {number} of the report begins here and runs on over a second line of the page and "
        "ends on its third."
        for number in range(4)
    ]


def test_a_dialogue_of_one_line_paragraphs_keeps_a_full_lines_paragraph_apart_from_the_next(tmp_path):
    # A story's dialogue (a serial printed from the web): most paragraphs are one line, a
    # blank line apart, so most pairs of lines stand a paragraph's space apart. Read as the
    # usual spacing, it ran a full line's paragraph into the next: "... about work?" That".
    said = [
        ['"Do you want to come?"'],
        [
            '"I have only used it a few times so far. It is not that many people, and they',
            'are all working."',
        ],
        ['"Gotcha."'],
        ['"Is it not a lot of famous people sitting around in towels, talking about work?"'],
        [
            "That sounded like a noisy place to do homework in, unless your parents were",
            "famous and you were used to them.",
        ],
        ['"Let me think about it."'],
        [
            '"Sure. The sauna is open until ten, and the benches at the back are the quiet',
            'ones."',
        ],
        ['"Thanks."'],
        ['"See you there."'],
    ]
    lines, y = [], 760.0
    for paragraph in said:
        drawn, y = set_from(y, paragraph)
        lines += drawn
        y -= PITCH  # a blank line between paragraphs
    assert paragraphs(tmp_path, lines) == [" ".join(paragraph) for paragraph in said]


def test_a_paragraph_that_ends_with_an_ideographic_full_stop_at_a_pages_foot_ends_there(tmp_path):
    # Japanese and Chinese end their sentences with "。": the next page's first line began a
    # paragraph of its own, but with no stop that the reading knew, it ran into the last.
    ended = "ended with the full stop of Japanese and Chinese|"
    first_page = [
        (LEFT, 760, [Run("The first paragraph of the report runs over three lines of the page, and")]),
        (LEFT, 748, [Run("goes on to the third, where it ends at the foot of the page: its sentence")]),
        (LEFT, 736, [Run(ended, font="F3")]),
    ]
    second_page = column(LEFT, ["The next page begins a paragraph of its own, over two lines", "of text."])
    assert paragraphs(tmp_path, first_page, second_page) == [
        "The first paragraph of the report runs over three lines of the page, and goes on to the third, "
        "where it ends at the foot of the page: its sentence ended with the full stop of Japanese and Chinese。",
        "The next page begins a paragraph of its own, over two lines of text.",
    ]


def test_quotes_set_in_from_the_edge_do_not_make_a_page_one_that_indents_its_paragraphs(tmp_path):
    # A news page printed from the web: one-line quotes set in from the edge, a paragraph's
    # space above and below each. Taken for paragraphs' indented first lines, they made the
    # document one that indents its paragraphs, and the next page's first paragraph, at the
    # edge, ran into the last of this one.
    lines, y = [], 760.0
    for number in range(3):
        texts = [f"Paragraph {number} of the report begins here and runs on over a", "second line of the page"]
        paragraph, y = set_from(y, [*texts, "and a third, where it ends with a stop."])
        lines += paragraph
        y -= 8
        lines.append((LEFT + 30, y, [Run(f"A quote of one line, number {number}.")]))
        y -= PITCH + 8
    lines.append((LEFT, y, [Run("The last paragraph of the page ends at its foot with a stop.")]))
    second_page = column(LEFT, ["Another paragraph begins at the next page's top and runs", "on."])
    found = paragraphs(tmp_path, lines, second_page)
    assert found[-2:] == [
        "The last paragraph of the page ends at its foot with a stop.",
        "Another paragraph begins at the next page's top and runs on.",
    ]
    assert "A quote of one line, number 1." in found


@pytest.mark.parametrize(
    ("top", "shown"),
    [
        (
            "\x93I am so hungry I could eat a horse,\x94 means you are hungry.",
            "“I am so hungry I could eat a horse,” means you are hungry.",
        ),
        (
            "(Artist: Elearia) The harbour at dawn, from the north shore.",
            "(Artist: Elearia) The harbour at dawn, from the north shore.",
        ),
    ],
)
def test_a_heading_at_a_pages_foot_does_not_run_into_a_quotation_at_the_next_pages_top(tmp_path, top, shown):
    # A heading, the last line of a page; the next page opens on a quotation (or an aside
    # in brackets), its first letter a capital after the mark. Taken for a line that begins
    # in lower case, it ran the heading into it: "When in Doubt, Leave it Out “I am…".
    first_page = [
        *column(LEFT, ["Some things are funny enough to make a reader cry with laughter, but not", "many."]),
        (LEFT, 724, [Run("When in Doubt, Leave it Out", font="F2")]),
    ]
    second_page = column(LEFT, [top, "Then more."])
    assert paragraphs(tmp_path, first_page, second_page) == [
        "Some things are funny enough to make a reader cry with laughter, but not many.",
        "When in Doubt, Leave it Out",
        f"{shown} Then more.",
    ]


def test_a_line_set_further_down_for_a_raised_footnote_mark_stays_in_its_paragraph(tmp_path):
    # A browser sets a line that holds a raised mark ("[31]", small) lower than its usual
    # spacing, by about the mark's rise (a printed Wikipedia article, 16.7 points where the
    # lines stand 13.5 apart): read as a paragraph's space, it cut the paragraph there.
    marked = [Run("1642."), Run("[31]", size=7, rise=4), Run(" In a hostile encounter, four of the crew were killed,")]
    lines = [
        (LEFT, 760, [Run("The first Europeans known to have reached the coast were a crew of twelve, in")]),
        (LEFT, 744.8, marked),
        (LEFT, 732.8, [Run("and the ship sailed on to the north without landing again, as its journal")]),
        (LEFT, 720.8, [Run("tells.")]),
        *column(LEFT, ["A second paragraph follows a paragraph's space below, over two lines", "of text."], top=700),
    ]
    assert paragraphs(tmp_path, lines) == [
        "The first Europeans known to have reached the coast were a crew of twelve, in 1642.[³¹] In a hostile "
        "encounter, four of the crew were killed, and the ship sailed on to the north without landing again, as "
        "its journal tells.",
        "A second paragraph follows a paragraph's space below, over two lines of text.",
    ]


# A column of text, ragged at its right, and a sidebar's short lines beside it, set at
# baselines between the text's (as a brochure or a printed web page sets them).
MAIN = [
    "With combined experience and direct access to the groups that",
    "develop it, the centre helps its clients reach their goals and",
    "gain confidence in the products they run, from the first plan to",
    "the last review of the systems they keep for years.",
]
SIDEBAR = ["Our experts help", "you plan, build", "and run your", "systems safely."]


def test_a_sidebar_beside_the_text_is_read_apart_not_into_its_paragraph(tmp_path):
    # An IBM brochure's page: its "Highlights" on the left, the text in a column at the
    # right, no wider than half the page. Read line by line down the page, the text's
    # paragraph came out in pieces, the sidebar's lines among them.
    found = paragraphs(tmp_path, [*column(250, MAIN), *column(LEFT, SIDEBAR, top=754)])
    assert found == [" ".join(SIDEBAR), " ".join(MAIN)]


def test_a_sidebar_just_right_of_ragged_lines_is_read_after_their_paragraph(tmp_path):
    # A printed web page: a newsletter box a little right of where the article's ragged
    # lines stop; a line of the article reaching further than the others broke it in two.
    sidebar = ["Sign up for our weekly", "newsletter.", "Subscribe"]
    found = paragraphs(tmp_path, [*column(LEFT, MAIN), *column(LEFT + 318, sidebar, top=754)])
    assert found == [" ".join(MAIN), "Sign up for our weekly newsletter.", "Subscribe"]


def test_a_title_that_is_a_files_name_and_a_creation_day_that_is_none_are_left_out(tmp_path):
    # Acrobat Distiller 3 wrote the year 2000 as "19100": the day read "1910-00-61", and the
    # import was refused ("--published must be a real day"). dvips titles a PDF with the
    # name of its .dvi file.
    pdf = tmp_path / "guide.pdf"
    lines = [(LEFT, 700, [Run("The colour guide", size=20)]), (LEFT, 660, [Run(FIRST)]), (LEFT, 648, [Run(SECOND)])]
    pdf.write_bytes(set_lines(lines, information={"Title": "cmyk-doc.dvi", "CreationDate": "D:191000612092411"}))
    result = run("import", pdf)
    assert result.returncode == 0, result.stderr
    source = yaml.safe_load(result.stdout)
    assert source["title"] == "The colour guide"  # the largest type on the first page
    assert "published" not in source
    assert [paragraph["text"] for paragraph in source["paragraphs"]] == ["The colour guide", f"{FIRST} {SECOND}"]
    # (a title that is one, and a creation day that is one, are kept)
    pdf.write_bytes(set_lines(lines, information={"Title": "Colours in print", "CreationDate": "D:20011206092411"}))
    source = yaml.safe_load(run("import", pdf).stdout)
    assert (source["title"], source["published"]) == ("Colours in print", "2001-12-06")


def test_an_accent_drawn_over_the_letter_after_it_is_one_letter_with_it(tmp_path):
    # TeX's fonts of 128 characters draw "ö" as a diaeresis, then "o" under it: the
    # paragraph read "G" DIAERESIS "odel", which no quote typed from the page matches.
    drawn = f"The proofs of G{DIAERESIS}odel and Erd{ACUTE}elyi were read again in 1931."
    assert imported(tmp_path, [(LEFT, [Run(drawn)])]) == ["The proofs of Gödel and Erdélyi were read again in 1931."]
    # (an accent standing apart from any letter is the text's own)
    assert imported(tmp_path, [(LEFT, [Run(f"Its key is {ACUTE} alone.")])]) == [f"Its key is {ACUTE} alone."]


def test_a_paragraph_after_a_lists_last_item_that_ends_with_no_stop_is_its_own(tmp_path):
    # As Word sets a list: its last item, short and with no stop, and the paragraph after
    # it at the margin, left of the item's bullet: they ran together into one paragraph.
    lines = [
        (LEFT, [Run(FIRST)]),
        (LEFT, [Run(SECOND)]),
        (LEFT + 18, [Run("\x95 Paddle about")]),  # WinAnsi's bullet
        (LEFT + 18, [Run("\x95 Enjoy summer warmth")]),
        (LEFT, [Run("Also, do not forget the sun cream")]),
        (LEFT, [Run(THIRD)]),
        (LEFT, [Run(FOURTH)]),
    ]
    assert imported(tmp_path, lines) == [
        f"{FIRST} {SECOND}",
        "Paddle about",
        "Enjoy summer warmth",
        f"Also, do not forget the sun cream {THIRD} {FOURTH}",
    ]


def test_two_figures_captions_side_by_side_on_one_baseline_are_two_paragraphs(tmp_path):
    # An FAA handbook's page: each column's figure at its foot, captioned on one baseline
    # across both; read as one line, the captions were a table's row, one paragraph.
    left = [
        "The council met on Monday to hear the",
        "report on the regional situation, and the",
        "minister said the figures were checked",
        "twice before publication by the office.",
    ]
    right = [
        "Officials said a second report would come",
        "before the end of the year with the tables",
        "of each region, and that the agency had",
        "declined to comment on the first one.",
    ]
    captions = [(LEFT, 640, [Run("Figure 7-26. Self-locking nuts.")]), (320, 640, [Run("Figure 7-27. A steel nut.")])]
    assert paragraphs(tmp_path, column(LEFT, left) + column(320, right) + captions) == [
        " ".join(left),
        "Figure 7-26. Self-locking nuts.",
        " ".join(right),
        "Figure 7-27. A steel nut.",
    ]
