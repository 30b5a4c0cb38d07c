"""Tier B: specific documents named without a full symbol.

- a plenum's document: ``Nghị quyết Trung ương 4 khóa XI, XII`` (one per term), ``Nghị quyết TW3
  (Khóa X)``, ``Kết luận Hội nghị Trung ương 4 khóa XIII``, ``Nghị quyết Hội nghị lần thứ tư Ban
  Chấp hành Trung ương khóa XII``; with no term, the term in force on the citing document's date;
- a National Congress's resolution: ``Nghị quyết Đại hội XII của Đảng``, ``Nghị quyết Đại hội lần
  thứ XII`` (never another party's congress, nor a local one);
- a number without issuer code: ``Nghị quyết 18,19 của Hội nghị Trung ương 6 khóa XII`` (two),
  ``Chỉ thị 05 của Bộ Chính trị (khóa XII)``, ``NQ 68``;
- the Party Charter (``Điều lệ Đảng``) and Platform (``Cương lĩnh``) named as texts.

Each kind is found from a cheap anchor over the normalised text (a diacritic-blind regex for
``Trung ương``, ``Đại hội``, ``Điều lệ``, ``Cương lĩnh``, or a number after a word), then read in a
small skeleton window around the anchor. Whole-text skeletons would cost more than all the
matching together.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.attributes import Candidate, number_at, read_tail, terms_at
from kg.rules import roman_to_int, term_of
from kg.rules.lexicon import fuzzy, lexicon, roman, skeleton

__all__ = ["find_descriptive"]

_BACK = 60  # characters looked at before an anchor for its type word
_AHEAD = 200

_lex = lexicon()

_TRUNG_UONG = re.compile(r"(?<!\w)(?:" + fuzzy("trung uong") + r"(?!\w)|T[WƯ](?=\s?\d))")
_DAI_HOI = re.compile(r"(?<!\w)" + fuzzy("dai hoi") + r"(?!\w)")
_DIEU_LE = re.compile(r"(?<!\w)" + fuzzy("dieu le") + r"(?!\w)")
_CUONG_LINH = re.compile(r"(?<!\w)" + fuzzy("cuong linh") + r"(?!\w)")
_NUMBER = re.compile(r"(?<=[^\W\d_][ \t])\d{1,4}(?![\d])")


def _words(words: dict[str, str] | list[str]) -> str:
    return "|".join(w.replace(" ", r"\s{1,8}") for w in sorted(words, key=len, reverse=True))


_ABBR = {skeleton(k): v for k, v in _lex.abbreviations.items()}
_PLENUM_BACK = re.compile(
    r"(?:^|[^a-z0-9])(?P<tw>" + _words([*_lex.plenum_words, "nq", "kl"]) + r")"
    r"(?P<hn>\s{1,8}hoi\s{1,8}nghi(?:\s{1,8}lan\s{1,8}thu\s{1,8}(?P<n>\d{1,2}|" + _lex.numeral_re + r")"
    r"(?:\s{1,8}(?:cua\s{1,8})?ban\s{1,8}chap\s{1,8}hanh)?)?)?\s{0,8}$"
)
_PLENUM_AHEAD = re.compile(r"(?:trung\s{1,8}uong(?:\s{1,8}dang)?|t[wu])(?:\s{0,8}lan\s{1,8}thu)?\s{0,8}")
_COMMA = re.compile(r"\s{0,8},?\s{0,8}")
_NAME_END = re.compile(r"trung\s{1,8}uong(?:\s{1,8}dang)?")
_NUM_SEP = re.compile(r"\s{0,3}(?:,|va)\s{0,3}")
_CONGRESS_BACK = re.compile(r"(?:^|[^a-z0-9])(?P<tw>" + _words(_lex.congress_words) + r")\s{1,8}$")
_CONGRESS_AHEAD = re.compile(
    r"dai\s{1,8}hoi(?:\s{1,8}dai\s{1,8}bieu)?(?:\s{1,8}dang)?(?:\s{1,8}toan\s{1,8}quoc)?(?:\s{1,8}lan\s{1,8}thu)?"
    r"\s{1,8}(?P<t>[ivxl]{1,6}(?![a-z0-9])|\d{1,2}(?![\d/])|(?:" + _lex.numeral_re + r")(?![a-z]))"
)
_OF_PARTY = re.compile(r"\s{1,8}cua\s{1,8}dang(?![a-z])")
_LOCAL_AFTER = re.compile(r"\s{1,8}(?:cua\s{1,8})?dang\s{1,8}bo(?![a-z])")
_NUMBER_BACK = re.compile(r"(?:^|[^a-z0-9])(?P<tw>" + _words([*_lex.party_words, *_ABBR]) + r")(?:\s{1,3}so)?\s{1,3}$")
_NUMBER_LIST = re.compile(r"\d{1,4}(?:\s{0,2}(?:,|va)\s{0,2}\d{1,4}(?!\d)){0,9}")
_NOT_A_NUMBER_END = re.compile(r"\s{0,3}[-/]\s{0,3}\w|[.,]\d")
_FOLLOWER = re.compile(r"\s*(?:(?P<punct>[,;.:()\[\]”\"'*…!?]|$)|(?P<word>[a-z]+))")
_DATE_AFTER = re.compile(r"\s{1,3}(?:ngay\s{1,3}\d{1,2}\s?[/.-]\s?\d{1,2}|ngay\s{1,3}\d{1,2}\s{1,3}thang)")
_WORD = re.compile(r"\s{1,8}([^\W\d_]+)")


def find_descriptive(t: str, record_date: str | None, first_group: int = 0) -> list[Candidate]:
    """Every tier-B candidate in the normalised text ``t``, in text order.

    ``record_date`` (the citing document's ISO date) gives the term of a plenum cited without
    one. Candidates one phrase names share a ``group`` number, counted from ``first_group``.
    """
    groups = iter(range(first_group, first_group + 10**9))
    found: list[Candidate] = []
    found.extend(_plenums(t, record_date, groups))
    found.extend(_congresses(t))
    found.extend(_numbers(t, groups))
    found.extend(_charters(t))
    found.extend(_platforms(t))
    found.sort(key=lambda c: (c.start, c.end))
    return found


def _window(t: str, a: int, b: int) -> tuple[int, str, str]:
    a, b = max(0, a), min(len(t), b)
    w = t[a:b]
    return a, w, skeleton(w)


def _type_word(t: str, lo: int, m: re.Match[str]) -> tuple[str, str, int] | None:
    """(code, printed word, start) of the type word group ``tw``; abbreviations must be upper case."""
    start, end = lo + m.start("tw"), lo + m.end("tw")
    printed = t[start:end]
    key = " ".join(m.group("tw").split())
    if key in _ABBR:
        return (_ABBR[key], printed, start) if printed.isupper() else None
    code = _lex.party_words.get(key)
    return (code, printed, start) if code else None


def _plenums(t: str, record_date: str | None, groups: Iterator[int]) -> Iterator[Candidate]:
    for anchor in _TRUNG_UONG.finditer(t):
        lo, w, sk = _window(t, anchor.start() - _BACK, anchor.start() + _AHEAD)
        a = anchor.start() - lo
        back = _PLENUM_BACK.search(sk, 0, a)
        if not back:
            continue
        tw = _type_word(t, lo, back)
        if not tw or tw[0] not in _lex.plenum_words.values():
            continue
        ahead = _PLENUM_AHEAD.match(sk, a)
        if not ahead:
            continue
        numbers, end = [], ahead.end()
        if back.group("n"):
            numbers = [_lex.numerals.get(" ".join(back.group("n").split())) or int(back.group("n"))]
            end = _skip_name(sk, a)
        else:
            numbers, end = _number_list(sk, ahead.end())
        if not numbers or not all(0 < n <= 20 for n in numbers):
            continue
        j = _COMMA.match(sk, end).end()
        terms, tend = terms_at(w, sk, j)
        if terms:
            end = tend
        elif not _ends_number(sk, end):
            continue
        code, printed, start = tw
        group = next(groups)
        for term in terms or [term_of(record_date)]:
            for n in numbers:
                yield Candidate(
                    "plenum", start, lo + end, type=code, type_word=printed, term=term, plenum=n,
                    group=group, notes={"term_inferred": not terms},
                )


def _skip_name(sk: str, a: int) -> int:
    """End of ``Trung ương [Đảng]`` at ``a`` (the plenum number came before it)."""
    m = _NAME_END.match(sk, a)
    return m.end() if m else a


def _number_list(sk: str, i: int) -> tuple[list[int], int]:
    """Numbers at ``i`` joined by commas or ``và`` (``4``, ``18,19``, ``bảy``)."""
    first = number_at(sk, i)
    if not first:
        return [], i
    values, end = [first[0]], first[1]
    while (
        len(values) < 10 and (sep := _NUM_SEP.match(sk, end)) and (nxt := number_at(sk, sep.end()))
        and sk[sep.end()].isdigit() == sk[i].isdigit()
    ):
        values.append(nxt[0])
        end = nxt[1]
    return values, end


def _ends_number(sk: str, i: int) -> bool:
    """Whether what follows a number lets it be a document number rather than a quantity."""
    m = _FOLLOWER.match(sk, i)
    if not m:
        return False
    if m.group("punct") is not None:
        return True
    word = m.group("word")
    if word in _lex.date_only_followers:
        return bool(_DATE_AFTER.match(sk, i))
    return word in _lex.number_followers


def _congresses(t: str) -> Iterator[Candidate]:
    for anchor in _DAI_HOI.finditer(t):
        lo, w, sk = _window(t, anchor.start() - _BACK, anchor.start() + _AHEAD)
        a = anchor.start() - lo
        back = _CONGRESS_BACK.search(sk, 0, a)
        if not back:
            continue
        tw = _type_word(t, lo, back)
        ahead = _CONGRESS_AHEAD.match(sk, a)
        if not tw or not ahead:
            continue
        term = _term_value(w, ahead)
        if not term or _LOCAL_AFTER.match(sk, ahead.end()):
            continue
        end = ahead.end()
        of = _OF_PARTY.match(sk, end)
        if of:
            party_end = _own_party_end(w, sk, of.end())
            if party_end is None:
                continue  # another party's congress
            end = party_end
        code, printed, start = tw
        yield Candidate("congress", start, lo + end, type=code, type_word=printed, term=term)


def _term_value(w: str, m: re.Match[str]) -> str | None:
    """The congress number as a Roman term: ``XII``, ``12`` or ``mười hai`` → ``XII``."""
    raw = m.group("t")
    printed = w[m.start("t"):m.end("t")]
    if raw.isdigit():
        return roman(int(raw)) if 0 < int(raw) < 40 else None
    if raw in _lex.numerals or " ".join(raw.split()) in _lex.numerals:
        return roman(_lex.numerals[" ".join(raw.split())])
    value = roman_to_int(printed) if printed.isupper() else None
    return printed if value and roman(value) == printed else None


def _own_party_end(w: str, sk: str, i: int) -> int | None:
    """After ``của Đảng`` at ``i``: the end of the Party's name, or None if it names another party."""
    rest = sk[i:i + 60]
    for name in _lex.own_party_names:
        m = re.match(r"\s{1,8}" + name.replace(" ", r"\s{1,8}") + r"(?![a-z])", rest)
        if m:
            return i + m.end()
    word = _WORD.match(w, i)
    if word and word.group(1)[0].isupper():
        nxt = " ".join(sk[word.start(1):word.start(1) + 30].split())
        if any(nxt.startswith(s) for s in _lex.party_name_starts):
            return None
    return i


def _charters(t: str) -> Iterator[Candidate]:
    for anchor in _DIEU_LE.finditer(t):
        a, b = anchor.span()
        lo, w, sk = _window(t, a, b + 60)
        printed = t[a:b]
        word = _WORD.match(w, b - lo)
        if word and sk[word.start(1):word.end(1)] == "dang" and word.group(1)[0].isupper():
            after = _WORD.match(w, word.end())
            if after and (after.group(1)[0].islower() and sk[after.start(1):after.end(1)] in _lex.charter_not_after_dang):
                continue
            party_end = _own_party_end(w, sk, word.end())
            if party_end is None:
                continue
            yield Candidate("charter", a, lo + word.end())
        elif printed[0].isupper() and _lex.charter_alone_followers.match(sk, b - lo):
            yield Candidate("charter", a, b)


def _platforms(t: str) -> Iterator[Candidate]:
    for anchor in _CUONG_LINH.finditer(t):
        a, b = anchor.span()
        lo, w, sk = _window(t, a - 40, b + 60)
        if _lex.platform_generic.match(sk, b - lo):
            continue
        if t[a].isupper() or _lex.platform_lower_followers.match(sk, b - lo) or _lex.platform_lower_preceders.search(sk, 0, a - lo):
            yield Candidate("platform", a, b)


def _numbers(t: str, groups: Iterator[int]) -> Iterator[Candidate]:
    for anchor in _NUMBER.finditer(t):
        lo, w, sk = _window(t, anchor.start() - 40, anchor.start() + _AHEAD)
        a = anchor.start() - lo
        back = _NUMBER_BACK.search(sk, 0, a)
        if not back:
            continue
        tw = _type_word(t, lo, back)
        if not tw:
            continue
        m = _NUMBER_LIST.match(sk, a)
        if not m or _NOT_A_NUMBER_END.match(sk, m.end()) or not _ends_number(sk, m.end()):
            continue
        numbers = [int(x) for x in re.findall(r"\d+", m.group())]
        if any(n == 0 or (len(str(n)) == 4 and 1900 <= n <= 2099) for n in numbers):
            continue
        code, printed, start = tw
        tail = read_tail(t, lo + m.end())
        end = max(lo + m.end(), tail.naming_end)
        group = next(groups)
        for n in numbers:
            yield Candidate(
                "number", start, end, type=code, type_word=printed, number=n, term=tail.term,
                issuer=tail.issuer, plenum=tail.plenum, group=group,
            )
