"""Plain-text encodings: one corpus text written five ways reads back to the same normalised text."""
from __future__ import annotations

import codecs
import unicodedata

import pytest

from kg.read import ReadError, normalise, read_file

ENCODINGS = {
    "utf-8": lambda text, _: text.encode("utf-8"),
    "utf-8-sig": lambda text, _: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le+bom": lambda text, _: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be+bom": lambda text, _: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "windows-1258": lambda text, cp1258: cp1258(text),
}
REPORTED = {"utf-16-le+bom": "utf-16", "utf-16-be+bom": "utf-16"}
# Corpus 001 and 003 use superscript digits above ³, which Windows-1258 cannot hold.
CASES = [(prefix, name) for prefix in ("000", "001", "003", "004") for name in ENCODINGS
         if name != "windows-1258" or prefix in ("000", "004")]


@pytest.mark.parametrize(("prefix", "name"), CASES)
def test_every_encoding_normalises_to_the_same_text(tmp_path, corpus_text, cp1258, prefix, name):
    text = corpus_text(prefix)
    path = tmp_path / f"{prefix}.txt"
    path.write_bytes(ENCODINGS[name](text, cp1258))
    decoded = read_file(path)
    assert decoded.encoding == REPORTED.get(name, name)
    assert normalise(decoded.text).text == normalise(text).text


def test_windows_1258_file_really_holds_decomposed_tones(corpus_text, cp1258):
    """The Windows-1258 bytes are not UTF-8 in disguise: ``ế`` is ``ê`` + combining acute (0xEA 0xEC)."""
    data = cp1258(corpus_text("000"))
    assert "Kết luận".encode("utf-8") not in data
    assert cp1258("Kết") == b"K\xea\xect"
    decoded = data.decode("cp1258")
    assert not unicodedata.is_normalized("NFC", decoded)


def test_windows_1258_offsets_map_back_into_the_decomposed_original(tmp_path, corpus_text, cp1258):
    path = tmp_path / "000.txt"
    path.write_bytes(cp1258(corpus_text("000")))
    text = normalise(read_file(path).text)
    start = text.text.index("Số 04 - KL/BTCTW")
    original = text.original_at(start, start + len("Số 04 - KL/BTCTW"))
    assert original != "Số 04 - KL/BTCTW"  # "ố" is three code points in the file
    assert unicodedata.normalize("NFC", original) == "Số 04 - KL/BTCTW"


def test_russian_in_koi8_r_is_refused_not_read_as_windows_1258(tmp_path):
    """KOI8-R bytes decode under cp1258 too; their tone marks then follow consonants and never compose."""
    path = tmp_path / "ru.txt"
    path.write_bytes(("Постановление правительства о порядке рассмотрения обращений граждан. " * 20).encode("koi8_r"))
    with pytest.raises(ReadError, match="undecodable"):
        read_file(path)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, corpus_text, codec):
    path = tmp_path / "kl.txt"
    path.write_bytes(corpus_text("000").encode(codec))
    decoded = read_file(path)
    assert decoded.encoding == codec and normalise(decoded.text).text == normalise(corpus_text("000")).text


@pytest.mark.parametrize("offset", [200, 70_000])
def test_a_nul_byte_is_refused_wherever_it_stands(tmp_path, corpus_text, offset):
    data = (corpus_text("001") * 3).encode("utf-8")
    path = tmp_path / "kl.txt"
    path.write_bytes(data[:offset] + b"\x00" + data[offset:])
    with pytest.raises(ReadError, match=r"^binary file \(not text\)$"):
        read_file(path)
