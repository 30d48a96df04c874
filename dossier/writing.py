"""Writing a file so that nothing the user had is lost: all of the new file or none of it,
and an existing file replaced only when the user said so."""

from __future__ import annotations

import contextlib
import os
import tempfile

from .problems import DossierError


def write_atomically(path: str, text: str, *, replace: bool = False) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file beside it, so that a reader,
    or a crash, sees either the old file or the whole new one.

    Raises DossierError when `path` exists and `replace` is false, or when it cannot be
    written; the temporary file never stays behind.
    """
    folder = os.path.dirname(path) or "."
    if os.path.isdir(path):
        raise DossierError(f"{path}: is a folder")
    if not replace and os.path.lexists(path):
        raise DossierError(f"{path}: already exists (use --force to replace it)")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise DossierError(f"{path}: cannot write: {_reason(error)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; give it the mode any new file of the user's gets.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        if replace:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    except OSError as error:
        raise DossierError(f"{path}: cannot write: {_reason(error)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _link_new(temporary: str, path: str) -> None:
    """Give the finished file its name unless that name was taken meanwhile: a hard
    link never replaces, where a rename would."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise DossierError(f"{path}: already exists (use --force to replace it)") from None
    except OSError:  # a file system without hard links: the check above has to do
        if os.path.lexists(path):
            raise DossierError(f"{path}: already exists (use --force to replace it)") from None
        os.replace(temporary, path)


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()
