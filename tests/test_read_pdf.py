"""The .pdf reader: text layer of a corpus document printed with a Unicode font, and the ways PDFs fail.

``tests/fixtures/read/kl-09-btctw.pdf`` is built by ``build_pdf`` below from parts of corpus
document 001 (run this file with Python to rebuild it). It is committed because the font it
needs may be missing on a clean machine; where the font exists, a test rebuilds it and checks
the committed file still matches what the generator makes.
"""
from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from kg.read import ReadError, normalise, read_file
from kg.read.pdf import NO_TEXT, read_pdf

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "read" / "kl-09-btctw.pdf"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CORPUS_001 = ROOT / "data" / "corpus" / "001_efa0bf86d863f830.txt"


def fixture_pages(text: str) -> list[list[str]]:
    """Three pages from corpus 001: header and opening, the paragraphs citing 26-NQ/TW and a footnote, signatures."""
    lines = [line.replace("*", "") for line in text.splitlines()]
    cites = [line for line in lines if "Nghị quyết số 26-NQ/TW" in line]
    note = next(line for line in lines if line.startswith("⁴ "))
    closing = next(i for i, line in enumerate(lines) if line.startswith("K/T TRƯỞNG BAN"))
    return [lines[:26], [*cites, "", note], lines[closing:closing + 8]]


def build_pdf(pages: list[list[str]], font: Path = FONT) -> bytes:
    """A PDF with a real text layer: each line set in a Unicode TrueType font, one list per page."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2024, 1, 11, tzinfo=timezone.utc))  # rebuilds differ only by fpdf2 version
    pdf.add_font("Body", fname=str(font))
    pdf.set_font("Body", size=10)
    for page in pages:
        pdf.add_page()
        for line in page:
            if line.strip():
                pdf.multi_cell(0, 5, line.strip(), new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(3)
    return bytes(pdf.output())


def blank_pdf(pages: int = 1) -> bytes:
    """Pages with a drawing and no text: what a scan without OCR looks like to a text extractor."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 140, style="F")
    return bytes(pdf.output())


def encrypted(data: bytes, user_password: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def fixture_text() -> str:
    return read_pdf(FIXTURE.read_bytes()).text


def test_fixture_is_small_enough_to_keep_in_the_repository():
    assert FIXTURE.stat().st_size < 60_000


def test_key_lines_come_through_as_lines(fixture_text):
    got = [line.strip() for line in normalise(fixture_text).text.splitlines()]
    assert "Số 09-KL/BTCTW" in got
    assert "Hà Nội, ngày 11 tháng 01 năm 2024" in got
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in got
    assert "K/T TRƯỞNG BAN" in got and "Mai Văn Chính" in got


def test_vietnamese_diacritics_survive_extraction(fixture_text):
    text = normalise(fixture_text).text
    flat = " ".join(text.split())  # long lines wrap in the PDF
    assert "Tiếp tục thực hiện Nghị quyết số 26-NQ/TW của Ban Chấp hành Trung ương" in flat
    assert "Hiện nay còn 06 địa phương chưa thực hiện việc cụ thể hóa Kết luận số 35-KL/TW" in flat
    assert "Ninh Bình, Hưng Yên, Quảng Bình, Thừa Thiên Huế" in flat


def test_superscript_footnote_numbers_are_recorded_as_markers(fixture_text):
    assert [m.number for m in normalise(fixture_text).markers] == [1, 2, 3, 4]


def test_pages_are_joined_by_a_blank_line(fixture_text):
    reader = PdfReader(FIXTURE)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 3
    assert fixture_text == "\n\n".join(pages)
    assert fixture_text.count("\n\n") == 2  # a PDF's text layer has no blank lines of its own


@pytest.mark.skipif(not FONT.exists(), reason="DejaVuSans.ttf not installed; the committed fixture is used")
def test_committed_fixture_matches_the_generator():
    rebuilt = build_pdf(fixture_pages(CORPUS_001.read_text(encoding="utf-8")))
    assert read_pdf(rebuilt).text == read_pdf(FIXTURE.read_bytes()).text


def test_pdf_without_text_on_any_page_is_a_scan():
    with pytest.raises(ReadError) as err:
        read_pdf(blank_pdf(pages=2))
    assert str(err.value) == NO_TEXT == "no text layer (scanned?)"


def test_blank_pages_among_text_pages_are_skipped():
    writer = PdfWriter(clone_from=PdfReader(FIXTURE))
    writer.insert_blank_page(index=1)
    out = io.BytesIO()
    writer.write(out)
    assert read_pdf(out.getvalue()).text == read_pdf(FIXTURE.read_bytes()).text


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_that_needs_a_password_is_refused(algorithm):
    with pytest.raises(ReadError) as err:
        read_pdf(encrypted(FIXTURE.read_bytes(), "secret", algorithm))
    assert str(err.value) == "encrypted PDF (password required)"


def test_pdf_with_only_an_owner_password_is_read(fixture_text):
    assert read_pdf(encrypted(FIXTURE.read_bytes(), "", "AES-128")).text == fixture_text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "not a valid PDF (no %PDF header)"),
        (b"%PDF-1.7\n%%EOF\n", "not a valid PDF (startxref not found)"),
    ],
)
def test_corrupt_pdf_gives_one_line_reason(data, reason):
    with pytest.raises(ReadError) as err:
        read_pdf(data)
    assert str(err.value) == reason


def test_truncated_pdf_is_refused_without_noise_on_stderr(capfd):
    data = FIXTURE.read_bytes()
    with pytest.raises(ReadError, match=r"^not a valid PDF \(.+\)$"):
        read_pdf(data[: len(data) // 2])
    assert capfd.readouterr().err == ""  # pypdf's own warnings must not reach the terminal


def test_read_file_dispatches_pdf(tmp_path: Path):
    path = tmp_path / "kl.pdf"
    path.write_bytes(FIXTURE.read_bytes())
    assert read_file(path).encoding == "pdf"


if __name__ == "__main__":  # rebuild the committed fixture: python tests/test_read_pdf.py
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_bytes(build_pdf(fixture_pages(CORPUS_001.read_text(encoding="utf-8"))))
    sys.stdout.write(f"{FIXTURE} {FIXTURE.stat().st_size} bytes\n")
