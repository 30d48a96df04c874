"""Project rules that would otherwise rot: lint and the set-up contract (the layers are
test_layers.py's)."""

import re
import subprocess
import sys

import pytest

from .support import REPO


# Through the interpreter, not PATH: CI runs `.venv/bin/python -m pytest` with the venv's
# bin folder off PATH, and a lint test that skipped there would never run.
@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff_is_clean(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash|console)?\n(.*?)\n```", setup, re.DOTALL)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second():
    commands = readme_commands()
    assert len(commands) == 2, commands
    install_and_launch, install_and_test = commands
    assert "\n" not in install_and_launch and install_and_launch.rstrip().endswith("dossier")
    assert "[test]" in install_and_test and "pytest" in install_and_test
    ci_lines = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    assert install_and_test in ci_lines
