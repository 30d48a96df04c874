"""Faults while dossier runs: files broken or half-written under the app, a cache folder
that is read-only or full, `dossier import` killed mid-write. Nothing is lost, and what
was on screen stays until something better replaces it."""

from __future__ import annotations

import errno
import gzip
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dossier.session import cache
from dossier.store.loader import load_library
from dossier.store.watching import FileWatch

from .app_support import GOOD_DOSSIER, library_with, pane_text, results_ids, running, screen_text, settle, wait_for
from .support import REPO

DOSSIER = textwrap.dedent(GOOD_DOSSIER)
BROKEN = DOSSIER.replace("  - id: evacuated\n", "  - id: evacuated\n  text: [unclosed\n")


def touch(path: Path) -> None:
    """A new stamp for `path`, even on a file system with coarse times."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


# --- a file broken while the app watches it -----------------------------------------------


def test_a_file_broken_by_an_edit_is_kept_as_it_last_loaded_with_its_problems(tmp_path):
    notes = library_with(tmp_path, DOSSIER)
    before = load_library([tmp_path])
    assert before.problems == [] and before.kept == []
    notes.write_text(BROKEN, "utf-8")
    after = load_library([tmp_path], earlier=before)
    assert after.kept == [str(notes)]
    assert [claim.id for claim in after.claims.values()] == ["evacuated"]
    assert after.claims["evacuated"].evidence[0].anchored
    [problem] = after.problems
    assert (problem.path, problem.line) == (str(notes), 5) and "YAML syntax error" in problem.message
    # Still broken at the next load: still kept. Fixed: the new text, nothing kept.
    again = load_library([tmp_path], earlier=after)
    assert again.kept == [str(notes)] and list(again.claims) == ["evacuated"]
    notes.write_text(DOSSIER.replace("were evacuated.", "were moved out."), "utf-8")
    fixed = load_library([tmp_path], earlier=again)
    assert fixed.kept == [] and fixed.problems == []
    assert fixed.claims["evacuated"].text == "The ministry said 1,200 people were moved out."


def test_a_broken_source_is_kept_so_the_claims_citing_it_stay_anchored(tmp_path):
    library_with(tmp_path, DOSSIER)
    source = tmp_path / "base-report.yaml"
    before = load_library([tmp_path])
    source.write_bytes(source.read_bytes()[:40])  # caught half-written
    after = load_library([tmp_path], earlier=before)
    assert after.kept == [str(source)]
    assert "base-report" in after.sources and after.claims["evacuated"].evidence[0].anchored
    assert all(problem.path == str(source) for problem in after.problems)
    # Without the earlier library (dossier validate), the truth about the files.
    plain = load_library([tmp_path])
    assert plain.kept == [] and "base-report" not in plain.sources


def test_a_file_that_never_loaded_cleanly_is_not_kept(tmp_path):
    notes = library_with(tmp_path, BROKEN)
    before = load_library([tmp_path])
    touch(notes)
    after = load_library([tmp_path], earlier=before)
    assert after.kept == [] and "evacuated" not in after.claims


def test_a_library_with_kept_files_is_never_cached(tmp_path):
    notes = library_with(tmp_path, DOSSIER)
    first = cache.load([tmp_path])
    notes.write_text(BROKEN, "utf-8")
    kept = cache.load([tmp_path], earlier=first.library)
    assert kept.library.kept == [str(notes)]
    assert cache.write([str(tmp_path)], kept) is False
    # The cache holds the files as they are, for the command line.
    assert "evacuated" not in cache.load([tmp_path]).library.claims
    # And a cached library with problems is not taken when an earlier one is given.
    assert cache.load([tmp_path], earlier=first.library).library.kept == [str(notes)]


async def test_the_app_keeps_a_broken_file_on_screen_and_shows_its_problem(tmp_path):
    notes = library_with(tmp_path, DOSSIER)
    async with running(tmp_path, watch_interval=0.1, at_list=True) as (app, pilot):
        before = app.library
        notes.write_text(BROKEN, "utf-8")
        touch(notes)
        assert await wait_for(pilot, lambda: app.library is not before)
        await settle(pilot)
        assert results_ids(app) == ["claim:evacuated"]
        assert "1,200 people were evacuated" in pane_text(app, "#claim")
        text = screen_text(app)
        assert "1 problem (p)" in text and "1 file as last loaded" in text
        assert "Kept as before" in text
        await pilot.press("p")
        await settle(pilot)
        text = screen_text(app)
        assert f"{notes.name}:5:" in text.replace(str(tmp_path) + os.sep, "")
        assert "Shown as they last loaded, until their problems are fixed" in text
        await pilot.press("escape")
        kept = app.library
        notes.write_text(DOSSIER.replace("were evacuated.", "were moved out."), "utf-8")
        touch(notes)
        assert await wait_for(pilot, lambda: app.library is not kept)
        await settle(pilot)
        assert "were moved out." in pane_text(app, "#claim")
        assert "as last loaded" not in screen_text(app)


# --- a file half-written --------------------------------------------------------------------


def look(watch: FileWatch) -> bool:
    time.sleep(max(0.0, watch.next_look - time.monotonic()))
    return watch.changed()


def test_a_file_is_read_again_only_once_it_has_stopped_changing(tmp_path):
    notes = library_with(tmp_path, DOSSIER)
    watch = FileWatch([str(tmp_path)])
    watch.loaded(cache.library_stamp([str(tmp_path)]))
    assert look(watch) is False
    whole = DOSSIER + DOSSIER[DOSSIER.index("  - id:") :].replace("evacuated", "moved", 1)
    notes.write_text(whole[: len(whole) // 2], "utf-8")  # an editor's first write
    touch(notes)
    assert look(watch) is False  # changed, but maybe not finished
    notes.write_text(whole, "utf-8")
    touch(notes)
    assert look(watch) is False  # changed again since
    assert look(watch) is True  # the same twice: finished
    watch.loaded(cache.library_stamp([str(tmp_path)]))
    assert look(watch) is False


# --- the cache folder ----------------------------------------------------------------------


def test_a_full_disk_leaves_no_cache_and_no_temporary_file(tmp_path, monkeypatch):
    library_with(tmp_path, DOSSIER)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "dossier"
    loaded = cache.load([tmp_path], save=False)
    real_dump = cache.pickle.dump

    def dump_then_fill(value, stream, protocol=None):
        real_dump(value, stream, protocol=protocol)
        if isinstance(value, tuple):  # the library: the disk fills up in the middle
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache.pickle, "dump", dump_then_fill)
    assert cache.write([str(tmp_path)], loaded) is False
    assert not folder.exists() or list(folder.iterdir()) == []


def test_the_commands_work_when_the_cache_cannot_be_written(tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    library_with(library, DOSSIER)
    folder = tmp_path / "cache" / "dossier"

    # A real write failure: the process may not write files larger than 1 KiB (EFBIG,
    # as from a full disk), and a read-only cache folder.
    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    command = [sys.executable, "-m", "dossier", "search", "evacuated", str(library)]
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=environment, preexec_fn=limited, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert "evacuated" in result.stdout and result.stderr == ""
    assert not folder.exists() or list(folder.iterdir()) == []
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o500)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=environment, cwd=REPO)
        assert result.returncode == 0 and "evacuated" in result.stdout and result.stderr == ""
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == [] or os.geteuid() == 0  # root writes anyway


# --- dossier import, killed ----------------------------------------------------------------

# Each step of writing.replace_file, as the system calls go: the text written (killed
# half-way through), synced, given the file's mode, given a name beside the file, swapped
# with the file, and the old file removed once swapped out.
STEPS = ["os.write", "os.fsync", "os.fchmod", "writing._link_nameless", "writing._exchange", "os.remove"]


@pytest.mark.parametrize("step", STEPS)
def test_import_killed_at_any_step_leaves_the_old_file_or_the_whole_new_one(tmp_path, step):
    """`dossier import --force` over an existing file, killed (SIGKILL) at each step of
    writing: before the step, or half-way through writing the text. What is left is the
    old file, or the whole new one; and the next write leaves nothing beside it."""
    article = tmp_path / "article.txt"
    article.write_text("\n\n".join(f"Paragraph {n} of the new article." for n in range(2000)), "utf-8")
    target = tmp_path / "source.yaml"
    old = "id: old\ntitle: The old file, which must survive\nparagraphs:\n  - id: p1\n    text: Old.\n"
    target.write_text(old, "utf-8")
    # The kill comes from inside, at the chosen call, so that every step is reached.
    killer = f"""
import os, signal, sys
from dossier.write import writing
owner, name = {step!r}.split(".")
module = os if owner == "os" else writing
real = getattr(module, name)
def at_step(*args, **kwargs):
    if name == "write":  # half the text on disk, then killed
        real(args[0], bytes(args[1][: len(args[1]) // 2]))
    if name != "remove" or str(args[0]).endswith(".dossier-tmp"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(module, name, at_step)
sys.argv = ["dossier", "import", {str(article)!r}, "--id", "new", "--title", "New", "-o", {str(target)!r}, "--force"]
from dossier.cli.main import main
sys.exit(main())
"""
    result = subprocess.run([sys.executable, "-c", killer], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    text = target.read_text("utf-8")
    if step == "os.remove":  # swapped in already: the whole new file
        assert len(load_library([target]).sources["new"].paragraphs) == 2000
    else:
        assert text == old
    # Run to the end, it gives the whole new file, and removes what the killed one left.
    finished = subprocess.run(
        [sys.executable, "-m", "dossier", "import", article, "--id", "new", "--title", "New", "-o", target, "--force"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
    library = load_library([target])
    assert library.problems == [] and len(library.sources["new"].paragraphs) == 2000
    assert sorted(path.name for path in tmp_path.iterdir()) == ["article.txt", "originals", "source.yaml"]
    # The original archived whole, once, under the name the source records, and nothing beside it.
    archived = library.sources["new"].archive.file
    assert [f"originals/{path.name}" for path in (tmp_path / "originals").iterdir()] == [archived]
    assert gzip.decompress((tmp_path / archived).read_bytes()) == article.read_bytes()


def test_import_killed_at_moments_spread_over_its_write_leaves_the_old_file_or_the_new_and_nothing_beside(tmp_path):
    """From outside, as a user's Ctrl+C or a crash would: killed at moments spread over a
    long write, never a part of a file, nor a file beside it."""
    article = tmp_path / "article.txt"
    article.write_text("\n\n".join(f"Paragraph {n} of a long article." for n in range(30000)), "utf-8")
    target = tmp_path / "source.yaml"
    old = "id: old\ntitle: Old\nparagraphs:\n  - id: p1\n    text: Old.\n"
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8):
        target.write_text(old, "utf-8")
        command = ["-m", "dossier", "import", article, "--id", "new", "--title", "New", "-o", target, "--force"]
        process = subprocess.Popen([sys.executable, *command], cwd=REPO, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait()
        text = target.read_text("utf-8")
        assert text == old or (text.startswith("# Made by `dossier import`") and len(text.splitlines()) > 60000)
        assert sorted(path.name for path in tmp_path.iterdir()) == ["article.txt", "source.yaml"]


def test_a_write_killed_long_ago_leaves_no_temporary_file_for_long(tmp_path, monkeypatch):
    library_with(tmp_path, DOSSIER)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "dossier"
    folder.mkdir(parents=True)
    abandoned, running_now = folder / ".library-killed.tmp", folder / ".library-writing.tmp"
    for temporary in (abandoned, running_now):
        temporary.write_bytes(b"half a cache")
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    assert cache.write([str(tmp_path)], cache.load([tmp_path], save=False))
    assert not abandoned.exists() and running_now.exists()  # another process may be writing that one
