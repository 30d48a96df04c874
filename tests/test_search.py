"""The query language and ranking that the app and the command line share."""

import pytest

from dossier.loader import load_library
from dossier.search import Scope, SearchIndex, find_all, highlights, parse_query


@pytest.fixture(scope="module")
def index():
    return SearchIndex(load_library())


def keys(results):
    return [hit.key for hit in results.hits]


def test_an_empty_query_lists_every_claim_in_library_order(index):
    results = index.search("")
    assert keys(results) == list(index.library.claims)
    assert results.describe() == "56 claims"


def test_plain_words_are_fuzzy_and_all_must_match(index):
    assert keys(index.search("kirby")) == [
        "white-house-1000-in-a-week",  # John Kirby, the White House spokesperson
        "kirby-troops-expendable",
        "kirby-massed-assaults",
        "biden-new-security-package",
    ]
    assert keys(index.search("kriby")) == keys(index.search("kirby"))  # a swapped pair of letters
    both = set(keys(index.search("kirby biden")))
    assert both and both <= set(keys(index.search("kirby"))) & set(keys(index.search("biden")))


def test_numbers_match_with_or_without_thousands_separators(index):
    assert keys(index.search("3000")) == keys(index.search("3,000"))
    assert "zelensky-3000-lost" in keys(index.search("3000"))


def test_case_and_typographic_apostrophes_never_matter(index):
    straight = index.search("KOREA'S INTELLIGENCE AGENCY", Scope.EVERYTHING)
    assert "nk-pow-report-c#p1" in keys(straight)  # the source has "Korea’s" (U+2019)


def test_field_terms_restrict(index):
    library = index.library
    for claim_id in keys(index.search("speaker:zelensky")):
        assert "Zelensky" in library.claims[claim_id].speaker
    assert keys(index.search('speaker:"john kirby" tag:us')) == [
        claim.id for claim in library.claims.values() if claim.speaker == "John Kirby" and "us" in claim.tags
    ]
    assert {library.claims[c].status for c in keys(index.search("status:conf"))} == {"confirmed"}
    assert {library.claims[c].dossier_id for c in keys(index.search("dossier:peace"))} == {"peace-talks"}
    cites_b = [c.id for c in library.claims.values() if any(e.source_id == "nk-pow-report-b" for e in c.evidence)]
    assert keys(index.search("source:nk-pow-report-b")) == cites_b
    assert keys(index.search("via:yonhap")) == [c.id for c in library.claims.values() if "Yonhap" in c.via]


def test_exact_words_and_exclusions(index):
    assert keys(index.search("'dead")) == ["seoul-1100-dead-or-injured"]
    assert keys(index.search("'dea")) == []  # not a whole word
    without = set(keys(index.search("kirby !biden")))
    assert "biden-new-security-package" not in without and without
    assert set(keys(index.search("!speaker:kirby"))) == {
        c.id for c in index.library.claims.values() if "Kirby" not in (c.speaker or "")
    }


def test_the_second_scope_adds_source_paragraphs(index):
    results = index.search("kursk", Scope.EVERYTHING)
    kinds = {hit.kind for hit in results.hits}
    assert kinds == {"claim", "paragraph"}
    assert results.describe() == f"{results.claim_count} claims, {results.paragraph_count} paragraphs"
    # Claim-only fields leave paragraphs out; source: keeps them.
    assert {hit.kind for hit in index.search("speaker:kirby", Scope.EVERYTHING).hits} == {"claim"}
    assert "nk-pow-report-a#p1" in keys(index.search("source:report-a", Scope.EVERYTHING))


def test_incomplete_terms_are_ignored_while_typing():
    assert parse_query("speaker: !").terms == ()
    query = parse_query('speaker:"John Kirby" \'exact !not plain')
    assert [(t.text, t.field, t.exact, t.negated) for t in query.terms] == [
        ("john kirby", "speaker", False, False),
        ("exact", None, True, False),
        ("not", None, False, True),
        ("plain", None, False, False),
    ]
    assert parse_query('"unclosed quote').terms[0].text == "unclosed quote"
    assert parse_query("12:30").terms[0].text == "12:30"  # not a field


def test_highlights_map_back_to_the_original_text():
    text = "Seoul’s spy agency said 3,000 — and “more”"
    spans = highlights(parse_query("seoul's 3000 more"), text)
    assert [text[start:end] for start, end in spans] == ["Seoul’s", "3,000", "more"]
    assert [text[s:e] for s, e in highlights(parse_query("agnecy"), text)] == ["agency"]
    assert highlights(parse_query("!seoul status:confirmed"), text) == []


def test_find_all_is_case_blind_and_reports_every_occurrence():
    text = "Kursk, kursk and KURSK’s"
    assert [text[s:e] for s, e in find_all("kursk", text)] == ["Kursk", "kursk", "KURSK"]
    assert [text[s:e] for s, e in find_all("kursk's", text)] == ["KURSK’s"]
    assert find_all("", text) == []
