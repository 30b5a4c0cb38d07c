"""party-kg: a knowledge graph of Vietnamese Party documents and their cross-references.

    >>> import kg
    >>> result = kg.extract_file("data/corpus/001_efa0bf86d863f830.txt")
    >>> result.document.symbol
    '09-KL/BTCTW'
"""
from importlib.metadata import PackageNotFoundError, version as _version

from kg.api import extract_file, extract_paths
from kg.model import Extraction, Record, Reference

try:
    __version__ = _version("party-kg")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"


def open_store(location=None, base=None, *, read_only=False):
    """Open (creating if needed) a graph store directory; in memory when ``location`` is None. See kg.store.

    ``read_only=True`` opens an existing store for queries only and leaves its folder as it was."""
    from kg.store import open_store as _open

    return _open(location, base, read_only=read_only)


def build(inputs, store=None, **options):
    """Build the graph of ``inputs`` into ``store`` (an open store, a directory or an endpoint URL); return the
    BuildReport."""
    from kg.builder import build as _build
    from kg.store import GraphStore

    if isinstance(store, GraphStore):
        return _build(list(inputs), store, **options)
    with open_store(store) as opened:
        return _build(list(inputs), opened, **options)


# the query API, imported on first use (networkx is not needed to extract or build)
_QUERY_NAMES = ("AmbiguousSymbol", "DocumentRecord", "LineagePath", "LineageStep", "UnknownSymbol", "lineage", "lookup",
                "paths", "run_query", "status_in_force", "to_networkx")


def __getattr__(name: str):
    if name in _QUERY_NAMES:
        import kg.query

        return getattr(kg.query, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = ["__version__", "Extraction", "Record", "Reference", "build", "extract_file", "extract_paths", "open_store", *_QUERY_NAMES]
