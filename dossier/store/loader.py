"""Turn files and folders of YAML into a checked Library, with every problem found.

Each file is read and checked on its own (checking.py), then the files are put together
and the references between them checked (assembling.py); this module loads a library,
from the files that changed alone when it loads one again, in helper processes when it
is large. Nothing here raises for bad content: a
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
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable
from subprocess import PIPE

from ..env.system import helper_environment
from ..library.model import Library, Source
from .assembling import assemble, assemble_again
from .checking import ParsedFile, read_file
from .files import discover_with_status, library_paths


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


def _read_in_processes(
    files: list[str], use_libyaml: bool, progress: Callable[[int, int], None], workers: int
) -> list[ParsedFile]:
    """`files` read by `workers` new processes of dossier.session.reading, each a share, in order.

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

    command = [sys.executable, "-m", "dossier.session.reading"]
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
