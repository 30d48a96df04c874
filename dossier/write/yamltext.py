"""A plain-text article turned into a source file, its text kept word for word.

The paragraphs are the article's blocks: when blank lines separate them, each block
between blank lines (its own line breaks kept); otherwise each line. Ids run p1..pN.
"""

from __future__ import annotations

import re

import yaml

from ..library.problems import DossierError
from ..store.checking import parse_file

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of an article, only the white space around each one trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text.strip()) else text.split("\n")
    return [block.strip() for block in blocks if block.strip()]


class TextDumper(yaml.SafeDumper):
    """Plain YAML as people write it (a paragraph with line breaks as a literal block),
    that reads back as the very text written, whatever characters it holds."""


# YAML's other line breaks: PyYAML writes them raw in single quotes, and reads them back
# as spaces; in double quotes it escapes them.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # PyYAML itself falls back to a quoted scalar when a block cannot hold the text.
    style = '"' if _OTHER_BREAKS.search(text) else "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


TextDumper.add_representer(str, _text)

_HEADER = "# Made by `dossier import`: the article's text, word for word, one paragraph per block.\n"


def source_document(
    paragraphs: list[str] | list[tuple[str, int | None]],
    *,
    source_id: str,
    title: str,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    authors: list[str] | tuple[str, ...] = (),
    language: str | None = None,
    archive: dict | None = None,
    name: str = "the article",
) -> str:
    """The YAML of a source holding `paragraphs` (texts, or texts with the page each starts
    on), with the fields given and, given `archive`, what it records of its original. It is
    checked as `dossier validate` checks a file; DossierError names what is wrong with the
    fields given."""
    if not paragraphs:
        raise DossierError(f"{name}: no text to import")
    paged = [(item, None) if isinstance(item, str) else item for item in paragraphs]
    fields: dict[str, object] = {"id": source_id, "title": title}
    fields.update((key, value) for key, value in (("publisher", publisher), ("url", url), ("published", published)))
    fields["authors"] = list(authors) or None
    fields["language"] = language
    fields["archive"] = archive
    fields = {key: value for key, value in fields.items() if value is not None}
    fields["paragraphs"] = [
        {"id": f"p{number}", "text": text, **({"page": page} if page else {})}
        for number, (text, page) in enumerate(paged, 1)
    ]
    document = _HEADER + yaml.dump(fields, Dumper=TextDumper, sort_keys=False, allow_unicode=True, width=float("inf"))
    checked = parse_file(name, document)
    if checked.problems:
        # Paragraphs are written by PyYAML and always read back; what fails is a field
        # given, named as its option is.
        messages = [problem.message for problem in checked.problems]
        for key in ("id", "title", "publisher", "url", "published"):
            messages = [message.replace(f"'{key}'", f"--{key}", 1) for message in messages]
        raise DossierError("; ".join(messages))
    kept = [paragraph.text for paragraph in checked.source.paragraphs.values()]
    if kept != [text for text, _ in paged]:  # a guard on PyYAML: the file must hold the text as it was
        raise DossierError(f"{name}: the text did not survive being written as YAML")
    return document
