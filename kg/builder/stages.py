"""The build's two stages per file, run in the workers: (1) read, extract or take from the cache, and say what the
file adds to the catalog; (2) resolve against the grown catalog and write the file graph's sorted lines."""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence, Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from kg.api import extract_file, iter_inputs, source_text, unread_line
from kg.builder.cache import ExtractionCache, Location, Resolution, ResolutionCache, file_sha256, file_size
from kg.builder.report import BuildReport
from kg.workers import in_workers
from kg.graph.build import file_statements
from kg.graph.summary import GraphFacts, graph_facts
from kg.model import Extraction, FileResolution
import kg.read
from kg.read import ReadOptions, converted_ahead
from kg.resolve import Addition, Catalog, catalog_additions, resolve_file
from kg.resolve.reads import CatalogReads, replay
from kg.store import ManifestEntry, graph_digest

__all__ = ["FileGraph", "Prepared", "file_graph", "graph_chunk", "kept", "prepare_file", "prepare_inputs",
           "progress_bar", "read_additions"]


def progress_bar(iterable: Iterable, total: int, desc: str, show: bool | None, err: TextIO) -> tqdm:
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


# ---- stage 1: each input read, extracted (or taken from the cache) and described for the catalog

@dataclass
class Prepared:
    """One input after extraction, as the build keeps it in memory: the extraction itself stays in the cache."""

    source: str
    sha256: str = ""
    error: str | None = None
    cached: bool = False
    nbytes: int = 0  # bytes extracted (0 for a cache hit)
    additions: list[Addition] | None = None  # what the file adds to the catalog; None: not read yet (a cache hit)
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
    if cache.has(sha) and path.suffix.lower() != ".pdf":  # what it adds is read only if the build goes on (a PDF: see below)
        return Prepared(source, sha, cached=True)
    extraction, cached = cache.get(sha), True
    if extraction is not None and extraction.unread_pages and options.ocr:
        extraction = None  # built with OCR off (or timed out): read its scanned pages now
    if extraction is None:
        extraction, cached = _extract_safely(path, options), False
        if extraction.document is None or not extraction.sha256:
            return Prepared(source, sha, error="; ".join(extraction.errors) or "nothing could be read", nbytes=file_size(path))
        if cache.on_disk:
            cache.put(extraction)
    extraction.source = source
    return Prepared(source, extraction.sha256, cached=cached, nbytes=0 if cached else file_size(path),
                    additions=catalog_additions(extraction), extraction=None if cache.on_disk else extraction,
                    unread_pages=list(extraction.unread_pages), ocr_pages=0 if cached else len(extraction.ocr))


def _prepare_chunk(state: dict[str, Any], bounds: tuple[int, int]) -> list[Prepared]:
    """A chunk of inputs, its office files not in the cache converted by one LibreOffice run."""
    start, stop = bounds
    paths, cache = state["items"][start:stop], state["cache"]
    with converted_ahead(paths, skip=cache.has, max_bytes=kg.read.MAX_BYTES):
        return [prepare_file(path, cache, state["options"]) for path in paths]


def prepare_inputs(inputs: Sequence[str | os.PathLike[str]], cache: ExtractionCache, report: BuildReport,
                    progress: bool | None, err: TextIO, jobs: int = 1,
                    options: ReadOptions | None = None) -> dict[str, Prepared]:
    """Path → ``Prepared`` of every readable input, in input order whatever ``jobs``; a failure is one stderr line
    and no graph. Extraction runs in the workers, which also write the cache when it is on disk."""
    listed: dict[str, tuple[Path, str | None]] = {}  # source → (path, error): a file named twice is one input
    for path, error in iter_inputs(inputs, report.skipped):
        listed.setdefault(source_text(path), (path, error))
    report.inputs = len(listed)
    readable = [path for path, error in listed.values() if error is None]
    prepared = in_workers(_prepare_chunk, readable, jobs, {"cache": cache, "options": options or ReadOptions()}, chunk=8)
    out: dict[str, Prepared] = {}
    bar = progress_bar(None, len(listed), "extract", progress, err)
    started, nbytes = time.monotonic(), 0
    try:
        for source, (path, error) in listed.items():
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


def kept(path: str, entry: ManifestEntry, cache: ExtractionCache) -> Prepared | None:
    """A file built before and not named now, whose extraction the cache holds (None when the cache lost it)."""
    return Prepared(path, entry.sha256, cached=True) if cache.has(entry.sha256) else None


def read_additions(files: Sequence[Prepared], cache: ExtractionCache, jobs: int, options: ReadOptions) -> None:
    """Fill in what each cache hit adds to the catalog, from its cached extraction (in the workers): a build that
    finds nothing to do never reads them."""
    unread = [p for p in files if p.additions is None]
    for p, additions in zip(unread, in_workers(_additions_chunk, unread, jobs, {"cache": cache, "options": options})):
        p.additions = additions


def _additions_chunk(state: dict[str, Any], bounds: tuple[int, int]) -> list[list[Addition]]:
    start, stop = bounds
    return [catalog_additions(_cached(p, state["cache"], state["options"])) for p in state["items"][start:stop]]


def _cached(p: Prepared, cache: ExtractionCache, options: ReadOptions) -> Extraction:
    """A file's cached extraction; if the cache lost it (or cannot read it), the file extracted again and cached."""
    extraction = cache.get(p.sha256)
    if extraction is None:
        extraction = _extract_safely(Path(p.source), options)
        if cache.on_disk:
            cache.put(extraction)
    extraction.source = p.source
    return extraction


# ---- stage 2: each file resolved against the grown catalog and turned into its graph's lines

@dataclass
class FileGraph:
    """One file's graph as the writer needs it: sorted N-Triples lines, their digest, and counts for the report."""

    source: str
    sha256: str
    graph: str  # its IRI
    lines: list[str]
    digest: str
    facts: GraphFacts  # what the graph adds to the summary graph
    references: int
    resolved: int
    unresolved: int
    kept: bool = False  # the store's graph is kept as it is (``lines`` is empty): the file's questions got the same answers
    record: Location | None = None  # where what its resolution read is kept (``ResolutionCache``)


def file_graph(p: Prepared, cache: ExtractionCache, catalog: Catalog | CatalogReads, iris: Any,
               catalog_lines: AbstractSet[str] = frozenset(), options: ReadOptions | None = None) -> FileGraph:
    """Resolve one prepared file and write its graph's lines (in a graph worker); what the catalog's graph
    (``catalog_lines``) states of a document's identity is left out of the file's."""
    extraction = p.extraction or _cached(p, cache, options or ReadOptions())
    extraction.source = p.source
    res = resolve_file(extraction, catalog)
    statements = file_statements(res, iris, catalog_lines)
    lines, graph = sorted(statements), str(iris.file(p.sha256))
    return FileGraph(p.source, p.sha256, graph, lines, graph_digest(lines), graph_facts(graph, statements.values()),
                     *_counts(res))


def graph_chunk(state: dict[str, Any], bounds: tuple[int, int]) -> list[FileGraph]:
    """Each file's graph: kept as the store holds it when the file's questions to the catalog get the answers they
    got last time (``_kept_graph``; its record stays where it is), else resolved and written again, and what its
    resolution read appended to this worker's shard for the next build."""
    start, stop = bounds
    resolutions: ResolutionCache = state["resolutions"]
    graphs, new = [], []
    for p in state["items"][start:stop]:
        where = resolutions.where(p.source, p.sha256)
        fg = _kept_graph(p, state, where)
        if fg is not None:
            graphs.append(replace(fg, record=where))
            continue
        reads = CatalogReads(state["catalog"])
        fg = file_graph(p, state["cache"], reads, state["iris"], state["catalog_lines"], state["options"])
        graphs.append(fg)
        new.append((len(graphs) - 1, resolutions.dump(Resolution(reads.questions, reads.digest(), fg.digest, fg.facts,
                                                                  (fg.references, fg.resolved, fg.unresolved)))))
    for (k, _), where in zip(new, resolutions.append([record for _, record in new])):
        graphs[k] = replace(graphs[k], record=where)
    return graphs


def _kept_graph(p: Prepared, state: dict[str, Any], where: Location | None) -> FileGraph | None:
    """The graph of a file built before, if the store may keep it: same path, bytes and extractor, the only input
    with these bytes, the store's graph the one its last resolution (the record at ``where``) wrote, and the same
    answers from the catalog to the questions that resolution asked (``kg.resolve.reads``). The record is read only
    once the manifest says the file is unchanged."""
    entry = state["manifest"].get(p.source)
    if where is None or entry is None or entry.sha256 != p.sha256 or entry.extractor_version != state["version"]:
        return None
    resolutions: ResolutionCache = state["resolutions"]
    if p.sha256 in state["shared"] or (record := resolutions.record(where)) is None:
        return None
    if (last := ResolutionCache.read(record)) is None:
        return None
    graph = str(state["iris"].file(p.sha256))
    if state["digests"].get(graph) != last.graph_digest or replay(state["catalog"], last.questions) != last.reads:
        return None
    return FileGraph(p.source, p.sha256, graph, [], last.graph_digest, last.facts, *last.counts, kept=True)


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
