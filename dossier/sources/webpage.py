"""A saved web page read into its article's paragraphs and the source's fields.

trafilatura (with its own fallbacks, readability and jusText) decides which blocks of the
page are the article: navigation, ads, comments, cookie banners and related links are left
out. Its text is then taken back from the page itself, each block as a browser shows it
(entities decoded, inline markup gone, white space collapsed but kept where the page has
it, link text kept): trafilatura trims the space around inline elements ("located<a>
near</a>" comes out "locatednear") and drops the text of some links. A line break (<br>)
ends a paragraph, a heading and a list item are paragraphs of their own, a table row is one.
Hidden elements (hidden, aria-hidden, display: none: tooltips, menus) are left out first.

The source's fields come from the page's metadata (trafilatura's, htmldate's date): the
headline without the site's name after it, the site's name as publisher, authors, the
published date, the canonical address and the language.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass

from ..library.problems import DossierError
from .kinds import Fields

# Elements that start a block of their own, as a browser lays them out.
_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "figcaption",
        "td",
        "th",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "ul",
        "ol",
        "table",
        "tr",
        "tbody",
        "thead",
        "tfoot",
        "form",
        "fieldset",
        "address",
        "center",
        "dl",
        "nav",
        "details",
        "summary",
        "caption",
        "hr",
        "body",
        "html",
        "figure",
        "option",
        "select",
        "button",
        "label",
    ]
)
# Elements whose content is never read as text.
_UNREAD = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "head",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "map",
        "math",
    ]
)
_SPACES = re.compile(r"[ \t\n\r\f\u200b]+")  # what a browser collapses (not the no-break space)
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
# Fewer letters and digits than this is no article: a login wall, a list of links, an error
# page. (Letters, not words: Chinese and Japanese write no spaces between words.)
MIN_LETTERS = 100
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
    xml = trafilatura.extract(
        copy.deepcopy(tree),
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_links=True,
        include_formatting=True,
        include_images=False,
    )
    chosen = _chosen_blocks(xml) if xml else []
    paragraphs = _as_the_page_shows(chosen, tree)
    if sum(len(re.findall(r"\w", paragraph)) for paragraph in paragraphs) < MIN_LETTERS:
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


def _chosen_blocks(xml: str) -> list[str]:
    """The article's blocks as trafilatura gives them: paragraphs, headings, list items,
    quotes, table rows; each split at its line breaks."""
    import lxml.etree

    document = lxml.etree.fromstring(xml.encode("utf-8"))
    blocks: list[str] = []

    def add(parts: list[str]) -> None:
        text = _SPACES.sub(" ", "".join(parts)).strip()
        if text:
            blocks.append(text)

    for element in document.iter("p", "head", "item", "quote", "row", "code"):
        if element.tag == "quote" and element.find("p") is not None:
            continue  # its paragraphs are read one by one
        if element.tag == "row":
            add([" ".join(_SPACES.sub(" ", "".join(cell.itertext())).strip() for cell in element)])
            continue
        if any(ancestor.tag in ("cell", "item") and element.tag == "p" for ancestor in element.iterancestors()):
            continue  # read with its row or item
        parts = [element.text or ""]
        for child in element:
            if child.tag == "lb":
                add(parts)
                parts = []
            else:
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        add(parts)
    return blocks


def _segments(tree) -> list[str]:
    """The page's text as a browser lays it out: each block element's own text, split at
    its line breaks, white space collapsed."""
    segments: list[str] = []

    def flush(parts: list[str]) -> None:
        text = _SPACES.sub(" ", "".join(parts)).strip()
        if text:
            segments.append(text)

    def visit(element, parts: list[str]) -> None:
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else None
            if tag is None or tag in _UNREAD:  # a comment, a script
                pass
            elif tag == "br":
                flush(parts)
                parts.clear()
            elif tag in _BLOCKS:
                flush(parts)
                parts.clear()
                inner = [child.text or ""]
                visit(child, inner)
                flush(inner)
            else:
                parts.append(child.text or "")
                visit(child, parts)
            if child.tail:
                parts.append(child.tail)

    body = tree.find(".//body")
    root = body if body is not None else tree
    top = [root.text or ""]
    visit(root, top)
    flush(top)
    return segments


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _as_the_page_shows(chosen: list[str], tree) -> list[str]:
    """Each block trafilatura chose, as the page has it: the segment of the page with the
    same words (its spaces, the text of its links), found in document order; where none
    is near enough, trafilatura's own text."""
    from rapidfuzz import fuzz

    segments = _segments(tree)
    keys = [_key(segment) for segment in segments]
    shown, position = [], 0
    for block in chosen:
        key = _key(block)
        best, found = 0.0, None
        for index in range(position, min(len(segments), position + 400)):
            if keys[index] == key:
                best, found = 100.0, index
                break
            if key and keys[index] and abs(len(keys[index]) - len(key)) <= max(20, len(key) // 5):
                score = fuzz.ratio(keys[index], key)
                if score > best:
                    best, found = score, index
        if found is None or best < 90 or len(keys[found]) < len(key) * 0.98:
            # trafilatura cut the paragraph short (at a link, a word it took for boilerplate):
            # the segment that begins with what it kept, and holds most of its own words.
            found = next(
                (
                    index
                    for index in range(position, min(len(segments), position + 400))
                    if len(key) >= 30 and len(key) >= len(keys[index]) * 0.3 and _holds(segments[index], block)
                ),
                None,
            )
            best = 100.0 if found is not None else 0.0
        # Never a shorter text than trafilatura's: a segment cut by a block inside the
        # paragraph (an ad) is not the paragraph.
        if found is not None and best >= 90 and len(keys[found]) >= len(key) * 0.98:
            shown.append(segments[found])
            position = found + 1
        elif not shown or block != shown[-1]:
            # (a block trafilatura gave twice in a row, found nowhere on the page, once;
            # a paragraph the page itself repeats is two segments, and stays twice)
            shown.append(block)
    return shown


def _holds(segment: str, block: str) -> bool:
    """Whether the segment begins as the block does and holds every word of it: the block
    is the segment with some of its words dropped."""
    have, want = Counter(_WORD.findall(segment.casefold())), Counter(_WORD.findall(block.casefold()))
    first = _WORD.findall(block.casefold())[:3]
    return bool(first) and _WORD.findall(segment.casefold())[:3] == first and not want - have


_WORD = re.compile(r"\w+")


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
    text = _SPACES.sub(" ", text).strip()
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
    if suffix and publisher and _key(publisher) in _key(suffix.group(1)):
        return title[: suffix.start()].strip()
    return title
