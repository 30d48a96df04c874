"""The date a web page shows by its headline, for a page whose metadata states none: "December
16, 2016, 4:19 PM", "Updated: Dec 15, 2016", "2019年4月2日", "2019/02/22".

Only the short lines between the headline and the article's prose (the byline's, the
dateline's) are read, and only a whole date (a year alone, or a copyright's, is none): a
date in the text is what the article tells of, not when it was published.
"""

from __future__ import annotations

import datetime
import re

from .layout import Segment

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = [
    re.compile(rf"(?<!\d){_YEAR}(?P<separator>[-/.])(?P<month>\d{{1,2}})(?P=separator){_DAY}(?!\d)"),
    re.compile(rf"{_YEAR}\s*年\s*(?P<month>\d{{1,2}})\s*月\s*{_DAY}\s*日"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
]
_LINES = 12  # lines read before the article (where no headline is found), and into it at most
_SHORT = 80  # a line of a dateline's length at most: a longer one is the article's text


def shown_date(page: list[Segment], headline: int | None, start: int | None) -> str | None:
    """The first whole date (YYYY-MM-DD) on the short lines after the page's segment
    `headline` (or the few before `start`, where none is known), until the article's prose
    begins: its first long line from `start`, the article's first paragraph, on."""
    if start is None:
        return None
    first = headline + 1 if headline is not None and headline <= start else max(0, start - _LINES)
    for index in range(first, min(len(page), max(first, start) + _LINES)):
        text = page[index].text
        if len(text) > _SHORT:
            if index >= start:
                return None
            continue
        if (found := _date(text)) is not None:
            return found
    return None


def _date(text: str) -> str | None:
    """The first whole date the text writes, where one is."""
    written = sorted((found for pattern in _DATES for found in pattern.finditer(text)), key=lambda found: found.start())
    for match in written:
        parts = match.groupdict()
        month = _MONTHS[parts["month_name"].casefold()] if parts.get("month_name") else int(parts["month"])
        try:
            return datetime.date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except ValueError:  # "2019/02/30"
            continue
    return None
