"""Pictures of the main screens at a fixed size, compared with the accepted ones in
`__snapshots__/`. After a change to the UI: `pytest tests/test_snapshots.py --snapshot-update`,
then look at what changed before committing it."""

from dossier.ui.app import DossierApp

from .app_support import filter_by, keys, make_app, open_claim, take_steps

SIZE = (120, 40)


def prepare(*steps):
    """A run_before that runs `steps` once the library has loaded."""

    async def run_before(pilot):
        await take_steps(pilot, steps)

    return run_before


def test_start_screen(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=prepare())


def test_search_results_with_marked_matches(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=prepare(keys("slash", *"kirby")))


def test_claim_with_many_pieces_of_evidence_and_relations(snap_compare):
    steps = prepare(open_claim("nis-confirms-capture", evidence=3))
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps)


def test_backlinks_of_a_paragraph(snap_compare):
    steps = prepare(open_claim("nis-confirms-capture", evidence=1), keys("enter"), keys("c"))
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps)


def test_find_in_source(snap_compare):
    steps = prepare(keys("escape", "tab", "tab"), keys("ctrl+f", *"korean", "enter"), keys("n"))
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps)


def test_claims_and_paragraphs_scope(snap_compare):
    steps = prepare(keys("ctrl+t"), keys("slash", *"slovakia"))
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps)


def test_narrow_terminal(snap_compare):
    steps = prepare(keys("slash", *"zelensky 3000", "enter"))
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=steps)


def test_help(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=prepare(keys("escape", "question_mark")))


def test_problems(snap_compare):
    app = make_app("tests/fixtures/base", "tests/fixtures/invalid/relations.yaml")
    assert snap_compare(app, terminal_size=SIZE, run_before=prepare(keys("escape", "p")))


def test_figures_view(snap_compare):
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=prepare(keys("escape", "number_sign"), keys("j", "j", "j"))
    )


def test_timeline_view(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=prepare(keys("escape", "t")))


def test_speakers_view(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=prepare(keys("escape", "s")))


def test_relations_view(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=prepare(keys("escape", "r"), keys("j", "j")))


def test_filter_menu(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=prepare(keys("escape", "1"), keys("F")))


def test_filtered_and_sorted_claims(snap_compare):
    steps = prepare(
        keys("slash", *"capture", "escape"), filter_by("tag", "nis"), keys("o"), open_claim("osintdefender-relays-nis")
    )
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps)


def test_no_color_draws_with_text_styles_only(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    steps = prepare(keys("slash", *"kirby"), keys("down", "tab"))
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps)


def test_start_screen_at_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=prepare())


def test_the_list_zoomed(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=prepare(keys("escape", "plus")))


def test_opened_at_a_paragraph(snap_compare):
    app = DossierApp([], watch_interval=None, start="nk-pow-report-c#p18")
    assert snap_compare(app, terminal_size=SIZE, run_before=prepare())


def test_a_terminal_too_small_for_the_panes(snap_compare):
    assert snap_compare(make_app(), terminal_size=(20, 5), run_before=prepare())
