"""Line-level readings the record and structure steps share, held to examples: how a text splits into lines
with offsets, which lines are capacity lines and type lines, and when decoded text counts as binary."""
from __future__ import annotations

import pytest

from kg.extract.structure import Line, is_capacity, split_lines, type_word_of
from kg.read.decode import ReadError, decode_bytes


def test_lines_keep_their_offsets_in_the_text_stripped_of_their_lead():
    text = "  KẾT LUẬN \n\n\tcủa Bộ Chính trị"
    assert split_lines(text, 7) == [
        Line(0, 7, 9, 17, "KẾT LUẬN"), Line(1, 19, 19, 19, ""), Line(2, 20, 21, 37, "của Bộ Chính trị")]
    for line in split_lines(text, 7):
        assert text[line.start - 7:line.end - 7] == line.text


@pytest.mark.parametrize(("line", "capacity"), [
    ("PHÓ TRƯỞNG BAN THƯỜNG TRỰC", True),
    ("BÍ THƯ", True),
    ("Q.  BÍ THƯ", True),  # spaces of a column converter count once
    ("Bí thư", False),  # capacity lines are written in capitals
    ("BÍ THƯỞNG", False),  # a capacity is a whole word
    ("TM. BAN THƯỜNG VỤ", False),  # the signing mode, not a capacity
    ("KẾT LUẬN", False),
])
def test_capacity_lines(line: str, capacity: bool):
    assert is_capacity(line) is capacity


@pytest.mark.parametrize(("line", "word"), [
    ("KẾT LUẬN", "KẾT LUẬN"),
    ("KẾT LUẬN  CỦA BỘ CHÍNH TRỊ", "KẾT LUẬN"),
    ("NGHỊ QUYẾT", "NGHỊ QUYẾT"),
    ("KẾT LUẬNX", None),  # a type word is a whole word
    ("Kết luận", None),  # a title line is in capitals
    ("PHÓ TRƯỞNG BAN", None),
])
def test_type_lines(line: str, word: str | None):
    assert type_word_of(line) == word


@pytest.mark.parametrize("control", ["\x07", "\x1b", "\x7f", "\x85", "\x9f"])
def test_text_full_of_control_characters_is_binary_and_a_few_are_not(control: str):
    words = "Nghị quyết số 26-NQ/TW của Ban Chấp hành Trung ương. " * 20
    assert decode_bytes((words + control * 2).encode("utf-8")).text.endswith(control * 2)
    with pytest.raises(ReadError, match="binary file"):
        decode_bytes((words + control * 200).encode("utf-8"))
    for fine in "\t\n\r\v\f\x1a":  # tabs, breaks and the DOS end of file are text
        assert decode_bytes((words + fine * 200).encode("utf-8")).encoding == "utf-8"


def test_one_nul_makes_a_file_binary():
    with pytest.raises(ReadError, match="binary file"):
        decode_bytes("Nghị quyết số 26-NQ/TW \x00 của Ban Chấp hành Trung ương. ".encode("utf-8") * 20)
