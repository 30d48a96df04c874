"""A saved web page read into its article's paragraphs and the source's fields.

Hidden elements (hidden, aria-hidden, display: none: tooltips, menus) and containers marked
as adverts or sign-up boxes are left out first. article.py then chooses the article's
blocks (trafilatura's reading or readability-lxml's), each taken as the page shows it
(layout.py: entities decoded, inline markup gone, white space collapsed, link text kept). A
line break (<br>) ends a paragraph, a heading and a list item are paragraphs of their own,
a table row is one.

The source's fields come from the page's metadata (trafilatura's, htmldate's date): the
headline without the site's name after it, the site's name as publisher, authors, the
published date, the canonical address and the language.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from ..library.problems import DossierError
from .article import MIN_LETTERS, article, letters
from .kinds import Fields
from .layout import SPACES, key, segments

_HIDDEN = (
    "//*[@hidden] | //*[@aria-hidden='true'] | //*[contains(translate(@style, ' ', ''), 'display:none')]"
    " | //*[contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)
# Containers a page marks as ads, promotions or sign-up boxes (a class or id word of theirs):
# never the article's words. Whole words only: "adjacent" or "header" are not "ad".
_NOT_ARTICLE = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert|adverts|advertisement|advertising|sponsored|sponsor|promo|promotion|"
    r"newsletter|signup|sign-up|paywall|subscribe|subscription|cookie|cookies|consent|gdpr|social-share|share-bar)"
    r"(?:$|[\s_-])",
    re.I,
)
# A title's site name after a separator: "Headline | Site", "Headline - Site".
_TITLE_SUFFIX = re.compile(r"\s+(?:[|·•»:–—-]|::)\s+([^|·•»–—]{2,60})$")


@dataclass
class Page(Fields):
    """What a web page gives: its paragraphs, and the source's fields it holds."""

    paragraphs: list[str]


def read_page(text: str, name: str) -> Page:
    """The article of a web page (its decoded text). Raises DossierError where the page
    holds no article."""
    import lxml.html
    import trafilatura

    # Comments out (inside a paragraph, trafilatura drops the text after them).
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.fromstring(text, parser=parser) if text.strip() else None
    except (ValueError, lxml.etree.ParserError) as error:
        raise DossierError(f"{name}: not a web page lxml can read ({error})") from None
    if tree is None:
        raise DossierError(f"{name}: an empty page")
    _leave_out_hidden(tree)
    paragraphs = article(tree, segments(tree))
    if letters(paragraphs) < MIN_LETTERS:
        raise DossierError(
            f"{name}: no article in this page (a login wall, a list of links, an error page?): "
            "save the article's own page, once it shows the whole text"
        )
    return _with_metadata(Page(paragraphs), tree, trafilatura)


def _leave_out_hidden(tree) -> None:
    """Hidden elements, and containers marked as ads, promotions or sign-up boxes, gone."""
    for element in tree.xpath(_HIDDEN):
        if element.getparent() is not None and element.tag not in ("html", "body"):
            element.drop_tree()
    for element in tree.xpath("//body//*[@class or @id]"):
        if element.tag in ("html", "body", "main", "article") or element.getparent() is None:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _NOT_ARTICLE.search(marks) and len(element.text_content()) < 600:
            element.drop_tree()


def _with_metadata(page: Page, tree, trafilatura) -> Page:
    metadata = trafilatura.extract_metadata(copy.deepcopy(tree))
    publisher = _clean(getattr(metadata, "sitename", None))
    page.publisher = publisher
    page.title = _headline(_title(metadata, tree), publisher, tree)
    authors = _clean(getattr(metadata, "author", None))
    names = [name.strip() for name in re.split(r";|\s+and\s+", authors or "") if name.strip()]
    page.authors = list({name.casefold(): name for name in reversed(names)}.values())[
        ::-1
    ]  # once each, as first written
    date = getattr(metadata, "date", None)
    page.published = date[:10] if date and re.match(r"\d{4}-\d\d-\d\d", date) else None
    url = getattr(metadata, "url", None)
    page.url = url if url and re.match(r"https?://\S+\Z", url) else None
    language = tree.get("lang") or next(iter(tree.xpath("//meta[@http-equiv='content-language']/@content")), None)
    page.language = _clean(language)
    return page


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = SPACES.sub(" ", text).strip()
    return text or None


def _title(metadata, tree) -> str | None:
    """The page's title: trafilatura's where the page states one in its metadata (JSON-LD,
    Open Graph, Dublin Core, Twitter); else the <title> element's, where trafilatura would
    take the page's only <h1>, which may be a section's name ("Allergies Health Center")."""
    title = _clean(getattr(metadata, "title", None))
    stated = tree.xpath(
        "//meta[contains(translate(concat(@property, ' ', @name), 'DCTIOGRW', 'dctiogrw'), 'title')]/@content"
        "|//script[@type='application/ld+json']"
    )
    element = _clean(tree.findtext(".//title"))
    return title if stated or not element else element


def _headline(title: str | None, publisher: str | None, tree) -> str | None:
    """The title without the site's name after it ("Headline | Site"): where it ends in
    the publisher's name or the page's own heading says where it stops."""
    if not title:
        return None
    heading = _clean(" ".join(tree.xpath("string(//h1)").split()))
    if heading and title.startswith(heading) and title != heading and len(heading) >= 10:
        return heading
    suffix = _TITLE_SUFFIX.search(title)
    if suffix and publisher and key(publisher) in key(suffix.group(1)):
        return title[: suffix.start()].strip()
    return title
