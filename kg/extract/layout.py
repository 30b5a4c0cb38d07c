"""How a document's text is laid out in clauses, list items and headings: one reading of it for the structure,
sentence and relation readers.

A clause ends at one of ``STOPS`` followed only by ``CLOSERS`` and white space. A list item opens with a bullet, a
number or a letter (``-``, ``(1)``, ``2.1.``, ``II.``, ``a)``). A heading is a line in capitals, or a short
one-line block that is numbered or was a Markdown heading. A block of text carries on the sentence of the block
before it (across a page break, or a footnote block inserted in the middle) when that one leaves it open.
"""
from __future__ import annotations

import re

from kg.model import Text

__all__ = ["CAPS_LINE_MAX", "CLOSERS", "HEADING_MAX", "LIST_ITEM", "STOPS", "caps_line", "carries_on",
           "ends_with_stop", "heading_block", "trim"]

STOPS = ".!?…:;"
CLOSERS = "\"'”’»)]*_"  # closing quotes and brackets, and Markdown's emphasis marks, which may follow a stop
#: What opens a list item, from the start of a line (blanks before it allowed).
LIST_ITEM = re.compile(r"[ \t]*(?:[-+•*]\s|\(\d{1,2}\)\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVXL]{1,5}\.\s|[a-zđ]\)\s)")
HEADING_MAX = 250  # a numbered or Markdown-marked line longer than this is prose, not a heading
# A line in capitals up to this long is a heading or a subject line: 'TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 71/NQ-CP …
# VÀ KẾ HOẠCH HÀNH ĐỘNG SỐ 328-KH/TU … TRÊN ĐỊA BÀN TỈNH NGHỆ AN' (a Nghệ An plan of 2025, 419 characters) ends its
# clause although no full stop does.
CAPS_LINE_MAX = 600
_ASCII_LOWER = re.compile("[a-z]")  # letters that are not capitals


def trim(s: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` narrowed to leave out the white space at either end of ``s[a:b]``."""
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return a, b


def ends_with_stop(s: str, a: int = 0, b: int | None = None) -> bool:
    """Whether ``s[a:b]`` ends with a clause stop, then only closers and white space (read from the end: a search
    would scan the whole block)."""
    b = len(s) if b is None else b
    while b > a and (s[b - 1].isspace() or s[b - 1] in CLOSERS):
        b -= 1
    return b > a and s[b - 1] in STOPS


def caps_line(line: str) -> bool:
    """A line written in capitals (a title or heading: ``KẾT LUẬN``, ``II. NHIỆM VỤ TRỌNG TÂM``)."""
    if len(line) > CAPS_LINE_MAX or _ASCII_LOWER.search(line):  # found at once in most lines
        return False
    letters = list(filter(str.isalpha, line))
    return len(letters) >= 2 and all(map(str.isupper, letters))


def heading_block(text: Text, a: int, b: int) -> bool:
    """Whether ``text.text[a:b]`` is a heading on its own: one short line in capitals, numbered, or marked as a
    Markdown heading."""
    s = text.text
    a, b = trim(s, a, b)
    if not a < b <= a + HEADING_MAX or s.find("\n", a, b) >= 0:
        return False
    return caps_line(s[a:b]) or bool(LIST_ITEM.match(s, a, b)) or text.heading_mark(a)


def carries_on(text: Text, a: int, b: int, c: int, d: int) -> bool:
    """Whether the block ``text.text[c:d]`` carries on the sentence that the block ``text.text[a:b]`` left open: the
    first does not end with a stop and is no heading (nor is its last line), the second opens no list item or heading."""
    s = text.text
    while b > a and s[b - 1].isspace():
        b -= 1
    if b <= a or ends_with_stop(s, a, b):
        return False
    if caps_line(s[max(a, s.rfind("\n", a, b) + 1):b]) or heading_block(text, a, b):
        return False
    return not LIST_ITEM.match(s, c, d) and not heading_block(text, c, d)
