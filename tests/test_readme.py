"""The README's examples print what the commands print today: each `$ dossier ...` line
of its console blocks (but the first, which lists the commands' forms) is run in a shell,
piped as written, and its output compared line by line."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .support import REPO

README = REPO / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, list[str]]]:
    """(command, the lines it prints) for each example after the first block."""
    found = []
    for block in BLOCK.findall(README.read_text("utf-8"))[1:]:
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    found.append((command, output))
                command, output = line[2:], []
            else:
                output.append(line)
        if command:
            found.append((command, output))
    return found


def test_the_readme_has_examples_of_every_command():
    commands = {command.split()[1] for command, _ in examples() if command.startswith("dossier ")}
    assert {"search", "show", "export", "import", "add"} <= commands


@pytest.fixture(scope="module")
def shell_folder(tmp_path_factory) -> Path:
    """A folder with `dossier` on the PATH (this checkout's, run by this Python), the
    article and the saved page the import examples read, the folder it writes into, and a dossier.toml that
    makes the folder a library of the bundled files."""
    folder = tmp_path_factory.mktemp("readme")
    bin_folder = folder / "bin"
    bin_folder.mkdir()
    shim = bin_folder / "dossier"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m dossier "$@"\n', "utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    (folder / "article.txt").write_text("First paragraph of the wire.\n\nSecond paragraph.\n", "utf-8")
    shutil.copy(REPO / "tests" / "fixtures" / "pages" / "article.html", folder / "article.html")
    # The examples run in a library of the reader's own: a copy of the bundled one's files
    # (`dossier add` writes into it), marked.
    shutil.copytree(REPO / "content", folder / "content")
    (folder / "dossier.toml").write_text(f"paths = [{json.dumps(str(folder / 'content'))}]\n", "utf-8")
    return folder


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[command for command, _ in examples()])
def test_a_readme_example_prints_what_it_says(shell_folder, command, expected):
    if "jq" in command and shutil.which("jq") is None:
        pytest.fail("jq is missing: sh scripts/test-tools.sh installs it", pytrace=False)
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "COLUMNS")}
    environment |= {
        "PATH": f"{shell_folder / 'bin'}{os.pathsep}{environment.get('PATH', '')}",
        "PYTHONPATH": str(REPO),
        "PYTHONUNBUFFERED": "1",  # standard output and error in the order they are written
    }
    result = subprocess.run(
        ["bash", "-c", command + " 2>&1"],
        cwd=shell_folder,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert [line.rstrip() for line in result.stdout.splitlines()] == [line.rstrip() for line in expected]
