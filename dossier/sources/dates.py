"""A date as a text writes it, whole: "December 16, 2016", "16 Dec 2016", "2019-03-08",
"2019/02/22", "2019.03.08", "2019年4月2日", "2020년 4월 2일". A year alone, or a month and a
year, is no date: a source's date is a day. Read where a web page shows its date by its
headline (webpage/dateline.py) and where a PDF shows it on its first page (pdf/)."""

from __future__ import annotations

import datetime
import re

# A line of a dateline's length at most (a byline's, a date's): a longer one is the text.
DATELINE = 80

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
    re.compile(rf"{_YEAR}\s*년\s*(?P<month>\d{{1,2}})\s*월\s*{_DAY}\s*일"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
]


def written_date(text: str) -> str | None:
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
