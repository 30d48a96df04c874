"""What differs between the systems dossier runs on: whether a terminal can draw the
app, which editors and clipboard tools to look for, where settings and the cache live,
and the environment a helper process starts in. Each decision takes the system and the
environment as arguments, so that the choices for Windows and macOS are tested on any
machine."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

LINUX, MACOS, WINDOWS = "linux", "macos", "windows"

Which = Callable[[str], str | None]


def current_system() -> str:
    if sys.platform == "win32":
        return WINDOWS
    if sys.platform == "darwin":
        return MACOS
    return LINUX  # and the other Unixes, which share its conventions


def terminal_missing(
    streams: Mapping[str, object] | None = None,
    environ: Mapping[str, str] = os.environ,
    system: str | None = None,
) -> str | None:
    """Why the app cannot be drawn here, or None when it can. On Windows, TERM means
    nothing (its console sets none), so only the streams are looked at."""
    if streams is None:
        streams = {"input": sys.stdin, "output": sys.stdout, "error": sys.stderr}
    for name, stream in streams.items():
        if stream is None or not stream.isatty():
            return f"standard {name} is not one"
    if (system or current_system()) == WINDOWS:
        return None
    term = environ.get("TERM", "")
    if term in ("", "dumb", "unknown"):
        return f"TERM={term} cannot draw it" if term else "TERM is not set"
    return None


def wants_color(choice: str, environ: Mapping[str, str], on_terminal: bool) -> bool:
    """Whether to emphasise with escapes: --color always or never decides; with auto,
    NO_COLOR turns it off, then FORCE_COLOR on (https://no-color.org, force-color.org),
    then a terminal that is not dumb turns it on."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return on_terminal and environ.get("TERM") != "dumb"


def editor_fallbacks(system: str | None = None) -> tuple[str, ...]:
    """The editors tried, in order, when neither the config nor $VISUAL nor $EDITOR names one."""
    system = system or current_system()
    if system == WINDOWS:
        return ("notepad",)
    if system == MACOS:
        return ("nano", "vim", "vi")
    return ("sensible-editor", "editor", "nano", "vi")


def clipboard_tools(
    environ: Mapping[str, str] = os.environ, system: str | None = None, which: Which = shutil.which
) -> list[list[str]]:
    """The commands that put their standard input on this machine's clipboard, best
    first: the one for the display in use, then the others that are installed."""
    system = system or current_system()
    if system == WINDOWS:
        candidates = [["clip.exe"]]
    elif system == MACOS:
        candidates = [["pbcopy"]]
    else:
        candidates = []
        if environ.get("WAYLAND_DISPLAY"):
            candidates.append(["wl-copy"])
        if environ.get("DISPLAY"):
            candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
        if environ.get("WSL_DISTRO_NAME"):  # Linux under Windows: the Windows clipboard
            candidates.append(["clip.exe"])
    return [command for command in candidates if which(command[0])]


def config_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Where config.toml lives: $DOSSIER_CONFIG_HOME when set, else the system's place
    for settings ($XDG_CONFIG_HOME/dossier on Linux, ~/Library/Application Support/dossier
    on macOS, %APPDATA%\\dossier on Windows)."""
    if environ.get("DOSSIER_CONFIG_HOME"):
        return Path(environ["DOSSIER_CONFIG_HOME"])
    if sys.platform == "linux":  # as platformdirs has it, without its import at every start
        return _xdg(environ, "XDG_CONFIG_HOME", ".config")
    import platformdirs

    return Path(platformdirs.user_config_dir("dossier", appauthor=False))


def cache_folder() -> Path:
    """Where the library cache lives: $XDG_CACHE_HOME/dossier on Linux (~/.cache/dossier),
    ~/Library/Caches/dossier on macOS, %LOCALAPPDATA%\\dossier\\Cache on Windows."""
    if sys.platform == "linux":
        return _xdg(os.environ, "XDG_CACHE_HOME", ".cache")
    import platformdirs

    return Path(platformdirs.user_cache_dir("dossier", appauthor=False))


def _xdg(environ: Mapping[str, str], name: str, otherwise: str) -> Path:
    """dossier's folder in the XDG base directory `name` (~/`otherwise` when unset)."""
    base = environ.get(name, "").strip()
    return Path(base or os.path.expanduser(f"~/{otherwise}")) / "dossier"


def helper_environment() -> dict[str, str]:
    """The environment of a helper process (`python -m dossier.session.reading`): this one's,
    with this dossier first on the module path, installed or not."""
    package_parent = str(Path(__file__).resolve().parents[2])  # the folder holding dossier/
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
