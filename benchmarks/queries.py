"""Every canned query (``queries/*.rq``) on a built store: its seconds and rows, as ``kg query`` runs it.

A store answers a pattern once per graph that states it, so a query that joins two such patterns before making
them distinct grows with the square of the files naming a document; this prints which ones do. A required ``?doc``
is the store's most cited document (the first row of ``most-cited``); a query needing any other parameter is
listed as skipped. ``conflicts`` is left out unless named: its output itself lists every pair of graphs that
disagree (1.1 million rows on the 10k store).

    .venv/bin/python benchmarks/queries.py --store DIR [--query NAME ...]
"""
from __future__ import annotations

import argparse
import io
import time

from kg.query.sparql import QUERIES_DIR, load_query, run_query, write_result
from kg.store import open_store

LEFT_OUT = ("conflicts",)


class _Lines(io.TextIOBase):
    """A text sink that counts the lines written to it and keeps nothing."""

    def __init__(self) -> None:
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True, help="a store built by kg build")
    ap.add_argument("--query", nargs="+", help="only these queries (names without .rq)")
    args = ap.parse_args(argv)
    names = args.query or [p.stem for p in sorted(QUERIES_DIR.glob("*.rq")) if p.stem not in LEFT_OUT]
    with open_store(args.store, read_only=True) as store:
        top = next(iter(run_query(store, "most-cited").bindings), {})
        doc = next((v for k, v in top.items() if str(k) == "doc"), None)
        print(f"store {args.store}; ?doc = {doc}")
        for name in names:
            query = load_query(QUERIES_DIR / f"{name}.rq")
            required = [p.name for p in query.params if not p.optional]
            if set(required) - ({"doc"} if doc is not None else set()):
                print(f"{name:18} skipped: needs {', '.join(required)}")
                continue
            params = {"doc": doc} if required else {}
            sink = _Lines()
            started = time.perf_counter()
            write_result(store, query, params, sink, "csv")
            print(f"{name:18} {time.perf_counter() - started:8.2f} s {max(sink.lines - 1, 0):10,} csv lines")


if __name__ == "__main__":
    main()
