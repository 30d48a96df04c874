"""Sources brought in, in a real terminal (tmux) with the installed `dossier`: a saved page
imported from the app, found in the sources list, its words quoted in a new claim; then
`dossier verify` in a shell, after a hand edit of a paragraph and after a change to the
archived original."""

from __future__ import annotations

import gzip
import re
from contextlib import contextmanager

import pytest

from .support import FIXTURES, eventually, installed_command
from .test_terminal import FORM_SHOWN, Terminal, _file_leaves

PAGE = FIXTURES / "pages" / "article.html"
IMPORTED = "council-votes-to-close-the-old"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_a_page_imported_in_the_app_is_listed_found_and_quoted_in_a_new_claim(tmp_path, library, size):
    (tmp_path / "Council vote.html").write_bytes(PAGE.read_bytes())
    soldier = library / "dossiers" / "captured-soldier.yaml"
    before = soldier.read_bytes()
    with Terminal(f"{installed_command()} {library.name}", cwd=library.parent, size=size) as terminal:
        terminal.wait_for("61 claims")
        terminal.keys("Escape", "I")
        terminal.wait_for("Import a document")
        terminal.keys("Coun", literal=True)  # in the working folder, beside the library
        terminal.wait_for("Council vote.html")  # the completion, offered
        terminal.keys("Right", "Enter")
        terminal.wait_for("archived 4e2a0b3a")  # the new source, in the source pane
        written = library / "sources" / f"{IMPORTED}.yaml"
        assert written.read_text("utf-8").startswith(
            "# Made by `dossier import`: the article's text, word for word, one paragraph per block.\n"
            f"id: {IMPORTED}\n"
            "title: Council votes to close the old bridge\n"
        )
        # The sources list: found by a word of its publisher, opened in the source pane.
        terminal.keys("S")
        terminal.wait_for("cited by no claim")
        terminal.keys("/")
        terminal.keys("courier", literal=True)
        screen = terminal.wait_for("1 source of 4")
        assert "Council votes to close the old bridge" in screen and "not cited" in screen
        terminal.keys("Enter")
        terminal.wait_for("archived 4e2a0b3a")
        terminal.keys("j", "v", "w", "w", "w")
        terminal.wait_for("“The city council voted”")
        terminal.keys("a")
        terminal.wait_for(FORM_SHOWN)
        terminal.keys("C-s")
        assert _file_leaves(soldier, before)
        assert soldier.read_bytes() == before + (
            b"\n"
            b"  - id: city-council-voted\n"
            b"    text: The city council voted\n"
            b"    evidence:\n"
            b"      - at: council-votes-to-close-the-old#p2\n"
            b"        quote: The city council voted\n"
        )
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


@contextmanager
def watched_for_the_editor(tmp_path, library):
    """The app on `library` at 120x40, its first screen shown, its editor a command that
    leaves a file if it runs: (the terminal, that file)."""
    editor = tmp_path / "editor-ran"
    variables = f"EDITOR='touch {editor}' VISUAL="
    with Terminal(
        f"{installed_command()} {library.name}", cwd=library.parent, size=(120, 40), variables=variables
    ) as terminal:
        terminal.wait_for("61 claims")
        yield terminal, editor


def test_a_dialog_and_what_is_typed_into_it_sent_in_one_burst_all_go_to_the_dialog(tmp_path, library):
    # I then a path, S then / and a word, a then a claim's text: each sent at once, as a fast
    # typist or a script sends them. The dialog took the focus only when the app was next
    # idle, so the keys that came first were the claims list's or the source pane's: the
    # path came in empty, and in the pane "e" would have run the editor.
    (library.parent / "Council vote.html").write_bytes(PAGE.read_bytes())
    soldier = library / "dossiers" / "captured-soldier.yaml"
    before = soldier.read_bytes()
    with watched_for_the_editor(tmp_path, library) as (terminal, editor):
        terminal.keys("Escape")
        terminal.tmux("send-keys", "I", "Council vote.html", "Enter")  # one burst
        terminal.wait_for("archived 4e2a0b3a")
        assert (library / "sources" / f"{IMPORTED}.yaml").exists()
        terminal.tmux("send-keys", "S", "/", "courier")  # one burst
        screen = terminal.wait_for("1 source of 4")
        assert "Council votes to close the old bridge" in screen
        terminal.keys("Enter")
        terminal.wait_for("archived 4e2a0b3a")
        terminal.keys("j", "v", "w", "w", "w")
        terminal.wait_for("“The city council voted”")
        terminal.tmux("send-keys", "a", " to shut the bridge")  # one burst
        terminal.wait_for("voted to shut the bridge")
        terminal.keys("C-s")
        assert _file_leaves(soldier, before)
        assert b"    text: The city council voted to shut the bridge\n" in soldier.read_bytes()
        assert not editor.exists()
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")


def shell(terminal: Terminal, command: str) -> tuple[str, int]:
    """`command` typed at the shell's prompt on a cleared screen: the screen after it (its
    lines as the terminal wrapped them, joined) and its exit status."""
    terminal.keys(f"clear; {command}; echo DONE $?", literal=True)
    terminal.keys("Enter")
    assert eventually(lambda: re.search(r"DONE (\d+)", terminal.screen()), 30)
    screen = terminal.screen()
    return "".join(screen.split("\n")), int(re.search(r"DONE (\d+)", screen).group(1))


def test_verify_in_a_shell_after_a_hand_edit_and_after_a_change_to_the_archived_original(tmp_path):
    (tmp_path / "Council vote.html").write_bytes(PAGE.read_bytes())
    (tmp_path / "sources").mkdir()
    dossier = installed_command()
    with Terminal(None, cwd=tmp_path) as terminal:
        said, status = shell(terminal, f"{dossier} import 'Council vote.html' -o sources/")
        assert status == 0 and f"wrote sources/{IMPORTED}.yaml" in said
        said, status = shell(terminal, f"{dossier} verify sources")
        assert status == 0 and "1 archived original checked" in said

        path = tmp_path / "sources" / f"{IMPORTED}.yaml"
        text = path.read_text("utf-8")
        path.write_text(text.replace("three of its four", "none of its four"), "utf-8")
        line, row = next(
            (number, row) for number, row in enumerate(path.read_text("utf-8").splitlines(), 1) if "none of its" in row
        )
        said, status = shell(terminal, f"{dossier} verify sources")
        assert status == 1
        assert f"sources/{IMPORTED}.yaml:{line}:{row.index('none of its') + 1}: paragraph p2 differs" in said

        path.write_text(text, "utf-8")
        archived = next((tmp_path / "sources" / "originals").iterdir())
        archived.write_bytes(gzip.compress(PAGE.read_bytes().replace(b"9,000 vehicles", b"8,000 vehicles")))
        said, status = shell(terminal, f"{dossier} verify sources")
        assert status == 1 and f"the archived original originals/{archived.name} has changed" in said


def test_a_find_and_its_words_typed_in_one_burst_all_go_to_the_find_box(tmp_path, library):
    # "/" in the sources list, or ^f in the source pane, then the words at once, as a fast
    # typist or a paste sends them. The box took the focus only when the app was next idle,
    # so the words that came first were the list's or the pane's keys: in the pane, "Kursk"
    # opened a view of claims, and an "e" would have run the editor.
    with watched_for_the_editor(tmp_path, library) as (terminal, editor):
        terminal.keys("Escape", "S")
        terminal.wait_for("Sources ·")
        terminal.tmux("send-keys", "/", "newsweek")  # one burst
        screen = terminal.wait_for("1 source of 3")
        assert "First North Korean soldier captured in Kursk" in screen
        terminal.keys("Enter")
        terminal.wait_for("nk-pow-report-a ·")
        terminal.tmux("send-keys", "C-f", "Kursk")  # one burst
        screen = terminal.wait_for("find “Kursk”:")
        assert "Speakers ·" not in screen and "said:" not in screen and not editor.exists()
        terminal.keys("C-c")
        assert "EXIT=0" in terminal.wait_for("EXIT=")
