"""A web page's text as a browser lays it out: its segments, each a block element's own
text split at its line breaks, white space collapsed; and how much of each is link text.

The extraction libraries choose which blocks are the article (see article.py); the words
are then taken from these segments, so a paragraph comes out as the page shows it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Elements that start a block of their own, as a browser lays them out.
BLOCKS = frozenset(
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
UNREAD = frozenset(
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
SPACES = re.compile(r"[ \t\n\r\f\u200b]+")  # what a browser collapses (not the no-break space)


class Segment(NamedTuple):
    text: str
    linked: int  # how many of its characters are a link's text
    caption: bool = False  # a figure's text: a picture's caption or credit


# Elements whose text is a figure's (its caption, its credit), not the article's running
# text; and what a figure may hold that is the article's (WordPress sets its tables, pull
# quotes and embedded posts in figures).
FIGURES = frozenset(["figure", "figcaption"])
IN_FIGURES = frozenset(["table", "blockquote", "pre", "ul", "ol", "dl"])


def segments(tree) -> list[Segment]:
    """The page's segments, in document order."""
    found: list[Segment] = []

    def flush(parts: list[str], links: list[str], caption: bool) -> None:
        text = SPACES.sub(" ", "".join(parts)).strip()
        if text:
            found.append(Segment(text, len(SPACES.sub(" ", "".join(links)).strip()), caption))
        parts.clear()
        links.clear()

    def visit(element, parts: list[str], links: list[str], in_link: bool, caption: bool) -> None:
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else None
            if tag is None or tag in UNREAD:  # a comment, a script
                pass
            elif tag == "br":
                flush(parts, links, caption)
            elif tag in BLOCKS:
                flush(parts, links, caption)
                inner, inner_links = [child.text or ""], [child.text or ""] if in_link else []
                in_figure = (caption or tag in FIGURES) and tag not in IN_FIGURES
                visit(child, inner, inner_links, in_link, in_figure)
                flush(inner, inner_links, in_figure)
            else:
                link = in_link or tag == "a"
                parts.append(child.text or "")
                if link:
                    links.append(child.text or "")
                visit(child, parts, links, link, caption)
            if child.tail:
                parts.append(child.tail)
                if in_link:
                    links.append(child.tail)

    body = tree.find(".//body")
    root = body if body is not None else tree
    visit(root, top := [root.text or ""], top_links := [], False, False)
    flush(top, top_links, False)
    return found


def key(text: str) -> str:
    """The text's letters and digits, case aside: what two readings of a block share."""
    return re.sub(r"\W+", "", text).casefold()
