"""Text for people to read: safe to print on a terminal, and counted in words."""

from __future__ import annotations

import re

# C0 and C1 control characters (tab and newline excepted) and the characters that
# reorder text on screen: printed as they are, they could move the cursor, recolour
# or retitle the terminal, or make a line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control and bidirectional-control characters shown as escapes."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """`text` with each unsafe character replaced by one visible stand-in, so that
    offsets into the text (a quote's span) still hold."""
    return _UNSAFE.sub(_picture, text)


def counted(number: int, noun: str) -> str:
    """'1 claim', '20,000 claims'."""
    return f"{number:,} {noun}{'s' * (number != 1)}"
