"""`dossier search`, and what every command that reads a library does first.

A search is answered from the library's search file when it is fresh and can answer
(search/searchfile.py): that needs none of the library, nor numpy. Otherwise the library is
loaded (from the cache, or read) by commands.py. Both print through `show_results`,
and check the filters through `unknown_filter`, here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Sequence

from ..env.config import load_config
from ..env.discovery import DEMO_NOTE, find_library
from ..env.system import wants_color
from ..library.choices import Order, Scope
from ..search.query import Filters, names_match
from ..search.results import Hit, Results, Summary, few_paragraphs
from ..text.textsafe import counted, paragraphs_do, printable
from .exits import EXIT_OK, EXIT_PROBLEMS

# The commands that read a library, and so find one when no PATH is given.
READS_LIBRARY = {None, "open", "validate", "search", "show", "export", "completion", "add", "changes", "verify"}


def prepare(args: argparse.Namespace) -> None:
    """The settings (a word on standard error for each problem in them), and, for a
    command that reads a library, which library (args.paths)."""
    quiet = args.command == "completion"  # its output is read by a shell, as you type
    config = load_config()
    if config.problems and not quiet and args.command != "config":
        for problem in config.problems:
            print(f"dossier: {printable(str(problem))} (left at its default)", file=sys.stderr)
    args.config = config
    args.found = None
    if args.command == "changes" and args.source and (os.sep in args.source or os.path.exists(args.source)):
        args.paths, args.source = [args.source, *args.paths], None  # `dossier changes content/`: a path, not an id
    if args.command in READS_LIBRARY:
        args.found = find_library(args.paths, config.library, str(config.path))
        args.paths = args.found.paths
        if args.found.demo and not quiet and args.command not in (None, "open"):
            print(f"dossier: {DEMO_NOTE}", file=sys.stderr)


def search_from_file(args: argparse.Namespace) -> int | None:
    """`dossier search` answered from the library's search file; None when it cannot
    answer (no fresh file, or a search it leaves to the library: see SearchFile.answers)."""
    from ..search.searchfile import SearchFile, open_fresh
    from ..store import freshness
    from ..store.files import library_paths

    scope = Scope(args.scope)
    if not SearchFile.answers(args.query, scope) or args.config.cache_limit_mb <= 0:
        return None
    paths = library_paths(args.paths)
    found = open_fresh(paths)
    if found is None:
        return None
    header, mapped = found
    with contextlib.suppress(OSError):
        os.utime(freshness.cached_file(paths, ".pickle"))  # used now: see cache.prune
    try:
        index = SearchFile(header, mapped)
    except ValueError:  # damaged: the library's cache answers, and writes it anew
        return None
    unknown = unknown_filter(args, index.dossiers, index.tags, index.names)
    if unknown is None:
        filters = Filters(args.dossier, args.status, args.tag, args.speaker, args.single_source)
        results = index.search(args.query, filters, Order(args.sort))
        if not results.hits and few_paragraphs(index.paragraphs):  # the library says how many paragraphs match
            return None
    _problems_note(index.problems)  # as the library's load says it: first
    return not_found(*unknown) if unknown is not None else show_results(args, results, index.summary)


def _problems_note(problems: int) -> None:
    if problems:
        print(
            f"dossier: the library has {counted(problems, 'problem')}; what they concern "
            "is left out (run 'dossier validate' to list them)",
            file=sys.stderr,
        )


def unknown_filter(
    args: argparse.Namespace, dossiers: Sequence[str], tags: Sequence[str], names: Sequence[str]
) -> tuple[str, str, Sequence[str], Sequence[str]] | None:
    """What --dossier, --tag or --speaker names that the library does not hold, as
    `not_found` reports it (what, the name, the choices, the closest); None when the
    library holds them all."""
    if args.dossier and args.dossier not in dossiers:
        return "dossier", args.dossier, list(dossiers), ()
    if args.tag and args.tag not in tags:
        return "tag", args.tag, list(tags), ()
    if args.speaker and not any(names_match(args.speaker, name) for name in names):
        from ..text.suggest import closest

        # `kirbi` is close to a word of `John Kirby`, not to the whole name
        names = list(names)
        by_word = {word.lower(): name for name in names for word in name.split()}
        close = closest(args.speaker.lower(), list(by_word), 3) or []
        return "speaker or relay", args.speaker, names, [by_word[word] for word in close]
    return None


def not_found(what: str, key: str, choices: Sequence[str], close: Sequence[str] = ()) -> int:
    from ..text.suggest import closest

    close = list(dict.fromkeys([*close, *closest(key, choices, 3)]))
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    print(f"dossier: no {what} '{printable(key)}'{hint}", file=sys.stderr)
    return EXIT_PROBLEMS


def show_results(
    args: argparse.Namespace,
    results: Results,
    summary: Callable[[Hit], Summary],
    elsewhere: Callable[[], int | None] = lambda: None,
) -> int:
    """Print what `results` found (`summary(hit)`: what is shown of each), or that
    nothing matched (`elsewhere()`: how many paragraphs would); the exit status."""
    from .layout import BOLD, PLAIN, results_json, results_table

    limit = args.limit or None
    on_terminal = sys.stdout.isatty()
    if args.json:
        # JSON escapes every control character; printable() turns the rest (C1, bidi)
        # into JSON escapes too, so the text read back is exact.
        sys.stdout.write(printable(results_json(summary, results, limit)))
    elif results.hits:
        width = shutil.get_terminal_size().columns if on_terminal else None
        # Matched words are bold on a terminal; piped, the table stays plain text.
        emphasis = BOLD if wants_color(args.color, os.environ, on_terminal) else PLAIN
        sys.stdout.write(results_table(summary, results, limit, width, emphasis))
    shown = len(results.hits[:limit])
    if shown < len(results.hits):
        found = f"{shown} of {counted(len(results.hits), 'result')} shown ({results.describe()})"
        print(f"dossier: {found}; --limit 0 shows all", file=sys.stderr)
    elif not results.hits:
        narrowed = f" ({printable(results.filters.describe())})" if results.filters else ""
        paragraphs = elsewhere()
        hint = f"; {paragraphs_do(paragraphs)} (--scope all)" if paragraphs else ""
        print(
            f"dossier: nothing matches '{printable(args.query)}' in {results.searched()}{narrowed}{hint}",
            file=sys.stderr,
        )
    return EXIT_OK if results.hits else EXIT_PROBLEMS
