"""`dossier validate`, `dossier schema`, and `dossier` with no terminal, run as a user runs them."""

import json
import os
import subprocess
import sys

import pytest

from .support import BASE, FIXTURES, REPO, installed_command, run


def test_validate_bundled_library_is_clean():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "3 sources, 3 dossiers" in result.stderr and result.stderr.rstrip().endswith("no problems")


def test_validate_reports_every_problem_as_file_line_col_and_exits_1():
    fixture = FIXTURES / "invalid" / "dangling-evidence.yaml"
    result = run("validate", BASE, fixture)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{fixture}:11:13: no source with id 'base-reprt' (did you mean 'base-report'?)",
        f"{fixture}:15:13: source 'base-report' has no paragraph 'p9'",
        f"{fixture}:19:13: 'at' must be written source-id#paragraph-id, not 'base-report-p1'",
        f'{fixture}:24:16: quote not found in base-report#p1; closest passage: "1,200 people were evacuated"',
    ]
    assert result.stderr.rstrip().endswith("4 problems")
    assert "Traceback" not in result.stderr


def test_validate_relative_paths_are_printed_as_given():
    result = run("validate", "tests/fixtures/base", "tests/fixtures/invalid/unknown-key.yaml")
    assert result.stdout.splitlines()[1] == (
        "tests/fixtures/invalid/unknown-key.yaml:7:5: unknown key 'txt' in claim (did you mean 'text'?)"
    )


def test_usage_errors_exit_2_without_traceback():
    missing = run("validate", "no/such/folder")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == "dossier: no/such/folder: no such file or folder\n"
    bad_option = run("validate", "--frobnicate")
    assert bad_option.returncode == 2 and "unrecognized arguments: --frobnicate" in bad_option.stderr
    for result in (missing, bad_option):
        assert "Traceback" not in result.stderr


def test_folder_without_yaml_says_so(tmp_path):
    result = run("validate", tmp_path)
    assert result.returncode == 1
    assert "no .yaml or .yml files found" in result.stderr


def test_content_cannot_drive_the_terminal(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text('id: evil\ntitle: x\nclaims: []\n"\\e]0;pwned\\a\\e[2J": 1\n', encoding="utf-8")
    result = run("validate", path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "unknown key '\\u001b]0;pwned\\u0007\\u001b[2J'" in result.stdout


@pytest.mark.parametrize(
    ("stdin_is_a_terminal", "reason"),
    [(False, "standard input is not one"), (True, "standard output is not one")],
)
def test_without_a_terminal_the_app_refuses_with_a_hint_and_exits_2(stdin_is_a_terminal, reason):
    import pty

    leader, follower = pty.openpty()
    # Textual started without a terminal waits forever: the timeout is the hang check.
    result = subprocess.run(
        [sys.executable, "-m", "dossier"],
        stdin=follower if stdin_is_a_terminal else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    os.close(leader), os.close(follower)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"dossier: the app needs a terminal, and {reason}." in result.stderr
    assert "'dossier search QUERY', 'dossier show ID'" in result.stderr


def test_a_missing_path_is_reported_before_the_missing_terminal(tmp_path):
    result = run(tmp_path / "gone")
    assert result.returncode == 2
    assert result.stderr == f"dossier: {tmp_path / 'gone'}: no such file or folder\n"


def test_schema_prints_the_shipped_json_schema():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert set(schema["$defs"]) >= {"source", "dossier", "claim", "evidence", "figure", "paragraph"}


def test_version_and_help():
    from dossier import __version__

    assert run("--version").stdout == f"dossier {__version__}\n"
    help_text = run("validate", "--help").stdout
    assert "FILE:LINE:COL" in help_text and "Exit status: 0 when clean" in help_text


@pytest.mark.skipif(installed_command() is None, reason="dossier is not installed: run `pip install .` first")
def test_installed_command_finds_the_bundled_library_from_any_folder(tmp_path):
    result = subprocess.run([installed_command(), "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "3 sources, 3 dossiers" in result.stderr
    if os.environ.get("CI"):
        # A regular install carries the library inside the package.
        assert "site-packages" in result.stderr and f"{os.sep}dossier{os.sep}content)" in result.stderr


def test_internal_errors_are_one_line_unless_debug(monkeypatch, capsys):
    from dossier.cli import commands as cli_commands
    from dossier.cli import main as cli

    def fail(paths, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_commands, "load_cached", fail)
    assert cli.main(["validate"]) == 3
    assert capsys.readouterr().err == "dossier: internal error: RuntimeError('boom') (run with --debug for details)\n"
    with pytest.raises(RuntimeError):
        cli.main(["validate", "--debug"])


def test_a_closed_pipe_is_not_an_error(tmp_path):
    for index in range(2000):
        (tmp_path / f"b{index:04}.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = subprocess.run(
        f"{sys.executable} -m dossier validate {tmp_path} | head -n 1",
        shell=True,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
