"""The installed `dossier` command in a real terminal (tmux), driven key by key."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from .app_support import flat
from .support import installed_command

TMUX = shutil.which("tmux")

if not TMUX:
    if os.environ.get("CI"):
        pytest.fail("tmux is missing in CI: .ci/run installs it", pytrace=False)
    pytest.skip("tmux is not installed (apt-get install tmux) - the real-terminal test skips", allow_module_level=True)


class Terminal:
    """A 120x40 tmux session on its own server, so that nothing else is touched."""

    def __init__(self, command: str, cwd) -> None:
        self.socket = f"dossier-test-{os.getpid()}"
        self.tmux("kill-server", check=False)
        env = {key: value for key, value in os.environ.items() if not key.startswith("TMUX")}
        self.tmux(
            "new-session", "-d", "-x", "120", "-y", "40", "-c", str(cwd),
            f"env TERM=xterm-256color {command}; echo EXIT=$?; sleep 30",
            env=env,
        )  # fmt: skip

    def tmux(self, *args: str, check: bool = True, env=None) -> str:
        result = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=30, check=check, env=env
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys: str, literal: bool = False) -> None:
        for key in keys:
            self.tmux("send-keys", *(["-l"] if literal else []), key)
            time.sleep(0.4)  # Escape and friends are told apart by timing

    def wait_for(self, text: str, seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server", check=False)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_exception) -> None:
        self.close()


def right_pane(screen: str, title: str) -> str:
    """The text of the pane whose border carries `title`, lines joined."""
    lines = screen.splitlines()
    column = next(line.index(title) for line in lines if title in line) - 2
    return flat("\n".join(line[column:] for line in lines))


@pytest.mark.skipif(installed_command() is None, reason="dossier is not installed: run `pip install .` first")
def test_search_open_and_read_the_source_paragraph_in_a_real_terminal(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path) as terminal:
        terminal.wait_for("51 claims")
        terminal.keys("/")
        terminal.keys("slovakia host", literal=True)
        terminal.wait_for("of 51 claims")
        terminal.keys("Enter")
        screen = terminal.wait_for("nk-pow-report-c")
        source = right_pane(screen, "nk-pow-report-c")
        assert "Slovakia, meanwhile, confirmed on Friday that it would host peace talks" in source
        assert "p18" in source
        terminal.keys("q")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@pytest.mark.skipif(installed_command() is None, reason="dossier is not installed: run `pip install .` first")
def test_search_and_show_print_for_a_real_terminal(tmp_path):
    dossier = installed_command()
    with Terminal(f"{dossier} search kirby && {dossier} show kirby-massed-assaults", cwd=tmp_path) as terminal:
        screen = terminal.wait_for("EXIT=")
        assert "EXIT=0" in screen
        lines = screen.splitlines()
        header = next(line for line in lines if line.startswith("#  score"))
        assert header.split() == ["#", "score", "id", "dossier", "at", "text"]
        assert any(line.split()[2:3] == ["kirby-troops-expendable"] for line in lines)
        assert "claim kirby-massed-assaults" in lines
        # The quoted words are bold on a terminal, with no Markdown marks.
        styled = terminal.tmux("capture-pane", "-p", "-e")
        assert "\x1b[1mHe described the North Korean troops" in styled
        assert "\x1b[1mKirby" in styled and "**" not in screen
        assert max(len(line) for line in lines) <= 120


@pytest.mark.skipif(installed_command() is None, reason="dossier is not installed: run `pip install .` first")
def test_speakers_filter_then_figures_jump_in_a_real_terminal(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path) as terminal:
        terminal.wait_for("51 claims")
        terminal.keys("s")
        screen = terminal.wait_for("speaker or relay")
        assert "Volodymyr Zelensky" in screen.splitlines()[3]  # the most claims first
        terminal.keys("Enter")
        screen = terminal.wait_for("Filtered: said or relayed by Volodymyr Zelensky")
        assert "7 of 51 claims" in screen
        terminal.keys("x")
        screen = terminal.wait_for(" 51 claims")
        assert "Filtered" not in screen
        terminal.keys("#")
        screen = terminal.wait_for("bars compare soldiers")
        assert "█" in screen and "1,100" in screen
        terminal.keys("Enter")  # the first figure: Zelensky's 3,000, in report a
        screen = terminal.wait_for("Zelensky estimated that North Korea")
        assert "nk-pow-report-a" in screen and "reported by Newsweek" in flat(screen)
        terminal.keys("q")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@pytest.mark.skipif(installed_command() is None, reason="dossier is not installed: run `pip install .` first")
def test_a_library_of_2000_claims_opens_searches_and_is_cached_for_the_next_start(tmp_path, private_cache):
    from benchmarks.generate import generate

    library = generate(2000, tmp_path / "library", seed=3)
    caches = private_cache / "dossier"
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path) as terminal:
        screen = terminal.wait_for(" 2,000 claims")
        assert "500 shown" in screen  # the list holds the first 500; the status says so
        terminal.keys("/")
        terminal.keys("claimed", literal=True)
        screen = terminal.wait_for("of 2,000 claims")
        found = int(screen.split(" of 2,000 claims")[0].split()[-1].replace(",", ""))
        assert 0 < found < 2000
        deadline = time.monotonic() + 30
        while not any(caches.glob("library-*.pickle")) and time.monotonic() < deadline:
            time.sleep(0.2)  # written once the paragraphs are indexed, in the background
        terminal.keys("Escape", "q")
        assert "EXIT=0" in terminal.wait_for("EXIT=")
    assert any(caches.glob("library-*.pickle"))
    with Terminal(f"{installed_command()} search claimed {library} --limit 3", cwd=tmp_path) as terminal:
        screen = terminal.wait_for("EXIT=")
        assert "EXIT=0" in screen and f"3 of {found:,} results shown" in flat(screen)
