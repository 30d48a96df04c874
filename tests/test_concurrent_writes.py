"""`dossier add` as processes, while other things happen to the file: another `dossier add`
started at the same moment, an editor saving, a kill at any moment. The moment between
reading the file and replacing it is widened (each sync of a written file slowed, see
support.slowed), so that what could happen in it does, run after run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from dossier.store.loader import load_library

from .support import REPO, slowed

SOLDIER = "dossiers/captured-soldier.yaml"


def add_claim(library, claim_id: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", "add", "claim", "--dossier", "captured-soldier", "--id", claim_id,
         "--text", f"Claim {claim_id}.", "--at", "nk-pow-report-a#p1", str(library)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.fixture
def slow_sync(tmp_path) -> dict[str, str]:
    return {**os.environ, **slowed(tmp_path / "slowed", {"os:fsync": 0.25})}


def test_two_writers_started_together_both_write_and_no_claim_is_lost(library, slow_sync):
    path = library / SOLDIER
    for pair in range(12):
        first, second = f"first-{pair}", f"second-{pair}"
        writers = [add_claim(library, first, slow_sync), add_claim(library, second, slow_sync)]
        outcomes = [(writer.wait(timeout=120), *writer.communicate()) for writer in writers]
        for status, _, error in outcomes:
            assert status == 0 and "dossier: wrote claim" in error, error
        text = path.read_text("utf-8")
        assert f"  - id: {first}\n" in text and f"  - id: {second}\n" in text, f"pair {pair}"
    loaded = load_library([library])
    assert not loaded.problems
    assert {f"{kind}-{pair}" for kind in ("first", "second") for pair in range(12)} <= set(loaded.claims)


def test_an_editors_save_during_a_write_is_never_written_over(library, slow_sync):
    """An editor holding the file as it was saves it, with a line of its own, at moments
    spread over the write: its line is in the file at the end, every time; and where it
    saved before the write began, the claim was written into its text."""
    path = library / SOLDIER
    original = path.read_bytes()
    rng = random.Random(7)
    for trial in range(16):
        path.write_bytes(original)
        writer = add_claim(library, f"trial-{trial}", slow_sync)
        time.sleep(rng.uniform(0.2, 1.4))
        line = f"# the editor's save {trial}\n".encode()
        swap = path.with_name(".captured-soldier.yaml.swp")
        swap.write_bytes(original + line)
        os.replace(swap, path)  # as vim and most editors save
        status = writer.wait(timeout=120)
        _, error = writer.communicate()
        final = path.read_bytes()
        assert line in final, f"trial {trial}: the editor's save was written over ({error})"
        assert status in (0, 1), error
        if status == 1:
            assert "nothing written" in error, error
        assert not load_library([library]).problems


def test_a_write_killed_at_any_moment_leaves_the_file_whole_and_nothing_beside_it(library, slow_sync):
    path = library / SOLDIER
    original = path.read_bytes()
    rng = random.Random(11)
    outcomes = set()
    for trial in range(14):
        writer = add_claim(library, f"killed-{trial}", slow_sync)
        time.sleep(rng.uniform(0.3, 1.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        now = path.read_bytes()
        if now == original:
            outcomes.add("old")
        else:
            assert load_library([library]).claims.get(f"killed-{trial}") is not None
            assert not load_library([library]).problems
            outcomes.add("new")
            original = now
        beside = sorted(name for name in os.listdir(path.parent) if name.startswith("."))
        assert beside == [], f"trial {trial}: left behind {beside}"
    assert outcomes == {"old", "new"}  # kills landed before the write and after it


def test_a_write_through_a_symbolic_link_goes_into_the_real_file(library, tmp_path):
    real = tmp_path / "kept-elsewhere" / "captured-soldier.yaml"
    real.parent.mkdir()
    shutil.move(library / SOLDIER, real)
    (library / SOLDIER).symlink_to(real)
    writer = add_claim(library, "through-a-link", {**os.environ})
    assert writer.wait(timeout=60) == 0, writer.communicate()
    assert (library / SOLDIER).is_symlink()
    assert "  - id: through-a-link\n" in real.read_text("utf-8")


def test_a_read_only_dossier_is_refused_and_kept_as_it_is(library):
    path = library / SOLDIER
    path.chmod(0o444)
    before = path.read_bytes()
    writer = add_claim(library, "not-written", {**os.environ})
    status = writer.wait(timeout=60)
    _, error = writer.communicate()
    assert status == 1 and "read-only (mode 444)" in error and "chmod u+w" in error, error
    assert path.read_bytes() == before and oct(path.stat().st_mode & 0o777) == "0o444"


def test_a_private_dossier_stays_private(library):
    path = library / SOLDIER
    path.chmod(0o600)
    writer = add_claim(library, "still-private", {**os.environ})
    assert writer.wait(timeout=60) == 0, writer.communicate()
    assert oct(path.stat().st_mode & 0o777) == "0o600" and "still-private" in path.read_text("utf-8")
