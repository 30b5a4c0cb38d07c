"""Normalise decoded text for matching while keeping a map back to the original.

Every later stage works on ``Text.text`` (normalised) and reports spans through
``Text.span()``, so that ``original[start:end]`` is exactly what the user sees in
their file. This module is the only place that knows how the two relate.

What changes: Unicode NFC; ``Ð``/``ð`` → ``Đ``/``đ``, and ``ĐÐ`` (Tesseract reads one glyph twice:
``24-QĐÐ/TW``) → ``Đ``; hyphen and dash variants → ``-``;
odd spaces → `` ``; a table cell's ``|`` → a line break (dropped at a line's end); zero-width characters, soft hyphens and ``\\r`` dropped; superscript
footnote markers dropped (and recorded as ``Marker``); Markdown heading marks, emphasis
stars and backslash escapes dropped; old tone placement (``khoá``, ``thuỷ``) → new
(``khóa``, ``thủy``).
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

_SHIFT, _BLOCK = 0, 1

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_VALUE = {c: str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)}

_ONE_TO_ONE = {
    "Ð": "Đ", "ð": "đ",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "﹘": "-", "﹣": "-", "－": "-", "⁃": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ",
    "\u200a": " ", "\u202f": " ", "\u3000": " ", "\t": " ", "\v": " ", "\f": "\n",
    "\u2028": "\n", "\u2029": "\n",
}

_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_BRANCHES = (
    r"(?P<nfc>[\u0300-\u036f]+)"
    rf"|(?P<sup>[{SUPERSCRIPT_DIGITS}]+)"
    r"|(?P<head>#{1,6}[ \t]+)"
    r"|(?P<star>\*+)"
    r"|(?P<escape>\\(?=[-.*_()\[\]#+!>]))"
    rf"|(?P<drop>[{_DROP}])"
    r"|(?P<cr>\r)"
    r"|(?P<cell>\|)"
    r"|(?P<doubled>(?<=Đ)Ð)"
    rf"|(?P<map>[{''.join(_ONE_TO_ONE)}])"
)
# Plain text is skipped by searching for the branches' first characters alone (a bare character set the engine
# scans for in C, 2.4x faster than a lookahead tried at every position), and the branches are matched only there;
# context that used to need ^ is checked in code. A '#' or '\\' that starts no branch hands over to the lookahead
# pattern, which finds the next match in one scan however many such characters come first.
_FIRST = "\u0300-\u036f" + SUPERSCRIPT_DIGITS + "#*\\\\" + _DROP + "\r|" + "".join(_ONE_TO_ONE)
_FIRST_RE = re.compile(rf"[{_FIRST}]")
_BRANCH_RE = re.compile(_BRANCHES)
_PASS1 = re.compile(rf"(?=[{_FIRST}])(?:{_BRANCHES})")


def _pass1(s: str) -> Iterator[re.Match[str]]:
    """The matches of ``_PASS1`` that ``finditer`` finds in ``s``."""
    pos = 0
    while found := _FIRST_RE.search(s, pos):
        m = _BRANCH_RE.match(s, found.start()) or _PASS1.search(s, found.start() + 1)
        if m is None:
            return
        yield m
        pos = m.end()


def _tone_table() -> dict[str, str]:
    """Tone mark on the second vowel of a final oa/oe/uy (``khoá``, ``uỷ``) → on the first (``khóa``, ``ủy``)."""
    table: dict[str, str] = {}
    for marks in ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323"):
        for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                old = f + unicodedata.normalize("NFC", s + marks)
                new = unicodedata.normalize("NFC", f + marks) + s
                table[old] = new
    return table


_TONE = _tone_table()
# Any first vowel, not after q, then any toned second vowel, then no letter: the scan skips ahead on the
# first character set in C (2.5x faster than an alternation of the pairs); a pair not in the table stays.
_TONE_RE = re.compile(
    "[" + "".join(sorted({k[0] for k in _TONE})) + "](?<![qQ].)"
    "[" + "".join(sorted({k[1] for k in _TONE})) + r"](?![^\W\d_])"
)


def _new_tone(m: re.Match[str]) -> str:
    """The pair with its tone moved to the first vowel (unchanged if the pair is not one that moves)."""
    return _TONE.get(m.group(), m.group())


@dataclass(frozen=True)
class Marker:
    """A superscript footnote marker removed from the text (``văn bản¹``)."""

    number: int
    at: int  # position in the normalised text where the marker stood
    start: int  # span in the original text
    end: int


@dataclass
class Text:
    """A document's text: the original as decoded, the normalised form, and the map between them."""

    original: str
    text: str
    markers: list[Marker] = field(default_factory=list)
    encoding: str | None = None
    _n0: array = field(default_factory=lambda: array("q"), repr=False)
    _n1: array = field(default_factory=lambda: array("q"), repr=False)
    _o0: array = field(default_factory=lambda: array("q"), repr=False)
    _o1: array = field(default_factory=lambda: array("q"), repr=False)
    _kind: bytearray = field(default_factory=bytearray, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span of the normalised span ``[start, end)``."""
        if end <= start:
            pos = self._orig_start(start)
            return pos, pos
        return self._orig_start(start), self._orig_end(end - 1)

    def original_at(self, start: int, end: int) -> str:
        """The original text behind the normalised span ``[start, end)``."""
        a, b = self.span(start, end)
        return self.original[a:b]

    def heading_mark(self, pos: int) -> bool:
        """Whether the original line holding normalised ``pos`` began with a Markdown heading mark (``#``, which
        normalising removes)."""
        o = self.span(pos, pos + 1)[0]
        return self.original[self.original.rfind("\n", 0, o) + 1:o + 1].lstrip().startswith("#")

    def to_normalised(self, pos: int) -> int:
        """Normalised position of original position ``pos`` (the next kept character if it was dropped)."""
        i = bisect_right(self._o0, pos) - 1
        if i < 0:
            return 0
        if pos < self._o1[i]:
            return self._n0[i] + (pos - self._o0[i] if self._kind[i] == _SHIFT else 0)
        return self._n1[i]

    def _segment(self, n: int) -> int:
        return max(bisect_right(self._n0, n) - 1, 0)

    def _orig_start(self, n: int) -> int:
        if n >= len(self.text):
            return len(self.original) if not self._o1 else self._o1[-1]
        i = self._segment(n)
        return self._o0[i] + (n - self._n0[i] if self._kind[i] == _SHIFT else 0)

    def _orig_end(self, n_last: int) -> int:
        i = self._segment(n_last)
        if self._kind[i] == _SHIFT:
            return self._o0[i] + (n_last - self._n0[i]) + 1
        return self._o1[i]

    def _add(self, n0: int, n1: int, o0: int, o1: int, kind: int) -> None:
        if n1 <= n0:
            return
        if (kind == _SHIFT and self._kind and self._kind[-1] == _SHIFT
                and self._n1[-1] == n0 and self._o1[-1] == o0):
            self._n1[-1], self._o1[-1] = n1, o1
            return
        self._n0.append(n0)
        self._n1.append(n1)
        self._o0.append(o0)
        self._o1.append(o1)
        self._kind.append(kind)


_BREAK = re.compile(r"[\r\n]")


class _Lines:
    """Where the lines of a text begin and end (``\n`` or a lone ``\r``), found once: asking per match by
    searching the text made a file of one long line quadratic (``*a* `` repeated: 43 s for 1 MB)."""

    def __init__(self, s: str) -> None:
        self._s = s

    @cached_property
    def breaks(self) -> list[int]:
        """Positions of ``\n`` and ``\r``, found on first use: most texts never ask."""
        return [m.start() for m in _BREAK.finditer(self._s)]

    def start(self, at: int) -> int:
        """Start of the line holding position ``at``."""
        i = bisect_right(self.breaks, at - 1) - 1
        return self.breaks[i] + 1 if i >= 0 else 0

    def end(self, at: int) -> int:
        """End of the line holding position ``at`` (its break, or the text's end)."""
        i = bisect_right(self.breaks, at - 1)
        return self.breaks[i] if i < len(self.breaks) else len(self._s)


_INK = re.compile(r"[^ \t]")


def _blank(s: str, a: int, b: int) -> bool:
    """Whether ``s[a:b]`` holds only spaces and tabs (stops at the first other character: no slice of a long line)."""
    return _INK.search(s, a, b) is None


def _replacement(m: re.Match[str], s: str, pos: int, lines: _Lines) -> tuple[int, str] | None:
    """Where pass 1's replacement of a match starts and what it is; None keeps the match unchanged."""
    kind = m.lastgroup
    a, b = m.span()
    if kind == "nfc":  # the marks compose with the letter before them
        base = a - 1 if a > pos and s[a - 1] not in "\n\r" else a
        return base, unicodedata.normalize("NFC", s[base:b])
    if kind == "map":
        return a, _ONE_TO_ONE[m.group()]
    if kind == "cr":
        return a, "" if s.startswith("\n", b) else "\n"
    if kind == "cell":  # a table cell's edge in text saved from a web page ('CHÍNH PHỦ | CỘNG HÒA XÃ HỘI … |')
        return a, "" if _blank(s, b, lines.end(b)) else "\n"
    if kind == "head":  # '## ' counts as a heading mark only after at most three spaces at a line start
        start = lines.start(a)
        return (max(start, pos), "") if a - start <= 3 and _blank(s, start, a) else None
    if kind == "star":
        if m.group() == "*" and _blank(s, lines.start(a), a) and _blank(s, b, lines.end(b)):
            return None  # a lone '*' line: the separator under the issuing body
        if a > 0 and s[a - 1].isdigit() and s[b:b + 1].isdigit():
            return None  # '3*4' is arithmetic, not emphasis
        return a, ""
    return a, ""  # sup, escape, drop, doubled


def normalise(original: str, encoding: str | None = None) -> Text:
    """Build the normalised ``Text`` of a decoded document."""
    t = Text(original=original, text="", encoding=encoding)
    parts: list[str] = []
    n = pos = 0
    lines = _Lines(original)
    for m in _pass1(original):
        replaced = _replacement(m, original, pos, lines)
        if replaced is None:
            continue
        a, rep = replaced
        b = m.end()
        if a > pos:
            parts.append(original[pos:a])
            t._add(n, n + a - pos, pos, a, _SHIFT)
            n += a - pos
        if m.lastgroup == "sup":
            t.markers.append(Marker(int("".join(_SUP_VALUE[c] for c in m.group())), n, a, b))
        if rep:
            parts.append(rep)
            t._add(n, n + len(rep), a, b, _SHIFT if len(rep) == b - a else _BLOCK)
            n += len(rep)
        pos = b
    if pos < len(original):
        parts.append(original[pos:])
        t._add(n, n + len(original) - pos, pos, len(original), _SHIFT)
    # Tone placement swaps two characters for two: positions, and so the map, stay the same.
    t.text = _TONE_RE.sub(_new_tone, "".join(parts))
    return t
