"""Read the text layer of a PDF file with pypdf (pure Python; ``cryptography`` for AES-encrypted files).

Every page's text, in page order, joined by a blank line. pypdf maps glyphs through the
fonts' ToUnicode tables, so Vietnamese letters come out as Unicode (sometimes decomposed:
the normaliser recomposes them). A page without text is a scan: ``kg.read.ocr`` reads it, unless
OCR is turned off; a mixed PDF keeps its text pages. PDFs made with legacy Vietnamese fonts (TCVN3,
VNI) whose text comes out in those fonts' codes are converted by ``kg.read.legacy``, as any text.
"""
from __future__ import annotations

import io
import logging
import warnings

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from kg.read.decode import Decoded, ReadError, ReadOptions
from kg.read.ocr import ocr_pages, scanned_pages

__all__ = ["read_pdf", "NO_TEXT"]

NO_TEXT = "no text layer (scanned?)"

# pypdf logs recoverable damage ("EOF marker not found") as warnings; without a handler of its
# own Python would print them on stderr, where ``kg`` promises one line per failed file.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_pdf(data: bytes, options: ReadOptions | None = None) -> Decoded:
    """Text of every page of a PDF, pages without a text layer read by OCR (unless ``options.ocr`` is off);
    ``ReadError`` when it is encrypted, damaged, or has no text that could be read."""
    options = options or ReadOptions()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _open(data)
        pages = [_page_text(reader, i) for i in range(_page_count(reader))]
    if not pages:
        raise ReadError("PDF has no pages")
    empty = scanned_pages(data, [i for i, page in enumerate(pages) if not page.strip()])
    done: tuple = ()
    unread = tuple(i + 1 for i in empty)
    if empty and options.ocr:
        try:
            result = ocr_pages(data, empty)
        except ReadError as err:
            if len(empty) == len(pages):
                raise ReadError(f"{NO_TEXT}; {err}") from None
            result = None  # the text pages are kept; the scanned ones are reported unread
        if result is not None:
            for i, text in result.texts.items():
                pages[i] = text
            done, unread = result.pages, result.unread
    text = "\n\n".join(page for page in pages if page.strip())
    if not text:
        raise ReadError(f"{NO_TEXT}; OCR found no text" if done else NO_TEXT if options.ocr or not unread
                        else f"{NO_TEXT}; OCR is off")
    return Decoded(text, "pdf", ocr=done, unread_pages=unread)


def _invalid(err: BaseException) -> ReadError:
    """The one-line ``ReadError`` for a PDF pypdf could not parse."""
    detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return ReadError(f"not a valid PDF ({detail[:120]})")


def _open(data: bytes) -> PdfReader:
    """Parse the PDF and unlock it when it only has an owner password (print/copy restrictions)."""
    if b"%PDF-" not in data[:1024]:  # the header may follow up to 1 KB of junk
        raise ReadError("not a valid PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ReadError("encrypted PDF (password required)")
    except DependencyError:
        raise ReadError("encrypted PDF (AES; install the 'cryptography' package)") from None
    except ReadError:
        raise
    except Exception as err:  # noqa: BLE001 - untrusted input: pypdf raises many kinds on damaged files
        raise _invalid(err) from None
    return reader


def _page_count(reader: PdfReader) -> int:
    """Number of pages; a broken page tree is a damaged file."""
    try:
        return len(reader.pages)
    except Exception as err:  # noqa: BLE001
        raise _invalid(err) from None


def _page_text(reader: PdfReader, index: int) -> str:
    """Text layer of one page (empty for a page with only images)."""
    try:
        return reader.pages[index].extract_text() or ""
    except (FileNotDecryptedError, DependencyError):
        raise ReadError("encrypted PDF (cannot decrypt)") from None
    except Exception as err:  # noqa: BLE001
        raise ReadError(f"not a valid PDF (page {index + 1}: {str(err).strip()[:100] or type(err).__name__})") from None
