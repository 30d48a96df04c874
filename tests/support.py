"""Paths and helpers shared by the tests."""

import shutil
import sysconfig
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
REPO = Path(__file__).parent.parent


def installed_command() -> str | None:
    """The `dossier` script pip installed for this interpreter, if it is a real install."""
    script = Path(sysconfig.get_path("scripts")) / "dossier"
    return str(script) if script.exists() else shutil.which("dossier")
