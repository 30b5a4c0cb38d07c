"""Find every reference to another document, with its span, attributes and relation.

Tier A is found by symbol: Party ``NUMBER-TYPE/ISSUER`` (``26-NQ/TW``, ``04 - KL/BTCTW``,
``số31-QĐ/TW``, ``158-KL/ĐUK``, a line break or any dash inside) and state ``NUMBER/YEAR/TYPE-ISSUER``
or ``NUMBER/TYPE-ISSUER`` (``30/2020/NĐ-CP``, ``20/2023/QH15``, ``119/NQ-CP``). Tier B (plenums,
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
from bisect import bisect_right
from collections.abc import Iterator

from kg.extract.attributes import Candidate, issuer_before, read_tail
from kg.extract.descriptive import find_descriptive
from kg.extract.relations import assign_relations
from kg.extract.sentences import SentenceIndex, sentences
from kg.model import Link, Record, Reference, Structure, Text
from kg.rules.lexicon import lexicon, skeleton

__all__ = ["find_references", "find_candidates", "parse_symbol"]

_lex = lexicon()

# Regions that hold the document's own metadata or a copy's, never citations.
_SKIP_REGIONS = frozenset({"header", "copy", "received", "recipients", "signature"})
_PRIMARY = frozenset({"symbol", "state", "plenum", "congress", "number"})

_GAP = r"[ \t]*(?:\n[ \t]*)?"
_SYMBOL = re.compile(
    r"(?<!\d)(?P<num>\d{1,5})" + _GAP + "-" + _GAP + r"(?P<type>[^\W\d_]{1,5})" + _GAP + "/" + _GAP
    + r"(?P<iss>[^\W\d_]{1,12})(?P<glue>\d{1,2})?(?![^\W_])"
)
_STATE = re.compile(
    r"(?<![\d/])(?P<num>\d{1,6})[ \t]?/[ \t]?(?:(?P<year>(?:19|20)\d\d)[ \t]?/[ \t]?)?"
    r"(?:(?P<type>[^\W\d_]{1,6})-(?P<iss>[^\W\d_]{1,10}\d{0,2}(?:-[^\W\d_]{1,10}\d{0,2}){0,3})"
    r"|(?P<qh>(?:UBTVQH|QH)\d{1,2}))(?![^\W_])"
)
_TYPE_BACK = re.compile(
    r"(?:^|[^a-z0-9])(?P<tw>" + _lex.type_word_re + r")(?P<so>\s{1,3}so\s{0,3}:?|\s{0,3}so:?)?\s{0,3}$"
)
_SO_ONLY = re.compile(r"(?:^|[^a-z0-9])(?P<so>so\s{0,3}:?)\s{0,3}$")
_HEADER_LINE = re.compile(r"(?:^|\n)[ \t]*(?:so[ \t]*:?[ \t]*)?$")
_COORDINATION = re.compile(r"\s{0,8}[,;]?\s{0,8}(?:(?:va|hoac)\s{1,8})?")


def parse_symbol(s: str) -> tuple[str, str, int] | None:
    """(type code, issuer code, number) of a Party symbol written anywhere in ``s``."""
    m = _SYMBOL.search(s or "")
    if not m:
        return None
    parsed = _party_codes(m)
    return (parsed[0], parsed[1], int(m.group("num"))) if parsed else None


def _party_codes(m: re.Match[str]) -> tuple[str, str] | None:
    """Canonical (type, issuer) codes of a symbol match, or None when it is not a Party symbol."""
    type_printed, iss_printed = m.group("type"), m.group("iss")
    if not type_printed[0].isupper() or not iss_printed[0].isupper():
        return None
    code = _lex.party_codes.get(skeleton(type_printed))
    issuer = _lex.party_issuer_codes.get(skeleton(iss_printed))
    if issuer and iss_printed.upper() == iss_printed and iss_printed in _lex.issuer_names:
        issuer = iss_printed  # TƯ stays TƯ although its skeleton is TU's
    if m.group("glue") and not issuer:
        return None  # digits glued to an unknown code: not a footnote marker we can trust
    if issuer is None and iss_printed.isupper() and len(iss_printed) >= 2:
        issuer = iss_printed
    if code is None and issuer in _lex.party_issuer_codes.values() and type_printed.isupper():
        code = type_printed
    return (code, issuer) if code and issuer else None


def _state_codes(m: re.Match[str]) -> tuple[str | None, str] | None:
    """(type, issuer) of a state symbol match, or None."""
    if m.group("qh"):
        return (None, m.group("qh")) if m.group("year") else None
    type_printed, iss = m.group("type"), m.group("iss")
    code = _lex.state_codes.get(skeleton(type_printed))
    if not code or not type_printed[0].isupper() or not iss[0].isupper():
        return None
    return code, iss


def _type_word_before(t: str, start: int) -> tuple[int, str | None, bool]:
    """(start of the reference, type word as printed, whether only ``Số`` opens its line)."""
    lo = max(0, start - 50)
    sk = skeleton(t[lo:start])
    m = _TYPE_BACK.search(sk)
    if m:
        return lo + m.start("tw"), " ".join(t[lo + m.start("tw"):lo + m.end("tw")].split()), False
    header = _HEADER_LINE.search(sk)
    return start, None, bool(header and _SO_ONLY.search(sk[header.start():]))


def _line_rest_blank(t: str, end: int) -> bool:
    nl = t.find("\n", end)
    return not t[end:nl if nl >= 0 else len(t)].strip()


def _symbols(t: str) -> Iterator[Candidate]:
    for m in _SYMBOL.finditer(t):
        codes = _party_codes(m)
        if not codes or codes[0] in _lex.copy_codes:
            continue
        start, word, own_line = _type_word_before(t, m.start())
        if own_line and _line_rest_blank(t, m.end()):
            continue  # 'Số 04 - KL/BTCTW' alone on its line: a document's own number, not a citation
        end = m.end("iss")
        code, issuer = codes
        yield Candidate(
            "symbol", start, end, symbol=f"{m.group('num')}-{code}/{issuer}", type=code,
            type_word=word, number=int(m.group("num")), issuer_code=issuer,
        )


def _state_symbols(t: str) -> Iterator[Candidate]:
    for m in _STATE.finditer(t):
        codes = _state_codes(m)
        if not codes:
            continue
        start, word, _ = _type_word_before(t, m.start())
        code, issuer = codes
        if code is None and word:
            code = _lex.state_words.get(skeleton(word).lower()) or _lex.party_words.get(skeleton(word))
        year = int(m.group("year")) if m.group("year") else None
        middle = f"{year}/" if year else ""
        symbol = f"{m.group('num')}/{middle}{code}-{issuer}" if m.group("type") else f"{m.group('num')}/{middle}{issuer}"
        yield Candidate(
            "state", start, m.end(), symbol=symbol, type=code, type_word=word,
            number=int(m.group("num")), issuer_code=issuer, year=year,
        )


def _regions_to_skip(structure: Structure) -> list[tuple[int, int]]:
    return sorted((r.start, r.end) for r in structure.regions if r.kind in _SKIP_REGIONS)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def find_candidates(text: Text, structure: Structure, record: Record) -> list[Candidate]:
    """Every reference candidate with its attributes, in text order (before ``Reference`` objects)."""
    t = text.text
    skip = _regions_to_skip(structure)
    own = parse_symbol(record.symbol) if record.symbol else None
    primary = [
        c for c in [*_symbols(t), *_state_symbols(t)]
        if not _inside(skip, c.start) and (c.type, c.issuer_code, c.number) != own
    ]
    primary.sort(key=lambda c: c.start)
    _read_tails(t, primary)
    zones = sorted((c.start, c.qual_end) for c in primary)
    described = [c for c in find_descriptive(t, record.date) if not _inside(skip, c.start)]
    described = [c for c in described if c.kind in ("charter", "platform") or not _in_zone(zones, c)]
    found = _drop_overlaps(sorted([*primary, *described], key=lambda c: (c.start, c.end)))
    _read_tails(t, found)
    _coordinate(t, found)
    for c in found:
        if c.kind in ("symbol", "number", "state") and c.issuer is None:
            c.issuer = issuer_before(t, c.start)
        if c.kind == "symbol" and c.issuer is None:
            c.issuer = _lex.issuer_names.get(c.issuer_code or "")
    return found


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


def _read_tails(t: str, found: list[Candidate]) -> None:
    """Read each candidate's tail up to the next reference (Charter/Platform inside a title do not stop it)."""
    starts = [c.start for c in found if c.kind in _PRIMARY]
    for c in found:
        if c.kind not in _PRIMARY:
            c.qual_end = c.full_end = c.end
            continue
        i = bisect_right(starts, c.end)
        limit = starts[i] if i < len(starts) else len(t)
        tail = read_tail(t, c.end, limit)
        c.date = c.date or tail.date
        c.issuer = c.issuer or tail.issuer
        c.term = c.term or tail.term
        c.plenum = c.plenum or tail.plenum
        c.title = c.title or tail.title
        c.qual_end, c.full_end = max(c.end, tail.qual_end), max(c.end, tail.end)


def _coordinate(t: str, found: list[Candidate]) -> None:
    """``X và Y của Bộ Chính trị``: X takes the issuer (with its plenum) and term of Y when it names none itself."""
    chain = [c for c in found if c.kind in ("symbol", "number", "state")]
    for a, b in zip(reversed(chain[:-1]), reversed(chain[1:])):
        if a.title is not None or a.group is not None and a.group == b.group:
            continue
        gap = skeleton(t[a.full_end:b.start])
        if not _COORDINATION.fullmatch(gap):
            continue
        if a.issuer is None and b.issuer is not None:
            a.issuer, a.plenum = b.issuer, a.plenum or b.plenum
        a.term = a.term or b.term


def _footnote_finder(structure: Structure):
    """A function telling whether a normalised position lies in a footnote, and which."""
    spans = [(r.start, r.end, r.number) for r in structure.regions if r.kind == "footnote"]
    spans += [(f.start, f.end, f.number) for f in structure.footnotes]

    def at(pos: int) -> tuple[bool, int | None]:
        hits = [(n, b - a) for a, b, n in spans if a <= pos < b]
        if not hits:
            return False, None
        numbered = [n for n, _ in sorted(hits, key=lambda h: h[1]) if n is not None]
        return True, numbered[0] if numbered else None

    return at


def find_references(text: Text, structure: Structure, record: Record) -> tuple[list[Reference], list[Link]]:
    """References in text order, and the links the text states between them."""
    found = find_candidates(text, structure, record)
    if not found:
        return [], assign_relations(text, structure, [])
    index = SentenceIndex(sentences(text, structure))
    footnote_at = _footnote_finder(structure)
    refs = []
    for c in found:
        a, b = text.span(c.start, c.end)
        fa, fb = text.span(c.start, max(c.end, c.full_end))
        in_fn, fn = footnote_at(c.start)
        sent = index.at(c.start)
        refs.append(Reference(
            kind=c.kind, text=text.original[a:b], start=a, end=b, full_start=fa, full_end=fb,
            symbol=c.symbol, type=c.type, type_word=c.type_word, number=c.number,
            issuer_code=c.issuer_code, year=c.year, term=c.term, plenum=c.plenum, date=c.date,
            issuer=c.issuer, title=c.title, in_footnote=in_fn, footnote=fn,
            sentence=sent.text(text) if sent else None,
        ))
    links = assign_relations(text, structure, refs)
    return refs, links
