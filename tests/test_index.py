"""The search index gives what scoring every claim one by one gives, and finds what
readers look for on the bundled library (benchmarks/search_queries.yaml)."""

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.library.choices import Scope
from dossier.search import index as search
from dossier.search import parts
from dossier.search.index import SearchIndex, rank
from dossier.search.parts import Hits
from dossier.search.query import parse_query
from dossier.store import loader
from dossier.store.loader import load_library
from dossier.text.terms import fold, words

from .support import REPO

LABELLED = yaml.safe_load((Path(__file__).parent.parent / "benchmarks" / "search_queries.yaml").read_text())


@pytest.fixture(scope="module")
def index():
    return SearchIndex(load_library())


def brute_force(index, text, scope=Scope.CLAIMS):
    """Keys and scores from scoring every entry's text on its own, no index."""
    if scope is Scope.CLAIMS:
        keys, texts = list(index.library.claims), index.claim_texts()
    else:
        keys = [p.ref for source in index.library.sources.values() for p in source.paragraphs.values()]
        texts = index.paragraph_texts()
    folded = [(fold(own), fold(around)) for own, around in texts]
    return [(keys[i], score) for i, score, _words in rank(parse_query(text), folded, index.glossary)]


def found(results):
    return [(hit.key, hit.score) for hit in results.hits]


@pytest.mark.parametrize("item", LABELLED["claims"], ids=[item["query"] for item in LABELLED["claims"]])
def test_the_index_ranks_as_brute_force_does(index, item):
    assert found(index.search(item["query"])) == brute_force(index, item["query"])


@pytest.mark.parametrize("item", LABELLED["paragraphs"], ids=[item["query"] for item in LABELLED["paragraphs"]])
def test_paragraphs_rank_as_brute_force_does(index, item):
    expected = brute_force(index, item["query"], Scope.PARAGRAPHS)
    assert found(index.search(item["query"], Scope.PARAGRAPHS)) == expected


@pytest.mark.parametrize("part", ["claims", "paragraphs"])
def test_labelled_queries_find_what_they_mean_first(index, part):
    """hit@1 of 0.9 or more on queries typed as analysts type them (benchmarks.quality
    has the figures by kind, beside SQLite FTS5 and fzf)."""
    scope = Scope.CLAIMS if part == "claims" else Scope.PARAGRAPHS
    queries = LABELLED[part]
    first = [(item, next(iter(index.search(item["query"], scope).hits), None)) for item in queries]
    missed = [item["query"] for item, hit in first if hit is None or hit.key not in item["relevant"]]
    assert len(queries) >= 60
    assert 1 - len(missed) / len(queries) >= 0.9, missed


def test_paragraphs_are_ranked_as_brute_force_does(index):
    for text in ("kursk", "zelensky 3000", "yonhap", "nis", "capturd", "telegrm photos"):
        assert found(index.search(text, Scope.PARAGRAPHS)) == brute_force(index, text, Scope.PARAGRAPHS)


VOCABULARY = sorted({word for pair in SearchIndex(load_library()).claim_texts() for word in words(fold(pair[0]))})


@st.composite
def typed(draw):
    """A word of the library as a reader types it: cut short, a letter dropped, two
    letters swapped or doubled, or one changed."""
    word = draw(st.sampled_from(VOCABULARY))
    kind = draw(st.sampled_from(["whole", "prefix", "drop", "swap", "double", "change"]))
    at = draw(st.integers(0, max(0, len(word) - 1)))
    if kind == "prefix":
        return word[: at + 1]
    if kind == "drop" and len(word) > 1:
        return word[:at] + word[at + 1 :]
    if kind == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "double":
        return word[: at + 1] + word[at:]
    if kind == "change":
        return word[:at] + draw(st.sampled_from("aeiounrst3")) + word[at + 1 :]
    return word


@settings(max_examples=150, deadline=None)
@given(st.lists(typed(), min_size=1, max_size=3))
def test_typed_words_rank_as_brute_force_does(index, words_typed):
    text = " ".join(words_typed)
    assert found(index.search(text)) == brute_force(index, text)


def test_a_short_look_at_many_hits_agrees_with_the_whole_order(index, monkeypatch):
    monkeypatch.setattr(Hits, "PARTIAL", 5)
    for text in ("korean", "e", "soldiers kursk"):
        hits = index.search(text).hits
        every = list(hits)
        assert hits[:5] == every[:5] and hits[2] == every[2] and hits[-1] == every[-1]
        assert len(hits) == len(every) > 5


def test_a_helper_process_indexes_paragraphs_as_this_one_does(monkeypatch):
    library = load_library()
    here = SearchIndex(library)
    monkeypatch.setattr(search, "HELPER_PARAGRAPHS", 0)
    helped = SearchIndex(library)
    assert search.index_in_helper([("s", "Title", None, ["p1"], ["one paragraph"])]) is not None
    for text in ("kursk", "source:newsweek zelensky", "capturd"):
        assert found(helped.search(text, Scope.PARAGRAPHS)) == found(here.search(text, Scope.PARAGRAPHS))
    monkeypatch.setattr(parts.sys, "executable", "false")  # a helper that cannot start
    failing = SearchIndex(library)
    assert found(failing.search("kursk", Scope.PARAGRAPHS)) == found(here.search("kursk", Scope.PARAGRAPHS))


def test_an_index_made_while_the_one_before_builds_its_paragraphs_index_takes_that_one(tmp_path, monkeypatch):
    """At 100,000 claims the paragraphs take most of a minute to index: a claim written
    meanwhile (the sources unchanged) must not start a second build beside the first."""
    shutil.copytree(REPO / "content", tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(loader, "RACY_NANOSECONDS", 0)  # the files just copied are taken as unchanged
    built = []
    build = search.paragraph_part
    monkeypatch.setattr(search, "paragraph_part", lambda sources: built.append(len(sources)) or build(sources))
    before = SearchIndex(load_library([tmp_path]))
    path = tmp_path / "dossiers" / "peace-talks.yaml"
    path.write_text(path.read_text("utf-8").replace("Slovakia said that", "Slovakia said"), "utf-8")
    after = SearchIndex(load_library([tmp_path], previous=before.library), previous=before)
    assert after.paragraph_part() is before.paragraph_part()
    assert len(built) == 1
    assert found(after.search("kursk", Scope.PARAGRAPHS)) == found(before.search("kursk", Scope.PARAGRAPHS))
