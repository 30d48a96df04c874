"""The search file (dossier/searchfile.py): it answers every query as the library's index
does, is never used stale, and lets `dossier search` answer without loading the library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from dossier.library.choices import Order, Scope
from dossier.search import searchfile
from dossier.search.filebytes import file_bytes
from dossier.search.index import SearchIndex
from dossier.search.query import Filters
from dossier.search.searchfile import SearchFile, read_header
from dossier.session import cache
from dossier.store import loader
from dossier.store.files import bundled_library_path, files_digest, stamp_digest
from dossier.store.loader import load_library
from dossier.text.terms import fold, words

from .support import REPO, run


def _opened(tmp_path: Path, library, index) -> SearchFile:
    target = tmp_path / f"library-{len(list(tmp_path.iterdir()))}.search"
    target.write_bytes(file_bytes(library, index, {"code": "test", "paths": [], "files": [], "digests": {}}))
    header, mapped = read_header(target)
    return SearchFile(header, mapped)


def _seen(results) -> tuple:
    hits = [(hit.kind, hit.key, hit.score, hit.words) for hit in results.hits]
    return hits, results.describe(), results.complete, results.best_partial, results.claim_count, results.words


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    library = load_library([bundled_library_path()])
    index = SearchIndex(library)
    return library, index, _opened(tmp_path_factory.mktemp("bundled"), library, index)


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """A generated library after one file was edited and one claim added: its index is
    two segments, the first with a claim no longer alive (see SearchIndex._adopt)."""
    root = generate(300, tmp_path_factory.mktemp("generated") / "library", seed=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "RACY_NANOSECONDS", 0)  # the files just written are taken as they were read
        before = load_library([root])
        dossier = sorted((root / "dossiers").rglob("*.yaml"))[1]
        text = dossier.read_text("utf-8")
        text = text.replace('    text: "', '    text: "Zanzibar reworded ', 1)
        dossier.write_text(text, "utf-8")
        after = load_library([root], previous=before)
    index = SearchIndex(after, previous=SearchIndex(before))
    assert len(index._segments) == 2 and not index._alive.all()  # what this fixture is for
    return after, index, _opened(tmp_path_factory.mktemp("edited"), after, index)


def _vocabulary(library) -> list[str]:
    found = set()
    for claim in library.claims.values():
        found |= words(fold(claim.text)) | words(fold(claim.speaker or ""))
    return sorted(found)


def _query(draw, vocabulary: list[str], library) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        word = draw(st.sampled_from(vocabulary))
        kind = draw(st.sampled_from(["word", "prefix", "typo", "exact", "negated", "field", "stop", "number"]))
        if kind == "prefix":
            word = word[: draw(st.integers(1, max(1, len(word))))]
        elif kind == "typo" and len(word) > 4:
            at = draw(st.integers(1, len(word) - 2))
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == "exact":
            word = "'" + word
        elif kind == "negated":
            word = "!" + word
        elif kind == "field":
            claim = draw(st.sampled_from(list(library.claims.values())))
            field, value = draw(
                st.sampled_from(
                    [("status", claim.status[:3]), ("tag", (claim.tags or ("x",))[0]), ("speaker", claim.speaker or "")]
                )
            )
            word = f"{field}:{value.split(' ')[0]}"
        elif kind == "stop":
            word = draw(st.sampled_from(["of", "the", "in", "a"]))
        elif kind == "number":
            word = draw(st.sampled_from(["3000", "3,000", "12k", "three", "100"]))
        parts.append(word)
    return " ".join(parts)


def _filters(draw, library) -> Filters:
    claim = draw(st.sampled_from(list(library.claims.values())))
    return draw(
        st.sampled_from(
            [
                Filters(),
                Filters(dossier=claim.dossier_id),
                Filters(status=claim.status),
                Filters(tag=claim.tags[0] if claim.tags else None),
                Filters(speaker=(claim.speaker or "x").split(" ")[-1]),
                Filters(single_source=True),
            ]
        )
    )


@st.composite
def searches(draw, library):
    return _query(draw, _vocabulary(library), library), _filters(draw, library), draw(st.sampled_from(list(Order)))


@pytest.mark.parametrize("which", ["bundled", "edited"])
def test_the_file_answers_every_query_as_the_index_does(which, request):
    library, index, searched = request.getfixturevalue(which)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(searches(library))
    def check(search):
        query, filters, order = search
        assert SearchFile.answers(query, Scope.CLAIMS)
        assert _seen(searched.search(query, filters, order)) == _seen(index.search(query, Scope.CLAIMS, filters, order))

    check()


@pytest.mark.parametrize("query", ["zelensky", "troops", "NIS", "3000", "three", "captur", "kirbi", "", "!korea"])
def test_the_file_answers_named_queries_and_summarises_as_the_library(bundled, query):
    from dossier.cli.plaintext import summary

    library, index, searched = bundled
    theirs = index.search(query)
    ours = searched.search(query)
    assert _seen(ours) == _seen(theirs)
    for hit in ours.hits[:20]:
        assert searched.summary(hit) == summary(library, hit)


def test_a_phrase_or_the_paragraphs_are_left_to_the_library():
    assert SearchFile.answers('"north korean"', Scope.CLAIMS)  # its words, as any others
    assert not SearchFile.answers('\'"north korean"', Scope.CLAIMS)  # they must stand together: texts are read
    assert not SearchFile.answers('!"north korean"', Scope.CLAIMS)
    assert not SearchFile.answers("zelensky", Scope.PARAGRAPHS)
    assert not SearchFile.answers("zelensky", Scope.EVERYTHING)
    assert SearchFile.answers('speaker:"john kirby" troops', Scope.CLAIMS)


# --- the command line ----------------------------------------------------------------------


def _environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "DOSSIER_CONFIG_HOME": str(tmp_path / "config")}


def _numpy_imported(env, *argv) -> tuple[str, bool]:
    """What `dossier ARGV` prints, and whether it imported numpy to do it."""
    code = (
        "import sys, contextlib, io\n"
        "from dossier.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        f"    main({list(argv)!r})\n"
        "print(repr(out.getvalue())); print('numpy' in sys.modules)"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    printed, imported = result.stdout.strip().rsplit("\n", 1)
    return eval(printed), imported == "True"  # a repr of a str, from our own child


def test_a_search_with_a_fresh_file_loads_no_library_and_prints_the_same(tmp_path):
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    env = _environment(tmp_path)
    argv = ("search", "north korean soldiers", str(library), "--limit", "0")
    first, loaded = _numpy_imported(env, *argv)
    assert loaded  # no cache yet: the library was read, and the search file written
    assert list((tmp_path / "cache" / "dossier").glob("library-*.search"))
    again, loaded_again = _numpy_imported(env, *argv)
    assert not loaded_again
    assert again == first and "zelensky" in again
    json_first = run(*argv, "--json", env=env).stdout
    assert json_first == run(*argv, "--json", env={**env, "DOSSIER_CONFIG_HOME": str(tmp_path / "none")}).stdout


def test_a_search_after_an_edit_never_reads_the_stale_file(tmp_path):
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    env = _environment(tmp_path)
    assert run("search", "zelensky", str(library), env=env).returncode == 0
    dossier = next(library.rglob("*captured*.yaml"))
    text = dossier.read_text("utf-8")
    dossier.write_text(text.replace("Zelensky said Russian troops", "Zelensky said Quokkaland troops", 1), "utf-8")
    found = run("search", "quokkaland", str(library), env=env)
    assert found.returncode == 0 and "Quokkaland" in found.stdout
    _, loaded = _numpy_imported(env, "search", "quokkaland", str(library))
    assert not loaded  # the search file was written again with the library


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_search_file_is_ignored(tmp_path, damage):
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    env = _environment(tmp_path)
    expected = run("search", "zelensky", str(library), env=env).stdout
    (target,) = (tmp_path / "cache" / "dossier").glob("library-*.search")
    data = target.read_bytes()
    target.write_bytes({"truncated": data[: len(data) // 2], "garbage": b"\x00\xff" * 999, "empty": b""}[damage])
    again = run("search", "zelensky", str(library), env=env)
    assert again.returncode == 0 and again.stdout == expected and "Traceback" not in again.stderr
    _, loaded = _numpy_imported(env, "search", "zelensky", str(library))
    assert not loaded  # written anew by the search that could not read it


def test_the_search_file_goes_with_its_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    cache.load([library])
    (entry,) = cache.entries()
    search = entry.path.with_suffix(".search")
    assert search.exists() and entry.size == entry.path.stat().st_size + search.stat().st_size
    cache.clear()
    assert not search.exists() and not entry.path.exists()


def test_a_search_finding_nothing_in_a_large_library_is_answered_from_the_file(tmp_path):
    library = generate(1000, tmp_path / "library", seed=5)  # 5,000 paragraphs: too many to index for a hint
    env = _environment(tmp_path)
    first = run("search", "zzzqqqnothing", str(library), env=env)
    assert first.returncode == 1 and "nothing matches 'zzzqqqnothing' in 1,000 claims" in first.stderr
    _, loaded = _numpy_imported(env, "search", "zzzqqqnothing", str(library))
    assert not loaded
    again = run("search", "zzzqqqnothing", str(library), env=env)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)


def test_after_an_edit_a_large_library_is_saved_once_the_search_has_returned(tmp_path):
    library = generate(1000, tmp_path / "library", seed=6)  # large enough to be saved in the background
    env = _environment(tmp_path)
    assert run("search", "minister", str(library), env=env).returncode == 0
    _wait_until_answered_from_the_file(env, "minister", library)
    dossier = sorted((library / "dossiers").glob("*.yaml"))[0]
    time.sleep(1.1)  # a new modification time, whatever the file system's clock tick
    dossier.write_text(dossier.read_text("utf-8").replace('    text: "', '    text: "Zyxquokka ', 1), "utf-8")
    found = run("search", "zyxquokka", str(library), env=env)
    assert (found.returncode, found.stderr) == (0, "") and "Zyxquokka" in found.stdout
    _wait_until_answered_from_the_file(env, "zyxquokka", library)  # the child wrote it


def _wait_until_answered_from_the_file(env, query, library, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        printed, loaded = _numpy_imported(env, "search", query, str(library), "--limit", "1")
        if not loaded:
            assert printed
            return
        time.sleep(0.5)
    raise AssertionError(f"the search file was not written within {seconds} s")


def test_one_child_at_a_time_writes_a_library_s_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    paths = [str(tmp_path / "library")]
    first = cache._writing(paths)
    assert first is not None and first.read_text() == str(os.getpid())
    assert cache._writing(paths) is None  # this process, alive, holds it
    first.write_text("999999999")  # a writer that has gone (no such process)
    taken = cache._writing(paths)
    assert taken == first and taken.read_text() == str(os.getpid())
    cache.clear()
    assert not taken.exists()


@pytest.mark.parametrize(
    "argv",
    [("--dossier", "peace-talk"), ("--speaker", "kirbi"), ("--tag", "nope"), ("--status", "reported", "--json")],
    ids=lambda argv: " ".join(argv),
)
def test_the_file_and_the_library_say_the_same_of_filters_and_problems(tmp_path, argv):
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    dossier = next(library.rglob("peace-talks.yaml"))  # a quote no longer found: the library has a problem
    dossier.write_text(dossier.read_text("utf-8").replace("playing into the hands", "playing in the hands"), "utf-8")
    env = _environment(tmp_path)
    command = ("search", "talks", str(library), *argv)
    first = run(*command, env=env)  # the library read, the search file written
    _, loaded = _numpy_imported(env, *command)
    assert not loaded
    again = run(*command, env=env)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert first.stderr.startswith("dossier: the library has 1 problem")


def test_a_search_file_older_than_its_cache_is_written_again(tmp_path):
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    env = _environment(tmp_path)
    assert run("search", "zelensky", str(library), env=env).returncode == 0
    (search,) = (tmp_path / "cache" / "dossier").glob("library-*.search")
    older = search.read_bytes()
    dossier = next(library.rglob("*captured*.yaml"))
    dossier.write_text(dossier.read_text("utf-8").replace("Zelensky said Russian", "Zelensky said Quokka", 1), "utf-8")
    assert run("search", "quokka", str(library), env=env).returncode == 0  # both written anew
    search.write_bytes(older)  # as if that write of the search file had failed
    _, loaded = _numpy_imported(env, "search", "quokka", str(library))
    assert loaded  # the cache answered, and wrote the search file again
    printed, loaded = _numpy_imported(env, "search", "quokka", str(library))
    assert not loaded and "Quokka" in printed


def test_the_digest_of_a_load_s_look_is_the_digest_of_the_files(tmp_path):
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    (library / "more").mkdir()
    (library / "more" / "b.yaml").write_bytes((library / "glossary.yaml").read_bytes())
    loaded = load_library([library])
    assert stamp_digest([library], loaded.files, loaded.stamp) == files_digest([library])
    dossier = next(library.rglob("peace-talks.yaml"))
    dossier.write_text(dossier.read_text("utf-8") + "\n", "utf-8")
    assert stamp_digest([library], loaded.files, loaded.stamp) != files_digest([library])


def _aged(root: Path) -> None:
    """The folders under `root` as a reader's usually are: not changed for a minute."""
    past = time.time() - 60
    for folder in [root, *(path for path in root.rglob("*") if path.is_dir())]:
        os.utime(folder, (past, past))


EDITS = {
    "a file grows": lambda root: _append(next(root.rglob("peace-talks.yaml")), b"\n"),
    "a file is rewritten in place, its size the same": lambda root: _same_size(next(root.rglob("peace-talks.yaml"))),
    "a file is added": lambda root: shutil.copy(root / "glossary.yaml", root / "more" / "c.yaml"),
    "a file is added in a new folder": lambda root: _in_new_folder(root),
    "a file is removed": lambda root: (root / "more" / "b.yaml").unlink(),
    "a file is renamed": lambda root: (root / "more" / "b.yaml").rename(root / "more" / "a.yaml"),
    "a file becomes a link": lambda root: _linked(root / "more" / "b.yaml"),
}


def _append(path: Path, data: bytes) -> None:
    with open(path, "ab") as stream:
        stream.write(data)


def _same_size(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Zelensky", b"Zelenskx", 1))


def _in_new_folder(root: Path) -> None:
    (root / "newer").mkdir()
    shutil.copy(root / "glossary.yaml", root / "newer" / "d.yaml")


def _linked(path: Path) -> None:
    target = path.parent.parent.parent / "elsewhere.yaml"
    path.rename(target)
    path.symlink_to(target)


@pytest.fixture
def looked(tmp_path, monkeypatch):
    """A library whose search file was written with a look at its folders (see
    filebytes.file_bytes), and its paths."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    (library / "more").mkdir()
    (library / "more" / "b.yaml").write_bytes((library / "glossary.yaml").read_bytes())
    _aged(library)
    cache.load([library])
    paths = [str(library)]
    header, mapped = read_header(cache.search_file(paths))
    mapped.close()
    folders = {str(library), *(str(path) for path in library.rglob("*") if path.is_dir())}
    assert sorted(folder for folder, *_ in header["look"]["folders"]) == sorted(folders)
    return library, paths


def test_a_fresh_search_file_is_known_fresh_without_listing_a_folder(looked, monkeypatch):
    _, paths = looked

    def listed(path):
        raise AssertionError(f"{path} was listed")

    with monkeypatch.context() as patch:
        patch.setattr(os, "scandir", listed)
        found = searchfile.open_fresh(paths)
    assert found is not None
    found[1].close()


@pytest.mark.parametrize("edit", EDITS)
def test_any_change_to_the_files_makes_the_search_file_stale(looked, edit):
    library, paths = looked
    EDITS[edit](library)
    assert searchfile.open_fresh(paths) is None
    found = run("search", "zelensky", str(library), "--json", env={**os.environ})
    assert found.returncode in (0, 1) and "Traceback" not in found.stderr


def test_a_hidden_file_added_leaves_the_search_file_fresh(looked):
    library, paths = looked
    shutil.copy(library / "glossary.yaml", library / "more" / ".draft.yaml")  # not part of the library
    found = searchfile.open_fresh(paths)
    assert found is not None  # the folder changed: its files were listed, and found the same
    found[1].close()


def test_no_look_is_kept_of_folders_changed_a_moment_ago(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    library = tmp_path / "library"
    shutil.copytree(bundled_library_path(), library)
    (library / "more").mkdir()
    (library / "more" / "b.yaml").write_bytes((library / "glossary.yaml").read_bytes())  # a folder changed now
    cache.load([library])
    header, mapped = read_header(cache.search_file([str(library)]))
    mapped.close()
    assert "look" not in header and searchfile.open_fresh([str(library)]) is not None
