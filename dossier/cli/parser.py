"""The `dossier` command line's parser: every command, its options and help, and a line
read into the command and its arguments (options anywhere, a mistyped command named).

This module imports next to nothing, so that `--version`, `--help`, `help`, `schema`
and `completion` answer at once."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..library.choices import COLOR_CHOICES, REPORT_FORMATS, SHELLS, STATUSES, Order, Scope
from .exits import UsageError


class _Formatter(argparse.HelpFormatter):
    """Wraps prose to the terminal, but keeps example blocks (lines indented two
    spaces) as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for block in text.split("\n\n"):
            if block.startswith("  "):
                blocks.append("\n".join(indent + line for line in block.splitlines()))
            else:
                blocks.append(super()._fill_text(block, width, indent))
        return "\n\n".join(blocks)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)  # `--sc` is a typo, not `--scope`
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # usage errors exit 2 with one clear line
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _text(value: str) -> str:
    """A text argument: the command line gives bytes that are not UTF-8 as surrogates,
    which no file, search or output could hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = value[error.start].encode("utf-8", "surrogateescape")[0]
        raise argparse.ArgumentTypeError(f"not valid UTF-8 (byte 0x{byte:02X}): give it as UTF-8 text") from None
    return value


def _output(value: str) -> str | None:
    """-o's path; "-" is standard output, as for curl and wget (not a file named "-")."""
    return None if value == "-" else value


def _limit(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number (0 for no limit), not {text!r}")
    return int(text)


def _path_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="YAML files or folders holding them (default: the library you are in; see 'dossier help')",
    )


def _examples(*lines: str) -> str:
    return "Examples:\n\n" + "\n".join(f"  {line}" for line in lines)


# Options taken anywhere on the line, before or after the command.
GLOBAL_FLAGS = ("--debug",)
GLOBAL_VALUED = ("--color",)


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="show a traceback if dossier itself fails")
    parser.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="bold matches and quotes: on a terminal (auto, the default; NO_COLOR turns it off, "
        "FORCE_COLOR on), always, or never",
    )


LIBRARY_HELP = (
    "Which library: the PATHs given; else the nearest folder upward holding a dossier.toml "
    "(as git finds .git); else this folder, when it or a folder in it holds dossier files; else "
    "the library set in config.toml; else the bundled demo, and dossier says so."
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, of that command alone (the others cost
    a start that runs one command: `dossier search` is measured against fzf)."""
    parser = _Parser(
        prog="dossier",
        usage="%(prog)s [PATH ...]\n       %(prog)s COMMAND [ARGS ...]\n       %(prog)s help [COMMAND]",
        description="Browse research dossiers: claims that each point at the exact paragraph of their source. "
        "Without a command, opens the library in the terminal app (which needs a terminal: elsewhere, "
        "use the commands). " + LIBRARY_HELP,
        epilog=_examples(
            "dossier                       # the app, on the library you are in",
            "dossier init my-library       # start a library (--demo: a copy of the bundled one)",
            "dossier search kirby          # find claims, as the app's search box does",
            "dossier show zelensky-3000-lost",
            "dossier help search           # one command's options",
        ),
    )
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    _global_options(parser)
    common = _Parser(add_help=False)
    _global_options(common)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, prog="dossier")

    def command(name: str, help: str, description: str, *examples: str) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return _Unused()  # type: ignore[return-value]
        return commands.add_parser(
            name, help=help, description=description, epilog=_examples(*examples), parents=[common]
        )

    open_ = command(
        "open",
        "open the app at a claim, a paragraph (source-id#paragraph-id), a source or a dossier",
        "Open the app at what ID names, as 'dossier show' reads it: a claim (or an id it had "
        "before), a paragraph written source-id#paragraph-id (the source pane on that paragraph), a source "
        "(at its first paragraph) or a dossier (its claims listed). The ids are those 'dossier search' prints. "
        "Exit status: 0, 1 when nothing has that id (the closest ids are suggested), 2 without a terminal.",
        "dossier open zelensky-3000-lost",
        "dossier open nk-pow-report-c#p18",
    )
    open_.add_argument(
        "id", metavar="ID", type=_text, help="a claim id, source-id#paragraph-id, a source or dossier id"
    )
    _path_arguments(open_)

    validate = command(
        "validate",
        "check files and report every problem as FILE:LINE:COL: message",
        "Check a library and report every problem, one per line, as FILE:LINE:COL: message. "
        "Exit status: 0 when clean, 1 when any problem is found, 2 on usage errors.",
        "dossier validate",
        "dossier validate sources/ dossiers/peace-talks.yaml",
    )
    _path_arguments(validate)

    search = command(
        "search",
        "find claims (or source paragraphs) as the app's search box does",
        "Find claims, or source paragraphs, with the query language and ranking of the app's "
        "search box: every word fuzzily, speaker:NAME, via:, tag:, status:, dossier:, source:, 'exact, !exclude. "
        "Prints a table (rank, score, id, dossier, first evidence, text), or JSON with --json. "
        "Exit status: 0 with results, 1 with none, 2 on usage errors.",
        "dossier search kirby",
        "dossier search 'casualties speaker:zelensky' --json",
        "dossier search slovakia --scope all --limit 5",
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
        "--speaker",
        metavar="NAME",
        type=_text,
        help="only the claims this speaker said or relayed, matched as the query's speaker:NAME is",
    )
    narrowing.add_argument("--single-source", action="store_true", help="only the claims that rest on one source")
    narrowing.add_argument(
        "--sort",
        choices=[order.value for order in Order],
        default=Order.RELEVANCE.value,
        help="order: best match first (default), or by how many sources carry each claim",
    )

    show = command(
        "show",
        "print a claim with its evidence, a paragraph with the claims citing it, a source or a dossier",
        "Print what ID names: a claim (its fields, then each piece of evidence in its paragraph, "
        "the quoted words emphasised), a paragraph written source-id#paragraph-id (and the claims that cite it), "
        "a source, or a dossier. Quoted words are bold on a terminal, and **marked** when output is not a "
        "terminal or NO_COLOR is set. Exit status: 0, or 1 when nothing has that id (the closest ids are "
        "suggested).",
        "dossier show zelensky-3000-lost",
        "dossier show nk-pow-report-c#p18",
        "dossier show zelensky-3000-lost --citation   # what the app's y copies",
    )
    show.add_argument("id", metavar="ID", type=_text, help="a claim id, source-id#paragraph-id, a source or dossier id")
    _path_arguments(show)
    show.add_argument(
        "--citation",
        action="store_true",
        help="print the citation the app's y key copies (a claim or a paragraph), for scripts",
    )

    export = command(
        "export",
        "write a report of the library: Markdown, JSON or CSV",
        "Write a report. Markdown: each dossier's claims with status and speaker, each followed by "
        "footnotes quoting its evidence with source and paragraph. JSON: the whole checked library as "
        '{"sources": [...], "dossiers": [...]}, with the field names of the files. CSV: one row per claim. '
        "An existing FILE is replaced only with --force.",
        "dossier export -o report.md",
        "dossier export --dossier peace-talks --format csv",
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
        choices=REPORT_FORMATS,
        help="report format (default: from the suffix of FILE, .json, .csv or .md; else markdown)",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", type=_output, help="write to FILE (default, or -: standard output)"
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    import_ = command(
        "import",
        "turn saved web pages, PDFs, e-mails, text or Markdown into source files, their originals archived",
        "Turn documents into sources: a saved web page (its article alone: the paragraphs as the page shows "
        "them, headings and list items their own; title, publisher, authors, date, address and language from "
        "its metadata), a PDF (paragraphs rebuilt across lines, columns and pages, running headers and page "
        "numbers left out, each paragraph's page kept), an e-mail saved as .eml (its text as sent; subject, "
        "sender and day from its headers), Markdown (its markup gone) or plain text (hard-wrapped lines "
        "joined). The kind is told from the content; gzipped files and any charset are read. Ids run "
        "p1..pN; --id and --title are made from the document where not given; the other options replace what "
        "it says. With -o, the original is archived, compressed, in originals/ beside the source file, with "
        "its SHA-256 ('dossier verify' checks it). FILE may be several files, a folder of them, or - for "
        "standard input. Each source is checked as 'dossier validate' would and written atomically; an "
        "existing file is replaced only with --force. A file that cannot be imported is named with its "
        "reason at the end, the others are written; exit status 1 if any was not.",
        "dossier import page.html -o sources/",
        "dossier import report.pdf --id audit-2024 -o sources/audit-2024.yaml",
        "dossier import ~/saved-pages/ -o sources/",
        "pbpaste | dossier import - --id my-source --title 'The headline'",
    )
    import_.add_argument(
        "files", nargs="+", metavar="FILE", help="a web page, PDF, text or Markdown file, a folder of them, or -"
    )
    import_.add_argument("--id", type=_text, help="the source's id (default: made from its title)")
    import_.add_argument("--title", type=_text, help="the source's title (default: the document's)")
    import_.add_argument("--publisher", type=_text, help="who published it (default: the page's site name)")
    import_.add_argument("--url", type=_text, help="where it was published, http:// or https:// (default: the page's)")
    import_.add_argument(
        "--published", metavar="DATE", type=_text, help="when, as YYYY-MM-DD (default: the document's)"
    )
    import_.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        type=_output,
        help="write to PATH, or to PATH/ID.yaml when PATH is a folder (default, or -: standard output, nothing "
        "archived)",
    )
    import_.add_argument(
        "--force", action="store_true", help="replace the file if it exists; with --update, record another article"
    )
    import_.add_argument(
        "--update",
        metavar="SOURCE_ID",
        type=_text,
        help="record FILE as the newest version of the source SOURCE_ID: its paragraphs aligned with the "
        "current ones (each keeps its id where it is recognisably the same), the current version kept whole in "
        "the file's versions, the original archived beside the first; no dossier file changes "
        "('dossier changes' says what became of each quote)",
    )

    changes = command(
        "changes",
        "what changed in a source's new version, and what became of each quote resting on it",
        "Compare the newest version of a source with the one before ('dossier import FILE --update ID' "
        "records versions) and judge each piece of evidence resting on it: unchanged (its paragraph still "
        "holds the quote), moved (the exact words are now in another paragraph, named), ambiguous (they are "
        "in several, and the words around them cannot tell which), edited (the words changed: the passage "
        "now, how alike from 0 to 1, and a word diff [-out-]{+in+}), removed (nothing close remains). The "
        "ones that matter most come first: a figure changed inside a quote, then a name. Without an id, "
        "every source with more than one version. Nothing is written unless --accept names what to accept: "
        "'moved' (every moved quote), 'edited', a claim's id or CLAIM:N (its piece N); the evidence then "
        "points at where its words are now, and records what it pointed at and quoted before (was_at, "
        "was_quote). Exit status: 0 when every quote is unchanged (or after --accept), 1 when some wait "
        "for a decision.",
        "dossier changes",
        "dossier changes nk-pow-report-a",
        "dossier changes nk-pow-report-a --json",
        "dossier changes nk-pow-report-a --accept moved",
        "dossier changes nk-pow-report-a --accept zelensky-3000-lost:1",
    )
    changes.add_argument(
        "source", nargs="?", metavar="SOURCE_ID", type=_text, help="the source (default: every one with versions)"
    )
    _path_arguments(changes)
    changes.add_argument("--json", action="store_true", help="print a JSON list, one object per source")
    changes.add_argument(
        "--accept",
        nargs="+",
        metavar="WHAT",
        help="write the verdicts named: moved, edited, CLAIM_ID or CLAIM_ID:N",
    )

    verify = command(
        "verify",
        "check every archived original: its SHA-256, and that the paragraphs still come out of it",
        "Read every archived original of the library again (offline): its bytes must have the SHA-256 and "
        "size its source records, and the source's paragraphs must still come out of it, word for word. A "
        "hand edit of a paragraph, or a changed original, is reported as FILE:LINE:COL: message. Exit "
        "status: 0 when all hold, 1 otherwise.",
        "dossier verify",
        "dossier verify sources/",
    )
    _path_arguments(verify)

    add = command(
        "add",
        "write a claim, or a piece of evidence of a claim, into its dossier file",
        "Write a new claim at the end of a dossier's claims ('add claim'), or a new piece of evidence at the "
        "end of a claim's ('add evidence CLAIM'), into the dossier's YAML file. Every other byte of the file "
        "stays as it was (comments, blank lines, quoting), and the new lines follow its indentation. The "
        "file as it would be is checked as 'dossier validate' checks it, alone and in the library: nothing "
        "is written when the claim would have a problem (exit status 1, the validator's message), nor when "
        "the file changed since the library was read. Prints FILE:LINE of what was written. The bundled "
        "demo library is read-only: 'dossier init --demo DIR' makes a copy to write in.",
        "dossier add claim --dossier peace-talks --id kirby-no-talks --text 'Kirby said no talks were "
        "planned.' --at talks-report#p4 --quote 'no talks are planned' --speaker 'John Kirby'",
        "dossier add evidence kirby-no-talks --at other-report#p2 --quote 'no talks were planned'",
    )
    add.add_argument("what", choices=("claim", "evidence"), metavar="claim|evidence", help="what to add")
    add.add_argument(
        "words",
        nargs="*",
        metavar="[CLAIM] [PATH ...]",
        help="for evidence, the claim's id; then the library's files or folders (default: the library you are in)",
    )
    add.add_argument(
        "--at", required=True, type=_text, metavar="SOURCE#P", help="the paragraph: source-id#paragraph-id"
    )
    add.add_argument("--quote", type=_text, help="the paragraph's exact words (default: the whole paragraph)")
    add.add_argument("--dossier", type=_text, metavar="ID", help="claim: the dossier to add it to")
    add.add_argument(
        "--new-dossier",
        type=_text,
        metavar="TITLE",
        help="claim: make --dossier ID a new dossier, with this title (a new file ID.yaml beside the others)",
    )
    add.add_argument("--id", type=_text, help="claim: its id, unique in the library (a permalink: choose it well)")
    add.add_argument("--text", type=_text, help="claim: what it says, in your words")
    add.add_argument("--speaker", type=_text, help="claim: who asserts it")
    add.add_argument("--via", action="append", default=[], type=_text, help="claim: who relayed it (repeat)")
    add.add_argument("--status", choices=STATUSES, help="claim: reported (the default), confirmed, …")
    add.add_argument("--date", type=_text, help="claim: when it was asserted, YYYY-MM-DD")
    add.add_argument("--tag", action="append", default=[], type=_text, help="claim: a tag (repeat)")
    for kind in ("updates", "contradicts", "supports"):
        add.add_argument(f"--{kind}", action="append", default=[], type=_text, metavar="ID", help=f"claim: {kind} ID")

    init = command(
        "init",
        "start a library: a dossier.toml marker, sources/ and dossiers/ with an example",
        "Start a library in DIR (default: this folder): the dossier.toml marker that makes 'dossier' open it "
        "from DIR and every folder below, and sources/ and dossiers/ with a short commented example that "
        "validates. With --demo, a copy of the bundled library instead, to learn on and edit. "
        "Nothing is replaced without --force.",
        "dossier init my-library && cd my-library && dossier validate",
        "dossier init --demo learn",
    )
    init.add_argument("folder", metavar="DIR", nargs="?", default=".", help="where (default: this folder)")
    init.add_argument("--demo", action="store_true", help="copy the bundled library rather than the example")
    init.add_argument("--force", action="store_true", help="replace files of the same names")

    command(
        "config",
        "show the settings file, what it sets and any mistake in it",
        "Print where config.toml is looked for, each setting in force and the keys of every binding "
        "id a [keymap] can change. A mistake is reported as FILE:LINE:COL: message (exit status 1); "
        "the app then starts with that setting at its default.",
        "dossier config",
        '$EDITOR "$(dossier config --path)"',
    ).add_argument("--path", action="store_true", help="print the file's path alone")

    cache = command(
        "cache",
        "show the library cache, or clear it",
        "The cache keeps each library opened, checked and indexed, so that it opens again at once. It is "
        "never stale (any change to a file rebuilds it) and is bounded by cache_limit_mb in config.toml "
        "(2048 by default): the least recently used go first.",
        "dossier cache",
        "dossier cache --clear",
    )
    cache.add_argument("--clear", action="store_true", help="remove every cached library")

    completion = command(
        "completion",
        "print the shell completion script for bash, zsh or fish",
        "Print a script that completes dossier's commands, options and the ids of the library you are in. "
        "'ids' prints those ids, one per line: the scripts call it.",
        'eval "$(dossier completion bash)"                                   # in ~/.bashrc',
        'dossier completion zsh > "${fpath[1]}/_dossier"                     # then restart zsh',
        "dossier completion fish > ~/.config/fish/completions/dossier.fish",
    )
    completion.add_argument("shell", metavar="SHELL", choices=[*SHELLS, "ids"], help="bash, zsh, fish (or ids)")
    _path_arguments(completion)

    command(
        "schema",
        "print the JSON Schema of the file format, for editors",
        "Print the JSON Schema that sources and dossiers follow, for editors that check YAML "
        "as it is typed (for example yaml-language-server).",
        "dossier schema > dossier.schema.json",
    )
    command(
        "help",
        "show the help of dossier or of one command",
        "Show the help of dossier, or of COMMAND.",
        "dossier help",
        "dossier help search",
    ).add_argument("topic", metavar="COMMAND", nargs="?", help="the command")
    return parser


class _Unused:
    """Stands for the parser of a command not being parsed: what is added to it is dropped."""

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: self


def subparsers_action(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    """The commands of `parser`, as argparse keeps them (their help lines too)."""
    return next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return dict(subparsers_action(parser).choices)


COMMANDS = (
    "open",
    "validate",
    "search",
    "show",
    "export",
    "import",
    "verify",
    "changes",
    "add",
    "init",
    "config",
    "cache",
    "completion",
    "schema",
    "help",
)


def _split_globals(argv: list[str]) -> tuple[dict[str, object], list[str]]:
    """Take --debug and --color out of `argv`, wherever they are (up to `--`)."""
    found: dict[str, object] = {"debug": False, "color": "auto"}
    rest: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word == "--debug":
            found["debug"] = True
        elif word == "--color" or word.startswith("--color="):
            value = word.partition("=")[2] if "=" in word else next(words, None)
            if value not in COLOR_CHOICES:
                raise UsageError(f"argument --color: choose from {', '.join(COLOR_CHOICES)} (not {value!r})")
            found["color"] = value
        else:
            rest.append(word)
    return found, rest


def closest_command(word: str) -> str | None:
    from ..text.suggest import closest  # a mistyped command pays for it, not every start

    close = closest(word.lower(), COMMANDS, 1)
    return close[0] if close else None


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command and its arguments. Options may come anywhere on the line; a word that
    is neither a command nor a path is a usage error, with the command it may have meant."""
    found, rest = _split_globals(list(argv))
    position = next((n for n, word in enumerate(rest) if not word.startswith("-") or word == "-"), None)
    parser = build_parser(rest[position] if position is not None and rest[position] in COMMANDS else None)
    if position is None:  # options alone: --version, --help, or the app
        args = parser.parse_args(rest)
        args.paths = []
    elif rest[position] in COMMANDS:
        if position:  # options before the command: what the top level takes, or an error
            parser.parse_args(rest[:position])
        args = subparsers(parser)[rest[position]].parse_intermixed_args(rest[position + 1 :])
        args.command = rest[position]
        if args.command == "add":  # `add evidence CLAIM PATH...`: the claim's id comes first
            args.claim = args.words.pop(0) if args.what == "evidence" and args.words else None
            args.paths = args.words
    else:
        word = rest[position]
        if not os.path.lexists(word):
            meant = closest_command(word)
            if meant:
                raise UsageError(f"no command '{word}'; did you mean '{meant}'? ('dossier help' lists the commands)")
            if "/" not in word and os.sep not in word and "." not in word:
                raise UsageError(
                    f"'{word}' is neither a command nor a file or folder ('dossier help' lists the commands)"
                )
        paths_parser = _Parser(prog="dossier", epilog=f"Commands: {', '.join(COMMANDS)} (see 'dossier help').")
        _path_arguments(paths_parser)
        args = paths_parser.parse_intermixed_args(rest)
        args.command = None
    args.debug, args.color = found["debug"], found["color"]
    return args
