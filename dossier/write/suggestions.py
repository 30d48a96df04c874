"""What the new-claim form suggests, for the analyst to keep or change: an id made from
the claim's words, never one the library has; and the figure a quote gives."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from ..library.format import DEFAULT_BOUND

_MINOR_WORDS = frozenset(
    (  # noqa: SIM905
        "a an the of to in on at by for from with as and or but that this these "
        "those is are was were be been has have had it its their his her they he she said says"
    ).split()
)


# A number as reports write it (`11,000`, `3000`, `2.5`, `$50K`, `1.2 billion`), and the
# words before it that bound it, as the format's bounds say (`up to 11,000` is at most
# 11,000). Not a number that names a thing: `SHA-1`, `F-16`, `scp(1)`, a date's `12`.
_NUMBER = re.compile(
    r"(?<![\w.,$€£¥])(?<![A-Za-z]-)(?<!\w\()(?<!\d-)"
    r"(?P<currency>(?:[A-Z]{2,3}\$?|[$€£¥])\s?)?"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?"
    r"(?:(?P<short>[kK]|bn|[mM]|[bB])(?![\w])|\s(?P<word>thousand|million|billion|trillion)\b|(?![\w)]|-\d))"
)
_TIMES = {"k": 10**3, "thousand": 10**3, "m": 10**6, "million": 10**6, "b": 10**9, "bn": 10**9,
          "billion": 10**9, "trillion": 10**12}  # fmt: skip
_CURRENCIES = {"$": "$", "€": "EUR", "£": "GBP", "¥": "JPY"}
_BOUND_WORDS = {
    "at-most": ("up to", "as many as", "at most", "no more than", "fewer than", "less than", "under"),
    "at-least": ("at least", "more than", "over", "no fewer than", "upwards of", "in excess of"),
    "about": ("about", "around", "nearly", "almost", "some", "roughly", "approximately", "an estimated", "estimated"),
}


def suggested_figure(quote: str) -> dict | None:
    """The figure a quote gives, to start from: the first number in it that is not a year
    or part of a name, as digits (`$50K` is 50000), its bound from the words before it, and
    its currency, else the word after it, as its unit (the reader names what it counts)."""
    for match in _NUMBER.finditer(quote):
        currency, short, word = match.group("currency"), match.group("short"), match.group("word")
        written = match.group("digits") + (match.group("decimals") or "")
        if re.fullmatch(r"(1[89]|20)\d\d", written) and not (currency or short or word):
            continue  # a year
        if short and short in "mMbB" and not currency:
            continue  # 5m is five metres as often as five million; B, a grade or a name
        money = currency and (currency.strip() in _CURRENCIES or currency.strip().endswith("$"))
        if currency and not money and not (short or word):
            continue  # capitals before a number: a name (`AK 47`), unless an amount follows
        digits = _times(written.replace(",", ""), _TIMES[(short or word).lower()] if short or word else 1)
        before = " " + " ".join(quote[: match.start()].lower().split())
        bounds = [name for name, words in _BOUND_WORDS.items() if any(before.endswith(f" {w}") for w in words)]
        if currency:
            code = currency.strip().rstrip("$") or "$"
            unit = _CURRENCIES.get(code, code)
        else:
            after = re.match(r"\s+([^\W\d_]+)", quote[match.end() :])
            unit = after.group(1) if after and after.group(1).lower() not in _MINOR_WORDS else None
        return {"value": digits, "bound": bounds[0] if bounds else DEFAULT_BOUND, "unit": unit}
    return None


def _times(digits: str, factor: int) -> str:
    """`digits` (a decimal number) times `factor`, as digits (1.2 × 1,000,000 is 1200000)."""
    if factor == 1:
        return digits
    whole, _, fraction = digits.partition(".")
    scaled = int(whole + fraction) * factor // 10 ** len(fraction)
    exact = int(whole + fraction) * factor % 10 ** len(fraction) == 0
    return str(scaled) if exact else str(float(digits) * factor)


def suggested_id(text: str, taken: Collection[str], words: int = 5) -> str:
    """An id for a claim that says `text`: its first few words that carry meaning, in
    lowercase ASCII, made unique among `taken` with a number (`-2`, `-3`, …)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    meaningful = [word for word in re.findall(r"[a-z0-9]+", folded) if word not in _MINOR_WORDS]
    stem = "-".join(meaningful[:words]) or "claim"
    found, number = stem, 1
    while found in taken:
        number += 1
        found = f"{stem}-{number}"
    return found
