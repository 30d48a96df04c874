"""Claims and evidence written into dossier files: every byte not meant to change stays,
nothing invalid is written, a file changed on disk is never overwritten, and an undo
gives the file back byte for byte."""

import shutil

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dossier.cli import main as cli
from dossier.library.problems import DossierError
from dossier.store.checking import parse_file
from dossier.store.files import bundled_library_path
from dossier.store.loader import load_library
from dossier.write.authoring import (
    NewClaim,
    NewEvidence,
    claim_added,
    claim_edited,
    claim_removed,
    dossier_added,
    evidence_added,
    evidence_reattached,
    evidence_removed,
    undo,
    write,
)
from dossier.write.suggestions import suggested_figure

from .support import run

QUOTE = "Ukrainian troops have taken their first North Korean soldier as prisoner"
NEW_CLAIM = """
  - id: my-new-claim
    text: "Yonhap: a first prisoner"
    speaker: Yonhap
    via: [Newsweek]
    date: 2024-12-27
    tags: [capture, test]
    evidence:
      - at: nk-pow-report-a#p1
        quote: Ukrainian troops have taken their first North Korean soldier as prisoner
    supports: [nis-confirms-capture]
"""


REPORT = "id: report\ntitle: A report\nparagraphs:\n  - id: p1\n    text: Words here.\n"


def _add_claim(library, *extra):
    return run(
        "add", "claim", "--dossier", "captured-soldier", "--id", "my-new-claim", "--text", "Yonhap: a first prisoner",
        "--at", "nk-pow-report-a#p1", "--quote", QUOTE, "--speaker", "Yonhap", "--via", "Newsweek",
        "--date", "2024-12-27", "--tag", "capture", "--tag", "test", "--supports", "nis-confirms-capture",
        *extra, library, cwd=library,
    )  # fmt: skip


def test_add_claim_appends_it_in_the_files_own_style_and_changes_nothing_else(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_bytes()
    result = _add_claim(library)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}:252\n"
    assert result.stderr.endswith("dossier: wrote claim my-new-claim\n")
    assert path.read_bytes() == before + NEW_CLAIM.encode()
    shown = run("show", "my-new-claim", library, cwd=library)
    assert "Yonhap: a first prisoner" in shown.stdout and QUOTE in shown.stdout
    assert run("validate", library, cwd=library).returncode == 0


def test_add_evidence_goes_after_the_last_piece_before_a_comment_on_what_follows(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    result = run(
        "add", "evidence", "nis-confirms-capture", "--at", "nk-pow-report-a#p1", "--quote", "Ukrainian troops",
        library, cwd=library,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}:46\n"
    anchor = "has been captured\n"  # the end of the claim's last piece of evidence
    added = "      - at: nk-pow-report-a#p1\n        quote: Ukrainian troops\n"
    assert path.read_text("utf-8") == before.replace(anchor, anchor + added, 1)
    lines = path.read_text("utf-8").splitlines()
    assert lines[45:48] == [
        "      - at: nk-pow-report-a#p1",
        "        quote: Ukrainian troops",
        '    # The service confirmed "Ukrainian reports" of the capture (report c, p2).',
    ]


def test_evidence_of_the_files_last_claim_and_without_a_quote(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    result = run("add", "evidence", "newsweek-sought-comment", "--at", "nk-pow-report-a#p4", library, cwd=library)
    assert result.returncode == 0, result.stderr
    assert path.read_text("utf-8") == before + "      - at: nk-pow-report-a#p4\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--quote", "words the report never had"), ":16: quote not found in nk-pow-report-a#p1"),
        (("--at", "nk-pow-report-a#p99"), "source 'nk-pow-report-a' has no paragraph 'p99' (did you mean 'p9'?)"),
        (("--id", "yonhap-first-prisoner"), "claim id 'yonhap-first-prisoner' is already used at"),
        (("--date", "2024-02-30"), "2024-02-30"),
        (("--tag", "Not An Id"), "Not An Id"),
        (("--supports", "no-such-claim"), "no-such-claim"),
        (("--dossier", "no-such-dossier"), "no dossier has the id 'no-such-dossier'"),
    ],
)
def test_a_claim_with_a_problem_is_not_written_and_the_validator_says_why(library, extra, message):
    files = {path: path.read_bytes() for path in library.rglob("*.yaml")}
    result = _add_claim(library, *extra)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.endswith("dossier: nothing written\n")
    assert "Traceback" not in result.stderr
    assert {path: path.read_bytes() for path in library.rglob("*.yaml")} == files


def test_the_validators_message_names_the_line_the_claim_would_have(library):
    result = _add_claim(library, "--quote", "words the report never had")
    path = library / "dossiers" / "captured-soldier.yaml"
    assert f"{path}:260:16: quote not found in nk-pow-report-a#p1" in result.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "claim", "--at", "x#p1", "--id", "a"], "add claim: --dossier and --text are required"),
        (["add", "evidence", "--at", "x#p1"], "add evidence: give the claim's id"),  # no path: the library here
        (["add", "claim", "--dossier", "d", "--id", "a", "--text", "t"], "the following arguments are required: --at"),
    ],
)
def test_a_command_missing_what_it_needs_is_a_usage_error(library, argv, message):
    result = run(*argv, cwd=library)
    assert result.returncode == 2
    assert message in result.stderr


def test_the_installed_demo_library_is_read_only(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no library here: the bundled demo
    monkeypatch.setattr("dossier.cli.commands.bundled_is_installed", lambda: True)
    code = cli.main(["add", "evidence", "nis-confirms-capture", "--at", "nk-pow-report-a#p1"])
    assert code == 2
    assert "not yours to edit: 'dossier init --demo DIR' makes a copy to edit" in capsys.readouterr().err


def test_a_file_with_a_byte_order_mark_crlf_and_no_last_line_break(tmp_path):
    (tmp_path / "report.yaml").write_bytes(
        b"id: report\ntitle: A report\nparagraphs:\n  - id: p1\n    text: Words here.\n"
    )
    dossier = tmp_path / "notes.yaml"
    before = (
        "\ufeffid: notes\r\ntitle: Notes\r\nclaims:\r\n- id: one\r\n  text: One.\r\n  evidence:\r\n  - at: report#p1"
    )
    dossier.write_bytes(before.encode())
    change = claim_added(
        load_library([tmp_path]), NewClaim("notes", "two", "Two.", (NewEvidence("report#p1", "Words"),))
    )
    write(change)
    added = "\r\n- id: two\r\n  text: Two.\r\n  evidence:\r\n  - at: report#p1\r\n    quote: Words\r\n"
    assert dossier.read_bytes() == (before + added).encode()
    assert change.line == 8
    undo(change)
    assert dossier.read_bytes() == before.encode()


def test_a_file_changed_on_disk_is_not_overwritten(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    loaded = load_library([library])
    change = evidence_added(loaded, "yonhap-first-prisoner", NewEvidence("nk-pow-report-b#p1"))
    path.write_text(path.read_text("utf-8") + "# a note typed meanwhile\n", "utf-8")
    edited = path.read_bytes()
    with pytest.raises(DossierError, match="changed on disk since it was read; nothing written"):
        write(change)
    with pytest.raises(DossierError, match="changed on disk since it was loaded"):
        evidence_added(loaded, "yonhap-first-prisoner", NewEvidence("nk-pow-report-b#p1"))
    assert path.read_bytes() == edited


def test_an_undo_is_refused_once_the_file_changed_since(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    change = evidence_added(load_library([library]), "yonhap-first-prisoner", NewEvidence("nk-pow-report-b#p1"))
    write(change)
    path.write_text(path.read_text("utf-8") + "# later\n", "utf-8")
    with pytest.raises(DossierError, match="changed on disk since it was read; nothing undone"):
        undo(change)
    assert path.read_text("utf-8").endswith("# later\n")


def test_a_list_written_in_brackets_is_refused_with_a_reason(tmp_path):
    (tmp_path / "report.yaml").write_text(REPORT, "utf-8")
    (tmp_path / "notes.yaml").write_text(
        "id: notes\ntitle: Notes\nclaims:\n  - {id: one, text: One., evidence: [{at: report#p1}]}\n", "utf-8"
    )
    with pytest.raises(DossierError, match="written in brackets"):
        evidence_added(load_library([tmp_path]), "one", NewEvidence("report#p1", "Words"))


def test_a_new_dossier_is_a_new_file_beside_the_others_and_its_undo_removes_it(library):
    loaded = load_library([library])
    claim = NewClaim(
        "white-house", "kirby-spokesperson", "A White House spokesperson spoke on Friday",
        (NewEvidence("nk-pow-report-c#p15", "On Friday a White House spokesperson"),), tags=("talks",),
    )  # fmt: skip
    change = dossier_added(loaded, claim, "Talks: where and when", [str(library)], "captured-soldier")
    path = library / "dossiers" / "white-house.yaml"
    assert change.path == str(path) and change.where == f"{path}:4"
    others = {name: (library / "dossiers" / name).read_bytes() for name in ("captured-soldier.yaml",)}
    write(change)
    assert path.read_bytes() == (
        b"id: white-house\n"
        b'title: "Talks: where and when"\n'
        b"claims:\n"
        b"  - id: kirby-spokesperson\n"
        b"    text: A White House spokesperson spoke on Friday\n"
        b"    tags: [talks]\n"
        b"    evidence:\n"
        b"      - at: nk-pow-report-c#p15\n"
        b"        quote: On Friday a White House spokesperson\n"
    )
    again = load_library([library])
    assert not again.problems and again.claims["kirby-spokesperson"].dossier_id == "white-house"
    assert all((library / "dossiers" / name).read_bytes() == data for name, data in others.items())
    with pytest.raises(DossierError, match=r"a dossier has the id 'white-house' already: .*white-house\.yaml:1"):
        dossier_added(again, claim, "Again", [str(library)], "captured-soldier")
    undo(change)
    assert not path.exists()
    assert run("validate", library).returncode == 0


def test_add_claim_with_new_dossier_writes_the_file_and_refuses_it_once_made(library):
    argv = ("add", "claim", "--dossier", "white-house", "--new-dossier", "White House: briefings", "--id", "kirby-a",
            "--text", "Kirby spoke", "--at", "nk-pow-report-c#p15")  # fmt: skip
    result = run(*argv, library, cwd=library)
    assert (result.returncode, result.stdout) == (0, f"{library / 'dossiers' / 'white-house.yaml'}:4\n")
    written = (library / "dossiers" / "white-house.yaml").read_bytes()
    assert written.startswith(b'id: white-house\ntitle: "White House: briefings"\nclaims:\n  - id: kirby-a\n')
    again = run(*argv, library, cwd=library)
    assert again.returncode == 1 and again.stdout == ""
    assert "a dossier has the id 'white-house' already" in again.stderr and "nothing written" in again.stderr
    assert (library / "dossiers" / "white-house.yaml").read_bytes() == written


@pytest.mark.parametrize(
    ("dossier_id", "title", "paths", "message"),
    [
        ("white-house", "  ", None, "a new dossier needs a title"),
        ("Peace Talks", "T", None, "a dossier's id is lowercase letters, digits and hyphens, not 'Peace Talks'"),
        ("captured-soldier", "T", None, "a dossier has the id 'captured-soldier' already"),
        ("white-house", "T", ["dossiers/captured-soldier.yaml", "sources"], "the library is not read from that folder"),
    ],
)
def test_a_new_dossier_that_could_not_be_read_as_intended_is_refused(library, dossier_id, title, paths, message):
    loaded = load_library([library])
    claim = NewClaim(dossier_id, "new-claim", "Words.", (NewEvidence("nk-pow-report-c#p15"),))
    given = [str(library / path) for path in paths] if paths else [str(library)]
    before = {path.name: path.read_bytes() for path in (library / "dossiers").iterdir()}
    with pytest.raises(DossierError, match=message):
        dossier_added(loaded, claim, title, given, "captured-soldier")
    assert {path.name: path.read_bytes() for path in (library / "dossiers").iterdir()} == before


def test_a_new_dossier_never_replaces_a_file_of_its_name(library):
    loaded = load_library([library])
    claim = NewClaim("white-house", "new-claim", "Words.", (NewEvidence("nk-pow-report-c#p15"),))
    change = dossier_added(loaded, claim, "Talks", [str(library)], "captured-soldier")
    mine = library / "dossiers" / "white-house.yaml"
    mine.write_text("# my own notes, not yet a dossier\n", "utf-8")  # made meanwhile
    with pytest.raises(DossierError, match="a file of that name is there now; nothing written"):
        write(change)
    with pytest.raises(DossierError, match="a file of that name is there already"):
        dossier_added(loaded, claim, "Talks", [str(library)], "captured-soldier")
    assert mine.read_text("utf-8") == "# my own notes, not yet a dossier\n"


# --- changes and removals ----------------------------------------------------------------------


def test_an_edit_changes_only_the_keys_asked_and_keeps_the_comment_before_the_next(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    change = claim_edited(
        load_library([library]),
        "nis-confirms-capture",
        {"text": 'It said: "confirmed"', "speaker": None, "via": ("Reuters", "AP"), "tags": ("capture",),
         "supports": (), "figure": {"what": "prisoners", "value": "1", "bound": None, "unit": "soldiers"}},
    )  # fmt: skip
    write(change)
    expected = (
        before.replace(
            "    text: South Korea's National Intelligence Service confirmed that a wounded North Korean soldier "
            "had been captured by Ukrainian forces.\n    speaker: South Korea's National Intelligence Service\n",
            '    text: "It said: \\"confirmed\\""\n    via: [Reuters, AP]\n',
            1,
        )
        .replace("    tags: [capture, nis]\n", "    tags: [capture]\n", 1)
        .replace(
            "captured\n    # The service confirmed",
            "captured\n    figure:\n      what: prisoners\n      value: 1\n      unit: soldiers\n"
            "    # The service confirmed",
            1,
        )
        .replace("    supports: [captured-by-special-forces]\n", "", 1)
    )
    assert path.read_text("utf-8") == expected
    assert change.where == f"{path}:29"
    claim = load_library([library]).claims["nis-confirms-capture"]
    assert (claim.text, claim.speaker, claim.via, claim.tags) == (
        'It said: "confirmed"',
        None,
        ("Reuters", "AP"),
        ("capture",),
    )
    assert (claim.figure.what, claim.figure.value, claim.figure.bound, claim.figure.unit) == (
        "prisoners",
        1,
        "exact",
        "soldiers",
    )
    undo(change)
    assert path.read_text("utf-8") == before


def test_a_new_key_goes_where_the_format_writes_it(library):
    path = library / "dossiers" / "casualty-estimates.yaml"
    before = path.read_text("utf-8")
    change = claim_edited(load_library([library]), "deployed-up-to-11000", {"status": "disputed", "figure": None})
    write(change)
    figure = (
        "    figure:\n      what: nk-troops-deployed\n      value: 11000\n      bound: at-most\n      unit: soldiers\n"
    )
    assert before.count(figure) == 1
    expected = before.replace(
        "Russian forces in Kursk.\n    tags: [deployment]\n",
        "Russian forces in Kursk.\n    status: disputed\n    tags: [deployment]\n",
        1,
    ).replace(figure, "", 1)
    assert path.read_text("utf-8") == expected


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "27 December"}, "'date' must be a date"),
        ({"status": "rumoured"}, "'status' must be one of"),
        ({"supports": ("no-such-claim",)}, "no-such-claim"),
        ({"id": "renamed"}, "a claim's 'id' is not changed here"),
        ({}, "nothing to change"),
    ],
)
def test_an_edit_with_a_problem_writes_nothing_and_says_why(library, changes, message):
    with pytest.raises(DossierError, match=message):
        claim_edited(load_library([library]), "nis-confirms-capture", changes)


def test_removing_a_claim_takes_its_lines_and_the_blank_line_that_set_it_apart(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    loaded = load_library([library])
    with pytest.raises(DossierError, match=r"captured-soldier.yaml:47: claim nis-confirms-capture supports captured"):
        claim_removed(loaded, "captured-by-special-forces")
    change = claim_removed(loaded, "yonhap-first-prisoner")
    write(change)
    lines = before.splitlines(keepends=True)
    assert lines[11].startswith("  - id: yonhap-first-prisoner") and lines[19].startswith("  # The sentence after")
    assert path.read_text("utf-8") == "".join(lines[:11] + lines[19:])
    assert "yonhap-first-prisoner" not in load_library([library]).claims
    undo(change)
    assert path.read_text("utf-8") == before
    # One between others: the blank line before it goes, the comment on the next claim stays.
    write(claim_removed(load_library([library]), "nis-answered-ukrainian-posts"))
    assert lines[87:89] == ["\n", "  - id: nis-answered-ukrainian-posts\n"]
    assert lines[94] == "\n" and lines[95].startswith("  # A relay of the service's statement")
    assert path.read_text("utf-8") == "".join(lines[:87] + lines[94:])


def test_removing_evidence_keeps_the_comment_on_what_follows_and_the_last_piece_stays(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    loaded = load_library([library])
    with pytest.raises(DossierError, match="the only evidence of yonhap-first-prisoner"):
        evidence_removed(loaded, "yonhap-first-prisoner", 0)
    change = evidence_removed(loaded, "nis-confirms-capture", 4)
    write(change)
    piece = (
        "      - at: nk-pow-report-c#p3\n"
        "        quote: it has been confirmed that one injured North Korean soldier has been captured\n"
    )
    assert path.read_text("utf-8") == before.replace(piece, "", 1)
    evidence = load_library([library]).claims["nis-confirms-capture"].evidence
    assert [piece.at for piece in evidence] == [
        "nk-pow-report-a#p13",
        "nk-pow-report-b#p3",
        "nk-pow-report-b#p1",
        "nk-pow-report-c#p2",
    ]


def test_a_quote_is_reattached_only_to_words_the_paragraph_has(library):
    path = library / "dossiers" / "captured-soldier.yaml"
    before = path.read_text("utf-8")
    loaded = load_library([library])
    with pytest.raises(DossierError, match=r"captured-soldier.yaml:39:16: quote not found in nk-pow-report-b#p3"):
        evidence_reattached(loaded, "nis-confirms-capture", 1, "nk-pow-report-b#p3", "words it never had")
    change = evidence_reattached(loaded, "nis-confirms-capture", 1, "nk-pow-report-c#p3", "it has been confirmed")
    write(change)
    assert path.read_text("utf-8") == before.replace(
        "      - at: nk-pow-report-b#p3\n"
        "        quote: it was confirmed that a North Korean soldier was injured and captured\n",
        "      - at: nk-pow-report-c#p3\n        quote: it has been confirmed\n",
        1,
    )
    assert change.where == f"{path}:38"


def test_edits_and_removals_in_a_crlf_file_without_a_last_line_break(tmp_path):
    (tmp_path / "report.yaml").write_text(REPORT, "utf-8")
    dossier = tmp_path / "notes.yaml"
    before = (
        "\ufeffid: notes\r\ntitle: Notes\r\nclaims:\r\n"
        "- id: one\r\n  text: One.\r\n  evidence:\r\n  - at: report#p1\r\n"
        "- id: two\r\n  text: Two.\r\n  evidence:\r\n  - at: report#p1\r\n  - at: report#p1\r\n    quote: Words"
    )
    dossier.write_bytes(before.encode())
    change = claim_edited(load_library([tmp_path]), "two", {"text": "Two, changed.", "tags": ("new",)})
    write(change)
    edited = before.replace("Two.\r\n", "Two, changed.\r\n  tags: [new]\r\n")
    assert dossier.read_bytes() == edited.encode()
    removal = evidence_removed(load_library([tmp_path]), "two", 1)
    write(removal)
    assert dossier.read_bytes() == edited.removesuffix("\r\n  - at: report#p1\r\n    quote: Words").encode()
    removal = claim_removed(load_library([tmp_path]), "one")
    write(removal)
    assert dossier.read_bytes().startswith("\ufeffid: notes\r\ntitle: Notes\r\nclaims:\r\n- id: two\r\n".encode())


# --- any additions, then undone ------------------------------------------------------------------

# Text as people paste it: punctuation YAML cares about, quotes of every kind, accents, emoji.
_TEXT = st.text(
    alphabet=st.sampled_from([*"abc XYZ:#-'\"“”[]{},&*!|>%@`?é中😀\t\u2019\\\n"]),
    min_size=1,
    max_size=40,
)
_IDS = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
_PARAGRAPH = "nk-pow-report-a#p1"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.booleans(), _IDS, _TEXT, _TEXT, st.booleans()), min_size=1, max_size=4))
def test_additions_read_back_as_written_and_undone_give_the_files_back(tmp_path_factory, steps):
    library = tmp_path_factory.mktemp("library")
    shutil.copytree(bundled_library_path(), library, dirs_exist_ok=True)
    files = {path: path.read_bytes() for path in library.rglob("*.yaml")}
    done = []
    for is_claim, claim_id, text, speaker, quoted in steps:
        loaded = load_library([library])
        quote = QUOTE[: 10 + len(text) % 30] if quoted else None
        try:
            if is_claim or not done:
                new = NewClaim("captured-soldier", claim_id, text, (NewEvidence(_PARAGRAPH, quote),), speaker=speaker)
                change = claim_added(loaded, new)
            else:
                change = evidence_added(loaded, done[-1][1], NewEvidence(_PARAGRAPH, quote))
        except DossierError:
            continue  # refused: an id taken, a text the format does not allow; then nothing changed
        write(change)
        read = parse_file(change.path, change.after.decode("utf-8"))
        claims = {claim.id: claim for claim in read.dossier.claims}
        target = claims[claim_id if is_claim or not done else done[-1][1]]
        if is_claim or not done:
            assert (target.text, target.speaker) == (text, speaker)
        assert (target.evidence[-1].at, target.evidence[-1].quote) == (_PARAGRAPH, quote)
        done.append((change, claim_id if is_claim or not done else done[-1][1]))
    event(f"{len(done)} of {len(steps)} written")
    for change, _ in reversed(done):
        undo(change)
    assert {path: path.read_bytes() for path in library.rglob("*.yaml")} == files


@pytest.mark.parametrize(
    ("quote", "figure"),
    [
        ("as many as 11,000 troops", ("11000", "at-most", "troops")),
        ("on 2024-12-27 about 300 soldiers", ("300", "about", "soldiers")),
        ("a USD$50K bounty was paid", ("50000", "exact", "USD")),
        ("$1.2 billion in aid", ("1200000000", "exact", "$")),
        ("€40m for the fund", ("40000000", "exact", "EUR")),
        ("12k troops", ("12000", "exact", "troops")),
        ("1,000 in a week", ("1000", "exact", None)),
        ("COVID-19 wards rose to 5", ("5", "exact", None)),
        ("scp(1) allows remote code", None),
        ("SHA-1 is broken", None),
        ("F-16 jets were seen", None),
        ("an AK 47 rifle", None),
        ("in December 2024", None),
        ("the 5m wall", None),
    ],
)
def test_a_figure_is_offered_from_the_number_that_matters_in_a_quote(quote, figure):
    found = suggested_figure(quote)
    assert (found and (found["value"], found["bound"], found["unit"])) == figure
