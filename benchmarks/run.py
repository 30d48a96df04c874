"""Measure search, start-up, the cache and memory on synthetic libraries, against peers
run in the same process or the same run: brute-force rapidfuzz and `fzf --filter`.

    python -m benchmarks.run                 # 1k, 10k and 100k claims (the first run generates them)
    python -m benchmarks.run --claims 10000  # one size
    python -m benchmarks.run --quality       # the labelled queries only

Prints one table per library, plus the ranking quality on the bundled library. Timings
are of this machine at this moment: compare the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz import fuzz, process

from benchmarks.generate import cached_library
from benchmarks.quality import QUERIES, Fts5, claim_documents, dossier_search, paragraph_documents, score
from dossier.library.choices import Scope
from dossier.search.index import SearchIndex
from dossier.session import cache
from dossier.store.files import discover
from dossier.store.loader import load_library
from dossier.text.terms import fold

HERE = Path(__file__).parent
BRUTE_FORCE_SAMPLE = 40  # keystrokes timed for the brute-force peers (they take 0.1-1 s each)


# --- ranking quality ---------------------------------------------------------------


def quality() -> list[tuple[str, str]]:
    """hit@1 on the labelled queries (benchmarks.quality has the table by kind): dossier's
    index, and SQLite FTS5 on the same text."""
    labelled = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    library = load_library()
    index = SearchIndex(library)
    rows = []
    for name, scope, documents in (
        ("claims", Scope.CLAIMS, claim_documents(library)),
        ("paragraphs", Scope.PARAGRAPHS, paragraph_documents(library)),
    ):
        for system_name, system in (("dossier", dossier_search(index, scope)), ("SQLite FTS5", Fts5(documents))):
            table = score(system, labelled[name])
            hit, _, mrr, count = table["all"]
            rows.append((f"{name}, {system_name}", f"hit@1 {hit:.2f} · MRR {mrr:.2f} ({count} queries)"))
    return rows


# --- typed queries -------------------------------------------------------------------


def typed_queries(index: SearchIndex, count: int = 36, seed: int = 7) -> list[str]:
    """Queries a reader might type about this library: names, places, words and
    numbers from its claims, some with a typo or in another order."""
    rng = random.Random(seed)
    texts = index.claim_texts()
    queries: list[str] = []
    while len(queries) < count:
        words = rng.choice(texts)[0].split("\n")[0].replace(",", "").replace(".", "").split()
        start = rng.randrange(len(words))
        picked = words[start : start + rng.choice((1, 1, 2, 2, 3))]
        kind = len(queries) % 4
        if kind == 1 and len(picked[0]) >= 5:  # a typo: two letters swapped
            word = picked[0]
            at = rng.randrange(1, len(word) - 1)
            picked[0] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == 2:
            picked.reverse()
        elif kind == 3:
            picked = [picked[0][: max(3, len(picked[0]) - 2)]]  # still typing
        query = " ".join(picked)[:30]
        if query.strip():
            queries.append(query)
    return queries


def percentiles(times: list[float]) -> str:
    ms = np.array(times) * 1000
    return f"p50 {np.percentile(ms, 50):.1f} · p99 {np.percentile(ms, 99):.1f} · max {ms.max():.1f} ms"


def keystrokes(index: SearchIndex, queries: list[str], scope: Scope) -> tuple[list[float], list[str]]:
    """The time of every keystroke of every query (search, and the first 500 hits made)."""
    times, typed = [], []
    for query in queries:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            index.search(query[:end], scope).hits[:500]
            times.append(time.perf_counter() - start)
            typed.append(query[:end])
    return times, typed


def brute_force(typed: list[str], haystacks: list[str], scorer) -> list[float]:
    times = []
    for text in typed:
        start = time.perf_counter()
        process.extract(fold(text), haystacks, scorer=scorer, processor=None, limit=500)
        times.append(time.perf_counter() - start)
    return times


# --- whole processes -----------------------------------------------------------------


def run_process(command: list[str], *, stdin=None, env=None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, stdin=stdin, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{command[:4]} failed: {result.stderr[-500:]}")
    return elapsed, result.stdout


# Peak memory of this process alone: getrusage's ru_maxrss is not reset by exec, so a
# child started by a big parent would report the parent's peak.
PEAK_MEMORY = """
def peak_memory_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
"""

COLD = (
    PEAK_MEMORY
    + """
import sys
from dossier.session import cache
loaded = cache.load(sys.argv[1:], save=False)
loaded.index.paragraph_part()
cache.write(sys.argv[1:], loaded)  # as the app does, once the paragraphs are indexed
print(peak_memory_mb())
"""
)

STARTUP = (
    PEAK_MEMORY
    + """
import sys, time
start = time.perf_counter()
from pathlib import Path
from dossier.ui import app

class Timed(app.DossierApp):
    CSS_PATH = Path(app.__file__).parent / "app.tcss"

    def _show_first_screen(self, *args):
        super()._show_first_screen(*args)
        self.call_after_refresh(lambda: setattr(self, "first_shown", time.perf_counter() - start))

    def _show_results(self, *args):
        super()._show_results(*args)
        if self.loaded:
            self.exit(time.perf_counter() - start)

timed = Timed(sys.argv[1:], watch_interval=None)
whole = timed.run(headless=True, size=(120, 40))
print(getattr(timed, "first_shown", whole), whole)  # a small library has no first screen of its own
print(peak_memory_mb())
"""
)


# --- one library ------------------------------------------------------------------------


def measure(claims: int) -> list[tuple[str, str]]:
    path = cached_library(claims)
    files, _ = discover([path])
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    rows = Rows()
    rows.append(("library", f"{claims:,} claims, {claims * 5:,} paragraphs, {len(files):,} files, {megabytes:.0f} MB"))
    env = dict(os.environ, XDG_CACHE_HOME=mkdtemp())
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]

    # Cold load against libyaml's own parse of the same files.
    start = time.perf_counter()
    for file in files:
        with open(file, "rb") as stream:
            yaml.load(stream.read(), Loader=yaml.CSafeLoader)
    libyaml = time.perf_counter() - start
    start = time.perf_counter()
    loaded = cache.load([path], save=False)
    cold = time.perf_counter() - start
    rows.append(
        (
            "cold load (read, check, index claims)",
            f"{cold:.2f} s = {cold / libyaml:.2f} × libyaml's parse ({libyaml:.2f} s)",
        )
    )
    start = time.perf_counter()
    loaded.index.paragraph_part()
    rows.append(("  then paragraphs indexed (in the background)", f"{time.perf_counter() - start:.2f} s"))
    start = time.perf_counter()
    cache.write([path], loaded)
    rows.append(
        (
            "  then cache written",
            f"{time.perf_counter() - start:.2f} s, {cache.cache_file([path]).stat().st_size / 1e6:.0f} MB",
        )
    )
    start = time.perf_counter()
    gc.collect()
    warm = cache.read([path])
    rows.append(("warm load from the cache (in process)", f"{time.perf_counter() - start:.2f} s"))
    index = warm.index

    # Start-up: a new process to the first screen listing claims, on the warm cache, and
    # until the whole library is read (searches answer).
    runs = [run_process([sys.executable, "-c", STARTUP, str(path)], env=env) for _ in range(3)]
    first_screen = min(float(output.split()[0]) for _, output in runs)
    whole = min(float(output.split()[1]) for _, output in runs)
    wall = min(seconds for seconds, _ in runs)
    rows.append(
        (
            "app start to first screen (warm cache)",
            f"{first_screen:.2f} s; the whole library read {whole:.2f} s ({wall:.2f} s with Python's start and exit)",
        )
    )
    rows.append(("peak memory, app with library", f"{max(float(output.split()[2]) for _, output in runs):.0f} MB"))
    cold_peak = float(run_process([sys.executable, "-c", COLD, str(path)], env=dict(env, XDG_CACHE_HOME=mkdtemp()))[1])
    rows.append(("peak memory, first (cold) load, indexing and cache written", f"{cold_peak:.0f} MB"))

    # Keystrokes, in process.
    queries = typed_queries(index)
    for scope in (Scope.CLAIMS, Scope.PARAGRAPHS):
        times, typed = keystrokes(index, queries, scope)
        rows.append((f"keystroke, {scope.label} ({len(times)} prefixes of {len(queries)} queries)", percentiles(times)))
    times, typed = keystrokes(index, queries, Scope.CLAIMS)
    sample = random.Random(1).sample(range(len(typed)), min(BRUTE_FORCE_SAMPLE, len(typed)))
    ours = statistics.median(times[i] for i in sample)
    haystacks = [fold(" ".join(texts)) for texts in index.claim_texts()]
    for name, scorer in (("partial_ratio", fuzz.partial_ratio), ("WRatio", fuzz.WRatio)):
        theirs = statistics.median(brute_force([typed[i] for i in sample], haystacks, scorer))
        rows.append(
            (
                f"  brute-force rapidfuzz {name}, same {len(sample)} keystrokes",
                f"p50 {theirs * 1000:.1f} ms = {theirs / ours:.0f} × the index",
            )
        )

    # Whole processes: dossier search against fzf --filter, on the same claim texts.
    search_queries = queries[:10]
    dossier = [
        statistics.median(
            run_process([sys.executable, "-m", "dossier", "search", q, str(path), "--limit", "20"], env=env)[0]
            for _ in range(1)
        )
        for q in search_queries
    ]
    row = f"median {statistics.median(dossier):.2f} s"
    fzf = shutil.which("fzf")
    if fzf:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as lines:
            lines.write("\n".join(" ".join(own.split()) for own, _around in index.claim_texts()) + "\n")
        theirs = []
        for q in search_queries:
            with open(lines.name, encoding="utf-8") as stdin:
                theirs.append(run_process([fzf, "--filter", q], stdin=stdin)[0])
        os.unlink(lines.name)
        ratio = statistics.median(dossier) / statistics.median(theirs)
        row += f" · fzf --filter {statistics.median(theirs):.2f} s · dossier takes {ratio:.2f} × fzf's time"
    else:
        row += " · fzf is not installed: no comparison"
    rows.append((f"dossier search, whole process ({len(search_queries)} queries)", row))
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    return rows


class Rows(list):
    """A table's rows, each printed as soon as it is measured."""

    def append(self, row: tuple[str, str]) -> None:
        super().append(row)
        print(f"{row[0]:<60}  {row[1]}", flush=True)


def mkdtemp() -> str:
    return tempfile.mkdtemp(prefix="dossier-bench-cache-")


def table(title: str, rows: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join([title, "-" * len(title), *(f"{name:<{width}}  {value}" for name, value in rows), ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, action="append", help="library size (repeatable); default 1k, 10k, 100k")
    parser.add_argument("--quality", action="store_true", help="only the ranking quality on the labelled queries")
    args = parser.parse_args()
    print(table("Ranking quality (bundled library, benchmarks/search_queries.yaml)", quality()))
    if args.quality:
        return
    print(f"{os.cpu_count()} cores · Python {sys.version.split()[0]}\n")
    for claims in args.claims or (1000, 10_000, 100_000):
        title = f"{claims:,} claims"
        print(f"{title}\n{'-' * len(title)}", flush=True)
        measure(claims)
        print()


if __name__ == "__main__":
    main()
