"""Claims made in the app by selecting the words of a source: the selection, the new
claim's form, evidence added to a claim, undo, and a file changed under the form; each
asserts the file's exact bytes."""

import re

from dossier.store.loader import load_library
from dossier.ui.forms import ClaimForm, ClaimPicker
from dossier.ui.sourceview import SourceView
from dossier.ui.widgets import ResultList

from .app_support import pane_text, query_box, running, screen_text, settle, type_query

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
        app.main.open_claim("kirby-troops-expendable")
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
        assert app.main.place.claim_id == "ukrainian-troops-taken-prisoner"
        assert "Ukrainian troops have taken their prisoner" in pane_text(app, "#claim")
        assert any("u undoes it" in notice.message for notice in app._notifications)
        app.query_one(SourceView).focus()
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == before
        assert "ukrainian-troops-taken-prisoner" not in app.library.claims


async def _write_claim(app, pilot, text: str) -> str:
    """Three words of the paragraph shown made a claim with `text`, saved: its id."""
    await _select(app, pilot, "w", "w", "a")
    assert isinstance(app.screen, ClaimForm)
    app.screen.query_one("#form-text").value = text
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, ClaimForm)
    return next(claim.id for claim in app.library.claims.values() if claim.text == text)


async def test_a_claim_written_is_listed_and_the_query_cleared_only_when_it_would_leave_it_out(library):
    async with running(library) as (app, pilot):
        await type_query(pilot, "ukrainian troops")
        written = await _write_claim(app, pilot, "Ukrainian troops zyxq")
        assert query_box(app).value == "ukrainian troops"  # it lists the claim: kept
        assert app.query_one(ResultList).highlighted_option.id == f"claim:{written}"
        assert app.main.place.claim_id == written
        assert "The query is cleared" not in screen_text(app)
        await pilot.press("slash", "ctrl+u")
        await type_query(pilot, "kirby expendable")
        written = await _write_claim(app, pilot, "A zyxw claim")
        assert query_box(app).value == ""  # it would leave the claim out
        assert app.query_one(ResultList).highlighted_option.id == f"claim:{written}"
        assert app.main.place.claim_id == written
        assert "The query is cleared" in screen_text(app)


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
        assert app.main.place.claim_id == "nis-real-time-sharing"
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


# --- a claim changed, things removed, a quote re-attached ------------------------------------


async def test_a_claims_fields_changed_in_the_form_change_only_those_lines(library):
    path = library / SOLDIER
    before = path.read_text("utf-8")
    async with running(library) as (app, pilot):
        app.main.open_claim("nis-confirms-capture")
        await settle(pilot)
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, ClaimForm) and str(form.query_one("#claim-form").border_title).endswith(
            "nis-confirms-capture"
        )
        assert form.query_one("#form-id").disabled and form.query_one("#form-dossier").disabled
        assert form.query_one("#form-supports").value == "captured-by-special-forces"
        await pilot.press("ctrl+s")  # nothing typed: nothing to write
        assert "Nothing changed" in str(form.query_one("#form-problem").render())
        form.query_one("#form-tags").value = "capture"
        form.query_one("#form-supports").focus()
        await pilot.press("end", *", first-known-capture", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimForm)
        assert path.read_text("utf-8") == before.replace("    tags: [capture, nis]\n", "    tags: [capture]\n").replace(
            "    supports: [captured-by-special-forces]\n",
            "    supports: [captured-by-special-forces, first-known-capture]\n",
        )
        assert app.library.claims["nis-confirms-capture"].targets("supports")[-1] == "first-known-capture"
        await pilot.press("u")
        await settle(pilot)
        assert path.read_text("utf-8") == before


async def test_a_relation_found_with_the_apps_search_from_the_form(library):
    path = library / SOLDIER
    before = path.read_text("utf-8")
    async with running(library) as (app, pilot):
        app.main.open_claim("yonhap-first-prisoner")
        await settle(pilot)
        await pilot.press("c")
        app.screen.query_one("#form-updates").focus()
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ClaimPicker)
        await pilot.press(*"died of his injuries", "enter")
        await pilot.pause()
        assert app.screen.query_one("#form-updates").value == "soldier-died-of-injuries"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert path.read_text("utf-8") == before.replace(
            "Yonhap News.\n\n", "Yonhap News.\n    updates: [soldier-died-of-injuries]\n\n", 1
        )


async def test_a_figure_in_the_quote_is_offered_and_written_once_named(library):
    path = library / "dossiers" / "casualty-estimates.yaml"
    before = path.read_text("utf-8")
    async with running(library) as (app, pilot):
        app.main.open_claim("deployed-up-to-11000")
        await settle(pilot)
        source = await _select(app, pilot, *"wwwwwwwwwwwwww")  # the first 15 words of p9
        assert source.selection.quote == "The DPRK soldier is one of up to 11,000 troops deployed to Kursk to fight"
        await pilot.press("a")
        form = app.screen
        values = [form.query_one(f"#form-{name}").value for name in ("what", "value", "bound", "unit")]
        assert values == ["", "11000", "at-most", "troops"]
        form.query_one("#form-id").value = "up-to-11000-troops"
        form.query_one("#form-what").focus()
        await pilot.press(*"nk-troops-deployed", "ctrl+s")
        await settle(pilot)
        written = path.read_text("utf-8").removeprefix(before)
        assert written.endswith(
            "    evidence:\n"
            "      - at: nk-pow-report-a#p9\n"
            "        quote: The DPRK soldier is one of up to 11,000 troops deployed to Kursk to fight\n"
            "    figure:\n      what: nk-troops-deployed\n      value: 11000\n"
            "      bound: at-most\n      unit: troops\n"
        )
        figure = app.library.claims["up-to-11000-troops"].figure
        assert (figure.value, figure.bound, figure.unit) == (11000, "at-most", "troops")


async def test_evidence_and_a_relation_removed_from_the_claim_pane_after_asking(library):
    path = library / SOLDIER
    before = path.read_text("utf-8")
    async with running(library) as (app, pilot):
        app.main.open_claim("nis-confirms-capture", evidence=4)
        await settle(pilot)
        app.query_one("#claim").focus()
        await pilot.press("d")
        assert "Remove piece 5 of the evidence of nis-confirms-capture?" in str(
            app.screen.query_one("#confirm-question").render()
        )
        await pilot.press("n")  # kept
        assert path.read_text("utf-8") == before
        await pilot.press("d", "y")
        await settle(pilot)
        piece = (
            "      - at: nk-pow-report-c#p3\n"
            "        quote: it has been confirmed that one injured North Korean soldier has been captured\n"
        )
        assert path.read_text("utf-8") == before.replace(piece, "", 1)
        assert len(app.library.claims["nis-confirms-capture"].evidence) == 4
        view = app.query_one("#claim")
        view.focus()
        view.highlighted = view.get_option_index("related:0")
        await pilot.press("d", "enter")
        await settle(pilot)
        assert "    supports: [captured-by-special-forces]\n" not in path.read_text("utf-8")
        await pilot.press("u", "u")
        await settle(pilot)
        assert path.read_text("utf-8") == before


async def test_a_claim_removed_after_asking_and_refused_while_another_names_it(library):
    path = library / SOLDIER
    before = path.read_text("utf-8")
    async with running(library) as (app, pilot):
        app.main.open_claim("captured-by-special-forces")
        await settle(pilot)
        await pilot.press("D", "y")
        await settle(pilot)
        assert any(
            "claim nis-confirms-capture supports captured-by-special-forces" in n.message for n in app._notifications
        )
        assert path.read_text("utf-8") == before
        app.main.open_claim("newsweek-sought-comment")
        await settle(pilot)
        await pilot.press("D", "y")
        await settle(pilot)
        assert "newsweek-sought-comment" not in app.library.claims
        text = path.read_text("utf-8")
        assert text == before[: before.index("\n  - id: newsweek-sought-comment")]  # the blank line before it too


async def test_a_quote_its_paragraph_no_longer_has_is_reattached_when_the_reader_asks(library):
    path = library / SOLDIER
    changed = path.read_text("utf-8").replace(
        "quote: confirmed the capture of a wounded North Korean soldier",
        "quote: confirmed the capture of a wounded soldier from the North",
    )
    path.write_text(changed, "utf-8")
    async with running(library) as (app, pilot):
        app.main.open_claim("nis-confirms-capture")
        await settle(pilot)
        app.query_one("#claim").focus()
        await pilot.press("plus")  # the pane zoomed, to read it whole
        shown = pane_text(app, "#claim")
        assert "closest passage, 74% alike: confirmed the capture of a wounded North Korean soldier and" in shown
        assert "A re-attaches it" in shown
        assert path.read_text("utf-8") == changed  # shown, never moved unasked
        await pilot.press("A")
        await settle(pilot)
        assert path.read_text("utf-8") == changed.replace(
            "quote: confirmed the capture of a wounded soldier from the North",
            "quote: confirmed the capture of a wounded North Korean soldier and",
        )
        assert app.library.claims["nis-confirms-capture"].anchored
        assert "closest passage" not in pane_text(app, "#claim")


async def test_a_claim_in_a_new_dossier_makes_its_file_and_undo_removes_it(library):
    path = library / "dossiers" / "first-prisoner.yaml"
    async with running(library) as (app, pilot):
        await _select(app, pilot, *"wwww", "a")
        form = app.screen
        assert not form.query_one("#form-new-dossier").display  # until a new dossier is chosen
        await pilot.press("tab", "enter", "end", "enter")  # the dossier field's last choice
        await pilot.pause()
        assert form.query_one("#form-new-dossier").display
        await pilot.press("tab", *"First Prisoner")
        assert "an id is lowercase letters, digits and hyphens" in str(form.query_one("#form-dossier-note").render())
        await pilot.press("ctrl+u", *"first-prisoner", "tab", *"The first prisoner")
        assert "free: written as first-prisoner.yaml" in str(form.query_one("#form-dossier-note").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimForm)
        assert path.read_bytes() == (
            b"id: first-prisoner\n"
            b"title: The first prisoner\n"
            b"claims:\n"
            b"  - id: ukrainian-troops-taken\n"
            b"    text: Ukrainian troops have taken their\n"
            b"    evidence:\n"
            b"      - at: nk-pow-report-a#p1\n"
            b"        quote: Ukrainian troops have taken their\n"
        )
        assert app.library.claims["ukrainian-troops-taken"].dossier_id == "first-prisoner"
        assert app.main.place.claim_id == "ukrainian-troops-taken"
        assert "The first prisoner" in pane_text(app, "#claim")
        app.query_one(SourceView).focus()
        await pilot.press("u")
        await settle(pilot)
        assert not path.exists()
        assert "first-prisoner" not in app.library.dossiers


async def test_words_dragged_over_with_the_mouse_are_the_selection_widened_to_whole_words(library):
    async with running(library) as (app, pilot):
        source = app.query_one(SourceView)
        first, second = source.views[0], source.views[1]  # nk-pow-report-a's p1 and p2, the first claim's
        # From inside "Ukrainian" (the paragraph's line 2 on screen: its text starts 2 columns in) to
        # inside "taken": the words touched, whole.
        await pilot.mouse_down(first, offset=(5, 1))
        await pilot.hover(first, offset=(26, 1))
        await pilot.mouse_up(first, offset=(26, 1))
        await settle(pilot)
        assert source.selection.quote == "Ukrainian troops have taken"
        assert str(source.border_subtitle) == "“Ukrainian troops have taken” · 4 words"
        assert app.focused is source and not app.screen.selections  # marked as the keys mark it
        await pilot.press("w", "a")  # the keys go on from it
        assert app.screen.query_one("#form-text").value == "Ukrainian troops have taken their"
        await pilot.press("escape")
        await settle(pilot)
        # A drag into the next paragraph stops at the end of the first: a quote is one paragraph's.
        await pilot.mouse_down(first, offset=(2, 4))
        await pilot.hover(second, offset=(10, 1))
        await pilot.mouse_up(second, offset=(10, 1))
        await settle(pilot)
        quote = "soldier, who sustained unspecified injuries, was captured by Ukrainian troops in Kursk."
        assert source.selection.quote == quote
        assert source.cursor == 0
        assert any("A quote stays inside one paragraph" in notice.message for notice in app._notifications)


def _as_read(library) -> tuple:
    """What a library holds, as a reader sees it: claims, what cites each paragraph, what
    names each claim, its problems."""
    return (
        [(claim.id, claim.text, claim.links, claim.evidence) for claim in library.claims.values()],
        {ref: [(claim.id, evidence.at) for claim, evidence in found] for ref, found in library.citations.items()},
        {key: [(claim.id, link) for claim, link in found] for key, found in library.linked_from.items()},
        library.problems,
        sorted(library.stamp),
    )


async def test_the_library_shown_after_a_write_is_what_loading_the_files_gives(library):
    path = library / SOLDIER
    # Without former ids (a merge), a change of one dossier file is assembled incrementally.
    estimates = library / "dossiers" / "casualty-estimates.yaml"
    merged = "    formerly: [zelensky-nearly-3000, zelensky-more-than-3000]\n"
    estimates.write_text(estimates.read_text("utf-8").replace(merged, ""), "utf-8")
    async with running(library) as (app, pilot):
        await _select(app, pilot, *"wwww", "a")
        # A relation to a claim of another file, and an id: what assembling touches beyond the file.
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", *"kirby-troops-expendable")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert b"    updates: [kirby-troops-expendable]\n" in path.read_bytes()
        # Shown from what the check assembled, not read again: the file is its one read.
        assert app.library.reread == [str(path)]
        assert _as_read(app.library) == _as_read(load_library([library]))
        assert "ukrainian-troops-taken" in [claim.id for claim, _ in app.library.linked_from["kirby-troops-expendable"]]


# --- what was typed is never lost -----------------------------------------------------------


async def test_a_write_that_fails_keeps_the_form_and_what_was_typed(library):
    """The dossier made read-only before Ctrl+S: nothing written, the form stays with its
    text and says why; made writable again, the same Ctrl+S writes it."""
    path = library / SOLDIER
    before = path.read_bytes()
    async with running(library) as (app, pilot):
        await _select(app, pilot, "w", "a")
        await pilot.press("end", *" kept through a failure")
        path.chmod(0o444)
        app.main._read_again(str(path))  # as the system's notice of the change of mode would
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClaimForm)
        problem = str(form.query_one("#form-problem").render())
        assert "read-only (mode 444)" in problem and "chmod u+w" in problem
        assert form.query_one("#form-text").value == "Ukrainian troops kept through a failure"
        assert path.read_bytes() == before
        path.chmod(0o644)
        app.main._read_again(str(path))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimForm)
    assert b"    text: Ukrainian troops kept through a failure\n" in path.read_bytes()


async def test_ctrl_c_over_a_form_with_typing_asks_before_quitting(library):
    async with running(library) as (app, pilot):
        await _select(app, pilot, "w", "a")
        form = app.screen
        await pilot.press("ctrl+c")  # nothing typed yet: what the form holds came from the quote
        await pilot.pause()
        assert not app.is_running or app.return_code is not None
    async with running(library) as (app, pilot):
        await _select(app, pilot, "w", "a")
        form = app.screen
        await pilot.press(*" typed")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and app.screen is form
        assert "Ctrl+C again quits and discards it" in str(form.query_one("#form-problem").render())
        assert form.query_one("#form-text").value == "Ukrainian troops typed"
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code is not None


async def test_after_its_file_is_read_again_the_form_writes_into_it_as_it_is_now(library):
    """An editor's save while the form is open: the first Ctrl+S writes nothing and says
    the file is read again; once it is, Ctrl+S writes the claim, the editor's line kept."""
    path = library / SOLDIER
    async with running(library) as (app, pilot):
        await _select(app, pilot, "w", "a")
        await pilot.press("end", *" after an edit")
        edited = path.read_text("utf-8") + "# typed in an editor meanwhile\n"
        path.write_text(edited, "utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClaimForm)
        assert "It is read again now" in str(form.query_one("#form-problem").render())
        assert any("Read again" in notice.message for notice in app._notifications)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimForm)
    written = path.read_text("utf-8")
    assert "    text: Ukrainian troops after an edit\n" in written
    assert written.replace("# typed in an editor meanwhile\n", "").startswith(
        edited.removesuffix("# typed in an editor meanwhile\n")
    )
    assert written.endswith("# typed in an editor meanwhile\n")  # a comment at the end stays the end


async def test_a_change_form_refuses_a_field_changed_on_disk_too_and_keeps_the_typing(library):
    path = library / SOLDIER
    async with running(library) as (app, pilot):
        app.main.open_claim("nis-confirms-capture")
        await settle(pilot)
        app.query_one("#claim").focus()
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        await pilot.press("end", *" (mine)")
        text = path.read_text("utf-8")
        path.write_text(text.replace("had been captured by Ukrainian forces.", "had been captured."), "utf-8")
        app.main._read_again(str(path))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "text of nis-confirms-capture changed on disk too" in str(form.query_one("#form-problem").render())
        assert form.query_one("#form-text").value.endswith("Ukrainian forces. (mine)")
    assert "had been captured.\n" in path.read_text("utf-8")


async def test_evidence_that_cannot_be_written_keeps_the_picker_open(library):
    path = library / SOLDIER
    async with running(library) as (app, pilot):
        await _select(app, pilot, "w", "plus")
        picker = app.screen
        assert isinstance(picker, ClaimPicker)
        await pilot.press(*"nis confirmed")
        await settle(pilot)
        path.chmod(0o444)
        app.main._read_again(str(path))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is picker
        assert "read-only" in str(picker.query_one("#picker-problem").render())
        path.chmod(0o644)


async def test_a_save_is_read_again_once_and_the_note_names_the_file_written_alone(library):
    """The system's notices of the write (its nameless temporary file, `#INODE`, and the
    file itself) start no second load, and no file but the one written is read again."""
    import asyncio
    import time

    time.sleep(3.1)  # the copied files' changes no longer so recent that they are read again
    said = []
    async with running(library, watch_interval=1.0) as (app, pilot):
        await asyncio.sleep(1)  # the notifier listening
        real = app.notify
        app.notify = lambda message, *args, **options: (said.append(message), real(message, *args, **options))
        await _select(app, pilot, "w", "a")
        await pilot.press("ctrl+s")
        for _ in range(25):
            await asyncio.sleep(0.1)
            await pilot.pause()
    again = [message for message in said if message.startswith("Read again")]
    assert len(again) == 1, again
    assert re.fullmatch(r"Read again: .*/dossiers/captured-soldier\.yaml \(1 of 7 files, [0-9.]+ s\)", again[0])


async def test_a_bug_in_the_write_keeps_the_form_and_what_was_typed(library, monkeypatch):
    import dossier.ui.forms

    def broken(*_):
        raise RuntimeError("a bug")

    monkeypatch.setattr(dossier.ui.forms, "claim_added", broken)
    async with running(library) as (app, pilot):
        await _select(app, pilot, "w", "a")
        await pilot.press(*" typed")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClaimForm) and app.is_running
        assert "internal error: RuntimeError: a bug" in str(form.query_one("#form-problem").render())
        assert form.query_one("#form-text").value == "Ukrainian troops typed"


async def test_the_forms_keys_follow_the_keymap(library, private_config):
    (private_config / "config.toml").write_text('[keymap]\nform-save = "ctrl+w"\n', encoding="utf-8")
    path = library / SOLDIER
    before = path.read_bytes()
    async with running(library) as (app, pilot):
        await _select(app, pilot, *"ww", "a")
        assert isinstance(app.screen, ClaimForm)
        await pilot.press("ctrl+s")  # no longer the form's key
        await settle(pilot)
        assert isinstance(app.screen, ClaimForm) and path.read_bytes() == before
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimForm)
        assert b"    quote: Ukrainian troops have\n" in path.read_bytes()[len(before) :]
