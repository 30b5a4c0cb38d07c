"""Word 97–2003 (``.doc``), OpenDocument (``.odt``) and RTF files, converted to ``.docx`` by LibreOffice (headless).

The converted file is read by the ``.docx`` reader, so footnotes, header tables and tracked changes come
through one reader whatever the format (antiword and catdoc were measured: they put a header's two
columns on one line, and catdoc drops footnote markers). Each process keeps its own LibreOffice
profile, so parallel workers do not share one; a conversion has a time bound, after which LibreOffice
and its children are stopped.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kg.read.decode import Decoded, ReadError, ReadOptions
from kg.read.docx import read_docx

__all__ = ["CONVERT_SECONDS", "PACKAGE", "read_office"]

#: The longest a conversion may take (``KG_CONVERT_SECONDS``, default 120).
CONVERT_SECONDS = float(os.environ.get("KG_CONVERT_SECONDS") or 120)
#: The Debian package that provides ``soffice`` without a display.
PACKAGE = "libreoffice-writer-nogui"


def read_office(data: bytes, options: ReadOptions | None = None, *, suffix: str) -> Decoded:
    """Text of a ``.doc``, ``.odt`` or ``.rtf`` file (``suffix``), through LibreOffice and the ``.docx`` reader."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ReadError(f"reading {suffix} files needs LibreOffice (Debian package {PACKAGE}), which is not installed")
    with tempfile.TemporaryDirectory(prefix="kg-office-") as tmp:
        source = Path(tmp) / f"document{suffix}"
        source.write_bytes(data)
        _convert(exe, source, Path(tmp))
        converted = source.with_suffix(".docx")
        if not converted.exists():
            raise ReadError(f"LibreOffice could not open it as a {suffix} file (damaged, password-protected or "
                            "another format)")
        decoded = read_docx(converted.read_bytes())
    return Decoded(decoded.text, suffix.lstrip("."))


def _convert(exe: str, source: Path, out: Path) -> None:
    """Run LibreOffice on one file, stopping it and its children after ``CONVERT_SECONDS``."""
    cmd = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault",
           f"-env:UserInstallation={_profile().as_uri()}", "--convert-to", "docx", "--outdir", str(out), str(source)]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        proc.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise ReadError(f"LibreOffice did not convert it within {CONVERT_SECONDS:g} s") from None


_PROFILES: dict[int, Path] = {}


def _profile() -> Path:
    """This process's LibreOffice profile folder (made once per process, removed at exit): a forked worker makes its
    own, so two conversions never share one."""
    pid = os.getpid()
    if pid not in _PROFILES:
        _PROFILES[pid] = Path(tempfile.mkdtemp(prefix=f"kg-lo-profile-{pid}-"))
        atexit.register(shutil.rmtree, _PROFILES[pid], True)
    return _PROFILES[pid]
