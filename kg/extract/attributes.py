"""What a text says about a cited document right after (or before) naming it: the descriptive tail.

``Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa
XII về …`` gives a date, an issuer, a plenum, a term and a title. The tail is read as a run of
components, each anchored where the previous one ended, so a date or ``khóa`` that belongs to the
next clause (or the next reference) is never taken: attributes come only from the reference's own
clause. Matching is on the document's skeleton (``kg.rules.lexicon.skeleton_bytes``, the same
offsets as the normalised text), so unaccented text reads the same; case and the printed form are
checked on the normalised text ``t`` at the same offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.dates import date_pattern, iso_from_match
from kg.model import Described, TailFacts
from kg.rules import roman_to_int
from kg.rules.lexicon import lexicon, roman, rx, skeleton

__all__ = [
    "Candidate", "Tail", "body_at", "issuer_before", "number_at", "read_tail", "terms_at",
]

_TAIL_WINDOW = 600
_TITLE_MAX = 400

_SEP = rx(r"\s{0,8}(?:,\s{0,8})?")
_DATE = rx(
    r"(?:ngay\s{0,3}:?\s{0,3}|\((?=[^)]{6,24}\)))?"
    + date_pattern("thang", "nam")
)
_OF = rx(r"(?:cua|do|tai)\s{1,8}")
_TERM_WORD = rx(r"khoa\s{1,8}(?P<r>[ivxl]{1,6}|[1-9][0-9]?)(?![a-z0-9])")
_TERM_MORE = rx(r"\s{0,3}(?:,|va)\s{0,3}(?:khoa\s{1,8})?(?P<r>[ivxl]{1,6})(?![a-z0-9])")
_OPEN_PAREN = rx(r"\(\s{0,3}")
_CLOSE_PAREN = rx(r"\s{0,3}\)")
_TITLE_VE = rx(r"ve\s{1,8}(?:viec\s{1,8})?")
_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}
_TITLE_STOP = re.compile(r"[;:(\[]|\.(?=\s|$)|\n\s*\n|,\s+(?P<next>\w)")
_TITLE_TRIM = rx(r"(?:\s|,|;|\b(?:va|theo|cua|tai|thuc hien|trong|gan voi|voi)\b)+$")
#: Where a subject gives way to the sentence's own verb: ``Nghị quyết 71 về giáo dục và đào tạo được đặt ở …``,
#: ``Nghị quyết Hội nghị Trung ương 7 (khóa IX) về công tác tôn giáo do Ban Bí thư … tổ chức đã khai mạc``
#: (``không được`` belongs to titles: ``về những điều đảng viên không được làm``).
_TITLE_VERB = re.compile(r"\sđã\s|(?<!không)(?<!chưa)(?<!khong)(?<!chua)\s{1,8}(?:được|duoc)\s|\s{1,8}do\s{1,8}",
                         re.IGNORECASE)
_BAN_HANH = rx(r"(?:\s{1,8}[a-z]+){0,4}?\s{1,8}ban\s{1,8}hanh\s{0,8}$")
_BAN_HANH_END = rx(r"ban\s{1,8}hanh\s{0,8}$")
_DIGITS = rx(r"(\d{1,2})(?![\d/]|[.,]\d)")
_NUMERAL = rx(r"(?:" + lexicon().numeral_re + r")(?![a-z])")
_PLENUM_BODY = rx(
    r"hoi\s{1,8}nghi\s{1,8}(?:(?P<lan>lan\s{1,8}thu)|trung\s{1,8}uong(?:\s{1,8}dang)?(?:\s{1,8}lan\s{1,8}thu)?)\s{1,8}"
)
_COMMITTEE = rx(r"\s{1,8}(?:cua\s{1,8})?ban\s{1,8}chap\s{1,8}hanh\s{1,8}trung\s{1,8}uong(?:\s{1,8}dang)?(?![a-z])")
_PLACE_WORD = re.compile(r"[ \t]+([^\W\d_]+)")

_TAIL_WINDOW = 600

@dataclass
class Candidate(Described):
    """A reference found in the normalised text, before it becomes a ``Reference``.

    ``start``/``end`` span the reference itself, ``qual_end`` the end of its date/issuer/term
    qualifiers and ``full_end`` the end of its whole tail (with the title). ``group`` ties the
    references one phrase names (``Nghị quyết Trung ương 4 khóa XI, XII``).
    """

    kind: str
    start: int
    end: int
    qual_end: int = 0
    full_end: int = 0
    group: int | None = None


@dataclass
class Tail(TailFacts):
    """The components read after a reference, and where they end (normalised offsets)."""

    qual_end: int = 0  # end of the last date/issuer/term component
    naming_end: int = 0  # end of the issuer/term run that directly follows, before any date
    end: int = 0  # end of the whole tail, title included


def number_at(sk: bytes, i: int) -> tuple[int, int] | None:
    """A number written in digits or words at ``i`` (``4``, ``bảy``, ``mười ba``): (value, end)."""
    m = _DIGITS.match(sk, i)
    if m:
        return int(m.group(1)), m.end()
    m = _NUMERAL.match(sk, i)
    if m:
        return lexicon().numerals[" ".join(m.group().decode().split())], m.end()
    return None


def _roman_at(t: str, m: re.Match[bytes]) -> str | None:
    """The Roman numeral of group ``r`` if printed in capitals and well formed; ``khóa 11`` in figures is XI."""
    a, b = m.span("r")
    printed = t[a:b]
    if printed.isdigit():
        return roman(int(printed))
    if not printed.isupper():
        return None
    printed = skeleton(printed).upper()  # broken diacritics: 'khỏá XÍĨ'
    value = roman_to_int(printed)
    return printed if value and roman(value) == printed else None


def terms_at(t: str, sk: bytes, i: int) -> tuple[list[str], int]:
    """A list of terms at ``i``: ``khóa XI, XII``, ``(khóa XII, khóa XII)``, ``khóa XI và khóa XII``.

    Returns the terms in order (repeats removed) and the end; ``([], i)`` when there is none.
    """
    j = i
    paren = _OPEN_PAREN.match(sk, j)
    if paren:
        j = paren.end()
    m = _TERM_WORD.match(sk, j)
    if not m:
        return [], i
    first = _roman_at(t, m)
    if not first:
        return [], i
    terms, end = [first], m.end()
    while len(terms) < 10 and (more := _TERM_MORE.match(sk, end)) and (r := _roman_at(t, more)):
        terms.append(r)
        end = more.end()
    if paren:
        close = _CLOSE_PAREN.match(sk, end)
        if not close:
            return [], i
        end = close.end()
    return list(dict.fromkeys(terms)), end


def body_at(t: str, sk: bytes, i: int) -> tuple[str | None, int | None, int] | None:
    """An issuing body named at ``i``: (usual name, plenum number, end), or None.

    ``Hội nghị lần thứ bảy Ban Chấp hành Trung ương`` gives the Committee and plenum 7;
    ``Hội nghị Trung ương 4`` alone gives the plenum itself as the issuer.
    """
    lex = lexicon()
    plenum = _plenum_body(t, sk, i)
    if plenum:
        return plenum
    m = lex.body_re.match(sk, i)
    if m and not _letter_at(sk, m.end()):
        return lex.body_names[int(m.lastgroup[1:])], None, m.end()
    m = lex.local_body_re.match(sk, i)
    if m and not _letter_at(sk, m.end()):
        return _local_name(t, sk, i, m.end())
    return None


def _letter_at(sk: bytes, i: int) -> bool:
    return i < len(sk) and 97 <= sk[i] <= 122


def _plenum_body(t: str, sk: bytes, i: int) -> tuple[str | None, int | None, int] | None:
    m = _PLENUM_BODY.match(sk, i)
    if not m:
        return None
    num = number_at(sk, m.end())
    if not num:
        return None
    n, end = num
    committee = _COMMITTEE.match(sk, end)
    if committee:
        return lexicon().committee, n, committee.end()
    if m.group("lan"):
        return None, n, end
    return f"Hội nghị Trung ương {n}", n, end


def _local_name(t: str, sk: bytes, i: int, end: int) -> tuple[str, None, int]:
    """A local body's name as printed, extended by the capitalised place words on its line."""
    lex = lexicon()
    for _ in range(6):
        m = _PLACE_WORD.match(t, end)
        if not m or not m.group(1)[0].isupper() or sk[m.start(1):m.end(1)].decode() in lex.not_place_words:
            break
        end = m.end()
    return " ".join(t[i:end].split()), None, end


def read_tail(t: str, sk: bytes, pos: int, limit: int | None = None) -> Tail:
    """Read the components after a reference ending at ``pos``, not past ``limit``.

    Components, each at most once and in any order, separated by spaces or a comma: a date
    (``ngày 19/5/2018``), an issuer (``của Bộ Chính trị``, ``tại Hội nghị Trung ương 4``,
    ``của khóa XII``), a term (``khóa XII``, ``(khóa XII)``), and last a title (``về …`` or quoted).
    """
    stop = min(limit if limit is not None else len(t), pos + _TAIL_WINDOW)
    tail = Tail(qual_end=pos, naming_end=pos, end=pos)
    i = pos
    dated = False
    while i < stop:
        j = _SEP.match(sk, i, stop).end()
        step = _component(t, sk, j, stop, tail)
        if step is None:
            break
        kind, i = step
        if kind == "title":
            tail.end = i
            break
        if kind == "date":
            dated = True
        elif not dated:
            tail.naming_end = i
        tail.qual_end = tail.end = i
    return tail


def _component(t: str, sk: bytes, j: int, stop: int, tail: Tail) -> tuple[str, int] | None:
    """Try each component at ``j`` (ending by ``stop``); fill ``tail``; return (kind, end) of the first that matches."""
    step = _first_component(t, sk, j, stop, tail)
    return step if step is None or step[1] <= stop else None


def _first_component(t: str, sk: bytes, j: int, stop: int, tail: Tail) -> tuple[str, int] | None:
    if tail.date is None and (m := _DATE.match(sk, j)) and (iso := iso_from_match(m)):
        end = m.end()
        if sk[m.start():m.start() + 1] == b"(":  # '(15/5/2016)'
            close = _CLOSE_PAREN.match(sk, end)
            if not close:
                return None
            end = close.end()
        tail.date = iso
        return "date", end
    if tail.issuer is None and tail.plenum is None and (of := _OF.match(sk, j)):
        body = body_at(t, sk, of.end())
        if body:
            tail.issuer, tail.plenum, end = body
            terms, end2 = terms_at(t, sk, _SEP.match(sk, end).end())
            if terms and tail.term is None:
                tail.term, end = terms[0], end2
            return "issuer", end
        terms, end = terms_at(t, sk, of.end())
        if terms and tail.term is None:
            tail.term = terms[0]
            return "term", end
    if tail.term is None:
        terms, end = terms_at(t, sk, j)
        if terms:
            tail.term = terms[0]
            return "term", end
    if tail.title is None:
        title = _title_at(t, sk, j, stop)
        if title:
            tail.title, end = title
            return "title", end
    return None


def _title_at(t: str, sk: bytes, j: int, stop: int) -> tuple[str, int] | None:
    """A title: ``về …`` up to the end of its clause (and before ``stop``), or a quoted string (quotes may nest)."""
    m = _TITLE_VE.match(sk, j, stop)
    start = m.end() if m else j
    if start < stop and t[start] in _QUOTES:
        return _quoted(t, start, stop)
    if not m:
        return None
    limit = min(stop, start + _TITLE_MAX)
    end = limit
    for cut in _TITLE_STOP.finditer(t, start, limit):
        if cut.group("next") is None or cut.group("next").isupper():
            end = cut.start()
            break
    end = _before_verb(t, sk, start, end)
    trimmed = _TITLE_TRIM.search(sk, start, end)
    if trimmed:
        end = trimmed.start()
    if end <= start:
        return None
    return " ".join(t[start:end].split()), end


def _before_verb(t: str, sk: bytes, start: int, end: int) -> int:
    """The end of a ``về …`` subject before the verb of the sentence it stands in (``được``, ``đã``, ``do`` + a body)."""
    for m in _TITLE_VERB.finditer(t, start, end):  # one scan of the normalised text (unaccented 'duoc' too)
        if not m.group().rstrip().lower().endswith("do") or lexicon().body_re.match(sk, m.end()):
            return m.start()
    return end


def _quoted(t: str, start: int, stop: int) -> tuple[str, int] | None:
    """The text inside the quotes opening at ``start``, with nested quotes of the same kind."""
    open_, close = t[start], _QUOTES[t[start]]
    depth, i = 0, start
    limit = min(stop, start + _TITLE_MAX)
    while i < limit:
        c = t[i]
        if c == close and (open_ != close or i > start):
            depth -= 1
            if depth <= 0:
                return " ".join(t[start + 1:i].split()), i + 1
        elif c == open_:
            depth += 1
        i += 1
    return None


def issuer_before(t: str, sk: bytes, start: int) -> str | None:
    """The body in ``<body> [a few words] ban hành <reference>`` just before ``start``, if any."""
    if not _BAN_HANH_END.search(sk, max(0, start - 16), start):
        return None
    lex = lexicon()
    best = None
    for m in lex.body_re.finditer(sk, max(0, start - 120), start):
        if _BAN_HANH.fullmatch(sk, m.end(), start):
            best = lex.body_names[int(m.lastgroup[1:])]
    return best
