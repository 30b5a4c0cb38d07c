"""The public entry points: read and extract files, one result per input, never stopping on a bad one."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.extract import extract_document
from kg.model import Extraction
from kg.read import SUFFIXES, ReadError, normalise, read_file


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str | None]]:
    """Expand folders recursively (sorted, readable document files only); yield (path, error or None)."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield path, "no such file or directory"
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield path, None


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        yield folder, f"cannot list folder ({err.strerror or err})"
        return
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.suffix.lower() in SUFFIXES and not entry.name.startswith("."):
            yield entry, None


def extract_file(path: str | os.PathLike[str]) -> Extraction:
    """Read and extract one file. Problems become ``errors`` on the result, never exceptions."""
    result = Extraction(source=str(path))
    try:
        decoded = read_file(path)
    except ReadError as err:
        result.errors.append(str(err))
        return result
    result.sha256, result.encoding = decoded.sha256, decoded.encoding
    try:
        _, result.document, result.references, result.links = extract_document(
            normalise(decoded.text, decoded.encoding)
        )
    except Exception as err:  # noqa: BLE001 - one bad file must not stop a batch
        result.errors.append(f"internal error while extracting ({type(err).__name__}: {err})")
    return result


def extract_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Extraction]:
    """Extract every input file (folders read recursively), in order."""
    for path, error in iter_inputs(paths):
        yield Extraction(source=str(path), errors=[error]) if error else extract_file(path)
