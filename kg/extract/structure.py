"""Find a document's layout: header, title, body, footnotes, closing, signature, copy stamps.

Works line by line on the normalised text. Each non-blank line gets one label; runs of lines
with the same label become ``Region``s. The order of the passes matters: copy stamps (found
from their stamp word) are cut off the end first, then reception stamps, the header and title
at the top, the closing (``Nơi nhận``, signature) at the end of the main text, and what is
left between title and closing is body or footnote. The words of the form live in
``kg/rules/layout.json``.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from kg.extract.dates import DATE_PATTERN
from kg.extract.layout import CLOSERS, ends_with_stop
from kg.model import Footnote, Region, Structure, Text
from kg.rules import load, party_types
from kg.rules.symbols import own_numbers, own_state_numbers

Label = tuple[str, int | None]

# --- the document form, as data ---


def _nfc(value: Any) -> Any:
    """``value`` with every string NFC-normalised (JSON tables may be typed decomposed)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items() if not k.startswith("_")}
    return value


@cache
def layout() -> dict[str, Any]:
    """The table of the document form (``kg/rules/layout.json``), NFC-normalised, comments dropped."""
    return _nfc(load("layout"))


@cache
def type_words_upper() -> tuple[str, ...]:
    """Every party type word in capitals, longest first (``THÔNG BÁO KẾT LUẬN`` before ``THÔNG BÁO``)."""
    words = {w.upper() for info in party_types().values() for w in info["words"]}
    return tuple(sorted(words, key=len, reverse=True))


# --- patterns ---

_NUMBER_LINE_RE = re.compile(r"^(?:Số|SỐ)\s*[:.]?\s*\d")


def is_own_number(t: str) -> bool:
    """A line that starts with a document's own number, in Party form (``Số 09-KL/BTCTW``) or state form
    (``Số: 06/NQ-CP``)."""
    return has_party_number(t, at_start=True) or any(own_state_numbers(t, at_start=True))


def has_party_number(t: str, at_start: bool = False) -> bool:
    """Whether ``t`` holds a Party document's own number (``Số 09-KL/BTCTW``; ``at_start``: opening ``t``)."""
    return any(own_numbers(t, at_start))


#: The register number and the date of a reception stamp (``Số 201`` / ``Ngày 28/12/2023``).
RECEIVED_NO_RE = re.compile(r"^(?:Số|SỐ)\s*(?:đến|ĐẾN)?\s*[:.]?\s*(?P<no>\d{1,7})\s*$")
RECEIVED_DATE_RE = re.compile(r"^(?:Ngày|NGÀY)\s*(?:đến|ĐẾN)?\s*[:.]?\s*(?P<date>" + DATE_PATTERN + r")\s*$")
#: ``Hà Nội, ngày 11 tháng 01 năm 2024``, ``TP. Hồ Chí Minh, ngày 5/6/2020``: up to six words, a comma, a date.
PLACE_DATE_RE = re.compile(
    r"(?P<place>(?<![^\W\d_])[^\W\d_]+\.?(?:[ ]+[^\W\d_]+\.?){0,5})\s*,\s*(?P<date>(?i:ngày)\s*"
    + DATE_PATTERN + ")"
)
#: A place-and-date line whose day (and month) are left blank, as on a draft or a copy typed from one:
#: ``Ninh Thuận, ngày     tháng 11 năm 2016``, ``Hà Nội, tháng 11 năm 2016``, ``Hà Nội, ngày … tháng … năm 2013``.
PARTIAL_DATE_RE = re.compile(
    r"(?P<place>(?<![^\W\d_])[^\W\d_]+\.?(?:[ ]+[^\W\d_]+\.?){0,5})\s*,\s*(?:(?i:ngày)[\s.…_]*)?"
    r"(?i:tháng)\s*(?:(?P<m>\d{1,2})|[\s.…_]*)\s*(?i:năm)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)
#: A line that is only a date (``ngày 22 tháng 01 năm 2018``).
BARE_DATE_RE = re.compile(r"^(?i:ngày)\s*(?:" + DATE_PATTERN + r")\s*\.?$")
#: The ``Nơi nhận:`` line and what follows it on that line.
NOI_NHAN_RE = re.compile(r"^(?i:nơi\s+nhận)\s*[:.]?\s*(?P<rest>.*)$")
_BULLET_RE = re.compile(r"^(?:[-+•]|\(\d+\)|\d+[.)]|[a-zđ]\))\s*")
_HEADING_RE = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s")
_RULE_RE = re.compile(r"^[\s*\-_=~.·o0O]+$")


@cache
def _signed_re() -> re.Pattern[str]:
    """``Đã ký:``, ``(Đã ký)``, ``Ký bởi`` before a name (words from the layout table)."""
    words = sorted(layout()["signed_prefixes"]["words"], key=len, reverse=True)
    alt = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"^\(?\s*(?:{alt})\b\s*\)?\s*[:.\-]?\s*", re.IGNORECASE)


@cache
def _mode_re() -> re.Pattern[str]:
    """A signature mode at a line's start (``T/M BAN THƯỜNG VỤ``, ``KT. TRƯỞNG BAN``, ``K/T``)."""
    modes = sorted(layout()["signature_modes"], key=len, reverse=True)
    alt = "|".join(re.escape(m) for m in modes)
    return re.compile(rf"^(?P<mode>{alt})(?:\s*\.\s*|\s+|\s*$)(?P<rest>.*)$")


# --- lines ---


class Line(NamedTuple):
    """One line of the normalised text: ``start``/``end`` bound its stripped ``text``; ``raw`` is where it begins.

    A named tuple: documents have hundreds of lines, made four times faster than a frozen dataclass's.
    """

    index: int
    raw: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        """True for an empty or whitespace-only line."""
        return not self.text


def split_lines(s: str, offset: int = 0) -> list[Line]:
    """The lines of ``s`` with normalised offsets (``offset`` added), each stripped."""
    out: list[Line] = []
    pos = offset
    for i, raw in enumerate(s.split("\n")):
        text = raw.strip()
        a = pos + (raw.find(text) if text else len(raw))  # the stripped text first occurs after the lead
        out.append(Line(i, pos, a, a + len(text), text))
        pos += len(raw) + 1
    return out


def region_lines(s: str, region: Region) -> list[Line]:
    """The non-blank lines inside ``region`` of the normalised text ``s``."""
    return [ln for ln in split_lines(s[region.start:region.end], region.start) if not ln.blank]


# --- what a line is ---


def is_upper(t: str) -> bool:
    """True when ``t`` has letters and none of them is lower case."""
    return any(map(str.isalpha, t)) and not any(map(str.islower, t))


def size(t: str) -> int:
    """Length of ``t`` with runs of spaces counted once (columns joined by a converter pad with spaces)."""
    return len(" ".join(t.split()))


def is_rule(t: str) -> bool:
    """A separator line: ``*``, ``-----``, ``---o0o---``."""
    return bool(t) and bool(_RULE_RE.match(t)) and not t.isalnum()


def is_national(t: str) -> bool:
    """``ĐẢNG CỘNG SẢN VIỆT NAM`` and the state motto lines."""
    u = " ".join(t.upper().split())
    return any(u == n or u.startswith(n) for n in layout()["national_lines"])


_STAMP_MAX = 40  # longest stamp-word line


def stamp_kind(t: str) -> str | None:
    """The copy kind a stamp-word line states (``SAO LỤC``, ``Sao y bản chính``); None for other lines."""
    if len(t) > _STAMP_MAX:
        return None
    return layout()["stamp_words"].get(" ".join(t.strip(" .:").upper().split()))


def signature_mode(t: str) -> tuple[str, str] | None:
    """(mode as reported, the rest of the line) for a mode line such as ``K/T TRƯỞNG BAN``."""
    m = _mode_re().match(t)
    if not m or (m.group("rest") and not is_upper(m.group("rest"))):
        return None
    return layout()["signature_modes"][m.group("mode")], m.group("rest").strip()


@cache
def _capacities() -> tuple[frozenset[str], tuple[str, ...]]:
    """The capacities, and each followed by a space (what a longer capacity line starts with)."""
    caps = layout()["capacities"]
    return frozenset(caps), tuple(c + " " for c in caps)


def is_capacity(t: str) -> bool:
    """A capacity line (``PHÓ TRƯỞNG BAN THƯỜNG TRỰC``, ``BÍ THƯ``): upper case, starting with a known capacity."""
    if not is_upper(t):
        return False
    u = " ".join(t.split())
    whole, starts = _capacities()
    return u in whole or u.startswith(starts)


@cache
def _type_word_starts() -> tuple[str, ...]:
    """Each upper-case type word followed by a space."""
    return tuple(w + " " for w in type_words_upper())


def type_word_of(t: str) -> str | None:
    """The type word (upper case) a title line begins with (``KẾT LUẬN``); None if it is no type line."""
    if not is_upper(t):
        return None
    u = " ".join(t.split())
    if not u.startswith(_type_word_starts()) and u not in type_words_upper():
        return None  # one C-level test settles most lines
    return next((w for w in type_words_upper() if u == w or u.startswith(w + " ")), None)


@cache
def _body_phrases() -> tuple[str, ...]:
    """Upper-case body-name phrases of two words or more (``VĂN PHÒNG``, ``TỈNH ỦY``)."""
    return tuple(k for k in layout()["body_words"] if " " in k)


def strip_signed(t: str) -> str:
    """``Đã ký: Mai Văn Chính`` → ``Mai Văn Chính``."""
    return _signed_re().sub("", t, count=1).strip()


def person_name(t: str) -> str | None:
    """The person's name a signature line holds: 2–6 capitalised syllables (``Đã ký:`` removed); else None."""
    t = strip_signed(t).strip(" .,;")
    words = t.split()
    if not 2 <= len(words) <= 6 or not all(w.isalpha() for w in words):
        return None
    if all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return " ".join(words)
    if is_upper(t) and not _is_form_words(t):
        return " ".join(w[0] + w[1:].lower() for w in words)
    return None


def _is_form_words(u: str) -> bool:
    """True when an upper-case line is made of the form's own words (body names, capacities, type words)."""
    u = " ".join(u.split())
    padded = f" {u} "
    return (
        any(f" {p} " in padded for p in _body_phrases())
        or is_capacity(u) or type_word_of(u) is not None or is_national(u)
        or stamp_kind(u) is not None or signature_mode(u) is not None
    )


def is_place_date(t: str) -> bool:
    """A line that is a place-and-date (``Hà Nội, ngày 11 tháng 01 năm 2024``, or with the day left blank) or a bare
    ``ngày …`` date."""
    # the first match must start within 2 characters: tried there instead of searching the whole line
    for pattern in (PLACE_DATE_RE, PARTIAL_DATE_RE):
        m = next(filter(None, (pattern.match(t, p) for p in range(min(3, len(t) + 1)))), None)
        if m and len(t) - m.end() <= 2:
            return True
    return bool(BARE_DATE_RE.match(t))


def is_header_like(t: str) -> bool:
    """A line of the kind a header holds: body name, national line, own number, place and date, separator."""
    if is_rule(t) or is_national(t) or is_own_number(t) or is_place_date(t):
        return True
    if t.startswith(("V/v", "V/V", "v/v")):
        return True
    return is_upper(t) and size(t) <= 100 and not _HEADING_RE.match(t) and type_word_of(t) is None


def starts_lower(t: str) -> bool:
    """True when the first letter of ``t`` is lower case (a sentence cut by a page break)."""
    first = next((c for c in t if c.isalpha()), "")
    return first.islower()


# --- copy stamps ---


def _copy_start(lines: list[Line], stamp: int, floor: int) -> int:
    """First line of the copy block whose stamp word is on line ``stamp``: its org lines, ``*``, ``Số``.

    Its ``Số`` line is looked for above the stamp word, across the copy's own recipients and
    signature lines, but not past a signer's name, a body paragraph or a title (the document's).
    """
    anchor, seen, j = stamp, 0, stamp - 1
    while j >= floor and seen < 25:
        t = lines[j].text
        if t:
            seen += 1
            if _NUMBER_LINE_RE.match(t):
                anchor = j
                break
            if person_name(t) or strip_signed(t) != t or stamp_kind(t) or _opens_document(t):
                break
        j -= 1
    first, j = anchor, anchor - 1
    while j >= floor:
        t = lines[j].text
        if t and (is_rule(t) or is_national(t) or (is_upper(t) and size(t) <= 100 and _is_copy_org(t))):
            first = j
        elif t:
            break
        j -= 1
    return first


def _is_copy_org(t: str) -> bool:
    """An upper-case line that can head a copy stamp (not a signature line, not a name)."""
    return not (signature_mode(t) or is_capacity(t) or stamp_kind(t) or person_name(t) or type_word_of(t))


def find_copies(lines: list[Line]) -> list[tuple[int, int]]:
    """Line ranges ``[first, last]`` of the copy stamps, in order.

    A stamp runs to the next stamp or the end of the text, unless a document's title or body
    follows it (a stamp printed above the copied document): then it stops before that.
    """
    stamps = [ln.index for ln in lines if 0 < len(ln.text) <= _STAMP_MAX and stamp_kind(ln.text)]
    starts: list[int] = []
    floor = 0
    for s in stamps:
        starts.append(_copy_start(lines, s, floor))
        floor = s + 1
    out = []
    for k, a in enumerate(starts):
        b = starts[k + 1] - 1 if k + 1 < len(starts) else len(lines) - 1
        cut = next((j for j in range(stamps[k] + 1, b + 1) if _opens_document(lines[j].text)), None)
        out.append((a, b if cut is None else _last_text(lines, a, cut)))
    return out


def _opens_document(t: str) -> bool:
    """A line no copy stamp holds: a title's type line or a body paragraph."""
    return size(t) > 200 or type_word_of(t) is not None


def _last_text(lines: list[Line], a: int, cut: int) -> int:
    """Index of the last non-blank line in ``[a, cut)``."""
    return next((j for j in range(cut - 1, a - 1, -1) if lines[j].text), a)


def _main_end(lines: list[Line], copies: list[tuple[int, int]]) -> int:
    """Where the main document ends: at the first copy stamp that nothing but other stamps follows."""
    for k, (a, b) in enumerate(copies):
        after = copies[k + 1][0] if k + 1 < len(copies) else len(lines)
        if not any(lines[j].text for j in range(b + 1, after)):
            return a
    return len(lines)


# --- the document being labelled ---


@dataclass
class _Doc:
    """Lines, one label per line, and the footnote markers that open a line (position → number)."""

    lines: list[Line]
    labels: list[Label | None]
    opening: dict[int, int]
    inline: dict[int, int]

    def free(self, i: int) -> bool:
        """True when line ``i`` has text and no label yet."""
        return bool(self.lines[i].text) and self.labels[i] is None

    def next_free(self, i: int, end: int) -> int:
        """Index of the first free line at or after ``i`` (``end`` if none)."""
        while i < end and not self.free(i):
            i += 1
        return i

    def run(self, i: int, end: int) -> list[int]:
        """Indices of the run of free lines starting at ``i`` (a paragraph)."""
        out = []
        while i < end and self.free(i):
            out.append(i)
            i += 1
        return out

    def mark(self, indices: range | list[int], label: Label) -> None:
        """Label the non-blank lines among ``indices``."""
        for i in indices:
            if self.lines[i].text:
                self.labels[i] = label

    def opens(self, i: int) -> int | None:
        """The number of the footnote marker line ``i`` begins with, if any."""
        return self.line_markers.get(i)

    def __post_init__(self) -> None:
        # line index → the number of the first marker between the line's beginning and its text (few lines have one)
        self.line_markers: dict[int, int] = {}
        raws = [ln.raw for ln in self.lines]
        for at in sorted(self.opening):
            i = bisect_right(raws, at) - 1
            if i >= 0 and self.lines[i].raw <= at <= self.lines[i].start:
                self.line_markers.setdefault(i, self.opening[at])


# --- reception stamps ---


def _label_received(doc: _Doc, end: int) -> None:
    """Label reception stamps (``THÀNH ỦY … / Số 201 / Ngày 28/12/2023``) before line ``end``."""
    trailing = tuple(layout()["received"]["trailing"])
    lines = doc.lines
    for i in range(end):
        if not doc.free(i) or not RECEIVED_NO_RE.match(lines[i].text):
            continue
        date = _near_line(lines, i, end, RECEIVED_DATE_RE)
        if date is None:
            continue
        first, last = min(i, date), max(i, date)
        while first > max(0, i - 3) and doc.free(first - 1) and _is_received_head(lines[first - 1].text):
            first -= 1
        while last + 1 < end and lines[last + 1].text.startswith(trailing):
            last += 1
        doc.mark(range(first, last + 1), ("received", None))


def _is_received_head(t: str) -> bool:
    """An upper-case line above a reception number: the receiver's name or ``ĐẾN``, not the header."""
    if t.upper() in {w.upper() for w in layout()["received"]["keywords"]}:
        return True
    return is_upper(t) and not (is_national(t) or has_party_number(t) or type_word_of(t) or is_capacity(t))


def _near_line(lines: list[Line], i: int, end: int, pattern: re.Pattern[str]) -> int | None:
    """Index of a line within two non-blank lines of ``i`` (after, then before) matching ``pattern``."""
    for step in (1, -1):
        j, seen = i + step, 0
        while 0 <= j < end and seen < 2:
            if lines[j].text:
                seen += 1
                if pattern.match(lines[j].text):
                    return j
            j += step
    return None


# --- header and title ---


def _find_type_line(doc: _Doc, end: int) -> int | None:
    """Index of the title's type line (``KẾT LUẬN``) near the top, before any body paragraph."""
    seen = 0
    for i in range(end):
        if not doc.free(i):
            continue
        t = doc.lines[i].text
        seen += 1
        if seen > 25 or size(t) > 200:
            return None
        if type_word_of(t):
            return i
    return None


def _starts_body(t: str) -> bool:
    """A line that begins the body, never a subject line: a heading, ``(1)``, ``Ngày 5/6/2020, …``, ``Căn cứ …``."""
    if _HEADING_RE.match(t) or re.match(r"^\(\d+\)", t) or re.match(r"^(?i:ngày)\s+\d", t):
        return True
    return t.startswith(tuple(layout()["body_cues"]["starts"]))


def _subject(doc: _Doc, k: int, end: int) -> list[int]:
    """The subject lines that begin at line ``k``: its paragraph, up to a separator or a body opening.

    Text converted from PDF may glue subject and body into one run of lines; the subject then ends
    where the body visibly begins. More than 600 characters is no subject.
    """
    out: list[int] = []
    for j in doc.run(k, end):
        t = doc.lines[j].text
        if is_rule(t) or _starts_body(t) or (out and doc.opens(j) is not None):
            break
        out.append(j)
    if not out or doc.opens(out[0]) is not None or sum(len(doc.lines[j].text) for j in out) > 600:
        return []
    return out


def _label_head(doc: _Doc, end: int) -> int:
    """Label header and title lines; return the index where the body may begin."""
    type_idx = _find_type_line(doc, end)
    if type_idx is None:
        return _label_header_only(doc, end)
    doc.mark([i for i in range(type_idx) if doc.free(i)], ("header", None))
    doc.labels[type_idx] = ("title", None)
    k = doc.next_free(type_idx + 1, end)
    while k < end and _late_header(doc.lines[k].text):
        doc.labels[k] = ("header", None)  # a header line the conversion put after the type word
        k = doc.next_free(k + 1, end)
    subject = _subject(doc, k, end)
    doc.mark(subject, ("title", None))
    last = subject[-1] if subject else type_idx
    if subject and is_upper(" ".join(doc.lines[j].text for j in subject)):
        nxt = doc.next_free(last + 1, end)
        if nxt < end and doc.lines[nxt].text.startswith(("về", "V/v", "v/v")):
            more = _subject(doc, nxt, end)  # HỘI NGHỊ LẦN THỨ … (blank line) về …
            doc.mark(more, ("title", None))
            last = more[-1] if more else last
    return _label_after_title(doc, last + 1, end)


def _label_after_title(doc: _Doc, i: int, end: int) -> int:
    """Label separators and late header lines (place-date, number) right after the title; return the body start."""
    while (k := doc.next_free(i, end)) < end:
        t = doc.lines[k].text
        if is_rule(t):
            doc.labels[k] = ("title", None)
        elif _late_header(t):
            doc.labels[k] = ("header", None)
        else:
            return k
        i = k + 1
    return end


def _late_header(t: str) -> bool:
    """A header line printed after the type word: the national line, the number, the place and date."""
    return is_own_number(t) or is_place_date(t) or is_national(t)


def _label_header_only(doc: _Doc, end: int) -> int:
    """Without a type line: label the leading header-like lines; return the body start."""
    i = 0
    while (k := doc.next_free(i, end)) < end:
        t = doc.lines[k].text
        if not is_header_like(t) or size(t) > 100:
            return k
        doc.labels[k] = ("header", None)
        i = k + 1
    return end


# --- closing: Nơi nhận and signature ---


def _name_follows(lines: list[Line], i: int, end: int) -> bool:
    """True when a signer's name (or nothing but short lines) follows a capacity line."""
    seen = 0
    for j in range(i + 1, end):
        t = lines[j].text
        if not t:
            continue
        seen += 1
        if person_name(t) or NOI_NHAN_RE.match(t):
            return True
        if seen > 5 or size(t) > 120:
            return False
    return True


@cache
def _closing_firsts() -> frozenset[str]:
    """The first characters of a ``Nơi nhận`` line or a signature mode line (a capacity line is in capitals)."""
    return frozenset("Nn" + "".join(mode[0] for mode in layout()["signature_modes"]))


def _closing_start(doc: _Doc, start: int, end: int) -> int:
    """Index of the first line of the closing (``Nơi nhận``, a signature mode or capacity)."""
    firsts = _closing_firsts()
    for i in range(start, end):
        if not doc.free(i):
            continue
        t = doc.lines[i].text
        if t[0] not in firsts and not is_upper(t):
            continue  # a body line: none of the three tests below can hold
        if NOI_NHAN_RE.match(t) or signature_mode(t) or (is_capacity(t) and _name_follows(doc.lines, i, end)):
            return i
    return end


def recipients_end(lines: list[Line], i: int, end: int) -> int:
    """Last line of the recipient list that begins with the ``Nơi nhận`` line ``i``."""
    m = NOI_NHAN_RE.match(lines[i].text)
    last, items, k = i, bool(m and m.group("rest")), i + 1
    while k < end:
        t = lines[k].text
        if t and _is_list_line(t, items, glued=last == k - 1):
            last, items = k, True
        elif t:
            break
        k += 1
    return last


def _is_list_line(t: str, items: bool, glued: bool) -> bool:
    """Whether ``t`` continues a recipient list: an item, or a line glued to the item above it."""
    if signature_mode(t) or is_capacity(t) or stamp_kind(t) or has_party_number(t, at_start=True) or is_place_date(t):
        return False
    if t.startswith(("-", "+", "•")) and not is_rule(t):
        return True
    if is_upper(t) or person_name(t) or strip_signed(t) != t or size(t) > 200:
        return False
    return glued or not items


def _signature_like(t: str) -> bool:
    """A line a signature block holds: mode, capacity, name, ``Đã ký``, seal text, short OCR noise (``Quien``)."""
    if t.upper().startswith(tuple(layout()["appendix_words"])):
        return False
    if signature_mode(t) or is_capacity(t) or person_name(t) or strip_signed(t) != t:
        return True
    return (is_upper(t) and size(t) <= 80) or (size(t) <= 30 and not ends_with_stop(t))


def _label_closing(doc: _Doc, start: int, end: int) -> int:
    """Label the closing (recipient list, signature lines); return where text other than these resumes.

    What follows the closing and is neither (an appendix, endnotes) is left for the body pass.
    """
    i = start
    while i < end:
        if not doc.free(i):
            i += 1
            continue
        t = doc.lines[i].text
        if NOI_NHAN_RE.match(t):
            last = recipients_end(doc.lines, i, end)
            doc.mark(range(i, last + 1), ("recipients", None))
            i = last + 1
        elif doc.opens(i) is None and _signature_like(t):
            doc.labels[i] = ("signature", None)
            i += 1
        else:
            return i
    return end


# --- body and footnotes ---


@dataclass
class _Para:
    """A paragraph of the body zone: its lines and, if it opens a footnote, the footnote's number."""

    first: int
    last: int
    parts: list[str]
    opens: int | None

    @property
    def text(self) -> str:
        """The paragraph's lines joined with spaces."""
        return " ".join(self.parts)


def _body_paragraphs(doc: _Doc, start: int, end: int) -> list[_Para]:
    """Runs of free lines in ``[start, end)``, split where a line opens a footnote."""
    paras: list[_Para] = []
    for i in range(start, end):
        if not doc.free(i):
            continue
        opens = doc.opens(i)
        if paras and paras[-1].last == i - 1 and opens is None:
            paras[-1].last = i
            paras[-1].parts.append(doc.lines[i].text)
        else:
            paras.append(_Para(i, i, [doc.lines[i].text], opens))
    return paras


def _continues_footnote(prev: str, para: _Para) -> bool:
    """A paragraph after a footnote on the same page continues it: after ``:``, or a list item after ``;``/``,``."""
    tail = prev.rstrip().rstrip(CLOSERS)
    if tail.endswith(":"):
        return True
    return tail.endswith((";", ",")) and bool(_BULLET_RE.match(para.text))


def _has_inline_marker(doc: _Doc, para: _Para) -> bool:
    """True when a marker stands inside the paragraph (body text points at its footnotes)."""
    a, b = doc.lines[para.first].start, doc.lines[para.last].end
    return any(a < at <= b for at in doc.inline)


def _body_kind(doc: _Doc, p: _Para, prev: _Para | None, nxt: _Para | None,
               current: int | None, pending: int | None) -> Label:
    """Footnote or body for one paragraph, given the footnote before it and one cut mid-sentence."""
    if p.opens is not None:
        return ("footnote", p.opens)
    if current is not None and prev is not None and _continues_footnote(prev.text, p):
        return ("footnote", current)
    if (current is None and pending is not None and starts_lower(p.text) and nxt is not None
            and nxt.opens is not None and not _has_inline_marker(doc, p) and _pointed_before(doc, nxt, p)):
        return ("footnote", pending)  # the rest of a footnote cut by a page break, above the next one
    return ("body", None)


def _pointed_before(doc: _Doc, note: _Para, p: _Para) -> bool:
    """True when the footnote ``note`` is pointed at from text before ``p``: ``p`` is not its page's body."""
    start = doc.lines[p.first].start
    return any(at < start and n == note.opens for at, n in doc.inline.items())


def _label_body(doc: _Doc, start: int, end: int) -> None:
    """Label the body zone: footnote paragraphs (from their marker) and body text resuming after them."""
    paras = _body_paragraphs(doc, start, end)
    current: int | None = None  # footnote the previous paragraph belongs to
    pending: int | None = None  # last footnote, if its text stopped mid-sentence (page break)
    for k, p in enumerate(paras):
        prev = paras[k - 1] if k else None
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        kind = _body_kind(doc, p, prev, nxt, current, pending)
        doc.mark(range(p.first, p.last + 1), kind)
        current = kind[1]
        if current is not None:
            pending = None if ends_with_stop(p.text) else current


# --- regions ---


def _regions(lines: list[Line], labels: list[Label | None]) -> list[Region]:
    """Merge runs of equally labelled lines (blank lines between them included) into regions."""
    regions: list[Region] = []
    cur: Label | None = None
    a = b = 0
    for ln, lab in zip(lines, labels):
        if not ln.text:
            continue
        lab = lab or ("body", None)
        if lab == cur:
            b = ln.end
            continue
        if cur is not None:
            regions.append(Region(cur[0], a, b, cur[1]))
        cur, a, b = lab, ln.start, ln.end
    if cur is not None:
        regions.append(Region(cur[0], a, b, cur[1]))
    return regions


def _footnotes(doc: _Doc, regions: list[Region]) -> list[Footnote]:
    """Footnotes in text order: a region that opens with a marker starts one; a later stretch adds a part."""
    notes: list[tuple[int, list[tuple[int, int]]]] = []
    opening_lines = {doc.lines[i].start for i in doc.line_markers}
    for r in regions:
        if r.kind != "footnote" or r.number is None:
            continue
        earlier = next((parts for n, parts in reversed(notes) if n == r.number), None)
        if r.start in opening_lines or earlier is None:
            notes.append((r.number, [(r.start, r.end)]))
        else:
            earlier.append((r.start, r.end))
    owner = {at: _owner(notes, at, n) for at, n in doc.inline.items()}
    return [
        Footnote(n, parts[0][0], parts[0][1], tuple(at for at, k in owner.items() if k == idx), tuple(parts))
        for idx, (n, parts) in enumerate(notes)
    ]


def _owner(notes: list[tuple[int, list[tuple[int, int]]]], at: int, number: int) -> int | None:
    """Index of the footnote an in-text marker points to: the first of its number after it, else the last before."""
    same = [i for i, (n, _) in enumerate(notes) if n == number]
    after = [i for i in same if notes[i][1][0][0] > at]
    return after[0] if after else (same[-1] if same else None)


def _opens_line(s: str, at: int) -> bool:
    """True when the marker at normalised position ``at`` stands at the start of its line: only blanks, if anything,
    between it and a line break (looked at backwards from the marker, not by slicing its whole line: a text on one
    line with a thousand markers made that quadratic, 3.7 times the time for twice the text)."""
    i = at - 1
    while i >= 0 and s[i] in " \t":
        i -= 1
    return i < 0 or s[i] == "\n"


def parse_structure(text: Text) -> Structure:
    """Split the normalised text into regions (header, title, received, body, footnote, recipients, signature, copy)."""
    lines = split_lines(text.text)
    opening = {m.at: m.number for m in text.markers if _opens_line(text.text, m.at)}
    inline = {m.at: m.number for m in text.markers if m.at not in opening}
    doc = _Doc(lines, [None] * len(lines), opening, inline)
    copies = find_copies(lines)
    for n, (a, b) in enumerate(copies):
        doc.mark(range(a, b + 1), ("copy", n))
    end = _main_end(lines, copies)
    _label_received(doc, end)
    body_from = _label_head(doc, end)
    closing = _closing_start(doc, body_from, end)
    after = _label_closing(doc, closing, end)
    _label_body(doc, body_from, closing)
    _label_body(doc, after, end)
    regions = _regions(lines, doc.labels)
    return Structure(regions=regions, footnotes=_footnotes(doc, regions))
