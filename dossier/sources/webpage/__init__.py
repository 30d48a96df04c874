"""A saved web page read into its article's paragraphs and the source's fields.

Hidden elements (hidden, aria-hidden, display: none: tooltips, menus), containers marked
as adverts, sign-up boxes or share buttons, and cards shown on hover over a name are left
out first. article.py then chooses the article's blocks (trafilatura's reading or
readability-lxml's, or trafilatura's default where both find next to nothing), each taken
as the page shows it (layout.py: entities decoded, inline markup gone, white space
collapsed, link text kept). A line break (<br>) ends a paragraph, a heading and a list item
are paragraphs of their own, a table row is one.

The source's fields come from the page's metadata: the title and the date published as the
page states them (its article's JSON-LD, its <meta> tags), else as trafilatura and htmldate
find them stated; the site's name as publisher, authors, the canonical address and the
language. The title is the headline the page shows over its article (headline.py), where
one is plainly the article's, else the stated title without the site's name.
"""

from __future__ import annotations

import copy
import datetime
import html
import json
import re
from dataclasses import dataclass

from ...library.problems import DossierError
from ..kinds import Fields
from .article import MIN_LETTERS, article, letters
from .dateline import shown_date
from .headline import heading_over, headline, shown_headings
from .layout import SPACES, Segment, segments

_HIDDEN = (
    "//*[@hidden] | //*[@aria-hidden='true'] | //*[contains(translate(@style, ' ', ''), 'display:none')]"
    " | //*[contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)
# Containers a page marks as ads, promotions or sign-up boxes (a class or id word of theirs):
# never the article's words. Whole words only: "adjacent" or "header" are not "ad". The
# click-to-tweet plugins' button ("sw-ctt-btn", "bctt-ctt-btn") is one: "Click To Tweet"
# after a pull quote, which the page sets apart.
_NOT_ARTICLE = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert|adverts|advertisement|advertising|sponsored|sponsor|promo|promotion|"
    r"newsletter|signup|sign-up|paywall|subscribe|subscription|cookie|cookies|consent|gdpr|social-share|share-bar|"
    r"ctt-btn)"
    r"(?:$|[\s_-])",
    re.I,
)
# Inline elements in a paragraph holding an image and three links or more: cards, maybe.
_CARDS = "//p//span[.//img][count(.//a) >= 3]"
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


@dataclass
class Page(Fields):
    """What a web page gives: its paragraphs, and the source's fields it holds."""

    paragraphs: list[str]


def read_page(text: str, name: str) -> Page:
    """The article of a web page (its decoded text). Raises DossierError where the page
    holds no article."""
    import trafilatura

    tree = _shown_tree(text, name)
    page = segments(tree)
    paragraphs, start = article(tree, page)
    # Each text counted once: a listing's "2 min read" under every card is no article.
    if letters(set(paragraphs)) < MIN_LETTERS:
        raise DossierError(
            f"{name}: no article in this page (a login wall, a list of links, an error page?): "
            "save the article's own page, once it shows the whole text"
        )
    return _with_metadata(Page(paragraphs), tree, page, start, trafilatura)


def every_block(text: str, name: str) -> list[str]:
    """Every block of a page's text a reader sees, in order (a document that is all its
    text, as an e-mail's HTML is, with no article among other things to find)."""
    return [segment.text for segment in segments(_shown_tree(text, name))]


def _shown_tree(text: str, name: str):
    """The page's tree (its decoded text), with what it hides left out. Raises DossierError
    where lxml cannot read it, or it is empty."""
    import lxml.html

    # Comments out (inside a paragraph, trafilatura drops the text after them).
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    # An XHTML page's XML declaration names the charset its bytes had: the text is decoded
    # already, and lxml refuses a decoded text that still declares one.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = lxml.html.fromstring(text, parser=parser) if text.strip() else None
    except (ValueError, lxml.etree.ParserError) as error:
        raise DossierError(f"{name}: not a web page lxml can read ({error})") from None
    if tree is None:
        raise DossierError(f"{name}: an empty page")
    _leave_out_hidden(tree)
    return tree


def _leave_out_hidden(tree) -> None:
    """Hidden elements, containers marked as ads, promotions or sign-up boxes, and cards
    shown on hover, gone."""
    _drop_all(element for element in tree.xpath(_HIDDEN) if element.tag not in ("html", "body"))
    marked = []
    for element in tree.xpath("//body//*[@class or @id]"):
        if element.tag in ("main", "article"):
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _NOT_ARTICLE.search(marks) and len(element.text_content()) < 600:
            marked.append(element)
    _drop_all(marked)
    _drop_all(card for card in tree.xpath(_CARDS) if _is_card(card))


def _drop_all(elements) -> None:
    """The elements gone, the text after each kept, as lxml's drop_tree leaves it, in time
    linear in the page: drop_tree adds an element's tail to the text before it, which copies
    that text again for each element dropped (32,000 hidden spans in one paragraph: 6 s)."""
    dropped: dict = {}
    for element in elements:
        if (parent := element.getparent()) is not None:
            dropped.setdefault(parent, set()).add(element)
    for parent, gone in dropped.items():
        kept_before = None  # the child whose tail the text gathers into; None: the parent's text
        gathered = [parent.text or ""]
        for child in list(parent):
            if child in gone:
                gathered.append(child.tail or "")
                parent.remove(child)  # (its tail too: gathered)
                continue
            _set_text_after(parent, kept_before, "".join(gathered))
            kept_before, gathered = child, [child.tail or ""]
        _set_text_after(parent, kept_before, "".join(gathered))


def _set_text_after(parent, child, text: str) -> None:
    if child is None:
        parent.text = text or None
    else:
        child.tail = text or None


def _is_card(element) -> bool:
    """Whether an inline element inside a paragraph is a card the page shows on hover (a
    person's photo and links to articles on them, after their name): it begins with an
    image, and all its text is its links'."""
    if (element.text or "").strip():
        return False
    for part in element.iterdescendants():
        if part.tag == "img":
            linked = sum(len("".join(link.text_content().split())) for link in element.iter("a"))
            return linked >= len("".join(element.text_content().split()))
        if (part.text or "").strip() or (len(part) == 0 and (part.tail or "").strip()):
            return False  # text before any image: the name the card is for, say
    return False


def _with_metadata(page: Page, tree, segmented: list[Segment], start: int | None, trafilatura) -> Page:
    # htmldate's date only where it finds one stated (a <time>, the address), never its
    # extensive guess from the text, which takes a copyright's year or today's date for the
    # day of publication.
    metadata = trafilatura.extract_metadata(copy.deepcopy(tree), extensive=False)
    stated = _Stated.of(tree)
    publisher = _publisher(stated, metadata)
    page.publisher = publisher
    shown = shown_headings(tree)
    over = heading_over(shown, segmented, start)
    page.title = headline(_stated_title(stated, metadata, tree), publisher, shown, over[1] if over else None)
    authors = _clean(getattr(metadata, "author", None))
    names = [name.strip() for name in re.split(r";|\s+and\s+", authors or "") if name.strip()]
    page.authors = list({name.casefold(): name for name in reversed(names)}.values())[
        ::-1
    ]  # once each, as first written
    # The date as the page states it (a time in UTC keeps its UTC date); else htmldate's;
    # else the date the page shows by its headline.
    for date in (*stated.dates, getattr(metadata, "date", None)):
        if isinstance(date, str) and re.match(r"\d{4}-\d\d-\d\d", date):
            page.published = date[:10]
            break
        if (day := _unix_date(date)) is not None:
            page.published = day
            break
    else:
        page.published = shown_date(segmented, over[0] if over else None, start)
    url = getattr(metadata, "url", None)
    page.url = url if url and re.match(r"https?://\S+\Z", url) else None
    language = tree.get("lang") or next(iter(tree.xpath("//meta[@http-equiv='content-language']/@content")), None)
    page.language = _clean(language)
    if str(stated.article.get("isAccessibleForFree", "")).casefold() == "false":
        page.caution = (
            "the page marks its article as for subscribers: saved without signing in, "
            "it may hold only the article's beginning"
        )
    return page


def _publisher(stated: _Stated, metadata) -> str | None:
    """The site's name: as the page states it (Open Graph's), else as trafilatura finds it;
    never an address (trafilatura takes a Facebook page's from article:publisher)."""
    for name in (stated.metas.get("og.site_name"), getattr(metadata, "sitename", None)):
        if (name := _clean(name)) and not re.match(r"https?://", name):
            return name
    return None


def _unix_date(stated: object) -> str | None:
    """The UTC date of a time stated as a number (JSON-LD's datePublished, on some sites):
    seconds since 1970, or milliseconds; None for anything else, or a year before 1990
    or after 2100 (no such page)."""
    if not isinstance(stated, int | float) or isinstance(stated, bool):
        return None
    seconds = stated / 1000 if stated > 10**11 else stated
    if not 631152000 <= seconds < 4102444800:  # 1990-01-01 to 2100-01-01
        return None
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date().isoformat()


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = SPACES.sub(" ", text).strip()
    return text or None


def _stated_title(stated: _Stated, metadata, tree) -> str | None:
    """The title the page states: its metadata's; else its <title> element's; else
    trafilatura's."""
    element = _clean(tree.findtext(".//title"))
    return stated.title(element or "") or element or _clean(getattr(metadata, "title", None))


_ARTICLES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle", "report"}
# Readability.js's order: Dublin Core's title first, Twitter's last.
_TITLE_METAS = ("dc.title", "dcterm.title", "dcterms.title", "og.title", "title", "twitter.title")
_DATE_METAS = (
    "article.published_time", "og.published_time", "og.article.published_time", "dc.date", "dcterms.created", "date",
)  # fmt: skip


@dataclass
class _Stated:
    """What a page states of itself: its article's JSON-LD object, and its <meta> tags
    (names case aside, "og:title" and "DC.title" written "og.title" and "dc.title")."""

    article: dict
    metas: dict[str, str]

    @classmethod
    def of(cls, tree) -> _Stated:
        article = next((item for script in tree.xpath("//script[@type='application/ld+json']")
                        for item in _json_ld(script.text or "") if _is_article(item)), {})  # fmt: skip
        metas: dict[str, str] = {}
        for meta in tree.xpath("//meta[@content]"):
            for name in f"{meta.get('property') or ''} {meta.get('name') or ''}".casefold().split():
                metas.setdefault(re.sub(r"\s*[-.:]\s*", ".", name), meta.get("content"))
        return cls(article, metas)

    def title(self, element: str) -> str | None:
        """JSON-LD's name or headline: where they differ (Wikipedia's headline is a
        description), the one nearer the <title> element; else the first title <meta>."""
        from rapidfuzz import fuzz

        named = [_clean(html.unescape(self.article[field])) for field in ("name", "headline")
                 if isinstance(self.article.get(field), str)]  # fmt: skip
        if named := [text for text in named if text]:
            return max(named, key=lambda text: fuzz.ratio(text.casefold(), element.casefold()))
        return next((found for name in _TITLE_METAS if (found := _clean(self.metas.get(name)))), None)

    @property
    def dates(self) -> list:
        return [self.article.get("datePublished"), *(self.metas.get(name) for name in _DATE_METAS)]


def _is_article(item: dict) -> bool:
    kinds = item.get("@type") if isinstance(item.get("@type"), list) else [item.get("@type")]
    return any(str(kind).casefold() in _ARTICLES for kind in kinds)


def _json_ld(text: str) -> list[dict]:
    """The objects of a JSON-LD script (in a list, a @graph, or alone); none where it is
    not JSON."""
    text = text.strip().removeprefix("<![CDATA[").removesuffix("]]>").strip()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    items = data if isinstance(data, list) else [data]
    found = []
    for item in items:
        if isinstance(item, dict):
            found.append(item)
            graph = item.get("@graph")
            found.extend(node for node in graph if isinstance(node, dict)) if isinstance(graph, list) else None
    return found
