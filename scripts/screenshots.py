"""Make the pictures in screenshots/ from the bundled library: the app driven by its
own test harness at a fixed size, and the real `dossier` command for the command line.
Run it whenever the UI or the output changes, then look at the pictures:

    python scripts/screenshots.py

SVGs are always written. PNGs are made by headless Chromium where it is installed
(Debian: chromium), which draws Textual's SVGs faithfully, else by `rsvg-convert`
(Debian: librsvg2-bin), which drops some spaces. The picture of hostile text needs a font
with the control pictures (Debian: fonts-symbola).
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.widgets import Input

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "screenshots"
WIDTH = 120
sys.path.insert(0, str(REPO))

from dossier.ui.app import DossierApp  # noqa: E402
from tests.app_support import Step, filter_by, keys, open_claim, settle, take_steps, wait_for  # noqa: E402
from tests.support import on_terminal  # noqa: E402

# --- the app ---------------------------------------------------------------------------


async def app_picture(
    name: str, steps: list[Step], size=(120, 40), paths=(), no_color=False, watch_interval=None, start=None
) -> Path:
    """The app driven through `steps` as the snapshot tests drive it, saved as SVG."""
    if no_color:
        os.environ["NO_COLOR"] = "1"
    try:
        app = DossierApp(paths, watch_interval=watch_interval, start=start)
    finally:
        os.environ.pop("NO_COLOR", None)
    async with app.run_test(size=size, notifications=True) as pilot:
        await take_steps(pilot, steps)
        svg = OUT / f"{name}.svg"
        app.save_screenshot(str(svg))
    return svg


def break_file(path: Path) -> Step:
    """A step that breaks `path` with a typo, as an editor saving it would, and waits
    until the app has looked at it again."""

    async def step(pilot) -> None:
        before = pilot.app.library
        path.write_text(
            path.read_text("utf-8").replace(
                "  - id: zelensky-3000-lost\n", "  - id: zelensky-3000-lost\n    text: [unclosed\n", 1
            )
        )
        status = path.stat()
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
        while pilot.app.library is before:
            await pilot.pause(0.1)
        await pilot.pause(0.3)

    return step


def made_read_only(path: Path) -> Step:
    """A step that makes `path` read-only, as its owner would, and has the app read it again."""

    async def step(pilot) -> None:
        path.chmod(0o444)
        pilot.app.main._read_again(str(path))
        await settle(pilot)
        await pilot.pause(3.5)  # the note of the reading gone

    return step


def notes_gone_but_the_last() -> Step:
    """A step that waits until the short notes (the library read again, 3 s) have gone,
    and the longer one of a write (6 s) is still shown."""

    async def step(pilot) -> None:
        await pilot.pause(3.5)

    return step


def still_cursors() -> Step:
    """A step that stops the blinking of the inputs a dialog just opened."""

    async def step(pilot) -> None:
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False

    return step


async def writing_pictures(paths: list[str]) -> list[Path]:
    """Claims made from a source's words, in a copy of the bundled library (they are written)."""
    selected = [keys("escape", "tab", "tab"), keys("v", *"wwwwwwww")]
    typed = [keys("a"), still_cursors(), keys("end", *" in Kursk", "tab", "tab", "tab", *"Yonhap")]
    return [
        await app_picture("app-select", selected, paths=paths),
        await app_picture("app-new-claim", [*selected, *typed], paths=paths),
        await app_picture(
            "app-new-claim-written",
            [*selected, *typed, keys("tab", "tab", "tab", *"2024-12-27", "ctrl+s"), notes_gone_but_the_last()],
            paths=paths,
        ),
        await app_picture(
            "app-add-evidence",
            [keys("escape", "tab", "tab"), keys("v", *"wwww", "plus"), still_cursors(), keys(*"capture")],
            paths=paths,
        ),
        await app_picture(
            "app-change-claim", [keys("escape", "j", "tab", "c"), still_cursors(), keys("tab")], paths=paths
        ),
        await app_picture("app-remove-evidence", [keys("escape", "j", "tab", "j", "d")], paths=paths),
        await app_picture(
            "app-new-dossier",
            [*selected, keys("a"), still_cursors(), keys("tab", "enter", "end", "enter", "tab", *"first-prisoner")],
            paths=paths,
        ),
    ]


async def form_kept_pictures(paths: list[str]) -> list[Path]:
    """A write refused (the file made read-only under the form): the form stays with what
    was typed, and says why, at 120x40 and 80x24."""
    dossier_file = Path(paths[0]) / "dossiers" / "captured-soldier.yaml"
    steps = [
        keys("escape", "tab", "tab"),
        keys("v", *"wwwwwwww", "a"),
        still_cursors(),
        keys("end", *" in Kursk"),
        made_read_only(dossier_file),
        keys("ctrl+s"),
    ]
    try:
        return [
            await app_picture("app-form-kept", steps, paths=paths),
            await app_picture("app-form-kept-80x24", steps, paths=paths, size=(80, 24)),
        ]
    finally:
        dossier_file.chmod(0o644)


# --- the command line ----------------------------------------------------------------


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


def session(commands: list[tuple[str, ...]], cwd: Path, name: str, title: str, terminal: bool = False) -> Path:
    """The commands and what they print, as one terminal picture. With `terminal`, their
    output goes to a pseudo-terminal as wide as the picture, as when a person runs them."""
    console = Console(record=True, width=WIDTH, force_terminal=True, color_system="truecolor", file=io.StringIO())
    for index, command in enumerate(commands):
        if index:
            console.print()
        console.print(Text("$ ", style="bold green") + Text(" ".join(("dossier", *command)), style="bold"))
        if terminal:
            _status, output = on_terminal(*command, columns=WIDTH)
            console.print(Text.from_ansi(output.rstrip("\n"), overflow="fold"), highlight=False)
            continue
        for line in dossier(*command, cwd=cwd).splitlines():
            console.print(Text(line, overflow="fold"), highlight=False)
    svg = OUT / f"{name}.svg"
    console.save_svg(str(svg), title=title)
    return svg


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


# --- pictures --------------------------------------------------------------------------


def to_png(svg: Path) -> str:
    png = svg.with_suffix(".png")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_text("utf-8")).groups()
        flags = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
        subprocess.run(
            [
                chromium,
                *flags.split(),
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={tempfile.mkdtemp()}",
                f"--screenshot={png}",
                f"--window-size={int(float(width))},{int(float(height))}",
                svg.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return " and .png (chromium)"
    converter = shutil.which("rsvg-convert")
    if converter:
        subprocess.run([converter, "-o", str(png), str(svg)], check=True)
        return " and .png (rsvg-convert)"
    return ""


async def bundled_library_pictures() -> list[Path]:
    return [
        await app_picture("app-search", [keys("slash", *"kirby expendable"), keys("enter")]),
        await app_picture("app-evidence", [open_claim("nis-confirms-capture", 3)]),
        await app_picture("app-backlinks", [open_claim("nis-confirms-capture", 2), keys("enter"), keys("c")]),
        await app_picture("app-find", [keys("escape", "tab", "tab"), keys("ctrl+f", *"korean", "enter"), keys("n")]),
        await app_picture("app-scope", [keys("ctrl+t"), keys("slash", *"slovakia")]),
        await app_picture("app-start", []),
        await app_picture("app-start-80x24", [], size=(80, 24)),
        await app_picture("app-narrow", [keys("slash", *"zelensky 3000", "enter")], size=(80, 24)),
        await app_picture("app-zoom", [keys("escape", "plus")], size=(80, 24)),
        await app_picture("app-open-paragraph", [], start="nk-pow-report-c#p18"),
        await app_picture("app-wide", [keys("slash", *"kirby"), keys("enter")], size=(200, 50)),
        await app_picture("app-help", [keys("escape", "question_mark")]),
        await app_picture("app-figures", [keys("escape", "number_sign"), keys("j", "j", "j")]),
        await app_picture("app-timeline", [keys("escape", "t")]),
        await app_picture("app-speakers", [keys("escape", "s"), keys("j", "j")]),
        await app_picture("app-relations", [keys("escape", "r"), keys("j", "j")]),
        await app_picture("app-filter-menu", [keys("escape", "1"), keys("F")]),
        await app_picture("app-no-color", [keys("slash", *"kirby"), keys("down", "tab")], no_color=True),
        await app_picture(
            "app-hostile-text",
            [keys("slash", *"escapes", "enter")],
            paths=["tests/hostile/content"],
        ),
        await app_picture(
            "app-filtered",
            [
                keys("slash", *"capture", "escape"),
                filter_by("tag", "nis"),
                keys("o"),
                open_claim("osintdefender-relays-nis"),
            ],
        ),
    ]


def article_text(source_file: Path) -> str:
    """A bundled source's article as plain text, a blank line between its paragraphs."""
    import yaml

    return "\n\n".join(paragraph["text"] for paragraph in yaml.safe_load(source_file.read_text("utf-8"))["paragraphs"])


def imported() -> Step:
    """A step that waits until the import dialog has closed on the new source, shown."""

    async def step(pilot) -> None:
        await wait_for(pilot, lambda: (pilot.app.main.place.paragraph or "").startswith("captured-"), 30)
        await settle(pilot)

    return step


async def source_pictures(paths: list[str], saved: str) -> list[Path]:
    """The sources list, and a saved article imported from inside the app (`saved`: its
    path, as typed), shown in the source pane."""
    typed = [keys("escape", "I"), still_cursors(), keys(*saved)]
    return [
        await app_picture("app-sources", [keys("escape", "S"), keys("j")], paths=paths),
        await app_picture("app-import", typed, paths=paths),
        await app_picture("app-imported", [*typed, keys("right", "enter"), imported()], paths=paths),
        await app_picture("app-sources-found", [keys("escape", "S"), keys("slash", *"korean soldier")], paths=paths),
    ]


async def version_pictures(paths: list[str]) -> list[Path]:
    """The changes view of a bundled article's new version, on the quote whose figure changed."""
    return [
        await app_picture("app-changes", [keys("escape", "C"), keys("down")], paths=paths),
        await app_picture("app-version", [keys("escape", "C"), keys("o")], paths=paths),
        await app_picture("app-version-quoted", [keys("escape", "C"), keys("down", "enter")], paths=paths),
    ]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    os.chdir(REPO)  # paths on screen are shown relative to the working folder
    pictures = asyncio.run(bundled_library_pictures())
    pictures.append(
        session(
            [("search", "kirby", "--limit", "5"), ("show", "kirby-massed-assaults")],
            REPO,
            "cli-search-show",
            "dossier search, dossier show",
            terminal=True,
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        broken_copy(Path(folder))
        os.chdir(folder)
        pictures.append(asyncio.run(app_picture("app-problems", [keys("escape", "p")], paths=["content"])))
        pictures.append(session([("validate", "content")], Path(folder), "validate-problems", "dossier validate"))
        kept = [break_file(Path(folder) / "content" / "dossiers" / "casualty-estimates.yaml")]
        pictures.append(asyncio.run(app_picture("app-kept", kept, paths=["content"], watch_interval=0.1)))
        shutil.copytree(REPO / "content", Path(folder) / "library")
        pictures += asyncio.run(writing_pictures(["library"]))
        shutil.copytree(REPO / "content", Path(folder) / "kept")  # as the bundled library has it
        pictures += asyncio.run(form_kept_pictures(["kept"]))
        # The third article as a reader saved it (its text, its title the file's name): imported into a copy.
        saved = Path(folder) / "saved" / "Captured North Korean soldier dies of his injuries.txt"
        saved.parent.mkdir()
        saved.write_text(article_text(REPO / "content" / "sources" / "nk-pow-report-c.yaml"), "utf-8")
        shutil.copytree(REPO / "content", Path(folder) / "imports")
        time.sleep(3.2)  # a library kept a while, as a reader's is: not a file changed in the last 3 s
        pictures += asyncio.run(source_pictures(["imports"], "saved/Captured North"))
        # A new version of the first article (a figure corrected, a paragraph cut, one split...).
        from tests.test_versions import edited_version

        shutil.copytree(REPO / "content", Path(folder) / "versions")
        update = edited_version(Path(folder) / "versions", Path(folder))
        dossier("import", str(update), "--update", "nk-pow-report-a", cwd=Path(folder) / "versions")
        pictures.append(session([("changes",)], Path(folder) / "versions", "cli-changes", "dossier changes"))
        time.sleep(3.2)
        pictures += asyncio.run(version_pictures(["versions"]))
        os.chdir(REPO)
    for svg in pictures:
        print(f"wrote {svg.relative_to(REPO)}{to_png(svg)}")


if __name__ == "__main__":
    main()
