"""The normaliser on real corpus lines: what changes, what stays, and that every span maps back."""
from __future__ import annotations

import re
import unicodedata

import pytest

from kg.read.normalise import normalise

CORPUS_PREFIXES = ("000", "001", "003", "004")


def span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.mark.parametrize("line", ["Số 04 - KL/BTCTW", "Số 04 – KL/BTCTW", "Số 04 — KL/BTCTW", "Số 04 ‑ KL/BTCTW"])
def test_spaced_symbol_keeps_its_spaces_and_its_dash_becomes_a_hyphen(corpus_text, line):
    assert "Số 04 - KL/BTCTW" in corpus_text("000").splitlines()
    t = normalise(line)
    assert t.text == "Số 04 - KL/BTCTW"
    assert t.original_at(0, len(t.text)) == line


def test_footnote_marker_is_dropped_recorded_and_spans_skip_it(corpus_text):
    line = "Kết luận số 01-KL/TW³, ngày 18/5/2021"
    assert line in corpus_text("003")
    t = normalise(line)
    assert t.text == "Kết luận số 01-KL/TW, ngày 18/5/2021"
    (marker,) = t.markers
    assert marker.number == 3
    assert line[marker.start:marker.end] == "³"
    assert t.text[marker.at - 2:marker.at] == "TW"
    start, end = span_of(t.text, "01-KL/TW")
    assert t.original_at(start, end) == "01-KL/TW"
    assert t.original_at(start, end + 1) == "01-KL/TW³,"  # a span across the marker includes it


def test_multi_digit_markers_are_one_number():
    t = normalise("quy định¹² của Bộ Chính trị")
    assert t.text == "quy định của Bộ Chính trị"
    assert [(m.number, m.at) for m in t.markers] == [(12, 8)]


def test_old_tone_placement_becomes_new_and_maps_back(corpus_text):
    line = "Nghị quyết Trung ương 4 khoá XI, XII"
    assert line in corpus_text("000")
    t = normalise(line)
    assert t.text == "Nghị quyết Trung ương 4 khóa XI, XII"
    assert t.original_at(*span_of(t.text, "khóa")) == "khoá"
    assert normalise("khóa XIII").text == "khóa XIII"  # already new style: unchanged


@pytest.mark.parametrize(("old", "new"), [
    ("Uỷ ban Kiểm tra", "Ủy ban Kiểm tra"),
    ("UỶ BAN", "ỦY BAN"),
    ("thuỷ lợi", "thủy lợi"),
    ("Hoà Bình", "Hòa Bình"),
    ("tự chuyển hoá", "tự chuyển hóa"),
    ("sức khoẻ", "sức khỏe"),
])
def test_tone_moves_to_the_first_vowel_of_oa_oe_uy(old, new):
    assert normalise(old).text == new


@pytest.mark.parametrize("word", ["Quý III năm 2021", "quý", "quỹ", "khoán", "Ủy viên", "thuyết"])
def test_qu_and_syllables_that_go_on_are_unchanged(word):
    assert normalise(word).text == word


def test_eth_becomes_d_with_stroke():
    t = normalise("ÐẢNG CỘNG SẢN VIỆT NAM, Ðảng ủy, ðồng chí")
    assert t.text == "ĐẢNG CỘNG SẢN VIỆT NAM, Đảng ủy, đồng chí"
    assert t.original_at(0, 4) == "ÐẢNG"


def test_en_and_em_dashes_become_hyphens_one_for_one():
    line = "nhiệm kỳ 2020 – 2025 — Đại hội XIII"
    t = normalise(line)
    assert t.text == "nhiệm kỳ 2020 - 2025 - Đại hội XIII"
    assert len(t.text) == len(line)
    assert t.original_at(*span_of(t.text, "2020 - 2025")) == "2020 – 2025"


def test_markdown_heading_marks_are_dropped(corpus_text):
    assert "## KẾT LUẬN" in corpus_text("000").splitlines()
    t = normalise("x\n## KẾT LUẬN\n#### **4. Coi trọng công tác cán bộ**")
    assert t.text == "x\nKẾT LUẬN\n4. Coi trọng công tác cán bộ"
    assert t.original_at(*span_of(t.text, "KẾT LUẬN")) == "KẾT LUẬN"


def test_emphasis_stars_are_dropped_quotes_kept(corpus_text):
    line = "***“Tích cực, chủ động; đổi mới, sáng tạo; bám sát thực tiễn; coi trọng hiệu quả”***"
    assert line in corpus_text("000")
    t = normalise(f"với phương châm {line}, toàn Ngành")
    assert t.text == "với phương châm “Tích cực, chủ động; đổi mới, sáng tạo; bám sát thực tiễn; coi trọng hiệu quả”, toàn Ngành"
    quote = span_of(t.text, "“Tích cực")
    assert t.original_at(*quote) == "“Tích cực"


def test_a_lone_star_line_is_kept(corpus_text):
    assert "*" in corpus_text("001").splitlines()  # under the body's name in a copy stamp
    t = normalise("TỈNH ỦY BÌNH ĐỊNH\n\n*\n\nSố 686-SY/TU")
    assert t.text == "TỈNH ỦY BÌNH ĐỊNH\n\n*\n\nSố 686-SY/TU"


def test_a_lone_star_line_is_kept_with_crlf_line_ends():
    assert normalise("TỈNH ỦY BÌNH ĐỊNH\r\n*\r\nSố 686-SY/TU").text == "TỈNH ỦY BÌNH ĐỊNH\n*\nSố 686-SY/TU"


def test_old_mac_line_ends_keep_the_star_line_and_drop_heading_marks():
    assert normalise("TỈNH ỦY BÌNH ĐỊNH\r*\r## KẾT LUẬN").text == "TỈNH ỦY BÌNH ĐỊNH\n*\nKẾT LUẬN"


def test_a_star_between_digits_is_arithmetic_not_emphasis():
    assert normalise("diện tích 3*4 m, **Đảng**").text == "diện tích 3*4 m, Đảng"


def test_nbsp_and_odd_spaces_become_spaces():
    t = normalise("Số\u00a009-KL/BTCTW\u202fngày\u2009 11")
    assert t.text == "Số 09-KL/BTCTW ngày  11"


def test_crlf_and_lone_cr_become_newlines_and_offsets_follow():
    original = "Số 09-KL/BTCTW\r\nKẾT LUẬN\rHội nghị"
    t = normalise(original)
    assert t.text == "Số 09-KL/BTCTW\nKẾT LUẬN\nHội nghị"
    assert t.original_at(*span_of(t.text, "KẾT LUẬN")) == "KẾT LUẬN"
    assert t.original_at(*span_of(t.text, "Hội nghị")) == "Hội nghị"
    assert t.original_at(0, len(t.text)) == original


def test_decomposed_text_is_recomposed_and_maps_to_the_decomposed_letters():
    original = unicodedata.normalize("NFD", "Kết luận số 09")
    t = normalise(original)
    assert t.text == "Kết luận số 09"
    assert t.original_at(0, 3) == unicodedata.normalize("NFD", "Kết")


def test_zero_width_and_byte_order_marks_are_dropped():
    t = normalise("\ufeffĐả\u200bng")
    assert t.text == "Đảng"
    assert t.original_at(0, 4) == "Đả\u200bng"


@pytest.mark.parametrize("prefix", CORPUS_PREFIXES)
@pytest.mark.parametrize("variant", ["as-is", "nfd", "crlf"])
def test_every_word_span_maps_back_to_an_original_that_normalises_to_it(corpus_text, prefix, variant):
    raw = corpus_text(prefix)
    source = {"as-is": raw, "nfd": unicodedata.normalize("NFD", raw), "crlf": raw.replace("\n", "\r\n")}[variant]
    t = normalise(source)
    words = list(re.finditer(r"\w+", t.text))
    assert len(words) > 1000
    for m in words:
        assert normalise(t.original_at(*m.span())).text == m.group(), m


@pytest.mark.parametrize("prefix", CORPUS_PREFIXES)
def test_decomposed_and_composed_corpus_normalise_alike(corpus_text, prefix):
    raw = corpus_text(prefix)
    assert normalise(unicodedata.normalize("NFD", raw)).text == normalise(raw).text


def test_markers_in_the_corpus_are_recorded_with_their_numbers(corpus_text):
    t = normalise(corpus_text("003"))
    numbers = [m.number for m in t.markers]
    assert numbers[:3] == [1, 1, 2]  # the marker in the body, then the one opening footnote 1's line
    assert set(numbers) == {1, 2, 3, 4, 5}
    assert all(t.original[m.start:m.end].strip("⁰¹²³⁴⁵⁶⁷⁸⁹") == "" for m in t.markers)


def test_a_table_cell_edge_is_a_line_break_and_nothing_at_a_line_end():
    # text saved from a web page's header table (data/dev/real-texts/03)
    t = normalise("CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 14/NQ-CP | Hà Nội, ngày 08 tháng 02 năm 2023 |")
    assert t.text.split("\n") == ["CHÍNH PHỦ ", " CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ", "Số: 14/NQ-CP ",
                                  " Hà Nội, ngày 08 tháng 02 năm 2023 "]
    assert t.original_at(0, len(t.text)) == t.original[:-1]  # the last, dropped "|" is after the last kept character


def test_a_d_with_stroke_read_twice_by_ocr_is_one():
    # Tesseract 5.3 (vie) on a 300 dpi scan of corpus 003 read 'Quy định số 24-QĐ/TW' as '24-QĐÐ/TW' (Đ, then Ð)
    text = normalise("Quy định số 24-QĐÐ/TW, 30-QÐ/TW; ĐĐBQH tỉnh")
    assert text.text == "Quy định số 24-QĐ/TW, 30-QĐ/TW; ĐĐBQH tỉnh"
    a, b = text.span(12, 20)
    assert text.original[a:b] == "24-QĐÐ/TW"


def test_a_heading_mark_is_known_after_normalising_removed_it():
    t = normalise("## KẾT LUẬN\nThực hiện\n   # Mục 1\nkhông # đầu")
    assert t.text == "KẾT LUẬN\nThực hiện\nMục 1\nkhông # đầu"
    marked = {word: t.heading_mark(t.text.index(word)) for word in ("KẾT", "Thực", "Mục", "không", "đầu")}
    assert marked == {"KẾT": True, "Thực": False, "Mục": True, "không": False, "đầu": False}
