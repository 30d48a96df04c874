"""The `dossier` command: a thin face on the data core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import resources

from . import __version__
from .loader import bundled_library_path, discover, display_path, load_library
from .model import Library
from .problems import DossierError
from .textsafe import printable

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with one clear line
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _path_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="YAML files or folders holding them (default: the bundled library)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dossier",
        usage="%(prog)s [--debug] [PATH ...]\n       %(prog)s [--debug] COMMAND [ARGS ...]",
        description="Browse research dossiers: claims that each point at the exact paragraph of their source.",
        epilog="Without a command, opens the library at PATH (default: the bundled library) in the terminal app, "
        "or prints an overview of it when output is not a terminal. "
        "Run 'dossier COMMAND --help' for more.",
    )
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback if dossier itself fails")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    validate = commands.add_parser(
        "validate",
        help="check files and report every problem as FILE:LINE:COL: message",
        description="Check a library and report every problem, one per line, as FILE:LINE:COL: message. "
        "Exit status: 0 when clean, 1 when any problem is found, 2 on usage errors.",
    )
    _path_arguments(validate)
    commands.add_parser(
        "schema",
        help="print the JSON Schema of the file format, for editors",
        description="Print the JSON Schema that sources and dossiers follow, for editors that check YAML "
        "as it is typed (for example yaml-language-server).",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # --debug is taken anywhere on the line, before or after the command.
    debug = "--debug" in argv
    argv = [arg for arg in argv if arg != "--debug"]
    try:
        if argv and not argv[0].startswith("-") and argv[0] not in ("validate", "schema"):
            # `dossier PATH ...`: paths without a command open the library.
            overview_parser = _Parser(prog="dossier", epilog="Commands: validate, schema (see 'dossier --help').")
            _path_arguments(overview_parser)
            return browse(overview_parser.parse_args(argv).paths)
        args = parser.parse_args(argv)
        if args.command == "validate":
            return validate(args.paths)
        if args.command == "schema":
            sys.stdout.write(resources.files("dossier").joinpath("schema/dossier.schema.json").read_text("utf-8"))
            return EXIT_OK
        return browse([])
    except (_UsageError, DossierError) as error:
        print(f"dossier: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`dossier validate | head`): not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        if debug:
            raise
        print(f"dossier: internal error: {printable(repr(error))} (run with --debug for details)", file=sys.stderr)
        return EXIT_INTERNAL


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _describe_library(library: Library, paths: Sequence[str]) -> str:
    where = ", ".join(paths) if paths else f"the bundled library ({display_path(bundled_library_path())})"
    counts = [
        _count(len(library.files), "file"),
        _count(len(library.sources), "source"),
        _count(len(library.dossiers), "dossier"),
        _count(len(library.claims), "claim"),
    ]
    return f"{printable(where)}: {', '.join(counts)}"


def validate(paths: Sequence[str]) -> int:
    library = load_library(paths)
    for problem in library.problems:
        print(printable(str(problem)))
    summary = _describe_library(library, paths)
    if not library.files:
        print(f"{summary}: no .yaml or .yml files found", file=sys.stderr)
        return EXIT_PROBLEMS
    if library.problems:
        print(f"{summary}: {_count(len(library.problems), 'problem')}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{summary}: no problems", file=sys.stderr)
    return EXIT_OK


def browse(paths: Sequence[str]) -> int:
    """Open the app on a terminal; print the overview when any stream is redirected
    (Textual would wait forever for a terminal that is not there)."""
    if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)):
        return overview(paths)
    discover(paths)  # a path that does not exist is a usage error, before the screen changes
    from .ui.app import DossierApp  # the app's imports cost time the other commands need not pay

    DossierApp(paths).run()
    return EXIT_OK


def overview(paths: Sequence[str]) -> int:
    library = load_library(paths)
    print(_describe_library(library, paths))
    width = max((len(d.id) for d in library.dossiers.values()), default=0)
    for dossier in library.dossiers.values():
        claims = _count(len(dossier.claims), "claim")
        print(f"  {printable(dossier.id):<{width}}  {claims:>10}  {printable(dossier.title)}")
    if library.problems:
        print(f"{_count(len(library.problems), 'problem')}: run 'dossier validate' to list them")
    elif not library.files:
        print("No .yaml or .yml files here: see 'dossier schema' and the README for the format.")
    return EXIT_PROBLEMS if library.problems else EXIT_OK
