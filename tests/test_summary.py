"""The summary graph (kg.graph.summary): most-cited.rq reads from it exactly the rows most-cited-live.rq
counts, document records read from it equal those read from the union, and a store without it still
answers (the live query, the union)."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from summary_data import built_store, copied, summary_graph_lines, summary_of_resolutions, without_summary

import kg
import kg.query.records as records_module
from kg.graph.namespaces import CITO, ELI, PK, RDF, RDFS, SKOS, Iris
from kg.graph.ontology import ONTOLOGY_FILE
from kg.graph.summary import (
    CITING_DOCUMENTS,
    CITING_MENTIONS,
    DOCUMENT,
    DOCUMENT_LABEL,
    MOST_CITED_RANK,
    SUMMARY_GRAPH,
    GraphFacts,
    Summary,
    graph_facts,
    summary_triples,
)
from kg.builder import resolutions_in_store
from kg.query.records import records, summary_graph
from kg.query.sparql import find_query, parse_query, run_query
from kg.store import Store, graph_digest, nt_lines, open_store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import deep_pair
from benchmarks.synth import registry, synth

SHAPES = ROOT / "ontology" / "shapes.ttl"
IRIS = Iris()
N_SYNTH, SEED = 120, 3


@pytest.fixture(scope="module")
def corpus_summary(corpus_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The real corpus's store, copied, with its summary graph."""
    with open_store(copied(corpus_graph, tmp_path_factory.mktemp("summary") / "store")) as store:
        yield store


@pytest.fixture(scope="module")
def synth_summary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A synthetic corpus of N_SYNTH documents, built, with its summary graph."""
    base = tmp_path_factory.mktemp("synth-summary")
    with open_store(built_store(synth(N_SYNTH, SEED, base / "corpus"), base / "store")) as store:
        yield store


@pytest.fixture(params=["corpus", "synthetic"])
def summarised(request: pytest.FixtureRequest) -> Store:
    return request.getfixturevalue({"corpus": "corpus_summary", "synthetic": "synth_summary"}[request.param])


def _rows(store: Store, name: str) -> list[tuple]:
    return [tuple(row) for row in run_query(store, find_query(name))]


def _documents(store: Store) -> list[str]:
    return sorted(r["d"].value for r in store.query_union("SELECT DISTINCT ?d WHERE { ?d a eli:LegalResource }"))


# ---------------------------------------------------------------- most-cited

def test_most_cited_reads_from_the_summary_exactly_the_live_rows(summarised: Store):
    assert summary_graph(summarised) == str(summarised.iris.graph(SUMMARY_GRAPH))
    summary, counted = _rows(summarised, "most-cited"), _rows(summarised, "most-cited-live")
    assert len(counted) > 20
    assert summary == counted
    keys = [(-int(citing), -int(mentions), label is not None, str(label or ""), str(doc))
            for label, citing, mentions, doc in summary]
    assert keys == sorted(keys)


def test_most_cited_reads_the_summary_not_the_citations(corpus_summary: Store):
    """With the summary in place, the rows come from it: a changed count shows (the live query would not)."""
    row = next(iter(corpus_summary.query_union("SELECT ?d ?n WHERE { ?r pk:mostCitedRank 1 ; pk:document ?d . "
                                                 "?d pk:citingDocuments ?n }")))
    graph = str(corpus_summary.iris.graph(SUMMARY_GRAPH))
    lines, digest = corpus_summary.graph_lines(graph), corpus_summary.digests()[graph]
    count = f"{row['d']} <{CITING_DOCUMENTS}> {row['n']} ."
    assert count in lines
    changed = sorted(line.replace(str(row["n"]), str(ox.Literal("999", datatype=row["n"].datatype))) if line == count
                     else line for line in lines)
    corpus_summary.replace_graph(graph, changed, graph_digest(changed))
    try:
        assert int(_rows(corpus_summary, "most-cited")[0][1]) == 999
        assert int(_rows(corpus_summary, "most-cited-live")[0][1]) == int(row["n"].value)
    finally:
        corpus_summary.replace_graph(graph, lines, digest)
    assert corpus_summary.graph_lines(graph) == lines


def test_without_the_summary_most_cited_runs_the_live_query(corpus_graph: Path, tmp_path: Path):
    query = find_query("most-cited")
    assert query.without_summary == "most-cited-live.rq" and "graph: most-cited-live" not in query.summary
    with open_store(without_summary(corpus_graph, tmp_path / "store")) as store:
        assert summary_graph(store) is None
        rows = _rows(store, "most-cited")
        assert rows and rows == _rows(store, "most-cited-live")
        assert [tuple(r) for r in run_query(store, query.text)] == rows  # the text alone finds the live file too


def test_a_query_without_the_header_line_runs_as_written():
    assert parse_query("SELECT ?s WHERE { ?s ?p ?o }").without_summary is None
    assert parse_query("# x\n# without the summary graph: other.rq\nSELECT * {}").without_summary == "other.rq"


# ---------------------------------------------------------------- records and lineage

def test_records_from_the_summary_equal_the_records_from_the_union(summarised: Store, monkeypatch: pytest.MonkeyPatch):
    docs = _documents(summarised)
    fast = records(summarised, docs)
    monkeypatch.setattr(records_module, "summary_graph", lambda store: None)
    assert records(summarised, docs) == fast
    assert any(r.times_cited > 1 for r in fast.values()) and any(r.kind == "unresolved" for r in fast.values())


def test_lineage_with_the_summary_equals_the_walk_over_the_union(synth_summary: Store, monkeypatch: pytest.MonkeyPatch):
    deep, _ = deep_pair(registry(N_SYNTH, SEED))  # the newest of the longest central chain, as benchmarks/run.py
    start = kg.lookup(synth_summary, deep.symbol, date=deep.day.isoformat())
    cited = max(records(synth_summary, _documents(synth_summary)).values(), key=lambda r: r.times_cited)
    walks = [(start, "up", 5), (cited, "down", 2), (start, "both", 2)]
    fast = [kg.lineage(synth_summary, doc, direction=way, depth=depth).to_dict() for doc, way, depth in walks]
    monkeypatch.setattr(records_module, "summary_graph", lambda store: None)
    assert [kg.lineage(synth_summary, doc, direction=way, depth=depth).to_dict() for doc, way, depth in walks] == fast
    assert all(len(walk["paths"]) > 2 for walk in fast)
    assert max(len(p["steps"]) for p in fast[0]["paths"]) == 5


# ---------------------------------------------------------------- building the summary

def test_summarising_the_stored_graphs_gives_the_summary_of_the_resolutions(corpus_summary: Store):
    """Summarising each graph as the store holds it equals summary_triples of the corpus (made from the statements
    the graphs were described with)."""
    resolutions, catalog, _ = resolutions_in_store(corpus_summary)
    summary, own = Summary(corpus_summary.iris), str(corpus_summary.iris.graph(SUMMARY_GRAPH))
    for g in corpus_summary.content_graphs():
        if str(g) != own and str(g) != str(corpus_summary.manifest_graph):
            summary.add(graph_facts(str(g), statements_of_lines(corpus_summary.graph_lines(str(g)))))
    assert summary.triples() == summary_triples(resolutions, corpus_summary.iris, catalog)
    assert summary.lines() == nt_lines(summary.triples())


def test_the_build_writes_the_summary_of_its_corpus(summarised: Store):
    """The build summarises each graph from its lines in the workers; that equals summary_triples of its corpus."""
    assert summary_graph_lines(summarised) == summary_of_resolutions(summarised)


def statements_of_lines(lines: list[str]) -> list[tuple[str, URIRef, str]]:
    """A stored graph's N-Triples lines as the statements a description writes (subject, predicate, object text)."""
    return [(s, URIRef(p[1:-1]), o) for s, p, o in (line[:-2].split(" ", 2) for line in lines)]


def facts_of_triples(graph: str, triples: list[tuple]) -> GraphFacts:
    """The summary's share of a graph given as rdflib triples."""
    return graph_facts(graph, statements_of_lines(nt_lines(triples)))


def _citation_graph(name: str, cites: list[tuple[str, str, int]], labels: dict[str, list[str]]) -> list[tuple]:
    triples = []
    for n, (citing, cited, mentions) in enumerate(cites):
        node = URIRef(f"{IRIS.base}citation/{name}/{n}")
        triples += [(node, RDF.type, CITO.Citation), (node, CITO.hasCitingEntity, IRIS.document(citing)),
                    (node, CITO.hasCitedEntity, IRIS.document(cited)), (node, PK.mentions, Literal(mentions))]
    for key, names in labels.items():
        doc = IRIS.document(key)
        triples += [(doc, RDF.type, ELI.LegalResource), (doc, RDF.type, PK.Document)]
        triples += [(doc, RDFS.label, Literal(label)) for label in names]
    return triples


def test_summary_counts_distinct_citers_and_every_mention_once_per_graph():
    summary = Summary(IRIS)
    one = facts_of_triples("g1", _citation_graph("g1", [("a", "x", 2), ("a", "x", 1), ("b", "y", 1)], {"x": ["X"], "y": ["Y"]}))
    summary.add(one)
    summary.add(one)  # the same graph again (two paths of one file): counted once
    summary.add(facts_of_triples("g2", _citation_graph("g2", [("c", "x", 4)], {"x": ["X"], "y": ["Y2"]})))
    assert summary.most_cited() == [("X", 2, 7, str(IRIS.document("x"))), ("Y", 1, 1, str(IRIS.document("y"))),
                                    ("Y2", 1, 1, str(IRIS.document("y")))]
    triples = summary.triples()
    rows = {o: s for s, p, o in triples if p == MOST_CITED_RANK}
    assert (rows[Literal(3)], DOCUMENT_LABEL, Literal("Y2")) in triples
    assert (rows[Literal(1)], DOCUMENT, IRIS.document("x")) in triples
    assert (IRIS.document("x"), CITING_MENTIONS, Literal(7)) in triples


def test_summary_leaves_unresolved_references_out_of_the_ranking_and_puts_the_unlabelled_first():
    ref = URIRef(f"{IRIS.base}ref/abc")
    triples = _citation_graph("g", [("a", "x", 1), ("a", "z", 1)], {"x": ["X"]})
    triples += [(ref, RDF.type, ELI.LegalResource), (ref, RDF.type, PK.UnresolvedReference)]
    node = URIRef(f"{IRIS.base}citation/g/9")
    triples += [(node, RDF.type, CITO.Citation), (node, CITO.hasCitingEntity, IRIS.document("a")),
                (node, CITO.hasCitedEntity, ref), (node, PK.mentions, Literal(5))]
    summary = Summary(IRIS)
    summary.add(facts_of_triples("g", triples))
    assert summary.most_cited() == [(None, 1, 1, str(IRIS.document("z"))), ("X", 1, 1, str(IRIS.document("x")))]
    assert (ref, CITING_DOCUMENTS, Literal(1)) in summary.triples()  # still counted: records read times_cited


def test_the_body_name_is_the_least_of_its_names():
    body = URIRef(f"{IRIS.base}org/ban-bi-thu")
    summary = Summary(IRIS)
    summary.add(facts_of_triples("g1", [(body, SKOS.prefLabel, Literal("Ban Bí thư", lang="vi"))]))
    summary.add(facts_of_triples("g2", [(body, SKOS.prefLabel, Literal("Ban bí thư", lang="vi"))]))
    assert (body, SKOS.prefLabel, Literal("Ban Bí thư", lang="vi")) in summary.triples()


def test_the_corpus_with_its_summary_validates_against_the_shapes(corpus_summary: Store):
    pyshacl = pytest.importorskip("pyshacl")
    union = Graph().parse(data=corpus_summary.export_bytes("turtle"), format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert any(union.triples((None, MOST_CITED_RANK, None)))
    conforms, _, text = pyshacl.validate(union + ontology, shacl_graph=Graph().parse(SHAPES, format="turtle"),
                                         allow_warnings=True, advanced=True)
    assert conforms, text


def test_the_summary_states_status_in_force_with_its_provenance(tmp_path):
    """A done replacement and a done amendment become pk:status and a dated pk:StatusStatement derived from the
    citation; an announced change (the corpus's 'Tham mưu sửa đổi, bổ sung …') gives none."""
    import io
    import sys
    from pathlib import Path

    import kg
    from kg.query.records import select

    sys.path.insert(0, str(Path(__file__).parent))
    from servers import REPLACING_QD

    (tmp_path / "qd.txt").write_text(REPLACING_QD + "Điều 6. Quy định này sửa đổi Hướng dẫn số 01-HD/TW, ngày 20/9/2016 "
                                     "của Ban Bí thư.\n", encoding="utf-8")
    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    kg.build([tmp_path / "qd.txt", *sorted(corpus.glob("*.txt"))], tmp_path / "store", progress=False, err=io.StringIO())
    with kg.open_store(tmp_path / "store", read_only=True) as store:
        rows = select(store, """SELECT ?doc ?status ?by ?since ?citation WHERE { GRAPH ?g {
            ?st a pk:StatusStatement ; pk:statusOf ?doc ; pk:status ?status ; pk:statusBy ?by ;
                pk:statusSince ?since ; prov:wasDerivedFrom ?citation . ?doc pk:status ?status } }""")
        got = sorted((r["doc"].split("/eli/")[1], r["status"].rsplit("/", 1)[1], r["by"].split("/eli/")[1], str(r["since"]))
                     for r in rows)
        assert got == [("dang/TW/XII/HD/1", "amended", "dang/TW/XIII/QĐ/24", "2021-07-30"),
                       ("dang/TW/XII/QĐ/29", "replaced", "dang/TW/XIII/QĐ/24", "2021-07-30")]
        relations = {r["c"]: r["rel"] for r in select(store, "SELECT ?c ?rel WHERE { ?c pk:relation ?rel }")}
        assert all(relations[r["citation"]].rsplit("/", 1)[1] in ("replaces", "amends") for r in rows)
        assert kg.status_in_force(store, kg.lookup(store, "244-QĐ/TW", term="XI").iri).state == "unknown"  # announced only
