"""Atomic writes: all of the new file or none of it, with ordinary permissions."""

import os
import stat

import pytest

from autograd.files import write_atomically


def test_writes_text_and_bytes_with_ordinary_permissions(tmp_path):
    write_atomically(tmp_path / "a.txt", "héllo")
    write_atomically(tmp_path / "b.bin", b"\x89PNG")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "héllo"
    assert (tmp_path / "b.bin").read_bytes() == b"\x89PNG"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o666 & ~mask


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
