"""Finding a library's files, and reading one file's bytes as text: what a load, the
cache's check for changes and the file watcher share, kept apart from the loader so
that a command needing only the files' names and times imports nothing more."""

from __future__ import annotations

import contextlib
import operator
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..library import format as fmt
from ..library.problems import DossierError, Problem, ReadProblem, path_text

_INSTALLED_LIBRARY = Path(__file__).resolve().parents[1] / "content"  # dossier/content


def bundled_library_path() -> Path:
    """The library that ships with dossier: inside the installed package, or beside it
    in a source checkout."""
    return _INSTALLED_LIBRARY if bundled_is_installed() else _INSTALLED_LIBRARY.parent.parent / "content"


def bundled_is_installed() -> bool:
    """Whether the bundled library is the copy inside the installed package (not a
    checkout's, which its developers edit)."""
    return _INSTALLED_LIBRARY.is_dir()


def library_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The paths a library is opened from: the bundled library's when none are given."""
    return [os.fspath(path) for path in paths] or [os.fspath(bundled_library_path())]


def display_path(path: str | os.PathLike) -> str:
    """`path` relative to the working folder when it lies below it, else as given."""
    relative = os.path.relpath(path)
    return os.fspath(path) if relative.startswith("..") else relative


def where_written(path: str) -> str:
    """A file's name for people: relative to the working folder, or, for the library
    that ships with dossier, to that library rather than deep inside site-packages;
    bytes that are not UTF-8 and line breaks escaped (see problems.path_text)."""
    shown = display_path(path)
    if os.path.isabs(shown):
        with contextlib.suppress(ValueError):
            shown = f"(bundled) {Path(path).relative_to(bundled_library_path())}"
    return path_text(shown)


def library_stamp(paths: Iterable[str | os.PathLike] = ()) -> frozenset[tuple[str, int, int, int, int]]:
    """What the files under `paths` look like on disk (name, size, modification and
    change times, inode): when the stamp changes, the library needs loading again. A
    path that is gone is part of the stamp too, so this never raises."""
    paths = library_paths(paths)
    stamp = {(path, -1, -1, -1, -1) for path in paths if not os.path.lexists(path)}
    _, _, statuses = discover_with_status([path for path in paths if os.path.lexists(path)])
    for path, status in statuses.items():
        stamp.add((path, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino))
    return frozenset(stamp)


# --- finding files -----------------------------------------------------------------


def discover(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[Problem]]:
    """Every YAML file under `paths`, in a stable order, each real file once.

    A file named directly is taken whatever its suffix; in folders only `*.yaml` and
    `*.yml` are, and hidden entries are skipped. Folder links are followed once each,
    so a link loop ends.
    """
    files, problems, _ = discover_with_status(paths)
    return files, problems


def discover_with_status(
    paths: Iterable[str | os.PathLike],
) -> tuple[list[str], list[Problem], dict[str, os.stat_result]]:
    """`discover`, with what each file looked like when it was found (one look each:
    a library may hold tens of thousands of files)."""
    problems: list[Problem] = []
    statuses = dict(walk(paths, problems))
    return list(statuses), problems, statuses


def read_under(paths: Iterable[str | os.PathLike], path: str) -> bool:
    """Whether a YAML file at `path` would be one of `discover(paths)`'s: in a folder
    among `paths`, or below one, through no hidden folder."""
    if not path.endswith(fmt.YAML_SUFFIXES) or os.path.basename(path).startswith("."):
        return False
    folder = os.path.realpath(os.path.dirname(path) or os.curdir)
    for given in paths:
        given = os.path.realpath(given)
        if os.path.isdir(given) and os.path.commonpath([given, folder]) == given:
            below = os.path.relpath(folder, given)
            if below == os.curdir or not any(part.startswith(".") for part in below.split(os.sep)):
                return True
    return False


def walk(paths: Iterable[str | os.PathLike], problems: list[Problem]) -> Iterator[tuple[str, os.stat_result]]:
    """Each file of `discover(paths)`, in its order, with one look at it, as it is found
    (nothing of a file kept once the next is looked at); what cannot be read is added to
    `problems`."""
    seen: set[tuple[int, int]] = set()

    def visit(path: str, named: bool) -> Iterator[tuple[str, os.stat_result]]:
        try:
            status = os.stat(path)
        except OSError as error:
            problems.append(Problem(path, 1, 1, f"cannot read: {_reason(error)}"))
            return
        identity = (status.st_dev, status.st_ino)
        if identity in seen:
            return
        seen.add(identity)
        if stat.S_ISDIR(status.st_mode):
            try:
                entries = sorted(os.scandir(path), key=_name)
            except OSError as error:
                problems.append(Problem(path, 1, 1, f"cannot read folder: {_reason(error)}"))
                return
            suffixes, here = fmt.YAML_SUFFIXES, path == os.curdir
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                # `sources/a.yaml` rather than `./sources/a.yaml` for the working folder
                child = name if here else entry.path
                if not name.endswith(suffixes):
                    if _is_folder_or_broken(entry):  # a broken link is visited too, to be reported
                        yield from visit(child, named=False)
                    continue
                try:  # most of a library: a plain file, known from the listing; one look each
                    status = os.stat(entry.path) if entry.is_file(follow_symlinks=False) else None
                except OSError:
                    status = None
                if status is None:
                    yield from visit(child, named=False)  # a link, or what the listing could not tell: as named
                    continue
                identity = (status.st_dev, status.st_ino)
                if identity not in seen:
                    seen.add(identity)
                    yield child, status
        elif named or path.endswith(fmt.YAML_SUFFIXES):
            yield path, status

    paths = [os.fspath(path) for path in paths]
    require_paths(paths)
    for path in paths:
        yield from visit(path, named=True)


_name = operator.attrgetter("name")


def files_digest(paths: Iterable[str | os.PathLike] = ()) -> str:
    """A digest of `library_stamp(paths)`, taken in one pass over the files (in the order
    they are found, which is stable): what a quick check of a cached file compares."""
    paths = library_paths(paths)
    found = [path for path in paths if os.path.lexists(path)]
    looked = (
        (path, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        for path, status in walk(found, [])
    )
    return _digest([path for path in paths if path not in found], looked)


def stamp_digest(paths: Iterable[str | os.PathLike], files: Sequence[str], stamp: frozenset) -> str:
    """What `files_digest(paths)` gives while the files are as `stamp` says (a load's
    look at them, `files` in the order it found them: Library.files), without a look."""
    paths = library_paths(paths)
    by_path = {entry[0]: entry for entry in stamp}
    gone = [path for path in paths if by_path.get(path, (path, 0))[1] == -1]  # see library_stamp
    return _digest(gone, (by_path[path] for path in files))


def _digest(gone: list[str], files: Iterable[tuple[str, int, int, int, int]]) -> str:
    """A digest of the paths given that are gone, then each file's (path, size, modified,
    changed, inode), in order."""
    import hashlib

    digest = hashlib.sha256()
    for path in gone:
        digest.update(f"{path}\0gone\n".encode("utf-8", "surrogateescape"))
    lines: list[str] = []
    for path, size, modified, changed, inode in files:
        lines.append(f"{path}\0{size}\0{modified}\0{changed}\0{inode}\n")
        if len(lines) == 1024:  # a thousand at a time: the digest is the same, the memory less
            digest.update("".join(lines).encode("utf-8", "surrogateescape"))
            lines.clear()
    digest.update("".join(lines).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def folders_look(paths: Sequence[str], now_ns: int, racy_ns: int) -> list[list] | None:
    """Each folder of the library under `paths` with its modification and change times
    and inode, looked at now: while a folder's times stay, it holds the same names, so a
    later look need only see whether the files it knew changed (`unchanged`), not list
    the folders again. None where that would not hold: a path that is a file or a link,
    a link or an entry that is not a file inside, or a folder modified within `racy_ns`
    of `now_ns` (a name added in the same clock tick would leave its time alone; one
    added later gives it a time that differs from an older one)."""
    folders: list[list] = []
    pending = list(paths)
    try:
        while pending:
            folder = pending.pop()
            status = os.lstat(folder)
            if not stat.S_ISDIR(status.st_mode) or status.st_mtime_ns >= now_ns - racy_ns:
                return None
            folders.append([folder, status.st_mtime_ns, status.st_ctime_ns, status.st_ino])
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif entry.is_symlink() or (entry.name.endswith(fmt.YAML_SUFFIXES) and not entry.is_file()):
                        return None  # what a link names may change while the folder does not
    except OSError:
        return None
    return folders


def stamps_digest(stamps: Iterable[tuple[int, int, int, int]]) -> str:
    """A digest of files' (size, modified, changed, inode), in order."""
    import hashlib
    from array import array

    packed = array("q")
    for status in stamps:
        packed.extend(status)
    return hashlib.sha256(packed).hexdigest()


def unchanged(folders: list[list], files: Iterable[bytes], digest: str) -> bool:
    """Whether the folders of a `folders_look` are as it saw them, and `files` as
    `stamps_digest` gave `digest`: a look at each file, and none at the folders' entries."""
    try:
        for folder, modified, changed, inode in folders:
            status = os.stat(folder)
            if (status.st_mtime_ns, status.st_ctime_ns, status.st_ino) != (modified, changed, inode):
                return False
        look = os.stat
        return (
            stamps_digest(
                (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino) for status in map(look, files)
            )
            == digest
        )
    except (OSError, TypeError, ValueError):
        return False


def require_paths(paths: Iterable[str | os.PathLike]) -> None:
    """Raise DossierError for the first path given that does not exist."""
    for path in paths:
        if not os.path.lexists(path):
            raise DossierError(f"{os.fspath(path)}: no such file or folder")


def _is_folder_or_broken(entry: os.DirEntry) -> bool:
    """From the folder listing itself, without a look at the file, for most entries."""
    try:
        return entry.is_dir() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:
        return True


def _reason(error: OSError) -> str:
    if isinstance(error, NotAFile):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return "it no longer exists (a broken link, or removed while loading)"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()


# --- reading one file ----------------------------------------------------------------


def read_text(path: str) -> str:
    """The file's text, from UTF-8 (with or without a byte-order mark).

    Raises ReadProblem naming the line and column of the first bad byte.
    """
    return decode_text(read_bytes(path))


def read_bytes(path: str) -> bytes:
    """The file's bytes, at most the size limit of one file and one more (to know it is
    past it). Raises ReadProblem when the file cannot be read, or is too large."""
    try:
        with open_file(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > fmt.MAX_FILE_BYTES:
                raise ReadProblem(1, 1, _too_large(size))
            return stream.read(fmt.MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ReadProblem(1, 1, f"cannot read: {_reason(error)}") from None


class NotAFile(OSError):
    """A path that names a named pipe, a device or a socket, not a file to read."""


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def open_file(path: str):
    """`path` opened for reading in binary, if it is a regular file: a named pipe would
    wait forever for a writer, a device such as /dev/zero never ends. Raises OSError."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        kind = stat.S_IFMT(os.fstat(descriptor).st_mode)
        if kind != stat.S_IFREG:
            raise NotAFile(f"it is {_KINDS.get(kind, 'not a file')}, not a file")
        return open(descriptor, "rb")  # the caller closes it
    except BaseException:
        os.close(descriptor)
        raise


def decode_text(data: bytes) -> str:
    """Text from bytes that should be UTF-8 (with or without a byte-order mark), at most
    the size limit of one file. Raises ReadProblem at the line and column of the first
    bad byte."""
    if len(data) > fmt.MAX_FILE_BYTES:  # the file grew after it was measured, or a pipe
        raise ReadProblem(1, 1, _too_large(len(data)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadProblem(1, 1, "the file is UTF-16: save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        if _looks_like_utf16(data):
            raise ReadProblem(1, 1, "the file looks like UTF-16 (without a byte-order mark): save it as UTF-8")
        line, column = _byte_position(data, nul)
        raise ReadProblem(line, column, "a NUL byte: this is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        byte = data[error.start]
        raise ReadProblem(line, column, f"not UTF-8 (byte 0x{byte:02X}): save the file as UTF-8") from None
    if not text.strip():
        raise ReadProblem(1, 1, "the file is empty")
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Mostly text whose every other byte is NUL: UTF-16 of Latin script."""
    start = data[:4096]
    evens, odds = start[0::2], start[1::2]
    if len(odds) < 2:
        return False
    nuls, other_nuls = sorted((evens.count(0) / len(evens), odds.count(0) / len(odds)))[::-1]
    return nuls >= 0.9 and other_nuls <= 0.1


def _too_large(size: int) -> str:
    limit = fmt.MAX_FILE_BYTES // (1024 * 1024)
    return f"the file is {size / (1024 * 1024):.0f} MiB, over the {limit} MiB limit for one file: split it"


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset into UTF-8-ish data."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[line_start:offset]
    if data.startswith(b"\xef\xbb\xbf") and line_start == 0:
        prefix = prefix[3:]
    return data.count(b"\n", 0, offset) + 1, len(prefix.decode("utf-8", "replace")) + 1
