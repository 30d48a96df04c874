"""What each `dossier` command does: a thin face on the data core (the parser is in cli)."""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys

from ..env.config import Config, toml_text
from ..env.discovery import DEMO_READ_ONLY, Found, find_library, starter_files
from ..env.system import terminal_missing, wants_color
from ..library.analysis import speakers
from ..library.choices import Order, Scope
from ..library.citation import claim_citation, paragraph_citation
from ..library.lookup import every_id, former_paragraph, resolve
from ..library.model import Claim, Library, Paragraph
from ..library.problems import DossierError, breaks_escaped, path_text
from ..search.query import Filters
from ..session import cache
from ..session.cache import Loaded
from ..session.cache import load as load_cached
from ..store.files import bundled_is_installed, bundled_library_path, display_path, require_paths
from ..text.textsafe import counted, printable
from ..write.starter import init_library
from ..write.writing import ChangedOnDisk, write_atomically
from .exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError
from .layout import BOLD, MARKDOWN, Emphasis
from .plaintext import show as show_text
from .plaintext import show_former_paragraph, summary
from .report import export as export_report
from .report import selected_dossiers
from .search import not_found, show_results, unknown_filter
from .versions import changes, update_source

# How often `dossier add` makes its change again when the file was written meanwhile.
WRITE_ATTEMPTS = 5


def run(args: argparse.Namespace) -> int:
    """Run the command `args` names (as parser.parse made them, and search.prepare
    completed them)."""
    commands = {
        None: browse,
        "open": open_at,
        "validate": validate,
        "search": search,
        "show": show,
        "export": export,
        "import": import_source,
        "verify": verify,
        "changes": changes,
        "add": add,
        "init": init,
        "config": show_config,
        "cache": show_cache,
        "completion": completion_ids,
    }
    return commands[args.command](args)


def _describe_library(library: Library, found: Found) -> str:
    if found.demo:
        where = f"the bundled demo library ({display_path(bundled_library_path())})"
    else:
        where = ", ".join(display_path(path) for path in found.paths)
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
    library = load_cached(args.paths, limit_mb=args.config.cache_limit_mb).library
    for problem in library.problems:
        print(printable(str(problem)))
    summary = _describe_library(library, args.found)
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


def _emphasis(color: str, otherwise: Emphasis = MARKDOWN) -> Emphasis:
    """Bold where --color, NO_COLOR, FORCE_COLOR and the terminal say so; else `otherwise`."""
    return BOLD if wants_color(color, os.environ, _on_terminal()) else otherwise


def _print_data(text: str) -> None:
    """Print what a command produced. On a terminal, control characters from the files
    are escaped (printed to a file or a pipe, the text is exact)."""
    sys.stdout.write(printable(text) if _on_terminal() else text)


def _load(args: argparse.Namespace, save: bool = True) -> Loaded:
    """The library (from the cache when it is fresh) and its index, with a word on
    standard error when the library has problems; with `save`, the cache written when
    it was not fresh."""
    loaded = load_cached(args.paths, limit_mb=args.config.cache_limit_mb, save=save)
    library = loaded.library
    if library.problems:
        print(
            f"dossier: the library has {counted(len(library.problems), 'problem')}; what they concern "
            "is left out (run 'dossier validate' to list them)",
            file=sys.stderr,
        )
    return loaded


# --- the commands ----------------------------------------------------------------------


def search(args: argparse.Namespace) -> int:
    loaded = _load(args, save=False)  # saved once the results are printed
    library, index = loaded.library, loaded.index
    claims = library.claims.values()
    tags = list(dict.fromkeys(tag for claim in claims for tag in claim.tags))
    unknown = unknown_filter(args, list(library.dossiers), tags, [speaker.name for speaker in speakers(claims)])
    if unknown is not None:
        _keep_for_next(args, loaded)
        return not_found(*unknown)
    filters = Filters(args.dossier, args.status, args.tag, args.speaker, args.single_source)
    results = index.search(args.query, Scope(args.scope), filters, Order(args.sort))

    def elsewhere() -> int | None:
        """How many paragraphs match, where a search of every claim found none."""
        searched_claims = results.scope is Scope.CLAIMS and not filters
        return index.paragraphs_matching(results.query, reading=False) if searched_claims else None

    status = show_results(args, results, functools.partial(summary, library), elsewhere)
    sys.stdout.flush()  # what was found is shown; then it is kept for the next search
    _keep_for_next(args, loaded)
    return status


def _keep_for_next(args: argparse.Namespace, loaded: Loaded) -> None:
    """Save what a search loaded or built (the library read anew, the paragraphs' index),
    or, from a fresh cache, its search file if it was lost or damaged."""
    if loaded.index.paragraphs_built or not loaded.from_cache:
        cache.write_after(args.paths, loaded, args.config.cache_limit_mb)
    else:
        cache.keep_search_file(args.paths, loaded)


def show(args: argparse.Namespace) -> int:
    library = _load(args).library
    thing = resolve(library, args.id)
    if thing is None and not args.citation and (former := former_paragraph(library, args.id)):
        width = shutil.get_terminal_size().columns if _on_terminal() else None
        sys.stdout.write(show_former_paragraph(library, *former, width))
        return EXIT_OK
    if thing is None:
        return not_found("claim, paragraph, source or dossier", args.id, every_id(library, args.id))
    if args.citation:
        if isinstance(thing, Claim):
            _print_data(claim_citation(library, thing, thing.evidence[0] if thing.evidence else None) + "\n")
        elif isinstance(thing, Paragraph):
            _print_data(paragraph_citation(library, thing) + "\n")
        else:
            print("dossier: --citation cites a claim or a paragraph (source-id#paragraph-id)", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK
    width = shutil.get_terminal_size().columns if _on_terminal() else None
    sys.stdout.write(show_text(library, thing, _emphasis(args.color), width))
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    form = args.format or _format_from_suffix(args.output)
    library = _load(args).library
    for key in args.dossier:
        if key not in library.dossiers:
            return not_found("dossier", key, list(library.dossiers))
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
    """`dossier import FILE...`: each file a source, written whole or not at all; the ones
    that could not be are named, with their reasons, at the end."""
    from ..sources.importing import Given, import_one, inputs, read_input, timed

    if args.update is not None:
        return update_source(args)
    given = _given(args)
    names, parts = inputs(args.files)
    for folder in parts:
        left_out = f"dossier: left out {printable(folder)}: a saved page's style sheets, scripts and pictures"
        print(left_out, file=sys.stderr)
    if not names:
        raise UsageError(f"no files to import in {', '.join(map(printable, args.files))}")
    if len(names) > 1 and (args.id or args.title):
        raise UsageError("--id and --title name one source: import the files one by one to give them")
    if len(names) > 1 and args.output is None:
        raise UsageError("several files: give -o FOLDER to write their sources into")
    if len(names) > 1 and not os.path.isdir(args.output):
        raise UsageError(f"-o {printable(args.output)}: several files go into a folder, and there is none of that name")
    if args.output is not None:
        folder = args.output if os.path.isdir(args.output) else os.path.dirname(args.output) or "."
        if not os.path.isdir(folder):
            raise UsageError(f"{printable(args.output)}: cannot write: no such folder")
    taken: set[str] = set()
    addresses = _addresses(args)
    failed: list[tuple[str, str]] = []
    written = []
    showing = len(names) > 1 and sys.stderr.isatty()
    for name in timed(names, _import_progress if showing else lambda *_: None):
        shown = "standard input" if name == "-" else name
        try:
            data = read_input(name, sys.stdin.buffer)
            imported = import_one(data, shown, Given(**given), args.output, args.force, taken, addresses=addresses)
        except DossierError as error:
            failed.append((shown, str(error)))
            continue
        written.append(imported)
        if imported.path is None:
            _print_data(imported.document)
    if showing:
        print("\r\x1b[K", end="", file=sys.stderr)
    for imported in written:
        where = f"wrote {printable(path_text(imported.path))}: " if imported.path else ""
        archived = f"; original archived in {printable(path_text(imported.archived))}" if imported.archived else ""
        if imported.path is None:
            archived = "; not archived (give -o PATH to keep the original beside the source)"
        paragraphs = counted(imported.paragraphs, "paragraph")
        print(f"dossier: {where}source {imported.source_id}, {paragraphs}{archived}", file=sys.stderr)
        if imported.caution:
            print(f"dossier: note: source {imported.source_id}: {imported.caution}", file=sys.stderr)
    if failed:
        if len(names) > 1:
            print(f"dossier: {len(failed):,} of {counted(len(names), 'file')} not imported:", file=sys.stderr)
        for _, reason in failed:  # one line each, whatever line break a file's name holds
            print(f"{'  ' if len(names) > 1 else 'dossier: '}{printable(breaks_escaped(reason))}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _addresses(args: argparse.Namespace) -> dict[str, str]:
    """The sources of the library you are in, by their address (see importing.sources_by_address)."""
    from ..sources.importing import sources_by_address

    try:
        found = find_library((), args.config.library, str(args.config.path))
        if found.demo:
            return {}
        library = load_cached(found.paths, limit_mb=args.config.cache_limit_mb, save=False).library
    except DossierError:  # no library to look in: a first import
        return {}
    return sources_by_address(library)


def _given(args: argparse.Namespace) -> dict:
    """The options that replace what a document says, checked before any file is read."""
    from ..library.format import DATE_PATTERN, ID_PATTERN, URL_PATTERN, date_problem

    if args.id is not None and not ID_PATTERN.match(args.id):
        raise UsageError(f"--id must be an id: lowercase letters, digits and hyphens, not {printable(args.id)!r}")
    if args.published is not None and date_problem(args.published):
        problem = date_problem(args.published)
        raise UsageError(f"--published {problem}, not '{printable(args.published)}'")
    if args.url is not None and not URL_PATTERN.match(args.url):
        raise UsageError(f"--url must be a URL starting http:// or https://, not '{printable(args.url)}'")
    for option in ("title", "publisher"):
        if getattr(args, option) is not None and not getattr(args, option).strip():
            raise UsageError(f"--{option} is empty")
    del DATE_PATTERN
    return {name: getattr(args, name) for name in ("id", "title", "publisher", "url", "published")}


def _import_progress(done: int, name: str, left: float | None) -> None:
    """One line, redrawn: how many, which file, and the time left at this pace."""
    remaining = "" if left is None else f" · about {_duration(left)} left"
    line = f"importing {done + 1:,} · {printable(os.path.basename(name))}{remaining}"
    print(f"\r\x1b[K{line[:200]}", end="", file=sys.stderr, flush=True)


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds + 0.5), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def verify(args: argparse.Namespace) -> int:
    """`dossier verify`: every archived original read again; its problems as the validator
    prints them."""
    from ..sources.archive import verify as verify_source

    loaded = _load(args, save=False)
    library = loaded.library
    archived = [source for source in library.sources.values() if source.archive is not None]
    problems = sorted(problem for source in archived for problem in verify_source(source))
    for problem in problems:
        print(printable(str(problem)))
    held = counted(len(archived), "archived original")
    if problems:
        print(f"dossier: {counted(len(problems), 'problem')} in {held}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"dossier: {held} checked: each as recorded, its paragraphs as the sources have them", file=sys.stderr)
    return EXIT_OK


def add(args: argparse.Namespace) -> int:
    """`dossier add claim` and `dossier add evidence CLAIM`: one claim, or one piece of
    evidence, written into its dossier file, or nothing when it would have a problem."""
    from ..write.authoring import Change, NewClaim, NewEvidence, claim_added, dossier_added, evidence_added, write

    if args.found.demo and bundled_is_installed():
        raise UsageError(DEMO_READ_ONLY)
    if args.what == "evidence" and not args.claim:
        raise UsageError("add evidence: give the claim's id: dossier add evidence CLAIM --at SOURCE#P")
    missing = [f"--{name}" for name in ("dossier", "id", "text") if args.what == "claim" and not getattr(args, name)]
    if missing:
        raise UsageError(f"add claim: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} required")
    evidence = NewEvidence(args.at, args.quote)

    def change_of(library: Library) -> Change:
        if args.what == "evidence":
            return evidence_added(library, args.claim, evidence)
        relations = {kind: tuple(getattr(args, kind)) for kind in ("updates", "contradicts", "supports")}
        claim = NewClaim(
            args.dossier,
            args.id,
            args.text,
            (evidence,),
            speaker=args.speaker,
            via=tuple(args.via),
            date=args.date,
            status=args.status,
            tags=tuple(args.tag),
            relations=relations,
        )
        if args.new_dossier is not None:
            return dossier_added(library, claim, args.new_dossier, args.paths, next(iter(library.dossiers), None))
        return claim_added(library, claim)

    for attempt in range(1, WRITE_ATTEMPTS + 1):
        # Not saved: the file written makes it stale at once (the next command reads the one
        # file again, as it would after any edit).
        library = _load(args, save=False).library
        try:
            change = change_of(library)
            write(change)
            break
        except ChangedOnDisk:
            if attempt < WRITE_ATTEMPTS:
                continue  # written meanwhile (another dossier, an editor): made again from what it holds now
            message = f"the file kept changing while dossier wrote to it ({WRITE_ATTEMPTS} tries)"
        except DossierError as error:
            message = str(error)
        for line in message.splitlines():
            print(printable(line), file=sys.stderr)
        print("dossier: nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(printable(change.where))
    print(f"dossier: wrote {change.what}", file=sys.stderr)
    return EXIT_OK


def browse(args: argparse.Namespace) -> int:
    """Open the app, on a terminal that can draw it; else refuse with a hint of the
    commands that print (Textual would wait forever for a terminal that is not there,
    or fill a dumb one with escapes)."""
    require_paths(args.paths)  # a path that does not exist is a usage error, before the screen changes
    if _refused_without_terminal():
        return EXIT_USAGE
    _start_app(args)
    return EXIT_OK


def open_at(args: argparse.Namespace) -> int:
    """`dossier open ID`: the app, opened at what ID names once it is known to exist."""
    require_paths(args.paths)
    if _refused_without_terminal():
        return EXIT_USAGE
    loaded = _load(args)
    if resolve(loaded.library, args.id) is None and former_paragraph(loaded.library, args.id) is None:
        return not_found("claim, paragraph, source or dossier", args.id, every_id(loaded.library, args.id))
    _start_app(args, start=args.id, preloaded=loaded)
    return EXIT_OK


def _start_app(args: argparse.Namespace, **where) -> None:
    if args.color == "never":
        os.environ["NO_COLOR"] = "1"
    from ..ui.app import DossierApp  # the app's imports cost time the other commands need not pay

    DossierApp(args.paths, config=args.config, announce_demo=args.found.demo, **where).run()


def _refused_without_terminal() -> bool:
    missing = terminal_missing()
    if missing:
        print(
            f"dossier: the app needs a terminal, and {missing}. Use the commands that print instead: "
            "'dossier search QUERY', 'dossier show ID', 'dossier validate' ('dossier --help' lists them all)",
            file=sys.stderr,
        )
    return bool(missing)


# --- setting up ------------------------------------------------------------------------


def init(args: argparse.Namespace) -> int:
    files = starter_files(args.demo, bundled_library_path())
    written = init_library(args.folder, files, args.force)
    what = "a copy of the bundled library" if args.demo else "an example source and dossier"
    print(f"dossier: started a library in {printable(args.folder)}, with {what}:", file=sys.stderr)
    for path in written:
        print(f"  {printable(os.path.relpath(path))}", file=sys.stderr)
    go = "" if os.path.abspath(args.folder) == os.getcwd() else f"cd {printable(args.folder)} && "
    print(f"dossier: next: {go}dossier validate (then 'dossier' opens it in the app)", file=sys.stderr)
    return EXIT_OK


def show_config(args: argparse.Namespace) -> int:
    config: Config = args.config
    if args.path:
        print(printable(str(config.path)))
        return EXIT_OK
    from ..ui.keys import binding_keys, keymap_problems  # the keys are the app's, declared with Textual

    state = "" if config.path.exists() else "  (not there: every setting is at its default)"
    print(f"file: {printable(str(config.path))}{state}")
    problems = [*config.problems, *keymap_problems(config)]
    for problem in problems:
        print(printable(str(problem)))
    print(f"theme = {_toml(config.theme or 'textual-dark')}")
    print(f"editor = {_toml(config.editor) if config.editor else '(unset: $VISUAL, $EDITOR, then the system editor)'}")
    print(f"library = [{', '.join(_toml(path) for path in config.library)}]")
    print(f"cache_limit_mb = {config.cache_limit_mb}")
    print("\n[keymap]  # binding id = keys (these are the defaults; set any of them)")
    for binding, keys in binding_keys(config.keymap).items():
        print(f"{binding} = {_toml(keys)}")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _toml(text: str) -> str:
    return toml_text(printable(text))


def show_cache(args: argparse.Namespace) -> int:
    folder = cache.cache_folder()
    if args.clear:
        removed = cache.clear()
        size = sum(entry.size for entry in removed)
        print(f"dossier: removed {counted(len(removed), 'cached library')} ({_megabytes(size)}) from {folder}")
        return EXIT_OK
    entries = cache.entries()
    total = sum(entry.size for entry in entries)
    limit = args.config.cache_limit_mb
    print(f"folder: {printable(str(folder))}")
    print(f"{counted(len(entries), 'cached library')}, {_megabytes(total)} of at most {limit} MB (cache_limit_mb)")
    import time

    for entry in entries:
        used = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.used))
        print(f"  {entry.path.name}  {_megabytes(entry.size):>9}  used {used}")
    return EXIT_OK


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def completion_ids(args: argparse.Namespace) -> int:
    """`dossier completion ids`: every id `show` and `open` take, one per line, for the
    completion scripts; silent when the library cannot be read."""
    try:
        library = load_cached(args.paths, limit_mb=args.config.cache_limit_mb).library
    except DossierError:
        return EXIT_PROBLEMS
    ids = [*library.claims, *library.sources, *library.dossiers]
    ids += [f"{source.id}#{paragraph}" for source in library.sources.values() for paragraph in source.paragraphs]
    sys.stdout.write("".join(f"{key}\n" for key in ids if key.isprintable()))
    return EXIT_OK
