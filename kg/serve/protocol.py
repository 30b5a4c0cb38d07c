"""The SPARQL 1.1 Protocol over a read-only store: a query by GET, by form POST or as ``application/sparql-query``.

The default graph is the union of the store's graphs (as ``oxigraph serve-read-only --union-default-graph``); the
party-kg prefixes are predeclared. Results are serialised by pyoxigraph in the format the ``Accept`` header asks
for: SPARQL JSON (the default), XML, CSV or TSV for SELECT and ASK; N-Triples (the default), Turtle or RDF/XML
for CONSTRUCT and DESCRIBE. Updates are refused: the explorer only reads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox

from kg.query.sparql import update_verb

__all__ = ["ProtocolError", "SparqlAnswer", "answer", "query_text"]

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "text/plain": ox.RdfFormat.N_TRIPLES,
}


class ProtocolError(Exception):
    """A request the protocol refuses: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SparqlAnswer:
    """The serialised result and its media type."""

    body: bytes
    media_type: str


def query_text(method: str, content_type: str | None, query_string: str, body: bytes) -> str:
    """The query of a protocol request (GET ``?query=``, POST form field ``query``, or a POST body)."""
    params = parse_qs(query_string, keep_blank_values=True)
    kind = (content_type or "").split(";")[0].strip().lower()
    if method == "POST" and kind == "application/x-www-form-urlencoded":
        params = {**params, **parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)}
    if "update" in params or kind == "application/sparql-update":
        raise ProtocolError(403, "this endpoint only reads: SPARQL Update is refused")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise ProtocolError(400, "the default graph here is the union of the store's graphs: name a graph with "
                                 "GRAPH <…> inside the query instead of default-graph-uri or named-graph-uri")
    if method == "POST" and kind == "application/sparql-query":
        return body.decode("utf-8", "replace")
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise ProtocolError(400, "give one query: ?query=… (GET), a form field query (POST), or a body of type "
                                 "application/sparql-query")
    return queries[0]


def _chosen(accept: str | None, offered: dict[str, Any], default: str) -> str:
    """The media type of ``offered`` that ``accept`` prefers (by q value, then order), else ``default``."""
    best, best_q = None, 0.0
    for part in (accept or "").split(","):
        kind, *options = [x.strip() for x in part.split(";")]
        q = next((float(o[2:]) for o in options if o.startswith("q=") and _number(o[2:])), 1.0)
        kind = kind.lower()
        match = kind if kind in offered else default if kind in ("*/*", "application/*", "text/*") else None
        if match and q > best_q:
            best, best_q = match, q
    return best or default


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def answer(store: Any, sparql: str, accept: str | None) -> SparqlAnswer:
    """Run ``sparql`` over the store's union graph and serialise the result as ``accept`` asks."""
    try:
        result = store.query_union(sparql)
    except SyntaxError as err:
        if verb := update_verb(sparql):
            raise ProtocolError(400, f"{verb} is a SPARQL update: this endpoint only reads") from err
        raise ProtocolError(400, f"the query does not parse: {err}") from err
    except OSError as err:  # pyoxigraph's evaluation errors
        raise ProtocolError(400, f"the query failed: {err}") from err
    if isinstance(result, (ox.QueryTriples, list)):  # a list of triples: a graph as a store on a server returns it
        kind = _chosen(accept, _GRAPH_TYPES, "application/n-triples")
        body = result.serialize(format=_GRAPH_TYPES[kind]) if isinstance(result, ox.QueryTriples) else (
            ox.serialize(result, format=_GRAPH_TYPES[kind]))
        return SparqlAnswer(body, kind if kind != "text/plain" else "application/n-triples")
    kind = _chosen(accept, _RESULT_TYPES, "application/sparql-results+json")
    return SparqlAnswer(result.serialize(format=_RESULT_TYPES[kind]), kind)
