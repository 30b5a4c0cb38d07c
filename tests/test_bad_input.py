"""Bad inputs through ``kg extract``: one stderr line each, the good files still printed, exit 1."""
from __future__ import annotations

import json
import os
import shutil
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fpdf import FPDF

import kg.read
from kg.cli import main

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + bytes(512)
SHIFT_JIS = "日本語の文書です。ベトナム語ではありません。".encode("shift_jis")
BIG = 200 * 2**20


def scanned_pdf() -> bytes:
    """A page with only a filled shape: a scan without OCR, as far as text extraction goes."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 160, style="F")
    return bytes(pdf.output())


def make_big(path: Path) -> None:
    """A 200 MB file created sparse: no data is written, so the test stays fast."""
    with path.open("wb") as f:
        f.truncate(BIG)


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the reader may not open: chmod 000, or, for root (whom chmod does not stop), a refusing read."""
    path.write_text("Số 09-KL/BTCTW", encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)


def make_dangling(path: Path) -> None:
    path.symlink_to(path.parent / "moved-away.txt")


# name in the folder, how to make it, the reason printed
CASES: dict[str, tuple[str, Callable[..., None], str]] = {
    "empty": ("empty.txt", lambda p, _: p.write_bytes(b""), "empty file (no text)"),
    "binary": ("scan.txt", lambda p, _: p.write_bytes(PNG), "binary file (not text)"),
    "undecodable": ("jp.txt", lambda p, _: p.write_bytes(SHIFT_JIS),
                    "undecodable bytes at offset 0 (neither UTF-8 nor a Vietnamese encoding: Windows-1258, TCVN3, VNI, VISCII)"),
    "too large": ("huge.txt", lambda p, _: make_big(p), "file too large (200.0 MB; limit 50 MB, set KG_MAX_MB)"),
    "unreadable": ("locked.txt", make_unreadable, "permission denied"),
    "dangling symlink": ("link.txt", lambda p, _: make_dangling(p), "no such file or directory"),
    "pdf without text": ("scan.pdf", lambda p, _: p.write_bytes(scanned_pdf()), "no text layer (scanned?)"),
    "other script": ("cjk.txt", lambda p, _: p.write_text("日本語の文書です。ベトナム語ではありません。" * 20, encoding="utf-8"),
                     "not Vietnamese text: 0% of its letters are Latin (is the file damaged, or in another format than "
                     "its name says?)"),
    "corrupt docx": ("broken.docx", lambda p, _: p.write_bytes(b"PK\x03\x04" + bytes(100)),
                     "not a valid .docx (not a zip archive)"),
}


@pytest.fixture
def folder(tmp_path: Path, corpus_dir: Path) -> Iterator[Path]:
    """A folder holding one good corpus document; each test adds bad files beside it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / "000_b04f6456e29f2afd.txt", docs / "a-good.txt")
    yield docs
    for path in docs.iterdir():  # let pytest remove what a test made unreadable
        if not path.is_symlink():
            path.chmod(0o644)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    code = main(["extract", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def good_sources(out_lines: list[str]) -> list[str]:
    """Sources printed with a document and no errors."""
    objects = [json.loads(line) for line in out_lines]
    return [o["source"] for o in objects if o["document"] is not None and not o["errors"]]


def test_the_default_size_limit_is_the_documented_50_mb():
    assert os.environ.get("KG_MAX_MB") is None, "unset KG_MAX_MB to run the bad-input tests"
    assert kg.read.MAX_BYTES == 50 * 2**20


@pytest.mark.parametrize("case", CASES)
def test_bad_file_in_a_folder_gives_one_line_and_the_good_file_is_still_printed(case, folder, capsys, monkeypatch):
    name, make, reason = CASES[case]
    bad = folder / name
    make(bad, monkeypatch)
    code, out, err = run(capsys, str(folder))
    assert err == [f"{bad}: {reason}", "1 read, 1 failed"]
    assert good_sources(out) == [str(folder / "a-good.txt")]
    assert code == 1


@pytest.mark.parametrize("case", CASES)
def test_bad_file_named_on_the_command_line_is_reported_the_same_way(case, folder, capsys, monkeypatch):
    name, make, reason = CASES[case]
    bad = folder / name
    make(bad, monkeypatch)
    code, out, err = run(capsys, "--format", "table", str(bad), str(folder / "a-good.txt"))
    assert err == [f"{bad}: {reason}", "1 read, 1 failed"]
    assert len(out) == 2 and "a-good.txt" in out[1]  # the table's header row, then the good file only
    assert code == 1


def test_every_bad_input_in_one_batch(folder, capsys, monkeypatch, corpus_dir):
    shutil.copy(corpus_dir / "004_2160fbdf228d37d6.txt", folder / "z-good.txt")
    expected = []
    for name, make, reason in CASES.values():
        make(folder / name, monkeypatch)
        expected.append(f"{folder / name}: {reason}")
    code, out, err = run(capsys, str(folder))
    assert sorted(err[:-1]) == sorted(expected) and len(err) == len(CASES) + 1
    assert err[-1] == f"2 read, {len(CASES)} failed"
    assert good_sources(out) == [str(folder / "a-good.txt"), str(folder / "z-good.txt")]
    assert len(out) == len(CASES) + 2  # failed inputs still get their JSON object, with errors
    assert code == 1


def test_a_200_mb_file_is_refused_by_its_size_without_reading_it(folder, capsys, monkeypatch):
    big = folder / "huge.txt"
    make_big(big)
    read: list[Path] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    tracemalloc.start()
    try:
        code, _, err = run(capsys, str(folder))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err[0] == f"{big}: file too large (200.0 MB; limit 50 MB, set KG_MAX_MB)"
    assert big not in read and folder / "a-good.txt" in read
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.1f} MB"  # measured: 0.3 MB, all for the good file
    assert code == 1


def test_size_limit_follows_max_bytes_at_call_time(folder, capsys, monkeypatch):
    monkeypatch.setattr(kg.read, "MAX_BYTES", 1024)
    code, _, err = run(capsys, str(folder / "a-good.txt"))
    assert err[0].startswith(f"{folder / 'a-good.txt'}: file too large (0.0 MB; limit 0 MB")
    assert code == 1


def test_good_files_alone_exit_0(folder, capsys):
    code, out, err = run(capsys, str(folder))
    assert (code, err) == (0, ["1 read, 0 failed"])
    assert len(out) == 1


@pytest.mark.parametrize("argv", [[], ["extract"], ["extract", "--format", "xml", "x.txt"], ["frobnicate", "x.txt"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage: kg" in capsys.readouterr().err
