"""Any sequence of writes to a generated library, written in any of the styles people
use (lists indented or not, claims set apart by blank lines and comments, CRLF line
endings): each write reads back as exactly what was asked, the library gets no new
problem, and undone newest first, every file is byte-identical to the start."""

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dossier.library.choices import Order, Scope
from dossier.library.format import STATUSES
from dossier.library.problems import DossierError
from dossier.search.index import ClaimSegment, SearchIndex
from dossier.search.query import Filters
from dossier.store.loader import library_written, load_library, stamp_now
from dossier.write.authoring import (
    NewClaim,
    NewEvidence,
    claim_added,
    claim_edited,
    claim_removed,
    evidence_added,
    evidence_reattached,
    evidence_removed,
    undo,
    write,
)
from dossier.write.yamltext import TextDumper

from .strategies import libraries, texts


class _IndentedDumper(TextDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _written(data: dict, indented: bool, spaced: bool, crlf: bool) -> bytes:
    dumper = _IndentedDumper if indented else TextDumper
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=float("inf"))
    if spaced:  # claims set apart by a blank line and a comment, as people write them
        dash = "  - id: claim-" if indented else "- id: claim-"
        text = text.replace(f"\n{dash}", f"\n\n{dash[: dash.index('-')]}# the next claim\n{dash}")
    return text.replace("\n", "\r\n" if crlf else "\n").encode()


_IDS = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
_STEP = st.tuples(
    st.sampled_from(["claim", "evidence", "edit", "remove-evidence", "remove-claim", "reattach"]),
    st.integers(0, 50),  # which claim
    st.integers(0, 50),  # which piece of evidence, paragraph, or start of a quote
    texts,
    st.one_of(st.none(), texts),
    st.lists(_IDS, max_size=2),
    st.sampled_from(STATUSES),
)


def _quote(paragraphs: list[tuple[str, str]], number: int) -> tuple[str, str | None]:
    """A paragraph and a span of its words (or no quote)."""
    at, text = paragraphs[number % len(paragraphs)]
    start = number % len(text)
    quote = text[start : start + 1 + number % 7].strip()
    return at, (quote or None) if number % 3 else None


def _said(library, dossier_id: str) -> list[tuple]:
    return [
        (claim.id, claim.text, claim.speaker, claim.via, claim.tags, claim.status,
         [(piece.at, piece.quote) for piece in claim.evidence])
        for claim in library.dossiers[dossier_id].claims
    ]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    library=libraries(),
    style=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    steps=st.lists(_STEP, min_size=1, max_size=10),
)
def test_any_writes_read_back_as_asked_and_undone_give_every_byte_back(tmp_path, library, style, steps):
    sources, dossier = library
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for data in [*sources, dossier]:
        (folder / f"{data['id']}.yaml").write_bytes(_written(data, *style))
    start = {path: path.read_bytes() for path in folder.iterdir()}
    paragraphs = [(f"{s['id']}#{p['id']}", p["text"]) for s in sources for p in s["paragraphs"]]
    loaded = load_library([folder])
    problems = {str(problem) for problem in loaded.problems}
    expected = _said(loaded, "generated")
    done = []
    for number, (kind, which, other, text, speaker, words, status) in enumerate(steps):
        claims = expected
        target = claims[which % len(claims)]
        pieces = target[6]
        at, quote = _quote(paragraphs, other)
        try:
            if kind == "claim":
                new_id = f"new-{number}"
                change = claim_added(loaded, NewClaim("generated", new_id, text, (NewEvidence(at, quote),), speaker))
                wanted = [*claims, (new_id, text, speaker, (), (), "reported", [(at, quote)])]
            elif kind == "evidence":
                change = evidence_added(loaded, target[0], NewEvidence(at, quote))
                wanted = [(*c[:6], [*c[6], (at, quote)]) if c is target else c for c in claims]
            elif kind == "edit":
                changes = {"text": text, "speaker": speaker, "tags": tuple(words), "status": status}
                change = claim_edited(loaded, target[0], changes)
                edited = (target[0], text, speaker, target[3], tuple(words), status, pieces)
                wanted = [edited if c is target else c for c in claims]
            elif kind == "remove-evidence":
                if len(pieces) < 2:
                    continue
                index = other % len(pieces)
                change = evidence_removed(loaded, target[0], index)
                wanted = [(*c[:6], c[6][:index] + c[6][index + 1 :]) if c is target else c for c in claims]
            elif kind == "remove-claim":
                if len(claims) < 2:
                    continue
                change = claim_removed(loaded, target[0])
                wanted = [c for c in claims if c is not target]
            else:
                index = other % len(pieces)
                if quote is None or pieces[index] == (at, quote):
                    continue
                change = evidence_reattached(loaded, target[0], index, at, quote)
                wanted = [
                    (*c[:6], [*c[6][:index], (at, quote), *c[6][index + 1 :]]) if c is target else c for c in claims
                ]
        except DossierError as error:
            # Refused only for what a text may hold that the format does not take.
            assert kind in ("claim", "edit"), error
            event(f"{kind} refused")
            continue
        write(change)
        loaded = load_library([folder])
        assert _said(loaded, "generated") == wanted
        assert {str(problem) for problem in loaded.problems} <= problems
        expected = wanted
        done.append(change)
        event(f"{kind} written")
    for change in reversed(done):
        undo(change)
    assert {path: path.read_bytes() for path in folder.iterdir()} == start


_WRITE = st.tuples(
    st.sampled_from(["claim", "edit", "remove-claim"]),
    st.integers(0, 2),  # which dossier file
    st.integers(0, 50),  # which claim
    st.sampled_from(["alpha", "bravo", "charlie", "claim", "report"]),
    st.sampled_from(STATUSES),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(library=libraries(), steps=st.lists(_WRITE, min_size=1, max_size=8))
def test_the_index_a_write_updates_finds_what_an_index_of_the_files_read_anew_finds(tmp_path, library, steps):
    """As the app does after a write: the library its check assembled, and the index of
    the library before updated for the claims written alone; every search, filter and
    sort lists what one made from the files read anew lists, in the same order."""
    sources, dossier = library
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for data in sources:
        (folder / f"{data['id']}.yaml").write_bytes(_written(data, False, False, False))
    for number in range(3):  # three files, each a run of claims in the library's order
        claims = [{**claim, "id": f"d{number}-{claim['id']}"} for claim in dossier["claims"]]
        data = {**dossier, "id": f"dossier-{number}", "claims": claims}
        (folder / f"dossier-{number}.yaml").write_bytes(_written(data, False, False, False))
    paragraphs = [f"{s['id']}#{p['id']}" for s in sources for p in s["paragraphs"]]
    loaded = load_library([folder])
    index = SearchIndex(loaded)
    for number, (kind, which_file, which, word, status) in enumerate(steps):
        dossier_id = f"dossier-{which_file}"
        claims = loaded.dossiers[dossier_id].claims
        target = claims[which % len(claims)]
        if kind == "claim":
            evidence = (NewEvidence(paragraphs[which % len(paragraphs)], None),)
            change = claim_added(loaded, NewClaim(dossier_id, f"new-{number}", f"{word} {number}", evidence))
        elif kind == "edit":
            change = claim_edited(loaded, target.id, {"text": f"{word} edited", "status": status})
        elif len(claims) > 1:
            change = claim_removed(loaded, target.id)
        else:
            continue
        write(change)
        written = library_written(loaded, change.assembled, change.parsed, stamp_now(change.path))
        assert written is not None
        index, loaded = SearchIndex(written, index, change.path), written
        anew = SearchIndex(load_library([folder]))
        for query in ["", "alpha", "edited", "report", "claim", f"{word} {number}", "new"]:
            for order in Order:
                for filters in (Filters(), Filters(status=status), Filters(dossier=dossier_id)):
                    found = [(hit.kind, hit.key) for hit in index.search(query, Scope.CLAIMS, filters, order).hits]
                    expected = [(hit.kind, hit.key) for hit in anew.search(query, Scope.CLAIMS, filters, order).hits]
                    assert found == expected, (query, order, filters)


def test_the_index_of_a_write_indexes_the_claims_written_alone(tmp_path, monkeypatch):
    """A claim added to a file of 20 in a library of 40: the index looks at that file's
    claims alone (read anew, they are new to it), the first time and the next."""
    claims = [{"id": f"claim-{n}", "text": f"words {n}", "evidence": [{"at": "source-1#p1"}]} for n in range(40)]
    source = {"id": "source-1", "title": "A source", "paragraphs": [{"id": "p1", "text": "Some words."}]}
    (tmp_path / "source-1.yaml").write_bytes(_written(source, False, False, False))
    for number in range(2):
        data = {"id": f"dossier-{number}", "title": "Claims", "claims": claims[number * 20 : number * 20 + 20]}
        (tmp_path / f"dossier-{number}.yaml").write_bytes(_written(data, False, False, False))
    loaded = load_library([tmp_path])
    index = SearchIndex(loaded)
    indexed = []
    monkeypatch.setattr(ClaimSegment, "__init__", _counting(ClaimSegment.__init__, indexed))
    for number in range(2):
        change = claim_added(
            loaded, NewClaim("dossier-0", f"added-{number}", "new words", (NewEvidence("source-1#p1"),))
        )
        write(change)
        written = library_written(loaded, change.assembled, change.parsed, stamp_now(change.path))
        index, loaded = SearchIndex(written, index, change.path), written
    assert indexed == [21, 22]
    listed = [hit.key for hit in index.search("").hits]
    assert listed[18:23] == ["claim-18", "claim-19", "added-0", "added-1", "claim-20"]


def _counting(init, sizes: list):
    def counted(self, library, claims, common):
        sizes.append(len(claims))
        init(self, library, claims, common)

    return counted
