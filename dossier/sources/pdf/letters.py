"""The letters of a line as PDFium gives them, put right before the line is written (lines.py
calls each): a right-to-left ligature's letters in reading order, a vowel sign after the
letter it is drawn over, an accent drawn apart composed with its letter, a character beyond
U+FFFF read as one. The first three take the line's characters (`chars`), the boxes of
those drawn (left, bottom, right, top, size) and where in `chars` each box's character is
(`drawn`), and put them right in place."""

from __future__ import annotations

import unicodedata

# An accent set as a letter of its own over (or under) the letter it marks, as TeX's fonts
# of 128 characters set "ö" ("G¨odel", PDFium reads), and the mark it is in Unicode.
_ACCENTS = {
    "¨": "\u0308", "´": "\u0301", "`": "\u0300", "ˆ": "\u0302", "˜": "\u0303", "¯": "\u0304", "˘": "\u0306",
    "˙": "\u0307", "˚": "\u030a", "˝": "\u030b", "ˇ": "\u030c", "¸": "\u0327", "˛": "\u0328",
}  # fmt: skip
_DOTLESS = {"ı": "i", "ȷ": "j"}  # an accent over an i is set over a dotless one


def ligatures_in_reading_order(chars: list[str], boxes: list, drawn: list[int]) -> None:
    """Puts back in order the letters of a right-to-left ligature: an Arabic lam-alef is
    one glyph for two letters, "لا", which PDFium gives in one box, and (reversing the line
    from the order it is drawn in, left to right, to the order it is read in) reverses too,
    "ال": "الإنتاجية" came out "اإلنتاجية"."""
    start = 0
    while start < len(boxes):
        end = start + 1
        while end < len(boxes) and boxes[end][:4] == boxes[start][:4] and drawn[end] == drawn[end - 1] + 1:
            end += 1
        if end - start > 1 and all(
            unicodedata.bidirectional(chars[drawn[at]]) in ("R", "AL") for at in range(start, end)
        ):
            first, last = drawn[start], drawn[end - 1]
            chars[first : last + 1] = chars[first : last + 1][::-1]
        start = end


def marks_after_their_letters(chars: list[str], boxes: list, drawn: list[int]) -> None:
    """Puts a right-to-left letter's mark (an Arabic vowel sign, a Hebrew point) after the
    letter it is drawn over, where PDFium, reversing the line, gives it before: and drops
    a space before it where the letters either side touch (a word processor draws one
    there). "أيضًا", "also", came out "أي ًضا", a word broken in two."""
    for at in range(len(boxes) - 1):
        mark, letter = drawn[at], drawn[at + 1]
        if not (
            unicodedata.category(chars[mark]) == "Mn"
            and unicodedata.bidirectional(chars[letter]) in ("R", "AL")
            and _over(boxes[at], boxes[at + 1])
            and _only_spaces_between(chars, mark, letter)
        ):
            continue
        chars[mark : letter + 1] = [chars[letter], chars[mark], *[""] * (letter - mark - 1)]
        before = drawn[at - 1] if at else None
        if (
            before is not None
            and _only_spaces_between(chars, before, mark)
            and boxes[at - 1][0] - boxes[at + 1][2] < boxes[at + 1][4] * 0.2
        ):
            chars[before + 1 : mark] = [""] * (mark - before - 1)


def accents_on_their_letters(chars: list[str], boxes: list, drawn: list[int]) -> None:
    """Writes an accent drawn as a character of its own over the letter beside it (its
    middle within the letter's width) as one letter with it: "G¨odel" is "Gödel", which a
    quote typed from the page matches. A font of 128 characters (TeX's own, before T1)
    draws an accent so, before its letter (a cedilla, after it)."""
    for at, accent in enumerate(drawn):
        if chars[accent] not in _ACCENTS:
            continue
        for other in (at + 1, at - 1):
            if not 0 <= other < len(boxes) or not _over(boxes[at], boxes[other]):
                continue
            letter = drawn[other]
            if chars[letter].isalpha() and _only_spaces_between(chars, accent, letter):
                base = _DOTLESS.get(chars[letter], chars[letter])
                chars[letter] = unicodedata.normalize("NFC", base + _ACCENTS[chars[accent]])
                chars[min(accent, letter) + 1 : max(accent, letter)] = [""] * (abs(letter - accent) - 1)
                chars[accent] = ""
                break


def _over(mark: tuple, letter: tuple) -> bool:
    """Whether a mark's box stands over a letter's: its middle within the letter's width."""
    return letter[0] <= (mark[0] + mark[2]) / 2 <= letter[2]


def _only_spaces_between(chars: list[str], one: int, other: int) -> bool:
    """Whether nothing but spaces stands between two of the line's characters."""
    low, high = sorted((one, other))
    return not "".join(chars[low + 1 : high]).strip()


def character(raw, text_page, index: int, count: int) -> str:
    """The text of the page's character `index`. PDFium gives UTF-16 code units: a
    character beyond U+FFFF (a Korean word processor's brackets, U+F0854) comes as two,
    read here as one, and its second unit as "" (nothing more); a unit left alone, as
    U+FFFD."""
    code = raw.FPDFText_GetUnicode(text_page, index) or 32
    if 0xD800 <= code <= 0xDBFF and index + 1 < count:
        low = raw.FPDFText_GetUnicode(text_page, index + 1)
        if 0xDC00 <= low <= 0xDFFF:
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
    if 0xDC00 <= code <= 0xDFFF and index and 0xD800 <= raw.FPDFText_GetUnicode(text_page, index - 1) <= 0xDBFF:
        return ""
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)
