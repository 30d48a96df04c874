"""dossier as the shell and the system see it: completion in bash, zsh and fish, the man
page, installs with pipx and uv, and a test run that fails when a test skips."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from dossier.cli.manpage import render

from .support import REPO, run

SCRIPTS = Path(sysconfig.get_path("scripts"))


def shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: sh scripts/test-tools.sh installs it", pytrace=False)
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
    assert committed == render(), "man/dossier.1 is out of date: python -m dossier.cli.manpage > man/dossier.1"
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
    assert demo.returncode == 0 and "the bundled demo library" in demo.stderr and "61 claims" in demo.stderr
    # Every library `dossier import` needs comes with the install (jusText, under trafilatura,
    # needs lxml_html_clean, which no extra of lxml 6 brings).
    page = subprocess.run(
        [str(bin_dir / "dossier"), "import", str(REPO / "tests" / "fixtures" / "pages" / "article.html")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert page.returncode == 0 and "title: Council votes to close the old bridge" in page.stdout, page.stderr
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


def readme_setup_commands() -> tuple[str, str]:
    """The README's two set-up commands: install and launch; install and test."""
    setup = (REPO / "README.md").read_text("utf-8").split("## Set up", 1)[1].split("\n## ", 1)[0]
    install, test = re.findall(r"```sh\n(.*?)\n```", setup, re.DOTALL)
    return install, test


def test_the_readme_install_command_leaves_dossier_on_the_path_for_the_lines_after_it(tmp_path):
    """Run as a reader pastes it, in a copy of the project, in a shell whose PATH has no
    dossier: it launches `dossier` (here asked for its version, as there is no terminal),
    and the README's next lines find the command in that same shell."""
    install, _ = readme_setup_commands()
    assert install.endswith("&& dossier")
    project = tmp_path / "project"
    shutil.copytree(
        REPO, project, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".*_cache", "build", "dist")
    )
    path = os.pathsep.join(part for part in os.environ["PATH"].split(os.pathsep) if Path(part) != SCRIPTS)
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"} | {"PATH": path}
    script = f"{install} --version && dossier validate && command -v dossier"
    result = subprocess.run(["bash", "-c", script], cwd=project, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == str(project / ".venv" / "bin" / "dossier")
    assert any(line.startswith("dossier ") for line in lines)
    assert "61 claims" in result.stderr


@pytest.fixture
def system(tmp_path):
    """A PATH of the test's own for scripts/test-tools.sh: stand-ins for apt-get, sudo and
    id that note how they were called; the real sh, env and python3; and the tools named."""
    bin_folder, calls = tmp_path / "bin", tmp_path / "calls"
    bin_folder.mkdir()

    def make(tools: list[str], uid: int = 0, apt: bool = True, sudo: bool = True) -> dict[str, str]:
        (bin_folder / "python3").symlink_to(sys.executable)
        for name in ("sh", "env", *tools):
            (bin_folder / name).symlink_to(shutil.which(name))
        stand_ins = {"id": f"echo {uid}"}
        if apt:
            stand_ins["apt-get"] = f'echo "apt-get $*" >> {calls}'
        if sudo:
            stand_ins["sudo"] = f'echo "sudo" >> {calls}; exec "$@"'
        for name, body in stand_ins.items():
            (bin_folder / name).write_text(f"#!{shutil.which('sh')}\n{body}\n")
            (bin_folder / name).chmod(0o755)
        return {**os.environ, "PATH": str(bin_folder)}

    make.calls = calls
    return make


def test_what_the_tests_need_is_left_alone_where_it_is_installed(system):
    env = system(["tmux", "jq", "zsh", "fish", "gropdf"])
    result = subprocess.run(["sh", "scripts/test-tools.sh"], cwd=REPO, capture_output=True, text=True, env=env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not system.calls.exists()


def test_what_the_tests_need_is_installed_with_apt_get_through_sudo_when_not_root(system):
    env = system(["tmux", "jq"], uid=1000)
    result = subprocess.run(["sh", "scripts/test-tools.sh"], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "Installing what the tests need: zsh fish groff (apt-get)\n"
    assert system.calls.read_text().splitlines() == [
        "sudo",
        "apt-get update -qq",
        "sudo",
        "apt-get install -y -qq zsh fish groff",
    ]


def test_as_root_apt_get_is_called_without_sudo(system):
    env = system(["tmux", "jq", "zsh", "gropdf"], uid=0, sudo=False)
    result = subprocess.run(["sh", "scripts/test-tools.sh"], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert system.calls.read_text().splitlines() == ["apt-get update -qq", "apt-get install -y -qq fish"]


@pytest.mark.parametrize(
    ("apt", "sudo", "says"),
    [
        (False, True, "brew install tmux jq zsh fish groff"),
        (True, False, "as root, run: apt-get install zsh fish groff"),
    ],
    ids=["no apt-get", "no sudo"],
)
def test_a_system_it_cannot_install_on_is_told_what_to_install_by_hand(system, apt, sudo, says):
    env = system(["tmux", "jq"], uid=1000, apt=apt, sudo=sudo)
    result = subprocess.run(["sh", "scripts/test-tools.sh"], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("dossier's tests need: zsh fish groff.") and says in result.stderr
    assert not system.calls.exists()
