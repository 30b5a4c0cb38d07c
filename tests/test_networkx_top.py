"""kg.to_networkx at scale: the whole graph read by scans equals what plain SPARQL joins give, and ``top=N``
(the best-connected documents) is the whole graph's subgraph on them, with or without the summary graph."""
from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from summary_data import built_store, without_summary

import kg
from kg.query.networkx import best_connected
from kg.query.records import (
    Citation,
    citations_between,
    citations_of,
    most_cited,
    records,
    relation_name,
    select,
    summary_graph,
    with_evidence,
)
from kg.graph.namespaces import PK
from kg.store import Store, graph_digest, open_store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import synth

N_SYNTH, SEED = 150, 5

# what the scans and lookups of kg.query.records must give: the plain joined queries they replace
CITATIONS = """SELECT ?c ?citing ?cited ?relation ?planned ?cue ?method ?confidence ?mentions ?statedIn ?source WHERE {
  ?c a cito:Citation ; cito:hasCitingEntity ?citing ; cito:hasCitedEntity ?cited .
  OPTIONAL { ?c pk:relation ?relation } OPTIONAL { ?c pk:planned ?planned } OPTIONAL { ?c pk:cue ?cue }
  OPTIONAL { ?c pk:resolutionMethod ?method } OPTIONAL { ?c pk:confidence ?confidence }
  OPTIONAL { ?c pk:mentions ?mentions } OPTIONAL { ?c pk:statedIn ?statedIn } OPTIONAL { ?c prov:wasDerivedFrom ?source } }"""
EVIDENCE = """SELECT ?c ?a ?sentence ?exact ?start ?inFootnote ?footnote ?source WHERE {
  ?a oa:hasBody ?c ; oa:hasTarget ?t ; pk:quote ?exact ; pk:start ?start . ?t oa:hasSource ?source .
  OPTIONAL { ?t pk:sentence ?sentence } OPTIONAL { ?t pk:inFootnote ?inFootnote } OPTIONAL { ?t pk:footnote ?footnote } }"""


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus built into a closed store (with its summary graph)."""
    base = tmp_path_factory.mktemp("top-synth")
    return built_store(synth(N_SYNTH, SEED, base / "corpus"), base / "store")


@pytest.fixture(scope="module")
def stores(corpus_graph: Path, synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Name → (the store's folder, a copy without its summary graph), copied before any is opened."""
    base = tmp_path_factory.mktemp("without-summary")
    return {name: (path, without_summary(path, base / name)) for name, path in
            (("corpus", corpus_graph), ("synthetic", synth_dir))}


@pytest.fixture(scope="module", params=["corpus", "synthetic"])
def store(request: pytest.FixtureRequest, stores: dict[str, tuple[Path, Path]]) -> Iterator[Store]:
    with open_store(stores[request.param][0]) as s:
        yield s


@pytest.fixture(scope="module")
def bare(store: Store, stores: dict[str, tuple[Path, Path]]) -> Path:
    """The folder of ``store``'s copy without its summary graph."""
    return next(copy for path, copy in stores.values() if Path(path) == store.location)


def _without_rows(bare: Path, into: Path, every: int) -> Path:
    """A copy of the store in ``bare`` whose every ``every``-th file graph has lost its citations' rows."""
    out = Path(shutil.copytree(bare, into))
    with open_store(out) as old:
        for graph in list(map(str, old.content_graphs()))[::every]:
            lines = old.graph_lines(graph)
            kept = [line for line in lines if f"<{PK.citationRow}>" not in line]
            if kept != lines:
                old.replace_graph(graph, kept, graph_digest(kept))
    return out


@pytest.fixture(scope="module")
def rowless(bare: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``store``'s copy without its summary graph, without the citations' rows too (as built before them)."""
    return _without_rows(bare, tmp_path_factory.mktemp("rowless") / "store", 1)


@pytest.fixture(scope="module")
def mixed(bare: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``store``'s copy without its summary graph whose every other file graph has lost its citations'
    rows: a store some of whose graphs were written before the rows, as a build killed midway leaves one."""
    return _without_rows(bare, tmp_path_factory.mktemp("mixed") / "store", 2)


@pytest.fixture(scope="module")
def whole(store: Store) -> nx.MultiDiGraph:
    return kg.to_networkx(store)


def _rows(store: Store, sparql: str) -> list[dict]:
    return select(store, sparql)


def _joined_citations(store: Store) -> list[Citation]:
    return sorted((Citation(iri=r["c"], citing=r["citing"], cited=r["cited"], relation=relation_name(r["relation"]),
                            planned=bool(r["planned"]), cue=r["cue"], method=r["method"], confidence=r["confidence"],
                            mentions=r["mentions"] or 0, stated_in=r["statedIn"], source=r["source"])
                   for r in _rows(store, CITATIONS)), key=lambda c: (c.iri, c.citing, c.cited))


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    """Same nodes, edges (by key) and attributes."""
    def edges(g: nx.MultiDiGraph) -> list:
        return sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))

    return sorted(a.nodes(data=True)) == sorted(b.nodes(data=True)) and edges(a) == edges(b)


# ---- the whole graph, read by scans

def test_citations_from_rows_or_from_the_nodes_triples_equal_the_joined_query(store: Store, rowless: Path):
    """Read from each citation node's pk:citationRow, or from its triples in a store built before the rows."""
    _citations_equal_the_joined_query(store)
    with open_store(rowless) as old:
        assert not old.query_union(f"ASK {{ ?c <{PK.citationRow}> ?row }}")
        _citations_equal_the_joined_query(old)


def test_a_store_with_rows_in_some_graphs_only_loses_no_citation(mixed: Path):
    with open_store(mixed) as store:
        assert store.query_union(f"ASK {{ ?c <{PK.citationRow}> ?row }}")
        assert store.query_union(f"ASK {{ ?c a cito:Citation FILTER NOT EXISTS {{ ?c <{PK.citationRow}> ?row }} }}")
        _citations_equal_the_joined_query(store)


def _citations_equal_the_joined_query(store: Store) -> None:
    joined = _joined_citations(store)
    assert len(joined) > 80
    assert citations_between(store) == joined
    order = lambda c: (c.iri, c.citing, c.cited)  # noqa: E731
    assert sorted(citations_of(store, sorted({c.citing for c in joined}), "up"), key=order) == joined
    assert sorted(citations_of(store, sorted({c.cited for c in joined}), "down"), key=order) == joined


def test_evidence_by_scans_and_lookups_equal_the_joined_query(store: Store):
    joined = _rows(store, EVIDENCE)
    cited = sorted({r["c"] for r in joined})
    assert len(joined) >= len(cited) > 80 and any(r["footnote"] for r in joined)
    expected = sorted((r["c"], r["sentence"], r["exact"], r["start"], r["start"] + len(r["exact"]), bool(r["inFootnote"]), r["footnote"],
                       r["source"], r["a"]) for r in joined)
    citations = [c for c in _joined_citations(store) if c.iri in set(cited)]

    def mentions(found: list[Citation]) -> list[tuple]:
        return sorted({(c.iri, e.sentence, e.quote, e.start, e.end, e.in_footnote, e.footnote, e.source, e.annotation)
                       for c in found for e in c.evidence})

    assert mentions(with_evidence(store, citations, scan=True)) == expected
    assert mentions(with_evidence(store, citations)) == expected
    some = set(cited[:7])
    assert mentions(with_evidence(store, [c for c in citations if c.iri in some])) == [m for m in expected if m[0] in some]


def test_records_by_scans_equal_records_by_lookups(store: Store, whole: nx.MultiDiGraph):
    nodes = sorted(whole)
    assert records(store, nodes, scan=True) == records(store, nodes)


def test_whole_graph_without_evidence_lacks_only_evidence_and_paths(whole: nx.MultiDiGraph, store: Store):
    bare = kg.to_networkx(store, evidence=False)
    assert sorted(bare.nodes(data=True)) == sorted(whole.nodes(data=True))
    assert {k: {**d, "evidence": [], "path": None} for _, _, k, d in whole.edges(keys=True, data=True)} == {
        k: d for _, _, k, d in bare.edges(keys=True, data=True)}
    assert any(d["evidence"] for _, _, d in whole.edges(data=True))


# ---- top: the best-connected documents

@pytest.mark.parametrize("count", [1, 6, 25, 60, 10_000])
def test_top_is_the_whole_graphs_subgraph_on_the_best_connected(store: Store, whole: nx.MultiDiGraph, count: int):
    nodes = best_connected(store, count)
    top = kg.to_networkx(store, top=count)
    assert set(top) == set(nodes) <= set(whole) and len(set(nodes)) == len(nodes)
    assert _same(top, whole.subgraph(nodes))
    assert top.graph == {**whole.graph, "top": count}
    if count < whole.number_of_nodes():
        assert len(nodes) == count
        assert count < 25 or top.number_of_edges() >= count  # a picture of links, not of isolated hubs
    else:  # every document that cites or is cited, but unresolved references (never ranked)
        assert set(nodes) == {n for n, d in whole.nodes(data=True) if d["kind"] != "unresolved" and any(
            e["relation"] != "copy_of" for *_, e in [*whole.in_edges(n, data=True), *whole.out_edges(n, data=True)])}


def _cited_by(whole: nx.MultiDiGraph) -> dict[str, int]:
    """Document → distinct documents citing it, counted on the whole graph (copy edges are no citations)."""
    return {n: len({u for u, _, d in whole.in_edges(n, data=True) if d["relation"] != "copy_of"}) for n in whole}


def test_best_connected_is_the_most_cited_half_then_their_busiest_citers(store: Store, whole: nx.MultiDiGraph):
    cited_by = _cited_by(whole)
    ranked = [n for n in whole if whole.nodes[n]["kind"] != "unresolved" and cited_by[n]]
    count = 40
    chosen = best_connected(store, count)
    head, rest = chosen[:count // 2], set(chosen[count // 2:])
    assert head == most_cited(store, count // 2)
    assert [cited_by[d] for d in head] == sorted((cited_by[d] for d in ranked), reverse=True)[:count // 2]
    assert all(whole.nodes[d]["times_cited"] == cited_by[d] for d in head)
    cites_head = {n: len({v for _, v, d in whole.out_edges(n, data=True) if v in head and d["relation"] != "copy_of"})
                  for n in whole if n not in head}
    assert min(cites_head[d] for d in rest) >= max((c for n, c in cites_head.items() if n not in rest), default=0)


def test_top_without_the_summary_counts_live_and_draws_the_same(store: Store, bare: Path):
    with open_store(bare) as counted:
        assert summary_graph(counted) is None and summary_graph(store)
        for count in (7, 40):
            assert _same(kg.to_networkx(counted, top=count), kg.to_networkx(store, top=count))


def test_top_refuses_a_focus_and_nonsense(store: Store, whole: nx.MultiDiGraph):
    with pytest.raises(ValueError):
        kg.to_networkx(store, next(iter(whole)), top=5)
    with pytest.raises(ValueError):
        kg.to_networkx(store, top=0)
    with pytest.raises(TypeError):
        kg.to_networkx(whole, top=5)
