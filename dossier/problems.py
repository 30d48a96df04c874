"""What the loader reports about a library: problems with a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


class DossierError(Exception):
    """The one exception type the data core raises (bad paths, unusable arguments)."""


class ReadProblem(Exception):
    """What stops a file from being read, or mars it, at a 1-based line and column.

    Raised and caught inside the loader, which turns it into a Problem for its file.
    """

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message

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
        # One problem is one line, even for a file whose name holds a line break.
        return f"{breaks_escaped(self.path)}:{self.line}:{self.column}: {self.message}"

    def __reduce__(self):  # as model.pickled_as_call: the cache unpickles many
        return Problem, (self.path, self.line, self.column, self.message)


def breaks_escaped(value: str) -> str:
    """`value` with its line breaks written as escapes."""
    return value.replace("\r", "\\r").replace("\n", "\\n")


def shown(value: str, limit: int = 60) -> str:
    """A value from a file as one short line, for a message about it."""
    line = breaks_escaped(value)
    return line if len(line) <= limit else line[: limit - 1] + "…"
