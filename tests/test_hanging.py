"""A list row's text wrapped right of its marks, and kept wrapped for the next fill of the list."""

from textual.content import Content

from dossier.ui.hanging import Hanging

TEXT = "Kirby said that the North Korean troops were being used as expendable forces in Kursk."


def test_a_rows_wrapped_lines_sit_right_of_its_marks():
    lines = [line.plain for line in Hanging(Content("✓ 2× " + TEXT), 5).lines(30)]
    assert lines[0] == "✓ 2× Kirby said that the North"
    assert all(line.startswith("     ") and line[5] != " " for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == "✓ 2× " + TEXT


def test_a_row_wrapped_before_with_other_highlights_keeps_its_own():
    plain = Hanging(Content(TEXT), 2).lines(30)
    marked = Hanging(Content(TEXT).stylize("bold", 0, 5), 2).lines(30)  # "Kirby", as a query marks it
    assert [line.plain for line in marked] == [line.plain for line in plain]
    assert marked[0].spans and not plain[0].spans
    again = Hanging(Content(TEXT), 2).lines(30)
    assert again is plain  # the same row wrapped at the same width: taken as wrapped
