"""`dossier search`, `show`, `export` and `import`, run as a user runs them: a new
process, its output, its exit status, and its files."""

import csv
import gzip
import hashlib
import io
import json

import pytest
import yaml

from dossier.library.choices import Scope
from dossier.search.index import SearchIndex
from dossier.store.files import bundled_library_path
from dossier.store.loader import load_library

from .support import BASE, REPO, UPDATED_DOSSIER, on_terminal, run

# The articles the bundled sources were made from, kept in the repository.
ARTICLES = REPO / "tests" / "fixtures" / "articles"
SEED_SOURCES = {
    f"{source_id}.txt": source_id for source_id in ("nk-pow-report-a", "nk-pow-report-b", "nk-pow-report-c")
}

# A dossier whose text tries to drive a terminal, a Markdown renderer and a spreadsheet.
HOSTILE = r"""id: hostile
title: "Hostile [title](http://example.com) <b>"
summary: "1. Not a list, *not emphasis*, # not a heading"
claims:
  - id: escape-text
    text: "Evacuated \e]0;pwned\a\e[2J and \u202Ereversed"
    speaker: "*Stars* _under_ `code`"
    evidence:
      - at: base-report#p1
        quote: 1,200 people were evacuated
  - id: formula
    text: "=HYPERLINK(\"http://example.com\",\"click\")"
    evidence:
      - at: base-report#p2
"""


@pytest.fixture
def hostile(write):
    return write("hostile.yaml", HOSTILE)


# --- search ----------------------------------------------------------------------------


def test_search_prints_a_ranked_table():
    result = run("search", "kirby expendable")
    assert result.returncode == 0, result.stderr
    header, first = result.stdout.splitlines()[:2]
    assert header.split() == ["#", "words", "score", "id", "dossier", "at", "text"]
    assert int(first.split()[2]) > 0
    assert first.split()[:6] == [
        "1",
        "2/2",  # of the query's two words, it holds both
        first.split()[2],
        "kirby-troops-expendable",
        "casualty-estimates",
        "nk-pow-report-c#p15",
    ]
    assert first.endswith(
        "are treating the troops as expendable, ordering them on hopeless assaults against Ukrainian defences."
    )
    assert "**" not in result.stdout and "\x1b" not in result.stdout  # piped: plain text


@pytest.mark.parametrize(
    ("query", "scope"),
    [("kirby expendable", "claims"), ("zelenskyy 3000", "claims"), ("speaker:kirby", "claims"), ("prisoner", "all")],
)
def test_search_ranks_as_the_app_does(query, scope):
    result = run("search", query, "--json", "--limit", "0", "--scope", scope)
    expected = SearchIndex(load_library()).search(query, Scope(scope)).hits
    assert [(item["kind"], item["id"]) for item in json.loads(result.stdout)] == [
        (hit.kind, hit.key) for hit in expected
    ]
    assert expected, "the query should find something"


def test_search_json_shape_for_claims_and_paragraphs():
    claims = json.loads(run("search", "kirby expendable", "--json").stdout)
    assert claims[0] == {
        "rank": 1,
        "kind": "claim",
        "id": "kirby-troops-expendable",
        "score": claims[0]["score"],
        "words": 2,
        "of": 2,
        "text": "John Kirby said it is clear that Russian and North Korean military leaders are treating the troops "
        "as expendable, ordering them on hopeless assaults against Ukrainian defences.",
        "dossier": "casualty-estimates",
        "speaker": "John Kirby",
        "status": "reported",
        "date": "2024-12-27",
        "at": ["nk-pow-report-c#p15"],
        "sources": ["nk-pow-report-c"],
        "superseded": False,
    }
    assert isinstance(claims[0]["score"], float) and claims[0]["score"] > 0
    paragraphs = json.loads(run("search", "hopeless assaults", "--json", "--scope", "paragraphs").stdout)
    assert paragraphs[0]["kind"] == "paragraph" and paragraphs[0]["id"] == "nk-pow-report-c#p15"
    assert paragraphs[0]["at"] == ["nk-pow-report-c#p15"] and paragraphs[0]["source"] == "nk-pow-report-c"
    assert "kirby-troops-expendable" in paragraphs[0]["cited_by"]
    assert {item["kind"] for item in paragraphs} == {"paragraph"}
    both = json.loads(run("search", "hopeless assaults", "--json", "--scope", "all").stdout)
    assert {item["kind"] for item in both} == {"claim", "paragraph"}


def test_search_without_a_match_exits_1_and_says_so():
    result = run("search", "qqqzzz")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "dossier: nothing matches 'qqqzzz' in 61 claims\n"
    as_json = run("search", "qqqzzz", "--json")
    assert (as_json.returncode, json.loads(as_json.stdout)) == (1, [])


def test_search_limit_shows_the_best_and_says_how_many_more():
    result = run("search", "", "--limit", "3")
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["#", "1", "2", "3"]
    assert result.stderr == "dossier: 3 of 61 results shown (61 claims); --limit 0 shows all\n"
    everything = run("search", "", "--limit", "0", "--json")
    assert len(json.loads(everything.stdout)) == 61 and everything.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "-1"], "argument --limit: must be a whole number (0 for no limit), not '-1'"),
        (["--scope", "sources"], "argument --scope: invalid choice: 'sources'"),
        (["no/such/folder"], "no/such/folder: no such file or folder"),
    ],
)
def test_search_usage_errors_exit_2(args, message):
    result = run("search", "kirby", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_search_on_a_terminal_fits_the_width_and_bolds_matches():
    status, output = on_terminal("search", "kirby", columns=70)
    assert status == 0
    rows = output.splitlines()
    plain = [row.replace("\x1b[1m", "").replace("\x1b[22m", "") for row in rows]
    assert max(len(row) for row in plain) <= 70
    assert "\x1b[1mKirby\x1b[22m" in rows[1]
    # The text wraps in its column, words whole, and is all there.
    column = plain[0].index("text")
    first = [plain[1][column:]]
    rest = [row[column:] for row in plain[2:] if row[:column].strip() == ""][:3]
    assert all(row[:column].strip() == "" for row in plain[2:4])
    text = " ".join(first + rest[: len(rest)])
    claim = "John Kirby, a White House spokesperson, said 1,000 North Korean troops had been killed or wounded"
    assert text.startswith(claim)


def test_search_output_cannot_drive_the_terminal(hostile):
    result = run("search", "evacuated", BASE, hostile)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "Evacuated ␛]0;pwned␇␛[2J and �reversed" in result.stdout
    as_json = run("search", "evacuated", BASE, hostile, "--json")
    assert "\x1b" not in as_json.stdout and "\u202e" not in as_json.stdout
    # ...and JSON still carries the exact text.
    assert json.loads(as_json.stdout)[0]["text"] == "Evacuated \x1b]0;pwned\x07\x1b[2J and \u202ereversed"


# --- show ------------------------------------------------------------------------------


def test_show_claim_lists_fields_and_evidence_with_the_quote_marked():
    result = run("show", "kirby-troops-expendable")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "claim kirby-troops-expendable",
        "John Kirby said it is clear that Russian and North Korean military leaders are treating the troops "
        "as expendable, ordering them on hopeless assaults against Ukrainian defences.",
    ]
    assert "  said by     John Kirby" in lines
    assert "  carried by  1 source only: nk-pow-report-c" in lines
    assert "  status      reported" in lines
    evidence = lines.index("evidence 1 of 1: nk-pow-report-c#p15")
    # Who said it, and where it was read: report c names no publisher.
    assert (
        lines[evidence + 2] == "  said by John Kirby → reported in “Captured North Korean soldier dies of his injuries”"
    )
    paragraph = lines[evidence + 3]
    assert paragraph.count("**") == 2  # the quoted words, marked once, inside the whole paragraph
    quoted = paragraph.split("**")[1]
    source = yaml.safe_load((bundled_library_path() / "sources" / "nk-pow-report-c.yaml").read_text("utf-8"))
    text = next(item["text"] for item in source["paragraphs"] if item["id"] == "p15")
    assert paragraph.strip().replace("**", "") == text and quoted in text and len(quoted) > 10


def test_show_claim_relations_both_ways_and_what_superseded_it(write):
    lines = run("show", "nis-confirms-capture").stdout.splitlines()
    assert any(line.startswith("  → supports  captured-by-special-forces: ") for line in lines)
    assert "  carried by  3 sources: nk-pow-report-a (Newsweek), nk-pow-report-b, nk-pow-report-c" in lines
    assert sum(line.startswith("evidence ") for line in lines) == 5
    backwards = run("show", "captured-by-special-forces").stdout.splitlines()
    assert any(line.startswith("  ← supported by  nis-confirms-capture: ") for line in backwards)
    notes = write("notes.yaml", UPDATED_DOSSIER)
    lines = run("show", "first", BASE, notes).stdout.splitlines()
    assert "  ← updated by  later: A later count replaces it." in lines
    assert "  superseded    ↷ by later" in lines


def test_show_finds_a_claim_by_an_id_it_had_before_a_merge():
    result = run("show", "zelensky-nearly-3000")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "claim zelensky-3000-lost"
    assert ["formerly", "zelensky-nearly-3000,", "zelensky-more-than-3000"] in [line.split() for line in lines]


def test_search_filters_and_sort_as_the_app_does():
    single = run("search", "", "--single-source", "--limit", "0")
    assert single.returncode == 0 and len(single.stdout.splitlines()) == 1 + 52
    assert "nis-confirms-capture" not in single.stdout
    speaker = json.loads(run("search", "", "--speaker", "Militarnyi", "--json").stdout)
    assert [item["id"] for item in speaker] == [
        "captured-by-special-forces",
        "sof-operation-in-kursk-sector",
        "sof-seized-equipment",
        "telegram-photos-unverified",
        "militarnyi-first-if-confirmed",
    ]
    combined = json.loads(run("search", "capture", "--tag", "nis", "--status", "confirmed", "--json").stdout)
    assert [item["id"] for item in combined] == ["nis-confirms-capture"]
    ranked = json.loads(run("search", "", "--sort", "most-sources", "--json", "--limit", "0").stdout)
    counts = [len(item["sources"]) for item in ranked]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3
    nothing = run("search", "zzz", "--tag", "nis", "--single-source")
    assert nothing.returncode == 1
    assert nothing.stderr == "dossier: nothing matches 'zzz' in 61 claims (tag nis · resting on one source only)\n"
    unknown = run("search", "", "--dossier", "peace")
    assert unknown.returncode == 1 and unknown.stderr == "dossier: no dossier 'peace'; did you mean peace-talks?\n"
    speaker = run("search", "", "--speaker", "kirbi")  # names match as speaker: matches them
    assert speaker.returncode == 1
    assert speaker.stderr == "dossier: no speaker or relay 'kirbi'; did you mean John Kirby?\n"
    tag = run("search", "", "--tag", "casualty")
    assert tag.returncode == 1 and tag.stderr == "dossier: no tag 'casualty'; did you mean casualties?\n"
    bad = run("search", "", "--status", "rumoured")
    assert bad.returncode == 2 and "invalid choice: 'rumoured'" in bad.stderr


def test_show_bold_on_a_terminal_and_marks_without_colour():
    status, output = on_terminal("show", "kirby-troops-expendable")
    assert status == 0 and "\x1b[1m" in output and "\x1b[22m" in output and "**" not in output
    status, output = on_terminal("show", "kirby-troops-expendable", env={"NO_COLOR": "1"})
    assert status == 0 and "\x1b" not in output and output.count("**") == 2


def test_show_paragraph_lists_the_claims_that_cite_it():
    result = run("show", "nk-pow-report-b#p7")
    lines = result.stdout.splitlines()
    assert lines[0] == "paragraph nk-pow-report-b#p7"
    assert "cited by 2 claims:" in lines
    citing = [line.split()[0] for line in lines if line.startswith("  ") and "(casualty-estimates)" in line]
    assert citing == ["zelensky-3000-lost", "seoul-1100-dead-or-injured"]
    # The paragraph, each passage a claim quotes marked.
    assert lines[3].startswith("**On Monday, Ukrainian President") and lines[3].count("**") == 4


def test_show_source_and_dossier():
    source = run("show", "nk-pow-report-a").stdout.splitlines()
    assert source[:3] == ["source nk-pow-report-a", "First North Korean soldier captured in Kursk", "Newsweek"]
    assert any(line.startswith("p10 · cited by ") for line in source)
    dossier = run("show", "peace-talks").stdout.splitlines()
    assert dossier[:2] == ["dossier peace-talks", "Peace talks"]
    assert "12 claims:" in dossier and any(
        line.split()[:2] == ["slovakia-to-host-talks", "reported"] for line in dossier
    )


@pytest.mark.parametrize(
    ("key", "suggested"),
    [
        ("kirby-troops-expendible", "kirby-troops-expendable"),
        ("nk-pow-report-b#p99", "nk-pow-report-b#p9"),
        ("troops-continue", "troops-may-not-continue-fighting"),  # the words typed begin its words, in order
        ("zelensky-heavy", "zelensky-heavy-losses-unprotected"),  # the id begins with what was typed
        ("osint-seizure", "osintdefender-first-known-seizure"),
    ],
)
def test_show_unknown_id_exits_1_with_the_closest_ids(key, suggested):
    result = run("show", key)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(
        f"dossier: no claim, paragraph, source or dossier '{key}'; did you mean {suggested}"
    )


# --- export ----------------------------------------------------------------------------


def test_export_json_is_the_library_with_the_files_field_names():
    result = run("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["sources", "dossiers", "glossary"]
    written = yaml.safe_load((bundled_library_path() / "glossary.yaml").read_text("utf-8"))
    assert data["glossary"] == written["terms"]
    for source in data["sources"]:
        written = yaml.safe_load((bundled_library_path() / "sources" / f"{source['id']}.yaml").read_text("utf-8"))
        assert source == written and list(source) == list(written)
    for dossier in data["dossiers"]:
        written = yaml.safe_load((bundled_library_path() / "dossiers" / f"{dossier['id']}.yaml").read_text("utf-8"))
        assert [claim["id"] for claim in dossier["claims"]] == [claim["id"] for claim in written["claims"]]
        for exported, claim in zip(dossier["claims"], written["claims"], strict=True):
            # Defaults a checked file implies are written out; dates stay ISO text.
            claim.setdefault("status", "reported")
            if "figure" in claim:
                claim["figure"].setdefault("bound", "exact")
            claim = {key: str(value) if key == "date" else value for key, value in claim.items()}
            assert exported == claim
            assert list(exported) == [key for key in ("id", "formerly", "text", "speaker", "via", "date", "status",
                                                      "tags", "evidence", "figure", "updates", "contradicts",
                                                      "supports")
                                      if key in exported]  # fmt: skip


def test_export_one_dossier_carries_only_the_sources_it_cites():
    data = json.loads(run("export", "--format", "json", "--dossier", "peace-talks").stdout)
    assert [dossier["id"] for dossier in data["dossiers"]] == ["peace-talks"]
    cited = {item["at"].split("#")[0] for claim in data["dossiers"][0]["claims"] for item in claim["evidence"]}
    assert {source["id"] for source in data["sources"]} == cited


def test_export_markdown_quotes_every_piece_of_evidence_in_footnotes():
    result = run("export", "--dossier", "captured-soldier")
    assert result.returncode == 0
    text = result.stdout
    assert text.startswith("# The captured soldier\n")
    dossier = load_library().dossiers["captured-soldier"]
    evidence = [item for claim in dossier.claims for item in claim.evidence]
    notes = [line for line in text.splitlines() if line.startswith("[^")]
    assert len(notes) == len(evidence) == text.count("[^") - len(notes)
    claim = next(line for line in text.splitlines() if "NIS" in line or "Intelligence Service confirmed" in line)
    assert claim.startswith("- **") and "[^" in claim
    facts = text.splitlines()[text.splitlines().index(claim) + 1]
    assert facts.startswith("  *confirmed* · said by South Korea's National Intelligence Service")
    assert (
        "“confirmed the capture of a wounded North Korean soldier”: "
        "*First North Korean soldier captured in Kursk*, Newsweek, paragraph `nk-pow-report-a#p13`." in text
    )


def test_export_markdown_keeps_content_literal(hostile):
    from markdown_it import MarkdownIt  # CommonMark, as Rich brings it

    html = MarkdownIt("commonmark").render(run("export", BASE, hostile).stdout)
    # What the files hold is shown as text: no link, tag, list or emphasis of its own.
    assert "<h1>Hostile [title](http://example.com) &lt;b&gt;</h1>" in html
    assert "<p>1. Not a list, *not emphasis*, # not a heading</p>" in html
    assert "said by *Stars* _under_ `code`" in html
    assert "<a " not in html and "<ol>" not in html and "<b>" not in html


def test_export_csv_has_one_row_per_claim_and_no_formulas(hostile):
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert len(rows) == 61
    row = next(row for row in rows if row["id"] == "zelensky-3000-lost")
    assert (row["dossier"], row["speaker"], row["figure_value"], row["figure_what"]) == (
        "casualty-estimates",
        "Volodymyr Zelensky",
        "3000",
        load_library().claims["zelensky-3000-lost"].figure.what,
    )
    assert row["evidence"].startswith("nk-pow-report-a#p10: “")
    hostile_rows = list(csv.DictReader(io.StringIO(run("export", BASE, hostile, "--format", "csv").stdout)))
    formula = next(row for row in hostile_rows if row["id"] == "formula")
    assert formula["text"] == '\'=HYPERLINK("http://example.com","click")'


def test_export_to_a_file_never_replaces_one_without_force(tmp_path):
    target = tmp_path / "report.json"
    first = run("export", "-o", target)
    assert first.returncode == 0 and first.stdout == ""
    assert first.stderr == f"dossier: wrote {target} (json: 3 dossiers, 61 claims)\n"
    assert list(json.loads(target.read_text("utf-8")))[:2] == ["sources", "dossiers"]  # format from the suffix
    target.write_text("my notes", encoding="utf-8")
    refused = run("export", "-o", target)
    assert refused.returncode == 2 and "already exists (use --force to replace it)" in refused.stderr
    assert target.read_text("utf-8") == "my notes"
    assert run("export", "-o", target, "--force").returncode == 0
    assert json.loads(target.read_text("utf-8"))["dossiers"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json"]  # no temporary file left


def test_export_to_a_dash_writes_to_standard_output_not_a_file_named_dash(tmp_path):
    # As curl's and wget's -o -: it wrote a file named "-" in the folder the command ran in.
    result = run("export", "--format", "json", "-o", "-", REPO / "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(json.loads(result.stdout))[:2] == ["sources", "dossiers"]
    assert list(tmp_path.iterdir()) == []


def test_export_unknown_dossier_exits_1_with_a_suggestion():
    result = run("export", "--dossier", "peace")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "dossier: no dossier 'peace'; did you mean peace-talks?\n"


def test_export_says_when_the_library_has_problems(write):
    broken = write("broken.yaml", "id: broken\ntitle: x\nclaims:\n  - id: a\n    text: t\n    evidence: []\n")
    result = run("export", BASE, broken)
    assert result.returncode == 0
    assert result.stderr.startswith(
        "dossier: the library has 1 problem; what they concern is left out (run 'dossier validate' to list them)"
    )


# --- import ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(SEED_SOURCES))
def test_import_of_each_seed_article_validates_and_matches_the_bundled_source(seed, tmp_path):
    source_id = SEED_SOURCES[seed]
    result = run("import", ARTICLES / seed, "--id", source_id, "--title", "Imported", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / f"{source_id}.yaml"
    assert run("validate", written).returncode == 0
    imported = [p.text for p in load_library([written]).sources[source_id].paragraphs.values()]
    bundled = [p.text for p in load_library().sources[source_id].paragraphs.values()]
    lines = [line.strip() for line in (ARTICLES / seed).read_text("utf-8").splitlines() if line.strip()]
    assert imported == lines  # one paragraph per line, word for word
    # The bundled source is the same text; report b leaves out two lines of web page
    # furniture at its end ("Ask me anything", "Explore related questions").
    assert imported[: len(bundled)] == bundled and len(imported) - len(bundled) in (0, 2)


def test_import_splits_at_blank_lines_joins_wrapped_lines_and_archives_the_original(tmp_path):
    article = (
        "\ufeffFirst paragraph, wrapped\r\nover two lines.\r\n\r\n"
        "  - not a list: # not a comment  \r\n \t \r\n"
        "\"Quoted\" text --- with 'marks', 1,200 and Hangul 한국 and emoji 🙂\r\n"
    )
    result = run("import", "-", "--id", "wire-1", "--title", "Wire: copy", "--publisher", "Test Wire",
                 "--url", "https://example.com/a", "--published", "2024-12-27", "-o", tmp_path / "wire.yaml",
                 input=article)  # fmt: skip
    assert result.returncode == 0, result.stderr
    archived = tmp_path / "originals" / f"wire-1-{hashlib.sha256(article.encode()).hexdigest()[:12]}.txt.gz"
    assert result.stderr == (
        f"dossier: wrote {tmp_path / 'wire.yaml'}: source wire-1, 3 paragraphs; original archived in {archived}\n"
    )
    assert gzip.decompress(archived.read_bytes()) == article.encode()
    source = load_library([tmp_path / "wire.yaml"]).sources["wire-1"]
    assert (source.title, source.publisher, source.url, source.published) == (
        "Wire: copy",
        "Test Wire",
        "https://example.com/a",
        "2024-12-27",
    )
    assert {key: p.text for key, p in source.paragraphs.items()} == {
        "p1": "First paragraph, wrapped over two lines.",  # hard-wrapped lines joined
        "p2": "- not a list: # not a comment",
        "p3": "\"Quoted\" text --- with 'marks', 1,200 and Hangul 한국 and emoji 🙂",
    }


def test_import_to_standard_output():
    result = run("import", "-", "--id", "x", "--title", "T", input="One.\nTwo.\n")
    assert result.returncode == 0
    assert yaml.safe_load(result.stdout) == {
        "id": "x",
        "title": "T",
        "paragraphs": [{"id": "p1", "text": "One."}, {"id": "p2", "text": "Two."}],
    }
    assert result.stderr == (
        "dossier: source x, 2 paragraphs; not archived (give -o PATH to keep the original beside the source)\n"
    )


def test_import_never_replaces_a_file_without_force(write):
    existing = write("source.yaml", "my own work\n")
    refused = run("import", "-", "--id", "x", "--title", "T", "-o", existing, input="New text.\n")
    assert refused.returncode == 1
    assert refused.stderr == f"dossier: {existing}: already exists (use --force to replace it)\n"
    assert existing.read_text("utf-8") == "my own work\n"
    assert sorted(path.name for path in existing.parent.iterdir()) == ["source.yaml"]  # nothing archived either
    replaced = run("import", "-", "--id", "x", "--title", "T", "-o", existing, "--force", input="New text.\n")
    assert replaced.returncode == 0 and "New text." in existing.read_text("utf-8")
    assert sorted(path.name for path in existing.parent.iterdir()) == ["originals", "source.yaml"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--id", "Wire 1"], "--id must be an id: lowercase letters, digits and hyphens"),
        (["--published", "2024-02-30"], "--published must be a real day (February 2024 has 29 days), not '2024-02-30'"),
        (["--url", "ftp://example.com"], "--url must be a URL starting http:// or https://"),
        (["--title", " "], "--title is empty"),
        (["-o", "no/such/folder/x.yaml"], "no/such/folder/x.yaml: cannot write: no such folder"),
    ],
)
def test_import_bad_options_exit_2_and_name_the_option(options, message):
    arguments = {"--id": "wire", "--title": "T"}
    arguments.update(zip(options[::2], options[1::2], strict=True))
    result = run("import", "-", *[item for pair in arguments.items() for item in pair], input="Text.\n")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_import_reads_a_text_in_another_encoding_and_names_what_it_cannot_read(write):
    latin = write("latin.txt", "First line: the café.\nCaf\xe9 au lait, cr\xe8me br\xfbl\xe9e.\n".encode("latin-1"))
    result = run("import", latin, "--id", "x", "--title", "T")
    assert result.returncode == 0, result.stderr
    assert [item["text"] for item in yaml.safe_load(result.stdout)["paragraphs"]] == [
        "First line: the café.",
        "Café au lait, crème brûlée.",
    ]
    empty = run("import", "-", "--id", "x", "--title", "T", input=" \n\n")
    assert (empty.returncode, empty.stderr) == (1, "dossier: standard input: no text to import\n")
    missing = run("import", "no-such-article.txt", "--id", "x", "--title", "T")
    assert (missing.returncode, missing.stderr) == (1, "dossier: no-such-article.txt: no such file\n")


# --- every command ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "search", "show", "export", "import", "schema"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and result.stdout.startswith(f"usage: dossier {command} ")


def test_top_level_help_lists_every_command():
    text = run("--help").stdout
    for command in ("validate", "search", "show", "export", "import", "schema"):
        assert f"    {command} " in text


def test_export_json_round_trips_through_the_file_format(tmp_path):
    """Each exported source and dossier, written back as a YAML file, loads as the same library."""
    exported = json.loads(run("export", "--format", "json").stdout)
    for kind in ("sources", "dossiers"):
        for item in exported[kind]:
            path = tmp_path / kind / f"{item['id']}.yaml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")
    glossary = yaml.safe_dump({"terms": exported["glossary"]}, allow_unicode=True, sort_keys=False)
    (tmp_path / "glossary.yaml").write_text(glossary, encoding="utf-8")
    assert run("validate", tmp_path).returncode == 0
    again = json.loads(run("export", tmp_path, "--format", "json").stdout)
    assert again == exported
