"""Choosing a quote word by word: it stays in its paragraph, its ends never cross, and
the quote is always words the validator finds where the selection says they are."""

from hypothesis import given
from hypothesis import strategies as st

from dossier.text.quotes import find_quote
from dossier.text.selection import Selection

TEXT = "Kirby said on Monday that “Russia is losing.” He gave no figure! Analysts disagreed, again."


def test_the_ends_move_by_words_and_stop_at_the_paragraphs_edges():
    selection = Selection.at_first_word(TEXT)
    assert selection.quote == "Kirby"
    assert selection.moved(3).quote == "Kirby said on Monday"
    assert selection.moved(100).quote == TEXT
    assert selection.moved(-5).quote == "Kirby"  # the end never goes before the start


def test_o_swaps_the_moving_end():
    selection = Selection.at_first_word(TEXT).moved(5).swapped().moved(2)
    assert selection.quote == "on Monday that “Russia"
    assert selection.moved(10).quote == "“Russia"  # the start never goes past the end


def test_sentence_edges():
    selection = Selection.at_first_word(TEXT).moved(2)
    assert selection.to_sentence_edge(forward=True).quote == "Kirby said on Monday that “Russia is losing.”"
    second = selection.to_sentence_edge(forward=True).moved(2)
    assert second.to_sentence_edge(forward=True).quote.endswith("He gave no figure!")
    moving_start = second.swapped().moved(8)
    assert moving_start.quote == "He gave"
    assert moving_start.to_sentence_edge(forward=False).quote == "He gave"  # already at the start
    assert moving_start.moved(-1).to_sentence_edge(forward=False).quote.startswith("Kirby")


def test_a_paragraph_without_words_has_no_selection():
    assert Selection.at_first_word("   \n ") is None


_PARAGRAPHS = st.text(alphabet=st.sampled_from([*"ab .!?“”\u2019\"'\n\t,é\u00a0"]), min_size=1, max_size=60)


@given(_PARAGRAPHS, st.lists(st.sampled_from(["w", "b", "o", "0", "$"]), max_size=12), st.integers(1, 5))
def test_any_keys_give_a_quote_the_validator_finds_where_the_selection_is(text, keys, step):
    selection = Selection.at_first_word(text)
    if selection is None:
        assert not text.split()
        return
    for key in keys:
        selection = {
            "w": lambda s: s.moved(step),
            "b": lambda s: s.moved(-step),
            "o": Selection.swapped,
            "0": lambda s: s.to_sentence_edge(forward=False),
            "$": lambda s: s.to_sentence_edge(forward=True),
        }[key](selection)
        assert 0 <= selection.start <= selection.end < len(text.split())
        start, end = selection.span
        assert text[start:end] == selection.quote == selection.quote.strip()
        assert find_quote(text, selection.quote) is not None
