"""Identity: register (with local bodies), scope, method and confidence, each rule on the sentence that needed it.

References are built by hand from the corpus's real sentences, so that these tests are about
resolution whatever the reference finder reports today.
"""
from __future__ import annotations

import pytest

from kg.model import Copy, Extraction, Record, Reference
from kg.resolve import load_catalog, resolve_corpus, resolve_file
from kg.resolve.identity import confidence, local_register, parse_body, self_document

CATALOG = load_catalog()
ĐUK_HUE = "Ban Chấp hành Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh Thừa Thiên Huế"
ĐUK_HUE_REGISTER = "ĐUK@thua-thien-hue-khoi-co-quan-va-doanh-nghiep"


def R(kind: str, text: str, sentence: str | None = None, **kw) -> Reference:
    """A reference as the finder reports it (offsets are set by ``E``)."""
    return Reference(kind=kind, text=text, start=0, end=0, full_start=0, full_end=0,
                     sentence=sentence or text, **kw)


def E(refs: list[Reference], source: str = "doc.txt", sha: str = "a" * 64, **record) -> Extraction:
    """An extraction of ``refs`` (placed one after another) under a record with ``record``'s fields."""
    for i, r in enumerate(refs):
        r.start, r.end = i * 1000, i * 1000 + len(r.text)
        r.full_start, r.full_end = r.start, r.end
    return Extraction(source=source, sha256=sha, document=Record(**record), references=refs)


def keys(extraction: Extraction, catalog=CATALOG) -> list[tuple[str, str]]:
    """(cited key, method) for each reference of a resolved file."""
    res = resolve_file(extraction, catalog)
    by_ref = {i: c.cited for c in res.citations if c.stated_in is None for i in c.references}
    return [(by_ref.get(i, res.document.key), m) for i, m in enumerate(res.methods)]


def citation(extraction: Extraction, key: str, catalog=CATALOG):
    res = resolve_file(extraction, catalog)
    return next(c for c in res.citations if c.cited == key and c.stated_in is None)


# --- bodies ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, code, register", [
    (ĐUK_HUE, "ĐUK", ĐUK_HUE_REGISTER),  # 004's issuer
    ("Tỉnh ủy Bình Định", "TU", "TU@binh-dinh"),  # 001's copy 686-SY/TU
    ("Huyện ủy Tuy Phước", "HU", "HU@binh-dinh-tuy-phuoc"),  # 001's copy 172-BS/HU: the one Tuy Phước is Bình Định's
    ("HUYỆN ỦY LỤC NAM", "HU", "HU@bac-giang-luc-nam"),  # resolution case o-057 (lucnam.bacgiang.gov.vn)
    ("Đảng ủy phường Long Hoa", "ĐU", "ĐU@tay-ninh-hoa-thanh-long-hoa"),  # o-059 (phuonglonghoa.tayninh.gov.vn)
    ("Huyện ủy Châu Thành", "HU", "HU@chau-thanh"),  # ten provinces have a Châu Thành: the name tells none
    ("Huyện ủy Châu Thành tỉnh Tiền Giang", "HU", "HU@tien-giang-chau-thanh"),
    ("Văn phòng Tỉnh ủy Quảng Ngãi", "VPTU", "VPTU@quang-ngai"),  # 003's copy 336-BS/VPTU
    ("Ban Thường vụ Tỉnh ủy Bà Rịa - Vũng Tàu", "TU", "TU@ba-ria-vung-tau"),
    ("Đảng ủy Khối", "ĐUK", None),  # 004 '158-KL/ĐUK … của Đảng ủy Khối': no place named
])
def test_a_local_body_is_read_from_its_name(name, code, register):
    body = parse_body(name)
    assert body is not None and body.code == code
    assert body.register == register


def test_central_bodies_are_not_local_bodies():
    assert parse_body("Ban Tổ chức Trung ương") is None
    assert parse_body("Ban Chấp hành Trung ương") is None


def test_a_local_symbol_without_its_body_belongs_to_the_citing_body_or_its_superior():
    hue = parse_body(ĐUK_HUE)
    assert local_register("ĐUK", "Đảng ủy Khối", hue) == (ĐUK_HUE_REGISTER, "own")
    assert local_register("TU", None, hue) == ("TU@thua-thien-hue", "superior")
    assert local_register("TU", "Tỉnh ủy Bình Định", hue) == ("TU@binh-dinh", "named")
    assert local_register("HU", None, hue) == (None, "unknown")  # neither its own body nor its superior
    assert local_register("ĐUK", None, None) == (None, "unknown")


# --- 004: a local register and a local term --------------------------------------------------

TITLE_004 = ("*về thực hiện Kết luận số 158-KL/ĐUK, ngày 17/7/2018 của Đảng ủy Khối khóa VI về tiếp tục nâng cao "
             "năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ cán bộ, đảng viên*")


def _004(*extra: Reference, issuer: str = ĐUK_HUE) -> Extraction:
    refs = [
        R("symbol", "Kết luận số 158-KL/ĐUK", TITLE_004, symbol="158-KL/ĐUK", type="KL", type_word="Kết luận",
          number=158, issuer_code="ĐUK", term="VI", date="2018-07-17", issuer="Đảng ủy Khối",
          title="tiếp tục nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng"),
        R("symbol", "Kết luận số 158-KL/ĐUK", "I. Sau 5 năm thực hiện Kết luận số 158-KL/ĐUK, nhìn chung đã đạt được …",
          symbol="158-KL/ĐUK", type="KL", type_word="Kết luận", number=158, issuer_code="ĐUK", issuer="Đảng ủy Khối"),
        *extra,
    ]
    return E(refs, source="004.txt", type="KL", type_word="Kết luận", issuer=issuer)


def test_004_local_symbol_is_the_provincial_duk_of_its_own_term_vi():
    (long, m1), (short, m2) = keys(_004())
    assert long == short == f"dang/{ĐUK_HUE_REGISTER}/VI/KL/158"
    assert (m1, m2) == ("symbol+term", "symbol+same-file")
    # 'khóa VI' is the Đảng ủy Khối's own term, scoping its local register, not Central Committee term VI
    assert "dang/TW/VI" not in long


def test_the_same_local_symbol_of_another_province_is_another_document():
    other = "Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh Quảng Ngãi"
    (hue, _), _ = keys(_004())
    (ngai, _), _ = keys(_004(issuer=other))
    assert hue != ngai and ngai.startswith("dang/ĐUK@quang-ngai-khoi")


def test_a_local_symbol_cited_by_a_central_document_stays_unresolved():
    ext = E([R("symbol", "Kết luận số 158-KL/ĐUK", symbol="158-KL/ĐUK", type="KL", number=158,
               issuer_code="ĐUK", date="2018-07-17")], issuer="Ban Tổ chức Trung ương", date="2024-01-11")
    ((key, method),) = keys(ext)
    assert method == "unresolved" and key.startswith("ref/" + "a" * 64 + "/0")


def test_a_superior_body_s_symbol_cited_by_a_duk_is_its_province_s_tinh_uy():
    ext = _004(R("symbol", "Nghị quyết số 05-NQ/TU", symbol="05-NQ/TU", type="NQ", number=5, issuer_code="TU",
                 date="2021-01-10"))
    assert keys(ext)[2] == ("dang/TU@thua-thien-hue/2021/NQ/5", "symbol+date")
    assert citation(ext, "dang/TU@thua-thien-hue/2021/NQ/5").confidence == pytest.approx(0.9)  # superior body


# --- central scope: date, khóa, plenum, subject, corpus, catalog, citing date ------------------

SENTENCE_003_11 = ("nổi bật là đã tham mưu Ban Chấp hành Trung ương ban hành Quy định số 24-QĐ/TW, ngày 30/7/2021 về "
                   "Thi hành Điều lệ Đảng, Ban Bí thư ban hành Hướng dẫn số 01-HD/TW, ngày 28/9/2021 với nội dung cơ bản "
                   "kế thừa Quy định số 29-QĐ/TW và Hướng dẫn số 01-HD/TW của khóa XII, có sửa đổi, bổ sung")


def test_003_the_two_01_hd_tw_are_two_documents():
    s = SENTENCE_003_11
    ext = E([
        R("symbol", "Quy định số 24-QĐ/TW", s, symbol="24-QĐ/TW", type="QĐ", number=24, issuer_code="TW",
          date="2021-07-30", issuer="Ban Chấp hành Trung ương", title="Thi hành Điều lệ Đảng"),
        R("symbol", "Hướng dẫn số 01-HD/TW", s, symbol="01-HD/TW", type="HD", number=1, issuer_code="TW",
          date="2021-09-28", issuer="Ban Bí thư"),
        R("symbol", "Quy định số 29-QĐ/TW", s, symbol="29-QĐ/TW", type="QĐ", number=29, issuer_code="TW", term="XII"),
        R("symbol", "Hướng dẫn số 01-HD/TW", s, symbol="01-HD/TW", type="HD", number=1, issuer_code="TW", term="XII"),
    ], source="003.txt", type="TB", issuer="Ban Tổ chức Trung ương")
    got = keys(ext)
    assert got[1] == ("dang/TW/XIII/HD/1", "symbol+date")
    assert got[3] == ("dang/TW/XII/HD/1", "symbol+term")
    res = resolve_file(ext, CATALOG)
    assert len({d.key for d in res.cited if d.identity and d.identity.type == "HD"}) == 2
    assert citation(ext, "dang/TW/XIII/HD/1").confidence == 1.0
    assert citation(ext, "dang/TW/XII/HD/1").confidence == 0.95


@pytest.mark.parametrize("date, term", [("2017-10-25", "XII"), ("2022-06-16", "XIII")])
def test_18_nq_tw_by_its_own_date(date, term):
    # 003 footnote ⁴ 'Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII'
    ext = E([R("symbol", "Nghị quyết số 18-NQ/TW", symbol="18-NQ/TW", type="NQ", number=18, issuer_code="TW",
               date=date)], date="2024-01-11")
    assert keys(ext) == [(f"dang/TW/{term}/NQ/18", "symbol+date")]


def test_001_21_nq_tw_without_date_is_the_citing_term_s():
    # 001 line 77 'Nghị quyết số 21-NQ/TW' in a document of 11/01/2024: the 2022 resolution, not the 2017 one
    ext = E([R("symbol", "Nghị quyết số 21-NQ/TW",
               "Kế hoạch số 07-KH/TW ngày 17/8/2022 thực hiện Nghị quyết số 21-NQ/TW", symbol="21-NQ/TW",
               type="NQ", number=21, issuer_code="TW")], date="2024-01-11")
    assert keys(ext) == [("dang/TW/XIII/NQ/21", "symbol+citing-date")]
    assert citation(ext, "dang/TW/XIII/NQ/21").confidence == 0.7


def test_001_21_nq_tw_with_its_subject_matches_the_catalog_title():
    ext = E([R("symbol", "Nghị quyết số 21-NQ/TW", symbol="21-NQ/TW", type="NQ", number=21, issuer_code="TW",
               title="tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên")],
            date="2024-01-11")
    assert keys(ext) == [("dang/TW/XIII/NQ/21", "symbol+subject")]


def test_003_205_qd_tw_in_an_undated_text_by_its_subject():
    # 003 'Quy định số 205-QĐ/TW của Bộ Chính trị về kiểm soát quyền lực …' (the text has no date of its own)
    ext = E([R("symbol", "Quy định số 205-QĐ/TW", symbol="205-QĐ/TW", type="QĐ", number=205, issuer_code="TW",
               issuer="Bộ Chính trị", title="kiểm soát quyền lực và chống chạy chức, chạy quyền trong công tác cán bộ")],
            source="003.txt", type="TB")
    assert keys(ext) == [("dang/TW/XII/QĐ/205", "symbol+subject")]


def test_001_21_kl_tw_by_its_plenum():
    # 001 'Kết luận số 21-KL/TW … tại Hội nghị Trung ương 4' (no date): the catalog's plenum-4 conclusion of XIII
    ext = E([R("symbol", "Kết luận số 21-KL/TW", symbol="21-KL/TW", type="KL", number=21, issuer_code="TW",
               plenum=4, issuer="Hội nghị Trung ương 4")], date="2024-01-11")
    assert keys(ext) == [("dang/TW/XIII/KL/21", "symbol+plenum")]


def test_000_36_ct_tw_is_the_one_term_the_checked_catalog_knows():
    # 000 (22/01/2018) 'Tham mưu tổng kết Chỉ thị 36-CT/TW của Bộ Chính trị': the 2014 directive (term XI)
    ext = E([R("symbol", "Chỉ thị 36-CT/TW", symbol="36-CT/TW", type="CT", number=36, issuer_code="TW",
               issuer="Bộ Chính trị")], date="2018-01-22")
    assert keys(ext) == [("dang/TW/XI/CT/36", "symbol+catalog")]


def test_001_a_short_mention_takes_the_long_mention_s_term_in_the_same_text():
    s = ("Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XII …; "
         "tiếp tục thực hiện Nghị quyết số 26-NQ/TW")
    ext = E([
        R("symbol", "Nghị quyết số 26-NQ/TW", s, symbol="26-NQ/TW", type="NQ", number=26, issuer_code="TW",
          date="2018-05-19", term="XII", plenum=7, issuer="Ban Chấp hành Trung ương"),
        R("symbol", "Nghị quyết số 26-NQ/TW", s, symbol="26-NQ/TW", type="NQ", number=26, issuer_code="TW"),
    ], date="2024-01-11")
    assert keys(ext) == [("dang/TW/XII/NQ/26", "symbol+date"), ("dang/TW/XII/NQ/26", "symbol+same-file")]


def test_an_undated_text_is_scoped_by_what_it_cites_and_its_copies():
    # 003 has no date; it cites 01-HD/TW of 28/9/2021 and was copied on 13/10/2021: both in term XIII
    ext = E([
        R("symbol", "Hướng dẫn số 01-HD/TW", symbol="01-HD/TW", type="HD", number=1, issuer_code="TW", date="2021-09-28"),
        R("symbol", "Thông báo số 20-TB/TW", symbol="20-TB/TW", type="TB", number=20, issuer_code="TW"),
    ], source="003.txt", type="TB",
        copies=[Copy(kind="sao lục", symbol="336-BS/VPTU", org="Văn phòng Tỉnh ủy Quảng Ngãi", place="Quảng Ngãi",
                     date="2021-10-13", signer=None)])
    assert keys(ext)[1] == ("dang/TW/XIII/TB/20", "symbol+citing-bounds")
    assert citation(ext, "dang/TW/XIII/TB/20").confidence == 0.6


def test_without_any_date_a_bare_symbol_stays_unresolved():
    ext = E([R("symbol", "Thông báo số 20-TB/TW", symbol="20-TB/TW", type="TB", number=20, issuer_code="TW")])
    ((key, method),) = keys(ext)
    assert method == "unresolved" and key == "ref/" + "a" * 64 + "/0"


# --- corpus growth ---------------------------------------------------------------------------

def _long_26() -> Extraction:
    return E([R("symbol", "Nghị quyết số 26-NQ/TW", symbol="26-NQ/TW", type="NQ", number=26, issuer_code="TW",
                date="2018-05-19", issuer="Ban Chấp hành Trung ương")], source="a.txt", sha="a" * 64, date="2024-01-11")


def _short_26() -> Extraction:
    return E([R("symbol", "Nghị quyết số 26-NQ/TW", symbol="26-NQ/TW", type="NQ", number=26, issuer_code="TW")],
             source="b.txt", sha="b" * 64, date="2023-06-01")


def test_a_short_mention_resolves_by_another_text_s_long_mention_of_the_same_term():
    # alone, b.txt (2023) would take its own term XIII; a.txt, also written in term XIII, says 26-NQ/TW is of 2018
    assert keys(_short_26()) == [("dang/TW/XIII/NQ/26", "symbol+citing-date")]
    a, b = resolve_corpus([_long_26(), _short_26()], CATALOG)
    assert b.methods == ["symbol+corpus"]
    assert b.citations[0].cited == "dang/TW/XII/NQ/26" and b.citations[0].confidence == 0.8
    assert any(d.origin == "corpus-catalog" for d in a.cited[0].descriptions)


def test_corpus_resolution_does_not_depend_on_file_order():
    def summary(results):
        return {r.extraction.source: ([(c.cited, c.method, c.confidence) for c in r.citations], r.methods)
                for r in results}

    forward = summary(resolve_corpus([_long_26(), _short_26(), _004()], CATALOG))
    backward = summary(resolve_corpus([_004(), _short_26(), _long_26()], CATALOG))
    assert forward == backward


def test_resolve_corpus_leaves_the_given_catalog_as_it_was():
    before = len(CATALOG)
    resolve_corpus([_long_26(), _004()], CATALOG)
    assert len(CATALOG) == before and not CATALOG.mentions


# --- state documents -------------------------------------------------------------------------

def test_state_documents_are_scoped_by_year():
    ext = E([
        R("state", "Nghị định số 30/2020/NĐ-CP", symbol="30/2020/NĐ-CP", type="NĐ", number=30, issuer_code="CP", year=2020),
        R("state", "Nghị quyết số 119/NQ-CP", symbol="119/NQ-CP", type="NQ", number=119, issuer_code="CP"),
    ], date="2024-01-11")
    got = keys(ext)
    assert got[0] == ("nha-nuoc/CP/2020/NĐ/30", "state+date")
    assert got[1] == ("nha-nuoc/CP/2024/NQ/119", "state+citing-date")  # no year: the citing year, less sure
    assert citation(ext, "nha-nuoc/CP/2024/NQ/119").confidence < citation(ext, "nha-nuoc/CP/2020/NĐ/30").confidence
    res = resolve_file(ext, CATALOG)
    assert {d.level for d in res.cited} == {"state"}


# --- numbers without an issuer code ----------------------------------------------------------

SENTENCE_004_28 = ("gắn với Chỉ thị 05 của Bộ Chính trị (khóa XII) về *đẩy mạnh học tập và làm theo tư tưởng, "
                   "đạo đức, phong cách Hồ Chí Minh*")


def test_004_chi_thi_05_of_the_politburo_khoa_xii_is_05_ct_tw_of_term_xii():
    ext = E([
        R("number", "Chỉ thị 05 của Bộ Chính trị (khóa XII)", SENTENCE_004_28, type="CT", type_word="Chỉ thị",
          number=5, term="XII", issuer="Bộ Chính trị"),
        R("number", "Chỉ thị 05 của Bộ Chính trị", "Kết luận 21-KL/TW … gắn với Chỉ thị 05 của Bộ Chính trị",
          type="CT", type_word="Chỉ thị", number=5, issuer="Bộ Chính trị"),
    ], source="004.txt", issuer=ĐUK_HUE)
    assert keys(ext) == [("dang/TW/XII/CT/5", "number+term"), ("dang/TW/XII/CT/5", "number+same-file")]


def test_a_number_without_issuer_resolves_only_by_the_same_text_s_symbol():
    bare = R("number", "Nghị quyết 18", type="NQ", type_word="Nghị quyết", number=18)
    assert keys(E([bare]))[0][1] == "unresolved"
    full = R("symbol", "Nghị quyết số 18-NQ/TW", symbol="18-NQ/TW", type="NQ", number=18, issuer_code="TW",
             date="2017-10-25")
    bare = R("number", "Nghị quyết 18", type="NQ", type_word="Nghị quyết", number=18)
    assert keys(E([full, bare]))[1] == ("dang/TW/XII/NQ/18", "number+same-file")


# --- own document and copies -----------------------------------------------------------------

def test_own_document_key_is_its_identity_or_the_file_hash():
    own = self_document(E([], symbol="04-KL/BTCTW", type="KL", number=4, issuer_code="BTCTW", date="2018-01-22"))
    assert own.key == "dang/BTCTW/XII/KL/4"
    assert self_document(E([], type="TB", issuer="Ban Tổ chức Trung ương")).key == "file/" + "a" * 64


def test_copies_are_documents_of_the_copying_body_and_not_citations():
    copies = [
        Copy(kind="sao y", symbol="686-SY/TU", org="Tỉnh ủy Bình Định", place="Bình Định", date="2024-02-19",
             signer="Nguyễn Trung Kiên"),
        Copy(kind="sao lục", symbol="172-BS/HU", org="Huyện ủy Tuy Phước", place="Tuy Phước", date="2024-02-23",
             signer="Đặng Thị Bích Dâng"),
    ]
    res = resolve_file(E([], symbol="09-KL/BTCTW", type="KL", number=9, issuer_code="BTCTW", date="2024-01-11",
                         copies=copies), CATALOG)
    assert [c.key for c in res.copies] == ["dang/TU@binh-dinh/2024/SY/686", "dang/HU@binh-dinh-tuy-phuoc/2024/BS/172"]
    assert {c.kind for c in res.copies} == {"copy"}
    assert res.citations == [] and res.cited == []


def test_confidence_falls_with_weaker_evidence():
    order = ["date", "term", "plenum", "corpus", "catalog", "citing-date", "citing-bounds", "citing-bound", "unresolved"]
    values = [confidence(e) for e in order]
    assert values == sorted(values, reverse=True) and values[0] == 1.0 and values[-1] == 0.0


def test_a_text_naming_its_own_number_does_not_cite_itself():
    ext = E([R("symbol", "Kết luận số 04-KL/BTCTW", symbol="04-KL/BTCTW", type="KL", number=4, issuer_code="BTCTW",
               date="2018-01-22")], symbol="04-KL/BTCTW", type="KL", number=4, issuer_code="BTCTW", date="2018-01-22")
    res = resolve_file(ext, CATALOG)
    assert res.methods == ["self"] and res.citations == [] and res.cited == []


def test_a_date_line_without_its_day_bounds_the_citing_document():
    # baomoi.com (Thành ủy Hà Nội, 2013): 'Thành ủy Hà Nội đã ban hành Chương trình hành động số 23-CTr/TU'
    ext = E([R("symbol", "Chương trình hành động số 23-CTr/TU", symbol="23-CTr/TU", type="CTr", number=23,
               issuer_code="TU")], issuer="Thành ủy Hà Nội", date_part="2013")
    assert keys(ext) == [("dang/TU@ha-noi/2013/CTr/23", "symbol+citing-bounds")]


def test_a_provincial_paper_places_its_text_in_its_province():
    # baoninhthuan.com.vn, 2016 (resolution case o-053): 'Ban Chấp hành Đảng bộ tỉnh khóa XIII đã ban hành Nghị quyết
    # số 10-NQ/TU' in the Báo Ninh Thuận
    ext = E([R("symbol", "Nghị quyết số 10-NQ/TU", symbol="10-NQ/TU", type="NQ", number=10, issuer_code="TU",
               issuer="Tỉnh ủy")], issuer="Báo Ninh Thuận", date="2016-11-20")
    assert keys(ext) == [("dang/TU@ninh-thuan/2016/NQ/10", "symbol+citing-date")]


def test_a_number_of_a_named_provincial_commission_is_its_province_s():
    # lucnam.bacgiang.gov.vn (Huyện ủy Lục Nam, 2015; case o-057): 'Thực hiện hướng dẫn số 02 ngày 30/10/2015 của
    # Ban tuyên giáo tỉnh ủy'
    ext = E([R("number", "hướng dẫn số 02", type="HD", number=2, date="2015-10-30", issuer="Ban tuyên giáo tỉnh ủy")],
            issuer="Huyện ủy Lục Nam", date="2015-11-10")
    assert keys(ext) == [("dang/BTGTU@bac-giang/2015/HD/2", "number+date")]


def test_a_year_before_the_first_central_committee_gives_no_term_and_the_corpus_still_resolves():
    """'ngày 11 tháng 01 năm 1924' (a misprint of 2024): no term had begun, so the document has no own identity;
    the build used to stop on it (a term of None in the catalog)."""
    misprinted = Extraction(source="a.txt", document=Record(symbol="09-KL/BTCTW", type="KL", number=9,
                                                            issuer_code="BTCTW", date="1924-01-11"))
    own = self_document(misprinted)
    assert own.identity is None
    other = Extraction(source="b.txt", document=Record(symbol="10-KL/BTCTW", type="KL", number=10,
                                                       issuer_code="BTCTW", date="2024-02-01"))
    resolved = resolve_corpus([misprinted, other], load_catalog())
    assert [r.document.identity is None for r in resolved] == [True, False]
