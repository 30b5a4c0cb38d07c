"""Quads per mention: how many statements a built graph spends on each part, divided by the mentions it holds.

    .venv/bin/python benchmarks/graph_size.py                      # the corpus and the development set
    .venv/bin/python benchmarks/graph_size.py DIR_OR_FILE ...      # any inputs

Builds the inputs into an in-memory store (one process) and sorts every quad by what it states: the evidence
of mentions (annotations and their sentences), citation nodes, the direct edges, the identity of documents
(type, label, symbol, register… the same in every graph that names them), what mentions and records say of a
document (date, title, issuer…), files, bodies, the catalog, the summary and the manifest. Issue "Fast by design"
asks for at least 35% fewer quads per mention than 17 evidence quads a mention gave.
"""
from __future__ import annotations

import argparse
import io
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import build  # noqa: E402
from kg.graph.build import EDGE_PROPERTIES  # noqa: E402
from kg.graph.namespaces import ELI, OA, PK, RDF, RDFS, SKOS  # noqa: E402
from kg.store import Store  # noqa: E402

_IDENTITY = {str(p) for p in (RDF.type, RDFS.label, PK.symbol, ELI.number, PK.register, PK.scope, PK.term, PK.level,
                               PK.plenum, ELI.type_document, PK.candidate, SKOS.note)}  # what follows from a key
_EDGES = {str(p) for props in EDGE_PROPERTIES.values() for p in props}


def part(quad: ox.Quad, base: str, graphs: dict[str, str]) -> str:
    """Which part of the graph a quad belongs to."""
    g = str(quad.graph_name.value) if isinstance(quad.graph_name, ox.NamedNode) else ""
    if g in graphs:
        return graphs[g]
    s, p = quad.subject.value, quad.predicate.value
    path = s[len(base):] if s.startswith(base) else ""
    if path.startswith(("annotation/", "sentence/")):
        return "evidence"
    if path.startswith("citation/"):
        return "citation nodes"
    if path.startswith(("eli/", "ref/")):
        if p in _EDGES:
            return "direct edges"
        return "document identity" if p in _IDENTITY else "what files say of documents"
    if path.startswith("file/"):
        return "files"
    if path.startswith("org/"):
        return "bodies"
    return "other"


def measure(inputs: list[str]) -> tuple[Counter, int]:
    """(quads per part, mentions) of the graph built from ``inputs`` (every content graph, as exported)."""
    store = Store()
    build(inputs, store, progress=False, err=io.StringIO(), jobs=1)
    graphs = {str(store.catalog_graph): "catalog graph", str(store.iris.graph("summary")): "summary graph"}
    counts: Counter = Counter()
    mentions = 0
    for q in ox.parse(store.export_bytes("nquads"), format=ox.RdfFormat.N_QUADS):
        counts[part(q, store.base, graphs)] += 1
        mentions += q.predicate.value == _TYPE and q.object.value == _ANNOTATION
    return counts, mentions


_TYPE, _ANNOTATION = str(RDF.type), str(OA.Annotation)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "data" / "corpus"), str(ROOT / "data" / "dev")])
    args = ap.parse_args()
    counts, mentions = measure(args.inputs)
    total = sum(counts.values())
    print(f"{mentions} mentions, {total} quads: {total / max(mentions, 1):.2f} quads per mention")
    for name, n in counts.most_common():
        print(f"  {name:30s} {n:8d}  {n / total:6.1%}  {n / max(mentions, 1):6.2f} per mention")


if __name__ == "__main__":
    main()
