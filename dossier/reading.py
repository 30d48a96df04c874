"""A helper process that reads and checks files for a dossier process reading a large
library (see loader._read_in_processes): it takes (files, use_libyaml) pickled on its
standard input, and writes what it read, a batch at a time, pickled on its output."""

import pickle
import sys

from .loader import BATCH, read_file


def main() -> None:
    files, use_libyaml = pickle.load(sys.stdin.buffer)
    for start in range(0, len(files), BATCH):
        batch = [read_file(path, use_libyaml=use_libyaml) for path in files[start : start + BATCH]]
        pickle.dump(batch, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
