"""`dossier init`: a new library's files written, none over a file there unless asked."""

from __future__ import annotations

import os

from ..library.problems import DossierError
from .writing import write_atomically


def init_library(folder: str, files: dict[str, bytes], force: bool) -> list[str]:
    """Write `files` under `folder`; the paths written. Nothing is written when any of
    them exists, unless `force` (and then only those files are replaced)."""
    targets = {name: os.path.join(folder, *name.split("/")) for name in files}
    existing = [name for name, target in targets.items() if os.path.lexists(target)]
    if existing and not force:
        raise DossierError(f"{folder}: would replace {', '.join(existing)} (use --force to replace them)")
    for name, target in targets.items():
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write_atomically(target, files[name].decode("utf-8"), replace=force)
    return list(targets.values())
