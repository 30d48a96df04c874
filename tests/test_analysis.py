"""What the analyst views are built from, checked on the bundled library: corroboration,
filters and sorting composed with search, attribution chains, figures and their bars,
the timeline, speakers, relations and what is superseded."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.library.analysis import all_relations, bar, figure_groups, is_superseded, speakers, superseding, timeline
from dossier.library.choices import Order, Scope
from dossier.library.citation import attribution_chain, chain_text
from dossier.search.index import SearchIndex
from dossier.search.query import Filters
from dossier.store.loader import load_library

from .support import BASE, REPO, UPDATED_DOSSIER


@pytest.fixture(scope="module")
def library():
    return load_library([str(REPO / "content")])


@pytest.fixture(scope="module")
def index(library):
    return SearchIndex(library)


def ids(results):
    return [hit.key for hit in results.hits]


def test_corroboration_counts_distinct_sources_not_pieces_of_evidence(library):
    assert library.claims["nis-confirms-capture"].source_ids == (
        "nk-pow-report-a",
        "nk-pow-report-b",
        "nk-pow-report-c",
    )
    # Four quotes, two of them from the same paragraph of one report: three sources.
    merged = library.claims["zelensky-3000-lost"]
    assert len(merged.evidence) == 4
    assert merged.source_ids == ("nk-pow-report-a", "nk-pow-report-b", "nk-pow-report-c")
    assert library.claims["sof-seized-equipment"].source_ids == ("nk-pow-report-a",)


def test_single_source_filter_and_the_count_line(library, index):
    results = index.search("", filters=Filters(single_source=True))
    assert all(len(library.claims[key].source_ids) == 1 for key in ids(results))
    assert len(results.hits) == sum(len(claim.source_ids) == 1 for claim in library.claims.values())
    assert results.describe() == f"{len(results.hits)} of 61 claims"
    assert "nis-confirms-capture" not in ids(results)


def test_sort_by_sources_keeps_the_rank_among_equals(library, index):
    most = ids(index.search("", order=Order.MOST_SOURCES))
    counts = [len(library.claims[key].source_ids) for key in most]
    assert counts == sorted(counts, reverse=True)
    # the three with 3, in library order
    assert most[:3] == ["nis-confirms-capture", "nis-real-time-sharing", "zelensky-3000-lost"]
    fewest = ids(index.search("", order=Order.FEWEST_SOURCES))
    assert [len(library.claims[key].source_ids) for key in fewest] == sorted(counts)
    # Ranked by a query, claims with as many sources keep their order of relevance.
    ranked = ids(index.search("zelensky"))
    by_sources = ids(index.search("zelensky", order=Order.FEWEST_SOURCES))
    assert sorted(ranked) == sorted(by_sources)
    assert [key for key in by_sources if len(library.claims[key].source_ids) == 1] == [
        key for key in ranked if len(library.claims[key].source_ids) == 1
    ]


def test_speaker_filter_takes_speakers_and_relays_as_the_query_matches_names(index):
    militarnyi = ids(index.search("", filters=Filters(speaker="Militarnyi")))
    assert militarnyi == [
        "captured-by-special-forces",
        "sof-operation-in-kursk-sector",
        "sof-seized-equipment",
        "telegram-photos-unverified",  # said by Tiskoarhyvy, relayed by Militarnyi
        "militarnyi-first-if-confirmed",
    ]
    # The names are matched as speaker: and via: match them: any part, case folded.
    assert ids(index.search("", filters=Filters(speaker="militarnyi"))) == militarnyi
    said, relayed = ids(index.search("speaker:militarnyi")), ids(index.search("via:militarnyi"))
    assert sorted(militarnyi) == sorted({*said, *relayed})
    kirby = ids(index.search("", filters=Filters(speaker="kirby")))
    assert kirby == ids(index.search("speaker:kirby")) and "kirby-massed-assaults" in kirby
    assert ids(index.search("", filters=Filters(speaker="kirbyx"))) == []


def test_paragraphs_under_filters_are_those_the_admitted_claims_cite(index):
    results = index.search("", Scope.EVERYTHING, Filters(speaker="John Kirby"))
    paragraphs = [hit.key for hit in results.hits if hit.kind == "paragraph"]
    assert paragraphs == ["nk-pow-report-c#p15", "nk-pow-report-c#p16"]
    assert results.describe() == "4 claims, 2 paragraphs"


SAMPLE_FILTERS = st.builds(
    Filters,
    dossier=st.sampled_from([None, "captured-soldier", "casualty-estimates", "peace-talks"]),
    status=st.sampled_from([None, "reported", "confirmed", "denied"]),
    tag=st.sampled_from([None, "capture", "casualties", "nis", "us", "talks"]),
    speaker=st.sampled_from([None, "Volodymyr Zelensky", "John Kirby", "OSINTdefender", "Militarnyi"]),
    single_source=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(filters=SAMPLE_FILTERS, query=st.sampled_from(["", "korean", "capture soldier", "3000", "!kursk", "tag:nis"]))
def test_filters_compose_with_search(library, index, filters, query):
    """Filtering the results of a search is the same as searching with the filters."""
    unfiltered = ids(index.search(query))
    expected = [key for key in unfiltered if filters.admits(library.claims[key])]
    assert ids(index.search(query, filters=filters)) == expected


def test_filters_toggle_and_describe_themselves():
    filters = Filters().toggled("tag", "nis").toggled("single_source")
    assert filters.describe() == "tag nis · resting on one source only"
    assert filters.toggled("tag", "nis").describe() == "resting on one source only"  # again: cleared
    assert filters.toggled("tag", "us").tag == "us"  # another value replaces it
    assert not Filters()


def test_attribution_chain_from_speaker_through_relays_to_publisher(library):
    relayed = library.claims["osintdefender-relays-nis"]
    chain = attribution_chain(library, relayed, relayed.evidence[0])
    # Report b names no publisher: the chain says which article it was read in.
    assert chain_text(chain) == (
        "said by South Korea's National Intelligence Service → via OSINTdefender"
        " → reported in “Ukrainian special forces capture a North Korean soldier”"
    )
    photos = library.claims["telegram-photos-unverified"]
    assert chain_text(attribution_chain(library, photos, photos.evidence[0])) == (
        "said by Tiskoarhyvy → via Militarnyi → reported by Newsweek"
    )
    unnamed = library.claims["first-known-capture"]
    assert attribution_chain(library, unnamed, unnamed.evidence[0])[0][0] == "reported in"


def test_figures_grouped_by_quantity_largest_first(library):
    groups = {group.what: group for group in figure_groups(library.claims.values())}
    assert list(groups) == [
        "nk-casualties",
        "nk-casualties-in-one-week",  # a count for one week is not one more total
        "nk-generals-deployed",
        "nk-officers-deployed",
        "nk-troops-deployed",
    ]
    casualties = groups["nk-casualties"]
    assert [(claim.id, claim.figure.value) for claim in casualties.claims] == [
        ("zelensky-3000-lost", 3000),
        ("seoul-1100-dead-or-injured", 1100),
    ]
    assert casualties.unit == "soldiers" and casualties.largest == 3000
    deployed = groups["nk-troops-deployed"]
    assert [claim.figure.value for claim in deployed.claims] == [12000, 11000]


def test_a_figure_in_another_unit_is_not_charted(tmp_path):
    (tmp_path / "base-report.yaml").write_text((BASE / "base-report.yaml").read_text("utf-8"), "utf-8")
    claims = "".join(
        f"""
          - id: {name}
            text: A figure.
            evidence:
              - at: base-report#p1
            figure: {{what: evacuated, value: {value}, unit: {unit}}}"""
        for name, value, unit in [("total", 1200, "people"), ("more", 900, "people"), ("daily", 5000, "people a day")]
    )
    library = load_library([str(tmp_path / "base-report.yaml"), _dossier(tmp_path, claims)])
    (group,) = figure_groups(library.claims.values())
    assert [claim.id for claim in group.claims] == ["daily", "total", "more"]
    assert group.unit == "people" and group.largest == 1200  # the daily figure is not the full bar
    assert [group.charted(claim) for claim in group.claims] == [False, True, True]


def _dossier(folder, claims: str) -> str:
    path = folder / "notes.yaml"
    path.write_text("id: notes\ntitle: Notes\nclaims:" + textwrap.dedent(claims) + "\n", "utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("value", "largest", "width", "drawn"),
    [
        (8, 8, 4, "████"),
        (4, 8, 4, "██"),
        (3, 8, 1, "▍"),  # three eighths of a cell
        (1, 1000, 4, "▏"),  # small but not nothing
        (0, 8, 4, ""),
        (-5, 8, 4, ""),
        (5, 0, 4, ""),
        (12, 8, 4, "████"),  # never past the width
    ],
)
def test_bars_are_eighths_of_cells(value, largest, width, drawn):
    assert bar(value, largest, width) == drawn


def test_bar_lengths_follow_the_figures(library):
    casualties = figure_groups(library.claims.values())[0]
    lengths = [len(bar(claim.figure.value, casualties.largest, 16)) for claim in casualties.claims]
    assert lengths == [16, 6]  # 1,100 of 3,000 is 5.87 cells


def test_timeline_dated_first_then_undated_in_library_order(library):
    ordered = timeline(library.claims.values())
    dates = [claim.date for claim in ordered]
    dated = [day for day in dates if day]
    assert dated == sorted(dated) and dated[0] == "2024-12-23"
    assert dates[len(dated) :] == [None] * (len(dates) - len(dated))
    undated = [claim.id for claim in ordered if claim.date is None]
    assert undated == [claim.id for claim in library.claims.values() if claim.date is None]


def test_speakers_count_what_they_said_and_relayed(library):
    found = {speaker.name: speaker for speaker in speakers(library.claims.values())}
    first = speakers(library.claims.values())[0]
    # The most claims first.
    assert (first.name, len(first.said), len(first.relayed)) == ("South Korea's National Intelligence Service", 6, 0)
    assert (len(found["Volodymyr Zelensky"].said), len(found["Volodymyr Zelensky"].relayed)) == (5, 0)
    assert (len(found["Militarnyi"].said), len(found["Militarnyi"].relayed)) == (4, 1)
    assert (len(found["OSINTdefender"].said), len(found["OSINTdefender"].relayed)) == (2, 1)


def test_relations_listed_once_each_mutual_ones_marked(library):
    found = all_relations(library, library.claims.values())
    assert [relation.kind for relation in found].count("contradicts") == 3
    mutual = [(r.claim.id, r.other.id) for r in found if r.mutual]
    assert mutual == [("sof-diary-elite-troops", "poorly-trained-soldiers")]
    # Only the relations that touch the claims given.
    peace = all_relations(library, library.dossiers["peace-talks"].claims)
    assert [(r.kind, r.claim.id, r.other.id) for r in peace] == [
        ("supports", "putin-slovakia-acceptable", "slovakia-to-host-talks")
    ]


def test_superseded_by_an_update_or_by_its_status(tmp_path):
    (tmp_path / "base-report.yaml").write_text((BASE / "base-report.yaml").read_text("utf-8"), "utf-8")
    old = "  - id: old\n    text: An old figure.\n    status: superseded\n    evidence:\n      - at: base-report#p1\n"
    (tmp_path / "notes.yaml").write_text(UPDATED_DOSSIER + old, "utf-8")
    marked = load_library([str(tmp_path)])
    assert is_superseded(marked, marked.claims["old"])
    assert superseding(marked, marked.claims["old"]) == []
    assert is_superseded(marked, marked.claims["first"])
    assert [claim.id for claim in superseding(marked, marked.claims["first"])] == ["later"]
    assert not is_superseded(marked, marked.claims["later"])
