"""Turn files and folders of YAML into a checked Library, with every problem found.

Each file is read on its own (`read_file`), then the files are put together and the
references between them checked (`assemble`). Nothing here raises for bad content: a
problem is recorded with its file, line and column, and the rest loads. What a problem
costs: a source with any error is left out; a dossier keeps its good claims; a claim
with an error in itself is left out; a claim whose evidence or relations point nowhere
stays, its evidence marked unanchored.
"""

from __future__ import annotations

import contextlib
import copy
import os
import pickle
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import PIPE

from . import format as fmt
from .files import decode_text, discover_with_status, library_paths, read_bytes
from .format import Value
from .model import Archive, Claim, Dossier, Evidence, Figure, Library, Link, Location, Paragraph, Source, Term
from .problems import Problem, ReadProblem, shown
from .quotes import closest_passage, find_quote
from .suggest import Suggestions
from .yamlnodes import Mapping, Node, Scalar, Sequence, compose


def load_library(
    paths: Iterable[str | os.PathLike] = (),
    *,
    use_libyaml: bool = True,
    progress: Callable[[int, int], None] | None = None,
    earlier: Library | None = None,
    previous: Library | None = None,
    touched: Collection[str] = (),
) -> Library:
    """Load every YAML file under `paths` (the bundled library when none is given).
    `progress(files_read, files)` is called as files are read.

    With `previous` (a library loaded before from the same paths), only the files that
    changed since are read: the others are taken as that load read them, and the whole
    is assembled again, which gives what loading every file anew gives. `reread` names
    the files read. With `touched` too (the files the system says have changed since),
    only those are looked at: where they are all files `previous` read, the others are
    taken to be as they were (a watcher that looks at every file now and then finds a
    change the system did not tell).

    With `earlier` (the library this one replaces, as the app reloads), a file that
    loaded cleanly then and has problems of its own now is taken as it was then: its
    problems are reported, and it is named in `kept`. An edit that breaks a file, or a
    file caught half-written, leaves what was there in place.

    Raises DossierError only when a path given does not exist.
    """
    read_at = time.time_ns()
    looked = _looked_again(previous, touched) if previous is not None and touched else None
    if looked is None:
        files, problems, statuses = discover_with_status(library_paths(paths))
        stamps = {path: file_stamp(statuses[path]) for path in files}
    else:
        files, problems, stamps = looked
    unchanged = _unchanged(previous, stamps) if previous is not None else {}
    to_read = [path for path in files if path not in unchanged]
    size = sum(stamps[path][0] for path in to_read)
    fresh = iter(_read_files(to_read, size, use_libyaml, progress or (lambda done, total: None)))
    parsed = [unchanged[path] if path in unchanged else next(fresh) for path in files]
    read_files = {path: (stamps[path], item) for path, item in zip(files, parsed, strict=True)}
    kept = []
    if earlier is not None:
        parsed, kept = _as_earlier(parsed, earlier)
    library = assemble_again(parsed, previous) if previous is not None and not kept else None
    if library is None:
        library = assemble(parsed, previous, steady={path for path, item in unchanged.items() if not item.problems})
    library.files = files
    library.problems = sorted(problems + library.problems)
    library.kept = kept
    library.read_files, library.read_at, library.reread = read_files, read_at, to_read
    # What library_stamp would say, from the same look at the files (taken before they were read).
    library.stamp = frozenset((path, *stamps[path]) for path in files)
    return library


def library_written(previous: Library, assembled: Library | None, parsed: ParsedFile, stamp: tuple) -> Library | None:
    """What load_library(previous=previous, touched=[parsed.path]) gives once a writer
    has written `parsed` (its stamp now `stamp`), from the library the writer's check
    assembled (assemble_changed(parsed, previous)); None where it cannot tell (load it then)."""
    path = parsed.path
    if assembled is None or path not in previous.read_files or previous.kept or parsed.problems:
        return None
    if len(previous.problems) != len(previous.assembly_problems):  # finding files had problems
        return None
    assembled.files = list(previous.files)
    assembled.problems = sorted(assembled.problems)
    assembled.kept = []
    assembled.read_files = {**previous.read_files, path: (stamp, parsed)}
    # As last read: the file written is changed since, and read again at the next load.
    assembled.read_at = previous.read_at
    assembled.reread = [path]
    before = (path, *previous.read_files[path][0])
    if before in previous.stamp:
        assembled.stamp = previous.stamp - {before} | {(path, *stamp)}
    else:
        assembled.stamp = frozenset(entry for entry in previous.stamp if entry[0] != path) | {(path, *stamp)}
    return assembled


# A file changed this close to when it was last read may have changed again within the
# same tick of its file system's clock, its stamp unchanged: it is read again.
RACY_NANOSECONDS = 3 * 1_000_000_000


def file_stamp(status: os.stat_result) -> tuple[int, int, int, int]:
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def stamp_now(path: str) -> tuple[int, int, int, int] | None:
    """The file's stamp as it is now; None if it is not there."""
    try:
        return file_stamp(os.stat(path))
    except OSError:
        return None


def _looked_again(previous: Library, touched: Collection[str]) -> tuple[list[str], list, dict] | None:
    """The files of `previous`, with a new look at those `touched` alone: (files, no
    problems, their stamps); None when a look at them all is needed (one touched is new,
    gone or not a file, or finding the files had problems before)."""
    if len(previous.problems) != len(previous.assembly_problems):  # finding files had problems
        return None
    read = previous.read_files
    stamps = {path: stamp for path, (stamp, _) in read.items()}
    for path in touched:
        name = path if path in read else os.path.relpath(path)
        try:
            status = os.stat(name)
        except (OSError, ValueError):
            return None
        if name not in read or not stat.S_ISREG(status.st_mode):
            return None
        stamps[name] = file_stamp(status)
    return list(previous.files), [], stamps


def _unchanged(previous: Library, stamps: dict[str, tuple[int, int, int, int]]) -> dict[str, ParsedFile]:
    """The files of `previous` that have not changed since it read them, as it read them."""
    racy = previous.read_at - RACY_NANOSECONDS
    found = {}
    for path, stamp in stamps.items():
        before = previous.read_files.get(path)
        if before is not None and before[0] == stamp and max(stamp[1], stamp[2]) < racy:
            found[path] = before[1]
    return found


def _as_earlier(parsed_files: list[ParsedFile], earlier: Library) -> tuple[list[ParsedFile], list[str]]:
    """`parsed_files`, each that now has problems of its own but loaded cleanly in
    `earlier` replaced by what it held then (keeping its new problems); and their paths."""
    # Files kept then are still as they last loaded cleanly, whatever their problems.
    troubled = {problem.path for problem in earlier.problems} - set(earlier.kept)
    clean = {
        thing.location.path: thing
        for thing in [*earlier.sources.values(), *earlier.dossiers.values()]
        if thing.location.path not in troubled
    }
    replaced, kept = [], []
    for parsed in parsed_files:
        before = clean.get(parsed.path)
        if not parsed.problems or before is None:
            replaced.append(parsed)
            continue
        # A copy of a dossier: assembling marks its claims' evidence and drops their
        # dangling relations, and `earlier` may still be on screen.
        was = ParsedFile(parsed.path, parsed.problems)
        if isinstance(before, Source):
            was.source = before
        else:
            was.dossier = copy.deepcopy(before)
            was.written_as_now()
        replaced.append(was)
        kept.append(parsed.path)
    return replaced, kept


# A library this large is read by several processes, one per core: checking YAML is
# mostly Python, and one process uses one core.
PARALLEL_BYTES = 16 * 1024 * 1024
BATCH = 64  # files read between two reports of progress


def _read_files(
    files: list[str], size: int, use_libyaml: bool, progress: Callable[[int, int], None]
) -> list[ParsedFile]:
    """`files` (`size` bytes in all, as discovered) read and checked, in order."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or size < PARALLEL_BYTES:
        parsed = []
        for done, path in enumerate(files, 1):
            parsed.append(read_file(path, use_libyaml=use_libyaml))
            if done % BATCH == 0 or done == len(files):
                progress(done, len(files))
        return parsed
    return _read_in_processes(files, use_libyaml, progress, workers)


def helper_environment() -> dict[str, str]:
    """The environment of a helper process (`python -m dossier.reading`): this one's,
    with this dossier first on the module path, installed or not."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))


def _read_in_processes(
    files: list[str], use_libyaml: bool, progress: Callable[[int, int], None], workers: int
) -> list[ParsedFile]:
    """`files` read by `workers` new processes of dossier.reading, each a share, in order.

    Plain processes with pipes rather than multiprocessing, which re-imports the main
    module and needs a standard error with a file descriptor (Textual replaces it). A
    share whose process fails is read here.
    """
    # Shares in batches taken in turn, so that each process gets files of every kind.
    batches = [files[start : start + BATCH] for start in range(0, len(files), BATCH)]
    shares = [[path for batch in batches[n::workers] for path in batch] for n in range(workers)]
    results: list[list[ParsedFile]] = [[] for _ in shares]
    done = 0
    counting = threading.Lock()
    environment = helper_environment()

    def collect(number: int, process: subprocess.Popen) -> None:
        nonlocal done
        with contextlib.suppress(Exception):  # a failed process: its share is read again below
            pickle.dump((shares[number], use_libyaml), process.stdin)
            process.stdin.close()
            while len(results[number]) < len(shares[number]):
                batch = pickle.load(process.stdout)  # from our own child process
                results[number].extend(batch)
                with counting:
                    done += len(batch)
                    progress(done, len(files))
        process.stdout.close()
        process.wait()

    command = [sys.executable, "-m", "dossier.reading"]
    processes = [
        subprocess.Popen(command, stdin=PIPE, stdout=PIPE, stderr=subprocess.DEVNULL, env=environment) for _ in shares
    ]
    threads = [threading.Thread(target=collect, args=pair, daemon=True) for pair in enumerate(processes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for number, share in enumerate(shares):
        if len(results[number]) != len(share):
            results[number] = [read_file(path, use_libyaml=use_libyaml) for path in share]
    by_path = {parsed.path: parsed for result in results for parsed in result}
    return [by_path[path] for path in files]


@dataclass(slots=True)
class ParsedFile:
    """What one file holds, checked on its own."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    source: Source | None = None
    dossier: Dossier | None = None
    # Ids written in the file whose thing was left out for its errors: references to
    # them are not reported again.
    broken_sources: set[str] = field(default_factory=set)
    broken_claims: set[str] = field(default_factory=set)
    # Claims left out for their own errors: their evidence and relations are still
    # checked, so that every problem is reported in one run.
    rejected_claims: list[Claim] = field(default_factory=list)
    # Where each (claim id, former id) of a claim's `formerly` is written.
    former_locations: dict[tuple[str, str], Location] = field(default_factory=dict)
    glossary: list[Term] = field(default_factory=list)
    # The dossier's claims and each claim's links as written: assembling keeps what the
    # rest of the library allows, and must start from these again when it changes.
    claims_written: list[Claim] = field(default_factory=list)
    links_written: list[tuple] = field(default_factory=list)

    def written_as_now(self) -> None:
        """Take the dossier's claims and links as they are now as what was written."""
        if self.dossier is not None:
            self.claims_written = list(self.dossier.claims)
            self.links_written = [claim.links for claim in self.claims_written]


def read_file(path: str, *, use_libyaml: bool = True) -> ParsedFile:
    data = None
    try:
        data = read_bytes(path)
        text = decode_text(data)
    except ReadProblem as problem:
        parsed = ParsedFile(path, [problem.at(path)])
        if data is not None:  # text that is not UTF-8 may still say which ids it holds
            _note_declared_ids(parsed, data.decode("utf-8", "replace"))
        return parsed
    return parse_file(path, text, use_libyaml=use_libyaml)


def parse_file(path: str, text: str, *, use_libyaml: bool = True) -> ParsedFile:
    """Check the `text` of one file, named `path` in problems."""
    parsed = ParsedFile(path)
    try:
        root, yaml_problems = compose(text, use_libyaml=use_libyaml)
    except ReadProblem as problem:
        parsed.problems.append(problem.at(path))
        _note_declared_ids(parsed, text)
        return parsed
    parsed.problems.extend(problem.at(path) for problem in yaml_problems)
    if root is None:
        parsed.problems.append(Problem(path, 1, 1, "the file has no content, only comments"))
        return parsed
    _FileChecker(parsed).read_root(root)
    return parsed


# How a file declares its ids, read from its lines when it cannot be read as YAML.
_TOP_ID = re.compile(r"^id:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]*)\1[ \t]*(?:#.*)?$", re.MULTILINE)
_ITEM_ID = re.compile(r"^[ \t]*-[ \t]+id:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]*)\1[ \t]*(?:#.*)?$", re.MULTILINE)
_KIND = re.compile(r"^(paragraphs|claims)[ \t]*:", re.MULTILINE)


def _note_declared_ids(parsed: ParsedFile, text: str) -> None:
    """The ids a file that could not be read declares, from its lines: references to its
    source, or to its claims, are not reported again (the file's own problem says it all)."""
    kinds = {found.group(1) for found in _KIND.finditer(text)}
    if kinds == {"paragraphs"}:
        parsed.broken_sources.update(found.group(2) for found in _TOP_ID.finditer(text))
    elif kinds == {"claims"}:
        parsed.broken_claims.update(found.group(2) for found in _ITEM_ID.finditer(text))


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return f"'{shown(node.value)}'" if node.value else "empty"


def _did_you_mean(word: str, choices: Collection[str] | Suggestions) -> str:
    suggestions = choices if isinstance(choices, Suggestions) else Suggestions(choices)
    close = suggestions.closest(word)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Invalid(Exception):
    """A value did not fit its key; the problem has been recorded."""


class _FileChecker:
    """Checks one file's nodes against the format, building model objects."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.path = parsed.path

    def location(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def error(self, node: Node, message: str) -> None:
        self.parsed.problems.append(Problem(self.path, node.line, node.column, message))

    def read_root(self, root: Node) -> None:
        if not isinstance(root, Mapping):
            self.error(root, f"expected a source, a dossier or a glossary (a mapping), not {_describe(root)}")
            return
        keys = {key.value for key, _ in root.items}
        kinds = [kind for kind in ("paragraphs", "claims", "terms") if kind in keys]
        if len(kinds) > 1:
            self.error(
                root, "a file is a source ('paragraphs'), a dossier ('claims') or a glossary ('terms'), one of them"
            )
        elif kinds == ["paragraphs"]:
            self.read_source(root)
        elif kinds == ["claims"]:
            self.read_dossier(root)
        elif kinds == ["terms"]:
            self.read_glossary(root)
        else:
            everything = fmt.SOURCE_KEYS.keys() | fmt.DOSSIER_KEYS.keys() | fmt.GLOSSARY_KEYS.keys()
            for key, _ in root.items:
                if key.value not in everything:
                    self.error(key, f"unknown key '{shown(key.value)}'{_did_you_mean(key.value, everything)}")
            self.error(
                root, "not a source (it has no 'paragraphs'), a dossier (no 'claims') nor a glossary (no 'terms')"
            )

    # -- the three kinds of file

    def read_source(self, node: Mapping) -> None:
        errors_before = len(self.parsed.problems)
        values = self.read_mapping(node, "source")
        paragraphs: dict[str, Paragraph] = {}
        source_id = values.get("id")
        for item in self.nonempty_list(values.get("paragraphs"), "paragraphs"):
            fields = self.read_mapping(item, "paragraph")
            if "id" not in fields or "text" not in fields:
                continue
            paragraph_id = fields["id"]
            if paragraph_id in paragraphs:
                first = paragraphs[paragraph_id].location
                self.error(item.get("id"), f"duplicate paragraph id '{paragraph_id}' (first on line {first.line})")
                continue
            paragraphs[paragraph_id] = Paragraph(
                source_id or "", paragraph_id, fields["text"], self.location(item), fields.get("page")
            )
        archive = None
        if isinstance(values.get("archive"), Mapping):
            fields = self.read_mapping(values["archive"], "archive")
            if all(name in fields for name in ("file", "sha256", "size", "kind")):
                archive = Archive(
                    fields["file"], fields["sha256"], fields["size"], fields["kind"], fields.get("imported"),
                    fields.get("extracted_by"), self.location(values["archive"]),
                )  # fmt: skip
        if len(self.parsed.problems) > errors_before or source_id is None:
            if source_id:
                self.parsed.broken_sources.add(source_id)
            return
        self.parsed.source = Source(
            id=source_id,
            title=values["title"],
            paragraphs=paragraphs,
            location=self.location(node),
            publisher=values.get("publisher"),
            url=values.get("url"),
            published=values.get("published"),
            authors=tuple(values.get("authors") or ()),
            language=values.get("language"),
            archive=archive,
        )

    def read_dossier(self, node: Mapping) -> None:
        errors_before = len(self.parsed.problems)
        values = self.read_mapping(node, "dossier")
        claims_node = values.get("claims")
        dossier_ok = len(self.parsed.problems) == errors_before and "id" in values and "title" in values
        claims = []
        for item in claims_node.items if isinstance(claims_node, Sequence) else ():
            claim, ok = self.read_claim(item, values.get("id", ""))
            if ok and dossier_ok:
                claims.append(claim)
            elif claim is not None:
                self.parsed.rejected_claims.append(claim)
                if claim.id:
                    self.parsed.broken_claims.update((claim.id, *claim.formerly))
        if not dossier_ok:
            return
        self.parsed.dossier = Dossier(
            id=values["id"],
            title=values["title"],
            claims=claims,
            location=self.location(node),
            summary=values.get("summary"),
        )
        self.parsed.written_as_now()

    def read_glossary(self, node: Mapping) -> None:
        values = self.read_mapping(node, "glossary")
        for item in self.nonempty_list(values.get("terms"), "terms"):
            errors_before = len(self.parsed.problems)
            fields = self.read_mapping(item, "term")
            if not isinstance(item, Mapping) or len(self.parsed.problems) > errors_before:
                continue
            same, alias, means = fields.get("same"), fields.get("alias"), fields.get("for")
            where = self.location(item)
            if same is not None and (alias is not None or means is not None):
                self.error(item, "a term is 'same: [...]' or an 'alias' with 'for: [...]', not both")
            elif same is not None:
                if len(same) < 2:
                    self.error(item.get("same"), "'same' needs two terms or more: the ones that mean the same")
                else:
                    self.parsed.glossary.append(Term(tuple(same), where))
            elif alias is not None and means is not None:
                self.parsed.glossary.append(Term(tuple(means), where, alias))
            elif alias is not None:
                self.error(item, "an 'alias' needs 'for': the terms it stands for, e.g. for: [Some Long Name]")
            elif means is not None:
                self.error(item, "a term with 'for' needs its 'alias': the short form that stands for them")
            else:
                self.error(item, "a term is 'same: [troops, soldiers]', or 'alias: NIS' with 'for: [...]'")

    def read_claim(self, node: Node, dossier_id: str) -> tuple[Claim | None, bool]:
        """The claim (None when it is not even a mapping), and whether it is free of errors."""
        errors_before = len(self.parsed.problems)
        values = self.read_mapping(node, "claim")
        if not isinstance(node, Mapping):
            return None, False
        evidence = []
        for item in self.nonempty_list(values.get("evidence"), "evidence"):
            fields = self.read_mapping(item, "evidence")
            if "at" in fields:
                quote_node = item.get("quote") if "quote" in fields else None
                quote_location = self.location(quote_node) if quote_node else None
                evidence.append(
                    Evidence(fields["at"], fields.get("quote"), self.location(item.get("at")), quote_location)
                )
        figure = None
        if isinstance(values.get("figure"), Mapping):
            fields = self.read_mapping(values["figure"], "figure")
            if "what" in fields and "value" in fields:
                figure = Figure(
                    what=fields["what"],
                    value=fields["value"],
                    bound=fields.get("bound", fmt.DEFAULT_BOUND),
                    unit=fields.get("unit"),
                    location=self.location(values["figure"]),
                )
        links = [
            Link(kind, target, self.location(target_node))
            for kind in fmt.RELATIONS
            for target, target_node in values.get(kind, ())
        ]
        formerly = values.get("formerly", ())
        for former_id, former_node in formerly:
            self.parsed.former_locations[(values.get("id", ""), former_id)] = self.location(former_node)
        claim = Claim(
            id=values.get("id", ""),
            dossier_id=dossier_id,
            text=values.get("text", ""),
            evidence=evidence,
            location=self.location(node),
            speaker=values.get("speaker"),
            via=tuple(values.get("via", ())),
            date=values.get("date"),
            status=values.get("status", fmt.DEFAULT_STATUS),
            tags=tuple(tag for tag, _ in values.get("tags", ())),
            figure=figure,
            links=tuple(links),
            formerly=tuple(dict.fromkeys(former_id for former_id, _ in formerly)),
        )
        return claim, len(self.parsed.problems) == errors_before

    # -- generic checks

    def nonempty_list(self, node: Node | None, key: str) -> list[Node]:
        if not isinstance(node, Sequence):
            return []
        if not node.items:
            self.error(node, f"'{key}' needs at least one item")
        return node.items

    def read_mapping(self, node: Node, kind: str) -> dict:
        """The checked values of a mapping of `kind`, by key; bad ones are left out."""
        keys = fmt.MAPPINGS[kind]
        if not isinstance(node, Mapping):
            self.error(node, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} must be a mapping, not {_describe(node)}")
            return {}
        values = {}
        for key_node, value_node in node.items:
            name = key_node.value
            key = keys.get(name)
            if key is None:
                self.error(key_node, f"unknown key '{shown(name)}' in {kind}{_did_you_mean(name, keys)}")
                continue
            with contextlib.suppress(_Invalid):
                values[name] = self.convert(value_node, name, key.value)
        for name, key in keys.items():
            if key.required and node.get(name) is None:
                self.error(node, f"{kind} is missing required key '{name}'")
        return values

    def convert(self, node: Node, name: str, value: Value):
        """A value of the kind `value` from `node`, or _Invalid with the problem recorded."""
        if value is Value.LIST:
            return self.expect(node, Sequence, name, value)
        if value is Value.MAPPING:
            return self.expect(node, Mapping, name, value)
        if value is Value.TEXT_LIST:
            items = self.expect(node, Sequence, name, value, example="[Yonhap]").items
            return self.each(items, lambda item: self.text(item, name))
        if value is Value.ID_LIST:
            items = self.expect(node, Sequence, name, value, example="[some-id]").items
            return self.each(items, lambda item: (self.id(item, name), item))
        if value is Value.ID:
            return self.id(node, name)
        text = self.text(node, name)
        if value is Value.DATE:
            problem = fmt.date_problem(text)
            return self.checked(node, name, text, problem is None, problem or "")
        if value is Value.URL:
            return self.checked(
                node, name, text, fmt.URL_PATTERN.match(text), "must be a URL starting http:// or https://"
            )
        if value is Value.STATUS:
            return self.choice(node, name, text, fmt.STATUSES)
        if value is Value.BOUND:
            return self.choice(node, name, text, fmt.BOUNDS)
        if value is Value.NUMBER:
            return self.number(node, name, text)
        if value is Value.REF:
            return self.checked(node, name, text, fmt.split_ref(text), "must be written source-id#paragraph-id")
        if value is Value.COUNT:
            if not node.plain:
                self.error(node, f"'{name}' must be a whole number, not quoted text: write {text} without quotes")
                raise _Invalid
            return int(self.checked(node, name, text, fmt.COUNT_PATTERN.match(text), "must be a whole number from 1"))
        if value is Value.DIGEST:
            return self.checked(
                node, name, text, fmt.DIGEST_PATTERN.match(text), "must be 64 hex digits, as sha256sum prints"
            )
        if value is Value.TIME:
            return self.checked(
                node, name, text, fmt.TIME_PATTERN.match(text), "must be a time written YYYY-MM-DDTHH:MM:SSZ"
            )
        if value is Value.KIND:
            return self.choice(node, name, text, fmt.SOURCE_KINDS)
        return text

    def each(self, items: list[Node], convert) -> list:
        """Every item converted, every bad one reported before giving up."""
        converted, failed = [], False
        for item in items:
            try:
                converted.append(convert(item))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid
        return converted

    def expect(self, node: Node, node_type: type, name: str, value: Value, example: str = ""):
        if isinstance(node, node_type):
            return node
        hint = f", e.g. {name}: {example}" if example else ""
        self.error(node, f"'{name}' must be {value.value}{hint}, not {_describe(node)}")
        raise _Invalid

    def text(self, node: Node, name: str) -> str:
        if not isinstance(node, Scalar):
            self.error(node, f"'{name}' must be text, not {_describe(node)}")
            raise _Invalid
        if not node.value.strip():
            self.error(node, f"'{name}' is empty: give it a value or remove the key")
            raise _Invalid
        return node.value

    def id(self, node: Node, name: str) -> str:
        text = self.text(node, name)
        message = "must be an id: lowercase letters, digits and hyphens, starting with a letter or digit"
        return self.checked(node, name, text, fmt.ID_PATTERN.match(text), message)

    def checked(self, node: Node, name: str, text: str, ok: object, requirement: str) -> str:
        if not ok:
            self.error(node, f"'{name}' {requirement}, not '{shown(text)}'")
            raise _Invalid
        return text

    def choice(self, node: Node, name: str, text: str, choices: tuple[str, ...]) -> str:
        if text not in choices:
            suggestion = _did_you_mean(text, choices)
            self.error(node, f"'{name}' must be one of {', '.join(choices)}, not '{shown(text)}'{suggestion}")
            raise _Invalid
        return text

    def number(self, node: Scalar, name: str, text: str) -> int | float:
        if not fmt.NUMBER_PATTERN.match(text):
            self.error(node, f"'{name}' must be a number such as 11000 (digits, no separators), not '{shown(text)}'")
            raise _Invalid
        if not node.plain:
            self.error(node, f"'{name}' must be a number, not quoted text: write {text} without quotes")
            raise _Invalid
        digits = sum(char.isdigit() for char in text)
        if digits > fmt.MAX_DIGITS:
            # Past this a number is not exact in JSON or in a spreadsheet (and Python will
            # not read an integer of thousands of digits; a long decimal would be infinite).
            self.error(node, f"'{name}' has {digits:,} digits; a figure has at most {fmt.MAX_DIGITS}")
            raise _Invalid
        return float(text) if "." in text else int(text)


# --- putting files together ----------------------------------------------------------


def assemble(
    parsed_files: Iterable[ParsedFile], previous: Library | None = None, steady: set[str] = frozenset()
) -> Library:
    """One library from checked files: ids made unique, references resolved.

    With `previous` (the library assembled before) and `steady` (the files taken from
    it unchanged), a quote of a claim in a steady file, in a source that is the very one
    it was found in then, is taken as found then, with its problem if it had one: finding
    quotes is most of assembling, and an edit changes few of them."""
    library = Library()
    problems = library.problems
    broken_sources: set[str] = set()
    broken_claims: set[str] = set()
    rejected: list[Claim] = []
    former_locations: dict[tuple[str, str], Location] = {}
    held = [0, 0, 0]  # sources, dossiers, claims: what the files hold
    for parsed in parsed_files:
        problems.extend(parsed.problems)
        broken_sources |= parsed.broken_sources
        broken_claims |= parsed.broken_claims
        rejected += parsed.rejected_claims
        former_locations |= parsed.former_locations
        if parsed.source:
            held[0] += 1
            _add_unique(library.sources, parsed.source, "source", problems)
        if parsed.dossier:
            held[1] += 1
            held[2] += len(parsed.claims_written)
            # From what was written, not what an earlier assembly kept: assembling again
            # (as the library reloads) must give what a first one gives.
            for claim, links in zip(parsed.claims_written, parsed.links_written, strict=True):
                claim.links = links
            parsed.dossier.claims = list(parsed.claims_written)
            if _add_unique(library.dossiers, parsed.dossier, "dossier", problems):
                parsed.dossier.claims = _add_claims(library.claims, parsed.dossier.claims, problems)
            else:
                broken_claims.update(i for claim in parsed.dossier.claims for i in (claim.id, *claim.formerly))
    library.broken_ids = (frozenset(broken_sources), frozenset(broken_claims))
    kept = [len(library.sources), len(library.dossiers), len(library.claims)]
    library.whole = not (rejected or former_locations) and held == kept
    _add_former_ids(library, former_locations, problems)
    library.glossary = _glossary([term for parsed in parsed_files for term in parsed.glossary], problems)
    checks = _References(library, broken_sources, broken_claims, problems)
    same_sources = set()
    if previous is not None:
        same_sources = {key for key, source in library.sources.items() if previous.sources.get(key) is source}
    # Once for each of a hundred thousand claims: what it looks up is taken out of the loop.
    earlier_claims = previous.claims if previous is not None else {}
    earlier_anchoring = previous.anchoring if previous is not None else {}
    anchoring, citations, linked_from = library.anchoring, library.citations, library.linked_from
    named_by = library.named_by
    for claim in library.claims.values():
        steady_claim = claim.location.path in steady and earlier_claims.get(claim.id) is claim
        for number, evidence in enumerate(claim.evidence):
            key = (claim.id, number)
            before = None
            if steady_claim and evidence.at.partition("#")[0] in same_sources:  # its source_id
                before = earlier_anchoring.get(key)
            if before is None:
                count = len(problems)
                cited = checks.anchor(evidence) is not None
                before = (cited, problems[count] if len(problems) > count else None)
            elif before[1] is not None:
                problems.append(before[1])
            anchoring[key] = before
            if before[0]:
                citations.setdefault(evidence.at, []).append((claim, evidence))
        if claim.links:
            for link in claim.links:
                named_by.setdefault(link.target, []).append(claim)
            valid = tuple(link for link in claim.links if checks.link(claim, link))
            if len(valid) < len(claim.links):
                library.unresolved.append(claim)
            claim.links = valid
            for link in valid:
                linked_from.setdefault(link.target, []).append((claim, link))
    for claim in rejected:
        for evidence in claim.evidence:
            checks.anchor(evidence)
        for link in claim.links:
            checks.link(claim, link)
    library.assembly_problems = list(problems)
    return library


def assemble_again(parsed_files: list[ParsedFile], previous: Library) -> Library | None:
    """What `assemble(parsed_files)` gives, from `previous`, when one dossier file is all
    that changed since (see assemble_changed); None when more changed."""
    read = previous.read_files
    changed = [parsed for parsed in parsed_files if read.get(parsed.path, (None, None))[1] is not parsed]
    if len(changed) != 1 or [parsed.path for parsed in parsed_files] != previous.files:
        return None
    return assemble_changed(changed[0], previous)


def assemble_changed(new: ParsedFile, previous: Library) -> Library | None:
    """What `assemble` gives for `previous`'s files with `new` in its file's place: its
    claims replace the file's claims before, and only what they touch is checked again
    (their quotes and relations, the relations naming an id that came or went, and those
    that named nothing, whose "did you mean" may change). None when what changed reaches
    further (a source, a glossary, an id used twice, a former id, a claim left out for
    its errors): then assemble does it all. It takes time for what changed, not for the
    size of the library: a writer's check runs it at each save."""
    old = previous.read_files.get(new.path, (None, None))[1]
    if old is None or not (_plain_dossier_file(new) and _plain_dossier_file(old) and new.dossier.id == old.dossier.id):
        return None
    if previous.former_ids or previous.kept or not previous.whole:
        return None
    old_claims, new_claims = old.claims_written, new.claims_written
    old_ids, new_ids = [claim.id for claim in old_claims], [claim.id for claim in new_claims]
    if not old_ids or len(set(new_ids)) != len(new_ids) or any(claim.formerly for claim in new_claims):
        return None
    leaving_ids = set(old_ids)
    if any(claim_id in previous.claims and claim_id not in leaving_ids for claim_id in new_ids):
        return None

    library = Library(sources=dict(previous.sources), glossary=previous.glossary)
    library.broken_ids, library.whole = previous.broken_ids, True
    for claim, links in zip(new_claims, new.links_written, strict=True):
        claim.links = links
    new.dossier.claims = list(new_claims)
    replaced = new.dossier
    library.dossiers = {key: replaced if key == replaced.id else found for key, found in previous.dossiers.items()}
    if new_ids == old_ids:  # the same claims, each in its place
        library.claims = previous.claims.copy()
        library.claims.update(zip(new_ids, new_claims, strict=True))
    else:  # the file's claims are a run in the library's order (files in order, then lines)
        ids, claims = list(previous.claims), list(previous.claims.values())
        start = ids.index(old_ids[0])
        ids[start : start + len(old_ids)], claims[start : start + len(old_ids)] = new_ids, new_claims
        library.claims = dict(zip(ids, claims, strict=True))
    file_number: dict[str, int] = {}

    def place(claim: Claim) -> tuple[int, int]:
        """Where `claim` is in the library's order."""
        path = claim.location.path
        if path not in file_number:
            file_number[path] = previous.files.index(path)
        return file_number[path], claim.location.line

    problems = library.problems
    checks = _References(library, *previous.broken_ids, problems)

    read = previous.read_files
    leaving = {id(claim) for claim in old_claims}
    rechecked = {id(claim): claim for claim in previous.unresolved if id(claim) not in leaving}
    for target in set(old_ids) ^ set(new_ids):
        rechecked |= {id(claim): claim for claim in previous.named_by.get(target, ()) if id(claim) not in leaving}
    written = {id(claim): links for claim, links in zip(new_claims, new.links_written, strict=True)}
    for claim in rechecked.values():
        written[id(claim)] = _links_written(read[claim.location.path][1], claim)
    rechecked_at = {link.location for claim in rechecked.values() for link in written[id(claim)]}
    problems.extend(
        problem
        for problem in previous.assembly_problems
        if problem.path != new.path and Location(problem.path, problem.line, problem.column) not in rechecked_at
    )
    problems.extend(new.problems)

    anchoring = dict(previous.anchoring)
    for claim in old_claims:
        for number in range(len(claim.evidence)):
            anchoring.pop((claim.id, number), None)
    citing: dict[str, list[tuple[Claim, Evidence]]] = {}
    for claim in new_claims:
        for number, evidence in enumerate(claim.evidence):
            count = len(problems)
            cited = checks.anchor(evidence) is not None
            anchoring[(claim.id, number)] = (cited, problems[count] if len(problems) > count else None)
            if cited:
                citing.setdefault(evidence.at, []).append((claim, evidence))
    library.anchoring = anchoring
    citations = dict(previous.citations)
    for ref in {evidence.at for claim in old_claims for evidence in claim.evidence} | citing.keys():
        found = [pair for pair in citations.get(ref, ()) if id(pair[0]) not in leaving] + citing.get(ref, [])
        found.sort(key=lambda pair: place(pair[0]))  # stable: a claim's evidence stays in order
        if found:
            citations[ref] = found
        else:
            citations.pop(ref, None)
    library.citations = citations

    named_by = dict(previous.named_by)
    targets = {link.target for links in old.links_written for link in links}
    for target in targets:
        named_by[target] = [claim for claim in named_by.get(target, ()) if id(claim) not in leaving]
    for claim, links in zip(new_claims, new.links_written, strict=True):
        for link in links:
            targets.add(link.target)
            named_by[link.target] = sorted([*named_by.get(link.target, ()), claim], key=place)
    unresolved = [claim for claim in previous.unresolved if id(claim) not in leaving and id(claim) not in rechecked]
    for claim in [*new_claims, *rechecked.values()]:
        links = written[id(claim)]
        valid = tuple(link for link in links if checks.link(claim, link))
        if len(valid) < len(links):
            unresolved.append(claim)
        claim.links = valid
        targets |= {link.target for link in links}
    linked_from = dict(previous.linked_from)
    for target in targets:
        naming = {id(claim): claim for claim in named_by.get(target, ())}  # a claim naming it twice: once
        found = [(claim, link) for claim in naming.values() for link in claim.links if link.target == target]
        if found:
            linked_from[target] = found
        else:
            linked_from.pop(target, None)
        if not named_by.get(target):
            named_by.pop(target, None)
    library.linked_from = linked_from
    library.named_by = named_by
    library.unresolved = sorted(unresolved, key=place)
    library.assembly_problems = list(problems)
    return library


def _plain_dossier_file(parsed: ParsedFile) -> bool:
    """A dossier file and nothing else, that loaded whole: what assemble_again takes."""
    return (
        parsed.dossier is not None
        and parsed.source is None
        and not (parsed.glossary or parsed.broken_sources or parsed.broken_claims)
        and not (parsed.rejected_claims or parsed.former_locations)
    )


def _links_written(parsed: ParsedFile, claim: Claim) -> tuple:
    """`claim`'s relations as its file wrote them."""
    number = next(number for number, written in enumerate(parsed.claims_written) if written is claim)
    return parsed.links_written[number]


def _glossary(terms: list[Term], problems: list[Problem]) -> list[Term]:
    """The glossaries' entries, each term in one group only and each alias once."""
    seen: dict[str, Term] = {}
    kept = []
    for term in terms:
        written = [term.alias] if term.alias else list(term.terms)
        names = [" ".join(name.casefold().split()) for name in written]
        again = next((name for name in names if name in seen), None)
        if again is not None:
            first = seen[again].location
            kind = "alias" if term.alias else "term"
            message = f"{kind} '{shown(again)}' is already in the glossary at {first.path}:{first.line}"
            problems.append(_problem(term.location, message))
            continue
        seen.update(dict.fromkeys(names, term))
        kept.append(term)
    return kept


def _add_former_ids(library: Library, locations: dict[tuple[str, str], Location], problems: list[Problem]) -> None:
    """Each claim's former ids into `library.former_ids`: an id leads to one claim only."""
    for claim in library.claims.values():
        for former_id in claim.formerly:
            location = locations.get((claim.id, former_id), claim.location)
            if former_id == claim.id:
                problems.append(_problem(location, "a claim cannot name itself in 'formerly'"))
            elif former_id in library.claims:
                where = library.claims[former_id].location
                message = f"'formerly' names '{former_id}', the id of the claim at {where.path}:{where.line}"
                problems.append(_problem(location, message))
            elif former_id in library.former_ids:
                other = library.claims[library.former_ids[former_id]]
                message = f"'{former_id}' is already a former id of claim '{other.id}' ({other.location.path}:"
                problems.append(_problem(location, message + f"{other.location.line})"))
            else:
                library.former_ids[former_id] = claim.id


def _add_claims(table: dict[str, Claim], claims: list[Claim], problems: list[Problem]) -> list[Claim]:
    """`claims` added to `table`, those whose id is already used reported and left out;
    the others. Most files' ids are all new: they go in at once."""
    ids = [claim.id for claim in claims]
    if len(set(ids)) == len(ids) and table.keys().isdisjoint(ids):
        table.update(zip(ids, claims, strict=True))
        return claims
    return [claim for claim in claims if _add_unique(table, claim, "claim", problems)]


def _add_unique(table: dict, item, kind: str, problems: list[Problem]) -> bool:
    first = table.setdefault(item.id, item)
    if first is item:
        return True
    where = f"{first.location.path}:{first.location.line}"
    problems.append(_problem(item.location, f"{kind} id '{item.id}' is already used at {where}"))
    return False


class _References:
    """Checks of what claims point at, reporting what is missing with the nearest
    existing ids (each set of ids indexed once, for every mistake)."""

    def __init__(
        self, library: Library, broken_sources: set[str], broken_claims: set[str], problems: list[Problem]
    ) -> None:
        self.library, self.problems = library, problems
        self.broken_sources, self.broken_claims = broken_sources, broken_claims
        self.claim_ids = Suggestions(library.claims)
        self.source_ids = Suggestions(library.sources)
        self.paragraph_ids: dict[str, Suggestions] = {}

    def link(self, claim: Claim, link: Link) -> bool:
        """Whether `link` leads to a claim; what is wrong with it reported if not."""
        library, problems = self.library, self.problems
        if link.target == claim.id:
            problems.append(_problem(link.location, f"a claim cannot name itself in '{link.kind}'"))
            return False
        if link.target in library.claims:
            return True
        if link.target in library.former_ids:
            now = library.former_ids[link.target]
            message = f"'{link.kind}' names '{link.target}', a former id of claim '{now}': write '{now}'"
            problems.append(_problem(link.location, message))
            return False
        if link.target not in self.broken_claims:
            suggestion = _did_you_mean(link.target, self.claim_ids)
            problems.append(_problem(link.location, f"'{link.kind}' names unknown claim '{link.target}'{suggestion}"))
        return False

    def anchor(self, evidence: Evidence) -> Paragraph | None:
        """Find the paragraph and quote `evidence` points at, reporting what is missing."""
        evidence.quote_span, evidence.anchored = None, False  # as if never assembled before
        source = self.library.sources.get(evidence.source_id)
        if source is None:
            if evidence.source_id not in self.broken_sources:
                suggestion = _did_you_mean(evidence.source_id, self.source_ids)
                message = f"no source with id '{evidence.source_id}'{suggestion}"
                self.problems.append(_problem(evidence.location, message))
            return None
        paragraph = source.paragraphs.get(evidence.paragraph_id)
        if paragraph is None:
            ids = self.paragraph_ids.setdefault(source.id, Suggestions(source.paragraphs))
            suggestion = _did_you_mean(evidence.paragraph_id, ids)
            message = f"source '{source.id}' has no paragraph '{evidence.paragraph_id}'{suggestion}"
            self.problems.append(_problem(evidence.location, message))
            return None
        if evidence.quote is None:
            evidence.anchored = True
            return paragraph
        evidence.quote_span = find_quote(paragraph.text, evidence.quote)
        evidence.anchored = evidence.quote_span is not None
        if not evidence.anchored:
            passage = closest_passage(paragraph.text, evidence.quote)
            message = f'quote not found in {paragraph.ref}; closest passage: "{passage}"'
            self.problems.append(_problem(evidence.quote_location or evidence.location, message))
        return paragraph


def _problem(location: Location, message: str) -> Problem:
    return Problem(location.path, location.line, location.column, message)
