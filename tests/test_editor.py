"""Which command `e` runs to open a file at a line."""

import pytest

from dossier.env.editor import editor_command
from dossier.library.problems import DossierError


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", ["vim", "+12", "f.yaml"]),
        ("/usr/bin/nvim -u NONE", ["/usr/bin/nvim", "-u", "NONE", "+12", "f.yaml"]),
        ("nano", ["nano", "+12,5", "f.yaml"]),
        ("emacs -nw", ["emacs", "-nw", "+12:5", "f.yaml"]),
        ("code --wait", ["code", "--wait", "--goto", "f.yaml:12:5"]),
        ("hx", ["hx", "f.yaml:12:5"]),
        ("my-editor", ["my-editor", "f.yaml"]),  # unknown: the file alone
    ],
)
def test_each_editor_is_told_the_line_its_own_way(editor, expected, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    assert editor_command("f.yaml", 12, 5, environ={"EDITOR": editor}) == expected


def test_visual_wins_over_editor(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    assert editor_command("f.yaml", 3, environ={"VISUAL": "vi", "EDITOR": "nano"})[0] == "vi"


def test_bad_settings_are_clear_errors():
    with pytest.raises(DossierError, match="cannot read"):
        editor_command("f.yaml", 1, environ={"EDITOR": "'unclosed"})
    with pytest.raises(DossierError, match="empty"):
        editor_command("f.yaml", 1, environ={"EDITOR": "  "})


def test_no_editor_anywhere_says_how_to_set_one(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(DossierError, match=r"set \$EDITOR"):
        editor_command("f.yaml", 1, environ={})


def test_an_editor_that_is_not_installed_is_named_before_anything_runs(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(DossierError, match=r"editor not found: nano \(set \$VISUAL or \$EDITOR"):
        editor_command("f.yaml", 1, environ={"EDITOR": "nano"})
