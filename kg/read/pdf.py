"""Read the text layer of a PDF file with pypdf (pure Python; ``cryptography`` for AES-encrypted files).

Every page's text, in page order, joined by a blank line. pypdf maps glyphs through the
fonts' ToUnicode tables, so Vietnamese letters come out as Unicode (sometimes decomposed:
the normaliser recomposes them). A PDF without text on any page is a scan, which this
toolkit does not OCR. PDFs made with legacy Vietnamese fonts (TCVN3, VNI) without ToUnicode
tables yield text in those fonts' private codes; that is not detected here.
"""
from __future__ import annotations

import io
import logging
import warnings

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from kg.read.decode import Decoded, ReadError

__all__ = ["read_pdf", "NO_TEXT"]

NO_TEXT = "no text layer (scanned?)"

# pypdf logs recoverable damage ("EOF marker not found") as warnings; without a handler of its
# own Python would print them on stderr, where ``kg`` promises one line per failed file.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_pdf(data: bytes) -> Decoded:
    """Text of every page of a PDF; ``ReadError`` when it is encrypted, damaged or has no text layer."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _open(data)
        pages = [_page_text(reader, i) for i in range(_page_count(reader))]
    text = "\n\n".join(page for page in pages if page.strip())
    if not text:
        raise ReadError(NO_TEXT if pages else "PDF has no pages")
    return Decoded(text, "pdf")


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
