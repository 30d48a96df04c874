"""Finding a quote inside a paragraph, as a reader would: the same words, whatever the
spacing and whichever quote marks or dashes were typed."""

from __future__ import annotations

from rapidfuzz import fuzz

TYPOGRAPHIC = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
}


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold typographic quotes and dashes, collapse white space, and trim the ends.

    Returns the folded text and, for each of its characters, the offset in `text` of
    the character it came from, so that a match can be mapped back.
    """
    folded: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(folded)
            continue
        if pending_space:
            folded.append(" ")
            origin.append(index - 1)
            pending_space = False
        replacement = TYPOGRAPHIC.get(char, char)
        folded.append(replacement)
        origin.extend([index] * len(replacement))
    return "".join(folded), origin


def fold(text: str) -> str:
    return normalise(text)[0]


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The span of `quote` in `text` (start, end offsets into `text`), or None."""
    exact = quote.strip()
    start = text.find(exact) if exact else -1
    if start >= 0:  # most quotes are copied verbatim: no need to fold anything
        return start, start + len(exact)
    folded_quote = fold(quote)
    if not folded_quote:
        return None
    folded_text, origin = normalise(text)
    start = folded_text.find(folded_quote)
    if start < 0:
        return None
    end = start + len(folded_quote)
    return origin[start], origin[end - 1] + 1


# Characters of a quote that find where it would stand, from each end: rapidfuzz aligns a
# piece this short against a paragraph in one pass, where the whole quote against the
# whole paragraph takes time in the product of their lengths (minutes for long ones).
LOCATE = 64
# Characters compared, at most, to say how alike a passage is.
COMPARED = 4096


def nearest_passage(text: str, quote: str) -> tuple[int, int, float]:
    """The passage of `text` most like `quote` (start and end offsets into `text`,
    widened to whole words) and how alike the two are, 0 to 100. Bounded in time
    whatever the lengths."""
    folded_text, origin = normalise(text)
    folded_quote = fold(quote)
    if not folded_text or not folded_quote:
        return 0, 0, 0.0
    if len(folded_quote) >= len(folded_text):
        start, end = 0, len(folded_text)
    else:
        head = fuzz.partial_ratio_alignment(folded_quote[:LOCATE], folded_text)
        start = head.dest_start
        end = min(start + len(folded_quote), len(folded_text))
        if len(folded_quote) > LOCATE:  # where its last words are, about a quote's length on
            near = start + len(folded_quote) // 2
            tail = fuzz.partial_ratio_alignment(
                folded_quote[-LOCATE:], folded_text[near : start + 2 * len(folded_quote)]
            )
            if tail is not None and tail.score >= head.score / 2:
                end = near + tail.dest_end
    begin, finish = origin[start], origin[max(end - 1, start)] + 1
    # Widen to whole words so the passage reads as the text does.
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    while finish < len(text) and not text[finish].isspace():
        finish += 1
    alike = fuzz.ratio(folded_quote[:COMPARED], fold(text[begin:finish])[:COMPARED])
    return begin, finish, alike


def closest_passage(text: str, quote: str, limit: int = 100) -> str:
    """The words of `text` that come nearest to `quote`, for a message."""
    start, end, _alike = nearest_passage(text, quote)
    passage = " ".join(text[start:end].split())
    return passage if len(passage) <= limit else passage[: limit - 1] + "…"
