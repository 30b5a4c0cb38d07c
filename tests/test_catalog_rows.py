"""Catalog rows: the lint every row passes (bundled or a user's own), kg build --catalog, and kg catalog lookups."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph_data import copy_corpus
from kg.cli import main
from kg.resolve import load_catalog
from kg.resolve.catalog_rows import COLUMNS, Row, find_rows, problems

HEADER = [*COLUMNS, "note"]
GOOD = {"symbol": "26-NQ/TW", "type": "NQ", "number": "26", "issuer_code": "TW", "issuer": "Ban Chấp hành Trung ương",
        "date": "2018-05-19", "term": "XII", "plenum": "7", "title": "về tập trung xây dựng đội ngũ cán bộ các cấp",
        "source": "https://example.org/page", "kind": "document", "note": ""}


def _row(**changes: str) -> Row:
    return Row("mine.csv", 2, {**GOOD, **changes})


def test_a_good_row_has_no_problem():
    assert problems(_row()) == []


@pytest.mark.parametrize(("changes", "said"), [
    ({"source": ""}, "no source"),
    ({"date": "19/5/2018"}, "is not YYYY-MM-DD"),
    ({"date": "2018-02-30"}, "not a calendar day"),
    ({"date": "2022-05-19"}, "falls in term XIII, not XII"),
    ({"term": "12"}, "not a Roman numeral"),
    ({"plenum": "7", "issuer": "Bộ Chính trị"}, "only the Central Committee"),
    ({"type": "XX", "symbol": "26-XX/TW"}, "not a Party type code"),
    ({"symbol": "26-NQ/TW", "number": "62"}, "does not agree with number"),
    ({"symbol": "6-NQ/TW", "number": "6"}, "not normalised"),
    ({"symbol": "26/NQ-TW"}, "is not NUMBER-TYPE/CODE"),
    ({"issuer_code": "ZZ", "symbol": "26-NQ/ZZ"}, "issuer code 'ZZ' is not known"),
    ({"kind": "congress"}, "a congress row has no symbol"),
    ({"title": "ve\u0300 ca\u0301n bo\u0323"}, "NFC"),
])
def test_the_lint_names_each_problem(changes: dict[str, str], said: str):
    found = problems(_row(**changes))
    assert any(said in p for p in found), found


def test_a_local_row_names_its_place_and_date():
    local = dict(symbol="05-NQ/TU", type="NQ", number="5", issuer_code="TU", issuer="Tỉnh ủy Thừa Thiên Huế",
                 date="2022-03-01", term="", plenum="", title="về phát triển du lịch")
    assert any("names its place" in p for p in problems(_row(**local)))
    assert problems(_row(**{**local, "issuer_code": "TU@thua-thien-hue"})) == []
    assert any("needs its date" in p for p in problems(_row(**{**local, "issuer_code": "TU@thua-thien-hue", "date": ""})))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows({**GOOD, **r} for r in rows)
    return path


LOCAL = {"symbol": "05-NQ/TU", "type": "NQ", "number": "5", "issuer_code": "TU@binh-dinh", "issuer": "Tỉnh ủy Bình Định",
         "date": "2024-03-01", "term": "", "plenum": "", "title": "về phát triển kinh tế biển"}


def test_load_catalog_leaves_bad_rows_out_and_says_which(tmp_path: Path):
    mine = _write(tmp_path / "mine.csv", [LOCAL, {**LOCAL, "number": "6", "symbol": "06-NQ/TU", "source": ""}])
    catalog = load_catalog([mine])
    assert len(catalog) == 1 and catalog.get("dang/TU@binh-dinh/2024/NQ/5") is not None
    assert catalog.problems == [f"{mine}:3: no source: every fact needs the page it was checked on"]


def test_kg_build_takes_a_users_catalog_and_reports_bad_rows(tmp_path: Path, capsys):
    mine = _write(tmp_path / "mine.csv", [LOCAL, {**LOCAL, "date": "1/3/2024"}])
    corpus = copy_corpus(tmp_path / "corpus")
    assert main(["build", str(corpus), "--store", str(tmp_path / "store"), "--catalog", str(mine),
                 "--no-progress", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert f"kg build: row left out: {mine}:3: date '1/3/2024' is not YYYY-MM-DD" in err
    assert main(["query", "--sparql", 'SELECT ?t WHERE { ?d pk:symbol "05-NQ/TU" ; dcterms:title ?t }',
                 "--store", str(tmp_path / "store"), "--format", "csv"]) == 0
    assert "về phát triển kinh tế biển" in capsys.readouterr().out


def test_a_catalog_that_is_not_one_is_one_line(tmp_path: Path, capsys):
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["catalog", "26-NQ/TW", "--catalog", str(tmp_path / "other.csv")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a catalog file" in err and "other.csv" in err
    assert main(["catalog", "26-NQ/TW", "--catalog", str(tmp_path / "missing.csv")]) == 1
    assert "missing.csv" in capsys.readouterr().err


def test_kg_catalog_finds_by_symbol_in_every_term_and_by_words(capsys):
    assert main(["catalog", "26-nq/tw", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["term"] for r in rows} >= {"X", "XII", "XIII"} and all(r["symbol"] == "26-NQ/TW" for r in rows)
    assert all(r["source"] for r in rows)
    assert main(["catalog", "can bo cap chien luoc", "--term", "XII"]) == 0
    out = capsys.readouterr().out
    assert "26-NQ/TW · 2018-05-19 · khóa XII" in out and "source: " in out
    assert main(["catalog", "999-NQ/TW"]) == 1
    assert "no row matches" in capsys.readouterr().err


def test_find_rows_reads_a_symbol_whatever_its_padding_or_case():
    rows = [_row(), _row(symbol="06-NQ/TW", number="6")]
    assert [r["symbol"] for r in find_rows(rows, "006-nq/tw")] == ["06-NQ/TW"]
    assert [r["symbol"] for r in find_rows(rows, "doi ngu can bo")] == ["26-NQ/TW", "06-NQ/TW"]


def test_kg_catalog_gaps_lists_each_registers_missing_numbers(tmp_path: Path, capsys):
    """A register (a user's register file beside their rows; rows made up to exercise the counting): numbers up to
    its highest are dated, undated or missing; the bundled registers are listed too."""
    mine, registers = tmp_path / "mine.csv", tmp_path / "registers.csv"
    with mine.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER)
        w.writeheader()
        for n, day in ((1, "2026-02-10"), (2, ""), (5, "2026-03-02")):
            w.writerow({**GOOD, "symbol": f"{n:02d}-KH/TW", "type": "KH", "number": str(n), "issuer": "Bộ Chính trị",
                        "date": day, "term": "XIV", "plenum": "", "title": "kế hoạch"})
    registers.write_text("term,type,issuer_code,highest_number,highest_date,source,note\n"
                         "XIV,KH,TW,6,2026-03-09,https://example.org/page,\n", encoding="utf-8")
    assert main(["catalog", "--gaps", "--term", "XIV", "--catalog", str(mine), "--catalog", str(registers),
                 "--format", "json"]) == 0
    gaps = {(g["type"], g["code"]): g for g in json.loads(capsys.readouterr().out)}
    assert (gaps[("KH", "TW")]["dated"], gaps[("KH", "TW")]["undated"], gaps[("KH", "TW")]["missing"]) == (
        [1, 5], [2], [3, 4, 6])
    assert main(["catalog", "--gaps", "--catalog", str(mine), "--catalog", str(registers)]) == 0
    out = capsys.readouterr().out
    assert "XIV KH/TW: up to 6 (2026-03-09): 2 dated, 1 without a date, 3 missing\n    without a date: 2\n" \
           "    missing: 3-4, 6\n" in out
    assert "XIII KL/TW: up to" in out  # the bundled registers
    assert main(["catalog"]) == 2
