"""Real surface forms of references and the parse each must get.

Forms come from the corpus, DOMAIN.md, issue 3, and forms that occur in real Party documents
(spaced and dashed symbols, ``QĐi``, state symbols, plenums written as ``TW3``, …).
"""
from __future__ import annotations

import pytest

from kg.extract.references import find_references
from kg.model import Record, Region, Structure
from kg.read import normalise


def refs_of(sentence: str, date: str | None = None):
    text = normalise(sentence)
    structure = Structure(regions=[Region("body", 0, len(text.text))])
    refs, _ = find_references(text, structure, Record(date=date))
    return refs


def sym(symbol: str, type_: str, code: str, number: int, **more):
    return {"kind": "symbol", "symbol": symbol, "type": type_, "issuer_code": code, "number": number, **more}


def state(type_: str | None, code: str, number: int, year: int | None, **more):
    return {"kind": "state", "type": type_, "issuer_code": code, "number": number, "year": year, **more}


def plenum(term: str | None, n: int, **more):
    return {"kind": "plenum", "term": term, "plenum": n, **more}


def congress(term: str, **more):
    return {"kind": "congress", "term": term, **more}


def number(type_: str, n: int, **more):
    return {"kind": "number", "type": type_, "number": n, **more}


CHARTER = {"kind": "charter"}
PLATFORM = {"kind": "platform"}

VARIANTS = [
    # --- Party symbols ---
    ("theo tinh thần Nghị quyết số 26-NQ/TW về cán bộ",
     [sym("26-NQ/TW", "NQ", "TW", 26, text="Nghị quyết số 26-NQ/TW", type_word="Nghị quyết")]),
    ("thực hiện Nghị quyết số 26 - NQ/TW của Ban Chấp hành Trung ương",
     [sym("26-NQ/TW", "NQ", "TW", 26, text="Nghị quyết số 26 - NQ/TW", issuer="Ban Chấp hành Trung ương")]),
    ("tổng kết Kết luận số 04 - KL/BTCTW của Ban Tổ chức Trung ương",
     [sym("04-KL/BTCTW", "KL", "BTCTW", 4, issuer="Ban Tổ chức Trung ương")]),
    ("theo Hướng dẫn số 01- HD/TW của Ban Bí thư", [sym("01-HD/TW", "HD", "TW", 1, text="Hướng dẫn số 01- HD/TW")]),
    ("thực hiện Chỉ thị số 05 – CT/TW của Bộ Chính trị",
     [sym("05-CT/TW", "CT", "TW", 5, text="Chỉ thị số 05 – CT/TW", issuer="Bộ Chính trị")]),
    ("theo Kết luận số 14 - KL/TW, ngày 22/9/2021", [sym("14-KL/TW", "KL", "TW", 14, date="2021-09-22")]),
    ("miễn nhiệm theo Thông báo số 20-TB/TW của Bộ Chính trị", [sym("20-TB/TW", "TB", "TW", 20, type_word="Thông báo")]),
    ("thực hiện Quy định số 08-QĐi/TW về trách nhiệm nêu gương", [sym("08-QĐi/TW", "QĐi", "TW", 8, title="trách nhiệm nêu gương")]),
    ("thực hiện Quy định số 08-QĐI/TW về trách nhiệm nêu gương", [sym("08-QĐi/TW", "QĐi", "TW", 8)]),
    ("thực hiện Quy định số 08-QÐi/TW", [sym("08-QĐi/TW", "QĐi", "TW", 8, text="Quy định số 08-QÐi/TW")]),
    ("gắn với thực hiện Kết luận số 01-KL/TW³, ngày 18/5/2021 của Bộ Chính trị",
     [sym("01-KL/TW", "KL", "TW", 1, text="Kết luận số 01-KL/TW", date="2021-05-18", issuer="Bộ Chính trị")]),
    ("thực hiện Quy định số31-QĐ/TW của Ban Bí thư", [sym("31-QĐ/TW", "QĐ", "TW", 31, text="Quy định số31-QĐ/TW", issuer="Ban Bí thư")]),
    ("thuc hien Nghi quyet so 26-NQ/TW cua Bo Chinh tri",
     [sym("26-NQ/TW", "NQ", "TW", 26, text="Nghi quyet so 26-NQ/TW", type_word="Nghi quyet", issuer="Bộ Chính trị")]),
    ("sơ kết Kết lúận số 121-KL/TW", [sym("121-KL/TW", "KL", "TW", 121, type_word="Kết lúận")]),
    ("Sau 5 năm thực hiện Kết luận số 158-KL/ĐUK, nhìn chung", [sym("158-KL/ĐUK", "KL", "ĐUK", 158, issuer="Đảng ủy Khối")]),
    ("theo tinh thần Kết luận số 3135-CV/VPTW ngày 16/01/2017 của Ban Bí thư",
     [sym("3135-CV/VPTW", "CV", "VPTW", 3135, type_word="Kết luận", date="2017-01-16", issuer="Ban Bí thư")]),
    ("theo Thông báo Kết luận 43-KL/TW, ngày 28/12/2017 của Bộ Chính trị",
     [sym("43-KL/TW", "KL", "TW", 43, text="Thông báo Kết luận 43-KL/TW", type_word="Thông báo Kết luận", date="2017-12-28")]),
    ("Tham mưu tổng kết Chỉ thị 36-CT/TW của Bộ Chính trị", [sym("36-CT/TW", "CT", "TW", 36, text="Chỉ thị 36-CT/TW")]),
    ("thực hiện Nghị quyết số 26-\nNQ/TW của Trung ương", [sym("26-NQ/TW", "NQ", "TW", 26, text="Nghị quyết số 26-\nNQ/TW")]),
    ("các đề án được cụ thể hoá tại Kế hoạch số 52-KH/BTCTW;", [sym("52-KH/BTCTW", "KH", "BTCTW", 52, issuer="Ban Tổ chức Trung ương")]),
    ("Thực hiện Nghị quyết số 28-NQ/TW, ngày 17/11/2022 của Ban Chấp hành Trung ương Đảng khoá XIII về tiếp tục đổi mới",
     [sym("28-NQ/TW", "NQ", "TW", 28, date="2022-11-17", issuer="Ban Chấp hành Trung ương", term="XIII", title="tiếp tục đổi mới")]),
    ("trong Kết luận số 21-KL/TW tại Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng",
     [sym("21-KL/TW", "KL", "TW", 21, issuer="Hội nghị Trung ương 4", plenum=4, term="XIII")]),
    ("theo tinh thần Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XII.",
     [sym("26-NQ/TW", "NQ", "TW", 26, date="2018-05-19", issuer="Ban Chấp hành Trung ương", plenum=7, term="XII")]),
    ("tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII “Về đẩy mạnh học tập”",
     [sym("05-CT/TW", "CT", "TW", 5, date="2016-05-15", issuer="Bộ Chính trị", term="XII", title="Về đẩy mạnh học tập")]),
    ("về thực hiện Kết luận số 158-KL/ĐUK, ngày 17/7/2018 của Đảng ủy Khối\nkhóa VI về tiếp tục nâng cao",
     [sym("158-KL/ĐUK", "KL", "ĐUK", 158, date="2018-07-17", issuer="Đảng ủy Khối", term="VI")]),
    ("theo Nghị quyết số 18-NQ/TW ngày 25 tháng 10 năm 2017", [sym("18-NQ/TW", "NQ", "TW", 18, date="2017-10-25")]),
    ("theo Quyết định số 140-QĐ/TW, ngày 08/8/2018 của Ban Bí thư Trung ương Đảng",
     [sym("140-QĐ/TW", "QĐ", "TW", 140, date="2018-08-08", issuer="Ban Bí thư")]),
    ("Kết luận 18-KL/TW, ngày 22/9/2017 của Ban Bí thư về tiếp tục đẩy mạnh thực hiện Chỉ thị số 10-CT/TW của Ban Bí thư Khóa X",
     [sym("18-KL/TW", "KL", "TW", 18, date="2017-09-22", issuer="Ban Bí thư"),
      sym("10-CT/TW", "CT", "TW", 10, issuer="Ban Bí thư", term="X", date=None)]),
    ("thực hiện Chương trình hành động số 15-CTr/TU của Tỉnh ủy",
     [sym("15-CTr/TU", "CTr", "TU", 15, text="Chương trình hành động số 15-CTr/TU", issuer="Tỉnh ủy")]),
    ("tiếp tục thực hiện Chỉ thị số 05-CT/TW (15/5/2016) của Bộ Chính trị",
     [sym("05-CT/TW", "CT", "TW", 5, date="2016-05-15", issuer="Bộ Chính trị")]),
    ("theo Kết luận số 21-KL/TW của BBT", [sym("21-KL/TW", "KL", "TW", 21, issuer="Ban Bí thư")]),
    ("theo Nghi quyet so 18-NQ/TW ngay 25/10/2017 cua Ban Chap hanh Trung uong khoa XII",
     [sym("18-NQ/TW", "NQ", "TW", 18, date="2017-10-25", issuer="Ban Chấp hành Trung ương", term="XII")]),
    ("THỰC HIỆN NGHỊ QUYẾT SỐ 26-NQ/TW CỦA BAN CHẤP HÀNH TRUNG ƯƠNG KHÓA XII",
     [sym("26-NQ/TW", "NQ", "TW", 26, issuer="Ban Chấp hành Trung ương", term="XII")]),
    # --- state symbols ---
    ("theo Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư",
     [state("NĐ", "CP", 30, 2020, symbol="30/2020/NĐ-CP", issuer="Chính phủ")]),
    ("căn cứ Luật số 20/2023/QH15", [state("L", "QH15", 20, 2023, symbol="20/2023/QH15", type_word="Luật")]),
    ("thực hiện Nghị quyết số 119/NQ-CP của Chính phủ", [state("NQ", "CP", 119, None, symbol="119/NQ-CP")]),
    ("theo Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ",
     [state("QĐ", "TTg", 1847, None, date="2018-12-27", issuer="Thủ tướng Chính phủ")]),
    ("theo Nghị quyết số 43/2022/QH15 của Quốc hội", [state("NQ", "QH15", 43, 2022, issuer="Quốc hội")]),
    ("Thông tư liên tịch số 01/2011/TTLT-BNV-BTC", [state("TTLT", "BNV-BTC", 1, 2011)]),
    ("theo Luật Cán bộ, công chức số 22/2008/QH12 và", [state("L", "QH12", 22, 2008, text="22/2008/QH12")]),
    # --- plenums ---
    ("thực hiện các Nghị quyết Trung ương 4 khoá XI, XII, gắn với",
     [plenum("XI", 4, text="Nghị quyết Trung ương 4 khoá XI, XII"), plenum("XII", 4, text="Nghị quyết Trung ương 4 khoá XI, XII")]),
    ("các nghị quyết Trung ương 4 khóa XI, XII về xây dựng, chỉnh đốn Đảng",
     [plenum("XI", 4, title="xây dựng, chỉnh đốn Đảng"), plenum("XII", 4)]),
    ("quán triệt Nghị quyết TW3 (Khóa X) về công tác cán bộ", [plenum("X", 3, text="Nghị quyết TW3 (Khóa X)")]),
    ("thực hiện 05 đột phá mà Nghị quyết Hội nghị Trung ương 7 khóa XII đặt ra", [plenum("XII", 7, type="NQ")]),
    ("triển khai thực hiện Kết luận Hội nghị Trung ương 4 khóa XIII;", [plenum("XIII", 4, type="KL")]),
    ("Nghị quyết Trung ương 4 (khóa XII, khóa XII), Kết luận 21-KL/TW",
     [plenum("XII", 4, text="Nghị quyết Trung ương 4 (khóa XII, khóa XII)"), sym("21-KL/TW", "KL", "TW", 21)]),
    ("thực hiện Nghị quyết Trung ương 5 (khóa XII) về kinh tế tư nhân", [plenum("XII", 5)]),
    ("quán triệt NQ TW4 khóa XII", [plenum("XII", 4, text="NQ TW4 khóa XII")]),
    ("tổng kết Nghị quyết Trung ương 3, khóa VIII làm cơ sở", [plenum("VIII", 3, text="Nghị quyết Trung ương 3, khóa VIII")]),
    ("thực hiện Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương khóa XII", [plenum("XII", 4)]),
    ("kế hoạch thực hiện Nghị quyết Trung ương 4 khóa XI, khóa XII, Kết luận 21-KL/TW",
     [plenum("XI", 4), plenum("XII", 4), sym("21-KL/TW", "KL", "TW", 21)]),
    ("thuc hien Nghi quyet Trung uong 4 khoa XII", [plenum("XII", 4)]),
    # --- congresses ---
    ("cụ thể hóa Nghị quyết Đại hội XII của Đảng và nghị quyết đại hội đảng bộ các cấp",
     [congress("XII", text="Nghị quyết Đại hội XII của Đảng")]),
    ("tổ chức thực hiện Nghị quyết Đại hội lần thứ XII và nghị quyết", [congress("XII", text="Nghị quyết Đại hội lần thứ XII")]),
    ("triển khai thực hiện Nghị quyết Đại hội XIII của Đảng;", [congress("XIII")]),
    ("thuc hien Nghi quyet Dai hoi XIII cua Dang va Dieu le Dang", [congress("XIII"), CHARTER]),
    ("QUÁN TRIỆT NGHỊ QUYẾT ĐẠI HỘI XIII CỦA ĐẢNG", [congress("XIII", text="NGHỊ QUYẾT ĐẠI HỘI XIII CỦA ĐẢNG")]),
    ("thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", [congress("XIII")]),
    ("quán triệt Nghị quyết Đại hội Đảng toàn quốc lần thứ XII", [congress("XII")]),
    ("thực hiện Nghị quyết Đại hội XIII của Đảng Cộng sản Việt Nam về",
     [congress("XIII", text="Nghị quyết Đại hội XIII của Đảng Cộng sản Việt Nam")]),
    ("Bám sát Nghị quyết Đại hội XII và các nghị quyết của Đảng", [congress("XII", text="Nghị quyết Đại hội XII")]),
    # --- numbers without issuer code ---
    ("trong việc tổ chức thực hiện Nghị quyết 18,19 của Hội nghị Trung ương 6 khóa XII; sớm đưa",
     [number("NQ", 18, term="XII", plenum=6, text="Nghị quyết 18,19 của Hội nghị Trung ương 6 khóa XII"),
      number("NQ", 19, term="XII", plenum=6)]),
    ("gắn với Chỉ thị 05 của Bộ Chính trị (khóa XII) về đẩy mạnh học tập",
     [number("CT", 5, term="XII", issuer="Bộ Chính trị", text="Chỉ thị 05 của Bộ Chính trị (khóa XII)")]),
    ("triển khai NQ 68 về phát triển kinh tế tư nhân", [number("NQ", 68, text="NQ 68")]),
    ("thực hiện Nghị quyết 18 và Chỉ thị 35.", [number("NQ", 18), number("CT", 35)]),
    ("theo Nghị quyết số 57 của Bộ Chính trị", [number("NQ", 57, issuer="Bộ Chính trị")]),
    ("tiếp tục thực hiện Chỉ thị 05 ngày 15/5/2016 của Bộ Chính trị",
     [number("CT", 5, date="2016-05-15", issuer="Bộ Chính trị", text="Chỉ thị 05")]),
    # --- glued and abbreviated forms of real texts (the resolution set's o-029, o-027, o-010) ---
    ("Căn cứ Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư Trung ương Đảng về tổ chức",
     [sym("70-TB/TW", "TB", "TW", 70, date="2012-01-06", issuer="Ban Bí thư", text="Thông báo số 70-TB/TW")]),
    ("theo tinh thần Nghị quyếtTrung ương 4 khóa XI “Một số vấn đề cấp bách về xây dựng Đảng hiện nay” và",
     [plenum("XI", 4, text="Nghị quyếtTrung ương 4 khóa XI")]),
    ("Thực hiện Nghị quyết T.Ư 7 (khóa XI) về công tác dân vận trong tình hình mới, Thành ủy",
     [plenum("XI", 7, text="Nghị quyết T.Ư 7 (khóa XI)")]),
    ("tổ chức 70-TB/TWngay trong tháng", []),  # lower-case and without its mark: not a glued date
    # a year after the number (c-026 Báo Tây Ninh 2022, with its slip 'Ban chấp'; c-054 Tuổi Trẻ 2024)
    ("theo tinh thần Nghị quyết số 21 năm 2017 của Ban chấp Trung ương Đảng khóa XII về công tác dân số trong tình",
     [number("NQ", 21, year=2017, term="XII", issuer="Ban Chấp hành Trung ương",
             text="Nghị quyết số 21 năm 2017 của Ban chấp Trung ương Đảng khóa XII")]),
    ("Nhìn lại 7 năm thực hiện nghị quyết 18/2017 của Trung ương về sắp xếp tổ chức bộ máy, cá nhân ông",
     [number("NQ", 18, year=2017, issuer="Ban Chấp hành Trung ương", text="nghị quyết 18/2017 của Trung ương")]),
    ("theo Chỉ thị 05 của Trung ương Đoàn về công tác", [number("CT", 5, issuer=None, text="Chỉ thị 05")]),
    ("theo Nghị quyết 18/2017/NQ-CP ngày 3/2/2017 của Chính phủ", [state("NQ", "CP", 18, 2017)]),
    ("thực hiện Nghị quyết 12 năm qua", []),
    # letters of ministries and offices, NUMBER/ORG-UNIT (made up in the shapes issue 12 names)
    ("Thực hiện Công văn số 1234/BKHCN-CNC ngày 12/3/2024 của Bộ Khoa học và Công nghệ về việc",
     [state("CV", "BKHCN", 1234, None, symbol="1234/BKHCN-CNC", date="2024-03-12", text="Công văn số 1234/BKHCN-CNC")]),
    ("theo Văn bản số 567/VPCP-KGVX ngày 5/2/2025 của Văn phòng Chính phủ,",
     [state("CV", "VPCP", 567, None, symbol="567/VPCP-KGVX", text="Văn bản số 567/VPCP-KGVX")]),
    ("theo số liệu 12/ABC-DEF năm nay", []),  # no letter word before it: not a letter
    # loose state forms issue 12 names: no hyphen, an abbreviation before a law-form number
    ("thực hiện Quyết định số 456/QĐTTg ngày 3/4/2023 của Thủ tướng",
     [state("QĐ", "TTg", 456, None, symbol="456/QĐ-TTg", text="Quyết định số 456/QĐTTg")]),
    ("theo NQ 12/2024/QH15 của Quốc hội", [state("NQ", "QH15", 12, 2024)]),
    ("đạt 45/năm, trong 2023/abc nay", []),
    # laws by name and date (Nghị quyết 14/NQ-CP, 2023; Quyết định 719/QĐ-TTg, 2012, with its glued 'Phủngày')
    ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính "
     "phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
     [dict(kind="state", type="L", number=None, date="2015-06-19", title="Luật Tổ chức Chính phủ"),
      dict(kind="state", type="L", date="2019-11-22",
           title="Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương")]),
    ("Căn cứ Luật tổ chức Chính phủngày 25 tháng 12 năm 2001;",
     [dict(kind="state", type="L", date="2001-12-25", title="Luật tổ chức Chính phủ")]),
    ("theo quy định của pháp luật ngày 5/6/2020", []),
    # o-012 (Quyết định 2966/QĐ-UBND, Hà Tĩnh 2007): a plenum numbered in Roman figures
    ("Căn cứ Nghị quyết Hội nghị lần thứ IV Ban chấp hành Trung ương Đảng khoá X ngày 09/02/2007 về Chiến lược biển",
     [plenum("X", 4, date="2007-02-09", text="Nghị quyết Hội nghị lần thứ IV Ban chấp hành Trung ương Đảng khoá X")]),
    # --- a province's or a district's own congress (the resolution set's o-051, o-052, o-054, o-058) ---
    ("thực hiện Nghị quyết Đại hội lần thứ XXI Đảng bộ tỉnh và Nghị quyết Đại hội lần thứ XII của Đảng gắn với",
     [dict(kind="congress", number=21, issuer_code="TU", term=None, text="Nghị quyết Đại hội lần thứ XXI Đảng bộ tỉnh"),
      congress("XII")]),
    ("lãnh đạo thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ X, nhiệm kỳ 2015 - 2020 và mục tiêu",
     [dict(kind="congress", number=10, issuer_code="TU", text="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ X")]),
    ("Thực hiện các nghị quyết trên của Đảng và Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIII, XIV, công tác dân vận",
     [dict(kind="congress", number=13, issuer_code="TU"), dict(kind="congress", number=14, issuer_code="TU")]),
    ("Nghị quyết Đại hội XII của Đảng, Nghị quyết Đại hội XV Đảng bộ tỉnh, Nghị quyết Đại hội XIII Đảng bộ huyện;",
     [congress("XII"), dict(kind="congress", number=15, issuer_code="TU"),
      dict(kind="congress", number=13, issuer_code="HU", term=None)]),
    ("cụ thể hóa nghị quyết đại hội đảng bộ các cấp nhiệm kỳ 2015 - 2020", []),
    # --- Charter and Platform ---
    ("việc chấp hành Điều lệ Đảng và Quy định", [CHARTER]),
    ("Bám sát Cương lĩnh, Điều lệ, Nghị quyết Đại hội toàn quốc của Đảng", [PLATFORM, CHARTER]),
    ("triển khai hoạt động của Tiểu ban Điều lệ Đảng.", [dict(CHARTER, text="Điều lệ Đảng")]),
    ("Không ai được vi phạm Điều lệ Đảng Cộng sản Việt Nam", [dict(CHARTER, text="Điều lệ Đảng")]),
    ("theo Điều lệ Đảng Nhân dân cách mạng Lào", []),
    ("Tăng cường công tác bảo vệ cương lĩnh, đường lối, nền tảng tư tưởng của Đảng", [dict(PLATFORM, text="cương lĩnh")]),
    ("bảo vệ Cương lĩnh, Điều lệ, Nghị quyết của Đảng", [PLATFORM, CHARTER]),
]


@pytest.mark.parametrize(("sentence", "expected"), VARIANTS, ids=[v[0][:48] for v in VARIANTS])
def test_variant(sentence, expected):
    refs = refs_of(sentence)
    got = [{k: getattr(r, k) for k in e} for r, e in zip(refs, expected)]
    assert got == expected, [(r.kind, r.text) for r in refs]
    assert len(refs) == len(expected), [(r.kind, r.text) for r in refs]
    original = sentence
    for r in refs:
        assert original[r.start:r.end] == r.text


def test_there_are_enough_variants():
    assert len(VARIANTS) >= 40


def test_plenum_without_term_takes_the_term_of_the_citing_date():
    """000 line 30: 'Nghị quyết Trung ương 6' in a document of 22/01/2018 is term XII's."""
    sentence = "(2) Tham mưu ban hành Nghị quyết Trung ương 6 về tiếp tục đổi mới, sắp xếp tổ chức bộ máy"
    assert [(r.term, r.plenum) for r in refs_of(sentence, date="2018-01-22")] == [("XII", 6)]
    assert [(r.term, r.plenum) for r in refs_of(sentence)] == [(None, 6)]
