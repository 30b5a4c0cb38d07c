"""A synthetic corpus of Party documents, deterministic by seed, for the scale benchmarks.

Documents look like ``data/corpus``: a header (issuing body, ``Số N-TYPE/ISSUER``, ``ĐẢNG CỘNG SẢN
VIỆT NAM``, place and date), a title, parts with items, footnotes (superscript markers, bodies later,
sometimes cutting a sentence), ``Nơi nhận``, a signature block and, on some, copy stamps. They cite
earlier documents of the same generated corpus by symbol (numbers restart per term for central
bodies and per year for local ones, so symbols repeat), plus state symbols, plenums, congresses,
numbers and the Charter, behind relation cues. Filler sentences come from the real corpus with their
references removed; noise: numbers, dates, percentages, OCR-ish typos, lines without diacritics.

    .venv/bin/python -m benchmarks.synth 1000 --seed 1 --out /tmp/synth-1k

``synth(n, seed, out_dir)`` writes ``d000/000000.txt`` … (1,000 files per folder) and
``planted.jsonl``: per document its own symbol and every reference planted in it, with a tier
(``A``: a party or state symbol written cleanly, which the extractor must find; ``B``: a symbol in a
line without diacritics or with a typo; ``N``: a reference without a symbol).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
MANIFEST = "planted.jsonl"
PER_FOLDER = 1000

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Thành phố Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh"}
SYLLABLES = ("An", "Bình", "Phước", "Tuy", "Hòa", "Sơn", "Đức", "Phú", "Thạnh", "Long", "Tân", "Mỹ", "Quế", "Vĩnh",
             "Hưng", "Yên", "Thủy", "Lộc", "Cẩm", "Hải", "Nghĩa", "Triệu", "Kim", "Lương", "Đông", "Tây", "Nam", "Gia")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Ngọc", "Xuân", "Trung", "Tài", "Bích")
GIVEN = ("Chính", "Kiên", "Tuệ", "Dũng", "Hùng", "Lan", "Mai", "Nam", "Sơn", "Thắng", "Hà", "Dâng", "Phúc", "Long")
SUBJECTS = (
    "tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên",
    "tập trung xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược",
    "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "tăng cường xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
    "công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "công tác dân vận trong tình hình mới",
    "phát triển kinh tế - xã hội gắn với bảo đảm quốc phòng, an ninh",
    "công tác bảo vệ chính trị nội bộ",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "chuyển đổi số trong các cơ quan đảng",
    "công tác phòng, chống tham nhũng, tiêu cực",
    "xây dựng nông thôn mới giai đoạn tiếp theo",
    "công tác quy hoạch, luân chuyển cán bộ",
    "đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên hằng năm",
    "công tác thông tin đối ngoại",
    "phát triển nguồn nhân lực chất lượng cao",
    "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái",
    "công tác tổ chức đại hội đảng bộ các cấp",
    "thực hiện quy chế dân chủ ở cơ sở",
)
CUES = (  # cue, relation; "{ref}" is where the reference goes
    ("thực hiện", "implements"), ("triển khai thực hiện", "implements"), ("quán triệt", "implements"),
    ("tiếp tục thực hiện", "continues"), ("sơ kết việc thực hiện", "reviews"), ("tổng kết việc thực hiện", "reviews"),
    ("hướng dẫn thực hiện", "guides"), ("cụ thể hóa", "concretizes"), ("căn cứ", "based_on"),
    ("kết quả 5 năm thực hiện", "reviews"), ("theo tinh thần", "implements"),
)
PLANNED_CUES = ("Tham mưu sửa đổi, bổ sung", "Nghiên cứu sửa đổi, bổ sung", "Chuẩn bị tổng kết", "Đề xuất thay thế")
STATE_TYPES = (("Nghị định", "NĐ", "CP", True), ("Nghị quyết", "NQ", "CP", False), ("Quyết định", "QĐ", "TTg", False),
               ("Luật", "L", "QH", False), ("Thông tư", "TT", "BNV", True))
TYPE_WORDS = {"NQ": "Nghị quyết", "KL": "Kết luận", "CT": "Chỉ thị", "QĐ": "Quy định", "HD": "Hướng dẫn",
              "KH": "Kế hoạch", "TB": "Thông báo", "CV": "Công văn", "CTr": "Chương trình", "BC": "Báo cáo"}
CENTRAL = (  # code, header lines, the bodies that sign with it, type weights
    ("TW", ("BAN CHẤP HÀNH TRUNG ƯƠNG",), ("Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư"),
     {"NQ": 3, "KL": 4, "CT": 2, "QĐ": 2, "HD": 1, "KH": 1, "TB": 1}),
    ("BTCTW", ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC"), ("Ban Tổ chức Trung ương",), {"HD": 3, "KL": 1, "TB": 1, "CV": 2}),
    ("BTGTW", ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO"), ("Ban Tuyên giáo Trung ương",), {"HD": 3, "KH": 1, "CV": 2}),
    ("VPTW", ("BAN CHẤP HÀNH TRUNG ƯƠNG", "VĂN PHÒNG"), ("Văn phòng Trung ương Đảng",), {"CV": 3, "TB": 2}),
)
LOCAL_TYPES = {"NQ": 2, "KL": 3, "CT": 2, "KH": 4, "HD": 2, "TB": 2, "CTr": 1, "BC": 1}
TERMS = (("XI", date(2011, 1, 12)), ("XII", date(2016, 1, 21)), ("XIII", date(2021, 1, 25)))
START, END = date(2011, 3, 1), date(2025, 12, 20)
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
ROMAN = ("I", "II", "III", "IV", "V", "VI")
PART_TITLES = ("ĐÁNH GIÁ TÌNH HÌNH, KẾT QUẢ", "HẠN CHẾ, NGUYÊN NHÂN", "BÀI HỌC KINH NGHIỆM", "NHIỆM VỤ, GIẢI PHÁP",
               "TỔ CHỨC THỰC HIỆN", "KIẾN NGHỊ, ĐỀ XUẤT")


@dataclass
class Body:
    """An issuing body: its symbol code, header lines, name, place and (local) province and superior."""

    code: str
    header: tuple[str, ...]
    name: str
    place: str
    types: dict[str, int]
    province: str | None = None
    superior: "Body | None" = None


@dataclass
class Doc:
    """One generated document's identity, and what it cites (indices of earlier documents)."""

    index: int
    body: Body
    signer_body: str
    type: str
    number: int
    day: date
    subject: str
    topic: int
    cites: list[int] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return f"{self.number:02d}-{self.type}/{self.body.code}"

    @property
    def term(self) -> str:
        return term_of(self.day)

    @property
    def central(self) -> bool:
        return self.body.province is None


def term_of(day: date) -> str:
    """The Central Committee term (khóa) in force on ``day``."""
    return [t for t, start in TERMS if start <= day][-1]


def strip_accents(text: str) -> str:
    """``Nghị quyết`` → ``Nghi quyet`` (đ → d too): a line typed without diacritics."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


# ------------------------------------------------------------------ filler from the real corpus

REFERENCE_HINT = re.compile(
    r"\d+\s*-\s*\w+/|\d+/\d|nghị quyết|kết luận|chỉ thị|quy định|quyết định|hướng dẫn|kế hoạch|thông báo|"
    r"công văn|chương trình|điều lệ|cương lĩnh|đại hội|trung ương \d|hội nghị|số \d|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\*|#|“|”",
    re.IGNORECASE)


@lru_cache(maxsize=1)
def filler_sentences() -> tuple[str, ...]:
    """Sentences of the real corpus that hold no reference (nor anything like one), to pad bodies with."""
    out: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n"):
            for sentence in re.split(r"(?<=[.;])\s+", para.strip()):
                if 40 <= len(sentence) <= 400 and sentence[0].isupper() and not REFERENCE_HINT.search(sentence):
                    out.append(sentence.rstrip(".;") + ".")
    return tuple(dict.fromkeys(out))


# ------------------------------------------------------------------ the registry: who issues what, who cites whom

def _bodies(rng: random.Random) -> tuple[list[Body], list[Body]]:
    """The central bodies, and for each of 63 provinces its Tỉnh ủy, Ban Tổ chức, Đảng ủy Khối and districts."""
    central = [Body(code, header, bodies[0], "Hà Nội", types) for code, header, bodies, types in CENTRAL]
    local: list[Body] = []
    for province in PROVINCES:
        upper = province.upper()
        kind = "THÀNH ỦY" if province in CITIES else "TỈNH ỦY"
        where = province if province.startswith("Thành phố") else ("thành phố " if province in CITIES else "tỉnh ") + province
        tu = Body("TU", (f"{kind} {upper.removeprefix('THÀNH PHỐ ')}",), f"{kind.capitalize()} {province.removeprefix('Thành phố ')}",
                  province.removeprefix("Thành phố "), LOCAL_TYPES, province)
        local.append(tu)
        local.append(Body("BTCTU", (f"ĐẢNG BỘ {where.upper()}", f"BAN TỔ CHỨC {kind}"), f"Ban Tổ chức {kind.capitalize()}",
                          tu.place, {"HD": 3, "KH": 2, "BC": 1}, province, tu))
        local.append(Body("ĐUK", (f"ĐẢNG BỘ {where.upper()}", "ĐẢNG ỦY KHỐI CƠ QUAN VÀ DOANH NGHIỆP"),
                          f"Đảng ủy Khối Cơ quan và Doanh nghiệp {where}", tu.place, LOCAL_TYPES, province, tu))
        for _ in range(3):
            district = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
            local.append(Body("HU", (f"ĐẢNG BỘ {where.upper()}", f"HUYỆN ỦY {district.upper()}"), f"Huyện ủy {district}",
                              district, LOCAL_TYPES, province, tu))
    return central, local


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def registry(n: int, seed: int) -> list[Doc]:
    """The ``n`` documents in date order, numbered per register and scope, each with the earlier ones it cites."""
    rng = random.Random(seed)
    central, local = _bodies(rng)
    span = (END - START).days
    counters: dict[tuple, int] = defaultdict(int)
    docs: list[Doc] = []
    topics = max(4, n // 40)
    last_of_topic: dict[int, list[int]] = defaultdict(list)  # central documents of a topic, in order
    last_of_body: dict[int, list[int]] = defaultdict(list)  # a local body's documents, in order
    major: list[int] = []  # central resolutions and directives: most of the citations go to a few of them
    for i in range(n):
        day = START + timedelta(days=span * i // max(1, n) + rng.randrange(3))
        is_central = rng.random() < 0.12 or i < 5
        body = rng.choice(central) if is_central else rng.choice(local)
        code, _, signers, _ = next(c for c in CENTRAL if c[0] == body.code) if is_central else (None, None, (body.name,), None)
        kind = _weighted(rng, body.types)
        scope = term_of(day) if is_central else day.year
        key = (body.code, id(body), kind, scope)
        counters[key] += 1
        topic = rng.randrange(topics)
        doc = Doc(i, body, rng.choice(signers), kind, counters[key], day, SUBJECTS[topic % len(SUBJECTS)], topic)
        doc.cites = _choose_cites(rng, doc, last_of_topic, last_of_body, major)
        docs.append(doc)
        if is_central:
            last_of_topic[topic].append(i)
            if kind in ("NQ", "CT", "QĐ", "KL"):
                major.append(i)
        else:
            last_of_body[id(body)].append(i)
    _link_superiors(docs)
    return docs


def _choose_cites(rng: random.Random, doc: Doc, by_topic: dict, by_body: dict, major: list[int]) -> list[int]:
    """Earlier documents ``doc`` cites: its topic's lineage (so lineages are deep), its own body's, and popular ones."""
    cites: list[int] = []
    chain = by_topic.get(doc.topic, [])
    if chain:
        cites.append(chain[-1])
        if len(chain) > 1 and rng.random() < 0.4:
            cites.append(chain[-2])
    own = by_body.get(id(doc.body), [])
    if own and rng.random() < 0.7:
        cites.append(own[-1 - rng.randrange(min(3, len(own)))])
    if major:
        for _ in range(rng.randrange(4)):
            cites.append(major[min(len(major) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.5
                         else rng.choice(major))
    return list(dict.fromkeys(c for c in cites if c != doc.index))


def _link_superiors(docs: list[Doc]) -> None:
    """Districts and provincial boards also cite their Tỉnh ủy's latest earlier document, unqualified."""
    latest: dict[int, int] = {}
    for doc in docs:
        sup = doc.body.superior
        if sup is not None and id(sup) in latest and doc.index % 2 == 0:
            doc.cites.append(latest[id(sup)])
        if not doc.central:
            latest[id(doc.body)] = doc.index


# ------------------------------------------------------------------ writing one document

@dataclass
class Planted:
    """A reference planted in a text: its symbol (None for non-symbol references), tier, kind and target."""

    symbol: str | None
    tier: str
    kind: str
    target: int | None = None
    relation: str | None = None


def _date_words(rng: random.Random, day: date) -> str:
    form = rng.random()
    if form < 0.6:
        return f"{day.day}/{day.month}/{day.year}"
    if form < 0.8:
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    return f"{day.day} tháng {day.month} năm {day.year}"


def _typo(rng: random.Random, sentence: str) -> str:
    """An OCR-ish slip: one letter dropped, doubled or swapped for a look-alike."""
    words = sentence.split(" ")
    k = rng.randrange(len(words))
    w = words[k]
    if len(w) > 3 and w.isalpha():
        j = rng.randrange(1, len(w) - 1)
        words[k] = rng.choice((w[:j] + w[j + 1:], w[:j] + w[j] + w[j:], w[:j] + "ồ" + w[j + 1:]))
    return " ".join(words)


class Writer:
    """Builds the text of one document from its registry entry, recording what it plants."""

    def __init__(self, docs: list[Doc], doc: Doc, seed: int, mentions: int = 1) -> None:
        self.docs, self.doc, self.mentions = docs, doc, mentions
        self.rng = random.Random(seed * 1_000_003 + doc.index)
        self.planted: list[Planted] = []
        self.footnotes: list[str] = []
        self.filler = filler_sentences()

    # --- references
    def reference(self, target: Doc, footnote: bool = False) -> str:
        """How a text names ``target``: the type word, ``số`` and the symbol, then (often) date, body, term, subject."""
        rng, doc = self.rng, self.doc
        sym = target.symbol
        if rng.random() < 0.05:
            sym = sym.replace("-", " - ", 1)
        words = [f"{TYPE_WORDS[target.type]} số {sym}"]
        different_term = target.central and target.term != doc.term
        if rng.random() < (0.9 if different_term or not target.central else 0.55):
            words.append(f", ngày {_date_words(rng, target.day)}")
        if target.central and rng.random() < 0.5:
            words.append(f" của {target.signer_body}")
        elif not target.central and target.body is not doc.body and target.body is not doc.body.superior:
            words.append(f" của {target.body.name}")
        if target.central and different_term and rng.random() < 0.5:
            words.append(f" khóa {target.term}")
        if rng.random() < 0.4 and not footnote:
            words.append(f" về {target.subject}")
        self.planted.append(Planted(target.symbol, "A", "symbol", target.index))
        return "".join(words)

    def other_reference(self) -> str:
        """A state symbol, a plenum, a congress, a bare number or the Charter."""
        rng, doc = self.rng, self.doc
        pick = rng.random()
        if pick < 0.4:
            word, code, issuer, with_year = rng.choice(STATE_TYPES)
            num = rng.randrange(1, 300)
            sym = f"{num}/{doc.day.year - rng.randrange(4)}/{code}-{issuer}" if with_year else f"{num}/{code}-{issuer}"
            self.planted.append(Planted(sym, "A", "state"))
            return f"{word} số {sym}"
        self.planted.append(Planted(None, "N", ("plenum", "congress", "charter", "number")[int(pick * 10) % 4]))
        terms = [t for t, start in TERMS if start <= doc.day]
        if pick < 0.6:
            return f"Nghị quyết Hội nghị Trung ương {rng.randrange(2, 12)} khóa {rng.choice(terms)}"
        if pick < 0.75:
            return f"Nghị quyết Đại hội {rng.choice(terms)} của Đảng"
        if pick < 0.9:
            return "Điều lệ Đảng"
        return f"Chỉ thị {rng.randrange(1, 40):02d} của Bộ Chính trị"

    # --- sentences and paragraphs
    def filler_sentence(self) -> str:
        rng = self.rng
        s = rng.choice(self.filler)
        roll = rng.random()
        if roll < 0.08:
            s = _typo(rng, s)
        elif roll < 0.2:
            s = s[:-1] + f", đạt {rng.randrange(50, 100)},{rng.randrange(10)}% kế hoạch năm {self.doc.day.year}."
        elif roll < 0.26:
            s = f"Ngày {rng.randrange(1, 29)}/{rng.randrange(1, 13)}/{self.doc.day.year}, " + s[0].lower() + s[1:]
        elif roll < 0.3:
            s = s[:-1] + f", với {rng.randrange(1, 90)}.{rng.randrange(100, 999)} đảng viên tham gia."
        return s

    def citing_sentence(self, target: Doc | None) -> str:
        """A sentence with a cue and a reference; its reference sometimes in a footnote behind a marker."""
        rng = self.rng
        if target is not None and rng.random() < 0.2:
            number = len(self.footnotes) + 1
            self.footnotes.append(f"{str(number).translate(SUPERSCRIPT)} {self.reference(target, footnote=True)} "
                                  f"về {target.subject}.")
            return f"Tập trung triển khai các văn bản của cấp trên{str(number).translate(SUPERSCRIPT)} " \
                   f"và {self.filler_sentence()[0].lower()}{self.filler_sentence()[1:]}"
        cue, _ = rng.choice(CUES)
        ref = self.reference(target) if target is not None else self.other_reference()
        tail = rng.choice(self.filler)
        return f"{cue.capitalize()} {ref}, {tail[0].lower()}{tail[1:]}"

    def paragraph(self, refs: list[Doc | None]) -> str:
        sentences = [self.filler_sentence() for _ in range(self.rng.randrange(2, 6))]
        for ref in refs:
            sentences.insert(self.rng.randrange(len(sentences) + 1), self.citing_sentence(ref))
        text = " ".join(sentences)
        if not refs and self.rng.random() < 0.04:  # a line typed without diacritics
            text = strip_accents(text)
        return text

    def task_item(self, target: Doc) -> str:
        """A task-list item whose cue announces work to be done (planned)."""
        return f"- {self.rng.choice(PLANNED_CUES)} {self.reference(target)} cho phù hợp với tình hình mới."

    # --- the document
    def header(self) -> list[str]:
        d = self.doc
        lines = [*d.body.header, "*", "", "ĐẢNG CỘNG SẢN VIỆT NAM", "",
                 f"{d.body.place}, ngày {d.day.day:02d} tháng {d.day.month:02d} năm {d.day.year}", "",
                 f"Số {d.symbol}", "", TYPE_WORDS[d.type].upper(), "", f"về {d.subject}", ""]
        if self.rng.random() < 0.5:
            lines[0:len(d.body.header)] = [f"**{chr(10).join(d.body.header)}**"]
        return lines

    def body(self, target_bytes: int) -> list[str]:
        rng, d = self.rng, self.doc
        cites = [self.docs[c] for c in d.cites]
        out: list[str] = []
        size = 0
        part = 0
        queue: list[Doc | None] = list(cites) * self.mentions + [None] * (rng.randrange(1, 5) * self.mentions)
        rng.shuffle(queue)
        while size < target_bytes or queue:
            if part < len(ROMAN) and (part == 0 or rng.random() < 0.25):
                out.append(f"{ROMAN[part]}. {PART_TITLES[part]}")
                part += 1
            refs = [queue.pop() for _ in range(min(len(queue), rng.randrange(0, 3)))]
            para = self.paragraph(refs)
            if rng.random() < 0.3:
                para = f"{rng.randrange(1, 9)}. {para}" if rng.random() < 0.5 else f"- {para}"
            out.append(para)
            size += len(para.encode("utf-8"))
            if self.footnotes and rng.random() < 0.3:
                self._place_footnotes(out)
        if cites and rng.random() < 0.3:
            out.append(self.task_item(rng.choice(cites)))
        self._place_footnotes(out)
        return out

    def _place_footnotes(self, out: list[str]) -> None:
        """Put the pending footnote bodies after the last paragraph, or inside it (a page break mid-sentence)."""
        if not self.footnotes:
            return
        last = out[-1]
        cut = last.find(" ", len(last) // 2)
        notes = "\n\n".join(self.footnotes)
        if cut > 0 and self.rng.random() < 0.4 and not last.startswith(("-", "I", "V")):
            out[-1:] = [last[:cut], notes, last[cut + 1:]]
        else:
            out.append(notes)
        self.footnotes = []

    def closing(self) -> list[str]:
        rng, d = self.rng, self.doc
        recipients = ["- Các ban của Tỉnh ủy,", "- Các huyện ủy, thị ủy, thành ủy trực thuộc,", "- Lưu Văn phòng."]
        if d.central:
            recipients = ["- Bộ Chính trị, Ban Bí thư (để báo cáo),", "- Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương,",
                          "- Các ban đảng, cơ quan đảng ở Trung ương,", "- Lưu VP."]
        mode, capacity = rng.choice((("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), ("K/T BÍ THƯ", "PHÓ BÍ THƯ"),
                                     ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG")))
        if d.central:
            mode, capacity = ((f"T/M {d.signer_body.upper()}", "TỔNG BÍ THƯ") if d.body.code == "TW"
                              else ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"))
        return ["Nơi nhận:", "", *recipients, "", mode, capacity, "", "", "", self.name()]

    def name(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"

    def copies(self) -> list[str]:
        """Copy stamps (SAO Y by a Tỉnh ủy, SAO LỤC by a Huyện ủy) on about a quarter of the documents."""
        rng, d = self.rng, self.doc
        if rng.random() > 0.25:
            return []
        out: list[str] = []
        province = d.body.province or rng.choice(PROVINCES)
        day = d.day
        for kind, code, body in (("SAO Y", "SY", f"TỈNH ỦY {province.upper()}"),
                                 ("SAO LỤC", "BS", f"HUYỆN ỦY {rng.choice(SYLLABLES).upper()} {rng.choice(SYLLABLES).upper()}")):
            day = day + timedelta(days=rng.randrange(2, 20))
            out += ["", body, "", "*", "", f"Số {rng.randrange(1, 900)}-{code}/{'TU' if code == 'SY' else 'HU'}", "",
                    "Nơi nhận:", "", "- Các đ/c UVBTV,", "- Lưu Văn phòng.", "", kind, "",
                    f"{province}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", "",
                    "T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "", "", self.name()]
            if rng.random() < 0.5:
                break
        return out

    def text(self) -> str:
        target = int(self.rng.triangular(5_000, 32_000, 10_000))
        lines = self.header() + [""] + "\n\n".join(self.body(target)).split("\n") + ["", *self.closing(), *self.copies()]
        return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the corpus

def relative_path(index: int) -> str:
    """``d012/012345.txt``: 1,000 documents per folder."""
    return f"d{index // PER_FOLDER:03d}/{index:06d}.txt"


@lru_cache(maxsize=2)
def _cached_registry(n: int, seed: int) -> list[Doc]:
    return registry(n, seed)


def _write_range(args: tuple[int, int, tuple[int, int], str, int]) -> list[str]:
    """Write documents ``start``…``stop - 1``; return their manifest lines (run in a worker process)."""
    n, seed, (start, stop), out, mentions = args[0], args[1], args[2], Path(args[3]), args[4]
    docs = _cached_registry(n, seed)
    lines = []
    for doc in docs[start:stop]:
        w = Writer(docs, doc, seed, mentions)
        path = out / relative_path(doc.index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(w.text(), encoding="utf-8")
        lines.append(json.dumps({"file": relative_path(doc.index), "symbol": doc.symbol, "date": doc.day.isoformat(),
                                 "planted": [p.__dict__ for p in w.planted]}, ensure_ascii=False))
    return lines


def synth(n: int, seed: int, out_dir: str | os.PathLike[str], workers: int = 1, mentions: int = 1) -> Path:
    """Write ``n`` documents (and ``planted.jsonl``) into ``out_dir``; the same seed gives the same bytes.

    ``mentions``: each document names each document it cites that many times, with as many times more other
    references (state documents, plenums…): 6 gives 34 references a document at 2,000 documents, as dense as the
    real ones (31).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chunk = max(1, min(PER_FOLDER, -(-n // max(1, workers * 4))))
    jobs = [(n, seed, (s, min(n, s + chunk)), str(out), mentions) for s in range(0, n, chunk)]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_write_range, jobs))
    else:
        results = [_write_range(job) for job in jobs]
    manifest = out / MANIFEST
    manifest.write_text("".join(line + "\n" for lines in results for line in lines), encoding="utf-8")
    return out


def read_manifest(out_dir: str | os.PathLike[str]) -> list[dict]:
    """The planted references of a generated corpus, one dict per document."""
    return [json.loads(line) for line in (Path(out_dir) / MANIFEST).read_text(encoding="utf-8").splitlines()]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="folder to write into")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--mentions", type=int, default=1,
                    help="times each cited document is named (6: ~34 references a document, as real ones have)")
    args = ap.parse_args(argv)
    out = synth(args.n, args.seed, args.out, args.workers, args.mentions)
    size = sum(p.stat().st_size for p in out.rglob("*.txt"))
    print(f"wrote {args.n} documents, {size / 1e6:.1f} MB, to {out}")


if __name__ == "__main__":
    main()
