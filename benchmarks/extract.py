"""Extraction throughput: each stage of ``extract_document`` and the whole of it.

Prints MB/s (of UTF-8 input) and documents/s on the corpus repeated to at least 50 MB (one
document at a time, as ``kg extract`` reads them) and on adversarial input: 1 MB runs of digits,
dashes, slashes, spaces and near-symbols that a backtracking pattern would choke on.

Stages, each timed on the output of the ones before it (texts are normalised beforehand):
``structure`` is ``parse_structure``; ``record`` is ``extract_record``; ``finder`` is
``find_candidates`` (every reference with its attributes); ``relations`` is ``assign_relations``
alone (on the references ``find_references`` gives); ``references`` is ``find_references`` (the
finder, sentences, spans and the relations pass); ``document`` is ``extract_document``
(structure, record and references). Each figure is the best of ``--repeat`` runs, as the
machine may be shared. ``yardstick`` is no stage: a bare regular expression for symbols over the same
texts, which no change to ``kg`` alters, so that figures taken on different days or machines can be read
against each other (the same code ran 2.2x slower here one day than the day before).

``--compare REV`` measures the package as it was at git revision REV too, in the same run: each
side runs in its own process (REV's ``kg`` exported to a temporary directory and put first on
``PYTHONPATH``), the two alternating for ``--rounds`` rounds, and prints both figures and the
ratio for every stage.

    .venv/bin/python benchmarks/extract.py [--mb 50] [--adversarial-mb 1] [--stage document ...]
    .venv/bin/python benchmarks/extract.py --compare HEAD~3 --stage finder references document
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from kg.extract import extract_document
from kg.extract.record import extract_record
from kg.extract.references import find_candidates, find_references
from kg.extract.relations import assign_relations
from kg.extract.structure import parse_structure
from kg.model import Text
from kg.read import normalise

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"

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

STAGES = ("yardstick", "structure", "record", "finder", "relations", "references", "document")
DEFAULT_STAGES = ("yardstick", "finder", "relations", "references", "document")
YARDSTICK = re.compile(r"\d{1,5}\s*-\s*\w{1,5}\s*/\s*\w{1,12}")  # a symbol, as a bare scan would find it


def _mb(texts: list[Text]) -> float:
    return sum(len(t.original.encode("utf-8")) for t in texts) / 1e6


def _best(fn: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock timings of ``fn``."""
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


def adversarial_texts(mb: float) -> dict[str, list[Text]]:
    """One normalised text of about ``mb`` MB per adversarial pattern."""
    size = int(mb * 1e6)
    out = {}
    for name, unit in ADVERSARIAL.items():
        raw = unit * (size // len(unit.encode("utf-8")) + 1)
        out[name] = [normalise(raw[: len(raw) * size // len(raw.encode("utf-8"))])]
    return out


def measure(texts: list[Text], stages: list[str], repeat: int) -> dict[str, float]:
    """Best seconds of each stage over ``texts``, each stage fed what the stages before it give."""
    structures = [parse_structure(t) for t in texts]
    records = [extract_record(t, s) for t, s in zip(texts, structures)]
    refs = [find_references(t, s, r)[0] for t, s, r in zip(texts, structures, records)] if "relations" in stages else []
    runs: dict[str, Callable[[], object]] = {
        "yardstick": lambda: [YARDSTICK.findall(t.original) for t in texts],
        "structure": lambda: [parse_structure(t) for t in texts],
        "record": lambda: [extract_record(t, s) for t, s in zip(texts, structures)],
        "finder": lambda: [find_candidates(t, s, r) for t, s, r in zip(texts, structures, records)],
        "relations": lambda: [assign_relations(t, s, f) for t, s, f in zip(texts, structures, refs)],
        "references": lambda: [find_references(t, s, r) for t, s, r in zip(texts, structures, records)],
        "document": lambda: [extract_document(t) for t in texts],
    }
    return {stage: _best(runs[stage], repeat) for stage in stages}


def _rate(mb: float, docs: int, seconds: float) -> str:
    return f"{mb / seconds:7.1f} MB/s {docs / seconds:8.1f} docs/s"


def run_all(args: argparse.Namespace) -> list[dict]:
    """Every (input, stage) figure as a row: label, stage, MB, documents, seconds."""
    inputs = {"corpus": corpus_texts(args.mb)}
    if not args.json:
        print(f"corpus: {len(inputs['corpus'])} documents, {_mb(inputs['corpus']):.1f} MB (one core)")
    if args.adversarial_mb > 0:
        inputs |= {f"adversarial: {name}": texts for name, texts in adversarial_texts(args.adversarial_mb).items()}
    rows = []
    for label, texts in inputs.items():
        mb = _mb(texts)
        for stage, seconds in measure(texts, args.stage, args.repeat).items():
            row = {"label": label, "stage": stage, "mb": mb, "docs": len(texts), "seconds": seconds}
            rows.append(row)
            if not args.json:
                print(f"{label:30} {stage:10} {mb:6.1f} MB {seconds:7.2f} s {_rate(mb, len(texts), seconds)}", flush=True)
    return rows


def _export(rev: str, into: Path) -> None:
    """Write the ``kg`` package as it is at git revision ``rev`` into ``into``."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "kg"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")


def _side(args: argparse.Namespace, pythonpath: str | None) -> list[dict]:
    """This script's rows, run in a fresh process (with ``pythonpath`` first on the path when given)."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, __file__, "--json", "--mb", str(args.mb), "--adversarial-mb", str(args.adversarial_mb),
           "--repeat", str(args.repeat), "--stage", *args.stage]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    return json.loads(out.stdout)


def compare(args: argparse.Namespace) -> None:
    """Both sides, alternating for ``args.rounds`` rounds; best seconds of each, and after/before ratios."""
    best: dict[str, dict[tuple[str, str], dict]] = {"before": {}, "after": {}}
    with tempfile.TemporaryDirectory() as tmp:
        _export(args.compare, Path(tmp))
        for _ in range(args.rounds):
            for side, path in (("before", tmp), ("after", str(ROOT))):
                for row in _side(args, path):
                    key = (row["label"], row["stage"])
                    if key not in best[side] or row["seconds"] < best[side][key]["seconds"]:
                        best[side][key] = row
    print(f"before: kg at {args.compare}; after: the working tree; best of {args.repeat} x {args.rounds} rounds")
    print(f"{'':30} {'stage':10} {'MB':>6} {'before':>26} {'after':>26} {'ratio':>6}")
    for key, after in best["after"].items():
        before = best["before"][key]
        print(f"{key[0]:30} {key[1]:10} {after['mb']:6.1f} "
              f"{_rate(before['mb'], before['docs'], before['seconds'])} "
              f"{_rate(after['mb'], after['docs'], after['seconds'])} "
              f"{before['seconds'] / after['seconds']:5.1f}x", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="size of the repeated corpus (default 50)")
    ap.add_argument("--adversarial-mb", type=float, default=1.0,
                    help="size of each adversarial input (default 1; 0 leaves them out)")
    ap.add_argument("--stage", nargs="+", choices=STAGES, default=list(DEFAULT_STAGES),
                    help=f"stages to time (default: {' '.join(DEFAULT_STAGES)})")
    ap.add_argument("--repeat", type=int, default=3, help="timings of each stage, the best kept (default 3)")
    ap.add_argument("--compare", metavar="REV", help="also measure the kg package at this git revision")
    ap.add_argument("--rounds", type=int, default=1, help="with --compare: alternations of the two sides (default 1)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON rows")
    args = ap.parse_args()
    if args.compare:
        compare(args)
        return
    rows = run_all(args)
    if args.json:
        print(json.dumps(rows))
        return
    seconds = {row["stage"]: row["seconds"] for row in rows if row["label"] == "corpus"}
    for stage in ("references", "document"):
        if "yardstick" in seconds and stage in seconds:
            print(f"corpus: {stage} runs at 1/{seconds[stage] / seconds['yardstick']:.1f} of the yardstick's speed")


if __name__ == "__main__":
    main()
