"""Files written by `dossier export -o` and `dossier import -o`: all or nothing, and
never over a file the user has unless they said so."""

import errno
import os
import stat

import pytest

from dossier import writing
from dossier.problems import DossierError
from dossier.writing import write_atomically


def test_writes_a_new_file_with_the_usual_permissions(tmp_path):
    target = tmp_path / "new.yaml"
    write_atomically(str(target), "text\r\nkept as given\n")
    assert target.read_bytes() == b"text\r\nkept as given\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert os.listdir(tmp_path) == ["new.yaml"]


def test_an_existing_file_is_kept_unless_replace_is_asked(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("my work", encoding="utf-8")
    with pytest.raises(DossierError, match=r"mine\.yaml: already exists \(use --force to replace it\)"):
        write_atomically(str(target), "new")
    assert target.read_text("utf-8") == "my work"
    write_atomically(str(target), "new", replace=True)
    assert target.read_text("utf-8") == "new"
    assert os.listdir(tmp_path) == ["mine.yaml"]


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "race.yaml"
    real_fsync = os.fsync

    def someone_else_writes(descriptor):
        real_fsync(descriptor)
        target.write_text("written meanwhile", encoding="utf-8")

    monkeypatch.setattr(writing.os, "fsync", someone_else_writes)
    with pytest.raises(DossierError, match="already exists"):
        write_atomically(str(target), "mine")
    assert target.read_text("utf-8") == "written meanwhile"
    assert os.listdir(tmp_path) == ["race.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old report", encoding="utf-8")

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writing.os, "fsync", disk_full)
    with pytest.raises(DossierError, match=r"report\.md: cannot write: no space left on device"):
        write_atomically(str(target), "new report", replace=True)
    assert target.read_text("utf-8") == "old report"
    assert os.listdir(tmp_path) == ["report.md"]


def test_a_folder_is_never_a_target(tmp_path):
    with pytest.raises(DossierError, match="is a folder"):
        write_atomically(str(tmp_path), "text", replace=True)
