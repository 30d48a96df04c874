"""The loader on whole files: encodings, sizes, nesting, discovery, values kept as written."""

import os
import time

import pytest

from dossier.library.problems import DossierError
from dossier.store import loader, yamlnodes
from dossier.store.checking import read_file
from dossier.store.files import discover, library_stamp
from dossier.store.loader import load_library
from dossier.store.yamlnodes import MAX_DEPTH

from .support import BASE, FIXTURES

DOSSIER = """\
id: d
title: T
claims:
  - id: c
    text: Claim.
    evidence:
      - at: base-report#p1
        quote: 1,200 people
"""


def only_problem(path, **kwargs):
    parsed = read_file(str(path), **kwargs)
    assert len(parsed.problems) == 1, parsed.problems
    return parsed.problems[0]


# --- values are kept exactly as written --------------------------------------------


def test_no_implicit_typing():
    library = load_library([BASE, FIXTURES / "valid"])
    assert library.problems == []
    dossier = library.dossiers["literal-values"]
    assert (dossier.title, dossier.summary) == ("yes", "0755")
    claim = library.claims["no-typing"]
    assert (claim.text, claim.speaker, claim.date, claim.tags) == ("no", "null", "2024-12-27", ("on", "off"))
    assert library.sources["base-report"].paragraphs["p3"].text == "no"
    figure = library.claims["loose-quote"].figure
    assert (figure.value, figure.bound, figure.unit) == (1200.5, "about", None)
    assert isinstance(library.claims["no-typing"].status, str) and claim.status == "reported"


def test_quote_matches_across_spacing_quote_marks_and_dashes():
    library = load_library([BASE, FIXTURES / "valid"])
    evidence = library.claims["loose-quote"].evidence[0]
    paragraph = library.paragraph(evidence.at)
    assert evidence.anchored
    start, end = evidence.quote_span
    assert paragraph.text[start:end] == "“We will not comment,” the embassy said — not for now."


def test_backlinks_from_a_paragraph_to_the_claims_citing_it():
    library = load_library([BASE, FIXTURES / "valid"])
    assert [claim.id for claim, _ in library.citing("base-report#p2")] == ["loose-quote"]
    assert [claim.id for claim, _ in library.citing("base-report#p3")] == ["no-typing"]
    assert library.citing("base-report#p1") == []


def test_positions_are_kept_for_claims_and_paragraphs(write):
    path = write("d.yaml", DOSSIER)
    library = load_library([BASE, path])
    claim = library.claims["c"]
    assert (claim.location.path, claim.location.line, claim.location.column) == (str(path), 4, 5)
    assert claim.evidence[0].location.line == 7
    assert library.paragraph("base-report#p2").location.line == 8


# --- bytes and encodings -----------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"], ids=["empty", "blank"])
def test_empty_file(write, content):
    problem = only_problem(write("empty.yaml", content))
    assert (problem.line, problem.column, problem.message) == (1, 1, "the file is empty")


def test_latin1_bytes_are_reported_with_line_and_column(write):
    text = DOSSIER.replace("text: Claim.", "text: Café.")
    problem = only_problem(write("latin1.yaml", text.encode("latin-1")))
    assert (problem.line, problem.column) == (5, 14)
    assert problem.message == "not UTF-8 (byte 0xE9): save the file as UTF-8"


def test_bom_and_crlf_load(write):
    data = b"\xef\xbb\xbf" + DOSSIER.replace("\n", "\r\n").encode()
    path = write("bom.yaml", data)
    library = load_library([BASE, path])
    assert library.problems == []
    assert library.claims["c"].location.line == 4


def test_utf16_is_refused_with_a_hint(write):
    problem = only_problem(write("utf16.yaml", DOSSIER.encode("utf-16")))
    assert problem.message == "the file is UTF-16: save it as UTF-8"


def test_binary_file(write):
    problem = only_problem(write("image.yaml", b"id: x\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert (problem.line, problem.column, problem.message) == (4, 1, "a NUL byte: this is a binary file, not text")


def test_control_character_is_refused_with_its_position(write):
    problem = only_problem(write("bell.yaml", "id: d\ntitle: Ring \x07 here\nclaims: []\n"))
    assert (problem.line, problem.column) == (2, 13)
    assert problem.message.startswith("control character U+0007 is not allowed in YAML")


def test_escape_sequences_written_as_yaml_escapes_load_literally(write):
    path = write("escapes.yaml", 'id: d\ntitle: "\\e[31mred\\e[0m [bold]x[/bold]"\nclaims: []\n')
    library = load_library([path])
    assert library.dossiers["d"].title == "\x1b[31mred\x1b[0m [bold]x[/bold]"


def test_oversized_file_is_refused_quickly_without_reading_it(write):
    path = write("huge.yaml", b"")
    os.truncate(path, 200 * 1024 * 1024)  # sparse: 200 MB that cost nothing to make
    started = time.perf_counter()
    problem = only_problem(path)
    assert problem.message == "the file is 200 MiB, over the 64 MiB limit for one file: split it"
    assert time.perf_counter() - started < 5  # generous: reading it would be the bug


@pytest.mark.parametrize("use_libyaml", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(
    ("document", "position"),
    [
        # The collection that would be one level too deep: the root mapping is level one.
        ("a: " + "[" * 40 + "]" * 40, (1, len("a: ") + MAX_DEPTH)),
        ("".join(" " * level + "k:\n" for level in range(40)), (MAX_DEPTH + 1, MAX_DEPTH + 1)),
    ],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused_at_the_first_level_too_many(write, use_libyaml, document, position):
    problem = only_problem(write("deep.yaml", document + "\n"), use_libyaml=use_libyaml)
    assert ((problem.line, problem.column), problem.message) == (position, "nested more than 32 levels deep")


@pytest.mark.parametrize("use_libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_100000_levels_of_nesting_are_refused_without_crashing(write, use_libyaml):
    path = write("deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    problem = only_problem(path, use_libyaml=use_libyaml)
    # libyaml builds with a depth limit of their own stop further on, while scanning.
    assert (problem.line, problem.message) == (1, "nested more than 32 levels deep")


@pytest.mark.parametrize("use_libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_a_file_of_too_many_values_is_refused_at_the_first_one_too_many(write, use_libyaml, monkeypatch):
    monkeypatch.setattr(yamlnodes, "MAX_VALUES", 10)
    path = write("many.yaml", "id: notes\ntitle: Notes\nclaims:\n" + "  - a\n" * 10)
    problem = only_problem(path, use_libyaml=use_libyaml)
    # the root, three keys and three values, then the list's items: the fourth is the 11th
    assert ((problem.line, problem.column), problem.message) == ((7, 5), "more than 10 values in one file: split it")


@pytest.mark.parametrize("use_libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_positions_are_the_editors_when_yaml_counts_other_line_breaks(write, use_libyaml):
    # YAML counts U+2028 and U+2029 as line breaks; editors do not.
    quoted = write("quoted.yaml", 'id: notes\ntitle: "a\u2028b\u2029c"\nclaims: []\nsumary: x\n')
    problem = only_problem(quoted, use_libyaml=use_libyaml)
    assert (problem.line, problem.column) == (4, 1) and problem.message.startswith("unknown key 'sumary'")
    plain = write("plain.yaml", "id: notes\ntitle: a \u2029b\nclaims: []\n")
    problem = only_problem(plain, use_libyaml=use_libyaml)
    assert (problem.line, problem.column) == (2, 10)
    assert problem.message.startswith("a paragraph separator (U+2029) is a line break to YAML, though not to editors")
    # In a quoted value left open, the quotes are what is wrong, not the break they hold.
    unterminated = write("open.yaml", 'id: notes\ntitle: "a\u2028b\nclaims: []\n')
    problem = only_problem(unterminated, use_libyaml=use_libyaml)
    assert problem.message.startswith("YAML syntax error: found unexpected end of stream")


def test_alias_bomb_is_refused_at_once():
    problem = only_problem(FIXTURES / "invalid" / "alias-bomb.yaml")
    assert problem.message.startswith("anchors (&a) are not allowed")


# --- finding files ---------------------------------------------------------------


def test_folder_walk_takes_yaml_only_skips_hidden_and_follows_links_once(write, tmp_path):
    write("lib/a.yaml", DOSSIER)
    write("lib/notes.txt", "not yaml")
    write("lib/.hidden/b.yaml", "not: loaded")
    write("lib/sub/c.yml", DOSSIER.replace("id: d", "id: e").replace("id: c", "id: f"))
    os.symlink(tmp_path / "lib", tmp_path / "lib" / "sub" / "loop")  # a folder link loop
    files, problems = discover([tmp_path / "lib"])
    assert problems == []
    assert files == [str(tmp_path / "lib" / "a.yaml"), str(tmp_path / "lib" / "sub" / "c.yml")]


def test_a_file_named_directly_is_read_whatever_its_suffix(write):
    path = write("article.txt", DOSSIER)
    assert discover([path])[0] == [str(path)]


def test_the_same_file_named_twice_is_read_once(write):
    path = write("lib/a.yaml", DOSSIER)
    library = load_library([BASE, path.parent, path])
    assert library.problems == []


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(DossierError, match="no such file or folder"):
        load_library([tmp_path / "nope"])


def test_broken_link_in_a_folder(write, tmp_path):
    write("lib/a.yaml", DOSSIER)
    os.symlink(tmp_path / "gone.yaml", tmp_path / "lib" / "b.yaml")
    library = load_library([BASE, tmp_path / "lib"])
    assert [str(p) for p in library.problems] == [
        f"{tmp_path / 'lib' / 'b.yaml'}:1:1: cannot read: it no longer exists (a broken link, or removed while loading)"
    ]
    assert "c" in library.claims


def test_file_removed_between_listing_and_reading(tmp_path):
    problem = only_problem(tmp_path / "vanished.yaml")
    assert problem.message.startswith("cannot read: it no longer exists")


def test_unreadable_file(write, monkeypatch):
    path = write("secret.yaml", DOSSIER)
    real_open = os.open

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("os.open", refusing_open)
    problem = only_problem(path)
    assert problem.message == "cannot read: permission denied"


def test_many_broken_files_are_all_reported(write, tmp_path):
    for index in range(300):
        write(f"lib/broken-{index:03}.yaml", f"id: d{index}\ntitle: [unclosed\n")
    library = load_library([tmp_path / "lib"])
    assert len(library.problems) == 300
    # The flow sequence left open runs to the end of the file: the end of its last line.
    assert {(p.line, p.column) for p in library.problems} == {(2, 17)}


# --- both parsers give the same library --------------------------------------------


def test_libyaml_and_pure_python_build_the_same_library():
    from dossier.store.files import bundled_library_path

    paths = [bundled_library_path(), BASE, FIXTURES / "valid"]
    fast, slow = load_library(paths, use_libyaml=True), load_library(paths, use_libyaml=False)
    assert fast.sources == slow.sources and fast.dossiers == slow.dossiers and fast.problems == slow.problems


def test_values_in_messages_are_one_short_line(write):
    long_key = "k" * 500
    path = write("d.yaml", f'id: d\ntitle: T\nclaims: []\n"two\\nlines": x\n{long_key}: y\n')
    messages = [p.message for p in load_library([path]).problems]
    assert messages == [
        "unknown key 'two\\nlines' in dossier",
        f"unknown key '{'k' * 59}…' in dossier",
    ]


def test_references_to_a_source_with_errors_are_not_reported_twice(write):
    source = write("lib/src.yaml", "id: broken-src\ntitle: T\nurl: nope\nparagraphs:\n  - id: p1\n    text: Words.\n")
    dossier = write("lib/d.yaml", DOSSIER.replace("base-report#p1", "broken-src#p1"))
    library = load_library([source.parent])
    assert [str(p) for p in library.problems] == [
        f"{source}:3:6: 'url' must be a URL starting http:// or https://, not 'nope'"
    ]
    assert "broken-src" not in library.sources
    assert not library.claims["c"].anchored and library.claims["c"].location.path == str(dossier)


def test_the_stamp_changes_when_a_file_changes_appears_or_goes(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_text("id: a\ntitle: A\nclaims: []\n", "utf-8")
    before = library_stamp([tmp_path])
    assert library_stamp([tmp_path]) == before
    first.write_text("id: a\ntitle: A, longer\nclaims: []\n", "utf-8")
    changed = library_stamp([tmp_path])
    assert changed != before
    (tmp_path / "b.yml").write_text("id: b\ntitle: B\nclaims: []\n", "utf-8")
    assert library_stamp([tmp_path]) != changed
    gone = library_stamp([tmp_path / "missing"])  # never raises for a path that has gone
    assert gone == frozenset({(str(tmp_path / "missing"), -1, -1, -1, -1)})


def test_relations_are_indexed_both_ways():
    library = load_library()
    naming = {(claim.id, link.kind) for claim, link in library.naming("captured-by-special-forces")}
    assert naming == {("nis-confirms-capture", "supports")}
    naming = {(claim.id, link.kind) for claim, link in library.naming("zelensky-3000-lost")}
    assert naming == {("seoul-1100-dead-or-injured", "contradicts")}
    assert library.naming("nis-confirms-capture") == []


def test_a_large_library_is_read_by_helper_processes_with_the_same_result(monkeypatch):
    serial = load_library([BASE, FIXTURES / "valid"])
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader.os, "cpu_count", lambda: 2)
    reports = []
    parallel = load_library([BASE, FIXTURES / "valid"], progress=lambda done, total: reports.append((done, total)))
    assert list(parallel.claims) == list(serial.claims) and parallel.problems == serial.problems
    assert [claim.text for claim in parallel.claims.values()] == [claim.text for claim in serial.claims.values()]
    assert reports[-1] == (len(serial.files), len(serial.files))


def test_when_a_helper_process_fails_its_files_are_read_here(monkeypatch):
    serial = load_library([BASE])
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(loader.sys, "executable", "false")  # exits at once, having read nothing
    assert list(load_library([BASE]).claims) == list(serial.claims)
