"""Which command opens a file at a line in the reader's editor."""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping

from .problems import DossierError

# How editors are told where to start. Editors not listed get the file alone.
_PLUS_LINE = {"vi", "vim", "nvim", "gvim", "view", "ex", "micro", "kak", "joe", "jed", "mg", "ne", "mcedit", "gedit"}
_PLUS_LINE_COLUMN = {"nano": ",", "pico": ",", "emacs": ":", "emacsclient": ":"}
_FILE_LINE_COLUMN = {"subl", "zed", "hx", "helix"}
_GOTO = {"code", "code-insiders", "codium"}
_FALLBACKS = ("sensible-editor", "editor", "nano", "vi")


def editor_command(path: str, line: int, column: int = 1, environ: Mapping[str, str] = os.environ) -> list[str]:
    """The command for $VISUAL (or $EDITOR, or the system's editor) to open `path` at `line`.

    Raises DossierError when no editor can be found or the variable cannot be split.
    (Checked here, before the app hands the terminal over, rather than after.)
    """
    setting = environ.get("VISUAL") or environ.get("EDITOR")
    if setting:
        try:
            command = shlex.split(setting)
        except ValueError as error:
            raise DossierError(f"cannot read $VISUAL or $EDITOR ({setting!r}): {error}") from None
    else:
        found = next((name for name in _FALLBACKS if shutil.which(name)), None)
        if found is None:
            raise DossierError("no editor found: set $EDITOR (for example EDITOR=nano)")
        command = [found]
    if not command:
        raise DossierError("$VISUAL or $EDITOR is set but empty")
    if shutil.which(command[0]) is None:
        raise DossierError(f"editor not found: {command[0]} (set $VISUAL or $EDITOR to one that is installed)")
    name = os.path.basename(command[0])
    if name in _PLUS_LINE or name in ("sensible-editor", "editor"):
        return [*command, f"+{line}", path]
    if name in _PLUS_LINE_COLUMN:
        return [*command, f"+{line}{_PLUS_LINE_COLUMN[name]}{column}", path]
    if name in _FILE_LINE_COLUMN:
        return [*command, f"{path}:{line}:{column}"]
    if name in _GOTO:
        return [*command, "--goto", f"{path}:{line}:{column}"]
    return [*command, path]
