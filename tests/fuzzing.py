"""A mutation fuzzer for what dossier promises about any input.

Each input is one file of a seed library changed at random (seeded): bytes flipped,
cut out or put in, lines shifted, doubled or dropped, tabs and line separators forced
in, surrogate escapes, huge numbers and deep nesting planted, the file cut short. Seeds
are the bundled library and the hostile corpus (its valid library and its refused files).
Each mutant's library goes through `dossier validate`, `export --format json` and `search --scope all` (in this process,
through `cli.main`), and must:

- exit 0 or 1, never with an internal error or a traceback;
- name every problem as FILE:LINE:COL, the line and column inside the file;
- give the same problems and the same library whichever YAML parser reads it (libyaml,
  or PyYAML's pure-Python one);
- export text that round-trips: the JSON written back as YAML files loads as the same
  JSON.

`tests/test_fuzz.py` runs a few hundred inputs in CI; for a longer run:

    python -m tests.fuzzing --inputs 5000 [--seed N]

which prints how many inputs were run and every finding, with the mutant that shows it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from dossier.cli import main as cli
from dossier.cli.report import export
from dossier.store.loader import load_library
from dossier.write.yamltext import TextDumper

REPO = Path(__file__).resolve().parent.parent
SEEDS = [REPO / "content", REPO / "tests" / "hostile" / "content", REPO / "tests" / "hostile" / "files"]

# Pieces worth planting: YAML's indicators and breaks, what text from the web carries,
# and values at the edges of what the format allows.
PIECES = [
    "\t",
    "\u2028",
    "\u2029",
    "\r",
    "\r\n",
    "\x85",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "😀",
    "👩\u200d👩\u200d👧",
    "'",
    '"',
    ": ",
    ":",
    "- ",
    "? ",
    "?",
    "#",
    " #",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "!!str ",
    "!tag ",
    "|",
    ">",
    ">#",
    "|-\n",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    '"\\ud83d\\ude00"',
    '"\\ud800"',
    '"\\x07"',
    "\\",
    "9" * 30,
    "9" * 5000,
    "1." + "0" * 400 + "5",
    "[" * 200,
    "- " * 40,
    "  ",
    "\n",
    "\n\n",
    "id: ",
    "text: ",
    "evidence:\n  - at: ",
    "nk-pow-report-a#p1",
    "#p99",
    "supports: [",
    "updates: [nis-confirms-capture]",
    "formerly: [zelensky-3000-lost]",
    "\udcff",  # not UTF-8 once written (see _encode)
]


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def mutate(rng: random.Random, data: bytes) -> bytes:
    """`data` changed in one to three places."""
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATIONS)(rng, data)
    return data


def _place(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def _flip(rng, data):
    if not data:
        return data
    index = rng.randrange(len(data))
    return data[:index] + bytes([data[index] ^ (1 << rng.randrange(8))]) + data[index + 1 :]


def _cut(rng, data):
    start = _place(rng, data)
    return data[:start] + data[start + rng.randint(1, 40) :]


def _insert(rng, data):
    index = _place(rng, data)
    return data[:index] + _encode(rng.choice(PIECES)) + data[index:]


def _replace_space(rng, data):
    spaces = [match.start() for match in re.finditer(rb" ", data)]
    if not spaces:
        return data
    index = rng.choice(spaces)
    return data[:index] + _encode(rng.choice(["\t", "\u2028", "\r", "  ", "\n"])) + data[index + 1 :]


def _lines(rng, data):
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    action = rng.randrange(5)
    if action == 0:
        lines.insert(index, lines[index])  # doubled
    elif action == 1:
        del lines[index]
    elif action == 2:
        lines[index] = b"  " + lines[index]  # indented more
    elif action == 3:
        lines[index] = lines[index][rng.randint(1, 4) :]  # indented less
    else:
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    return b"\n".join(lines)


def _truncate(rng, data):
    return data[: _place(rng, data)]


def _value(rng, data):
    """A value replaced by a planted one."""
    values = [match.end() for match in re.finditer(rb": ", data)]
    if not values:
        return data
    start = rng.choice(values)
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    return data[:start] + _encode(rng.choice(PIECES)) + data[end:]


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _flip,
    _cut,
    _insert,
    _insert,
    _replace_space,
    _lines,
    _truncate,
    _value,
    _value,
]


@dataclass
class Finding:
    seed: str  # the file mutated, relative to its library
    what: str
    mutant: bytes

    def __str__(self) -> str:
        return f"{self.seed}: {self.what}\n    mutant: {self.mutant[:600]!r}"


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def _editor_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    return [line.removesuffix("\r") for line in text.split(newline)]


_PROBLEM = re.compile(r"(?P<path>.+?):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): \S.*")


def check(folder: Path, mutated: Path, cache: Path) -> list[str]:
    """What the library in `folder`, whose file `mutated` was changed, does wrong."""
    wrong: list[str] = []
    shutil.rmtree(cache, ignore_errors=True)
    status, out, err = _run("validate", str(folder))
    if status not in (0, 1) or "internal error" in err or "Traceback" in err + out:
        wrong.append(f"validate exited {status}: {err.strip()[-300:]}")
    data = mutated.read_bytes()
    lines = _editor_lines(data)
    for line in out.splitlines():
        found = _PROBLEM.fullmatch(line)
        if found is None:
            wrong.append(f"not FILE:LINE:COL: {line!r}")
        elif found.group("path") == str(mutated):
            number, column = int(found.group("line")), int(found.group("column"))
            if number > len(lines) or column > len(lines[number - 1]) + 1:
                wrong.append(f"position outside the file ({len(lines)} lines): {line!r}")
    fast, reference = load_library([folder]), load_library([folder], use_libyaml=False)
    if fast.problems != reference.problems:
        only = set(map(str, fast.problems)) ^ set(map(str, reference.problems))
        wrong.append(f"the parsers disagree: {sorted(only)[:4]}")
    elif export(fast, "json") != export(reference, "json"):
        wrong.append("the parsers read different libraries")
    status, out, err = _run("export", "--format", "json", str(folder))
    if status != 0 or "internal error" in err:
        wrong.append(f"export exited {status}: {err.strip()[-300:]}")
    else:
        wrong += _round_trip(json.loads(out), cache.parent / "round-trip")
    for query in ("korean soldier", "'the !x", "speaker:kirby 3,000"):
        status, _out, err = _run("search", "--scope", "all", query, str(folder))
        if status not in (0, 1) or "internal error" in err:
            wrong.append(f"search {query!r} exited {status}: {err.strip()[-300:]}")
    return wrong


def _round_trip(exported: dict, folder: Path) -> list[str]:
    """The exported library written back as YAML must export as the same JSON."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = [(f"{kind}-{n}", data) for kind in ("sources", "dossiers") for n, data in enumerate(exported[kind])]
    if "glossary" in exported:
        files.append(("glossary", {"terms": exported["glossary"]}))
    for name, data in files:
        text = yaml.dump(data, Dumper=TextDumper, sort_keys=False, allow_unicode=True, width=float("inf"))
        (folder / f"{name}.yaml").write_text(text, "utf-8")
    again = json.loads(export(load_library([folder]), "json"))
    return [] if again == exported else ["the JSON export does not round-trip"]


def fuzz(inputs: int, seed: int = 0, report: Callable[[str], None] | None = None) -> tuple[int, list[Finding]]:
    """Run `inputs` mutants; (how many ran, what was found)."""
    rng = random.Random(seed)
    seeds = [(library, path) for library in SEEDS for path in sorted(library.rglob("*.yaml"))]
    findings: list[Finding] = []
    work = Path(tempfile.mkdtemp(prefix="dossier-fuzz-"))
    cache = work / "cache"
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:
        for number in range(inputs):
            library, path = rng.choice(seeds)
            folder = work / "library"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(library, folder)
            mutated = folder / path.relative_to(library)
            mutant = mutate(rng, path.read_bytes())
            mutated.write_bytes(mutant)
            for what in check(folder, mutated, cache / "dossier"):
                findings.append(Finding(str(path.relative_to(library)), what, mutant))
                if report:
                    report(str(findings[-1]))
            if report and (number + 1) % 250 == 0:
                report(f"... {number + 1:,} inputs, {len(findings)} findings")
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
        shutil.rmtree(work, ignore_errors=True)
    return inputs, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    count, findings = fuzz(args.inputs, args.seed, report=print)
    print(f"{count:,} inputs in {time.perf_counter() - started:.0f} s (seed {args.seed}): {len(findings)} findings")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
