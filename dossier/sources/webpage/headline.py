"""A web page's title as a reader cites it: the headline the page shows over its article.

A page states its title in its metadata (JSON-LD, <meta> tags, the <title> element), often
with the site's name around it ("Headline | Site", "Site - Headline"), and often worded for
search engines or social media rather than as the page shows it: "Why Does Slack Say
Hummus?" over "The Adorable Reason You Can Set Your Alert Sound to “Hummus” on Slack". The
headline is the page's <h1> where one is plainly the article's:
- the title holds it between separators, and it is the longest part ("Site - Headline");
- else it words the stated title another way (mostly the same words: curly quotes, a word
  added or changed);
- else it stands just before the article's first paragraph, and is long enough to be a
  headline (a section's name, "Allergies Health Center", is not).
Else the stated title is taken, without the site's name after it.
"""

from __future__ import annotations

import re
from itertools import islice

from .layout import Segment, key

# A title's site name after a separator: "Headline | Site", "Headline - Site".
_SEPARATOR = r"(?:[|·•»:–—-]|::)"
_TITLE_SUFFIX = re.compile(rf"\s+{_SEPARATOR}\s+([^|·•»–—]{{2,60}})$")
_SEPARATOR_FIRST = re.compile(rf"^{_SEPARATOR}\s+")  # "| Headline": the site's name left out
# Where a title's parts meet: a separator with space on one side at least, or the
# full-width ones Chinese and Japanese titles use with none ("見出し｜サイト").
_PART_BEFORE = re.compile(rf"(?:\s{_SEPARATOR}|{_SEPARATOR}\s|[：｜_])\s*$")
_PART_AFTER = re.compile(rf"^\s*(?:\s{_SEPARATOR}|{_SEPARATOR}\s|[：｜_。])")
_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")  # "courier.example": an address's host, no name
_WORD = re.compile(r"\w+")
# A character of a script written without spaces between words: Thai, Japanese's kana,
# Chinese characters.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# A longer <h1> is a caption or a paragraph set as a heading, not a headline.
_LONGEST = 200
# An <h1> rewording the stated title: rapidfuzz's token set ratio at least this, and three
# words shared at least (for a title of words with spaces between them).
_REWORDED = 70
# An <h1> before the article is its headline within this many characters of the first
# paragraph (a kicker, the byline, the date, a standfirst, a caption).
_NEAR = 700
_H1S = 20  # the first <h1>s only: a page of a thousand is no article's


def headline(stated: str | None, publisher: str | None, shown: list[str], over: str | None) -> str | None:
    """The headline of the page, given the title its metadata states, the site's name (None
    where unknown), the page's <h1>s (`shown`) and the one over its article (`over`)."""
    stated = _SEPARATOR_FIRST.sub("", stated or "")  # "| Headline": a site name left out before it
    without_site = _without_site(stated, publisher) if stated else None
    if over and publisher and re.search(rf"(?<!\w){re.escape(publisher)}(?!\w)", over, re.I):
        over = None  # the site's name set as a heading ("The Riverside Courier: news you can trust")
    return _between_separators(stated, shown) or _rewording(without_site, shown) or over or without_site


def shown_headings(tree) -> list[str]:
    """The page's first few <h1>s of a headline's length at most, white space collapsed."""
    shown = (" ".join(element.text_content().split()) for element in islice(tree.iter("h1"), _H1S))
    return [text for text in shown if text and len(text) < _LONGEST]


def heading_over(shown: list[str], page: list[Segment], start: int | None) -> tuple[int, str] | None:
    """The <h1> over the article, and its segment: the last before the article's first
    paragraph (the page's segment `start`), near it and a headline's length."""
    if start is None:
        return None
    keys = {found: text for text in shown if _long_enough(text) and (found := key(text))}
    between = 0  # characters between the segment looked at and the first paragraph
    for index in range(start, -1, -1):
        if (heading := keys.get(key(page[index].text))) is not None:
            return index, heading
        between += len(page[index].text) if index < start else 0
        if between > _NEAR:
            return None
    return None


def _without_site(title: str, publisher: str | None) -> str:
    """The title without the site's name after it: where it ends in the publisher's name,
    or (no publisher known) a few words follow the last separator."""
    suffix = _TITLE_SUFFIX.search(title)
    if suffix is None:
        return title
    before, site = title[: suffix.start()].strip(), suffix.group(1)
    if publisher and key(publisher) in key(site):
        return before
    # No site's name to go by (none, or only its address's host): a few words after the
    # last separator, after a headline of three words or more, are the site's (as
    # Readability.js reads titles).
    named = publisher and not _HOST.match(publisher)
    return before if not named and len(before.split()) >= 3 and len(site.split()) <= 3 else title


def _between_separators(title: str, shown: list[str]) -> str | None:
    """An <h1> the title holds as its longest part, separators around it: "Site - Headline",
    "Headline : Section : Site"."""
    for heading in shown:
        at = title.find(heading)
        if at < 0 or len(heading) == len(title) or len(heading) <= len(title) - len(heading):
            continue
        before, after = title[:at], title[at + len(heading) :]
        if (not before.strip() or _PART_BEFORE.search(before)) and (not after.strip() or _PART_AFTER.match(after)):
            return heading
    return None


def _rewording(title: str | None, shown: list[str]) -> str | None:
    """The <h1> that words the title another way, at least half as long as it."""
    from rapidfuzz import fuzz

    if not title:
        return None
    words = set(_WORD.findall(title.casefold()))
    spaced = not _unspaced(title)

    def likeness(heading: str) -> float:
        shared = words & set(_WORD.findall(heading.casefold()))
        if len(heading) < len(title) / 2 or (spaced and len(shared) < 3):
            return 0.0
        return fuzz.token_set_ratio(heading.casefold(), title.casefold())

    best = max(shown, key=likeness, default=None)
    return best if best is not None and likeness(best) >= _REWORDED else None


def _long_enough(text: str) -> bool:
    """Five words or more, or 15 characters of a script written without spaces: a section's
    name ("Health Center", "ニュースリリース") is shorter."""
    return len(text.split()) >= 5 or len(_UNSPACED.findall(text)) >= 15


def _unspaced(text: str) -> bool:
    """Mostly in a script written without spaces between words (Chinese, Japanese)."""
    return len(_UNSPACED.findall(text)) > len(text) / 2
