"""Export of the citation graph, or any part of it, to a ``networkx.MultiDiGraph``.

``to_networkx(store)`` gives the whole graph; ``to_networkx(store, focus, depth)`` the documents
within ``depth`` citation steps of ``focus`` (either direction); ``to_networkx(store, top=N)`` the N
best-connected documents (``best_connected``) with every citation among them, which is the whole
graph's subgraph on them, read at a cost that follows N rather than the store. Nodes are keyed by the document's
IRI, edges go from the citing to the cited document, one edge per cito:Citation (keyed by its IRI),
so two files stating the same link give two edges. These attribute names are stable:

Node attributes (``DocumentRecord`` fields):
    ``iri``, ``label`` (display name), ``kind`` (``document`` | ``unresolved`` | ``copy``), ``symbol``,
    ``type`` (type code: ``NQ``, ``KL``, ``charter``, ``SY``…), ``type_word`` (``Nghị quyết``),
    ``number``, ``issuer``, ``place`` (province or district named in its header), ``date`` (ISO), ``term`` (``XIII``), ``level`` (``central`` | ``local`` |
    ``state`` | ``unresolved``), ``title``, ``times_cited`` (distinct documents citing it in the
    store), ``issuers``/``dates``/``titles`` (every value the sources give; conflicts show here),
    ``note`` and ``candidates`` (an unresolved reference: why, and what it could be), ``copy_of``
    (a copy: the IRI of its original). Missing values are None (lists: empty).

Edge attributes (citing → cited):
    ``relation`` (``implements``, ``continues``, ``guides``, ``concretizes``, ``reviews``,
    ``inherits``, ``replaces``, ``amends``, ``repeals``, ``based_on``, ``cites``; ``copy_of`` for
    the edge copy → original), ``planned`` (bool: a change announced, not made), ``cue`` (the words
    that gave the relation), ``method`` (how the reference was resolved), ``confidence`` (0–1),
    ``mentions``, ``stated_in`` (IRI of the document whose text states a link between two documents
    it cites, else None), ``citation`` (the cito:Citation IRI = the edge key), ``source`` (IRI of the
    source file = its named graph), ``path`` (that file's path as built), ``evidence``: a list of
    dicts, one per mention, with ``sentence``, ``quote``, ``span`` ([start, end] of the quote inside
    the sentence, or None), ``start``/``end`` (code points in the file), ``in_footnote``,
    ``footnote``, ``source``, ``path``, ``annotation``.

Graph attributes: ``base`` (the store's base IRI), ``focus`` (IRI or None), ``depth``; and ``top`` (N) in a
graph made with ``top``.

A graph made here can stand in for the store in ``kg.lineage`` and ``kg.paths`` (networkx in, and out).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date as Date
from typing import Any

import networkx as nx

from kg.query.records import (
    Citation,
    DocumentRecord,
    Evidence,
    RecordCache,
    citations_among,
    citations_between,
    citations_of,
    citing_counts,
    copies_of,
    date_text,
    filters,
    lookup,
    most_cited,
    relation_matches,
    select,
    with_evidence,
)

__all__ = ["GraphSource", "StoreSource", "best_connected", "source_for", "to_networkx"]

COPY_RELATION = "copy_of"


class StoreSource:
    """Reads documents and citations from a kg Store, a batch of documents per query."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._records = RecordCache(store)

    def citations(self, nodes: Iterable[str], direction: str) -> list[Citation]:
        """Citations made by (``up``) or to (``down``) the nodes, without evidence."""
        return citations_of(self.store, nodes, direction)

    def records(self, nodes: Iterable[str], scan: bool = False) -> dict[str, DocumentRecord]:
        """Records of the nodes (and of every node read before); ``scan``: see ``kg.query.records.records``."""
        return self._records.get(nodes, scan)

    def with_evidence(self, citations: list[Citation], scan: bool = False) -> list[Citation]:
        """The citations with their evidence filled in (``scan``: by reading the store's annotations whole)."""
        return with_evidence(self.store, citations, scan)

    def lookup(self, symbol: str, term: str | None = None, date: str | None = None) -> DocumentRecord:
        """See ``kg.lookup``."""
        return lookup(self.store, symbol, term=term, date=date)


class GraphSource:
    """Reads documents and citations from a graph made by ``to_networkx`` (copy edges are not citations)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def citations(self, nodes: Iterable[str], direction: str) -> list[Citation]:
        """Citations made by (``up``) or to (``down``) the nodes, with the evidence the graph holds."""
        present = [n for n in nodes if n in self.graph]
        edges = (self.graph.out_edges(present, keys=True, data=True) if direction == "up"
                 else self.graph.in_edges(present, keys=True, data=True))
        return sorted((_citation_of_edge(u, v, k, d) for u, v, k, d in edges if d.get("relation") != COPY_RELATION),
                      key=lambda c: c.iri)

    def records(self, nodes: Iterable[str], scan: bool = False) -> dict[str, DocumentRecord]:
        """Records rebuilt from the node attributes."""
        return {n: _record_of_node(n, self.graph.nodes[n]) for n in nodes if n in self.graph}

    def with_evidence(self, citations: list[Citation], scan: bool = False) -> list[Citation]:
        """Citations read from a graph already carry their evidence."""
        return list(citations)

    def lookup(self, symbol: str, term: str | None = None, date: str | None = None) -> DocumentRecord:
        """A node by IRI, symbol or label (with term or date), as ``kg.lookup`` does in a store."""
        from kg.query.records import (
            AmbiguousSymbol,
            UnknownSymbol,
            choose_candidates,
            split_term,
        )

        text, term = split_term(symbol.strip(), term)
        if text.strip("<>") in self.graph:
            return _record_of_node(text.strip("<>"), self.graph.nodes[text.strip("<>")])
        found = [_record_of_node(n, d) for n, d in self.graph.nodes(data=True) if text in (d.get("symbol"), d.get("label"))]
        if not found:
            raise UnknownSymbol(f"no document {symbol!r} in the graph")
        chosen = choose_candidates(found, term, date)
        if len(chosen) != 1:
            if not chosen:
                raise UnknownSymbol(f"no document {text} with {'term ' + term if term else 'date ' + str(date)} in the graph")
            raise AmbiguousSymbol(text, chosen)
        return chosen[0]


def source_for(store_or_graph: Any) -> StoreSource | GraphSource:
    """The reader for a kg Store or a networkx graph made by ``to_networkx``."""
    if isinstance(store_or_graph, (StoreSource, GraphSource)):
        return store_or_graph
    if isinstance(store_or_graph, nx.Graph):
        return GraphSource(store_or_graph)
    return StoreSource(store_or_graph)


def _record_of_node(iri: str, data: dict[str, Any]) -> DocumentRecord:
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in DocumentRecord.__dataclass_fields__}
    fields["iri"] = iri
    return DocumentRecord(**fields)


def _citation_of_edge(u: str, v: str, key: str, data: dict[str, Any]) -> Citation:
    evidence = tuple(Evidence(**{**e, "span": tuple(e["span"]) if e.get("span") else None}) for e in data.get("evidence", ()))
    return Citation(iri=key, citing=u, cited=v, relation=data.get("relation", "cites"), planned=bool(data.get("planned")),
                    cue=data.get("cue"), method=data.get("method"), confidence=data.get("confidence"),
                    mentions=data.get("mentions") or 0, stated_in=data.get("stated_in"), source=data.get("source"),
                    path=data.get("path"), evidence=evidence)


def keep_citation(c: Citation, relations: frozenset[str] | None, planned: bool, unresolved: bool,
                  known: dict[str, DocumentRecord] | None = None) -> bool:
    """True when a citation passes the relation, planned and unresolved filters."""
    if not planned and c.planned:
        return False
    if not unresolved and known is not None and any(known.get(x, DocumentRecord(x)).kind == "unresolved"
                                                    for x in (c.citing, c.cited)):
        return False
    return relation_matches(c.relation, relations)


def to_networkx(store: Any, focus: str | DocumentRecord | None = None, depth: int | None = None, *,
                relations: Iterable[str] | str | None = None, terms: Iterable[str] | str | None = None,
                issuers: Iterable[str] | str | None = None, date_from: str | Date | None = None,
                date_to: str | Date | None = None, planned: bool = True, unresolved: bool = True,
                copies: bool = True, evidence: bool = True, catalog: bool = False,
                top: int | None = None) -> nx.MultiDiGraph:
    """The citation graph of a store (or the part within ``depth`` steps of ``focus``, or its ``top``
    best-connected documents: see ``best_connected``) as a MultiDiGraph.

    Filters: ``relations`` (a name matches its sub-relations: ``implements`` takes ``continues``),
    ``terms``, ``issuers`` (body names), ``date_from``/``date_to`` (documents without a date fail a
    date filter), ``planned``/``unresolved``/``copies`` (keep those edges and nodes). The focus always
    stays. ``catalog`` adds documents only the catalog names (no citation touches them). ``evidence``
    False leaves the evidence lists empty (faster on large graphs). With ``top``, the filters apply to the
    documents chosen (they may leave fewer). Attributes: see the module doc.
    """
    if top is not None and (focus is not None or top < 1):
        raise ValueError("top is a number of documents (1 or more) and does not go with focus")
    source = source_for(store)
    rels, term_set, issuer_set = filters(relations, terms, issuers)
    node_filter = dict(terms=term_set, issuers=issuer_set, date_from=date_text(date_from), date_to=date_text(date_to))
    focus_iri = None if focus is None else focus.iri if isinstance(focus, DocumentRecord) else source.lookup(focus).iri

    def admit(record: DocumentRecord) -> bool:
        return record.iri == focus_iri or (record.matches(**node_filter) and (unresolved or record.kind != "unresolved"))

    whole = focus_iri is None and top is None  # then the store is read whole, by scans
    if top is not None:
        nodes, cites, copy_pairs = _top(source, top, rels, planned)
    elif whole:
        nodes, cites, copy_pairs = _whole(source, rels, planned, catalog)
    else:
        nodes, cites, copy_pairs = _around(source, focus_iri, depth, rels, planned, copies, admit)
    known = source.records(nodes, scan=whole)
    kept = {n for n in nodes if admit(known[n])}
    cites = [c for c in cites if c.citing in kept and c.cited in kept]
    if evidence:
        cites = source.with_evidence(cites, scan=whole)
    graph = nx.MultiDiGraph(base=getattr(store, "base", None), focus=focus_iri, depth=depth,
                            **({"top": top} if top is not None else {}))
    for n in sorted(kept):
        graph.add_node(n, **known[n].to_dict())
    for c in cites:
        graph.add_edge(c.citing, c.cited, key=c.iri, **_edge_attributes(c, evidence))
    for copy, original in (copy_pairs if copies else []):
        if copy in kept and original in kept:
            graph.add_edge(copy, original, key=f"{copy}#copy_of", **_copy_edge(known[copy]))
    return graph


def _edge_attributes(c: Citation, evidence: bool) -> dict[str, Any]:
    return {"relation": c.relation, "planned": c.planned, "cue": c.cue, "method": c.method,
            "confidence": c.confidence, "mentions": c.mentions, "stated_in": c.stated_in, "citation": c.iri,
            "source": c.source, "path": c.path, "evidence": [e.to_dict() for e in c.evidence] if evidence else []}


def _copy_edge(copy: DocumentRecord) -> dict[str, Any]:
    return {"relation": COPY_RELATION, "planned": False, "cue": None, "method": None, "confidence": None,
            "mentions": 0, "stated_in": None, "citation": None, "source": None, "path": None, "evidence": []}


def _whole(source: Any, rels: frozenset[str] | None, planned: bool,
           catalog: bool) -> tuple[set[str], list[Citation], list[tuple[str, str]]]:
    """Every citation passing the relation filter, every copy, and the documents they touch."""
    if isinstance(source, GraphSource):
        g = source.graph
        cites = [c for c in source.citations(g.nodes, "up") if keep_citation(c, rels, planned, True)]
        pairs = [(u, v) for u, v, d in g.edges(data=True) if d.get("relation") == COPY_RELATION]
        return set(g.nodes), cites, pairs
    cites = [c for c in citations_between(source.store) if keep_citation(c, rels, planned, True)]
    pairs = copies_of(source.store)
    nodes = {x for c in cites for x in (c.citing, c.cited)} | {x for p in pairs for x in p}
    if catalog:
        nodes |= {r["d"] for r in select(source.store, "SELECT DISTINCT ?d WHERE { ?d a pk:Document }")}
    return nodes, cites, pairs


def best_connected(store: Any, count: int) -> list[str]:
    """The ``count`` best-connected documents of a store: the most cited half (``most_cited``: distinct citing
    documents, from the summary graph's ranking when the store has one), then the documents citing most of
    that half, then the ranking again should citers run short. The most cited alone would be hubs with few
    links among them (their citers are rarely cited); with their busiest citers the picture holds most of
    the links near the hubs (at 10,000 documents, 27,000 edges among 5,000 documents, as many as the 5,000 of
    highest degree in the whole graph). Costs a lookup per ranked row and per citation of the first half.
    """
    ranked = most_cited(store, count)
    chosen = dict.fromkeys(ranked[:(count + 1) // 2])
    citing = citing_counts(store, chosen)
    for doc in [*sorted(citing, key=lambda d: (-citing[d], d)), *ranked]:
        if len(chosen) >= count:
            break
        chosen.setdefault(doc)
    return list(chosen)


def _top(source: Any, count: int, rels: frozenset[str] | None,
         planned: bool) -> tuple[set[str], list[Citation], list[tuple[str, str]]]:
    """The ``count`` best-connected documents, the citations among them passing the filters, and their copies."""
    if not isinstance(source, StoreSource):
        raise TypeError("top needs a kg Store (a graph is already drawn whole: take graph.subgraph)")
    nodes = best_connected(source.store, count)
    inside = set(nodes)
    cites = [c for c in citations_among(source.store, nodes) if keep_citation(c, rels, planned, True)]
    pairs = [(copy, original) for copy, original in copies_of(source.store, nodes) if copy in inside]
    return inside, cites, pairs


def _around(source: Any, focus: str, depth: int | None, rels: frozenset[str] | None, planned: bool, copies: bool,
            admit: Callable[[DocumentRecord], bool]) -> tuple[set[str], list[Citation], list[tuple[str, str]]]:
    """Breadth-first in both directions from ``focus``, one batch of queries per level; documents that
    ``admit`` refuses are neither kept nor walked through."""
    nodes, frontier, level = {focus}, {focus}, 0
    found: dict[str, Citation] = {}
    pairs: set[tuple[str, str]] = set()
    while frontier and (depth is None or level < depth):
        step = [c for c in source.citations(frontier, "up") + source.citations(frontier, "down")
                if keep_citation(c, rels, planned, True)]
        found.update((c.iri, c) for c in step)
        reached = {x for c in step for x in (c.citing, c.cited)}
        if copies and isinstance(source, StoreSource):
            new_pairs = set(copies_of(source.store, frontier))
            new_pairs |= {(n, r.copy_of) for n, r in source.records(frontier).items() if r.copy_of}
            pairs |= new_pairs
            reached |= {x for p in new_pairs for x in p}
        elif copies:
            g = source.graph
            new_pairs = {(u, v) for n in frontier if n in g for u, v, d in [*g.in_edges(n, data=True), *g.out_edges(n, data=True)]
                         if d.get("relation") == COPY_RELATION}
            pairs |= new_pairs
            reached |= {x for p in new_pairs for x in p}
        new = source.records(reached - nodes)
        frontier = {n for n in reached - nodes if admit(new[n])}
        nodes |= frontier
        level += 1
    if frontier:  # links among the last level's documents and the rest
        for c in source.citations(frontier, "up") + source.citations(frontier, "down"):
            if c.citing in nodes and c.cited in nodes and keep_citation(c, rels, planned, True):
                found.setdefault(c.iri, c)
    return nodes, sorted(found.values(), key=lambda c: c.iri), sorted(pairs)
