"""The public entry points: read and extract files, one result per input, never stopping on a bad one."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import kg.read
from kg.extract import extract_document
from kg.model import Extraction
from kg.read import SUFFIXES, ReadError, ReadOptions, converted_ahead, normalise, read_file
from kg.workers import in_workers


def iter_inputs(paths: Iterable[str | os.PathLike[str]],
                skipped: list[Path] | None = None) -> Iterator[tuple[Path, str | None]]:
    """Expand folders recursively (sorted, document files only; linked folders followed once); yield (path, error
    or None). A FIFO, a device or a link to one is an error here, before anything opens it and waits. Files in a
    folder whose type is not read (``.xls``, ``.jpg``) are appended to ``skipped``, so that callers can say so."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield path, "no such file or directory"
        elif path.is_dir():
            yield from _walk(path, seen, skipped if skipped is not None else [])
        else:
            yield path, _not_regular(path)


def unread_line(pages: Sequence[int]) -> str:
    """``pages 2, 3 have no text layer and were not read (OCR off or timed out)``."""
    word = "page" if len(pages) == 1 else "pages"
    verb = "has" if len(pages) == 1 else "have"
    return f"{word} {', '.join(map(str, pages))} {verb} no text layer and {'was' if len(pages) == 1 else 'were'} not read (OCR off or timed out)"


def skipped_summary(skipped: Sequence[Path]) -> str | None:
    """``skipped: 3 files of unread types (.jpg, .xls)``, or None when nothing was skipped."""
    if not skipped:
        return None
    kinds = sorted({p.suffix.lower() or "no extension" for p in skipped})
    return f"skipped: {files(len(skipped))} of unread types ({', '.join(kinds)})"


def files(n: int) -> str:
    """``1 file``, ``2 files``: how the reports count files."""
    return f"{n} file" if n == 1 else f"{n} files"


def _not_regular(path: Path) -> str | None:
    try:
        return None if stat.S_ISREG(path.stat().st_mode) else "not a regular file"
    except OSError:
        return None  # a dangling link, a file gone: reading it says so


def _walk(folder: Path, seen: set[Path], skipped: list[Path]) -> Iterator[tuple[Path, str | None]]:
    real = folder.resolve()
    if real in seen:
        return  # a link back to a folder already read
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        yield folder, f"cannot list folder ({err.strerror or err})"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store) are not documents
        if entry.is_dir():
            if not _is_store(entry):
                yield from _walk(entry, seen, skipped)
        elif entry.suffix.lower() in SUFFIXES:
            yield entry, _not_regular(entry)
        else:
            skipped.append(entry)


def _is_store(folder: Path) -> bool:
    """A kg store (``store.json`` beside ``oxigraph/``, as ``kg.store`` lays one out) inside the inputs: its files
    are the graph built from them, not documents, nor files of unread types."""
    return (folder / "store.json").is_file() and (folder / "oxigraph").is_dir()


def source_text(path: str | os.PathLike[str]) -> str:
    """A path as the graph, the manifest and the cache store it: its bytes as UTF-8, a byte that is not UTF-8 as
    ``\\xff`` (a file name is bytes on Linux; the same file gives the same text on every build)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def extract_file(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Extraction:
    """Read and extract one file. Problems become ``errors`` on the result, never exceptions."""
    result = Extraction(source=source_text(path))
    try:
        decoded = read_file(path, options=options)
    except ReadError as err:
        result.errors.append(str(err))
        return result
    result.sha256, result.encoding = decoded.sha256, decoded.encoding
    result.ocr, result.unread_pages = list(decoded.ocr), list(decoded.unread_pages)
    if result.unread_pages:
        result.errors.append(unread_line(result.unread_pages))
    try:
        _, result.document, result.references, result.links = extract_document(
            normalise(decoded.text, decoded.encoding)
        )
    except Exception as err:  # noqa: BLE001 - one bad file must not stop a batch
        result.errors.append(f"internal error while extracting ({type(err).__name__}: {err})")
    return result


def extract_paths(paths: Iterable[str | os.PathLike[str]], skipped: list[Path] | None = None,
                  options: ReadOptions | None = None, jobs: int = 1) -> Iterator[Extraction]:
    """Extract every input file (folders read recursively), in input order; files of unread types go to ``skipped``.
    ``jobs`` worker processes extract at once (forked, on Linux); the office files of each run of eight inputs
    are converted by one LibreOffice run."""
    listed = list(iter_inputs(paths, skipped))
    yield from in_workers(_extract_chunk, listed, jobs, {"options": options}, chunk=8)


def _extract_chunk(state: dict[str, Any], bounds: tuple[int, int]) -> list[Extraction]:
    start, stop = bounds
    chunk: list[tuple[Path, str | None]] = state["items"][start:stop]
    with converted_ahead([path for path, error in chunk if error is None], max_bytes=kg.read.MAX_BYTES):
        return [Extraction(source=source_text(path), errors=[error]) if error else extract_file(path, state["options"])
                for path, error in chunk]
