"""The first screen of a large library, kept apart in the cache: what it shows of every
claim it lists is what the whole library shows, and the cache hands it over before the
rest is read."""

import os
import threading

import pytest

from dossier.library.analysis import is_superseded
from dossier.search.index import SearchIndex
from dossier.session import cache, firstscreen
from dossier.session.firstscreen import first_screen
from dossier.store.loader import load_library
from dossier.ui import render
from dossier.ui.widgets import SearchBar

from .app_support import flat, make_app, pane_text, settle
from .support import BASE, UPDATED_DOSSIER
from .test_cache import library  # noqa: F401  (the fixture)


def _citing_ids(loaded, ref):
    return [(claim.id, [evidence.at for evidence in pieces]) for claim, pieces in loaded.citing_claims(ref)]


def _shown_alike(whole, part, claim_id):
    """What the list, the claim pane and the source pane show of a claim, from both."""
    claim = whole.claims[claim_id]
    mine = part.claims[claim_id]
    assert render.claim_row(part, mine, []) == render.claim_row(whole, claim, [])
    assert is_superseded(part, mine) == is_superseded(whole, claim)
    assert [(other.id, link.kind) for other, link in part.naming(claim_id)] == [
        (other.id, link.kind) for other, link in whole.naming(claim_id)
    ]
    for link in mine.links:  # a relation names the other claim by its words
        assert part.claims[link.target].text == whole.claims[link.target].text
    assert part.dossiers[mine.dossier_id].title == whole.dossiers[claim.dossier_id].title
    for evidence in mine.evidence:
        source = whole.sources[evidence.source_id]
        assert part.sources[evidence.source_id].title == source.title
        for paragraph_id in source.paragraphs:  # every paragraph's "cited by", in the source pane
            ref = f"{source.id}#{paragraph_id}"
            assert part.paragraph(ref).text == whole.paragraph(ref).text
            assert _citing_ids(part, ref) == _citing_ids(whole, ref)


@pytest.mark.parametrize("listed", [1, 10, 30])
def test_the_first_screen_lists_whole_dossiers_and_shows_them_as_the_library_does(library, listed):  # noqa: F811
    whole = load_library([library])
    shown = first_screen(whole, listed)
    ids = list(whole.claims)
    assert shown.listed == tuple(ids[: len(shown.listed)])  # the list's first rows, in order
    assert len(shown.listed) >= listed
    last = whole.claims[shown.listed[-1]].dossier_id
    assert whole.claims[ids[len(shown.listed)]].dossier_id != last  # the last dossier whole
    assert len(shown.library.dossiers[last].claims) == len(whole.dossiers[last].claims)
    assert shown.claims == len(whole.claims)
    for claim_id in shown.listed:
        assert shown.opens(claim_id)
        _shown_alike(whole, shown.library, claim_id)


LATER_DOSSIER = """\
id: later-notes
title: Later notes
claims:
  - id: recount
    text: A recount replaces the first figure.
    evidence:
      - at: other-report#p1
    updates: [first]
"""
OTHER_REPORT = """\
id: other-report
title: Another report
paragraphs:
  - id: p1
    text: A recount gave another figure.
"""


def test_claims_of_other_dossiers_that_cite_or_name_a_listed_one_are_there(tmp_path):
    (tmp_path / "base-report.yaml").write_bytes((BASE / "base-report.yaml").read_bytes())
    (tmp_path / "a-notes.yaml").write_text(UPDATED_DOSSIER, "utf-8")
    (tmp_path / "b-later.yaml").write_text(LATER_DOSSIER, "utf-8")
    (tmp_path / "other-report.yaml").write_text(OTHER_REPORT, "utf-8")
    whole = load_library([tmp_path])
    shown = first_screen(whole, 0)
    assert shown.listed == ("first", "later")  # one dossier: the other is not listed
    for claim_id in shown.listed:
        _shown_alike(whole, shown.library, claim_id)
    assert [claim.id for claim, _ in shown.library.naming("first")] == ["later", "recount"]
    assert not shown.opens("recount")  # named and counted, not shown: its dossier is not listed
    assert shown.library.dossiers["later-notes"].claims == []


def test_a_small_library_keeps_no_first_screen(library):  # noqa: F811
    whole = load_library([library])
    assert first_screen(whole, len(whole.claims)) is None
    assert first_screen(whole) is None  # the bundled library is under LISTED claims


def test_the_cache_gives_the_first_screen_before_the_rest(library, monkeypatch):  # noqa: F811
    monkeypatch.setattr(firstscreen, "LISTED", 10)
    cache.load([library])
    order = []
    monkeypatch.setattr(cache._Unpickler, "load", _noting(cache._Unpickler.load, order))
    opened = cache.open_cached([library])
    assert len(order) == 2  # the header, then the first screen: the rest is not read yet
    loaded = opened.rest()
    assert len(order) == 3 and loaded.from_cache
    assert opened.first.listed == tuple(loaded.library.claims)[: len(opened.first.listed)]
    assert cache.load([library]).from_cache


def test_a_stale_cache_is_not_opened(library, monkeypatch):  # noqa: F811
    monkeypatch.setattr(firstscreen, "LISTED", 10)
    cache.load([library])
    path = library / "dossiers" / "captured-soldier.yaml"
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")
    assert cache.open_cached([library]) is None
    assert not cache.load([library]).from_cache


def test_a_fresh_cache_is_known_without_listing_a_folder(library, monkeypatch):  # noqa: F811
    cache.load([library])

    def no_listing(*args):
        raise AssertionError("a folder was listed")

    monkeypatch.setattr(os, "scandir", no_listing)
    assert cache.load([library]).from_cache


def test_the_look_falls_back_to_the_listing_when_a_file_is_added(library):  # noqa: F811
    cache.load([library])
    (library / "dossiers" / "added.yaml").write_text("id: added\ntitle: Added\nclaims: []\n", "utf-8")
    loaded = cache.load([library])
    assert not loaded.from_cache and "added" in loaded.library.dossiers


def whole_search(loaded, query):
    return SearchIndex(loaded).search(query).describe()


def _noting(load, order):
    def noted(self):
        found = load(self)
        order.append(("unpickled", None))
        return found

    return noted


async def test_the_app_draws_the_first_screen_then_searches_once_all_is_read(library, monkeypatch):  # noqa: F811
    """The rest of the library held back: the first screen is there, a search typed
    meanwhile waits and says so, a view waits; then the rest comes and the search runs."""
    monkeypatch.setattr(firstscreen, "LISTED", 10)
    whole = cache.load([library]).library
    rest_read = threading.Event()
    unpickle = cache._Unpickler.load

    def held(self):
        found = unpickle(self)
        if isinstance(found, tuple):  # the library and its index: after the first screen
            rest_read.wait(10)
        return found

    monkeypatch.setattr(cache._Unpickler, "load", held)
    app = make_app(library)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        for _ in range(1000):
            if app.main.first is not None or app.main.loaded:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        assert app.main.first is not None and not app.main.loaded
        first = whole.claims[app.main.first.listed[0]]
        status = flat(str(app.query_one(SearchBar).status))
        assert status == f"{len(whole.claims)} claims · reading the library…"
        assert first.id in pane_text(app, "#claim") and not app.main.loaded
        dossier = whole.dossiers[first.dossier_id]
        assert pane_text(app, "#results").startswith(f"Claims {flat(dossier.title)} {len(dossier.claims)} ")
        await pilot.press(*"kirby")
        assert "the search runs once it is read" in str(app.query_one(SearchBar).status)
        assert app.main.results.describe() == f"{len(app.main.first.listed)} claims"  # the list as it was
        await pilot.press("escape", "t")
        assert any(n.message == "Still reading the library: a moment" for n in app._notifications)
        assert len(app.screen_stack) == 1
        rest_read.set()
        await settle(pilot)
        assert app.main.loaded and app.main.first is None
        assert app.main.results.describe() == whole_search(whole, "kirby")
        assert str(app.query_one(SearchBar).status).startswith(app.main.results.describe())
