"""A rebuild keeps, without resolving it again, the graph of a file whose bytes are unchanged and whose questions to
the catalog get the same answers (``kg.resolve.reads``); the store it leaves is always the store a fresh build of
the same inputs makes.

A graph kept wrongly is a wrong edge, so every round of changes below ends with the incremental store compared with
a fresh build's: changes that move other files' resolutions (a new long mention that gives a symbol its term,
new documents in the same registers, a file removed with its catalog additions, a misprinted date) and changes
that move none.
"""
from __future__ import annotations

import io
import json
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
    first, _ = _build(corpus, store)
    assert first.not_resolved == 0  # nothing to keep yet
    rng = random.Random(5)
    kept = 0
    for name in [*CHANGES, *rng.sample(list(CHANGES), 2)]:
        CHANGES[name](corpus, rng)
        report, graph = _build(corpus, store, prune=True)
        assert not report.failed, (name, report.failed)
        assert graph == _fresh(corpus, tmp_path / "fresh"), name
        kept += report.not_resolved
    assert kept > 0  # the rounds did keep graphs without resolving them


def _records(store: Path) -> list[Path]:
    return sorted(store.rglob("resolutions/*/*.jsonl"))


def _named_shards(store: Path) -> set[Path]:
    (index_file,) = store.rglob("resolutions/*/index.json")
    return {index_file.parent / name for name, _, _ in json.loads(index_file.read_text(encoding="utf-8")).values()}


def test_a_file_whose_answers_are_the_same_is_not_resolved_again(corpus: Path, tmp_path: Path):
    store = tmp_path / "store"
    _build(corpus, store)
    first_shards = _records(store)
    _append(_texts(corpus)[0], "Các cấp ủy tổ chức quán triệt nghiêm túc.")  # its own text; adds nothing to the catalog
    report, graph = _build(corpus, store)
    assert report.changed == [str(_texts(corpus)[0])]
    assert report.not_resolved == len(_texts(corpus)) - 1
    assert f"({len(_texts(corpus)) - 1} not resolved again)" in report.lines()[1]
    assert graph == _fresh(corpus, tmp_path / "fresh")
    assert set(_records(store)) == _named_shards(store) >= set(first_shards)  # kept records stay; no orphan shard


def test_records_that_cannot_be_read_mean_resolving_again(corpus: Path, tmp_path: Path):
    store = tmp_path / "store"
    _build(corpus, store)
    for shard in _records(store):
        shard.write_bytes(b"{" * shard.stat().st_size)  # the same length, no longer JSON
    report, graph = _build(corpus, store)  # nothing changed: the build stops before reading them
    assert report.unchanged == len(_texts(corpus))
    _append(_texts(corpus)[0], "Các cấp ủy tổ chức quán triệt nghiêm túc.")
    report, graph = _build(corpus, store)
    assert report.not_resolved == 0 and not report.failed
    assert graph == _fresh(corpus, tmp_path / "fresh")
    for shard in _records(store):
        shard.unlink()  # gone altogether
    _append(_texts(corpus)[1], "Các cấp ủy tổ chức quán triệt nghiêm túc.")
    report, graph = _build(corpus, store)
    assert report.not_resolved == 0 and graph == _fresh(corpus, tmp_path / "fresh")


def test_records_of_files_resolved_again_do_not_pile_up(corpus: Path, tmp_path: Path):
    """A kept file's record stays in its shard; a shard more than half dead has its live records moved, so the
    records on disk stay within twice the live ones, and the moved ones still serve."""
    store = tmp_path / "store"
    _build(corpus, store)
    first_shards = _records(store)
    texts = _texts(corpus)
    for path in texts[:len(texts) * 2 // 3]:
        _append(path, "Các cấp ủy tổ chức quán triệt nghiêm túc.")
    _build(corpus, store)
    (index_file,) = store.rglob("resolutions/*/index.json")
    index = json.loads(index_file.read_text(encoding="utf-8"))
    live = sum(length for _, _, length in index.values())
    assert len(index) == len(texts) and not set(first_shards) & set(_records(store))  # two thirds dead: moved
    assert set(_records(store)) == _named_shards(store)
    assert sum(p.stat().st_size for p in _records(store)) <= 2 * live
    _append(texts[-1], "Các cấp ủy tổ chức quán triệt nghiêm túc.")
    report, graph = _build(corpus, store)
    assert report.not_resolved == len(texts) - 1 and graph == _fresh(corpus, tmp_path / "fresh")
