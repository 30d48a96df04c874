"""The hostile-input corpus (tests/hostile, listed in its README): files that must be
refused with a file, line and column, and text that must stay text everywhere."""

from __future__ import annotations

import csv
import json
import os
import re
import time
from pathlib import Path

import pytest

from dossier.store.loader import load_library

from .app_support import open_claim, pane_text, running, screen_text, settle, take_steps
from .hostile.generate import MANY, generate
from .support import REPO, on_terminal, run

HOSTILE = Path(__file__).parent / "hostile"
FILES = HOSTILE / "files"
CONTENT = HOSTILE / "content"


# --- files -----------------------------------------------------------------------------


def test_every_hostile_file_is_reported_as_the_corpus_lists_it():
    result = run("validate", "tests/hostile/files")
    assert result.returncode == 1
    assert result.stdout == (HOSTILE / "expected.txt").read_text("utf-8")
    assert result.stderr == "tests/hostile/files: 24 files, 1 source, 1 dossier, 0 claims: 25 problems\n"
    assert not (REPO / "HOSTILE-CODE-RAN").exists()  # the python tag's command never ran
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_both_yaml_parsers_report_the_hostile_files_alike():
    assert load_library([FILES], use_libyaml=True).problems == load_library([FILES], use_libyaml=False).problems


def test_utf8_with_a_byte_order_mark_and_crlf_loads_as_written():
    library = load_library([FILES / "bom-crlf.yaml"])
    assert library.problems == []
    source = library.sources["windows-notes"]
    assert source.title == "Saved on Windows, with a byte-order mark"
    assert source.paragraphs["p1"].text == "A paragraph with CRLF line endings."


def test_the_generated_corpus_is_reported_whole(tmp_path):
    folder = generate(tmp_path / "hostile")
    started = time.perf_counter()
    result = run("validate", folder)
    seconds = time.perf_counter() - started
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    # PyPI's PyYAML wheels carry a libyaml with a depth limit of its own, met while scanning
    # ahead of the events: the same message, at a later column.
    deep = re.compile(rf"{re.escape(str(folder))}/deep-nesting-100000\.yaml:1:\d+: nested more than 32 levels deep")
    assert any(deep.fullmatch(line) for line in lines)
    huge = f"{folder}/huge-200mb.yaml:1:1: the file is 200 MiB, over the 64 MiB limit for one file: split it"
    assert huge in lines
    assert f"{folder}/million-values.yaml:1000000:3: more than 1,000,000 values in one file: split it" in lines
    assert f"{folder}/self-link.yaml:1:1: cannot read: too many levels of symbolic links" in lines
    gone = f"{folder}/broken-link.yaml:1:1: cannot read: it no longer exists (a broken link, or removed while loading)"
    assert gone in lines
    if os.geteuid() != 0:  # root reads any file
        assert f"{folder}/unreadable.yaml:1:1: cannot read: permission denied" in lines
    # A file name with a line break and an escape: still one line, escaped.
    assert f"{folder}/evil\\n\\u001b[31mname.yaml:2:17: YAML syntax error" in result.stdout
    assert f"{folder}/caf\\xe9.yaml:2:10: YAML syntax error" in result.stdout  # a name that is not UTF-8
    if hasattr(os, "mkfifo"):
        assert f"{folder}/named-pipe.yaml:1:1: cannot read: it is a named pipe, not a file" in lines
    assert "\x1b" not in result.stdout and all(line.startswith(str(folder)) for line in lines)
    many = [line for line in lines if "/many-broken/" in line]
    assert len(many) == MANY
    assert all(re.fullmatch(r".*/broken-\d{5}\.yaml:2:17: YAML syntax error: .*", line) for line in many)
    assert not any("/loop/" in line for line in lines)  # the folder links are followed once, silently
    print(f"\n  validate, {MANY:,} broken files and the rest of the generated corpus: {seconds:.1f} s")


# --- content -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile():
    return load_library([CONTENT])


def test_hostile_text_loads_exactly_as_the_yaml_writes_it(hostile):
    assert hostile.problems == []
    assert hostile.claims["escapes-claim"].text.startswith(
        "The source writes \x1b[31mred\x1b[0m, a title \x1b]0;pwned\x07"
    )
    assert "\u202egnp.exe\u202c" in hostile.claims["bidi-claim"].text
    assert hostile.sources["hostile-source"].paragraphs["escapes"].text.count("\x1b") == 9


def markdown_text(line: str) -> str:
    """A line of Markdown as it reads: backslash escapes (of any ASCII punctuation, as
    CommonMark has them) undone, and the empty comments that keep GFM from linking."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line.replace("<!-- -->", ""))


def test_exports_keep_hostile_text_exactly(hostile, tmp_path):
    for suffix in ("json", "csv", "md"):
        result = run("export", CONTENT, "-o", tmp_path / f"report.{suffix}")
        assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    exported = {claim["id"]: claim for dossier in data["dossiers"] for claim in dossier["claims"]}
    [source] = data["sources"]
    assert {p["id"]: p["text"] for p in source["paragraphs"]} == {
        key: paragraph.text for key, paragraph in hostile.sources["hostile-source"].paragraphs.items()
    }
    with open(tmp_path / "report.csv", encoding="utf-8", newline="") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    markdown = markdown_text((tmp_path / "report.md").read_text("utf-8"))
    for claim in hostile.claims.values():
        assert exported[claim.id]["text"] == claim.text
        assert exported[claim.id].get("speaker") == claim.speaker
        assert [e.get("quote") for e in exported[claim.id]["evidence"]] == [e.quote for e in claim.evidence]
        assert rows[claim.id]["text"] == claim.text
        assert claim.text in markdown


def test_the_command_line_escapes_hostile_text_on_a_terminal():
    status, output = on_terminal("show", "escapes-claim", CONTENT, columns=100)
    assert status == 0
    assert "The source writes ␛[31mred␛[0m, a title ␛]0;pwned␇ and a cleared screen ␛[2J." in output
    assert re.findall(r"\x1b(?!\[[0-9;]*m)", output) == []  # only our own bold
    status, output = on_terminal("show", "hostile-source#bidi", CONTENT, columns=100)
    assert status == 0 and "\u202e" not in output and "gnp.exe" in output


async def test_the_app_shows_hostile_text_literally_and_in_line():
    async with running(CONTENT) as (app, pilot):
        for claim_id in ("markup-claim", "escapes-claim", "bidi-claim", "wide-claim", "long-word-claim"):
            await take_steps(pilot, [open_claim(claim_id)])
            await settle(pilot)
            text = screen_text(app)
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), claim_id
            lines = text.splitlines()
            assert len(lines) == 40 and all(line.endswith("▎") for line in lines[1:-1]), claim_id
        word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # folded at the pane's edge
        assert word in pane_text(app, "#claim").replace(" ", "")
        await take_steps(pilot, [open_claim("markup-claim")])
        await settle(pilot)
        claim = pane_text(app, "#claim")
        assert "[bold red]not red[/] and [link=https://example.com]not a link[/link]." in claim
        assert "said by: [b]A speaker[/b], via [i]A relay[/i]" in claim
        await take_steps(pilot, [open_claim("escapes-claim")])
        await settle(pilot)
        assert "The source writes ␛[31mred␛[0m, a title ␛]0;pwned␇ and a cleared" in pane_text(app, "#claim")
