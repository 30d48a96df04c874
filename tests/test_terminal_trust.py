"""The installed `dossier` in a real terminal (tmux), where work could be lost: a change on
disk while the app reads a large library, a form whose write fails, Ctrl+C over a form."""

from __future__ import annotations

import re
import time

import pytest

from .support import eventually, installed_command, run, slowed
from .test_terminal import Terminal, _file_becomes, _file_leaves

SOLDIER = "dossiers/captured-soldier.yaml"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_a_change_made_while_the_app_first_reads_a_large_library_is_shown(tmp_path, size):
    """As at 100,000 claims: the library's cache opened after `dossier validate`, the first
    screen drawn, and the rest still being read (here slowed to four seconds) when a claim's
    file changes; and a look at every file taking seconds (here two), as at 27,000 files.
    The change shows once the library is read, not at the next look at the files."""
    from benchmarks.generate import generate

    library = generate(2000, tmp_path / "library", seed=5)
    assert run("validate", library).returncode == 0  # the cache, fresh
    slow = slowed(
        tmp_path / "slowed", {"dossier.session.cache:Opened.rest": 4.0, "dossier.store.files:library_stamp": 2.0}
    )
    variables = f"PYTHONPATH={slow['PYTHONPATH']}"
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=size, variables=variables) as terminal:
        terminal.wait_for("reading the library")
        terminal.keys("zebrafruit", literal=True)
        path = sorted((library / "dossiers").glob("*.yaml"))[7]
        text = path.read_text("utf-8")
        found = re.search(r"\n    text: (.*)\n", text)
        path.write_text(text[: found.start(1)] + "Zebrafruit " + text[found.start(1) :], "utf-8")
        # Read once the library is (four seconds), not at a second look at the files (40 s on).
        screen = terminal.wait_for("1 of 2,000 claims", seconds=30)
        assert "Zebrafruit" in screen
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_a_form_keeps_its_text_through_a_failed_write_and_ctrl_c_asks_first(tmp_path, library, size):
    path = library / SOLDIER
    before = path.read_bytes()
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=size) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("Escape", "Tab", "Tab")  # the source pane, on the first claim's paragraph
        terminal.keys("v", "w", "a")
        terminal.wait_for("New claim ")
        terminal.keys(" kept", literal=True)
        path.chmod(0o444)
        assert eventually(lambda: re.search(r"[Rr]ead again", terminal.screen()))  # the change of mode, heard
        terminal.keys("C-s")
        screen = terminal.wait_for("read-only (mode 444)")
        assert "Ukrainian troops kept" in screen
        assert path.read_bytes() == before
        path.chmod(0o644)
        time.sleep(1.5)
        terminal.keys("C-s")
        assert _file_leaves(path, before)
        assert "    text: Ukrainian troops kept\n" in path.read_text("utf-8")
        terminal.keys("u")
        assert _file_becomes(path, before.decode("utf-8"))
        # Ctrl+C over a form with typing: asked first, then it quits.
        terminal.keys("Escape", "Tab", "Tab", "v", "w", "a")
        terminal.wait_for("New claim ")
        terminal.keys(" unsaved", literal=True)
        terminal.keys("C-c")
        assert "Ctrl+C again quits" in terminal.wait_for("Ctrl+C again")
        assert "EXIT=" not in terminal.screen()
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")
    assert path.read_bytes() == before
