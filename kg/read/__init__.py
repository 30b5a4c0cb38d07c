"""Read a file into a normalised ``Text``: pick the reader by extension, decode, normalise.

Every reader takes the file's bytes and returns a ``Decoded`` (text plus the encoding or
format it was read as), so the stages after reading never know which format a document
came in. Every failure is a ``ReadError`` whose message is one line.
"""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from kg.read.decode import Decoded, ReadError, ReadOptions, check_script, decode_bytes, number_setting
from kg.read.docx import read_docx
from kg.read.html import read_html
from kg.read.legacy import convert_text
from kg.read.normalise import Marker, Text, normalise
from kg.read.office import OFFICE_SUFFIXES, converted_ahead, read_office
from kg.read.pdf import read_pdf

__all__ = ["Decoded", "Marker", "ReadError", "ReadOptions", "Text", "SUFFIXES", "MAX_BYTES", "converted_ahead", "read_file",
           "read_text", "normalise"]

#: Largest input read, in bytes (``KG_MAX_MB``, default 50); larger files are refused before any byte is loaded.
MAX_BYTES = int(number_setting("KG_MAX_MB", 50, "megabytes") * 1024 * 1024)

Reader = Callable[[bytes, ReadOptions], Decoded]

READERS: dict[str, Reader] = {
    ".txt": decode_bytes,
    ".md": decode_bytes,
    ".docx": read_docx,
    **{suffix: partial(read_office, suffix=suffix) for suffix in OFFICE_SUFFIXES},
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
}
PLAIN_SUFFIXES = (".txt", ".md")
LEGACY = frozenset({"tcvn3", "vni", "viscii"})  # encodings decode_bytes already converted
SUFFIXES = tuple(READERS)


def read_file(path: str | os.PathLike[str], max_bytes: int | None = None, options: ReadOptions | None = None) -> Decoded:
    """Decode one file by its extension; raise ``ReadError`` with a one-line reason when it cannot.

    ``max_bytes`` defaults to the module's ``MAX_BYTES`` as it is at call time (tests and
    callers may change it); the size is checked with ``stat`` before anything is read.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in READERS:
        if p.is_dir():
            raise ReadError("is a directory")
        raise ReadError(f"unsupported file type {suffix or '(none)'} (expected one of {', '.join(SUFFIXES)})")
    data = _read_bytes(p, MAX_BYTES if max_bytes is None else max_bytes)
    try:
        decoded = READERS[suffix](data, options or ReadOptions())
    except ReadError:
        raise
    except Exception as err:  # noqa: BLE001 - a reader's bug on one odd file must not stop a batch
        raise ReadError(f"internal error while reading ({type(err).__name__}: {err})") from err
    if decoded.encoding not in LEGACY and (legacy := convert_text(decoded.text)) is not None:
        decoded = replace(decoded, text=legacy[0], encoding=f"{decoded.encoding}+{legacy[1]}")  # a .doc in .VnTime
    check_script(decoded.text)
    return replace(decoded, sha256=hashlib.sha256(data).hexdigest())


def _read_bytes(p: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over ``max_bytes`` by their size before reading them."""
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device could be endless
            raise ReadError("not a regular file")
        size = info.st_size
        if size > max_bytes:
            raise ReadError(f"file too large ({size / 2**20:.1f} MB; limit {max_bytes / 2**20:.0f} MB, set KG_MAX_MB)")
        return p.read_bytes()
    except PermissionError:
        raise ReadError("permission denied") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except FileNotFoundError:
        raise ReadError("no such file or directory") from None  # worded as kg.api words a missing argument
    except OSError as err:
        raise ReadError(f"cannot read ({err.strerror or err})") from None


def read_text(path: str | os.PathLike[str], max_bytes: int | None = None) -> Text:
    """Read and normalise one file."""
    decoded = read_file(path, max_bytes)
    return normalise(decoded.text, decoded.encoding)
