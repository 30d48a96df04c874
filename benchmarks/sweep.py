"""Every file of the folders given through `dossier import`'s own path, as a user's import
runs it (the source file made and checked as it would be written; nothing written): how many
import, how many are refused and why, and any that fail otherwise, which is a bug.

The measures in importing.py call the readers alone, so a failure at the source file (a
character no YAML file can hold) does not show there; this shows it. The folders are the
suites' own: `python -m benchmarks.sweep SCRAPINGHUB/html MOZILLA/test/test-pages …`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
import traceback
from collections import Counter
from pathlib import Path


def swept(folders: list[Path]) -> tuple[int, Counter, list[tuple[str, str]], list[tuple[float, str]]]:
    """(how many imported, refusals by their reason, failures (file, the error's last
    lines), each file's seconds and name) for every file under `folders`."""
    from dossier.library.problems import DossierError
    from dossier.sources.importing import Given, import_one, inputs

    imported, refused, failed, seconds = 0, Counter(), [], []
    for name in inputs([str(folder) for folder in folders]).files:
        started = time.perf_counter()
        try:
            import_one(Path(name).read_bytes(), name, Given(), None, False, set())
            imported += 1
        except DossierError as error:
            # the reason, not the file: what a refusal says, its file's name taken out
            refused[re.sub(r"^.*?: ", "", str(error).replace(name, "FILE"), count=1)[:100]] += 1
        except Exception:  # the sweep's finding: an import that fails with no clear message
            failed.append((name, "".join(traceback.format_exc().splitlines(keepends=True)[-3:])))
        seconds.append((time.perf_counter() - started, name))
    return imported, refused, failed, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="+", help="folders of documents (searched through)")
    args = parser.parse_args()
    imported, refused, failed, seconds = swept(args.folders)
    total = imported + sum(refused.values()) + len(failed)
    print(f"{total} files: {imported} imported, {sum(refused.values())} refused, {len(failed)} failed otherwise")
    if seconds:
        print(f"seconds a file: median {statistics.median(taken for taken, _ in seconds):.3f}; the slowest:")
        for taken, name in sorted(seconds, reverse=True)[:3]:
            print(f"  {taken:7.2f}  {os.path.relpath(name)}")
    for reason, count in refused.most_common():
        print(f"  refused {count:5}  {reason}")
    for name, error in failed:
        print(f"  FAILED  {os.path.relpath(name)}\n{error}")


if __name__ == "__main__":
    main()
