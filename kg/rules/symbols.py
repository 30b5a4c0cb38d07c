"""How symbols are written: the one grammar of a Party symbol ``NUMBER-TYPE/ISSUER`` (``26-NQ/TW``, ``04 - KL/BTCTW``,
``158-KL/ĐUK``, ``06 CT/TW``) and of a state one ``NUMBER/[YEAR/]TYPE-ISSUER`` (``30/2020/NĐ-CP``, ``119/NQ-CP``,
``20/2023/QH15``), that the reference finder, the header reader and the catalog read symbols by.

Symbols are matched on the skeleton (``kg.rules.lexicon.skeleton_bytes``: a byte a character, lower case, no
diacritics), so ``QĐ``, ``TƯ`` and ``ĐUK`` are letters like any other, and read back from the text by their spans
(case and letters as printed). A Party symbol is anchored on its literal ``-`` (or, written without it, on its
``/``), a state one on its ``/``, and the number read backwards from there: fast to search in a whole document. A
document's own number (``Số 09-KL/BTCTW``, ``Số: 06/NQ-CP``) is anchored on its ``Số``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from kg.rules.lexicon import rx, skeleton_bytes

__all__ = ["PartySymbol", "StateNumber", "Symbol", "glued_state_matches", "own_numbers", "own_state_numbers",
           "party_symbols", "split_symbol", "state_matches"]

_GAP = r"[ \t]*(?:\n[ \t]*)?"  # around '-' and '/': spaces, and one line break
_NUMBER, _TYPE, _ISSUER = r"\d{1,5}", r"[a-z]{1,5}", r"[a-z]{1,12}"
_CODE = rf"(?P<iss>{_ISSUER})(?P<glue>\d{{1,2}})?"  # a footnote marker's digits may run into it ('26-NQ/TW1')
_HYPHEN_ON = "-" + _GAP + rf"(?P<type>{_TYPE})" + _GAP + "/" + _GAP + _CODE + r"(?![a-z0-9])"
_HYPHENED = rx(_HYPHEN_ON)
_HYPHENED_NUMBER = rx(rf"(?<!\d)(?P<num>{_NUMBER})" + _GAP + "$")
# written without the hyphen ('06 CT/TW', '12NQ/TW'): anchored on the '/', the type and number read backwards
_LOOSE = rx("/" + _CODE + r"(?![a-z0-9/-])")
_LOOSE_HEAD = rx(rf"(?<![\d/.-])(?P<num>{_NUMBER})[ \t]?(?P<type>[a-z]{{2,5}})$")
# a document's own number: 'Số', 'Số:' or 'Số.', then the symbol
_OWN = rx(rf"(?<![a-z0-9])so\s*[:.]?\s*(?P<num>{_NUMBER})" + _GAP + _HYPHEN_ON)
_SO = ("Số", "SỐ", "số")


class PartySymbol:
    """A Party symbol found in a text: its span and its parts as printed."""

    __slots__ = ("start", "end", "num", "type", "iss", "glue", "loose")

    def __init__(self, t: str, num: re.Match[bytes], type_: re.Match[bytes], m: re.Match[bytes], loose: bool) -> None:
        self.start, self.end = num.start("num"), m.end("iss")  # glued marker digits stay outside
        self.num = t[num.start("num"):num.end("num")]
        self.type = t[type_.start("type"):type_.end("type")]
        self.iss = t[m.start("iss"):m.end("iss")]
        self.glue = m.group("glue")
        if self.iss.endswith("ngày") and self.iss[:-4].isupper() and not self.glue:
            # a code run into 'ngày' when the space is lost ('Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012',
            # Quyết định 719/QĐ-TTg)
            self.iss, self.end = self.iss[:-4], self.end - 4
        self.loose = loose  # '06 CT/TW', '12NQ/TW': no hyphen between number and type

    @property
    def capitalised(self) -> bool:
        """Whether type and issuer codes begin with a capital, as every printed symbol's do."""
        return self.type[:1].isupper() and self.iss[:1].isupper()


def party_symbols(t: str, sk: bytes | None = None) -> Iterator[PartySymbol]:
    """The Party symbols of ``t`` in text order (``sk``: its skeleton, when the caller has it)."""
    sk = skeleton_bytes(t) if sk is None else sk
    found = []
    for m in _HYPHENED.finditer(sk):
        num = _HYPHENED_NUMBER.search(sk, max(0, m.start() - 16), m.start())
        if num:
            found.append(PartySymbol(t, num, m, m, False))
    for m in _LOOSE.finditer(sk):
        head = _LOOSE_HEAD.search(sk, max(0, m.start() - 16), m.start())
        if head:
            found.append(PartySymbol(t, head, head, m, True))
    yield from sorted(found, key=lambda f: f.start)


def _own_matches(pattern: re.Pattern[bytes], t: str, at_start: bool) -> Iterator[re.Match[bytes]]:
    """The matches of an own-number ``pattern`` in ``t`` (only one opening it, ``at_start``), tried only where a
    ``Số`` is printed."""
    if at_start:
        if t.startswith(_SO) and (m := pattern.match(skeleton_bytes(t))):
            yield m
    elif any(so in t for so in _SO):
        yield from (m for m in pattern.finditer(skeleton_bytes(t)) if t[m.start():m.start() + 2] in _SO)


def own_numbers(t: str, at_start: bool = False) -> Iterator[tuple[int, PartySymbol]]:
    """A document's or a copy's own number, ``Số 09-KL/BTCTW`` (hyphened, capitalised, after ``Số``), in ``t`` (or
    opening it, ``at_start``): where its ``Số`` starts, and the symbol."""
    if "-" not in t:
        return
    for m in _own_matches(_OWN, t, at_start):
        found = PartySymbol(t, m, m, m, False)
        if not found.glue and found.capitalised:
            yield m.start(), found


class Symbol(NamedTuple):
    """A Party symbol's parts: ``09-KL/BTCTW`` → (9, 'KL', 'BTCTW')."""

    number: int
    type: str
    code: str


def split_symbol(symbol: str | None) -> Symbol | None:
    """The parts of a written Party symbol (``09-KL/BTCTW``, ``09 - KL / BTCTW``, ``009-KL/BTCTW``) that is the whole
    of ``symbol``; None for anything else. How symbols already found are read (the catalog's rows, copy stamps)."""
    text = (symbol or "").strip()
    found = next(party_symbols(text), None)
    if found is None or found.loose or found.glue or found.start != 0 or found.end != len(text):
        return None
    return Symbol(int(found.num), found.type, found.iss)


# --- state symbols: 'NUMBER/[YEAR/]TYPE-ISSUER' and 'NUMBER/YEAR/QH15', anchored on the '/'

_YEAR = r"(?:19|20)\d\d"
_STATE_CODE = r"[a-z]{1,10}\d{0,2}"  # an issuer's code, or one of its units' ('BKHCN-CNC')
_STATE = rx(
    rf"/[ \t]?(?:(?P<year>{_YEAR})[ \t]?/[ \t]?)?"
    # a space may stand on one side of the hyphen, as pages print it ('08/NQ -TW', '938/BKHCN- KHTC')
    rf"(?:(?P<type>[a-z]{{1,6}})(?:[ \t]-|-[ \t]?)(?P<iss>{_STATE_CODE}(?:-{_STATE_CODE}){{0,3}})"
    r"|(?P<qh>(?:ubtvqh|qh)\d{1,2}))(?![a-z0-9])"
)
_STATE_NUMBER = rx(r"(?<![\d/])(?P<num>\d{1,6})[ \t]?$")
_STATE_GLUED = rx(r"/(?P<g>[a-z]{3,9})(?![a-z0-9/-])")  # '456/QĐTTg': the type run into the body's code
# a state document's own number: 'Số', then the symbol, spaces anywhere around '/' and '-'
_STATE_OWN = rx(rf"(?<![a-z0-9])so\s*[:.]?\s*(?P<num>\d{{1,6}})\s*/\s*(?:(?P<year>{_YEAR})\s*/\s*)?"
                r"(?P<rest>[a-z][a-z0-9]{0,11}(?:\s*-\s*[a-z][a-z0-9]{0,11}){0,3})(?![a-z0-9-])")


def state_matches(sk: bytes) -> Iterator[tuple[re.Match[bytes], re.Match[bytes]]]:
    """(number, rest) of each state symbol of a skeleton: ``rest`` has ``year``, and ``type`` and ``iss`` or ``qh``."""
    for m in _STATE.finditer(sk):
        num = _STATE_NUMBER.search(sk, max(0, m.start() - 10), m.start())
        if num:
            yield num, m


def glued_state_matches(sk: bytes) -> Iterator[tuple[re.Match[bytes], re.Match[bytes]]]:
    """(number, codes) of each ``NUMBER/TYPEBODY`` of a skeleton (``456/QĐTTg``): ``g`` the letters to split."""
    for m in _STATE_GLUED.finditer(sk):
        num = _STATE_NUMBER.search(sk, max(0, m.start() - 10), m.start())
        if num:
            yield num, m


class StateNumber(NamedTuple):
    """A state document's own number as printed (``Số: 06/NQ-CP``): where its ``Số`` starts, its number's span, and
    the codes after the number and year (``['NQ', 'CP']``, ``['QH15']``, ``['BKHCN', 'CNC']``)."""

    at: int
    start: int
    end: int
    number: str
    year: str | None
    parts: list[str]


def own_state_numbers(t: str, at_start: bool = False) -> Iterator[StateNumber]:
    """The state own numbers of ``t`` (each code capitalised, after ``Số``), or the one opening it (``at_start``)."""
    if "/" not in t:
        return
    for m in _own_matches(_STATE_OWN, t, at_start):
        parts = [p.strip() for p in t[m.start("rest"):m.end("rest")].split("-")]
        if all(p[:1].isupper() for p in parts):
            year = t[m.start("year"):m.end("year")] if m.group("year") else None
            yield StateNumber(m.start(), m.start("num"), m.end("rest"), t[m.start("num"):m.end("num")], year, parts)
