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
        path = self.path.replace("\r", "\\r").replace("\n", "\\n")
        return f"{path}:{self.line}:{self.column}: {self.message}"

    def __reduce__(self):  # as model.pickled_as_call: the cache unpickles many
        return Problem, (self.path, self.line, self.column, self.message)


def shown(value: str, limit: int = 60) -> str:
    """A value from a file as one short line, for a message about it."""
    one_line = value.replace("\r", "\\r").replace("\n", "\\n")
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
