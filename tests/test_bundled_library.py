"""The library that ships with dossier: clean, complete, and true to its sources."""

from pathlib import Path

import pytest

from dossier.loader import bundled_library_path, load_library

from .support import REPO

SEEDS = REPO.parent / "shared" / "seeds"
# Each source and the seed article it was made from; page chrome left out at the end.
SEED_OF = {
    "nk-pow-report-a": ("000_fdbe5feb134655bd.txt", 0),
    "nk-pow-report-b": ("001_1ae7029de2fe9649.txt", 2),
    "nk-pow-report-c": ("004_32a9a01ceb2e5913.txt", 0),
}


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_bundled_library_validates_cleanly(library):
    assert library.problems == []
    assert set(library.dossiers) == {"captured-soldier", "casualty-estimates", "peace-talks"}
    assert set(library.sources) == set(SEED_OF)
    assert len(library.claims) >= 40


def test_every_claim_is_anchored_with_an_exact_quote(library):
    for claim in library.claims.values():
        assert claim.evidence, claim.id
        for evidence in claim.evidence:
            assert evidence.quote and evidence.anchored, (claim.id, evidence.at)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed articles are not at {SEEDS}")
@pytest.mark.parametrize("source_id", sorted(SEED_OF))
def test_sources_are_the_seed_articles_verbatim(library, source_id):
    name, chrome_lines = SEED_OF[source_id]
    lines = [line.strip() for line in (SEEDS / name).read_text("utf-8").splitlines() if line.strip()]
    kept = lines[: len(lines) - chrome_lines]
    paragraphs = library.sources[source_id].paragraphs
    assert [p.text for p in paragraphs.values()] == kept
    assert list(paragraphs) == [f"p{n}" for n in range(1, len(kept) + 1)]


def test_publisher_only_where_the_text_names_it(library):
    assert {s.id: s.publisher for s in library.sources.values()} == {
        "nk-pow-report-a": "Newsweek",
        "nk-pow-report-b": None,
        "nk-pow-report-c": None,
    }


def test_the_intelligence_service_statement_cites_all_three_reports(library):
    claim = library.claims["nis-confirms-capture"]
    assert {e.source_id for e in claim.evidence} == set(SEED_OF)
    assert claim.status == "confirmed"


def test_the_death_updates_the_capture(library):
    assert library.claims["soldier-died-of-injuries"].targets("updates") == ("nis-confirms-capture",)


def test_disagreeing_figures_are_separate_linked_claims(library):
    deployed = {
        c.id: c.figure.value for c in library.claims.values() if c.figure and c.figure.what == "nk-troops-deployed"
    }
    assert deployed == {"deployed-up-to-11000": 11000, "kyiv-12000-deployed": 12000}
    assert "deployed-up-to-11000" in library.claims["kyiv-12000-deployed"].targets("contradicts")
    casualties = {c.figure.value for c in library.claims.values() if c.figure and c.figure.what == "nk-casualties"}
    assert {3000, 1100, 1000} <= casualties
    assert "zelensky-nearly-3000" in library.claims["seoul-1100-dead-or-injured"].targets("contradicts")


def test_bundled_library_is_found_from_any_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert (bundled_library_path() / "dossiers").is_dir()
    assert Path(bundled_library_path()).is_absolute()
