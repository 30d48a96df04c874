"""The reading experience (issue 18), point by point: what a reader sees on the main
screen, in the panes, the views, the help and the palette, driven with Pilot."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from dossier.ui.app import DossierApp
from dossier.ui.screens import HelpScreen
from dossier.ui.sourceview import SourceView
from dossier.ui.views import FiguresView, RelationsView, TimelineView
from dossier.ui.widgets import ClaimView, ResultList

from .app_support import (
    flat,
    from_palette,
    library_with,
    pane_text,
    press,
    query_box,
    results_ids,
    running,
    screen_text,
    settle,
    type_query,
    wait_for,
)


def whole_claims(app, selector: str = "#results") -> list[str]:
    """The ids of the claims whose whole text can be read in the pane."""
    shown = pane_text(app, selector)
    return [claim.id for claim in app.library.claims.values() if flat(claim.text) in shown]


# --- 1. the list shows claims whole ---------------------------------------------------


@pytest.mark.parametrize(("size", "at_least"), [((120, 40), 10), ((80, 24), 4), ((200, 50), 10)])
async def test_the_list_shows_claims_whole_wrapped_over_lines(size, at_least):
    async with running(size=size) as (app, _pilot):
        assert len(whole_claims(app)) >= at_least, pane_text(app, "#results")
        # A wrapped row goes on right of the marks, not under them.
        lines = screen_text(app).splitlines()
        first = next(n for n, line in enumerate(lines) if "• 1× Ukrainian troops have taken" in line)
        column = lines[first].index("Ukrainian")
        assert lines[first + 1][column - 5 : column] == "     " and lines[first + 1][column] != " "


LONG = """\
    id: notes
    title: Notes
    claims:
      - id: long
        text: "{words} and at the very end the ministry named Kherson."
        evidence:
          - at: base-report#p1
"""


async def test_a_match_far_into_a_long_claim_is_in_view(tmp_path):
    library_with(tmp_path, LONG.format(words=" ".join(["evacuation figures were revised"] * 40)))
    async with running(tmp_path) as (app, pilot):
        await type_query(pilot, "kherson")
        row = pane_text(app, "#results")
        assert "named Kherson." in row and row.count("evacuation") < 40  # cut before, around the match


async def test_plus_zooms_the_focused_pane_and_escape_or_plus_again_brings_the_three_back():
    async with running(size=(80, 24), at_list=True) as (app, pilot):
        await press(pilot, "plus")
        results = app.query_one(ResultList)
        assert results.region.height == 23 and results.region.width == 80  # all but the footer
        assert len(whole_claims(app)) >= 6
        await press(pilot, "escape")
        assert results.region.height < 23 and app.query_one(ClaimView).region.height > 0
        assert query_box(app).value == ""  # Esc took the zoom back, nothing else
        app.query_one(SourceView).focus()
        await press(pilot, "plus")
        assert app.query_one(SourceView).region.height == 23
        await press(pilot, "plus")
        assert app.query_one(SourceView).region.height < 23


# --- 2. typing at once searches; Enter opens; Esc goes to the list -------------------


async def test_the_app_opens_in_the_search_box_so_typing_a_name_searches():
    async with running() as (app, pilot):
        await pilot.press(*"zelensky")  # e, l, s: keys elsewhere, letters here
        await settle(pilot)
        assert query_box(app).value == "zelensky" and len(app.screen_stack) == 1
        assert "of 61 claims" in screen_text(app)
        await press(pilot, "enter")
        assert app.focused is app.query_one(ClaimView)
        assert app.main.place.claim_id == results_ids(app)[0].partition(":")[2]
        await press(pilot, "escape")
        assert app.focused is app.query_one(ResultList)
        await press(pilot, "s")  # in the list, letters are keys
        assert "Speakers" in screen_text(app)


async def test_slash_typed_into_an_empty_box_is_taken_as_the_habit_it_is():
    async with running() as (app, pilot):
        await pilot.press("slash", *"kirby")
        await settle(pilot)
        assert query_box(app).value == "kirby"
        await pilot.press("slash")
        assert query_box(app).value == "kirby/"  # inside a query it is a character
        footer = screen_text(app).splitlines()[-1]
        assert "Zoom" not in footer and "Search" not in footer  # those keys type, here


# --- 3. Esc and / are the same in every pane; a narrowed view says so -----------------


async def test_escape_in_the_claim_or_source_pane_goes_back_to_the_list_and_slash_searches_from_any():
    async with running() as (app, pilot):
        await type_query(pilot, "slovakia host")
        await press(pilot, "enter")
        for pane in (ClaimView, SourceView):
            app.query_one(pane).focus()
            await press(pilot, "escape")
            assert app.focused is app.query_one(ResultList), pane
            assert query_box(app).value == "slovakia host"  # the query stays
        app.query_one(SourceView).focus()
        await press(pilot, "slash")
        assert app.focused is query_box(app)  # search, not find
        await press(pilot, "escape")
        await press(pilot, "escape")  # in the list: clears the query
        assert query_box(app).value == ""


async def test_a_view_narrowed_by_a_leftover_query_says_so_and_a_covers_every_claim():
    async with running() as (app, pilot):
        await type_query(pilot, "slovakia")
        await press(pilot, "escape", "number_sign")
        text = flat(screen_text(app))
        assert "No claim here gives a figure" in text
        assert "The query or filters leave out the rest: a covers all 61 claims." in text
        assert "a All claims" in screen_text(app).splitlines()[-1]
        await press(pilot, "a")
        title = screen_text(app).splitlines()[0]
        assert "Figures · 5 quantities, 7 figures" in title and "all 61 claims · a: only the 3 listed" in title
        await press(pilot, "a")
        assert "the 3 claims listed" in screen_text(app).splitlines()[0]


async def test_a_view_of_every_claim_has_no_a_key():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "number_sign", "a")
        footer = screen_text(app).splitlines()[-1]
        assert "All claims" not in footer and "all 61 claims" in screen_text(app).splitlines()[0]


# --- 4. "cited by N" counts claims everywhere ------------------------------------------


async def test_cited_by_counts_claims_in_the_source_pane_and_in_the_backlinks():
    async with running() as (app, pilot):
        ref = "nk-pow-report-a#p13"  # quoted by several pieces of evidence of fewer claims
        claims = app.library.citing_claims(ref)
        assert len(app.library.citing(ref)) >= len(claims) >= 2
        app.main.open_paragraph(ref)
        await settle(pilot)
        assert f"p13 · cited by {len(claims)} claims" in pane_text(app, "#source")
        assert f"Cited by {len(claims)} claims" in pane_text(app, "#claim")


# --- 5. find in a source stays with the source ----------------------------------------


async def find(pilot, text: str) -> None:
    await pilot.press("ctrl+f", *text, "enter")
    await settle(pilot)


async def test_a_find_belongs_to_its_source_and_counts_one_match_as_one():
    async with running() as (app, pilot):
        source = app.query_one(SourceView)
        source.focus()
        await find(pilot, "zzqx")
        assert "find “zzqx”: no match" in screen_text(app)
        app.main.open_claim("slovakia-to-host-talks")  # another source
        await settle(pilot)
        assert "find" not in (source.border_subtitle or "") and "zzqx" not in screen_text(app)
        source.focus()
        await find(pilot, "bratislava" if "bratislava" in source_text(app) else "meanwhile")
        assert "1/1 match ·" in screen_text(app) and "matches" not in screen_text(app)


def source_text(app) -> str:
    return " ".join(paragraph.text.lower() for paragraph in app.query_one(SourceView).paragraphs)


async def test_a_find_that_stops_matching_puts_the_cursor_back_where_it_started():
    async with running() as (app, pilot):
        source = app.query_one(SourceView)
        source.focus()
        await settle(pilot)
        start = source.cursor
        await pilot.press("ctrl+f", *"yonhap")
        await settle(pilot)
        moved = source.cursor
        await pilot.press(*"qqq")  # now "yonhapqqq": nothing
        await settle(pilot)
        assert "no match" in screen_text(app) and source.cursor == start
        assert moved != start or "yonhap" in source.paragraphs[start].text.lower()


# --- 6. the views keep what matters ---------------------------------------------------


async def test_figures_at_80_columns_drop_the_bar_before_the_date_and_the_sources():
    async with running(size=(80, 24), at_list=True) as (app, pilot):
        await press(pilot, "number_sign")
        header = screen_text(app).splitlines()[1].split()
        assert header == ["value", "bound", "unit", "speaker", "date", "sources"]
        assert "█" not in screen_text(app)
        row = next(line for line in screen_text(app).splitlines() if "1,100" in line)
        assert "2024-12-23" in row and "nk-pow-report-b" in row
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        assert "█" in screen_text(app)  # room again: the bars come back


async def test_figures_that_contradict_are_marked_and_d_orders_them_by_date(tmp_path):
    library_with(
        tmp_path,
        """\
        id: notes
        title: Notes
        claims:
          - id: later-count
            text: A later count gave 1,200.
            date: 2024-01-03
            evidence: [{at: base-report#p1}]
            figure: {what: evacuated, value: 1200, unit: people}
            contradicts: [first-count]
          - id: first-count
            text: The first count gave 900.
            date: 2024-01-01
            evidence: [{at: base-report#p1}]
            figure: {what: evacuated, value: 900, unit: people}
          - id: third-count
            text: A third count gave 1,000.
            date: 2024-01-02
            evidence: [{at: base-report#p1}]
            figure: {what: evacuated, value: 1000, unit: people}
        """,
    )
    async with running(tmp_path, at_list=True) as (app, pilot):
        await press(pilot, "number_sign")

        def rows() -> list[tuple[str, str]]:
            found = []
            for line in screen_text(app).splitlines():
                for value in ("1,200", "1,000", "900"):
                    if f" {value} " in line:
                        found.append((value, "≠" if "≠" in line else ""))
            return found

        assert rows() == [("1,200", "≠"), ("1,000", ""), ("900", "≠")]
        assert "≠ contradicts another here" in screen_text(app)
        assert "≠ contradicts • 1× The first count gave 900." in flat(screen_text(app))  # the preview
        await press(pilot, "d")
        assert [value for value, _ in rows()] == ["900", "1,000", "1,200"]
        assert "by date (d: by value)" in screen_text(app).splitlines()[0]


async def test_relations_at_200_columns_show_both_claims_whole():
    async with running(size=(200, 50), at_list=True) as (app, pilot):
        await press(pilot, "r")
        assert isinstance(app.screen, RelationsView)
        shown = flat(screen_text(app))
        pairs = [(relation.claim, relation.other) for relation in app.screen.relations]
        visible = [pair for pair in pairs if flat(pair[0].text) in shown]
        assert len(visible) >= 6
        assert all(flat(other.text) in shown for _, other in visible)


async def test_a_view_opened_again_starts_on_the_row_it_was_left_on():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "t")
        view_list = app.screen.query_one("#view-list", OptionList)
        while "slovakia-to-host-talks" not in (view_list.highlighted_option.id or ""):
            await press(pilot, "j")
        await press(pilot, "escape", "t")
        assert isinstance(app.screen, TimelineView)
        assert app.screen.query_one("#view-list", OptionList).highlighted_option.id == "claim:slovakia-to-host-talks"


# --- 7. the help scrolls with the list keys; footers fit --------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_help_scrolls_with_j_k_g_G_keeps_its_hint_in_view_and_indents_wrapped_lines(size):
    async with running(size=size, at_list=True) as (app, pilot):
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "j k ↑↓ PgUp PgDn g G to scroll · Esc to close" in screen_text(app)
        scroll = app.screen.query_one("HelpScroll")
        await press(pilot, "j", "j")
        assert scroll.scroll_y == 2
        await press(pilot, "k")
        assert scroll.scroll_y == 1
        await press(pilot, "G")
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        assert "Esc to close" in screen_text(app)
        await press(pilot, "g")
        assert scroll.scroll_y == 0
        if size[0] == 80:  # a description that wraps goes on under itself
            lines = screen_text(app).splitlines()
            row = next(n for n, line in enumerate(lines) if "Command palette: jump" in line)
            column = lines[row].index("Command palette")
            assert lines[row + 1][column - 1] == " " and lines[row + 1][column] != " "


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_footer_fits_in_every_pane(size):
    wanted = {
        "#query": ["^c Quit", "esc The list"],
        "#results": ["^c Quit", "/ Search", "? Keys", "+ Zoom"],
        "#claim": ["^c Quit", "/ Search", "? Keys", "+ Zoom"],
        "#source": ["⏎ Citing claims", "^f Find", "^c Quit", "/ Search", "? Keys", "+ Zoom"],
    }
    async with running(size=size) as (app, pilot):
        for selector, labels in wanted.items():
            app.query_one(selector).focus()
            await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert all(label in footer for label in labels) and footer.rstrip().endswith("^p palette"), footer


# --- 8. Ctrl+C quits ----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["search box", "list", "view"])
async def test_ctrl_c_quits_from_anywhere(where):
    async with running(at_list=where != "search box") as (app, pilot):
        if where == "view":
            await press(pilot, "r")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running and app.return_code == 0


async def test_q_over_a_dialog_or_the_too_small_note_does_not_quit():
    async with running(at_list=True) as (app, pilot):
        await pilot.resize_terminal(30, 8)
        await settle(pilot)
        await press(pilot, "q")
        assert app.is_running


# --- 9. ids can be found and opened ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "appears", "opens"),
    [
        ("zelensky-3000-lost", "Zelensky put North Korea's losses", ("claim", "zelensky-3000-lost")),
        ("nk-pow-report-b", "· nk-pow-report-b", ("paragraph", "nk-pow-report-b#p1")),
        ("newsweek", "· nk-pow-report-a · Newsweek", ("paragraph", "nk-pow-report-a#p1")),
        ("captured-soldier", "dossier The captured soldier · captured-soldier", ("dossier", "captured-soldier")),
    ],
)
async def test_the_palette_finds_ids_titles_and_publishers(typed, appears, opens):
    async with running() as (app, pilot):
        await from_palette(pilot, typed, appears)
        kind, key = opens
        if kind == "claim":
            assert app.main.place.claim_id == key
        elif kind == "paragraph":
            assert app.main.place.paragraph == key
        else:
            assert app.main.filters.dossier == key


async def test_the_palette_lists_textuals_own_commands_last_under_app():
    async with running() as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await wait_for(pilot, lambda: len(app.screen.query_one(OptionList).options) > 10)
        kinds = [option.prompt.plain.split()[0] for option in app.screen.query_one(OptionList).options]
        assert "app" in kinds and kinds.index("app") > max(i for i, kind in enumerate(kinds) if kind != "app")


@pytest.mark.parametrize(
    ("start", "focused", "place"),
    [
        ("nk-pow-report-c#p18", SourceView, ("paragraph", "nk-pow-report-c#p18")),
        ("kirby-massed-assaults", ClaimView, ("claim", "kirby-massed-assaults")),
        ("zelensky-nearly-3000", ClaimView, ("claim", "zelensky-3000-lost")),  # an id it had
        ("nk-pow-report-b", SourceView, ("paragraph", "nk-pow-report-b#p1")),
    ],
)
async def test_the_app_opens_at_an_id(start, focused, place):
    app = DossierApp([], watch_interval=None, start=start)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, focused)
        kind, key = place
        if kind == "paragraph":
            source = app.query_one(SourceView)
            assert app.main.place.paragraph == key and source.paragraphs[source.cursor].ref == key
            paragraph_id = key.partition("#")[2]
            assert f"{paragraph_id} · " in pane_text(app, "#source")
        else:
            assert app.main.place.claim_id == key
            assert f"claim:{key}" in results_ids(app)


# --- 10. backlinks open at the paragraph you came from; palette jumps show in the list -----


async def test_a_claim_opened_from_the_backlinks_shows_the_evidence_that_cites_the_paragraph():
    async with running() as (app, pilot):
        claim = next(c for c in app.library.claims.values() if len({e.at for e in c.evidence}) > 1)
        ref = claim.evidence[-1].at
        assert claim.evidence[0].at != ref
        app.main.open_paragraph(ref)
        await settle(pilot)
        claims = app.query_one(ClaimView)
        claims.focus()
        claims.highlighted = claims.get_option_index(f"claim:{claim.id}")
        await press(pilot, "enter")
        assert app.main.place.claim_id == claim.id
        assert app.query_one(SourceView).cited == ref
        assert claims.highlighted_option.id == f"evidence:{len(claim.evidence) - 1}"


async def test_a_jump_from_the_palette_lists_the_claim_it_opens():
    async with running() as (app, pilot):
        await type_query(pilot, "slovakia")
        assert "claim:kirby-massed-assaults" not in results_ids(app)
        await from_palette(pilot, "kirby massed dismounted", "Kirby described the North Korean offensive")
        assert app.main.place.claim_id == "kirby-massed-assaults"
        assert query_box(app).value == ""
        assert app.query_one(ResultList).highlighted_option.id == "claim:kirby-massed-assaults"
        assert "The query is cleared" in screen_text(app)


# --- 12. the smaller points ---------------------------------------------------------------


async def test_the_filter_and_sort_lines_start_in_the_same_column():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "o")
        sorted_line = screen_text(app).splitlines()[1]
        await press(pilot, "x", "1")
        filtered_line = screen_text(app).splitlines()[1]
        assert sorted_line.index("Sorted:") == filtered_line.index("Filtered:") == 1
        await press(pilot, "o")
        both = screen_text(app).splitlines()[1]
        assert "Filtered: resting on one source only   Sorted: most sources first (o)   x clears" in both


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_panes_keep_their_columns_when_the_filter_line_appears(size):
    async with running(size=size, at_list=True) as (app, pilot):
        panes = ("#results", "#claim", "#source")
        before = [(app.query_one(pane).region.x, app.query_one(pane).region.width) for pane in panes]
        await press(pilot, "1")
        assert "Filtered" in screen_text(app)
        assert [(app.query_one(pane).region.x, app.query_one(pane).region.width) for pane in panes] == before


async def test_g_in_the_source_pane_keeps_the_source_title_in_view():
    async with running() as (app, pilot):
        source = app.query_one(SourceView)
        source.focus()
        title = app.library.sources["nk-pow-report-a"].title
        await press(pilot, "G")
        assert title not in pane_text(app, "#source")
        await press(pilot, "g")
        assert title in pane_text(app, "#source") and source.cursor == 0


async def test_the_figures_view_is_one_key_from_the_list_and_closes_with_q():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "number_sign")
        assert isinstance(app.screen, FiguresView)
        await press(pilot, "q")
        assert len(app.screen_stack) == 1 and app.is_running
