"""The library that ships with dossier: clean, complete, and true to its sources.

Every claim is read against a key written from the articles (fixtures/articles/key.yaml),
and the words the key cites are read in the articles themselves: a speaker the text does
not name, a day it does not give or a bound its words do not say fails here."""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from dossier.store.files import bundled_library_path
from dossier.store.loader import load_library
from dossier.text.quotes import fold

from .support import FIXTURES, REPO

ARTICLES = FIXTURES / "articles"
KEY = yaml.safe_load((ARTICLES / "key.yaml").read_text("utf-8"))
# The seed articles the sources were made from, as the project received them.
SEEDS = REPO.parent / "shared" / "seeds"
SEED_OF = {
    "nk-pow-report-a": "000_fdbe5feb134655bd.txt",
    "nk-pow-report-b": "001_1ae7029de2fe9649.txt",
    "nk-pow-report-c": "004_32a9a01ceb2e5913.txt",
}
CHROME_LINES = {"nk-pow-report-a": 0, "nk-pow-report-b": 2, "nk-pow-report-c": 0}  # page chrome left out at the end


def article_paragraphs(source_id: str) -> list[str]:
    """The article's paragraphs: its lines, as the bundled source splits them."""
    text = (ARTICLES / f"{source_id}.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def article_paragraph(ref: str) -> str:
    """`a#p13`, or `nk-pow-report-a#p13`, in the article's own text."""
    source, _, paragraph = ref.partition("#")
    source = source if source.startswith("nk-") else f"nk-pow-report-{source}"
    return article_paragraphs(source)[int(paragraph.removeprefix("p")) - 1]


def full_ref(ref: str) -> str:
    return ref if ref.startswith("nk-") else f"nk-pow-report-{ref}"


def in_article(pair: list[str]) -> str:
    """The words of a [paragraph, words] pair of the key, which must be in that paragraph."""
    ref, words = pair
    assert fold(words) in fold(article_paragraph(ref)), f"{ref} does not say {words!r}"
    return words


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_bundled_library_validates_cleanly(library):
    assert library.problems == []
    assert set(library.dossiers) == {"captured-soldier", "casualty-estimates", "peace-talks"}
    assert set(library.sources) == set(SEED_OF)
    assert len(library.claims) >= 50


def test_every_claim_is_anchored_with_an_exact_quote(library):
    for claim in library.claims.values():
        assert claim.evidence, claim.id
        for evidence in claim.evidence:
            assert evidence.quote and evidence.anchored, (claim.id, evidence.at)
            assert evidence.quote in article_paragraph(evidence.at), (claim.id, evidence.quote)


@pytest.mark.parametrize("source_id", sorted(SEED_OF))
def test_sources_are_the_articles_verbatim(library, source_id):
    kept = article_paragraphs(source_id)
    kept = kept[: len(kept) - CHROME_LINES[source_id]]
    paragraphs = library.sources[source_id].paragraphs
    assert [p.text for p in paragraphs.values()] == kept
    assert list(paragraphs) == [f"p{n}" for n in range(1, len(kept) + 1)]
    seed = SEEDS / SEED_OF[source_id]
    if seed.exists():  # beside the project's own copy, the seed as received must be the same
        assert seed.read_bytes() == (ARTICLES / f"{source_id}.txt").read_bytes()


def test_publisher_only_where_the_text_names_it(library):
    assert {s.id: s.publisher for s in library.sources.values()} == {
        "nk-pow-report-a": "Newsweek",
        "nk-pow-report-b": None,
        "nk-pow-report-c": None,
    }


def test_the_key_covers_every_claim(library):
    assert sorted(KEY) == sorted(library.claims)


@pytest.mark.parametrize("claim_id", sorted(KEY))
def test_claim_agrees_with_the_key(library, claim_id):
    key, claim = KEY[claim_id], library.claims[claim_id]
    assert {evidence.at for evidence in claim.evidence} == {full_ref(ref) for ref in key["at"]}
    assert claim.speaker == key.get("speaker")
    assert list(claim.via) == key.get("via", [])
    assert claim.date == (str(key["date"]) if "date" in key else None)
    assert claim.status == key.get("status", "reported")
    for kind in ("updates", "contradicts", "supports"):
        assert list(claim.targets(kind)) == key.get(kind, []), kind
    assert list(claim.formerly) == key.get("formerly", [])
    figure = key.get("figure")
    if figure is None:
        assert claim.figure is None
    else:
        got = claim.figure
        assert (got.what, got.value, got.bound, got.unit) == (
            figure["what"],
            figure["value"],
            figure["bound"],
            figure.get("unit"),
        )


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
BOUND_WORDS = {
    "up to": "at-most",
    "as many as": "at-most",
    "nearly": "at-most",
    "more than": "at-least",
    "at least": "at-least",
    "around": "about",
    "about": "about",
}
NUMBER_WORDS = {"three": 3}


@pytest.mark.parametrize("claim_id", sorted(KEY))
def test_the_key_says_what_the_articles_say(claim_id):
    """The key's own reading, checked in the articles: who is named, the day, the bound."""
    key = KEY[claim_id]
    assert ("speaker" in key) == ("named" in key), "a speaker must be named in the text, and only then"
    if "named" in key:
        in_article(key["named"])
    assert len(key.get("via", [])) == len(key.get("relayed", []))
    for pair in key.get("relayed", []):
        in_article(pair)
    assert ("date" in key) == ("dated" in key), "a date must be fixed by the text, and only then"
    if "dated" in key:
        words, day = in_article(key["dated"]), key["date"]
        weekdays = [name for name in WEEKDAYS if name.lower() in words.lower()]
        written = re.search(rf"({'|'.join(MONTHS)}) (\d{{1,2}}), (\d{{4}})", words)
        assert weekdays or written, f"{words!r} fixes no day"
        if weekdays:
            assert weekdays == [WEEKDAYS[day.weekday()]], f"{day} is not a {weekdays[0]}"
        if written:
            month, number, year = written.groups()
            assert date(int(year), MONTHS.index(month) + 1, int(number)) == day
    assert ("status" in key) == ("why" in key), "a status other than reported says why"
    if "figure" in key:
        figure, bounds = key["figure"], set()
        for pair in key["written"]:
            words = in_article(pair).lower()
            number = re.search(r"\d[\d,]*", words)
            value = int(number.group().replace(",", "")) if number else NUMBER_WORDS[words.split()[0]]
            assert value == figure["value"], f"{words!r} is not {figure['value']}"
            bounds.add(next((bound for phrase, bound in BOUND_WORDS.items() if phrase in words), "exact"))
        assert figure["bound"] == (bounds.pop() if len(bounds) == 1 else "about"), key["written"]


def test_relations_name_claims_that_exist(library):
    for claim_id, key in KEY.items():
        for kind in ("updates", "contradicts", "supports"):
            for other in key.get(kind, []):
                assert other in library.claims and other != claim_id, (claim_id, kind, other)


def test_a_merged_claim_is_found_by_its_former_ids(library):
    merged = library.claims["zelensky-3000-lost"]
    assert library.claim("zelensky-nearly-3000") is merged
    assert library.claim("zelensky-more-than-3000") is merged
    assert "zelensky-nearly-3000" not in library.claims
    assert merged.source_ids == ("nk-pow-report-a", "nk-pow-report-b", "nk-pow-report-c")


def test_nothing_in_the_bundled_library_is_superseded(library):
    """The death report does not withdraw the capture: no claim updates another."""
    assert all(not claim.targets("updates") for claim in library.claims.values())
    assert all(claim.status != "superseded" for claim in library.claims.values())


def test_bundled_library_is_found_from_any_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert (bundled_library_path() / "dossiers").is_dir()
    assert Path(bundled_library_path()).is_absolute()


def _found(library, query: str) -> set[str]:
    from dossier.search.index import SearchIndex

    return {hit.key for hit in SearchIndex(library).search(query).hits}


def test_nis_finds_south_koreas_service_alone(library):
    """NIS is the National Intelligence Service: not Ukraine's military intelligence (GUR),
    and not a word that holds the letters (Mi-nis-try, remi-nis-cent)."""
    found = _found(library, "NIS")
    assert "nis-confirms-capture" in found and "soldier-died-of-injuries" in found
    speakers = {library.claims[key].speaker for key in found}
    assert speakers <= {"South Korea's National Intelligence Service", None}, speakers
    assert not found & {"yerin-primitive-tactics", "newsweek-sought-comment"}


def test_taken_prisoner_finds_people_taken_not_a_village_or_territory_seized(library):
    found = _found(library, "taken prisoner")
    assert {"yonhap-first-prisoner", "zelensky-russia-prevents-captures"} <= found
    assert not found & {"plekhovo-first-village", "ukraine-holds-part-of-kursk"}


def test_arms_finds_weapons_not_the_armed_forces(library):
    found = _found(library, "arms")
    assert {"sof-seized-btr-82", "more-troops-expected"} <= found  # weapons
    assert not found & {"nis-soldier-from-deployed-unit", "captured-by-special-forces"}  # armed forces
