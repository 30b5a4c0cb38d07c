"""Extract the document's own record (symbol, type, issuer, date, title, signers, copies).

Reads the regions ``parse_structure`` found: the header (issuing body, number, place and date),
the title (type word, subject), the closing (recipients, signature), the copy stamps and the
reception stamps. Every value is what the text prints; a field stays None where it prints
nothing. Body names are cased with the words of ``kg/rules/layout.json``.
"""
from __future__ import annotations

import re
from functools import cache, cached_property

from kg.extract.dates import DATE_RE, iso_from_match
from kg.extract.structure import (
    BARE_DATE_RE, NOI_NHAN_RE, PARTIAL_DATE_RE, PLACE_DATE_RE, RECEIVED_DATE_RE, RECEIVED_NO_RE, Line,
    has_party_number, is_capacity, is_national, is_rule, is_upper, layout, person_name, recipients_end, signature_mode,
    split_lines, stamp_kind, type_word_of,
)
from kg.model import Copy, Received, Record, Region, Signer, Structure, Text
from kg.rules import party_issuers, party_types, places, read_ambiguous_code, state_types, type_code_for_word
from kg.rules.lexicon import lexicon, skeleton
from kg.rules.symbols import own_numbers, own_state_numbers

_BULLET = "-+•"
_TRAIL = " ,;.:"


# --- lines of regions ---


def _lines(text: Text, regions: list[Region]) -> list[Line]:
    """Every line (blank ones too) inside the given regions, in order."""
    out: list[Line] = []
    for r in regions:
        out.extend(split_lines(text.text[r.start:r.end], r.start))
    return out


def _texts(lines: list[Line]) -> list[str]:
    """The non-blank line texts."""
    return [ln.text for ln in lines if ln.text]


# --- body names ---


@cache
def _body_words() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Body-name phrases as word tuples with their running-text form, by first word, longest first."""
    items = [(tuple(k.split()), v) for k, v in layout()["body_words"].items()]
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for k, v in sorted(items, key=lambda kv: len(kv[0]), reverse=True):
        by_first.setdefault(k[0], []).append((k, v))
    return by_first


_VOWELS = frozenset("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def is_acronym(word: str) -> bool:
    """An upper-case word with no vowel (``TNCS``): a Vietnamese syllable always has one, so it is an acronym."""
    return len(word) > 1 and word.isalpha() and not any(c in _VOWELS for c in word.lower())


def _name_parts(upper: str) -> list[tuple[str, bool]]:
    """An upper-case body name as (cased piece, is a form word): ``TỈNH ỦY BÌNH ĐỊNH`` → Tỉnh ủy / Bình / Định."""
    words = upper.split()
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(words):
        phrases = _body_words().get(words[i], ())
        hit = next(((k, v) for k, v in phrases if tuple(words[i:i + len(k)]) == k), None)
        if hit:
            out.append((hit[1], True))
            i += len(hit[0])
        else:
            w = words[i]
            acronym = is_acronym(w)
            out.append((w if acronym else w[:1] + w[1:].lower(), not any(map(str.isalpha, w))))
            i += 1
    return out


def case_body(name: str) -> str:
    """A body's name as running text writes it: ``HUYỆN ỦY TUY PHƯỚC`` → ``Huyện ủy Tuy Phước``."""
    name = " ".join(name.split())
    if not is_upper(name):
        return name
    return " ".join(piece for piece, _ in _name_parts(name))


def _has_place(upper: str) -> bool:
    """True when an upper-case body name carries a place name (it is complete on its own)."""
    return any(not form for _, form in _name_parts(upper))


def _is_place_line(upper: str) -> bool:
    """A line that is only a place (``TỈNH HÀ TĨNH`` under ``ỦY BAN NHÂN DÂN``): it completes the name above it."""
    parts = _name_parts(upper)
    return len(parts) > 1 and parts[0][1] and parts[0][0][:1].islower() and not any(form for _, form in parts[1:])


def _combine(sup: str, sup_name: str, sub: str) -> str:
    """The name of body ``sub`` printed under its superior ``sup`` in a header or stamp."""
    sub_name = case_body(sub)
    if _is_place_line(sub):
        return f"{sup_name} {sub_name}"
    central = layout()["central_units"]
    if _has_place(sub):
        # HUYỆN ỦY NAM ĐÀN under ĐẢNG BỘ TỈNH NGHỆ AN keeps its province: two provinces have districts of one name
        if sup.startswith("ĐẢNG BỘ ") and _has_place(sup) and sup[len("ĐẢNG BỘ "):] not in sub:
            return f"{sub_name} {case_body(sup[len('ĐẢNG BỘ '):])}"
        return sub_name
    if sup in central["superiors"]:
        if sub in central["whole"] or "TRUNG ƯƠNG" in sub:
            return sub_name
        return central["full_names"].get(sub_name, f"{sub_name} {central['suffix']}")
    level = layout()["committees"].get(sub)
    if sup.startswith("ĐẢNG BỘ ") and level is not None:
        rest = sup[len("ĐẢNG BỘ "):]
        if level and rest.startswith(level + " "):
            rest = rest[len(level) + 1:]
        return f"{sub_name} {case_body(rest)}"
    return f"{sub_name} {sup_name}"


def fold_org(parts: list[str]) -> str | None:
    """One body name from its header lines, top level first.

    ``TỈNH ỦY QUẢNG NGÃI`` / ``VĂN PHÒNG`` → ``Văn phòng Tỉnh ủy Quảng Ngãi``.
    """
    parts = [" ".join(p.split()) for p in parts if p.strip()]
    if not parts:
        return None
    name = case_body(parts[0])
    for sup, sub in zip(parts, parts[1:]):
        name = _combine(sup, name, sub)
    return name


# --- header: number, place and date, issuing body ---


_NUMBER_ALONE = re.compile(r"^(?:Số|SỐ|số)\s*[:.]?\s*$")


def _cells_joined(lines: list[Line]) -> list[Line]:
    """The lines, with a ``Số:`` left alone on its line joined to the next (a table cell broken in two:
    ``Số:`` / ``3298/QĐ-BNN-HTQT``), keeping the next line's offsets for what comes from it."""
    kept = [ln for ln in lines if ln.text]
    out = []
    i = 0
    while i < len(kept):
        ln = kept[i]
        if _NUMBER_ALONE.match(ln.text) and i + 1 < len(kept):
            nxt = kept[i + 1]
            out.append(Line(ln.index, ln.raw, nxt.start - len(ln.text) - 1, nxt.end, f"{ln.text} {nxt.text}"))
            i += 2
        else:
            out.append(ln)
            i += 1
    return out


def read_symbol(text: Text, lines: list[Line]) -> tuple[str, str, int, str | None, str] | None:
    """(symbol, symbol as printed, number, type code, issuer code) of the first ``Số …`` in ``lines``: a Party
    symbol (``09-KL/BTCTW``), else a state one (``06/NQ-CP``, ``12/2024/QH15``, ``67/KH-UBND``, a ministry's letter
    ``1234/BKHCN-CNC``, whose type is ``CV`` and whose code is its body's)."""
    lines = _cells_joined(lines)
    for ln in lines:
        for _, m in own_numbers(ln.text):
            symbol = f"{m.num}-{m.type}/{m.iss}"
            return symbol, text.original_at(ln.start + m.start, ln.start + m.end), int(m.num), m.type, m.iss
    for ln in lines:
        m = next(own_state_numbers(ln.text), None)
        if m is None:
            continue
        parts = m.parts
        if len(parts) == 1:  # '12/2024/QH15': the body alone, the type from the title's word
            type_, code = None, parts[0]
        elif parts[0] in state_types() or parts[0] in party_types():
            type_, code = parts[0], parts[1]
        else:  # a letter: 'BKHCN-CNC' is the ministry and its unit
            type_, code = "CV", parts[0]
        if type_ is None and not m.year:
            continue  # '12/NQ' alone: not a number this reader can place
        year = f"{m.year}/" if m.year else ""
        symbol = f"{m.number}/{year}{'-'.join(parts)}"
        return symbol, text.original_at(ln.start + m.start, ln.start + m.end), int(m.number), type_, code
    return None


def read_place_date(lines: list[Line]) -> tuple[str | None, str | None, str | None]:
    """(place, ISO date, partial date) of the first place-and-date line (``Hà Nội, ngày 11 tháng 01 năm 2024``);
    the partial date (``2016-11``, ``2016``) only when the line leaves the day blank. A line broken inside its date
    (``Hà Nội, ngày 09`` / ``tháng 01 năm 2025``, a table cell) is read with the next."""
    texts = _texts(lines)
    for i, t in enumerate(texts):
        if i + 1 < len(texts) and _BROKEN_DATE.search(t):
            t = f"{t} {texts[i + 1]}"
        m = PLACE_DATE_RE.search(t)
        if m and iso_from_match(m):
            return _clean_place(m.group("place")), iso_from_match(m), None
        if BARE_DATE_RE.match(t):
            d = DATE_RE.search(t)
            if d and iso_from_match(d):
                return None, iso_from_match(d), None
        p = PARTIAL_DATE_RE.search(t)
        if p and 1 <= int(p.group("m") or 1) <= 12:
            part = f"{p.group('y')}-{int(p.group('m')):02d}" if p.group("m") else p.group("y")
            return _clean_place(p.group("place")), None, part
    return None, None, None


_BROKEN_DATE = re.compile(r",\s*(?i:ngày)\s*\d{1,2}\s*$")


def _clean_place(place: str) -> str | None:
    """The place of a place-date line without upper-case words glued before it (``KL/TW Hà Nội`` → ``Hà Nội``)."""
    words = place.split()
    while words and len(words[0]) > 1 and is_upper(words[0]) and not words[0].endswith("."):
        words.pop(0)
    return " ".join(words) or None


def _without_own_numbers(t: str) -> str:
    """``t`` with each own number in it, Party (``Số 09-KL/BTCTW``) then state (``Số: 06/NQ-CP``), as a space."""
    for at, m in reversed(list(own_numbers(t))):
        t = f"{t[:at]} {t[m.end:]}"
    for m in reversed(list(own_state_numbers(t))):
        t = f"{t[:m.at]} {t[m.end:]}"
    return t


def _org_lines(lines: list[Line]) -> list[str]:
    """The issuing body's lines of a header: upper case, not the national line, number, date or separator; a line
    that holds a Đảng bộ and its committee (``ĐẢNG BỘ HUYỆN NGA SƠN ĐẢNG UỶ XÃ NGA HẢI``, a page that joined them) is
    two; a line repeated (the enacting body's line under the header) is one."""
    out: list[str] = []
    texts = _NATIONAL.sub("\n", "\n".join(_texts(_cells_joined(lines)))).split("\n")
    for t in texts:
        t = _without_own_numbers(t)
        t = PLACE_DATE_RE.sub(" ", t).strip(" *-_=.,;:")
        if t and is_upper(t) and not type_word_of(t) and not is_rule(t):
            for part in _committee_split(" ".join(t.split())):
                if not out or out[-1] != part:
                    out.append(part)
    return out


class _National:
    """The national lines (``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``), also when a table cell broke one over two lines."""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        lines = sorted(layout()["national_lines"], key=len, reverse=True)
        return re.compile("|".join(r"\s+".join(map(re.escape, line.split())) for line in lines))

    def sub(self, repl: str, text: str) -> str:
        return self.pattern.sub(repl, text)


_NATIONAL = _National()


def _committee_split(line: str) -> list[str]:
    """``ĐẢNG BỘ HUYỆN NGA SƠN ĐẢNG ỦY XÃ NGA HẢI`` → the Đảng bộ and its committee, as a header prints them on two lines."""
    if not line.startswith("ĐẢNG BỘ "):
        return [line]
    committees = [c for c in layout()["committees"] if not c.startswith("_")]
    at = min((i for c in committees if (i := line.find(f" {c} ", len("ĐẢNG BỘ "))) > 0), default=-1)
    return [line[:at], line[at + 1:]] if at > 0 else [line]


# --- title ---


def read_title(lines: list[Line]) -> tuple[str | None, str | None, str | None]:
    """(type word in sentence case, the rest of the type line, subject joined with single spaces)."""
    texts = [t for t in _texts(lines) if not is_rule(t)]
    if not texts or not type_word_of(texts[0]):
        return None, None, _join(texts)
    head = " ".join(texts[0].split())
    word = type_word_of(head) or ""
    rest, subject = head[len(word):].strip() or None, texts[1:]
    if rest is None and subject and is_upper(subject[0]) and subject[0].startswith("CỦA "):
        rest, subject = " ".join(subject[0].split()), subject[1:]  # KẾT LUẬN / CỦA BỘ CHÍNH TRỊ / về …
    return word.capitalize(), rest, _join(subject)


def _join(texts: list[str]) -> str | None:
    """Lines joined with single spaces; None when there are none."""
    joined = " ".join(" ".join(texts).split())
    return joined or None


def _subject_from_header(lines: list[Line]) -> str | None:
    """The ``V/v …`` subject line a letter-type document prints in its header."""
    for t in _texts(lines):
        m = re.match(r"^[Vv]/[Vv]\s*[:.]?\s*(.+)$", t)
        if m:
            return _join([m.group(1)])
    return None


# --- issuer when the header does not name it ---


def word_of_code(symbol: str | None, code: str | None) -> str | None:
    """The type word an own number's code stands for, when the text prints none (a letter has no title word:
    ``Số: 630/BKHCN-KHTC`` is a ``Công văn``); None for a code of two kinds (a Party ``QĐ`` is a quy định or a
    quyết định)."""
    if not symbol or not code:
        return None
    table = state_types() if re.match(r"\d+/", symbol) else party_types()
    words = (table.get(code) or party_types().get(code) or {}).get("words", [])
    if not words or any(words[0] not in w for w in words[1:]):
        return None
    return words[0][:1].upper() + words[0][1:]


def _placed(name: str | None, place: str | None) -> str | None:
    """A province's own state body printed without its place (a page that lost the header's second line:
    ``ỦY BAN NHÂN DÂN`` over ``Nghệ An, ngày 14 tháng 5 năm 2025``) is that province's when the date line names one."""
    if name not in layout()["provincial_bodies"] or not (title := places.province_title(place)):
        return name
    return f"{name} {title}"


def known_body(name: str | None) -> str | None:
    """A header's body as the lexicon writes it when the header spells a known body or the start of only one
    (``BỘ NÔNG NGHIỆP / VÀ PHÁT TRIỂN NÔNG THÔN`` → ``Bộ Nông nghiệp và Phát triển nông thôn``; a page that lost the
    cell's second line, ``BỘ KHOA HỌC VÀ``, → ``Bộ Khoa học và Công nghệ``); any other name as it is."""
    if not name:
        return name
    key = _body_key(name)
    keyed = _keyed_bodies()
    exact = next((n for k, n in keyed if k == key), None)
    if exact is not None:
        return exact
    if len(key.split()) < 3:
        return name
    starts = [n for k, n in keyed if k.startswith(key + " ")]
    return starts[0] if len(starts) == 1 else name


def _body_key(name: str) -> str:
    """A body name as ``known_body`` compares names: without marks, lower case, single spaces."""
    return " ".join(skeleton(name).lower().split())


@cache
def _keyed_bodies() -> list[tuple[str, str]]:
    """The lexicon's body names with their keys, in the lexicon's order (the first exact match wins)."""
    return [(_body_key(n), n) for n in lexicon().body_names]


def _issuer_of_type_line(rest: str | None) -> str | None:
    """``KẾT LUẬN CỦA BỘ CHÍNH TRỊ`` → ``Bộ Chính trị``."""
    m = re.match(r"^CỦA\s+(.+)$", rest or "")
    return case_body(m.group(1)) if m else None


def issuer_of_code(code: str | None) -> str | None:
    """A central body's name from its issuer code (``BTCTW`` → ``Ban Tổ chức Trung ương``).

    None for a local code (it names no place) or one that several bodies share (``TW``).
    """
    info = party_issuers().get(code or "")
    if not info or info.get("level") != "central" or info.get("bodies"):
        return None
    return info["name"]


@cache
def _meeting_re() -> re.Pattern[str]:
    """``Ngày D, <body> [khóa N] <verb> <meeting>``: the opening sentence that names the meeting's body."""
    meet = layout()["meeting"]
    starts = "|".join(re.escape(s) for s in sorted(layout()["body_name_starts"], key=len, reverse=True))
    aux = "|".join(re.escape(a) for a in meet["auxiliaries"])
    verbs = "|".join(re.escape(v) for v in meet["verbs"])
    nouns = "|".join(re.escape(n) for n in meet["nouns"])
    return re.compile(
        rf"^(?:{DATE_RE.pattern}\s*,\s*)?(?:tại\s+[^,]{{1,80}},\s*)?"
        rf"(?P<org>(?:{starts})\b[^,;.:]*?)"
        r"(?:\s*,?\s+(?i:khóa)\s+[IVXLC]+)?(?:\s*,?\s+nhiệm kỳ\s+[\d\s-]+)?"
        rf"(?:\s+(?:{aux}))?\s+(?:{verbs})\s+(?:{nouns})\b"
    )


def issuer_of_meeting(paragraphs: list[str]) -> str | None:
    """The body that held the meeting the document concludes, as its opening sentence names it."""
    for t in paragraphs:
        m = _meeting_re().match(t)
        if m:
            return " ".join(m.group("org").split())
    return None


# --- closing: signers and recipients ---


def read_signers(texts: list[str]) -> list[Signer]:
    """Signers of a signature block: mode line, capacity, name (``Đã ký:`` and noise such as ``Quien`` skipped)."""
    out: list[Signer] = []
    cur: Signer | None = None
    for t in texts:
        mode = signature_mode(t)
        if mode:
            cur = Signer(None, None, mode[0], mode[1] or None)
            out.append(cur)
        elif cur is not None and cur.mode and cur.on_behalf_of is None and cur.capacity is None and is_upper(t):
            cur.on_behalf_of = " ".join(t.split())
        elif is_capacity(t):
            cur = _add_capacity(out, cur, " ".join(t.split()))
        elif (name := person_name(t)) is not None:
            if cur is None:
                cur = Signer(name, None)
                out.append(cur)
            elif cur.name is None:
                cur.name = name
    return out


def _add_capacity(out: list[Signer], cur: Signer | None, cap: str) -> Signer:
    """Put a capacity line on the current signer, or start a new signer with it."""
    if cur is not None and cur.name is None and cur.capacity and cap in layout()["capacity_tails"]:
        cur.capacity = f"{cur.capacity} {cap}"
        return cur
    if cur is not None and cur.name is None and cur.capacity is None:
        cur.capacity = cap
        return cur
    new = Signer(None, cap)
    out.append(new)
    return new


def read_recipients(lines: list[Line]) -> list[str]:
    """Items of a ``Nơi nhận:`` list; a line without a dash continues the item above it."""
    items: list[str] = []
    started = glued = False
    for ln in lines:
        t = ln.text
        m = NOI_NHAN_RE.match(t)
        if m:
            started, t = True, m.group("rest").strip()
        if not started or not t:
            glued = False
            continue
        if t[0] in _BULLET:
            items.append(t.lstrip(_BULLET).strip())
        elif items and glued:
            items[-1] = f"{items[-1].rstrip()} {t}"
        else:
            items.append(t)
        glued = True
    return [i.strip(_TRAIL) for i in items if i.strip(_TRAIL)]


# --- copies and reception stamps ---


def read_copy(text: Text, lines: list[Line]) -> Copy:
    """A copy stamp: kind from its stamp word, its body, number, place and date, recipients and signer."""
    kind, org, sig, recips = None, [], [], []
    headed = False
    k = 0
    while k < len(lines):
        t = lines[k].text
        if not t:
            k += 1
            continue
        if NOI_NHAN_RE.match(t):
            last = recipients_end(lines, k, len(lines))
            recips, k, headed = lines[k:last + 1], last + 1, True
            continue
        if stamp_kind(t):
            kind = kind or stamp_kind(t)
        elif has_party_number(t) or PLACE_DATE_RE.search(t) or is_rule(t) or is_national(t):
            pass
        elif not headed and is_upper(t) and not signature_mode(t) and not is_capacity(t):
            org.append(t)
            k += 1
            continue
        else:
            sig.append(t)
        headed = True
        k += 1
    number = read_symbol(text, lines)
    place, date, _part = read_place_date(lines)
    signers = read_signers(sig)
    first = signers[0] if signers else Signer(None, None)
    return Copy(
        kind=kind or "", symbol=number[0] if number else None, org=fold_org(org), place=place, date=date,
        signer=first.name, symbol_raw=number[1] if number else None, signer_capacity=first.capacity,
        signer_mode=first.mode, recipients=read_recipients(recips),
    )


def read_received(lines: list[Line]) -> Received:
    """A reception stamp: the receiving body, its register number, the date received."""
    org, number, date = [], None, None
    keywords = {w.upper() for w in layout()["received"]["keywords"]}
    for t in _texts(lines):
        if (m := RECEIVED_NO_RE.match(t)) is not None:
            number = number or m.group("no")
        elif (d := RECEIVED_DATE_RE.match(t)) is not None:
            date = date or iso_from_match(DATE_RE.search(d.group("date")))
        elif is_upper(t) and t.upper() not in keywords:
            org.append(t)
    return Received(org=fold_org(org), number=number, date=date)


# --- the record ---


def _first_paragraphs(text: Text, structure: Structure, n: int = 2) -> list[str]:
    """The first ``n`` paragraphs of the body."""
    return _texts(_lines(text, structure.of_kind("body")))[:n]


def _issuer(rec: Record, text: Text, structure: Structure, header: list[Line], type_rest: str | None) -> str | None:
    """The issuing body: from the header, else the type line, else the issuer code, else the meeting sentence."""
    orgs = _org_lines(header)
    of_title = _issuer_of_type_line(type_rest)
    if of_title and orgs in ([], *([s] for s in layout()["central_units"]["superiors"])):
        return of_title  # BAN CHẤP HÀNH TRUNG ƯƠNG heads the Politburo's and Secretariat's papers too
    return (
        _placed(known_body(fold_org(orgs)), rec.place)
        or issuer_of_code(rec.issuer_code)
        or issuer_of_meeting(_first_paragraphs(text, structure))
    )


def extract_record(text: Text, structure: Structure) -> Record:
    """The document's record, from its header, title, signature and copy stamps."""
    rec = Record()
    header = _lines(text, structure.of_kind("header"))
    number = read_symbol(text, header)
    if number:
        rec.symbol, rec.symbol_raw, rec.number, rec.type, rec.issuer_code = number
    rec.place, rec.date, rec.date_part = read_place_date(header)
    rec.type_word, type_rest, rec.title = read_title(_lines(text, structure.of_kind("title")))
    rec.title = rec.title or _subject_from_header(header)
    rec.type = rec.type or (type_code_for_word(rec.type_word) if rec.type_word else None)
    rec.type_word = rec.type_word or word_of_code(rec.symbol, rec.type)
    rec.issuer = _issuer(rec, text, structure, header, type_rest)
    meant = read_ambiguous_code(rec.issuer_code, rec.issuer)
    if meant and meant != rec.issuer_code and rec.symbol:  # 'Số 445-KL/TƯ' under TỈNH ỦY: the Tỉnh ủy's TU
        rec.symbol, rec.issuer_code = rec.symbol.rsplit("/", 1)[0] + "/" + meant, meant
    rec.signers = read_signers(_texts(_lines(text, structure.of_kind("signature"))))
    rec.recipients = read_recipients(_lines(text, structure.of_kind("recipients")))
    rec.copies = [read_copy(text, _lines(text, [r])) for r in structure.of_kind("copy")]
    rec.received = [read_received(_lines(text, [r])) for r in structure.of_kind("received")]
    return rec
