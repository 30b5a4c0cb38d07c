"""OCR of scans made from the corpus: how many symbol references a scan gives back, and how fast.

Each corpus text is set as a PDF with a text layer (DejaVu Sans 10 pt, as the reader tests do), each page is
rendered to an image at ``--dpi``, clean or with mild noise and skew (``--noisy``: grey speckles on 1% of the
pixels and a 0.7° rotation, as a sheet fed askew), and the images become a PDF without any text layer: a
scan. ``kg`` reads it with OCR; the references found are compared with those of the text itself.

    python benchmarks/ocr.py [--dpi 300] [--noisy] [--docs 000 004]

prints, per document and overall: symbol references (tier A) found in the scan / in the text, extra ones,
the own record kept or not, pages, seconds a page, and Tesseract's mean confidence.
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fpdf import FPDF  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from kg.api import extract_file  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CORPUS = ROOT / "data" / "corpus"


def text_pdf(text: str) -> bytes:
    """The text set in pages of A4, one PDF line per text line (a blank line kept as space)."""
    pdf = FPDF()
    pdf.add_font("Body", fname=str(FONT))
    pdf.set_font("Body", size=10)
    pdf.add_page()
    for line in text.splitlines():
        if line.strip():
            pdf.multi_cell(0, 5, line.strip(), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    return bytes(pdf.output())


def scan(pdf: bytes, dpi: int, noisy: bool, seed: int = 7) -> bytes:
    """The pages as images only (no text layer), optionally speckled and turned a little."""
    import pypdfium2

    rng = random.Random(seed)
    doc = pypdfium2.PdfDocument(pdf)
    images = []
    for page in doc:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if noisy:
            pixels = image.load()
            w, h = image.size
            for _ in range(w * h // 100):
                pixels[rng.randrange(w), rng.randrange(h)] = rng.randrange(90, 200)
            image = image.rotate(0.7, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.4))
        images.append(image)
    doc.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def symbols(extraction) -> Counter:
    return Counter(r.symbol for r in extraction.references if r.symbol)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--noisy", action="store_true")
    ap.add_argument("--docs", nargs="*", default=None, help="corpus prefixes (default: all)")
    args = ap.parse_args(argv)
    texts = sorted(p for p in CORPUS.glob("*.txt") if not args.docs or p.name[:3] in args.docs)
    found = wanted = extra = pages = 0
    seconds = 0.0
    confidences: list[float] = []
    print(f"scans at {args.dpi} dpi{' with noise and skew' if args.noisy else ''}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in texts:
            text_version = Path(tmp) / f"{path.stem}.pdf"
            text_version.write_bytes(text_pdf(path.read_text(encoding="utf-8")))
            scanned = Path(tmp) / f"{path.stem}.scan.pdf"
            scanned.write_bytes(scan(text_version.read_bytes(), args.dpi, args.noisy))
            want = extract_file(text_version)
            started = time.monotonic()
            got = extract_file(scanned)
            took = time.monotonic() - started
            w, g = symbols(want), symbols(got)
            hit = sum((w & g).values())
            found, wanted, extra = found + hit, wanted + sum(w.values()), extra + sum((g - w).values())
            pages += len(got.ocr)
            seconds += took
            confidences += [p.confidence for p in got.ocr]
            own = got.document is not None and want.document is not None and (
                got.document.symbol, got.document.date) == (want.document.symbol, want.document.date)
            mean = sum(p.confidence for p in got.ocr) / max(1, len(got.ocr))
            print(f"{path.name[:3]}: symbols {hit}/{sum(w.values())}, extra {sum((g - w).values())}, own record "
                  f"{'kept' if own else 'lost'}, {len(got.ocr)} pages, {took / max(1, len(got.ocr)):.1f} s a page, "
                  f"confidence {mean:.1f}" + (f"; missed {dict(w - g)}" if w - g else ""))
    print(f"all: symbols {found}/{wanted} ({found / max(1, wanted):.3f}), extra {extra}, {pages} pages, "
          f"{seconds / max(1, pages):.1f} s a page, confidence {sum(confidences) / max(1, len(confidences)):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
