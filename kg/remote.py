"""``RemoteStore``: the ``Store`` interface over a SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, …).

- Each source file's named graph is pushed with the Graph Store Protocol (``PUT <store>?graph=<iri>``
  with N-Triples replaces exactly that graph); its digest and manifest entry follow in one SPARQL
  Update, which also drops graphs that are no longer used. A build killed between the two leaves
  a graph whose digest the manifest does not match, so the next build writes it again.
- The manifest is a named graph on the server like the embedded store's (``{base}graph/manifest``),
  and it records the base the data was built under.
- Queries go over the SPARQL protocol (POST ``application/sparql-query``) against the union of the
  server's graphs: Oxigraph takes ``union-default-graph`` as a request parameter; other servers are
  configured so (Fuseki ``tdb2:unionDefaultGraph true``; Virtuoso's default graph is already the union).
- The build's extraction cache lives in ``cache_dir`` (the CLI's ``--store`` folder), or in memory.

Only the standard library speaks HTTP here (urllib): a handful of request shapes, no session state.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import Dataset, Literal, URIRef
from rdflib.query import Result

from kg.graph.namespaces import DEFAULT_BASE, PK, PREFIXES, Iris
from kg.store import ManifestEntry, NewGraph, Store, StoreError, rdflib_dataset, to_rdflib_result
from kg.bindings import with_bindings

__all__ = ["RemoteStore", "endpoint_urls"]

UNION_PARAM = "union-default-graph"  # Oxigraph's per-request switch to the union default graph
_BASE = f"{PK._NS}base"
_SELECT_JSON = "application/sparql-results+json"
_TIMEOUT = 600.0


def endpoint_urls(query_url: str, update_url: str | None = None, store_url: str | None = None) -> tuple[str, str, str]:
    """(query, update, GSP store) URLs; the last two default to Oxigraph's layout beside ``…/query``."""
    root = query_url[: -len("/query")] if query_url.rstrip("/").endswith("/query") else query_url.rstrip("/")
    root = root.rstrip("/")
    return query_url, update_url or f"{root}/update", store_url or f"{root}/store"


class RemoteStore(Store):
    """A kg store on a SPARQL 1.1 server: same methods as ``Store``, over HTTP (only what a server can do)."""

    def __init__(self, query_url: str, base: str | None = None, *, update_url: str | None = None,
                 store_url: str | None = None, cache_dir: str | Path | None = None,
                 union_param: str | None = UNION_PARAM, timeout: float = _TIMEOUT,
                 user: str | None = None, password: str | None = None) -> None:
        self.query_url, self.update_url, self.store_url = endpoint_urls(query_url, update_url, store_url)
        self.union_param, self.timeout = union_param, timeout
        self._opener = _opener(user, password, (self.query_url, self.update_url, self.store_url))
        self.location, self.read_only = None, False
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.memory_cache: dict[str, dict] = {}
        self._use_base(base)
        self._ox = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r}, base={self.base!r})"

    # ---- configuration

    def _configure(self, base: str | None) -> str:
        """The base the server's data was built under (recorded in its manifest graph); refuse another."""
        rows = list(self._select(f"SELECT ?b WHERE {{ GRAPH ?m {{ ?m <{_BASE}> ?b }} }}", union=False))
        stored = rows[0]["b"].value if rows else None
        if stored and base and Iris(base).base != stored:
            raise StoreError(f"the endpoint {self.query_url} holds data built under base {stored}, not {base}")
        return stored or Iris(base or DEFAULT_BASE).base

    @property
    def cache_dir(self) -> Path | None:
        """Where the build caches extraction results (None: in memory)."""
        return self._cache_dir

    # ---- HTTP

    def _request(self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
                 method: str | None = None) -> tuple[str, bytes]:
        """(content type, body) of one HTTP request; an HTTP or connection error becomes a StoreError."""
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        verb = method or ("POST" if data is not None else "GET")
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return resp.headers.get_content_type(), resp.read()
        except urllib.error.HTTPError as err:
            detail = " ".join(err.read().decode("utf-8", "replace").split())[:300]
            hint = " (give --user, and the password in KG_ENDPOINT_PASSWORD)" if err.code == 401 else ""
            raise StoreError(f"{verb} {url}: HTTP {err.code}{hint} {detail}".rstrip()) from err
        except urllib.error.URLError as err:
            raise StoreError(f"cannot reach the SPARQL endpoint {url} ({err.reason})") from err
        except TimeoutError as err:
            raise StoreError(f"{verb} {url}: no answer within {self.timeout:g} s") from err
        except OSError as err:  # the connection reset or closed mid-answer
            raise StoreError(f"{verb} {url}: the connection failed ({err})") from err

    def _query_url(self, union: bool) -> str:
        return _with_param(self.query_url, self.union_param, "true") if union and self.union_param else self.query_url

    def _run(self, sparql: str, union: bool = True) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list:
        """POST a query, form-encoded (party-kg's prefixes prepended); SELECT/ASK as pyoxigraph results, graphs as
        triples. Form-encoded, because every server takes it; Virtuoso never answers ``application/sparql-query``."""
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Accept": f"{_SELECT_JSON}, application/n-triples;q=0.9"}
        form = urllib.parse.urlencode({"query": _with_prefixes(sparql)}).encode("ascii")
        kind, body = self._request(self._query_url(union), form, headers)
        if kind in (_SELECT_JSON, "application/json"):
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if kind in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        fmt = ox.RdfFormat.from_media_type(kind) or ox.RdfFormat.N_TRIPLES
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, fmt)]

    def _select(self, sparql: str, union: bool = True) -> ox.QuerySolutions:
        return self._run(sparql, union)  # type: ignore[return-value]

    def _update(self, sparql: str) -> None:
        self._request(self.update_url, sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})

    def _graph_url(self, graph: str) -> str:
        return _with_param(self.store_url, "graph", str(graph))

    def put_graph(self, graph: str, lines: Sequence[str]) -> None:
        """Replace exactly ``graph`` with ``lines`` (Graph Store Protocol PUT, N-Triples)."""
        body = ("\n".join(lines) + "\n").encode("utf-8")
        self._request(self._graph_url(graph), body, {"Content-Type": "application/n-triples"}, method="PUT")

    # ---- reading

    def manifest(self) -> dict[str, ManifestEntry]:
        """Path → its manifest entry."""
        rows = self._select(
            f"SELECT ?path ?sha ?graph ?version WHERE {{ GRAPH <{self.manifest_graph}> {{ ?e a pk:ManifestEntry ; "
            "pk:path ?path ; pk:sha256 ?sha ; pk:graph ?graph ; pk:extractorVersion ?version } }", union=False)
        return {r["path"].value: ManifestEntry(r["path"].value, r["sha"].value, r["graph"].value, r["version"].value)
                for r in rows}

    def digests(self) -> dict[str, str]:
        """Graph IRI → the digest of the triples last written to it."""
        rows = self._select(f"SELECT ?g ?d WHERE {{ GRAPH <{self.manifest_graph}> {{ ?g pk:digest ?d }} }}", union=False)
        return {r["g"].value: r["d"].value for r in rows}

    def content_graphs(self) -> list[URIRef]:
        """Our named graphs (under the store's base) but the manifest, sorted; a server's own graphs are left out.
        (Listed by their triples: Virtuoso answers ``GRAPH ?g { }`` with nothing.)"""
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours('?g')} }}", union=False)
        return sorted(URIRef(r["g"].value) for r in rows if isinstance(r["g"], ox.NamedNode))

    def _ours(self, var: str) -> str:
        """A FILTER keeping the graphs ``var`` that this store wrote: under its base, and not its manifest."""
        return f"FILTER(STRSTARTS(STR({var}), {Literal(self.base).n3()}) && {var} != <{self.manifest_graph}>)"

    def _graph_quads(self, graph: str) -> list[ox.Quad]:
        """One named graph's triples as quads (Graph Store Protocol GET); none when the graph does not exist."""
        try:
            kind, body = self._request(self._graph_url(graph), headers={"Accept": "application/n-triples"})
        except StoreError as err:
            if "HTTP 404" in str(err):
                return []
            raise
        fmt = ox.RdfFormat.from_media_type(kind) or ox.RdfFormat.N_TRIPLES
        name = ox.NamedNode(str(graph))
        return [ox.Quad(q.subject, q.predicate, q.object, name) for q in ox.parse(body, fmt)]

    def __len__(self) -> int:
        """Distinct triples in the union of the content graphs."""
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                            f"{self._ours('?g')} }} }}", union=False)
        return int(next(iter(rows))["n"].value)

    def quad_count(self) -> int:
        """Quads in the content graphs (a triple stated by two files counts twice)."""
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours('?g')} }}",
                            union=False)
        return int(next(iter(rows))["n"].value)

    def query(self, sparql: str, **bindings) -> Result:
        """Run a SPARQL query on the server over the union of its graphs, as an rdflib ``Result`` (see ``Store.query``)."""
        return to_rdflib_result(self._run(with_bindings(sparql, {k: to_ox(v) for k, v in bindings.items()})))

    def query_union(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | list:
        """Run a SPARQL query on the server over the union of its graphs, as pyoxigraph results."""
        return self._run(sparql)

    def graph(self) -> Dataset:
        """A read-only rdflib ``Dataset`` over the endpoint (rdflib's SPARQLStore; queries go to the server)."""
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        params = {self.union_param: "true"} if self.union_param else {}
        return rdflib_dataset(SPARQLStore(self.query_url, returnFormat="json", params=params))

    # ---- writing

    def replace_graph(self, graph: str, lines: Sequence[str], digest: str, *, drop: Iterable[str] = (),
                      entries: Iterable[ManifestEntry] = (), forget: Iterable[str] = ()) -> None:
        """PUT ``graph`` (GSP), then in one update: drop ``drop``, record its digest, forget ``forget``, write ``entries``."""
        entries = list(entries)
        if lines:
            self.put_graph(graph, lines)
        drop = [g for g in dict.fromkeys(drop) if g != graph] + ([] if lines else [graph])
        ops = [f"DROP SILENT GRAPH <{g}>" for g in drop]
        ops += [self._forget_digest(g) for g in dict.fromkeys([*drop, graph])]
        ops += [self._forget_entry(p) for p in dict.fromkeys([*forget, *(e.path for e in entries)])]
        data = [f"<{self.manifest_graph}> <{_BASE}> {Literal(self.base).n3()} .",
                f"<{graph}> <{PK.digest}> {Literal(digest).n3()} ."] + [self._entry_triples(e) for e in entries]
        ops.append(f"INSERT DATA {{ GRAPH <{self.manifest_graph}> {{\n" + "\n".join(data) + "\n} }")
        self._update(" ;\n".join(ops))

    def spool_path(self) -> None:
        """A server takes graph by graph (Graph Store Protocol): no spool."""
        return None

    def replace_graphs(self, graphs: Sequence[NewGraph]) -> None:
        """One ``replace_graph`` each (GSP PUT, then the manifest update)."""
        for g in graphs:
            self.replace_graph(g.graph, g.lines, g.digest, drop=g.drop, entries=g.entries)

    def optimize(self) -> None:
        """Nothing to do: the server manages its own storage."""

    def flush(self) -> None:
        """Nothing to do: every request is committed by the server when it answers."""

    # ---- export

    def size_on_disk(self) -> int:
        """0: the data is on the server."""
        return 0

    def close(self) -> None:
        """Nothing to release (no connection is kept open)."""


def _opener(user: str | None, password: str | None, urls: Sequence[str]) -> urllib.request.OpenerDirector:
    """A URL opener; with ``user``, it answers HTTP Digest challenges (Virtuoso's ``…-auth`` endpoints) of ``urls``."""
    if user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        passwords.add_password(None, url, user, password or "")
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))


def _with_param(url: str, name: str, value: str) -> str:
    """``url`` with one more query parameter (it may already have some, e.g. QLever's ``access-token``)."""
    return f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode({name: value})}"


_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


def _with_prefixes(sparql: str) -> str:
    """``sparql`` with party-kg's PREFIX declarations it does not declare itself put in front."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k not in declared)
    return head + sparql

