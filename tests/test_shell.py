"""dossier as the shell and the system see it: completion in bash, zsh and fish, the man
page, installs with pipx and uv, and a test run that fails when a test skips."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from dossier.manpage import render

from .support import REPO, run

SCRIPTS = Path(sysconfig.get_path("scripts"))


def shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: .ci/run installs it (apt-get install {name})", pytrace=False)
    return found


def with_dossier_on_path() -> dict[str, str]:
    return {**os.environ, "PATH": f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}"}


def test_bash_completes_commands_options_choices_and_the_librarys_ids(tmp_path):
    script = tmp_path / "dossier.bash"
    script.write_text(run("completion", "bash").stdout)
    driver = textwrap.dedent(
        f"""\
        source {script}
        complete_line() {{
            COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()
            _dossier 2>/dev/null
            echo "$*: ${{COMPREPLY[*]}}"
        }}
        complete_line dossier sea
        complete_line dossier show zelensky-3
        complete_line dossier open nk-pow-report-c#p1
        complete_line dossier search --sc
        complete_line dossier search kirby --scope ""
        complete_line dossier --color never sh
        complete_line dossier completion ""
        """
    )
    result = subprocess.run(
        [shell("bash"), "-c", driver], capture_output=True, text=True, timeout=60, cwd=REPO, env=with_dossier_on_path()
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "dossier sea: search",
        "dossier show zelensky-3: zelensky-3000-lost",
        "dossier open nk-pow-report-c#p1: " + " ".join(f"nk-pow-report-c#p{n}" for n in [1, *range(10, 20)]),
        "dossier search --sc: --scope",
        "dossier search kirby --scope : claims paragraphs all",
        "dossier --color never sh: show",
        "dossier completion : bash zsh fish ids",
    ]


def test_fish_completes_commands_options_and_ids(tmp_path):
    script = tmp_path / "dossier.fish"
    script.write_text(run("completion", "fish").stdout)
    asked = "; ".join(
        f"complete -C {line!r}" for line in ("dossier sea", "dossier show zelensky-3", "dossier search --sc")
    )
    result = subprocess.run(
        [shell("fish"), "--no-config", "-c", f"source {script}; {asked}"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=with_dossier_on_path(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "search\tfind claims (or source paragraphs) as the app's search box does",
        "zelensky-3000-lost",
        "--scope\tsearch claims (default), source paragraphs, or all of them",
    ]


def test_zsh_script_offers_the_commands_and_the_librarys_ids(tmp_path):
    script = tmp_path / "_dossier"
    script.write_text(run("completion", "zsh").stdout)
    assert subprocess.run([shell("zsh"), "-n", str(script)], capture_output=True, timeout=60).returncode == 0
    # zsh's completion system needs a terminal; its functions are stood in for, to see what the script offers.
    driver = textwrap.dedent(
        f"""\
        compdef() {{ print "compdef $*" }}
        _describe() {{ print -l "described: ${{(@P)2}}" }}
        _files() {{ }}
        compadd() {{ shift; print -l -- "${{(@P)1}}" }}
        _arguments() {{ print -l -- "$@" }}
        source {script}
        words=(dossier ''); CURRENT=2; _dossier
        _dossier_ids | grep -c .
        words=(dossier search k); CURRENT=3; _dossier
        """
    )
    result = subprocess.run(
        [shell("zsh"), "-f", "-c", driver], capture_output=True, text=True, timeout=60, cwd=REPO,
        env=with_dossier_on_path(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "compdef _dossier dossier"
    assert (
        "described: open:open the app at a claim, a paragraph (source-id#paragraph-id), a source or a dossier" in lines
    )
    ids = run("completion", "ids").stdout.splitlines()
    assert str(len(ids)) in lines and "zelensky-3000-lost" in ids and "nk-pow-report-c#p18" in ids
    assert "--scope[search claims (default), source paragraphs, or all of them]:value:(claims paragraphs all)" in lines


def test_the_man_page_is_made_from_the_parser_and_installed():
    committed = (REPO / "man" / "dossier.1").read_text("utf-8")
    assert committed == render(), "man/dossier.1 is out of date: python -m dossier.manpage > man/dossier.1"
    assert committed.startswith(".TH DOSSIER 1") and ".SS dossier search \\fIQUERY\\fR [\\fIPATH\\fR ...]" in committed
    installed = Path(sys.prefix) / "share" / "man" / "man1" / "dossier.1"
    assert installed.read_text("utf-8") == committed


@pytest.mark.parametrize("tool", ["pipx", "uv"])
def test_a_tool_install_gives_the_dossier_command_and_its_man_page(tool, tmp_path):
    found = SCRIPTS / tool
    assert found.exists(), f"{tool} comes with the test extras"
    home, bin_dir, man_dir = tmp_path / "home", tmp_path / "bin", tmp_path / "man"
    env = {
        **os.environ,
        "PIPX_HOME": str(home),
        "PIPX_BIN_DIR": str(bin_dir),
        "PIPX_MAN_DIR": str(man_dir),
        "UV_TOOL_DIR": str(home),
        "UV_TOOL_BIN_DIR": str(bin_dir),
    }
    command = [str(found), "install", str(REPO)] if tool == "pipx" else [str(found), "tool", "install", str(REPO)]
    installed = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    version = subprocess.run([str(bin_dir / "dossier"), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.startswith("dossier ")
    demo = subprocess.run(
        [str(bin_dir / "dossier"), "validate"], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
    )
    assert demo.returncode == 0 and "the bundled demo library" in demo.stderr and "56 claims" in demo.stderr
    if tool == "pipx":
        assert (man_dir / "man1" / "dossier.1").exists()


def test_a_skipped_test_fails_the_run(tmp_path):
    (tmp_path / "conftest.py").write_text((REPO / "tests" / "conftest.py").read_text("utf-8"))
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\ndef test_runs():\n    pass\n\n@pytest.mark.skip(reason='nothing here')\ndef test_skips():\n"
        "    pass\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout
    assert "1 tests skipped: a skip fails the run" in result.stdout and "test_skips.py::test_skips" in result.stdout
