"""Shared test fixtures: only the path of the real corpus and a reader for its files."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


@pytest.fixture
def corpus_dir() -> Path:
    """Folder of the four real documents (read-only: tests copy before changing anything)."""
    return CORPUS


@pytest.fixture
def corpus_text() -> Callable[[str], str]:
    """Text of a corpus file by name prefix, e.g. ``corpus_text("001")``."""

    def read(prefix: str) -> str:
        (path,) = CORPUS.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")

    return read
