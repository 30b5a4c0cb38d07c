"""The .html reader: a corpus document as a web page reads back line for line; scripts never leak."""
from __future__ import annotations

import codecs
import html
import re
from pathlib import Path

import pytest

from kg.read import ReadError, normalise, read_file
from kg.read.html import declared_charset, html_to_text, read_html

SCRIPT_BODY = 'var symbol = "Số 99-KL/SCRIPT"; document.write("<p>SCRIPT-TEXT</p>");'
STYLE_BODY = "p.STYLE-TEXT { font-family: 'Times New Roman'; }"
NOSCRIPT_BODY = "<p>NOSCRIPT-TEXT: bật JavaScript</p>"


def lines(text: str) -> list[str]:
    """Non-blank lines of the normalised text, white space collapsed: what the line-based parser sees."""
    return [" ".join(line.split()) for line in normalise(text).text.splitlines() if line.strip()]


def page_from_text(text: str, head: str = '<meta charset="utf-8">') -> str:
    """A web page of a corpus text: a <p> per blank-line block, <br> between its lines, **bold** as <strong>."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        if block.strip():
            body = "<br>\n".join(html.escape(line, quote=False) for line in block.split("\n"))
            paragraphs.append("<p>" + re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", body, flags=re.S) + "</p>")
    return (
        f"<!DOCTYPE html>\n<html lang=vi><head>{head}\n<title>Kết luận 09-KL/BTCTW | TITLE-TEXT</title>\n"
        f"<style>{STYLE_BODY}</style>\n<script>{SCRIPT_BODY}</script></head>\n"
        f"<body><noscript>{NOSCRIPT_BODY}</noscript>\n<div class=content>\n" + "\n".join(paragraphs)
        + "\n</div><script type=module>console.log('SCRIPT-TEXT')</script></body></html>\n"
    )


def test_corpus_page_reads_back_line_for_line(corpus_text):
    text = corpus_text("001")
    decoded = read_html(page_from_text(text).encode("utf-8"))
    assert decoded.encoding == "html:utf-8"
    assert lines(decoded.text) == [" ".join(line.replace("**", "").split()) for line in lines(text)]


def test_key_lines_and_diacritics_survive(corpus_text):
    got = lines(read_html(page_from_text(corpus_text("001")).encode("utf-8")).text)
    assert "Số 09-KL/BTCTW" in got
    assert "Hà Nội, ngày 11 tháng 01 năm 2024" in got
    assert any("Nghị quyết số 26-NQ/TW" in line for line in got)


def test_script_style_noscript_and_title_bodies_never_appear(corpus_text):
    text = read_html(page_from_text(corpus_text("001")).encode("utf-8")).text
    for leak in ("SCRIPT", "STYLE-TEXT", "NOSCRIPT-TEXT", "TITLE-TEXT", "font-family", "console.log"):
        assert leak not in text


def test_template_and_nested_dropped_elements_keep_nothing():
    markup = "<p>Số 09</p><template><p>TEMPLATE <b>TEXT</b></p></template><noscript><div>NO</div></noscript><p>KL</p>"
    assert html_to_text(markup) == "Số 09\n\nKL"


def test_blocks_break_lines_and_inline_elements_do_not():
    markup = (
        "<h2>KẾT <em>LUẬN</em></h2><p>Số <b>09</b>-KL/<span class=x>BTCTW</span></p>"
        "<ul><li>Các ban của Tỉnh ủy,</li><li>Lưu <a href=#>Văn phòng</a>.</li></ul>"
        "<div>BAN CHẤP HÀNH TRUNG ƯƠNG<br>BAN TỔ CHỨC</div>"
    )
    assert html_to_text(markup) == (
        "KẾT LUẬN\n\nSố 09-KL/BTCTW\n\nCác ban của Tỉnh ủy,\n\nLưu Văn phòng.\n\nBAN CHẤP HÀNH TRUNG ƯƠNG\nBAN TỔ CHỨC"
    )


def test_header_table_cells_each_keep_their_own_lines():
    markup = (
        "<table><tr><td><b>BAN CHẤP HÀNH TRUNG ƯƠNG<br>BAN TỔ CHỨC</b><br>*<br>Số 09-KL/BTCTW</td>"
        "<td><b><u>ĐẢNG CỘNG SẢN VIỆT NAM</u></b><br><i>Hà Nội, ngày 11 tháng 01 năm 2024</i></td></tr></table>"
    )
    assert lines(html_to_text(markup)) == [
        "BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC", "*", "Số 09-KL/BTCTW",
        "ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Nội, ngày 11 tháng 01 năm 2024",
    ]


def test_entities_are_unescaped():
    markup = "<p>Ban Ch&#7845;p h&agrave;nh&nbsp;Trung &#x1B0;&#x01A1;ng &amp; &quot;Đảng&quot; &lt;b&gt;</p>"
    assert html_to_text(markup) == 'Ban Chấp hành\xa0Trung ương & "Đảng" <b>'
    assert normalise(html_to_text(markup)).text == 'Ban Chấp hành Trung ương & "Đảng" <b>'


def test_white_space_collapses_except_in_pre():
    markup = "<p>  Ngày\n   28/12/2023,  <b> Hội nghị </b>\t toàn quốc  </p><pre>Số 201\n  Ngày 28/12/2023</pre>"
    assert html_to_text(markup) == "Ngày 28/12/2023, Hội nghị toàn quốc\n\nSố 201\n  Ngày 28/12/2023"


def test_sup_digits_become_footnote_markers():
    text = normalise(html_to_text("<p>đến nay<sup>1</sup> để triển khai; Kết luận số 01-KL/TW<sup>13</sup></p>"))
    assert text.text == "đến nay để triển khai; Kết luận số 01-KL/TW"
    assert [m.number for m in text.markers] == [1, 13]


def test_comments_and_conditional_sections_are_not_text():
    assert html_to_text("<p>A<!-- Số 99-KL/TW -->B<![if !supportLists]>1.<![endif]></p>") == "AB1."


def test_malformed_marked_section_is_a_read_error():
    with pytest.raises(ReadError, match=r"^not valid HTML \("):
        read_html(b"<p>x</p><![foo bar]>")


@pytest.mark.parametrize("head", [
    '<meta charset="windows-1258">',
    "<meta charset=Windows-1258>",
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
])
def test_declared_windows_1258_is_used(corpus_text, cp1258, head):
    text = corpus_text("000")
    decoded = read_html(cp1258(page_from_text(text, head)))
    assert decoded.encoding == "html:windows-1258"
    assert normalise(decoded.text).text == normalise(read_html(page_from_text(text).encode("utf-8")).text).text


def test_undeclared_windows_1258_is_detected(corpus_text, cp1258):
    decoded = read_html(cp1258(page_from_text(corpus_text("004"), head="")))
    assert decoded.encoding == "html:windows-1258"
    assert "Kết luận số 158-KL/ĐUK" in normalise(decoded.text).text


@pytest.mark.parametrize(("bom", "codec", "reported"), [
    (codecs.BOM_UTF8, "utf-8", "html:utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "html:utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "html:utf-16"),
])
def test_byte_order_mark_wins_over_a_wrong_declaration(corpus_text, bom, codec, reported):
    page = page_from_text(corpus_text("003"), '<meta charset="windows-1258">')
    decoded = read_html(bom + page.encode(codec))
    assert decoded.encoding == reported
    assert "Quy định số 24-QĐ/TW" in decoded.text


def test_utf8_page_labelled_latin1_is_read_as_utf8(corpus_text):
    page = page_from_text(corpus_text("001"), '<meta http-equiv=content-type content="text/html;charset=ISO-8859-1">')
    decoded = read_html(page.encode("utf-8"))
    assert decoded.encoding == "html:utf-8"
    assert "Số 09-KL/BTCTW" in decoded.text


def test_label_that_does_not_fit_the_bytes_falls_back_to_detection(corpus_text, cp1258):
    decoded = read_html(cp1258(page_from_text(corpus_text("000"), '<meta charset="utf-8">')))
    assert decoded.encoding == "html:windows-1258"


def test_unusable_declaration_falls_back_to_detection():
    for label in (b"base64", b"rot13", b"x-user-defined"):
        decoded = read_html(b"<meta charset=" + label + "><p>Số 09-KL/BTCTW</p>".encode())
        assert (decoded.text, decoded.encoding) == ("Số 09-KL/BTCTW", "html:utf-8")


def test_ascii_page_uses_its_declared_charset():
    assert read_html(b'<meta charset="iso-8859-1"><p>KL</p>').encoding == "html:windows-1252"


def test_charset_in_the_body_is_not_a_declaration():
    assert declared_charset(b"<html><head></head><body><meta charset=windows-1258>") is None
    assert declared_charset(b"<head><meta charset=no-such-codec></head>") is None
    assert declared_charset(b"<head><meta charset=base64></head>") is None  # a codec, but not for text
    assert declared_charset(b'<head><meta name=x content=y><META CHARSET="UTF-8"></head>') == "utf-8"


@pytest.mark.parametrize(("data", "reason"), [
    (b"   \n", "empty file (no text)"),
    (b"<html><head><script>x()</script></head><body> </body></html>", "empty document (no text)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file (not text)"),
])
def test_pages_without_text_are_refused(data, reason):
    with pytest.raises(ReadError) as err:
        read_html(data)
    assert str(err.value) == reason


def test_read_file_dispatches_htm_and_html(tmp_path: Path, corpus_text):
    for name in ("kl.htm", "kl.HTML"):
        path = tmp_path / name
        path.write_text(page_from_text(corpus_text("001")), encoding="utf-8")
        assert read_file(path).encoding == "html:utf-8"
