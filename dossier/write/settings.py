"""The reader's settings file written: the theme chosen in the app kept, that line alone
changed (or added), so that the reader's comments and other settings stay as written."""

from __future__ import annotations

import re
from pathlib import Path

from ..env.config import toml_text
from ..library.problems import DossierError
from .writing import replace_file, write_atomically

_THEME_LINE = re.compile(r"""^(\s*theme\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*')(.*)$""")


def keep_theme(path: Path, theme: str) -> None:
    """Set `theme` in the config file, changing that line alone (or adding it), so the
    reader's comments and other settings stay as they wrote them. Raises DossierError
    when the file cannot be read as TOML: it is not rewritten then."""
    import tomllib

    value = toml_text(theme)
    try:
        text = path.read_bytes().decode("utf-8")  # as written: CRLF stays CRLF
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(str(path), f"# dossier's settings: see 'dossier config'\ntheme = {value}\n")
        return
    except (OSError, UnicodeDecodeError) as error:
        raise DossierError(f"{path}: cannot read it to keep the theme: {error}") from None
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DossierError(f"{path}: not kept, the file has a mistake: {error}") from None
    lines = text.splitlines(keepends=True)
    first_table = next((n for n, line in enumerate(lines) if re.match(r"\s*\[", line)), len(lines))
    for number, line in enumerate(lines[:first_table]):
        found = _THEME_LINE.match(line.rstrip("\r\n"))
        if found:
            ending = line[len(line.rstrip("\r\n")) :]
            lines[number] = f"{found.group(1)}{value}{found.group(3)}{ending}"
            break
    else:
        if first_table == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        ending = "\r\n" if "\r\n" in text else "\n"
        lines.insert(first_table, f"theme = {value}{ending}")
    replace_file(str(path), text.encode("utf-8"), "".join(lines).encode("utf-8"))  # unless changed meanwhile
