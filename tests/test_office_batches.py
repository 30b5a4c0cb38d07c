"""Office files are converted many to a LibreOffice run, and a file that fails or hangs fails alone.

A stand-in ``soffice`` on PATH (a shell script) plays LibreOffice: it logs each run, writes a fixed .docx for
each input, writes nothing for an input holding ``BAD`` and sleeps on one holding ``HANG``. The real program's
conversions are checked in test_read_office.py.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kg
import kg.read.office as office
from kg.read import ReadError, converted_ahead, read_file
from test_read_docx import document_from_text

SOFFICE = """#!/bin/sh
echo run >> "{log}"
out=""
files=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift 2;;
    --convert-to) shift 2;;
    -*) shift;;
    *) files="$files $1"; shift;;
  esac
done
mkdir -p "$out"
for f in $files; do
  if grep -q HANG "$f"; then sleep 30; fi
  if grep -q BAD "$f"; then continue; fi
  name=$(basename "$f")
  cp "{docx}" "$out/${{name%.*}}.docx"
done
"""
TEXT = "KẾT LUẬN\n\nThực hiện Nghị quyết số 26-NQ/TW của Hội nghị Trung ương 7 khóa XII."


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The stand-in on PATH; returns its log (one line a run)."""
    bin_dir, log, template = tmp_path / "bin", tmp_path / "runs.log", tmp_path / "template.docx"
    bin_dir.mkdir()
    template.write_bytes(document_from_text(TEXT))
    script = bin_dir / "soffice"
    script.write_text(SOFFICE.format(log=log, docx=template))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(office, "CONVERT_SECONDS", 1.5)
    return log


def _runs(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def _office_files(folder: Path, contents: list[str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for k, content in enumerate(contents):
        path = folder / f"{k:02d}{('.doc', '.odt', '.rtf')[k % 3]}"
        path.write_text(content)
        paths.append(path)
    return paths


def test_the_office_files_read_in_a_block_share_one_run(fake_soffice: Path, tmp_path: Path):
    paths = _office_files(tmp_path / "in", [f"file {k}" for k in range(5)])
    with converted_ahead(paths):
        texts = [read_file(p).text for p in paths]
    assert _runs(fake_soffice) == 1
    assert all("26-NQ/TW" in t for t in texts)
    read_file(paths[0])  # outside the block: a run of its own
    assert _runs(fake_soffice) == 2


def test_kg_extract_and_kg_build_convert_eight_files_a_run(fake_soffice: Path, tmp_path: Path):
    folder = tmp_path / "in"
    _office_files(folder, [f"file {k}" for k in range(10)])
    results = list(kg.extract_paths([folder]))
    assert len(results) == 10 and not any(r.errors for r in results)
    assert _runs(fake_soffice) == 2  # 8 files, then 2
    fake_soffice.unlink()
    report = kg.build([folder], tmp_path / "store", progress=False, jobs=1)
    assert not report.failed and _runs(fake_soffice) == 2


def test_a_file_the_run_does_not_convert_fails_alone(fake_soffice: Path, tmp_path: Path):
    paths = _office_files(tmp_path / "in", ["file 0", "BAD", "file 2"])
    results = {Path(r.source).name: r for r in kg.extract_paths(paths)}
    assert not results["00.doc"].errors and not results["02.rtf"].errors
    (error,) = results["01.odt"].errors
    assert "LibreOffice could not open it as a .odt file" in error and "\n" not in error
    assert _runs(fake_soffice) == 2  # the three together, then the one it left out again alone


def test_a_file_that_hangs_the_run_times_out_alone(fake_soffice: Path, tmp_path: Path):
    paths = _office_files(tmp_path / "in", ["file 0", "HANG", "file 2"])
    results = {Path(r.source).name: r for r in kg.extract_paths(paths)}
    assert not results["00.doc"].errors and not results["02.rtf"].errors
    assert results["01.odt"].errors == ["LibreOffice did not convert it within 1.5 s"]
    assert _runs(fake_soffice) == 4  # the three together (stopped), then each alone


def test_files_left_out_of_a_block_are_read_on_their_own(fake_soffice: Path, tmp_path: Path):
    paths = _office_files(tmp_path / "in", [f"file {k}" for k in range(3)])
    with converted_ahead(paths, skip=lambda sha256: True):  # a build's cached files are not converted
        assert _runs(fake_soffice) == 0
    with converted_ahead([*paths, tmp_path / "missing.doc"], max_bytes=3):  # too large, or unreadable: left out
        assert _runs(fake_soffice) == 0
    with pytest.raises(ReadError, match="could not open it as a .doc file"):
        with converted_ahead(paths):
            (tmp_path / "in" / "00.doc").write_text("BAD")  # changed since: read as it is now
            read_file(tmp_path / "in" / "00.doc")


@pytest.mark.parametrize("command", ["build", "extract"])
def test_no_libreoffice_profile_is_left_behind_by_the_command_or_its_workers(fake_soffice: Path, tmp_path: Path,
                                                                             command: str):
    folder, temp = tmp_path / "in", tmp_path / "temp"
    temp.mkdir()
    _office_files(folder, [f"file {k}" for k in range(20)])
    out = ["--store", str(tmp_path / "store"), "--no-progress"] if command == "build" else []
    run = subprocess.run([sys.executable, "-m", "kg.cli", command, str(folder), "--jobs", "2", *out],
                         capture_output=True, text=True, env={**os.environ, "TMPDIR": str(temp)}, timeout=300)
    assert run.returncode == 0, run.stderr
    assert _runs(fake_soffice) >= 3  # the workers converted: each made a profile of its own
    assert not list(temp.glob("kg-lo-profile-*"))
