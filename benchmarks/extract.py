"""Extraction throughput: the reference finder alone and the whole ``extract_document``.

Prints MB/s (of UTF-8 input) and documents/s on the corpus repeated to at least 50 MB (one
document at a time, as ``kg extract`` reads them) and on adversarial input: 1 MB runs of digits,
dashes, slashes, spaces and near-symbols that a backtracking pattern would choke on.

Stages: ``finder`` is ``find_candidates`` (every reference with its attributes); ``references``
is ``find_references`` (the finder, sentences, spans and the relations pass); ``document`` is
``extract_document`` (structure, record and references). Texts are normalised beforehand.

    .venv/bin/python benchmarks/extract.py [--mb 50] [--adversarial-mb 1]
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from kg.extract import extract_document
from kg.extract.record import extract_record
from kg.extract.references import find_candidates, find_references
from kg.extract.structure import parse_structure
from kg.model import Text
from kg.read import normalise

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

ADVERSARIAL = {
    "dash-digit runs": "1-1-",
    "slashes": "////",
    "spaces": " ",
    "digits": "0123456789",
    "symbol-like": "1 - 1 / ",
    "date-like": "1/1/1/",
    "type words": "Nghị quyết số ",
    "plenum lists": "Nghị quyết Trung ương 4, 4, khóa X, ",
    "number lists": "Chỉ thị 1,",
    "khóa runs": "khóa XI, XII, ",
    "quotes": "về “",
    "glued symbols": "số31-QĐ/TW³",
    "state-like": "1/2020/NĐ-",
    "headings": "## 1.\n\n",
    "footnote markers": "văn bản¹ ",
}


def _mb(texts: list[Text]) -> float:
    return sum(len(t.original.encode("utf-8")) for t in texts) / 1e6


def _time(fn: Callable[[], None], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def corpus_texts(target_mb: float) -> list[Text]:
    """The corpus documents, repeated (each normalised once) until they hold ``target_mb``."""
    base = [normalise(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    size = _mb(base)
    return base * max(1, int(target_mb / size + 0.999))


STAGES = ("finder", "references", "document")


def report(label: str, texts: list[Text], stage: str) -> None:
    """Time one stage over ``texts`` and print its throughput."""
    prepared = [(t, parse_structure(t)) for t in texts]
    prepared = [(t, s, extract_record(t, s)) for t, s in prepared]
    mb = _mb(texts)
    if stage == "finder":
        seconds = _time(lambda: [find_candidates(t, s, r) for t, s, r in prepared])
    elif stage == "references":
        seconds = _time(lambda: [find_references(t, s, r) for t, s, r in prepared])
    else:
        seconds = _time(lambda: [extract_document(t) for t in texts])
    print(f"{label:30} {stage:10} {mb:6.1f} MB {seconds:7.2f} s {mb / seconds:7.1f} MB/s {len(texts) / seconds:8.1f} docs/s",
          flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="size of the repeated corpus (default 50)")
    ap.add_argument("--adversarial-mb", type=float, default=1.0, help="size of each adversarial input (default 1)")
    args = ap.parse_args()
    texts = corpus_texts(args.mb)
    print(f"corpus: {len(texts)} documents, {_mb(texts):.1f} MB (one core)")
    for stage in STAGES:
        report("corpus", texts, stage)
    size = int(args.adversarial_mb * 1e6)
    for name, unit in ADVERSARIAL.items():
        raw = unit * (size // len(unit.encode("utf-8")) + 1)
        text = normalise(raw[: len(raw) * size // len(raw.encode("utf-8"))])
        for stage in STAGES:
            report(f"adversarial: {name}", [text], stage)


if __name__ == "__main__":
    main()
