"""Reading a built store back: the resolutions its extractions give, a citation's evidence, and ``kg check``."""
from __future__ import annotations

from typing import Any

from kg.api import files
from kg.builder.cache import ExtractionCache, extractor_version
from kg.model import FileResolution
from kg.store import GraphStore

__all__ = ["check_store", "explain_in_store", "resolutions_in_store"]


def resolutions_in_store(store: GraphStore, catalog: Any = None) -> tuple[list[FileResolution], Any, list[str]]:
    """Re-resolve the corpus in the store from its cached extractions: (resolutions, catalog, paths missing from the cache)."""
    from kg.resolve import load_catalog, resolve_corpus

    cache = ExtractionCache(store, extractor_version())
    extractions, missing = [], []
    for path, entry in sorted(store.manifest().items()):
        e = cache.get(entry.sha256)
        if e is None:
            missing.append(path)
            continue
        e.source = path
        extractions.append(e)
    catalog = catalog if catalog is not None else load_catalog()
    return resolve_corpus(extractions, catalog), catalog, missing


def explain_in_store(store: GraphStore, which: str, catalog: Any = None) -> list[str]:
    """``kg check --explain FILE#N``: how reference N of the stored file FILE (a path or its end) was resolved."""
    from kg.resolve import explain

    name, _, number = which.rpartition("#")
    if not name or not number.isdigit():
        raise ValueError(f"{which!r}: expected FILE#N, as kg check prints it (e.g. 001_efa0bf86d863f830.txt#12)")
    resolutions, _catalog, _missing = resolutions_in_store(store, catalog)
    found = [r for r in resolutions if r.extraction.source == name or r.extraction.source.endswith("/" + name)]
    if len(found) != 1:
        what = "no stored file" if not found else f"{len(found)} stored files"
        raise ValueError(f"{what} named {name!r}")
    return explain(found[0], int(number))


def check_store(store: GraphStore, catalog: Any = None) -> list[str]:
    """``CheckReport.lines()`` for the corpus in the store (re-resolved from the cached extractions)."""
    from kg.resolve import check

    resolutions, catalog, missing = resolutions_in_store(store, catalog)
    lines = check(resolutions, catalog).lines()
    if missing:
        lines.append(f"not checked ({files(len(missing))} whose extraction is not cached under this version; "
                     "run kg build again): " + ", ".join(missing))
    return lines
