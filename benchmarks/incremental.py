"""A library as a living thing: one claim's text edited in one file of a generated library,
and `dossier search` as a whole process, measured as a reader would measure them, in one
run, and printed as a table beside the figures of issue 20 (before this work):

- the app, watching its files (in process, with Textual's Pilot; and, where tmux is
  installed, the installed `dossier` in a real terminal): from the edit until the claim
  shows the new word, and until a search finds it; its first screen, warm cache;
- the app in tmux, a claim made from selected words and saved: until the list counts it,
  and until a search finds it (issue 21);
- `dossier search` after the edit (whole process), and the search after it;
- `dossier search QUERY`, warm cache, whole process, against `fzf --filter` on the claim
  texts in the same run (the ratio of the medians), and its peak memory.

    python -m benchmarks.incremental [--claims 10000] [--claims 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from benchmarks.generate import cached_library
from dossier.session import cache
from dossier.store.files import library_stamp

# Issue 20's figures, measured before this work at 100,000 claims.
BEFORE = {
    "app: edit until the claim pane shows it": "118 s",
    "app: edit until search finds the new word": "121-168 s",
    "dossier search QUERY, warm: time against fzf --filter": "10.3 × fzf's time",
    "dossier search QUERY, warm: peak memory": "377-386 MB",
    "app: first screen, warm cache": "1.0-1.8 s",
    "app: a claim saved (Ctrl+S) until the list counts it": "(no authoring)",
    "app: a claim saved (Ctrl+S) until search finds it": "(no authoring)",
}
GOALS = {
    "app: edit until the claim pane shows it": "≤ 1 s",
    "app: edit until search finds the new word": "≤ 1 s",
    "dossier search QUERY, warm: time against fzf --filter": "< 1 × (faster)",
    "dossier search QUERY, warm: peak memory": "≤ 100 MB",
    "app: first screen, warm cache": "≤ 1.0 s",
    "app: a claim saved (Ctrl+S) until the list counts it": "≤ 1 s (issue 21)",
    "app: a claim saved (Ctrl+S) until search finds it": "≤ 1 s (issue 21)",
}
QUERIES = ["minister", "artillery brigade", "zelen", "captured soldiers", "ukraine", "talks agency"]
# Peak memory of the process itself (VmHWM), printed on standard error by a process that
# runs `dossier` as its command would (the same imports, the same work).
MEASURED_MAIN = """
import sys
from dossier.cli.main import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(f"peak {peak:.1f}", file=sys.stderr)
sys.exit(code)
"""


def _dossier() -> str:
    script = Path(sysconfig.get_path("scripts")) / "dossier"
    return str(script) if script.exists() else shutil.which("dossier") or "dossier"


def _first_dossier_file(root: Path) -> Path:
    return sorted((root / "dossiers").rglob("*.yaml"))[0]


def _edit_first_claim(dossier: Path, word: str) -> None:
    """Put `word` at the start of the file's first claim (the generator writes texts
    double-quoted): the claim the app shows first, when it is the first file."""
    text = dossier.read_text("utf-8")
    dossier.write_text(text.replace('    text: "', f'    text: "{word} ', 1), "utf-8")


def _first_claim_id(dossier: Path) -> str:
    for line in dossier.read_text("utf-8").splitlines():
        if line.strip().startswith("- id:"):
            return line.split("id:", 1)[1].strip()
    raise ValueError(f"no claim in {dossier}")


async def _in_the_app(root: Path, dossier: Path, word: str) -> tuple[float, float]:
    """The app (headless, in this process) watching `root`: seconds from an edit until
    the claim shows the new word, and until a search for it lists the claim."""
    from dossier.ui.app import DossierApp

    app = DossierApp([str(root)])
    async with app.run_test(size=(160, 45)) as pilot:
        while not app.loaded:
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        claim_id = _first_claim_id(dossier)
        _edit_first_claim(dossier, word)
        started = time.perf_counter()
        shown = found = None
        while found is None and time.perf_counter() - started < 600:
            await pilot.pause(0.02)
            claim = app.library.claims.get(claim_id)
            if shown is None and claim is not None and word in claim.text:
                shown = time.perf_counter() - started
            if shown is not None and any(hit.key == claim_id for hit in app.index.search(word).hits[:5]):
                found = time.perf_counter() - started
        await pilot.pause(4)  # let its cache be written, as a reader's app would
        return shown or 0.0, found or 0.0


def _screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def _wait_for(session: str, text: str, limit: float = 600) -> float:
    started = time.perf_counter()
    while text not in _screen(session):
        if time.perf_counter() - started > limit:
            raise TimeoutError(f"{text!r} not on screen")
        time.sleep(0.02)
    return time.perf_counter() - started


def _in_tmux(
    root: Path, dossier: Path, word: str, claims: int, env: dict[str, str]
) -> tuple[float, float, float, float]:
    """The installed command in tmux at 160x45: its first screen (warm cache: until the
    first claim is on it), until the whole library is read (the status line says where
    a search looks), from an edit until the claim shows the new word on screen, and
    until the search box, given the word as soon as it shows, finds the claim."""
    session = f"dossier-benchmark-{os.getpid()}"
    claim_id = _first_claim_id(dossier)
    started = time.perf_counter()
    open_in_tmux(session, root, env["XDG_CACHE_HOME"])
    try:
        _wait_for(session, claim_id)
        first = time.perf_counter() - started
        _wait_for(session, "in claims (^t)")
        whole = time.perf_counter() - started
        time.sleep(2)
        _edit_first_claim(dossier, word)
        edited = time.perf_counter()
        _wait_for(session, word)
        shown = time.perf_counter() - edited
        subprocess.run(["tmux", "send-keys", "-t", session, word], check=True)
        _wait_for(session, f"1 of {claims:,} claims")  # the status line: the search found it
        return first, whole, shown, time.perf_counter() - edited
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _save_in_tmux(root: Path, dossier: Path, word: str, claims: int, env: dict[str, str]) -> tuple[float, float]:
    """The installed command in tmux at 160x45, a claim made and saved (see save_a_claim)."""
    session = f"dossier-benchmark-save-{os.getpid()}"
    open_in_tmux(session, root, env["XDG_CACHE_HOME"])
    try:
        _wait_for(session, "in claims (^t)")
        return save_a_claim(session, _first_claim_id(dossier), word, claims)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def open_in_tmux(session: str, root: Path, cache_home: str | Path) -> None:
    """The installed command on `root` in a new tmux session at 160x45, its cache in `cache_home`."""
    command = f"env XDG_CACHE_HOME={cache_home} {_dossier()} {root}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "45", command], check=True)


def keys(session: str, *sent: str, literal: bool = False) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *(["-l"] if literal else []), *sent], check=True)


def save_a_claim(session: str, first_id: str, word: str, claims: int) -> tuple[float, float]:
    """In the app in tmux `session`, as a reader makes a claim: the claim `first_id`
    found and opened, three words of its paragraph selected (`v w w`), `a`, `word` typed
    into the form's text, `Ctrl+S`. Seconds from `Ctrl+S` until the list counts the new
    claim (its file read again), and until the search box, given the word as soon as it
    is counted, finds it."""
    keys(session, "/")
    keys(session, first_id, literal=True)
    _wait_for(session, f"1 of {claims:,} claims", limit=60)
    keys(session, "Enter")
    time.sleep(0.5)
    keys(session, "Tab")
    time.sleep(0.5)
    keys(session, "v", "w", "w")
    _wait_for(session, "· 3 words", limit=60)
    keys(session, "a")
    _wait_for(session, "New claim ▀", limit=60)  # the form's border title (the words alone: `a`'s, in the footer)
    keys(session, f" {word}", literal=True)
    time.sleep(0.5)
    keys(session, "C-s")
    saved = time.perf_counter()
    _wait_for(session, f"{claims + 1:,} claims")
    listed = time.perf_counter() - saved
    keys(session, "/")
    keys(session, word, literal=True)
    try:
        _wait_for(session, f"1 of {claims + 1:,} claims", limit=60)
    except TimeoutError:
        raise TimeoutError(f"the claim saved is not found:\n{_screen(session)}") from None
    return listed, time.perf_counter() - saved


def _search(env: dict[str, str], *argv: str, memory: bool = True) -> tuple[float, float]:
    """`dossier search ARGV` as a whole process: seconds, and, with `memory`, its peak
    memory (MB, from the same work run again under a process that reports its own)."""
    started = time.perf_counter()
    subprocess.run([_dossier(), "search", *argv], capture_output=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if not memory:
        return seconds, 0.0
    measured = subprocess.run(
        [sys.executable, "-c", MEASURED_MAIN, "search", *argv], capture_output=True, text=True, env=env, check=False
    )
    peak = next((float(line.split()[1]) for line in measured.stderr.splitlines() if line.startswith("peak ")), 0.0)
    return seconds, peak


def _search_file_fresh(root: Path) -> bool:
    """Whether `dossier search` would answer from the search file now."""
    from dossier.search.searchfile import open_fresh

    found = open_fresh([str(root)])
    if found is not None:
        found[1].close()
    return found is not None


def _cache_fresh(root: Path) -> bool:
    """Whether the cache of `root` is written and fresh (its header alone read)."""
    paths = [str(root)]
    try:
        with open(cache.cache_file(paths), "rb") as stream:
            header = cache._Unpickler(stream).load()
    except (OSError, EOFError):
        return False
    return cache._fresh(header, paths, library_stamp(paths))


def _fzf(texts: Path, query: str) -> float:
    with open(texts, encoding="utf-8") as stdin:
        started = time.perf_counter()
        subprocess.run(["fzf", "--filter", query], stdin=stdin, capture_output=True, check=False)
        return time.perf_counter() - started


def measure(claims: int) -> dict[str, str]:
    """The table's column for a library of `claims` claims, each row printed as measured."""
    column: dict[str, str] = {}

    def row(what: str, figure: str) -> None:
        column[what] = figure
        print(f"  {what:<58} {figure}", flush=True)

    generated = cached_library(claims)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "library"
        shutil.copytree(generated, root)
        # Python as a reader's install has it: modules compiled once, not at every start.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["XDG_CACHE_HOME"] = str(Path(folder) / "cache")
        os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
        files = sum(1 for _ in root.rglob("*.yaml"))
        time.sleep(3.5)  # past the racy window: the files are as old as a reader's usually are
        started = time.perf_counter()
        subprocess.run([_dossier(), "search", "x", str(root)], capture_output=True, env=env, check=False)
        row(
            "first search: every file read, the cache written",
            f"{time.perf_counter() - started:.1f} s ({files:,} files)",
        )

        # Warm: the search file answers (written by the first search's child process, after it).
        started = time.perf_counter()
        while not _search_file_fresh(root) and time.perf_counter() - started < 600:
            time.sleep(0.1)
        loaded = cache.load([root], save=False)
        texts = Path(folder) / "claims.txt"
        texts.write_text("\n".join(" ".join(own.split()) for own, _ in loaded.index.claim_texts()) + "\n", "utf-8")
        del loaded
        ours, peaks, theirs = [], [], []
        for query in QUERIES:
            seconds, peak = _search(env, query, str(root), "--limit", "20")
            ours.append(seconds)
            peaks.append(peak)
            if shutil.which("fzf"):
                theirs.append(_fzf(texts, query))
        mine = statistics.median(ours)
        if theirs:
            fzf = statistics.median(theirs)
            row(
                "dossier search QUERY, warm: time against fzf --filter",
                f"{mine / fzf:.2f} × fzf's time ({mine:.3f} s against {fzf:.3f} s, medians of {len(QUERIES)} queries)",
            )
        else:
            row("dossier search QUERY, warm: time against fzf --filter", f"{mine:.3f} s (fzf is not installed)")
        row("dossier search QUERY, warm: peak memory", f"{max(peaks):.0f} MB at most")

        # An edit, then `dossier search` for the new word: the cache is stale.
        time.sleep(3.5)
        dossier = _first_dossier_file(root)
        _edit_first_claim(dossier, "zyxwordcli")
        after, _ = _search(env, "zyxwordcli", str(root), "--limit", "1", memory=False)
        started = time.perf_counter()
        while not _search_file_fresh(root) and time.perf_counter() - started < 600:
            time.sleep(0.1)
        saved = time.perf_counter() - started
        then, _ = _search(env, "zyxwordcli", str(root), "--limit", "1", memory=False)
        row(
            "dossier search NEW-WORD after the edit; the search after",
            f"{after:.2f} s; the search file written again {saved:.1f} s later; then {then:.3f} s",
        )
        while not _cache_fresh(root) and time.perf_counter() - started < 600:
            time.sleep(0.5)  # the cache too, before the app starts on it

        # The app, watching: an edit until shown, until found.
        time.sleep(3.5)
        shown, found = asyncio.run(_in_the_app(root, dossier, "zyxwordapp"))
        row("app (in process): edit until shown, until search finds it", f"{shown:.2f} s, {found:.2f} s")
        if shutil.which("tmux"):
            _search(env, "x", str(root))  # the cache fresh again, as after a day's work
            started = time.perf_counter()
            while not _cache_fresh(root) and time.perf_counter() - started < 600:
                time.sleep(0.5)  # written by the search's child process: the app starts on it
            time.sleep(3.5)
            first, whole, shown, found = _in_tmux(root, dossier, "zyxwordtmux", claims, env)
            row("app: first screen, warm cache", f"{first:.2f} s (tmux, the installed command)")
            row("app: the whole library read, warm cache", f"{whole:.2f} s (tmux: searches answer)")
            row("app: edit until the claim pane shows it", f"{shown:.2f} s (tmux)")
            row("app: edit until search finds the new word", f"{found:.2f} s (tmux: the word typed once shown)")
            time.sleep(4)  # the app's cache written as it quit
            listed, found = _save_in_tmux(root, dossier, "zyxwordsaved", claims, env)
            row("app: a claim saved (Ctrl+S) until the list counts it", f"{listed:.2f} s (tmux)")
            row("app: a claim saved (Ctrl+S) until search finds it", f"{found:.2f} s (tmux: typed once counted)")
        else:
            row("app: edit until the claim pane shows it", f"{shown:.2f} s (in process; tmux is not installed)")
            row("app: edit until search finds the new word", f"{found:.2f} s (in process)")
    return column


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, action="append")
    args = parser.parse_args()
    sizes = args.claims or [10_000, 100_000]
    columns = {}
    for claims in sizes:
        print(f"\n{claims:,} claims", flush=True)
        columns[claims] = measure(claims)
    rows = list(dict.fromkeys(what for column in columns.values() for what in column))
    print("\n| | " + " | ".join(f"{claims:,} claims" for claims in sizes) + " | before (issue 20, 100,000) | goal |")
    print("| --- |" + " --- |" * (len(sizes) + 2))
    for what in rows:
        figures = " | ".join(columns[claims].get(what, "") for claims in sizes)
        print(f"| {what} | {figures} | {BEFORE.get(what, '')} | {GOALS.get(what, '')} |")


if __name__ == "__main__":
    main()
