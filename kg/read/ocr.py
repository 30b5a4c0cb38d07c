"""OCR of the pages of a PDF that carry no text layer (scans): each page rendered by PDFium, read by Tesseract.

Tesseract runs with its Vietnamese model (Debian ``tesseract-ocr`` and ``tesseract-ocr-vie``), called as a
program (its TSV output gives words, lines and confidences; a Python binding could not set its thread
limit per call); each page is rendered at ``DPI`` by ``pypdfium2`` and read with a time bound, so one hard
page cannot hold a batch. A page's confidence is Tesseract's mean word confidence (0–100).
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass

from typing import TYPE_CHECKING

from kg.read.decode import ReadError, number_setting

if TYPE_CHECKING:
    from kg.model import OcrPage

__all__ = ["DPI", "PACKAGES", "PAGE_SECONDS", "OcrResult", "ocr_pages", "scanned_pages"]

#: Resolution pages are rendered at for Tesseract (its documentation asks for at least 300 dpi).
DPI = 300
#: The longest one page's OCR may take (``KG_OCR_PAGE_SECONDS``, default 120).
PAGE_SECONDS = number_setting("KG_OCR_PAGE_SECONDS", 120, "seconds")
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
_LANG = "vie"
# One block of text per page: Tesseract finds the layout itself (page segmentation mode 3, the default).
_CONFIG = "--psm 3"


@dataclass(frozen=True)
class OcrResult:
    """What OCR made of some pages: the text of each page read, its record, and the pages it could not read."""

    texts: dict[int, str]  # 0-based page → text
    pages: tuple[OcrPage, ...]
    unread: tuple[int, ...]  # 1-based pages left without text (a time bound passed)


def _tesseract_ready() -> str | None:
    """None when Tesseract and its Vietnamese model are installed, else what is missing (one line)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"OCR needs Tesseract (Debian packages {PACKAGES}), which is not installed"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        langs = []
    return None if _LANG in langs else "OCR needs Tesseract's Vietnamese model (Debian package tesseract-ocr-vie)"


def scanned_pages(data: bytes, pages: list[int]) -> list[int]:
    """Those of the given pages (0-based) that hold an image: a blank page, or one with drawings only, is no scan."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return [i for i in pages if _has_image(pdf[i])]
    finally:
        pdf.close()


def ocr_pages(data: bytes, pages: list[int]) -> OcrResult:
    """OCR the given scanned pages (0-based) of a PDF; ``ReadError`` when Tesseract or its Vietnamese model is
    missing."""
    missing = _tesseract_ready()
    if missing is not None:
        raise ReadError(missing)
    import pypdfium2

    from kg.model import OcrPage  # here: kg.model imports this package

    texts: dict[int, str] = {}
    records: list[OcrPage] = []
    unread: list[int] = []
    pdf = pypdfium2.PdfDocument(data)
    try:
        for i in pages:
            image = pdf[i].render(scale=DPI / 72, grayscale=True).to_pil()
            png = io.BytesIO()
            image.save(png, "PNG")
            words = _tesseract(png.getvalue())
            if words is None:
                unread.append(i + 1)
                continue
            texts[i] = _text_of(words)
            confidences = [float(w["conf"]) for w in words if float(w["conf"]) >= 0 and w["text"].strip()]
            records.append(OcrPage(page=i + 1, confidence=round(sum(confidences) / len(confidences), 1)
                                   if confidences else 0.0))
    finally:
        pdf.close()
    return OcrResult(texts, tuple(records), tuple(unread))


def _has_image(page: object) -> bool:
    """Whether a page holds an image (a scan is one), at its top level or inside a form."""
    import pypdfium2.raw as pdfium

    return any(obj.type == pdfium.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))  # type: ignore[attr-defined]


def _tesseract(png: bytes) -> list[dict[str, str]] | None:
    """Tesseract's words (its TSV rows) for one page image; None when it passed ``PAGE_SECONDS``.

    One thread: on this 2-core machine Tesseract's OpenMP threads made a page take 16 s instead of 2.3 s
    (workers already run pages in parallel), so ``OMP_THREAD_LIMIT=1`` is set for its process only.
    """
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", _LANG, *_CONFIG.split(), "tsv"], input=png,
                              capture_output=True, timeout=PAGE_SECONDS, env=env)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(f"Tesseract failed ({message[-1][:120] if message else done.returncode})")
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                               quoting=csv.QUOTE_NONE))
    return [r for r in rows if r.get("level") == "5"]


def _text_of(words: list[dict[str, str]]) -> str:
    """The page's text from Tesseract's words: a line per line it found, a blank line between its paragraphs."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    for w in words:
        if w["text"].strip():
            lines.setdefault((w["block_num"], w["par_num"], w["line_num"]), []).append(w["text"])
    out, previous = [], None
    for (block, par, _line), tokens in lines.items():
        if previous is not None and previous != (block, par):
            out.append("")
        out.append(" ".join(tokens))
        previous = (block, par)
    return "\n".join(out)
