"""Finding quoted words in a paragraph, and the nearest passage when they are not there."""

import pytest

from dossier.text.quotes import closest_passage, find_quote

PARAGRAPH = "Seoul reported “1,100 North Korean dead or injured.” — On the same day, nothing else."


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("1,100 North Korean", "1,100 North Korean"),  # verbatim
        ("  1,100 North Korean  ", "1,100 North Korean"),  # surrounding space
        ('"1,100 North Korean dead or injured."', "“1,100 North Korean dead or injured.”"),  # straight quotes
        ("injured.\u201d - On the   same\nday", "injured.” — On the same day"),  # dash, spacing
    ],
)
def test_find_quote_returns_the_span_in_the_original_text(quote, expected):
    start, end = find_quote(PARAGRAPH, quote)
    assert PARAGRAPH[start:end] == expected


@pytest.mark.parametrize("quote", ["1,100 north korean", "1,200 North Korean", "", "   "])
def test_find_quote_is_exact_about_words_and_case(quote):
    assert find_quote(PARAGRAPH, quote) is None


def test_closest_passage_is_whole_words_from_the_paragraph():
    assert closest_passage(PARAGRAPH, "1,200 North Korean dead") == "“1,100 North Korean dead"
    assert closest_passage("Short.", "a quote much longer than the paragraph") == "Short."
    assert closest_passage("x " * 200, "x x", limit=20) == "x x"
    assert len(closest_passage("word " * 200, "word " * 100, limit=40)) == 40
