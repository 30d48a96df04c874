"""A library loaded again after its files change reads only the files that changed, and
gives exactly what loading every file anew gives: the claims, their evidence anchored or
not, their links, every problem, and the same search results."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier.cli.report import export
from dossier.library.choices import Order, Scope
from dossier.search.index import SearchIndex
from dossier.search.query import Filters
from dossier.session import cache
from dossier.store import files, loader
from dossier.store.loader import load_library

from .support import REPO

QUERIES = ["", "kirby", "zelensky 3000", "soldier captured", "slovakia talks", "!kursk troops", "speaker:nis", "said"]
SEARCHES = [
    (Scope.CLAIMS, Filters(), Order.RELEVANCE),
    (Scope.EVERYTHING, Filters(), Order.RELEVANCE),
    (Scope.CLAIMS, Filters(), Order.MOST_SOURCES),
    (Scope.EVERYTHING, Filters(single_source=True), Order.FEWEST_SOURCES),
    (Scope.CLAIMS, Filters(speaker="zelensky", status="reported"), Order.RELEVANCE),
    (Scope.PARAGRAPHS, Filters(dossier="peace-talks"), Order.RELEVANCE),
]

NEW_DOSSIER = """\
id: added
title: Added later
claims:
  - id: added-claim
    text: Zelensky said something the reports quote.
    evidence:
      - at: nk-pow-report-c#p18
        quote: Slovakia, meanwhile, confirmed on Friday
    supports: [slovakia-to-host-talks]
"""


def snapshot(library, index):
    """What a reader can see of a library: the export, the problems, the anchoring of each
    piece of evidence, the links, and what searches find."""
    anchoring = {
        claim.id: [(evidence.at, evidence.anchored, evidence.quote_span) for evidence in claim.evidence]
        for claim in library.claims.values()
    }
    links = {claim.id: [(link.kind, link.target) for link in claim.links] for claim in library.claims.values()}
    found = {}
    for query in QUERIES:
        for number, search in enumerate(SEARCHES):
            results = index.search(query, *search)
            found[query, number] = [(hit.key, hit.score, hit.words) for hit in results.hits] + [results.describe()]
    citations = {ref: [claim.id for claim, _ in cited] for ref, cited in library.citations.items()}
    return (
        json.loads(export(library, "json")),
        [str(problem) for problem in library.problems],
        anchoring,
        links,
        found,
        citations,
        sorted(library.former_ids.items()),
    )


def edit(path, old, new):
    if not path.exists():  # removed by an earlier step
        return
    text = path.read_text("utf-8")
    if old in text:
        path.write_text(text.replace(old, new, 1), "utf-8")


OPERATIONS = {
    "claim text": lambda root: edit(
        root / "dossiers" / "peace-talks.yaml", "Slovakia said that it would host", "Slovakia said it would host"
    ),
    "quote broken": lambda root: edit(
        root / "dossiers" / "casualty-estimates.yaml", "estimated that they have lost", "estimated they had lost"
    ),
    "paragraph edited": lambda root: edit(
        root / "sources" / "nk-pow-report-c.yaml",
        "confirmed on Friday that it would host",
        "confirmed on Friday it would host",
    ),
    "dossier added": lambda root: (root / "dossiers" / "added.yaml").write_text(NEW_DOSSIER, "utf-8"),
    "dossier removed": lambda root: (root / "dossiers" / "captured-soldier.yaml").unlink(missing_ok=True),
    "linked dossier removed": lambda root: (root / "dossiers" / "peace-talks.yaml").unlink(missing_ok=True),
    "linked dossier restored": lambda root: shutil.copy(
        REPO / "content" / "dossiers" / "peace-talks.yaml", root / "dossiers" / "peace-talks.yaml"
    ),
    "source removed": lambda root: (root / "sources" / "nk-pow-report-a.yaml").unlink(missing_ok=True),
    "source restored": lambda root: shutil.copy(
        REPO / "content" / "sources" / "nk-pow-report-a.yaml", root / "sources" / "nk-pow-report-a.yaml"
    ),
    "claim id taken twice": lambda root: (root / "dossiers" / "twice.yaml").write_text(
        NEW_DOSSIER.replace("id: added\n", "id: twice\n").replace("added-claim", "kirby-massed-assaults"), "utf-8"
    ),
    "claim id given back": lambda root: (root / "dossiers" / "twice.yaml").unlink(missing_ok=True),
    "yaml broken": lambda root: edit(root / "dossiers" / "peace-talks.yaml", "claims:", "claims: ["),
    "yaml fixed": lambda root: edit(root / "dossiers" / "peace-talks.yaml", "claims: [", "claims:"),
    "glossary changed": lambda root: edit(root / "glossary.yaml", "terms:", "terms:\n  - words: [talks, negotiations]"),
}


@pytest.fixture
def no_racy_window(monkeypatch):
    """Files written by a test are all seconds old: let the loader take them as unchanged
    (the file system here keeps nanoseconds, so an edit always changes the stamp)."""
    monkeypatch.setattr(loader, "RACY_NANOSECONDS", 0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(sorted(OPERATIONS)), min_size=1, max_size=6))
# What an earlier assembly dropped must come back: a link whose target returns, a claim
# whose id is free again, a quote whose paragraph is restored.
@example(steps=["dossier added", "linked dossier removed", "linked dossier restored"])
@example(steps=["claim id taken twice", "claim id given back"])
@example(steps=["source removed", "source restored", "quote broken"])
def test_any_sequence_of_changes_gives_what_a_cold_load_gives(tmp_path_factory, no_racy_window, steps):
    root = tmp_path_factory.mktemp("library")
    shutil.copytree(REPO / "content", root, dirs_exist_ok=True)
    library = load_library([root])
    index = SearchIndex(library)
    for step in steps:
        before = {path: stamp for path, (stamp, _) in library.read_files.items()}
        OPERATIONS[step](root)
        again = load_library([root], previous=library)
        again_index = SearchIndex(again, previous=index)
        cold = load_library([root])
        assert snapshot(again, again_index) == snapshot(cold, SearchIndex(cold)), step
        changed = [path for path in again.files if before.get(path) != again.read_files[path][0]]
        assert again.reread == changed, step  # only what changed was read
        assert again.stamp == files.library_stamp([root])  # the look it took at the files, as the cache keeps it
        library, index = again, again_index


def test_an_unchanged_library_reads_nothing_and_keeps_the_paragraphs_index(tmp_path, no_racy_window):
    shutil.copytree(REPO / "content", tmp_path, dirs_exist_ok=True)
    library = load_library([tmp_path])
    index = SearchIndex(library)
    part = index.paragraph_part()
    again = load_library([tmp_path], previous=library)
    assert again.reread == []
    assert SearchIndex(again, previous=index).paragraphs_indexed is part
    OPERATIONS["claim text"](tmp_path)
    edited = load_library([tmp_path], previous=again)
    assert [p.rsplit("/", 2)[-2:] for p in edited.reread] == [["dossiers", "peace-talks.yaml"]]
    edited_index = SearchIndex(edited, previous=index)
    assert edited_index.paragraphs_indexed is part  # no source changed
    assert len(edited_index._segments) == 2  # the claims indexed before, and the edited file's
    OPERATIONS["paragraph edited"](tmp_path)
    source_edited = load_library([tmp_path], previous=edited)
    assert SearchIndex(source_edited, previous=index).paragraphs_indexed is None  # indexed anew when asked


def test_a_stale_cache_gives_the_unchanged_files(tmp_path, no_racy_window, monkeypatch):
    shutil.copytree(REPO / "content", tmp_path / "library", dirs_exist_ok=True)
    root = tmp_path / "library"
    first = cache.load([root])
    assert not first.from_cache and len(first.library.reread) == len(first.library.files)
    OPERATIONS["claim text"](root)
    second = cache.load([root])
    assert not second.from_cache
    assert [path.rsplit("/", 1)[-1] for path in second.library.reread] == ["peace-talks.yaml"]
    assert "Slovakia said it would host" in second.library.claims["slovakia-to-host-talks"].text
    cold = load_library([root])
    assert snapshot(second.library, second.index) == snapshot(cold, SearchIndex(cold))


def test_a_file_changed_within_the_racy_window_is_read_again(tmp_path):
    shutil.copytree(REPO / "content", tmp_path, dirs_exist_ok=True)
    library = load_library([tmp_path])
    # Just written: its stamp could hide a second change in the same clock tick.
    assert len(load_library([tmp_path], previous=library).reread) == len(library.files)


async def test_the_app_is_told_of_an_edit_and_reads_that_file_alone(tmp_path, no_racy_window):
    from dossier.ui.app import DossierApp

    from .app_support import screen_text, settle, wait_for

    shutil.copytree(REPO / "content", tmp_path, dirs_exist_ok=True)
    # Looks at the files an hour apart: what loads the edit is the system's notice.
    app = DossierApp([str(tmp_path)], watch_interval=3600)
    notes = []  # every note shown, though it goes after 3 s (a busy machine may take longer)
    notify = app.notify
    app.notify = lambda message, *args, **kwargs: notes.append(message) or notify(message, *args, **kwargs)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        OPERATIONS["claim text"](tmp_path)
        claim = "slovakia-to-host-talks"
        assert await wait_for(pilot, lambda: "said it would host" in app.library.claims[claim].text, seconds=20)
        assert [path.rsplit("/", 1)[-1] for path in app.library.reread] == ["peace-talks.yaml"]
        assert any(note.startswith("Read again: ") and "(1 of 7 files" in note for note in notes), notes
        assert await wait_for(pilot, lambda: "1 file read again" in screen_text(app))  # the status line says so
        assert app.main.index.search("said it would host slovakia").hits[0].key == claim


# --- one dossier file changed: assembled again from the library before ----------------------

NAMING_ACROSS = """
  - id: naming-across
    text: A claim that names one in another file.
    evidence:
      - at: nk-pow-report-c#p18
    supports: [zelensky-3000-lost]
"""


def _append(path, text):
    if path.exists() and text not in path.read_text("utf-8"):
        path.write_text(path.read_text("utf-8").rstrip("\n") + "\n" + text, "utf-8")


def _cut(path, text):
    edit(path, text, "")


NAMING_NOTHING = """
  - id: naming-nothing
    text: A claim that names no claim there is, though one is close.
    evidence:
      - at: nk-pow-report-c#p18
    supports: [zelensky-3000-lots]
"""

# Each changes one dossier file, as most edits do.
ONE_FILE = {
    "claim text": OPERATIONS["claim text"],
    "quote broken": OPERATIONS["quote broken"],
    "naming across added": lambda root: _append(root / "dossiers" / "peace-talks.yaml", NAMING_ACROSS),
    "naming across removed": lambda root: _cut(root / "dossiers" / "peace-talks.yaml", NAMING_ACROSS.rstrip("\n")),
    # Its "did you mean" changes with the ids of another file.
    "naming nothing added": lambda root: _append(root / "dossiers" / "captured-soldier.yaml", NAMING_NOTHING),
    "target renamed": lambda root: edit(
        root / "dossiers" / "casualty-estimates.yaml", "id: zelensky-3000-lost\n", "id: zelensky-3000-gone\n"
    ),
    "target restored": lambda root: edit(
        root / "dossiers" / "casualty-estimates.yaml", "id: zelensky-3000-gone\n", "id: zelensky-3000-lost\n"
    ),
    "link mistyped": lambda root: edit(
        root / "dossiers" / "peace-talks.yaml",
        "supports: [slovakia-to-host-talks]",
        "supports: [slovakia-to-host-talk]",
    ),
    "link mended": lambda root: edit(
        root / "dossiers" / "peace-talks.yaml",
        "supports: [slovakia-to-host-talk]",
        "supports: [slovakia-to-host-talks]",
    ),
    "paragraph missing": lambda root: edit(
        root / "dossiers" / "peace-talks.yaml", "at: nk-pow-report-c#p18", "at: nk-pow-report-c#p98"
    ),
    "paragraph found": lambda root: edit(
        root / "dossiers" / "peace-talks.yaml", "at: nk-pow-report-c#p98", "at: nk-pow-report-c#p18"
    ),
    "id taken from another file": lambda root: edit(
        root / "dossiers" / "peace-talks.yaml", "id: naming-across", "id: zelensky-3000-lost"
    ),
}


def _without_former_ids(root):
    """The bundled library, but for its former ids (with them, every load assembles all)."""
    shutil.copytree(REPO / "content", root, dirs_exist_ok=True)
    edit(
        root / "dossiers" / "casualty-estimates.yaml",
        "    formerly: [zelensky-nearly-3000, zelensky-more-than-3000]\n",
        "",
    )
    assert "formerly" not in (root / "dossiers" / "casualty-estimates.yaml").read_text("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(sorted(ONE_FILE)), min_size=1, max_size=8))
@example(steps=["naming across added", "target renamed", "target restored", "naming across removed"])
@example(steps=["link mistyped", "naming across added", "link mended", "target renamed"])
@example(steps=["naming across added", "id taken from another file", "target renamed"])
@example(steps=["naming nothing added", "target renamed", "target restored"])
def test_one_dossier_file_assembled_again_gives_what_a_cold_load_gives(tmp_path_factory, no_racy_window, steps):
    root = tmp_path_factory.mktemp("library")
    _without_former_ids(root)
    library = load_library([root])
    index = SearchIndex(library)
    for step in steps:
        ONE_FILE[step](root)
        again = load_library([root], previous=library)
        again_index = SearchIndex(again, previous=index)
        cold = load_library([root])
        assert snapshot(again, again_index) == snapshot(cold, SearchIndex(cold)), step
        assert sorted(map(str, again.problems)) == sorted(map(str, cold.problems)), step
        library, index = again, again_index


def test_an_edit_of_one_dossier_file_assembles_that_file_alone(tmp_path, no_racy_window, monkeypatch):
    _without_former_ids(tmp_path)
    library = load_library([tmp_path])
    assembled = []
    monkeypatch.setattr(loader, "assemble", lambda *args, **kwargs: assembled.append(args) or None)
    for step in ("claim text", "naming across added", "target renamed", "link mistyped"):
        ONE_FILE[step](tmp_path)
        library = load_library([tmp_path], previous=library)
        assert library is not None and not assembled, step  # the whole library was not assembled again
    assert "unknown claim 'slovakia-to-host-talk'" in " ".join(map(str, library.problems))
    assert "names unknown claim 'zelensky-3000-lost'" in " ".join(map(str, library.problems))


def test_the_files_the_system_names_are_the_only_ones_looked_at(tmp_path, no_racy_window, monkeypatch):
    shutil.copytree(REPO / "content", tmp_path, dirs_exist_ok=True)
    library = load_library([tmp_path])
    peace, captured = tmp_path / "dossiers" / "peace-talks.yaml", tmp_path / "dossiers" / "captured-soldier.yaml"
    walks = []
    walk = loader.discover_with_status
    monkeypatch.setattr(loader, "discover_with_status", lambda paths: walks.append(paths) or walk(paths))
    OPERATIONS["claim text"](tmp_path)
    told = load_library([tmp_path], previous=library, touched=[str(peace)])
    assert not walks and told.reread == [str(peace)]  # no look at the other files
    assert snapshot(told, SearchIndex(told)) == snapshot(
        load_library([tmp_path]), SearchIndex(load_library([tmp_path]))
    )
    assert told.stamp == files.library_stamp([tmp_path])
    # A change the system did not tell of is not seen, but the stamp says the files differ.
    edit(captured, "Zelensky said", "Zelensky stated")
    untold = load_library([tmp_path], previous=told, touched=[str(peace)])
    assert untold.reread == []  # peace-talks is as it was read; captured-soldier was not named
    assert untold.stamp != files.library_stamp([tmp_path])  # what FileWatch's looks find
    # A file the library did not hold (or one gone) means a look at them all.
    (tmp_path / "dossiers" / "added.yaml").write_text(NEW_DOSSIER, "utf-8")
    added = load_library([tmp_path], previous=untold, touched=[str(tmp_path / "dossiers" / "added.yaml")])
    assert (
        walks and "added-claim" in added.claims and "Zelensky stated" in " ".join(c.text for c in added.claims.values())
    )
