"""Comparing built graphs in tests: a corpus copy to change, and named-graph-wise isomorphism of exports."""
from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Dataset
from rdflib.compare import isomorphic

from gold_data import CORPUS


def copy_corpus(dest: Path) -> Path:
    """A copy of data/corpus in ``dest`` that a test may change."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, dest / f.name)
    return dest


def dataset(data: bytes) -> Dataset:
    """An rdflib Dataset parsed from N-Quads bytes."""
    ds = Dataset()
    ds.parse(data=data, format="nquads")
    return ds


def same_graphs(a: bytes, b: bytes) -> bool:
    """Both N-Quads exports hold the same named graphs, each pair isomorphic (rdflib.compare)."""
    da, db = dataset(a), dataset(b)
    ids_a = {g.identifier for g in da.graphs() if len(g)}
    ids_b = {g.identifier for g in db.graphs() if len(g)}
    return ids_a == ids_b and all(isomorphic(da.graph(i), db.graph(i)) for i in ids_a)
