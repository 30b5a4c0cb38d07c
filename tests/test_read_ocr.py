"""Scanned PDFs: the pages without a text layer are read by Tesseract, a mixed PDF keeps its text pages, ``--no-ocr``
reports the scanned pages unread, and a later build with OCR reads them (the cache does not keep them unread)."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader, PdfWriter

import kg
from kg.api import extract_file
from kg.cli import main as kg_main
from kg.read import ReadError, ReadOptions, read_file
from test_read_pdf import FONT, build_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None or "vie" not in subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split() if shutil.which("tesseract") else True,
    reason="Tesseract with its Vietnamese model is not installed (make test installs tesseract-ocr tesseract-ocr-vie)")

PAGE = [  # the opening of corpus 001, as a page of a Kết luận
    "BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC", "Số 09-KL/BTCTW", "", "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Hà Nội, ngày 11 tháng 01 năm 2024", "", "KẾT LUẬN",
    "Hội nghị toàn quốc tổng kết công tác tổ chức xây dựng Đảng năm 2023", "",
    "Thực hiện Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị Trung ương 7 khóa XII về tập trung xây dựng",
    "đội ngũ cán bộ các cấp và Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương.",
]
SECOND = ["Triển khai Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị."]


def as_scan(pdf: bytes, dpi: int = 200) -> bytes:
    """The pages as images only (no text layer), as a scanner gives them."""
    doc = pypdfium2.PdfDocument(pdf)
    images = [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in doc]
    doc.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def mixed(scanned_page: bytes, text_page: bytes) -> bytes:
    """A scanned page, then one with its text layer."""
    writer = PdfWriter()
    for data in (scanned_page, text_page):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    if not FONT.exists():
        pytest.skip("DejaVuSans.ttf is not installed")
    folder = tmp_path_factory.mktemp("scans")
    scan = as_scan(build_pdf([PAGE]))
    paths = {"scan": folder / "scan.pdf", "mixed": folder / "mixed.pdf"}
    paths["scan"].write_bytes(scan)
    paths["mixed"].write_bytes(mixed(scan, build_pdf([SECOND])))
    return paths


def test_a_scan_is_read_by_ocr_with_its_confidence(files):
    got = extract_file(files["scan"])
    assert not got.errors and [p.page for p in got.ocr] == [1] and got.ocr[0].confidence > 80
    assert got.document.symbol == "09-KL/BTCTW" and got.document.date == "2024-01-11"
    assert {r.symbol for r in got.references if r.symbol} >= {"26-NQ/TW", "21-KL/TW"}


def test_a_mixed_pdf_keeps_its_text_page_and_reads_the_scanned_one(files):
    decoded = read_file(files["mixed"])
    assert [p.page for p in decoded.ocr] == [1] and decoded.unread_pages == ()
    assert "26-NQ/TW" in decoded.text and decoded.text.endswith("Triển khai Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị.")


def test_without_ocr_the_scanned_pages_are_reported_unread(files):
    with pytest.raises(ReadError, match=r"^no text layer \(scanned\?\); OCR is off$"):
        read_file(files["scan"], options=ReadOptions(ocr=False))
    got = extract_file(files["mixed"], ReadOptions(ocr=False))
    assert got.unread_pages == [1] and got.ocr == []
    assert got.errors == ["page 1 has no text layer and was not read (OCR off or timed out)"]


def test_a_build_without_ocr_then_with_it_reads_the_scanned_page(files, tmp_path, capsys):
    store = tmp_path / "store"
    assert kg_main(["build", str(files["mixed"]), "--store", str(store), "--no-ocr", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "page 1 has no text layer and was not read" in err
    assert "scanned pages: 0 read by OCR, 1 left unread in 1 file (" in err
    assert cited(store) == {"124-QĐ/TW"}
    assert kg_main(["build", str(files["mixed"]), "--store", str(store), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "not read" not in err and "scanned pages: 1 read by OCR, 0 left unread" in err
    assert cited(store) >= {"124-QĐ/TW", "26-NQ/TW", "21-KL/TW"}


def cited(store: Path) -> set[str]:
    """The symbols of the documents the store's files cite."""
    with kg.open_store(store, read_only=True) as s:
        rows = s.query("SELECT DISTINCT ?sym WHERE { ?c a cito:Citation ; cito:hasCitedEntity ?d . ?d pk:symbol ?sym }")
        return {str(r[0]) for r in rows}


def test_without_tesseract_a_scan_names_the_packages(files, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    with pytest.raises(ReadError, match="tesseract-ocr tesseract-ocr-vie"):
        read_file(files["scan"])
