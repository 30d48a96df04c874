"""Make the pictures in screenshots/ from the bundled library, by running the real
`dossier` command and recording what it prints. Run it whenever the output changes:

    python scripts/screenshots.py

SVGs are always written; PNGs too where `rsvg-convert` is installed (Debian: librsvg2-bin).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "screenshots"
WIDTH = 120


def dossier(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        timeout=60,
    )
    return result.stdout + result.stderr + f"(exit status {result.returncode})\n"


def session(commands: list[tuple[str, ...]], cwd: Path) -> Console:
    console = Console(record=True, width=WIDTH, force_terminal=True, color_system="truecolor", file=io.StringIO())
    for index, command in enumerate(commands):
        if index:
            console.print()
        console.print(Text("$ ", style="bold green") + Text(" ".join(("dossier", *command)), style="bold"))
        for line in dossier(*command, cwd=cwd).splitlines():
            console.print(Text(line, overflow="fold"), highlight=False)
    return console


def broken_copy(folder: Path) -> Path:
    """The bundled library with three typical slips made in one dossier."""
    library = folder / "content"
    shutil.copytree(REPO / "content", library)
    path = library / "dossiers" / "peace-talks.yaml"
    text = path.read_text("utf-8")
    text = text.replace("    speaker: Slovakia\n", "    speakr: Slovakia\n", 1)
    text = text.replace("playing into the hands of Putin\n", "playing into the hand of Putin\n", 1)
    text = text.replace("supports: [slovakia-to-host-talks]", "supports: [slovakia-hosts-talks]", 1)
    path.write_text(text, "utf-8")
    return library


def save(console: Console, name: str, title: str) -> None:
    svg = OUT / f"{name}.svg"
    console.save_svg(str(svg), title=title)
    converter = shutil.which("rsvg-convert")
    if converter:
        subprocess.run([converter, "--zoom", "1.5", "-o", str(svg.with_suffix(".png")), str(svg)], check=True)
    print(f"wrote {svg.relative_to(REPO)}" + (" and .png" if converter else ""))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    save(session([(), ("validate",)], cwd=REPO), "overview", "dossier: the bundled library")
    with tempfile.TemporaryDirectory() as folder:
        broken_copy(Path(folder))
        save(session([("validate", "content")], cwd=Path(folder)), "validate-problems", "dossier validate")


if __name__ == "__main__":
    main()
