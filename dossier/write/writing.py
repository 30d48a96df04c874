"""Writing the user's files so that nothing they had is lost.

A new file appears whole or not at all, and never over one that is there. An existing
file is replaced only as the user asked, and as a careful editor would:

- one writer at a time: an advisory lock (flock) on the file itself, taken again when
  another writer replaced the file meanwhile;
- checked at the last moment: the new text is written and synced first, then the file is
  looked at once more, and replaced only if it still holds the bytes the change was made
  from (an editor's save in between is never overwritten);
- through a symbolic link, to its target; keeping its mode and owner; a file with other
  hard links, or whose owner a new file cannot have, is written in place (after a copy
  of what it held), so that every name of it sees the change;
- a file made read-only is refused, saying so.

The new text waits in a file with no name (O_TMPFILE) where the system has them, so a
write killed midway leaves nothing behind; where it does not, in `.NAME.PID.*.dossier-tmp`,
which a later write beside it removes once that process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
import time
from collections.abc import Iterator

from ..library.problems import DossierError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the last-moment check still holds
    fcntl = None

# How long a writer waits for another to finish with a file (a write takes milliseconds).
LOCK_WAIT_SECONDS = 10.0
TEMPORARY_SUFFIX = ".dossier-tmp"
BACKUP_SUFFIX = ".dossier-backup"


class ChangedOnDisk(DossierError):
    """The file no longer holds what the change was made from: nothing was written. Read
    it again, and make the change again from what it holds now."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def write_atomically(path: str, text: str, *, replace: bool = False) -> None:
    """Write `text` (UTF-8, line endings as given) to `path`, all of it or none. Raises
    DossierError when `path` exists and `replace` is false, or when it cannot be written."""
    data = text.encode("utf-8")
    if os.path.isdir(path):
        raise DossierError(f"{path}: is a folder")
    if replace and os.path.lexists(path):
        replace_file(path, None, data)
    else:
        create_file(path, data)


def create_file(path: str, data: bytes) -> None:
    """A new file at `path` holding `data`, with the mode any new file of the user's gets;
    refused if a file of that name is there, or comes while it is written."""
    if os.path.lexists(path):
        raise DossierError(f"{path}: already exists (use --force to replace it)")
    folder = os.path.dirname(path) or "."
    try:
        with _Temporary(folder, os.path.basename(path), data) as temporary:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(temporary.fd, 0o666 & ~umask)
            temporary.link_new(path)
    except OSError as error:
        raise DossierError(f"{path}: cannot write: {_reason(error)}") from None
    _sync_folder(folder)


def replace_file(path: str, expected: bytes | None, new: bytes, doing: str = "written") -> None:
    """Replace what the file at `path` holds with `new`, if it still holds `expected` (any
    bytes, when None) at the last moment; see the module's notes. Raises ChangedOnDisk
    when it does not, DossierError when it cannot be written; then nothing is."""
    target = os.path.realpath(path)  # through a symbolic link, to the file itself
    folder, name = os.path.split(target)
    with _locked(path, target, doing) as (locked, status):
        _refuse_read_only(path, status, doing)
        _clear_leftovers(path, folder, name, doing)
        try:
            if status.st_nlink > 1:
                _in_place(path, target, status, expected, new, doing)
                return
            with _Temporary(folder, name, new) as temporary:
                os.fchmod(temporary.fd, stat.S_IMODE(status.st_mode))
                if not temporary.own_as(status):  # only its owner, or root, can give it theirs
                    temporary.close()
                    _in_place(path, target, status, expected, new, doing)
                    return
                temporary.name_it()
                _expect(path, target, locked, expected, doing)
                _put_in_place(path, target, temporary, locked, expected, doing)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and _folder_refuses(folder):
                _in_place(path, target, status, expected, new, doing)  # a file it may write, in a folder it may not
                return
            raise DossierError(f"{path}: cannot write: {_reason(error)}; nothing {doing}") from None
    _sync_folder(folder)


def remove_file(path: str, expected: bytes, doing: str = "undone") -> None:
    """Remove the file at `path` if it still holds `expected`, under the writers' lock."""
    target = os.path.realpath(path)
    with _locked(path, target, doing) as (locked, _):
        _expect(path, target, locked, expected, doing)
        try:
            os.remove(path)
        except OSError as error:
            raise DossierError(f"{path}: cannot remove: {_reason(error)}; nothing {doing}") from None


# --- one writer at a time ------------------------------------------------------------------


@contextlib.contextmanager
def _locked(path: str, target: str, doing: str) -> Iterator[tuple[int, os.stat_result]]:
    """The file opened and locked against other writers of dossier's, and its status: the
    file at `target` now (another writer may have replaced it while this one waited)."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            raise ChangedOnDisk(path, f"removed since it was read; nothing {doing}") from None
        except OSError as error:
            raise DossierError(f"{path}: cannot read: {_reason(error)}; nothing {doing}") from None
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise DossierError(f"{path}: not a regular file; nothing {doing}")
            if fcntl is not None and not _lock(fd, deadline):
                raise DossierError(
                    f"{path}: another dossier has been writing it for {LOCK_WAIT_SECONDS:.0f} s; nothing {doing}"
                    " (try again)"
                )
            try:
                now = os.stat(target)
            except FileNotFoundError:
                raise ChangedOnDisk(path, f"removed since it was read; nothing {doing}") from None
            if (now.st_dev, now.st_ino) == (status.st_dev, status.st_ino):
                yield fd, now
                return
        finally:
            os.close(fd)  # the lock goes with it


def _lock(fd: int, deadline: float) -> bool:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        except OSError:  # a file system without locks: the last-moment check has to do
            return True


def _expect(path: str, target: str, locked: int, expected: bytes | None, doing: str) -> None:
    """The last look before the file is replaced: it is still the file locked, and holds
    `expected`."""
    try:
        now, held = os.stat(target), os.fstat(locked)
    except FileNotFoundError:
        raise ChangedOnDisk(path, f"removed since it was read; nothing {doing}") from None
    if (now.st_dev, now.st_ino) != (held.st_dev, held.st_ino) or (
        expected is not None and (now.st_size != len(expected) or _read(locked) != expected)
    ):
        raise ChangedOnDisk(path, f"changed on disk since it was read; nothing {doing}")


def _put_in_place(
    path: str, target: str, temporary: _Temporary, locked: int, expected: bytes | None, doing: str
) -> None:
    """The new file given the target's name. Where the system swaps two names at once
    (renameat2's RENAME_EXCHANGE), the file the swap took the name from is looked at once
    more: if it is not the file checked (an editor saved in the moment between), it gets
    its name back, and nothing is written."""
    if not _exchange(temporary.path, target):
        os.replace(temporary.path, target)
        temporary.path = None
        return
    held, displaced = os.fstat(locked), os.stat(temporary.path)
    if (displaced.st_dev, displaced.st_ino) == (held.st_dev, held.st_ino) and (
        expected is None or _read(locked) == expected
    ):
        os.remove(temporary.path)  # the file as it was: replaced
        temporary.path = None
        return
    _exchange(temporary.path, target)
    ours = os.fstat(temporary.fd)
    back = os.stat(temporary.path)
    if (back.st_dev, back.st_ino) != (ours.st_dev, ours.st_ino):  # changed yet again meanwhile: both kept
        kept, temporary.path = temporary.path, None
        raise ChangedOnDisk(path, f"changed on disk while it was written; nothing {doing} (an earlier version: {kept})")
    raise ChangedOnDisk(path, f"changed on disk since it was read; nothing {doing}")


_EXCHANGE = 2  # renameat2's RENAME_EXCHANGE
_exchange_works: bool | None = None  # whether this system has it (found at the first write)


def _exchange(first: str, second: str) -> bool:
    """Swap the names of two files at once; False where the system cannot."""
    global _exchange_works
    if _exchange_works is False or not sys.platform.startswith("linux"):
        return False
    import ctypes

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        _exchange_works = False
        return False
    here = -100  # AT_FDCWD
    if renameat2(here, os.fsencode(first), here, os.fsencode(second), _EXCHANGE) == 0:
        _exchange_works = True
        return True
    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not here, or not on this file system
        return False
    raise OSError(number, os.strerror(number), second)


def _read(fd: int) -> bytes:
    chunks, offset = [], 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _refuse_read_only(path: str, status: os.stat_result, doing: str) -> None:
    """A file its owner made read-only is theirs to open up: never written (not even by
    root, whom the system would let)."""
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        mode = stat.S_IMODE(status.st_mode)
        raise DossierError(
            f"{path}: read-only (mode {mode:o}); nothing {doing}. Make it writable first (chmod u+w), then try again"
        )


def _folder_refuses(folder: str) -> bool:
    return not os.access(folder, os.W_OK | os.X_OK)


# --- in place, for a file with other names ------------------------------------------------------


def _in_place(path: str, target: str, status: os.stat_result, expected: bytes | None, new: bytes, doing: str) -> None:
    """Overwrite the file itself, so that its other hard links see the change and its
    owner stays. What it held is copied beside it first (where the folder allows), and
    the copy removed once the new text is synced: a write killed midway leaves the copy,
    which the next write reports."""
    folder, name = os.path.split(target)
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise DossierError(f"{path}: cannot write: {_reason(error)}; nothing {doing}") from None
    backup = None
    try:
        if (os.fstat(fd).st_dev, os.fstat(fd).st_ino) != (status.st_dev, status.st_ino):
            raise ChangedOnDisk(path, f"changed on disk since it was read; nothing {doing}")
        held = _read(fd)
        if expected is not None and held != expected:
            raise ChangedOnDisk(path, f"changed on disk since it was read; nothing {doing}")
        if not _folder_refuses(folder):
            backup = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}{BACKUP_SUFFIX}")
            _write_new(backup, held)
        os.pwrite(fd, new, 0)
        os.ftruncate(fd, len(new))
        os.fsync(fd)
    except OSError as error:
        raise DossierError(f"{path}: cannot write: {_reason(error)}; nothing {doing}") from None
    finally:
        os.close(fd)
    if backup is not None:
        with contextlib.suppress(OSError):
            os.remove(backup)


def _write_new(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the new text, before it has the file's name ---------------------------------------------------


class _Temporary:
    """A file beside the target holding the new text, synced: nameless where the system
    allows (O_TMPFILE), else named so that a later write can tell it was left behind."""

    def __init__(self, folder: str, name: str, data: bytes) -> None:
        self.folder, self.name, self.data = folder, name, data
        self.fd: int = -1
        self.path: str | None = None  # its name, once it has one

    def __enter__(self) -> _Temporary:
        flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
        anonymous = getattr(os, "O_TMPFILE", 0)
        if anonymous and os.path.isdir("/proc/self/fd"):
            with contextlib.suppress(OSError):  # not on this file system: named instead
                self.fd = os.open(self.folder, flags | anonymous, 0o600)
        if self.fd < 0:
            self.path = self._new_name()
            self.fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _write_all(self.fd, self.data)
            os.fsync(self.fd)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.remove(self.path)
            self.path = None

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _new_name(self) -> str:
        return os.path.join(self.folder, f".{self.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")

    def own_as(self, status: os.stat_result) -> bool:
        """Give it the target's owner and group; False where the system will not."""
        mine = os.fstat(self.fd)
        if (mine.st_uid, mine.st_gid) == (status.st_uid, status.st_gid):
            return True
        try:
            os.fchown(self.fd, status.st_uid, status.st_gid)
        except OSError:
            return False
        os.fchmod(self.fd, stat.S_IMODE(status.st_mode))  # chown clears set-id bits
        return True

    def name_it(self) -> None:
        """A name beside the target, for the rename (a nameless file is linked to it)."""
        if self.path is None:
            name = self._new_name()
            _link_nameless(self.fd, name)
            self.path = name

    def link_new(self, path: str) -> None:
        """Give it `path`, which must not exist: a link never replaces, a rename would."""
        try:
            if self.path is None:
                _link_nameless(self.fd, path)
            else:
                os.link(self.path, path)
        except FileExistsError:
            raise DossierError(f"{path}: already exists (use --force to replace it)") from None
        except OSError:
            if self.path is None:  # no links from /proc here: a name first
                self.name_it()
                return self.link_new(path)
            if os.path.lexists(path):  # a file system without hard links: the check above has to do
                raise DossierError(f"{path}: already exists (use --force to replace it)") from None
            os.replace(self.path, path)
            self.path = None


def _link_nameless(fd: int, path: str) -> None:
    """A name for a file opened with O_TMPFILE (linkat of /proc/self/fd/N, following it:
    CPython does so only when given a folder to start from)."""
    folder = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(fd), path, src_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# --- what a write killed midway left -------------------------------------------------------------------


def _clear_leftovers(path: str, folder: str, name: str, doing: str) -> None:
    """Under the file's lock: temporary files of writers of it that are gone are removed;
    a copy left by a write in place that was cut short stops the write, explained."""
    prefix = f".{name}."
    try:
        entries = [entry for entry in os.listdir(folder) if entry.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        rest = entry[len(prefix) :]
        pid = rest.partition(".")[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if rest.endswith(TEMPORARY_SUFFIX):
            with contextlib.suppress(OSError):
                os.remove(os.path.join(folder, entry))
        elif rest.endswith(BACKUP_SUFFIX):
            raise DossierError(
                f"{path}: a write to it was cut short (process {pid}); what the file held before is kept in "
                f"{os.path.join(folder, entry)}. Compare the two, keep what is right, and remove that copy; "
                f"nothing {doing}"
            )


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's: alive
        return True
    return True


def _sync_folder(folder: str) -> None:
    """The rename itself made durable (a crash just after it keeps the new name)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()
