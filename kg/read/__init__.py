"""Read a file into a normalised ``Text``: pick the reader by extension, decode, normalise."""
from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from kg.read.decode import Decoded, ReadError, decode_bytes
from kg.read.normalise import Marker, Text, normalise

__all__ = ["Decoded", "Marker", "ReadError", "Text", "SUFFIXES", "MAX_BYTES", "read_file", "read_text", "normalise"]

#: Largest input read, in bytes; larger files are refused before any byte is loaded.
MAX_BYTES = int(float(os.environ.get("KG_MAX_MB", "50")) * 1024 * 1024)

PLAIN_SUFFIXES = (".txt", ".md")
SUFFIXES = PLAIN_SUFFIXES


def read_file(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> Decoded:
    """Decode one file by its extension; raise ``ReadError`` with a one-line reason when it cannot."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(f"unsupported file type {suffix or '(none)'} (expected one of {', '.join(SUFFIXES)})")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise ReadError(f"file too large ({size / 2**20:.1f} MB; limit {max_bytes / 2**20:.0f} MB, set KG_MAX_MB)")
        data = p.read_bytes()
    except PermissionError:
        raise ReadError("permission denied") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except OSError as err:
        raise ReadError(f"cannot read ({err.strerror or err})") from None
    return replace(decode_bytes(data), sha256=hashlib.sha256(data).hexdigest())


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> Text:
    """Read and normalise one file."""
    decoded = read_file(path, max_bytes)
    return normalise(decoded.text, decoded.encoding)
