"""``read_file``: choosing the reader by extension, and refusing what is not a readable document file."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import kg.read
from kg.read import SUFFIXES, ReadError, read_file, read_text


def test_every_format_is_registered_for_the_folder_walker():
    assert set(SUFFIXES) == {".txt", ".md", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".html", ".htm"}


@pytest.mark.parametrize("name", ["kl.TXT", "kl.Md"])
def test_extension_case_does_not_matter(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text("Số 09-KL/BTCTW", encoding="utf-8")
    assert read_file(path).text == "Số 09-KL/BTCTW"


@pytest.mark.parametrize(("name", "suffix"), [("kl.xls", ".xls"), ("README", "(none)")])
def test_unsupported_extension_is_refused_before_reading(tmp_path: Path, name: str, suffix: str):
    with pytest.raises(ReadError, match=rf"^unsupported file type {re.escape(suffix)} \(expected one of \.txt, \.md, "):
        read_file(tmp_path / name)  # the file does not even exist: nothing was opened


@pytest.mark.parametrize("name", ["old.txt", "archive"])
def test_a_folder_is_refused_as_a_folder_whatever_its_name(tmp_path: Path, name: str):
    (tmp_path / name).mkdir()
    with pytest.raises(ReadError, match="^is a directory$"):
        read_file(tmp_path / name)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_instead_of_blocking(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(ReadError, match="^not a regular file$"):
        read_file(tmp_path / "pipe.txt")


def test_explicit_max_bytes_wins_over_the_module_limit(tmp_path: Path):
    path = tmp_path / "kl.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(ReadError, match=r"^file too large"):
        read_file(path, max_bytes=1024)
    assert read_file(path, max_bytes=4096).text == "x" * 2048


def test_a_reader_crash_becomes_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(data: bytes, options: kg.read.ReadOptions) -> kg.read.Decoded:
        raise ValueError("unexpected structure")

    monkeypatch.setitem(kg.read.READERS, ".html", broken)
    path = tmp_path / "kl.html"
    path.write_text("<p>Số 09</p>", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_file(path)
    assert str(err.value) == "internal error while reading (ValueError: unexpected structure)"


def test_read_text_normalises_and_keeps_the_format(tmp_path: Path):
    path = tmp_path / "kl.html"
    path.write_bytes("<p>Số 04 – KL/BTCTW<sup>3</sup></p>".encode("utf-8"))
    text = read_text(path)
    assert (text.text, text.encoding, [m.number for m in text.markers]) == ("Số 04 - KL/BTCTW", "html:utf-8", [3])
