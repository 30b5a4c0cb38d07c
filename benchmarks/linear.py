"""Time per MB as the input doubles: every stage must be linear (a ratio near 2.0 per doubling, never 4).

Three inputs, each doubled from ``--start`` MB: the corpus repeated (ordinary text), the corpus on one
long line (no line breaks: line-start and line-end searches across the whole text made it quadratic),
and emphasis stars (``*a* `` repeated, 43 s for 1 MB before). Each is normalised and then extracted
whole; the CPU time of each step and its ratio to the previous size are printed.

    .venv/bin/python benchmarks/linear.py [--start 0.5] [--doublings 4]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_document  # noqa: E402
from kg.read import normalise  # noqa: E402

CORPUS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "corpus").glob("*.txt")))


def _sized(unit: str, mb: float) -> str:
    n = int(mb * 1024 * 1024)
    return (unit * (n // len(unit) + 1))[:n]


INPUTS = {
    "corpus repeated": lambda mb: _sized(CORPUS + "\n", mb),
    "one long line": lambda mb: _sized(CORPUS.replace("\n", " ") + " ", mb),
    "emphasis stars": lambda mb: _sized("*a* ", mb),
}


def _cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", type=float, default=0.5, help="first size in MB (default 0.5)")
    ap.add_argument("--doublings", type=int, default=4, help="how many times the size doubles (default 4)")
    args = ap.parse_args(argv)
    print(f"{'input':18} {'MB':>6} {'normalise s':>12} {'ratio':>6} {'extract s':>10} {'ratio':>6}")
    for name, make in INPUTS.items():
        last = None
        for k in range(args.doublings + 1):
            mb = args.start * 2 ** k
            text = make(mb)
            holder = {}
            t_norm = _cpu(lambda: holder.setdefault("t", normalise(text)))
            t_ext = _cpu(lambda: extract_document(holder["t"]))
            ratios = ("", "") if last is None else (f"{t_norm / max(last[0], 1e-9):.1f}", f"{t_ext / max(last[1], 1e-9):.1f}")
            print(f"{name:18} {mb:6.1f} {t_norm:12.2f} {ratios[0]:>6} {t_ext:10.2f} {ratios[1]:>6}")
            last = (t_norm, t_ext)
    return 0


if __name__ == "__main__":
    sys.exit(main())
