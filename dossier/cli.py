"""The `dossier` command: a thin face on the data core."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from importlib import resources

from . import __version__
from .analysis import speakers
from .cache import Loaded
from .cache import load as load_cached
from .cache import write as cache_write
from .format import MAX_FILE_BYTES, STATUSES
from .importer import source_document, split_paragraphs
from .loader import bundled_library_path, decode_text, display_path, read_text, require_paths
from .model import Library
from .plaintext import BOLD, MARKDOWN, PLAIN, Emphasis, closest, every_id, resolve, results_json, results_table
from .plaintext import show as show_text
from .problems import DossierError, ReadProblem
from .report import FORMATS, selected_dossiers
from .report import export as export_report
from .search import Filters, Order, Scope
from .textsafe import counted, paragraphs_do, printable
from .writing import write_atomically

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


COMMANDS = ("open", "validate", "search", "show", "export", "import", "schema")


def _text(value: str) -> str:
    """A text argument: the command line gives bytes that are not UTF-8 as surrogates,
    which no file, search or output could hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = value[error.start].encode("utf-8", "surrogateescape")[0]
        raise argparse.ArgumentTypeError(f"not valid UTF-8 (byte 0x{byte:02X}): give it as UTF-8 text") from None
    return value


def _limit(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number (0 for no limit), not {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dossier",
        usage="%(prog)s [--debug] [PATH ...]\n       %(prog)s [--debug] COMMAND [ARGS ...]",
        description="Browse research dossiers: claims that each point at the exact paragraph of their source.",
        epilog="Without a command, opens the library at PATH (default: the bundled library) in the terminal app "
        "(which needs a terminal: elsewhere, use the commands). "
        "Run 'dossier COMMAND --help' for more.",
    )
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback if dossier itself fails")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, prog="dossier")
    open_ = commands.add_parser(
        "open",
        help="open the app at a claim, a paragraph (source-id#paragraph-id), a source or a dossier",
        description="Open the app at what ID names, as 'dossier show' reads it: a claim (or an id it had "
        "before), a paragraph written source-id#paragraph-id (the source pane on that paragraph), a source "
        "(at its first paragraph) or a dossier (its claims listed). The ids are those 'dossier search' prints. "
        "Exit status: 0, 1 when nothing has that id (the closest ids are suggested), 2 without a terminal.",
    )
    open_.add_argument(
        "id", metavar="ID", type=_text, help="a claim id, source-id#paragraph-id, a source id or a dossier id"
    )
    _path_arguments(open_)

    validate = commands.add_parser(
        "validate",
        help="check files and report every problem as FILE:LINE:COL: message",
        description="Check a library and report every problem, one per line, as FILE:LINE:COL: message. "
        "Exit status: 0 when clean, 1 when any problem is found, 2 on usage errors.",
    )
    _path_arguments(validate)

    search = commands.add_parser(
        "search",
        help="find claims (or source paragraphs) as the app's search box does",
        description="Find claims, or source paragraphs, with the query language and ranking of the app's "
        "search box: every word fuzzily, speaker:NAME, via:, tag:, status:, dossier:, source:, 'exact, !exclude. "
        "Prints a table (rank, score, id, dossier, first evidence, text), or JSON with --json. "
        "Exit status: 0 with results, 1 with none, 2 on usage errors.",
    )
    search.add_argument(
        "query", metavar="QUERY", type=_text, help="what to find; quote it as one argument ('' lists all)"
    )
    _path_arguments(search)
    search.add_argument(
        "--limit", type=_limit, default=20, metavar="N", help="show at most N results (default 20; 0 for all)"
    )
    search.add_argument(
        "--scope",
        choices=[scope.value for scope in Scope],
        default=Scope.CLAIMS.value,
        help="search claims (default), source paragraphs, or all of them",
    )
    search.add_argument("--json", action="store_true", help="print a JSON array of results")
    narrowing = search.add_argument_group("filters and order (the app's F, 1 and o keys)")
    narrowing.add_argument("--dossier", metavar="ID", type=_text, help="only the claims of this dossier")
    narrowing.add_argument("--status", choices=STATUSES, help="only the claims with this status")
    narrowing.add_argument("--tag", metavar="TAG", type=_text, help="only the claims with this tag")
    narrowing.add_argument(
        "--speaker", metavar="NAME", type=_text, help="only the claims this speaker said or relayed (exact name)"
    )
    narrowing.add_argument("--single-source", action="store_true", help="only the claims that rest on one source")
    narrowing.add_argument(
        "--sort",
        choices=[order.value for order in Order],
        default=Order.RELEVANCE.value,
        help="order: best match first (default), or by how many sources carry each claim",
    )

    show = commands.add_parser(
        "show",
        help="print a claim with its evidence, a paragraph with the claims citing it, a source or a dossier",
        description="Print what ID names: a claim (its fields, then each piece of evidence in its paragraph, "
        "the quoted words emphasised), a paragraph written source-id#paragraph-id (and the claims that cite it), "
        "a source, or a dossier. Quoted words are bold on a terminal, and **marked** when output is not a "
        "terminal or NO_COLOR is set. Exit status: 0, or 1 when nothing has that id (the closest ids are "
        "suggested).",
    )
    show.add_argument(
        "id", metavar="ID", type=_text, help="a claim id, source-id#paragraph-id, a source id or a dossier id"
    )
    _path_arguments(show)

    export = commands.add_parser(
        "export",
        help="write a report of the library: Markdown, JSON or CSV",
        description="Write a report. Markdown: each dossier's claims with status and speaker, each followed by "
        "footnotes quoting its evidence with source and paragraph. JSON: the whole checked library as "
        '{"sources": [...], "dossiers": [...]}, with the field names of the files. CSV: one row per claim. '
        "An existing FILE is replaced only with --force.",
    )
    _path_arguments(export)
    export.add_argument(
        "--dossier",
        action="append",
        default=[],
        metavar="ID",
        type=_text,
        help="only this dossier, and the sources it cites (repeat for more)",
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        help="report format (default: from the suffix of FILE, .json, .csv or .md; else markdown)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    import_ = commands.add_parser(
        "import",
        help="turn a plain-text article into a source file",
        description="Turn a plain-text article into a source: one paragraph per block between blank lines, "
        "or per line when the text has no blank line, ids p1..pN, the text kept word for word. "
        "The result passes 'dossier validate'. Written atomically; an existing file is replaced only "
        "with --force.",
    )
    import_.add_argument("file", metavar="FILE", help="the article, as UTF-8 text; - reads standard input")
    import_.add_argument(
        "--id", required=True, type=_text, help="the source's id: lowercase letters, digits and hyphens"
    )
    import_.add_argument("--title", required=True, type=_text, help="the source's title")
    import_.add_argument("--publisher", type=_text, help="who published the article")
    import_.add_argument("--url", type=_text, help="where it was published (http:// or https://)")
    import_.add_argument("--published", metavar="DATE", type=_text, help="when, as YYYY-MM-DD")
    import_.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to PATH, or to PATH/ID.yaml when PATH is a folder (default: standard output)",
    )
    import_.add_argument("--force", action="store_true", help="replace the file if it exists")

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
        if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
            # `dossier PATH ...`: paths without a command open the library.
            paths_parser = _Parser(prog="dossier", epilog=f"Commands: {', '.join(COMMANDS)} (see 'dossier --help').")
            _path_arguments(paths_parser)
            return browse(paths_parser.parse_args(argv).paths)
        args = parser.parse_args(argv)
        if args.command is None:
            return browse([])
        if args.command == "schema":
            sys.stdout.write(resources.files("dossier").joinpath("schema/dossier.schema.json").read_text("utf-8"))
            return EXIT_OK
        run = {
            "open": open_at,
            "validate": validate,
            "search": search,
            "show": show,
            "export": export,
            "import": import_source,
        }
        return run[args.command](args)
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


def _describe_library(library: Library, paths: Sequence[str]) -> str:
    where = ", ".join(paths) if paths else f"the bundled library ({display_path(bundled_library_path())})"
    counts = [
        counted(len(library.files), "file"),
        counted(len(library.sources), "source"),
        counted(len(library.dossiers), "dossier"),
        counted(len(library.claims), "claim"),
    ]
    if library.glossary:
        counts.append(counted(len(library.glossary), "glossary entry").replace("entrys", "entries"))
    return f"{printable(where)}: {', '.join(counts)}"


def validate(args: argparse.Namespace) -> int:
    library = load_cached(args.paths).library
    for problem in library.problems:
        print(printable(str(problem)))
    summary = _describe_library(library, args.paths)
    if not library.files:
        print(f"{summary}: no .yaml or .yml files found", file=sys.stderr)
        return EXIT_PROBLEMS
    if library.problems:
        print(f"{summary}: {counted(len(library.problems), 'problem')}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{summary}: no problems", file=sys.stderr)
    return EXIT_OK


# --- output ----------------------------------------------------------------------------


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _emphasis(otherwise: Emphasis = MARKDOWN) -> Emphasis:
    """Bold on a terminal that takes escapes; `otherwise` anywhere else (NO_COLOR, a pipe)."""
    plain_terminal = os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
    return BOLD if _on_terminal() and not plain_terminal else otherwise


def _print_data(text: str) -> None:
    """Print what a command produced. On a terminal, control characters from the files
    are escaped (printed to a file or a pipe, the text is exact)."""
    sys.stdout.write(printable(text) if _on_terminal() else text)


def _load(paths: Sequence[str]) -> Loaded:
    """The library (from the cache when it is fresh) and its index, with a word on
    standard error when the library has problems."""
    loaded = load_cached(paths)
    library = loaded.library
    if library.problems:
        print(
            f"dossier: the library has {counted(len(library.problems), 'problem')}; what they concern "
            "is left out (run 'dossier validate' to list them)",
            file=sys.stderr,
        )
    return loaded


def _not_found(what: str, key: str, choices: Sequence[str]) -> int:
    close = closest(key, choices)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    print(f"dossier: no {what} '{printable(key)}'{hint}", file=sys.stderr)
    return EXIT_PROBLEMS


# --- the commands ----------------------------------------------------------------------


def search(args: argparse.Namespace) -> int:
    loaded = _load(args.paths)
    library = loaded.library
    if args.dossier and args.dossier not in library.dossiers:
        return _not_found("dossier", args.dossier, list(library.dossiers))
    claims = library.claims.values()
    if args.tag and all(args.tag not in claim.tags for claim in claims):
        return _not_found("tag", args.tag, list(dict.fromkeys(tag for claim in claims for tag in claim.tags)))
    if args.speaker and args.speaker not in (names := [speaker.name for speaker in speakers(claims)]):
        return _not_found("speaker or relay", args.speaker, names)
    filters = Filters(args.dossier, args.status, args.tag, args.speaker, args.single_source)
    results = loaded.index.search(args.query, Scope(args.scope), filters, Order(args.sort))
    if loaded.index.paragraphs_built:  # built for this search: keep it for the next
        cache_write(args.paths, loaded)
    limit = args.limit or None
    if args.json:
        # JSON escapes every control character; printable() turns the rest (C1, bidi)
        # into JSON escapes too, so the text read back is exact.
        sys.stdout.write(printable(results_json(library, results, limit)))
    elif results.hits:
        width = shutil.get_terminal_size().columns if _on_terminal() else None
        # Matched words are bold on a terminal; piped, the table stays plain text.
        sys.stdout.write(results_table(library, results, limit, width, _emphasis(otherwise=PLAIN)))
    shown = len(results.hits[:limit])
    if shown < len(results.hits):
        found = f"{shown} of {counted(len(results.hits), 'result')} shown ({results.describe()})"
        print(f"dossier: {found}; --limit 0 shows all", file=sys.stderr)
    elif not results.hits:
        narrowed = f" ({printable(filters.describe())})" if filters else ""
        searching_claims = results.scope is Scope.CLAIMS and not filters
        elsewhere = loaded.index.paragraphs_matching(results.query) if searching_claims else None
        hint = f"; {paragraphs_do(elsewhere)} (--scope all)" if elsewhere else ""
        print(
            f"dossier: nothing matches '{printable(args.query)}' in {results.searched()}{narrowed}{hint}",
            file=sys.stderr,
        )
    return EXIT_OK if results.hits else EXIT_PROBLEMS


def show(args: argparse.Namespace) -> int:
    library = _load(args.paths).library
    thing = resolve(library, args.id)
    if thing is None:
        return _not_found("claim, paragraph, source or dossier", args.id, every_id(library, args.id))
    width = shutil.get_terminal_size().columns if _on_terminal() else None
    sys.stdout.write(show_text(library, thing, _emphasis(), width))
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    form = args.format or _format_from_suffix(args.output)
    library = _load(args.paths).library
    for key in args.dossier:
        if key not in library.dossiers:
            return _not_found("dossier", key, list(library.dossiers))
    report = export_report(library, form, args.dossier)
    if args.output is None:
        _print_data(report)
        return EXIT_OK
    write_atomically(args.output, report, replace=args.force)
    dossiers = selected_dossiers(library, args.dossier)
    claims = sum(len(dossier.claims) for dossier in dossiers)
    what = f"{counted(len(dossiers), 'dossier')}, {counted(claims, 'claim')}"
    print(f"dossier: wrote {printable(args.output)} ({form}: {what})", file=sys.stderr)
    return EXIT_OK


def _format_from_suffix(path: str | None) -> str:
    suffix = os.path.splitext(path or "")[1].lower()
    return {".json": "json", ".csv": "csv"}.get(suffix, "markdown")


def import_source(args: argparse.Namespace) -> int:
    name = "standard input" if args.file == "-" else args.file
    try:
        if args.file == "-":
            article = decode_text(sys.stdin.buffer.read(MAX_FILE_BYTES + 1))
        elif os.path.isdir(args.file):
            raise DossierError(f"{args.file}: is a folder; give the article's file")
        elif not os.path.exists(args.file):
            raise DossierError(f"{args.file}: no such file")
        else:
            article = read_text(args.file)
    except ReadProblem as problem:
        print(printable(str(problem.at(name))), file=sys.stderr)
        return EXIT_PROBLEMS
    paragraphs = split_paragraphs(article)
    document = source_document(
        paragraphs,
        source_id=args.id,
        title=args.title,
        publisher=args.publisher,
        url=args.url,
        published=args.published,
        name=name,
    )
    count = counted(len(paragraphs), "paragraph")
    if args.output is None:
        _print_data(document)
        print(f"dossier: source {args.id}: {count}", file=sys.stderr)
        return EXIT_OK
    path = os.path.join(args.output, f"{args.id}.yaml") if os.path.isdir(args.output) else args.output
    write_atomically(path, document, replace=args.force)
    print(f"dossier: wrote {printable(path)}: source {args.id}, {count}", file=sys.stderr)
    return EXIT_OK


def browse(paths: Sequence[str]) -> int:
    """Open the app, on a terminal that can draw it; else refuse with a hint of the
    commands that print (Textual would wait forever for a terminal that is not there,
    or fill a dumb one with escapes)."""
    require_paths(paths)  # a path that does not exist is a usage error, before the screen changes
    if _refused_without_terminal():
        return EXIT_USAGE
    from .ui.app import DossierApp  # the app's imports cost time the other commands need not pay

    DossierApp(paths).run()
    return EXIT_OK


def open_at(args: argparse.Namespace) -> int:
    """`dossier open ID`: the app, opened at what ID names once it is known to exist."""
    require_paths(args.paths)
    if _refused_without_terminal():
        return EXIT_USAGE
    loaded = _load(args.paths)
    if resolve(loaded.library, args.id) is None:
        return _not_found("claim, paragraph, source or dossier", args.id, every_id(loaded.library, args.id))
    from .ui.app import DossierApp

    DossierApp(args.paths, start=args.id, preloaded=loaded).run()
    return EXIT_OK


def _refused_without_terminal() -> bool:
    missing = terminal_missing()
    if missing:
        print(
            f"dossier: the app needs a terminal, and {missing}. Use the commands that print instead: "
            "'dossier search QUERY', 'dossier show ID', 'dossier validate' ('dossier --help' lists them all)",
            file=sys.stderr,
        )
    return bool(missing)


def terminal_missing() -> str | None:
    """Why the app cannot be drawn here, or None when it can."""
    for name, stream in (("input", sys.stdin), ("output", sys.stdout), ("error", sys.stderr)):
        if stream is None or not stream.isatty():
            return f"standard {name} is not one"
    term = os.environ.get("TERM", "")
    if term in ("", "dumb", "unknown"):
        return f"TERM={term} cannot draw it" if term else "TERM is not set"
    return None
