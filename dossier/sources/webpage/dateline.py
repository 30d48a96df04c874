"""The date a web page shows by its headline, for a page whose metadata states none: "December
16, 2016, 4:19 PM", "Updated: Dec 15, 2016", "2019年4月2日", "2019/02/22".

Only the short lines between the headline and the article's prose (the byline's, the
dateline's) are read, and only a whole date (a year alone, or a copyright's, is none): a
date in the text is what the article tells of, not when it was published.
"""

from __future__ import annotations

from ..dates import DATELINE, written_date
from .layout import Segment

_LINES = 12  # lines read before the article (where no headline is found), and into it at most


def shown_date(page: list[Segment], headline: int | None, start: int | None) -> str | None:
    """The first whole date (YYYY-MM-DD) on the short lines after the page's segment
    `headline` (or the few before `start`, where none is known), until the article's prose
    begins: its first long line from `start`, the article's first paragraph, on."""
    if start is None:
        return None
    first = headline + 1 if headline is not None and headline <= start else max(0, start - _LINES)
    for index in range(first, min(len(page), max(first, start) + _LINES)):
        text = page[index].text
        if len(text) > DATELINE:
            if index >= start:
                return None
            continue
        if (found := written_date(text)) is not None:
            return found
    return None
