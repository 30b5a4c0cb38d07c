"""Find every reference to another document, with its span, attributes and relation.

Tier A is found by symbol: Party ``NUMBER-TYPE/ISSUER`` (``26-NQ/TW``, ``04 - KL/BTCTW``,
``số31-QĐ/TW``, ``158-KL/ĐUK``, a line break or any dash inside) and state ``NUMBER/YEAR/TYPE-ISSUER``
or ``NUMBER/TYPE-ISSUER`` (``30/2020/NĐ-CP``, ``20/2023/QH15``, ``119/NQ-CP``); how symbols are written is
``kg.rules.symbols``, which the header reader shares. Tier B (plenums,
congresses, numbers, Charter, Platform) is in ``descriptive.py``; the tail each reference carries
(date, issuer, term, title) in ``attributes.py``; the rules themselves in ``kg/rules``.

Spans: ``start``/``end`` cover the reference as the gold's ``surface`` does (type word, ``số`` and
symbol; for a plenum or congress its number and terms; for a bare number its qualifying ``của …``
and term). References that one phrase names (``Nghị quyết Trung ương 4 khóa XI, XII``,
``Nghị quyết 18,19 …``) share that phrase's span.

Why no spaCy: a blank ``vi`` pipeline without pyvi tokenises on whitespace only, and spaCy's
rule-based tokenizer alone runs at ~21 MB/s (10 MB/s with sentences) on this machine, which is
the whole budget before any matching. Every pattern needed here is character-level (symbols with
glued markers and dashes, dates, diacritic-blind words) and anchored on rare triggers, which
compiled regexes over small windows do at several times that speed with linear worst cases.
Token patterns would add a 300 MB dependency and nothing the lexicon in ``kg/rules`` cannot say.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from kg.extract.attributes import Candidate, Tail, issuer_before, read_tail
from kg.extract.descriptive import find_descriptive
from kg.extract.relations import assign_relations
from kg.extract.sentences import SentenceIndex
from kg.model import Link, Record, Reference, Structure, Text
from kg.rules import load, party_issuers, read_ambiguous_code, state_issuers, term_of
from kg.rules.lexicon import lexicon, rx, skeleton, skeleton_bytes
from kg.rules.symbols import PartySymbol, glued_state_matches, party_symbols, state_matches

__all__ = ["find_candidates", "find_references", "parse_symbol"]

_lex = lexicon()

# Regions that hold the document's own metadata or a copy's, never citations.
_SKIP_REGIONS = frozenset({"header", "copy", "received", "recipients", "signature"})
_PRIMARY = frozenset({"symbol", "state", "plenum", "congress", "number"})

_STATE_BODIES = frozenset(code for code, info in state_issuers().items() if info.get("place") != "province")
_STATE_TYPES = frozenset(_lex.state_codes.values())
_TYPE_BACK = rx(
    r"(?<![a-z0-9])(?P<tw>" + _lex.type_word_re + r")(?P<so>\s{1,3}so\s{0,3}:?|\s{0,3}so:?)?\s{0,3}$"
)
_SO_ONLY = rx(r"(?<![a-z0-9])so\s{0,3}:?\s{0,3}$")
_LINE_START = rx(r"(?:^|\n)[ \t]*(?:so[ \t]*:?[ \t]*)?$")
_COORDINATION = rx(r"\s{0,8}[,;]?\s{0,8}(?:(?:va|hoac)\s{1,8})?")


def parse_symbol(s: str) -> tuple[str, str, int] | None:
    """(type code, issuer code, number) of the first Party symbol written in ``s``."""
    s = s or ""
    sk = skeleton_bytes(s)
    for found in party_symbols(s, sk):
        codes = _party_codes(found)
        if codes:
            return codes[0], codes[1], int(found.num)
    return None


def _party_codes(m: PartySymbol) -> tuple[str, str] | None:
    """Canonical (type, issuer) codes of a symbol, or None when it is not a Party symbol."""
    type_printed, iss_printed = m.type, m.iss
    if not m.capitalised:
        return None
    if m.loose and not (type_printed.isupper() and iss_printed.isupper() and skeleton(type_printed) in _lex.party_codes):
        return None  # without its hyphen only a known type code in capitals is a symbol
    code = _lex.party_codes.get(skeleton(type_printed))
    issuer = _lex.party_issuer_codes.get(skeleton(iss_printed))
    if issuer and iss_printed.upper() == iss_printed and iss_printed in party_issuers():
        issuer = iss_printed  # TƯ stays TƯ although its skeleton is TU's
    if m.glue and not issuer:
        return None  # digits glued to an unknown code: not a footnote marker we can trust
    if issuer is None and iss_printed.isupper() and len(iss_printed) >= 2:
        issuer = iss_printed
    if code is None and issuer in _lex.party_issuer_codes.values() and type_printed.isupper():
        code = type_printed
    return (code, issuer) if code and issuer else None


def _state_codes(t: str, m: re.Match[bytes]) -> tuple[str | None, str] | None:
    """(type, issuer) of a state symbol match, or None."""
    if m.group("qh"):
        return (None, t[m.start("qh"):m.end("qh")]) if m.group("year") else None
    type_printed, iss = t[m.start("type"):m.end("type")], t[m.start("iss"):m.end("iss")]
    code = _lex.state_codes.get(skeleton(type_printed))
    if not code or not type_printed[0].isupper() or not iss[0].isupper():
        return None
    return code, iss


_LETTER_BACK = rx(r"(?<![a-z])(?P<w>cong\s{1,8}van|van\s{1,8}ban)(?:\s{1,3}so)?\s{0,3}:?\s{0,3}$")


def _letter(t: str, sk: bytes, m: re.Match[bytes], at: int) -> dict | None:
    """A letter of a ministry or an office, ``Công văn số 1234/BKHCN-CNC``: its number is ``ORG-UNIT``, so its type is
    ``CV`` and its code the body's (``BKHCN``); only after the words ``công văn``/``văn bản``. Its Candidate fields."""
    back = _LETTER_BACK.search(sk, max(0, at - 24), at)
    if back is None or not m.group("type"):
        return None
    org, unit = t[m.start("type"):m.end("type")], t[m.start("iss"):m.end("iss")]
    if not (org.isupper() and len(org) >= 2 and unit[:1].isupper()):
        return None
    return {"start": back.start(), "type": "CV", "issuer_code": org,
            "type_word": " ".join(t[back.start():back.end("w")].split())}


def _type_word_before(t: str, sk: bytes, start: int) -> tuple[int, str | None, bool]:
    """(start of the reference, type word as printed, whether only ``Số`` opens its line)."""
    lo = max(0, start - 50)
    m = _TYPE_BACK.search(sk, lo, start)
    if m:
        return m.start("tw"), " ".join(t[m.start("tw"):m.end("tw")].split()), False
    line = _LINE_START.search(sk, lo, start)
    return start, None, bool(line and _SO_ONLY.search(sk, line.start(), start))


def _line_rest_blank(t: str, end: int) -> bool:
    nl = t.find("\n", end)
    return not t[end:nl if nl >= 0 else len(t)].strip()


def _symbols(t: str, sk: bytes) -> Iterator[Candidate]:
    for found in party_symbols(t, sk):
        codes = _party_codes(found)
        if not codes or codes[0] in _lex.copy_codes:
            continue
        start, word, own_line = _type_word_before(t, sk, found.start)
        if own_line and _line_rest_blank(t, found.end):
            continue  # 'Số 04 - KL/BTCTW' alone on its line: a document's own number, not a citation
        code, issuer = codes
        yield Candidate(
            "symbol", start, found.end, symbol=f"{found.num}-{code}/{issuer}", type=code,
            type_word=word, number=int(found.num), issuer_code=issuer,
        )


def _glued_state_symbols(t: str, sk: bytes) -> Iterator[Candidate]:
    """A state symbol whose type runs into its body without the hyphen (``456/QĐTTg``): a known type code in capitals
    followed by a known national body's code."""
    for num, m in glued_state_matches(sk):
        printed = t[m.start("g"):m.end("g")]
        split = next(((printed[:k], printed[k:]) for k in range(len(printed) - 1, 0, -1)
                      if printed[:k] in _STATE_TYPES and printed[:k].isupper()
                      and printed[k:] in _STATE_BODIES), None)
        if split is None:
            continue
        start, word, _ = _type_word_before(t, sk, num.start("num"))
        number = t[num.start("num"):m.start()].strip()
        yield Candidate("state", start, m.end(), symbol=f"{number}/{split[0]}-{split[1]}", type=split[0],
                        type_word=word, number=int(number), issuer_code=split[1])


def _state_symbols(t: str, sk: bytes) -> Iterator[Candidate]:
    yield from _glued_state_symbols(t, sk)
    for num, m in state_matches(sk):
        number = t[num.start("num"):m.start()].strip()
        codes = _state_codes(t, m)
        if codes is None:
            letter = _letter(t, sk, m, num.start("num"))
            if letter is not None:
                letters = "".join(t[m.start("type"):m.end("iss")].split())  # '938/BKHCN- KHTC' is 938/BKHCN-KHTC
                yield Candidate("state", end=m.end(), symbol=f"{number}/{letters}",
                                number=int(number), **letter)
            continue
        start, word, _ = _type_word_before(t, sk, num.start("num"))
        code, issuer = codes
        if code is None:
            code = _named_type(t, sk, word, num.start("num"))
        year = int(m.group("year")) if m.group("year") else None
        middle = f"{year}/" if year else ""
        symbol = f"{number}/{middle}{code}-{issuer}" if m.group("type") else f"{number}/{middle}{issuer}"
        yield Candidate(
            "state", start, m.end(), symbol=symbol, type=code, type_word=word,
            number=int(number), issuer_code=issuer, year=year,
        )


_NAME_TYPE = rx(r"(?<![a-z])(?P<tw>luat|phap\s{1,8}lenh|nghi\s{1,8}quyet|bo\s{1,8}luat)(?![a-z])[^;.:\n]{0,80}$")


_ABBR_BEFORE = re.compile(r"(?<![\w])([A-ZĐ][A-Za-zĐ]{1,3})[ \t]{1,2}$")


def _named_type(t: str, sk: bytes, word: str | None, start: int) -> str | None:
    """The type of a ``…/QH15`` symbol: its type word, or the one that opens its name (``Luật Đất đai số 31/2024/QH15``)."""
    if word:
        return _lex.state_words.get(skeleton(word)) or _lex.party_words.get(skeleton(word))
    abbr = _ABBR_BEFORE.search(t, max(0, start - 8), start)  # 'NQ 12/2024/QH15'
    if abbr and abbr.group(1) in _lex.abbreviations:
        return _lex.abbreviations[abbr.group(1)]
    m = None
    for m in _NAME_TYPE.finditer(sk, max(0, start - 90), start):
        pass
    if not m:
        return None
    key = " ".join(m.group("tw").decode().split())
    return "L" if key == "bo luat" else _lex.state_words.get(key)


def _regions_to_skip(structure: Structure) -> list[tuple[int, int]]:
    return sorted((r.start, r.end) for r in structure.regions if r.kind in _SKIP_REGIONS)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def find_candidates(text: Text, structure: Structure, record: Record) -> list[Candidate]:
    """Every reference candidate with its attributes, in text order (before ``Reference`` objects)."""
    t = text.text
    sk = skeleton_bytes(t)
    skip = _regions_to_skip(structure)
    own = parse_symbol(record.symbol) if record.symbol else None
    primary = [c for c in [*_symbols(t, sk), *_state_symbols(t, sk)] if not _inside(skip, c.start)]
    primary.sort(key=lambda c: c.start)
    tails: dict[tuple[int, int], Tail] = {}
    starts = [c.start for c in primary]
    zones = [(c.start, _tail(t, sk, c, _next_start(starts, c, len(t)), tails).qual_end) for c in primary]
    described = [
        c for c in find_descriptive(t, sk, record.date)
        if not _inside(skip, c.start) and not _title_line(t, c)
    ]
    described = [c for c in described if c.kind in ("charter", "platform") or not _in_zone(zones, c)]
    found = _drop_overlaps(sorted([*primary, *described], key=lambda c: (c.start, c.end)))
    _apply_tails(t, sk, found, tails)
    _coordinate(sk, found)
    found = [c for c in found if not _names_itself(c, own, record)]
    for c in found:
        if c.kind in ("symbol", "number", "state") and c.issuer is None:
            c.issuer = issuer_before(t, sk, c.start)
        if c.kind == "symbol":
            _read_code(c, record)
        if c.kind == "symbol" and c.issuer is None:
            c.issuer = _lex.issuer_names.get(c.issuer_code or "")
    return found


def _read_code(c: Candidate, record: Record) -> None:
    """An ambiguous code (``TƯ``) read by the body named beside it, else as the document's own number reads it."""
    meant = read_ambiguous_code(c.issuer_code, c.issuer)
    if meant is None and record.symbol_raw and record.issuer_code != c.issuer_code:
        own = parse_symbol(record.symbol_raw)
        meant = record.issuer_code if own and own[1] == c.issuer_code else None
    if meant and meant != c.issuer_code and c.symbol:
        c.symbol = c.symbol.rsplit("/", 1)[0] + "/" + meant
        c.issuer_code = meant


def _names_itself(c: Candidate, own: tuple[str, str, int] | None, record: Record) -> bool:
    """A mention of the document's own symbol is the document itself, unless its date or term is another one's.

    Local registers restart their numbers every year, central ones every term: a ``01-KH/HU`` of 2013
    can cite the ``01-KH/HU, ngày 05/01/2012`` of the year before, and a ``01-NQ/TW`` of term XIII the
    ``01-NQ/TW`` of term XII (``Nghị quyết số 01-NQ/TW khóa XII``).
    """
    if own is None or c.kind != "symbol" or (c.type, c.issuer_code, c.number) != own:
        return False
    if not record.date:
        return True
    return not (c.date and c.date != record.date or c.term and c.term != term_of(record.date))


def _title_line(t: str, c: Candidate) -> bool:
    """``NGHỊ QUYẾT`` alone on its line, then ``HỘI NGHỊ LẦN THỨ TƯ …``: the document's own title, not a citation."""
    if not c.type_word or not c.type_word.isupper():
        return False
    end = c.start + len(c.type_word)
    nl = t.find("\n", end, c.end)
    return nl >= 0 and not t[end:nl].strip() and (c.start == 0 or t[c.start - 1] == "\n")


def _in_zone(zones: list[tuple[int, int]], c: Candidate) -> bool:
    """Whether ``c`` starts inside a symbol or its date/issuer/term qualifiers (a qualifier, not a reference)."""
    i = bisect_right(zones, (c.start, float("inf"))) - 1
    return i >= 0 and zones[i][0] <= c.start < max(zones[i][1], zones[i][0] + 1)


def _drop_overlaps(found: list[Candidate]) -> list[Candidate]:
    """Drop a primary candidate that starts inside another's span (other than its own phrase's)."""
    out: list[Candidate] = []
    reach: tuple[int, int | None] = (-1, None)
    for c in found:
        if c.kind in _PRIMARY:
            if c.start < reach[0] and (c.group is None or c.group != reach[1]):
                continue
            if c.end > reach[0]:
                reach = (c.end, c.group)
        out.append(c)
    return out


def _next_start(starts: list[int], c: Candidate, default: int) -> int:
    """Where ``c``'s tail must stop: the start of the next reference (``starts`` sorted)."""
    i = bisect_left(starts, c.end)
    return starts[i] if i < len(starts) else default


def _tail(t: str, sk: bytes, c: Candidate, limit: int, cache: dict[tuple[int, int], Tail]) -> Tail:
    key = (c.end, limit)
    if key not in cache:
        cache[key] = read_tail(t, sk, c.end, limit)
    return cache[key]


def _apply_tails(t: str, sk: bytes, found: list[Candidate], cache: dict[tuple[int, int], Tail]) -> None:
    """Read each candidate's tail up to the next reference and fill what its core left open.

    Charter and Platform do not stop a tail: they stand inside titles (``về thi hành Điều lệ Đảng``).
    """
    starts = [c.start for c in found if c.kind in _PRIMARY]
    for c in found:
        if c.kind not in _PRIMARY:
            c.qual_end = c.full_end = c.end
            continue
        tail = _tail(t, sk, c, _next_start(starts, c, len(t)), cache)
        c.date = c.date or tail.date
        c.issuer = c.issuer or tail.issuer
        c.term = c.term or tail.term
        c.plenum = c.plenum or tail.plenum
        c.title = c.title or tail.title
        c.qual_end, c.full_end = max(c.end, tail.qual_end), max(c.end, tail.end)


def _coordinate(sk: bytes, found: list[Candidate]) -> None:
    """``X và Y của Bộ Chính trị``: X takes the issuer (with its plenum) and term of Y when it names none itself."""
    chain = [c for c in found if c.kind in ("symbol", "number", "state")]
    for a, b in zip(reversed(chain[:-1]), reversed(chain[1:])):
        if a.title is not None or (a.group is not None and a.group == b.group):
            continue
        if not _COORDINATION.fullmatch(sk, a.full_end, b.start):
            continue
        if a.issuer is None and b.issuer is not None:
            a.issuer, a.plenum = b.issuer, a.plenum or b.plenum
        a.term = a.term or b.term


def _footnote_finder(structure: Structure):
    """A function telling whether a normalised position lies in a footnote, and which (by bisection)."""
    spans = sorted(
        [(r.start, r.end, r.number) for r in structure.regions if r.kind == "footnote"]
        + [(f.start, f.end, f.number) for f in structure.footnotes]
    )
    starts = [a for a, _, _ in spans]

    def at(pos: int) -> tuple[bool, int | None]:
        i = bisect_right(starts, pos)
        hits = [n for a, b, n in spans[max(0, i - 4):i] if a <= pos < b]  # a region and its Footnote share a span
        if not hits:
            return False, None
        return True, next((n for n in reversed(hits) if n is not None), None)

    return at


_SENTENCE_MAX = 3000


def _sentence_text(text: Text, sent, pos: int) -> str:
    """The sentence as one line; a run-on "sentence" (pages without punctuation) is cut into stretches."""
    if sent.end - sent.start <= _SENTENCE_MAX:
        return sent.text(text)
    a = sent.start + (pos - sent.start) // _SENTENCE_MAX * _SENTENCE_MAX
    return " ".join(text.text[a:min(sent.end, a + _SENTENCE_MAX)].split())


def find_references(text: Text, structure: Structure, record: Record) -> tuple[list[Reference], list[Link]]:
    """References in text order, and the links the text states between them."""
    found = find_candidates(text, structure, record)
    if not found:
        return [], assign_relations(text, structure, [])
    index = SentenceIndex.of(text, structure)
    footnote_at = _footnote_finder(structure)
    refs = []
    said: dict[tuple[int, int], str] = {}  # one string per sentence (or stretch of a run-on one), shared
    for c in found:
        a, b = text.span(c.start, c.end)
        fa, fb = text.span(c.start, max(c.end, c.full_end))
        in_fn, fn = footnote_at(c.start)
        sent = index.at(c.start)
        key = (id(sent), (c.start - sent.start) // _SENTENCE_MAX if sent is not None else 0)
        if sent is not None and key not in said:
            said[key] = _sentence_text(text, sent, c.start)
        refs.append(Reference(
            kind=c.kind, text=text.original[a:b], start=a, end=b, full_start=fa, full_end=fb,
            symbol=c.symbol, type=c.type, type_word=c.type_word, number=c.number,
            issuer_code=c.issuer_code, year=c.year, term=c.term, plenum=c.plenum, date=c.date,
            issuer=c.issuer, title=c.title, in_footnote=in_fn, footnote=fn,
            sentence=said[key] if sent is not None else None,
        ))
    links = assign_relations(text, structure, refs)
    _title_relation(refs, structure, record)
    return refs, links


def _title_relation(refs: list[Reference], structure: Structure, record: Record) -> None:
    """A guidance's title names what it guides (``HƯỚNG DẪN / THỰC HIỆN … QUY ĐỊNH SỐ 07-QĐI/TW``): the type word is its verb."""
    relation = load("cues")["title_of_type"].get(record.type or "")
    if relation is None:
        return
    titles = structure.of_kind("title")
    for r in refs:
        if r.relation in ("implements", "cites") and any(t.start <= r.start < t.end for t in titles):
            r.relation, r.cue = relation, record.type_word
