"""Word 97–2003 (``.doc``), OpenDocument (``.odt``) and RTF files, converted to ``.docx`` by LibreOffice (headless).

The converted file is read by the ``.docx`` reader, so footnotes, header tables and tracked changes come
through one reader whatever the format (antiword and catdoc were measured: they put a header's two
columns on one line, and catdoc drops footnote markers). Each process keeps its own LibreOffice
profile, so parallel workers do not share one; a conversion has a time bound, after which LibreOffice
and its children are stopped.

LibreOffice takes ~0.7 s to start and ~0.05 s a file once started, so ``converted_ahead`` converts many
files in one run (the build's workers do it for each chunk of inputs); a file it could not convert, or
every file of a run that did not end in time, is converted again on its own, so that one bad file fails
alone.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from multiprocessing.util import Finalize
from pathlib import Path

from kg.read.decode import Decoded, ReadError, ReadOptions, number_setting
from kg.read.docx import read_docx

__all__ = ["CONVERT_SECONDS", "OFFICE_SUFFIXES", "PACKAGE", "converted_ahead", "read_office", "to_docx"]

#: The longest a conversion may take (``KG_CONVERT_SECONDS``, default 120).
CONVERT_SECONDS = number_setting("KG_CONVERT_SECONDS", 120, "seconds")
#: The Debian package that provides ``soffice`` without a display.
PACKAGE = "libreoffice-writer-nogui"
#: The suffixes LibreOffice reads for us.
OFFICE_SUFFIXES = (".doc", ".odt", ".rtf")

# Conversions made ahead by ``converted_ahead``, by the SHA-256 of the file's bytes, for the block that made them.
_AHEAD: ContextVar[dict[str, bytes | ReadError] | None] = ContextVar("kg_office_ahead", default=None)


def read_office(data: bytes, options: ReadOptions | None = None, *, suffix: str) -> Decoded:
    """Text of a ``.doc``, ``.odt`` or ``.rtf`` file (``suffix``), through LibreOffice and the ``.docx`` reader."""
    ahead = _AHEAD.get()
    converted = ahead.get(hashlib.sha256(data).hexdigest()) if ahead else None
    if converted is None:
        converted = to_docx([(data, suffix)])[0]
    if isinstance(converted, ReadError):
        raise converted
    return Decoded(read_docx(converted).text, suffix.lstrip("."))


def to_docx(files: Sequence[tuple[bytes, str]]) -> list[bytes | ReadError]:
    """Each file (its bytes and suffix) as ``.docx`` bytes, or the ``ReadError`` saying why not: one LibreOffice run
    for all of them, then a run of its own for each file that run did not convert."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return [ReadError(f"reading {suffix} files needs LibreOffice (Debian package {PACKAGE}), which is not "
                          "installed") for _, suffix in files]
    with tempfile.TemporaryDirectory(prefix="kg-office-") as tmp:
        sources = [Path(tmp) / f"{k}{suffix}" for k, (_, suffix) in enumerate(files)]
        for path, (data, _) in zip(sources, files):
            path.write_bytes(data)
        out: list[bytes | ReadError | None] = [None] * len(files)
        if len(files) > 1 and _convert(exe, sources, Path(tmp) / "all"):
            out = [_converted(Path(tmp) / "all", path) for path in sources]
        for k, path in enumerate(sources):
            if out[k] is None:
                alone = Path(tmp) / f"alone-{k}"
                if not _convert(exe, [path], alone):
                    out[k] = ReadError(f"LibreOffice did not convert it within {CONVERT_SECONDS:g} s")
                else:
                    out[k] = _converted(alone, path) or ReadError(
                        f"LibreOffice could not open it as a {path.suffix} file (damaged, password-protected or "
                        "another format)")
    return out  # type: ignore[return-value]  # every slot is filled above


@contextmanager
def converted_ahead(paths: Iterable[Path], skip: Callable[[str], bool] = lambda sha256: False,
                    max_bytes: int | None = None) -> Iterator[None]:
    """Inside the block, ``read_office`` takes the conversions of the office files among ``paths`` from one
    LibreOffice run made on entry; ``skip`` leaves out files by their bytes' SHA-256 (a build's cached ones), as
    does a file larger than ``max_bytes`` or one that cannot be read (reading it later says why)."""
    files: dict[str, tuple[bytes, str]] = {}
    for path in paths:
        if path.suffix.lower() not in OFFICE_SUFFIXES:
            continue
        try:
            if max_bytes is not None and path.stat().st_size > max_bytes:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        sha = hashlib.sha256(data).hexdigest()
        if not skip(sha):
            files[sha] = (data, path.suffix.lower())
    if len(files) < 2:  # one file is converted as it is read, at the same cost
        yield
        return
    token = _AHEAD.set(dict(zip(files, to_docx(list(files.values())))))
    try:
        yield
    finally:
        _AHEAD.reset(token)


def _converted(out: Path, source: Path) -> bytes | None:
    """The ``.docx`` LibreOffice wrote in ``out`` for ``source``, if it wrote one."""
    try:
        return (out / f"{source.stem}.docx").read_bytes()
    except OSError:
        return None


def _convert(exe: str, sources: list[Path], out: Path) -> bool:
    """Run LibreOffice on the files, stopping it and its children after ``CONVERT_SECONDS``; whether it ended."""
    cmd = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault",
           f"-env:UserInstallation={_profile().as_uri()}", "--convert-to", "docx", "--outdir", str(out),
           *map(str, sources)]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        proc.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return False
    return True


_PROFILES: dict[int, Path] = {}


def _profile() -> Path:
    """This process's LibreOffice profile folder (made once per process, removed at exit): a forked worker makes its
    own, so two conversions never share one."""
    pid = os.getpid()
    if pid not in _PROFILES:
        _PROFILES[pid] = Path(tempfile.mkdtemp(prefix=f"kg-lo-profile-{pid}-"))
        # A worker process ends without running atexit hooks, but it runs multiprocessing's finalizers.
        Finalize(None, shutil.rmtree, args=(_PROFILES[pid], True), exitpriority=0)
    return _PROFILES[pid]
