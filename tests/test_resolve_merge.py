"""Citations (one per cited document, the strongest relation, planned, links) and merging descriptions with conflicts."""
from __future__ import annotations

from kg.model import Extraction, Link, Record, Reference
from kg.resolve import document_relation, load_catalog, merge, resolve_corpus, resolve_file
from kg.resolve.merge import agree, normal_issuer

CATALOG = load_catalog()


def R(kind: str, text: str, sentence: str | None = None, **kw) -> Reference:
    return Reference(kind=kind, text=text, start=0, end=0, full_start=0, full_end=0, sentence=sentence or text, **kw)


def E(refs: list[Reference], source: str = "doc.txt", sha: str = "d" * 64, links=(), **record) -> Extraction:
    for i, r in enumerate(refs):
        r.start, r.end = i * 1000, i * 1000 + len(r.text)
        r.full_start, r.full_end = r.start, r.end
    return Extraction(source=source, sha256=sha, document=Record(**record), references=refs, links=list(links))


def sym(symbol: str, word: str, **kw) -> Reference:
    number, rest = symbol.split("-", 1)
    type_, code = rest.split("/")
    return R("symbol", f"{word} số {symbol}", symbol=symbol, type=type_, type_word=word, number=int(number),
             issuer_code=code, **kw)


# --- citations -------------------------------------------------------------------------------

def test_004_one_citation_per_cited_document_with_the_strongest_relation():
    # 158-KL/ĐUK: 'về thực hiện' (implements), 'kết quả 5 năm thực hiện' (reviews), 'Để tiếp tục thực hiện tốt'
    # (continues): the gold's relation is reviews
    refs = [sym("158-KL/ĐUK", "Kết luận", date="2018-07-17", term="VI", issuer="Đảng ủy Khối", relation="implements",
                cue="thực hiện"),
            sym("158-KL/ĐUK", "Kết luận", date="2018-07-17", relation="reviews", cue="kết quả 5 năm thực hiện"),
            sym("158-KL/ĐUK", "Kết luận", relation="continues", cue="tiếp tục thực hiện")]
    res = resolve_file(E(refs, source="004.txt", issuer="Ban Chấp hành Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh "
                                                          "Thừa Thiên Huế"), CATALOG)
    (c,) = res.citations
    assert (c.relation, c.cue, c.references, c.planned) == ("reviews", "kết quả 5 năm thực hiện", [0, 1, 2], False)
    assert (c.method, c.confidence) == ("symbol+term", 0.95)  # the best-supported mention's
    assert c.citing == res.document.key and c.stated_in is None


def test_document_relation_prefers_the_stronger_cue():
    assert document_relation(["implements", "continues"]) == "continues"  # 001 NQ/TW/26
    assert document_relation(["implements", "concretizes"]) == "concretizes"  # 000 congress:XII
    assert document_relation(["cites"]) == "cites"


def test_planned_only_when_every_mention_giving_the_relation_is_planned():
    # 003 footnote ²: 'Sửa đổi, bổ sung Quy định số 126-QĐ/TW …' is work to do: cites, planned
    planned = sym("126-QĐ/TW", "Quy định", date="2018-02-28", relation="cites", cue="sửa đổi, bổ sung", planned=True)
    (c,) = resolve_file(E([planned], type="TB"), CATALOG).citations
    assert c.planned and c.relation == "cites"
    # 001 244-QĐ/TW: cited in the body (not planned) and in footnote ¹¹ as work to do: not planned overall
    body = sym("244-QĐ/TW", "Quyết định", date="2014-06-09")
    note = sym("244-QĐ/TW", "Quyết định", date="2014-06-09", relation="cites", cue="sửa đổi, bổ sung", planned=True)
    (c,) = resolve_file(E([body, note], date="2024-01-11"), CATALOG).citations
    assert not c.planned


def test_001_a_link_between_two_cited_documents_is_a_citation_stated_in_the_file():
    # 'Kế hoạch số 07-KH/TW ngày 17/8/2022 thực hiện Nghị quyết số 21-NQ/TW'
    refs = [sym("07-KH/TW", "Kế hoạch", date="2022-08-17"), sym("21-NQ/TW", "Nghị quyết")]
    ext = E(refs, links=[Link(0, "implements", 1, "thực hiện")], symbol="09-KL/BTCTW", type="KL", number=9,
            issuer_code="BTCTW", date="2024-01-11")
    res = resolve_file(ext, CATALOG)
    (link,) = [c for c in res.citations if c.stated_in]
    assert (link.citing, link.cited, link.relation, link.cue) == ("dang/TW/XIII/KH/7", "dang/TW/XIII/NQ/21",
                                                                 "implements", "thực hiện")
    assert link.stated_in == "dang/BTCTW/XIII/KL/9" and link.references == [0, 1]
    assert link.confidence == 0.7  # the weaker side: 21-NQ/TW by the citing date
    assert {c.cited for c in res.citations if not c.stated_in} == {"dang/TW/XIII/KH/7", "dang/TW/XIII/NQ/21"}


def test_every_reference_lands_in_exactly_one_direct_citation():
    refs = [sym("05-CT/TW", "Chỉ thị"), R("charter", "Điều lệ Đảng"), R("plenum", "Nghị quyết Trung ương 3 khóa VIII",
                                                                          type="NQ", term="VIII", plenum=3)]
    res = resolve_file(E(refs, date="2018-01-22"), CATALOG)
    indices = sorted(i for c in res.citations if not c.stated_in for i in c.references)
    assert indices == [0, 1, 2]
    unresolved = next(d for d in res.cited if d.kind == "unresolved")
    assert unresolved.key == "ref/" + "d" * 64 + "/2" and unresolved.level == "unresolved"


# --- merging descriptions --------------------------------------------------------------------

def test_issuer_names_of_one_body_agree():
    assert normal_issuer("Ban Chấp hành Trung ương Đảng") == normal_issuer("Ban Chấp hành Trung ương")
    assert normal_issuer("Hội nghị Trung ương 4") == normal_issuer("Ban Chấp hành Trung ương")  # 001 KL/TW/21
    assert normal_issuer("Ban Bí thư Trung ương Đảng") == normal_issuer("Ban Bí thư")
    assert normal_issuer("Bộ Chính Trị") == normal_issuer("Bộ Chính trị")  # 003 line 15
    assert not agree("issuer", "Bộ Nội vụ", "Ban Tổ chức Trung ương")


def test_type_words_naming_one_code_agree():
    assert agree("type_word", "Quyết định", "Quy định")  # QĐ: both (001 244-QĐ/TW vs 86-QĐ/TW)
    assert agree("type_word", "Thông báo Kết luận", "Kết luận")  # 003 'Thông báo Kết luận 43-KL/TW'
    assert not agree("type_word", "Kết luận", "Hướng dẫn")


def test_a_short_title_agrees_with_the_full_one_a_different_subject_does_not():
    full = "về tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII"
    assert agree("title", "tiếp tục", full)  # 003 footnote ³ cut short
    assert agree("title", "kiểm soát quyền lực và chống chạy chức, chạy quyền trong công tác cán bộ",
                 "về việc kiểm soát quyền lực trong công tác cán bộ và chống chạy chức, chạy quyền")
    assert not agree("title", "về công tác dân số trong tình hình mới",
                     "về tăng cường củng cố, xây dựng tổ chức cơ sở đảng")


def test_descriptions_from_every_file_merge_onto_one_document_and_disagreements_are_conflicts():
    a = E([sym("26-NQ/TW", "Nghị quyết", date="2018-05-19", issuer="Ban Chấp hành Trung ương Đảng", plenum=7)],
          source="a.txt", sha="a" * 64, date="2024-01-11")
    b = E([sym("26-NQ/TW", "Nghị quyết", date="2018-05-20", issuer="Ban Chấp hành Trung ương", term="XII")],
          source="b.txt", sha="b" * 64, date="2023-01-11")
    docs, conflicts = merge(resolve_corpus([a, b], CATALOG))
    doc = docs["dang/TW/XII/NQ/26"]
    assert {d.source for d in doc.descriptions} >= {"a.txt", "b.txt"}
    assert any(d.origin == "catalog" for d in doc.descriptions)
    assert doc.date == "2018-05-19"  # the checked catalog's date is preferred to a mention's
    (conflict,) = conflicts
    assert conflict.key == "dang/TW/XII/NQ/26" and conflict.field == "date"
    assert set(conflict.values) == {"2018-05-19", "2018-05-20"}
    assert conflict.values["2018-05-20"] == ["b.txt"]
    sources = conflict.values["2018-05-19"]
    assert "a.txt" in sources and any(s.startswith("catalog:XII.csv:") for s in sources) and len(sources) == 2


def test_000_2499_cv_btctw_named_of_bo_noi_vu_conflicts_with_the_catalog():
    ref = sym("2499-CV/BTCTW", "Hướng dẫn", date="2017-03-31", issuer="Bộ Nội vụ")
    _, conflicts = merge([resolve_file(E([ref], date="2018-01-22"), CATALOG)])
    assert [(c.key, c.field) for c in conflicts] == [("dang/BTCTW/XII/CV/2499", "issuer")]


def test_merge_is_independent_of_order():
    a = E([sym("05-CT/TW", "Chỉ thị", issuer="Bộ Chính trị")], source="a.txt", sha="a" * 64, date="2018-01-22")
    b = E([sym("05-CT/TW", "Chỉ thị", date="2016-05-15", term="XII")], source="b.txt", sha="b" * 64, date="2021-10-01")
    one = merge(resolve_corpus([a, b], CATALOG))
    two = merge(resolve_corpus([b, a], CATALOG))
    assert list(one[0]) == list(two[0])
    assert [(d.key, d.date, d.issuer, d.term) for d in one[0].values()] == \
           [(d.key, d.date, d.issuer, d.term) for d in two[0].values()]
