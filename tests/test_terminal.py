"""The installed `dossier` command in a real terminal (tmux), driven key by key."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .app_support import flat
from .support import eventually, installed_command

TMUX = shutil.which("tmux")

if not TMUX:  # a skip would be a test that does not run
    pytest.fail("tmux is missing: sh scripts/test-tools.sh installs it", pytrace=False)


class Terminal:
    """A tmux session (120x40 unless told) on its own server, so that nothing else is
    touched, running `command` with `variables` set; with no command, an interactive shell."""

    def __init__(self, command: str | None, cwd, size=(120, 40), variables: str = "") -> None:
        self.socket = f"dossier-test-{os.getpid()}"
        self.tmux("kill-server", check=False)
        env = {key: value for key, value in os.environ.items() if not key.startswith(("TMUX", "NO_COLOR"))}
        shell = "PS1='$ ' bash --norc --noprofile -i"
        run = f"env TERM=xterm-256color {variables} {command}; echo EXIT=$?; sleep 30" if command else shell
        self.tmux(
            "new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), "-c", str(cwd), run, env=env
        )  # fmt: skip

    def tmux(self, *args: str, check: bool = True, env=None) -> str:
        result = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=30, check=check, env=env
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def styled_screen(self) -> str:
        """The screen with its escape sequences (what each cell looks like)."""
        return self.tmux("capture-pane", "-p", "-e")

    def resize(self, columns: int, lines: int) -> None:
        self.tmux("resize-window", "-x", str(columns), "-y", str(lines))

    def keys(self, *keys: str, literal: bool = False) -> None:
        for key in keys:
            self.tmux("send-keys", *(["-l"] if literal else []), key)
            time.sleep(0.4)  # Escape and friends are told apart by timing

    def wait_for(self, text: str, seconds: float = 20) -> str:
        return self.wait_until(lambda screen: text in screen, repr(text), seconds)

    def wait_until(self, shown: Callable[[str], bool], what: str, seconds: float = 20) -> str:
        """The screen, once `shown(screen)`; AssertionError saying `what` never appeared."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if shown(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what} never appeared; the screen was:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server", check=False)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_exception) -> None:
        self.close()


def pane(screen: str, title: str) -> str:
    """The text of the pane whose top border carries `title`, lines joined."""
    lines = screen.splitlines()
    top = next(number for number, line in enumerate(lines) if f"▔ {title} ▔" in line)
    left = lines[top].index(f"▔ {title} ▔") - 1
    right = lines[top].index("▎", left) + 1
    kept = []
    for line in lines[top + 1 :]:
        if line[left : left + 2] == "▊▁":  # its bottom border
            break
        kept.append(line[left:right])
    return flat("\n".join(kept))


@pytest.mark.skipif(installed_command() is None, reason="dossier is not installed: run `pip install .` first")
def test_search_open_and_read_the_source_paragraph_in_a_real_terminal(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("/")
        terminal.keys("slovakia host", literal=True)
        terminal.wait_for("of 61 claims")
        terminal.keys("Enter")
        screen = terminal.wait_for("nk-pow-report-c")
        source = pane(screen, "nk-pow-report-c")
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
        terminal.wait_for("61 claims")
        terminal.keys("Escape", "s")  # from the search box to the list, where letters are keys
        screen = terminal.wait_for("speaker or relay")
        assert "South Korea's National Intelligence Service" in screen.splitlines()[3]  # the most claims first
        terminal.keys("Enter")
        screen = terminal.wait_for("Filtered: said or relayed by South Korea's National Intelligence Service")
        assert "6 of 61 claims" in screen
        terminal.keys("x")
        screen = terminal.wait_for(" 61 claims")
        assert "Filtered" not in screen
        terminal.keys("#")
        screen = terminal.wait_for("bars compare soldiers")
        assert "█" in screen and "1,100" in screen
        terminal.keys("Enter")  # the first figure: Zelensky's about 3,000, in report a first
        screen = terminal.wait_for("▔ nk-pow-report-a ▔")
        assert "Zelensky put North Korea's losses in Kursk at about 3,000" in pane(screen, "Claim")
        assert "Zelensky recently estimated that they have lost 3,000 soldiers" in pane(screen, "nk-pow-report-a")
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

        def found_in(screen: str) -> int:
            return int(screen.split(" of 2,000 claims")[0].split()[-1].replace(",", ""))

        # (all 2,000 are shown until the search has run: on a loaded machine, a while)
        screen = terminal.wait_until(lambda screen: "of 2,000 claims" in screen and found_in(screen) < 2000, "a search")
        found = found_in(screen)
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


# --- hostile terminals -----------------------------------------------------------------

needs_install = pytest.mark.skipif(installed_command() is None, reason="dossier is not installed: run `pip install .`")


def colour_codes(styled: str) -> list[str]:
    """The SGR parameters in `styled` that set a colour (default colours, 39 and 49, aside)."""
    found = []
    for parameters in re.findall(r"\x1b\[([0-9;:]*)m", styled):
        for parameter in re.split("[;:]", parameters):
            number = int(parameter or 0)
            if number in (38, 48) or 30 <= number <= 37 or 40 <= number <= 47 or 90 <= number <= 107:
                found.append(parameters)
    return found


@needs_install
def test_a_dumb_terminal_gets_the_hint_not_the_app(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path, variables="TERM=dumb") as terminal:
        screen = flat(terminal.wait_for("EXIT="))
        assert "EXIT=2" in screen
        assert "the app needs a terminal, and TERM=dumb cannot draw it" in screen
        assert "'dossier show ID'" in screen


@needs_install
def test_no_color_draws_the_app_and_the_commands_without_colour(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path, variables="NO_COLOR=1") as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("/")
        terminal.keys("kirby", literal=True)
        terminal.wait_for("4 of 61 claims")
        terminal.keys("Down", "Down", "Tab")  # the third result, the list focused
        styled = terminal.styled_screen()
        assert colour_codes(styled) == []
        # The cursor is told by reverse video instead of a coloured bar.
        results = [line.split("║")[1] for line in styled.splitlines() if line.count("║") >= 2]  # the focused pane
        row = next(line for line in results if "described the North" in line)
        assert re.search(r"\x1b\[[0-9;]*\b7m.*described the North", row), row
        terminal.keys("q")
        assert "EXIT=0" in terminal.wait_for("EXIT=")
    dossier = installed_command()
    command = f"sh -c '{dossier} search kirby && {dossier} show kirby-massed-assaults'"
    with Terminal(command, cwd=tmp_path, variables="NO_COLOR=1") as terminal:
        assert "EXIT=0" in terminal.wait_for("EXIT=")
        styled = terminal.styled_screen()
        assert "\x1b" not in styled and "**He described the North Korean troops" in styled


@needs_install
def test_from_20x5_to_300x100_and_back(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path, size=(20, 5)) as terminal:
        screen = flat(terminal.wait_for("Too small"))
        assert "Too small: dossier needs 40×10 or more. Ctrl+C quits." in screen
        terminal.resize(300, 100)
        screen = terminal.wait_for("61 claims")
        assert "Too small" not in screen and len(screen.splitlines()) == 100
        terminal.keys("/")
        terminal.keys("slovakia host", literal=True)
        terminal.keys("Enter")
        screen = terminal.wait_for("Slovakia, meanwhile, confirmed on Friday that it would host peace talks")
        assert max(len(line) for line in screen.splitlines()) <= 300
        terminal.resize(40, 10)
        screen = terminal.wait_for("Claim")
        assert "Too small" not in screen
        terminal.resize(20, 5)
        terminal.wait_for("Too small")
        terminal.resize(120, 40)
        screen = terminal.wait_for("Slovakia, meanwhile")  # the same claim, as it was
        terminal.keys("C-q")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
def test_ctrl_z_suspends_to_the_shell_and_fg_brings_the_app_back(tmp_path):
    with Terminal(None, cwd=tmp_path) as terminal:
        terminal.keys(installed_command(), literal=True)
        terminal.keys("Enter")
        terminal.wait_for("61 claims")
        terminal.keys("Escape", "s")
        terminal.wait_for("speaker or relay")
        terminal.keys("C-z")
        screen = terminal.wait_for("Stopped")
        assert "speaker or relay" not in screen  # the shell's screen is back
        terminal.keys("fg", literal=True)
        terminal.keys("Enter")
        terminal.wait_for("speaker or relay")  # the view it was left on, redrawn
        terminal.keys("Escape", "/")
        terminal.keys("kirby", literal=True)
        terminal.wait_for("4 of 61 claims")  # and it still takes keys
        terminal.keys("C-q")
        terminal.keys("echo EXIT=$?", literal=True)
        terminal.keys("Enter")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


def children(parent: int) -> list[int]:
    """The processes whose parent is `parent` (from /proc: pgrep is not everywhere)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as status:
            return status.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@needs_install
def test_closing_the_terminal_ends_the_app(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path) as terminal:
        terminal.wait_for("61 claims")
        shell = terminal.tmux("display-message", "-p", "#{pane_pid}").strip()
        [app] = children(int(shell))
        assert running(app)
        terminal.close()  # the terminal goes away: SIGHUP
        deadline = time.monotonic() + 20
        while running(app) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(app), "dossier kept running after its terminal closed"


@needs_install
def test_hostile_text_in_a_real_terminal_keeps_every_border_in_line_and_the_title(tmp_path):
    content = Path(__file__).parent / "hostile" / "content"
    with Terminal(f"{installed_command()} {content}", cwd=tmp_path) as terminal:
        terminal.wait_for("6 claims")
        for query in ("wide", "escapes", "bidi", "long word", "markup"):
            terminal.keys("/", "C-u")
            terminal.keys(query, literal=True)
            terminal.keys("Enter")
            screen = terminal.wait_for("1 of 6 claims")
            body = screen.splitlines()[1:-1]
            # tmux places each character where the terminal would: a width counted wrong
            # shows as a border out of place.
            assert all(line.count("▎") == 2 and line.endswith("▎") for line in body[1:-1]), "\n".join(body)
        assert "pwned" not in terminal.tmux("display-message", "-p", "#{pane_title}")
        terminal.keys("q")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


# --- the reading experience in a real terminal ----------------------------------------


@needs_install
def test_typing_at_once_searches_and_ctrl_c_quits(tmp_path):
    editor = tmp_path / "editor-ran"
    # Were the letters taken as keys, `e` would run this "editor" and `s`, `r` open views.
    variables = f"EDITOR='touch {editor}' VISUAL="
    with Terminal(installed_command(), cwd=tmp_path, size=(80, 24), variables=variables) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("zelensky", literal=True)
        screen = terminal.wait_for("of 61 claims")
        assert screen.splitlines()[0].lstrip().startswith("zelensky")
        assert "Speakers ·" not in screen and "Relations ·" not in screen and not editor.exists()
        terminal.keys("Escape", "s")
        terminal.wait_for("speaker or relay")
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
def test_slash_then_words_typed_at_once_from_a_pane_all_go_to_the_search_box(tmp_path):
    editor = tmp_path / "editor-ran"
    variables = f"EDITOR='touch {editor}' VISUAL="
    with Terminal(installed_command(), cwd=tmp_path, size=(120, 40), variables=variables) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("Escape")  # to the list, where letters are keys
        terminal.wait_for("Zoom")
        terminal.keys("/kirby spokesperson", literal=True)  # one burst, as a paste or a fast typist sends it
        screen = terminal.wait_for("of 61 claims")
        assert screen.splitlines()[0].lstrip().startswith("kirby spokesperson")
        assert "Speakers ·" not in screen and "Relations ·" not in screen and not editor.exists()
        terminal.keys("/")  # in the search box, a slash is typed
        assert terminal.wait_for("kirby spokesperson/")
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
def test_dossier_open_at_a_paragraph_focuses_it_in_the_source_pane(tmp_path, size):
    with Terminal(f"{installed_command()} open nk-pow-report-c#p18", cwd=tmp_path, size=size) as terminal:
        screen = terminal.wait_for("p18 · cited by 2 claims")
        source = pane(screen, "nk-pow-report-c")
        assert "p18 · cited by 2 claims" in source
        assert "Slovakia, meanwhile, confirmed on Friday" in source
        assert "⏎ Citing claims" in screen.splitlines()[-1]  # the source pane's own keys: it has the focus
        assert "Cited by 2 claims" in pane(screen, "Claim")
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
def test_dossier_open_at_a_claim_and_at_an_unknown_id(tmp_path):
    with Terminal(f"{installed_command()} open zelensky-nearly-3000", cwd=tmp_path) as terminal:
        screen = terminal.wait_for("Zelensky put North Korea's losses in Kursk at about")
        assert "Zelensky put North Korea's losses in Kursk at about 3,000" in pane(screen, "Claim")
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")
    with Terminal(f"{installed_command()} open kirby-masssed-assaults", cwd=tmp_path) as terminal:
        screen = flat(terminal.wait_for("EXIT="))
        assert "EXIT=1" in screen
        assert "no claim, paragraph, source or dossier 'kirby-masssed-assaults'" in screen
        assert "did you mean kirby-massed-assaults" in screen


@needs_install
def test_y_puts_the_citation_in_tmuxs_buffer_and_says_where_it_went(tmp_path):
    citation = subprocess.run(
        [installed_command(), "show", "yonhap-first-prisoner", "--citation"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    ).stdout  # fmt: skip
    with Terminal(installed_command(), cwd=tmp_path, size=(160, 45)) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("Escape", "y")
        screen = flat(terminal.wait_for("Copied to"))
        assert "Copied to tmux's paste buffer" in screen and "Reference: nk-pow-report-a#p1" in screen
        assert terminal.tmux("show-buffer") == citation.rstrip("\n")
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
def test_the_app_opens_the_library_you_are_in_and_calls_the_demo_one(tmp_path):
    with Terminal(installed_command(), cwd=tmp_path) as terminal:
        screen = flat(terminal.wait_for("61 claims"))
        assert "demo library" in screen and "No library here" in screen
        terminal.keys("C-c")
        terminal.wait_for("EXIT=0")
    subprocess.run([installed_command(), "init", "mine"], cwd=tmp_path, capture_output=True, timeout=60, check=True)
    with Terminal(installed_command(), cwd=tmp_path / "mine" / "dossiers") as terminal:
        screen = flat(terminal.wait_for("1 claim"))
        assert "A claim, in your words, of what the source says." in screen and "demo" not in screen
        terminal.keys("C-c")
        terminal.wait_for("EXIT=0")


# The new-claim form's border title, as drawn: the words alone are also the footer's name
# for `a`, on screen before the form is (keys typed then went to the main screen).
FORM_SHOWN = "New claim ▀"


@needs_install
@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_a_claim_made_from_selected_words_is_written_then_undone_in_a_real_terminal(tmp_path, library, size):
    path = library / "dossiers" / "casualty-estimates.yaml"
    before = path.read_bytes()
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=size) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("kirby expendable", literal=True)
        terminal.wait_for("1 of 61 claims")
        terminal.keys("Enter", "Tab", "v", "w", "w", "w", "w", "w")
        terminal.wait_for("“On Friday a White")
        terminal.keys("a")
        terminal.wait_for(FORM_SHOWN)
        terminal.keys(" (Kirby)", literal=True)
        terminal.keys("C-s")
        assert _file_leaves(path, before)  # (the note of the write may cover the count)
        assert path.read_bytes() == before + (
            b"\n"
            b"  - id: friday-white-house-spokesperson-kirby\n"
            b"    text: On Friday a White House spokesperson (Kirby)\n"
            b"    evidence:\n"
            b"      - at: nk-pow-report-c#p15\n"
            b"        quote: On Friday a White House spokesperson\n"
        )
        terminal.keys("u")
        assert _file_becomes(path, before.decode("utf-8"))  # (at 80x24 the note of it covers the count)
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_a_claim_changed_then_a_piece_of_its_evidence_removed_and_both_undone_in_a_real_terminal(
    tmp_path, library, size
):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    piece = (
        "      - at: nk-pow-report-c#p3\n"
        "        quote: it has been confirmed that one injured North Korean soldier has been captured\n"
    )
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=size) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("nis confirmed wounded", literal=True)
        terminal.wait_for("2 of 61 claims with every word")  # the claim first, then a relay of it
        terminal.keys("Enter", "c")
        terminal.wait_for("Change claim nis-confirms-capture")
        terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab")  # from the text past speaker, via, status, date: the tags
        terminal.keys("C-u", "capture", literal=False)
        terminal.keys("C-s")
        terminal.wait_for("Wrote changes to")
        assert path.read_text("utf-8") == before.replace("    tags: [capture, nis]\n", "    tags: [capture]\n")
        terminal.keys("G", "k")  # in the claim pane: from its last line (the relation) to its last piece of evidence
        terminal.keys("d")
        terminal.wait_for("Remove piece 5 of the evidence")
        terminal.keys("y")
        changed = before.replace("    tags: [capture, nis]\n", "    tags: [capture]\n")
        assert _file_becomes(path, changed.replace(piece, ""))
        terminal.keys("u")
        assert _file_becomes(path, changed)
        terminal.keys("u")
        assert _file_becomes(path, before)
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
def test_words_dragged_over_with_the_mouse_make_a_claim_in_a_real_terminal(tmp_path, library, size):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_bytes()
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=size) as terminal:
        # Where the source pane (the right-most, the lowest) shows the first claim's paragraph
        # (painted with its heading, or a frame after it: wait for both).
        def shown_at(screen: str) -> list[tuple[int, int]]:
            return [
                (number, found)
                for number, text in enumerate(screen.splitlines())
                if (found := text.rfind("Ukrainian troops have taken")) > size[0] // 2
            ]

        screen = terminal.wait_until(
            lambda screen: "p1 · cited by 2 claims" in screen and bool(shown_at(screen)),
            "the source pane's first paragraph",
        )
        line, column = max(shown_at(screen))
        # The mouse as xterm reports it (SGR, from 1): pressed inside "Ukrainian", dragged with
        # the button held to inside "taken", let go.
        (x, y), to = (column + 4, line + 1), column + 1 + len("Ukrainian troops have ta")
        terminal.keys(f"\x1b[<0;{x};{y}M", f"\x1b[<32;{to};{y}M", f"\x1b[<0;{to};{y}m", literal=True)
        terminal.wait_for("“Ukrainian troops have taken” · 4 words")
        terminal.keys("a")
        terminal.wait_for(FORM_SHOWN)
        terminal.keys("C-s")
        assert _file_leaves(path, before)
        assert path.read_bytes() == before + (
            b"\n"
            b"  - id: ukrainian-troops-taken\n"
            b"    text: Ukrainian troops have taken\n"
            b"    evidence:\n"
            b"      - at: nk-pow-report-a#p1\n"
            b"        quote: Ukrainian troops have taken\n"
        )
        terminal.keys("u")
        assert _file_becomes(path, before.decode("utf-8"))
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_selected_words_added_as_evidence_to_a_claim_found_by_typing_then_undone_in_a_real_terminal(
    tmp_path, library, size
):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    last = "        quote: it has been confirmed that one injured North Korean soldier has been captured\n"
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=size) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("kirby expendable", literal=True)
        terminal.wait_for("1 of 61 claims")
        terminal.keys("Enter", "Tab", "v", "w", "w")
        terminal.wait_for("“On Friday a”")
        terminal.keys("+")
        terminal.wait_for("Add as evidence of")
        terminal.keys("nis confirmed wounded", literal=True)
        terminal.wait_for("3× South Korea's National Intelligence")  # the claim, listed first
        terminal.keys("Enter")
        assert _file_becomes(
            path, before.replace(last, last + "      - at: nk-pow-report-c#p15\n        quote: On Friday a\n")
        )
        terminal.wait_for("6. nk-pow-report-c#p15")  # the claim pane, at the piece added
        terminal.keys("u")
        assert _file_becomes(path, before)
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@needs_install
def test_a_claim_in_a_new_dossier_and_a_file_changed_under_the_form_in_a_real_terminal(tmp_path, library):
    path = library / "dossiers" / "first-prisoner.yaml"
    soldier = library / "dossiers" / "captured-soldier.yaml"
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=(120, 40)) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("Escape", "Tab", "Tab", "v", "w", "w", "a")  # the source pane: nk-pow-report-a#p1
        terminal.wait_for(FORM_SHOWN)
        terminal.keys("Tab", "Enter", "End", "Enter")  # the dossier field's last choice
        terminal.wait_for("its id names it")
        terminal.keys("Tab")
        terminal.keys("first-prisoner", literal=True)
        terminal.wait_for("free: written as first-prisoner.yaml")
        terminal.keys("Tab")
        terminal.keys("The first prisoner", literal=True)
        terminal.keys("C-s")
        assert _file_leaves(path, None)
        assert path.read_text("utf-8") == (
            "id: first-prisoner\n"
            "title: The first prisoner\n"
            "claims:\n"
            "  - id: ukrainian-troops\n"
            "    text: Ukrainian troops have\n"
            "    evidence:\n"
            "      - at: nk-pow-report-a#p1\n"
            "        quote: Ukrainian troops have\n"
        )
        written = path.read_bytes()
        terminal.keys("u")
        assert _file_leaves(path, written)
        assert not path.exists()
        # The form open on a claim while its file changes on disk: Ctrl+S writes nothing over
        # it, says why, and keeps what was typed.
        terminal.keys("Escape", "/")
        terminal.keys("nis confirmed wounded", literal=True)
        terminal.wait_for("2 of 61 claims")
        terminal.keys("Enter", "c")
        terminal.wait_for("Change claim nis-confirms-capture")
        terminal.keys(" (edited)", literal=True)
        edited = soldier.read_text("utf-8") + "# a note typed in another editor meanwhile\n"
        soldier.write_text(edited, "utf-8")
        terminal.keys("C-s")
        screen = terminal.wait_for("changed on disk since it was loaded")
        assert "Change claim nis-confirms-capture" in screen and "Ukrainian forces. (edited)" in screen
        assert soldier.read_text("utf-8") == edited
        terminal.keys("Escape", "Escape")
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


def _file_leaves(path, before: bytes | None, seconds: float = 20) -> bool:
    """Whether the file's bytes (None: no file) are other than `before` within `seconds`."""
    return eventually(lambda: (path.read_bytes() if path.exists() else None) != before, seconds)


def _file_becomes(path, text: str, seconds: float = 20) -> bool:
    """Whether the file holds `text` within `seconds` (the app writes it after a keystroke)."""
    return eventually(lambda: path.read_text("utf-8") == text, seconds)


@needs_install
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
def test_a_new_version_recorded_then_a_verdict_accepted_in_its_changes_and_undone_in_a_real_terminal(
    tmp_path, library, size
):
    from .test_versions import SOURCE, ZELENSKY, edited_version

    update = edited_version(library, tmp_path)
    recorded = subprocess.run(
        [installed_command(), "import", str(update), "--update", SOURCE], cwd=library, capture_output=True, text=True
    )
    assert recorded.returncode == 0, recorded.stderr
    path = library / "dossiers" / "casualty-estimates.yaml"
    before = path.read_bytes()
    with Terminal(f"{installed_command()} {library}", cwd=tmp_path, size=size) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("Escape", "C")
        screen = terminal.wait_for(f"Changes · {SOURCE} · version 2 against 1")
        first = next(line for line in screen.splitlines() if "edited" in line)
        assert first.lstrip("▊ ").startswith("p10") and "zelensky-3000-lost [1]" in screen
        terminal.keys("Down", "a")
        assert _file_leaves(path, before)
        assert f"was_quote: {ZELENSKY}\n".encode() in path.read_bytes()
        terminal.keys("Escape", "Escape", "u")
        assert _file_becomes(path, before.decode("utf-8"))
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")
