"""Versions in the app: a new version imported on the source shown (U), the changes view
that opens then (C), the figure changed inside a quote first, a verdict accepted (a) and
every moved one (M), undone from the claims (u); a page at the address of a source the
library has, offered as a new version of it."""

from __future__ import annotations

import shutil
import time

import pytest

from dossier.store.files import bundled_library_path
from dossier.store.loader import load_library
from dossier.ui.changes import ChangesView
from dossier.ui.sources import ImportScreen
from dossier.ui.sourceview import SourceView

from .app_support import pane_text, running, screen_text, settle, wait_for
from .support import FIXTURES
from .test_versions import SOURCE, ZELENSKY, edited_version


def title(app) -> str:
    return str(app.screen.query_one("#view-title").render())


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(bundled_library_path(), folder)
    time.sleep(3.2)  # a file changed within 3 s of a look is read again: the test's files are older
    return folder


async def test_a_new_version_from_the_app_shows_its_changes_and_a_verdict_is_accepted_and_undone(library, tmp_path):
    update = edited_version(library, tmp_path)
    casualty = library / "dossiers" / "casualty-estimates.yaml"
    before = casualty.read_bytes()
    async with running(library, at_list=True) as (app, pilot):
        app.main.open_paragraph(f"{SOURCE}#p1")
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "A new version of nk-pow-report-a, recorded as version 2" in str(
            app.screen.query_one("#import-about").render()
        )
        await pilot.press(*str(update), "enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ChangesView), 30)
        await settle(pilot)
        text = screen_text(app)
        assert "Changes · nk-pow-report-a · version 2 against 1 · 3 of 26 quotes wait" in text
        rows = [line for line in text.splitlines() if "edited" in line or "removed" in line or "moved" in line]
        # The paragraph whose figure changed inside a quote comes first, then its quote.
        assert rows[0].lstrip("▊ ").startswith("p10   edited") and "1 quote" in rows[0]
        assert "edited at nk-pow-report-a#p10 (0.99)  zelensky-3000-lost [1]" in rows[1]
        assert casualty.read_bytes() == before  # nothing written by the import
        await pilot.press("down")
        await settle(pilot)
        assert "Quoted, then now:" in screen_text(app)
        await pilot.press("a")
        assert await wait_for(pilot, lambda: casualty.read_bytes() != before, 20)
        await settle(pilot)
        assert f"was_quote: {ZELENSKY}\n" in casualty.read_text(encoding="utf-8")
        assert "2 of 26 quotes wait" in title(app)
        await pilot.press("M")  # every moved quote: one
        captured = library / "dossiers" / "captured-soldier.yaml"
        assert await wait_for(pilot, lambda: f"was_at: {SOURCE}#p7" in captured.read_text(encoding="utf-8"), 20)
        await settle(pilot)
        assert "1 of 26 quotes wait" in title(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape", "u", "u")  # both accepted writes undone, the last first
        assert await wait_for(pilot, lambda: casualty.read_bytes() == before, 20)
        assert f"was_at: {SOURCE}#p7" not in captured.read_text(encoding="utf-8")


async def test_the_claim_pane_says_what_an_accepted_quote_was_before(library, tmp_path):
    from .support import run

    run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library)
    run("changes", SOURCE, "--accept", "zelensky-3000-lost:1", cwd=library)
    async with running(library, size=(200, 60), at_list=True) as (app, pilot):
        app.main.open_claim("zelensky-3000-lost")
        await settle(pilot)
        assert f"before: quoting “{ZELENSKY}”" in pane_text(app, "#claim")


async def test_a_removed_paragraph_opens_as_the_version_that_had_it(library, tmp_path):
    from .support import run

    removed = load_library([str(library)]).sources[SOURCE].paragraphs["p3"].text
    run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library)
    async with running(library, size=(200, 60), at_list=True) as (app, pilot):
        app.main.go_to(f"{SOURCE}#p3")  # as `dossier open nk-pow-report-a#p3` and the palette go
        await settle(pilot)
        assert f"{SOURCE}#p3" in pane_text(app, "#claim")
        source = pane_text(app, "#source")
        assert removed[:60] in source and "version 1 of 2" in source


async def test_the_changes_view_opens_on_enter_at_the_quote_picked(library, tmp_path):
    from .support import run

    assert run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library).returncode == 0
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ChangesView)
        await pilot.press("o")  # the version before, read whole
        await settle(pilot)
        text = screen_text(app)
        assert "nk-pow-report-a: version 1" in text and "p3  (not in the newest version)" in text
        assert "Newsweek also reached out to the North Korean embassy" in text
        await pilot.press("escape", "down", "enter")
        await settle(pilot)
        assert app.main.place.claim_id == "zelensky-3000-lost" and app.main.place.evidence == 0
        # Until it is accepted, the claim pane marks the quote, and the source pane shows the
        # words it was made against: version 1, read-only.
        assert "have lost 3,000 soldiers" in pane_text(app, "#source")
        title = str(app.main.query_one("#source-title").render())
        assert "version 1 of 2, as quoted: not the newest (C: its changes)" in title
        await pilot.press("plus")  # the claim pane zoomed, to read it whole
        assert "in version 1, not the newest (2): the source pane shows it" in pane_text(app, "#claim")
        await pilot.press("plus", "tab", "v")
        await settle(pilot)
        notices = [notice.message for notice in app._notifications]
        assert "This is version 1, as it was quoted: quote from the newest" in notices
        assert app.main.query_one(SourceView).selection is None


async def test_a_page_at_an_address_the_library_has_is_offered_as_a_new_version_in_the_app(library):
    page = FIXTURES / "pages" / "article.html"
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("I", *str(page), "enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), 30)
        await settle(pilot)
        made = "council-votes-to-close-the-old"
        assert (library / "sources" / f"{made}.yaml").exists()
        await pilot.press("escape", "I", *str(page), "enter")
        problem = lambda: str(app.screen.query_one("#import-problem").render())  # noqa: E731
        assert await wait_for(pilot, lambda: "Enter records it as a new version" in problem(), 30)
        assert f"is that of source {made}" in problem() and "A new version of" in screen_text(app)
        assert app.screen.query_one("#import-path").value == str(page)  # the path kept
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), 30)
        await settle(pilot)
        notices = " ".join(notice.message for notice in app._notifications)
        assert f"{made}: the text is version 1's, word for word; nothing recorded" in notices
    assert set(load_library([str(library)]).sources) == {made, SOURCE, "nk-pow-report-b", "nk-pow-report-c"}


async def test_another_article_as_a_new_version_is_recorded_only_when_asked_again(library):
    page = FIXTURES / "pages" / "article.html"
    source_file = library / "sources" / f"{SOURCE}.yaml"
    before = source_file.read_bytes()
    async with running(library, at_list=True) as (app, pilot):
        app.main.open_paragraph(f"{SOURCE}#p1")
        await settle(pilot)
        await pilot.press("U", *str(page), "enter")
        problem = lambda: str(app.screen.query_one("#import-problem").render())  # noqa: E731
        assert await wait_for(pilot, lambda: "Enter records it all the same" in problem(), 30)
        assert "it looks like another article" in problem()
        assert source_file.read_bytes() == before  # asked, nothing written
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ChangesView), 30)
    assert len(load_library([str(library)]).sources[SOURCE].versions) == 1
