"""A helper process for a dossier process with a large library, so that the work uses
another core, and the app stays responsive.

- `python -m dossier.session.reading` reads and checks files (see loader._read_in_processes): it
  takes (files, use_libyaml) pickled on its standard input, and writes what it read, a
  batch at a time, pickled on its output.
- `python -m dossier.session.reading --paragraphs` indexes paragraphs (see search.index_in_helper):
  it takes the sources' names and texts pickled on its input, and writes the index.
"""

import pickle
import sys

from ..search.parts import paragraph_part
from ..search.wordindex import gc_paused
from ..store.checking import read_file
from ..store.loader import BATCH


def main() -> None:
    if sys.argv[1:] == ["--paragraphs"]:
        with gc_paused():
            sources = [pickle.load(sys.stdin.buffer) for _ in range(pickle.load(sys.stdin.buffer))]
            part = paragraph_part(sources)
        pickle.dump(part, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        return
    files, use_libyaml = pickle.load(sys.stdin.buffer)
    for start in range(0, len(files), BATCH):
        batch = [read_file(path, use_libyaml=use_libyaml) for path in files[start : start + BATCH]]
        pickle.dump(batch, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
