"""Lineage and paths on a store built from the synthetic corpus (``synth.py``): the walk ``run.py`` times, and walks
from documents drawn at random.

    .venv/bin/python benchmarks/lineage.py --store /tmp/s100k --n 100000     # the store of `kg build` on synth 100000, seed 1

It prints ``kg.lineage(store, doc, depth=5)`` from the newest document of the longest central chain (the median of
3, as ``run.py`` times it, and the best of 5 more), ``kg.paths`` to its ancestor three links back, and the best of 3
for walks from ``--walks`` documents drawn at random (seed 7). To compare with older code in one session, run it
with ``PYTHONPATH`` pointing at a checkout of that revision first (its ``kg`` is imported before this checkout's).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kg  # first: PYTHONPATH may name another revision's checkout

sys.path.append(str(Path(__file__).resolve().parent.parent))
from benchmarks.run import deep_pair  # noqa: E402
from benchmarks.synth import registry  # noqa: E402


def times(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Wall times of ``repeat`` calls of ``fn`` in ms, and its last result."""
    out, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        out.append((time.perf_counter() - start) * 1000)
    return out, result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True, help="a store built from synth.py's corpus of --n files")
    ap.add_argument("--n", type=int, default=100_000, help="the corpus's size (synth.py)")
    ap.add_argument("--seed", type=int, default=1, help="the corpus's seed (synth.py)")
    ap.add_argument("--walks", type=int, default=25, help="documents drawn at random for more walks")
    args = ap.parse_args(argv)
    docs = registry(args.n, args.seed)
    deep, ancestor = deep_pair(docs)
    print(f"kg from {Path(kg.__file__).parent.parent}")
    with kg.open_store(args.store) as store:
        doc = kg.lookup(store, deep.symbol, date=deep.day.isoformat())
        cold, walk = times(lambda: kg.lineage(store, doc, depth=5), 3)
        warm, _ = times(lambda: kg.lineage(store, doc, depth=5), 5)
        target = kg.lookup(store, ancestor.symbol, date=ancestor.day.isoformat())
        path_ms, found = times(lambda: kg.paths(store, doc, target), 3)
        print(f"lineage d5 from {deep.symbol} ({deep.day}): {statistics.median(cold):.1f} ms (median of 3), "
              f"{min(warm):.1f} ms (best of 5 more), {len(walk)} paths")
        print(f"paths to {ancestor.symbol} ({ancestor.day}): {statistics.median(path_ms):.1f} ms, {len(found)} found")
        walks = []
        for d in random.Random(7).sample(docs, args.walks):
            try:
                start = kg.lookup(store, d.symbol, date=d.day.isoformat())
            except LookupError:  # a symbol the store holds twice that day, or never cited nor built
                continue
            ms, walk = times(lambda: kg.lineage(store, start, depth=5), 3)
            walks.append((min(ms), len(walk)))
    if walks:
        per_path = sum(ms for ms, _ in walks) / max(1, sum(n for _, n in walks))
        mid = ", ".join(f"{ms:.0f} ms/{n}" for ms, n in sorted(walks, key=lambda w: w[1]) if 100 <= n <= 300)
        print(f"{len(walks)} walks from documents drawn at random: {min(w[0] for w in walks):.1f}–{max(w[0] for w in walks):.1f} ms "
              f"for {min(w[1] for w in walks)}–{max(w[1] for w in walks)} paths, {per_path:.3f} ms a path; "
              f"100–300 paths: {mid or 'none'}")


if __name__ == "__main__":
    main()
