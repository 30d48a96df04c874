"""What the loader reports about a library: problems with a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


class DossierError(Exception):
    """The one exception type the data core raises (bad paths, unusable arguments)."""


class ReadProblem(Exception):
    """What stops a file from being read, or mars it, at a 1-based line and column.

    Raised and caught inside the loader, which turns it into a Problem for its file.
    """

    def __init__(self, line: int, column: int, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.index = index  # the character offset, where the reader knows it

    def at(self, path: str) -> Problem:
        return Problem(path, self.line, self.column, self.message)


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One error in one file. Lines and columns count from 1, as editors do."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        # One problem is one line, even for a file whose name, or a value quoted in the
        # message, holds a line break of any kind.
        return f"{path_text(self.path)}:{self.line}:{self.column}: {breaks_escaped(self.message)}"

    def __reduce__(self):  # as model.pickled_as_call: the cache unpickles many
        return Problem, (self.path, self.line, self.column, self.message)


# Every character that breaks a line for str.splitlines(), and for JSON and JavaScript
# readers (U+2028, U+2029): \r and \n as people write them, the rest as \uXXXX.
_BREAKS = {"\r": "\\r", "\n": "\\n"} | {char: f"\\u{ord(char):04x}" for char in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
_BREAK_TABLE = str.maketrans(_BREAKS)


def breaks_escaped(value: str) -> str:
    """`value` with its line breaks, of every kind, written as escapes."""
    return value.translate(_BREAK_TABLE)


def path_text(path: str) -> str:
    """A file's name as text to show: bytes that are not UTF-8 (a name the system gives
    as it is, with surrogates standing for them) written as \\xNN, line breaks escaped."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return breaks_escaped(path)


def shown(value: str, limit: int = 60) -> str:
    """A value from a file as one short line, for a message about it."""
    line = breaks_escaped(value)
    return line if len(line) <= limit else line[: limit - 1] + "…"
