"""Identity: which register numbers a document, which scope its number restarts in, and how sure that is.

A symbol is not unique: ``18-NQ/TW`` of 2017 (term XII) and of 2022 (term XIII) are two documents,
and ``158-KL/ĐUK`` of two provinces are two documents. A document's identity is its register (the
issuer code; for a local code, qualified by the body: ``ĐUK@thua-thien-hue-khoi-co-quan-va-doanh-nghiep``),
its scope (a Central Committee term; a local body's term or a year; a year for state documents),
its type and its number. This module reads bodies and registers, the citing side of a file, and
the file's own document and its copies; ``kg.resolve.evidence`` weighs the scope of references.
"""
from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from kg.model import Copy, Description, Document, Extraction, Identity, Record, Reference, Step
from kg.rules import places
from kg.rules import load, party_issuers, state_issuers, term_of
from kg.rules.symbols import split_symbol
from kg.rules.lexicon import skeleton, slug

__all__ = [
    "Body", "Citing", "Decision", "NUMBERED", "citing_context", "codes_of_issuer", "confidence",
    "copy_documents", "is_long", "level_of_code", "local_register",
    "mention_description", "own_scope", "parse_body", "province_of", "register_confidence", "register_of", "state_register",
    "self_document", "unresolved",
]

NUMBERED = ("symbol", "state", "number")


# --- rules -----------------------------------------------------------------------------------

def _rules() -> dict:
    return load("resolve")


def confidence(evidence: str) -> float:
    """How sure a kind of evidence makes an identification (the table is ``kg/rules/resolve.json``).

    ``date`` 1.0: a date fixes the term by the calendar. ``term`` 0.95: an explicit ``khóa`` can be a
    slip; ``plenum-symbol`` 0.95: a plenum named with its document's symbol in parentheses; ``year`` 0.95: the
    year written with the number (``18/2017``) when the whole year lies in one term. ``plenum``/``subject``/``same-file``/``number-subject`` 0.9: they agree with one checked
    document. ``corpus``/``date-doubtful``/``type-word`` 0.8: other texts agree; or the text's own date
    or type word disagrees with the register. ``catalog``/``earlier-term`` 0.75: the catalog is
    incomplete; the term before the citing one when that is ruled out. ``citing-date`` 0.7: most
    citations are of the current term, not all. ``citing-bounds`` 0.6 / ``citing-bound`` 0.5: an
    undated text placed by what it cites and by its copies' dates.
    """
    return float(_rules()["confidence"][evidence])


def register_confidence(how: str) -> float:
    """How sure the register is: ``central``/``state``/``named`` 1.0, ``own`` body 0.95, ``superior`` 0.9."""
    return float(_rules()["register_confidence"][how])


def level_of_code(code: str | None) -> str | None:
    """``central``, ``local`` or ``state`` for a known issuer code; None for an unknown one."""
    if not code:
        return None
    info = party_issuers().get(code) or state_issuers().get(code)
    return info["level"] if info else None


# --- bodies ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Body:
    """A local Party body read from its name: its code, level, place, province and (for a Đảng bộ Khối) its own name."""

    name: str
    code: str
    level: str  # province, district, khoi, base
    superior: str | None
    place: str | None = None
    unit: str | None = None  # the Khối's name: "Cơ quan và Doanh nghiệp"
    province: str | None = None  # the province the name places a lower body in (``ĐẢNG BỘ TỈNH X`` above a Huyện ủy)
    district: str | None = None  # the district the name places a base body in (``ĐẢNG BỘ HUYỆN X`` above a Đảng ủy xã)

    @property
    def slug(self) -> str | None:
        """The body's qualifier in a register: ``binh-dinh``, ``nghe-an-nam-dan``, ``thua-thien-hue-khoi-co-quan-va-doanh-nghiep``."""
        if not self.place:
            return None
        if self.level == "khoi":
            return f"{slug(self.place)}-khoi" + (f"-{slug(self.unit)}" if self.unit else "")
        if self.level == "province":
            return slug(self.place)
        return "-".join(slug(p) for p in (self.province, self.district, self.place) if p)

    @property
    def province_slug(self) -> str | None:
        """The province the body belongs to: its own place for a province-level body, else the province its name gives."""
        if self.level in ("province", "khoi") and self.place:
            return slug(self.place)
        return slug(self.province) if self.province else None

    @property
    def register(self) -> str | None:
        """``TU@binh-dinh``; None when the body's place is not known (such a document is never merged with another's)."""
        return f"{self.code}@{self.slug}" if self.slug else None


@cache
def _kinds() -> list[tuple[re.Pattern[str], dict]]:
    kinds = _rules()["local_bodies"]["kinds"]
    return [(re.compile(r"(?<![a-z])(?:" + k["pattern"].replace(" ", r"\s+") + r")(?![a-z])"), k) for k in kinds]


@cache
def _place_word() -> re.Pattern[str]:
    words = sorted(_rules()["local_bodies"]["place_words"], key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + r")(?![a-z])")


@cache
def _enclosing_word(level: str) -> re.Pattern[str]:
    words = _rules()["local_bodies"][f"{level}_words"]
    return re.compile(r"(?<![a-z])(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + r")\s+")


_NOT_PLACE = {"khoa", "lan", "thu", "ve", "ngay", "so", "nhiem", "ky", "dang"}


def _capitalised_run(text: str) -> str | None:
    """The leading run of capitalised words (``Bình Định``, ``Bà Rịa - Vũng Tàu``) of ``text``."""
    out: list[str] = []
    words = text.split()
    for i, w in enumerate(words):
        bare = w.strip(",.;:()")
        if not bare:
            break
        if bare in ("-", "–") and out and i + 1 < len(words) and words[i + 1][:1].isupper():
            out.append("-")
            continue
        if not bare[0].isupper() or skeleton(bare).lower() in _NOT_PLACE or re.fullmatch(r"[IVXL]+", bare):
            break
        out.append(bare)
        if bare != w:  # punctuation ends the name
            break
    return " ".join(out) or None


def _enclosing(level: str, text: str, sk: str, skip: tuple[int, int]) -> str | None:
    """The province (or district) a name places itself in (``… tỉnh Thừa Thiên Huế`` → ``Thừa Thiên Huế``), outside ``skip``."""
    for m in _enclosing_word(level).finditer(sk):
        if skip[0] <= m.start() < skip[1]:
            continue
        place = _capitalised_run(text[m.end():])
        if place:
            return place
    return None


def parse_body(name: str | None) -> Body | None:
    """The local body a name denotes (``Tỉnh ủy Bình Định`` → TU of Bình Định); None for a central or unknown body.

    A header's two lines are one name (``Ban Tổ chức Tỉnh ủy Đảng bộ tỉnh Thừa Thiên Huế``): the body is
    the first kind of body named, its place what follows it, and a ``tỉnh``/``thành phố`` elsewhere in the
    name its province.
    """
    if not name:
        return None
    text = " ".join(unicodedata.normalize("NFC", name).split())
    sk = skeleton(text)
    best: tuple[re.Match[str], dict] | None = None
    for pattern, kind in _kinds():
        m = pattern.search(sk)
        if m and (best is None or (m.start(), -len(m.group())) < (best[0].start(), -len(best[0].group()))):
            best = (m, kind)
    if best is None or "trung uong" in sk:
        return None
    m, kind = best
    rest = text[m.end():].strip(" ,")
    place = unit = None
    pw = next((p for p in _place_word().finditer(skeleton(rest)) if rest[p.end():].strip()[:1].isupper()), None)
    if kind["level"] == "khoi":
        if pw:
            unit = rest[:pw.start()].strip(" ,") or None
            place = _capitalised_run(rest[pw.end():])
        else:
            unit = _capitalised_run(rest)
    elif pw and pw.start() == 0:
        place = _capitalised_run(rest[pw.end():])
    else:
        place = _capitalised_run(rest)
    own = (m.start(), m.end() + (pw.end() if pw and pw.start() == 0 else 0))
    province = _enclosing("province", text, sk, own)
    district = _enclosing("district", text, sk, own) if kind["level"] == "base" else None
    if kind["level"] in ("province", "khoi") and not place:
        place, province = province, None
    province, district = _gazetteer_places(kind["level"], place, province, district)
    return Body(name=text, code=kind["code"], level=kind["level"], superior=kind.get("superior"), place=place,
                unit=unit, province=province if province != place else None, district=district)


def _gazetteer_places(level: str, place: str | None, province: str | None,
                      district: str | None) -> tuple[str | None, str | None]:
    """(province, district) of a lower body whose name gives none: the gazetteer's, when its place's name is one
    district's (``Huyện ủy Lục Nam`` → Bắc Giang) or one commune's (``Đảng ủy phường Long Hoa`` → Tây Ninh, Hòa Thành)."""
    if not place or province:
        return province, district
    if level == "district" and (d := places.district(place)):
        return d.province, district
    if level == "base" and not district and (c := places.commune(place)):
        return c.province, c.district
    return province, district


def local_register(code: str, named: str | None, citing: Body | None,
                   province: str | None = None) -> tuple[str | None, str]:
    """The register of a local code and how it was found (``named``, ``own``, ``superior``, ``province``; ``unknown``).

    A named body with its place decides; otherwise the symbol belongs to the citing document's
    own body, or to its superior (a Đảng ủy Khối's or a provincial office's Tỉnh ủy); failing both,
    a provincial code belongs to the province the citing document's header names (``ỦY BAN NHÂN DÂN
    TỈNH VĨNH PHÚC`` citing ``05-NQ/TU``).
    """
    body = parse_body(named)
    if body and body.code == code and body.register:
        return body.register, "named"
    if citing:
        if citing.code == code and citing.register:
            return citing.register, "own"
        if citing.superior == code and citing.province_slug:
            return f"{code}@{citing.province_slug}", "superior"
    if province and code in _provincial_codes():
        return f"{code}@{province}", "province"
    return None, "unknown"


@cache
def _provincial_codes() -> frozenset[str]:
    """The codes of a province's own bodies (Tỉnh ủy and its commissions): one per province."""
    return frozenset(k["code"] for k in _rules()["local_bodies"]["kinds"] if k["level"] == "province")


def province_of(name: str | None) -> str | None:
    """The province (slug) a name places itself in by a ``tỉnh``/``thành phố`` word: ``Ủy ban nhân dân tỉnh Vĩnh Phúc`` → ``vinh-phuc``.

    For a Party body's own name ``Body.province_slug`` says more (``Tỉnh ủy Bình Định`` has no such word).
    """
    if not name:
        return None
    text = " ".join(unicodedata.normalize("NFC", name).split())
    place = _enclosing("province", text, skeleton(text), (0, 0)) or _province_at_end(text)
    return slug(place) if place else None


def _province_at_end(text: str) -> str | None:
    """A province named at the end of a name without a ``tỉnh`` word: ``Báo Ninh Thuận`` (the province's Party paper)."""
    words = text.strip(" .,;").split()
    return next((p for n in range(min(5, len(words) - 1), 0, -1) if (p := places.province(" ".join(words[-n:])))), None)


@cache
def _issuer_codes() -> dict[str, frozenset[str]]:
    from kg.resolve.merge import normal_issuer

    table: dict[str, set[str]] = defaultdict(set)
    for code, info in party_issuers().items():
        if info["level"] != "central":
            continue
        for name in [info["name"], *info.get("bodies", [])]:
            table[normal_issuer(name)].add(code)
    for code, info in state_issuers().items():
        table[normal_issuer(info["name"])].add(code)
    for code, names in _rules()["code_bodies"].items():
        if code.startswith("_"):
            continue
        for name in names:
            table[normal_issuer(name)].add(code)
    return {k: frozenset(v) for k, v in table.items()}


def codes_of_issuer(issuer: str | None) -> frozenset[str]:
    """The codes a named central or state body issues under (``Bộ Chính trị`` → TW); local bodies by their kind."""
    if not issuer:
        return frozenset()
    from kg.resolve.merge import normal_issuer

    codes = _issuer_codes().get(normal_issuer(issuer))
    if codes:
        return codes
    body = parse_body(issuer)
    return frozenset({body.code}) if body else frozenset()


# --- the citing document ---------------------------------------------------------------------

@dataclass(frozen=True)
class Citing:
    """What a file's own document offers to scope its references: its body, its date, or bounds on it.

    ``low`` is the latest date among its references (it is not older than what it cites), ``high``
    the earliest date of its copies and reception stamps (it is not younger than those).
    """

    source: str
    sha256: str
    key: str
    body: Body | None
    date: str | None
    low: str | None = None
    high: str | None = None
    province: str | None = None  # the province its header names (slug), party body or state

    def term(self) -> tuple[str, str] | None:
        """(term, evidence) of the citing document: its date, else bounds that fall in one term."""
        if self.date:
            term = term_of(self.date)  # none before the first Central Committee (a misprinted year: 'năm 1924')
            return (term, "citing-date") if term else None
        if self.low and self.high:
            lo, hi = term_of(self.low), term_of(self.high)
            return (lo, "citing-bounds") if lo == hi and lo else None
        one = self.low or self.high
        return (term_of(one), "citing-bound") if one and term_of(one) else None

    def year(self) -> tuple[str, str] | None:
        """(year, evidence) of the citing document: its date, else bounds within one year."""
        if self.date:
            return self.date[:4], "citing-date"
        if self.low and self.high and self.low[:4] == self.high[:4]:
            return self.low[:4], "citing-bounds"
        return None


def file_hash(extraction: Extraction) -> str:
    """The file's sha256, or (for a file that could not be read) a hash of its path."""
    return extraction.sha256 or hashlib.sha256(extraction.source.encode("utf-8")).hexdigest()


def citing_context(extraction: Extraction, key: str | None = None) -> Citing:
    """The citing side of a file: its own body (from its issuer), date, and the bounds on an undated one."""
    rec = extraction.document or Record()
    dates = [r.date for r in extraction.references if r.date]
    later = [c.date for c in rec.copies if c.date] + [r.date for r in rec.received if r.date]
    if rec.date_part and not rec.date:
        first, last = _part_bounds(rec.date_part)
        dates.append(first)
        later.append(last)
    body = parse_body(rec.issuer)  # None for a central body, or a local one whose name cannot be read
    return Citing(
        source=extraction.source, sha256=file_hash(extraction), key=key or f"file/{file_hash(extraction)}",
        body=body, date=rec.date, low=max(dates) if dates else None, high=min(later) if later else None,
        province=body.province_slug if body else province_of(rec.issuer),
    )


def _part_bounds(part: str) -> tuple[str, str]:
    """The first and last day of a partial date (``2016-11`` → 2016-11-01, 2016-11-30; ``2013`` → the year)."""
    year, _, month = part.partition("-")
    if not month:
        return f"{year}-01-01", f"{year}-12-31"
    last = calendar.monthrange(int(year), int(month))[1]
    return f"{part}-01", f"{part}-{last:02d}"


# --- decisions -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    """What one reference was resolved to: a document key (with identity), how, and how sure."""

    key: str
    kind: str  # document, congress, charter, platform, unresolved
    level: str  # central, local, state, unresolved
    identity: Identity | None
    method: str
    confidence: float
    candidates: tuple[str, ...] = ()
    note: str | None = None
    steps: tuple[Step, ...] = ()  # the evidence weighed, in order (kg.resolve.evidence)


def unresolved(citing: Citing, index: int, ref: Reference, note: str, candidates: Sequence[str] = (),
               steps: Sequence[Step] = ()) -> Decision:
    """An explicit unresolved node for reference ``index``: ``ref/<sha256>/<index>``, never a guess."""
    return Decision(key=f"ref/{citing.sha256}/{index}", kind="unresolved", level="unresolved", identity=None,
                    method="unresolved", confidence=confidence("unresolved"),
                    candidates=tuple(candidates), note=note, steps=(*steps, Step("unresolved", (), note)))


def is_long(ref: Reference) -> bool:
    """A long mention: a symbol with its date and an issuer or a title; it describes its document for other files."""
    return ref.kind in ("symbol", "state") and bool(ref.date) and bool(ref.issuer or ref.title)


def mention_description(source: str, index: int, ref: Reference) -> Description:
    """What one mention says about its document (origin ``corpus-catalog`` for a long mention)."""
    return Description(
        source=source, origin="corpus-catalog" if is_long(ref) else "mention", symbol=ref.symbol,
        type_word=ref.type_word, date=ref.date, issuer=ref.issuer, term=ref.term, plenum=ref.plenum,
        title=ref.title, reference=index,
    )


def register_of(ref: Reference, citing: Citing) -> tuple[str, str | None, str, str]:
    """(jurisdiction, register or None, how, level) of a numbered reference.

    A number without a code (``Chỉ thị 05 của Bộ Chính trị``) takes the code of the body it names
    or of the plenum it comes from (only the Central Committee holds plenums).
    """
    code = ref.issuer_code
    # a party code in the state form ('Nghị quyết 21/NQ-TW, ngày 25/10/2017') is a party symbol
    if ref.kind == "state" and level_of_code(code) not in ("central", "local"):
        register, how = state_register(code, ref.issuer, citing.province)
        return "nha-nuoc", register, how, "state"
    if ref.kind == "number":
        codes = codes_of_issuer(ref.issuer)
        if ref.plenum:
            codes = frozenset({"TW"})
        party = sorted(c for c in codes if level_of_code(c) == "central")
        local = sorted(c for c in codes if level_of_code(c) == "local")
        # 'hướng dẫn số 02 … của Ban tuyên giáo tỉnh ủy': the local body it names numbers it
        code = party[0] if len(party) == 1 else local[0] if not party and len(local) == 1 else None
        if code is None:
            return "dang", None, "unknown", "central"
    level = level_of_code(code) or "central"
    if level == "local":
        register, how = local_register(code, ref.issuer, citing.body, citing.province)
        return "dang", register, how, "local"
    if level == "state":
        register, how = state_register(code, ref.issuer, citing.province)
        return "nha-nuoc", register, how, "state"
    return "dang", code, "central", "central"


def state_register(code: str, named: str | None, province: str | None) -> tuple[str | None, str]:
    """The register of a state code: the code itself for a national body (CP, TTg, QH …); for a province's body
    (UBND, HĐND) the code at the province its name gives (``của Ủy ban nhân dân tỉnh Hà Tĩnh``), else the
    citing document's header's, else none: 2966/QĐ-UBND of Hà Tĩnh is not Nghệ An's."""
    if (state_issuers().get(code) or {}).get("place") != "province":
        return code, "state"
    place = province_of(named)
    if place:
        return f"{code}@{place}", "named"
    return (f"{code}@{province}", "province") if province else (None, "unknown")


def own_scope(ref: Reference, level: str) -> tuple[str, str] | None:
    """(scope, evidence) from what the mention itself says: its date, the year in its symbol, its ``khóa``.

    ``khóa`` is a Central Committee term only beside a central code; beside a local code it is the
    local body's own term (004: ``158-KL/ĐUK … của Đảng ủy Khối khóa VI``), which scopes its register.
    """
    if level == "state":
        if ref.year:
            return str(ref.year), "date"
        return (ref.date[:4], "date") if ref.date else None
    if level == "local":
        if ref.term:
            return ref.term, "term"
        return (ref.date[:4], "date") if ref.date else None
    if ref.date and term_of(ref.date):
        return term_of(ref.date), "date"
    if ref.term:
        return ref.term, "term"
    if ref.year and term_of(f"{ref.year}-01-01") == term_of(f"{ref.year}-12-31") and term_of(f"{ref.year}-01-01"):
        return term_of(f"{ref.year}-01-01"), "year"  # 'nghị quyết 18/2017': a year inside one term
    return None


# --- the file's own document and its copies --------------------------------------------------

def self_document(extraction: Extraction) -> Document:
    """The file's own document: its identity when it has a number of its own, else ``file/<sha256>``."""
    rec = extraction.document or Record()
    citing = citing_context(extraction)
    desc = Description(source=extraction.source, origin="self", symbol=rec.symbol, type_word=rec.type_word,
                       date=rec.date, issuer=rec.issuer, title=rec.title)
    ident = _own_identity(rec, citing)
    level = _level_of_record(rec, citing)
    return Document(
        key=ident.path if ident else citing.key, kind="document", level=level, identity=ident,
        symbol=rec.symbol, type=rec.type, number=rec.number, issuer_code=rec.issuer_code, issuer=rec.issuer,
        date=rec.date, title=rec.title, descriptions=[desc],
    )


_STATE_FORM = re.compile(r"\d+/")


def _own_identity(rec: Record, citing: Citing) -> Identity | None:
    if not (rec.symbol and rec.number is not None and rec.type and rec.issuer_code):
        return None
    if _STATE_FORM.match(rec.symbol):  # '06/NQ-CP', '1234/BKHCN-CNC': a state document, whatever its code
        register, _how = state_register(rec.issuer_code, rec.issuer, citing.province)
        scope = citing.year()
        return Identity("nha-nuoc", register, scope[0], rec.type, rec.number) if register and scope else None
    level = level_of_code(rec.issuer_code) or "central"
    if level == "local":
        register = citing.body.register if citing.body and citing.body.code == rec.issuer_code else None
        scope = citing.year()
        if not register or not scope:
            return None
        return Identity("dang", register, scope[0], rec.type, rec.number)
    term = citing.term()
    if not term:
        return None
    jurisdiction = "nha-nuoc" if level == "state" else "dang"
    scope = citing.year() if level == "state" else term
    return Identity(jurisdiction, rec.issuer_code, scope[0], rec.type, rec.number) if scope else None


def _level_of_record(rec: Record, citing: Citing) -> str:
    level = level_of_code(rec.issuer_code)
    if level:
        return level
    if citing.body:
        return "local"
    return "central" if codes_of_issuer(rec.issuer) else "unresolved"


def copy_documents(extraction: Extraction) -> list[Document]:
    """The file's copy stamps as documents of the copying body's register (``686-SY/TU`` of Tỉnh ủy Bình Định)."""
    rec = extraction.document or Record()
    return [_copy_document(extraction, i, c) for i, c in enumerate(rec.copies)]


def _copy_document(extraction: Extraction, index: int, copy: Copy) -> Document:
    desc = Description(source=extraction.source, origin="self", symbol=copy.symbol, type_word=copy.kind,
                       date=copy.date, issuer=copy.org)
    m = split_symbol(copy.symbol)
    body = parse_body(copy.org)
    ident = None
    if m and copy.date:
        number, type_, code = m
        level = level_of_code(code) or "local"
        register = code
        if level == "local":
            qualifier = body.slug if body and body.code == code else (body.province_slug or body.slug if body else None)
            register = f"{code}@{qualifier}" if qualifier else None
        if register:
            ident = Identity("dang", register, copy.date[:4], type_, number)
    key = ident.path if ident else f"copy/{file_hash(extraction)}/{index}"
    return Document(key=key, kind="copy", level=level_of_code(ident.register.split("@")[0]) if ident else "local",
                    identity=ident, symbol=copy.symbol, type=ident.type if ident else None,
                    number=ident.number if ident else None, issuer_code=ident.register.split("@")[0] if ident else None,
                    issuer=copy.org, date=copy.date, descriptions=[desc])
