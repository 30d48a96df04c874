"""Files written by `dossier export -o` and `dossier import -o`: all or nothing, and
never over a file the user has unless they said so."""

import errno
import os
import stat
import subprocess
import sys
import time

import pytest

from dossier.library.problems import DossierError
from dossier.write import writing
from dossier.write.writing import ChangedOnDisk, replace_file, write_atomically


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


# --- a file the user has, replaced only as they asked ------------------------------------------


def _leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_a_symbolic_link_is_written_through_to_its_target_and_stays_a_link(tmp_path):
    real = tmp_path / "elsewhere" / "notes.yaml"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    link = tmp_path / "notes.yaml"
    link.symlink_to(real)
    replace_file(str(link), b"old\n", b"new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new\n"
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_the_files_mode_is_kept(tmp_path, mode):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    target.chmod(mode)
    replace_file(str(target), b"old\n", b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode and target.read_bytes() == b"new\n"


def test_a_read_only_file_is_refused_saying_so_even_for_root(tmp_path):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    target.chmod(0o444)
    with pytest.raises(DossierError, match=r"notes\.yaml: read-only \(mode 444\); nothing written\. .*chmod u\+w"):
        replace_file(str(target), b"old\n", b"new\n")
    assert target.read_bytes() == b"old\n" and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_hard_link_is_kept_every_name_sees_the_change(tmp_path):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    other = tmp_path / "copy-in-another-place.yaml"
    os.link(target, other)
    inode = target.stat().st_ino
    replace_file(str(target), b"old\n", b"new text, longer\n")
    assert other.read_bytes() == b"new text, longer\n" and target.stat().st_ino == inode
    replace_file(str(target), b"new text, longer\n", b"short\n")  # shorter: the rest cut off
    assert other.read_bytes() == b"short\n" and target.stat().st_nlink == 2
    assert _leftovers(tmp_path) == []


def test_a_file_whose_owner_a_new_file_cannot_have_is_written_in_place(tmp_path, monkeypatch):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    os.chown(target, 4321, 4321)  # someone else's file, in a folder this writer may write

    def not_permitted(*_):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(writing.os, "fchown", not_permitted)
    inode = target.stat().st_ino
    replace_file(str(target), b"old\n", b"new\n")
    assert target.read_bytes() == b"new\n"
    assert (target.stat().st_ino, target.stat().st_uid) == (inode, 4321)
    assert _leftovers(tmp_path) == []


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n# an editor's line\n")
    with pytest.raises(ChangedOnDisk, match=r"notes\.yaml: changed on disk since it was read; nothing written"):
        replace_file(str(target), b"old\n", b"new\n")
    assert target.read_bytes() == b"old\n# an editor's line\n"


@pytest.mark.parametrize("how", ["renamed into place", "written in place"])
def test_an_editors_save_after_the_last_look_but_before_the_rename_is_put_back(tmp_path, monkeypatch, how):
    """The save lands in the moment between the check and the rename: the file swapped out
    is looked at once more, and the editor's gets its name back."""
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    real_exchange = writing._exchange

    def editor_saves_first(first, second):
        if how == "renamed into place":
            (tmp_path / "editor.swp").write_bytes(b"the editor's\n")
            os.replace(tmp_path / "editor.swp", target)
        else:
            target.write_bytes(b"the editor's\n")
        monkeypatch.setattr(writing, "_exchange", real_exchange)
        return real_exchange(first, second)

    monkeypatch.setattr(writing, "_exchange", editor_saves_first)
    with pytest.raises(ChangedOnDisk):
        replace_file(str(target), b"old\n", b"new\n")
    assert target.read_bytes() == b"the editor's\n"
    assert _leftovers(tmp_path) == []


def test_a_second_writer_waits_for_the_first_and_then_sees_its_change(tmp_path):
    """Another process holds the writers' lock on the file and writes meanwhile: this one
    waits, then finds the file changed, and writes nothing over it."""
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(target), "0.6", "theirs\n"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "locked\n"
    started = time.monotonic()
    with pytest.raises(ChangedOnDisk):
        replace_file(str(target), b"old\n", b"mine\n")
    assert time.monotonic() - started >= 0.4  # it waited for the lock
    holder.wait(timeout=10)
    assert target.read_bytes() == b"theirs\n"


def test_a_lock_held_too_long_is_explained(tmp_path, monkeypatch):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    monkeypatch.setattr(writing, "LOCK_WAIT_SECONDS", 0.3)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(target), "3", ""], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "locked\n"
    try:
        with pytest.raises(DossierError, match=r"another dossier has been writing it for 0 s; nothing written"):
            replace_file(str(target), b"old\n", b"mine\n")
    finally:
        holder.kill()
        holder.wait()
    assert target.read_bytes() == b"old\n"


# A process that takes the writers' lock on a file, says so, holds it a while, and
# (given text) writes the file through a rename meanwhile, as another dossier would.
HOLD_LOCK = """
import fcntl, os, sys, time
path, seconds, text = sys.argv[1], float(sys.argv[2]), sys.argv[3]
fd = os.open(path, os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(seconds)
if text:
    with open(path + ".new", "w") as stream:
        stream.write(text)
    os.replace(path + ".new", path)
"""


def test_a_temporary_file_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f".notes.yaml.{gone.stdout.strip()}.0a1b2c3d.dossier-tmp"
    left.write_bytes(b"half a write")
    alive = tmp_path / f".notes.yaml.{os.getppid()}.0a1b2c3d.dossier-tmp"  # a writer still at work
    alive.write_bytes(b"theirs")
    replace_file(str(target), b"old\n", b"new\n")
    assert not left.exists() and alive.exists()


def test_a_copy_left_by_a_write_in_place_that_was_cut_short_stops_the_next_write_explained(tmp_path):
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"half of the n")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    copy = tmp_path / f".notes.yaml.{gone.stdout.strip()}.0a1b2c3d.dossier-backup"
    copy.write_bytes(b"old\n")
    with pytest.raises(DossierError, match=r"a write to it was cut short .* what the file held before is kept in"):
        replace_file(str(target), b"half of the n", b"new\n")
    assert target.read_bytes() == b"half of the n" and copy.read_bytes() == b"old\n"


def test_where_the_system_has_no_nameless_files_a_named_one_is_used_and_removed(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    target = tmp_path / "notes.yaml"
    target.write_bytes(b"old\n")
    replace_file(str(target), b"old\n", b"new\n")
    write_atomically(str(tmp_path / "new.yaml"), "made\n")
    assert target.read_bytes() == b"new\n" and (tmp_path / "new.yaml").read_bytes() == b"made\n"
    assert _leftovers(tmp_path) == []
