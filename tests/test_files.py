"""Atomic writes: all of the new file or none of it, with ordinary permissions."""

import os
import stat
import subprocess
import sys

import pytest

from autograd.files import NotAFileError, write_atomically


def test_writes_text_and_bytes_with_ordinary_permissions(tmp_path):
    write_atomically(tmp_path / "a.txt", "héllo")
    write_atomically(tmp_path / "b.bin", b"\x89PNG")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "héllo"
    assert (tmp_path / "b.bin").read_bytes() == b"\x89PNG"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o666 & ~mask


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    private = tmp_path / "private.json"
    private.write_text("old")
    private.chmod(0o600)
    write_atomically(private, "new")
    assert private.read_text() == "new" and stat.S_IMODE(private.stat().st_mode) == 0o600


def test_a_read_only_file_is_refused_and_kept(tmp_path):
    kept = tmp_path / "kept.json"
    kept.write_text("old")
    kept.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only.*chmod u\\+w") as raised:
        write_atomically(kept, "new")
    assert raised.value.filename == str(kept)
    assert kept.read_text() == "old" and os.listdir(tmp_path) == ["kept.json"]


def test_a_failed_write_leaves_the_old_file_and_no_litter(tmp_path):
    target = tmp_path / "model.json"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomically(target, 12345)  # neither str nor bytes
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["model.json"]


def test_an_unwritable_directory_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        write_atomically(tmp_path / "missing" / "x.svg", "<svg/>")


def test_a_symlink_is_written_through_to_its_file(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_what_is_not_a_regular_file_is_refused_and_kept(tmp_path, kind):
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "folder"
        target.mkdir()
    else:
        target = "/dev/null"
    with pytest.raises(NotAFileError, match=str(target)):
        write_atomically(target, "data")
    if kind == "fifo":
        assert stat.S_ISFIFO(os.stat(target).st_mode)
    if kind == "device":
        assert stat.S_ISCHR(os.stat(target).st_mode)


def test_a_killed_save_leaves_a_recognisable_file_that_the_next_save_removes(tmp_path):
    target = tmp_path / "model.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f".model.json.gradtable-{dead}-abcd1234.tmp"
    stale.write_text("half a model")
    alive = tmp_path / f".model.json.gradtable-{os.getppid()}-efgh5678.tmp"  # a save in progress
    alive.write_text("being written")
    other = tmp_path / f".other.json.gradtable-{dead}-ijkl9012.tmp"  # another target's
    other.write_text("not ours to clean")
    write_atomically(target, "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["model.json", alive.name, other.name]
    )


def test_an_error_names_the_target_not_the_temporary_file(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    target = tmp_path / "x.json"
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as info:
        write_atomically(target, "{}")
    assert info.value.filename == str(target) and "gradtable-" not in str(info.value)
    assert "No space left on device" in str(info.value)
    assert os.listdir(tmp_path) == []  # and no litter
    with pytest.raises(FileNotFoundError) as info:
        write_atomically(tmp_path / "missing" / "x.svg", "<svg/>")
    assert info.value.filename == str(tmp_path / "missing" / "x.svg")


def test_a_name_with_nul_is_refused_in_words(tmp_path):
    with pytest.raises(ValueError, match="not a usable file name: it holds the character NUL"):
        write_atomically(str(tmp_path / "a\0.svg"), "<svg/>")
    assert os.listdir(tmp_path) == []
