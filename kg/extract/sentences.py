"""Sentence segmentation of a document's normalised text, aware of its layout.

Party documents converted from PDF break sentences in two ways a plain splitter gets wrong: a page
break leaves blank lines in the middle of a sentence (``của đồng chí`` / ``Tổng Bí thư``), and a
footnote block is inserted in the middle of a body sentence (``giải pháp đột`` … footnotes …
``phá chiến lược``). Paragraphs of one stream (the body, or one footnote) are therefore chained
when the first does not end a sentence, skipping the blocks of other streams in between.

Units: a sentence, and inside a list a numbered item (``(1) …; (2) …`` is two units), since an
item is what a cue such as ``Sửa đổi, bổ sung`` governs. All offsets index ``Text.text``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from kg.extract.layout import carries_on, trim
from kg.model import Structure, Text

__all__ = ["Sentence", "SentenceIndex", "sentence_spans", "sentences"]

_Segment = tuple[int, int, str, "int | None"]  # (start, end, region kind, footnote number)
# Regions whose lines are records rather than prose: one unit per line.
_LINE_REGIONS = frozenset({"header", "recipients", "signature", "copy", "received"})

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Inside a paragraph: sentence end followed by something that starts a new one,
# and list items separated by ``;`` before ``(N)``.
# The pattern opens with the set of the branches' first characters, so the scan skips ahead on it in C;
# each branch then checks which character it was.
_SPLIT = re.compile(
    r"(?P<c>[.!?…;\n])(?:"
    r"(?<=[.!?…])[\"'”’)\]*]*(?P<ws>\s+)(?=[\"'“‘(\[*]*(?P<next>\w))"
    r"|(?<=;)\s+(?=\(\d{1,2}\)\s)"
    r"|(?<=\n)(?=[ \t]*(?:[-+•]\s|\(\d{1,2}\)\s)))"
)
_ABBREVIATION = re.compile(r"(?:\b(?:TP|Tp|ThS|TS|PGS|GS|Th\.S|v\.v|St|Đ/c|đ/c|Mr|Ms|No)\.)$")
_WS_NEWLINE = re.compile(r"\s*\n\s*")
_LINE = re.compile(r"[^\n]+")
_NUMBER_ONLY = re.compile(r"\s*(?:[IVXL]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\.?\s*")


class Sentence(NamedTuple):
    """One sentence or list item: its parts (contiguous normalised spans) and the stream it belongs to.

    A sentence cut by a page break is one part (its span includes the blank lines); one cut by a
    footnote block inserted in the middle has a part before and a part after the block. A named tuple:
    a document has one per line of its header and closing, made three times faster than a frozen dataclass's.
    """

    parts: tuple[tuple[int, int], ...]
    region: str
    footnote: int | None = None

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def text(self, text: Text) -> str:
        """The sentence as one line: parts joined, line and page breaks collapsed to a space."""
        return " ".join(_one_line(text.text[a:b]) for a, b in self.parts)


def _one_line(s: str) -> str:
    """``s`` with each line break (and the white space around it) as one space."""
    return _WS_NEWLINE.sub(" ", s) if "\n" in s else s


class _Parts:
    """Sentence parts sorted by start, for bisecting a position."""

    def __init__(self, items: list[Sentence]) -> None:
        self.parts = sorted(((a, b, sent) for sent in items for a, b in sent.parts), key=lambda p: p[0])
        self.starts = [a for a, _, _ in self.parts]

    def at(self, pos: int) -> Sentence | None:
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return None
        a, b, sent = self.parts[i]
        return sent if a <= pos < b else None


class SentenceIndex:
    """Find the sentence that holds a normalised position.

    Built from a list of sentences, or with ``SentenceIndex.of(text, structure)``, which splits a
    paragraph group into sentences only when a position inside it is first asked for.
    """

    def __init__(self, items: list[Sentence]) -> None:
        self._items: list[Sentence] | None = items
        self._text: Text | None = None
        self._groups: list[list[_Paragraph]] = []
        self._split: dict[int, _Parts] = {}
        self._para_starts: list[int] = []
        self._para_group: list[tuple[int, int, int]] = []
        self._line_segments: list[_Segment] = []  # record-like segments, their line units made when first asked for

    @classmethod
    def of(cls, text: Text, structure: Structure) -> SentenceIndex:
        """A lazy index over the document's sentences."""
        segments = _segments(text, structure)
        groups = _chained_groups(text, segments)
        index = cls([])
        index._items = None
        index._line_segments = [seg for seg in segments if seg[2] in _LINE_REGIONS]
        index._text = text
        index._groups = groups
        index._para_group = sorted((p.start, p.end, gi) for gi, g in enumerate(groups) for p in g)
        index._para_starts = [a for a, _, _ in index._para_group]
        return index

    @cached_property
    def _static(self) -> _Parts:
        """The units given to the index, or one per line of the record-like segments (references seldom stand there)."""
        if self._items is not None:
            return _Parts(self._items)
        assert self._text is not None
        return _Parts(_line_units(self._text.text, self._line_segments))

    def _in_line_segment(self, pos: int) -> bool:
        k = bisect_right(self._line_segments, (pos, float("inf"))) - 1
        return k >= 0 and self._line_segments[k][0] <= pos < self._line_segments[k][1]

    def at(self, pos: int) -> Sentence | None:
        """The sentence with a part that holds ``pos``; None between sentences."""
        if self._items is not None or self._in_line_segment(pos):
            found = self._static.at(pos)
            if found is not None or self._text is None:
                return found
        i = bisect_right(self._para_starts, pos) - 1
        if i < 0:
            return None
        a, b, gi = self._para_group[i]
        if not a <= pos < b:
            return None
        if gi not in self._split:
            self._split[gi] = _Parts(_group_sentences(self._text.text, self._groups[gi]))
        return self._split[gi].at(pos)

    @property
    def sentences(self) -> list[Sentence]:
        """The sentences split so far (all of them for an index built from a list)."""
        found = {id(s): s for _, _, s in self._static.parts}
        for parts in self._split.values():
            found.update({id(s): s for _, _, s in parts.parts})
        return sorted(found.values(), key=lambda x: x.start)


@dataclass
class _Paragraph:
    start: int
    end: int
    stream: tuple[str, int | None]


def _segments(text: Text, structure: Structure) -> list[_Segment]:
    """Regions in order, with the gaps between them as ``body`` (a missing region is prose)."""
    out: list[_Segment] = []
    pos, n = 0, len(text.text)
    for r in sorted(structure.regions, key=lambda r: r.start):
        if r.start > pos:
            out.append((pos, r.start, "body", None))
        if r.end > max(r.start, pos):
            out.append((max(r.start, pos), r.end, r.kind, r.number))
        pos = max(pos, r.end)
    if pos < n:
        out.append((pos, n, "body", None))
    return out


def _paragraphs(text: Text, start: int, end: int, stream: tuple[str, int | None]) -> list[_Paragraph]:
    """Blank-line separated blocks of ``text.text[start:end]``, trimmed."""
    s = text.text
    out = []
    pos = start
    for m in _PARAGRAPH_BREAK.finditer(s, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    paras = []
    for a, b in out:
        a, b = trim(s, a, b)
        if b > a:
            paras.append(_Paragraph(a, b, stream))
    return paras


def _split_units(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Sentence and list-item units inside one contiguous span."""
    units, pos = [], a
    for m in _SPLIT.finditer(s, a, b):
        stop = m.group("ws") is not None
        cut = m.start("ws") if stop else m.start() + 1 if m.group("c") == ";" else m.start()
        if stop and (
            m.group("next").islower()
            or _ABBREVIATION.search(s, max(a, cut - 8), cut)
            or _NUMBER_ONLY.fullmatch(s, pos, cut)
        ):
            continue
        units.append((pos, cut))
        pos = m.end()
    units.append((pos, b))
    return [(x, y) for x, y in (trim(s, x, y) for x, y in units) if y > x]


def _layout(text: Text, structure: Structure) -> tuple[list[Sentence], list[list[_Paragraph]]]:
    """One unit per line of the record-like regions, and the prose paragraphs chained into groups."""
    segments = _segments(text, structure)
    return _line_units(text.text, segments), _chained_groups(text, segments)


def _line_units(s: str, segments: list[_Segment]) -> list[Sentence]:
    """One unit per line of the record-like segments."""
    units: list[Sentence] = []
    for a, b, kind, _ in segments:
        if kind in _LINE_REGIONS:
            for m in _LINE.finditer(s, a, b):
                x, y = trim(s, m.start(), m.end())
                if y > x:
                    units.append(Sentence(((x, y),), kind, None))
    return units


def _chained_groups(text: Text, segments: list[_Segment]) -> list[list[_Paragraph]]:
    """The paragraphs of the prose segments, chained into groups."""
    paras: list[_Paragraph] = []
    for a, b, kind, number in segments:
        if kind not in _LINE_REGIONS:
            paras.extend(_paragraphs(text, a, b, (kind, number if kind == "footnote" else None)))

    # Chain paragraphs of one stream across page breaks and inserted blocks of other streams.
    groups: list[list[_Paragraph]] = []
    open_group: dict[tuple[str, int | None], list[_Paragraph]] = {}
    for p in paras:
        g = open_group.get(p.stream)
        if g is not None and carries_on(text, g[-1].start, g[-1].end, p.start, p.end):
            g.append(p)
        else:
            g = [p]
            groups.append(g)
        open_group[p.stream] = g
    return groups


def sentences(text: Text, structure: Structure) -> list[Sentence]:
    """Every sentence (or list item) of the document, ordered by where it starts."""
    line_units, groups = _layout(text, structure)
    out: list[Sentence] = list(line_units)
    for g in groups:
        out.extend(_group_sentences(text.text, g))
    out.sort(key=lambda x: x.start)
    return out


def _group_sentences(s: str, group: list[_Paragraph]) -> list[Sentence]:
    """Split a chained group into units; a unit crossing a break keeps one part per side of it.

    Paragraphs next to each other in the text (only blank lines between them) form one part.
    """
    kind, number = group[0].stream
    runs: list[list[int]] = []
    for p in group:
        if runs and not s[runs[-1][1]:p.start].strip():
            runs[-1][1] = p.end
        else:
            runs.append([p.start, p.end])
    result: list[Sentence] = []
    carry: list[tuple[int, int]] = []
    for ri, (a, b) in enumerate(runs):
        units = _split_units(s, a, b)
        for ui, unit in enumerate(units):
            parts = [*carry, unit] if ui == 0 and carry else [unit]
            carry = []
            last_of_run = ui == len(units) - 1
            if last_of_run and ri + 1 < len(runs):
                carry = parts  # the unit continues after the inserted block
                continue
            result.append(Sentence(tuple(parts), kind, number))
    if carry:
        result.append(Sentence(tuple(carry), kind, number))
    return result


def sentence_spans(text: Text, structure: Structure) -> list[tuple[int, int]]:
    """Normalised spans of every sentence part, in text order.

    A sentence is usually one span. A sentence interrupted by a footnote block (or any block of
    another stream) gives one span per part, so the span holding a position is the part of the
    sentence around it; call ``sentences()`` to get the parts of one sentence together.
    """
    return sorted(part for sent in sentences(text, structure) for part in sent.parts)
