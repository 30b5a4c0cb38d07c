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

from kg.model import Structure, Text

__all__ = ["Sentence", "SentenceIndex", "sentence_spans", "sentences"]

# Regions whose lines are records rather than prose: one unit per line.
_LINE_REGIONS = frozenset({"header", "recipients", "signature", "copy", "received"})

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LIST_START = re.compile(r"(?:[-+•]\s|\(\d{1,2}\)\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVXL]{1,5}\.\s|[a-zđ]\)\s)")
_HEADING_MAX = 250
# A paragraph ends a sentence when its last visible character is one of these.
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\s\"'”’)\]*_]*$")
# Inside a paragraph: sentence end followed by something that starts a new one,
# and list items separated by ``;`` before ``(N)``.
_SPLIT = re.compile(
    r"(?P<stop>(?<=[.!?…])[\"'”’)\]*]*\s+(?=[\"'“‘(\[*]*(?P<next>\w)))"
    r"|(?<=;)\s+(?=\(\d{1,2}\)\s)"
    r"|\n(?=[ \t]*(?:[-+•]\s|\(\d{1,2}\)\s))"
)
_ABBREVIATION = re.compile(r"(?:\b(?:TP|Tp|ThS|TS|PGS|GS|Th\.S|v\.v|St|Đ/c|đ/c|Mr|Ms|No)\.)$")
_WS_NEWLINE = re.compile(r"\s*\n\s*")
_NUMBER_ONLY = re.compile(r"\s*(?:[IVXL]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\.?\s*")


@dataclass(frozen=True)
class Sentence:
    """One sentence or list item: its parts (contiguous normalised spans) and the stream it belongs to.

    A sentence cut by a page break is one part (its span includes the blank lines); one cut by a
    footnote block inserted in the middle has a part before and a part after the block.
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
        return " ".join(_WS_NEWLINE.sub(" ", text.text[a:b]) for a, b in self.parts)


class SentenceIndex:
    """Find the sentence that holds a normalised position (bisect over part starts)."""

    def __init__(self, items: list[Sentence]) -> None:
        parts = sorted((a, b, i) for i, s in enumerate(items) for a, b in s.parts)
        self._starts = [a for a, _, _ in parts]
        self._parts = parts
        self.sentences = items

    def at(self, pos: int) -> Sentence | None:
        """The sentence with a part that holds ``pos``; None between sentences."""
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return None
        a, b, k = self._parts[i]
        return self.sentences[k] if a <= pos < b else None


@dataclass
class _Paragraph:
    start: int
    end: int
    stream: tuple[str, int | None]
    heading_mark: bool = False  # the original line began with a Markdown heading mark


def _segments(text: Text, structure: Structure) -> list[tuple[int, int, str, int | None]]:
    """Regions in order, with the gaps between them as ``body`` (a missing region is prose)."""
    out: list[tuple[int, int, str, int | None]] = []
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
        while a < b and s[a].isspace():
            a += 1
        while b > a and s[b - 1].isspace():
            b -= 1
        if b > a:
            o = text.span(a, a + 1)[0]
            line_start = text.original.rfind("\n", 0, o) + 1
            mark = text.original[line_start:o + 1].lstrip().startswith("#")
            paras.append(_Paragraph(a, b, stream, mark))
    return paras


def _is_heading(s: str, p: _Paragraph) -> bool:
    """A short numbered, upper-case or Markdown-marked line without final punctuation: a heading."""
    if p.heading_mark:
        return True
    body = s[p.start:p.end]
    if len(body) > _HEADING_MAX or "\n" in body.strip():
        return False
    letters = [c for c in body if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    return bool(_LIST_START.match(body))


def _continues(s: str, prev: _Paragraph, nxt: _Paragraph) -> bool:
    """Whether ``nxt`` carries on the sentence that ``prev`` left open (a page or footnote break)."""
    if _ENDS_SENTENCE.search(s, prev.start, prev.end) or _is_heading(s, prev):
        return False
    head = s[nxt.start:nxt.start + 12]
    return not _LIST_START.match(head) and not _is_heading(s, nxt)


def _split_units(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Sentence and list-item units inside one contiguous span."""
    units, pos = [], a
    for m in _SPLIT.finditer(s, a, b):
        cut = m.start()
        if m.group("stop") and (
            m.group("next").islower()
            or _ABBREVIATION.search(s, max(a, cut - 8), cut)
            or _NUMBER_ONLY.fullmatch(s, pos, cut)
        ):
            continue
        units.append((pos, cut))
        pos = m.end()
    units.append((pos, b))
    return [(x, y) for x, y in (_trim(s, x, y) for x, y in units) if y > x]


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return a, b


def sentences(text: Text, structure: Structure) -> list[Sentence]:
    """Every sentence (or list item) of the document, ordered by where it starts."""
    s = text.text
    paras: list[_Paragraph] = []
    line_units: list[Sentence] = []
    for a, b, kind, number in _segments(text, structure):
        if kind in _LINE_REGIONS:
            for m in re.finditer(r"[^\n]+", s[a:b]):
                x, y = _trim(s, a + m.start(), a + m.end())
                if y > x:
                    line_units.append(Sentence(((x, y),), kind, None))
            continue
        stream = (kind, number if kind == "footnote" else None)
        paras.extend(_paragraphs(text, a, b, stream))

    # Chain paragraphs of one stream across page breaks and inserted blocks of other streams.
    groups: list[list[_Paragraph]] = []
    open_group: dict[tuple[str, int | None], list[_Paragraph]] = {}
    for p in paras:
        g = open_group.get(p.stream)
        if g is not None and _continues(s, g[-1], p):
            g.append(p)
        else:
            g = [p]
            groups.append(g)
        open_group[p.stream] = g

    out: list[Sentence] = list(line_units)
    for g in groups:
        kind, number = g[0].stream
        out.extend(_group_sentences(s, g, kind, number))
    out.sort(key=lambda x: x.start)
    return out


def _group_sentences(s: str, group: list[_Paragraph], kind: str, number: int | None) -> list[Sentence]:
    """Split a chained group into units; a unit crossing a break keeps one part per side of it.

    Paragraphs next to each other in the text (only blank lines between them) form one part.
    """
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
