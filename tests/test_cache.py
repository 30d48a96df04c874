"""The library cache: used when fresh, rebuilt when anything it was built from changes,
and never trusted to run code or to be there at all."""

import os
import pickle
import shutil
import subprocess
import sys

import pytest

from dossier.library.choices import Scope
from dossier.session import cache
from dossier.store.files import bundled_library_path

from .support import BASE, REPO, run

CLAIM_TEXT = "Ukrainian troops have taken their first North Korean soldier prisoner, according to Yonhap."


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A copy of the bundled library, and a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "library"
    shutil.copytree(bundled_library_path(), folder)
    return folder


def test_the_second_load_comes_from_the_cache_and_is_the_same(library):
    first = cache.load([library])
    second = cache.load([library])
    assert (first.from_cache, second.from_cache) == (False, True)
    assert list(second.library.claims) == list(first.library.claims)
    assert second.index.search("kirby").hits[:2] == first.index.search("kirby").hits[:2]
    assert cache.cache_file([str(library)]).parent == library.parent / "cache" / "dossier"


def test_an_edit_is_seen_even_when_size_and_modification_time_are_kept(library):
    cache.load([library])
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace(CLAIM_TEXT, CLAIM_TEXT.replace("Yonhap", "YONHAP"))
    assert edited != text and len(edited) == len(text)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    loaded = cache.load([library])
    assert not loaded.from_cache
    assert "YONHAP" in loaded.library.claims["yonhap-first-prisoner"].text


def test_a_file_added_or_removed_rebuilds(library):
    cache.load([library])
    (library / "dossiers" / "peace-talks.yaml").unlink()
    loaded = cache.load([library])
    assert not loaded.from_cache and "peace-talks" not in loaded.library.dossiers


def test_a_corrupt_cache_is_ignored_and_rebuilt(library):
    cache.load([library])
    target = cache.cache_file([str(library)])
    target.write_bytes(target.read_bytes()[:1000])  # cut short
    loaded = cache.load([library])
    assert not loaded.from_cache and len(loaded.library.claims) == 61
    assert cache.load([library]).from_cache  # written again, whole


def test_a_planted_cache_cannot_run_code(library, tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    target = cache.cache_file([str(library)])
    target.parent.mkdir(parents=True)
    target.write_bytes(pickle.dumps(Payload()) * 2)
    loaded = cache.load([library])
    assert not marker.exists()
    assert not loaded.from_cache and len(loaded.library.claims) == 61


def test_a_new_version_of_dossier_rebuilds(library, monkeypatch):
    cache.load([library])
    monkeypatch.setattr(cache, "_code_digest", lambda: "another version")
    assert not cache.load([library]).from_cache


def test_a_cache_folder_that_cannot_be_written_is_not_fatal(library, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert not cache.write([str(library)], cache.load([library]))
    loaded = cache.load([library])
    assert not loaded.from_cache and len(loaded.library.claims) == 61
    assert list(blocker.parent.glob("**/.library-*.tmp")) == []


def test_the_paragraph_index_is_kept_once_built_and_read_only_when_needed(library):
    loaded = cache.load([library])
    assert not loaded.index.paragraphs_indexed
    expected = loaded.index.search("kursk", Scope.PARAGRAPHS).hits[:]
    assert loaded.index.paragraphs_built
    cache.write([str(library)], loaded)
    again = cache.load([library])
    assert again.from_cache and not again.index.paragraphs_indexed
    assert again.index.search("kursk", Scope.PARAGRAPHS).hits[:] == expected
    assert not again.index.paragraphs_built  # read from the cache, not built again


def test_a_cache_replaced_after_reading_is_not_read_for_the_paragraphs(library):
    loaded = cache.load([library])
    loaded.index.paragraph_part()
    cache.write([str(library)], loaded)
    again = cache.load([library])
    cache.write([str(library)], loaded)  # another dossier process wrote it meanwhile
    assert (
        again.index.search("kursk", Scope.PARAGRAPHS).hits[:5]
        == loaded.index.search("kursk", Scope.PARAGRAPHS).hits[:5]
    )
    assert again.index.paragraphs_built


def test_the_cache_is_bounded_least_recently_used_first(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    libraries = []
    for name in ("old", "middle", "new"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "base-report.yaml").write_bytes((BASE / "base-report.yaml").read_bytes())
        libraries.append(folder)
    for number, folder in enumerate(libraries):
        cache.load([folder])
        os.utime(cache.cache_file([str(folder)]), (1_000_000 + number, 1_000_000 + number))
    size_of = {entry.path: entry.size for entry in cache.entries()}  # a cache and its search file
    sizes = [size_of[cache.cache_file([str(folder)])] for folder in libraries]
    assert cache.read([str(libraries[0])]) is not None  # read: now the most recently used
    removed = cache.prune(sizes[0] + sizes[2] + 1)
    assert [entry.path for entry in removed] == [cache.cache_file([str(libraries[1])])]
    assert [entry.path for entry in cache.entries()] == [
        cache.cache_file([str(libraries[0])]),
        cache.cache_file([str(libraries[2])]),
    ]
    # A write with a limit smaller than one library keeps the one written, and only it.
    cache.write([str(libraries[1])], cache.load([libraries[1]], save=False), limit_mb=0.0001)
    assert [entry.path for entry in cache.entries()] == [cache.cache_file([str(libraries[1])])]
    assert not cache.write([str(libraries[2])], cache.load([libraries[2]], save=False), limit_mb=0)


def test_cache_command_shows_and_clears_it(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run("validate", BASE, env=env).returncode == 0
    shown = run("cache", env=env)
    assert shown.returncode == 0
    assert shown.stdout.startswith(f"folder: {tmp_path / 'cache' / 'dossier'}\n1 cached library, ")
    assert "of at most 2048 MB (cache_limit_mb)" in shown.stdout
    assert run("validate", REPO / "content", env=env).returncode == 0
    assert "\n2 cached libraries, " in run("cache", env=env).stdout
    cleared = run("cache", "--clear", env=env)
    assert cleared.stdout.startswith("dossier: removed 2 cached libraries (")
    assert list((tmp_path / "cache" / "dossier").glob("library-*")) == []


def test_the_code_digest_covers_every_package(tmp_path):
    """A cache is stale when any module of dossier changes, in whichever package it lives:
    an edit to a module inside a layer's folder changes the digest."""
    copy = tmp_path / "dossier"
    shutil.copytree(REPO / "dossier", copy, ignore=shutil.ignore_patterns("__pycache__"))
    code = "from dossier.store.freshness import code_digest; print(code_digest())"

    def digest() -> str:
        found = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert found.returncode == 0, found.stderr
        return found.stdout.strip()

    before = digest()
    for module in ("search/index.py", "ui/app.py"):
        path = copy / module
        path.write_text(path.read_text("utf-8") + "\n# changed\n", "utf-8")
        after = digest()
        assert after != before, f"an edit to dossier/{module} leaves the digest as it was"
        before = after
