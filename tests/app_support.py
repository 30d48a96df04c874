"""Driving the app under Pilot and reading what it shows."""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path

from rich.cells import get_character_cell_size
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from dossier.ui.app import DossierApp
from dossier.ui.widgets import ResultList

from .support import BASE

GOOD_DOSSIER = """\
    id: notes
    title: Notes
    claims:
      - id: evacuated
        text: The ministry said 1,200 people were evacuated.
        evidence:
          - at: base-report#p1
            quote: 1,200 people were evacuated
"""


def library_with(folder: Path, dossier_body: str) -> Path:
    """A library in `folder`: the tests' base report, and a dossier written as given."""
    (folder / "base-report.yaml").write_text((BASE / "base-report.yaml").read_text("utf-8"), "utf-8")
    path = folder / "notes.yaml"
    path.write_text(textwrap.dedent(dossier_body), "utf-8")
    return path


def make_app(*paths, watch_interval: float | None = None) -> DossierApp:
    return DossierApp([str(path) for path in paths], watch_interval=watch_interval)


@contextlib.asynccontextmanager
async def running(
    *paths, size: tuple[int, int] = (120, 40), watch_interval: float | None = None, at_list: bool = False
) -> AsyncIterator[tuple[DossierApp, Pilot]]:
    """The app on `paths` (the bundled library by default), loaded and ready for keys: in the
    search box, as it opens, or with `at_list` in the claims list (Esc), where letters act."""
    app = make_app(*paths, watch_interval=watch_interval)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        if at_list:
            await pilot.press("escape")
            await settle(pilot)
        yield app, pilot


async def settle(pilot: Pilot) -> None:
    """Let loading and searching workers finish and the screen catch up (not the one
    that keeps the library in the cache: after a reload, it waits a minute first)."""
    for _ in range(3):
        for worker in [worker for worker in pilot.app.workers if worker.group != "keep"]:
            with contextlib.suppress(WorkerCancelled):  # an exclusive one, replaced by a newer
                await worker.wait()
        await pilot.pause()


def screen_text(app: DossierApp) -> str:
    """The screen as plain text, as a reader sees it (the same render as a screenshot)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def pane_text(app: DossierApp, selector: str) -> str:
    """The text inside one pane (the screen cut to its region), lines joined, so that a
    phrase wrapped over lines can be found."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return flat("\n".join(cells(line, region.x, region.right) for line in lines))


def cells(line: str, start: int, end: int) -> str:
    """The characters of `line` in screen columns `start` to `end` (wide ones take two)."""
    kept, column = [], 0
    for character in line:
        width = get_character_cell_size(character)
        if start <= column and column + width <= end:
            kept.append(character)
        column += width
    return "".join(kept)


def flat(text: str) -> str:
    """Screen text with the pane borders and line breaks gone, for finding wrapped phrases."""
    for border in "▊▎▔▁▂▃▄▅▆▇█│╭╮╰╯─":  # and the scroll bars' thumbs, the cursor's bar
        text = text.replace(border, " ")
    return " ".join(text.split())


Step = Callable[[Pilot], Awaitable[None]]


def keys(*names: str) -> Step:
    """A step that presses `names`."""

    async def press(pilot: Pilot) -> None:
        await pilot.press(*names)

    return press


def open_claim(claim_id: str, evidence: int = 0) -> Step:
    """A step that opens a claim, as Enter, a relation or the palette would."""

    async def step(pilot: Pilot) -> None:
        pilot.app.main.open_claim(claim_id, evidence)

    return step


def filter_by(kind: str, value: str) -> Step:
    """A step that sets a filter, as the filter menu (F) would."""

    async def step(pilot: Pilot) -> None:
        pilot.app.main.filter_by(kind, value)

    return step


async def take_steps(pilot: Pilot, steps: Iterable[Step]) -> None:
    """Wait for loading, stop the cursor blinking (for stable pictures), then run `steps`,
    letting the app settle after each."""
    await settle(pilot)
    for widget in pilot.app.query(Input):
        widget.cursor_blink = False
    for step in steps:
        await step(pilot)
        await settle(pilot)


async def press(pilot: Pilot, *keys: str) -> None:
    """Press `keys`, then let the app settle (searches run in workers)."""
    await pilot.press(*keys)
    await settle(pilot)


async def from_palette(pilot: Pilot, typed: str, appears: str) -> None:
    """Type `typed` in the command palette and, once `appears` is listed, take the first hit."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    await wait_for(pilot, lambda: appears in screen_text(pilot.app))
    await press(pilot, "enter")


async def type_query(pilot: Pilot, text: str) -> None:
    """Type in the search box, going there with / from any other pane."""
    await pilot.pause()  # a focus moved by the last step lands first
    if pilot.app.focused is not pilot.app.query_one("#query"):
        await pilot.press("slash")
    await pilot.press(*text)
    await settle(pilot)


async def wait_for(pilot: Pilot, condition: Callable[[], bool], seconds: float = 10) -> bool:
    """Poll until `condition` holds (for the file watcher, which works on its own clock)."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


def results_ids(app: DossierApp) -> list[str]:
    """The option ids of the results list, top to bottom: `claim:<id>`, `paragraph:<ref>`."""
    return [option.id for option in app.query_one(ResultList).options if option.id]


def query_box(app: DossierApp) -> Input:
    return app.query_one("#query", Input)
