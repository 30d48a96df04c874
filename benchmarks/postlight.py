"""Postlight Parser's test pages (`git clone https://github.com/postlight/parser`): about 150
saved pages of news and other sites, each with what its hand-written extractor must find, as
its tests state it (src/extractors/custom/SITE/index.test.js): the title, the author, the
date published (a UTC time) and the article's first 13 words.

Postlight saved its pages after its own clean-up, which renames every <meta> tag's content
attribute to value (src/resource/utils/dom/normalize-meta-tags.js); cases() names them
content again, as the pages had them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

_FIELD = re.compile(r"assert\.equal\(\s*(title|author|date_published|first13)\s*,\s*")
_FIXTURE = re.compile(r"readFileSync\(\s*['\"`]\./fixtures/([^'\"`]+)['\"`]")
_SPACE = re.compile(r"\s*")
_PLUS = re.compile(r"\s*\+\s*")
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_VALUE = re.compile(rb"\svalue=", re.I)


def cases(root: Path) -> Iterator[dict]:
    """Each test case: its page's bytes ("page"), its file's name ("name"), and the fields it
    expects, where it states them (title, author, date_published, first13)."""
    for test in sorted((root / "src" / "extractors" / "custom").glob("*/index.test.js")):
        for block in re.split(r"\n\s*describe\(", test.read_text("utf-8")):
            fixture = _FIXTURE.search(block)
            if fixture is None or not (page := root / "fixtures" / fixture.group(1)).is_file():
                continue
            data = _META.sub(lambda meta: _VALUE.sub(b" content=", meta.group(0)), page.read_bytes())
            case = {"name": page.name, "page": data}
            for field in _FIELD.finditer(block):
                if (value := _string(block, field.end())) is not None:
                    case[field.group(1)] = value
            yield case


def _string(text: str, at: int) -> str | None:
    """The value of the JavaScript string literal at `at` (quoted '', "" or ``, escapes
    read, literals joined by +), or None where none is (null, a variable)."""
    parts = []
    while True:
        at = _SPACE.match(text, at).end()
        if at >= len(text) or text[at] not in "'\"`":
            return "".join(parts) if parts else None
        quote, at, out = text[at], at + 1, []
        while at < len(text) and text[at] != quote:
            if text[at] == "\\" and at + 1 < len(text):
                escaped = text[at + 1]
                if escaped == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[at + 2 : at + 6]):
                    out.append(chr(int(text[at + 2 : at + 6], 16)))
                    at += 6
                    continue
                out.append({"n": "\n", "t": "\t"}.get(escaped, escaped))
                at += 2
                continue
            out.append(text[at])
            at += 1
        parts.append("".join(out))
        joined = _PLUS.match(text, at + 1)
        if joined is None:
            return "".join(parts)
        at = joined.end()
