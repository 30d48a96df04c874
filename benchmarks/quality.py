"""How often search finds what an analyst means, on the labelled queries of
search_queries.yaml, for dossier and two peers run in the same process on the same text:
SQLite FTS5 (Python's own sqlite3: porter stemmer, bm25, the words ORed) and fzf
(`fzf --filter`, where installed).

    python -m benchmarks.quality            # the bundled library
    python -m benchmarks.quality --misses   # and each query dossier does not answer first

Prints hit@1, hit@5 and the mean reciprocal rank per kind of query, claims and paragraphs.
Every system searches the same text per claim: what dossier's index holds (its words,
speaker, relays, tags, dossier title, id, quotes, and its sources' titles and publishers).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import subprocess
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

from dossier.library.choices import Scope
from dossier.library.model import Library
from dossier.search.index import SearchIndex
from dossier.store.loader import load_library

QUERIES = Path(__file__).parent / "search_queries.yaml"
DEPTH = 10  # ranks looked at


def claim_documents(library: Library) -> dict[str, str]:
    """Each claim's searchable text, as one document for the peers."""
    documents = {}
    for claim in library.claims.values():
        dossier = library.dossiers.get(claim.dossier_id)
        parts = [claim.text, claim.speaker or "", *claim.via, *claim.tags, dossier.title if dossier else "", claim.id]
        parts += [evidence.quote or "" for evidence in claim.evidence]
        for source_id in claim.source_ids:
            source = library.sources.get(source_id)
            parts += [source_id, source.title, source.publisher or ""] if source else [source_id]
        documents[claim.id] = " ".join(part for part in parts if part)
    return documents


def paragraph_documents(library: Library) -> dict[str, str]:
    return {
        f"{source.id}#{paragraph.id}": f"{paragraph.text} {source.title} {source.publisher or ''} {source.id}"
        for source in library.sources.values()
        for paragraph in source.paragraphs.values()
    }


class Fts5:
    """SQLite FTS5 with the porter stemmer, ranked by bm25, the query's words ORed."""

    def __init__(self, documents: dict[str, str]) -> None:
        self.keys = list(documents)
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO docs(rowid, body) VALUES (?, ?)", enumerate(documents.values()))

    def __call__(self, query: str) -> list[str]:
        words = re.findall(r"\w+", query.lower())
        if not words:
            return []
        match = " OR ".join(f'"{word}"' for word in words)
        rows = self.db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, DEPTH))
        return [self.keys[rowid] for (rowid,) in rows]


class Fzf:
    """`fzf --filter`: its own ranking, every word required."""

    def __init__(self, documents: dict[str, str]) -> None:
        self.lines = "".join(f"{' '.join(text.split())}\t{key}\n" for key, text in documents.items())

    def __call__(self, query: str) -> list[str]:
        found = subprocess.run(["fzf", "--filter", query], input=self.lines, capture_output=True, text=True)
        return [line.rsplit("\t", 1)[1] for line in found.stdout.splitlines()[:DEPTH]]


def dossier_search(index: SearchIndex, scope: Scope) -> Callable[[str], list[str]]:
    def search(query: str) -> list[str]:
        return [
            hit.key
            for hit in index.search(query, scope).hits[:DEPTH]
            if hit.kind == ("claim" if scope is Scope.CLAIMS else "paragraph")
        ]

    return search


def score(system: Callable[[str], list[str]], queries: list[dict]) -> dict[str, tuple[float, float, float, int]]:
    """Per kind (and 'all'): hit@1, hit@5, MRR and the number of queries."""
    ranks: dict[str, list[int | None]] = defaultdict(list)
    for item in queries:
        found = system(item["query"])
        relevant = set(item["relevant"])
        rank = next((place for place, key in enumerate(found, 1) if key in relevant), None)
        ranks[item["kind"]].append(rank)
        ranks["all"].append(rank)
    table = {}
    for kind, values in ranks.items():
        count = len(values)
        table[kind] = (
            sum(rank == 1 for rank in values) / count,
            sum(rank is not None and rank <= 5 for rank in values) / count,
            sum(1 / rank for rank in values if rank) / count,
            count,
        )
    return table


def report(title: str, systems: dict[str, Callable[[str], list[str]]], queries: list[dict]) -> None:
    kinds = ["all", *dict.fromkeys(item["kind"] for item in queries)]
    results = {name: score(system, queries) for name, system in systems.items()}
    print(f"\n{title}: hit@1 (hit@5, MRR)")
    counts = results[next(iter(results))]
    print(f"{'':10}" + "".join(f"{kind + ' ' + str(counts[kind][3]):>20}" for kind in kinds))
    for name, table in results.items():
        cells = "".join(f"{f'{table[k][0]:.2f} ({table[k][1]:.2f}, {table[k][2]:.2f})':>20}" for k in kinds)
        print(f"{name:10}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the queries dossier does not answer first")
    args = parser.parse_args()
    labelled = yaml.safe_load(QUERIES.read_text("utf-8"))
    library = load_library()
    index = SearchIndex(library)
    for title, scope, documents, queries in [
        ("claims", Scope.CLAIMS, claim_documents(library), labelled["claims"]),
        ("paragraphs", Scope.PARAGRAPHS, paragraph_documents(library), labelled["paragraphs"]),
    ]:
        systems: dict[str, Callable[[str], list[str]]] = {"dossier": dossier_search(index, scope)}
        systems["FTS5"] = Fts5(documents)
        if shutil.which("fzf"):
            systems["fzf"] = Fzf(documents)
        report(title, systems, queries)
        if args.misses:
            search = systems["dossier"]
            for item in queries:
                found = search(item["query"])
                if not found or found[0] not in item["relevant"]:
                    print(f"  miss [{item['kind']}] {item['query']!r}: {found[:3]} (want {item['relevant'][:3]})")


if __name__ == "__main__":
    main()
