"""Clumsy input to the command line gives one line naming the problem and a non-zero status, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_data import copy_corpus
from kg.cli import main
from kg.query.records import date_text


@pytest.fixture(scope="module")
def store(corpus_store: str) -> str:
    return corpus_store


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(("written", "iso"), [("19/5/2018", "2018-05-19"), ("2018-05-19", "2018-05-19"),
                                              ("5/2018", "2018-05"), ("2018", "2018"), ("19.05.2018", "2018-05-19")])
def test_dates_are_read_as_users_write_them(written: str, iso: str):
    assert date_text(written) == iso


def test_lineage_refuses_a_date_it_cannot_read(store: str, capsys):
    assert main(["lineage", "09-KL/BTCTW", "--from", "2018-13-45", "--store", store]) == 1
    assert "not a date: '2018-13-45'" in _one_line(capsys)
    assert main(["lineage", "09-KL/BTCTW", "--from", "19/5/2018", "--store", store]) == 0  # and keeps 2024's, not 2004's
    assert "26-NQ/TW (2018-05-19)" in capsys.readouterr().out


def test_an_ill_typed_parameter_is_refused(store: str, capsys):
    code = main(["query", "--sparql", "SELECT ?d WHERE { ?d eli:date_document ?x }", "--param", "x=2024-13-45^^xsd:date",
                 "--store", store])
    assert code == 1 and "is not a valid xsd:date" in _one_line(capsys)


def test_a_store_that_is_a_file_or_damaged_is_one_line(tmp_path: Path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["build", str(tmp_path / "afile"), "--store", str(tmp_path / "afile"), "--no-progress"]) == 1
    assert "is a file, not a store folder" in _one_line(capsys)
    for content in ("", "{}", "[1]"):
        damaged = tmp_path / f"damaged{len(content)}"
        damaged.mkdir()
        (damaged / "store.json").write_text(content)
        assert main(["query", "most-cited", "--store", str(damaged)]) == 1
        assert "is damaged" in _one_line(capsys)


def test_export_into_a_missing_folder_names_the_file(store: str, tmp_path: Path, capsys):
    target = tmp_path / "missing" / "g.ttl"
    assert main(["export", "--store", store, "-o", str(target)]) == 1
    err = _one_line(capsys)
    assert str(target) in err and "No such file or directory" in err
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("name, value, says", [
    ("KG_MAX_MB", "50MB", "kg: KG_MAX_MB='50MB' is not a number of megabytes (write KG_MAX_MB=50)"),
    ("KG_CONVERT_SECONDS", "two minutes", "kg: KG_CONVERT_SECONDS='two minutes' is not a number of seconds (write "
                                          "KG_CONVERT_SECONDS=120)"),
    ("KG_OCR_PAGE_SECONDS", "-5", "kg: KG_OCR_PAGE_SECONDS='-5' is not a number of seconds (write KG_OCR_PAGE_SECONDS=120)"),
])
def test_a_setting_that_is_not_a_positive_number_is_one_line(name: str, value: str, says: str):
    env = {**os.environ, name: value}
    done = subprocess.run([sys.executable, "-m", "kg.cli", "extract", "README.md"], env=env, capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode != 0 and done.stderr.strip() == says


def test_anything_unexpected_is_one_line_unless_debugging(store: str, capsys, monkeypatch):
    import kg.cli

    def boom(*_args):
        raise RuntimeError("a bug")

    monkeypatch.setitem(kg.cli._COMMANDS, "query", boom)
    assert main(["query", "most-cited", "--store", store]) == 1
    assert _one_line(capsys) == "kg query: unexpected RuntimeError: a bug (run with KG_DEBUG=1 for the traceback)"
    monkeypatch.setenv("KG_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["query", "most-cited", "--store", store])


def _build(folder: Path, store: Path, capsys) -> tuple[int, str]:
    code = main(["build", str(folder), "--store", str(store), "--no-progress", "-j", "1"])
    return code, capsys.readouterr().err


def test_a_fifo_or_a_link_to_a_device_is_reported_not_waited_on(tmp_path: Path, capsys):
    folder = copy_corpus(tmp_path / "in")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    code, err = _build(folder, tmp_path / "store", capsys)
    assert code == 1
    assert "pipe.txt: not a regular file" in err and "zero.txt: not a regular file" in err
    assert "4 extracted" in err  # the good files are all built


def test_a_linked_folder_is_read_once_and_a_link_loop_ends(tmp_path: Path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    elsewhere = copy_corpus(tmp_path / "elsewhere")
    (folder / "sub" / "linked").symlink_to(elsewhere)
    (folder / "sub" / "loop").symlink_to(folder)
    code, err = _build(folder, tmp_path / "store", capsys)
    assert code == 0 and "4 inputs, 4 extracted" in err


def test_a_folder_without_documents_is_an_error(tmp_path: Path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.xyz").write_text("x")
    code, err = _build(tmp_path / "empty", tmp_path / "store", capsys)
    assert code == 1 and "kg build: no document file" in err


def test_odd_file_names_lose_nothing(tmp_path: Path, capsys):
    folder = copy_corpus(tmp_path / "in")
    text = (folder / "001_efa0bf86d863f830.txt").read_bytes()
    (folder / "new\nline.txt").write_bytes(text)
    (Path(os.fsdecode(bytes(folder) + b"/bad\xff\xfename.txt"))).write_bytes(text)
    code, err = _build(folder, tmp_path / "store", capsys)
    assert code == 0 and "6 inputs" in err and "6 added" in err and "0 failed" in err  # copies come from the cache
    code, err = _build(folder, tmp_path / "store", capsys)
    assert code == 0 and "6 unchanged" in err  # the same names give the same graph on the next build
    assert main(["query", "--sparql", "SELECT ?p WHERE { ?e pk:path ?p }", "--store", str(tmp_path / "store"),
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "bad\\xff\\xfename.txt" in out and "new\nline.txt" in out


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_workers_end_when_the_build_is_killed(tmp_path: Path):
    import signal
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for f in copy_corpus(tmp_path / "corpus").iterdir():  # 400 files: enough for worker processes
        for k in range(100):
            (folder / f"{k:03d}_{f.name}").write_text(f.read_text(encoding="utf-8") + f"\n{k}\n", encoding="utf-8")
    build = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(folder), "--store", str(tmp_path / "store"),
                              "-j", "2", "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             cwd=Path(__file__).resolve().parent.parent)
    deadline = time.monotonic() + 60
    while not (workers := _children(build.pid)) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers, "the build ended before it started workers"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and "zombie" not in Path(f"/proc/{w}/status").read_text().lower()]
    assert not alive, f"workers outlived the killed build: {alive}"


@pytest.mark.parametrize("command", [["export", "-o"], ["view", "-o"], ["export", "--format", "graphml", "-o"]])
def test_a_full_disk_leaves_the_old_file_and_says_so_in_one_line(store: str, tmp_path: Path, capsys, monkeypatch,
                                                                  command: list[str]):
    import errno

    target = tmp_path / "out.file"
    target.write_text("the old file")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert main([*command, str(target), "--store", store]) == 1
    err = _one_line(capsys)
    assert str(target) in err and "No space left on device" in err
    assert target.read_text() == "the old file" and not list(tmp_path.glob(".*.tmp"))


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MB tmpfs (needs the right to mount, as root on CI); skipped where it cannot be made."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_during_a_build_is_one_line_and_the_store_still_opens(small_disk: Path, capsys):
    store = small_disk / "store"
    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
    assert main(["build", str(corpus), "--store", str(store), "--no-progress"]) == 1
    err = _one_line(capsys)
    assert err.startswith("kg build: ") and "No space left on device" in err
    assert main(["query", "most-cited", "--store", str(store)]) == 0  # what was written is still a store


def test_a_store_on_a_read_only_file_system_is_one_line(tmp_path: Path, capsys):
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M,ro", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
        assert main(["build", str(corpus), "--store", str(mount / "s"), "--no-progress"]) == 1
        assert _one_line(capsys) == f"kg build: {mount / 's'}: Read-only file system"
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)
