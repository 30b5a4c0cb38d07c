"""The explorer (``kg serve``) on a large store: start-up, search, document pages and neighbourhoods.

It builds a synthetic corpus of ``--n`` documents into a store (benchmarks/synth.py, then ``kg build``; both kept
in ``--workdir`` and reused when present), or takes an existing ``--store``; starts ``kg serve`` on 127.0.0.1;
and times requests one at a time from this process over HTTP: searches (symbols, title words, bodies, with and
without diacritics), the pages of a sample of documents (the most cited, whose pages are the longest, and a random
draw of the rest) and their neighbourhoods. It prints p50, p95 and max per kind, start-up time and the
server's resident memory.

    .venv/bin/python benchmarks/serve.py --n 100000 --workdir /tmp/kg-serve-bench
    .venv/bin/python benchmarks/serve.py --store .kg-store
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import strip_accents, synth  # noqa: E402

KG = Path(sys.executable).with_name("kg")
TARGETS_MS = {"document page": 200, "search": 200, "neighbourhood": 300}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_store(n: int, workdir: Path, seed: int) -> Path:
    """The store of a synthetic corpus of ``n`` documents, built once and kept under ``workdir``."""
    corpus, store = workdir / f"corpus-{n}", workdir / f"store-{n}"
    if not (corpus / "planted.jsonl").is_file():
        synth(n, seed, corpus, workers=2)
    if not (store / "store.json").is_file():
        started = time.perf_counter()
        subprocess.run([str(KG), "build", str(corpus), "--store", str(store), "--no-progress"], check=True)
        print(f"built {n} documents in {time.perf_counter() - started:.0f} s")
    return store


def fetch(url: str) -> tuple[float, bytes]:
    """Milliseconds to the last byte, and the body."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        body = r.read()
    return (time.perf_counter() - started) * 1000, body


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def figures(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms   ({len(times)} requests)"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="an existing store (instead of a synthetic one)")
    ap.add_argument("--n", type=int, default=100_000, help="documents of the synthetic corpus (default 100,000)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kg-serve-bench"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=200, help="documents whose page and neighbourhood are timed")
    args = ap.parse_args(argv)
    store = args.store or ensure_store(args.n, args.workdir, args.seed)

    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([str(KG), "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        line = proc.stdout.readline()
        if not line:
            sys.exit(f"kg serve did not start: {proc.stderr.read()[-2000:]}")
        fetch(base + "/query?query=ASK%7B%7D")
        print(f"start-up: {time.perf_counter() - started:.1f} s to the first answer")
        line = proc.stdout.readline()
        print(f"search index: {time.perf_counter() - started:.1f} s ({line.strip()})")
        rng = random.Random(args.seed)
        ranked = json.loads(fetch(base + "/query?" + urllib.parse.urlencode({"query": (
            "SELECT ?doc ?label ?rank WHERE { GRAPH ?g { ?row pk:mostCitedRank ?rank ; pk:document ?doc ; "
            "pk:documentLabel ?label } }")}))[1])["results"]["bindings"]
        ranked.sort(key=lambda b: int(b["rank"]["value"]))
        hubs = ranked[:20]  # the most cited: the longest pages and the largest neighbourhoods
        drawn = hubs + rng.sample(ranked[20:], min(len(ranked) - 20, args.sample - len(hubs)))
        sample = [b["doc"]["value"] for b in drawn]
        labels = [b["label"]["value"] for b in drawn[len(hubs):]]

        queries = [lab.split(" (")[0] for lab in labels[:60]]                       # symbols: 26-NQ/TW
        queries += [strip_accents(q).lower() for q in queries[:20]]                 # without diacritics
        queries += ["nghị quyết cán bộ", "nghi quyet can bo", "kết luận", "Ban Bí thư", "ban bi thu", "tỉnh ủy",
                    "chỉ thị 05", "quy định 29", "huyện ủy", "kế hoạch thực hiện", "2024", "a"]
        times: dict[str, list[float]] = {"search": [], "document page": [], "neighbourhood": []}
        for q in queries:
            times["search"].append(fetch(f"{base}/search?q={urllib.parse.quote(q)}")[0])
        for iri in sample:
            path = iri.split("/eli/", 1)[1] if "/eli/" in iri else None
            if path is None:
                continue
            times["document page"].append(fetch(f"{base}/doc/eli/{urllib.parse.quote(path)}")[0])
            times["neighbourhood"].append(fetch(f"{base}/api/neighbours?iri={urllib.parse.quote(iri)}")[0])
        for kind, values in times.items():
            target = TARGETS_MS[kind]
            p95 = sorted(values)[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
            print(f"{kind:14} {figures(values)}   target p95 < {target} ms: {'met' if p95 < target else 'MISSED'}")
        print(f"server memory: {rss_mb(proc.pid):.0f} MB resident")
    finally:
        proc.kill()  # a request still running would hold a graceful stop
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
