"""The old Vietnamese font encodings (TCVN3/ABC, VNI, VISCII): recognised in a .txt or inside a Word file, converted to
Unicode, and the corpus reads back with the same references."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import docx
import pytest

from kg.api import extract_file
from kg.read import ReadError, read_file
from kg.read.legacy import convert_text, syllable_share
from kg.rules import load
from test_read_docx import docx_bytes

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
TABLES = load("legacy")
needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc's iconv is not installed")


def to_tcvn3(text: str) -> str:
    """As a .VnTime typist wrote it: capitals with diacritics take the small letter's code (.VnTimeH fonts)."""
    back = {v: k for k, v in TABLES["tcvn3"]["map"].items()}
    return "".join(back.get(c) or (back.get(c.lower()) if c.isupper() else None) or c
                   for c in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    back = {v: k for k, v in TABLES["vni"]["map"].items()}
    return "".join(back.get(c, c) for c in unicodedata.normalize("NFC", text))


def references(path: Path) -> Counter:
    return Counter((r.symbol or r.text.lower(), r.relation) for r in extract_file(path).references)


@needs_iconv
def test_tcvn3_and_viscii_tables_agree_with_glibc(tmp_path):
    # independent of our tables: glibc encodes the text; our reader decodes it
    words = "nghị quyết của bộ chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"
    for charset, name in (("TCVN5712-1", "tcvn3"), ("VISCII", "viscii")):
        path = tmp_path / f"{name}.txt"
        path.write_bytes(subprocess.run(["iconv", "-f", "UTF-8", "-t", charset], input=(words * 3).encode(),
                                        capture_output=True, check=True).stdout)
        decoded = read_file(path)
        assert (decoded.encoding, decoded.text) == (name, words * 3)


def test_vni_as_its_converter_s_readme_writes_it():
    # github.com/duydev/vietnamese-conversion README: 'Xin chào các bạn' in VNI is 'Xin chaøo caùc baïn'
    assert convert_text("Xin chaøo caùc baïn. " * 3) == ("Xin chào các bạn. " * 3, "vni")


@pytest.mark.parametrize("prefix", ["000", "004"])  # 001 and 003 hold superscript digits, which 8-bit text cannot
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_the_corpus_typed_in_a_legacy_font_has_the_same_references(tmp_path, prefix, encoding):
    (original,) = CORPUS.glob(f"{prefix}_*.txt")
    convert = to_tcvn3 if encoding == "tcvn3" else to_vni
    path = tmp_path / f"{prefix}.txt"
    path.write_bytes(convert(original.read_text(encoding="utf-8")).encode("cp1252"))
    got = extract_file(path)
    assert got.encoding == encoding and not got.errors
    assert references(path) == references(original)
    want = extract_file(original).document
    assert (got.document.symbol, got.document.date, got.document.issuer) == (want.symbol, want.date, want.issuer)


def test_capitals_typed_with_small_codes_come_back_as_capitals():
    # 'NGHỊ QUYẾT' in .VnTimeH is 'NGHÞ QUYÕT'; 'Số 09-KL/BTCTW' keeps its small 'ố' (the codes are no words)
    text, name = convert_text("NGHÞ QUYÕT\nSè 09-KL/BTCTW\n§¶NG Céng s¶n ViÖt Nam vµ c¸c tØnh")
    assert name == "tcvn3"
    assert text == "NGHỊ QUYẾT\nSố 09-KL/BTCTW\nĐẢNG Cộng sản Việt Nam và các tỉnh"


def test_a_word_file_in_a_legacy_font_is_converted_and_says_so(tmp_path):
    document = docx.Document()
    for line in ("BAN CHÊP HµNH TRUNG ¦¥NG", "KÕT LUËN", "Thùc hiÖn NghÞ quyÕt sè 26-NQ/TW cña Ban ChÊp hµnh Trung ­¬ng."):
        document.add_paragraph(line)
    path = tmp_path / "vntime.docx"
    path.write_bytes(docx_bytes(document))
    decoded = read_file(path)
    assert decoded.encoding == "docx+tcvn3"
    assert "Thực hiện Nghị quyết số 26-NQ/TW của Ban Chấp hành Trung ương." in decoded.text


def test_vietnamese_in_unicode_is_left_alone(corpus_text):
    for prefix in ("000", "001", "003", "004"):
        assert convert_text(corpus_text(prefix)) is None


def test_latin_text_in_another_language_is_still_refused(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes(("Le comité a décidé à l'unanimité: où est la clé? " * 20).encode("latin-1") + "ÿ þ ß".encode("latin-1"))
    with pytest.raises(ReadError, match="neither UTF-8 nor a Vietnamese encoding"):
        read_file(path)


def test_syllables_are_told_from_other_words():
    assert syllable_share("nghị quyết của bộ chính trị") == 1.0
    assert syllable_share("NghÞ quyÕt cña") < 0.5


def test_a_pdf_whose_text_layer_is_in_a_legacy_font_is_converted(tmp_path):
    # a PDF set in .VnTime keeps the font's codes in its text layer: it reads as Latin-1 signs until converted
    from test_read_pdf import FONT, build_pdf

    if not FONT.exists():
        pytest.skip("DejaVuSans.ttf is not installed")
    original = (CORPUS / "000_b04f6456e29f2afd.txt").read_text(encoding="utf-8")
    lines = [to_tcvn3(line.replace("*", "")) for line in original.splitlines()[:40]]
    path = tmp_path / "vntime.pdf"
    path.write_bytes(build_pdf([lines]))
    got = extract_file(path)
    assert got.encoding == "pdf+tcvn3" and got.document.symbol == "04-KL/BTCTW"
    assert "Ban Tổ chức Trung ương" in (got.document.issuer or "")
