"""Sentence units of kg.extract.sentences, on the real layouts that needed each rule."""
from __future__ import annotations

from kg.extract.sentences import SentenceIndex, sentence_spans, sentences
from kg.model import Region, Structure
from kg.read import normalise


def units(original: str, regions=None):
    text = normalise(original)
    structure = Structure(regions=regions or [Region("body", 0, len(text.text))])
    return text, structure, [s.text(text) for s in sentences(text, structure)]


def test_page_break_inside_a_sentence_is_rejoined():
    """000 lines 24-26: '… của đồng chí' / blank lines / 'Tổng Bí thư, …'."""
    _, _, got = units("chỉ đạo thường xuyên, trực tiếp của đồng chí\n\nTổng Bí thư, các đồng chí bí thư cấp ủy.")
    assert got == ["chỉ đạo thường xuyên, trực tiếp của đồng chí Tổng Bí thư, các đồng chí bí thư cấp ủy."]


def test_heading_is_never_continued():
    """001 lines 71-73: '2.1. Công tác xây dựng chính đôn Đảng' has no final stop but ends there."""
    _, _, got = units("2.1. Công tác xây dựng chính đôn Đảng\n\nTiếp tục tham mưu thực hiện đồng bộ.")
    assert got == ["2.1. Công tác xây dựng chính đôn Đảng", "Tiếp tục tham mưu thực hiện đồng bộ."]


def test_a_heading_wrapped_over_two_lines_in_capitals_is_never_continued():
    """Trà Vinh's Nghị quyết 15/2016/NQ-HĐND (data/dev/real-texts/26…, lines 19-22): the body's name and session in
    capitals over two lines, then 'Căn cứ …'; the citation's evidence was the heading glued to its sentence."""
    _, _, got = units("HỘI ĐỒNG NHÂN DÂN TỈNH TRÀ VINH\nKHÓA IX - KỲ HỌP THỨ 2\n\n"
                      "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    assert got == ["HỘI ĐỒNG NHÂN DÂN TỈNH TRÀ VINH KHÓA IX - KỲ HỌP THỨ 2",
                   "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"]


def test_markdown_heading_is_never_continued():
    """000 line 12: '### Hội nghị toàn quốc …' is a heading although its marks are gone from the text."""
    _, _, got = units("### Hội nghị toàn quốc tổng kết công tác năm 2017\n\nNgày 19/01/2018, Hội nghị được tổ chức.")
    assert len(got) == 2


def test_numbered_items_are_units():
    """003 footnote ²: '(1) Sửa đổi, bổ sung …; (2) Tổng kết …' — a cue governs its own item."""
    _, _, got = units("(1) Sửa đổi, bổ sung Quy định số 126-QĐ/TW; (2) Tổng kết việc thực hiện Nghị quyết số 39-NQ/TW.")
    assert got == ["(1) Sửa đổi, bổ sung Quy định số 126-QĐ/TW;", "(2) Tổng kết việc thực hiện Nghị quyết số 39-NQ/TW."]


def test_sentence_ends_and_lower_case_continues():
    _, _, got = units("Năm 2023 đạt 100%. Những kết quả đó có ý nghĩa. Tại TP. Hồ Chí Minh... nhất là cán bộ.\n\nI. TÌNH HÌNH")
    assert got == ["Năm 2023 đạt 100%.", "Những kết quả đó có ý nghĩa.", "Tại TP. Hồ Chí Minh... nhất là cán bộ.",
                   "I. TÌNH HÌNH"]


def test_sentence_cut_by_a_footnote_block_has_two_parts():
    """003 lines 11-15 and 001 lines 45-53: body text resumes after the inserted footnotes."""
    original = "giải pháp đột\n\n⁴ Hiện nay còn 06 địa phương.\n\nphá chiến lược về công tác xây dựng Đảng."
    text = normalise(original)
    t = text.text
    f0, f1 = t.index("Hiện"), t.index("phá chiến") - 2
    structure = Structure(regions=[
        Region("body", 0, f0 - 2), Region("footnote", f0, f1, number=4), Region("body", f1 + 2, len(t)),
    ])
    found = sentences(text, structure)
    body = [s for s in found if s.region == "body"]
    assert len(body) == 1 and len(body[0].parts) == 2
    assert body[0].text(text) == "giải pháp đột phá chiến lược về công tác xây dựng Đảng."
    note = [s for s in found if s.region == "footnote"]
    assert [(s.footnote, s.text(text)) for s in note] == [(4, "Hiện nay còn 06 địa phương.")]
    spans = sentence_spans(text, structure)
    assert spans == sorted(spans) and len(spans) == 3
    index = SentenceIndex.of(text, structure)
    assert index.at(t.index("phá chiến")) is index.at(t.index("đột"))


def test_record_regions_are_one_unit_per_line():
    text = normalise("Nơi nhận:\n- Bộ Chính trị,\n- Lưu VP.")
    structure = Structure(regions=[Region("recipients", 0, len(text.text))])
    assert [s.text(text) for s in sentences(text, structure)] == ["Nơi nhận:", "- Bộ Chính trị,", "- Lưu VP."]
