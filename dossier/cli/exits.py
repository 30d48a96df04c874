"""What every command ends with: its exit status, and the usage error that exits 2."""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A command line that cannot run: a bad option, a path that is not there (exit 2)."""
