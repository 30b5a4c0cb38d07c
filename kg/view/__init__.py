"""The interactive viewer: a store's citation graph (or a focus on one document) as an offline HTML page.

    >>> import kg, kg.view
    >>> with kg.open_store(".kg-store") as store:
    ...     print(kg.view.view(store, "graph.html", focus="26-NQ/TW", term="XII", depth=2).summary())

``kg.view.html.write_html`` draws any networkx graph shaped like ``kg.query.networkx.to_networkx``'s.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.view.html import PHYSICS_LIMIT, render_html, write_html

__all__ = ["FILTER_KEYS", "PHYSICS_LIMIT", "VIEW_LIMIT", "ViewResult", "citation_graph", "filter_graph", "parse_filters",
           "render_html", "view", "write_html"]

FILTER_KEYS = ("type", "term", "issuer", "relation")
# the most documents ``view`` draws of a whole store unless asked for more. On the time axis (used above
# PHYSICS_LIMIT), the best-connected of 10,000 synthetic documents: 2,000 (14,000 citations) make a 12 MB page
# that headless Chromium draws in 1.3-2.6 s and redraws on zoom in 0.3 s; 5,000 (27,000) make 23 MB,
# 2.5 s and 0.5-0.8 s a redraw, so panning stutters
VIEW_LIMIT = 2000


def parse_filters(specs: Iterable[str]) -> dict[str, set[str]]:
    """``["type=NQ,KL", "term=XIII"]`` → ``{"type": {"NQ", "KL"}, "term": {"XIII"}}``; repeated keys add up."""
    filters: dict[str, set[str]] = {}
    for spec in specs:
        key, sep, values = spec.partition("=")
        key = key.strip().lower()
        if not sep or key not in FILTER_KEYS:
            raise ValueError(f"bad filter {spec!r}: use KEY=VALUE[,VALUE…] with KEY one of {', '.join(FILTER_KEYS)}")
        chosen = {v.strip() for v in values.split(",") if v.strip()}
        if not chosen:
            raise ValueError(f"bad filter {spec!r}: no value after '='")
        filters.setdefault(key, set()).update(chosen)
    return filters


def _matches(value: object, wanted: set[str]) -> bool:
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return any(str(v) in wanted for v in values if v not in (None, ""))


def filter_graph(graph: nx.MultiDiGraph, filters: Mapping[str, set[str]], keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The subgraph of the documents whose attributes (``type``, ``term``, ``issuer``) match every filter;
    ``keep`` (the focus) stays whatever its attributes."""
    keep = set(keep)
    nodes = [n for n, a in graph.nodes(data=True)
             if n in keep or all(_matches(a.get(k), v) for k, v in filters.items())]
    return graph.subgraph(nodes).copy()


def citation_graph(store, *, focus: str | None = None, term: str | None = None, date: str | None = None,
                   depth: int | None = None, filters: Mapping[str, set[str]] | None = None,
                   top: int | None = None) -> nx.MultiDiGraph:
    """The graph to draw: the store's citations (around ``focus`` when given, or among its ``top``
    best-connected documents: kg.query.networkx.best_connected), filtered.

    ``focus`` is a symbol (``26-NQ/TW``), label or IRI; ``term``/``date`` choose between same-symbol
    documents (kg.lookup raises AmbiguousSymbol naming them otherwise). Relation, term and issuer
    filters are kg.to_networkx's (``implements`` takes its sub-relations ``continues``, ``guides`` …;
    with a focus, what they refuse is not walked through); the type filter is applied here.
    """
    from kg.query import lookup, to_networkx

    filters = dict(filters or {})
    record = lookup(store, focus, term=term, date=date) if focus else None
    graph = to_networkx(store, record, depth if record else None, relations=filters.pop("relation", None),
                        terms=filters.pop("term", None), issuers=filters.pop("issuer", None), top=top)
    return filter_graph(graph, filters, keep=[record.iri] if record else [])


@dataclass(frozen=True)
class ViewResult:
    """What ``view`` wrote: the page, how many documents and citations it draws, and how it lays them out;
    ``total``: the documents of the whole graph when only the best-connected were drawn."""

    path: Path
    documents: int
    citations: int
    physics: bool
    total: int | None = None

    def left_out(self) -> str | None:
        """One line saying what the page leaves out and how to see more, when it draws only the best-connected."""
        if self.total is None:
            return None
        return (f"drew the {self.documents:,} best-connected of {self.total:,} documents (the most cited, then those "
                f"citing them most); --top N draws more, --focus SYMBOL the documents around one")

    def summary(self) -> str:
        """``wrote graph.html: 72 documents, 92 citations (force layout), 0.7 MB``."""
        layout = "force layout" if self.physics else "time axis"
        size = self.path.stat().st_size / 1e6
        return f"wrote {self.path}: {self.documents} documents, {self.citations} citations ({layout}), {size:.1f} MB"


def view(store, output: str | os.PathLike[str], *, focus: str | None = None, term: str | None = None,
         date: str | None = None, depth: int | None = None, filters: Mapping[str, set[str]] | None = None,
         top: int | None = None, limit: int | None = VIEW_LIMIT) -> ViewResult:
    """Write the viewer page of ``store``'s citation graph to ``output``: around ``focus`` to ``depth`` when
    given, else its ``top`` best-connected documents, else the whole graph, or its ``limit`` best-connected
    documents when it has more (None: no limit; a browser does not open a page of 100,000 documents)."""
    total = None
    if focus is None and (top is not None or limit is not None):
        from kg.query.records import document_count

        total = document_count(store)
        top = top if top is not None else limit if total > limit else None
        if top is None or top >= total:
            top = total = None
    graph = citation_graph(store, focus=focus, term=term, date=date, depth=depth, filters=filters, top=top)
    focus_iri = graph.graph.get("focus")
    if total is None and (focus is not None or filters):
        from kg.query.records import document_count

        store_documents = document_count(store)  # the page's search can then say a document exists undrawn
    else:
        store_documents = total
    path = write_html(graph, output, subtitle=_subtitle(graph, depth, filters or {}, total),
                      focus=[focus_iri] if focus_iri else [], store_documents=store_documents)
    return ViewResult(path, graph.number_of_nodes(), graph.number_of_edges(), graph.number_of_nodes() <= PHYSICS_LIMIT,
                      total)


def _subtitle(graph: nx.MultiDiGraph, depth: int | None, filters: Mapping[str, set[str]], total: int | None) -> str:
    """What the page shows, in words: the focus or the part of the store drawn, and the filters."""
    parts = [f"the {graph.graph['top']:,} best-connected of {total:,} documents"] if graph.graph.get("top") else []
    focus = graph.graph.get("focus")
    if focus:
        name = graph.nodes[focus].get("label") or focus if focus in graph else focus
        parts.append(f"around {name}" + (f", depth {depth}" if depth is not None else ""))
    parts += [f"{k} = {', '.join(sorted(v))}" for k, v in sorted(filters.items())]
    return "; ".join(parts) or "whole store"
