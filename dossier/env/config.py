"""The reader's settings, in `config.toml` (see system.config_folder for where):

    theme = "nord"              # the app's colours; a theme chosen in the app is kept here
    editor = "nvim"             # before $VISUAL and $EDITOR, as git's core.editor
    library = ["~/research"]    # opened when no PATH is given and no library is found here
    cache_limit_mb = 2048       # the library cache's size; the least recently used go first

    [keymap]                    # binding id = keys, as `dossier config` lists them
    timeline = "f2"

A bad setting is reported with its file and line and left out: the rest applies, and
a file TOML cannot read leaves every setting at its default."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..library.problems import Problem
from .system import config_folder

CONFIG_NAME = "config.toml"
DEFAULT_CACHE_LIMIT_MB = 2048
SETTINGS = ("theme", "editor", "library", "cache_limit_mb", "keymap")


@dataclass
class Config:
    path: Path  # the file the settings are read from (it may not exist)
    theme: str | None = None
    editor: str | None = None
    library: list[str] = field(default_factory=list)  # absolute paths
    cache_limit_mb: int = DEFAULT_CACHE_LIMIT_MB
    keymap: dict[str, str] = field(default_factory=dict)
    keymap_lines: dict[str, int] = field(default_factory=dict)  # where each is set, to name it
    problems: list[Problem] = field(default_factory=list)


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    return config_folder(environ) / CONFIG_NAME


def load_config(path: Path | None = None, environ: Mapping[str, str] = os.environ) -> Config:
    """The settings in `path` (the reader's config.toml when not given); defaults for a
    file that does not exist. Never raises: what is wrong is in `problems`."""
    path = config_path(environ) if path is None else path
    config = Config(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as error:
        config.problems.append(Problem(str(path), 1, 1, f"cannot read it: {(error.strerror or str(error)).lower()}"))
        return config
    import tomllib  # only a reader with a config file pays for it

    try:
        text = data.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError as error:
        config.problems.append(Problem(str(path), 1, 1, f"not UTF-8 text (byte {error.start + 1})"))
        return config
    except tomllib.TOMLDecodeError as error:
        config.problems.append(_decode_problem(path, error))
        return config
    _read_settings(config, table, text)
    return config


def _decode_problem(path: Path, error: ValueError) -> Problem:
    message = str(error)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        return Problem(str(path), int(found.group(1)), int(found.group(2)), message[: found.start()])
    found = re.search(r"\s*\(at end of document\)$", message)
    return Problem(str(path), 1, 1, message[: found.start()] if found else message)


def _read_settings(config: Config, table: dict, text: str) -> None:
    def problem(key: str, message: str, section: str | None = None) -> None:
        line = line_of(text, key, section)
        config.problems.append(Problem(str(config.path), line, 1, message))

    for key, value in table.items():
        if key not in SETTINGS:
            from ..text.suggest import closest

            close = closest(key.lower(), SETTINGS, 1)
            hint = f"; did you mean {close[0]}?" if close else f" (the settings are {', '.join(SETTINGS)})"
            problem(key, f"no setting {key!r}{hint}")
        elif key in ("theme", "editor"):
            if isinstance(value, str) and value.strip():
                setattr(config, key, value.strip())
            else:
                problem(key, f'{key} must be a text, as {key} = "..."')
        elif key == "library":
            paths = [value] if isinstance(value, str) else value
            if not isinstance(paths, list) or not all(isinstance(item, str) and item for item in paths):
                problem(key, 'library must be a path or a list of paths, as library = ["~/research"]')
            else:
                base = config.path.parent
                config.library = [os.path.normpath(base / os.path.expanduser(item)) for item in paths]
        elif key == "cache_limit_mb":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                config.cache_limit_mb = value
            else:
                problem(key, "cache_limit_mb must be a whole number of megabytes (0: keep no cache)")
        elif not isinstance(value, dict):
            problem(key, 'keymap must be a table: [keymap] then lines such as timeline = "f2"')
        else:
            for binding, keys in value.items():
                if isinstance(keys, str) and keys.strip():
                    config.keymap[binding] = keys.replace(" ", "")
                    config.keymap_lines[binding] = line_of(text, binding, "keymap")
                else:
                    problem(binding, f'the keys of {binding} must be a text, as {binding} = "f2"', "keymap")


def line_of(text: str, key: str, section: str | None = None) -> int:
    """The line where `key` is set, in the top level or in [section]; 1 when not found."""
    current = None
    assignment = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).strip("\"'")
        elif current == section and assignment.match(line):
            return number
    return 1


def toml_text(text: str) -> str:
    """`text` as a TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
