"""Claims made in the app by selecting the words of a source: the selection, the new
claim's form, evidence added to a claim, undo, and a file changed under the form; each
asserts the file's exact bytes."""

from dossier.ui.forms import ClaimForm, ClaimPicker
from dossier.ui.widgets import SourceView

from .app_support import pane_text, running, settle

SOLDIER = "dossiers/captured-soldier.yaml"


async def _select(app, pilot, *keys):
    """In the source pane (on the first claim's paragraph, nk-pow-report-a#p1): v, then `keys`."""
    app.query_one(SourceView).focus()
    await pilot.pause()
    await pilot.press("v", *keys)
    await pilot.pause()
    return app.query_one(SourceView)


async def test_words_selected_from_the_keyboard_are_shown_as_they_will_be_quoted(library):
    async with running(library) as (app, pilot):
        source = await _select(app, pilot, "w", "w", "w", "w")
        assert source.selection.quote == "Ukrainian troops have taken their"
        assert str(source.border_subtitle) == "“Ukrainian troops have taken their” · 5 words"
        await pilot.press("dollar_sign")
        assert source.selection.quote.endswith("according to the South Korean news agency Yonhap News.")
        await pilot.press("o", "w", "w")
        assert source.selection.quote.startswith("have taken their first")
        await pilot.press("escape")
        assert source.selection is None and source.border_subtitle is None
        assert app.focused is source  # Esc took the selection back, not the focus


async def test_a_selection_goes_when_the_source_pane_shows_something_else(library):
    async with running(library) as (app, pilot):
        source = await _select(app, pilot, "w", "w")
        assert source.selection is not None
        app.open_claim("kirby-troops-expendable")
        await settle(pilot)
        assert source.source.id == "nk-pow-report-c"
        assert source.selection is None and source.border_subtitle is None


async def test_a_new_claim_from_a_selection_is_written_shown_and_undone(library):
    path = library / SOLDIER
    before = path.read_bytes()
    async with running(library) as (app, pilot):
        await _select(app, pilot, *"wwww", "a")
        form = app.screen
        assert isinstance(form, ClaimForm)
        assert form.query_one("#form-text").value == "Ukrainian troops have taken their"
        assert form.query_one("#form-id").value == "ukrainian-troops-taken"
        assert "free: the claim's permalink" in str(form.query_one("#form-id-note").render())
        await pilot.press("end", *" prisoner", "tab", "tab")  # the text, then past the dossier to the id
        assert form.query_one("#form-id").value == "ukrainian-troops-taken-prisoner"
        await pilot.press("tab", *"Yonhap", "tab", "tab", "tab", *"2024-12-27", "tab", *"capture, test")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimForm)
        assert path.read_bytes() == before + (
            b"\n"
            b"  - id: ukrainian-troops-taken-prisoner\n"
            b"    text: Ukrainian troops have taken their prisoner\n"
            b"    speaker: Yonhap\n"
            b"    date: 2024-12-27\n"
            b"    tags: [capture, test]\n"
            b"    evidence:\n"
            b"      - at: nk-pow-report-a#p1\n"
            b"        quote: Ukrainian troops have taken their\n"
        )
        assert app.place.claim_id == "ukrainian-troops-taken-prisoner"
        assert "Ukrainian troops have taken their prisoner" in pane_text(app, "#claim")
        assert any("u undoes it" in notice.message for notice in app._notifications)
        app.query_one(SourceView).focus()
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == before
        assert "ukrainian-troops-taken-prisoner" not in app.library.claims


async def test_a_selection_added_as_evidence_of_a_claim_found_by_search(library):
    path = library / SOLDIER
    before = path.read_text("utf-8")
    async with running(library) as (app, pilot):
        await _select(app, pilot, "w", "w", "w", "w", "w", "w", "w", "plus")
        picker = app.screen
        assert isinstance(picker, ClaimPicker)
        await pilot.press(*"nis real time sharing")
        await pilot.pause()
        assert picker.query_one("#picker-list").highlighted == 0
        await pilot.press("enter")
        await settle(pilot)
        anchor = "quote: Through real-time information sharing with an allied country\u2019s intelligence agency\n"
        added = "      - at: nk-pow-report-a#p1\n"
        added += "        quote: Ukrainian troops have taken their first North Korean\n"
        assert path.read_text("utf-8") == before.replace(anchor, anchor + added, 1)
        assert app.place.claim_id == "nis-real-time-sharing"
        assert len(app.library.claims["nis-real-time-sharing"].evidence) == 4


async def test_esc_asks_before_discarding_what_was_typed(library):
    path = library / SOLDIER
    before = path.read_bytes()
    async with running(library) as (app, pilot):
        await _select(app, pilot, "a")
        await pilot.press(*" more")
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimForm)
        assert "Esc again discards it" in str(app.screen.query_one("#form-problem").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, ClaimForm)
    assert path.read_bytes() == before


async def test_a_taken_id_or_a_problem_keeps_the_form_open_with_the_validators_message(library):
    path = library / SOLDIER
    before = path.read_bytes()
    async with running(library) as (app, pilot):
        await _select(app, pilot, "a")
        form = app.screen
        form.query_one("#form-id").focus()
        await pilot.press(*["backspace"] * 40, *"yonhap-first-prisoner")
        assert "taken: Ukrainian troops have taken their first" in str(form.query_one("#form-id-note").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "claim id 'yonhap-first-prisoner' is already used at" in str(form.query_one("#form-problem").render())
    assert path.read_bytes() == before


async def test_a_file_changed_under_the_form_is_not_overwritten_and_what_was_typed_stays(library):
    path = library / SOLDIER
    async with running(library) as (app, pilot):
        await _select(app, pilot, "a")
        await pilot.press(*" kept")
        path.write_text(path.read_text("utf-8") + "# typed in an editor meanwhile\n", "utf-8")
        edited = path.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClaimForm)
        assert "changed on disk since it was loaded" in str(form.query_one("#form-problem").render())
        assert form.query_one("#form-text").value == "Ukrainian kept"
    assert path.read_bytes() == edited


async def test_undo_with_nothing_written_says_so(library):
    async with running(library, at_list=True) as (app, pilot):
        await pilot.press("u")
        assert any(notice.message == "Nothing written in this session to undo" for notice in app._notifications)
