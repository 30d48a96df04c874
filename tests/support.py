"""Paths and helpers shared by the tests."""

import os
import select
import shutil
import struct
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
REPO = Path(__file__).parent.parent

# A dossier on the base report in which a later claim updates (supersedes) an earlier one.
UPDATED_DOSSIER = """\
id: notes
title: Notes
claims:
  - id: first
    text: The ministry said 1,200 people were evacuated.
    evidence:
      - at: base-report#p1
        quote: 1,200 people were evacuated
  - id: later
    text: A later count replaces it.
    evidence:
      - at: base-report#p2
    updates: [first]
"""

# A source no claim cites.
UNCITED_SOURCE = """\
id: ministry-statement
title: Statement of the ministry
publisher: Ministry of Examples
published: 2025-01-03
paragraphs:
  - id: p1
    text: The ministry said nothing of the soldier.
"""


def eventually(condition: Callable[[], object], seconds: float = 20) -> bool:
    """Whether `condition` holds within `seconds`, looked at every tenth of a second (for
    what another process does: the app in a terminal, a child writing the cache)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def installed_command() -> str | None:
    """The `dossier` script pip installed for this interpreter, if it is a real install."""
    script = Path(sysconfig.get_path("scripts")) / "dossier"
    return str(script) if script.exists() else shutil.which("dossier")


def run(*args, cwd=REPO, env=None, input=None):
    """`dossier ARGS` as a user runs it: a new process, text in and out."""
    return subprocess.run(
        [sys.executable, "-m", "dossier", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        input=input,
        env={**os.environ, **(env or {})},
    )


def on_terminal(*args, columns=80, env=None):
    """`dossier ARGS` with its output on a pseudo-terminal `columns` wide: (status, output)."""
    import fcntl
    import pty
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environment = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "NO_COLOR")}
    environment |= {"TERM": "xterm-256color", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "dossier", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=environment,
    )
    os.close(follower)
    output = b""
    while select.select([leader], [], [], 60)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    process.stderr.close()
    return process.wait(timeout=60), output.decode("utf-8").replace("\r\n", "\n")


def slowed(folder: Path, delays: dict[str, float]) -> dict[str, str]:
    """The environment for a `dossier` process in which the functions named (`module:name`
    or `module:Class.name`) wait `delays` seconds before they run: a sitecustomize.py in
    `folder`, patching each module as it is first imported, so that the names other modules
    import from it are the slowed ones. Used to land a change inside a step that is over in
    a moment on a test's small library (a library read, a look at its files, a rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        "import functools, importlib.abc, importlib.util, sys, time\n"
        f"DELAYS = {delays!r}\n"
        "def slow(function, seconds):\n"
        "    @functools.wraps(function)\n"
        "    def slowed(*args, **kwargs):\n"
        "        time.sleep(seconds)\n"
        "        return function(*args, **kwargs)\n"
        "    return slowed\n"
        "class Slowing(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        wanted = {key.split(':')[1]: value for key, value in DELAYS.items() if key.split(':')[0] == name}\n"
        "        if not wanted or name in sys.modules:\n"
        "            return None\n"
        "        sys.meta_path.remove(self)\n"
        "        try:\n"
        "            spec = importlib.util.find_spec(name)\n"
        "        finally:\n"
        "            sys.meta_path.insert(0, self)\n"
        "        run = spec.loader.exec_module\n"
        "        def exec_module(module):\n"
        "            run(module)\n"
        "            patch(module, wanted)\n"
        "        spec.loader.exec_module = exec_module\n"
        "        return spec\n"
        "def patch(module, wanted):\n"
        "    for dotted, seconds in wanted.items():\n"
        "        owner, _, attribute = dotted.rpartition('.')\n"
        "        holder = getattr(module, owner) if owner else module\n"
        "        setattr(holder, attribute, slow(getattr(holder, attribute), seconds))\n"
        "for key, seconds in DELAYS.items():  # modules imported already (os): patched now\n"
        "    name, attribute = key.split(':')\n"
        "    if name in sys.modules:\n"
        "        patch(sys.modules[name], {attribute: seconds})\n"
        "sys.meta_path.insert(0, Slowing())\n",
        "utf-8",
    )
    return {"PYTHONPATH": str(folder)}
