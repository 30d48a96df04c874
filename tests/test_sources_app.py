"""The sources in the app, driven with Pilot: the list of every source (cited or not),
found by typing, sorted, opened in the source pane; and a document imported from inside
the app (typed with completion, or dropped on the terminal), shown at once, ready for `v`."""

from __future__ import annotations

import time

from textual import events
from textual.widgets import Input, OptionList

from dossier.ui.forms import ClaimForm
from dossier.ui.sources import ImportScreen, SourcesView
from dossier.ui.sourceview import SourceView

from .app_support import pane_text, running, screen_text, settle, wait_for
from .support import FIXTURES, UNCITED_SOURCE

PAGE = FIXTURES / "pages" / "article.html"


def rows(app) -> list[str]:
    return [option.prompt.plain for option in app.screen.query_one("#view-list", OptionList).options]


async def test_the_sources_list_shows_every_source_and_the_claims_citing_it_uncited_ones_included(library):
    (library / "sources" / "ministry-statement.yaml").write_text(UNCITED_SOURCE, "utf-8")
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SourcesView)
        text = screen_text(app)
        assert "Sources · 4 sources of 4 · 1 cited by no claim · sorted by title (o)" in text
        listed = rows(app)
        assert [row.split("  ")[0] for row in listed] == [
            "Captured North Korean soldier dies of his injuries",
            "First North Korean soldier captured in Kursk",
            "Statement of the ministry",
            "Ukrainian special forces capture a North Korean soldier",
        ]
        assert listed[2].startswith("Statement of the ministry  Ministry of Examples · 2025-01-03")
        assert listed[2].endswith("1 ¶ · not cited")
        assert listed[1].endswith("16 ¶ · cited by 22")
        # Each press of o sorts by the next: date (newest first), claims citing, paragraphs.
        await pilot.press("o")
        assert "sorted by date" in screen_text(app) and rows(app)[0].startswith("Statement of the ministry")
        await pilot.press("o")
        assert rows(app)[0].startswith("Captured North Korean") and rows(app)[-1].startswith("Statement")
        await pilot.press("o")
        assert "sorted by paragraphs" in screen_text(app) and rows(app)[-1].startswith("Statement")


async def test_the_counts_stand_by_the_titles_on_a_wide_screen_and_fit_again_when_it_narrows(library):
    # At 200 columns the counts stood at the right edge, a hundred spaces from the titles.
    async with running(library, size=(200, 50), at_list=True) as (app, pilot):
        await pilot.press("S")
        await settle(pilot)
        widest = "Ukrainian special forces capture a North Korean soldier  12 ¶ · cited by 20"
        assert rows(app)[-1] == widest
        assert {len(row) for row in rows(app)} == {len(widest)}  # the counts aligned at its end
        await pilot.press("j", "j")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert rows(app)[1].endswith("16 ¶ · cited by 22")  # cut at the new width before
        assert max(len(row) for row in rows(app)) <= 80 - 6
        assert app.screen.query_one("#view-list", OptionList).highlighted_option.id == "nk-pow-report-b"
        await pilot.press("o")  # sorted by date: the source it was on stays highlighted
        assert app.screen.query_one("#view-list", OptionList).highlighted_option.id == "nk-pow-report-b"


async def test_slash_finds_a_source_by_any_word_of_its_title_publisher_or_id_and_esc_steps_back(library):
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("slash", *"newsweek")
        assert [row.split("  ")[0] for row in rows(app)] == ["First North Korean soldier captured in Kursk"]
        assert "1 source of 3" in screen_text(app)
        await pilot.press("ctrl+u", *"zzz")
        assert rows(app) == ["No source matches."]
        await pilot.press("escape")  # out of the box, to the list: the find stays
        assert not isinstance(app.focused, Input) and rows(app) == ["No source matches."]
        await pilot.press("escape")  # the find cleared
        assert len(rows(app)) == 3
        await pilot.press("escape")  # back to the claims
        assert not isinstance(app.screen, SourcesView)


async def test_enter_opens_the_source_in_the_source_pane_at_its_first_paragraph(library):
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("slash", *"special forces", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SourcesView)
        assert app.main.place.paragraph == "nk-pow-report-b#p1"
        assert isinstance(app.focused, SourceView)
        assert "Ukrainian special forces capture a North Korean soldier" in pane_text(app, "#source")


async def test_a_page_marked_for_subscribers_is_imported_with_a_warning_that_it_may_be_only_its_beginning(
    library, tmp_path
):
    page = tmp_path / "for subscribers.html"
    marked = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>'
    page.write_text(PAGE.read_text("utf-8").replace("<title>", f"{marked}<title>"), "utf-8")
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("I")
        await settle(pilot)
        await pilot.press(*str(page), "enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), 30)
        await settle(pilot)
        imported = [notice for notice in app._notifications if notice.title == "Imported"]
        assert [notice.severity for notice in imported] == ["warning"]
        assert imported[0].message.endswith(
            "· Note: the page marks its article as for subscribers: saved without signing in, "
            "it may hold only the article's beginning"
        )


async def test_a_page_imported_from_the_app_is_archived_shown_and_quoted_in_a_new_claim(library):
    # A library kept a while: the app reads again a file changed within 3 s of its last look,
    # as it cannot tell a later change in the same moment (mtime and ctime).
    time.sleep(3.2)
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        about = str(app.screen.query_one("#import-about").render())
        assert about.endswith(f"read into a source in {library}/sources, its original archived beside it.")
        await pilot.press(*str(PAGE), "enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), 30)
        await settle(pilot)
        written = library / "sources" / "council-votes-to-close-the-old.yaml"
        assert written.exists()
        archived = list((library / "sources" / "originals").iterdir())
        assert [path.name[: -len("4e2a0b3a6df9.html.gz")] for path in archived] == ["council-votes-to-close-the-old-"]
        assert app.main.place.paragraph == "council-votes-to-close-the-old#p1"
        assert isinstance(app.focused, SourceView)
        notices = [notice.message for notice in app._notifications]
        assert any(notice.startswith("Imported council-votes-to-close-the-old into") for notice in notices)
        # The new file alone is read: the library's others stand as they were.
        assert f"Read again: {written} (1 of 8 files" in " ".join(notices)
        app.clear_notifications()
        await settle(pilot)
        pane = pane_text(app, "#source")
        assert (
            "Council votes to close the old bridge" in pane
            and "council-votes-to-close-the-old · The Riverside Courier, 2024-11-14 · archived 4e2a0b3a" in pane
        )
        # Ready for v: the words selected, then a claim made from them.
        await pilot.press("j", "v", "w", "w", "w", "a")
        await settle(pilot)
        assert isinstance(app.screen, ClaimForm)
        assert app.screen.query_one("#form-text").value == "The city council voted"


async def test_an_import_is_read_again_once_though_the_screen_hears_of_it_late(library, tmp_path, monkeypatch):
    """The system's notices of an import (the file, and the first import's `originals/`
    folder) start no second load, though the screen hears of the import after them."""
    import asyncio

    dismissed = ImportScreen.dismiss

    async def late(self, result=None):
        await asyncio.sleep(1)  # the app busy meanwhile: the notices of the write come first
        await dismissed(self, result)

    monkeypatch.setattr(ImportScreen, "dismiss", late)
    note = tmp_path / "note.txt"
    note.write_text("The council met on Monday.\n\nIt voted to close the old bridge.\n", "utf-8")
    time.sleep(3.1)  # the copied files' changes no longer so recent that they are read again
    said = []
    # The looks at the files far apart: what is heard meanwhile is the system's notices.
    async with running(library, watch_interval=60.0, at_list=True) as (app, pilot):
        await asyncio.sleep(1)  # the notifier listening
        real = app.notify
        app.notify = lambda message, *args, **options: (said.append(message), real(message, *args, **options))
        await pilot.press("I", *str(note), "enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), 30)
        for _ in range(25):
            await asyncio.sleep(0.1)
            await pilot.pause()
    assert (library / "sources" / "originals").is_dir()
    again = [message for message in said if message.startswith("Read again")]
    assert len(again) == 1, said
    assert again[0].startswith(f"Read again: {library}/sources/note.yaml (1 of 8 files, ")


async def test_a_document_that_cannot_be_imported_is_named_in_the_dialog_its_path_kept(library, tmp_path):
    junk = tmp_path / "junk file.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    before = sorted(path.name for path in (library / "sources").iterdir())
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("I")
        await settle(pilot)
        await pilot.press(*str(junk), "enter")
        assert await wait_for(pilot, lambda: "Importing" not in screen_text(app), 30)
        assert isinstance(app.screen, ImportScreen)
        assert f"{junk}: " in screen_text(app).replace("\n", "")
        assert app.screen.query_one("#import-path", Input).value == str(junk)
    assert sorted(path.name for path in (library / "sources").iterdir()) == before


def folder_with_the_page(folder):
    """`folder`, made, holding the saved article as "Council vote.html"."""
    folder.mkdir()
    (folder / "Council vote.html").write_bytes(PAGE.read_bytes())
    return folder


async def test_a_path_is_completed_as_typed_and_right_takes_the_completion(library, tmp_path):
    saved = folder_with_the_page(tmp_path / "saved")
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("I")
        await settle(pilot)
        await pilot.press(*f"{tmp_path}/sa")
        await pilot.pause(0.2)
        await pilot.press("right")
        await pilot.pause(0.2)
        await pilot.press("C", "right")
        assert app.screen.query_one("#import-path", Input).value == f"{saved}/Council vote.html"


async def test_a_path_typed_with_a_tilde_or_pasted_in_quotes_is_imported_and_a_folder_says_what_to_do(
    library, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path))
    saved = folder_with_the_page(tmp_path / "saved pages")
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("I")
        await settle(pilot)
        box = app.screen.query_one("#import-path", Input)
        await pilot.press(*"~/saved pages", "enter")  # a folder: said so, with what to do
        assert await wait_for(pilot, lambda: "is a folder" in screen_text(app), 30)
        said = pane_text(app, "#import-problem")
        assert f"{saved}: is a folder: name one of its files (`dossier import '{saved}' -o FOLDER`" in said
        assert box.value == "~/saved pages"  # kept, to be mended
        box.value = ""
        app.screen.post_message(events.Paste(f"'{saved}/Council vote.html'"))  # a path pasted, quoted
        await settle(pilot)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), 30)
        assert (library / "sources" / "council-votes-to-close-the-old.yaml").exists()
        await pilot.press("escape", "I")
        await settle(pilot)
        (saved / "field notes.txt").write_text("Notes from the field\n\nThe ferry ran late.\n", "utf-8")
        await pilot.press(*"~/saved pages/field notes.txt", "enter")  # ~ is the home folder
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), 30)
        assert (library / "sources" / "notes-from-the-field.yaml").exists()


async def test_a_file_dropped_on_the_terminal_is_offered_for_import(library, tmp_path):
    dropped = tmp_path / "a saved page.html"
    dropped.write_bytes(PAGE.read_bytes())
    async with running(library) as (app, pilot):  # in the search box
        # A terminal pastes a dropped file as its path, quoted or with its spaces escaped:
        # the app is given it, as the terminal's bracketed paste.
        app.post_message(events.Paste(str(dropped).replace(" ", "\\ ")))
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert app.screen.query_one("#import-path", Input).value == str(dropped)
        await pilot.press("escape")
        assert app.query_one("#query", Input).value == ""  # not typed into the search
        app.post_message(events.Paste("kirby expendable"))  # text, not a file: searched
        await settle(pilot)
        assert app.query_one("#query", Input).value == "kirby expendable"
        assert not isinstance(app.screen, ImportScreen)


async def test_i_in_the_sources_list_opens_the_import_dialog_over_the_claims(library):
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("I", *"notes.txt")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert not any(isinstance(screen, SourcesView) for screen in app.screen_stack)
        assert app.screen.query_one("#import-path", Input).value == "notes.txt"


async def test_a_library_named_file_by_file_says_where_to_import_instead(library):
    files = sorted(str(path) for path in library.rglob("*.yaml"))
    async with running(*files, at_list=True) as (app, pilot):
        await pilot.press("I")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        said = [notice.message for notice in app._notifications]
        assert any("the library reads no folder to put a source in" in message for message in said)


async def test_the_bundled_demo_is_not_imported_into(monkeypatch):
    monkeypatch.setattr("dossier.ui.authoring.bundled_is_installed", lambda: True)
    async with running(at_list=True) as (app, pilot):
        await pilot.press("I")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert any(notice.title == "Cannot edit" for notice in app._notifications)
