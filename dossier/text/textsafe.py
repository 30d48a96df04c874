"""Text for people to read: safe to print on a terminal, and counted in words."""

from __future__ import annotations

import re

# C0 and C1 control characters (tab and newline excepted) and the characters that
# reorder text on screen: printed as they are, they could move the cursor, recolour
# or retitle the terminal, or make a line read differently from what it holds.
# Lone surrogates stand for the bytes of a file name that is not UTF-8 (Python's
# surrogateescape): they cannot be written to a terminal at all.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control and bidirectional-control characters shown as escapes (and
    the bytes of a file name that were not UTF-8 as \\xNN)."""
    return _UNSAFE.sub(_escape, text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC
    return "\u2421" if code == 0x7F else "\ufffd"


# What joins emoji into one picture: the zero-width joiner, the variation selectors and
# the skin-tone modifiers. Terminals disagree on how wide the joined picture is (tmux 3.3
# draws ❤️ one cell wide, Rich counts two), and a line counted wrong pushes the border of
# its pane out of line. As zero-width spaces, each emoji stands alone, as wide everywhere.
_JOINERS = str.maketrans(dict.fromkeys([0x200D, 0xFE0E, 0xFE0F, *range(0x1F3FB, 0x1F400)], "\u200b"))


def visible(text: str) -> str:
    """`text` for the screen: each unsafe character replaced by one visible stand-in,
    and emoji unjoined, so that offsets into the text (a quote's span) still hold and
    columns line up in any terminal."""
    return _UNSAFE.sub(_picture, text).translate(_JOINERS)


def paragraphs_do(number: int) -> str:
    """'3 source paragraphs do', '1 source paragraph does': where no claim matches."""
    return f"{counted(number, 'source paragraph')} {'does' if number == 1 else 'do'}"


def counted(number: int, noun: str) -> str:
    """'1 claim', '20,000 claims', '2 cached libraries'."""
    if number == 1:
        return f"{number:,} {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{number:,} {plural}"
