"""Putting a citation where the reader can paste it, and saying truly where it went.

The app also sends the text to the terminal by OSC 52, which it cannot confirm: many
terminals refuse it, and tmux drops it under its default `set-clipboard`. So the text
also goes to tmux's paste buffer inside tmux, and to the system's clipboard tool where
there is one (wl-copy, xclip, xsel, pbcopy, clip.exe)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import system

TIMEOUT_SECONDS = 3


@dataclass
class Copied:
    reached: list[str] = field(default_factory=list)  # where the text arrived, for the reader
    failed: list[str] = field(default_factory=list)  # what was tried and refused it, with why

    def describe(self, osc52: bool = True) -> str:
        """`Copied to tmux's paste buffer and xclip (and sent to the terminal)`."""
        sent = "sent to the terminal by OSC 52"
        if self.reached:
            where = " and ".join(self.reached)
            text = f"Copied to {where}" + (f"; also {sent}" if osc52 else "")
        elif osc52:
            text = (
                f"Only {sent}, which not every terminal takes (and tmux drops by default): "
                "no clipboard tool found (wl-copy, xclip, xsel, pbcopy or clip.exe)"
            )
        else:
            text = "Copied nowhere: no clipboard tool found (wl-copy, xclip, xsel, pbcopy or clip.exe)"
        if self.failed:
            text += f" ({'; '.join(self.failed)})"
        return text


def copy(text: str, environ: Mapping[str, str] = os.environ, which=shutil.which) -> Copied:
    """Put `text` in tmux's paste buffer (inside tmux) and on the system's clipboard."""
    copied = Copied()
    data = text.encode("utf-8")
    if environ.get("TMUX") and which("tmux"):
        # -w (tmux 3.2 and later) also hands it to the outer terminal's clipboard
        tried = Copied()
        if not _run(["tmux", "load-buffer", "-w", "-"], data, "tmux's paste buffer", tried):
            tried = Copied()
            _run(["tmux", "load-buffer", "-"], data, "tmux's paste buffer", tried)
        copied.reached += tried.reached
        copied.failed += tried.failed
    for command in system.clipboard_tools(environ, which=which):
        # run as found on the PATH given, not on the process's own
        if _run([which(command[0]) or command[0], *command[1:]], data, f"the clipboard ({command[0]})", copied):
            break
    return copied


def _run(command: list[str], data: bytes, name: str, copied: Copied) -> bool:
    try:
        # No pipes for its output: xclip stays behind to hold the selection, and a pipe
        # held open by it would keep us waiting.
        result = subprocess.run(
            command,
            input=data,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        reason = "no answer" if isinstance(error, subprocess.TimeoutExpired) else (error.strerror or str(error))
        copied.failed.append(f"{os.path.basename(command[0])}: {reason}")
        return False
    if result.returncode != 0:
        copied.failed.append(f"{os.path.basename(command[0])} failed (status {result.returncode})")
        return False
    copied.reached.append(name)
    return True
