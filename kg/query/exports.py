"""The citation graph for researchers' tools: GraphML (Gephi, yEd, networkx), GEXF (Gephi), CSV (pandas, Neo4j).

These formats hold only scalar attributes, so ``flat`` turns ``kg.to_networkx``'s graph into one that
they can hold, the same way for all three:

- a missing value (None) is left out (GraphML and GEXF) or an empty cell (CSV);
- a list (``issuers``, ``dates``, ``titles``, ``candidates``) becomes its values joined by `` | ``;
- an edge's ``evidence`` (one dict per mention) becomes ``sentence`` and ``quote`` of its first mention
  (``mentions`` says how many there are; ``kg query evidence`` gives them all);
- the edge's ``source`` (the file's graph IRI) is named ``source_file``, since CSV and GEXF readers
  take ``source``/``target`` for the edge's ends.

CSV is two files in one folder: ``nodes.csv`` (``id`` = the document IRI, then the node attributes)
and ``edges.csv`` (``id`` = the citation IRI, ``citing`` and ``cited`` = node ids, then the edge
attributes), UTF-8 with a header row, which ``pandas.read_csv`` and Neo4j's ``LOAD CSV WITH HEADERS``
read as they are.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import atomic_file

__all__ = ["EDGE_COLUMNS", "NETWORK_FORMATS", "NODE_COLUMNS", "flat", "write_network"]

JOIN = " | "
NODE_COLUMNS = ("id", "label", "kind", "symbol", "type", "type_word", "number", "issuer", "date", "term", "level",
                "title", "times_cited", "issuers", "dates", "titles", "note", "candidates", "copy_of")
EDGE_COLUMNS = ("id", "citing", "cited", "relation", "planned", "cue", "method", "confidence", "mentions",
                "stated_in", "source_file", "path", "sentence", "quote")


def _scalar(value: Any) -> str | int | float | bool | None:
    """A value as a format with scalar attributes can hold it (None stays None: left out)."""
    if isinstance(value, (list, tuple)):
        return JOIN.join(str(v) for v in value) if value else None
    return value


def _flat_node(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in ((k, _scalar(data.get(k))) for k in NODE_COLUMNS[1:]) if v is not None}


def _flat_edge(data: dict[str, Any]) -> dict[str, Any]:
    first = (data.get("evidence") or [{}])[0]
    out = {k: _scalar(data.get(k)) for k in EDGE_COLUMNS[3:] if k in data}
    out.update(source_file=data.get("source"), sentence=first.get("sentence"), quote=first.get("quote"))
    return {k: v for k, v in out.items() if v is not None}


def flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a ``kg.to_networkx`` graph with only scalar attributes (see the module docstring)."""
    out = nx.MultiDiGraph(**{k: v for k, v in g.graph.items() if v is not None})
    out.add_nodes_from((n, _flat_node(d)) for n, d in g.nodes(data=True))
    out.add_edges_from((u, v, k, _flat_edge(d)) for u, v, k, d in g.edges(keys=True, data=True))
    return out


def _write_csv(g: nx.MultiDiGraph, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    node_rows = ({"id": n, **d} for n, d in sorted(g.nodes(data=True)))
    edge_rows = ({"id": k, "citing": u, "cited": v, **d} for u, v, k, d in sorted(g.edges(keys=True, data=True),
                                                                                 key=lambda e: (e[0], e[1], e[2])))
    for path, columns, rows in ((nodes, NODE_COLUMNS, node_rows), (edges, EDGE_COLUMNS, edge_rows)):
        with atomic_file(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    return [nodes, edges]


def _write_xml(writer: Callable[..., None]) -> Callable[[nx.MultiDiGraph, Path], list[Path]]:
    def write(g: nx.MultiDiGraph, path: Path) -> list[Path]:
        with atomic_file(path) as f:
            writer(g, f)
        return [path]
    return write


NETWORK_FORMATS: dict[str, Callable[[nx.MultiDiGraph, Path], list[Path]]] = {
    "graphml": _write_xml(lambda g, p: nx.write_graphml(g, p, encoding="utf-8", named_key_ids=True)),
    "gexf": _write_xml(lambda g, p: nx.write_gexf(g, p, encoding="utf-8")),
    "csv": _write_csv,
}


def write_network(g: nx.MultiDiGraph, fmt: str, target: str | Path) -> list[Path]:
    """Write ``g`` flattened in ``fmt`` (graphml, gexf: a file; csv: a folder of two files); the paths written."""
    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    return NETWORK_FORMATS[fmt](flat(g), Path(target))
