"""dossier(1), made from the parser: `python -m dossier.cli.manpage > man/dossier.1`.

The page ships in the wheel (share/man/man1), so that `man dossier` works after
`pip install`; a test keeps the committed page equal to what the parser says."""

from __future__ import annotations

import argparse
import re

from .. import __version__
from .parser import LIBRARY_HELP, build_parser, subparsers


def _roff(text: str) -> str:
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # A line starting with . or ' would be a request.
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.splitlines())


def _option_names(action: argparse.Action) -> str:
    names = ", ".join(f"\\fB{_roff(name)}\\fR" for name in action.option_strings)
    if action.nargs == 0:
        return names
    value = action.metavar or (
        ("{" + ",".join(map(str, action.choices)) + "}") if action.choices else action.dest.upper()
    )
    return f"{names} \\fI{_roff(str(value))}\\fR"


def _examples(epilog: str | None) -> list[str]:
    if not epilog:
        return []
    return [line.strip() for line in epilog.splitlines() if line.startswith("  ")]


def render() -> str:
    parser = build_parser()
    out = [
        f'.TH DOSSIER 1 "" "dossier {__version__}" "User Commands"',
        ".SH NAME",
        "dossier \\- browse research dossiers whose every claim points at its source paragraph",
        ".SH SYNOPSIS",
        "\\fBdossier\\fR [\\fIPATH\\fR ...]",
        ".br",
        "\\fBdossier\\fR \\fICOMMAND\\fR [\\fIARGS\\fR ...]",
        ".SH DESCRIPTION",
        _roff(parser.description or ""),
        ".PP",
        "Options may come anywhere on the line, before or after the command and its arguments.",
        ".SH OPTIONS",
    ]
    for action in parser._actions:
        if action.option_strings:
            out += [".TP", _option_names(action), _roff((action.help or "").replace("%%", "%"))]
    out.append(".SH COMMANDS")
    for name, sub in subparsers(parser).items():
        positionals = " ".join(
            f"[\\fI{action.metavar}\\fR ...]" if action.nargs == "*" else f"\\fI{action.metavar or action.dest}\\fR"
            for action in sub._actions
            if not action.option_strings
        )
        out += [".SS " + f"dossier {name} {positionals}".rstrip(), _roff(sub.description or "")]
        for action in sub._actions:
            if action.option_strings and action.dest not in ("help", "debug", "color"):
                out += [".TP", _option_names(action), _roff((action.help or "").replace("%%", "%"))]
        examples = _examples(sub.epilog)
        if examples:
            out += [".PP", "Examples:", ".RS", ".nf", *(_roff(example) for example in examples), ".fi", ".RE"]
    out += [
        ".SH THE LIBRARY",
        _roff(LIBRARY_HELP),
        ".SH FILES",
        ".TP",
        "\\fIdossier.toml\\fR",
        _roff("Marks a folder as a library (see dossier init); 'paths = [...]' says what to load."),
        ".TP",
        "\\fI$XDG_CONFIG_HOME/dossier/config.toml\\fR",
        _roff(
            "Settings: theme, editor, library, cache_limit_mb and a [keymap] table ('dossier config' "
            "shows them). On macOS ~/Library/Application Support/dossier, on Windows %APPDATA%\\dossier."
        ),
        ".TP",
        "\\fI$XDG_CACHE_HOME/dossier/\\fR",
        _roff("The library cache ('dossier cache')."),
        ".SH ENVIRONMENT",
        ".TP",
        "\\fBNO_COLOR\\fR, \\fBFORCE_COLOR\\fR",
        _roff("Turn emphasis off, or on where output is not a terminal (--color decides over both)."),
        ".TP",
        "\\fBVISUAL\\fR, \\fBEDITOR\\fR",
        _roff("The editor the app's e key opens, when config.toml sets none."),
        ".TP",
        "\\fBDOSSIER_CONFIG_HOME\\fR",
        _roff("A folder to read config.toml from instead."),
        ".SH EXIT STATUS",
        _roff("0 on success; 1 when problems are found or nothing matches; 2 on usage errors; 3 on an internal error."),
        ".SH EXAMPLES",
        ".nf",
        *(_roff(example) for example in _examples(parser.epilog)),
        ".fi",
    ]
    page = "\n".join(out) + "\n"
    return re.sub(r"\n{2,}", "\n", page)


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
