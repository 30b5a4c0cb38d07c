"""Files written whole or not at all: a temporary file beside the target, renamed over it when complete.

A crash, a full disk or an exception while writing leaves the old file (or none), never half of a new one.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_file"]


@contextmanager
def atomic_file(path: str | os.PathLike[str], mode: str = "wb", **open_options: Any) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on success flush it to disk and rename it to ``path``.

    An error names ``path`` (not the temporary file) and removes the temporary file."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, mode, **open_options) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(target)) from err
    finally:
        tmp.unlink(missing_ok=True)
