"""The file format: which keys each kind of mapping takes, and what their values may be.

This table is the contract users write against; the loader checks files against it and
a test keeps the shipped JSON Schema (`schema/dossier.schema.json`) in step with it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from enum import Enum

from .choices import STATUSES as STATUSES  # the statuses are part of the format

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
NUMBER_PATTERN = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?\Z")
# Digits in a figure: what a double (JSON, JavaScript, spreadsheets) holds exactly.
MAX_DIGITS = 15
URL_PATTERN = re.compile(r"https?://\S+\Z")
COUNT_PATTERN = re.compile(r"[1-9][0-9]{0,14}\Z")  # a page number, a size in bytes
DIGEST_PATTERN = re.compile(r"[0-9a-f]{64}\Z")  # a SHA-256, as hex
TIME_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")  # UTC, to the second
# What an archived original is: the importer reads each kind its own way.
SOURCE_KINDS = ("html", "pdf", "text", "markdown", "email")

DEFAULT_STATUS = "reported"
BOUNDS = ("exact", "about", "at-least", "at-most")
DEFAULT_BOUND = "exact"
RELATIONS = ("updates", "contradicts", "supports")


def date_problem(text: str) -> str | None:
    """What the format asks of a date that `text` is not (None: it is a date), to follow
    the key's name: "must be a real day (February 2022 has 28 days)"."""
    if not DATE_PATTERN.match(text):
        return "must be a date written YYYY-MM-DD"
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
    if year == 0:
        return "must be a real day (there is no year 0000)"
    if not 1 <= month <= 12:
        return "must be a real day (months are 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"must be a real day ({calendar.month_name[month]} {year} has {days} days)"
    return None


YAML_SUFFIXES = (".yaml", ".yml")
# Files larger than this are refused before they are read: the largest real source
# or dossier is far smaller, and reading stays bounded in time and memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


class Value(Enum):
    """What a key's value must be."""

    ID = "an id"
    TEXT = "text"
    DATE = "a date"
    URL = "a URL"
    STATUS = "a status"
    BOUND = "a bound"
    NUMBER = "a number"
    REF = "a reference"
    TEXT_LIST = "a list of text"
    ID_LIST = "a list of ids"
    LIST = "a list"
    MAPPING = "a mapping"
    COUNT = "a whole number"
    DIGEST = "a SHA-256 digest"
    TIME = "a time"
    KIND = "a kind of document"


@dataclass(frozen=True, slots=True)
class Key:
    value: Value
    required: bool = False


SOURCE_KEYS = {
    "id": Key(Value.ID, required=True),
    "title": Key(Value.TEXT, required=True),
    "publisher": Key(Value.TEXT),
    "url": Key(Value.URL),
    "published": Key(Value.DATE),
    "authors": Key(Value.TEXT_LIST),
    "language": Key(Value.TEXT),
    # The original the paragraphs were read from, kept beside the file (dossier import).
    "archive": Key(Value.MAPPING),
    "paragraphs": Key(Value.LIST, required=True),
    # The earlier versions, oldest first, when the source was imported again (--update).
    "versions": Key(Value.LIST),
}
VERSION_KEYS = {
    "version": Key(Value.COUNT, required=True),  # from 1, the first imported
    "recorded": Key(Value.TIME),  # when it was read
    "archive": Key(Value.MAPPING),
    "paragraphs": Key(Value.LIST, required=True),
}
PARAGRAPH_KEYS = {
    "id": Key(Value.ID, required=True),
    "text": Key(Value.TEXT, required=True),
    "page": Key(Value.COUNT),  # where it starts in a PDF, from 1
}
ARCHIVE_KEYS = {
    "file": Key(Value.TEXT, required=True),  # its path, from the source file's folder
    "sha256": Key(Value.DIGEST, required=True),  # of the original's bytes, as read
    "size": Key(Value.COUNT, required=True),  # in bytes
    "kind": Key(Value.KIND, required=True),
    "imported": Key(Value.TIME),
    "extracted_by": Key(Value.TEXT),  # what read the paragraphs out of it, with its version
}
DOSSIER_KEYS = {
    "id": Key(Value.ID, required=True),
    "title": Key(Value.TEXT, required=True),
    "summary": Key(Value.TEXT),
    "claims": Key(Value.LIST, required=True),
}
CLAIM_KEYS = {
    "id": Key(Value.ID, required=True),
    # Ids the claim had before (claims merged into it): they still lead to it.
    "formerly": Key(Value.ID_LIST),
    "text": Key(Value.TEXT, required=True),
    "speaker": Key(Value.TEXT),
    "via": Key(Value.TEXT_LIST),
    "date": Key(Value.DATE),
    "status": Key(Value.STATUS),
    "tags": Key(Value.ID_LIST),
    "evidence": Key(Value.LIST, required=True),
    "figure": Key(Value.MAPPING),
    "updates": Key(Value.ID_LIST),
    "contradicts": Key(Value.ID_LIST),
    "supports": Key(Value.ID_LIST),
}
EVIDENCE_KEYS = {
    "at": Key(Value.REF, required=True),
    "quote": Key(Value.TEXT),
    # What it was before a new version of its source was accepted: the claim's history.
    "was_at": Key(Value.REF),
    "was_quote": Key(Value.TEXT),
}
# A glossary: the library's own words for the same things, used by search.
GLOSSARY_KEYS = {
    "title": Key(Value.TEXT),
    "terms": Key(Value.LIST, required=True),
}
TERM_KEYS = {
    "same": Key(Value.TEXT_LIST),  # terms that mean the same: each finds the others
    "alias": Key(Value.TEXT),  # a short form (an acronym) that finds...
    "for": Key(Value.TEXT_LIST),  # ...these, one way
}
FIGURE_KEYS = {
    "what": Key(Value.ID, required=True),
    "value": Key(Value.NUMBER, required=True),
    "bound": Key(Value.BOUND),
    "unit": Key(Value.TEXT),
}

# Each kind of mapping by the name messages use for it.
MAPPINGS = {
    "source": SOURCE_KEYS,
    "paragraph": PARAGRAPH_KEYS,
    "dossier": DOSSIER_KEYS,
    "claim": CLAIM_KEYS,
    "evidence": EVIDENCE_KEYS,
    "figure": FIGURE_KEYS,
    "archive": ARCHIVE_KEYS,
    "version": VERSION_KEYS,
    "glossary": GLOSSARY_KEYS,
    "term": TERM_KEYS,
}


def split_ref(ref: str) -> tuple[str, str] | None:
    """`source-id#paragraph-id` as its two ids, or None when it is not written so."""
    source_id, hash_mark, paragraph_id = ref.partition("#")
    if hash_mark and ID_PATTERN.match(source_id) and ID_PATTERN.match(paragraph_id):
        return source_id, paragraph_id
    return None
