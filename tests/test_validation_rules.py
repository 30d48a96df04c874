"""Each file under fixtures/invalid/ breaks one rule of the format and declares, in
`# expect: LINE:COL: message` comments, every problem it must produce."""

import re
from pathlib import Path

import pytest

from dossier.library.model import Library
from dossier.store.loader import load_library

from .support import BASE, FIXTURES

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$", re.MULTILINE)


def expectations(path: Path) -> list[tuple[int, int, str]]:
    found = [(int(line), int(col), text) for line, col, text in EXPECT.findall(path.read_text("utf-8"))]
    assert found, f"{path.name} declares no expected problem"
    return found


def load_with_base(path: Path, use_libyaml: bool = True) -> Library:
    return load_library([BASE, path], use_libyaml=use_libyaml)


@pytest.mark.parametrize("use_libyaml", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_reports_exactly_its_problems(fixture, use_libyaml):
    library = load_with_base(fixture, use_libyaml)
    got = [(p.path, p.line, p.column, p.message) for p in library.problems]
    expected = expectations(fixture)
    assert len(got) == len(expected), "\n".join(str(p) for p in library.problems)
    for line, column, text in expected:
        matching = [g for g in got if g[0] == str(fixture) and g[1:3] == (line, column) and text in g[3]]
        assert matching, f"no problem at {line}:{column} containing {text!r}; got:\n" + "\n".join(
            str(p) for p in library.problems
        )


def test_every_problem_is_reported_not_just_the_first():
    library = load_library([BASE, *INVALID])
    got = {(p.path, p.line, p.column) for p in library.problems}
    for path in INVALID:
        for line, column, _ in expectations(path):
            assert (str(path), line, column) in got


def test_a_broken_file_does_not_stop_the_others(write):
    broken = FIXTURES / "invalid" / "yaml-syntax.yaml"
    library = load_library([BASE, broken, FIXTURES / "valid"])
    assert "base-report" in library.sources
    assert "literal-values" in library.dossiers
    assert [p.path for p in library.problems] == [str(broken)]


def test_a_bad_claim_leaves_the_rest_of_its_dossier():
    library = load_with_base(FIXTURES / "invalid" / "malformed-ids.yaml")
    assert list(library.claims) == []  # both claims are bad
    library = load_with_base(FIXTURES / "invalid" / "bad-status-and-bound.yaml")
    assert "bad-enums" in library.dossiers and library.claims == {}
    library = load_with_base(FIXTURES / "invalid" / "dangling-evidence.yaml")
    # Claims whose evidence points nowhere stay visible, marked unanchored.
    assert sorted(library.claims) == ["a", "b", "d"]  # c's `at:` is malformed: a structural error
    assert [claim.anchored for claim in library.claims.values()] == [False, False, False]
    assert library.claims["d"].evidence[0].quote_span is None
