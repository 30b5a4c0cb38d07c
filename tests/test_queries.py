"""The SPARQL queries of queries/ on the corpus graph, each with its expected rows; parameters bound as
RDF terms (a value holding quotes, braces or ``} ; DROP ALL`` stays a value); the binding machinery."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef, Variable

import kg
from kg.graph.namespaces import PK
from kg.query.records import AmbiguousSymbol, UnknownSymbol
from kg.query.sparql import (
    QueryError, find_query, load_query, parse_params, parse_query, parse_value, run_query, with_values,
)
from kg.store import Store, graph_digest, open_store

QUERIES = Path(__file__).resolve().parent.parent / "queries"
BASE = "https://w3id.org/party-kg/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DOC_003 = "Kết luận Hội nghị giao ban đánh giá kết quả công tác Quý III năm 2021; triển khai nhiệm vụ Quý IV năm 2021"
DOC_004 = ("HỘI NGHỊ LẦN THỨ 13 BAN CHẤP HÀNH ĐẢNG BỘ KHỐI KHÓA VII về thực hiện Kết luận số 158-KL/ĐUK, ngày "
           "17/7/2018 của Đảng ủy Khối khóa VI về tiếp tục nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ "
           "sở đảng và chất lượng đội ngũ cán bộ, đảng viên")
NASTY = ['26-NQ/TW" } ; DROP ALL ; #', "x' } DROP ALL { '", '"""', "'''", "a\\\" b", "} UNION { ?s ?p ?o }",
         "line\nbreak", "<http://example.org/a>} ;", "Nghị quyết “số” 26", "?doc", "$x {", "\\u0022"]


@pytest.fixture(scope="module")
def store(corpus_graph: Path) -> Iterator[Store]:
    with open_store(corpus_graph) as s:
        yield s


def rows(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    """A query file's rows as {variable: lexical value} (unbound variables left out)."""
    result = run_query(store, find_query(name), params)
    return [{str(k): str(v) for k, v in b.items() if v is not None} for b in result.bindings]


def column(table: list[dict[str, str]], *names: str) -> list[tuple[str | None, ...]]:
    return [tuple(r.get(n) for n in names) for r in table]


# ---- the files themselves

def test_at_least_twelve_queries_each_saying_what_it_answers_and_its_parameters():
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 12
    for f in files:
        q = load_query(f)
        assert q.summary and len(q.summary) > 40, f.name
        assert f.read_text(encoding="utf-8").startswith("# "), f.name
        for p in q.params:
            assert f"?{p.name}" in q.text.split("SELECT", 1)[1], (f.name, p.name)
            assert p.description, (f.name, p.name)
    doc_params = {f.name for f in files if any(p.kind == "document" for p in load_query(f).params)}
    assert {"cites.rq", "cited-by.rq", "lineage-up.rq", "lineage-down.rq", "implements.rq", "evidence.rq",
            "copies.rq"} <= doc_params


def test_queries_readme_lists_every_query():
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    for f in QUERIES.glob("*.rq"):
        assert f"`{f.name}`" in readme, f.name


# ---- each query with its expected rows

def test_most_cited(store):
    table = rows(store, "most-cited")
    top = {r["label"]: int(r["citing"]) for r in table if int(r["citing"]) >= 3}
    assert top == {"Điều lệ Đảng": 4, "18-NQ/TW (XII)": 4, "05-CT/TW (XII)": 4, "21-KL/TW (XIII)": 3,
                   "19-NQ/TW (XII)": 3, "Cương lĩnh chính trị": 3}
    assert table[0]["label"] == "Điều lệ Đảng"  # most mentions among the four cited by 4
    counts = [(int(r["citing"]), int(r["mentions"])) for r in table]
    assert counts == sorted(counts, reverse=True)
    assert not any("/ref/" in r["doc"] for r in table)  # unresolved references left out
    assert len({r["doc"] for r in table}) == len(table)  # one row per document (DISTINCT over graphs)


def test_what_a_document_cites_typed(store):
    table = rows(store, "cites", doc="09-KL/BTCTW")
    typed = set(column(table, "label", "relation", "planned"))
    assert {("26-NQ/TW (XII)", "continues", "false"), ("35-KL/TW (XIII)", "concretizes", "false"),
            ("86-QĐ/TW (XIII)", "guides", "false"), ("07-KH/TW (XIII)", "implements", "false"),
            ("21-NQ/TW (XIII)", "implements", "false"), ("244-QĐ/TW (XI)", "cites", "true"),
            ("39-CT/TW (XI)", "reviews", "false"), ("Điều lệ Đảng", "reviews", "false")} <= typed
    assert len(table) == len({r["cited"] for r in table}) >= 25
    assert next(r for r in table if r["label"] == "26-NQ/TW (XII)")["cue"] == "Tiếp tục thực hiện"
    # a link 09-KL/BTCTW states between two documents it cites
    assert column(rows(store, "cites", doc="07-KH/TW"), "label", "relation", "statedIn") == [
        ("21-NQ/TW (XIII)", "implements", "09-KL/BTCTW (XIII)")]


def test_what_cites_a_document(store):
    assert column(rows(store, "cited-by", doc="26-NQ/TW (XII)"), "label", "date", "relation", "planned", "cue") == [
        ("09-KL/BTCTW (XIII)", "2024-01-11", "continues", "false", "Tiếp tục thực hiện")]
    assert set(column(rows(store, "cited-by", doc="18-NQ/TW (XII)"), "label", "relation", "statedIn")) == {
        ("04-KL/BTCTW (XII)", "implements", None), (DOC_003, "implements", None),
        ("34-KL/TW (XII)", "implements", DOC_003), ("74-KL/TW (XII)", "reviews", DOC_003)}


def test_lineage_up_and_down_with_property_paths(store):
    assert column(rows(store, "lineage-up", doc="07-KH/TW"), "label", "direct") == [("21-NQ/TW (XIII)", "true")]
    up = {r["label"] for r in rows(store, "lineage-up", doc="18-KL/TW")}
    assert up == {"10-CT/TW (X)"}
    down = {r["label"] for r in rows(store, "lineage-down", doc="18-NQ/TW (XII)")}
    assert down == {"04-KL/BTCTW (XII)", "34-KL/TW (XII)", "74-KL/TW (XII)", DOC_003}
    assert {r["label"] for r in rows(store, "lineage-down", doc="10-CT/TW (X)")} == {"18-KL/TW (XII)", DOC_004}


def test_documents_by_issuer_term_and_type(store):
    kl = rows(store, "documents", issuer="Bộ Chính trị", term="XIII", type="KL")
    assert {r["symbol"] for r in kl} >= {"01-KL/TW", "08-KL/TW", "14-KL/TW", "28-KL/TW", "34-KL/TW", "35-KL/TW",
                                         "39-KL/TW", "40-KL/TW"}
    assert all(r["issuers"] == "Bộ Chính trị" and r["docTerm"] == "XIII" for r in kl)
    assert sorted(column(rows(store, "documents", type="HD"), "symbol", "docTerm", "date")) == [
        ("01-HD/TW", "XII", "2016-09-20"), ("01-HD/TW", "XIII", "2021-09-28"), ("02-HD/TW", "XIII", None),
        ("03-HD/TW", "XIII", "2022-12-27"), ("04-HD/TW", "XIII", "2024-12-31"), ("06-HD/TW", "XIII", "2025-06-09")]
    issuer_case = rows(store, "documents", issuer="bộ chính trị", term="XIII", type="KL")
    assert len(issuer_case) == len(kl)
    everything = rows(store, "documents")
    assert len(everything) > len(kl) and {"09-KL/BTCTW", "26-NQ/TW"} <= {r.get("symbol") for r in everything}


def test_everything_that_implements_a_resolution_transitively(store):
    assert column(rows(store, "implements", doc="21-NQ/TW (XIII)"), "label", "date", "relation") == [
        ("07-KH/TW (XIII)", "2022-08-17", "implements"), ("09-KL/BTCTW (XIII)", "2024-01-11", "implements")]
    assert {r["label"] for r in rows(store, "implements", doc="18-NQ/TW (XII)")} == {
        "04-KL/BTCTW (XII)", "34-KL/TW (XII)", DOC_003}  # 74-KL/TW reviews it: not an implementation
    # continues is a sub-relation of implements, materialised: 09-KL/BTCTW continues 26-NQ/TW
    assert column(rows(store, "implements", doc="26-NQ/TW (XII)"), "label", "relation") == [
        ("09-KL/BTCTW (XIII)", "continues")]


def test_unresolved_references(store):
    table = rows(store, "unresolved")
    assert set(column(table, "citing", "quote", "relation")) == {
        ("04-KL/BTCTW (XII)", "Nghị quyết Trung ương 3 khóa VIII", "reviews"),
        ("04-KL/BTCTW (XII)", "Nghị quyết Trung ương 3, khóa VIII", "reviews"),
        ("04-KL/BTCTW (XII)", "nghị quyết Trung ương 6 khóa XII", "implements"),
        ("04-KL/BTCTW (XII)", "Nghị quyết Trung ương 6", "cites"),
        (DOC_004, "Nghị quyết Trung ương 4 (khóa XII, khóa XII)", "cites"),
        (DOC_004, "Nghị quyết Trung ương 4 khóa XI, khóa XII", "continues"),
        (DOC_003, "Nghị quyết Hội nghị Trung ương 7 khóa XII", "continues")}
    assert len(table) == 8  # 004's "khóa XI, khóa XII" is two references
    plenum7 = next(r for r in table if r["citing"] == DOC_003)
    assert set(plenum7["candidates"].split(" | ")) == {"26-NQ/TW (XII)", "27-NQ/TW (XII)", "28-NQ/TW (XII)"}
    assert plenum7["note"] == "no subject to choose among the plenum's documents"


def test_conflicts_across_graphs(store):
    table = rows(store, "conflicts")
    issuers = {(r["label"], r["value1"], r["value2"]) for r in table if r["property"] == "issuer"}
    assert ("2499-CV/BTCTW (XII)", "Ban Tổ chức Trung ương", "Bộ Nội vụ") in issuers  # the text says Bộ Nội vụ
    assert ("18-NQ/TW (XII)", "Ban Chấp hành Trung ương", "Hội nghị Trung ương 6") in issuers
    row = next(r for r in table if r["label"] == "2499-CV/BTCTW (XII)")
    assert row["graph1"] == BASE + "graph/catalog" and row["graph2"].startswith(BASE + "file/")
    titles = {(r["label"], r["value1"], r["value2"]) for r in table if r["property"] == "title"}
    assert ("12-NQ/TW (XI)", "Một số vấn đề cấp bách về xây dựng Đảng hiện nay", "xây dựng, chỉnh đốn Đảng") in titles
    # a short form of the subject ("về …" dropped, or contained in the other) is no conflict
    assert not any(label == "26-NQ/TW (XII)" for label, _, _ in titles)
    # the corpus and the catalog agree on every date but 43-KL/TW's (003: 28/12/2017; a public page: 7/1/2019)
    assert {(r["label"], r["value1"], r["value2"]) for r in table if r["property"] == "date"} == {
        ("43-KL/TW (XII)", "2017-12-28", "2019-01-07")}


def test_copies_and_where_each_document_was_reissued(store):
    expected_001 = [("sao y", "686-SY/TU", "Tỉnh ủy Bình Định", "2024-02-19", "Bình Định"),
                    ("sao lục", "172-BS/HU", "Huyện ủy Tuy Phước", "2024-02-23", "Tuy Phước")]
    assert column(rows(store, "copies", doc="09-KL/BTCTW"), "kind", "symbol", "body", "date", "place") == expected_001
    everything = rows(store, "copies")
    assert column(everything, "label", "kind", "symbol", "body", "date") == [
        ("09-KL/BTCTW (XIII)", *expected_001[0][:4]), ("09-KL/BTCTW (XIII)", *expected_001[1][:4]),
        (DOC_003, "sao lục", "336-BS/VPTU", "Văn phòng Tỉnh ủy Quảng Ngãi", "2021-10-13")]


def test_documents_cited_together(store):
    table = rows(store, "co-citation")
    together = {frozenset((r["label1"], r["label2"])): int(r["together"]) for r in table}
    assert {pair for pair, n in together.items() if n == 3} == {
        frozenset(("Điều lệ Đảng", "05-CT/TW (XII)")), frozenset(("Điều lệ Đảng", "21-KL/TW (XIII)")),
        frozenset(("Điều lệ Đảng", "Cương lĩnh chính trị"))}
    assert all(n >= 2 for n in together.values())
    pair = next(r for r in table if {r["label1"], r["label2"]} == {"18-NQ/TW (XII)", "19-NQ/TW (XII)"})
    # 74-KL/TW cites both too, but only in a link 003 states: not a co-citation by 74-KL/TW's own text
    assert set(pair["citedBy"].split(" | ")) == {"04-KL/BTCTW (XII)", DOC_003}


def test_relations_stated_between_cited_documents(store):
    assert set(column(rows(store, "stated-links"), "citing", "relation", "cited", "statedIn")) == {
        ("07-KH/TW (XIII)", "implements", "21-NQ/TW (XIII)", "09-KL/BTCTW (XIII)"),
        ("12-KH/TW (XIII)", "implements", "28-NQ/TW (XIII)", "09-KL/BTCTW (XIII)"),
        ("18-KL/TW (XII)", "continues", "10-CT/TW (X)", DOC_004),
        ("01-HD/TW (XIII)", "inherits", "01-HD/TW (XII)", DOC_003),
        ("01-KL/TW (XIII)", "continues", "05-CT/TW (XII)", DOC_003),
        ("24-QĐ/TW (XIII)", "inherits", "29-QĐ/TW (XII)", DOC_003),
        ("34-KL/TW (XII)", "implements", "18-NQ/TW (XII)", DOC_003),
        ("71-KL/TW (XII)", "implements", "43-KL/TW (XII)", DOC_003),
        ("74-KL/TW (XII)", "reviews", "18-NQ/TW (XII)", DOC_003),
        ("74-KL/TW (XII)", "reviews", "19-NQ/TW (XII)", DOC_003),
        ("74-KL/TW (XII)", "reviews", "39-NQ/TW (XI)", DOC_003)}
    row = next(r for r in rows(store, "stated-links") if r["citing"] == "07-KH/TW (XIII)")
    assert "Kế hoạch số 07-KH/TW" in row["sentence"] or "21-NQ/TW" in row["sentence"]


def test_references_found_only_in_footnotes(store):
    table = rows(store, "footnote-only")
    found = set(column(table, "citing", "cited", "relation", "planned", "footnote"))
    assert {("09-KL/BTCTW (XIII)", "152-QĐ/BTCTW (XII)", "cites", "true", "12"),
            ("09-KL/BTCTW (XIII)", "71-QĐ/TW (XIII)", "cites", "true", "12"),
            ("09-KL/BTCTW (XIII)", "128-QĐ/TW (IX)", "cites", "true", "14"),
            ("09-KL/BTCTW (XIII)", "39-CT/TW (XI)", "reviews", "false", "15"),
            ("34-KL/TW (XII)", "18-NQ/TW (XII)", "implements", "false", "4")} <= found
    cited = {r["cited"] for r in table if r["citing"] == "09-KL/BTCTW (XIII)"}
    assert "244-QĐ/TW (XI)" not in cited  # cited in the body as well as in footnote 11
    assert "26-NQ/TW (XII)" not in cited
    link = next(r for r in table if r["citing"] == "34-KL/TW (XII)")
    assert set(link["quotes"].split(" | ")) == {"Kết luận số 34-KL/TW", "Nghị quyết số 18-NQ/TW"}


def test_planned_vs_done_amendments(store):
    table = rows(store, "amendments")
    assert set(column(table, "state", "citing", "cited")) == {
        ("planned", "09-KL/BTCTW (XIII)", c) for c in
        ("128-QĐ/TW (IX)", "244-QĐ/TW (XI)", "152-QĐ/BTCTW (XII)", "212-QĐ/TW (XII)", "71-QĐ/TW (XIII)", "72-QĐ/TW (XIII)")
    } | {("planned", DOC_003, c) for c in ("196-QĐ/TW (X)", "197-QĐ/TW (X)", "266-QĐ/TW (XI)", "126-QĐ/TW (XII)")}
    planned_244 = next(r for r in table if r["cited"] == "244-QĐ/TW (XI)")
    assert (planned_244["relation"], planned_244["cue"].lower(), planned_244["date"]) == ("cites", "sửa đổi, bổ sung", "2014-06-09")
    assert rows(store, "amendments", status="done") == []  # the corpus announces changes, makes none
    assert len(rows(store, "amendments", status="planned")) == len(table)


def test_evidence_of_a_document(store):
    table = rows(store, "evidence", doc="26-NQ/TW (XII)")
    assert column(table, "citing", "relation", "quote") == [("09-KL/BTCTW (XIII)", "continues", "Nghị quyết số 26-NQ/TW")] * 3
    starts = [int(r["start"]) for r in table]
    assert starts == sorted(starts) and starts[0] == 3624  # the worked example of ontology/README.md
    assert all(r["quote"] in r["sentence"] for r in table)
    assert {r["file"] for r in table} == {BASE + "file/693ac0471fa63e3b3ea0e90dca25cd85c757640836bd5d6d22335bc95e7d2266"}


# ---- parameters: bound as RDF terms, never spliced

def test_document_parameter_takes_a_symbol_an_iri_or_a_label(store):
    iri = BASE + "eli/dang/TW/XIII/NQ/21"
    by_label = rows(store, "implements", doc="21-NQ/TW (XIII)")
    assert rows(store, "implements", doc=f"<{iri}>") == by_label
    assert rows(store, "implements", doc=iri) == by_label
    assert rows(store, "implements", doc="21-NQ/TW (XIII)") == rows(store, "implements", doc="21-NQ/TW (XIII)")
    with pytest.raises(AmbiguousSymbol) as err:
        rows(store, "implements", doc="21-NQ/TW")
    assert "[XII]" in str(err.value) and "[XIII]" in str(err.value) and "2017-10-25" in str(err.value)
    with pytest.raises(UnknownSymbol):
        rows(store, "implements", doc="999-NQ/TW")


@pytest.mark.parametrize("value", NASTY)
def test_a_value_stays_a_value(store, value):
    before = (store.quad_count(), graph_digest(store.graph_lines(str(store.catalog_graph))))
    echo = run_query(store, "SELECT ?echo WHERE { BIND(?value AS ?echo) }", {"value": value})
    assert [str(b[Variable("echo")]) for b in echo.bindings] == [value]
    none = run_query(store, "SELECT ?d WHERE { ?d pk:symbol ?sym }", {"sym": value})
    assert none.bindings == []
    after = (store.quad_count(), graph_digest(store.graph_lines(str(store.catalog_graph))))
    assert after == before


def test_a_value_with_quotes_and_braces_is_matched_literally():
    store = Store()  # in memory
    g = "https://example.org/graph"
    tricky = 'Quy định “số” 1 " } ; DROP ALL ; { \\ #'
    line = f'<https://example.org/a> <{PK.sentence}> {Literal(tricky).n3()} .'
    store.replace_graph(g, [line], "x")
    found = run_query(store, "SELECT ?s WHERE { ?s pk:sentence ?t }", {"t": tricky})
    assert [str(b[Variable("s")]) for b in found.bindings] == ["https://example.org/a"]
    assert run_query(store, "SELECT ?s WHERE { ?s pk:sentence ?t }", {"t": tricky[:-1]}).bindings == []
    assert store.quad_count() == 1
    store.close()


def test_bindings_are_written_in_or_open_the_outer_where_group_whatever_the_text_around():
    term = {"o": Literal('}"{')}
    construct = with_values('PREFIX a: <http://x/#> # a comment {\nCONSTRUCT { ?s a:p "}" } WHERE { ?s ?p ?o }', term)
    assert construct.endswith('WHERE { ?s ?p "}\\"{" }')  # only in the WHERE group's patterns: written in
    select = with_values("select * { ?s ?p ?o FILTER(?o != '{') }", term)
    assert select.startswith('select * { BIND(')  # SELECT * projects it: bound
    nested = with_values('SELECT ?o WHERE { { SELECT ?o WHERE { ?s ?p ?o } } } # }', term)
    assert nested.startswith('SELECT ?o WHERE { BIND(')
    iri = with_values('SELECT ?s FROM <http://g/#frag> WHERE { ?s ?p ?o }', {"s": URIRef("http://a/")})
    assert iri == 'SELECT ?s FROM <http://g/#frag> WHERE { BIND(<http://a/> AS ?s)  ?s ?p ?o }'
    ask = with_values('ASK { ?s ?p """long\n{string""" . ?s ?q ?o }', term)
    assert ask == 'ASK { ?s ?p """long\n{string""" . ?s ?q "}\\"{" }'
    doc = {"doc": URIRef("http://a/")}
    for bound in ("SELECT ?x WHERE { ?x ?p ?doc FILTER(!BOUND(?doc)) }", "SELECT ?x WHERE { ?x ?p ?doc } ORDER BY ?doc",
                  "SELECT ?x WHERE { VALUES ?doc { <http://b/> } ?x ?p ?doc }", "CONSTRUCT { ?x ?p ?doc } WHERE { ?x ?p ?doc }",
                  "SELECT ?x WHERE { ?x ?p ?y BIND(?y AS ?doc) }"):
        assert "BIND(<http://a/> AS ?doc)" in with_values(bound, doc), bound
    assert with_values("SELECT ?x WHERE { ?x ?p ?document ; ?q ?doc FILTER(?x != ?doc) }", doc) == (
        "SELECT ?x WHERE { ?x ?p ?document ; ?q <http://a/> FILTER(?x != <http://a/>) }")


def test_a_parameter_beside_a_sub_query_is_written_in_and_one_inside_it_is_bound():
    doc = {"doc": URIRef("http://a/")}
    beside = "SELECT ?x WHERE { ?x ?p ?doc OPTIONAL { SELECT DISTINCT ?x ?l WHERE { ?x <http://l/> ?l } } }"
    assert with_values(beside, doc) == (
        "SELECT ?x WHERE { ?x ?p <http://a/> OPTIONAL { SELECT DISTINCT ?x ?l WHERE { ?x <http://l/> ?l } } }")
    for inside in ("SELECT ?x WHERE { ?x ?p ?doc OPTIONAL { SELECT ?doc ?l WHERE { ?doc <http://l/> ?l } } }",
                   "SELECT ?x WHERE { { SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?doc } } } } }"):
        assert "BIND(<http://a/> AS ?doc)" in with_values(inside, doc), inside


def test_a_document_parameter_written_in_gives_what_bind_gives(store):
    """Every canned query taking ?doc answers the same whether the document is written in or bound."""
    from rdflib import Variable

    doc = URIRef(BASE + "eli/dang/TW/XII/NQ/18")
    for path in sorted(QUERIES.glob("*.rq")):
        q = load_query(path)
        if not q.param("doc"):
            continue
        assert q.text.count("WHERE {") >= 1
        forced = q.text.replace("WHERE {", f"WHERE {{ BIND(<{doc}> AS ?doc) ", 1)  # bound as before, by BIND
        written = with_values(q.text, {"doc": doc})
        assert f"BIND(<{doc}> AS ?doc)" not in written, path.name  # each canned query gets it written in
        def answer(text):
            return sorted(tuple(str(b.get(Variable(v))) for v in sorted(map(str, r.vars))) for r in [store.query(text)] for b in r.bindings)
        assert answer(written) == answer(forced), path.name


def test_parse_value_kinds():
    assert parse_value("<https://w3id.org/party-kg/eli/dang/TW/XII/NQ/26>") == URIRef(BASE + "eli/dang/TW/XII/NQ/26")
    assert parse_value("pk:implements") == URIRef(str(PK.implements))
    assert parse_value("2017-10-25^^xsd:date") == Literal("2017-10-25", datatype=XSD_DATE)
    assert parse_value('"2017-10-25"^^<http://www.w3.org/2001/XMLSchema#date>') == Literal("2017-10-25", datatype=XSD_DATE)
    assert parse_value('"Bộ Chính trị"@vi') == Literal("Bộ Chính trị", lang="vi")
    assert parse_value("foo:bar") == Literal("foo:bar")  # unknown prefix: a plain literal
    assert parse_value("26-NQ/TW") == Literal("26-NQ/TW")
    assert parse_value('<http://a> } ; DROP ALL ; <x>') == Literal('<http://a> } ; DROP ALL ; <x>')
    assert parse_value("ex:a", {"ex": "http://example.org/"}) == URIRef("http://example.org/a")
    assert parse_value("") == Literal("")


def test_declared_parameters_are_checked(store):
    q = find_query("implements")
    with pytest.raises(QueryError, match=r"missing parameter --param doc="):
        run_query(store, q, {})
    with pytest.raises(QueryError, match=r"takes \?doc; not \?foo"):
        run_query(store, q, {"doc": "07-KH/TW", "foo": "x"})
    typed = parse_query("# Dated.\n# param ?since: xsd:date (optional) — earliest\nSELECT ?d WHERE { ?d eli:date_document ?x FILTER(?x >= ?since) }")
    assert len(run_query(store, typed, {"since": "2024-01-01"}).bindings) >= 2  # 09-KL/BTCTW and its copies
    with pytest.raises(QueryError, match="xsd:date"):
        run_query(store, typed, {"since": "last year"})
    with pytest.raises(QueryError, match="syntax"):
        run_query(store, "SELECT ?x WHERE { ?x", {})
    with pytest.raises(QueryError, match="^DROP is a SPARQL update; kg runs queries"):
        run_query(store, "DROP ALL")  # queries only


def test_parse_params_and_find_query():
    assert parse_params(["doc=26-NQ/TW (XII)", "?term=XII", "x=a=b"]) == {"doc": "26-NQ/TW (XII)", "term": "XII", "x": "a=b"}
    with pytest.raises(QueryError):
        parse_params(["nothing"])
    with pytest.raises(QueryError):
        parse_params(["a=1", "a=2"])
    assert find_query("implements").path.endswith("implements.rq")
    assert find_query(QUERIES / "copies.rq").params[0].optional
    with pytest.raises(QueryError, match="no query file"):
        find_query("no-such-query")


# ---- status in force

@pytest.fixture(scope="module")
def replacing(tmp_path_factory) -> Iterator[Store]:
    """A store of one Quy định that replaces 29-QĐ/TW and amends 01-HD/TW of term XII (made up in the shape of 003's
    line 11, where 24-QĐ/TW inherits 29-QĐ/TW: here the text says 'thay thế')."""
    folder = tmp_path_factory.mktemp("replacing")
    (folder / "qd.txt").write_text(
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 24-QĐ/TW\n\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 30 tháng 7 năm 2021\n\n"
        "QUY ĐỊNH\nvề thi hành Điều lệ Đảng\n\nĐiều 5. Quy định này thay thế Quy định số 29-QĐ/TW, ngày 25/7/2016 của "
        "Ban Chấp hành Trung ương khóa XII và sửa đổi Hướng dẫn số 01-HD/TW, ngày 20/9/2016 của Ban Bí thư.\n",
        encoding="utf-8")
    store_dir = folder / "store"
    kg.build([folder / "qd.txt"], store_dir, progress=False)
    with open_store(store_dir) as s:
        yield s


def test_what_replaced_a_document_and_when(replacing):
    assert column(rows(replacing, "replaced-by", doc="29-QĐ/TW (XII)"), "relation", "label", "date", "cue") == [
        ("replaces", "24-QĐ/TW (XIII)", "2021-07-30", "thay thế")]
    assert rows(replacing, "replaced-by", doc="24-QĐ/TW (XIII)") == []


def test_what_was_in_force_on_a_date(replacing):
    def status(on: str | None, type_: str, label: str) -> tuple:
        params = {"type": type_, **({"on": on} if on else {})}
        return next(r for r in column(rows(replacing, "in-force", **params), "label", "status", "by", "since")
                    if r[0] == label)

    assert status("2022-01-01", "QĐ", "29-QĐ/TW (XII)") == ("29-QĐ/TW (XII)", "not in force", "24-QĐ/TW (XIII)",
                                                          "2021-07-30")
    assert status("2021-01-01", "QĐ", "29-QĐ/TW (XII)") == ("29-QĐ/TW (XII)", "no change known", None, None)
    assert status(None, "HD", "01-HD/TW (XII)")[1:3] == ("amended", "24-QĐ/TW (XIII)")
    assert all(r["label"].split()[0].split("-")[1].startswith("QĐ") for r in rows(replacing, "in-force", type="QĐ"))


def test_run_query_takes_a_canned_query_s_name(store):
    by_name = kg.run_query(store, "cites", {"doc": "09-KL/BTCTW"})
    by_file = run_query(store, find_query("cites"), {"doc": "09-KL/BTCTW"})
    assert list(by_name) == list(by_file) and len(list(by_name)) > 10
    assert len(list(kg.run_query(store, "SELECT ?d WHERE { ?d pk:symbol '09-KL/BTCTW' }"))) == 1  # text stays text


def test_status_in_force_from_the_api(replacing):
    replaced = kg.status_in_force(replacing, kg.lookup(replacing, "29-QĐ/TW", term="XII").iri)
    assert (replaced.state, replaced.by_label, replaced.since, replaced.in_force) == (
        "replaced", "24-QĐ/TW (XIII)", "2021-07-30", False)
    amended = kg.status_in_force(replacing, kg.lookup(replacing, "01-HD/TW", term="XII").iri)
    assert (amended.state, amended.text, amended.in_force) == ("amended", "amended by 24-QĐ/TW (XIII)", None)
    unknown = kg.status_in_force(replacing, kg.lookup(replacing, "24-QĐ/TW").iri)
    assert (unknown.state, unknown.text, unknown.changes) == ("unknown", "no change known", ())


def test_what_was_in_force_by_issuing_body_whatever_its_case(replacing):
    by_secretariat = column(rows(replacing, "in-force", issuer="ban bí thư"), "label", "status", "by")
    assert ("01-HD/TW (XII)", "amended", "24-QĐ/TW (XIII)") in by_secretariat
    assert all(label != "29-QĐ/TW (XII)" for label, _, _ in by_secretariat)  # the Central Committee's
    assert rows(replacing, "in-force", issuer="Ban Bí thư") == rows(replacing, "in-force", issuer="BAN BÍ THƯ")


# ---- conflicts where many files name the same documents

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A synthetic corpus of 150 files, built: central documents named in tens of files, title variants."""
    import sys
    sys.path.insert(0, str(QUERIES.parent))
    from benchmarks.synth import synth
    from summary_data import built_store

    base = tmp_path_factory.mktemp("conflicts")
    with open_store(built_store(synth(150, 5, base / "corpus"), base / "store")) as s:
        yield s


def _expected_conflicts(store: Store) -> set[tuple[str, ...]]:
    """conflicts.rq's rows worked out from each graph's triples: every pair of differing values (dates as text,
    issuers by name, titles without case or a leading "về"/"về việc", neither containing the other) with the
    graphs stating each."""
    from kg.graph.ntriples import parse_lines

    date, issuer, title, name = (URIRef("http://data.europa.eu/eli/ontology#date_document"),
                                 URIRef("http://data.europa.eu/eli/ontology#passed_by"),
                                 URIRef("http://purl.org/dc/terms/title"),
                                 URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
    stated: dict[tuple[str, str], set[tuple[str, str]]] = {}  # (doc, property) → {(value, graph)}
    names: dict[str, set[str]] = {}
    for graph in map(str, store.content_graphs()):
        for s, p, o in parse_lines(store.graph_lines(graph)):
            if p == name:
                names.setdefault(str(s), set()).add(str(o))
            elif p in (date, issuer, title):
                stated.setdefault((str(s), str(p)), set()).add((str(o), graph))

    def key(text: str) -> str:
        low = text.lower()
        return low[len("về việc "):] if low.startswith("về việc ") else low[len("về "):] if low.startswith("về ") else low

    out = set()
    for (doc, prop), values in stated.items():
        for v1, g1 in values:
            for v2, g2 in values:
                if prop == str(date) and v1 < v2:
                    out.add((doc, "date", v1, v2, g1, g2))
                elif prop == str(issuer) and v1 != v2:
                    out |= {(doc, "issuer", n1, n2, g1, g2) for n1 in names.get(v1, ()) for n2 in names.get(v2, ())
                            if n1 < n2}
                elif prop == str(title) and key(v1) < key(v2) and key(v1) not in key(v2) and key(v2) not in key(v1):
                    out.add((doc, "title", v1, v2, g1, g2))
    return out


def test_conflicts_are_every_pair_of_differing_values_with_their_graphs(synthetic: Store):
    table = rows(synthetic, "conflicts")
    got = {(r["doc"], r["property"], r["value1"], r["value2"], r["graph1"], r["graph2"]) for r in table}
    assert len(got) > 100 and {r[1] for r in got} >= {"issuer", "title"}
    assert got == _expected_conflicts(synthetic)
