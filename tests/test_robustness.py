"""What fuzzing and probes found outside the project's own corpus, each kept fixed: one
verdict whichever YAML parser reads a file, no internal error, no hang, nothing beyond
linear time, and output that stays one line per problem and literal in any renderer."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from rapidfuzz import process

from dossier.cli import main as cli
from dossier.cli.report import export
from dossier.library.model import Library
from dossier.library.problems import Problem
from dossier.store.checking import parse_file
from dossier.store.loader import load_library
from dossier.text import quotes, suggest

from .support import BASE, REPO, run

SOURCE = """\
id: s
title: "{title}"
paragraphs:
  - id: p1
    text: Some text.
"""


def problems_both_ways(path) -> list[str]:
    """The problems of the library at `path` as libyaml reads it, checked to be exactly
    what PyYAML's pure-Python parser gives."""
    fast = [str(p) for p in load_library([path]).problems]
    assert fast == [str(p) for p in load_library([path], use_libyaml=False).problems]
    return fast


# --- one verdict whichever parser reads a file ---------------------------------------------

TRICKY = {
    "folded-header-into-comment": "id: d\ntitle: T\nclaims:\n  - id: c\n    text: ># folded\n      x\n",
    "question-mark-in-a-flow-list": "id: d\ntitle: T\nclaims:\n  - id: c\n    tags: [why?, b]\n",
    "question-mark-in-a-flow-mapping": "id: d\ntitle: T\nclaims: [{id: c, text: a? b}]\n",
    "empty-value-in-a-flow-mapping": "id: d\ntitle: T\nclaims: [{id: c, text: }]\n",
    "tab-after-a-colon": "id: d\ntitle:\tT\nclaims: []\n",
    "tab-inside-a-plain-value": "id: d\ntitle: a\tb\nclaims: []\n",
    "tab-in-a-flow-list": "id: d\ntitle: T\nclaims: []\ntags: [a,\tb]\n",
    "tab-as-indentation": "id: d\ntitle: T\nclaims:\n\t- id: c\n",
    "tab-before-a-comment": "id: d\ntitle: T  \t# note\nclaims: []\n",
    "tab-in-a-comment": "id: d # a\tnote\ntitle: T\nclaims: []\n",
    "tab-inside-quotes": 'id: d\ntitle: "a\tb"\nclaims: []\n',
    "tab-in-a-block-scalar": "id: d\ntitle: |\n  a\tb\nclaims: []\n",
    "tab-on-a-block-scalar-header": "id: d\ntitle: |\t\n  a\nclaims: []\n",
    "directive": "%YAML 1.1\n---\nid: d\ntitle: T\nclaims: []\n",
    "unknown-directive": "%FOO bar\n---\nid: d\ntitle: T\nclaims: []\n",
    "directive-run-into-a-comment": "%YAML 1.1#x\n---\nid: d\ntitle: T\nclaims: []\n",
    "tag": "id: d\ntitle: !!str, T\nclaims: []\n",
    "surrogate-escapes": 'id: d\ntitle: "\\ud83d\\ude00"\nclaims: []\n',
    "surrogate-escapes-and-a-tab": 'id: d\ntitle: "\\ud83d\\ude00\t"\nclaims: []\n',
    "lone-surrogate-escape": 'id: d\ntitle: "\\ud800"\nclaims: []\n',
    "line-separator-in-a-plain-value": "id: d\ntitle: Hello\u2028      world\nclaims: []\n",
    "carriage-return-in-a-flow-list": "id: d\ntitle: T\nclaims: []\nvia: [Reuters\rAP]\n",
    "no-final-line-break": "id: s1\ntitle: T\nfoo",
    "flow-list-left-open": "id: d\ntitle: [x\n",
    "explicit-key": "? id\n: d\ntitle: T\nclaims: []\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_each_parser_gives_the_same_verdict_message_and_position(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(TRICKY[name], "utf-8", newline="")
    fast = parse_file(str(path), TRICKY[name])
    reference = parse_file(str(path), TRICKY[name], use_libyaml=False)
    assert [str(p) for p in fast.problems] == [str(p) for p in reference.problems]
    assert (fast.dossier is None) == (reference.dossier is None)


def test_validity_does_not_depend_on_an_unrelated_tab(tmp_path):
    """`># folded` is not YAML; a tab inside a quoted title elsewhere used to decide it."""
    folded = "id: d\ntitle: {title}\nclaims:\n  - id: c\n    text: ># folded\n      x\n"
    answers = []
    for title in ("T", '"with\ta tab"'):
        path = tmp_path / "d.yaml"
        path.write_text(folded.format(title=title), "utf-8")
        answers.append(problems_both_ways(path))
    assert answers[0] == answers[1]
    assert answers[0][0].endswith(
        "5:12: YAML syntax error: expected chomping or indentation indicators, but found '#' "
        "(while scanning a block scalar)"
    )


def test_a_tab_where_yaml_allows_none_is_named_at_the_tab(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("id: d\ntitle: a\tb\nclaims: []\n", "utf-8")
    assert problems_both_ways(path) == [
        f"{path}:2:9: tab character where YAML does not allow one: indent with spaces, or quote the value"
    ]


# --- 1. surrogate escapes ------------------------------------------------------------------


@pytest.mark.parametrize("tab", ["", "\t"], ids=["without-a-tab", "with-a-tab"])
def test_a_surrogate_escape_is_a_problem_not_a_crash(tmp_path, tab):
    (tmp_path / "base-report.yaml").write_text((BASE / "base-report.yaml").read_text("utf-8"), "utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE.format(title=f"\\ud83d\\ude00{tab}"), "utf-8")
    assert problems_both_ways(tmp_path) == [
        f"{path}:2:8: \\ud83d\\ude00 is a UTF-16 surrogate escape, not a character: "
        "write the character itself (😀), or \\U0001F600"
    ]
    for args in (
        ["validate"],
        ["export", "--format", "json"],
        ["show", "base-report"],
        ["search", "--scope", "all", "x"],
    ):
        result = run(*args, tmp_path)
        assert result.returncode in (0, 1) and "internal error" not in result.stderr, (args, result.stderr)
    path.write_text(SOURCE.format(title="\\ud800"), "utf-8")
    lone = "\\ud800 is a UTF-16 surrogate escape, not a character: write the character itself"
    assert problems_both_ways(tmp_path)[0].endswith(lone)


# --- 2 and 11. numbers past what JSON holds ------------------------------------------------


def test_figures_past_fifteen_digits_are_refused_and_json_stays_json(tmp_path):
    fixture = REPO / "tests" / "fixtures" / "invalid" / "figure-values.yaml"
    problems = [str(p) for p in load_library([BASE, fixture]).problems]
    assert any(p.endswith("'value' has 5,000 digits; a figure has at most 15") for p in problems)
    assert any(p.endswith("'value' has 401 digits; a figure has at most 15") for p in problems)
    claims = "".join(
        f"  - id: c{n}\n    text: T\n    evidence:\n      - at: base-report#p1\n"
        f"    figure: {{what: w, value: {value}}}\n"
        for n, value in enumerate(["999999999999999", "-0.12345678901234", "123456789012.345"])
    )
    (tmp_path / "d.yaml").write_text(f"id: d\ntitle: T\nclaims:\n{claims}", "utf-8")
    library = load_library([BASE, tmp_path])
    assert library.problems == []

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    data = json.loads(export(library, "json"), parse_constant=refuse)
    assert [c["figure"]["value"] for c in data["dossiers"][0]["claims"]] == [
        999999999999999,
        -0.12345678901234,
        123456789012.345,
    ]


# --- 3. file names that are not UTF-8 ------------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.yaml")
    (folder / name).write_text("id: s\ntitle: [x\n", "utf-8")
    (folder / "good.yaml").write_text((BASE / "base-report.yaml").read_text("utf-8"), "utf-8")
    strict = {"PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    for target in (folder, folder / name):  # inside a folder, and named on the command line
        result = run("validate", target, env=strict)
        assert result.returncode == 1 and "internal error" not in result.stderr, result.stderr
        assert re.search(r"caf\\xe9\.yaml:2:\d+: YAML syntax error", result.stdout), result.stdout
    for args in (["search", "--scope", "all", "ministry"], ["show", "base-report"], ["export"]):
        result = run(*args, folder, env=strict)
        assert result.returncode == 0 and "internal error" not in result.stderr, (args, result.stderr)


# --- 4. a named pipe ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_among_the_files_is_reported_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "good.yaml").write_text((BASE / "base-report.yaml").read_text("utf-8"), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "validate", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout == f"{tmp_path}/pipe.yaml:1:1: cannot read: it is a named pipe, not a file\n"


# --- 5 and 12. a broken file's ids, and suggestions from an index ------------------------------


def test_references_to_a_file_that_is_not_yaml_are_not_reported_again(tmp_path):
    (tmp_path / "source.yaml").write_text("id: src\ntitle: [broken\nparagraphs:\n  - id: p1\n    text: T\n")
    claims = "".join(f"  - id: claim-{n}\n    text: T\n    evidence:\n      - at: src#p1\n" for n in range(300))
    (tmp_path / "broken.yaml").write_text(f"id: broken\ntitle: [x\nclaims:\n{claims}")
    links = "".join(
        f"  - id: other-{n}\n    text: T\n    evidence:\n      - at: src#p1\n    supports: [claim-{n}]\n"
        for n in range(300)
    )
    (tmp_path / "other.yaml").write_text(f"id: other\ntitle: T\nclaims:\n{links}")
    problems = problems_both_ways(tmp_path)
    # Only the two files' own problems: no "no source 'src'", no "unknown claim".
    assert [p.split(": ", 1)[1].split(":")[0] for p in problems] == ["YAML syntax error", "YAML syntax error"]


def test_suggestions_score_a_bounded_number_of_ids_whatever_the_library(monkeypatch):
    ids = [f"claim-{n:05}" for n in range(20_000)] + ["kirby-troops-expendable"]
    scored = []
    real = process.extract

    def counting(word, pool, **kwargs):
        scored.append(len(pool))
        return real(word, pool, **kwargs)

    monkeypatch.setattr(process, "extract", counting)
    suggestions = suggest.Suggestions(ids)
    assert suggestions.closest("kirby-troops-expendible") == ["kirby-troops-expendable"]
    assert suggestions.closest("claim-01234x") == ["claim-01234"]
    assert suggestions.closest("nothing-like-it-at-all-zz") == []
    assert max(scored) <= suggest.Suggestions.CANDIDATES


# --- 6. the closest passage of a long quote -------------------------------------------------


def test_the_closest_passage_aligns_pieces_of_bounded_length(monkeypatch):
    words = ["the", "ministry", "said", "that", "people", "were", "evacuated", "from", "the", "city", "on", "monday"]
    paragraph = " ".join(words[n % len(words)] for n in range(40_000))  # about 200 KB
    quote = "the ministry said that peeple were evacuated from " * 400  # about 20 KB
    aligned = []
    real = quotes.fuzz.partial_ratio_alignment

    def recording(needle, haystack, **kwargs):
        aligned.append(len(needle))
        return real(needle, haystack, **kwargs)

    monkeypatch.setattr(quotes.fuzz, "partial_ratio_alignment", recording)
    passage = quotes.closest_passage(paragraph, quote)
    assert passage.startswith("the ministry said") and passage.endswith("…")
    assert aligned and max(aligned) <= quotes.LOCATE
    start, end, alike = quotes.nearest_passage("The ministry said 1,200 people left.", "1,300 people left")
    assert (start, end) == (18, 36) and 80 < alike < 100


# --- 8 and 9. line breaks editors do not show; the end of a file ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: d\ntitle: Hello\u2028      world\nclaims: []\n", "2:13: a line separator (U+2028) is a line break"),
        ("id: d\ntitle: T\nclaims: []\nvia: [Reuters\rAP]\n", "4:14: a carriage return without a line feed"),
        ("id: s1\ntitle: T\nfoo", "3:4: YAML syntax error: could not find expected ':'"),
    ],
)
def test_line_breaks_and_the_end_of_a_file_are_placed_as_editors_show_them(tmp_path, text, expected):
    path = tmp_path / "d.yaml"
    path.write_bytes(text.encode())
    problems = problems_both_ways(path)
    assert problems[0].startswith(f"{path}:{expected}"), problems


# --- 10. one problem, one line ---------------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\L", "\\P", "\\N", "\\v", "\\f", "\\r", "\\n"])
def test_a_problem_is_one_line_whatever_line_break_the_value_holds(tmp_path, escape):
    path = tmp_path / "d.yaml"
    path.write_text(f'id: d\ntitle: T\nclaims: []\n"a{escape}b": x\n', "utf-8")
    problems = load_library([path]).problems
    assert problems and all(len(str(problem).splitlines()) == 1 for problem in problems)
    assert str(Problem("a\u2028b.yaml", 1, 1, "x\x85y")).splitlines() == ["a\\u2028b.yaml:1:1: x\\u0085y"]


# --- 13. options that are not UTF-8 ----------------------------------------------------------


def test_import_names_the_option_that_is_not_utf8(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Hello.\n", "utf-8")
    title = os.fsdecode(b"caf\xe9")
    assert cli.main(["import", str(article), "--id", "a", "--title", title]) == 2
    assert "argument --title: not valid UTF-8 (byte 0xE9)" in capsys.readouterr().err
    assert cli.main(["search", title]) == 2
    assert "argument QUERY: not valid UTF-8 (byte 0xE9)" in capsys.readouterr().err


# --- 14. Markdown that GitHub would link -----------------------------------------------------


def test_markdown_export_makes_no_link_of_a_bare_address_on_github(tmp_path):
    import cmarkgfm  # GitHub's own renderer

    (tmp_path / "base-report.yaml").write_text((BASE / "base-report.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "d.yaml").write_text(
        "id: d\ntitle: See https://example.com and www.example.org\nsummary: Write to press@example.com.\n"
        "claims:\n  - id: c\n    text: Mail a.b+c@news.example.co.uk or ftp://files.example.net/x_y.\n"
        "    evidence:\n      - at: base-report#p1\n",
        "utf-8",
    )
    hostile = REPO / "tests" / "hostile" / "content"
    for folder in (tmp_path, hostile):
        markdown = export(load_library([folder]), "markdown")
        html = cmarkgfm.github_flavored_markdown_to_html(markdown)
        assert "<a " not in html, html
    html = cmarkgfm.github_flavored_markdown_to_html(export(load_library([tmp_path]), "markdown"))
    assert "See https://example.com and www.example.org" in html
    assert "a.b+c@<!-- raw HTML omitted -->news.example.co.uk" in html  # the @ kept, the link not made


def test_nothing_here_is_left_to_the_parser_in_use(tmp_path):
    """The bundled library reads the same with either parser, node for node."""
    assert export(load_library(), "json") == export(load_library(use_libyaml=False), "json")
    assert isinstance(load_library(), Library)
