"""One claim's text edited in one file of a generated library: how long until the new
word is found, loading again as the app and `dossier search` now do (only the changed
file read, the paragraphs' index kept), against loading every file anew (what both did
before), in the same run.

    python -m benchmarks.incremental [--claims 10000] [--claims 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sysconfig
import tempfile
import time
from pathlib import Path

from benchmarks.generate import cached_library
from dossier import cache
from dossier.loader import load_library
from dossier.search import SearchIndex


def _edit_one_claim(root: Path, word: str) -> Path:
    """Put `word` at the start of the first claim's text of one dossier file (the
    generator writes texts double-quoted)."""
    files = sorted((root / "dossiers").rglob("*.yaml"))
    dossier = files[len(files) // 2]
    text = dossier.read_text("utf-8")
    dossier.write_text(text.replace('    text: "', f'    text: "{word} ', 1), "utf-8")
    return dossier


def _edited_claim_id(dossier: Path, word: str) -> str:
    lines = dossier.read_text("utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if f'text: "{word} ' in line)
    return lines[at - 1].split("id:", 1)[1].strip()


async def _in_the_app(root: Path, word: str) -> tuple[float, float]:
    """The app (headless) on `root`, watching its files: seconds from an edit until the
    claim shows the new word, and until a search for it lists the claim."""
    from dossier.ui.app import DossierApp

    app = DossierApp([str(root)], watch_interval=0.25)
    async with app.run_test(size=(160, 45)) as pilot:
        while not app.loaded:
            await pilot.pause(0.05)
        claim_id = _edited_claim_id(_edit_one_claim(root, word), word)
        started = time.perf_counter()
        shown = found = None
        while found is None and time.perf_counter() - started < 600:
            await pilot.pause(0.02)
            claim = app.library.claims.get(claim_id)
            if shown is None and claim is not None and word in claim.text:
                shown = time.perf_counter() - started
            if shown is not None and any(hit.key == claim_id for hit in app.index.search(word).hits[:5]):
                found = time.perf_counter() - started
        return shown or 0.0, found or 0.0


def _dossier() -> str:
    script = Path(sysconfig.get_path("scripts")) / "dossier"
    return str(script) if script.exists() else shutil.which("dossier") or "dossier"


def measure(claims: int):
    """Prints (what, figures), each as it is measured."""
    generated = cached_library(claims)
    rows = _Rows()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "library"
        shutil.copytree(generated, root)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(folder) / "cache")}
        os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
        time.sleep(3.5)  # past the racy window: the files are as old as a reader's usually are
        started = time.perf_counter()
        loaded = cache.load([root])
        loaded.index.paragraph_part()
        cache.write([str(root)], loaded)
        rows.append(("first load, paragraphs indexed, cache written", f"{time.perf_counter() - started:.1f} s"))
        time.sleep(3.5)  # an edit comes later than the load, not in its clock tick

        word = "zyxwordone"
        _edit_one_claim(root, word)
        started = time.perf_counter()
        again = cache.load([root], previous=loaded, save=False)
        found = again.index.search(word).hits
        incremental = time.perf_counter() - started
        assert found, "the edit is not found"
        started = time.perf_counter()
        cold = load_library([root])
        SearchIndex(cold).search(word)
        whole = time.perf_counter() - started
        rows.append(
            (
                "in the app: edit until search finds it",
                f"{incremental:.2f} s ({len(again.library.reread)} file read) · every file read: "
                f"{whole:.2f} s · {whole / incremental:.1f}× faster",
            )
        )
        cache.write([str(root)], again)
        time.sleep(3.5)

        import asyncio

        shown, found = asyncio.run(_in_the_app(root, "zyxwordapp"))
        rows.append(
            (
                "in the app, watching: edit until shown, until found",
                f"{shown:.2f} s, {found:.2f} s (looks at the files every 0.25 s, or 20× a look's time)",
            )
        )
        time.sleep(3.5)

        word = "zyxwordtwo"
        _edit_one_claim(root, word)
        command = [_dossier(), "search", word, str(root), "--limit", "1"]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        stale = time.perf_counter() - started
        assert word in result.stdout or result.returncode == 0, result.stderr
        shutil.rmtree(Path(folder) / "cache")
        word = "zyxwordthree"
        _edit_one_claim(root, word)
        started = time.perf_counter()
        subprocess.run([*command[:2], word, *command[3:]], capture_output=True, text=True, env=env)
        no_cache = time.perf_counter() - started
        rows.append(
            (
                "dossier search after the edit (whole process)",
                f"{stale:.2f} s from the stale cache · {no_cache:.2f} s with none · {no_cache / stale:.1f}× faster",
            )
        )


class _Rows:
    """Prints each row as it comes: the 100,000-claim run takes minutes."""

    def append(self, row: tuple[str, str]) -> None:
        print(f"{row[0]:<52} {row[1]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, action="append")
    args = parser.parse_args()
    for claims in args.claims or [10_000]:
        print(f"\n{claims:,} claims\n{'-' * 20}")
        measure(claims)


if __name__ == "__main__":
    main()
