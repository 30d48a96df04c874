import shutil
from pathlib import Path

import pytest

from dossier.store.files import bundled_library_path


@pytest.fixture
def write(tmp_path):
    """Write a file under a fresh folder and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def library(tmp_path):
    """A copy of the bundled library, to change or write into (a module may have its own)."""
    folder = tmp_path / "library"
    shutil.copytree(bundled_library_path(), folder)
    return folder


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory):
    """Library caches go to a folder of the test run's own, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cache")
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def private_config(tmp_path_factory, monkeypatch):
    """Settings come from a folder of each test's own: never the user's config.toml, and
    never a theme another test chose."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("DOSSIER_CONFIG_HOME", str(folder))
    for name in ("VISUAL", "EDITOR", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return folder


def pytest_sessionfinish(session, exitstatus):
    """A test that skips is a test that does not run: the run fails, naming it. (CI must
    run every test it ships; what a test needs, scripts/test-tools.sh installs.)"""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(f"{len(skipped)} tests skipped: a skip fails the run", red=True)
        for report in skipped:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr[-1] if report.longrepr else ''}")
        session.exitstatus = 1
