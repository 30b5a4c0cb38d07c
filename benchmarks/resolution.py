"""Resolution benchmark: real citations whose targets were confirmed on public pages, scored right / wrong / unresolved.

Each case of ``tests/resolution/cases.jsonl`` is a sentence as printed in a real document, the date
and header of that document, and the document it cites (confirmed on the page named in the case).
The case becomes a small document (header, date, title, the sentence), which is extracted and
resolved exactly as ``kg build`` would, against the bundled catalog; the reference covering the
cited words is compared with the expected document.

    python benchmarks/resolution.py [--cases FILE] [--show]

prints right / wrong / unresolved overall and per class, how often each confidence band is right,
and with ``--show`` every case that is not right, with the evidence that decided it.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.extract import extract_document
from kg.model import Extraction
from kg.read import normalise
from kg.resolve import Catalog, load_catalog, resolve_file
from kg.resolve.identity import slug

CASES = Path(__file__).resolve().parents[1] / "tests" / "resolution" / "cases.jsonl"
BANDS = (0.9, 0.75, 0.5, 0.0)


@dataclass(frozen=True)
class Outcome:
    """One case resolved: the verdict (right, wrong, unresolved), the key reached, its confidence and evidence."""

    case: dict
    verdict: str
    key: str | None
    method: str | None
    confidence: float
    explanation: tuple[str, ...]


def load_cases(path: Path = CASES) -> list[dict]:
    """The cases of a JSON Lines file, in file order."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _date_line(date: str | None) -> str:
    parts = (date or "").split("-")
    if len(parts) == 3:
        return f"Hà Nội, ngày {int(parts[2])} tháng {int(parts[1])} năm {parts[0]}"
    if len(parts) == 2:
        return f"Hà Nội, tháng {int(parts[1])} năm {parts[0]}"
    return f"Hà Nội, ngày … tháng … năm {parts[0]}" if parts[0] else ""  # a year only: the day and month left blank


def document_text(case: dict) -> tuple[str, int]:
    """The case as a small document, and the offset of its sentence in it."""
    citing = case.get("citing") or {}
    header = list(citing.get("header") or [])
    state = any(h.upper().startswith(("CHÍNH PHỦ", "THỦ TƯỚNG", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "BỘ ", "VĂN PHÒNG CHÍNH PHỦ",
                                      "QUỐC HỘI", "HỘI ĐỒNG NHÂN DÂN")) for h in header[:1])
    lines = header + ([] if state else ["*"])
    if citing.get("symbol"):
        lines.append(f"Số: {citing['symbol']}" if state else f"Số {citing['symbol']}")
    lines += ["", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" if state else "ĐẢNG CỘNG SẢN VIỆT NAM", _date_line(citing.get("date")),
              "", "KẾ HOẠCH", "triển khai công tác năm", ""]
    head = "\n".join(lines) + "\n"
    return head + case["sentence"] + "\n", len(head)


def expected_key(expect: dict) -> str | None:
    """The key a case's target has in the graph (a prefix for local documents, whose scope is the body's year or term)."""
    if expect.get("unresolved"):
        return None
    if expect.get("congress"):
        return f"congress/{expect['congress']}"
    for kind in ("charter", "platform"):
        if expect.get(kind):
            return kind
    local = expect.get("congress_local") or (expect.get("multi") or [{}])[0].get("congress_local")
    if local and expect.get("province"):  # a province's or a district's own congress (the first one a phrase names)
        code = "TU" if "tỉnh" in (expect.get("body") or "") else "HU"
        return f"congress/{code}@{slug(expect['province'])}/{local}"
    symbol = expect.get("symbol")
    if not symbol:
        return f"plenum {expect.get('term')}:{expect.get('plenum')}"
    number, rest = symbol.split("-", 1)
    type_, code = rest.split("/", 1)
    if not number.isdigit():
        return f"plenum {expect.get('term')}:{expect.get('plenum')}"
    if expect.get("province"):
        return f"dang/{code}@{slug(expect['province'])}/*/{type_}/{int(number)}"
    return f"dang/{code}/{expect['term']}/{type_}/{int(number)}"


def _matches(want: str | None, key: str | None, catalog: Catalog) -> bool:
    if want is None or key is None:
        return want == key
    if want.startswith("plenum "):
        term, plenum = want.split()[1].split(":")
        doc = catalog.get(key)
        return bool(doc and doc.term == term and str(doc.plenum) == plenum)
    if "/*/" in want:
        head, tail = want.split("/*/")
        return key.startswith(head + "/") and key.endswith("/" + tail)
    return key == want


def run_case(case: dict, catalog: Catalog) -> Outcome:
    """Extract and resolve one case; judge the reference that covers its cited words."""
    raw, offset = document_text(case)
    text = normalise(raw)
    _structure, record, refs, links = extract_document(text)
    extraction = Extraction(source=f"case:{case['id']}", sha256=None, document=record, references=refs, links=links)
    res = resolve_file(extraction, catalog)
    start = offset + case["sentence"].find(case["cited"])
    end = start + len(case["cited"])
    covering = [i for i, r in enumerate(refs) if r.start < end and start < r.end]
    want = expected_key(case["expect"])
    if not covering:
        return Outcome(case, "unresolved" if want else "right", None, None, 0.0, ("the cited words were not found",))
    i = min(covering, key=lambda k: (abs(refs[k].start - start), k))  # the reference the cited words begin
    cited = next((c for c in res.citations if c.stated_in is None and i in c.references), None)
    key = cited.cited if cited else res.document.key
    resolved = not key.startswith(("ref/", "file/"))
    steps = getattr(res, "steps", None) or [()] * len(refs)  # absent before the evidence record: compare old commits
    explanation = tuple(f"{s.evidence}: {s.why}" for s in steps[i])
    conf = cited.confidence if cited and resolved else 0.0
    if not resolved:
        verdict = "right" if want is None else "unresolved"
        key = None
    else:
        verdict = "right" if _matches(want, key, catalog) else "wrong"
    return Outcome(case, verdict, key, res.methods[i], conf, explanation)


def run(cases: Sequence[dict], catalog: Catalog | None = None) -> list[Outcome]:
    """Every case resolved against ``catalog`` (default: the bundled one)."""
    catalog = catalog if catalog is not None else load_catalog()
    return [run_case(c, catalog) for c in cases]


def bands(outcomes: Sequence[Outcome]) -> dict[float, tuple[int, int]]:
    """(right, resolved) per confidence band: the lowest band edge at or below each resolved case's confidence."""
    out: dict[float, list[int]] = {b: [0, 0] for b in BANDS}
    for o in outcomes:
        if o.key is None:
            continue
        band = next(b for b in BANDS if o.confidence >= b)
        out[band][1] += 1
        out[band][0] += o.verdict == "right"
    return {b: (r, n) for b, (r, n) in out.items()}


def report(outcomes: Sequence[Outcome], show: bool = False) -> list[str]:
    """The lines the benchmark prints."""
    total = Counter(o.verdict for o in outcomes)
    n = len(outcomes)
    lines = [f"cases: {n}  right: {total['right']} ({total['right'] / n:.1%})  wrong: {total['wrong']}  "
             f"unresolved: {total['unresolved']}"]
    by_class: dict[str, Counter] = defaultdict(Counter)
    for o in outcomes:
        by_class[o.case.get("class", "?")][o.verdict] += 1
    lines.append("per class (right / wrong / unresolved):")
    lines += [f"  {c:20} {v['right']:3} / {v['wrong']:2} / {v['unresolved']:2}" for c, v in sorted(by_class.items())]
    lines.append("confidence bands (right of resolved):")
    for b, (r, m) in bands(outcomes).items():
        lines.append(f"  >= {b:.2f}: {r}/{m}" + (f" ({r / m:.1%})" if m else ""))
    if show:
        for o in outcomes:
            if o.verdict == "right":
                continue
            c = o.case
            lines.append(f"{o.verdict.upper()} {c['id']} [{c.get('class')}] {c['cited']!r} -> {o.key} "
                         f"({o.method}, {o.confidence:.2f}); expected {expected_key(c['expect'])}")
            lines += [f"    {e}" for e in o.explanation]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--show", action="store_true", help="list every case that is not right, with its evidence")
    args = parser.parse_args(argv)
    for line in report(run(load_cases(args.cases)), args.show):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
