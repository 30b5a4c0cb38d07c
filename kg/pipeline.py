"""``kg build``: read → extract → resolve → graph → store, incremental, idempotent and crash-safe.

- A file whose bytes (sha256) and extractor version are unchanged is not extracted again: its
  extraction comes from the store's cache (``extractions/<version>/<sha>.json``).
- The whole corpus is resolved on every build (cheap, and a file's resolution can change when
  another file changes); a file's named graph is rewritten only when the digest of its triples
  differs from the one the manifest recorded.
- Extraction, and then each file's triples, run in worker processes (``jobs``); results come back in
  input order and only this process writes the store and the cache, so the graph does not depend on
  ``jobs``.
- Each graph's triples are written in one transaction together with its digest and manifest entry,
  after the transaction that dropped the old ones (``Store.replace_graph``). A build killed midway
  leaves every graph old or new, except at most the one being written, which is missing with its
  digest; the next build finishes the job. A first build (empty store) bulk-loads its graphs in
  batches, digests and manifest entries after them: killed, it leaves graphs without digests, which
  the next build replaces.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from kg.api import extract_file, iter_inputs
from kg.graph.build import catalog_triples, file_triples
from kg.model import Copy, Extraction, FileResolution, Link, Received, Record, Reference, Signer
from kg.store import ManifestEntry, NewGraph, Store, graph_digest, nt_lines

__all__ = ["BuildReport", "ExtractionCache", "build", "check_store", "default_jobs", "extractor_version",
           "resolutions_in_store"]

CRASH_ENV = "KG_BUILD_CRASH_AFTER"  # tests: kill the build (SIGKILL) after this many graph writes
BULK_QUADS = 100_000  # a first build loads graphs in batches of about this many triples
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

def extraction_to_json(e: Extraction) -> dict[str, Any]:
    """An extraction as plain JSON (links keep their dataclass field names)."""
    data = asdict(e)
    return data


def _build(cls: type, data: dict[str, Any]) -> Any:
    """``cls(**data)`` for the fields ``cls`` knows (a cache written by an older model still loads)."""
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in known})


def extraction_from_json(data: dict[str, Any]) -> Extraction:
    """The inverse of ``extraction_to_json``."""
    doc = data.get("document")
    record = None
    if doc is not None:
        record = _build(Record, {**doc,
                                 "signers": [_build(Signer, s) for s in doc.get("signers", [])],
                                 "copies": [_build(Copy, c) for c in doc.get("copies", [])],
                                 "received": [_build(Received, r) for r in doc.get("received", [])]})
    return _build(Extraction, {**data, "document": record,
                               "references": [_build(Reference, r) for r in data.get("references", [])],
                               "links": [_build(Link, link) for link in data.get("links", [])]})


class ExtractionCache:
    """Extractions by (extractor version, sha256): on disk under the store, or in memory."""

    def __init__(self, store: Store, version: str) -> None:
        folder = store.cache_dir
        self.folder = folder / version if folder else None
        self.root = folder
        self._memory: dict[str, Extraction] = store.memory_cache.setdefault(version, {})

    def get(self, sha256: str) -> Extraction | None:
        """The cached extraction of these bytes, or None."""
        if self.folder is None:
            return self._memory.get(sha256)
        path = self.folder / f"{sha256}.json"
        try:
            return extraction_from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, e: Extraction) -> None:
        """Cache a successful extraction (written through a temporary file and a rename)."""
        if not e.sha256:
            return
        if self.folder is None:
            self._memory[e.sha256] = e
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{e.sha256}.json"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(extraction_to_json(e), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

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
    triples: int = 0
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
            f"({self.resolved} resolved, {self.unresolved} unresolved), {self.triples} triples",
            f"files: {self.inputs} inputs, {self.extracted} extracted, {self.cached} from cache; "
            f"graphs: {len(self.added)} added, {len(self.changed)} changed, {len(self.reresolved)} re-resolved, "
            f"{self.unchanged} unchanged, {len(self.failed)} failed, {len(self.pruned)} pruned; catalog {self.catalog}",
        ]
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


def _extract_safely(path: Path) -> Extraction:
    """``extract_file`` in a worker; an unexpected exception becomes the extraction's error, not a dead build."""
    try:
        return extract_file(path)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the corpus
        failed = Extraction(source=str(path))
        failed.errors.append(f"extraction failed ({type(exc).__name__}: {exc})")
        return failed


def _extracted(todo: Sequence[Path], jobs: int) -> Iterator[Extraction]:
    """Extractions of ``todo`` in its order: in worker processes when ``jobs`` > 1 and there is enough to share."""
    if jobs <= 1 or len(todo) < POOL_MIN_FILES:
        yield from map(_extract_safely, todo)
        return
    context = _worker_context()
    chunk = max(1, min(32, len(todo) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        yield from pool.map(_extract_safely, todo, chunksize=chunk)


def _worker_context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it: workers start at once with the code loaded, and a caller's script or
    notebook need no ``if __name__ == "__main__"`` guard (workers only extract; they never touch the store)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return multiprocessing.get_context(method)


_SHARED: dict[str, Any] = {}  # what forked graph workers inherit (the resolved corpus), set only while they run


def _graph_lines(res: FileResolution, iris: Any) -> tuple[list[str], str]:
    """One file's graph as sorted N-Triples lines and their digest."""
    lines = nt_lines(file_triples(res, iris))
    return lines, graph_digest(lines)


def _graph_chunk(bounds: tuple[int, int]) -> list[tuple[list[str], str]]:
    """In a forked worker: the graphs of resolutions ``start:stop`` of the inherited corpus."""
    start, stop = bounds
    return [_graph_lines(res, _SHARED["iris"]) for res in _SHARED["resolutions"][start:stop]]


def _file_graphs(resolutions: Sequence[FileResolution], iris: Any, jobs: int) -> Iterator[tuple[list[str], str]]:
    """(lines, digest) of each file's graph in order; computed by forked workers (which inherit the resolved
    corpus, so nothing but the lines crosses processes) while this process writes, a bounded window ahead."""
    if jobs <= 1 or len(resolutions) < POOL_MIN_FILES or _worker_context().get_start_method() != "fork":
        yield from (_graph_lines(res, iris) for res in resolutions)
        return
    size = max(1, min(16, len(resolutions) // (jobs * 8)))
    chunks = iter([(i, min(i + size, len(resolutions))) for i in range(0, len(resolutions), size)])
    _SHARED.update(resolutions=resolutions, iris=iris)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context()) as pool:
            pending = deque(pool.submit(_graph_chunk, c) for c in islice(chunks, jobs * 3))
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(_graph_chunk, c) for c in islice(chunks, 1))
                yield from done
    finally:
        _SHARED.clear()


def _lookup(path: Path, error: str | None, cache: ExtractionCache) -> tuple[str | None, Extraction | None]:
    """(error, cached extraction) of one listed input, before any extraction."""
    if error is not None:
        return error, None
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})", None
    return None, cache.get(sha)


def _extract_inputs(inputs: Sequence[str | os.PathLike[str]], cache: ExtractionCache, report: BuildReport,
                    progress: bool | None, err: TextIO, jobs: int = 1) -> dict[str, Extraction]:
    """Path → extraction of every readable input, in input order whatever ``jobs``; a failure is one stderr
    line and no graph. Cache hits are read here; the rest is extracted (in parallel) and cached by this process."""
    listed = list(iter_inputs(inputs))
    report.inputs = len(listed)
    looked = [_lookup(path, error, cache) for path, error in listed]
    todo = [path for (path, _), (error, hit) in zip(listed, looked) if error is None and hit is None]
    fresh = _extracted(todo, jobs)
    out: dict[str, Extraction] = {}
    bar = _progress(None, len(listed), "extract", progress, err)
    started, nbytes = time.monotonic(), 0
    try:
        for (path, _), (error, extraction) in zip(listed, looked):
            source = str(path)
            if error is None and extraction is not None:
                report.cached += 1
            elif error is None:
                extraction = next(fresh)
                nbytes += _size(path)
                if extraction.document is not None and extraction.sha256:
                    report.extracted += 1
                    cache.put(extraction)
                else:
                    error = "; ".join(extraction.errors) or "nothing could be read"
            if nbytes and not bar.disable:  # shown with the next refresh of the bar (tqdm throttles them)
                bar.set_postfix_str(f"{nbytes / 1e6 / max(time.monotonic() - started, 1e-6):.1f} MB/s", refresh=False)
            bar.update(1)
            if error is not None:
                report.failed.append((source, error))
                bar.clear()
                err.write(f"{source}: {error}\n")
                err.flush()
                continue
            extraction.source = source
            out[source] = extraction
    finally:
        bar.close()
        fresh.close()
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _crash_hook() -> int | None:
    value = os.environ.get(CRASH_ENV)
    return int(value) if value and value.isdigit() else None


def _count(resolutions: Sequence[FileResolution], report: BuildReport) -> None:
    """References and how many of them were resolved, over the corpus."""
    for res in resolutions:
        report.references += len(res.extraction.references)
        unresolved = {d.key for d in res.cited if d.kind == "unresolved"}
        for c in res.citations:
            if c.stated_in is None:
                if c.cited in unresolved or c.cited.startswith("ref/"):
                    report.unresolved += len(c.references)
                else:
                    report.resolved += len(c.references)


def build(inputs: Sequence[str | os.PathLike[str]], store: Store, *, prune: bool = False,
          catalog: Any = None, progress: bool | None = None, err: TextIO | None = None,
          jobs: int | None = None) -> BuildReport:
    """Build (or bring up to date) the graph of ``inputs`` in ``store``; see the module docstring.

    ``jobs``: extraction worker processes (default: every core; 1 extracts in this process). The graph is the same.
    """
    from kg.resolve import load_catalog, resolve_corpus

    err = err or sys.stderr
    started = time.monotonic()
    report = BuildReport()
    version = extractor_version()
    cache = ExtractionCache(store, version)
    manifest = store.manifest()
    extractions = _extract_inputs(inputs, cache, report, progress, err, jobs or default_jobs())

    stale = sorted(p for p in manifest if p not in extractions)
    if not prune:  # files built before and not named now stay part of the corpus
        for path in stale:
            cached = cache.get(manifest[path].sha256)
            if cached is not None:
                cached.source = path
                extractions[path] = cached
        report.kept = stale

    catalog = catalog if catalog is not None else load_catalog()
    resolutions = resolve_corpus(list(extractions.values()), catalog)
    _count(resolutions, report)

    iris, digests = store.iris, store.digests()
    graphs_in_use = {e.graph for p, e in manifest.items() if p not in extractions and not prune}
    graphs_in_use |= {str(iris.file(e.sha256)) for e in extractions.values()}
    crash_after, written = _crash_hook(), 0
    loader = _BulkLoader(store, 1 if crash_after is not None else BULK_QUADS) if not manifest and not digests \
        and not store.content_graphs() else None  # a first build: nothing to protect, graphs are bulk-loaded
    graphs = _file_graphs(resolutions, iris, jobs or default_jobs())
    for res, (lines, digest) in _progress(zip(resolutions, graphs), len(resolutions), "graph", progress, err):
        path, sha = res.extraction.source, res.extraction.sha256
        graph = str(iris.file(sha))
        old = manifest.get(path)
        if old and old.sha256 == sha and old.extractor_version == version and digests.get(graph) == digest:
            report.unchanged += 1
            continue
        entry = ManifestEntry(path, sha, graph, version)
        if loader is not None and graph not in digests:
            loader.add(NewGraph(graph, lines, digest, (entry,)))
        else:
            if loader is not None:
                loader.flush()
            drop = [old.graph] if old and old.graph != graph and old.graph not in graphs_in_use else []
            store.replace_graph(graph, lines, digest, drop=drop, entries=[entry])
        digests[graph] = digest
        if old is None:
            report.added.append(path)
        elif old.sha256 != sha or old.extractor_version != version:
            report.changed.append(path)
        else:
            report.reresolved.append(path)
        written += 1
        if crash_after is not None and written >= crash_after:
            if loader is not None:
                loader.flush()
            store.flush()
            os.kill(os.getpid(), signal.SIGKILL)
    if loader is not None:
        loader.flush()

    cat_lines = nt_lines(catalog_triples(list(catalog), iris))
    cat_digest = graph_digest(cat_lines)
    if digests.get(str(store.catalog_graph)) != cat_digest:
        store.replace_graph(str(store.catalog_graph), cat_lines, cat_digest)
        report.catalog = "written"

    if prune and stale:
        orphaned = [manifest[p].graph for p in stale if manifest[p].graph not in graphs_in_use]
        store.remove_graphs(orphaned, forget=stale)
        report.pruned = stale
    store.flush()
    store.optimize()
    cache.drop_other_versions()

    report.documents = _documents_in_store(store)
    report.triples = len(store)
    report.seconds = time.monotonic() - started
    report.store_bytes = store.size_on_disk()
    return report


class _BulkLoader:
    """Graphs new to a store, loaded in batches of about ``quads`` triples (``Store.load_new_graphs``)."""

    def __init__(self, store: Store, quads: int) -> None:
        self.store, self.quads = store, quads
        self.pending: list[NewGraph] = []
        self.size = 0

    def add(self, graph: NewGraph) -> None:
        """Queue one graph; load the batch once it is big enough."""
        self.pending.append(graph)
        self.size += len(graph.lines)
        if self.size >= self.quads:
            self.flush()

    def flush(self) -> None:
        """Load what is queued."""
        if self.pending:
            self.store.load_new_graphs(self.pending)
        self.pending, self.size = [], 0


def _documents_in_store(store: Store) -> int:
    rows = store.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { { ?d a pk:Document } UNION { ?d a pk:UnresolvedReference } }")
    return int(next(iter(rows))[0])


# ---------------------------------------------------------------- check

def resolutions_in_store(store: Store, catalog: Any = None) -> tuple[list[FileResolution], Any, list[str]]:
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


def check_store(store: Store, catalog: Any = None) -> list[str]:
    """``CheckReport.lines()`` for the corpus in the store (re-resolved from the cached extractions)."""
    from kg.resolve import check

    resolutions, catalog, missing = resolutions_in_store(store, catalog)
    lines = check(resolutions, catalog).lines()
    if missing:
        lines.append(f"not checked ({len(missing)} files whose extraction is not cached under this version; "
                     "run kg build again): " + ", ".join(missing))
    return lines
