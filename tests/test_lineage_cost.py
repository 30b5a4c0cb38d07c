"""What a lineage walk costs: a fixed number of store queries per level, whatever the number of paths, and
records read once per walk; the shortcuts give the walk that reads everything level by level."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.query.records import DocumentRecord
from kg.store import Store, open_store
from summary_data import copied


class CountingStore:
    """A store that counts the SPARQL queries run through it."""

    def __init__(self, store: Store) -> None:
        self.store, self.queries = store, 0

    def query_union(self, sparql: str) -> Any:
        self.queries += 1
        return self.store.query_union(sparql)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


@pytest.fixture(scope="module")
def store(corpus_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The corpus's store with its summary graph (records read from it, as after a build)."""
    with open_store(copied(corpus_graph, tmp_path_factory.mktemp("cost") / "store")) as s:
        yield s


@pytest.mark.parametrize(("doc", "direction", "depth"), [("09-KL/BTCTW", "up", 3), ("18-NQ/TW (XII)", "down", 2),
                                                         ("09-KL/BTCTW", "both", 2)])
def test_a_filter_that_admits_every_document_gives_the_same_walk(store: Store, doc: str, direction: str, depth: int,
                                                                 monkeypatch: pytest.MonkeyPatch):
    """Without a document filter the records are read once at the end; with one, level by level."""
    plain = kg.lineage(store, doc, direction=direction, depth=depth)
    monkeypatch.setattr(DocumentRecord, "matches", lambda self, **_: True)
    filtered = kg.lineage(store, doc, direction=direction, depth=depth, term="XIII")
    assert len(plain) > 1
    assert filtered.to_dict() == plain.to_dict()


def test_queries_per_walk_follow_the_levels_not_the_paths(store: Store):
    counting = CountingStore(store)
    start = kg.lookup(store, "09-KL/BTCTW")
    result = kg.lineage(counting, start, depth=3)
    levels = max(len(p) for p in result)
    assert len(result) > 3 * levels  # more paths than levels, so a query per path would show
    # a query of citations per level (and one to find the end), then records and evidence in a few batches
    assert counting.queries <= (levels + 1) + 10, counting.queries
