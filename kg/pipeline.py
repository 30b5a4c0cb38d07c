"""``kg build``: read → extract → resolve → graph → store, incremental, idempotent and crash-safe.

Two passes over the inputs, each in worker processes (``jobs``), with this process as the one writer:

1. Each file is hashed, and extracted unless the cache holds its bytes' extraction under this extractor
   version (``extractions/<version>/<sha>.json``; the workers write it). Only what the file adds to the
   catalog comes back (``Prepared``), so the writer's memory grows with the catalog, not the corpus.
2. The catalog grown by every file (``kg.resolve.grow_from``) is inherited by forked workers, which read
   each file's extraction back from the cache, resolve it and write its graph's sorted N-Triples lines.
   The whole corpus is resolved on every build, since a file's resolution can change when another
   file changes; a file's named graph is rewritten only when the digest of its lines differs from
   the one the manifest recorded. Results come back in input order, so the graph does not depend on
   ``jobs``. (Without fork, as on Windows, the second pass and the first run in this process.)

Graphs are written in batches of about ``BULK_QUADS`` triples (``Store.replace_graphs``): one
transaction drops the graphs of the batch with their digests and manifest entries, Oxigraph
bulk-loads the new triples, and one more transaction records their digests and entries. A build
killed midway leaves every graph old or new with its digest, except those of the batch being
written, which are missing or without a digest; the next build writes them again.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from kg.api import extract_file, iter_inputs, skipped_summary, source_text, unread_line
from kg.read import ReadOptions
from kg.graph.build import catalog_lines, file_lines
from kg.graph.summary import SUMMARY_GRAPH, GraphFacts, Summary, line_facts
from kg.model import Extraction, FileResolution
from kg.resolve import Addition, Catalog, catalog_additions, grow_from, load_catalog, resolve_file
from kg.store import GraphStore, ManifestEntry, NewGraph, graph_digest, in_graph

__all__ = ["BuildReport", "ExtractionCache", "build", "check_store", "default_jobs", "extractor_version",
           "resolutions_in_store"]

CRASH_ENV = "KG_BUILD_CRASH_AFTER"  # tests: kill the build (SIGKILL) after this many graph writes
BULK_QUADS = 100_000  # graphs are written in batches of about this many triples
GRAPHS_AHEAD = 32  # chunks of graphs each worker may run ahead of the writer: more than a bulk batch (~400 files)
POOL_MIN_FILES = 8  # fewer files to extract than this: no worker processes (starting them costs more)
_VERSIONED = ("model.py", "api.py", "read", "extract", "rules")  # what decides an extraction's result


@cache
def extractor_version() -> str:
    """The package version and a digest of the reading/extraction code and rules: another version re-extracts."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("party-kg")
    except PackageNotFoundError:
        release = "0"
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _VERSIONED:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.suffix in {".py", ".json", ".csv", ".yaml"}) if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(root)).encode("utf-8"))
            h.update(f.read_bytes())
    return f"{release}+{h.hexdigest()[:12]}"


# ---------------------------------------------------------------- extraction cache

class ExtractionCache:
    """Extractions by (extractor version, sha256): on disk under the store, or in memory."""

    def __init__(self, store: GraphStore, version: str) -> None:
        folder = store.cache_dir
        self.folder = folder / version if folder else None
        self.root = folder
        self._memory: dict[str, Extraction] = store.memory_cache.setdefault(version, {})

    def get(self, sha256: str) -> Extraction | None:
        """The cached extraction of these bytes, or None."""
        if self.folder is None:
            return self._memory.get(sha256)
        try:
            return Extraction.from_dict(json.loads((self.folder / f"{sha256}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, e: Extraction) -> None:
        """Cache a successful extraction (written through a temporary file and a rename; safe from worker processes)."""
        if not e.sha256:
            return
        if self.folder is None:
            self._memory[e.sha256] = e
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{e.sha256}.json"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(e.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    @property
    def on_disk(self) -> bool:
        """Whether extractions live in files (workers can write them) rather than in this process's memory."""
        return self.folder is not None

    def drop_other_versions(self) -> None:
        """Remove caches written by other extractor versions."""
        if self.root is None or not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder:
                shutil.rmtree(child, ignore_errors=True)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- report

@dataclass
class BuildReport:
    """What a build did, for the closing summary."""

    inputs: int = 0
    extracted: int = 0
    cached: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in input folders of a type that is not read
    unread: list[tuple[str, list[int]]] = field(default_factory=list)  # files with scanned pages left unread
    ocr_pages: int = 0  # scanned pages read by OCR in this build
    added: list[str] = field(default_factory=list)  # files new to the store
    changed: list[str] = field(default_factory=list)  # files whose bytes (or extractor) changed
    reresolved: list[str] = field(default_factory=list)  # same bytes, but their resolved triples changed
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # in the store, not among the inputs (see --prune)
    pruned: list[str] = field(default_factory=list)
    catalog: str = "unchanged"  # unchanged | written
    documents: int = 0
    references: int = 0
    resolved: int = 0
    unresolved: int = 0
    quads: int = 0  # triples over the content graphs, a triple counted once per graph stating it
    seconds: float = 0.0
    store_bytes: int = 0

    @property
    def replaced(self) -> list[str]:
        """Files whose graph this build wrote."""
        return self.added + self.changed + self.reresolved

    def lines(self) -> list[str]:
        """The closing summary, a few lines of text."""
        out = [
            f"{self.documents} documents, {self.references} references "
            f"({self.resolved} resolved, {self.unresolved} unresolved), {self.quads} quads",
            f"files: {self.inputs} inputs, {self.extracted} extracted, {self.cached} from cache; "
            f"graphs: {len(self.added)} added, {len(self.changed)} changed, {len(self.reresolved)} re-resolved, "
            f"{self.unchanged} unchanged, {len(self.failed)} failed, {len(self.pruned)} pruned; catalog {self.catalog}",
        ]
        if self.ocr_pages or self.unread:
            unread = sum(len(pages) for _, pages in self.unread)
            out.append(f"scanned pages: {self.ocr_pages} read by OCR, {unread} left unread"
                       + (f" in {len(self.unread)} files (--no-ocr, or a page past its time bound)" if unread else ""))
        if (skipped := skipped_summary(self.skipped)) is not None:
            out.append(skipped)
        if self.reresolved:
            out.append("re-resolved (their text is unchanged, their citations changed): " + ", ".join(self.reresolved))
        if self.kept:
            out.append(f"{len(self.kept)} files in the store are not among the inputs (kept; --prune removes them)")
        out.append(f"{self.seconds:.1f} s" + (f", store {self.store_bytes / 1e6:.1f} MB" if self.store_bytes else ""))
        return out


# ---------------------------------------------------------------- build

def default_jobs() -> int:
    """Worker processes for extraction by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _progress(iterable: Iterable, total: int, desc: str, show: bool | None, err: TextIO) -> tqdm:
    return tqdm(iterable, total=total, desc=desc, unit="file", file=err, disable=(not show) if show is not None else None,
                dynamic_ncols=True, leave=False)


def _extract_safely(path: Path, options: ReadOptions) -> Extraction:
    """``extract_file`` in a worker; an unexpected exception becomes the extraction's error, not a dead build."""
    try:
        return extract_file(path, options)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the corpus
        failed = Extraction(source=source_text(path))
        failed.errors.append(f"extraction failed ({type(exc).__name__}: {exc})")
        return failed


def _worker_context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it: workers start at once with the code loaded, and a caller's script or
    notebook need no ``if __name__ == "__main__"`` guard (workers only extract; they never touch the store)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return multiprocessing.get_context(method)


_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies (Linux)
_SHARED: dict[str, Any] = {}  # what forked workers inherit (cache, catalog, inputs), set only while they run


def _worker_start() -> None:
    """In each worker: end with the build (SIGTERM when the parent dies, even by ``kill -9``, on Linux), and
    leave Ctrl-C to the parent, which reports it once instead of a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):
        pass  # not Linux: the pool's own shutdown is what ends the workers


def _in_workers(task: Callable[[tuple[int, int]], list], items: Sequence, jobs: int, shared: dict[str, Any],
                chunk: int = 16, ahead: int = 4) -> Iterator:
    """``task``'s results for ``items`` in order, ``task`` taking (start, stop) bounds into ``_SHARED["items"]``.

    With ``jobs`` > 1 and fork, forked workers inherit ``shared`` (nothing but results crosses processes) and
    run up to ``ahead`` chunks each ahead of the caller; otherwise the caller runs them itself.
    """
    _SHARED.update(shared, items=items)
    try:
        if jobs <= 1 or len(items) < POOL_MIN_FILES or _worker_context().get_start_method() != "fork":
            for start in range(0, len(items), chunk):
                yield from task((start, min(start + chunk, len(items))))
            return
        size = max(1, min(chunk, len(items) // (jobs * 8)))
        bounds = iter([(i, min(i + size, len(items))) for i in range(0, len(items), size)])
        gc.freeze()  # what the workers inherit stays out of their collections, so its pages are not copied into them
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context(), initializer=_worker_start) as pool:
            pending = deque(pool.submit(task, b) for b in islice(bounds, jobs * ahead))
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(task, b) for b in islice(bounds, 1))
                yield from done
    finally:
        gc.unfreeze()
        _SHARED.clear()


# ---- stage 1: each input read, extracted (or taken from the cache) and described for the catalog

@dataclass
class Prepared:
    """One input after extraction, as the build keeps it in memory: the extraction itself stays in the cache."""

    source: str
    sha256: str = ""
    error: str | None = None
    cached: bool = False
    nbytes: int = 0  # bytes extracted (0 for a cache hit)
    additions: list[Addition] = field(default_factory=list)  # what the file adds to the catalog
    extraction: Extraction | None = None  # kept only when the cache is in memory
    unread_pages: list[int] = field(default_factory=list)  # scanned pages left unread (OCR off or timed out)
    ocr_pages: int = 0  # pages this run read by OCR (0 for a cache hit)


def prepare_file(path: Path, cache: ExtractionCache, options: ReadOptions | None = None) -> Prepared:
    """One input: its extraction from ``cache`` or the extractor (cached then, when the cache is on disk), and its
    catalog additions. Runs in an extraction worker; only ``Prepared`` goes back to the writer."""
    source = source_text(path)
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return Prepared(source, error=f"cannot read ({exc.strerror or exc})")
    options = options or ReadOptions()
    extraction, cached = cache.get(sha), True
    if extraction is not None and extraction.unread_pages and options.ocr:
        extraction = None  # built with OCR off (or timed out): read its scanned pages now
    if extraction is None:
        extraction, cached = _extract_safely(path, options), False
        if extraction.document is None or not extraction.sha256:
            return Prepared(source, sha, error="; ".join(extraction.errors) or "nothing could be read", nbytes=_size(path))
        if cache.on_disk:
            cache.put(extraction)
    extraction.source = source
    return Prepared(source, extraction.sha256, cached=cached, nbytes=0 if cached else _size(path),
                    additions=catalog_additions(extraction), extraction=None if cache.on_disk else extraction,
                    unread_pages=list(extraction.unread_pages), ocr_pages=0 if cached else len(extraction.ocr))


def _prepare_chunk(bounds: tuple[int, int]) -> list[Prepared]:
    start, stop = bounds
    return [prepare_file(path, _SHARED["cache"], _SHARED["options"]) for path in _SHARED["items"][start:stop]]


def _prepare_inputs(inputs: Sequence[str | os.PathLike[str]], cache: ExtractionCache, report: BuildReport,
                    progress: bool | None, err: TextIO, jobs: int = 1,
                    options: ReadOptions | None = None) -> dict[str, Prepared]:
    """Path → ``Prepared`` of every readable input, in input order whatever ``jobs``; a failure is one stderr line
    and no graph. Extraction runs in the workers, which also write the cache when it is on disk."""
    listed = list(iter_inputs(inputs, report.skipped))
    report.inputs = len(listed)
    readable = [path for path, error in listed if error is None]
    prepared = _in_workers(_prepare_chunk, readable, jobs, {"cache": cache, "options": options or ReadOptions()}, chunk=8)
    out: dict[str, Prepared] = {}
    bar = _progress(None, len(listed), "extract", progress, err)
    started, nbytes = time.monotonic(), 0
    try:
        for path, error in listed:
            source = source_text(path)
            if error is None:
                p = next(prepared)
                error, nbytes = p.error, nbytes + p.nbytes
                report.ocr_pages += p.ocr_pages
                if error is None:
                    out[source] = p
                    if p.unread_pages:
                        report.unread.append((source, p.unread_pages))
                        bar.clear()
                        err.write(f"{source}: {unread_line(p.unread_pages)}\n")
                    if p.cached:
                        report.cached += 1
                    else:
                        report.extracted += 1
                        if p.extraction is not None:
                            cache.put(p.extraction)
            if nbytes and not bar.disable:  # shown with the next refresh of the bar (tqdm throttles them)
                pages = f", {report.ocr_pages} pages read by OCR" if report.ocr_pages else ""
                bar.set_postfix_str(f"{nbytes / 1e6 / max(time.monotonic() - started, 1e-6):.1f} MB/s{pages}",
                                    refresh=False)
            bar.update(1)
            if error is not None:
                report.failed.append((source, error))
                bar.clear()
                err.write(f"{source}: {error}\n")
                err.flush()
    finally:
        bar.close()
        prepared.close()
    return out


def _kept(path: str, entry: ManifestEntry, cache: ExtractionCache) -> Prepared | None:
    """A file built before and not named now, from its cached extraction (None when the cache lost it)."""
    extraction = cache.get(entry.sha256)
    if extraction is None:
        return None
    extraction.source = path
    return Prepared(path, entry.sha256, cached=True, additions=catalog_additions(extraction),
                    extraction=None if cache.on_disk else extraction)


# ---- stage 2: each file resolved against the grown catalog and turned into its graph's lines

@dataclass
class FileGraph:
    """One file's graph as the writer needs it: sorted N-Triples lines, their digest, and counts for the report."""

    source: str
    sha256: str
    lines: list[str]
    digest: str
    facts: GraphFacts  # what the graph adds to the summary graph
    references: int
    resolved: int
    unresolved: int


def file_graph(p: Prepared, cache: ExtractionCache, catalog: Catalog, iris: Any) -> FileGraph:
    """Resolve one prepared file and write its graph's lines (in a graph worker)."""
    extraction = p.extraction or cache.get(p.sha256) or _extract_safely(Path(p.source))  # the cache lost it: again
    extraction.source = p.source
    res = resolve_file(extraction, catalog)
    lines = file_lines(res, iris)
    graph = str(iris.file(p.sha256))
    return FileGraph(p.source, p.sha256, lines, graph_digest(lines), line_facts(graph, lines), *_counts(res))


def _graph_chunk(bounds: tuple[int, int]) -> list[FileGraph]:
    start, stop = bounds
    return [file_graph(p, _SHARED["cache"], _SHARED["catalog"], _SHARED["iris"]) for p in _SHARED["items"][start:stop]]


def _counts(res: FileResolution) -> tuple[int, int, int]:
    """(references, resolved mentions, unresolved mentions) of one resolved file."""
    resolved = unresolved = 0
    gone = {d.key for d in res.cited if d.kind == "unresolved"}
    for c in res.citations:
        if c.stated_in is None:
            if c.cited in gone or c.cited.startswith("ref/"):
                unresolved += len(c.references)
            else:
                resolved += len(c.references)
    return len(res.extraction.references), resolved, unresolved


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _crash_hook() -> int | None:
    value = os.environ.get(CRASH_ENV)
    return int(value) if value and value.isdigit() else None


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
    prepared = _prepare_inputs(inputs, cache, report, progress, err, jobs, ReadOptions(ocr=ocr))

    stale = sorted(p for p in manifest if p not in prepared)
    if not prune:  # files built before and not named now stay part of the corpus
        for path in stale:
            kept = _kept(path, manifest[path], cache)
            if kept is not None:
                prepared[path] = kept
        report.kept = stale

    catalog = catalog if catalog is not None else load_catalog()
    grown = grow_from((a for p in prepared.values() for a in p.additions), catalog)
    files = list(prepared.values())
    for p in files:
        p.additions = []  # in the grown catalog now

    iris, digests = store.iris, store.digests()
    graphs_in_use = {e.graph for p, e in manifest.items() if p not in prepared and not prune}
    graphs_in_use |= {str(iris.file(p.sha256)) for p in files}
    crash_after, written = _crash_hook(), 0
    spool = store.spool_path()
    if spool is not None:
        spool.unlink(missing_ok=True)  # left by a build killed before its load (gigabytes at 100k documents)
    if crash_after is not None or manifest or digests or store.content_graphs():
        spool = None  # only a first build into an empty store on disk loads once at the end
    loader: _BulkLoader | _Spool = _Spool(store, spool) if spool else \
        _BulkLoader(store, 1 if crash_after is not None else BULK_QUADS)
    graphs = _in_workers(_graph_chunk, files, jobs, {"cache": cache, "catalog": grown, "iris": iris},
                         ahead=GRAPHS_AHEAD)
    summary = Summary()
    try:
        for fg in _progress(graphs, len(files), "graph", progress, err):
            summary.add(fg.facts)
            report.references += fg.references
            report.resolved += fg.resolved
            report.unresolved += fg.unresolved
            if not _write_graph(fg, store, manifest, digests, version, graphs_in_use, loader, report):
                continue
            written += 1
            if crash_after is not None and written >= crash_after:
                loader.flush()
                store.flush()
                os.kill(os.getpid(), signal.SIGKILL)
    finally:
        loader.close()

    step = _Steps(progress, err)
    with step("catalog and summary graphs"):
        cat_lines = catalog_lines(list(catalog), iris)
        cat_digest = graph_digest(cat_lines)
        if digests.get(str(store.catalog_graph)) != cat_digest:
            store.replace_graph(str(store.catalog_graph), cat_lines, cat_digest)
            report.catalog = "written"
        summary.add(line_facts(str(store.catalog_graph), cat_lines))
        sum_graph, sum_lines = str(iris.graph(SUMMARY_GRAPH)), summary.lines(iris)
        del summary  # a million lines of it at 100k documents: the two need not be held together
        sum_digest = graph_digest(sum_lines)
        if digests.get(sum_graph) != sum_digest:
            store.replace_graph(sum_graph, sum_lines, sum_digest)
        del sum_lines

    if prune and stale:
        orphaned = [manifest[p].graph for p in stale if manifest[p].graph not in graphs_in_use]
        store.remove_graphs(orphaned, forget=stale)
        report.pruned = stale
    with step("compacting the store"):
        store.flush()
        store.optimize()
        cache.drop_other_versions()
    with step("counting"):
        report.documents = _documents_in_store(store)
        report.quads = store.quad_count()
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


def _write_graph(fg: FileGraph, store: GraphStore, manifest: dict[str, ManifestEntry], digests: dict[str, str],
                 version: str, graphs_in_use: set[str], loader: _BulkLoader | _Spool, report: BuildReport) -> bool:
    """Write one file's graph and manifest entry unless the store holds them already; whether it wrote."""
    path, sha = fg.source, fg.sha256
    graph = str(store.iris.file(sha))
    old = manifest.get(path)
    if old and old.sha256 == sha and old.extractor_version == version and digests.get(graph) == fg.digest:
        report.unchanged += 1
        return False
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


class _BulkLoader:
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


class _Spool:
    """A first build's graphs, written to one N-Quads file and bulk-loaded into the empty store in one call at the end.

    One load of an empty store is about twice as fast as batch by batch, whose cost grows with the store
    (RocksDB merges every batch into what is there already). Killed before the load, the build leaves the
    store empty, and the next build is a first build again.
    """

    def __init__(self, store: GraphStore, path: Path) -> None:
        self.store, self.path = store, path
        self._file = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.graphs: list[NewGraph] = []

    def add(self, graph: NewGraph) -> None:
        """Write one graph's quads to the file; keep its digest and manifest entries for after the load."""
        self._file.write(in_graph(graph.lines, graph.graph))
        self.graphs.append(NewGraph(graph.graph, (), graph.digest, graph.entries))

    def flush(self) -> None:
        """Nothing is in the store before ``close``."""

    def close(self) -> None:
        """Load the file, then record the graphs' digests and entries; remove the file."""
        self._file.close()
        try:
            self.store.load_graphs_file(self.path, self.graphs)
        finally:
            self.path.unlink(missing_ok=True)


def _documents_in_store(store: GraphStore) -> int:
    rows = store.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { { ?d a pk:Document } UNION { ?d a pk:UnresolvedReference } }")
    return int(next(iter(rows))[0])


# ---------------------------------------------------------------- check

def resolutions_in_store(store: GraphStore, catalog: Any = None) -> tuple[list[FileResolution], Any, list[str]]:
    """Re-resolve the corpus in the store from its cached extractions: (resolutions, catalog, paths missing from the cache)."""
    from kg.resolve import load_catalog, resolve_corpus

    cache = ExtractionCache(store, extractor_version())
    extractions, missing = [], []
    for path, entry in sorted(store.manifest().items()):
        e = cache.get(entry.sha256)
        if e is None:
            missing.append(path)
            continue
        e.source = path
        extractions.append(e)
    catalog = catalog if catalog is not None else load_catalog()
    return resolve_corpus(extractions, catalog), catalog, missing


def explain_in_store(store: GraphStore, which: str, catalog: Any = None) -> list[str]:
    """``kg check --explain FILE#N``: how reference N of the stored file FILE (a path or its end) was resolved."""
    from kg.resolve import explain

    name, _, number = which.rpartition("#")
    if not name or not number.isdigit():
        raise ValueError(f"{which!r}: expected FILE#N, as kg check prints it (e.g. 001_efa0bf86d863f830.txt#12)")
    resolutions, _catalog, _missing = resolutions_in_store(store, catalog)
    found = [r for r in resolutions if r.extraction.source == name or r.extraction.source.endswith("/" + name)]
    if len(found) != 1:
        what = "no stored file" if not found else f"{len(found)} stored files"
        raise ValueError(f"{what} named {name!r}")
    return explain(found[0], int(number))


def check_store(store: GraphStore, catalog: Any = None) -> list[str]:
    """``CheckReport.lines()`` for the corpus in the store (re-resolved from the cached extractions)."""
    from kg.resolve import check

    resolutions, catalog, missing = resolutions_in_store(store, catalog)
    lines = check(resolutions, catalog).lines()
    if missing:
        lines.append(f"not checked ({len(missing)} files whose extraction is not cached under this version; "
                     "run kg build again): " + ", ".join(missing))
    return lines
