"""Scale benchmark: extraction, build, store, queries and viewer on synthetic corpora of several sizes.

For each size it generates a corpus (benchmarks/synth.py), then measures: extraction MB/s and
documents/s in one process and over a process pool of all cores; the build (``kg.build``: extract →
resolve → store) in a child process, with its documents/s, quads/s, peak RSS and store size;
most-cited, lineage depth 5 and paths between two documents against the Oxigraph store; the viewer
page for 500 and 5,000 documents; and the same load and queries with rdflib's in-memory ``Dataset``
(from the store's N-Quads), as ratios. It prints a table and writes ``results.json`` to ``--workdir``.

    .venv/bin/python benchmarks/run.py --sizes 1000,10000 --workdir /tmp/kg-bench
    .venv/bin/python benchmarks/run.py --quick --workdir /tmp/kg-bench-quick     # 200 documents
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import Doc, registry, synth  # noqa: E402

QUERIES = ROOT / "queries"
LINEAGE_DEPTH = 5
TOP_CITED = 100  # the most-cited rows a reader looks at: the query filtered on the rank, as its header says
RANK_PATTERN = "?row pk:mostCitedRank ?rank ; pk:document ?doc ."
VIEW_SIZES = (500, 5000)
WHOLE_EVIDENCE_MAX = 20_000  # above this many documents the whole graph is read without its evidence only
INMEMORY_TIMEOUT = 900.0


# ------------------------------------------------------------------ small helpers

def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The median wall time of ``repeat`` calls of ``fn`` (seconds), and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def dir_bytes(path: Path) -> int:
    """Bytes of every file under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def max_rss_mb(who: int) -> float:
    """Peak resident memory of this process (RUSAGE_SELF) or its waited-for children, in MB (Linux: KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


# ------------------------------------------------------------------ extraction

def _extract_size(path: str) -> int:
    """Extract one file (in a worker); return its size in bytes, or -1 when it failed."""
    import kg

    result = kg.extract_file(path)
    return -1 if result.errors else os.path.getsize(path)


def _noop(_: int) -> int:
    import kg  # noqa: F401 - warm the worker's imports before timing

    return 0


def extraction(files: list[Path], sample: int, workers: int) -> dict[str, float]:
    """Extraction rate over the first ``sample`` files: one process, then a pool of ``workers`` processes."""
    chosen = [str(p) for p in files[:sample]]
    mb = sum(os.path.getsize(p) for p in chosen) / 1e6
    _extract_size(chosen[0])  # compile the patterns outside the timing
    start = time.perf_counter()
    failed = sum(_extract_size(p) < 0 for p in chosen)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_noop, range(workers * 2)))
        start = time.perf_counter()
        failed += sum(s < 0 for s in pool.map(_extract_size, chosen, chunksize=8))
        many = time.perf_counter() - start
    return {"docs": len(chosen), "mb": mb, "failed": failed, "workers": workers,
            "one_mb_s": mb / one, "one_docs_s": len(chosen) / one,
            "pool_mb_s": mb / many, "pool_docs_s": len(chosen) / many}


# ------------------------------------------------------------------ build (child process)

def child_build(corpus: str, store: str) -> None:
    """Run ``kg.build`` on ``corpus`` into ``store`` and print its figures as JSON (the child's side)."""
    import kg

    start = time.perf_counter()
    try:
        report = kg.build([corpus], store, progress=False)
    except TypeError:  # a build without the progress option
        report = kg.build([corpus], store)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "documents": report.documents, "references": report.references,
                      "resolved": report.resolved, "unresolved": report.unresolved, "quads": report.quads,
                      "inputs": report.inputs, "failed": len(report.failed),
                      "rss_self_mb": max_rss_mb(resource.RUSAGE_SELF),
                      "rss_children_mb": max_rss_mb(resource.RUSAGE_CHILDREN)}))


def _process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it now (Linux: read from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we read
        children.setdefault(ppid, []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def _pss_mb(pid: int) -> float:
    """Proportional set size of one process in MB (shared pages split among their sharers); 0 once it has ended."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _peak_pss(proc: subprocess.Popen, every: float = 0.5) -> float:
    """Wait for ``proc``, sampling the summed PSS of it and its descendants; the largest sum seen, in MB. Unlike
    the rusage figures it counts a page the forked workers share with their parent once, and only processes alive
    together."""
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, sum(_pss_mb(pid) for pid in _process_tree(proc.pid)))
        time.sleep(every)
    return peak


def build(corpus: Path, store: Path, n: int, fresh: bool = True) -> dict[str, float]:
    """Build in a fresh child process; its wall time, rates, peak memory and the store's size on disk. ``fresh``:
    into an empty store (else over the store as the last build left it: a rebuild)."""
    if fresh:
        shutil.rmtree(store, ignore_errors=True)
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, __file__, "--child-build", str(corpus), str(store)],
                                stdout=out, stderr=err, text=True)
        peak_pss = _peak_pss(proc)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, proc.args, out.read(), err.read())
        figures = json.loads(out.read().strip().splitlines()[-1])
    figures.update(wall=wall, docs_s=n / figures["seconds"], quads_s=figures["quads"] / figures["seconds"],
                   peak_rss_mb=figures["rss_self_mb"] + figures["rss_children_mb"], peak_pss_mb=peak_pss,
                   store_mb=dir_bytes(store) / 1e6)
    return figures


# ------------------------------------------------------------------ queries

def deep_pair(docs: list[Doc]) -> tuple[Doc, Doc]:
    """The newest document of the longest central topic chain, and its ancestor three links back."""
    chains: dict[int, list[Doc]] = {}
    for d in docs:
        if d.central:
            chains.setdefault(d.topic, []).append(d)
    chain = max(chains.values(), key=len)
    return chain[-1], chain[max(0, len(chain) - 4)]


def queries(store: Any, deep: Doc, ancestor: Doc) -> dict[str, Any]:
    """Latency of most-cited, lineage depth 5 and paths (median of 3) on an opened store or an adapter."""
    import kg

    most_cited = (QUERIES / "most-cited.rq").read_text(encoding="utf-8")
    t_cited, rows = timed(lambda: list(kg.run_query(store, most_cited)))
    first = most_cited.replace(RANK_PATTERN, f"?row pk:mostCitedRank ?rank . FILTER(?rank <= {TOP_CITED}) ?row pk:document ?doc .")
    assert first != most_cited, f"most-cited.rq no longer has {RANK_PATTERN!r}"
    t_top, top = timed(lambda: list(kg.run_query(store, first)))
    start = time.perf_counter()
    doc = kg.lookup(store, deep.symbol, date=deep.day.isoformat())
    target = kg.lookup(store, ancestor.symbol, date=ancestor.day.isoformat())
    t_lookup = time.perf_counter() - start
    t_lineage, lineage = timed(lambda: kg.lineage(store, doc, depth=LINEAGE_DEPTH))
    t_paths, paths = timed(lambda: kg.paths(store, doc, target))
    steps = [len(getattr(p, "steps", ())) for p in _iterate(lineage)]
    return {"most_cited_s": t_cited, "most_cited_rows": len(rows), "most_cited_top_s": t_top,
            "most_cited_top_rows": len(top), "lookup_s": t_lookup,
            "lineage_s": t_lineage, "lineage_paths": len(steps), "lineage_max_depth": max(steps, default=0),
            "paths_s": t_paths, "paths_found": len(_iterate(paths)),
            "deep_doc": f"{deep.symbol} ({deep.day})", "ancestor": f"{ancestor.symbol} ({ancestor.day})"}


def _iterate(result: Any) -> list:
    return list(result) if result is not None else []


# ------------------------------------------------------------------ viewer

def viewer(store: Any, workdir: Path, documents: int) -> dict[str, Any]:
    """Time ``kg.to_networkx`` of the whole store (with evidence up to ``WHOLE_EVIDENCE_MAX`` documents), and of the
    500 and 5,000 best-connected documents (``top=N``), then ``kg.view.write_html`` of those."""
    import kg
    from kg.view import write_html

    start = time.perf_counter()
    graph = kg.to_networkx(store, evidence=False)
    out: dict[str, Any] = {"to_networkx_s": time.perf_counter() - start, "graph_nodes": graph.number_of_nodes(),
                           "graph_edges": graph.number_of_edges()}
    del graph
    if documents <= WHOLE_EVIDENCE_MAX:
        start = time.perf_counter()
        kg.to_networkx(store)
        out["to_networkx_evidence_s"] = time.perf_counter() - start
    for size in VIEW_SIZES:
        start = time.perf_counter()
        sub = kg.to_networkx(store, top=size)
        out[f"top_{size}_s"] = time.perf_counter() - start
        start = time.perf_counter()
        path = write_html(sub, workdir / f"view-{size}.html")
        out[f"view_{size}_s"] = time.perf_counter() - start
        out[f"view_{size}_nodes"], out[f"view_{size}_edges"] = sub.number_of_nodes(), sub.number_of_edges()
        out[f"view_{size}_mb"] = Path(path).stat().st_size / 1e6
    return out


# ------------------------------------------------------------------ rdflib in memory (child process)

class MemoryStore:
    """The part of kg's Store that the query API uses (``query``, ``query_union``, ``catalog_graph``), over an
    rdflib in-memory ``Dataset`` whose default graph is the union of its graphs."""

    def __init__(self, dataset: Any, catalog_graph: str) -> None:
        from kg.graph.namespaces import PREFIXES

        self.dataset, self.catalog_graph, self.prefixes = dataset, catalog_graph, dict(PREFIXES)

    def query(self, sparql: str, **bindings: Any) -> Any:
        """An rdflib Result, as ``Store.query`` gives."""
        return self.dataset.query(sparql, initNs=self.prefixes, initBindings=bindings or None)

    def query_union(self, sparql: str) -> "_Solutions | bool":
        """The rows shaped like pyoxigraph's QuerySolutions (``variables``, rows by name, terms with ``value``), or
        an ASK's answer."""
        result = self.query(sparql)
        return bool(result.askAnswer) if result.type == "ASK" else _Solutions(result)


class _Term:
    """An rdflib term read as a pyoxigraph one: ``value``, and ``datatype`` for a literal."""

    __slots__ = ("value", "datatype")

    def __init__(self, value: str, datatype: "_Term | None" = None) -> None:
        self.value, self.datatype = value, datatype


def _ox_term(term: Any) -> _Term | None:
    from rdflib import Literal
    from rdflib.namespace import XSD

    if term is None:
        return None
    if isinstance(term, Literal):
        return _Term(str(term), _Term(str(term.datatype or (None if term.language else XSD.string) or "")))
    return _Term(str(term))


class _Solutions:
    """pyoxigraph-shaped SELECT results over an rdflib Result."""

    def __init__(self, result: Any) -> None:
        self.variables = [_Term(str(v)) for v in result.vars]
        self._rows = [{str(v): _ox_term(row[i]) for i, v in enumerate(result.vars)} for row in result]

    def __iter__(self):
        return iter(self._rows)


def child_inmemory(nquads: str, catalog_graph: str, pair: str) -> None:
    """Load the N-Quads into ``rdflib.Dataset`` and run the same queries; print the figures as JSON."""
    from rdflib import Dataset

    deep_symbol, deep_day, anc_symbol, anc_day = pair.split("|")
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    load = time.perf_counter() - start
    store = MemoryStore(dataset, catalog_graph)
    from datetime import date

    deep = _Named(deep_symbol, date.fromisoformat(deep_day))
    anc = _Named(anc_symbol, date.fromisoformat(anc_day))
    figures = {"load_s": load, "quads": len(dataset), **queries(store, deep, anc),
               "rss_mb": max_rss_mb(resource.RUSAGE_SELF)}
    print(json.dumps(figures))


class _Named:
    """A symbol and a date, all ``queries`` reads of a ``Doc``."""

    def __init__(self, symbol: str, day: Any) -> None:
        self.symbol, self.day = symbol, day


def inmemory(store: Any, workdir: Path, deep: Doc, ancestor: Doc, timeout: float) -> dict[str, Any]:
    """Export N-Quads from the store and run the in-memory side in a child (killed after ``timeout`` s)."""
    nquads = workdir / "export.nq"
    start = time.perf_counter()
    with open(nquads, "wb") as out:
        store.export(out, "nquads")
    export = time.perf_counter() - start
    pair = f"{deep.symbol}|{deep.day}|{ancestor.symbol}|{ancestor.day}"
    try:
        proc = subprocess.run([sys.executable, __file__, "--child-inmemory", str(nquads), str(store.catalog_graph), pair],
                              capture_output=True, text=True, check=True, timeout=timeout)
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        figures = {"timeout_s": timeout}
    except subprocess.CalledProcessError as err:
        figures = {"error": err.stderr.strip().splitlines()[-1] if err.stderr.strip() else str(err)}
    figures["export_s"] = export
    figures["nquads_mb"] = nquads.stat().st_size / 1e6
    nquads.unlink()
    return figures


# ------------------------------------------------------------------ one size

def run_size(n: int, seed: int, workdir: Path, sample: int, skip_inmemory: bool, inmemory_max_triples: int,
             workers: int, mentions: int = 1) -> dict[str, Any]:
    """Every figure for a corpus of ``n`` documents (each cited document named ``mentions`` times, see synth.py)."""
    import kg

    corpus, store_dir = workdir / f"corpus-{n}", workdir / f"store-{n}"
    start = time.perf_counter()
    shutil.rmtree(corpus, ignore_errors=True)
    synth(n, seed, corpus, workers, mentions)
    files = corpus_files(corpus)
    result: dict[str, Any] = {"n": n, "mentions": mentions, "generate_s": time.perf_counter() - start,
                              "corpus_mb": sum(p.stat().st_size for p in files) / 1e6}
    print(f"[{n}] corpus {result['corpus_mb']:.0f} MB in {result['generate_s']:.1f} s", file=sys.stderr, flush=True)
    result["extract"] = extraction(files, min(n, sample), workers)
    print(f"[{n}] extraction {result['extract']}", file=sys.stderr, flush=True)
    result["build"] = build(corpus, store_dir, n)
    print(f"[{n}] build {result['build']}", file=sys.stderr, flush=True)
    result["rebuild"] = build(corpus, store_dir, n, fresh=False)  # nothing changed: nothing to do
    print(f"[{n}] rebuild, nothing changed {result['rebuild']}", file=sys.stderr, flush=True)
    deep, ancestor = deep_pair(registry(n, seed))
    with kg.open_store(store_dir) as store:
        result["oxigraph"] = queries(store, deep, ancestor)
        print(f"[{n}] oxigraph {result['oxigraph']}", file=sys.stderr, flush=True)
        result["viewer"] = viewer(store, workdir, n)
        if skip_inmemory or result["build"]["quads"] > inmemory_max_triples:
            result["inmemory"] = {"skipped": "--skip-inmemory" if skip_inmemory
                                  else f"over {inmemory_max_triples} triples (--inmemory-max-triples)"}
        else:
            result["inmemory"] = inmemory(store, workdir, deep, ancestor, INMEMORY_TIMEOUT)
        print(f"[{n}] in memory {result['inmemory']}", file=sys.stderr, flush=True)
    shutil.rmtree(corpus, ignore_errors=True)
    return result


# ------------------------------------------------------------------ report

ROWS: tuple[tuple[str, str, str], ...] = (
    ("corpus MB", "corpus_mb", "{:.1f}"),
    ("extract 1 proc MB/s", "extract.one_mb_s", "{:.2f}"),
    ("extract 1 proc docs/s", "extract.one_docs_s", "{:.0f}"),
    ("extract pool MB/s", "extract.pool_mb_s", "{:.2f}"),
    ("extract pool docs/s", "extract.pool_docs_s", "{:.0f}"),
    ("build s", "build.seconds", "{:.1f}"),
    ("rebuild, nothing changed s", "rebuild.seconds", "{:.2f}"),
    ("build docs/s", "build.docs_s", "{:.1f}"),
    ("build quads/s", "build.quads_s", "{:.0f}"),
    ("quads", "build.quads", "{:.0f}"),
    ("build peak RSS MB", "build.peak_rss_mb", "{:.0f}"),
    ("build peak PSS MB", "build.peak_pss_mb", "{:.0f}"),
    ("store MB", "build.store_mb", "{:.1f}"),
    ("most-cited ms (all rows)", "oxigraph.most_cited_s", "ms"),
    ("most-cited rows", "oxigraph.most_cited_rows", "{:.0f}"),
    (f"most-cited top {TOP_CITED} ms", "oxigraph.most_cited_top_s", "ms"),
    ("lineage d5 ms", "oxigraph.lineage_s", "ms"),
    ("lineage paths", "oxigraph.lineage_paths", "{:.0f}"),
    ("paths ms", "oxigraph.paths_s", "ms"),
    ("to_networkx whole s", "viewer.to_networkx_s", "{:.2f}"),
    ("  with evidence s", "viewer.to_networkx_evidence_s", "{:.2f}"),
    ("to_networkx top 500 s", "viewer.top_500_s", "{:.2f}"),
    ("view 500 s", "viewer.view_500_s", "{:.2f}"),
    ("to_networkx top 5000 s", "viewer.top_5000_s", "{:.2f}"),
    ("view 5000 s", "viewer.view_5000_s", "{:.2f}"),
    ("view 5000 nodes", "viewer.view_5000_nodes", "{:.0f}"),
    ("view 5000 MB", "viewer.view_5000_mb", "{:.1f}"),
    ("rdflib load s", "inmemory.load_s", "{:.1f}"),
    ("rdflib load / build", "ratio.load_vs_build", "{:.2f}x"),
    ("rdflib most-cited ms", "inmemory.most_cited_s", "ms"),
    ("rdflib/oxigraph most-cited", "ratio.most_cited", "{:.1f}x"),
    ("rdflib lineage d5 ms", "inmemory.lineage_s", "ms"),
    ("rdflib/oxigraph lineage", "ratio.lineage", "{:.1f}x"),
    ("rdflib paths ms", "inmemory.paths_s", "ms"),
    ("rdflib/oxigraph paths", "ratio.paths", "{:.1f}x"),
    ("rdflib peak RSS MB", "inmemory.rss_mb", "{:.0f}"),
)


def add_ratios(result: dict[str, Any]) -> None:
    """rdflib in memory over Oxigraph, for the load (against the whole build) and each query."""
    mem, ox, ratio = result.get("inmemory", {}), result["oxigraph"], {}
    if "load_s" in mem:
        ratio["load_vs_build"] = mem["load_s"] / result["build"]["seconds"]
        for key in ("most_cited", "lineage", "paths"):
            ratio[key] = mem[f"{key}_s"] / max(ox[f"{key}_s"], 1e-9)
    result["ratio"] = ratio


def _get(result: dict[str, Any], dotted: str) -> Any:
    value: Any = result
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def table(results: list[dict[str, Any]]) -> str:
    """The figures, one row per measure and one column per size."""
    head = ["measure"] + [f"{r['n']:,} docs" for r in results]
    lines = [head]
    for label, key, fmt in ROWS:
        cells = []
        for r in results:
            v = _get(r, key)
            cells.append("-" if v is None else f"{v * 1000:.1f}" if fmt == "ms" else fmt.format(v))
        lines.append([label, *cells])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) for row in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    if len(results) > 1:
        a, b = results[-2], results[-1]
        growth = b["build"]["seconds"] / a["build"]["seconds"]
        out.append(f"build time {a['n']:,} → {b['n']:,} documents: ×{growth:.1f} for ×{b['n'] / a['n']:.0f} documents")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", help="where corpora, stores and results.json go (default: a temporary folder)")
    ap.add_argument("--skip-inmemory", action="store_true", help="no rdflib in-memory comparison")
    ap.add_argument("--inmemory-max-triples", type=int, default=1_000_000,
                    help="skip the in-memory side above this many triples (default 1,000,000)")
    ap.add_argument("--sample", type=int, default=1000, help="documents timed for extraction (default 1000)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes of the pool (default: all cores)")
    ap.add_argument("--quick", action="store_true", help="one corpus of 200 documents")
    ap.add_argument("--mentions", type=int, default=1,
                    help="times each cited document is named (synth.py; 6: ~34 references a document, as dense as real ones)")
    ap.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--child-inmemory", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_build:
        return child_build(*args.child_build)
    if args.child_inmemory:
        return child_inmemory(*args.child_inmemory)
    sizes = [200] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in sizes:
        result = run_size(n, args.seed, workdir, args.sample, args.skip_inmemory, args.inmemory_max_triples, args.workers,
                          args.mentions)
        add_ratios(result)
        results.append(result)
        (workdir / "results.json").write_text(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
                                                          "seed": args.seed, "results": results}, indent=1))
    print(table(results))
    print(f"figures: {workdir / 'results.json'}")


if __name__ == "__main__":
    main()
