"""Tier B: specific documents named without a full symbol.

- a plenum's document: ``Nghị quyết Trung ương 4 khóa XI, XII`` (one per term), ``Nghị quyết TW3
  (Khóa X)``, ``Kết luận Hội nghị Trung ương 4 khóa XIII``, ``Nghị quyết Hội nghị lần thứ tư Ban
  Chấp hành Trung ương khóa XII``; with no term, the term in force on the citing document's date;
- a National Congress's resolution: ``Nghị quyết Đại hội XII của Đảng``, ``Nghị quyết Đại hội lần
  thứ XII`` (never another party's congress, nor a local one);
- a number without issuer code: ``Nghị quyết 18,19 của Hội nghị Trung ương 6 khóa XII`` (two),
  ``Chỉ thị 05 của Bộ Chính trị (khóa XII)``, ``NQ 68``;
- the Party Charter (``Điều lệ Đảng``) and Platform (``Cương lĩnh``) named as texts.

Each kind is found from a cheap anchor on the document's skeleton (a literal such as ``trung
uong``, ``dai hoi``, ``dieu le``, ``cuong linh``, or a number after a type word), and only then
read around the anchor: literal searches run at hundreds of MB/s, alternations of words do not.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.attributes import Candidate, number_at, read_tail, terms_at
from kg.extract.dates import DATE_RE, iso_from_match
from kg.rules import roman_to_int, term_of
from kg.rules.lexicon import lexicon, roman, rx, skeleton

__all__ = ["find_descriptive"]

_BACK = 60  # characters looked at before an anchor for its type word
_LOWER_LETTERS = bytes(range(97, 123))
_SPACES = b" \t\n\r\x0b\x0c"  # what \s matches in a bytes pattern

_lex = lexicon()


def _words(words) -> str:
    return "|".join(w.replace(" ", r"\s{1,8}") for w in sorted(set(words), key=len, reverse=True))


def _last_words(words) -> frozenset[bytes]:
    return frozenset(w.split()[-1].encode() for w in words)


_ABBR = {skeleton(k): v for k, v in _lex.abbreviations.items()}

# Anchors (skeleton) and the word that must stand just before each for the full check to run.
_TRUNG_UONG = rx(r"trung\s{1,8}uong(?![a-z])")
_TW = re.compile(r"T\.?[WƯ](?=\s?\d)")  # 'TW4', 'TƯ 4', and 'T.Ư 7' ('Nghị quyết T.Ư 7 (khóa XI)', Hà Nội 2013)
_DAI_HOI = rx(r"dai\s{1,8}hoi(?![a-z])")
_DIEU_LE = rx(r"dieu\s{1,8}le(?![a-z])")
_CUONG_LINH = rx(r"cuong\s{1,8}linh(?![a-z])")
_DIGITS = rx(r" \d{1,4}(?!\d)")  # a literal start: normalised text has no tabs
# the word before an anchor; glued to it as well ('Nghị quyếtTrung ương 4 khóa XI', a 2012 Central Committee report)
_PLENUM_LAST = _last_words([*_lex.plenum_words, "nq", "kl", "hoi nghi", "ban chap hanh"])
_CONGRESS_LAST = _last_words(_lex.congress_words)
_NUMBER_LAST = _last_words([*_lex.party_words, *_ABBR, "so"])

_PLENUM_BACK = rx(
    r"(?<![a-z0-9])(?P<tw>" + _words([*_lex.plenum_words, "nq", "kl"]) + r")"
    r"(?P<hn>\s{1,8}hoi\s{1,8}nghi(?:\s{1,8}lan\s{1,8}thu\s{1,8}(?P<n>\d{1,2}|[ivx]{1,5}(?![a-z])|" + _lex.numeral_re + r")"
    r"(?:\s{1,8}(?:cua\s{1,8})?ban\s{1,8}chap\s{1,8}hanh)?)?)?\s{0,8}$"
)
_PLENUM_AHEAD = rx(r"(?:trung\s{1,8}uong(?:\s{1,8}dang)?|t\.?[wu])(?:\s{0,8}lan\s{1,8}thu)?\s{0,8}")
_NAME_END = rx(r"trung\s{1,8}uong(?:\s{1,8}dang)?")
_COMMA = rx(r"\s{0,8},?\s{0,8}")
_NUM_SEP = rx(r"\s{0,3}(?:,|va)\s{0,3}")
_CONGRESS_BACK = rx(r"(?<![a-z0-9])(?P<tw>" + _words(_lex.congress_words) + r")\s{1,8}$")
_CONGRESS_AHEAD = rx(
    r"dai\s{1,8}hoi(?:\s{1,8}dai\s{1,8}bieu)?(?:\s{1,8}dang)?(?:\s{1,8}toan\s{1,8}quoc)?(?:\s{1,8}lan\s{1,8}thu)?"
    r"\s{1,8}(?P<t>[ivxl]{1,6}(?![a-z0-9])|\d{1,2}(?![\d/])|(?:" + _lex.numeral_re + r")(?![a-z]))"
)
_OF_PARTY = rx(r"\s{1,8}cua\s{1,8}dang(?![a-z])")
_LOCAL_AFTER = rx(r"\s{1,8}(?:cua\s{1,8})?dang\s{1,8}bo(?![a-z])")
# A province's or a district's congress: 'Nghị quyết Đại hội XV Đảng bộ tỉnh', 'Nghị quyết Đại hội đại biểu Đảng
# bộ tỉnh lần thứ X, nhiệm kỳ 2015 - 2020', 'Đại hội Đảng bộ tỉnh lần thứ XIII, XIV' (its number is the body's own)
_LOCAL_LEVEL = rx(r"\s{1,8}(?:cua\s{1,8})?dang\s{1,8}bo\s{1,8}(?P<level>tinh|huyen)(?![a-z])")
_LOCAL_CONGRESS_AHEAD = rx(
    r"dai\s{1,8}hoi(?:\s{1,8}dai\s{1,8}bieu)?\s{1,8}dang\s{1,8}bo\s{1,8}(?P<level>tinh|huyen)"
    r"\s{1,8}lan\s{1,8}thu\s{1,8}(?P<t>[ivxl]{1,6}(?![a-z0-9])|\d{1,2}(?![\d/]))"
)
_NEXT_ROMAN = rx(r"\s{0,3},\s{0,3}(?P<t>[ivxl]{1,6})(?![a-z0-9])")
_LEVEL_CODES = {b"tinh": "TU", b"huyen": "HU"}
_NUMBER_BACK = rx(r"(?<![a-z0-9])(?P<tw>" + _words([*_lex.party_words, *_ABBR]) + r")(?:\s{1,3}so)?\s{1,3}$")
_NUMBER_LIST = rx(r"\d{1,4}(?:\s{0,2}(?:,|va)\s{0,2}\d{1,4}(?!\d)){0,9}")
_NOT_A_NUMBER_END = rx(r"\s{0,3}[-/]\s{0,3}[a-z0-9]|[.,]\d")
# A year after the number: 'Nghị quyết số 21 năm 2017 của Ban chấp [hành] Trung ương Đảng khóa XII' (Báo Tây Ninh
# 2022), 'nghị quyết 18/2017 của Trung ương' (Tuổi Trẻ 2024); not '18/2017/NQ-CP', a state symbol
_NUMBER_YEAR = rx(r"(?:\s{0,3}/\s{0,3}|\s{1,3}nam\s{1,3})(?P<y>(?:19|20)\d\d)(?![\d/-])")
# '?' stands in the skeleton for any character it does not map (quotes, dashes, ellipses).
_FOLLOWER = rx(r"\s{0,8}(?:(?P<punct>[,;.:()\[\]\"'*!?]|$)|(?P<word>[a-z]+))")
_DATE_AFTER = rx(r"\s{1,3}(?:ngay\s{1,3}\d{1,2}\s?[/.-]\s?\d{1,2}|ngay\s{1,3}\d{1,2}\s{1,3}thang)")
_WORD = re.compile(r"\s{1,8}([^\W\d_]+)")
_OWN_PARTY = [rx(r"\s{1,8}" + name.replace(" ", r"\s{1,8}") + r"(?![a-z])") for name in _lex.own_party_names]


def find_descriptive(t: str, sk: bytes, record_date: str | None, first_group: int = 0) -> list[Candidate]:
    """Every tier-B candidate in the normalised text ``t`` (skeleton ``sk``), in text order.

    ``record_date`` (the citing document's ISO date) gives the term of a plenum cited without
    one. Candidates one phrase names share a ``group`` number, counted from ``first_group``.
    """
    groups = iter(range(first_group, first_group + 10**9))
    found: list[Candidate] = []
    found.extend(_plenums(t, sk, record_date, groups))
    found.extend(_congresses(t, sk, groups))
    found.extend(_numbers(t, sk, groups))
    found.extend(_charters(t, sk))
    found.extend(_platforms(t, sk))
    found.extend(_laws(t))
    found.sort(key=lambda c: (c.start, c.end))
    return found


# A law cited by its name and the date it was passed, without its number: 'Căn cứ Luật Tổ chức Chính phủ ngày 19
# tháng 6 năm 2015' (a Government resolution of 2025), 'Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính
# phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019' (one law: the amending one). The name is
# capitalised and ends at the date; a number in it ('Luật Đất đai số 31/2024/QH15') is the symbol finder's.
# the name may wrap onto the next line ('Luật sửa đổi, bổ sung một số điều của Luật' / 'Tổ chức Chính phủ …', 03/NQ-CP)
_LAW = re.compile(r"(?<![\w])(?P<tw>Bộ luật|Luật)\s+(?P<name>(?:[^\n;:()\d]|\n(?![ \t]*\n)){3,160}?)\s*(?=(?i:ngày)\s*\d)")


def _laws(t: str) -> Iterator[Candidate]:
    """Anchored on ``uật`` (found in C; most Party texts have none), matched from ``Bộ luật`` or ``Luật`` before it."""
    i = t.find("uật")
    while i != -1:
        m = next((m for a in (i - 4, i - 1) if a >= 0 and (m := _LAW.match(t, a))), None)
        date = m and DATE_RE.match(t, m.end())
        iso = date and iso_from_match(date)
        if iso:
            name = " ".join(m.group("name").split())
            yield Candidate("state", m.start(), date.end(), type="L", type_word=m.group("tw"), date=iso,
                            title=f"{m.group('tw')} {name}")
        i = t.find("uật", date.end() if iso else i + 3)


def _word_before(sk: bytes, a: int) -> bytes | None:
    """The letters that end ``sk[:a]`` but for up to 8 spaces, within 16 bytes; None when there are none."""
    w = sk[max(0, a - 16):a]
    body = w.rstrip(_SPACES)
    word = body[len(body.rstrip(_LOWER_LETTERS)):]
    return word if word and len(w) - len(body) <= 8 else None


def _type_word(t: str, m: re.Match[bytes]) -> tuple[str, str, int] | None:
    """(code, printed word, start) of the type word group ``tw``; abbreviations must be upper case."""
    start, end = m.span("tw")
    printed = t[start:end]
    key = " ".join(m.group("tw").decode().split())
    if key in _ABBR:
        return (_ABBR[key], printed, start) if printed.isupper() else None
    code = _lex.party_words.get(key)
    return (code, printed, start) if code else None


def _plenum_anchors(t: str, sk: bytes) -> list[int]:
    return sorted([m.start() for m in _TRUNG_UONG.finditer(sk)] + [m.start() for m in _TW.finditer(t)])


def _plenums(t: str, sk: bytes, record_date: str | None, groups: Iterator[int]) -> Iterator[Candidate]:
    for a in _plenum_anchors(t, sk):
        if _word_before(sk, a) not in _PLENUM_LAST:
            continue
        back = _PLENUM_BACK.search(sk, max(0, a - _BACK), a)
        tw = back and _type_word(t, back)
        if not tw or tw[0] not in _lex.plenum_words.values():
            continue
        ahead = _PLENUM_AHEAD.match(sk, a)
        if not ahead:
            continue
        if back.group("n"):
            numbers, end = [_plenum_number(back.group("n"))], _NAME_END.match(sk, a).end()
        else:
            numbers, end = _number_list(sk, ahead.end())
        if not numbers or not all(0 < n <= 20 for n in numbers):
            continue
        terms, tend = terms_at(t, sk, _COMMA.match(sk, end).end())
        if terms:
            end = tend
        elif not _ends_number(sk, end):
            continue
        code, printed, start = tw
        group = next(groups)
        for term in terms or [term_of(record_date)]:
            for n in numbers:
                yield Candidate(
                    "plenum", start, end, type=code, type_word=printed, term=term, plenum=n,
                    group=group,
                )


def _plenum_number(raw: bytes) -> int:
    """'7', 'bảy' or 'IV' ('Nghị quyết Hội nghị lần thứ IV Ban chấp hành Trung ương Đảng khoá X', Hà Tĩnh 2007)."""
    word = " ".join(raw.decode().split())
    if word in _lex.numerals:
        return _lex.numerals[word]
    return int(word) if word.isdigit() else roman_to_int(word.upper()) or 0


def _number_list(sk: bytes, i: int) -> tuple[list[int], int]:
    """Numbers at ``i`` joined by commas or ``và`` (``4``, ``18,19``, ``bảy``), at most ten."""
    first = number_at(sk, i)
    if not first:
        return [], i
    values, end = [first[0]], first[1]
    digits = chr(sk[i]).isdigit()
    while (
        len(values) < 10 and (sep := _NUM_SEP.match(sk, end)) and (nxt := number_at(sk, sep.end()))
        and chr(sk[sep.end()]).isdigit() == digits
    ):
        values.append(nxt[0])
        end = nxt[1]
    return values, end


def _ends_number(sk: bytes, i: int) -> bool:
    """Whether what follows a number lets it be a document number rather than a quantity."""
    m = _FOLLOWER.match(sk, i)
    if not m:
        return False
    if m.group("punct") is not None:
        return True
    word = m.group("word").decode()
    if word in _lex.date_only_followers:
        return bool(_DATE_AFTER.match(sk, i))
    return word in _lex.number_followers


def _congresses(t: str, sk: bytes, groups: Iterator[int]) -> Iterator[Candidate]:
    for anchor in _DAI_HOI.finditer(sk):
        a = anchor.start()
        if _word_before(sk, a) not in _CONGRESS_LAST:
            continue
        back = _CONGRESS_BACK.search(sk, max(0, a - _BACK), a)
        tw = back and _type_word(t, back)
        if not tw:
            continue
        ahead = _CONGRESS_AHEAD.match(sk, a)
        if not ahead:
            yield from _local_congresses(t, sk, tw, groups, _LOCAL_CONGRESS_AHEAD.match(sk, a))
            continue
        term = _term_value(t, ahead)
        if term and _LOCAL_AFTER.match(sk, ahead.end()):
            yield from _local_congresses(t, sk, tw, groups, ahead, _LOCAL_LEVEL.match(sk, ahead.end()))
            continue
        if not term:
            continue
        end = ahead.end()
        of = _OF_PARTY.match(sk, end)
        if of:
            party_end = _own_party_end(t, sk, of.end())
            if party_end is None:
                continue  # another party's congress
            end = party_end
        code, printed, start = tw
        yield Candidate("congress", start, end, type=code, type_word=printed, term=term)


def _local_congresses(t: str, sk: bytes, tw: tuple[str, str, int], groups: Iterator[int],
                      number: re.Match[bytes] | None, level: re.Match[bytes] | None = None) -> Iterator[Candidate]:
    """A provincial or district congress's resolutions (one per number listed): the number is the body's own,
    ``issuer_code`` its level (TU, HU); the place comes from the citing document when it is resolved."""
    level = level or number
    if number is None or level is None:
        return
    code = _LEVEL_CODES[level.group("level")]
    values = [_term_value(t, number)]
    end = max(number.end(), level.end())
    for more in iter(lambda: _NEXT_ROMAN.match(sk, end), None):
        values.append(_term_value(t, more))
        end = more.end()
    if not all(values):
        return
    word, printed, start = tw
    name = f"Đại hội Đảng bộ {'tỉnh' if code == 'TU' else 'huyện'}"
    group = next(groups) if len(values) > 1 else None
    for value in values:
        yield Candidate("congress", start, end, type=word, type_word=printed, number=roman_to_int(value),
                        issuer_code=code, issuer=name, group=group)


def _term_value(t: str, m: re.Match[bytes]) -> str | None:
    """The congress number as a Roman term: ``XII``, ``12`` or ``mười hai`` → ``XII``."""
    raw = " ".join(m.group("t").decode().split())
    if raw.isdigit():
        return roman(int(raw)) if 0 < int(raw) < 40 else None
    if raw in _lex.numerals:
        return roman(_lex.numerals[raw])
    printed = t[m.start("t"):m.end("t")]
    value = roman_to_int(printed) if printed.isupper() else None
    return printed if value and roman(value) == printed else None


def _own_party_end(t: str, sk: bytes, i: int) -> int | None:
    """After ``của Đảng`` at ``i``: the end of the Party's name, or None if it names another party."""
    for own in _OWN_PARTY:
        m = own.match(sk, i)
        if m:
            return m.end()
    word = _WORD.match(t, i, i + 40)
    if word and word.group(1)[0].isupper():
        nxt = " ".join(sk[word.start(1):word.start(1) + 30].decode().split())
        if any(nxt.startswith(s) for s in _lex.party_name_starts):
            return None
    return i


def _charters(t: str, sk: bytes) -> Iterator[Candidate]:
    for anchor in _DIEU_LE.finditer(sk):
        a, b = anchor.span()
        if a and 97 <= sk[a - 1] <= 122:
            continue
        word = _WORD.match(t, b, b + 40)
        if word and sk[word.start(1):word.end(1)] == b"dang" and word.group(1)[0].isupper():
            if _own_party_end(t, sk, word.end()) is None:
                continue
            yield Candidate("charter", a, word.end())
        elif t[a].isupper() and _lex.charter_alone_followers.match(sk, b):
            yield Candidate("charter", a, b)


def _platforms(t: str, sk: bytes) -> Iterator[Candidate]:
    for anchor in _CUONG_LINH.finditer(sk):
        a, b = anchor.span()
        if a and 97 <= sk[a - 1] <= 122 or _lex.platform_generic.match(sk, b):
            continue
        if (
            t[a].isupper() or _lex.platform_lower_followers.match(sk, b)
            or _lex.platform_lower_preceders.search(sk, max(0, a - 40), a)
        ):
            yield Candidate("platform", a, b)


def _numbers(t: str, sk: bytes, groups: Iterator[int]) -> Iterator[Candidate]:
    for anchor in _DIGITS.finditer(sk):
        a = anchor.start() + 1
        if a < 2 or not 97 <= sk[a - 2] <= 122:
            continue
        if _word_before(sk, a) not in _NUMBER_LAST:
            continue
        back = _NUMBER_BACK.search(sk, max(0, a - 40), a)
        tw = back and _type_word(t, back)
        if not tw:
            continue
        m = _NUMBER_LIST.match(sk, a)
        if not m:
            continue
        numbers = [int(x) for x in re.findall(rb"\d+", m.group())]
        year = _NUMBER_YEAR.match(sk, m.end()) if len(numbers) == 1 else None
        stop = year.end() if year else m.end()
        if not year and _NOT_A_NUMBER_END.match(sk, stop) or not _ends_number(sk, stop):
            continue
        if any(n == 0 or (len(str(n)) == 4 and 1900 <= n <= 2099) for n in numbers):
            continue
        code, printed, start = tw
        tail = read_tail(t, sk, stop)
        end = max(stop, tail.naming_end)
        group = next(groups)
        for n in numbers:
            yield Candidate(
                "number", start, end, type=code, type_word=printed, number=n, term=tail.term,
                issuer=tail.issuer, plenum=tail.plenum, group=group, year=int(year.group("y")) if year else None,
            )
