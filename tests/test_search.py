"""The query language and ranking that the app and the command line share."""

import pytest

from dossier.library.choices import Scope
from dossier.search.index import SearchIndex
from dossier.search.query import parse_query
from dossier.search.results import find_all, highlights
from dossier.store.loader import load_library


@pytest.fixture(scope="module")
def index():
    return SearchIndex(load_library())


def keys(results):
    return [hit.key for hit in results.hits]


def test_an_empty_query_lists_every_claim_in_library_order(index):
    results = index.search("")
    assert keys(results) == list(index.library.claims)
    assert results.describe() == "61 claims"


def test_plain_words_are_fuzzy_and_all_must_match(index):
    assert keys(index.search("kirby")) == [
        "white-house-1000-in-a-week",  # John Kirby, the White House spokesperson
        "kirby-troops-expendable",
        "kirby-massed-assaults",
        "biden-new-security-package",
    ]
    assert keys(index.search("kriby")) == keys(index.search("kirby"))  # a swapped pair of letters
    both = index.search("kirby biden")
    complete = {hit.key for hit in both.hits if hit.words == both.words}
    assert complete and complete <= set(keys(index.search("kirby"))) & set(keys(index.search("biden")))


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


# --- finding what an analyst means ------------------------------------------------------------


def test_claims_with_every_word_come_first_then_those_with_most(index):
    results = index.search("kirby expendable")
    assert keys(results)[0] == "kirby-troops-expendable"
    assert [hit.words for hit in results.hits] == [2, 1, 1, 1]  # the other Kirby claims, below
    assert results.describe() == "1 of 61 claims with every word, 3 with some"
    # No claim has every word: those with the most, and the line says so.
    none = index.search("kirby expendable generals")
    assert keys(none)[0] == "kirby-troops-expendable"
    assert none.describe().startswith("no claim has every word; ") and none.describe().endswith("(2 of 3 at best)")


def test_exact_stays_required_and_excluded_stays_out(index):
    assert keys(index.search("'expendable kirby")) == ["kirby-troops-expendable"]
    assert "kirby-troops-expendable" not in keys(index.search("kirby !expendable"))


def test_another_form_of_a_word_ranks_below_the_word_as_typed(index):
    results = index.search("dying")
    assert "soldier-died-of-injuries" in keys(results)  # dying, died: one stem
    assert "troops-may-not-continue-fighting" in keys(index.search("fought"))  # an irregular form, known
    captured = {hit.key: hit.score for hit in index.search("captured").hits}
    capturing = {hit.key: hit.score for hit in index.search("capturing").hits}
    assert capturing["captured-by-special-forces"] < captured["captured-by-special-forces"]


def test_the_glossary_finds_other_words_for_the_same_thing(index):
    assert "yonhap-first-prisoner" in keys(index.search("pow"))
    assert keys(index.search("kiev 12000"))[0] == "kyiv-12000-deployed"
    assert keys(index.search("spy agency confirmed capture"))[0] == "nis-confirms-capture"
    # A match through the glossary ranks below the word as typed.
    soldiers = {hit.key: hit.score for hit in index.search("soldiers").hits}
    troops = {hit.key: hit.score for hit in index.search("troops").hits}
    assert troops["kirby-troops-expendable"] > soldiers["kirby-troops-expendable"]


def test_numbers_are_exact_in_any_form(index):
    assert keys(index.search("12k"))[0] == keys(index.search("12,000"))[0] == "kyiv-12000-deployed"
    assert "kyiv-12000-deployed" not in keys(index.search("1200"))  # never a near miss of digits
    assert "deployed-up-to-11000" not in keys(index.search("1000"))
    assert keys(index.search("3 generals"))[0] == keys(index.search("three generals"))[0] == "kyiv-three-generals"


def test_ids_publishers_and_refs_are_searchable(index):
    assert keys(index.search("zelensky-3000-lost"))[0] == "zelensky-3000-lost"
    assert keys(index.search("zelensky-nearly-3000"))[0] == "zelensky-3000-lost"  # a former id
    # The claims citing the paragraph, first (other refs come near only as near misses).
    assert set(keys(index.search("nk-pow-report-b#p7"))[:2]) == {"zelensky-3000-lost", "seoul-1100-dead-or-injured"}
    assert keys(index.search("nk-pow-report-b#p3", Scope.EVERYTHING))[0] == "nk-pow-report-b#p3"
    newsweek = index.search("newsweek")
    named = {
        "newsweek-sought-comment", "telegram-photos-unverified", "troops-may-not-continue-fighting",
        "sof-seized-btr-82", "casualties-rising", "nk-troops-in-combat-this-month", "zelensky-3000-lost",
    }  # fmt: skip
    assert set(keys(newsweek)[: len(named)]) == named  # named in their text, above the claims it only published
    assert "sof-seized-equipment" in keys(newsweek)  # a report Newsweek published


def test_accents_and_unicode_forms_fold(tmp_path):
    from dossier.store.loader import load_library

    (tmp_path / "s.yaml").write_text(
        'id: s\ntitle: T\nparagraphs:\n  - id: p1\n    text: "Erdoğan met Zelenskyy in Kraków; café in NFD, '
        'cafe\u0301."\n',
        "utf-8",
    )
    index = SearchIndex(load_library([tmp_path]))
    for typed in ("erdogan", "ERDOĞAN", "krakow", "cafe", "café", "cafe\u0301"):
        assert keys(index.search(typed, Scope.PARAGRAPHS)) == ["s#p1"], typed
    text = "Erdoğan met cafe\u0301."
    assert [text[s:e] for s, e in highlights(parse_query("erdogan cafe"), text)] == ["Erdoğan", "cafe\u0301"]


def test_highlights_show_what_the_glossary_and_stems_matched(index):
    claim = index.library.claims["kirby-troops-expendable"]
    spans = index.search("soldiers expendability").highlights(claim.text)
    assert [claim.text[s:e] for s, e in spans] == ["troops", "expendable"]


def test_when_no_claim_matches_the_paragraphs_that_do_are_counted(index):
    assert index.search("Tiskoarhyvy photos Newsweek verify").hits  # a claim does
    assert index.search("Plekhovo village december").hits
    assert not index.search("bzqcjmufov").hits  # the address of a picture, in report b's p8 only
    assert index.paragraphs_matching("bzqcjmufov") == 1
