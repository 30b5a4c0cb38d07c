"""``check``: the corpus's known oddities are listed (DOMAIN.md, gold NOTES), and nothing that is not odd."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.api import extract_paths
from kg.model import Extraction, Record, Reference
from kg.resolve import check, load_catalog, resolve_corpus, resolve_file
from kg.resolve.check import issuer_mismatch, type_mismatch

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog()


def sym(symbol: str, word: str, **kw) -> Reference:
    number, rest = symbol.split("-", 1)
    type_, code = rest.split("/")
    text = f"{word} số {symbol}"
    return Reference(kind="symbol", text=text, start=0, end=len(text), full_start=0, full_end=len(text),
                     symbol=symbol, type=type_, type_word=word, number=int(number), issuer_code=code, **kw)


@pytest.fixture(scope="module")
def report():
    extractions = list(extract_paths([ROOT / "data" / "corpus"]))
    return check(resolve_corpus(extractions, CATALOG), CATALOG)


def _texts(findings) -> set[str]:
    return {f.text for f in findings}


def test_type_word_vs_code_mismatches_of_the_corpus(report):
    # 000 line 82: 'Kết luận số 3135-CV/VPTW', 'Hướng dẫn số 2499-CV/BTCTW'
    assert _texts(report.type_mismatches) == {"Kết luận số 3135-CV/VPTW", "Hướng dẫn số 2499-CV/BTCTW"}
    (f,) = [f for f in report.type_mismatches if "3135" in f.text]
    assert f.source.endswith("000_b04f6456e29f2afd.txt") and "CV" in f.detail


@pytest.mark.parametrize("word, symbol", [
    ("Quy định", "86-QĐ/TW"), ("Quyết định", "244-QĐ/TW"),  # 001: both words name QĐ
    ("Thông báo Kết luận", "43-KL/TW"),  # 003 footnote ²(8)
    ("Kết luận", "21-KL/TW"),
])
def test_words_that_name_the_code_are_not_mismatches(word, symbol):
    assert type_mismatch(sym(symbol, word)) is None


def test_issuer_mismatches_of_the_corpus(report):
    # 001 line 119 '152-QĐ/BTCTW … của Bộ Chính trị'; 000 line 82 '2499-CV/BTCTW … của Bộ Nội vụ'
    assert _texts(report.issuer_mismatches) == {"152-QĐ/BTCTW", "2499-CV/BTCTW"}
    details = {f.text: f.detail for f in report.issuer_mismatches}
    assert "Bộ Chính trị" in details["152-QĐ/BTCTW"] and "Ban Tổ chức Trung ương" in details["152-QĐ/BTCTW"]
    assert "Bộ Nội vụ" in details["2499-CV/BTCTW"]


@pytest.mark.parametrize("symbol, issuer", [
    ("05-CT/TW", "Bộ Chính trị"), ("196-QĐ/TW", "Ban Bí thư"), ("24-QĐ/TW", "Ban Chấp hành Trung ương Đảng"),
    ("21-KL/TW", "Hội nghị Trung ương 4"),  # TW is the Committee's, the Politburo's and the Secretariat's
    ("3135-CV/VPTW", "Ban Bí thư"),  # the Văn phòng conveys the Secretariat's conclusion
    ("52-KH/BTCTW", "Ban Tổ chức Trung ương"),
    ("158-KL/ĐUK", "Đảng ủy Khối"),  # 004
])
def test_an_issuer_that_is_the_body_of_its_code_is_not_a_mismatch(symbol, issuer):
    assert issuer_mismatch(sym(symbol, "Kết luận", issuer=issuer)) is None


def test_conflicting_descriptions_of_the_corpus(report):
    # 2499-CV/BTCTW: the text says Bộ Nội vụ, the catalog the code's Ban Tổ chức Trung ương;
    # 43-KL/TW: 003 says Bộ Chính trị, 28/12/2017, a public page Ban Bí thư, 7/1/2019 (data/catalog/XII.csv)
    assert sorted((c.key, c.field) for c in report.conflicts) == [
        ("dang/BTCTW/XII/CV/2499", "issuer"), ("dang/TW/XII/KL/43", "date"), ("dang/TW/XII/KL/43", "issuer")]
    conflicts = {(c.key, c.field): set(c.values) for c in report.conflicts}
    assert conflicts[("dang/BTCTW/XII/CV/2499", "issuer")] == {"Ban Tổ chức Trung ương", "Bộ Nội vụ"}
    assert conflicts[("dang/TW/XII/KL/43", "date")] == {"2017-12-28", "2019-01-07"}


def test_unresolved_references_of_the_corpus(report):
    got = {(Path(f.source).name[:3], f.kind, f.text) for f in report.unresolved}
    assert ("000", "plenum", "Nghị quyết Trung ương 6") in got  # no term in the text
    assert ("000", "plenum", "nghị quyết Trung ương 6 khóa XII") in got  # plural: 18 and 19
    assert ("000", "plenum", "Nghị quyết Trung ương 3 khóa VIII") in got
    assert ("003", "plenum", "Nghị quyết Hội nghị Trung ương 7 khóa XII") in got
    assert ("004", "plenum", "Nghị quyết Trung ương 4 khóa XI, khóa XII") in got
    assert all(f.detail for f in report.unresolved)
    assert not [f for f in report.unresolved if f.kind == "symbol"]


def test_references_per_method_count_every_reference(report):
    extractions = list(extract_paths([ROOT / "data" / "corpus"]))
    assert sum(report.methods.values()) == sum(len(e.references) for e in extractions)
    assert report.methods["unresolved"] == len(report.unresolved)
    for method in ("symbol+date", "symbol+term", "symbol+same-file", "plenum+subject", "number+term", "congress", "charter"):
        assert report.methods.get(method), method


def test_a_citing_document_dated_before_the_document_it_cites():
    # a text of 2017 citing 18-NQ/TW 'ngày 16/6/2022' (term XIII): one of the two dates is wrong
    ext = Extraction(source="early.txt", sha256="e" * 64, references=[sym("18-NQ/TW", "Nghị quyết", date="2022-06-16")],
                     document=Record(symbol="04-KL/BTCTW", type="KL", number=4, issuer_code="BTCTW", date="2017-03-01"))
    report = check([resolve_file(ext, CATALOG)], CATALOG)
    (d,) = report.dated_before
    assert (d.citing, d.citing_date, d.cited, d.cited_date) == ("dang/BTCTW/XII/KL/4", "2017-03-01",
                                                                "dang/TW/XIII/NQ/18", "2022-06-16")
    assert any("dated before" in line and "dang/TW/XIII/NQ/18" in line for line in report.lines())


def test_the_corpus_has_no_citation_of_a_later_document(report):
    assert report.dated_before == []


def test_report_lines(report):
    lines = report.lines()
    text = "\n".join(lines)
    assert lines[0] == f"conflicts: {len(report.conflicts)}"
    for heading in ("unresolved references:", "type word vs code:", "issuer vs code:",
                    "cited documents dated after the citing one:", "references per method:"):
        assert any(line.startswith(heading) for line in lines), heading
    assert "3135-CV/VPTW" in text and "152-QĐ/BTCTW" in text and "Bộ Nội vụ" in text
    assert "  symbol+date: " in text
    assert not report.ok


def test_kg_check_explains_a_reference_step_by_step(corpus_graph, capsys):
    from kg.cli import main

    assert main(["check", "--store", str(corpus_graph), "--explain", "001_efa0bf86d863f830.txt#3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("001_efa0bf86d863f830.txt #3 symbol 'Nghị quyết số 26-NQ/TW'")
    assert "  -> dang/TW/XII/NQ/26 (symbol+date, confidence 1.00)" in out
    assert "  1. date: its own date gives XII [left: XII]" in out


@pytest.mark.parametrize("which, message", [("nothing.txt#2", "no stored file named 'nothing.txt'"),
                                            ("001_efa0bf86d863f830.txt#x", "expected FILE#N"),
                                            ("001_efa0bf86d863f830.txt#9999", "has ")])
def test_kg_check_explain_refuses_what_it_cannot_find_in_one_line(corpus_graph, capsys, which, message):
    from kg.cli import main

    assert main(["check", "--store", str(corpus_graph), "--explain", which]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg check: ") and message in err and err.count("\n") == 1


def test_kg_check_names_the_files_it_could_not_check(tmp_path, corpus_dir, capsys):
    """A store whose cache lost one extraction: the check says which file it left out, counted as one file."""
    import shutil

    from kg.cli import main

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    store = tmp_path / "store"
    assert main(["build", str(corpus), "--store", str(store), "--no-progress"]) == 0
    lost = next((store / "extractions").rglob("????????????????????????????????????????????????????????????????.json"))
    lost.unlink()
    capsys.readouterr()
    assert main(["check", "--store", str(store)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("not checked (1 file whose extraction is not cached under this version; run kg build again): ")
