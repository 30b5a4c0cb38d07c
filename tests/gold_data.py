"""The corpus gold the tests hold the pipeline to, found in one place.

``../shared/gold`` beside the repository is the reference; ``tests/gold`` is a committed copy so that
a clone without ``shared/`` still runs every gold test (``test_gold_copy.py`` fails when they drift).
``KG_GOLD`` points elsewhere.
"""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from kg.model import Reference

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SHARED_GOLD = ROOT.parent / "shared" / "gold"
COPY_GOLD = ROOT / "tests" / "gold"


def _gold_dir() -> Path:
    if os.environ.get("KG_GOLD"):
        return Path(os.environ["KG_GOLD"])
    return SHARED_GOLD if any(SHARED_GOLD.glob("*.gold.json")) else COPY_GOLD


GOLD_DIR = _gold_dir()
#: The corpus files the gold covers, e.g. ``000_b04f6456e29f2afd.txt``.
DOCS = sorted(p.name.replace(".gold.json", ".txt") for p in GOLD_DIR.glob("*.gold.json"))


@cache
def load_gold(doc: str) -> dict[str, Any]:
    """The gold of one corpus file (by its ``.txt`` name)."""
    return json.loads((GOLD_DIR / doc.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))


def all_gold() -> list[dict[str, Any]]:
    """The gold of every corpus file, in file order."""
    return [load_gold(doc) for doc in DOCS]


def gold_key(r: Reference) -> str | None:
    """The gold README's key of a reference: ``NQ/TW/26``, ``NĐ-CP/2020/30``, ``plenum:XII:4`` ..."""
    if r.kind == "symbol":
        return f"{r.type}/{r.issuer_code}/{r.number}"
    if r.kind == "state":
        return f"{r.type}-{r.issuer_code}/{r.year or ''}/{r.number}"
    if r.kind == "plenum":
        return f"plenum:{r.term or ''}:{r.plenum}"
    if r.kind == "congress":
        return f"congress:{r.term or ''}"
    if r.kind == "number":
        return f"number:{r.type}:{r.number}"
    return r.kind if r.kind in ("charter", "platform") else None
