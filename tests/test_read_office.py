"""Word 97–2003, OpenDocument and RTF files: LibreOffice converts them (as an office would have saved them) and
they read back as the .docx reader reads the same document: header table, footnotes, corpus references."""
from __future__ import annotations

import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest

import kg
from kg.api import extract_file
from kg.read import ReadError, read_file
from kg.read.docx import read_docx
from test_read_docx import HEADER_LEFT, HEADER_RIGHT, add_xml_run, document_from_text, docx_bytes, with_footnotes

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice is not installed (make test installs libreoffice-writer-nogui)")
FORMATS = ("doc", "odt", "rtf")
CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def save_as(docx_files: list[Path], fmt: str, out: Path, profile: Path | None = None) -> list[Path]:
    """The files as LibreOffice saves them in another format (one run for all of them); ``profile``: a LibreOffice
    profile folder to share between runs (a new one costs a second to make)."""
    profile = profile or out / "profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", fmt,
                    "--outdir", str(out), *map(str, docx_files)], check=True, capture_output=True, timeout=300)
    return [out / f"{p.stem}.{fmt}" for p in docx_files]


@pytest.fixture(scope="module")
def header_and_footnote(tmp_path_factory) -> tuple[bytes, dict[str, Path]]:
    """A Kết luận whose header is a two-column table and whose body has a footnote, as .docx and in each format."""
    folder = tmp_path_factory.mktemp("office")
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text, right.text = HEADER_LEFT[0], HEADER_RIGHT[0]
    for line in HEADER_LEFT[1:]:
        left.add_paragraph(line)
    right.add_paragraph(HEADER_RIGHT[1])
    document.add_paragraph("KẾT LUẬN")
    paragraph = document.add_paragraph("Thực hiện Nghị quyết số 26-NQ/TW")
    add_xml_run(paragraph, '<w:r><w:footnoteReference w:id="2"/></w:r>')
    paragraph.add_run(" của Hội nghị Trung ương 7 khóa XII.")
    data = with_footnotes(docx_bytes(document), {2: "Kết luận số 01-KL/TW, ngày 18/5/2021."})
    source = folder / "kl.docx"
    source.write_bytes(data)
    return data, {fmt: save_as([source], fmt, folder / fmt, folder / "profile")[0] for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reads_as_the_docx_reader_reads_the_document(header_and_footnote, fmt):
    data, files = header_and_footnote
    decoded = read_file(files[fmt])
    assert decoded.encoding == fmt
    assert decoded.text == read_docx(data).text  # cells in order, the footnote as a marker and a '¹ …' line
    assert "26-NQ/TW¹ của" in decoded.text and decoded.text.endswith("¹ Kết luận số 01-KL/TW, ngày 18/5/2021.")


def test_a_damaged_doc_is_one_line_and_the_batch_goes_on(tmp_path):
    (tmp_path / "damaged.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # an OLE header, no body
    (tmp_path / "ok.txt").write_text((CORPUS / "000_b04f6456e29f2afd.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_file(tmp_path / "damaged.doc")
    assert "\n" not in str(err.value) and "LibreOffice" in str(err.value)
    results = {Path(r.source).name: r for r in kg.extract_paths([tmp_path])}
    assert results["damaged.doc"].errors and results["ok.txt"].document.symbol == "04-KL/BTCTW"


def test_a_doc_of_random_bytes_is_one_line_not_an_empty_document(tmp_path):
    """LibreOffice opens bytes that are no .doc as UTF-16 text: CJK, Hangul and private-use characters, read before
    as a document with nothing in it and no word said."""
    (tmp_path / "noise.doc").write_bytes(random.Random(0).randbytes(300_000))
    with pytest.raises(ReadError, match=r"^not Vietnamese text: \d+% of its letters are Latin") as err:
        read_file(tmp_path / "noise.doc")
    assert "\n" not in str(err.value)


def test_without_libreoffice_the_reader_names_the_package(tmp_path, monkeypatch):
    path = tmp_path / "a.doc"
    path.write_bytes(b"x")
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    with pytest.raises(ReadError, match="libreoffice-writer-nogui"):
        read_file(path)


def test_the_corpus_saved_as_doc_builds_into_the_same_documents_and_references(tmp_path):
    # .doc is what archives hold; .odt and .rtf go through the same conversion (checked on the document above)
    docx_files = []
    for text_file in sorted(CORPUS.glob("*.txt")):
        path = tmp_path / f"{text_file.stem}.docx"
        path.write_bytes(document_from_text(text_file.read_text(encoding="utf-8")))
        docx_files.append(path)
    saved = kg.extract_paths(save_as(docx_files, "doc", tmp_path / "doc"))  # read through one LibreOffice run
    for original, got in zip(sorted(CORPUS.glob("*.txt")), saved):
        want = extract_file(original)
        assert got.encoding == "doc" and not got.errors
        assert (got.document.symbol, got.document.date, got.document.issuer) == (
            want.document.symbol, want.document.date, want.document.issuer)
        assert Counter((r.kind, r.symbol or r.text, r.relation) for r in got.references) == Counter(
            (r.kind, r.symbol or r.text, r.relation) for r in want.references)
