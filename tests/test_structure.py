"""Layout of the four corpus documents: what is header, title, body, footnote, closing, copy stamp.

The reference finder trusts these regions to know what is body, which footnote a text belongs
to, and what to skip (the own number, reception stamps, copy stamps), so each real case is
pinned here with its own lines.
"""
from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest

from kg.extract.structure import parse_structure
from kg.model import Region, Structure
from kg.read import normalise
from kg.read.normalise import Text

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


@cache
def doc(prefix: str) -> tuple[Text, Structure]:
    """Normalised text and structure of a corpus document, by its number (``"001"``)."""
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    text = normalise(path.read_text(encoding="utf-8"))
    return text, parse_structure(text)


def parse(s: str) -> tuple[Text, Structure]:
    """Normalised text and structure of a text written in a test."""
    text = normalise(s)
    return text, parse_structure(text)


def body(text: Text, r: Region) -> str:
    """The normalised text of a region."""
    return text.text[r.start:r.end]


def kinds(structure: Structure) -> list[str]:
    """Region kinds in order, with the footnote or copy number (``footnote:6``)."""
    return [f"{r.kind}:{r.number}" if r.number is not None else r.kind for r in structure.regions]


def region_at(text: Text, structure: Structure, needle: str) -> Region:
    """The region that holds the first occurrence of ``needle``."""
    pos = text.text.index(needle)
    return next(r for r in structure.regions if r.start <= pos < r.end)


def region_after(structure: Structure, r: Region) -> Region:
    """The region that follows ``r``."""
    return structure.regions[structure.regions.index(r) + 1]


def check_invariants(text: Text, structure: Structure) -> None:
    """Regions are in text order, do not overlap, stay inside the text; footnotes likewise."""
    prev = 0
    for r in structure.regions:
        assert prev <= r.start <= r.end <= len(text.text), r
        prev = r.end
    for f in structure.footnotes:
        assert 0 <= f.start <= f.end <= len(text.text)
        assert f.parts[0] == (f.start, f.end)


# --- the layout of each corpus document ---


def test_000_header_without_issuing_body_and_date_before_number():
    text, st = doc("000")
    assert kinds(st) == ["header", "title", "body", "recipients", "signature"]
    header, title = st.regions[0], st.regions[1]
    # line 4 `Hà Nội, ngày 22 tháng 01 năm 2018` comes before line 6 `Số 04 - KL/BTCTW`
    assert body(text, header) == "Hà Nội, ngày 22 tháng 01 năm 2018\n\nSố 04 - KL/BTCTW"
    assert body(text, title).startswith("KẾT LUẬN\n\nHội nghị toàn quốc tổng kết")
    assert body(text, title).endswith("triển khai nhiệm vụ năm 2018")
    assert body(text, st.regions[2]).startswith("Ngày 19/01/2018, Hội nghị toàn quốc")
    assert body(text, st.regions[2]).endswith("cùng phối hợp tham mưu tháo gỡ./.")
    assert body(text, st.regions[4]) == "TRƯỞNG BAN\n\n\n\nPhạm Minh Chính"
    assert st.footnotes == []


def test_001_layout_in_order():
    text, st = doc("001")
    assert kinds(st) == [
        "header", "title", "received", "body",
        "footnote:1", "footnote:2", "footnote:3", "body",
        "footnote:4", "footnote:5", "footnote:6", "body", "footnote:6", "footnote:7", "body",
        "footnote:8", "footnote:9", "footnote:10", "body", "footnote:11", "body",
        "footnote:12", "footnote:13", "body", "footnote:14", "body", "footnote:15", "body",
        "footnote:16", "footnote:17", "body",
        "recipients", "signature", "copy:0", "copy:1",
    ]
    check_invariants(text, st)


def test_001_header_holds_issuing_body_national_line_date_and_own_number():
    text, st = doc("001")
    header = body(text, st.regions[0])
    assert header.startswith("BAN CHẤP HÀNH TRUNG ƯƠNG\nBAN TỔ CHỨC\n\nĐẢNG CỘNG SẢN VIỆT NAM")
    assert header.endswith("Số 09-KL/BTCTW")
    assert region_at(text, st, "09-KL/BTCTW").kind == "header"


def test_001_title_is_type_word_and_two_subject_lines():
    text, st = doc("001")
    assert body(text, st.regions[1]) == (
        "KẾT LUẬN\n\nHội nghị toàn quốc tổng kết công tác tổ chức xây dựng Đảng năm 2023;\n"
        "triển khai nhiệm vụ năm 2024"
    )


def test_001_reception_stamp_is_not_header_title_or_body():
    # lines 19-21: a garbled received-document stamp between the title and the body
    text, st = doc("001")
    received = region_at(text, st, "Số 201")
    assert received.kind == "received"
    assert body(text, received) == "THÀNH ỦY PHỤ THỰC\nSố 201\nNgày 28/12/2023"
    assert body(text, region_after(st, received)).startswith("Ngày 28/12/2023, Hội nghị toàn quốc")


FOOTNOTES_001 = {
    # number: (text start, text end, words just before its in-text marker)
    1: ("Ban Chấp hành Trung ương ban hành 02 nghị quyết", "04 kết luận, 02 hướng dẫn.", "ban hành 60 văn bản"),
    2: ("Thái Bình, Hà Nam, Yên Bái", "Long An, Bến Tre, Cần Thơ", "trong đó có 22 địa phương"),
    3: ("Hải Phòng, Vĩnh Phúc, Ninh Bình", "Đảng ủy Công an Trung ương và Quân ủy Trung ương", "34 đảng bộ trực thuộc Trung ương"),
    4: ("Hiện nay còn 06 địa phương", "Quảng Nam và Bình Dương.", "từ Trung ương đến cơ sở”"),
    5: ("Một số địa phương có tỷ lệ đảng viên mới", "Phú Thọ, Tuyên Quang.", "còn khó khăn"),
    6: ("(1) Tăng cường xây dựng Đảng về chính trị.", "(10) Tiếp tục đổi mới mạnh mẽ phương thức lãnh đạo của Đảng trong điều kiện mới.", "10 nhóm nhiệm vụ, giải pháp"),
    7: ("(1) Tiếp tục hoàn thiện thể chế", "kiểm soát chặt chẽ quyền lực.", "phá chiến lược"),
    8: ("(1) Báo cáo việc thực hiện chính sách", "vi phạm pháp luật nghiêm trọng.", "triển khai từ năm 2022"),
    9: ("(1) Cơ chế, chính sách phát hiện", "chịu trách nhiệm về quyết định của mình.", "triển khai từ năm 2023"),
    10: ("(1) Củng cố, nâng cao năng lực", "tổ chức cơ sở đảng, đảng viên.", "04 nhóm nhiệm vụ, giải pháp"),
    11: ("Sửa đổi, bổ sung Quyết định số 244-QĐ/TW", "ban hành Quy chế bầu cử trong Đảng", "các đề án, nhiệm vụ"),
    12: ("(1) Sửa đổi, bổ sung Quyết định số 71-QĐ/TW", "cho cán bộ công nghệ thông tin của các cơ quan đảng.", "\n\ntrị"),
    13: ("Ban cán sự đảng Chính phủ", "Văn phòng Chủ tịch nước.", "có thẩm quyền giao, quản lý biên chế"),
    14: ("(1) Quy định về thẩm quyền, trách nhiệm", "Mặt trận và các đoàn thể.", "văn bản của Đảng về công tác cán bộ"),
    15: ("Sơ kết 05 năm thực hiện Quyết định số 140-QĐ/TW", "trong tình hình hiện nay.", "bảo vệ chính trị nội bộ"),
    16: ("(1) Mô hình tổ chức tổng thể", "cầm quyền của Đảng Cộng sản Việt Nam trong tình hình mới.", "\n\nnước"),
    17: ("Xuất bản 02 cuốn sách", "chính luận về bảo vệ nền tảng tư tưởng của Đảng năm 2024.", "kết quả nghiên cứu"),
}


@pytest.mark.parametrize("number", sorted(FOOTNOTES_001))
def test_001_footnote_text_and_marker(number: int):
    text, st = doc("001")
    (note,) = [f for f in st.footnotes if f.number == number]
    first, last, before_marker = FOOTNOTES_001[number]
    assert text.text[note.start:note.end].startswith(first)
    assert text.text[slice(*note.parts[-1])].endswith(last)  # footnote 6 ends in its second stretch
    (marker,) = note.markers
    assert text.text[:marker].endswith(before_marker)


def test_001_footnotes_numbered_1_to_17_in_order():
    _, st = doc("001")
    assert [f.number for f in st.footnotes] == list(range(1, 18))


def test_001_footnote_6_cut_by_a_page_break_goes_on_below_the_next_page():
    # fn 6 stops at `(7) Tiếp tục nâng cao hiệu` (line 51); its rest `lực, hiệu quả công tác
    # kiểm tra` is line 63, after the body of the next page and before footnote 7
    text, st = doc("001")
    (note,) = [f for f in st.footnotes if f.number == 6]
    assert len(note.parts) == 2
    a, b = note.parts[1]
    assert text.text[a:b].startswith("lực, hiệu quả công tác kiểm tra, giám sát, kỷ luật Đảng. (8)")
    assert region_at(text, st, "lực, hiệu quả công tác kiểm tra") == Region("footnote", a, b, 6)


@pytest.mark.parametrize("after, resumes", [
    (3, "Đạt được những kết quả nêu trên là do:"),  # a new paragraph, upper case
    (6, "phá chiến lược về công tác xây dựng Đảng"),  # `giải pháp đột` … `phá chiến lược⁷`
    (7, "lý đề chủ động tham mưu phương án"),  # `cấp ủy quản` … `lý đề chủ động`
    (10, "chất lượng và thực hiện nghiêm quy chế"),  # `nâng cao` … `chất lượng`
    (11, "trị. Tiếp tục triển khai Dự án"),  # `hệ thống chính` … `trị¹². Tiếp tục…`
    (13, "- Tham mưu hoàn thiện và sửa đổi, bổ sung"),
    (14, "5. Công tác bảo vệ chính trị nội bộ"),
    (15, "nước; bảo đảm tiến độ Đề tài trọng điểm"),  # `cấp Nhà` … `nước¹⁶`
    (17, "năng lực, trình độ, kinh nghiệm"),
])
def test_001_body_resumes_after_footnotes(after: int, resumes: str):
    text, st = doc("001")
    last = [r for r in st.regions if r.kind == "footnote" and r.number == after][0]
    nxt = region_after(st, last)
    assert nxt.kind == "body"
    assert body(text, nxt).startswith(resumes)


def test_001_closing_and_the_two_copy_stamps_with_their_own_recipients():
    text, st = doc("001")
    recipients, signature, copy0, copy1 = st.regions[-4:]
    assert body(text, recipients).startswith("Nơi nhận:\n\n- Bộ Chính trị, Ban Bí thư (để báo cáo),")
    assert body(text, recipients).endswith("- Lưu VP, TH.")
    assert body(text, signature) == "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC\n\n\n\nMai Văn Chính"
    assert body(text, copy0).startswith("TỈNH ỦY BÌNH ĐỊNH\n\n*\n\nSố 686-SY/TU\n\nNơi nhận:")
    assert body(text, copy0).endswith("Quien\n\nNguyễn Trung Kiên")
    assert body(text, copy1).startswith("HUYỆN ỦY TUY PHƯỚC\n\n*\n\nSố 172-BS/HU\n\nNơi nhận:")
    assert body(text, copy1).endswith("Đặng Thị Bích Dâng\n\nĐặng Thị Bích Dâng")
    # the copies' numbers and recipient lists are inside the copy regions, never body
    assert region_at(text, st, "686-SY/TU") == copy0
    assert region_at(text, st, "- Các đ/c UVBTVTU,") == copy0
    assert region_at(text, st, "172-BS/HU") == copy1


def test_003_layout_title_without_header():
    text, st = doc("003")
    assert kinds(st) == [
        "title", "body", "footnote:1", "body",
        "footnote:2", "footnote:3", "footnote:4", "footnote:5", "body", "signature", "copy:0",
    ]
    assert body(text, st.regions[0]) == (
        "THÔNG BÁO\n\nKết luận Hội nghị giao ban đánh giá kết quả công tác Quý III năm 2021; "
        "triển khai nhiệm vụ Quý IV năm 2021"
    )
    check_invariants(text, st)


FOOTNOTES_003 = {
    1: ("Quy định số 24-QĐ/TW, ngày 30/7/2021", "một số Hướng dẫn do Ban chủ trì ban hành.", "được ban hành từ đầu năm 2021 đến nay"),
    2: ("(1) Sửa đổi, bổ sung Quy định số 126-QĐ/TW", "ngày 28/12/2017 của Bộ Chính trị.", "Tiếp tục hoàn thiện 08 đề án"),
    3: ("Kết luận số 01-KL/TW, ngày 18/5/2021", "phong cách Hồ Chí Minh”.", "Kết luận số 01-KL/TW"),
    4: ("Kết luận số 34-KL/TW, ngày 07/8/2018", "hoạt động hiệu lực, hiệu quả”.", "Kết luận số 34-KL/TW"),
    5: ("Kết luận số 74-KL/TW, ngày 22/5/2020", "Nghị quyết số 39-NQ/TW của Bộ Chính trị.", "Kết luận số 74-KL/TW"),
}


@pytest.mark.parametrize("number", sorted(FOOTNOTES_003))
def test_003_footnote_text_and_marker(number: int):
    text, st = doc("003")
    (note,) = [f for f in st.footnotes if f.number == number]
    first, last, before_marker = FOOTNOTES_003[number]
    s = text.text[note.start:note.end]
    assert s.startswith(first) and s.endswith(last)
    assert note.parts == ((note.start, note.end),)
    (marker,) = note.markers
    assert text.text[:marker].endswith(before_marker)


@pytest.mark.parametrize("after, resumes", [
    (1, "thực hiện nghiêm túc, đồng bộ, thống nhất trong toàn Đảng."),  # `là cơ sở để bảo đảm` … `thực hiện`
    (5, "Tham mưu ban hành Quy định của Bộ Chính trị về công tác quy hoạch cán bộ"),
])
def test_003_body_resumes_after_footnotes(after: int, resumes: str):
    text, st = doc("003")
    last = [r for r in st.regions if r.kind == "footnote" and r.number == after][-1]
    nxt = region_after(st, last)
    assert nxt.kind == "body" and body(text, nxt).startswith(resumes)


def test_003_signature_and_sao_luc_stamp():
    text, st = doc("003")
    signature, copy = st.regions[-2:]
    assert body(text, signature) == "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC\nĐã ký: Mai Văn Chính"
    assert body(text, copy).startswith("TỈNH ỦY QUẢNG NGÃI\nVĂN PHÒNG\n\n*\n\nSố 336-BS/VPTU\n\nSAO LỤC")
    assert body(text, copy).endswith("VĂN PHÒNG\n\nNguyễn Thị Ngọc Bích")


def test_004_title_of_four_lines_and_closing():
    text, st = doc("004")
    assert kinds(st) == ["title", "body", "recipients", "signature"]
    title = body(text, st.regions[0])
    assert title.startswith("KẾT LUẬN\n\nHỘI NGHỊ LẦN THỨ 13 BAN CHẤP HÀNH ĐẢNG BỘ KHỐI KHÓA VII\nvề thực hiện")
    assert title.endswith("chất lượng đội ngũ cán bộ, đảng viên")
    assert body(text, st.regions[1]).startswith("Ngày 24/7/2023, Ban Chấp hành Đảng bộ Khối")
    assert body(text, st.regions[3]) == "T/M ĐẢNG ỦY\nBÍ THƯ\n\nNguyễn Tài Tuệ"


# --- the rules on texts written for them ---


def test_footnote_ending_with_colon_goes_on_with_its_list():
    text, st = parse(
        "KẾT LUẬN\n\nvề việc thử\n\nBan hành danh mục¹.\n\n¹ Danh mục gồm:\n\n- chức danh A;\n\n"
        "- chức danh B.\n\n2. Giao Ban Tổ chức Trung ương chủ trì.\n"
    )
    assert kinds(st) == ["title", "body", "footnote:1", "body"]
    assert body(text, st.regions[2]).endswith("- chức danh B.")
    assert body(text, st.regions[3]) == "2. Giao Ban Tổ chức Trung ương chủ trì."


def test_header_with_both_columns_on_one_line_and_title_naming_its_body():
    text, st = parse(
        "BAN CHẤP HÀNH TRUNG ƯƠNG        ĐẢNG CỘNG SẢN VIỆT NAM\n*\n"
        "Số 35-KL/TW        Hà Nội, ngày 05 tháng 5 năm 2022\n\nKẾT LUẬN\nCỦA BỘ CHÍNH TRỊ\n"
        "về danh mục chức danh\n-----\n\nCăn cứ Điều lệ Đảng, Bộ Chính trị kết luận như sau:\n\n"
        "T/M BỘ CHÍNH TRỊ\n(Đã ký)\nTrương Thị Mai\n"
    )
    assert kinds(st) == ["header", "title", "body", "signature"]
    assert body(text, st.regions[1]).endswith("về danh mục chức danh\n-----")


def test_copy_stamp_printed_above_the_document_does_not_swallow_it():
    text, st = parse(
        "TỈNH ỦY BÌNH ĐỊNH\n*\nSố 12-SY/TU\nSAO Y BẢN CHÍNH\nBình Định, ngày 3 tháng 4 năm 2021\n\n"
        "KẾT LUẬN\n\nvề việc thử\n\n" + "Nội dung kết luận rất dài. " * 10 + "\n\nBÍ THƯ\n\nNguyễn Văn An\n"
    )
    assert kinds(st) == ["copy:0", "title", "body", "signature"]


def test_subject_glued_to_the_body_as_pdf_text_gives_it():
    text, st = parse(
        "TỈNH ỦY QUẢNG NGÃI\n*\nSố 15-CT/TU\nQuảng Ngãi, ngày 5 tháng 6 năm 2020\nCHỈ THỊ\n"
        "về tăng cường lãnh đạo công tác\nphòng, chống tham nhũng\n"
        "Căn cứ Điều lệ Đảng, Ban Thường vụ Tỉnh ủy yêu cầu:\n1. Các cấp ủy thực hiện.\n"
        "Nơi nhận:\n- Như trên,\n- Lưu VPTU.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nLê Viết Chữ\nSao y bản chính\n"
    )
    assert kinds(st) == ["header", "title", "body", "recipients", "signature", "copy:0"]
    assert body(text, st.regions[1]).endswith("phòng, chống tham nhũng")


def test_copy_signing_above_its_stamp_word_after_a_signature_without_name():
    # the main signature has no name (as 004's `T/M ĐẢNG ỦY / BÍ THƯ` might); the copy's own
    # signature lines stand between its number and its stamp word
    text, st = parse(
        "KẾT LUẬN\n\nvề việc thử\n\nNội dung.\n\nT/M ĐẢNG ỦY\nBÍ THƯ\n\n"
        "TỈNH ỦY X\n*\nSố 12-SY/TU\nT/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\nSAO Y\nNguyễn Văn Bê\n"
    )
    assert kinds(st) == ["title", "body", "signature", "copy:0"]
    assert body(text, st.regions[2]) == "T/M ĐẢNG ỦY\nBÍ THƯ"


def test_appendix_and_endnote_after_the_signature_are_read_as_text():
    text, st = parse(
        "KẾT LUẬN\n\nvề việc thử\n\nNội dung kết luận¹.\n\nNơi nhận:\n- Lưu VP.\n\n"
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nQuien\nNguyễn Văn An\n\nPHỤ LỤC\n\n"
        "1. Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XII.\n\n"
        "¹ Chú thích cuối văn bản.\n"
    )
    assert kinds(st) == ["title", "body", "recipients", "signature", "body", "footnote:1"]
    assert body(text, st.regions[3]) == "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nQuien\nNguyễn Văn An"
    (note,) = st.footnotes
    assert text.text[note.start:note.end] == "Chú thích cuối văn bản." and len(note.markers) == 1


def test_reception_stamp_with_den_keyword():
    text, st = parse("NGHỊ QUYẾT\nvề phát triển\n\nĐẾN\nSố: 4567\nNgày: 05/4/2021\n\nThực hiện chủ trương, Tỉnh ủy quyết nghị.\n")
    assert kinds(st) == ["title", "received", "body"]
    assert body(text, st.regions[1]) == "ĐẾN\nSố: 4567\nNgày: 05/4/2021"


def test_title_and_paragraph_only():
    text, st = parse("KẾT LUẬN\n\nvề công tác cán bộ\n\nHội nghị thống nhất một số nội dung.\n")
    assert kinds(st) == ["title", "body"]


@pytest.mark.parametrize("s", ["", "\n", " ", "¹", "¹\n²", "SAO Y", "SAO Y\nSAO LỤC", "Nơi nhận:", "K/T", "KẾT LUẬN", "Số 1-KL/TW"])
def test_degenerate_texts(s: str):
    check_invariants(*parse(s))


def test_random_lines_never_break_the_layout():
    rng = random.Random(7)
    lines = [ln for p in ("000", "001", "003", "004") for ln in doc(p)[0].original.split("\n")]
    alphabet = "abcĐđỦY ¹²³*-#/.,:;()\n0123456789SốNơi nhận:K/T T/M SAO Y TRƯỞNG BAN"
    for k in range(300):
        if k % 3 == 0:
            s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        elif k % 3 == 1:
            s = "\n".join(rng.choice(lines) for _ in range(rng.randint(0, 40)))
        else:
            shuffled = lines[:]
            rng.shuffle(shuffled)
            s = "\n".join(shuffled[:rng.randint(0, 120)])
        check_invariants(*parse(s))
