"""The fixed vocabularies the command line offers, in a module that imports next to
nothing: `dossier --help`, `completion` and the man page are built from them without
loading the data core."""

from __future__ import annotations

import enum

STATUSES = ("reported", "confirmed", "disputed", "denied", "superseded")
REPORT_FORMATS = ("markdown", "json", "csv")
SHELLS = ("bash", "zsh", "fish")
COLOR_CHOICES = ("auto", "always", "never")


class Scope(enum.Enum):
    CLAIMS = "claims"
    PARAGRAPHS = "paragraphs"  # source paragraphs only
    EVERYTHING = "all"  # claims and source paragraphs

    @property
    def label(self) -> str:
        return {"claims": "claims", "paragraphs": "source paragraphs", "all": "claims + sources"}[self.value]


class Order(enum.Enum):
    RELEVANCE = "relevance"  # best match first; the library's order when nothing is typed
    MOST_SOURCES = "most-sources"
    FEWEST_SOURCES = "fewest-sources"

    @property
    def label(self) -> str:
        return {
            "relevance": "best match first",
            "most-sources": "most sources first",
            "fewest-sources": "fewest sources first",
        }[self.value]
