"""A rebuild after any change leaves the store a fresh build of the same inputs makes, graph by graph.

A graph left stale is a wrong edge, so each round of changes below ends with the incremental store compared with a
fresh build's: changes that move other files' resolutions (a new long mention that gives a symbol its term, new
documents in the same registers, a file removed with its catalog additions, a changed date) and changes that
move none.
"""
from __future__ import annotations

import io
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.builder import build
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
sys.path.insert(0, str(ROOT))

from benchmarks.synth import synth  # noqa: E402


def _build(corpus: Path, store: Path, prune: bool = False):
    """The build's report and its store's quads, sorted (the graphs hold no blank nodes: equal lines, equal graphs)."""
    with open_store(store) as s:
        report = build([corpus], s, prune=prune, progress=False, err=io.StringIO(), jobs=1)
        return report, sorted(s.export_bytes("nquads").splitlines())


def _fresh(corpus: Path, where: Path) -> list[bytes]:
    shutil.rmtree(where, ignore_errors=True)
    return _build(corpus, where)[1]


def _misprint(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("năm 20", "năm 19", 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The real corpus and 16 synthetic documents that cite each other."""
    folder = synth(16, 11, tmp_path / "corpus")
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, folder / f.name)
    return folder


def _texts(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


CHANGES: dict[str, Callable[[Path, random.Random], None]] = {
    # 26-NQ/TW cited with its date: a long mention, which tells every file citing it without a term which one
    "a long mention": lambda c, r: _append(r.choice(_texts(c)),
                                           "Thực hiện Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị Trung ương 7."),
    "a new document": lambda c, r: shutil.copy(CORPUS / "001_efa0bf86d863f830.txt", c / f"new-{r.randrange(10**6)}.txt"),
    "a file removed": lambda c, r: r.choice(_texts(c)).unlink(),
    # the first 'năm 20…' of a real document is its own date: 'năm 2024' misprinted 'năm 1924', before any term
    "a date misprinted": lambda c, r: _misprint(r.choice([p for p in _texts(c) if (CORPUS / p.name).exists()])),
    "a plain sentence": lambda c, r: _append(r.choice(_texts(c)), "Các cấp ủy tổ chức quán triệt nghiêm túc."),
    # documents of another synthetic corpus: new numbers and dates in the same registers, citing one another
    "other documents": lambda c, r: synth(4, r.randrange(1000), c / f"more-{r.randrange(10**6)}"),
}


def test_every_rebuild_gives_the_graph_of_a_fresh_build(corpus: Path, tmp_path: Path):
    store = tmp_path / "store"
    _build(corpus, store)
    rng = random.Random(5)
    for name in [*CHANGES, *rng.sample(list(CHANGES), 2)]:
        CHANGES[name](corpus, rng)
        report, graph = _build(corpus, store, prune=True)
        assert not report.failed, (name, report.failed)
        assert graph == _fresh(corpus, tmp_path / "fresh"), name
