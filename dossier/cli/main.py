"""The `dossier` command: which command runs, and what every one of them says of an error.

This module imports next to nothing, so that `--version`, `--help`, `help`, `schema`
and `completion` answer at once; the commands that read a library are in `commands`,
imported only when one of them runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .exits import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError
from .parser import COMMANDS, build_parser, closest_command, parse, subparsers


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = parse(argv)
        if args.command == "help":
            return show_help(args.topic)
        if args.command == "schema":  # beside this file, installed or not (importlib.resources costs 20 ms)
            schema = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schema", "dossier.schema.json")
            with open(schema, encoding="utf-8") as stream:
                sys.stdout.write(stream.read())
            return EXIT_OK
        if args.command == "completion" and args.shell != "ids":
            from .completion import script

            sys.stdout.write(script(args.shell, build_parser()))
            return EXIT_OK
        from .search import prepare, search_from_file

        prepare(args)
        if args.command == "search":
            answered = search_from_file(args)
            if answered is not None:
                return answered
        from . import commands as cli_commands  # the data core: loaded only for the commands that read a library

        return cli_commands.run(args)
    except UsageError as error:
        print(f"dossier: {_printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`dossier validate | head`): not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        from ..library.problems import DossierError

        if isinstance(error, DossierError):  # what the data core says of bad paths and arguments
            print(f"dossier: {_printable(str(error))}", file=sys.stderr)
            return EXIT_USAGE
        if debug:
            raise
        print(f"dossier: internal error: {_printable(repr(error))} (run with --debug for details)", file=sys.stderr)
        return EXIT_INTERNAL


def _printable(text: str) -> str:
    from ..text.textsafe import printable

    return printable(text)


def show_help(topic: str | None) -> int:
    parser = build_parser()
    if topic is None:
        parser.print_help()
        return EXIT_OK
    if topic not in COMMANDS:
        meant = closest_command(topic)
        hint = f"; did you mean '{meant}'?" if meant else ""
        raise UsageError(f"no command '{topic}'{hint} (the commands: {', '.join(COMMANDS)})")
    subparsers(parser)[topic].print_help()
    return EXIT_OK
