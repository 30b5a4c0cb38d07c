"""One interface over the graph store: an embedded on-disk Oxigraph store by default, rdflib as the API.

A store directory holds ``store.json`` (the base IRI it was built under), ``oxigraph/`` (the
Oxigraph database: one named graph per source file, ``{base}graph/catalog``, ``{base}graph/summary``
and the manifest in ``{base}graph/manifest``) and ``extractions/`` (the build's cache of extraction
results). A graph's digest and manifest entry are recorded only after its triples are in (and its
old triples were dropped before), so a graph whose digest is recorded is always complete. The
manifest graph is bookkeeping: counts and exports leave it out (union queries see it).
``kg.remote.RemoteStore`` implements the same methods over a SPARQL 1.1 server.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from collections import deque
from itertools import groupby
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol, runtime_checkable

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from oxrdflib._converter import from_ox, to_ox
from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from kg.graph.namespaces import DEFAULT_BASE, PK, PREFIXES, RDF, Iris
from kg.graph.ntriples import nt_literal, nt_term
from kg.atomic import atomic_file
from kg.bindings import with_bindings

__all__ = ["EXPORT_FORMATS", "ManifestEntry", "NewGraph", "Store", "StoreError", "graph_digest", "in_graph", "is_url", "nt_lines",
           "open_store", "rdflib_dataset", "rdflib_graph", "write_quads"]

STORE_FORMAT = 1
BULK_LINES = 50_000  # a graph bigger than this (the summary of a big corpus) is bulk-loaded, not parsed into Python
EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
}


class StoreError(Exception):
    """The store cannot be opened or used as asked (locked, built under another base, unknown format)."""


@dataclass(frozen=True)
class ManifestEntry:
    """One input file as last built: its path, content hash, graph, and the extractor version that read it."""

    path: str
    sha256: str
    graph: str
    extractor_version: str


@dataclass(frozen=True)
class NewGraph:
    """A graph to (re)write: its IRI, N-Triples lines, digest, manifest entries, and old graphs it takes the place of."""

    graph: str
    lines: Sequence[str]
    digest: str
    entries: Sequence[ManifestEntry] = ()
    drop: Sequence[str] = ()


def nt_lines(g: Graph | Iterable[tuple]) -> list[str]:
    """The triples of ``g`` as sorted, unique N-Triples lines (no blank nodes, so this is canonical)."""
    triples = g if not isinstance(g, Graph) else g.triples((None, None, None))
    return sorted({f"{s.n3()} {p.n3()} {nt_term(o)} ." for s, p, o in triples})


def graph_digest(lines: Sequence[str]) -> str:
    """SHA-256 of a graph's sorted N-Triples lines: equal digests, equal graphs."""
    h = hashlib.sha256()
    for start in range(0, len(lines), 8192):  # in slices: a summary graph of a million lines is not copied whole
        h.update(("\n".join(lines[start:start + 8192]) + "\n").encode("utf-8"))
    return h.hexdigest()


@runtime_checkable
class GraphStore(Protocol):
    """What the build, the queries, lineage, the viewer and the exports ask of a store, embedded or on a server.

    ``Store`` (Oxigraph, embedded) and ``kg.remote.RemoteStore`` (a SPARQL 1.1 server) provide it; ``open_store``
    picks one from ``STORES`` by the location's scheme.
    """

    base: str
    iris: Iris
    manifest_graph: str
    catalog_graph: str
    memory_cache: dict[str, dict]

    @property
    def cache_dir(self) -> Path | None: ...
    def manifest(self) -> dict[str, ManifestEntry]: ...
    def digests(self) -> dict[str, str]: ...
    def content_graphs(self) -> list[URIRef]: ...
    def graph_lines(self, graph: str) -> list[str]: ...
    def quad_count(self) -> int: ...
    def query(self, sparql: str, **bindings) -> Result: ...
    def query_union(self, sparql: str) -> object: ...
    def graph(self) -> Dataset: ...
    def named_graph(self, graph: str) -> Graph: ...
    def replace_graph(self, graph: str, lines: Sequence[str], digest: str, *, drop: Iterable[str] = (),
                      entry: ManifestEntry | None = None, forget: Iterable[str] = ()) -> None: ...
    def replace_graphs(self, graphs: Sequence[NewGraph]) -> None: ...
    def spool_path(self) -> Path | None: ...
    def load_graphs_files(self, paths: Sequence[Path], graphs: Sequence[NewGraph]) -> None: ...
    def remove_graphs(self, graphs: Iterable[str], forget: Iterable[str] = ()) -> None: ...
    def optimize(self) -> None: ...
    def flush(self) -> None: ...
    def export(self, out: BinaryIO, fmt: str = "turtle") -> None: ...
    def export_bytes(self, fmt: str = "turtle") -> bytes: ...
    def size_on_disk(self) -> int: ...
    def close(self) -> None: ...


def rdflib_dataset(store: Any) -> Dataset:
    """An rdflib ``Dataset`` over an rdflib store plugin, the union of the named graphs as its default graph, with
    party-kg's prefixes bound."""
    ds = Dataset(store=store, default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def rdflib_graph(graph: str, quads: Iterable[ox.Quad]) -> Graph:
    """The triples of ``quads`` in an in-memory rdflib Graph named ``graph``."""
    g = Graph(identifier=URIRef(str(graph)))
    for q in quads:
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


class Store:
    """An Oxigraph store (on disk under ``location``, or in memory) with named graphs, a manifest and export."""

    def __init__(self, location: str | os.PathLike[str] | None = None, base: str | None = None, *,
                 read_only: bool = False) -> None:
        self.location = Path(location) if location is not None else None
        self.read_only = read_only and self.location is not None
        if self.read_only and not (self.location / "store.json").is_file():
            raise StoreError(f"no store in {self.location} (run kg build first)")
        self._use_base(base)
        self.memory_cache: dict[str, dict] = {}  # the build's extraction cache when the store is in memory
        self._ox = self._open_oxigraph()

    def _use_base(self, base: str | None) -> None:
        """The base the store was built under (``_configure``) and the IRIs of its bookkeeping graphs."""
        self.base = self._configure(base)
        self.iris = Iris(self.base)
        self.manifest_graph = self.iris.graph("manifest")
        self.catalog_graph = self.iris.graph("catalog")

    def _open_oxigraph(self) -> ox.Store:
        """The Oxigraph store: in memory, on disk, or on disk read-only (which leaves the folder byte for byte as it was)."""
        if self.location is None:
            return ox.Store()
        folder = str(self.location / "oxigraph")
        try:
            return ox.Store.read_only(folder) if self.read_only else ox.Store(folder)
        except OSError as err:
            hint = "" if self.read_only else "; is another kg process using it?"
            raise StoreError(f"cannot open the store in {self.location} ({err}){hint}") from err

    # ---- configuration

    def _configure(self, base: str | None) -> str:
        """Read or write ``store.json``; refuse a base other than the one the store was built under."""
        if self.location is None:
            return Iris(base or DEFAULT_BASE).base
        config = self.location / "store.json"
        if self.location.exists() and not self.location.is_dir():
            raise StoreError(f"{self.location} is a file, not a store folder")
        if config.exists():
            try:
                stored = json.loads(config.read_text(encoding="utf-8"))["base"]
            except (ValueError, KeyError, TypeError):
                raise StoreError(f"the store in {self.location} is damaged: {config.name} has no base IRI "
                                 "(build into a new --store folder)") from None
            if base and Iris(base).base != stored:
                raise StoreError(f"the store in {self.location} was built under base {stored}, not {base}; "
                                 "use that base or another --store")
            return stored
        chosen = Iris(base or DEFAULT_BASE).base
        self.location.mkdir(parents=True, exist_ok=True)
        with atomic_file(config) as f:
            f.write(json.dumps({"base": chosen, "format": STORE_FORMAT}, indent=1).encode("utf-8"))
        return chosen

    @property
    def cache_dir(self) -> Path | None:
        """Where the build caches extraction results (None for an in-memory store)."""
        return self.location / "extractions" if self.location else None

    # ---- reading

    def manifest(self) -> dict[str, ManifestEntry]:
        """Path → its manifest entry."""
        rows = self._ox.query(
            "SELECT ?path ?sha ?graph ?version WHERE { ?e a pk:ManifestEntry ; pk:path ?path ; pk:sha256 ?sha ; "
            "pk:graph ?graph ; pk:extractorVersion ?version }",
            prefixes={"pk": str(PK._NS)}, default_graph=ox.NamedNode(str(self.manifest_graph)))
        return {r["path"].value: ManifestEntry(r["path"].value, r["sha"].value, r["graph"].value, r["version"].value)
                for r in rows}

    def digests(self) -> dict[str, str]:
        """Graph IRI → the digest of the triples last written to it."""
        rows = self._ox.query("SELECT ?g ?d WHERE { ?g pk:digest ?d }", prefixes={"pk": str(PK._NS)},
                              default_graph=ox.NamedNode(str(self.manifest_graph)))
        return {r["g"].value: r["d"].value for r in rows}

    def content_graphs(self) -> list[URIRef]:
        """Every named graph but the manifest, sorted."""
        return sorted(URIRef(g.value) for g in self._ox.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value != str(self.manifest_graph))

    def _graph_quads(self, graph: str) -> Iterable[ox.Quad]:
        """One named graph's quads (none when it does not exist)."""
        return self._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))

    def graph_lines(self, graph: str) -> list[str]:
        """One named graph's triples as sorted N-Triples lines (what its digest is computed over)."""
        return sorted({f"{q.subject} {q.predicate} {q.object} ." for q in self._graph_quads(graph)})

    def __len__(self) -> int:
        """Distinct triples in the union of the content graphs."""
        rows = self._ox.query(count_triples_query(self.manifest_graph))
        return int(next(iter(rows))["n"].value)

    def quad_count(self) -> int:
        """Quads in the content graphs (a triple stated by two files counts twice): cheap, unlike ``len``."""
        manifest = self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=ox.NamedNode(str(self.manifest_graph)))
        return len(self._ox) - int(next(iter(manifest))["n"].value)

    def query(self, sparql: str, **bindings) -> Result:
        """Run a SPARQL query over the union of the store's graphs (GRAPH ?g reaches each file's graph).

        ``bindings`` pre-bind variables (``doc=URIRef(...)``); party-kg's prefixes are predeclared.
        The union includes the manifest graph's bookkeeping (``pk:ManifestEntry`` nodes, ``pk:digest``).
        """
        return to_rdflib_result(self.query_union(with_bindings(sparql, {k: to_ox(v) for k, v in bindings.items()})))

    def query_union(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all graphs, as pyoxigraph results (fast: no graph listing)."""
        return self._ox.query(sparql, prefixes=PREFIX_MAP, use_default_graph_as_union=True)

    def graph(self) -> Dataset:
        """An rdflib ``Dataset`` over this store (oxrdflib): every named graph, the union as default graph."""
        return rdflib_dataset(OxigraphStore(store=self._ox))

    def named_graph(self, graph: str) -> Graph:
        """One named graph, copied into an in-memory rdflib Graph."""
        return rdflib_graph(graph, self._graph_quads(graph))

    # ---- writing

    def replace_graph(self, graph: str, lines: Sequence[str], digest: str, *, drop: Iterable[str] = (),
                      entries: Iterable[ManifestEntry] = (), forget: Iterable[str] = ()) -> None:
        """Replace ``graph`` by ``lines`` and record its digest and ``entries``; drop ``drop``; forget ``forget``.

        Two transactions: the drop (with the old digests and entries), then the new triples together with
        their digest and manifest entries, parsed before anything is dropped. A crash in between leaves a
        graph without a digest, which the next build writes again. (One SPARQL update for both cost ~35 ms
        per graph in parsing alone.) A graph of over ``BULK_LINES`` lines is checked, then bulk-loaded after
        the drop, with its digest in a third transaction: a crash leaves it without a digest too.
        """
        self._check_writable()
        entries = list(entries)
        big = len(lines) > BULK_LINES  # bulk-loaded after the drop, its digest after that: the same crash story
        data = self._bulk_source(lines, graph) if big else None
        if data is not None:  # checked, not kept: a SyntaxError writes nothing
            deque(ox.parse(data, ox.RdfFormat.N_QUADS) if isinstance(data, bytes) else
                  ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS), maxlen=0)
        quads = self._parse_quads(graph, () if big else lines, digest, entries)  # a SyntaxError here writes nothing
        ops = [f"DROP SILENT GRAPH <{g}>" for g in dict.fromkeys([*drop, graph])]
        ops += [self._forget_digest(g) for g in dict.fromkeys([*drop, graph])]
        ops += [self._forget_entry(p) for p in dict.fromkeys([*forget, *(e.path for e in entries)])]
        self._update(" ;\n".join(ops))
        if isinstance(data, bytes):
            self._ox.bulk_load(data, ox.RdfFormat.N_QUADS)
        elif data is not None:
            try:
                self._ox.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
            finally:
                data.unlink(missing_ok=True)
        self._ox.extend(quads)

    def _bulk_source(self, lines: Sequence[str], graph: str) -> bytes | Path:
        """A big graph's quads for a bulk load: a file beside the database (written slice by slice), bytes in memory."""
        if self.location is None:
            return in_graph(lines, graph).encode("utf-8")
        path = self.location / ".graph.nq"
        with open(path, "w", encoding="utf-8") as f:
            for start in range(0, len(lines), 8192):
                f.write(in_graph(lines[start:start + 8192], graph))
        return path

    def replace_graphs(self, graphs: Sequence[NewGraph]) -> None:
        """Replace many graphs at once, ~3x faster than ``replace_graph`` each: one transaction drops them (and
        ``drop``) with their digests and manifest entries, Oxigraph bulk-loads their triples, and one more
        transaction records the new digests and entries. A crash in between leaves graphs without digests,
        which the next build writes again."""
        self._check_writable()
        book = [q for g in graphs for q in self._parse_quads(g.graph, (), g.digest, g.entries)]
        data = "".join(in_graph(g.lines, g.graph) for g in graphs).encode("utf-8")
        targets = list(dict.fromkeys(d for g in graphs for d in (*g.drop, g.graph)))
        ops = [f"DROP SILENT GRAPH <{t}>" for t in targets] + [self._forget_digest(t) for t in targets]
        ops += [self._forget_entry(e.path) for g in graphs for e in g.entries]
        self._update(" ;\n".join(ops))
        self._ox.bulk_load(data, ox.RdfFormat.N_QUADS)  # parsed by Oxigraph, not into Python objects
        self._ox.extend(book)

    def spool_path(self) -> Path | None:
        """The folder where a first build's graph workers may write their graphs' N-Quads for one bulk load (None in
        memory)."""
        return self.location / ".new-graphs" if self.location else None

    def load_graphs_files(self, paths: Sequence[Path], graphs: Sequence[NewGraph]) -> None:
        """Bulk-load N-Quads files of graphs new to the store, then record their digests and manifest entries (made
        after the load, which needs all the memory it can get: the graphs' quads without them are rewritten by the
        next build)."""
        self._check_writable()
        with io.BufferedReader(_Concatenated(paths), buffer_size=1 << 20) as data:
            self._ox.bulk_load(data, ox.RdfFormat.N_QUADS)  # one load: each load of its own costs more than its size
        self._ox.extend(q for g in graphs for q in self._parse_quads(g.graph, (), g.digest, g.entries))

    def _parse_quads(self, graph: str, lines: Sequence[str], digest: str | None,
                     entries: Sequence[ManifestEntry]) -> list[ox.Quad]:
        """``lines`` in ``graph`` plus its digest and manifest entries in the manifest graph, as quads."""
        m = f" <{self.manifest_graph}> ."
        data = [in_graph(lines, graph)] if lines else []
        if digest is not None:
            data.append(f"<{graph}> <{PK.digest}> {Literal(digest).n3()}{m}")
        data += [t[:-1].rstrip() + m for e in entries for t in self._entry_lines(e)]
        return list(ox.parse(("\n".join(data) + "\n").encode("utf-8"), ox.RdfFormat.N_QUADS))

    def _entry_lines(self, e: ManifestEntry) -> list[str]:
        """A manifest entry as N-Triples lines."""
        node = f"<{self._entry_iri(e.path)}>"
        return [f"{node} <{RDF.type}> <{PK.ManifestEntry}> .", f"{node} <{PK.path}> {nt_literal(e.path)} .",
                f"{node} <{PK.sha256}> {nt_literal(e.sha256)} .", f"{node} <{PK.graph}> <{e.graph}> .",
                f"{node} <{PK.extractorVersion}> {nt_literal(e.extractor_version)} ."]

    def remove_graphs(self, graphs: Iterable[str], forget: Iterable[str] = ()) -> None:
        """In one transaction: drop ``graphs`` and their digests, and forget the manifest entries of ``forget``."""
        self._check_writable()
        graphs, forget = list(dict.fromkeys(graphs)), list(dict.fromkeys(forget))
        ops = [f"DROP SILENT GRAPH <{g}>" for g in graphs] + [self._forget_digest(g) for g in graphs]
        ops += [self._forget_entry(p) for p in forget]
        if ops:
            self._update(" ;\n".join(ops))

    def _update(self, sparql: str) -> None:
        self._ox.update(sparql)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store in {self.location} was opened read-only")

    def _entry_iri(self, path: str) -> str:
        return f"{self.manifest_graph}/{hashlib.sha256(path.encode('utf-8')).hexdigest()}"

    def _entry_triples(self, e: ManifestEntry) -> str:
        """A manifest entry as the body of an ``INSERT DATA`` (its N-Triples lines)."""
        return "\n".join(self._entry_lines(e))

    def _forget_entry(self, path: str) -> str:
        return f"DELETE WHERE {{ GRAPH <{self.manifest_graph}> {{ <{self._entry_iri(path)}> ?p ?o }} }}"

    def _forget_digest(self, graph: str) -> str:
        return f"DELETE WHERE {{ GRAPH <{self.manifest_graph}> {{ <{graph}> <{PK.digest}> ?d }} }}"

    def optimize(self) -> None:
        """Let Oxigraph compact its files (after a build)."""
        if self.location:
            self._ox.optimize()

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        if self.location:
            self._ox.flush()

    # ---- export

    def export(self, out: BinaryIO, fmt: str = "turtle") -> None:
        """Write the content graphs: turtle/ntriples as their union, nquads/trig/jsonld keeping named graphs."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        write_quads((q for g in self.content_graphs() for q in self._graph_quads(str(g))), out, fmt, self.base)

    def export_bytes(self, fmt: str = "turtle") -> bytes:
        """``export`` into memory."""
        buf = io.BytesIO()
        self.export(buf, fmt)
        return buf.getvalue()

    def size_on_disk(self) -> int:
        """Bytes the store directory takes (0 in memory)."""
        if not self.location:
            return 0
        return sum(f.stat().st_size for f in self.location.rglob("*") if f.is_file())

    def close(self) -> None:
        """Flush and release the store (another process may then open it)."""
        if getattr(self, "_ox", None) is not None:
            if not self.read_only:
                self.flush()
            del self._ox
            self._ox = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Concatenated(io.RawIOBase):
    """Files read one after the other as one stream (N-Quads files: each ends with a line break)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self._paths = deque(paths)
        self._file: BinaryIO | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self._file is None:
                if not self._paths:
                    return 0
                self._file = open(self._paths.popleft(), "rb")  # noqa: SIM115 - closed at its end or by close()
            n = self._file.readinto(buffer)
            if n:
                return n
            self._file.close()
            self._file = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def in_graph(lines: Sequence[str], graph: str) -> str:
    """N-Triples lines as N-Quads text in ``graph`` (each line ends with " .")."""
    g = f" <{graph}> .\n"
    return "".join(line[:-1].rstrip() + g for line in lines)


PREFIX_MAP = {k: str(v) for k, v in PREFIXES.items()}


def count_triples_query(manifest_graph: str) -> str:
    """SPARQL counting the distinct triples of every named graph but the manifest."""
    return ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(?g != <{manifest_graph}>) }} }}")


def write_quads(quads: Iterable[ox.Quad], out: BinaryIO, fmt: str, base: str = DEFAULT_BASE) -> None:
    """Serialise content quads, each graph's together and the graphs in order: turtle/ntriples as their union (each
    triple once, in the graph that first states it), nquads/trig/jsonld keeping named graphs.

    JSON-LD comes compacted with a ``@context`` of the prefixes and ``@base`` (the store's base IRI)."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    rdf_format = EXPORT_FORMATS[fmt]
    if rdf_format == ox.RdfFormat.JSON_LD:  # one compacted document, written a graph at a time
        compact = JsonLdCompactor(base)
        out.write(b'{"@context":' + _json(compact.context) + b',"@graph":[')
        first = True
        for _, graph in groupby(quads, key=lambda q: q.graph_name.value):
            for n in json.loads(ox.serialize(sorted(graph, key=_order), format=rdf_format)):
                out.write((b"" if first else b",") + _json(compact.node(n)))
                first = False
        out.write(b"]}")
        return
    if rdf_format.supports_datasets:
        # a graph at a time (the callers give each graph's quads together, graphs in order), each sorted by subject
        # so that TriG groups them: memory follows the largest graph, not the store (a 10k store held 4.7 GB)
        prefixes = PREFIX_MAP if rdf_format != ox.RdfFormat.N_QUADS else None
        for _, graph in groupby(quads, key=lambda q: q.graph_name.value):
            ox.serialize(sorted(graph, key=_order), out, rdf_format, prefixes=prefixes)
            prefixes = None  # declared once, at the top
        return
    # the union, a graph at a time too: each triple where it first comes (graphs in order, each sorted), a 16-byte
    # digest of every triple written kept to leave out its repeats (a 10k store held 2.1 GB as one sorted set)
    prefixes = PREFIX_MAP if rdf_format == ox.RdfFormat.TURTLE else None
    written: set[bytes] = set()
    for _, graph in groupby(quads, key=lambda q: q.graph_name.value):
        fresh = []
        for q in sorted(graph, key=_order):
            triple = ox.Triple(q.subject, q.predicate, q.object)
            key = hashlib.blake2b(str(triple).encode(), digest_size=16).digest()
            if key not in written:
                written.add(key)
                fresh.append(triple)
        ox.serialize(fresh, out, rdf_format, prefixes=prefixes)
        prefixes = None


def compact_jsonld(expanded: list[dict], base: str) -> dict:
    """Expanded JSON-LD compacted by prefixes (``eli:cites``), ``@type`` for rdf:type, and data IRIs relative to
    ``base``; the ``@context`` says how, so a JSON-LD processor expands it back to the same quads."""
    compact = JsonLdCompactor(base)
    return {"@context": compact.context, "@graph": [compact.node(n) for n in expanded]}


class JsonLdCompactor:
    """``compact_jsonld`` a top-level node at a time (a named graph with its nodes), so that an export writes the
    document a graph at a time; ``context`` is the document's ``@context``."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.context = {"@base": base, **PREFIX_MAP}
        self._vocab = sorted(PREFIX_MAP.items(), key=lambda kv: -len(kv[1]))

    def term(self, iri: str) -> str:
        for prefix, ns in self._vocab:
            if iri.startswith(ns) and not iri[len(ns):].startswith("//"):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def ref(self, iri: str) -> str:
        rest = iri[len(self.base):] if iri.startswith(self.base) else None
        if rest and ":" not in rest and not rest.startswith(("/", "?", "#")) and \
                not {".", ".."} & set(rest.split("/")):
            return rest
        return self.term(iri)

    def value(self, v: dict) -> dict | str:
        if "@id" in v:
            return {"@id": self.ref(v["@id"])}
        if v.keys() == {"@value"}:
            return v["@value"]  # a plain string
        return {k: self.term(x) if k == "@type" else x for k, x in v.items()}

    def node(self, n: dict) -> dict:
        out: dict = {}
        for k, vs in n.items():
            if k == "@id":
                out[k] = self.ref(vs)
            elif k == "@graph":
                out[k] = [self.node(x) for x in vs]
            elif k == str(RDF.type):
                out["@type"] = _one([self.term(v["@id"]) for v in vs])
            else:
                out[self.term(k)] = _one([self.value(v) for v in vs])
        return out


def _one(values: list) -> list | object:
    return values[0] if len(values) == 1 else values


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _order(t: ox.Quad | ox.Triple) -> tuple[str, str, str]:
    return (t.subject.value, t.predicate.value, str(t.object))


def to_rdflib_result(result) -> Result:
    """A pyoxigraph query result (or the triples a remote store parsed from a graph) as an rdflib ``Result``."""
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
    elif isinstance(result, ox.QuerySolutions):
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in result.variables]
        terms: dict = {}  # a term repeats across rows (the same document, the same count): converted once
        out.bindings = [{v: terms[val] if val in terms else terms.setdefault(val, from_ox(val))
                         for v, val in zip(out.vars, row) if val is not None} for row in result]
    else:
        out = Result("CONSTRUCT")
        out.graph = Graph()
        for t in result:
            out.graph.add(from_ox(t))
    return out


def is_url(location: object) -> bool:
    """Whether ``location`` names a store by a registered scheme (``http://`` … a SPARQL endpoint) rather than a folder."""
    return isinstance(location, str) and "://" in location and location.split("://", 1)[0] in STORES


def open_store(location: str | os.PathLike[str] | None = None, base: str | None = None, *, read_only: bool = False,
               **endpoint: object) -> Store:
    """Open (creating if needed) the store in ``location``; in memory when None; a SPARQL endpoint when a URL.

    ``read_only`` opens an existing store for reading only and leaves its folder unchanged (no log, no lock).
    For a URL, ``endpoint`` passes ``update_url``, ``store_url``, ``cache_dir`` … to ``kg.remote.RemoteStore``.
    """
    scheme = str(location).split("://", 1)[0] if isinstance(location, str) and "://" in location else ""
    if scheme:
        return _opener(scheme)(str(location), base, **endpoint)
    return Store(location, base, read_only=read_only)


#: Stores by location scheme: a folder (or None, in memory) is an embedded ``Store``; ``http``/``https`` a SPARQL
#: server. ``register_store`` adds another (as rdflib's plugin registry does), by the dotted name of its class.
STORES: dict[str, str] = {"http": "kg.remote:RemoteStore", "https": "kg.remote:RemoteStore"}


def register_store(scheme: str, target: str) -> None:
    """Open locations ``scheme://…`` with the store class ``module:Class`` (its ``__init__(location, base, **options)``)."""
    STORES[scheme] = target


def _opener(scheme: str):
    import importlib

    target = STORES.get(scheme)
    if target is None:
        raise StoreError(f"no store is registered for {scheme}:// locations (known: {', '.join(sorted(STORES))})")
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)
