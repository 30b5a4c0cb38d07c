"""The one grammar of symbols (kg.rules.symbols): what the finder, the header reader and the catalog share."""
from __future__ import annotations

import pytest

from kg.rules.lexicon import skeleton_bytes
from kg.rules.symbols import (
    Symbol, glued_state_matches, own_numbers, own_state_numbers, party_symbols, split_symbol, state_matches,
)


@pytest.mark.parametrize("written, parts", [
    ("09-KL/BTCTW", Symbol(9, "KL", "BTCTW")),
    ("09 - KL / BTCTW", Symbol(9, "KL", "BTCTW")),
    ("009-KL/BTCTW", Symbol(9, "KL", "BTCTW")),
    ("  158-KL/ĐUK ", Symbol(158, "KL", "ĐUK")),
    ("08-QĐi/TW", Symbol(8, "QĐi", "TW")),
])
def test_a_written_symbol_splits_into_its_parts(written: str, parts: Symbol):
    assert split_symbol(written) == parts


@pytest.mark.parametrize("written", [
    "Số 09-KL/BTCTW",  # more than the symbol
    "06 CT/TW",  # no hyphen: only the finder reads that, beside a known type code
    "26-NQ/TW1",  # a footnote marker run into it
    "30/2020/NĐ-CP",  # a state symbol
    "",
    None,
])
def test_anything_but_a_whole_party_symbol_does_not_split(written: str | None):
    assert split_symbol(written) is None


def test_symbols_are_found_in_text_order_with_their_printed_parts():
    text = "Thực hiện Nghị quyết số 26-\nNQ/TW và Chỉ thị 06 CT/TW, Kết luận số31-KL/TW2 của Bộ Chính trị"
    found = [(s.num, s.type, s.iss, s.loose, s.glue, text[s.start:s.end]) for s in party_symbols(text)]
    assert found == [
        ("26", "NQ", "TW", False, None, "26-\nNQ/TW"),
        ("06", "CT", "TW", True, None, "06 CT/TW"),
        ("31", "KL", "TW", False, b"2", "31-KL/TW"),
    ]


def test_a_code_run_into_the_next_date_is_cut_before_it():
    # 'Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012' (Quyết định 719/QĐ-TTg): the space before 'ngày' lost
    text = "Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012"
    (found,) = party_symbols(text)
    assert (found.iss, text[found.start:found.end]) == ("TW", "70-TB/TW")


@pytest.mark.parametrize("line, at, symbol", [
    ("Số 09-KL/BTCTW", 0, "09-KL/BTCTW"),
    ("SỐ: 04 - KL/BTCTW", 0, "04 - KL/BTCTW"),
    ("ĐẢNG ỦY KHỐI      Số 158-KL/ĐUK", 18, "158-KL/ĐUK"),
])
def test_an_own_number_is_a_hyphened_capitalised_symbol_after_so(line: str, at: int, symbol: str):
    ((where, found),) = own_numbers(line)
    assert (where, line[found.start:found.end]) == (at, symbol)


@pytest.mark.parametrize("line", [
    "căn cứ Nghị quyết 26-NQ/TW",  # no 'Số'
    "Số 06 CT/TW",  # no hyphen
    "cơ sở 26-NQ/TW",  # 'sở' is not 'Số'
    "Số 12-kl/tw",  # codes are capitals
])
def test_a_line_without_an_own_number_has_none(line: str):
    assert list(own_numbers(line)) == []


@pytest.mark.parametrize("line, number, year, parts", [
    ("Số: 06/NQ-CP", "06", None, ["NQ", "CP"]),
    ("Số: 12/2024/QH15", "12", "2024", ["QH15"]),
    ("Số 12 / 2020 / NĐ-CP", "12", "2020", ["NĐ", "CP"]),
    ("số: 1234/BKHCN - CNC ngày 5/3/2024", "1234", None, ["BKHCN", "CNC"]),  # a ministry's letter: body and unit
])
def test_a_state_own_number_is_read_with_its_year_and_codes(line: str, number: str, year: str | None, parts: list[str]):
    (found,) = own_state_numbers(line)
    assert (found.at, found.number, found.year, found.parts) == (0, number, year, parts)


@pytest.mark.parametrize("line", ["Số: 12/nq-cp", "căn cứ Nghị định 30/2020/NĐ-CP", "cơ sở 12/NQ-CP"])
def test_a_line_without_a_state_own_number_has_none(line: str):
    assert list(own_state_numbers(line)) == []


def test_state_symbols_are_found_by_their_slash_with_the_number_before_it():
    text = "Nghị định số 30/2020/NĐ-CP, Nghị quyết 08/NQ -TW và Luật số 20/2023/QH15; Quyết định 456/QĐTTg"
    sk = skeleton_bytes(text)
    found = [(text[n.start("num"):n.end("num")], m.group("year"), m.group("type"), m.group("iss"), m.group("qh"))
             for n, m in state_matches(sk)]
    assert found == [("30", b"2020", b"nd", b"cp", None), ("08", None, b"nq", b"tw", None),
                     ("20", b"2023", None, None, b"qh15")]
    assert [(text[n.start("num"):n.end("num")], text[m.start("g"):m.end("g")]) for n, m in glued_state_matches(sk)] == [
        ("456", "QĐTTg")]
