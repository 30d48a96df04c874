"""A change on disk made while the app is still reading a large library, as a reader makes
it: `dossier validate` and `dossier search` run first (the cache and the search file fresh),
the installed command opened in tmux (160x45), a word typed into the search box as soon as
the first screen shows, and a claim's file changed `--delay` seconds after it (the rest of
the library still being read). Timed: until the search box lists the changed claim.

    python -m benchmarks.edit_while_reading --claims 100000 --runs 5
    python -m benchmarks.edit_while_reading --command 'python -m dossier'   # another build

Prints each run's first screen and the seconds from the change until it is found, then the
median. The file is put back after each run.
"""

from __future__ import annotations

import argparse
import random
import re
import shlex
import statistics
import subprocess
import time
from pathlib import Path

from .generate import cached_library
from .incremental import _dossier, _wait_for, keys


def one_run(library: Path, command: str, delay: float, claims: int, limit: float) -> tuple[float, float | None]:
    """(seconds to the first screen, seconds from the change until the claim is found, or
    None when it was not found within `limit`)."""
    subprocess.run([*shlex.split(command), "validate", str(library)], capture_output=True, check=False)
    subprocess.run([*shlex.split(command), "search", "officials", str(library), "--limit", "1"], capture_output=True)
    word = f"zebra{random.randrange(10**6)}"
    files = sorted((library / "dossiers").glob("*.yaml"))
    path = files[len(files) // 2]
    text = path.read_text("utf-8")
    found = re.search(r"\n    text: (.*)\n", text)
    session = f"dossier-edit-while-reading-{random.randrange(10**6)}"
    started = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "45", f"{command} {library}"])
    try:
        _wait_for(session, "▔ Claims ▔", limit=120)
        first = time.perf_counter() - started
        keys(session, word, literal=True)
        time.sleep(delay)
        path.write_text(text[: found.start(1)] + word + " " + text[found.start(1) :], "utf-8")
        changed = time.perf_counter()
        try:
            _wait_for(session, f"1 of {claims:,} claims", limit=limit)
        except TimeoutError:
            return first, None
        return first, time.perf_counter() - changed
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        path.write_text(text, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.3, help="seconds after the first screen (default 0.3)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds to wait for the change (default 120)")
    parser.add_argument("--command", default=None, help="the dossier to run (default: the installed one)")
    args = parser.parse_args()
    library = cached_library(args.claims)
    command = args.command or _dossier()
    found = []
    for run in range(1, args.runs + 1):
        first, seconds = one_run(library, command, args.delay, args.claims, args.limit)
        shown = f"{seconds:.2f} s" if seconds is not None else f"not within {args.limit:.0f} s"
        print(f"run {run}: first screen {first:.2f} s; changed {args.delay} s later, found after {shown}")
        found.append(seconds if seconds is not None else float("inf"))
    print(f"median: {statistics.median(found):.2f} s from the change until found ({args.claims:,} claims)")


if __name__ == "__main__":
    main()
