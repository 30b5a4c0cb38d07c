"""Resolution as ordered evidence: each class of wrong edge, on the real sentence that showed it.

Sentences come from ``tests/resolution/cases.jsonl`` (its page is named there); made-up ones say so.
Each test runs the whole chain a build runs: a small document is extracted, then resolved against
the bundled catalog, and the decision's steps say why.
"""
from __future__ import annotations

import pytest

from kg.extract import extract_document
from kg.model import Extraction
from kg.read import normalise
from kg.resolve import load_catalog, resolve_corpus, resolve_file
from kg.resolve.identity import parse_body

CATALOG = load_catalog()


def document(sentence: str, date: str | None, header: tuple[str, ...] = ("BAN TUYÊN GIÁO TỈNH ỦY QUẢNG NAM",),
             symbol: str | None = None, name: str = "doc.txt") -> Extraction:
    """A small document around ``sentence``: header, number, place and date, title, body."""
    day = ""
    if date:
        y, m, d = date.split("-")
        day = f"Hà Nội, ngày {int(d)} tháng {int(m)} năm {y}"
    lines = [*header, "*", f"Số {symbol}" if symbol else "", "", "ĐẢNG CỘNG SẢN VIỆT NAM", day, "",
             "KẾ HOẠCH", "triển khai công tác năm", "", sentence, ""]
    text = normalise("\n".join(lines))
    _s, record, refs, links = extract_document(text)
    return Extraction(source=name, sha256=name.ljust(64, "0")[:64], document=record, references=refs, links=links)


def decision(ext: Extraction, words: str, catalog=CATALOG) -> tuple[str, str, float, list[str]]:
    """(key, method, confidence, evidence names) of the reference that begins with ``words``."""
    res = resolve_file(ext, catalog)
    i = next(k for k, r in enumerate(ext.references) if r.text.startswith(words))
    cited = next((c for c in res.citations if c.stated_in is None and i in c.references), None)
    key = cited.cited if cited else res.document.key
    return key, res.methods[i], cited.confidence if cited else 0.0, [s.evidence for s in res.steps[i]]


def test_a_candidate_dated_after_the_citing_document_is_never_chosen():
    # made-up date in the shape of c-034: a text of March 2022 citing 18-NQ/TW bare; term XIII's is of 16/6/2022
    ext = document("Tiếp tục thực hiện Nghị quyết số 18-NQ/TW, sắp xếp tổ chức bộ máy tinh gọn.", "2022-03-15")
    key, method, conf, steps = decision(ext, "Nghị quyết số 18-NQ/TW")
    assert key == "dang/TW/XII/NQ/18"
    assert steps[:2] == ["terms", "exists"] and conf < 0.9
    # the same words on the day term XIII's was issued cite term XIII's (a same-day citation can)
    assert decision(document("Thực hiện Nghị quyết số 18-NQ/TW.", "2022-06-16"), "Nghị quyết")[0] == "dang/TW/XIII/NQ/18"


def test_a_high_number_cited_early_in_a_term_is_the_previous_term_s():
    # c-018 (thoibaotaichinhvietnam.vn, 9/2/2026): term XIV had begun three weeks before
    ext = document("Văn phòng Chính phủ vừa ban hành Thông báo kết luận của Ban Chỉ đạo quốc gia triển khai "
                   "Nghị quyết số 68-NQ/TW của Bộ Chính trị tại Phiên họp lần thứ tư.", "2026-02-09")
    key, method, conf, steps = decision(ext, "Nghị quyết số 68-NQ/TW")
    assert key == "dang/TW/XIII/NQ/68"
    assert "register" in steps and conf < 0.9


def test_a_number_no_term_reached_stays_unresolved_with_the_reason():
    # made-up (o-036's shape): term XIII's NQ/TW register reached 80
    ext = document("Thực hiện Nghị quyết số 950-NQ/TW ngày 12/3/2023 của Bộ Chính trị về phát triển.", "2023-05-10")
    key, method, conf, steps = decision(ext, "Nghị quyết số 950-NQ/TW")
    assert key.startswith("ref/") and method == "unresolved" and conf == 0.0
    res = resolve_file(ext, CATALOG)
    note = next(d.note for d in res.cited if d.key == key)
    assert "beyond term XIII's register" in note


def test_a_number_without_its_code_resolves_by_its_subject():
    # c-022's shape: 'Nghị quyết số 57 của Bộ Chính trị về đột phá …'
    ext = document("Triển khai Nghị quyết 57 về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và "
                   "chuyển đổi số quốc gia.", "2025-03-01")
    key, method, conf, _ = decision(ext, "Nghị quyết 57")
    assert (key, method) == ("dang/TW/XIII/NQ/57", "number+subject") and conf >= 0.9
    # before 57-NQ/TW existed (22/12/2024) the same words resolve to nothing
    early = document("Triển khai Nghị quyết 57 về đột phá phát triển khoa học, công nghệ.", "2024-06-01")
    assert decision(early, "Nghị quyết 57")[0].startswith("ref/")


def test_a_type_word_that_fits_the_subject_corrects_a_misprinted_code():
    # c-043 (vienthongke.vn, 2021): 'Kết luận số 01-CT/TW … về tiếp tục thực hiện Chỉ thị 05-CT/TW'
    ext = document("triển khai Kết luận số 01-CT/TW của Bộ Chính trị khóa XIII về tiếp tục thực hiện Chỉ thị 05-CT/TW.",
                   "2021-06-12")
    key, method, conf, steps = decision(ext, "Kết luận số 01-CT/TW")
    assert (key, method, steps[-1]) == ("dang/TW/XIII/KL/1", "symbol+type-word", "type-word") and conf == 0.8


def test_khoa_in_figures_and_with_broken_diacritics_is_a_term():
    # c-046 (vovworld.vn): 'Chỉ thị 03-CT/TW của Bộ Chính trị khóa 11'; c-065: 'khỏá XÍĨ'
    assert decision(document("tổng kết 5 năm thực hiện Chỉ thị 03-CT/TW của Bộ Chính trị khóa 11 về học tập.",
                             "2016-05-16"), "Chỉ thị 03-CT/TW")[0] == "dang/TW/XI/CT/3"
    assert decision(document("Nghị qụỵết số 18-NQ/TW củá Bạn Chấp hành Trúng ương Đảng khỏá XÍĨ về sắp xếp.",
                             "2025-02-28"), "Nghị qụỵết số 18-NQ/TW")[0] == "dang/TW/XII/NQ/18"


def test_a_party_symbol_printed_in_the_state_form_is_a_party_symbol():
    # c-059: 'Nghị quyết 21/NQ-TW, ngày 25/10/2017 của BCH Trung ương Đảng'
    ext = document("Thực hiện Nghị quyết 21/NQ-TW, ngày 25/10/2017 của BCH Trung ương Đảng về công tác dân số.", "2019-01-01")
    assert decision(ext, "Nghị quyết 21/NQ-TW")[0] == "dang/TW/XII/NQ/21"


def test_a_plenum_row_that_learns_its_number_is_one_document():
    # XI:7's dân vận resolution: unnumbered in a catalog, '25-NQ/TW ngày 3/6/2013 … Hội nghị Trung ương 7 khóa XI' in a text
    from kg.model import Description, Document
    from kg.resolve import Catalog

    catalog = Catalog()
    title = "Tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới"
    catalog.add(Document(key="dang/TW/XI/NQ/plenum-7-tang-cuong", kind="document", level="central", type="NQ",
                         term="XI", plenum=7, descriptions=[Description(source="catalog:x.csv:2", origin="catalog",
                                                                         term="XI", plenum=7, title=title)]))
    text = document("Thực hiện Nghị quyết số 25-NQ/TW ngày 3/6/2013 của Hội nghị Trung ương 7 khóa XI về tăng cường và "
                    "đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới.", "2014-01-01", name="a.txt")
    plenum = document("Quán triệt Nghị quyết Trung ương 7 khóa XI về tăng cường và đổi mới sự lãnh đạo của Đảng đối với "
                      "công tác dân vận trong tình hình mới.", "2014-02-01", name="b.txt")
    a, b = resolve_corpus([text, plenum], catalog)
    assert {c.cited for c in a.citations} == {c.cited for c in b.citations} == {"dang/TW/XI/NQ/25"}


PROVINCES = ("THỪA THIÊN HUẾ", "NGHỆ AN", "QUẢNG NAM")


def test_three_provinces_keep_three_ban_to_chuc_and_three_tinh_uy_resolutions():
    # made-up documents in the header shape of the issue: ĐẢNG BỘ TỈNH X / BAN TỔ CHỨC TỈNH ỦY
    files = [document("Thực hiện Nghị quyết số 05-NQ/TU của Ban Thường vụ Tỉnh ủy về công tác cán bộ.", "2023-03-10",
                      header=(f"ĐẢNG BỘ TỈNH {p}", "BAN TỔ CHỨC TỈNH ỦY"), symbol="12-KH/BTCTU", name=f"{i}.txt")
             for i, p in enumerate(PROVINCES)]
    resolved = resolve_corpus(files, CATALOG)
    own = [r.document.key for r in resolved]
    cited = [[c.cited for c in r.citations] for r in resolved]
    assert own == ["dang/BTCTU@thua-thien-hue/2023/KH/12", "dang/BTCTU@nghe-an/2023/KH/12",
                   "dang/BTCTU@quang-nam/2023/KH/12"]
    assert cited == [["dang/TU@thua-thien-hue/2023/NQ/5"], ["dang/TU@nghe-an/2023/NQ/5"], ["dang/TU@quang-nam/2023/NQ/5"]]


def test_a_district_s_unqualified_tinh_uy_symbol_is_its_own_province_s():
    ext = document("Thực hiện Nghị quyết số 05-NQ/TU của Ban Thường vụ Tỉnh ủy về phát triển nông nghiệp.", "2022-04-01",
                   header=("ĐẢNG BỘ TỈNH NGHỆ AN", "HUYỆN ỦY NAM ĐÀN"), symbol="20-KH/HU")
    res = resolve_file(ext, CATALOG)
    assert res.document.key == "dang/HU@nghe-an-nam-dan/2022/KH/20"
    assert [c.cited for c in res.citations] == ["dang/TU@nghe-an/2022/NQ/5"]


def test_a_body_whose_place_cannot_be_told_is_its_own_node():
    ext = document("Thực hiện Nghị quyết số 05-NQ/TU của Ban Thường vụ Tỉnh ủy.", "2023-03-10",
                   header=("BAN TỔ CHỨC TỈNH ỦY",), symbol="12-KH/BTCTU")
    res = resolve_file(ext, CATALOG)
    assert res.document.key.startswith("file/")
    assert all(c.cited.startswith("ref/") for c in res.citations)


@pytest.mark.parametrize("name, register, province", [
    ("Ban Tổ chức Tỉnh ủy Đảng bộ tỉnh Thừa Thiên Huế", "BTCTU@thua-thien-hue", "thua-thien-hue"),
    ("Huyện ủy Nam Đàn tỉnh Nghệ An", "HU@nghe-an-nam-dan", "nghe-an"),
    ("Quận ủy Ba Đình thành phố Hà Nội", "QU@ha-noi-ba-dinh", "ha-noi"),
    ("Tỉnh ủy Thanh Hóa", "TU@thanh-hoa", "thanh-hoa"),
])
def test_a_header_s_two_lines_give_the_body_and_its_place(name, register, province):
    body = parse_body(name)
    assert body is not None and (body.register, body.province_slug) == (register, province)


def test_a_state_body_of_a_province_cites_its_province_s_tinh_uy():
    # o-050 (UBND tỉnh Vĩnh Phúc, 2007): 'Nghị quyết số 05- NQ/TU ngày 01/11/2007 của Ban Thường vụ Tỉnh ủy'
    ext = document("Thực hiện Nghị quyết số 05-NQ/TU ngày 01/11/2007 của Ban Thường vụ Tỉnh ủy về phát triển.",
                   "2007-12-01", header=("ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC",))
    key, _m, conf, _s = decision(ext, "Nghị quyết số 05-NQ/TU")
    assert key == "dang/TU@vinh-phuc/2007/NQ/5" and conf == 0.85


def test_every_decision_says_why_in_order():
    ext = document("Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 và Nghị quyết số 18-NQ/TW.", "2019-01-01")
    res = resolve_file(ext, CATALOG)
    assert all(steps and all(s.why for s in steps) for steps in res.steps)
    assert res.steps[0][0].evidence == "date"


def test_a_symbol_written_without_its_hyphen_is_read():
    # c-007 (a 2007 plan of the Hội Liên hiệp Phụ nữ): 'Chỉ thị số 06 CT/TW ngày 7/11/2006 của Bộ Chính trị'
    ext = document("Thực hiện Chỉ thị số 06 CT/TW ngày 7/11/2006 của Bộ Chính trị về tổ chức cuộc vận động.", "2007-05-07")
    assert decision(ext, "Chỉ thị số 06 CT/TW")[:2] == ("dang/TW/X/CT/6", "symbol+date")
    # o-048 (UBND tỉnh Hà Tĩnh, 2007): 'văn bản số 10KL/TU ngày 01/11/2007'
    glued = document("Căn cứ kết luận của Ban Thường vụ Tỉnh ủy Hà Tĩnh tại văn bản số 10KL/TU ngày 01/11/2007;",
                     "2007-11-14", header=("ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"))
    assert [r.symbol for r in glued.references if r.kind == "symbol"] == ["10-KL/TU"]
    # dates, state symbols and lower-case words stay what they are
    plain = document("Theo Quyết định số 456/QĐ-TTg ngày 19/5/2018 và Luật số 12/2024/QH15, báo cáo 5 năm/lần.", "2019-01-01")
    assert not [r for r in plain.references if r.kind == "symbol"]


def test_a_plenum_named_with_its_symbol_in_parentheses_is_that_document():
    # o-034 (tuoitre.vn, 12/6/2014): the plenum's own naming, its number in brackets
    ext = document("Ngày 9-6, Tổng bí thư Nguyễn Phú Trọng đã ký ban hành nghị quyết Hội nghị lần thứ 9 Ban Chấp hành "
                   "Trung ương Đảng khóa XI (nghị quyết số 33-NQ/TW) về xây dựng và phát triển văn hóa, con người "
                   "Việt Nam", "2014-06-12")
    key, method, conf, _ = decision(ext, "nghị quyết Hội nghị lần thứ 9")
    assert (key, method, conf) == ("dang/TW/XI/NQ/33", "plenum+symbol", 0.95)
    # a symbol in parentheses after a list is not the plenum's: made up
    listed = document("thực hiện Nghị quyết Trung ương 9 khóa XI, Nghị quyết Trung ương 4 khóa XII (Nghị quyết số "
                      "04-NQ/TW) và các văn bản", "2017-03-01")
    assert decision(listed, "Nghị quyết Trung ương 9")[1] != "plenum+symbol"
    # the symbol of another plenum's document does not name this plenum's: made up (33-NQ/TW is of plenum 9)
    other = document("theo Nghị quyết Hội nghị Trung ương 7 khóa XI (Nghị quyết số 33-NQ/TW) về văn hóa", "2014-07-01")
    assert decision(other, "Nghị quyết Hội nghị Trung ương 7")[1] != "plenum+symbol"


def test_a_province_s_own_congress_is_that_province_s_and_never_a_guess():
    # o-051 (Tỉnh ủy Quảng Nam, 2016) and o-052 (Đảng bộ tỉnh Tiền Giang, 15/10/2020)
    quang_nam = document("bổ sung, hoàn thiện chương trình hành động, kế hoạch thực hiện Nghị quyết Đại hội lần thứ XXI "
                         "Đảng bộ tỉnh và Nghị quyết Đại hội lần thứ XII của Đảng gắn với nhiệm vụ", "2016-03-10",
                         header=("TỈNH ỦY QUẢNG NAM",), symbol="05-KH/TU")
    key, method, conf, _ = decision(quang_nam, "Nghị quyết Đại hội lần thứ XXI")
    assert (key, method) == ("congress/TU@quang-nam/XXI", "local-congress") and conf >= 0.9
    assert decision(quang_nam, "Nghị quyết Đại hội lần thứ XII")[0] == "congress/XII"  # the national one stays national
    tien_giang = document("Tán thành những nội dung về đánh giá kết quả lãnh đạo thực hiện Nghị quyết Đại hội đại biểu "
                          "Đảng bộ tỉnh lần thứ X, nhiệm kỳ 2015 - 2020", "2020-10-15", header=("ĐẢNG BỘ TỈNH TIỀN GIANG",))
    assert decision(tien_giang, "Nghị quyết Đại hội đại biểu")[0] == "congress/TU@tien-giang/X"
    # o-059: a ward's header names no province, but one ward only is called Long Hoa (Hòa Thành, Tây Ninh)
    sentence = "quyết tâm thực hiện thắng lợi Nghị quyết Đại hội XI Đảng bộ tỉnh và Nghị quyết Đại hội XIII của Đảng."
    ward = document(sentence, "2025-03-01", header=("ĐẢNG ỦY PHƯỜNG LONG HOA",))
    assert decision(ward, "Nghị quyết Đại hội XI")[:2] == ("congress/TU@tay-ninh/XI", "local-congress")
    # a commune's name that several provinces share tells none: left unresolved, never put in another province
    shared = document(sentence, "2025-03-01", header=("ĐẢNG ỦY XÃ HÒA BÌNH",))
    key, method, _, _ = decision(shared, "Nghị quyết Đại hội XI")
    assert method == "unresolved" and not key.startswith("congress/")


def test_a_plenum_with_one_resolution_on_record_resolves_without_a_subject():
    # o-033 (gialaitv.vn, 19/3/2015); XI:10 issued one resolution (kg/rules/resolve.json names the page)
    ext = document("Tỉnh ủy tổ chức hội nghị cán bộ toàn tỉnh nghiên cứu, quán triệt Nghị quyết Hội nghị lần thứ Mười "
                   "Ban chấp hành Trung ương Đảng khóa XI.", "2015-03-19", header=("TỈNH ỦY GIA LAI",))
    key, method, conf, _ = decision(ext, "Nghị quyết Hội nghị lần thứ Mười")
    doc = CATALOG.get(key)
    assert method == "plenum+single" and conf == 0.9 and (doc.term, doc.plenum) == ("XI", 10)
    # XII:7 issued three resolutions (26-, 27-, 28-NQ/TW): without a subject it stays unresolved
    seven = document("quán triệt Nghị quyết Hội nghị Trung ương 7 khóa XII.", "2018-07-01", header=("TỈNH ỦY GIA LAI",))
    assert decision(seven, "Nghị quyết Hội nghị Trung ương 7")[1] == "unresolved"


def test_the_year_written_with_a_number_places_it_in_its_term():
    # c-054 (Tuổi Trẻ, 27/11/2024): 2017 lies in term XII, although the text is of term XIII, which has its own 18-NQ/TW
    ext = document("Nhìn lại 7 năm thực hiện nghị quyết 18/2017 của Trung ương về sắp xếp tổ chức bộ máy, cá nhân ông "
                   "nhìn nhận thế nào về kết quả đạt được?", "2024-11-27")
    key, method, conf, steps = decision(ext, "nghị quyết 18/2017")
    assert key == "dang/TW/XII/NQ/18" and conf == 0.95 and "year" in steps


def test_a_province_s_state_bodies_are_that_province_s():
    # o-012's citing document (Quyết định 2966/QĐ-UBND, Ủy ban nhân dân tỉnh Hà Tĩnh, 14/11/2007) and made-up citations
    ext = document("Căn cứ Quyết định số 1234/QĐ-UBND ngày 01/10/2007 của Ủy ban nhân dân tỉnh; Căn cứ Quyết định số "
                   "12/QĐ-UBND ngày 14/1/2007 của Ủy ban nhân dân tỉnh Nghệ An;", "2007-11-14",
                   header=("ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"), symbol="2966/QĐ-UBND")
    res = resolve_file(ext, CATALOG)
    assert res.document.key == "nha-nuoc/UBND@ha-tinh/2007/QĐ/2966"
    assert decision(ext, "Quyết định số 1234/QĐ-UBND")[0] == "nha-nuoc/UBND@ha-tinh/2007/QĐ/1234"
    assert decision(ext, "Quyết định số 12/QĐ-UBND")[0] == "nha-nuoc/UBND@nghe-an/2007/QĐ/12"
    # a national body's paper citing a province's decision without naming the province: not placed anywhere
    ttg = document("Căn cứ Quyết định số 1234/QĐ-UBND ngày 01/10/2007 của Ủy ban nhân dân tỉnh;", "2012-06-15",
                   header=("THỦ TƯỚNG CHÍNH PHỦ",), symbol="719/QĐ-TTg")
    assert decision(ttg, "Quyết định số 1234/QĐ-UBND")[1] == "unresolved"
    assert resolve_file(ttg, CATALOG).document.key == "nha-nuoc/TTg/2012/QĐ/719"


def test_a_law_cited_by_name_and_date_is_one_document():
    # Nghị quyết 14/NQ-CP (8/2/2023), data/dev/real-texts/03
    ext = document("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;", "2023-02-08", header=("CHÍNH PHỦ",),
                   symbol="14/NQ-CP")
    key, method, conf, _ = decision(ext, "Luật Tổ chức Chính phủ")
    assert (key, method, conf) == ("nha-nuoc/QH/2015-06-19/L/luat-to-chuc-chinh-phu", "law-name+date", 1.0)
