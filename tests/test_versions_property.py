"""Random edits of generated sources, each verdict checked against the edit that was made:
paragraphs inserted, deleted, split, merged and reordered, words changed inside and
outside quotes. Never a wrong `unchanged` or `moved`; the words of a quote still in the
text are never called edited or removed; an id never comes back with other text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.text.quotes import find_quote
from dossier.versions.align import align
from dossier.versions.verdicts import Cited, verdicts

LETTERS = "abcdefghijklmnopqrstuvwxyz"
word = st.text(LETTERS, min_size=4, max_size=9)
paragraph = st.lists(word, min_size=8, max_size=24)
EDITS = ("insert", "delete", "split", "merge", "swap", "inside", "outside")


@st.composite
def cases(draw):
    """A source (paragraphs of words), a quote from each, and edits of it (each also
    returning which quotes it changed the words of)."""
    paragraphs = draw(st.lists(paragraph, min_size=2, max_size=10))
    quotes = []
    for words in paragraphs:
        start = draw(st.integers(0, len(words) - 5))
        length = draw(st.integers(5, min(9, len(words) - start)))
        quotes.append((start, start + length))
    edits = draw(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 1000), word), min_size=1, max_size=4))
    return paragraphs, quotes, edits


def edited(paragraphs, quotes, edits):
    """The new version's paragraphs, and the indices of the old paragraphs whose quote's
    words an edit changed (their verdict cannot be unchanged or moved)."""
    # Each paragraph as (old index or None, words); a quote's words are tracked by content.
    text = [(index, list(words)) for index, words in enumerate(paragraphs)]
    touched: set[int] = set()
    for kind, at, new_word in edits:
        position = at % len(text)
        origin, words = text[position]
        if kind == "insert":
            text.insert(position, (None, [new_word + "q"] * 3 + [new_word] * 6))
        elif kind == "delete" and len(text) > 1:
            del text[position]
            if origin is not None:
                touched.add(origin)
        elif kind == "split" and len(words) > 2:
            cut = 1 + at % (len(words) - 1)
            text[position : position + 1] = [(origin, words[:cut]), (None, words[cut:])]
            if origin is not None:
                start, end = quotes[origin]
                if start < cut < end:  # the quote cut in two: its words are no longer together
                    touched.add(origin)
        elif kind == "merge" and position + 1 < len(text):
            text[position : position + 2] = [(origin, words + text[position + 1][1])]
        elif kind == "swap" and len(text) > 1:
            other = (position + 1) % len(text)
            text[position], text[other] = text[other], text[position]
        elif kind in ("inside", "outside") and origin is not None:
            start, end = quotes[origin]
            if words[start:end] != paragraphs[origin][start:end]:
                continue  # the quote's words moved within the paragraph already: leave it
            inside = range(start, end)
            outside = [number for number in range(len(words)) if number not in inside]
            spots = list(inside) if kind == "inside" else outside
            if not spots:
                continue
            spot = spots[at % len(spots)]
            words = list(words)
            words[spot] = new_word + "z"
            text[position] = (origin, words)
            if kind == "inside":
                touched.add(origin)
    return [" ".join(words) for _, words in text], touched


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_verdicts_follow_the_edits_made(case):
    paragraphs, quotes, edits = case
    old = [(f"p{number}", " ".join(words)) for number, words in enumerate(paragraphs, 1)]
    new_texts, touched = edited(paragraphs, quotes, edits)
    alignment = align(old, new_texts)
    new = {aligned.id: aligned.text for aligned in alignment.paragraphs}
    old_text = dict(old)

    # Ids: unique; one that keeps an old id is that paragraph unchanged or edited, and a
    # new one is an id no old paragraph had.
    assert len(new) == len(new_texts)
    for aligned in alignment.paragraphs:
        if aligned.status == "added":
            assert aligned.id not in old_text
        elif aligned.status == "unchanged":
            assert " ".join(old_text[aligned.id].split()) == " ".join(aligned.text.split())
    assert set(alignment.removed) == set(old_text) - set(new)

    cited = [
        Cited(f"claim-{number}", 0, f"src#p{number}", " ".join(words[start:end]))
        for number, (words, (start, end)) in enumerate(zip(paragraphs, quotes, strict=True), 1)
    ]
    for index, verdict in enumerate(verdicts("src", old_text, new, cited)):
        quote = cited[index].quote
        holding = [paragraph_id for paragraph_id, text in new.items() if find_quote(text, quote)]
        if verdict.verdict == "unchanged":
            assert find_quote(new[f"p{index + 1}"], quote) is not None
        if verdict.verdict == "moved":
            named = verdict.now.partition("#")[2]
            assert named in holding and named != f"p{index + 1}"
            assert f"p{index + 1}" not in new or find_quote(new[f"p{index + 1}"], quote) is None
        if holding:  # the exact words are in the text: never called edited or gone
            assert verdict.verdict in ("unchanged", "moved", "ambiguous"), (verdict, holding)
        else:
            assert verdict.verdict in ("edited", "removed")
        if index not in touched and holding == [f"p{index + 1}"]:
            assert verdict.verdict == "unchanged"


def test_one_word_changed_inside_a_quote_is_edited_with_the_word_shown():
    old = {"p1": "the council voted seven to two on the budget of the city this week"}
    new = {"p1": "the council voted six to two on the budget of the city this week"}
    cited = [Cited("c", 0, "src#p1", "the council voted seven to two on the budget")]
    (verdict,) = verdicts("src", old, new, cited)
    assert verdict.verdict == "edited" and verdict.now == "src#p1"
    assert verdict.passage == "the council voted six to two on the budget"
    assert ("-", "seven") in verdict.diff and ("+", "six") in verdict.diff
    assert 0.75 < verdict.similarity < 1


def test_a_quote_in_two_paragraphs_is_placed_by_the_words_around_it_or_called_ambiguous():
    quote = "the ceasefire held overnight"
    old = {"p1": f"Officials in the north said {quote} across the region.", "p2": "Unrelated text."}
    decided = {
        "p2": "Unrelated text.",
        "p3": f"Officials in the north said {quote} across the region, and more.",
        "p4": f"A spokesman far away repeated that {quote} without giving details.",
    }
    (verdict,) = verdicts("src", old, decided, [Cited("c", 0, "src#p1", quote)])
    assert verdict.verdict == "moved" and verdict.now == "src#p3"
    undecidable = {"p3": f"{quote}.", "p4": f"{quote}."}
    (verdict,) = verdicts("src", {"p1": f"{quote}."}, undecidable, [Cited("c", 0, "src#p1", quote)])
    assert verdict.verdict == "ambiguous" and verdict.now is None and verdict.places == ["src#p3", "src#p4"]


def test_ids_are_never_given_again_even_those_of_an_older_version():
    old = [("p1", "one two three four five six"), ("p2", "seven eight nine ten eleven twelve")]
    alignment = align(old, ["one two three four five six", "entirely new words here now"], used={"p3", "p7"})
    assert [paragraph.id for paragraph in alignment.paragraphs] == ["p1", "p8"]
    assert alignment.removed == ["p2"]
