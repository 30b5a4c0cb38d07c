"""Where the installed tool finds the data it reads at run time: the catalog, the canned queries, the ontology.

The files live at the project's top level (``data/catalog``, ``queries``, ``ontology``); ``kg/data/`` links to
them so that a wheel carries them as package data and a checkout reads them in place.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["catalog_dir", "ontology_file", "queries_dir"]


def _packaged(*parts: str) -> Path:
    """A file or folder under ``kg/data`` (installed packages are unzipped, so a plain path)."""
    return Path(str(resources.files("kg").joinpath("data", *parts)))


def catalog_dir() -> Path:
    """The folder of the catalog of central documents (``<TERM>.csv`` and ``registers.csv``)."""
    return _packaged("catalog")


def queries_dir() -> Path:
    """The folder of the canned SPARQL queries (``*.rq``)."""
    return _packaged("queries")


def ontology_file(name: str = "party.ttl") -> Path:
    """A file of the ontology folder: ``party.ttl`` (the vocabulary) or ``shapes.ttl`` (the SHACL shapes)."""
    return _packaged("ontology", name)
