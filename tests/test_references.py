"""Each rule of the reference finder, on the real sentence that needed it."""
from __future__ import annotations

import time

import pytest

from kg.extract.dates import parse_date
from kg.extract.references import find_candidates, find_references, parse_symbol
from kg.model import Record, Reference, Region, Structure
from kg.read import normalise


def refs_of(sentence: str, record: Record | None = None, regions: list[Region] | None = None):
    text = normalise(sentence)
    structure = Structure(regions=regions or [Region("body", 0, len(text.text))])
    refs, _ = find_references(text, structure, record or Record())
    return refs


def keys(refs) -> list[tuple]:
    return [(r.kind, r.symbol or r.term or r.number, r.plenum) for r in refs]


# --- what is not a reference ---

@pytest.mark.parametrize("sentence", [
    "Đồng chí cũng nhấn mạnh: từ sau Đại hội XII của Đảng đến nay, ban tổ chức cấp ủy các cấp đã có nhiều cố gắng",
    "xây dựng Đề án trình Hội nghị Trung ương 7 khóa XII",
    "trọng tâm là Đề án trình Hội nghị Trung ương 4 khóa XIII và các đề án trình Bộ Chính trị",
    "tiến tới Đại hội Đảng toàn quốc lần thứ XIII",
    "cán bộ lãnh đạo dự nguồn Đại hội XII của Đảng Nhân dân cách mạng Lào;",
    "thực hiện các nghị quyết của Trung ương, cấp ủy các cấp về tổ chức xây dựng Đảng",
    "bám sát Nghị quyết Đại hội XII của Đảng, nghị quyết đại hội đảng bộ các cấp",  # only the first
    "Căn cứ Kết luận này, các nhiệm vụ được cấp ủy các cấp giao",
    "thực hiện Quy định số ... của Ban Thường vụ Tỉnh ủy",
    "Bám sát Cương lĩnh, Điều lệ, Nghị quyết Đại hội toàn quốc của Đảng",  # no congress: no term
    "Nâng cao chất lượng công tác thẩm định các đề án về tổ chức bộ máy, biên chế, điều lệ, cán bộ",
    "Bám sát Nghị quyết Đại hội XII và các nghị quyết của Đảng",  # 'các nghị quyết của Đảng'
])
def test_not_a_reference(sentence):
    kinds = [r.kind for r in refs_of(sentence)]
    assert "plenum" not in kinds and "number" not in kinds and "symbol" not in kinds
    if "Đại hội XII" in sentence and "Nghị quyết Đại hội XII" not in sentence:
        assert "congress" not in kinds
    assert kinds.count("congress") <= 1


def test_foreign_party_congress_resolution_is_not_ours():
    """001 line 127 names the Lao party's congress; a resolution of it is not congress:XII either."""
    assert refs_of("quán triệt Nghị quyết Đại hội XII của Đảng Nhân dân cách mạng Lào") == []


def test_local_congress_resolution_is_not_the_national_one():
    (ref,) = refs_of("thực hiện Nghị quyết Đại hội XVII Đảng bộ tỉnh")
    assert (ref.kind, ref.term, ref.issuer_code, ref.number) == ("congress", None, "TU", 17)  # the province's own


def test_own_number_on_its_header_line_is_not_a_citation():
    """000 line 6 'Số 04 - KL/BTCTW' and 001's copy stamp 'Số 686-SY/TU' are the documents' own numbers."""
    text = "Số 04 - KL/BTCTW\n\nKẾT LUẬN\n\nSố 686-SY/TU\nSAO Y"
    assert refs_of(text) == []


def test_record_symbol_is_not_cited_by_its_own_document():
    sentence = "Kết luận số 09-KL/BTCTW có hiệu lực từ ngày ký; thực hiện Kết luận số 35-KL/TW."
    refs = refs_of(sentence, Record(symbol="09-KL/BTCTW"))
    assert [r.symbol for r in refs] == ["35-KL/TW"]


def test_header_copy_and_stamp_regions_are_skipped():
    sentence = "Số 09-KL/BTCTW theo Kết luận số 35-KL/TW"
    text = normalise(sentence)
    structure = Structure(regions=[Region("header", 0, 14), Region("body", 14, len(text.text))])
    refs, _ = find_references(text, structure, Record())
    assert [r.symbol for r in refs] == ["35-KL/TW"]


def test_a_plenum_resolution_title_is_the_document_itself():
    """The title block of a plenum's own resolution names that plenum: it is no citation."""
    title = "NGHỊ QUYẾT\nHỘI NGHỊ LẦN THỨ TƯ BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XII\nvề tăng cường xây dựng, chỉnh đốn Đảng"
    assert refs_of(title) == []
    assert keys(refs_of("thực hiện NGHỊ QUYẾT HỘI NGHỊ LẦN THỨ TƯ BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XII")) == [
        ("plenum", "XII", 4)
    ]


def test_received_stamp_number_is_no_reference():
    """001 lines 19-21: 'Số 201' of a reception stamp has no type and no issuer."""
    assert refs_of("THÀNH ỦY PHỤ THỰC\nSố 201\nNgày 28/12/2023") == []


# --- qualifiers belong to the reference they qualify ---

def test_plenum_after_a_symbol_qualifies_it():
    """001 line 73: one reference, the plenum being where KL 21 was adopted."""
    refs = refs_of("trong Kết luận số 21-KL/TW tại Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng")
    assert keys(refs) == [("symbol", "21-KL/TW", 4)]
    assert (refs[0].issuer, refs[0].term) == ("Hội nghị Trung ương 4", "XIII")


def test_plenum_in_words_after_a_symbol_qualifies_it():
    """001 line 31: 'Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XII' gives the issuer, plenum and term."""
    refs = refs_of("theo tinh thần Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị lần thứ bảy Ban Chấp hành "
                   "Trung ương khóa XII. Một số chỉ tiêu")
    assert len(refs) == 1
    r = refs[0]
    assert (r.date, r.issuer, r.plenum, r.term) == ("2018-05-19", "Ban Chấp hành Trung ương", 7, "XII")


@pytest.mark.parametrize("written", [
    "19/5/2018", "19-5-2018", "19.5.2018", "19 / 5 / 2018", "19 tháng 5 năm 2018", "19 tháng 5, năm 2018",
    "19    tháng   5    năm    2018",  # a justified line of a PDF: the tail read up to three spaces a gap
])
def test_a_reference_date_reads_as_a_document_date(written):
    """The tail after a symbol and the document's own date line read dates by one grammar (``kg.extract.dates``)."""
    refs = refs_of(f"thực hiện Nghị quyết số 26-NQ/TW, ngày {written} của Ban Chấp hành Trung ương khóa XII về cán bộ")
    assert [r.date for r in refs] == [parse_date(f"ngày {written}")] == ["2018-05-19"]


def test_plenum_of_a_number_reference_is_only_a_qualifier():
    """000 line 76: numbers 18 and 19, no plenum:XII:6 key."""
    refs = refs_of("tổ chức thực hiện Nghị quyết 18,19 của Hội nghị Trung ương 6 khóa XII; sớm đưa các nghị quyết")
    assert [(r.kind, r.number, r.term) for r in refs] == [("number", 18, "XII"), ("number", 19, "XII")]


# --- attributes never bleed, and coordination shares them ---

def test_date_and_term_stay_in_their_clause():
    """003 line 11: the first 01-HD/TW is dated, the second is term XII's and undated; 29-QĐ/TW is XII."""
    refs = refs_of(
        "Ban Bí thư ban hành Hướng dẫn số 01-HD/TW, ngày 28/9/2021 với nội dung cơ bản kế thừa Quy định số "
        "29-QĐ/TW và Hướng dẫn số 01-HD/TW của khóa XII, có sửa đổi, bổ sung một số nội dung quan trọng"
    )
    assert [(r.symbol, r.date, r.term, r.issuer) for r in refs] == [
        ("01-HD/TW", "2021-09-28", None, "Ban Bí thư"),
        ("29-QĐ/TW", None, "XII", None),
        ("01-HD/TW", None, "XII", None),
    ]


def test_coordinated_references_share_the_issuer():
    """001 line 123: 'Quy định số 41-QĐ/TW và Thông báo số 20-TB/TW của Bộ Chính trị'."""
    refs = refs_of("miễn nhiệm, từ chức đối với cán bộ theo Quy định số 41-QĐ/TW và Thông báo số 20-TB/TW của Bộ Chính trị.")
    assert [(r.symbol, r.issuer) for r in refs] == [("41-QĐ/TW", "Bộ Chính trị"), ("20-TB/TW", "Bộ Chính trị")]


def test_coordination_keeps_each_date():
    """003 line 31: 34-KL/TW keeps its own date and takes the issuer named after 74-KL/TW."""
    refs = refs_of("theo tinh thần Kết luận số 34-KL/TW⁴, ngày 07/8/2018 và Kết luận số 74-KL/TW⁵, ngày 22/5/2020 "
                   "của Bộ Chính trị. (3) Tiếp tục")
    assert [(r.symbol, r.date, r.issuer) for r in refs] == [
        ("34-KL/TW", "2018-08-07", "Bộ Chính trị"), ("74-KL/TW", "2020-05-22", "Bộ Chính trị"),
    ]
    assert [r.text for r in refs] == ["Kết luận số 34-KL/TW", "Kết luận số 74-KL/TW"]


def test_title_ends_before_a_new_clause():
    """003 line 11: 'về Thi hành Điều lệ Đảng, Ban Bí thư ban hành …' — the title stops at the comma."""
    refs = refs_of("tham mưu Ban Chấp hành Trung ương ban hành Quy định số 24-QĐ/TW, ngày 30/7/2021 về Thi hành "
                   "Điều lệ Đảng, Ban Bí thư ban hành Hướng dẫn số 01-HD/TW")
    quy_dinh = refs[0]
    assert (quy_dinh.issuer, quy_dinh.title) == ("Ban Chấp hành Trung ương", "Thi hành Điều lệ Đảng")
    assert [r.kind for r in refs] == ["symbol", "charter", "symbol"]  # the Charter inside the title counts


def test_issuer_named_before_ban_hanh():
    """003 line 15: 'tham mưu Bộ Chính Trị lần đầu tiên ban hành Kết luận số 14-KL/TW'."""
    (ref,) = refs_of("đã tham mưu Bộ Chính Trị lần đầu tiên ban hành Kết luận số 14-KL/TW, ngày 22/9/2021 về chủ trương")
    assert (ref.issuer, ref.date) == ("Bộ Chính trị", "2021-09-22")


def test_issuer_from_a_code_that_names_one_body():
    """001 line 73: 'Kế hoạch số 52-KH/BTCTW' names no body in the text; BTCTW is the Organisation Commission."""
    (ref,) = refs_of("các đề án được Ban Tổ chức Trung ương cụ thể hoá tại Kế hoạch số 52-KH/BTCTW;")
    assert ref.issuer == "Ban Tổ chức Trung ương"


def test_named_issuer_wins_over_the_code():
    """000 line 82: 'Hướng dẫn số 2499-CV/BTCTW … của Bộ Nội vụ' — the text names another issuer."""
    (ref,) = refs_of("và Hướng dẫn số 2499-CV/BTCTW ngày 31/3/2017 của Bộ Nội vụ;")
    assert (ref.type, ref.type_word, ref.issuer, ref.date) == ("CV", "Hướng dẫn", "Bộ Nội vụ", "2017-03-31")


def test_issuer_of_a_local_body_keeps_its_place_name():
    (ref,) = refs_of("thực hiện Nghị quyết số 05-NQ/TU, ngày 12/3/2021 của Tỉnh ủy Bình Định về phát triển")
    assert (ref.issuer, ref.issuer_code) == ("Tỉnh ủy Bình Định", "TU")
    (ref,) = refs_of("Quyết định số 1234/QĐ-UBND ngày 5/7/2022 của UBND tỉnh Bình Định;")
    assert (ref.kind, ref.issuer, ref.date) == ("state", "UBND tỉnh Bình Định", "2022-07-05")


# --- spans ---

def test_footnote_marker_glued_after_a_symbol_is_outside_the_span():
    """003 line 31: 'Kết luận số 01-KL/TW³, ngày 18/5/2021' — the span ends before '³'."""
    sentence = "gắn với thực hiện Kết luận số 01-KL/TW³, ngày 18/5/2021 của Bộ Chính trị và"
    (ref,) = refs_of(sentence)
    assert sentence[ref.start:ref.end] == "Kết luận số 01-KL/TW"
    assert sentence[ref.full_start:ref.full_end] == "Kết luận số 01-KL/TW³, ngày 18/5/2021 của Bộ Chính trị"


def test_spans_index_the_original_through_markdown():
    """004 lines 6-7: the symbol inside a Markdown-italic title split over lines."""
    original = "*về thực hiện Kết luận số 158-KL/ĐUK, ngày 17/7/2018 của Đảng ủy Khối\nkhóa VI về tiếp tục nâng cao*"
    (ref,) = refs_of(original)
    assert original[ref.start:ref.end] == ref.text == "Kết luận số 158-KL/ĐUK"
    assert original[ref.full_start:ref.full_end].endswith("về tiếp tục nâng cao")
    assert (ref.term, ref.issuer) == ("VI", "Đảng ủy Khối")


def test_one_phrase_two_references_share_the_span():
    refs = refs_of("thực hiện các Nghị quyết Trung ương 4 khoá XI, XII, gắn với")
    assert {(r.start, r.end) for r in refs} == {(refs[0].start, refs[0].end)}
    assert [r.term for r in refs] == ["XI", "XII"]


# --- footnotes and sentences from the structure ---

def test_footnote_number_and_sentence_rejoined_across_a_footnote_block():
    """003 lines 11-15: the body sentence resumes after footnote ¹; a reference inside the footnote knows its number."""
    body1 = "là cơ sở để bảo đảm theo Kết luận số 14-KL/TW"
    note = "¹ Quy định số 24-QĐ/TW, ngày 30/7/2021 của Ban Chấp hành Trung ương khóa XIII về thi hành Điều lệ Đảng."
    body2 = "thực hiện nghiêm túc, đồng bộ, thống nhất trong toàn Đảng."
    text = normalise(f"{body1}\n\n{note}\n\n{body2}")
    t = text.text
    f0 = t.index("Quy định")
    f1 = t.index("\n\nthực hiện")
    structure = Structure(regions=[
        Region("body", 0, f0 - 2), Region("footnote", f0, f1, number=1), Region("body", f1 + 2, len(t)),
    ])
    refs, _ = find_references(text, structure, Record())
    by_symbol = {r.symbol: r for r in refs}
    assert by_symbol["24-QĐ/TW"].in_footnote and by_symbol["24-QĐ/TW"].footnote == 1
    assert not by_symbol["14-KL/TW"].in_footnote and by_symbol["14-KL/TW"].footnote is None
    assert by_symbol["14-KL/TW"].sentence == (
        "là cơ sở để bảo đảm theo Kết luận số 14-KL/TW thực hiện nghiêm túc, đồng bộ, thống nhất trong toàn Đảng."
    )
    assert by_symbol["24-QĐ/TW"].sentence.startswith("Quy định số 24-QĐ/TW")


def test_sentence_rejoined_across_a_page_break():
    """000 lines 24-26: a page break between 'của đồng chí' and 'Tổng Bí thư'."""
    original = "đã bám sát Nghị quyết Đại hội XII của Đảng, sự chỉ đạo của đồng chí\n\nTổng Bí thư, các đồng chí bí thư."
    (ref,) = refs_of(original)
    assert ref.sentence == "đã bám sát Nghị quyết Đại hội XII của Đảng, sự chỉ đạo của đồng chí Tổng Bí thư, các đồng chí bí thư."


# --- helpers and linear time ---

def test_parse_symbol():
    assert parse_symbol("Số 04 - KL/BTCTW") == ("KL", "BTCTW", 4)
    assert parse_symbol("08-QĐI/TW") == ("QĐi", "TW", 8)
    assert parse_symbol("no symbol here") is None


NOISE = ["1-1-", "////", " ", "0123456789", "1 - 1 / ", "1/1/", "-\n/\n", "khóa XI, XII, ", "về “"]
DENSE = ["số31-QĐ/TW³ ", "Nghị quyết Trung ương 4, 4, khóa X, ", "Chỉ thị 1,"]  # a reference every few bytes


def _megabyte(unit: str):
    text = normalise(unit * (1_000_000 // len(unit.encode("utf-8"))))
    return text, Structure(regions=[Region("body", 0, len(text.text))])


@pytest.mark.parametrize("unit", NOISE)
def test_one_megabyte_of_noise_does_not_backtrack(unit):
    """Runs of digits, dashes, slashes and spaces must not make any pattern backtrack.

    The bound is a guard, not a speed target (benchmarks/extract.py measures speed): it takes ~0.1 s,
    and catastrophic backtracking would take minutes.
    """
    text, structure = _megabyte(unit)
    start = time.perf_counter()
    refs, _ = find_references(text, structure, Record())
    assert time.perf_counter() - start < 10
    assert refs == []


@pytest.mark.parametrize("unit", DENSE)
def test_one_megabyte_of_references_is_read_in_linear_time(unit):
    """A megabyte that is nothing but references (~100,000 of them) reads in ~1 s; the bound guards against blow-up."""
    text, structure = _megabyte(unit)
    start = time.perf_counter()
    found = find_candidates(text, structure, Record())
    assert time.perf_counter() - start < 30
    assert len(found) > 30_000


def _refs_in_body(sentence: str, record: Record) -> list[Reference]:
    """The references of ``sentence`` as the whole body of a document with ``record``."""
    text = normalise(sentence)
    return find_references(text, Structure(regions=[Region("body", 0, len(text.text))]), record)[0]


def test_the_documents_own_symbol_with_another_date_is_another_years_document():
    """Found by the synthetic corpus: a 2013 plan 01-KH/HU citing the 2012 plan 01-KH/HU lost the citation."""
    refs = _refs_in_body("Tiếp tục thực hiện Kế hoạch số 01-KH/HU, ngày 05/01/2012 của Huyện ủy. "
                         "Các chi bộ triển khai Kế hoạch số 01-KH/HU này.",
                         Record(symbol="01-KH/HU", type="KH", number=1, issuer_code="HU", date="2013-01-10"))
    assert [(r.symbol, r.date) for r in refs] == [("01-KH/HU", "2012-01-05")]


def test_the_documents_own_symbol_of_another_term_is_another_terms_document():
    """Central numbers restart every term: a 01-NQ/TW of term XIII citing the 01-NQ/TW of term XII by its term."""
    refs = _refs_in_body("Tiếp tục quán triệt Nghị quyết số 01-NQ/TW khóa XII của Bộ Chính trị. "
                         "Nghị quyết số 01-NQ/TW khóa XIII này thay thế các văn bản trước.",
                         Record(symbol="01-NQ/TW", type="NQ", number=1, issuer_code="TW", date="2022-01-10"))
    assert [(r.symbol, r.term) for r in refs] == [("01-NQ/TW", "XII")]


# --- TƯ read by the body beside it, else as the document's own number reads it ---

def test_tu_with_a_horn_beside_a_tinh_uy_is_the_tinh_uy_s_and_beside_the_politburo_the_central_one():
    # 123docz.net (Thừa Thiên Huế, 2022): 'Sau 10 năm thực hiện Nghị quyết 13-NQ/TƯ của Tỉnh ủy (khóa XIV)';
    # tailieuchung.com: 'Chỉ thị 37-CT/TƯ ngày 02-7-1998' of the Bộ Chính trị
    refs = refs_of("Sau 10 năm thực hiện Nghị quyết 13-NQ/TƯ của Tỉnh ủy (khóa XIV), hạ tầng phát triển. "
                   "Theo Chỉ thị 37-CT/TƯ ngày 02-7-1998 của Bộ Chính trị về công tác tôn giáo.")
    assert [(r.symbol, r.issuer_code) for r in refs] == [("13-NQ/TU", "TU"), ("37-CT/TW", "TW")]


def test_tu_with_a_horn_and_no_body_follows_the_own_number_or_stays_as_printed():
    own = Record(symbol="445-KL/TU", symbol_raw="445-KL/TƯ", issuer_code="TU", issuer="Tỉnh ủy Thừa Thiên Huế")
    assert refs_of("Thực hiện Nghị quyết 13-NQ/TƯ, hạ tầng phát triển.", own)[0].symbol == "13-NQ/TU"
    (ref,) = refs_of("Thực hiện Nghị quyết 13-NQ/TƯ, hạ tầng phát triển.")
    assert (ref.symbol, ref.issuer) == ("13-NQ/TƯ", None)


# --- a subject ends where the sentence's own verb begins ---

@pytest.mark.parametrize("sentence, title", [
    # vietbao.vn, 17/9/2025 (resolution case c-021)
    ("Trong đó, Nghị quyết 71 về giáo dục và đào tạo được đặt ở vị trí đặc biệt.", "giáo dục và đào tạo"),
    # baomoi.com, 30/7/2008 (resolution case o-011)
    ("Hội nghị toàn quốc tổng kết 5 năm thực hiện Nghị quyết Hội nghị Trung ương 7 (khóa IX) về công tác tôn giáo "
     "do Ban Bí thư Trung ương Đảng tổ chức đã khai mạc tại Hà Nội.", "công tác tôn giáo"),
    ("Thực hiện Quy định số 37-QĐ/TW về những điều đảng viên không được làm.", "những điều đảng viên không được làm"),
    ("Kết luận số 01-KL/TW về dự án do Nhà nước đầu tư đã được sửa đổi.", "dự án do Nhà nước đầu tư"),
])
def test_a_subject_ends_before_the_verb_of_its_sentence(sentence, title):
    assert refs_of(sentence)[0].title == title


def test_a_guidance_s_title_guides_what_it_names():
    # 06-HD/UBKTTW of 18/12/2018 (hethongphapluat.vn), dev set text 27
    from kg.extract import extract_document
    doc = ("BAN CHẤP HÀNH TRUNG ƯƠNG\nỦY BAN KIỂM TRA\n-------\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nSố: 06-HD/UBKTTW\n\n"
           "Hà Nội, ngày 18 tháng 12 năm 2018\n\nHƯỚNG DẪN\n\nTHỰC HIỆN MỘT SỐ ĐIỀU TRONG QUY ĐỊNH SỐ 07-QĐI/TW, NGÀY "
           "28/8/2018 CỦA BỘ CHÍNH TRỊ VỀ XỬ LÝ KỶ LUẬT TỔ CHỨC ĐẢNG VI PHẠM\n\n- Căn cứ Quy định số 30-QĐ/TW, ngày "
           "26/7/2016 của Ban Chấp hành Trung ương;\n")
    _s, record, refs, _l = extract_document(normalise(doc))
    assert record.type == "HD"
    assert [(r.symbol, r.relation) for r in refs] == [("07-QĐi/TW", "guides"), ("30-QĐ/TW", "based_on")]


@pytest.mark.parametrize("sentence, symbol", [
    # moj.gov.vn copy of a Prime Minister's directive of 2002 (dev set text 23)
    ("Thực hiện Nghị quyết 08/NQ -TW ngày 02/01/2002 của Bộ Chính trị về một số nhiệm vụ trọng tâm.", "08/NQ-TW"),
    # hethongphapluat.com copy of Công văn 630/BKHCN-KHTC of 2024 (dev set text 15)
    ("Tiếp theo Công văn số 938/BKHCN- KHTC ngày 06/4/2023 của Bộ Khoa học và Công nghệ.", "938/BKHCN-KHTC"),
])
def test_a_state_symbol_with_a_space_beside_its_hyphen(sentence, symbol):
    assert [r.symbol for r in refs_of(sentence)] == [symbol]
