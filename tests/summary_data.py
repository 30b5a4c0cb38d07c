"""Stores with and without the summary graph (kg.graph.summary) the build writes, and the summary computed apart."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

from kg.graph.summary import SUMMARY_GRAPH, summary_triples
from kg.builder import build, resolutions_in_store
from kg.store import Store, nt_lines, open_store


def copied(store_dir: Path, dest: Path) -> Path:
    """A copy of a closed store's folder (with the summary graph its build wrote)."""
    shutil.copytree(store_dir, dest)
    with open_store(dest) as store:
        assert summary_graph_lines(store), "the build wrote no summary graph"
    return dest


def without_summary(store_dir: Path, dest: Path) -> Path:
    """A copy of a closed store's folder without its summary graph, as a store built before there was one."""
    shutil.copytree(store_dir, dest)
    with open_store(dest) as store:
        store.remove_graphs([str(store.iris.graph(SUMMARY_GRAPH))])
    return dest


def summary_graph_lines(store: Store) -> list[str]:
    """The summary graph's lines in ``store``."""
    return store.graph_lines(str(store.iris.graph(SUMMARY_GRAPH)))


def summary_of_resolutions(store: Store) -> list[str]:
    """The summary graph's lines for the corpus in ``store``, re-resolved and summarised the slow way (rdflib terms)."""
    resolutions, catalog, missing = resolutions_in_store(store)
    assert not missing, f"extractions not cached: {missing}"
    return nt_lines(summary_triples(resolutions, store.iris, catalog))


def built_store(corpus: Path, dest: Path) -> Path:
    """``corpus`` built into a new store at ``dest`` (closed)."""
    with open_store(dest) as store:
        build([corpus], store, progress=False, err=io.StringIO(), jobs=1)
    return dest
