"""The summary graph (kg.graph.summary) written into a test's store, as the build will write it."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

from kg.graph.summary import SUMMARY_GRAPH, summary_triples
from kg.pipeline import build, resolutions_in_store
from kg.store import Store, graph_digest, nt_lines, open_store


def write_summary(store: Store) -> int:
    """Summarise the corpus in ``store`` (re-resolved from its cached extractions) into its summary graph."""
    resolutions, catalog, missing = resolutions_in_store(store)
    assert not missing, f"extractions not cached: {missing}"
    lines = nt_lines(summary_triples(resolutions, store.iris, catalog))
    store.replace_graph(str(store.iris.graph(SUMMARY_GRAPH)), lines, graph_digest(lines))
    return len(lines)


def summarised_copy(store_dir: Path, dest: Path) -> Path:
    """A copy of a closed store's folder with the summary graph written into it."""
    shutil.copytree(store_dir, dest)
    with open_store(dest) as store:
        write_summary(store)
    return dest


def built_store(corpus: Path, dest: Path) -> Path:
    """``corpus`` built into a new store at ``dest`` (closed)."""
    with open_store(dest) as store:
        build([corpus], store, progress=False, err=io.StringIO(), jobs=1)
    return dest
