"""How long the installed `dossier` takes to answer what needs no library, against a
bare Python that imports argparse, run in turn in the same process so that the
machine's load falls on both alike.

    python -m benchmarks.startup [--runs 30]

Prints the median wall time of each and its ratio to the peer; the goal for
`dossier --version` is within 2x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

ANSWERS = [["--version"], ["--help"], ["help", "search"], ["schema"], ["completion", "bash"]]


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    script = Path(sysconfig.get_path("scripts")) / "dossier"
    dossier = str(script) if script.exists() else shutil.which("dossier")
    if dossier is None:
        sys.exit("dossier is not installed: pip install . first")
    peer = [sys.executable, "-c", "import argparse"]
    commands = {" ".join(answer): [dossier, *answer] for answer in ANSWERS}
    times: dict[str, list[float]] = {name: [] for name in ["python -c 'import argparse'", *commands]}
    for _ in range(args.runs):  # interleaved: a busy moment costs every command alike
        times["python -c 'import argparse'"].append(_time(peer))
        for name, command in commands.items():
            times[name].append(_time(command))
    base = statistics.median(times["python -c 'import argparse'"])
    print(f"{'command':<34} {'median':>9} {'ratio':>7}   ({args.runs} runs each, interleaved)")
    for name, found in times.items():
        median = statistics.median(found)
        label = name if name.startswith("python") else f"dossier {name}"
        print(f"{label:<34} {median * 1000:>7.1f} ms {median / base:>6.2f}x")


if __name__ == "__main__":
    main()
