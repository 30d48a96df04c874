"""The live library (session/live.py), driven as the app drives it but with no screen:
loaded, written to, read again (the file written alone), undone, and two of them writing
the same file, where the one that read it earlier is refused and nothing is lost."""

import threading
import time
from pathlib import Path

import pytest

from dossier.library.problems import DossierError
from dossier.session.live import LiveLibrary
from dossier.write.authoring import claim_edited

from .support import UNCITED_SOURCE, eventually

CLAIM = "yonhap-first-prisoner"


def loaded(library) -> LiveLibrary:
    live = LiveLibrary([str(library)])
    assert live.take(live.read(False)) is False  # the first load
    return live


def hearing(live: LiveLibrary) -> list[set[str]]:
    """`live` listening to the system's notices: the names of the files waiting to be read
    again, each time one needs a load."""
    heard: list[set[str]] = []

    def notified() -> None:
        with live._touched_lock:
            heard.append({Path(path).name for path in live._touched})

    live.listen(notified)
    return heard


def test_a_write_is_read_again_alone_and_undone_byte_for_byte(library):
    live = loaded(library)
    path = live.library.claims[CLAIM].location.path
    before = Path(path).read_bytes()
    live.write(claim_edited(live.library, CLAIM, {"tags": ("capture", "checked")}))
    written = Path(path).read_bytes()
    assert written != before and b"checked" in written
    assert live.heard_meanwhile()  # the file written waits to be read again
    assert live.take(live.read(True)) is True
    assert path in live.library.reread and live.reloads == 1
    assert live.library.claims[CLAIM].tags == ("capture", "checked")
    assert not live.heard_meanwhile()
    undone = live.undo()
    assert undone is not None and undone.path == path
    assert Path(path).read_bytes() == before
    live.take(live.read(True))
    assert "checked" not in live.library.claims[CLAIM].tags
    assert live.undo() is None  # nothing left to undo


def test_the_systems_notice_of_a_write_made_here_is_not_news(library, monkeypatch):
    # The library named as a reader names it, from the folder above: the notice of the write
    # came as "/tmp/.../library/./dossiers/x.yaml", the write was kept as "library/dossiers/
    # x.yaml", so every claim saved and every source imported was read twice, and the reader
    # was told "Read again" twice.
    monkeypatch.chdir(library.parent)
    live = LiveLibrary([library.name])
    live.take(live.read(False))
    heard = hearing(live)
    try:
        glossary = library / "glossary.yaml"
        # Another program's edit is heard (the notices come)...
        glossary.write_text(glossary.read_text() + "\n")
        assert eventually(lambda: heard, 10)
        live.take(live.read(True))
        heard.clear()
        live.write(claim_edited(live.library, CLAIM, {"tags": ("capture", "checked")}))
        live.take(live.read(True))  # read again once, as the app does at once
        (library / "dossiers" / "peace-talks.yaml").write_text(
            (library / "dossiers" / "peace-talks.yaml").read_text() + "\n"
        )
        # ...and so is the next one, but not this library's own write, which was read already.
        assert eventually(lambda: heard, 10)
        time.sleep(1)  # a notice of the write, were it heard, is not later than the next edit's
        assert heard == [{"peace-talks.yaml"}]
    finally:
        live.close()


def test_a_folder_moved_in_is_heard_and_a_folder_of_archived_originals_is_not(library, tmp_path):
    # The first import makes `sources/originals/` for its archive: heard as a change, it
    # started a second load (after the one the import starts), told "Read again" twice.
    live = loaded(library)
    heard = hearing(live)
    try:
        originals = tmp_path / "originals"
        originals.mkdir()
        (originals / "a-page-4e2a0b3a6df9.html.gz").write_bytes(b"\x1f\x8b archived")
        originals.rename(library / "sources" / "originals")
        time.sleep(1)  # a notice, were it heard, comes within this
        assert heard == []
        more = tmp_path / "more"
        more.mkdir()
        (more / "ministry-statement.yaml").write_text(UNCITED_SOURCE, "utf-8")
        more.rename(library / "sources" / "more")
        assert eventually(lambda: heard, 10)
        assert heard[0] == {"more"}
        live.take(live.read(True))
        assert live.library.sources["ministry-statement"].title == "Statement of the ministry"
    finally:
        live.close()


def test_two_live_libraries_writing_one_file_never_lose_a_write(library):
    first, second = loaded(library), loaded(library)
    path = first.library.claims[CLAIM].location.path
    # Both make their change from the file as it was; both write at once.
    changes = [
        (first, claim_edited(first.library, CLAIM, {"tags": ("capture", "written-by-one")})),
        (second, claim_edited(second.library, CLAIM, {"tags": ("capture", "written-by-two")})),
    ]
    refused: list[str] = []
    start = threading.Barrier(2)

    def write(live: LiveLibrary, change) -> None:
        start.wait()
        try:
            live.write(change)
        except DossierError as error:
            refused.append(str(error))

    threads = [threading.Thread(target=write, args=pair) for pair in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    text = Path(path).read_text(encoding="utf-8")
    assert len(refused) == 1 and "changed" in refused[0]  # the later writer is told, not obeyed
    assert ("written-by-one" in text) != ("written-by-two" in text)  # exactly one write landed, whole
    loser = second if "written-by-one" in text else first
    assert loser.writes == [] and loser.heard_meanwhile()  # it reads the file again
    loser.take(loser.read(True))
    winner_tag = "written-by-one" if "written-by-one" in text else "written-by-two"
    assert winner_tag in loser.library.claims[CLAIM].tags


def test_a_folder_gone_is_a_clear_error(tmp_path):
    live = LiveLibrary([str(tmp_path / "gone")])
    with pytest.raises(DossierError, match="gone"):
        live.read(False)
