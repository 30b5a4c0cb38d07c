"""The committed copy of the gold (tests/gold) must say what ../shared/gold says."""
from __future__ import annotations

import pytest

from gold_data import COPY_GOLD, CORPUS, DOCS, SHARED_GOLD


def test_the_gold_covers_every_corpus_file():
    assert DOCS == sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="no ../shared/gold beside this clone to compare the copy with")
def test_the_committed_copy_equals_the_shared_gold():
    shared = {p.name: p.read_bytes() for p in SHARED_GOLD.glob("*.gold.json")}
    copy = {p.name: p.read_bytes() for p in COPY_GOLD.glob("*.gold.json")}
    assert copy == shared
