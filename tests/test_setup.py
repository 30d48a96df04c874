"""dossier on the reader's own machine: which library a command opens, `dossier init`,
config.toml, the command line's conventions, and a fast start. Run as a user runs them:
a new process in a folder of the test's own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dossier.env import system
from dossier.env.config import load_config
from dossier.env.editor import editor_command
from dossier.write.settings import keep_theme

from .support import REPO, run

BUNDLED_CLAIMS = 61


def claims_of(result) -> int:
    """The claim count of a `validate` summary line."""
    summary = result.stderr.strip().splitlines()[-1]
    return int(summary.split(" claims")[0].rsplit(" ", 1)[-1].replace(",", ""))


# --- which library -----------------------------------------------------------------------


def test_without_a_library_the_demo_is_opened_and_the_commands_say_so(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0
    assert "no library here (no dossier.toml in this folder or above it, no dossier files in it)" in result.stderr
    assert "'dossier init DIR' starts your own" in result.stderr
    assert "the bundled demo library" in result.stderr and claims_of(result) == BUNDLED_CLAIMS
    search = run("search", "kirby", "--json", cwd=tmp_path)
    assert search.returncode == 0 and json.loads(search.stdout)  # the note is on standard error only
    assert "this is the bundled demo" in search.stderr


def test_init_starts_a_library_that_every_command_then_opens_from_any_folder_below(tmp_path):
    result = run("init", "research", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    library = tmp_path / "research"
    assert sorted(path.relative_to(library).as_posix() for path in library.rglob("*") if path.is_file()) == [
        "dossier.toml",
        "dossiers/example.yaml",
        "sources/example-source.yaml",
    ]
    assert "next: cd research && dossier validate" in result.stderr
    (library / "sources" / "deeper").mkdir()
    for folder in (library, library / "sources", library / "sources" / "deeper"):
        checked = run("validate", cwd=folder)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "1 source, 1 dossier, 1 claim" in checked.stderr and "demo" not in checked.stderr
    shown = run("show", "example-claim", cwd=library / "sources")
    assert shown.returncode == 0 and "A claim, in your words, of what the source says." in shown.stdout


def test_init_replaces_nothing_without_force_and_only_its_own_files_with_it(tmp_path):
    assert run("init", cwd=tmp_path).returncode == 0
    marker = tmp_path / "dossier.toml"
    marker.write_text('paths = ["sources", "dossiers"]  # mine\n', encoding="utf-8")
    mine = tmp_path / "dossiers" / "mine.yaml"
    mine.write_bytes(b"# my own notes\n")
    again = run("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "would replace dossier.toml, sources/example-source.yaml, dossiers/example.yaml" in again.stderr
    assert "(use --force to replace them)" in again.stderr
    assert marker.read_text(encoding="utf-8") == 'paths = ["sources", "dossiers"]  # mine\n'
    forced = run("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert marker.read_text(encoding="utf-8").startswith("# This folder is a dossier library")
    assert mine.read_bytes() == b"# my own notes\n"  # not one of init's files: untouched


def test_init_demo_copies_the_bundled_library_to_edit(tmp_path):
    result = run("init", "--demo", "learn", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "a copy of the bundled library" in result.stderr
    checked = run("validate", cwd=tmp_path / "learn")
    assert checked.returncode == 0 and claims_of(checked) == BUNDLED_CLAIMS and "demo" not in checked.stderr
    bundled = (REPO / "content" / "sources" / "nk-pow-report-a.yaml").read_bytes()
    assert (tmp_path / "learn" / "sources" / "nk-pow-report-a.yaml").read_bytes() == bundled


def test_a_folder_of_dossier_files_is_the_library_without_a_marker(tmp_path):
    assert run("init", "--demo", "copy", cwd=tmp_path).returncode == 0
    (tmp_path / "copy" / "dossier.toml").unlink()
    (tmp_path / "copy" / "notes.yaml").write_text("not: of the format\n", encoding="utf-8")
    result = run("validate", cwd=tmp_path / "copy")
    assert result.returncode == 1  # notes.yaml is checked too: this folder is the library
    assert result.stdout.startswith("notes.yaml:1:1: not a source")
    assert "demo" not in result.stderr and claims_of(result) == BUNDLED_CLAIMS


def test_the_configured_library_is_opened_from_elsewhere(tmp_path, private_config):
    assert run("init", "home-library", cwd=tmp_path).returncode == 0
    (private_config / "config.toml").write_text(f"library = [{json.dumps(str(tmp_path / 'home-library'))}]\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("validate", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "1 source, 1 dossier, 1 claim" in result.stderr and "demo" not in result.stderr


def test_a_marker_naming_a_missing_folder_is_a_usage_error_naming_it(tmp_path):
    (tmp_path / "dossier.toml").write_text('paths = ["sources", "dossiers"]\n', encoding="utf-8")
    (tmp_path / "sources").mkdir()
    result = run("validate", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"dossier: {tmp_path / 'dossier.toml'}: paths: dossiers: no such file or folder\n"


# --- config.toml -------------------------------------------------------------------------


def test_a_bad_config_is_reported_with_file_and_line_and_the_commands_go_on(private_config):
    config = private_config / "config.toml"
    config.write_text('# mine\ntheme = "nord"\nthem = "x"\ncache_limit_mb = "big"\n\n[keymap]\ntimelin = "f2"\n')
    shown = run("config")
    assert shown.returncode == 1
    assert f"{config}:3:1: no setting 'them'; did you mean theme?" in shown.stdout
    assert f"{config}:4:1: cache_limit_mb must be a whole number of megabytes (0: keep no cache)" in shown.stdout
    assert f"{config}:7:1: [keymap]: no binding 'timelin'; did you mean timeline?" in shown.stdout
    assert 'theme = "nord"' in shown.stdout
    searched = run("search", "kirby")
    assert searched.returncode == 0 and "kirby-massed-assaults" in searched.stdout
    assert f"dossier: {config}:3:1: no setting 'them'; did you mean theme? (left at its default)" in searched.stderr
    config.write_text('theme = "nord"\n[keymap\n')
    broken = run("config")
    assert broken.returncode == 1 and f"{config}:2:8: " in broken.stdout


def test_config_lists_every_binding_id_with_its_keys(private_config):
    (private_config / "config.toml").write_text('[keymap]\ntimeline = "f2"\n')
    shown = run("config")
    assert shown.returncode == 0, shown.stdout
    lines = shown.stdout.splitlines()
    keymap = lines[lines.index("[keymap]  # binding id = keys (these are the defaults; set any of them)") + 1 :]
    assert 'timeline = "f2"' in keymap and 'figures = "number_sign"' in keymap and 'find = "ctrl+f"' in keymap
    # The forms' and dialogs' keys too: the new-claim form's save, the picker's, the confirmation's.
    assert {'form-save = "ctrl+s"', 'picker-cancel = "escape"', 'confirm-yes = "enter,y"'} <= set(keymap)
    assert run("config", "--path").stdout == f"{private_config / 'config.toml'}\n"


def test_keeping_the_theme_changes_that_line_alone(tmp_path):
    config = tmp_path / "config.toml"
    config.write_bytes(b'# my settings\r\ntheme = "nord"   # dark\r\neditor = "nvim"\r\n\r\n[keymap]\r\nquit = "x"\r\n')
    keep_theme(config, "gruvbox")
    assert config.read_bytes() == (
        b'# my settings\r\ntheme = "gruvbox"   # dark\r\neditor = "nvim"\r\n\r\n[keymap]\r\nquit = "x"\r\n'
    )
    other = tmp_path / "other.toml"
    other.write_text('editor = "vim"\n[keymap]\nquit = "x"\n')
    keep_theme(other, "nord")
    assert other.read_text() == 'editor = "vim"\ntheme = "nord"\n[keymap]\nquit = "x"\n'
    assert load_config(other).theme == "nord" and load_config(other).keymap == {"quit": "x"}
    fresh = tmp_path / "new" / "config.toml"
    keep_theme(fresh, "dracula")
    assert load_config(fresh).theme == "dracula"
    broken = tmp_path / "broken.toml"
    broken.write_text("theme = \n")
    with pytest.raises(Exception, match="not kept, the file has a mistake"):
        keep_theme(broken, "nord")
    assert broken.read_text() == "theme = \n"


# --- conventions -------------------------------------------------------------------------


def test_options_go_anywhere_on_the_line():
    for line in (
        ["search", "kirby", "content", "--scope", "all", "--limit", "1"],
        ["search", "--limit", "1", "kirby", "--scope", "all", "content"],
        ["--color", "never", "search", "kirby", "--limit", "1", "--debug", "content", "--scope=all"],
    ):
        result = run(*line)
        assert result.returncode == 0, (line, result.stderr)
        assert "1 of 5 results shown (4 claims, 1 paragraph)" in result.stderr, line


def test_a_mistyped_command_is_named_with_the_one_meant():
    result = run("serch", "kirby")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "dossier: no command 'serch'; did you mean 'search'? ('dossier help' lists the commands)\n"
    nothing = run("frobnicate")
    assert nothing.returncode == 2
    assert "'frobnicate' is neither a command nor a file or folder" in nothing.stderr
    assert run("no/such/folder").stderr == "dossier: no/such/folder: no such file or folder\n"


def test_help_and_no_abbreviations():
    assert run("help").stdout == run("--help").stdout and "dossier init my-library" in run("help").stdout
    assert run("help", "search").stdout == run("search", "--help").stdout
    wrong = run("help", "serch")
    assert wrong.returncode == 2 and "no command 'serch'; did you mean 'search'?" in wrong.stderr
    abbreviated = run("search", "kirby", "--sc", "all")
    assert abbreviated.returncode == 2 and "unrecognized arguments: --sc" in abbreviated.stderr


def test_every_command_help_shows_examples():
    from dossier.cli.parser import COMMANDS

    for command in COMMANDS:
        text = run("help", command).stdout
        examples = text.split("Examples:\n\n", 1)[1].splitlines()
        assert examples and all(line.startswith("  ") and "dossier " in line for line in examples), command


def test_color_always_never_and_the_environment(tmp_path):
    def bold(*args, **env):
        result = run("show", "zelensky-3000-lost", *args, env=env)
        assert result.returncode == 0
        return "\x1b[1m" in result.stdout

    assert not bold()  # piped
    assert bold("--color", "always")
    assert bold(FORCE_COLOR="1")
    assert not bold(FORCE_COLOR="1", NO_COLOR="1")
    assert not bold("--color=never", FORCE_COLOR="1")
    assert bold("--color", "always", NO_COLOR="1")  # the flag is the reader's latest word
    wrong = run("show", "x", "--color", "sometimes")
    assert wrong.returncode == 2 and "argument --color: choose from auto, always, never" in wrong.stderr


def test_speaker_option_matches_names_as_the_query_does():
    option = run("search", "", "--speaker", "kirby", "--json")
    query = run("search", "speaker:kirby", "--json")
    assert option.returncode == 0 and query.returncode == 0
    assert [hit["id"] for hit in json.loads(option.stdout)] == [hit["id"] for hit in json.loads(query.stdout)]
    assert json.loads(option.stdout)
    missing = run("search", "", "--speaker", "kirbi")
    assert missing.returncode == 1 and "no speaker or relay 'kirbi'; did you mean John Kirby?" in missing.stderr


def test_show_citation_prints_what_y_copies():
    from dossier.library.citation import claim_citation, paragraph_citation
    from dossier.store.loader import load_library

    library = load_library([REPO / "content"])
    claim = library.claims["zelensky-3000-lost"]
    result = run("show", "zelensky-3000-lost", "--citation")
    assert result.returncode == 0 and result.stdout == claim_citation(library, claim, claim.evidence[0]) + "\n"
    paragraph = run("show", "nk-pow-report-c#p18", "--citation")
    assert paragraph.stdout == paragraph_citation(library, library.paragraph("nk-pow-report-c#p18")) + "\n"
    dossier = run("show", "peace-talks", "--citation")
    assert dossier.returncode == 2 and "--citation cites a claim or a paragraph" in dossier.stderr


# --- a fast start --------------------------------------------------------------------------

HEAVY = ("numpy", "rapidfuzz", "textual", "yaml", "Stemmer", "rich", "platformdirs", "dossier.store.loader")
# What only `dossier import` (and verify) needs: never loaded by the app or another command.
IMPORTING = (
    "trafilatura", "readability", "lxml", "pypdfium2", "markdown_it", "charset_normalizer", "justext", "htmldate",
)  # fmt: skip


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["help", "search"], ["schema"], ["completion", "bash"], ["completion", "fish"]],
    ids=" ".join,
)
def test_answers_that_need_no_library_import_nothing_heavy(argv):
    code = (
        "import sys, contextlib, io\n"
        "from dossier.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})\n"
        f"print(sorted(name for name in sys.modules if name.split('.')[0] in {HEAVY + IMPORTING!r}"
        f" or name in {HEAVY!r}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_app_and_the_other_commands_load_no_importing_library():
    # Everything the app's start and `dossier search`, `show` or `add` load, at the top.
    code = (
        "import sys\n"
        "import dossier.ui.app, dossier.cli.commands, dossier.cli.search, dossier.store.loader, dossier.session.cache\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & set({IMPORTING!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- what differs between systems ----------------------------------------------------------


class Tty:
    def isatty(self) -> bool:
        return True


def test_terminal_check_by_system():
    ttys = {"input": Tty(), "output": Tty(), "error": Tty()}
    assert system.terminal_missing(ttys, {}, system.WINDOWS) is None  # no TERM on Windows: it means nothing
    assert system.terminal_missing(ttys, {}, system.LINUX) == "TERM is not set"
    assert system.terminal_missing(ttys, {"TERM": "dumb"}, system.MACOS) == "TERM=dumb cannot draw it"
    assert system.terminal_missing(ttys, {"TERM": "xterm-256color"}, system.MACOS) is None
    assert system.terminal_missing({**ttys, "output": None}, {}, system.WINDOWS) == "standard output is not one"


def test_editors_by_system_and_setting():
    everything = {"sensible-editor", "editor", "nano", "vim", "vi", "notepad", "nvim", "code"}
    which = {name: f"/bin/{name}" for name in everything}
    assert system.editor_fallbacks(system.WINDOWS) == ("notepad",)
    assert system.editor_fallbacks(system.MACOS)[0] == "nano"
    assert system.editor_fallbacks(system.LINUX)[0] == "sensible-editor"
    import dossier.env.editor as editor

    original = editor.shutil.which
    editor.shutil.which = which.get
    try:
        assert editor_command("a.yaml", 3, environ={}, system=system.WINDOWS) == ["notepad", "a.yaml"]
        assert editor_command("a.yaml", 3, environ={}, system=system.MACOS) == ["nano", "+3,1", "a.yaml"]
        configured = editor_command("a.yaml", 3, environ={"VISUAL": "vim"}, configured="nvim", system=system.LINUX)
        assert configured == ["nvim", "+3", "a.yaml"]  # the config's editor comes first, as git's core.editor
        assert editor_command("a.yaml", 3, 2, environ={"EDITOR": "code"})[-2:] == ["--goto", "a.yaml:3:2"]
    finally:
        editor.shutil.which = original


def test_clipboard_tools_by_system_and_display():
    installed = {"wl-copy", "xclip", "xsel", "pbcopy", "clip.exe"}

    def which(name):
        return name if name in installed else None

    def tools(environ, on):
        return [command[0] for command in system.clipboard_tools(environ, on, which)]

    assert tools({}, system.MACOS) == ["pbcopy"]
    assert tools({}, system.WINDOWS) == ["clip.exe"]
    assert tools({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, system.LINUX) == ["wl-copy", "xclip", "xsel"]
    assert tools({"DISPLAY": ":0"}, system.LINUX) == ["xclip", "xsel"]
    assert tools({"WSL_DISTRO_NAME": "Debian"}, system.LINUX) == ["clip.exe"]
    assert tools({}, system.LINUX) == []  # no display: no tool can reach a clipboard
    installed.discard("xclip")
    assert tools({"DISPLAY": ":0"}, system.LINUX) == ["xsel"]


def test_config_and_cache_follow_the_system(monkeypatch, tmp_path):
    monkeypatch.delenv("DOSSIER_CONFIG_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if system.current_system() == system.LINUX:
        assert system.config_folder() == tmp_path / "config" / "dossier"
        assert system.cache_folder() == tmp_path / "cache" / "dossier"
    assert system.config_folder({"DOSSIER_CONFIG_HOME": str(tmp_path / "mine")}) == tmp_path / "mine"


def test_wants_color():
    assert system.wants_color("auto", {}, on_terminal=True)
    assert not system.wants_color("auto", {"TERM": "dumb"}, on_terminal=True)
    assert not system.wants_color("auto", {}, on_terminal=False)
    assert system.wants_color("auto", {"FORCE_COLOR": "1"}, on_terminal=False)
    assert not system.wants_color("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, on_terminal=True)
    assert system.wants_color("always", {"NO_COLOR": "1"}, on_terminal=False)
    assert not system.wants_color("never", {"FORCE_COLOR": "1"}, on_terminal=True)
