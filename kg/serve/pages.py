"""What the explorer's pages show, read from the store as plain data (the templates only lay it out).

A document page holds the record, the status in force, what the document cites and what cites it (each with
relation, cue, confidence and evidence: the sentence with the reference marked and its source file), its copies
and its lineage up and down as trees. A neighbourhood is the documents one citation away, as nodes and edges
for the network view. Long lists are cut at a limit and say how many were left out.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from kg.query.lineage import TreeNode, lineage
from kg.query.networkx import StoreSource
from kg.query.records import Citation, DocumentRecord, Evidence, citation_page, citations_by_iri, copies_of
from kg.query.status import Status, status_in_force
from kg.view.html import LEVEL_SHAPES, RELATION_COLOURS, short_label, type_colour

__all__ = ["CitationView", "DocumentPage", "doc_url", "document_page", "iri_of_path", "neighbourhood"]

CITATIONS_SHOWN = 200     # per direction on a document page; the rest are counted
EVIDENCE_SHOWN = 3        # sentences per citation
LINEAGE_DEPTH = 3
LINEAGE_PATHS = 300
LINEAGE_FANOUT = 50       # a page walks the lineage of a document with at most this many citations that way
NEIGHBOURS_SHOWN = 150    # citations drawn each way around a node when it is expanded


def doc_url(iri: str, base: str) -> str:
    """The explorer's stable URL of a document: ``/doc/`` and its IRI's path under the base, percent-encoded."""
    path = iri[len(base):] if iri.startswith(base) else iri
    return "/doc/" + quote(path, safe="/@:+,;=!$'()*-._~")


def iri_of_path(path: str, base: str) -> str:
    """The IRI a ``/doc/…`` path names (the inverse of ``doc_url`` once the server has decoded the path)."""
    return path if "://" in path else base + path


@dataclass(frozen=True)
class Marked:
    """An evidence sentence cut into the text before, the reference, and after (for highlighting)."""

    before: str
    quote: str
    after: str
    file: str
    where: str


@dataclass(frozen=True)
class CitationView:
    """One citation as a page shows it: the other document, the relation, how sure, and its evidence."""

    citation: Citation
    other: DocumentRecord
    evidence: tuple[Marked, ...]
    more_evidence: int


@dataclass
class DocumentPage:
    record: DocumentRecord
    status: Status
    cites: list[CitationView]
    cited_by: list[CitationView]
    cites_total: int
    cited_by_total: int
    citing_documents: int
    original: DocumentRecord | None
    copies: list[DocumentRecord]
    up: list[TreeNode]
    down: list[TreeNode]
    page: int
    per_page: int
    up_truncated: bool | None      # None: not walked (too many citations that way for a page)
    down_truncated: bool | None
    related: dict[str, DocumentRecord] = field(default_factory=dict)


def marked(e: Evidence) -> Marked:
    """The sentence around the reference, the reference apart; the file's name and the footnote if any."""
    text = " ".join((e.sentence or e.quote).split()) if not e.span else (e.sentence or "")
    start, end = e.span if e.span else (0, 0)
    where = f"footnote {e.footnote}" if e.footnote is not None else "footnote" if e.in_footnote else ""
    file = os.path.basename(e.path) if e.path else e.source.rsplit("/", 1)[-1][:12]
    if not e.span:
        return Marked(text, "", "", file, where)
    return Marked(text[:start], text[start:end], text[end:], file, where)


def _views(source: StoreSource, citations: list[Citation], other_end: str) -> list[CitationView]:
    with_evidence = source.with_evidence(citations)
    others = source.records({getattr(c, other_end) for c in with_evidence})
    return [CitationView(c, others[getattr(c, other_end)], tuple(marked(e) for e in c.evidence[:EVIDENCE_SHOWN]),
                         max(0, len(c.evidence) - EVIDENCE_SHOWN)) for c in with_evidence]


def _page(source: StoreSource, iri: str, direction: str, limit: int, page: int) -> tuple[list[Citation], int]:
    """Page ``page`` (from 0) of the citations made by (``up``) or to (``down``) ``iri``, newest other document
    first within the page, and how many citations there are in all."""
    other_end = "cited" if direction == "up" else "citing"
    iris, total = citation_page(source.store, iri, direction, limit, page * limit)
    chosen = [c for c in citations_by_iri(source.store, iris) if getattr(c, "cited" if direction == "down" else "citing") == iri]
    records = source.records({getattr(c, other_end) for c in chosen})
    return sorted(chosen, key=lambda c: (c.planned, _desc(records[getattr(c, other_end)].date), c.relation, c.iri)), total


def _desc(date: str | None) -> str:
    return "".join(chr(0x7F - ord(ch)) for ch in date) if date else "\x7f"


def document_page(store: Any, iri: str, limit: int = CITATIONS_SHOWN, page: int = 0) -> DocumentPage | None:
    """Everything the page of ``iri`` shows (page ``page`` of its citations each way); None when the store knows
    no such document. Lineage trees are drawn for documents with at most ``LINEAGE_FANOUT`` citations that way:
    beyond, the citations list is the first step and ``kg lineage`` walks the rest."""
    source = StoreSource(store)
    record = source.records([iri])[iri]
    cites, cites_total = _page(source, iri, "up", limit, page)
    cited_by, cited_by_total = _page(source, iri, "down", limit, page)
    pairs = copies_of(store, [iri])
    if not (record.label or record.symbol or record.kind != "document" or cites_total or cited_by_total or pairs):
        return None
    copy_iris = [c for c, o in pairs if o == iri]
    read = source.records(copy_iris)  # (the source returns every record it has read: take the copies' only)
    copies = sorted((read[c] for c in copy_iris), key=lambda r: (r.date or "", r.iri))
    original = source.records([record.copy_of])[record.copy_of] if record.copy_of else None
    up = lineage(store, record, "up", LINEAGE_DEPTH, limit=LINEAGE_PATHS) if cites_total <= LINEAGE_FANOUT else None
    down = lineage(store, record, "down", LINEAGE_DEPTH, limit=LINEAGE_PATHS) if cited_by_total <= LINEAGE_FANOUT else None
    return DocumentPage(
        record=record, status=status_in_force(store, iri),
        cites=_views(source, cites, "cited"), cited_by=_views(source, cited_by, "citing"),
        cites_total=cites_total, cited_by_total=cited_by_total, citing_documents=record.times_cited,
        original=original, copies=copies, page=page, per_page=limit,
        up=list(up.tree()) if up is not None else [], down=list(down.tree()) if down is not None else [],
        up_truncated=up.truncated if up is not None else None,
        down_truncated=down.truncated if down is not None else None,
        related={**(up.related if up is not None else {}), **(down.related if down is not None else {})})


def canvas_label(r: DocumentRecord, width: int = 40) -> str:
    """A label that tells documents apart on a canvas that grows by clicks: the label with its term
    (``26-NQ/TW (XII)``), and a local document's issuing body (``01-KL/HU — Huyện ủy Lục Nam``)."""
    label = r.label or r.name
    if r.level == "local" and r.issuer and r.issuer not in label:
        label = f"{label} — {r.issuer}"
    return short_label(label, width)


def node_json(r: DocumentRecord, base: str) -> dict[str, Any]:
    """A document as the network view draws it: label, colour by type, shape by level, and its page."""
    return {"id": r.iri, "label": canvas_label(r), "url": doc_url(r.iri, base),
            "title": r.describe(long=True), "type": r.type or "", "color": type_colour(r.type or ""),
            "shape": LEVEL_SHAPES.get(r.level or ("unresolved" if r.kind == "unresolved" else "local"), "dot"),
            "date": r.date or "", "issuer": r.issuer or "", "place": r.place or "", "cited": r.times_cited}


def neighbourhood(store: Any, iri: str, limit: int = NEIGHBOURS_SHOWN) -> dict[str, Any]:
    """The documents one citation (or copy) away from ``iri`` and the edges between it and them: at most ``limit``
    citations each way, in the store's order (``left_out`` counts the rest)."""
    source = StoreSource(store)
    cites, left_out = [], 0
    for direction in ("up", "down"):
        iris, total = citation_page(store, iri, direction, limit)
        cites += citations_by_iri(store, iris)
        left_out += total - len(iris)
    pairs = copies_of(store, [iri])
    own = source.records([iri])[iri]
    if own.copy_of:
        pairs.append((iri, own.copy_of))
    others = sorted(({x for c in cites for x in (c.citing, c.cited)} | {x for p in pairs for x in p}) - {iri})
    records = source.records(others)
    edges = [{"id": c.iri, "from": c.citing, "to": c.cited, "relation": c.relation, "planned": c.planned,
              "color": RELATION_COLOURS.get(c.relation, RELATION_COLOURS["cites"])} for c in cites]
    edges += [{"id": f"{a}#copy_of", "from": a, "to": b, "relation": "copy_of", "planned": False,
               "color": RELATION_COLOURS["copy_of"]} for a, b in pairs]
    return {"focus": iri, "nodes": [node_json(own, store.base)] + [node_json(records[n], store.base) for n in others],
            "edges": edges, "left_out": left_out}
