"""Score ``kg extract`` on the development set of real texts (``data/dev/real-texts``): references, relations,
links between cited documents, and each document's own record.

Each ``NN_name.txt`` is a real document (or its opening) as a public page prints it; ``NN_name.json`` is its
gold: the page's address, the document's own record, every reference (the exact words naming it, its symbol,
its relation) and the links the text states between two other documents. A gold reference is found when an
extracted reference's span overlaps its words; extra extracted references count against precision.

    .venv/bin/python benchmarks/real_texts.py [--show]
"""
from __future__ import annotations

import argparse
from collections import Counter
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.api import extract_file  # noqa: E402
from kg.model import Extraction  # noqa: E402

FOLDER = ROOT / "data" / "dev" / "real-texts"
OWN_FIELDS = ("symbol", "type_word", "issuer", "date")


@dataclass
class Score:
    """Counts over the set, and what was missed, for ``--show``."""

    refs_tp: int = 0
    refs_fp: int = 0
    refs_fn: int = 0
    rel_right: int = 0
    rel_total: int = 0
    links_tp: int = 0
    links_fp: int = 0
    links_fn: int = 0
    own_right: int = 0
    own_total: int = 0
    tiers: Counter = field(default_factory=Counter)  # (tier, "tp" | "fp" | "fn") → count
    confusion: Counter = field(default_factory=Counter)  # (gold relation, extracted relation) → count
    outside_found: int = 0  # gold mentions outside the tiers (unnumbered documents, laws without a date) found
    outside_total: int = 0
    misses: list[str] = field(default_factory=list)


def find_span(text: str, words: str, after: int, taken: set[tuple[int, int]] = frozenset()) -> tuple[int, int] | None:
    """Where the gold words stand in the text (whitespace-insensitive): the first place at or after ``after`` not
    ``taken`` by an earlier gold mention, else the first place not taken, else the first."""
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    spans = [m.span() for m in re.finditer(pattern, text)]
    free = [s for s in spans if s not in taken]
    return next((s for s in free if s[0] >= after), None) or (free[0] if free else spans[0] if spans else None)


TIERS = {"A": "party symbols", "S": "state symbols", "L": "laws by name and date", "B": "plenums, congresses, numbers, Charter, Platform"}


def _gold_tier(g: dict) -> str:
    """The gold README's tier of a gold mention: A (a Party symbol), S (a state symbol), L (a law by name), B (the rest)."""
    symbol = g.get("symbol")
    if symbol:
        return "S" if re.match(r"\d+/", symbol) else "A"
    return "L" if re.match(r"(?:Bộ luật|Luật)\b", g["text"]) else "B"


def _extracted_tier(r) -> str:
    if r.kind == "symbol":
        return "A"
    if r.kind == "state":
        return "L" if r.type == "L" and r.number is None else "S"
    return "B"


def _end(words: str) -> str:
    """A link's end: a symbol, or the words naming a document without one (case and spacing aside: the title's
    ``NGHỊ QUYẾT ĐẠI HỘI …`` and the body's ``Nghị quyết Đại hội …`` are one document)."""
    return " ".join(words.split()).casefold()


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score_file(txt: Path, gold: dict, score: Score) -> None:
    ext: Extraction = extract_file(txt)
    text = txt.read_text(encoding="utf-8")
    name = txt.stem
    own = ext.document
    for f in OWN_FIELDS:
        want, got = gold["own"].get(f), getattr(own, f, None) if own else None
        if want is None:
            continue
        score.own_total += 1
        if got == want:
            score.own_right += 1
        else:
            score.misses.append(f"{name}: own {f}: got {got!r}, want {want!r}")
    used: set[int] = set()
    taken: set[tuple[int, int]] = set()  # gold spans already matched: a repeated mention is the next occurrence
    at = 0
    outside: list[tuple[int, int]] = []  # gold mentions outside the tiers: scored apart
    for g in gold["references"]:
        if g.get("tier") == "outside":
            span = find_span(text, g["text"], at, taken)
            if span is not None:
                taken.add(span)
                at = span[0]
                outside.append(span)
            continue
        span = find_span(text, g["text"], at, taken)
        if span is None:
            score.misses.append(f"{name}: gold words not in the text: {g['text']!r}")
            continue
        taken.add(span)
        at = span[0]
        hit = next((i for i, r in enumerate(ext.references)
                    if i not in used and r.start < span[1] and span[0] < r.end), None)
        tier = _gold_tier(g)
        if hit is None:
            score.refs_fn += 1
            score.tiers[tier, "fn"] += 1
            score.misses.append(f"{name}: missed {g['text']!r}")
            continue
        used.add(hit)
        score.refs_tp += 1
        score.tiers[tier, "tp"] += 1
        score.rel_total += 1
        got = ext.references[hit].relation
        score.confusion[g["relation"], got] += 1
        if got == g["relation"]:
            score.rel_right += 1
        else:
            score.misses.append(f"{name}: relation of {g['text']!r}: got {got}, want {g['relation']}")
    for a, b in outside:
        score.outside_total += 1
        hit = next((i for i, r in enumerate(ext.references) if i not in used and r.start < b and a < r.end), None)
        if hit is not None:
            used.add(hit)
            score.outside_found += 1
    for i, r in enumerate(ext.references):
        if i not in used:
            score.refs_fp += 1
            score.tiers[_extracted_tier(r), "fp"] += 1
            score.misses.append(f"{name}: extra {r.text!r} ({r.kind})")
    own_symbol = gold["own"].get("symbol")
    want_links = {(_end(l["from"]), l["relation"], _end(l["to"])) for l in gold.get("links", [])
                  if l["from"] != own_symbol and l.get("tier") != "outside"}
    got_links = {(_end(ext.references[l.source].symbol or ext.references[l.source].text), l.relation,
                  _end(ext.references[l.target].symbol or ext.references[l.target].text)) for l in ext.links}
    for link in sorted(want_links & got_links):
        score.links_tp += 1
    for link in sorted(got_links - want_links):
        score.links_fp += 1
        score.misses.append(f"{name}: extra link {link}")
    for link in sorted(want_links - got_links):
        score.links_fn += 1
        score.misses.append(f"{name}: missed link {link}")


def _confusion(confusion: Counter) -> str:
    """The relation confusion table: a row per gold relation, a column per extracted one (only those that occur)."""
    gold = sorted({g for g, _ in confusion}, key=lambda r: -sum(v for (g, _), v in confusion.items() if g == r))
    got = sorted({e for _, e in confusion}, key=lambda r: -sum(v for (_, e), v in confusion.items() if e == r))
    width = max(len(r) for r in [*gold, *got, "gold \\ got"]) + 1
    lines = ["  " + "gold \\ got".ljust(width) + "".join(e.rjust(width) for e in got)]
    lines += ["  " + g.ljust(width) + "".join(str(confusion[g, e] or ".").rjust(width) for e in got) for g in gold]
    return "\n".join(lines)


def run(folder: Path = FOLDER) -> Score:
    score = Score()
    for gold_path in sorted(folder.glob("*.json")):
        score_file(gold_path.with_suffix(".txt"), json.loads(gold_path.read_text(encoding="utf-8")), score)
    return score


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    s = run()
    texts = len(list(FOLDER.glob("*.json")))
    p, r, f = precision_recall_f1(s.refs_tp, s.refs_fp, s.refs_fn)
    lp, lr, lf = precision_recall_f1(s.links_tp, s.links_fp, s.links_fn)
    print(f"{texts} real texts ({FOLDER.relative_to(ROOT)})")
    print(f"references: P={p:.3f} R={r:.3f} F1={f:.3f} (tp={s.refs_tp} fp={s.refs_fp} fn={s.refs_fn})")
    for tier, label in TIERS.items():
        tp, fp, fn = (s.tiers[tier, k] for k in ("tp", "fp", "fn"))
        tp_, tr_, tf_ = precision_recall_f1(tp, fp, fn)
        print(f"  tier {tier} ({label}): P={tp_:.3f} R={tr_:.3f} F1={tf_:.3f} (tp={tp} fp={fp} fn={fn})")
    print(f"relations: {s.rel_right}/{s.rel_total} right ({s.rel_right / max(1, s.rel_total):.3f})")
    print(_confusion(s.confusion))
    print(f"links between cited documents: P={lp:.3f} R={lr:.3f} F1={lf:.3f} "
          f"(tp={s.links_tp} fp={s.links_fp} fn={s.links_fn})")
    print(f"own record: {s.own_right}/{s.own_total} fields right ({s.own_right / max(1, s.own_total):.3f})")
    print(f"outside the tiers (unnumbered documents, laws without a date; not in F1): {s.outside_found}/{s.outside_total} found")
    if args.show:
        print("\n".join(s.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
