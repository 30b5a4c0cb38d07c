"""kg.to_networkx on the corpus: the published node and edge attributes, focus and depth, filters."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.store import Store, open_store

BASE = "https://w3id.org/party-kg/"
KL09, NQ26 = BASE + "eli/dang/BTCTW/XIII/KL/9", BASE + "eli/dang/TW/XII/NQ/26"
KH07, NQ21_XIII = BASE + "eli/dang/TW/XIII/KH/7", BASE + "eli/dang/TW/XIII/NQ/21"
COPY_686 = BASE + "eli/dang/TU@binh-dinh/2024/SY/686"
NODE_KEYS = {"iri", "label", "kind", "symbol", "type", "type_word", "number", "issuer", "date", "term", "level", "title", "place", "status",
             "times_cited", "issuers", "dates", "titles", "note", "candidates", "copy_of"}
EDGE_KEYS = {"relation", "planned", "cue", "method", "confidence", "mentions", "stated_in", "citation", "source", "path",
             "evidence"}
EVIDENCE_KEYS = {"sentence", "quote", "span", "start", "end", "in_footnote", "footnote", "source", "path", "annotation"}


@pytest.fixture(scope="module")
def store(corpus_graph: Path) -> Iterator[Store]:
    with open_store(corpus_graph) as s:
        yield s


@pytest.fixture(scope="module")
def graph(store) -> nx.MultiDiGraph:
    return kg.to_networkx(store)


def test_whole_graph_nodes_and_edges(store, graph):
    citations = store.query("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cito:Citation }").bindings[0]
    copies = store.query("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c eli:is_another_publication_of ?o }").bindings[0]
    n_cit, n_copies = (int(next(iter(b.values()))) for b in (citations, copies))
    assert graph.number_of_edges() == n_cit + n_copies
    touched = store.query("""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        { ?c cito:hasCitingEntity ?d } UNION { ?c cito:hasCitedEntity ?d } UNION { ?d eli:is_another_publication_of ?o }
        UNION { ?x eli:is_another_publication_of ?d } }""").bindings[0]
    assert graph.number_of_nodes() == int(next(iter(touched.values())))
    assert graph.graph == {"base": BASE, "focus": None, "depth": None}
    for _, data in graph.nodes(data=True):
        assert set(data) == NODE_KEYS
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert set(data) == EDGE_KEYS
        assert data["citation"] == key or data["relation"] == "copy_of"
        for e in data["evidence"]:
            assert set(e) == EVIDENCE_KEYS
            if e["span"]:
                assert e["sentence"][e["span"][0]:e["span"][1]] == " ".join(e["quote"].split())
    with_catalog = kg.to_networkx(store, catalog=True)
    assert with_catalog.number_of_nodes() > graph.number_of_nodes()  # catalog-only documents, no edges
    assert NQ26 in graph and BASE + "eli/dang/TW/XIII/NQ/18" not in graph and BASE + "eli/dang/TW/XIII/NQ/18" in with_catalog


def test_node_record(graph):
    assert {k: graph.nodes[NQ26][k] for k in ("symbol", "type", "type_word", "number", "issuer", "date", "term",
                                             "level", "times_cited", "kind", "label")} == {
        "symbol": "26-NQ/TW", "type": "NQ", "type_word": "Nghị quyết", "number": "26",
        "issuer": "Ban Chấp hành Trung ương", "date": "2018-05-19", "term": "XII", "level": "central",
        "times_cited": 1, "kind": "document", "label": "26-NQ/TW (XII)"}
    assert graph.nodes[NQ26]["title"].startswith("về tập trung xây dựng đội ngũ cán bộ các cấp")
    conflict = graph.nodes[BASE + "eli/dang/BTCTW/XII/CV/2499"]
    assert conflict["issuer"] == "Ban Tổ chức Trung ương" and set(conflict["issuers"]) == {"Ban Tổ chức Trung ương", "Bộ Nội vụ"}
    unresolved = [d for _, d in graph.nodes(data=True) if d["kind"] == "unresolved"]
    assert len(unresolved) == 8 and all(d["level"] == "unresolved" and d["note"] for d in unresolved)
    plenum7 = next(d for d in unresolved if d["label"] == "Nghị quyết Hội nghị Trung ương 7 khóa XII")
    assert plenum7["candidates"] == [NQ26, BASE + "eli/dang/TW/XII/NQ/27", BASE + "eli/dang/TW/XII/NQ/28"]
    levels = {d["level"] for _, d in graph.nodes(data=True)}
    assert {"central", "local", "unresolved"} <= levels


def test_edge_attributes(graph):
    (key, data), = graph.get_edge_data(KL09, NQ26).items()
    assert key.startswith(BASE + "citation/693ac047")
    assert {k: data[k] for k in ("relation", "planned", "cue", "method", "confidence", "mentions", "stated_in")} == {
        "relation": "continues", "planned": False, "cue": "Tiếp tục thực hiện", "method": "symbol+date",
        "confidence": 1.0, "mentions": 3, "stated_in": None}
    assert data["path"].endswith("001_efa0bf86d863f830.txt") and data["source"].startswith(BASE + "file/693ac047")
    assert [e["start"] for e in data["evidence"]][0] == 3624 and len(data["evidence"]) == 3
    first = data["evidence"][0]
    assert first["sentence"][first["span"][0]:first["span"][1]] == "Nghị quyết số 26-NQ/TW" == first["quote"]
    planned = [d for u, v, d in graph.edges(data=True) if u == KL09 and graph.nodes[v]["symbol"] == "244-QĐ/TW"]
    assert [(d["relation"], d["planned"], d["cue"].lower()) for d in planned] == [("cites", True, "sửa đổi, bổ sung")]
    stated = [d for u, v, d in graph.edges(data=True) if (u, v) == (KH07, NQ21_XIII)]
    assert [(d["relation"], d["stated_in"]) for d in stated] == [("implements", KL09)]
    copy = graph.get_edge_data(COPY_686, KL09)
    assert [d["relation"] for d in copy.values()] == ["copy_of"]
    assert graph.nodes[COPY_686]["kind"] == "copy" and graph.nodes[COPY_686]["issuer"] == "Tỉnh ủy Bình Định"
    assert graph.nodes[COPY_686]["copy_of"] == KL09 and graph.nodes[COPY_686]["level"] == "local"


def test_focus_and_depth(store):
    one = kg.to_networkx(store, "07-KH/TW", 1)
    assert set(one) == {KH07, NQ21_XIII, KL09}
    assert one.graph["focus"] == KH07 and one.graph["depth"] == 1
    assert {(u, v) for u, v in one.edges()} == {(KH07, NQ21_XIII), (KL09, KH07), (KL09, NQ21_XIII)}  # links among them too
    two = kg.to_networkx(store, kg.lookup(store, "07-KH/TW"), 2)
    assert NQ26 in two and COPY_686 in two and set(one) < set(two)
    assert kg.to_networkx(store, "07-KH/TW", 0).number_of_nodes() == 1
    with pytest.raises(kg.AmbiguousSymbol):
        kg.to_networkx(store, "21-NQ/TW", 1)


def test_filters(store):
    implements = kg.to_networkx(store, relations="implements", copies=False)
    assert {d["relation"] for _, _, d in implements.edges(data=True)} == {"implements", "continues", "guides", "concretizes"}
    no_planned = kg.to_networkx(store, planned=False)
    assert not any(d["planned"] for _, _, d in no_planned.edges(data=True))
    no_unresolved = kg.to_networkx(store, unresolved=False)
    assert not any(d["kind"] == "unresolved" for _, d in no_unresolved.nodes(data=True))
    xii = kg.to_networkx(store, "09-KL/BTCTW", 1, terms="XII")
    assert {d["term"] for n, d in xii.nodes(data=True) if n != KL09} == {"XII"}
    politburo = kg.to_networkx(store, "09-KL/BTCTW", 1, issuers=["bộ chính trị"])
    assert all("Bộ Chính trị" in d["issuers"] for n, d in politburo.nodes(data=True) if n != KL09)
    dated = kg.to_networkx(store, "09-KL/BTCTW", 1, date_from="2022-07-18", date_to="2022-07-18")
    assert {d["symbol"] for n, d in dated.nodes(data=True) if n != KL09} == {"39-KL/TW", "40-KL/TW", "71-QĐ/TW", "72-QĐ/TW"}
    light = kg.to_networkx(store, "09-KL/BTCTW", 1, evidence=False)
    assert all(d["evidence"] == [] for _, _, d in light.edges(data=True))


def test_networkx_algorithms_work_on_it(graph):
    citations = nx.MultiDiGraph((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d["relation"] != "copy_of")
    assert NQ21_XIII in nx.descendants(citations, KL09)
    assert nx.shortest_path(citations, KL09, NQ21_XIII) == [KL09, NQ21_XIII]
    most = max(graph.nodes, key=lambda n: graph.nodes[n]["times_cited"])
    assert graph.nodes[most]["times_cited"] == 4
