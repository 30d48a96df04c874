"""Claims saved one after another in the installed `dossier`, in tmux, as a reader makes
them all day: for each, seconds from `Ctrl+S` until the list counts the new claim, and
until a search typed then finds it; then `u` undoes it, and the next one is made after a
pause (`--pause`, seconds: a reader reads before the next claim; 0 saves at once).

    python -m benchmarks.saves [--claims 100000] [--runs 10] [--pause 5]

The library is the generated one of `benchmarks.incremental`, copied: the copy is
changed, never the generated library.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from benchmarks.generate import cached_library
from benchmarks.incremental import (
    _first_claim_id,
    _first_dossier_file,
    _screen,
    _wait_for,
    keys,
    open_in_tmux,
    save_a_claim,
)


def measure(root: Path, cache_home: Path, claims: int, runs: int, pause: float) -> list[tuple[float, float]]:
    dossier = _first_dossier_file(root)
    before = dossier.read_bytes()
    session = f"dossier-benchmark-saves-{os.getpid()}"
    open_in_tmux(session, root, cache_home)
    figures = []
    try:
        _wait_for(session, "in claims (^t)")
        first = _first_claim_id(dossier)
        time.sleep(pause)
        for run in range(runs):
            listed, found = save_a_claim(session, first, f"zyxsaved{run}q", claims)
            figures.append((listed, found))
            print(f"  save {run + 1}: listed {listed:.2f} s, found {found:.2f} s", flush=True)
            keys(session, "C-u")
            _wait_for(session, f" {claims + 1:,} claims")
            keys(session, "Escape")
            time.sleep(0.5)
            keys(session, "u")
            deadline = time.perf_counter() + 30
            while dossier.read_bytes() != before:
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"the save was not undone:\n{_screen(session)}")
                time.sleep(0.05)
            _wait_for(session, f"{claims:,} claims")
            time.sleep(pause)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pause", type=float, default=5.0)
    args = parser.parse_args()
    generated = cached_library(args.claims)
    # A copy beside the generated library, kept with its own cache between runs (the
    # first start on a new copy reads every file); each save is undone, so it stays as
    # generated, and a copy left changed by an interrupted run is made again.
    root = generated.with_name(generated.name + "-saves")
    cache_home = root.with_name(root.name + "-cache")
    first = _first_dossier_file(generated)
    if not root.exists() or _first_dossier_file(root).read_bytes() != first.read_bytes():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(generated, root)
    figures = measure(root, cache_home, args.claims, args.runs, args.pause)
    print(f"{args.claims:,} claims, {args.runs} saves, {args.pause:g} s apart:")
    for what, values in (("listed", [f[0] for f in figures]), ("found", [f[1] for f in figures])):
        within = sum(value <= 1.0 for value in values)
        print(
            f"  {what}: median {statistics.median(values):.2f} s, max {max(values):.2f} s, "
            f"{within} of {len(values)} within 1 s"
        )


if __name__ == "__main__":
    main()
