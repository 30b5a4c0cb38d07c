"""kg export for researchers' tools: GraphML and GEXF (Gephi), CSV (pandas, Neo4j), compact JSON-LD.

Each is read back by another reader: networkx for GraphML and GEXF (same nodes, edges and attributes),
the csv module for CSV, rdflib and pyoxigraph for JSON-LD (the same quads as the N-Quads export).
"""
from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset

import kg
from kg.cli import main
from kg.query.exports import EDGE_COLUMNS, NODE_COLUMNS, flat

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def store(corpus_store: str) -> str:
    return corpus_store


@pytest.fixture(scope="module")
def network(store: str) -> nx.MultiDiGraph:
    with kg.open_store(store, read_only=True) as s:
        return kg.to_networkx(s)


def _export(store: str, fmt: str, target: Path, capsys) -> str:
    assert main(["export", "--store", store, "--format", fmt, "-o", str(target)]) == 0
    return capsys.readouterr().err


def test_flat_attributes_are_scalars_and_keep_what_lists_said(network: nx.MultiDiGraph):
    g = flat(network)
    assert (g.number_of_nodes(), g.number_of_edges()) == (network.number_of_nodes(), network.number_of_edges())
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    for *_, data in g.edges(keys=True, data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    charter = next(n for n, d in network.nodes(data=True) if d["type"] == "charter")
    assert g.nodes[charter]["issuers"] == " | ".join(network.nodes[charter]["issuers"])
    assert "date" not in g.nodes[charter]  # None is left out, not written as "None"
    u, v, k, d = next(iter(network.edges(keys=True, data=True)))
    assert g.edges[u, v, k]["sentence"] == d["evidence"][0]["sentence"]
    assert g.edges[u, v, k]["source_file"] == d["source"]


def test_graphml_is_well_formed_graphml_that_networkx_reads_back(store: str, network: nx.MultiDiGraph,
                                                                 tmp_path: Path, capsys):
    said = _export(store, "graphml", tmp_path / "g.graphml", capsys)
    assert f"{network.number_of_nodes()} documents, {network.number_of_edges()} citations" in said
    root = ET.parse(tmp_path / "g.graphml").getroot()
    assert root.tag == f"{GRAPHML}graphml"
    keys = {k.get("id"): k for k in root.iter(f"{GRAPHML}key")}
    for k in keys.values():  # what the GraphML schema allows for <key>
        assert k.get("for") in ("node", "edge", "graph", "all")
        assert k.get("attr.type") in ("boolean", "int", "long", "float", "double", "string")
        assert re.fullmatch(r"[\w.:-]+", k.get("attr.name"))
    node_ids = [n.get("id") for n in root.iter(f"{GRAPHML}node")]
    assert len(node_ids) == len(set(node_ids))
    for e in root.iter(f"{GRAPHML}edge"):
        assert e.get("source") in node_ids and e.get("target") in node_ids
    assert all(d.get("key") in keys for d in root.iter(f"{GRAPHML}data"))
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (network.number_of_nodes(), network.number_of_edges())
    node, data = next(iter(network.nodes(data=True)))
    assert back.nodes[node]["label"] == data["label"] and back.nodes[node]["times_cited"] == data["times_cited"]
    assert sorted(d["relation"] for *_, d in back.edges(data=True)) == \
        sorted(d["relation"] for *_, d in network.edges(data=True))


def test_gexf_is_read_back_by_networkx_with_labels(store: str, network: nx.MultiDiGraph, tmp_path: Path, capsys):
    _export(store, "gexf", tmp_path / "g.gexf", capsys)
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert (back.number_of_nodes(), back.number_of_edges()) == (network.number_of_nodes(), network.number_of_edges())
    labels = {d["label"] for _, d in back.nodes(data=True)}
    assert {d["label"] for _, d in network.nodes(data=True)} == labels


def test_csv_is_a_nodes_file_and_an_edges_file_with_headers(store: str, network: nx.MultiDiGraph, tmp_path: Path,
                                                            capsys):
    _export(store, "csv", tmp_path / "csv", capsys)
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    assert {n["id"] for n in nodes} == set(network.nodes)
    assert len(edges) == network.number_of_edges()
    assert {(e["citing"], e["cited"], e["id"]) for e in edges} == set(network.edges(keys=True))
    assert all(e["relation"] for e in edges)
    assert all(e["confidence"] for e in edges if e["relation"] != "copy_of")


def test_network_formats_need_an_output_and_say_so(store: str, capsys):
    assert main(["export", "--store", store, "--format", "csv"]) == 2
    assert "give -o FOLDER" in capsys.readouterr().err


def test_jsonld_is_compact_and_round_trips_to_the_same_quads(store: str, tmp_path: Path, capsys):
    _export(store, "jsonld", tmp_path / "g.jsonld", capsys)
    _export(store, "nquads", tmp_path / "g.nq", capsys)
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["eli"] == "http://data.europa.eu/eli/ontology#" and "@base" in doc["@context"]
    nodes = [n for g in doc["@graph"] for n in g["@graph"]]
    assert not [k for n in nodes for k in n if k.startswith("http")]  # every property compacted
    assert not [t for n in nodes for t in ([n["@type"]] if isinstance(n.get("@type"), str) else n.get("@type", []))
                if t.startswith("http")]
    expected = set(ox.parse(path=str(tmp_path / "g.nq"), format=ox.RdfFormat.N_QUADS))
    assert set(ox.parse(path=str(tmp_path / "g.jsonld"), format=ox.RdfFormat.JSON_LD)) == expected
    ours, theirs = Dataset(), Dataset()
    ours.parse(tmp_path / "g.jsonld", format="json-ld")
    theirs.parse(tmp_path / "g.nq", format="nquads")
    assert set(ours.quads()) == set(theirs.quads())


def test_compaction_keeps_iris_that_a_relative_form_would_change():
    from kg.store import compact_jsonld

    base = "https://w3id.org/party-kg/"
    odd = [f"{base}doc/a:b", f"{base}doc/../x", f"{base}/x", f"{base}?q"]
    expanded = [{"@id": f"{base}file/1", "@graph": [{"@id": iri, "http://purl.org/spar/cito/cites": [{"@id": iri}]}
                                                    for iri in odd]}]
    out = compact_jsonld(expanded, base)
    assert [n["@id"] for n in out["@graph"][0]["@graph"]] == odd
    assert out["@graph"][0]["@id"] == "file/1"
    data = json.dumps(out).encode()
    quads = set(ox.parse(data, ox.RdfFormat.JSON_LD))
    assert {q.subject.value for q in quads} == set(odd)
