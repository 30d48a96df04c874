"""The analyst views and the filters, driven with Pilot: keys in, screen text out."""

from __future__ import annotations

from textual.widgets import OptionList

from dossier.ui.screens import FilterMenu
from dossier.ui.sourceview import SourceView
from dossier.ui.views import BAR_WIDTH, FiguresView, RelationsView, SpeakersView, TimelineView
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
from .support import UPDATED_DOSSIER


def filter_line(app) -> str:
    """The line under the search bar, where active filters are shown."""
    return screen_text(app).splitlines()[1].strip()


def status_line(app) -> str:
    return screen_text(app).splitlines()[0]


def view_rows(app) -> list[str]:
    """The rows of the view on screen, as text, headings included."""
    return [option.prompt.plain for option in app.screen.query_one("#view-list", OptionList).options]


async def highlight_row(pilot, starting: str) -> None:
    """Move down the rows of the view (or menu) until the highlighted one starts with `starting`."""
    rows = pilot.app.screen.query_one(OptionList)
    for _ in range(rows.option_count):
        if rows.highlighted_option is not None and rows.highlighted_option.prompt.plain.startswith(starting):
            return
        await pilot.press("j")
    raise AssertionError(f"no row starts with {starting!r}")


async def test_rows_show_how_many_sources_carry_each_claim_and_one_key_keeps_single_source_ones():
    async with running(size=(160, 45)) as (app, pilot):
        rows = pane_text(app, "#results")
        assert "✓ 3× South Korea's" in rows  # confirmed, carried by three reports
        assert "• 1× Ukrainian troops have" in rows
        app.main.open_claim("nis-confirms-capture")
        await settle(pilot)
        claim = pane_text(app, "#claim")
        assert "carried by 3 sources: nk-pow-report-a (Newsweek), nk-pow-report-b, nk-pow-report-c" in claim
        await press(pilot, "1")
        assert filter_line(app) == "Filtered: resting on one source only   x clears"
        assert "52 of 61 claims" in status_line(app)
        assert len(results_ids(app)) == 52
        assert "claim:nis-confirms-capture" not in results_ids(app)
        await press(pilot, "1")  # again: all of them
        assert len(results_ids(app)) == 61 and "Filtered" not in screen_text(app)


async def test_sort_by_sources_lists_the_best_corroborated_first_and_x_restores_the_order():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "o")
        assert results_ids(app)[:3] == [
            "claim:nis-confirms-capture",
            "claim:nis-real-time-sharing",
            "claim:zelensky-3000-lost",
        ]
        assert filter_line(app) == "Sorted: most sources first (o)   x clears"
        # Sorted across dossiers, with no dossier headings: each row names its dossier.
        first_row = app.query_one(ResultList).options[0].prompt.plain
        assert first_row.startswith("✓ 3× South Korea's") and first_row.endswith("[captured-soldier]")
        await press(pilot, "o")
        assert results_ids(app)[-1] == "claim:zelensky-3000-lost"  # fewest first: the 3-source ones last
        await press(pilot, "x")
        assert results_ids(app)[0] == "claim:yonhap-first-prisoner"
        assert "Sorted" not in filter_line(app)


async def test_claim_pane_spells_out_the_attribution_chain_of_each_piece_of_evidence():
    async with running(size=(160, 45)) as (app, pilot):
        app.main.open_claim("telegram-photos-unverified")
        await settle(pilot)
        assert "said by Tiskoarhyvy → via Militarnyi → reported by Newsweek" in pane_text(app, "#claim")
        app.main.open_claim("osintdefender-relays-nis")
        await settle(pilot)
        assert (
            "said by South Korea's National Intelligence Service → via OSINTdefender"
            " → reported in “Ukrainian special forces capture a North Korean soldier”"
        ) in " ".join(option.prompt.plain for option in app.query_one(ClaimView).options)


async def test_superseded_claim_is_marked_in_its_pane_and_in_the_rows_that_show_it(tmp_path):
    library_with(tmp_path, UPDATED_DOSSIER)
    async with running(tmp_path) as (app, pilot):
        assert "↷ 1× The ministry said" in pane_text(app, "#results")
        app.main.open_claim("first")
        await settle(pilot)
        assert "↷ superseded by A later count replaces it." in pane_text(app, "#claim")
        app.main.open_claim("later")
        await settle(pilot)
        relations = [option.prompt.plain for option in app.query_one(ClaimView).options if option.id]
        assert "→ updates ↷ 1× The ministry said 1,200 people were evacuated." in " ".join(relations)
        await press(pilot, "r")
        assert "Updates · 1" in view_rows(app)


async def test_figures_sit_side_by_side_with_bars_where_units_agree_and_enter_opens_the_claim():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "number_sign")
        assert isinstance(app.screen, FiguresView)
        text = screen_text(app)
        assert "Figures · 5 quantities, 7 figures · largest first (d: by date) · all 61 claims" in text
        assert "nk-casualties · 2 claims · bars compare soldiers" in text
        rows = [row for row in view_rows(app)]
        casualties = rows[rows.index(next(r for r in rows if r.startswith("nk-casualties ·"))) + 1 :][:2]
        # The two contradict each other: each is marked ≠.
        assert [row.split()[1:4] for row in casualties] == [["≠", "3,000", "about"], ["≠", "1,100", "exactly"]]
        bars = [row.count("█") for row in casualties]
        assert bars[0] == BAR_WIDTH and 0 < bars[1] < bars[0]
        assert "Seoul" in casualties[1] and "2024-12-23" in casualties[1] and "nk-pow-report-b" in casualties[1]
        await highlight_row(pilot, "• ≠  1,100")
        assert "“On the same day, Seoul reported “1,100 North Korean dead or injured.”" in flat(
            screen_text(app).split("────")[-1]
        )
        await press(pilot, "enter")
        assert not isinstance(app.screen, FiguresView)
        assert app.main.place.claim_id == "seoul-1100-dead-or-injured"
        source = app.query_one(SourceView)
        assert source.border_title == "nk-pow-report-b" and source.cited == "nk-pow-report-b#p7"
        await press(pilot, "b")  # back where the reader was before the jump
        assert app.main.place.claim_id == "yonhap-first-prisoner"


async def test_timeline_orders_claims_by_date_undated_last_and_enter_jumps():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "t")
        assert isinstance(app.screen, TimelineView)
        headings = [row for row in view_rows(app) if row[:4].isdigit() or row.startswith("Undated")]
        assert headings == [
            "2024-12-23 Monday · 2 claims",
            "2024-12-24 Tuesday · 1 claim",
            "2024-12-26 Thursday · 2 claims",
            "2024-12-27 Friday · 11 claims",
            "Undated · 45 claims with no date given",
        ]
        assert "peace-talks" in screen_text(app)  # across dossiers
        await highlight_row(pilot, "Slovakia")
        await press(pilot, "enter")
        assert app.main.place.claim_id == "slovakia-to-host-talks"


async def test_speakers_view_filters_the_claims_to_one_speaker_and_x_clears_it():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "s")
        assert isinstance(app.screen, SpeakersView)
        assert view_rows(app)[0].split() == [
            *["South", "Korea's", "National", "Intelligence", "Service"],
            "6",
            "captured-soldier",
        ]
        await highlight_row(pilot, "Militarnyi")
        assert view_rows(app)[1].split()[:3] == ["Militarnyi", "4", "1"]  # said 4, relayed 1: 5 in all, the second most
        await press(pilot, "enter")
        assert filter_line(app) == "Filtered: said or relayed by Militarnyi   x clears"
        assert results_ids(app) == [
            "claim:captured-by-special-forces",
            "claim:sof-operation-in-kursk-sector",
            "claim:sof-seized-equipment",
            "claim:telegram-photos-unverified",
            "claim:militarnyi-first-if-confirmed",
        ]
        await type_query(pilot, "photos")  # search composes with the filter
        assert results_ids(app) == ["claim:telegram-photos-unverified"]
        assert "1 of 61 claims" in status_line(app)
        await press(pilot, "escape", "x")  # leave the box, clear the filters: the query stays
        assert query_box(app).value == "photos" and "Filtered" not in screen_text(app)
        assert len(results_ids(app)) > 1


async def test_relations_view_lists_each_relation_once_and_opens_the_claim_that_names_the_other():
    async with running(at_list=True, size=(160, 45)) as (app, pilot):
        await press(pilot, "r")
        assert isinstance(app.screen, RelationsView)
        rows = view_rows(app)
        assert [row for row in rows if "·" in row and not row.startswith(("•", "↷", "✓"))] == [
            "Contradicts · 3",
            "Supports · 12",
        ]
        assert sum("↔ contradicts" in row for row in rows) == 1  # a mutual pair, once
        assert "→ contradicts" in rows[1] and "• 1× According to Kyiv, 12,000" in rows[1]
        await highlight_row(pilot, "• 1× According to Kyiv, 12,000")
        await press(pilot, "enter")
        assert app.main.place.claim_id == "kyiv-12000-deployed"
        assert "→ contradicts" in pane_text(app, "#claim")


async def test_filter_menu_composes_filters_and_marks_the_active_ones():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "F")
        assert isinstance(app.screen, FilterMenu)
        await highlight_row(pilot, "  nis")
        await press(pilot, "enter")
        await press(pilot, "F")
        rows = [option.prompt.plain for option in app.screen.query_one(OptionList).options]
        assert "● nis  8" in rows  # the active one is marked
        await highlight_row(pilot, "  confirmed")
        await press(pilot, "enter")
        assert filter_line(app) == "Filtered: status confirmed · tag nis   x clears"
        assert results_ids(app) == ["claim:nis-confirms-capture"]
        await press(pilot, "F")
        await highlight_row(pilot, "● confirmed")
        await press(pilot, "enter")  # chosen again: cleared
        assert filter_line(app) == "Filtered: tag nis   x clears"
        assert len(results_ids(app)) == 8 and "claim:nis-gave-no-details" in results_ids(app)


async def test_views_cover_the_claims_listed():
    async with running() as (app, pilot):
        app.main.show_dossier("peace-talks")
        await settle(pilot)
        await press(pilot, "number_sign")
        text = screen_text(app)
        assert "the 12 claims listed (peace-talks)" in text
        assert "No claim here gives a figure" in text
        await pilot.press("escape")
        await type_query(pilot, "slovakia")
        await press(pilot, "escape", "t")
        assert "the 3 claims listed (query “slovakia” · peace-talks)" in screen_text(app)
        assert len([row for row in view_rows(app) if row.startswith(("2", "Undated"))]) == 3


async def test_main_screen_keys_do_nothing_over_a_view():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "number_sign")
        footer = screen_text(app).splitlines()[-1]
        assert "esc Back" in footer and "Timeline" not in footer and "Search" not in footer
        await press(pilot, "t", "slash", "1")
        assert isinstance(app.screen, FiguresView) and len(app.screen_stack) == 2
        assert app.focused is not query_box(app) and not app.main.filters
        await press(pilot, "q")  # q closes the view, not the app
        assert len(app.screen_stack) == 1 and app.is_running


async def test_views_and_filters_from_the_command_palette():
    async with running() as (app, pilot):
        for typed, expected in [("view timeline", TimelineView), ("view relations", RelationsView)]:
            await from_palette(pilot, typed, "view ")
            assert isinstance(app.screen, expected)
            await press(pilot, "escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"nis confirmed capture")
        # A claim is marked there as in the lists: confirmed, by three sources.
        assert await wait_for(pilot, lambda: "claim   ✓ 3× South Korea's National" in screen_text(app))
        await press(pilot, "escape")
        await from_palette(pilot, "speaker john kirby", "speaker John Kirby")
        assert filter_line(app) == "Filtered: said or relayed by John Kirby   x clears"
        assert len(results_ids(app)) == 4


HOSTILE = """\
    id: notes
    title: Notes
    claims:
      - id: first
        text: "[b]Bold[/b] and \\e[31mred"
        speaker: "[i]Someone\\e[2J"
        via: ["[link=https://x.org]Relay[/link]"]
        date: 2024-01-02
        tags: [odd]
        evidence:
          - at: base-report#p1
        figure:
          what: evacuated
          value: 1200
          unit: "[red]people\\e[0m"
        contradicts: [second]
      - id: second
        text: "\\u202Ereversed"
        evidence:
          - at: base-report#p2
        figure:
          what: evacuated
          value: 600
          unit: "[red]people\\e[0m"
"""


async def test_views_and_filters_show_what_files_say_literally(tmp_path):
    library_with(tmp_path, HOSTILE)
    async with running(tmp_path, at_list=True) as (app, pilot):
        for key in ("number_sign", "t", "s", "r", "F"):
            await press(pilot, key)
            text = screen_text(app)
            assert "\x1b" not in text and "\u202e" not in text, key
            assert "␛" in text, key  # the escape shown as a stand-in
            await press(pilot, "escape")
        await press(pilot, "s")
        assert "[i]Someone␛[2J" in screen_text(app) and "[link=https://x.org]Relay[/link]" in screen_text(app)
        await press(pilot, "enter")
        assert filter_line(app) == "Filtered: said or relayed by [i]Someone␛[2J   x clears"
        assert results_ids(app) == ["claim:first"]


async def test_views_of_an_empty_library_say_there_is_nothing_to_show(tmp_path):
    async with running(tmp_path, at_list=True) as (app, pilot):
        for key, message in [
            ("number_sign", "No claim here gives a figure"),
            ("t", "Nothing to show among these claims."),
            ("s", "Nothing to show among these claims."),
            ("r", "No claim here updates, contradicts or supports another."),
        ]:
            await press(pilot, key)
            assert message in screen_text(app), key
            await press(pilot, "enter", "escape")  # nothing to open
            assert len(app.screen_stack) == 1


async def test_nothing_left_says_which_key_clears_the_filters():
    async with running() as (app, pilot):
        app.main.filter_by("speaker", "John Kirby")
        await type_query(pilot, "slovakia")
        assert results_ids(app) == []
        assert "Nothing matches. x clears the filters. Esc clears the query." in pane_text(app, "#results")
        await press(pilot, "escape", "x")
        assert results_ids(app) != []


MIXED_UNITS = """\
    id: notes
    title: Notes
    claims:
      - id: total
        text: In all, 1,200 people were evacuated.
        evidence:
          - at: base-report#p1
        figure: {what: evacuated, value: 1200, unit: people}
      - id: first-day
        text: 900 on the first day.
        evidence:
          - at: base-report#p1
        figure: {what: evacuated, value: 900, unit: people}
      - id: daily
        text: Some 5,000 a day, by another count.
        evidence:
          - at: base-report#p1
        figure: {what: evacuated, value: 5000, unit: people a day}
"""


async def test_figures_in_another_unit_get_no_bar_and_the_heading_says_so(tmp_path):
    library_with(tmp_path, MIXED_UNITS)
    async with running(tmp_path, at_list=True) as (app, pilot):
        await press(pilot, "number_sign")
        assert "evacuated · 3 claims · bars compare people; no bar for people a day" in screen_text(app)
        rows = [row for row in view_rows(app) if row.startswith("•")]
        assert [row.split()[1] for row in rows] == ["5,000", "1,200", "900"]
        assert [row.count("█") for row in rows] == [0, BAR_WIDTH, BAR_WIDTH * 3 // 4]


async def test_the_glossary_view_lists_the_terms_and_enter_searches_for_one():
    async with running(at_list=True) as (app, pilot):
        await press(pilot, "equals_sign")
        text = screen_text(app)
        assert "Glossary · 33 groups of terms, 4 aliases" in text
        assert "troops = soldiers = servicemen = fighters" in text
        await highlight_row(pilot, "NIS → National Intelligence Service")
        assert "Typing NIS finds National Intelligence Service" in flat(screen_text(app))
        await press(pilot, "enter")
        assert query_box(app).value == "NIS"
        assert results_ids(app)[0] == "claim:nis-confirms-capture"


async def test_partial_matches_sit_under_a_line_and_empty_lists_point_at_paragraphs():
    async with running() as (app, pilot):
        await type_query(pilot, "kirby expendable")
        rows = [option.prompt.plain for option in app.query_one(ResultList).options]
        assert rows[1] == "── with 1 of the 2 words ──" and len(rows) == 5
        assert "1 of 61 claims with every word, 3 with some" in status_line(app)
        await press(pilot, "escape", "escape")
        await type_query(pilot, "bzqcjmufov")  # only in a paragraph (a picture's address)
        assert "No claim matches; 1 source paragraph does: Ctrl+T searches them too." in pane_text(app, "#results")
        assert "no claim matches; 1 source paragraph does" in status_line(app)
