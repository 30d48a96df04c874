"""The app keeps the library it loaded in the cache, for the next start: written by a child
process (pickling a large library would hold the screen for seconds), after a reload once
the files have stayed as they are a while, and as the app closes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dossier.env.config import Config
from dossier.session import cache, live
from dossier.ui.app import DossierApp

from .app_support import settle, wait_for
from .support import REPO, eventually

CLAIM = "slovakia-to-host-talks"
WAS, NOW = "Slovakia said that it would host", "Slovakia said it would host"


@pytest.fixture
def root(tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(REPO / "content", folder)
    return folder


@pytest.fixture
def writers(tmp_path, monkeypatch):
    """The ids of the processes that wrote the cache, each noted as it starts."""
    noted = tmp_path / "writers"
    write = cache.write

    def noting(*args, **kwargs):
        with open(noted, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return write(*args, **kwargs)

    monkeypatch.setattr(cache, "write", noting)
    return lambda: [int(line) for line in noted.read_text("utf-8").split()] if noted.exists() else []


def _edit(root: Path) -> None:
    path = root / "dossiers" / "peace-talks.yaml"
    path.write_text(path.read_text("utf-8").replace(WAS, NOW), "utf-8")


def _cached_text(root: Path) -> str | None:
    """The claim's text in the cache of `root`, when the cache is fresh."""
    cached = cache.read([str(root)])
    return cached.library.claims[CLAIM].text if cached is not None else None


async def test_an_edit_is_kept_in_the_cache_by_another_process_once_the_files_are_quiet(root, writers, monkeypatch):
    monkeypatch.setattr(live, "RELOAD_SAVE_SECONDS", 0.5)
    app = DossierApp([str(root)], watch_interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: _cached_text(root) is not None, seconds=30)  # the first load's
        _edit(root)
        assert await wait_for(pilot, lambda: NOW in app.library.claims[CLAIM].text, seconds=20)
        # Not described by the library's repr: at 100,000 claims it took 9 s, at every save.
        seen: list[str] = []
        assert await wait_for(
            pilot, lambda: bool(seen.extend(w.description for w in app.workers if w.group == "keep") or seen)
        )
        assert set(seen) == {"keep the library in the cache"}
        assert await wait_for(pilot, lambda: NOW in (_cached_text(root) or ""), seconds=30)
    assert len(writers()) >= 2 and os.getpid() not in writers()


async def test_an_edit_the_cache_does_not_hold_yet_is_written_as_the_app_closes(root, writers):
    app = DossierApp([str(root)], watch_interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: _cached_text(root) is not None, seconds=30)
        _edit(root)
        assert await wait_for(pilot, lambda: NOW in app.library.claims[CLAIM].text, seconds=20)
        await pilot.pause(1.0)
        assert _cached_text(root) is None  # stale: a reload waits a minute of quiet before writing it
    assert eventually(lambda: NOW in (_cached_text(root) or ""), seconds=30)
    assert os.getpid() not in writers()


async def test_the_app_keeps_no_cache_when_the_settings_allow_none(root, writers, tmp_path):
    config = Config(path=tmp_path / "config.toml", cache_limit_mb=0)
    app = DossierApp([str(root)], watch_interval=None, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert CLAIM in app.library.claims
    lock = cache.cache_file([str(root)]).with_suffix(".writing")
    assert eventually(lambda: writers() and not lock.exists(), seconds=30)  # a writer came, and went
    assert not cache.cache_file([str(root)]).exists()
