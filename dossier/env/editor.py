"""Which command opens a file at a line in the reader's editor."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Mapping

from ..library.problems import DossierError
from .system import WINDOWS, current_system, editor_fallbacks

# How editors are told where to start. Editors not listed get the file alone.
_PLUS_LINE = {"vi", "vim", "nvim", "gvim", "view", "ex", "micro", "kak", "joe", "jed", "mg", "ne", "mcedit", "gedit"}
_PLUS_LINE_COLUMN = {"nano": ",", "pico": ",", "emacs": ":", "emacsclient": ":"}
_FILE_LINE_COLUMN = {"subl", "zed", "hx", "helix"}
_GOTO = {"code", "code-insiders", "codium"}


def editor_command(
    path: str,
    line: int,
    column: int = 1,
    environ: Mapping[str, str] = os.environ,
    configured: str | None = None,
    system: str | None = None,
) -> list[str]:
    """The command for the reader's editor to open `path` at `line`: the config's
    `editor` (`configured`), else $VISUAL, else $EDITOR, else the system's usual one.

    Raises DossierError when no editor can be found or the setting cannot be split.
    (Checked here, before the app hands the terminal over, rather than after.)
    """
    setting = configured or environ.get("VISUAL") or environ.get("EDITOR")
    named = "the config's editor" if configured else "$VISUAL or $EDITOR"
    if setting:
        try:
            command = shlex.split(setting, posix=(system or current_system()) != WINDOWS)
        except ValueError as error:
            raise DossierError(f"cannot read {named} ({setting!r}): {error}") from None
    else:
        fallbacks = editor_fallbacks(system)
        found = next((name for name in fallbacks if shutil.which(name)), None)
        if found is None:
            raise DossierError(f"no editor found ({', '.join(fallbacks)}): set $EDITOR, or editor in config.toml")
        command = [found]
    if not command:
        raise DossierError(f"{named} is set but empty")
    if shutil.which(command[0]) is None:
        raise DossierError(f"editor not found: {command[0]} (set {named} to one that is installed)")
    name = (
        os.path.splitext(os.path.basename(command[0]))[0].lower()
        if (system or current_system()) == WINDOWS
        else os.path.basename(command[0])
    )
    if name in ("sensible-editor", "editor"):
        name = _chosen_editor(command[0], environ)
    if name in _PLUS_LINE:
        return [*command, f"+{line}", path]
    if name in _PLUS_LINE_COLUMN:
        return [*command, f"+{line}{_PLUS_LINE_COLUMN[name]}{column}", path]
    if name in _FILE_LINE_COLUMN:
        return [*command, f"{path}:{line}:{column}"]
    if name in _GOTO:
        return [*command, "--goto", f"{path}:{line}:{column}"]
    return [*command, path]


def _chosen_editor(program: str, environ: Mapping[str, str]) -> str:
    """The editor Debian's `sensible-editor` or `editor` hands the file to: as the script
    chooses, $VISUAL, $EDITOR, then the one the user chose with `select-editor`, else the
    system's `editor` alternative ("vim.basic" is vim). It may take no line to start at:
    ed would open "+7" as the file."""
    chosen = None
    if os.path.basename(program) == "sensible-editor":
        named = [environ.get("VISUAL", ""), environ.get("EDITOR", "")]
        named = [value.split()[0] for value in named if value.split()]
        others = [value for value in named if os.path.basename(value) != "sensible-editor"]
        chosen = others[0] if others else _selected_editor(environ.get("HOME") or os.path.expanduser("~"))
    found = shutil.which(chosen or "editor") or ""
    return os.path.basename(os.path.realpath(found)).split(".")[0] if found else ""


def _selected_editor(home: str) -> str | None:
    """The editor `select-editor` wrote down in ~/.selected_editor, if any."""
    try:
        with open(os.path.join(home, ".selected_editor"), encoding="utf-8") as chosen:
            text = chosen.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(r'^SELECTED_EDITOR="?([^"\n]+)"?', text, re.MULTILINE)
    return found.group(1).strip() if found else None
