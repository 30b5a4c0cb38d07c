"""kg query (table, csv, json; parameters; injection; errors) and kg lineage (tree, json; ambiguous and
unknown symbols) through the CLI on the corpus graph."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest

from kg.cli import main
from kg.query.sparql import format_result, load_query, run_query, text_width
from kg.store import open_store

BASE = "https://w3id.org/party-kg/"
QUERIES = Path(__file__).resolve().parent.parent / "queries"


def kg(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(store_dir: Path) -> tuple[int, bytes]:
    with open_store(store_dir) as store:
        return store.quad_count(), store.export_bytes("nquads")


# ---- kg query

def test_query_table(corpus_graph, capsys):
    code, out, err = kg(capsys, "query", str(QUERIES / "implements.rq"), "--store", str(corpus_graph),
                        "--param", "doc=21-NQ/TW (XIII)")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["implementer", "label", "date", "relation"]
    assert set(lines[1]) == {"─", " "}
    assert lines[2].split() == ["<eli/dang/TW/XIII/KH/7>", "07-KH/TW", "(XIII)", "2022-08-17", "implements"]
    assert lines[3].split()[0] == "<eli/dang/BTCTW/XIII/KL/9>" and lines[-1] == "(2 rows)"


def test_query_table_columns_align_by_display_width(corpus_graph, capsys):
    code, out, _ = kg(capsys, "query", "copies", "--store", str(corpus_graph))
    assert code == 0
    lines = out.splitlines()[:-1]
    header = lines[0]
    starts = [text_width(header[:header.index(name)]) for name in ("kind", "symbol", "body", "date", "place")]
    for line in lines[2:]:  # each row's cells begin where the header's do, Vietnamese letters and all
        assert "Tỉnh ủy" in line or "Huyện ủy" in line or "Văn phòng" in line
        for start in starts:
            assert text_width(line[:_index_at_width(line, start)]) == start
            assert line[_index_at_width(line, start) - 1] == " " and line[_index_at_width(line, start)] != " "
    assert max(text_width(line) for line in lines[2:]) <= text_width(lines[1])
    assert "…" in out  # the long label of 003 is cut at 60 columns
    assert text_width("Nghị quyết") == text_width(unicodedata.normalize("NFD", "Nghị quyết")) == 10


def _index_at_width(line: str, width: int) -> int:
    used = 0
    for i, c in enumerate(line):
        if used >= width:
            return i
        used += text_width(c)
    return len(line)


def test_query_csv_and_json(corpus_graph, capsys):
    args = ("query", "implements", "--store", str(corpus_graph), "--param", "doc=21-NQ/TW (XIII)")
    code, out, _ = kg(capsys, *args, "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["implementer"], r["label"], r["date"]) for r in table] == [
        (BASE + "eli/dang/TW/XIII/KH/7", "07-KH/TW (XIII)", "2022-08-17"),
        (BASE + "eli/dang/BTCTW/XIII/KL/9", "09-KL/BTCTW (XIII)", "2024-01-11")]
    code, out, _ = kg(capsys, *args, "--format", "json")
    data = json.loads(out)  # SPARQL 1.1 Query Results JSON
    assert data["head"]["vars"] == ["implementer", "label", "date", "relation"]
    first = data["results"]["bindings"][0]
    assert first["implementer"] == {"type": "uri", "value": BASE + "eli/dang/TW/XIII/KH/7"}
    assert first["date"] == {"type": "literal", "value": "2022-08-17", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert first["label"] == {"type": "literal", "value": "07-KH/TW (XIII)"}
    code, out, _ = kg(capsys, "query", "--sparql", "ASK { ?d pk:symbol ?s }", "--param", "s=09-KL/BTCTW",
                      "--store", str(corpus_graph), "--format", "json")
    assert json.loads(out) == {"head": {}, "boolean": True}


TRICKY_ROWS = ('SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) (UNDEF <http://example.org/a>) ("a\\nb \\"c\\""@vi 2.5) '
               '("Nghị quyết" "x"^^xsd:date) } }')


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_prints_rows_as_they_come_as_a_whole_result_formats_them(corpus_graph, capsys, fmt):
    """``kg query`` writes rows as the store gives them (no result held): the same text as ``format_result`` of
    ``run_query``'s whole result, for every canned query, no rows, unbound values, escapes, ASK and CONSTRUCT."""
    with open_store(corpus_graph) as store:
        base = store.base
        cases = [(["--sparql", text], format_result(run_query(store, text), fmt, base)) for text in (
            TRICKY_ROWS, "SELECT ?x WHERE { FILTER(false) }", "ASK { ?s pk:symbol ?o }",
            "CONSTRUCT { ?d pk:symbol ?s } WHERE { ?d pk:symbol ?s } ORDER BY ?s LIMIT 3")]
        for path in sorted(QUERIES.glob("*.rq")):
            params = {"doc": "21-NQ/TW (XIII)"} if load_query(path).param("doc") else {}
            argv = [str(path), *(f"--param={k}={v}" for k, v in params.items())]
            cases.append((argv, format_result(run_query(store, load_query(path), params), fmt, base)))
    for argv, whole in cases:
        code, out, err = kg(capsys, "query", *argv, "--store", str(corpus_graph), "--format", fmt)
        assert (code, err) == (0, "") and out == whole, argv
        if fmt == "json":
            json.loads(out)  # one JSON document, its rows joined by commas
    if fmt == "json":
        code, out, _ = kg(capsys, "query", "--sparql", TRICKY_ROWS, "--store", str(corpus_graph), "--format", "json")
        assert [sorted(b) for b in json.loads(out)["results"]["bindings"]] == [["x"], ["y"], ["x", "y"], ["x", "y"]]
        assert json.loads(out)["results"]["bindings"][2]["x"] == {"type": "literal", "value": 'a\nb "c"',
                                                                  "xml:lang": "vi"}


def test_query_params_optional_typed_and_prefixed(corpus_graph, capsys):
    code, out, _ = kg(capsys, "query", "documents", "--store", str(corpus_graph), "--param", "type=HD", "--format", "csv")
    assert sorted(r["docTerm"] for r in csv.DictReader(io.StringIO(out))) == ["XII"] + ["XIII"] * 5  # 01-HD/TW twice, 02-, 03-, 04-, 06-HD/TW
    code, out, _ = kg(capsys, "query", "--sparql", "SELECT ?d WHERE { ?d eli:date_document ?when ; a pk:Document }",
                      "--param", "when=2024-01-11^^xsd:date", "--store", str(corpus_graph), "--format", "csv")
    assert out.splitlines()[1:] == [BASE + "eli/dang/BTCTW/XIII/KL/9"]
    _, out, _ = kg(capsys, "query", "--sparql", "SELECT ?c WHERE { ?c pk:relation ?r ; pk:planned true }",
                      "--param", "r=<https://w3id.org/party-kg/ontology/relation/cites>", "--store", str(corpus_graph),
                      "--format", "csv")
    assert len(out.splitlines()) == 11  # the ten planned changes, and the header


def test_injection_stays_a_value_and_the_store_is_unchanged(corpus_graph, capsys):
    before = snapshot(corpus_graph)
    for value in ['26-NQ/TW" } ; DROP ALL ; #', "x' } ; DROP ALL ; { '", '} } DROP ALL {', "26-NQ/TW\" . } DELETE WHERE { ?s ?p ?o } #"]:
        code, out, err = kg(capsys, "query", "--sparql", "SELECT ?d ?sym WHERE { ?d pk:symbol ?sym }", "--param",
                            f"sym={value}", "--store", str(corpus_graph), "--format", "json")
        assert code == 0, err
        assert json.loads(out)["results"]["bindings"] == []
        code, out, _ = kg(capsys, "query", "--sparql", "SELECT ?echo WHERE { BIND(?v AS ?echo) }", "--param", f"v={value}",
                          "--store", str(corpus_graph), "--format", "json")
        assert json.loads(out)["results"]["bindings"] == [{"echo": {"type": "literal", "value": value}}]
    code, _, err = kg(capsys, "query", "--sparql", "DROP ALL", "--store", str(corpus_graph))
    assert code == 1 and "DROP is a SPARQL update" in err  # refused: the store is only read
    assert snapshot(corpus_graph) == before


def test_query_errors(corpus_graph, tmp_path, capsys):
    code, _, err = kg(capsys, "query", "implements", "--store", str(corpus_graph), "--param", "doc=21-NQ/TW")
    assert code == 1
    assert "21-NQ/TW names 5 documents" in err and "[XII]" in err and "[XIII]" in err
    code, _, err = kg(capsys, "query", "implements", "--store", str(corpus_graph))
    assert code == 1 and "missing parameter --param doc=" in err
    code, _, err = kg(capsys, "query", "implements", "--store", str(corpus_graph), "--param", "doc=07-KH/TW",
                      "--param", "term=XII")
    assert code == 1 and "not ?term" in err
    code, _, err = kg(capsys, "query", "most-cited", "--store", str(corpus_graph), "--param", "type=NQ")
    assert code == 1 and err.strip() == "kg query: the query takes no parameters; not ?type"  # a misspelt filter
    code, _, err = kg(capsys, "query", "--sparql", "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
                      "DELETE WHERE { ?a eli:cites ?b }", "--store", str(corpus_graph))
    assert code == 1 and err.startswith("kg query: DELETE is a SPARQL update; kg runs queries")
    code, _, err = kg(capsys, "query", "implements", "--store", str(corpus_graph), "--param", "doc")
    assert code == 1 and "NAME=VALUE" in err
    code, _, err = kg(capsys, "query", "no-such", "--store", str(corpus_graph))
    assert code == 1 and "no query file no-such" in err
    code, _, err = kg(capsys, "query", "--store", str(corpus_graph))
    assert code == 2 and "give a query file or --sparql" in err
    code, _, err = kg(capsys, "query", "implements", "--sparql", "ASK {}", "--store", str(corpus_graph))
    assert code == 2
    code, _, err = kg(capsys, "query", "implements", "--store", str(tmp_path / "none"))
    assert code == 1 and "no store in" in err and not (tmp_path / "none").exists()
    code, _, err = kg(capsys, "query", "implements", "--store", str(corpus_graph), "--param", "doc=99-NQ/TW")
    assert code == 1 and err.strip() == "kg query: no document '99-NQ/TW' in the store"


# ---- kg lineage

def test_lineage_tree(corpus_graph, capsys):
    code, out, err = kg(capsys, "lineage", "09-KL/BTCTW", "--store", str(corpus_graph), "--depth", "1",
                        "--relation", "continues")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "09-KL/BTCTW (2024-01-11) Kết luận — Ban Tổ chức Trung ương"
    assert lines[1] == "├─ continues → 26-NQ/TW (2018-05-19) Nghị quyết — Ban Chấp hành Trung ương"
    assert lines[2].startswith("│     “") and "Nghị quyết số 26-NQ/TW" in lines[2]
    assert lines[2].endswith("[001_efa0bf86d863f830.txt]")
    steps = [line for line in lines if line.startswith(("├─", "└─"))]
    assert len(steps) == 6 and all(" continues → " in s for s in steps) and steps[-1].startswith("└─")
    code, out, _ = kg(capsys, "lineage", "09-KL/BTCTW", "--store", str(corpus_graph), "--depth", "1", "--evidence", "0")
    assert all(line.startswith(("├─", "└─", "09-KL", "│  ", "   ")) for line in out.splitlines())
    assert "(+" in out  # evidence counted, not shown


def test_lineage_down_both_and_filters(corpus_graph, capsys):
    code, out, _ = kg(capsys, "lineage", "18-NQ/TW", "--term", "XII", "--down", "--depth", "2", "--store", str(corpus_graph))
    assert code == 0
    assert "├─ implemented by ← 04-KL/BTCTW (2018-01-22) Kết luận — Ban Tổ chức Trung ương" in out
    assert "reviewed by ← 74-KL/TW (2020-05-22) Kết luận — Bộ Chính trị" in out
    # 003 is reached under 34-KL/TW and 74-KL/TW but expanded where it cites 18-NQ/TW itself, printed last:
    # the two earlier lines point down to it (they said "see above" before)
    assert out.count("(see below)") == 2 and "(see above)" not in out
    code, out, _ = kg(capsys, "lineage", "07-KH/TW", "--both", "--depth", "1", "--store", str(corpus_graph))
    assert [line.split(" (")[0] for line in out.splitlines() if line.startswith(("├─", "└─"))] == [
        "├─ implements → 21-NQ/TW", "└─ implemented by ← 09-KL/BTCTW"]
    code, out, _ = kg(capsys, "lineage", "09-KL/BTCTW", "--depth", "1", "--no-planned", "--issuer", "Bộ Chính trị",
                      "--from", "2022", "--store", str(corpus_graph))
    steps = [line for line in out.splitlines() if line.startswith(("├─", "└─"))]
    assert steps and all("Bộ Chính trị" in s and "(planned)" not in s for s in steps)
    assert not any("71-QĐ/TW" in s for s in steps)  # planned
    code, out, _ = kg(capsys, "lineage", "18-NQ/TW", "--date", "2017-10-25", "--down", "--depth", "1",
                      "--store", str(corpus_graph))
    assert code == 0 and out.startswith("18-NQ/TW (2017-10-25) Nghị quyết — Ban Chấp hành Trung ương")


def test_lineage_json(corpus_graph, capsys):
    code, out, _ = kg(capsys, "lineage", "09-KL/BTCTW", "--store", str(corpus_graph), "--depth", "2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["start"] == BASE + "eli/dang/BTCTW/XIII/KL/9" and data["direction"] == "up" and data["depth"] == 2
    for path in data["paths"]:
        for step in path["steps"]:
            assert step["source"] in data["documents"] and step["target"] in data["documents"]
            assert step["citations"] and all(c["evidence"] for c in step["citations"])
            for c in step["citations"]:
                for e in c["evidence"]:
                    assert e["path"].endswith(".txt") and e["quote"] and e["sentence"]
    assert any(len(p["steps"]) == 2 and p["repeat"] for p in data["paths"])


def test_lineage_ambiguous_and_unknown(corpus_graph, tmp_path, capsys):
    code, out, err = kg(capsys, "lineage", "18-NQ/TW", "--store", str(corpus_graph))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == "kg lineage: 18-NQ/TW names 2 documents; choose one with a term or a date:"
    assert lines[1].startswith("  18-NQ/TW [XII] (2017-10-25) Nghị quyết — Ban Chấp hành Trung ương: ")
    assert lines[2].startswith("  18-NQ/TW [XIII] (2022-06-16) Nghị quyết — Ban Chấp hành Trung ương: ")
    code, out, err = kg(capsys, "lineage", "01-HD/TW", "--store", str(corpus_graph))
    assert code == 1 and "01-HD/TW [XII]" in err and "01-HD/TW [XIII] (2021-09-28)" in err
    code, out, err = kg(capsys, "lineage", "99-NQ/TW", "--store", str(corpus_graph))
    assert code == 1 and out == "" and err == "kg lineage: no document '99-NQ/TW' in the store\n"
    code, _, err = kg(capsys, "lineage", "18-NQ/TW", "--term", "XI", "--store", str(corpus_graph))
    assert code == 1 and len(err.splitlines()) == 1 and "with term XI" in err
    code, _, err = kg(capsys, "lineage", "18-NQ/TW", "--store", str(tmp_path / "none"))
    assert code == 1 and "no store in" in err
    with pytest.raises(SystemExit):
        main(["lineage", "09-KL/BTCTW", "--relation", "inspires", "--store", str(corpus_graph)])
    with pytest.raises(SystemExit):
        main(["lineage", "09-KL/BTCTW", "--up", "--down", "--store", str(corpus_graph)])
    capsys.readouterr()


def test_a_negative_lineage_depth_is_a_usage_error(corpus_graph, capsys):
    with pytest.raises(SystemExit) as exit_:
        kg(capsys, "lineage", "09-KL/BTCTW", "--store", str(corpus_graph), "--depth", "-1")
    assert exit_.value.code == 2 and "is not a number of steps" in capsys.readouterr().err


def test_lineage_says_the_start_document_s_status_in_force(tmp_path, capsys):
    (tmp_path / "qd.txt").write_text(
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 24-QĐ/TW\n\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 30 tháng 7 năm 2021\n\n"
        "QUY ĐỊNH\nvề thi hành Điều lệ Đảng\n\nĐiều 5. Quy định này thay thế Quy định số 29-QĐ/TW, ngày 25/7/2016 của "
        "Ban Chấp hành Trung ương khóa XII.\n", encoding="utf-8")
    store = str(tmp_path / "store")
    assert kg(capsys, "build", str(tmp_path / "qd.txt"), "--store", store, "--no-progress")[0] == 0
    code, out, _ = kg(capsys, "lineage", "29-QĐ/TW", "--term", "XII", "--down", "--store", store)
    assert code == 0 and out.splitlines()[-1] == "status: replaced by 24-QĐ/TW (XIII) on 2021-07-30"
    code, out, _ = kg(capsys, "lineage", "29-QĐ/TW", "--term", "XII", "--down", "--store", store, "--format", "json")
    assert json.loads(out)["status"]["text"] == "replaced by 24-QĐ/TW (XIII) on 2021-07-30"
    code, out, _ = kg(capsys, "lineage", "24-QĐ/TW", "--store", store)
    assert "status:" not in out  # nothing changed it: no line (the JSON says "no change known")
