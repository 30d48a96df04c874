"""Versions of a source as a user meets them: `dossier import FILE --update ID` on an
edited copy of a bundled article, `dossier changes` (text and JSON), `--accept`, what
`validate` says meanwhile, and the cases that must write nothing: an identical text,
another article, a file changed while recording, a page at an address the library has."""

from __future__ import annotations

import html
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from dossier.library.problems import DossierError
from dossier.store.files import bundled_library_path
from dossier.store.loader import load_library
from dossier.versions import recording

from .support import FIXTURES, run

SOURCE = "nk-pow-report-a"
ZELENSKY = "Ukrainian President Volodymyr Zelensky recently estimated that they have lost 3,000 soldiers in Kursk"


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(bundled_library_path(), folder)
    return folder


def article(folder: Path) -> list[str]:
    source = load_library([str(folder)]).sources[SOURCE]
    return [paragraph.text for paragraph in source.paragraphs.values()]


def edited_version(folder: Path, tmp_path: Path) -> Path:
    """The article with a figure changed (p10), a paragraph cut (p3), one added, two
    swapped (p13, p14) and one split in two (p7): a text file, blank lines between. The
    edits are made up, to test with: the article itself was never changed."""
    paragraphs = article(folder)
    paragraphs[9] = paragraphs[9].replace("3,000", "4,000")
    paragraphs[12], paragraphs[13] = paragraphs[13], paragraphs[12]
    head, _, tail = paragraphs[6].partition(" The SOF also")
    paragraphs[6:7] = [head, "The SOF also" + tail]
    del paragraphs[2]
    paragraphs.insert(4, "A paragraph added for this test: the article itself was never changed.")
    path = tmp_path / "updated.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def dossier_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((folder / "dossiers").glob("*.yaml"))}


def test_a_new_version_is_recorded_its_ids_kept_and_no_dossier_file_touched(library, tmp_path):
    before = dossier_bytes(library)
    done = run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library)
    assert done.returncode == 0, done.stderr
    assert f"version 2 of {SOURCE}: 13 paragraphs unchanged, 2 edited, 2 added, 1 removed" in done.stderr
    assert "26 pieces of evidence rest on it: 23 unchanged, 1 moved, 1 edited, 1 removed" in done.stderr
    assert "no dossier file changed" in done.stderr
    assert dossier_bytes(library) == before  # nothing moves on its own
    source = load_library([str(library)]).sources[SOURCE]
    ids = list(source.paragraphs)
    # Unchanged paragraphs keep their ids wherever they are; new ones get ids never used.
    assert ids[:5] == ["p1", "p2", "p4", "p5", "p17"] and ids.index("p14") < ids.index("p13")
    assert "p3" not in ids and "p18" in ids
    assert "4,000 soldiers" in source.paragraphs["p10"].text
    (version,) = source.versions
    assert version.number == 1 and dict(version.paragraphs)["p3"].startswith("Newsweek also reached out")
    archived = library / "sources" / source.archive.file
    assert archived.exists() and source.archive.kind == "text"


def test_recording_versions_changes_only_the_paragraphs_and_moves_them_with_their_comments(library, tmp_path):
    # The analyst's own lines: a comment between fields, one on a paragraph, the file's
    # indentation and Windows line endings. Two versions recorded: each time only
    # `archive` and `paragraphs` change, and the version replaced moves to `versions`
    # as it was written; the earlier version's lines are not touched again.
    source_file = library / "sources" / f"{SOURCE}.yaml"
    text = source_file.read_text("utf-8")
    text = text.replace("\npublisher:", "\n# checked against the print edition\npublisher:", 1)
    text = text.replace("  - id: p3\n", "  # p3: the embassy did not answer\n  - id: p3\n", 1)
    source_file.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    fields, paragraphs = text.split("paragraphs:\n")
    first = edited_version(library, tmp_path)
    assert run("import", first, "--update", SOURCE, cwd=library).returncode == 0
    once = source_file.read_bytes().decode("utf-8")
    assert "\n" not in once.replace("\r\n", "")  # every line still ends as Windows ends it
    once = once.replace("\r\n", "\n")
    head, rest = once.split("archive:\n", 1)
    assert head == fields  # the comments and fields before, byte for byte
    now, versions = rest.split("versions:\n")
    assert now.startswith("  file: originals/") and "paragraphs:\n  - id: p1\n" in now
    moved = "".join("    " + line if line.strip() else line for line in paragraphs.splitlines(keepends=True))
    assert versions == "  - version: 1\n    paragraphs:\n" + moved
    assert "    # p3: the embassy did not answer\n      - id: p3\n" in versions

    second = tmp_path / "second.txt"
    second.write_text(first.read_text("utf-8").replace("4,000", "5,000"), "utf-8")
    assert run("import", second, "--update", SOURCE, cwd=library).returncode == 0
    twice = source_file.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert twice.startswith(head) and twice.split("versions:\n")[1].startswith(versions)
    source = load_library([str(library)]).sources[SOURCE]
    assert [version.number for version in source.versions] == [1, 2] and "5,000" in source.paragraphs["p10"].text


def test_a_source_written_in_braces_is_refused_at_its_line_and_left_as_it_is(library, tmp_path):
    source_file = library / "sources" / f"{SOURCE}.yaml"
    written = json.dumps(yaml.safe_load(source_file.read_text("utf-8")), ensure_ascii=False).encode("utf-8")
    source_file.write_bytes(written)  # JSON is YAML, in braces: there is no line of its own to change
    done = run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        f"{os.path.join('sources', SOURCE)}.yaml:1: the source is written in braces: "
        "write it as lines of keys first; nothing recorded" in done.stderr
    )
    assert source_file.read_bytes() == written and not (library / "sources" / "originals").exists()


def test_a_paragraph_a_new_version_removed_is_still_shown_by_its_permalink(library, tmp_path):
    removed = article(library)[2]
    run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library)
    shown = run("show", f"{SOURCE}#p3", cwd=library)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[:4] == [
        f"paragraph {SOURCE}#p3: not in version 2, the newest; as version 1 had it",
        "  First North Korean soldier captured in Kursk (Newsweek)",
        "",
        removed,
    ]
    assert f"'dossier changes {SOURCE}' says what became of the quotes that rest on it" in shown.stdout
    never = run("show", f"{SOURCE}#p99", cwd=library)
    assert never.returncode == 1 and f"no claim, paragraph, source or dossier '{SOURCE}#p99'" in never.stderr


def test_changes_say_what_became_of_each_quote_and_json_names_where_it_is_now(library, tmp_path):
    run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library)
    shown = run("changes", SOURCE, cwd=library)
    assert shown.returncode == 1  # quotes wait for a decision
    lines = shown.stdout.splitlines()
    assert lines[0] == f"{SOURCE}: version 2 (recorded {lines[0].split('recorded ')[1][:10]}) against version 1"
    # The figure changed inside a quote comes first, its words diffed.
    assert lines[3].startswith(f"  zelensky-3000-lost [1] {SOURCE}#p10  edited at {SOURCE}#p10 (0.9")
    assert "lost [-3,000-] {+4,000+} soldiers in Kursk" in lines[4]
    found = json.loads(run("changes", SOURCE, "--json", cwd=library).stdout)
    verdicts = {(item["claim"], item["evidence"]): item for item in found[0]["evidence"]}
    assert {"claim", "at", "quote", "verdict", "now", "similarity"} <= set(verdicts["zelensky-3000-lost", 1])
    assert verdicts["zelensky-3000-lost", 1]["now"] == f"{SOURCE}#p10"
    assert verdicts["zelensky-3000-lost", 1]["passage"] == ZELENSKY.replace("3,000", "4,000")
    assert verdicts["sof-seized-btr-82", 1] | {"similarity": None} == {
        "claim": "sof-seized-btr-82", "evidence": 1, "at": f"{SOURCE}#p7", "verdict": "moved", "now": f"{SOURCE}#p18",
        "quote": "The SOF also seized a Russian BTR-82 armored personnel carrier, weapons, and documents.",
        "similarity": None,
    }  # fmt: skip
    removed = verdicts["newsweek-sought-comment", 2]
    assert removed["verdict"] == "removed" and removed["now"] is None and removed["similarity"] is None
    assert verdicts["nis-confirms-capture", 1]["verdict"] == "unchanged"  # p13 moved, same id
    # Without an id: every source with versions.
    assert [item["source"] for item in json.loads(run("changes", "--json", cwd=library).stdout)] == [SOURCE]


def test_validate_reports_each_quote_left_behind_until_it_is_accepted(library, tmp_path):
    run("import", edited_version(library, tmp_path), "--update", SOURCE, cwd=library)
    checked = run("validate", cwd=library)
    assert checked.returncode == 1
    problems = [line for line in checked.stdout.splitlines() if line.startswith("dossiers/")]
    assert len(problems) == 3
    casualty = (library / "dossiers" / "casualty-estimates.yaml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(casualty, 1) if ZELENSKY in text)
    column = casualty[line - 1].index("Ukrainian") + 1
    assert (
        f"dossiers/casualty-estimates.yaml:{line}:{column}: the quote is in version 1 of {SOURCE}#p10, "
        f"not in version 2 ('dossier changes {SOURCE}' says where its words are now)"
    ) in problems

    accepted = run("changes", SOURCE, "--accept", "moved", "zelensky-3000-lost:1", cwd=library)
    assert accepted.returncode == 0, accepted.stderr
    assert "2 verdicts accepted" in accepted.stderr
    text = (library / "dossiers" / "casualty-estimates.yaml").read_text(encoding="utf-8")
    assert f"quote: {ZELENSKY.replace('3,000', '4,000')}\n        was_quote: {ZELENSKY}\n" in text
    captured = (library / "dossiers" / "captured-soldier.yaml").read_text(encoding="utf-8")
    assert f"at: {SOURCE}#p18\n" in captured and f"was_at: {SOURCE}#p7\n" in captured
    shown = run("show", "zelensky-3000-lost", cwd=library).stdout
    assert f"  before: quoting “{ZELENSKY}”\n" in shown  # what it quoted before, kept in view
    checked = run("validate", cwd=library)
    left = [line for line in checked.stdout.splitlines() if line.startswith("dossiers/")]
    assert len(left) == 1 and f"paragraph 'p3' is in version 1 of {SOURCE}, not in version 2" in left[0]
    # A removed quote cannot be accepted: the reason, and nothing written.
    before = dossier_bytes(library)
    refused = run("changes", SOURCE, "--accept", "newsweek-sought-comment", cwd=library)
    assert refused.returncode == 2 and "its words are gone from the new version" in refused.stderr
    assert dossier_bytes(library) == before


def test_a_version_from_a_page_marked_for_subscribers_says_it_may_be_only_the_beginning(library, tmp_path):
    # Saved without signing in: the page holds the article's first paragraphs only.
    shown = "".join(f"<p>{html.escape(text)}</p>" for text in article(library)[:6])
    page = tmp_path / "saved.html"
    page.write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}'
        f"</script></head><body><article>{shown}</article></body></html>",
        "utf-8",
    )
    done = run("import", page, "--update", SOURCE, cwd=library)
    assert done.returncode == 0, done.stderr
    assert (
        f"version 2 of {SOURCE}: 6 paragraphs unchanged, 0 edited, 0 added, 10 removed; note: the page marks its "
        "article as for subscribers: saved without signing in, it may hold only the article's beginning"
    ) in done.stderr


def test_an_identical_text_records_nothing(library, tmp_path):
    path = tmp_path / "same.txt"
    path.write_text("\n".join(article(library)) + "\n", encoding="utf-8")
    source_file = library / "sources" / f"{SOURCE}.yaml"
    before = source_file.read_bytes()
    done = run("import", path, "--update", SOURCE, cwd=library)
    assert done.returncode == 0
    assert f"{SOURCE}: the text is version 1's, word for word; nothing recorded" in done.stderr
    assert source_file.read_bytes() == before and not (library / "sources" / "originals").exists()


def test_another_article_is_refused_unless_forced(library, tmp_path):
    source_file = library / "sources" / f"{SOURCE}.yaml"
    before = source_file.read_bytes()
    other = FIXTURES / "pages" / "article.html"
    refused = run("import", other, "--update", SOURCE, cwd=library)
    assert refused.returncode == 1
    assert "it looks like another article" in refused.stderr and "--force" in refused.stderr
    assert source_file.read_bytes() == before and not (library / "sources" / "originals").exists()
    forced = run("import", other, "--update", SOURCE, "--force", cwd=library)
    assert forced.returncode == 0, forced.stderr
    assert len(load_library([str(library)]).sources[SOURCE].versions) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--update", "no-such-source"], "--update no-such-source: no source has that id"),
        (["--update", SOURCE, "--title", "New"], "--update keeps the source's id, fields and file: leave out --title"),
        (["--update", SOURCE, "EXTRA"], "--update takes one file"),
    ],
)
def test_update_mistakes_are_named(library, tmp_path, arguments, message):
    path = edited_version(library, tmp_path)
    before = (library / "sources" / f"{SOURCE}.yaml").read_bytes()
    extra = [str(path) if item == "EXTRA" else item for item in arguments]
    done = run("import", path, *extra, cwd=library)
    assert done.returncode in (1, 2) and message in done.stderr and "Traceback" not in done.stderr
    assert (library / "sources" / f"{SOURCE}.yaml").read_bytes() == before


def test_a_source_file_changed_while_recording_is_not_overwritten(library, tmp_path, monkeypatch):
    """The file is edited by hand between its reading and the write: nothing is recorded,
    the hand edit stays, and the original archived for the version goes with it."""
    source_file = library / "sources" / f"{SOURCE}.yaml"
    keep = recording.archiving.keep

    def keep_then_edit(data, path):
        kept = keep(data, path)
        with open(source_file, "a", encoding="utf-8") as file:
            file.write("# a hand edit, meanwhile\n")
        return kept

    monkeypatch.setattr(recording.archiving, "keep", keep_then_edit)
    data = edited_version(library, tmp_path).read_bytes()
    with pytest.raises(DossierError, match="changed"):
        recording.record_version(load_library([str(library)]), SOURCE, data, "updated.txt")
    assert source_file.read_text(encoding="utf-8").endswith("# a hand edit, meanwhile\n")
    assert not any((library / "sources" / "originals").iterdir())


def test_a_page_at_an_address_the_library_has_is_offered_as_a_new_version(library, tmp_path):
    page = FIXTURES / "pages" / "article.html"
    first = run("import", page, "-o", library / "sources", cwd=library)
    assert first.returncode == 0, first.stderr
    again = run("import", page, "-o", library / "sources", cwd=library)
    assert again.returncode == 1
    url = "https://courier.example/news/2024/11/14/old-bridge"
    source_id = load_library([str(library)]).sources.keys() - {SOURCE, "nk-pow-report-b", "nk-pow-report-c"}
    (made,) = source_id
    assert f"its address {url} is that of source {made}: 'dossier import FILE --update {made}'" in again.stderr
    assert len(os.listdir(library / "sources")) == 5  # three sources, the new one, originals/
