"""Making content safe to print on a terminal."""

from __future__ import annotations

import re

# C0 and C1 control characters (tab and newline excepted) and the characters that
# reorder text on screen: printed as they are, they could move the cursor, recolour
# or retitle the terminal, or make a line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control and bidirectional-control characters shown as escapes."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
