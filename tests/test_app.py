"""The app, driven with Pilot as a reader would drive it: keys in, screen text out."""

from __future__ import annotations

import os
import re
import stat
import sys
import threading

import pytest
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.widgets import OptionList

from dossier.session import cache
from dossier.store.watching import Notifier
from dossier.ui.screens import HelpScreen, ProblemsScreen
from dossier.ui.sourceview import SourceView
from dossier.ui.widgets import ClaimView, ResultList

from .app_support import (
    GOOD_DOSSIER,
    flat,
    from_palette,
    library_with,
    make_app,
    pane_text,
    query_box,
    results_ids,
    running,
    screen_text,
    settle,
    type_query,
    wait_for,
)

SIZE = (120, 40)


async def test_opens_on_the_bundled_library_grouped_by_dossier():
    async with running() as (app, _pilot):
        text = screen_text(app)
        assert "61 claims" in text
        assert "The captured soldier" in text and "24" in text
        # The first claim is shown with its source paragraph beside it.
        assert app.main.place.claim_id == "yonhap-first-prisoner"
        assert "Ukrainian troops have taken their first North Korean soldier" in pane_text(app, "#source")
        assert app.query_one(SourceView).border_title == "nk-pow-report-a"


async def test_search_ranks_as_you_type_and_enter_opens_the_claim_with_its_source():
    async with running() as (app, pilot):
        await type_query(pilot, "slovakia host")
        assert results_ids(app)[0] == "claim:slovakia-to-host-talks"
        assert "of 61 claims" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is app.query_one(ClaimView)
        source = app.query_one(SourceView)
        assert source.cited == "nk-pow-report-c#p18"
        # The whole source is there, with the cited paragraph on screen and its quote inside.
        assert source.quote_span is not None
        assert "confirmed on Friday that it would host peace talks" in pane_text(app, "#source")


async def test_a_typo_still_finds_and_matched_characters_are_marked():
    async with running() as (app, pilot):
        await type_query(pilot, "kriby")
        assert "claim:kirby-troops-expendable" in results_ids(app)
        row = (
            app.query_one(ResultList).get_option("claim:kirby-troops-expendable").prompt.content
        )  # the row, before it is wrapped
        marked = [row.plain[span.start : span.end] for span in row.spans if "underline" in str(span.style)]
        assert marked == ["Kirby"]


async def test_straight_apostrophe_finds_typographic_one_in_paragraphs():
    async with running() as (app, pilot):
        await pilot.press("ctrl+t")
        await settle(pilot)
        # With no query, the second scope lists every paragraph too, under its source.
        paragraphs = sum(len(source.paragraphs) for source in app.library.sources.values())
        assert f"61 claims, {paragraphs} paragraphs" in screen_text(app)
        assert len(results_ids(app)) == 61 + paragraphs
        await type_query(pilot, "korea's intelligence agency")
        assert "in claims + sources" in screen_text(app)
        # The source writes "South Korea\u2019s intelligence agency", with a typographic apostrophe.
        assert "paragraph:nk-pow-report-c#p1" in results_ids(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert not any(option.startswith("paragraph:") for option in results_ids(app))


async def test_query_syntax_fields_exact_and_exclusion():
    async with running() as (app, pilot):
        await type_query(pilot, "speaker:kirby")
        kirby = set(results_ids(app))
        assert kirby and all(app.library.claims[i.partition(":")[2]].speaker == "John Kirby" for i in kirby)
        await pilot.press(*" !biden")
        await settle(pilot)
        assert set(results_ids(app)) == kirby - {"claim:biden-new-security-package"}
        assert f"{len(kirby) - 1} of 61 claims" in screen_text(app)
        await pilot.press("ctrl+u", *"status:confirmed 'nis")
        await settle(pilot)
        assert results_ids(app) == ["claim:nis-confirms-capture"]


async def test_escape_leaves_search_then_clears_the_query():
    async with running() as (app, pilot):
        await type_query(pilot, "kirby")
        await pilot.press("escape")
        assert app.focused is app.query_one(ResultList)
        assert query_box(app).value == "kirby"
        await pilot.press("escape")
        await settle(pilot)
        assert query_box(app).value == ""
        assert "61 claims" in screen_text(app)


async def test_evidence_cycles_with_brackets_and_the_source_follows():
    async with running() as (app, pilot):
        app.main.open_claim("nis-confirms-capture")
        await settle(pilot)
        source = app.query_one(SourceView)
        seen = [source.cited]
        for _ in range(4):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            seen.append(source.cited)
        assert seen == [evidence.at for evidence in app.library.claims["nis-confirms-capture"].evidence]
        await pilot.press("right_square_bracket")  # wraps round to the first
        await settle(pilot)
        assert source.cited == seen[0]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert source.cited == seen[-1]
        assert source.border_title == "nk-pow-report-c"


async def test_enter_on_evidence_moves_to_the_source_and_backlinks_list_citing_claims():
    async with running() as (app, pilot):
        app.main.open_claim("nis-confirms-capture", evidence=1)  # nk-pow-report-b#p3, cited by three claims
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        source = app.query_one(SourceView)
        assert app.focused is source
        assert source.cursor_paragraph.ref == "nk-pow-report-b#p3"
        await pilot.press("c")
        await settle(pilot)
        claim_view = app.query_one(ClaimView)
        assert app.focused is claim_view
        citing = [option.id for option in claim_view.options if option.id]
        expected = {claim.id for claim, _ in app.library.citing("nk-pow-report-b#p3")}
        assert claim_view.highlighted_option.id == citing[0]  # the first citing claim, ready for Enter
        assert {option.partition(":")[2] for option in citing} == expected
        assert len(expected) == 3 and "Cited by 3 claims" in pane_text(app, "#claim")
        quote = "quotes it was confirmed that a North Korean soldier was injured and captured"
        assert quote in pane_text(app, "#claim")
        # From a backlink back to a claim: Enter opens it.
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.place.claim_id in expected and app.main.place.paragraph is None


async def test_relations_show_both_ways_and_open_the_related_claim():
    async with running() as (app, pilot):
        app.main.open_claim("captured-by-special-forces")
        await settle(pilot)
        claim_view = app.query_one(ClaimView)
        rows = {option.id: option.prompt.plain for option in claim_view.options if option.id}
        # The related claim's marks: its status, and the 3 sources that carry it.
        assert rows["related:0"].startswith("← supported by ✓ 3× South Korea's National Intelligence Service confirmed")
        # Down through the evidence to the first relation, then Enter opens that claim.
        claim_view.focus()
        while claim_view.highlighted_option.id != "related:0":
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.place.claim_id == "nis-confirms-capture"
        assert "→ supports" in " ".join(option.prompt.plain for option in claim_view.options)
        await pilot.press("b")
        await settle(pilot)
        assert app.main.place.claim_id == "captured-by-special-forces"


async def test_history_back_and_forward():
    async with running() as (app, pilot):
        app.main.open_claim("kyiv-12000-deployed")
        await settle(pilot)
        app.main.open_claim("deployed-up-to-11000")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.main.place.claim_id == "kyiv-12000-deployed"
        await pilot.press("b")
        await settle(pilot)
        assert app.main.place.claim_id == "yonhap-first-prisoner"  # where the reader started
        await pilot.press("f", "f")
        await settle(pilot)
        assert app.main.place.claim_id == "deployed-up-to-11000"
        await pilot.press("f")
        await settle(pilot)
        assert "Nothing to go forward to" in screen_text(app)
        # Backspace goes back too, outside the query box; inside it, it deletes.
        app.query_one(ResultList).focus()
        await pilot.press("backspace")
        await settle(pilot)
        assert app.main.place.claim_id == "kyiv-12000-deployed"
        await type_query(pilot, "ab")
        await pilot.press("backspace")
        assert query_box(app).value == "a"


async def test_find_in_source_counts_and_steps_like_less():
    async with running() as (app, pilot):
        source = app.query_one(SourceView)
        source.focus()
        await pilot.press("ctrl+f", *"kursk", "enter")
        await settle(pilot)
        paragraphs = list(app.library.sources["nk-pow-report-a"].paragraphs.values())
        expected = sum(paragraph.text.lower().count("kursk") for paragraph in paragraphs)
        assert expected > 2
        assert app.focused is source
        assert f"1/{expected} matches" in screen_text(app)
        await pilot.press("n", "n")
        await settle(pilot)
        assert f"3/{expected} matches" in screen_text(app)
        await pilot.press("N")
        await settle(pilot)
        assert f"2/{expected} matches" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "matches" not in screen_text(app)


async def test_copy_puts_a_citation_on_the_clipboard_and_says_so():
    async with running() as (app, pilot):
        app.main.open_claim("slovakia-to-host-talks")
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard.splitlines() == [
            "Claim: Slovakia said that it would host peace talks between Moscow and Kyiv.",
            "Said by: Slovakia",
            "Date: 2024-12-27",
            'Quote: "Slovakia, meanwhile, confirmed on Friday that it would host peace talks between Moscow and Kyiv"',
            f"Source: {app.library.sources['nk-pow-report-c'].title}",
            "Reference: nk-pow-report-c#p18",
        ]
        for _ in range(40):  # the tools are tried in a thread
            await pilot.pause(0.05)
            if any(n.title == "Copy" for n in app._notifications):
                break
        assert any(n.title == "Copy" and "sent to the terminal by OSC 52" in n.message for n in app._notifications)


async def test_help_lists_every_binding_and_escape_closes_it():
    async with running(at_list=True) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = pane_text(app, "#help-dialog")
        for meaning in ("Command palette", "Next piece of evidence", "Copy a citation"):
            assert meaning in text
        await pilot.press("end")  # the rest is a scroll away
        await pilot.pause()
        text = pane_text(app, "#help-dialog")
        for meaning in ("Find words in this source", "that exact word", "leave out what contains word"):
            assert meaning in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_jumps_to_a_claim_by_fuzzy_name():
    async with running() as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"putin accept")  # both words, neither whole, not side by side
        await wait_for(pilot, lambda: "Putin said it was acceptable" in screen_text(app))
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.place.claim_id == "putin-slovakia-acceptable"


async def test_command_palette_opens_a_source_at_its_first_paragraph():
    async with running() as (app, pilot):
        await from_palette(pilot, "source dies injuries", app.library.sources["nk-pow-report-c"].title)
        assert app.main.place.paragraph == "nk-pow-report-c#p1"
        assert app.focused is app.query_one(SourceView)


async def test_command_palette_shows_a_dossier_through_a_visible_filter():
    async with running() as (app, pilot):
        await from_palette(pilot, "dossier peace talks", "dossier Peace talks")
        assert query_box(app).value == ""
        assert len(results_ids(app)) == len(app.library.dossiers["peace-talks"].claims)
        assert screen_text(app).splitlines()[1].startswith(" Filtered: dossier peace-talks   x clears")


async def test_markup_and_escape_sequences_in_files_are_shown_literally(tmp_path):
    library_with(
        tmp_path,
        """\
        id: notes
        title: "[bold]Notes[/bold]"
        claims:
          - id: literal
            text: "Look [link=https://example.org]here[/link] and [red]there\\e[31m, \\u202Ereversed"
            speaker: "[i]Someone[/i]"
            evidence:
              - at: base-report#p1
        """,
    )
    async with running(tmp_path, size=(160, 40)) as (app, _pilot):
        text = screen_text(app)
        assert "[bold]Notes[/bold]" in text
        assert "[link=https://example.org]here[/link]" in text
        assert "[i]Someone[/i]" in text
        assert "\x1b" not in text and "␛[31m" in text
        assert "\u202e" not in text and "\ufffdreversed" in text  # no reordering of the line


async def test_a_library_with_errors_opens_and_lists_them(tmp_path):
    library_with(tmp_path, GOOD_DOSSIER)
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: Broken\nclaims:\n  - id: x\n    text: [\n", "utf-8")
    async with running(tmp_path, at_list=True) as (app, pilot):
        assert "⚠ 1 problem (p)" in screen_text(app)
        assert results_ids(app) == ["claim:evacuated"]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        problem = app.library.problems[0]
        assert f"broken.yaml:{problem.line}:{problem.column}: " in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)


async def test_an_empty_library_says_what_to_do(tmp_path):
    async with running(tmp_path, at_list=True) as (app, pilot):
        text = pane_text(app, "#claim")
        assert "No claims here yet" in text and "dossier schema" in text
        await pilot.press("y", "e", "right_square_bracket", "b")  # nothing to act on: no crash
        await settle(pilot)


def _fake_editor(tmp_path, body: str) -> str:
    """An executable named vi, so that dossier passes +LINE, which records its arguments."""
    editor = tmp_path / "bin" / "vi"
    editor.parent.mkdir()
    editor.write_text(f"#!{sys.executable}\nimport sys, pathlib\n{body}\n", "utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    return str(editor)


async def test_edit_opens_the_claim_at_its_line_then_reloads_and_keeps_the_claim(tmp_path, monkeypatch):
    notes = library_with(tmp_path, GOOD_DOSSIER)
    record = tmp_path / "editor-args.txt"
    # The "editor" records how it was called and breaks the quote, as a slip of the hand would.
    body = (
        f"pathlib.Path({str(record)!r}).write_text(' '.join(sys.argv[1:]))\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "path.write_text(path.read_text().replace('1,200 people', '1,300 people'))"
    )
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, body))
    monkeypatch.delenv("VISUAL", raising=False)
    async with running(tmp_path, at_list=True) as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        assert record.read_text() == f"+4 {notes}"  # the claim's line
        assert app.main.place.claim_id == "evacuated"
        assert not app.library.claims["evacuated"].anchored
        assert "unanchored" in pane_text(app, "#claim")
        assert "⚠ 1 problem (p)" in screen_text(app)


async def test_enter_on_a_problem_opens_the_editor_at_its_line(tmp_path, monkeypatch):
    library_with(tmp_path, GOOD_DOSSIER)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: Broken\nclaims:\n  - id: x\n    txt: y\n", "utf-8")
    record = tmp_path / "editor-args.txt"
    monkeypatch.setenv(
        "EDITOR", _fake_editor(tmp_path, f"pathlib.Path({str(record)!r}).write_text(' '.join(sys.argv[1:]))")
    )
    monkeypatch.delenv("VISUAL", raising=False)
    async with running(tmp_path, at_list=True) as (app, pilot):
        problem = next(problem for problem in app.library.problems if problem.path == str(broken))
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert record.read_text() == f"+{problem.line} {broken}"
        assert not isinstance(app.screen, ProblemsScreen)


async def test_an_editor_that_is_not_installed_is_reported_and_the_app_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    monkeypatch.delenv("VISUAL", raising=False)
    async with running(at_list=True) as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        assert "editor not found" in screen_text(app)
        await type_query(pilot, "slovakia host")
        assert "of 61 claims" in screen_text(app)


async def test_a_file_changed_on_disk_reloads_and_the_view_stays_on_the_claim(tmp_path):
    notes = library_with(tmp_path, GOOD_DOSSIER)
    async with running(tmp_path, watch_interval=0.1) as (app, pilot):
        before = app.library
        notes.write_text(notes.read_text("utf-8").replace("were evacuated.", "were moved out."), "utf-8")
        os.utime(notes, ns=(1, 1))  # a new stamp even on a file system with coarse times
        assert await wait_for(pilot, lambda: app.library is not before)
        await settle(pilot)
        assert app.main.place.claim_id == "evacuated"
        assert "were moved out." in pane_text(app, "#claim")


async def test_where_the_system_sends_no_notices_the_looks_at_the_files_find_an_edit(tmp_path, monkeypatch):
    # As on a network file system: no notices, only the app's own looks (they once ran on
    # the app's thread and crashed it at the first change they found).
    monkeypatch.setattr(Notifier, "start", lambda self: False)
    notes = library_with(tmp_path, GOOD_DOSSIER)
    async with running(tmp_path, watch_interval=0.1) as (app, pilot):
        before = app.library
        notes.write_text(notes.read_text("utf-8").replace("were evacuated.", "were moved out."), "utf-8")
        os.utime(notes, ns=(1, 1))
        assert await wait_for(pilot, lambda: app.library is not before)
        await settle(pilot)
        assert app.is_running and "were moved out." in pane_text(app, "#claim")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_small_terminals_keep_search_results_and_keys_reachable(size):
    async with running(size=size) as (app, pilot):
        await type_query(pilot, "slovakia host")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "slovakia host" in text
        assert "Slovakia said that" in pane_text(app, "#claim")
        assert "Keys" in text or "^p" in text  # the footer still leads to every key
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "confirmed on Friday that it would host peace talks" in pane_text(app, "#source")


async def test_mouse_click_on_a_result_shows_it():
    async with running() as (app, pilot):
        await type_query(pilot, "slovakia")
        results = app.query_one(ResultList)
        second = results.options[1]
        # Rows wrap: click the line where the second one's text starts.
        lines = screen_text(app).splitlines()
        start = second.prompt.plain[:30]
        row = next(y for y in range(results.region.y, results.region.bottom) if start in lines[y])
        await pilot.click(OptionList, offset=(5, row - results.region.y))
        await settle(pilot)
        assert app.main.place.claim_id == second.id.partition(":")[2]


async def test_a_library_folder_that_goes_away_keeps_the_view_and_says_so_once(tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    library_with(library, GOOD_DOSSIER)
    async with running(library, watch_interval=0.1) as (app, pilot):
        moved = library.rename(tmp_path / "elsewhere")
        assert await wait_for(pilot, lambda: "Cannot load" in screen_text(app))
        await pilot.pause(0.5)  # several looks at the files later...
        assert len([n for n in app._notifications if n.title == "Cannot load"]) == 1
        assert results_ids(app) == ["claim:evacuated"]
        before = app.library
        moved.rename(library)
        assert await wait_for(pilot, lambda: app.library is not before)


async def test_clicking_a_paragraph_puts_the_cursor_on_it():
    async with running() as (app, pilot):
        source = app.query_one(SourceView)
        await pilot.click(source.views[1])
        await settle(pilot)
        assert app.focused is source and source.cursor == 1
        await pilot.press("y")
        assert app.clipboard.endswith("Reference: nk-pow-report-a#p2")


async def test_the_first_load_says_how_many_files_are_read(tmp_path, monkeypatch):
    library_with(tmp_path, GOOD_DOSSIER)
    proceed = threading.Event()
    load_library = cache.load_library

    def slow_load(paths, progress, **options):
        progress(64, 130)  # as the loader reports a large library, a batch of files at a time
        proceed.wait(10)
        return load_library(paths, progress=progress, **options)

    monkeypatch.setattr(cache, "load_library", slow_load)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_for(pilot, lambda: "Loading… 64 of 130 files read" in pane_text(app, "#claim"))
        proceed.set()
        assert await wait_for(pilot, lambda: app.main.loaded)
        await settle(pilot)
        assert "Loading" not in pane_text(app, "#claim") and "evacuated" in results_ids(app)[0]


async def test_a_terminal_made_too_small_covers_any_screen_with_a_note_until_it_grows():
    async with running(at_list=True) as (app, pilot):
        await pilot.press("s")
        await settle(pilot)
        await pilot.resize_terminal(30, 8)
        await settle(pilot)
        assert flat(screen_text(app)) == "Too small: dossier needs 40×10 or more. Ctrl+C quits."
        await pilot.press("escape", "q")  # the keys of what is underneath do nothing meanwhile
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert "speaker or relay" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "61 claims" in screen_text(app)


@pytest.mark.parametrize("size", [(40, 10), (300, 100)])
async def test_every_screen_opens_and_closes_at_the_smallest_and_a_very_large_size(size):
    screens = [
        ("number_sign", "Figures ·"),
        ("t", "Timeline ·"),
        ("s", "Speakers ·"),
        ("r", "Relations ·"),
        ("question_mark", "Keys"),
        ("F", "Filter the claims"),
        ("ctrl+p", "Search for commands"),
    ]
    async with running(size=size, at_list=True) as (app, pilot):
        for key, title in screens:
            await pilot.press(key)
            await settle(pilot)
            text = screen_text(app)
            assert title in text, (key, text)
            assert [cell_len(line) for line in text.splitlines()] == [size[0]] * size[1]
            await pilot.press("escape")
            await settle(pilot)
            assert "61 claims" in screen_text(app)


async def test_help_names_keys_that_type_a_character_by_that_character():
    """`$` (the source pane's sentence end), not its name, dollar_sign."""
    async with running(at_list=True, size=(120, 200)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        text = pane_text(app, "#help-dialog")
        assert "dollar_sign" not in text and "question_mark" not in text
        assert re.search(r" \$ +Selection: to the sentence's end", text), text
