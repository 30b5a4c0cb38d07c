"""Normalise decoded text for matching while keeping a map back to the original.

Every later stage works on ``Text.text`` (normalised) and reports spans through
``Text.span()``, so that ``original[start:end]`` is exactly what the user sees in
their file. This module is the only place that knows how the two relate.

What changes: Unicode NFC; ``Ð``/``ð`` → ``Đ``/``đ``; hyphen and dash variants → ``-``;
odd spaces → `` ``; zero-width characters, soft hyphens and ``\\r`` dropped; superscript
footnote markers dropped (and recorded as ``Marker``); Markdown heading marks, emphasis
stars and backslash escapes dropped; old tone placement (``khoá``, ``thuỷ``) → new
(``khóa``, ``thủy``).
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

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

_PASS1 = re.compile(
    r"(?P<nfc>[^\u0300-\u036f\n]?[\u0300-\u036f]+)"
    rf"|(?P<sup>[{SUPERSCRIPT_DIGITS}]+)"
    r"|(?P<head>(?:^|(?<=\r))[ \t]{0,3}#{1,6}[ \t]+)"
    r"|(?P<lonestar>(?:^|(?<=\r))[ \t]*\*[ \t]*(?=\r|$))"
    r"|(?P<star>(?<!\d)\*+|\*+(?!\d))"
    r"|(?P<escape>\\(?=[-.*_()\[\]#+!>]))"
    r"|(?P<drop>[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\r(?=\n))"
    r"|(?P<cr>\r)"
    rf"|(?P<map>[{''.join(_ONE_TO_ONE)}])",
    re.MULTILINE,
)


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
_TONE_RE = re.compile(r"(?<![qQ])(?:" + "|".join(map(re.escape, _TONE)) + r")(?![^\W\d_])")


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


def _replacement(m: re.Match[str]) -> str | None:
    """What pass 1 puts in place of a match; None keeps it unchanged."""
    kind = m.lastgroup
    s = m.group()
    if kind == "nfc":
        return unicodedata.normalize("NFC", s)
    if kind == "map":
        return _ONE_TO_ONE[s]
    if kind == "cr":
        return "\n"
    if kind == "lonestar":
        return None
    return ""  # sup, head, star, escape, drop


def normalise(original: str, encoding: str | None = None) -> Text:
    """Build the normalised ``Text`` of a decoded document."""
    t = Text(original=original, text="", encoding=encoding)
    parts: list[str] = []
    n = pos = 0
    for m in _PASS1.finditer(original):
        a, b = m.span()
        rep = _replacement(m)
        if rep is None:
            continue
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
    t.text = _TONE_RE.sub(lambda m: _TONE[m.group()], "".join(parts))
    return t
