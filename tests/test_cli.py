"""`kg extract` as a user runs it: formats, exit codes, the closing summary, repeatable output."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
FIELDS = {"source", "sha256", "encoding", "document", "references", "links", "errors"}
DOCUMENT_FIELDS = {"symbol", "symbol_raw", "type", "type_word", "number", "issuer_code", "issuer", "date",
                   "place", "title", "signers", "recipients", "copies"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_prints_one_object_per_corpus_file(capsys):
    code, out, err = run(capsys, "extract", str(CORPUS))
    objects = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [Path(o["source"]).name for o in objects] == sorted(p.name for p in CORPUS.glob("*.txt"))
    for o in objects:
        assert FIELDS <= o.keys() and DOCUMENT_FIELDS <= o["document"].keys()
        assert len(o["sha256"]) == 64 and o["errors"] == []
    assert err.strip().splitlines()[-1] == "4 read, 0 failed"


def test_json_is_one_array_and_table_one_row_per_file(capsys):
    _, out, _ = run(capsys, "extract", "--format", "json", str(CORPUS))
    assert len(json.loads(out)) == 4
    _, out, _ = run(capsys, "extract", "--format", "table", str(CORPUS))
    assert len(out.strip().splitlines()) == 1 + 4


def test_same_input_gives_the_same_output(capsys):
    first = run(capsys, "extract", str(CORPUS))[1]
    assert run(capsys, "extract", str(CORPUS))[1] == first


def test_missing_path_is_reported_and_the_rest_still_printed(capsys, tmp_path):
    missing = tmp_path / "nope.txt"
    code, out, err = run(capsys, "extract", str(missing), str(CORPUS / "000_b04f6456e29f2afd.txt"))
    assert code == 1
    assert len(out.splitlines()) == 2  # the failed input still gets its object, with errors
    assert f"{missing}: no such file or directory" in err.splitlines()
    assert err.splitlines()[-1] == "1 read, 1 failed"


def test_files_of_unread_types_in_a_folder_are_counted_by_kind(capsys, tmp_path):
    (tmp_path / "a.txt").write_text((CORPUS / "000_b04f6456e29f2afd.txt").read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("scan.JPG", "table.xls", "README", "notes"):
        (tmp_path / name).write_bytes(b"x")
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 0 and len(out.splitlines()) == 1
    assert "skipped: 4 files of unread types (.jpg, .xls, no extension)" in err.splitlines()


def test_a_store_built_inside_the_inputs_folder_is_not_read_as_inputs(capsys, tmp_path):
    (tmp_path / "a.txt").write_text((CORPUS / "000_b04f6456e29f2afd.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert run(capsys, "build", str(tmp_path), "--store", str(tmp_path / "store"), "--no-progress")[0] == 0
    code, out, err = run(capsys, "build", str(tmp_path), "--store", str(tmp_path / "store"), "--no-progress")
    assert code == 0 and "skipped" not in err and "files: 1 inputs" in err


def test_a_file_named_twice_is_built_as_one_input(capsys, tmp_path):
    (tmp_path / "a.txt").write_text((CORPUS / "000_b04f6456e29f2afd.txt").read_text(encoding="utf-8"), encoding="utf-8")
    a = str(tmp_path / "a.txt")
    code, _, err = run(capsys, "build", a, a, str(tmp_path), "--store", str(tmp_path / "store"), "--no-progress")
    assert code == 0 and "files: 1 inputs, 1 extracted, 0 from cache; graphs: 1 added" in err


@pytest.mark.parametrize("argv", [["extract"], ["extract", "--format", "xml", "x.txt"], ["nosuchcommand"], [],
                                  ["extract", "-j", "-1", "x.txt"], ["build", "x", "--jobs", "0"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


@pytest.fixture
def twelve_files(tmp_path: Path) -> Path:
    """Twelve inputs (the corpus three times over, and a file that is missing its text), enough for workers."""
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(3):
        for p in sorted(CORPUS.glob("*.txt")):
            (folder / f"{k}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n\nBản lưu số {k}.\n",
                                                 encoding="utf-8")
    (folder / "9-empty.txt").write_bytes(b"")
    return folder


def test_workers_print_what_one_process_prints_in_the_same_order(capsys, twelve_files: Path):
    one = run(capsys, "extract", "-j", "1", str(twelve_files))
    two = run(capsys, "extract", "-j", "2", str(twelve_files))
    assert one == two
    assert one[0] == 1 and one[2].splitlines()[-1] == "12 read, 1 failed"


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_extractions_read_in_turn_each_give_their_own_files(twelve_files: Path, jobs: int):
    files = sorted(twelve_files.iterdir())
    a, b = files[:9], files[4:]  # nine each: with two jobs, two pools at once
    got = list(zip(kg.extract_paths(a, jobs=jobs), kg.extract_paths(b, jobs=jobs)))
    assert [x.source for x, _ in got] == [str(f) for f in a]
    assert [y.source for _, y in got] == [str(f) for f in b]
    assert [x.sha256 for x, _ in got][4:] == [y.sha256 for _, y in got][:5]
