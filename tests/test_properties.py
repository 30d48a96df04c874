"""Whatever bytes or documents it is given, the loader answers with problems, never an
exception, and every problem names a file and a position."""

import json
import re
import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.cli import main as cli
from dossier.library.problems import DossierError
from dossier.store.assembling import assemble
from dossier.store.checking import parse_file, read_file
from dossier.store.loader import load_library
from dossier.write.yamltext import TextDumper, source_document, split_paragraphs

from .strategies import libraries
from .support import BASE

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(parsed_path, library_problems):
    for problem in library_problems:
        assert problem.path == parsed_path
        assert problem.line >= 1 and problem.column >= 1 and problem.message


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path, data):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    for use_libyaml in (True, False):
        parsed = read_file(str(path), use_libyaml=use_libyaml)
        check(str(path), parsed.problems)
        check(str(path), assemble([parsed]).problems)


keys = st.sampled_from(["id", "title", "claims", "paragraphs", "text", "evidence", "at", "quote", "figure", "value"])
scalars = st.one_of(
    st.sampled_from(["a", "p1", "base-report#p1", "2024-12-27", "11000", "no", "", "~", "'q'", "[x]"]),
    st.text(string.printable, max_size=12),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)


def to_yaml(value, indent=0) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n" + "\n".join(f"{pad}{k}: {to_yaml(v, indent + 1)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n" + "\n".join(f"{pad}- {to_yaml(v, indent + 1).lstrip()}" for v in value)
    return value


@SETTINGS
@given(document=st.dictionaries(keys, documents, min_size=1, max_size=6))
def test_generated_documents(tmp_path, document):
    path = tmp_path / "doc.yaml"
    path.write_text(to_yaml(document).lstrip("\n") + "\n", encoding="utf-8")
    for use_libyaml in (True, False):
        library = load_library([BASE, path], use_libyaml=use_libyaml)
        check(str(path), library.problems)


# Characters YAML treats specially: its other line breaks, quotes, indicators, escapes.
TRICKY = " \t\n\r\x85\u2028\u2029\ufeff\u00a0'\"#:-|>&*!%@`\\\x1b\x00\x7f\x9b\ufffe\U0010ffffab"


@SETTINGS
@given(article=st.text(st.characters(codec="utf-8"), max_size=400) | st.text(TRICKY, max_size=60))
def test_imported_text_reads_back_word_for_word(article):
    """Whatever an article holds, its source file gives back each paragraph exactly."""
    try:
        document = source_document(split_paragraphs(article), source_id="fuzz", title="Fuzz")
    except DossierError as error:
        assert not split_paragraphs(article) and str(error) == "the article: no text to import"
        return
    parsed = parse_file("fuzz.yaml", document)
    assert parsed.problems == []
    assert [paragraph.text for paragraph in parsed.source.paragraphs.values()] == split_paragraphs(article)
    assert list(parsed.source.paragraphs) == [f"p{number}" for number in range(1, len(parsed.source.paragraphs) + 1)]


# --- the command line on arbitrary files, and generated libraries round-tripped -------------


@SETTINGS
@given(data=st.binary(max_size=1000))
def test_validate_answers_arbitrary_bytes_with_located_problems(tmp_path, capsys, data):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    status = cli.main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert status in (0, 1) and "internal error" not in err
    for line in out.splitlines():
        assert re.fullmatch(rf"{re.escape(str(path))}:[1-9]\d*:[1-9]\d*: \S.*", line), line


@SETTINGS
@given(library=libraries())
def test_valid_generated_libraries_round_trip_through_the_json_export(tmp_path, library):
    sources, dossier = library
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example
    for data in [*sources, dossier]:
        text = yaml.dump(data, Dumper=TextDumper, sort_keys=False, allow_unicode=True, width=float("inf"))
        (folder / f"{data['id']}.yaml").write_text(text, "utf-8")
    report = tmp_path / "report.json"
    assert cli.main(["export", str(folder), "-o", str(report), "--force"]) == 0
    exported = json.loads(report.read_text("utf-8"))
    assert exported["sources"] == sources
    [claims] = [d["claims"] for d in exported["dossiers"]]
    assert len(claims) == len(dossier["claims"])
    for claim, generated in zip(claims, dossier["claims"], strict=True):
        assert {key: claim[key] for key in generated} == generated


def _html_trees():
    """Small HTML bodies of nested elements, some hidden, with texts and tails anywhere."""
    words = st.sampled_from(["", "a ", "word ", " b", "x"])

    def element(children):
        return st.tuples(st.sampled_from(["span", "b", "div"]), st.booleans(), words, children, words).map(
            lambda part: f"<{part[0]}{' hidden' if part[1] else ''}>{part[2]}{''.join(part[3])}</{part[0]}>{part[4]}"
        )

    nested = st.recursive(st.just([]), lambda children: st.lists(element(children), max_size=4), max_leaves=12)
    return st.tuples(words, nested).map(lambda body: f"<html><body><p>{body[0]}{''.join(body[1])}</p></body></html>")


@SETTINGS
@given(html=_html_trees())
def test_hidden_elements_leave_a_page_as_lxmls_drop_tree_leaves_it(html):
    # webpage._drop_all takes them out in one pass per parent (linear time); the text left,
    # tails included, is what dropping them one by one leaves.
    import lxml.html

    from dossier.sources.webpage import _leave_out_hidden

    mine, theirs = lxml.html.fromstring(html), lxml.html.fromstring(html)
    _leave_out_hidden(mine)
    for element in theirs.xpath("//*[@hidden]"):
        if element.getparent() is not None:
            element.drop_tree()
    assert lxml.html.tostring(mine) == lxml.html.tostring(theirs)
