"""The command line of versions: `dossier import FILE --update SOURCE_ID` records a new
version of a source; `dossier changes` says what changed and what became of each quote,
and with --accept points the evidence at where its words are now."""

from __future__ import annotations

import argparse
import json
import sys

from ..env.discovery import DEMO_READ_ONLY, find_library
from ..library.problems import DossierError
from ..session.cache import load as load_cached
from ..store.files import bundled_is_installed, where_written
from ..store.loader import load_library
from ..text.textsafe import counted, printable
from ..versions.changes import SourceChanges, accept, refusal, source_changes, versioned
from ..versions.verdicts import VERDICTS, Verdict, word_diff_text
from ..write.authoring import Change, write
from .exits import EXIT_OK, EXIT_PROBLEMS, UsageError

LIMIT = 100  # characters of a quote or passage printed on one line


def update_source(args: argparse.Namespace) -> int:
    """`dossier import FILE --update SOURCE_ID`: the file recorded as the source's newest
    version; no dossier file changes."""
    from ..sources.importing import read_input
    from ..versions.recording import record_version

    if len(args.files) != 1:
        raise UsageError("--update takes one file: the new version of the source")
    for option in ("id", "title", "publisher", "url", "published", "output"):
        if getattr(args, option) is not None:
            raise UsageError(f"--update keeps the source's id, fields and file: leave out --{option}")
    found = find_library((), args.config.library, str(args.config.path))
    if found.demo and bundled_is_installed():
        raise UsageError(DEMO_READ_ONLY)
    library = load_cached(found.paths, limit_mb=args.config.cache_limit_mb, save=False).library
    if args.update not in library.sources:
        raise UsageError(f"--update {printable(args.update)}: no source has that id ('dossier show ID' shows one)")
    name = "standard input" if args.files[0] == "-" else args.files[0]
    try:
        data = read_input(args.files[0], sys.stdin.buffer)
        recorded = record_version(library, args.update, data, name, force=args.force)
    except DossierError as error:  # the document, not the command line: exit status 1
        print(f"dossier: {printable(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"dossier: {printable(recorded.describe())}", file=sys.stderr)
    if recorded.identical:
        return EXIT_OK
    archived = where_written(recorded.archived) if recorded.archived else ""
    print(f"dossier: wrote {printable(where_written(recorded.path))}; original archived in {archived}", file=sys.stderr)
    changes = source_changes(load_library(found.paths, previous=library, touched=[recorded.path]), args.update)
    print(f"dossier: {_tally(changes)}; no dossier file changed", file=sys.stderr)
    if changes.pending:
        print(f"dossier: 'dossier changes {args.update}' lists them; --accept writes them", file=sys.stderr)
    return EXIT_OK


def changes(args: argparse.Namespace) -> int:
    """`dossier changes [SOURCE_ID] [--json] [--accept WHAT...]`."""
    library = load_cached(args.paths, limit_mb=args.config.cache_limit_mb, save=False).library
    if args.accept:
        if not args.source:
            raise UsageError("--accept needs the source: dossier changes SOURCE_ID --accept moved")
        return _accept(args, library)
    if args.source:
        found = [source_changes(library, args.source)]
    else:
        found = [source_changes(library, source.id) for source in versioned(library)]
    if args.json:
        sys.stdout.write(json.dumps([_as_json(one) for one in found], ensure_ascii=False, indent=2) + "\n")
    elif not found:
        print("dossier: no source has more than one version ('dossier import FILE --update ID' records one)")
    for one in [] if args.json else found:
        _print(one, whole=bool(args.source))
    return EXIT_PROBLEMS if any(one.pending for one in found) else EXIT_OK


def _tally(changes: SourceChanges) -> str:
    counts = [f"{changes.count(verdict):,} {verdict}" for verdict in VERDICTS if changes.count(verdict)]
    quotes = counted(len(changes.verdicts), "piece") + " of evidence"
    return f"{quotes} rest on it: " + (", ".join(counts) if counts else "none")


def _print(changes: SourceChanges, whole: bool) -> None:
    source = changes.source
    previous = source.versions[-1]
    recorded = f" (recorded {source.archive.imported[:10]})" if source.archive and source.archive.imported else ""
    print(f"{printable(source.id)}: version {changes.version}{recorded} against version {previous.number}")
    kinds = [
        (kind, sum(1 for change in changes.paragraphs if change.change == kind))
        for kind in ("edited", "added", "removed")
    ]
    print("  paragraphs: " + ", ".join(f"{count:,} {kind}" for kind, count in kinds))
    print(f"  {_tally(changes)}")
    shown = changes.verdicts if whole else changes.pending
    for verdict in shown:
        print("  " + printable(_line(verdict)))
        if verdict.verdict == "edited" and verdict.diff:
            print("      " + printable(_short(word_diff_text(verdict.diff), 3 * LIMIT)))


def _line(verdict: Verdict) -> str:
    cited = verdict.cited
    what = f"{cited.claim} [{cited.index + 1}] {cited.at}  {verdict.verdict}"
    if verdict.verdict == "moved":
        what += f" to {verdict.now}"
    elif verdict.verdict == "edited":
        what += f" at {verdict.now} ({verdict.similarity:.2f})"
    elif verdict.verdict == "ambiguous":
        what += " between " + ", ".join(verdict.places)
    if cited.quote and verdict.verdict != "edited":
        what += f'  "{_short(cited.quote, LIMIT)}"'
    return what


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_json(changes: SourceChanges) -> dict:
    source = changes.source
    return {
        "source": source.id,
        "version": changes.version,
        "against": source.versions[-1].number,
        "paragraphs": [
            {"id": change.id, "change": change.change, "before": change.before, "after": change.after}
            for change in changes.paragraphs
        ],
        "evidence": [verdict.to_json() for verdict in changes.verdicts],
    }


def _accept(args: argparse.Namespace, library) -> int:
    """Each verdict named written, one at a time (see changes.accept)."""
    chosen = _chosen(source_changes(library, args.source), args.accept)

    def written(change: Change) -> None:
        write(change)
        print(f"dossier: {printable(change.what)} at {printable(change.where)}", file=sys.stderr)

    accept(library, args.paths, args.source, chosen, written)
    print(f"dossier: {counted(len(chosen), 'verdict')} accepted", file=sys.stderr)
    return EXIT_OK


def _chosen(changes: SourceChanges, names: list[str]) -> list[tuple[str, int]]:
    """The (claim, piece) of each verdict `names` asks for, checked before anything is written."""
    chosen: list[tuple[str, int]] = []
    for name in names:
        if name in ("moved", "edited"):
            found = [one for one in changes.verdicts if one.verdict == name and (name == "moved" or one.cited.quote)]
        else:
            claim_id, _colon, number = name.partition(":")
            found = [one for one in changes.verdicts if one.cited.claim == claim_id and not one.settled]
            if number:
                if not number.isdigit():
                    raise UsageError(f"--accept {printable(name)}: write CLAIM:N, N the piece of evidence from 1")
                found = [one for one in found if one.cited.index == int(number) - 1]
            if not found:
                raise UsageError(f"--accept {printable(name)}: no verdict of {changes.source.id} waits for that claim")
            for one in found:
                if refusal(one):
                    raise UsageError(refusal(one))
        for one in found:
            key = (one.cited.claim, one.cited.index)
            if key not in chosen:
                chosen.append(key)
    if not chosen:
        raise UsageError(f"nothing to accept: no verdict of {changes.source.id} is {' or '.join(names)}")
    return chosen
