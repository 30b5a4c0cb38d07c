"""kg.extract.layout: where a clause stops, what opens a list item, what is a heading, and when a block carries on
the sentence of the one before (the one reading the structure, sentence and relation readers share)."""
from __future__ import annotations

import pytest

from kg.extract.layout import LIST_ITEM, caps_line, carries_on, ends_with_stop, heading_block
from kg.read import normalise


@pytest.mark.parametrize("block, stops", [
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;", True),
    ("theo tinh thần “tự soi, tự sửa”.”  \n", True),
    ("Quy định số 126-QĐ/TW.)", True),
    ("**Nơi nhận:**", True),  # Markdown emphasis after the stop
    ("_Hà Nội, ngày 11 tháng 01 năm 2024._", True),
    ("chỉ đạo thường xuyên, trực tiếp của đồng chí", False),
    ("“Kết luận số 09-KL/BTCTW”", False),
    ("", False),
])
def test_a_clause_ends_at_a_stop_then_only_closers_and_blanks(block: str, stops: bool):
    assert ends_with_stop(block) is stops
    assert ends_with_stop(f"x. {block}", 3) is stops  # read from ``a`` only


@pytest.mark.parametrize("line, opens", [
    ("- Tiếp tục quán triệt", True), ("(1) Sửa đổi, bổ sung", True), ("2.1. Công tác xây dựng", True),
    ("II. NHIỆM VỤ TRỌNG TÂM", True), ("a) Ban Tổ chức", True), ("  * Các cấp ủy", True),
    ("2024 là năm", False), ("1/2024 về", False), ("Ông A. Nguyễn", False),
])
def test_what_opens_a_list_item(line: str, opens: bool):
    assert bool(LIST_ITEM.match(line)) is opens


def test_a_line_in_capitals_is_a_heading_up_to_its_bound():
    assert caps_line("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 71/NQ-CP")
    assert not caps_line("Nghị quyết số 71/NQ-CP")
    assert not caps_line("X" * 700)


def test_a_heading_block_is_one_short_line_in_capitals_numbered_or_marked():
    for original in ("KẾT LUẬN", "2.1. Công tác xây dựng chính đốn Đảng", "### Hội nghị toàn quốc tổng kết"):
        text = normalise(original + "\n")
        assert heading_block(text, 0, len(text.text)), original
    for original in ("Hội nghị toàn quốc tổng kết", "KẾT LUẬN\nCỦA BAN BÍ THƯ", "2.1. " + "công tác " * 40):
        text = normalise(original)
        assert not heading_block(text, 0, len(text.text)), original


def _blocks(original: str) -> tuple:
    text = normalise(original)
    first, _, second = text.text.partition("\n\n")
    return text, 0, len(first), len(first) + 2, len(text.text)


@pytest.mark.parametrize("original, goes_on", [
    ("chỉ đạo thường xuyên, trực tiếp của đồng chí\n\nTổng Bí thư, các đồng chí bí thư cấp ủy.", True),
    ("Các cấp ủy quán triệt.\n\nTổng Bí thư chỉ đạo.", False),  # a stop
    ("HỘI ĐỒNG NHÂN DÂN TỈNH TRÀ VINH\nKHÓA IX - KỲ HỌP THỨ 2\n\nCăn cứ Luật Tổ chức chính quyền địa phương", False),
    ("2.1. Công tác xây dựng chính đốn Đảng\n\nTiếp tục tham mưu thực hiện đồng bộ.", False),  # a numbered heading
    ("các nhiệm vụ sau\n\n- Tiếp tục quán triệt", False),  # a list item opens
    ("các nhiệm vụ sau\n\nII. NHIỆM VỤ", False),
])
def test_a_block_carries_on_a_sentence_the_one_before_left_open(original: str, goes_on: bool):
    assert carries_on(*_blocks(original)) is goes_on
