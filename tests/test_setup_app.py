"""The reader's settings and machine, as the app meets them: config.toml's theme and
keymap, a theme chosen in the palette kept, the demo said to be one, and a copy that
says where the text went (Pilot; the copy in tmux is in test_terminal)."""

from __future__ import annotations

import os
import stat

from dossier.env import clipboard
from dossier.env.config import load_config
from dossier.ui.app import DossierApp
from dossier.ui.views import TimelineView

from .app_support import press, screen_text, settle
from .support import BASE


def fake_tool(folder, name: str, status: int = 0):
    """A clipboard tool on PATH that keeps what it is given in `name`.txt."""
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(f'#!/bin/sh\ncat > "{folder / name}.txt"\nexit {status}\n')
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return folder / f"{name}.txt"


def test_copy_reaches_the_clipboard_tool_and_says_so(tmp_path):
    kept = fake_tool(tmp_path / "bin", "xclip")
    environ = {"PATH": str(tmp_path / "bin"), "DISPLAY": ":0"}
    copied = clipboard.copy("Claim: «x»\nReference: a#p1", environ, which=lambda name: _which(name, environ))
    assert kept.read_text(encoding="utf-8") == "Claim: «x»\nReference: a#p1"
    assert copied.reached == ["the clipboard (xclip)"]
    assert copied.describe() == "Copied to the clipboard (xclip); also sent to the terminal by OSC 52"


def test_copy_with_no_tool_says_it_may_have_gone_nowhere(tmp_path):
    broken = fake_tool(tmp_path / "bin", "xclip", status=1)
    environ = {"PATH": str(tmp_path / "bin"), "DISPLAY": ":0"}
    copied = clipboard.copy("text", environ, which=lambda name: _which(name, environ))
    assert broken.exists() and copied.reached == [] and copied.failed == ["xclip failed (status 1)"]
    assert copied.describe().startswith("Only sent to the terminal by OSC 52, which not every terminal takes")
    assert (
        clipboard.copy("text", {}, which=lambda name: None)
        .describe()
        .endswith("no clipboard tool found (wl-copy, xclip, xsel, pbcopy or clip.exe)")
    )


def _which(name, environ):
    path = os.path.join(environ["PATH"], name)
    return path if os.path.exists(path) else None


async def test_y_shows_where_the_citation_went_and_the_whole_text(tmp_path, monkeypatch):
    kept = fake_tool(tmp_path / "bin", "xclip")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("TMUX", raising=False)
    app = DossierApp(watch_interval=None)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        app.main.open_claim("slovakia-to-host-talks")
        await settle(pilot)
        await press(pilot, "y")
        for _ in range(50):
            await pilot.pause(0.05)
            if any(n.title == "Copy" for n in app._notifications):
                break
        assert kept.read_text(encoding="utf-8") == app.clipboard  # the same text as OSC 52 carried
        note = next(n for n in app._notifications if n.title == "Copy")
        assert note.message.startswith("Copied to the clipboard (xclip); also sent to the terminal by OSC 52:\n")
        assert "Reference: nk-pow-report-c#p18" in note.message  # the whole citation, not its first 60 characters


async def test_theme_and_keymap_from_the_config_and_a_chosen_theme_kept(private_config):
    config_file = private_config / "config.toml"
    config_file.write_text('# my settings\ntheme = "nord"\n\n[keymap]\ntimeline = "f2"\n', encoding="utf-8")
    app = DossierApp(watch_interval=None)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("escape")
        await press(pilot, "f2")
        await pilot.pause()
        assert isinstance(app.screen, TimelineView)
        await pilot.press("escape")
        app.theme = "gruvbox"  # as the palette's theme picker sets it
        for _ in range(40):
            await pilot.pause(0.05)
            if "gruvbox" in config_file.read_text(encoding="utf-8"):
                break
    assert config_file.read_text(encoding="utf-8") == '# my settings\ntheme = "gruvbox"\n\n[keymap]\ntimeline = "f2"\n'
    assert load_config(config_file).theme == "gruvbox"


async def test_mistakes_in_the_settings_are_named_and_the_app_starts_on_defaults(private_config):
    config_file = private_config / "config.toml"
    config_file.write_text('theme = "no-such-theme"\n[keymap]\ntimelin = "f2"\n', encoding="utf-8")
    app = DossierApp(watch_interval=None)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        note = next(n for n in app._notifications if n.title == "Mistakes in the settings")
        assert f"{config_file}:1:1: no theme 'no-such-theme'" in note.message
        assert f"{config_file}:3:1: [keymap]: no binding 'timelin'; did you mean timeline?" in note.message
        assert app.theme == "textual-dark"
        assert "61 claims" in screen_text(app)


async def test_the_demo_says_so_and_cannot_be_edited_when_installed(monkeypatch):
    import dossier.ui.authoring as authoring_module

    monkeypatch.setattr(authoring_module, "bundled_is_installed", lambda: True)
    app = DossierApp(watch_interval=None, announce_demo=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert "demo library" in screen_text(app)  # in the status line, for as long as it is open
        assert any(n.title == "The demo library" and "'dossier init DIR'" in n.message for n in app._notifications)
        await pilot.press("escape")
        await press(pilot, "e")
        note = next(n for n in app._notifications if n.title == "Cannot edit")
        assert "'dossier init --demo DIR' makes a copy to edit" in note.message


async def test_a_library_of_ones_own_is_not_called_the_demo():
    app = DossierApp([str(BASE)], watch_interval=None)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert "demo" not in screen_text(app)
