"""The build's one writer: file graphs with their manifest entries, in bulk batches or a spool loaded once.

Graphs are written in batches of about ``BULK_QUADS`` triples (``replace_graphs``): one transaction drops the
graphs of the batch with their digests and manifest entries, Oxigraph bulk-loads the new triples, and one more
transaction records their digests and entries. In a first build into an empty store on disk, the graph workers
write their graphs' quads to a spool folder themselves (``spooled_graph_chunk``), loaded once at the end.
"""
from __future__ import annotations

import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.builder.report import BuildReport
from kg.builder.stages import FileGraph, graph_chunk
from kg.store import GraphStore, ManifestEntry, NewGraph, in_graph

__all__ = ["BULK_QUADS", "BulkLoader", "Spool", "documents_in_store", "spooled_graph_chunk", "write_graph"]

BULK_QUADS = 100_000  # graphs are written in batches of about this many triples


def write_graph(fg: FileGraph, manifest: dict[str, ManifestEntry], digests: dict[str, str],
                 version: str, graphs_in_use: set[str], loader: BulkLoader | Spool, report: BuildReport) -> bool:
    """Write one file's graph and manifest entry unless the store holds them already; whether it wrote."""
    path, sha, graph = fg.source, fg.sha256, fg.graph
    old = manifest.get(path)
    if old and old.sha256 == sha and old.extractor_version == version and digests.get(graph) == fg.digest:
        report.unchanged += 1
        report.not_resolved += fg.kept
        return False
    if fg.kept:  # kept_graph vouched for the store's graph: never write its empty lines over it
        raise RuntimeError(f"{path}: the graph kept from the last build is not the store's ({graph})")
    drop = [old.graph] if old and old.graph != graph and old.graph not in graphs_in_use else []
    loader.add(NewGraph(graph, fg.lines, fg.digest, (ManifestEntry(path, sha, graph, version),), drop))
    digests[graph] = fg.digest
    if old is None:
        report.added.append(path)
    elif old.sha256 != sha or old.extractor_version != version:
        report.changed.append(path)
    else:
        report.reresolved.append(path)
    return True


class BulkLoader:
    """Graphs to write, in batches of about ``quads`` triples (``Store.replace_graphs``).

    A batch loads in a background thread (Oxigraph releases the GIL) while the next one gathers: the
    writer keeps taking results from the graph workers. At most one batch loads at a time, and
    ``flush`` returns only once everything queued is in the store.
    """

    def __init__(self, store: GraphStore, quads: int) -> None:
        self.store, self.quads = store, quads
        self.pending: list[NewGraph] = []
        self.size = 0
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-bulk-load")
        self._loading: Future | None = None

    def add(self, graph: NewGraph) -> None:
        """Queue one graph; start loading the batch once it is big enough."""
        self.pending.append(graph)
        self.size += len(graph.lines)
        if self.size >= self.quads:
            self._start()

    def _start(self) -> None:
        """Wait for the batch loading now (its error is raised here), then start loading the queued one."""
        self._wait()
        if self.pending:
            self._loading = self._thread.submit(self.store.replace_graphs, self.pending)
        self.pending, self.size = [], 0

    def _wait(self) -> None:
        if self._loading is not None:
            loading, self._loading = self._loading, None
            loading.result()

    def flush(self) -> None:
        """Load what is queued and wait until it is in the store (before any other write)."""
        self._start()
        self._wait()

    def close(self) -> None:
        """Flush, and end the loading thread."""
        try:
            self.flush()
        finally:
            self._thread.shutdown()

    def stop(self) -> None:
        """The build failed: still write the graphs queued (each whole, with its digest), as ``close`` does."""
        self.close()


class Spool:
    """A first build's graphs, bulk-loaded into the empty store in one go at the end: their quads are in the
    ``folder``'s files, one a graph worker (``spooled_graph_chunk``); ``add`` keeps each graph's digest and entries.

    One load of an empty store is about twice as fast as batch by batch, whose cost grows with the store
    (RocksDB merges every batch into what is there already), and the graphs' lines never travel to this process.
    Killed or failed before the load, the build leaves the store empty, and the next build is a first build again.
    """

    def __init__(self, store: GraphStore, folder: Path) -> None:
        self.store, self.folder = store, folder
        self.graphs: list[NewGraph] = []

    def add(self, graph: NewGraph) -> None:
        """Keep a graph's digest and manifest entries for after the load; its lines, if it comes with them (the
        catalog's and the summary's: a file's are in a worker's file already), go to this process's file."""
        if graph.lines:
            with open(self.folder / "writer.nq", "a", encoding="utf-8") as own:
                own.write(in_graph(graph.lines, graph.graph))
        self.graphs.append(NewGraph(graph.graph, (), graph.digest, graph.entries))

    def flush(self) -> None:
        """Nothing is in the store before ``close``."""

    def close(self) -> None:
        """Load the folder's files, then record the graphs' digests and entries; remove the folder."""
        try:
            self.store.load_graphs_files(sorted(self.folder.glob("*.nq")), self.graphs)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self) -> None:
        """The build failed: load nothing (a worker's file may end mid-line), so the store stays empty and the next
        build is a first build again; remove the folder."""
        shutil.rmtree(self.folder, ignore_errors=True)


def spooled_graph_chunk(state: dict[str, Any], bounds: tuple[int, int]) -> list[FileGraph]:
    """``graph_chunk`` in a first build's graph worker: the graphs' quads are appended to this process's file in
    ``state["spool"]``, and they come back without their lines."""
    graphs = graph_chunk(state, bounds)
    with open(state["spool"] / f"{os.getpid()}.nq", "a", encoding="utf-8") as shard:
        shard.writelines(in_graph(g.lines, g.graph) for g in graphs)
    return [replace(g, lines=[]) for g in graphs]


def documents_in_store(store: GraphStore) -> int:
    rows = store.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { { ?d a pk:Document } UNION { ?d a pk:UnresolvedReference } }")
    return int(next(iter(rows))[0])
