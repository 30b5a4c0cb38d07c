"""``kg build``: read → extract → resolve → graph → store, incremental, idempotent and crash-safe.

Two passes over the inputs, each in worker processes (``jobs``), with this process as the one writer:

1. Each file is hashed, and extracted unless the cache holds its bytes' extraction under this extractor
   version (``extractions/<version>/<sha>.json``; the workers write it). Only what the file adds to the
   catalog comes back (``Prepared``), so the writer's memory grows with the catalog, not the corpus.
2. The catalog grown by every file (``kg.resolve.grow_from``) is inherited by forked workers, which read
   each file's extraction back from the cache, resolve it and write its graph's sorted N-Triples lines.
   A file's resolution can change when another file changes, but only through the catalog's answers to
   the questions it asks (``kg.resolve.reads``): each file's questions and a digest of their answers are
   kept (``ResolutionCache``), and a file whose bytes are unchanged and whose questions get the same
   answers keeps its graph without being resolved again. A file's named graph is rewritten only when
   the digest of its lines differs from the one the manifest recorded. Results come back in input
   order, so the graph does not depend on ``jobs``. (Without fork, as on Windows, the second pass and
   the first run in this process.)

Graphs are written in batches of about ``BULK_QUADS`` triples (``Store.replace_graphs``): one
transaction drops the graphs of the batch with their digests and manifest entries, Oxigraph
bulk-loads the new triples, and one more transaction records their digests and entries. A build
killed midway leaves every graph old or new with its digest, except those of the batch being
written, which are missing or without a digest; the next build writes them again. A first build
into an empty store on disk has the graph workers write their graphs' quads to a spool folder
themselves, which this process loads once at the end with the digests and entries (``Spool``).
Each graph's share of the summary graph waits in a temporary file until the last graph is in; the
summary is then made in one go and let go before the load (``_summary_lines``).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, BinaryIO, TextIO

from kg.builder.cache import ExtractionCache, Location, ResolutionCache, extractor_version, graph_version
from kg.builder.check import check_store, explain_in_store, resolutions_in_store
from kg.builder.report import BuildReport
from kg.builder.stages import Prepared, graph_chunk, kept, prepare_inputs, progress_bar, read_additions
from kg.workers import POOL_MIN_FILES, default_jobs, in_workers
from kg.builder.writer import BULK_QUADS, BulkLoader, Spool, documents_in_store, spooled_graph_chunk, write_graph
from kg.graph.build import catalog_statements
from kg.graph.summary import SUMMARY_GRAPH, GraphFacts, Summary, graph_facts
from kg.read import ReadOptions
from kg.resolve import grow_from, load_catalog
from kg.store import GraphStore, NewGraph, graph_digest

__all__ = ["POOL_MIN_FILES", "BuildReport", "ExtractionCache", "build", "check_store", "default_jobs",
           "explain_in_store", "extractor_version", "resolutions_in_store"]

GRAPHS_AHEAD = 32  # chunks of graphs each worker may run ahead of the writer: more than a bulk batch (~400 files)


def build(inputs: Sequence[str | os.PathLike[str]], store: GraphStore, *, prune: bool = False,
          catalog: Any = None, progress: bool | None = None, err: TextIO | None = None,
          jobs: int | None = None, ocr: bool = True) -> BuildReport:
    """Build (or bring up to date) the graph of ``inputs`` in ``store``; see the module docstring.

    ``jobs``: worker processes (default: every core; 1 does everything in this process). The graph is the same.
    ``ocr``: read the pages of PDFs that have no text layer with Tesseract (slow; off: they are reported unread).
    """
    err = err or sys.stderr
    jobs = jobs or default_jobs()
    started = time.monotonic()
    report = BuildReport()
    version = extractor_version()
    cache = ExtractionCache(store, version)
    manifest = store.manifest()
    prepared = prepare_inputs(inputs, cache, report, progress, err, jobs, ReadOptions(ocr=ocr))

    stale = sorted(p for p in manifest if p not in prepared)
    if not prune:  # files built before and not named now stay part of the corpus
        for path in stale:
            old = kept(path, manifest[path], cache)
            if old is not None:
                prepared[path] = old
        report.kept = stale

    catalog = catalog if catalog is not None else load_catalog()
    files = list(prepared.values())
    iris, digests = store.iris, store.digests()
    graphs_in_use = {e.graph for p, e in manifest.items() if p not in prepared and not prune}
    graphs_in_use |= {str(iris.file(p.sha256)) for p in files}
    spool = store.spool_path()
    if spool is not None:
        shutil.rmtree(spool, ignore_errors=True)  # left by a build killed before its load (gigabytes at 100k documents)
    cat_statements = catalog_statements(list(catalog), iris)
    cat_lines = sorted(cat_statements)
    cat_digest = graph_digest(cat_lines)
    key = inputs_key(graph_version(), iris.base, cat_digest, files, stale if prune else [])
    if not report.extracted and unchanged_since_last_build(cache.last_build(), key, files, manifest, digests,
                                                           graphs_in_use, iris):  # an extraction may differ
        return _as_last_time(report, cache.last_build(), files, started, store)
    options = ReadOptions(ocr=ocr)
    read_additions(files, cache, jobs, options)
    grown = grow_from((a for p in files for a in p.additions or ()), catalog)
    for p in files:
        p.additions = []  # in the grown catalog now
    cache.remember_build(None)
    if manifest or digests or store.content_graphs():
        spool = None  # only a first build into an empty store on disk loads once at the end
    loader: BulkLoader | Spool = Spool(store, spool) if spool else BulkLoader(store, BULK_QUADS)
    if spool:
        spool.mkdir(parents=True)
    resolutions = ResolutionCache(cache, iris.base, cat_digest)
    shas = Counter(p.sha256 for p in files)
    records: dict[str, Location] = {}  # where each file's resolution is kept after this build
    graphs = in_workers(spooled_graph_chunk if spool else graph_chunk, files, jobs,
                        {"cache": cache, "catalog": grown, "iris": iris, "catalog_lines": frozenset(cat_lines),
                         "spool": spool, "options": options, "resolutions": resolutions, "version": version,
                         # the store as this build found it: write_graph updates digests as graphs come back
                         "manifest": dict(manifest), "digests": dict(digests),
                         "shared": {sha for sha, n in shas.items() if n > 1}}, ahead=GRAPHS_AHEAD)
    step = _Steps(progress, err)
    with tempfile.TemporaryFile(dir=spool) as shares:  # each graph's share of the summary, until all are in
        try:
            for fg in progress_bar(graphs, len(files), "graph", progress, err):
                pickle.dump(fg.facts, shares, pickle.HIGHEST_PROTOCOL)
                report.references += fg.references
                report.resolved += fg.resolved
                report.unresolved += fg.unresolved
                write_graph(fg, manifest, digests, version, graphs_in_use, loader, report)
                if fg.record is not None:
                    records[resolutions.key(fg.source, fg.sha256)] = fg.record
            del grown, files, prepared  # nor the grown catalog and the inputs: the load takes all it can
            with step("catalog and summary graphs"):
                if digests.get(str(store.catalog_graph)) != cat_digest:
                    loader.add(NewGraph(str(store.catalog_graph), cat_lines, cat_digest))
                    report.catalog = "written"
                sum_graph = str(iris.graph(SUMMARY_GRAPH))
                sum_lines = _summary_lines(iris, shares, graph_facts(str(store.catalog_graph), cat_statements.values()))
                sum_digest = graph_digest(sum_lines)
                if digests.get(sum_graph) != sum_digest:
                    loader.add(NewGraph(sum_graph, sum_lines, sum_digest))
                del sum_lines
        except BaseException:
            loader.stop()
            raise
    with step("loading the store"):
        loader.close()

    if prune and stale:
        orphaned = [manifest[p].graph for p in stale if manifest[p].graph not in graphs_in_use]
        store.remove_graphs(orphaned, forget=stale)
        report.pruned = stale
    with step("compacting the store"):
        store.flush()
        store.optimize()
        cache.drop_other_versions()
        resolutions.save(records)
    with step("counting"):
        report.documents = documents_in_store(store)
        report.quads = store.quad_count()
    report.seconds = time.monotonic() - started
    report.store_bytes = store.size_on_disk()
    if not report.failed:
        cache.remember_build({"key": key, "documents": report.documents, "references": report.references,
                              "resolved": report.resolved, "unresolved": report.unresolved, "quads": report.quads})
    return report


def _summary_lines(iris: Any, shares: BinaryIO, catalog: GraphFacts) -> list[str]:
    """The summary graph's lines, from the graphs' shares pickled one after another into ``shares`` and the catalog's
    graph's share. The summary is made here in one go, after the graphs, and let go whole: grown while the graphs came,
    among the objects that outlive it, it left the writer ~1 GB it could not give back at 100k documents."""
    summary = Summary(iris)
    shares.seek(0)
    while True:
        try:
            summary.add(pickle.load(shares))
        except EOFError:
            break
    summary.add(catalog)
    return summary.lines()


def inputs_key(version: str, base: str, catalog_digest: str, files: Sequence[Prepared], pruned: Sequence[str]) -> str:
    """What a build's graph follows from: the extractor and graph code (``graph_version``), the base, the (grown)
    catalog, each input's path and bytes, and what --prune removes. Two builds with the same key write the same graph."""
    h = hashlib.sha256()
    for part in (version, base, catalog_digest, *sorted(f"{p.source}\t{p.sha256}" for p in files), "--prune", *pruned):
        h.update(part.encode("utf-8", "surrogateescape") + b"\n")
    return h.hexdigest()


def unchanged_since_last_build(last: dict | None, key: str, files: Sequence[Prepared], manifest: dict,
                               digests: dict[str, str], graphs_in_use: set[str], iris: Any) -> bool:
    """True when the last complete build had these very inputs and the store still holds what it wrote: every
    file's manifest entry, every graph's digest, the summary's. Then there is nothing to do (the caller asks too
    that no file was extracted again: a file read anew, such as a scanned page now read by OCR, may differ)."""
    if last is None or last.get("key") != key:
        return False
    if any(manifest.get(p.source) is None or manifest[p.source].sha256 != p.sha256 for p in files):
        return False
    return all(g in digests for g in (*graphs_in_use, str(iris.graph(SUMMARY_GRAPH))))


def _as_last_time(report: BuildReport, last: dict, files: Sequence[Prepared], started: float,
                  store: GraphStore) -> BuildReport:
    """The report of a build that found nothing to do: the last build's counts, every graph unchanged."""
    report.unchanged = len(files)
    for name in ("documents", "references", "resolved", "unresolved", "quads"):
        setattr(report, name, int(last.get(name, 0)))
    report.seconds = time.monotonic() - started
    report.store_bytes = store.size_on_disk()
    return report


class _Steps:
    """The build's last steps, each a line on stderr with its time when the progress bars are shown."""

    def __init__(self, show: bool | None, err: TextIO) -> None:
        self.show = show if show is not None else err.isatty()
        self.err = err

    @contextmanager
    def __call__(self, what: str) -> Iterator[None]:
        started = time.monotonic()
        yield
        if self.show:
            self.err.write(f"{what}: {time.monotonic() - started:.1f} s\n")
            self.err.flush()
