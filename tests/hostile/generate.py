"""The hostile inputs too large, or too odd, to keep in git, made in a folder:

    python -m tests.hostile.generate FOLDER && dossier validate FOLDER

- deep-nesting-100000.yaml: 100,000 levels of nested lists (libyaml's own composer
  crashes the process at about 30,000)
- huge-200mb.yaml: a 200 MiB file (sparse: it takes no disk), over the size cap
- million-values.yaml: a list of 1,000,000 one-letter items (4 MB), over the cap on values
- unreadable.yaml: no read permission (root reads it anyway)
- loop/: a folder holding a link to itself, and loop/back, a link to its parent
- self-link.yaml: a link to itself
- broken-link.yaml: a link to a file that does not exist
- a file whose name holds a line break and a terminal escape, with a syntax error
- café.yaml, its name in Latin-1 (not UTF-8), with a syntax error
- named-pipe.yaml: a named pipe (FIFO), which would wait forever for a writer
- many-broken/: 10,000 files, each with a YAML syntax error on its line 2
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MANY = 10_000


def generate(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deep-nesting-100000.yaml").write_text("[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    with open(folder / "huge-200mb.yaml", "wb") as huge:
        huge.truncate(200 * 1024 * 1024)
    (folder / "million-values.yaml").write_text("- a\n" * 1_000_000, "utf-8")
    unreadable = folder / "unreadable.yaml"
    unreadable.write_text("id: secret\ntitle: Secret\nclaims: []\n", "utf-8")
    unreadable.chmod(0)
    loop = folder / "loop"
    loop.mkdir()
    (loop / "itself").symlink_to(".")
    (loop / "back").symlink_to("..")
    (folder / "self-link.yaml").symlink_to("self-link.yaml")
    (folder / "broken-link.yaml").symlink_to("no-such-file.yaml")
    (folder / "evil\n\x1b[31mname.yaml").write_text("id: evil\ntitle: [unclosed\n", "utf-8")
    (folder / os.fsdecode(b"caf\xe9.yaml")).write_text("id: cafe\ntitle: [x\n", "utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "named-pipe.yaml")
    many = folder / "many-broken"
    many.mkdir()
    for number in range(MANY):
        (many / f"broken-{number:05}.yaml").write_text(f"id: broken-{number}\ntitle: [unclosed\n", "utf-8")
    return folder


if __name__ == "__main__":
    if len(sys.argv) != 2 or os.path.exists(sys.argv[1]):
        sys.exit("usage: python -m tests.hostile.generate NEW-FOLDER")
    print(generate(Path(sys.argv[1])))
