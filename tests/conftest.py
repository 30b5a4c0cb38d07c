"""Shared test fixtures: the real corpus (path, text by name) and a Windows-1258 encoder."""
from __future__ import annotations

import unicodedata
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


_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks Windows-1258 has as combining characters


def encode_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 the way Vietnamese files in it are written: base letter, then tone mark.

    Python's codec cannot encode precomposed toned letters (``ế``), so each letter it refuses
    is split into its untoned form (``ê``, which the code page has) and its tone mark.
    """
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


@pytest.fixture
def cp1258() -> Callable[[str], bytes]:
    """``encode_cp1258`` for tests that write Windows-1258 files."""
    return encode_cp1258


@pytest.fixture(scope="session")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus copied to a temp folder and built once per session; the store's directory, closed
    (open it with kg.open_store for the length of a module or a test: one opener at a time)."""
    import io
    import shutil

    from kg.builder import build
    from kg.store import open_store

    base = tmp_path_factory.mktemp("corpus-graph")
    corpus = base / "corpus"
    corpus.mkdir()
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, corpus / f.name)
    with open_store(base / "store") as store:
        build([corpus], store, progress=False, err=io.StringIO())
    return base / "store"


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store folder of the corpus, built once for the tests that only read it."""
    from graph_data import copy_corpus
    from kg.cli import main

    base = tmp_path_factory.mktemp("corpus-store")
    path = str(base / "store")
    assert main(["build", str(copy_corpus(base / "corpus")), "--store", path, "--no-progress", "-j", "1"]) == 0
    return path
