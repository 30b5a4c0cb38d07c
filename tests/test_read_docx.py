"""The .docx reader: a corpus document built as a Word file reads back line for line."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

import kg.read.docx as docx_reader
from kg.read import ReadError, normalise, read_file
from kg.read.docx import read_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER_LEFT = ["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC", "*", "Số 09-KL/BTCTW"]
HEADER_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Nội, ngày 11 tháng 01 năm 2024"]


def lines(text: str) -> list[str]:
    """Non-blank lines of the normalised text, stripped: what the line-based parser sees."""
    return [line.strip() for line in normalise(text).text.splitlines() if line.strip()]


def docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def document_from_text(text: str) -> bytes:
    """One Word paragraph per blank-line-separated block; lines inside a block joined by line breaks."""
    document = docx.Document()
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        run = document.add_paragraph().add_run()
        for i, line in enumerate(block.split("\n")):
            if i:
                run.add_break()
            run.add_text(line)
    return docx_bytes(document)


def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """A copy of the zip with some members replaced (bytes), added, or removed (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            if name not in changes:
                dst.writestr(name, src.read(name))
        for name, content in changes.items():
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


def with_footnotes(data: bytes, notes: dict[int, str]) -> bytes:
    """Add a footnotes part (Word's separators plus ``notes`` by id), as Word writes it."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in notes.items()
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:footnote>{body}</w:footnotes>"
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    types = types.replace("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    return rezip(data, {"[Content_Types].xml": types.encode(), "word/_rels/document.xml.rels": rels.encode(),
                        "word/footnotes.xml": footnotes.encode()})


def add_xml_run(paragraph, xml: str) -> None:
    """Append raw WordprocessingML (runs, insertions, deletions) to a python-docx paragraph."""
    paragraph._p.append(parse_xml(f'<w:wrap xmlns:w="{W_NS}">{xml}</w:wrap>')[0])


def test_corpus_document_reads_back_line_for_line(corpus_text):
    text = corpus_text("001")
    decoded = read_docx(document_from_text(text))
    assert decoded.encoding == "docx"
    assert lines(decoded.text) == lines(text)


def test_key_lines_and_diacritics_survive(corpus_text):
    got = lines(read_docx(document_from_text(corpus_text("001"))).text)
    assert "Số 09-KL/BTCTW" in got
    assert "Hà Nội, ngày 11 tháng 01 năm 2024" in got
    assert any("Nghị quyết số 26-NQ/TW" in line for line in got)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in got


def test_paragraphs_are_separated_by_a_blank_line_and_line_breaks_stay_single():
    document = docx.Document()
    run = document.add_paragraph().add_run("BAN CHẤP HÀNH TRUNG ƯƠNG")
    run.add_break()
    run.add_text("BAN TỔ CHỨC")
    document.add_paragraph("")  # empty paragraphs add no extra blank lines
    document.add_paragraph("KẾT LUẬN")
    assert read_docx(docx_bytes(document)).text == "BAN CHẤP HÀNH TRUNG ƯƠNG\nBAN TỔ CHỨC\n\nKẾT LUẬN"


def test_header_table_cells_come_through_in_order_each_line_its_own():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text, right.text = HEADER_LEFT[0], HEADER_RIGHT[0]
    for line in HEADER_LEFT[1:]:
        left.add_paragraph(line)
    right.add_paragraph(HEADER_RIGHT[1])
    document.add_paragraph("KẾT LUẬN")
    assert lines(read_docx(docx_bytes(document)).text) == [*HEADER_LEFT, *HEADER_RIGHT, "KẾT LUẬN"]


def test_merged_table_cells_are_read_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "Nơi nhận:"
    table.cell(0, 1).text = "K/T TRƯỞNG BAN"
    assert lines(read_docx(docx_bytes(document)).text) == ["Nơi nhận:", "K/T TRƯỞNG BAN"]


def test_footnotes_become_markers_numbered_by_reference_order(corpus_text):
    note_1 = next(line for line in corpus_text("003").splitlines() if line.startswith("¹ "))[2:]
    document = docx.Document()
    paragraph = document.add_paragraph("được ban hành từ đầu năm 2021 đến nay")
    add_xml_run(paragraph, '<w:r><w:footnoteReference w:id="7"/></w:r>')  # ids need not follow display order
    paragraph.add_run(" để triển khai thực hiện")
    add_xml_run(document.add_paragraph("gắn với Kết luận số 01-KL/TW"), '<w:r><w:footnoteReference w:id="2"/></w:r>')
    data = with_footnotes(docx_bytes(document), {2: "Kết luận số 01-KL/TW, ngày 18/5/2021.", 7: note_1})

    text = normalise(read_docx(data).text)
    assert lines(text.text) == [
        "được ban hành từ đầu năm 2021 đến nay để triển khai thực hiện",
        "gắn với Kết luận số 01-KL/TW",
        note_1,  # "¹ " + note: the marker is recorded, not kept in the text
        "Kết luận số 01-KL/TW, ngày 18/5/2021.",
    ]
    assert [m.number for m in text.markers] == [1, 2, 1, 2]
    assert read_docx(data).text.endswith(f"¹ {note_1}\n\n² Kết luận số 01-KL/TW, ngày 18/5/2021.")


def test_tracked_deletions_are_dropped_and_insertions_kept():
    document = docx.Document()
    paragraph = document.add_paragraph("Kết luận số ")
    add_xml_run(paragraph, '<w:del w:id="1" w:author="a"><w:r><w:delText>08</w:delText></w:r></w:del>')
    add_xml_run(paragraph, '<w:ins w:id="2" w:author="a"><w:r><w:t>09</w:t></w:r></w:ins>')
    add_xml_run(paragraph, '<w:hyperlink><w:r><w:t>-KL/BTCTW</w:t></w:r></w:hyperlink>')
    assert read_docx(docx_bytes(document)).text == "Kết luận số 09-KL/BTCTW"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 this zip stops here", "not a valid .docx (not a zip archive)"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a valid .docx (not a zip archive)"),
    ],
)
def test_corrupt_bytes_are_refused_with_one_line(data, reason):
    with pytest.raises(ReadError) as err:
        read_docx(data)
    assert str(err.value) == reason


def test_a_zip_that_is_not_a_word_document_is_refused():
    good = document_from_text("Số 09-KL/BTCTW")
    for broken in (
        rezip(good, {"[Content_Types].xml": None}),
        rezip(good, {"word/document.xml": b"<w:document"}),
    ):
        with pytest.raises(ReadError, match=r"^not a valid \.docx \(.+\)$") as err:
            read_docx(broken)
        assert "\n" not in str(err.value)


def test_truncated_file_is_refused():
    good = document_from_text("Số 09-KL/BTCTW")
    with pytest.raises(ReadError, match=r"^not a valid \.docx"):
        read_docx(good[: len(good) // 2])


def test_document_without_text_is_refused():
    with pytest.raises(ReadError, match="^empty document"):
        read_docx(docx_bytes(docx.Document()))


def test_package_that_unpacks_too_large_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ReadError, match="^docx too large when unpacked"):
        read_docx(document_from_text("Số 09-KL/BTCTW"))


def test_read_file_dispatches_docx_and_hashes_the_bytes(tmp_path: Path):
    path = tmp_path / "KL-09.DOCX"
    path.write_bytes(document_from_text("Số 09-KL/BTCTW"))
    decoded = read_file(path)
    assert (decoded.text, decoded.encoding, len(decoded.sha256 or "")) == ("Số 09-KL/BTCTW", "docx", 64)


def _lying_bomb(body_bytes: int) -> bytes:
    """A .docx whose document.xml inflates to ``body_bytes`` more but whose headers declare 4 KB (issue 17)."""
    import struct
    import zipfile

    from docx import Document

    buf = io.BytesIO()
    d = Document()
    d.add_paragraph("x")
    d.save(buf)
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * body_bytes)
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    raw, name = bytearray(out.getvalue()), b"word/document.xml"
    for sig, size_at, name_len_at, header in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        pos = 0
        while (pos := raw.find(sig, pos)) != -1:
            n = struct.unpack("<H", raw[pos + name_len_at:pos + name_len_at + 2])[0]
            if raw[pos + header:pos + header + n] == name:
                raw[pos + size_at:pos + size_at + 4] = struct.pack("<I", 4096)
            pos += 4
    return bytes(raw)


def test_a_docx_whose_headers_understate_its_size_is_refused_without_inflating_it(tmp_path, monkeypatch):
    from kg.read import docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 2**20)
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_lying_bomb(8 * 2**20))
    with pytest.raises(ReadError, match="too large when unpacked|broken zip archive"):
        read_file(bomb)
