"""The extraction's fast paths give what the plain algorithms they replace give, on the real corpus.

Each test keeps the plain version (as the code had it before it was made faster) and compares the
two on every document of ``data/corpus`` (and on lines made to hit the rare cases).
"""
from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from kg.extract import descriptive, record, relations, structure
from kg.extract.sentences import SentenceIndex
from kg.extract.sentences import _group_sentences as group_sentences
from kg.extract.sentences import _layout as sentence_layout
from kg.extract.structure import parse_structure
from kg.read import decode
from kg.read.normalise import (
    _BRANCHES,
    _FIRST,
    _TONE,
    _TONE_RE,
    _new_tone,
    _pass1,
    normalise,
)
from kg.rules.lexicon import skeleton_bytes

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
ODD = (
    "khoá hoà Hoà HOÀ oÁ quá Quý thuỷ uỷ ban xoáy hoá. a…b...c. 4.500 v.v. ..x (1) a. ",
    "**Điều 1.** ## Mục\n\\- dòng\r\n### \t \u00ad\u200bx¹²³ 3*4 *\n  *  \n#tag #\n",
    "a\u0301 e\u0300\u0323 \u2028–—\u00a0\t\f",
    "####### x ######## y #\t## \\\\- \\x \\# *\t**¹\u0301\r\n#",
    "TỈNH ỦY BÌNH ĐỊNH\nBAN THƯỜNG VỤ\n\n  PHÓ TRƯỞNG BAN THƯỜNG TRỰC\nKẾT LUẬN\nKẾT LUẬNX\nⅰ ABC\n",
)


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] + list(ODD)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


@pytest.fixture(scope="module")
def normalised(texts: list[str]) -> list[str]:
    return [normalise(t).text for t in texts]


# --- read ---

def test_first_character_scan_finds_what_the_lookahead_pattern_finds(texts):
    plain = re.compile(rf"(?=[{_FIRST}])(?:{_BRANCHES})")  # the pattern the code scanned with before
    for t in texts:
        fast = [(m.span(), m.lastgroup) for m in _pass1(t)]
        assert fast == [(m.span(), m.lastgroup) for m in plain.finditer(t)]


def test_tone_pattern_moves_the_tones_the_pair_alternation_moves(texts):
    plain = re.compile(r"(?=[oOuU])(?<![qQ])(?:" + "|".join(map(re.escape, _TONE)) + r")(?![^\W\d_])")
    for t in texts:
        assert _TONE_RE.sub(_new_tone, t) == plain.sub(lambda m: _TONE[m.group()], t)


@pytest.mark.parametrize("extra", ["", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\x1a\t\n\r\v\f", "\u00a0¹"])
def test_control_test_on_bytes_agrees_with_the_test_on_text(texts, extra):
    for t in texts:
        t = t[:500] + extra + t[500:]
        assert decode._no_controls_utf8(t.encode("utf-8")) == (not decode._CONTROLS.search(t))


# --- structure and record ---

def _plain_split_lines(s: str, offset: int = 0) -> list[tuple[int, int, int, int, str]]:
    out, pos = [], 0
    for i, raw in enumerate(s.split("\n")):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        a = offset + pos + lead
        out.append((i, offset + pos, a, a + len(text), text))
        pos += len(raw) + 1
    return out


def test_split_lines_gives_the_lines_of_the_plain_loop(normalised):
    for t in normalised:
        assert [tuple(ln) for ln in structure.split_lines(t, 7)] == _plain_split_lines(t, 7)


def test_marker_lines_are_those_the_plain_scan_finds():
    for p in sorted(CORPUS.glob("*.txt")):
        text = normalise(p.read_text(encoding="utf-8"))
        lines = structure.split_lines(text.text)
        opening = {m.at: m.number for m in text.markers if structure._opens_line(text.text, m.at)}
        doc = structure._Doc(lines, [None] * len(lines), opening, {})
        for ln in lines:
            plain = next((opening[a] for a in range(ln.raw, ln.start + 1) if a in opening), None)
            assert doc.opens(ln.index) == plain


def _plain_capacity(t: str) -> bool:
    u = " ".join(t.split())
    return structure.is_upper(t) and any(u == c or u.startswith(c + " ") for c in structure.layout()["capacities"])


def _plain_type_word(t: str) -> str | None:
    u = " ".join(t.split())
    if not structure.is_upper(t):
        return None
    return next((w for w in structure.type_words_upper() if u == w or u.startswith(w + " ")), None)


def _plain_name_parts(upper: str) -> list[tuple[str, bool]]:
    phrases = sorted(((tuple(k.split()), v) for k, v in structure.layout()["body_words"].items()),
                     key=lambda kv: len(kv[0]), reverse=True)
    words, out, i = upper.split(), [], 0
    while i < len(words):
        hit = next(((k, v) for k, v in phrases if tuple(words[i:i + len(k)]) == k), None)
        if hit:
            out.append((hit[1], True))
            i += len(hit[0])
        else:
            w = words[i]
            out.append((w if record.is_acronym(w) else w[:1] + w[1:].lower(), not any(c.isalpha() for c in w)))
            i += 1
    return out


def test_line_tests_agree_with_their_plain_loops(normalised):
    for t in normalised:
        for line in t.split("\n"):
            line = line.strip()
            assert structure.is_capacity(line) == _plain_capacity(line)
            assert structure.type_word_of(line) == _plain_type_word(line)
            if structure.is_upper(line):
                assert record._name_parts(line.upper()) == _plain_name_parts(line.upper())


# --- relations ---

def test_token_split_without_underscore_is_the_full_split(normalised):
    for t in normalised:
        for piece in t.split("_"):
            assert relations._TOKEN_SPLIT_NO_UNDERSCORE.split(piece) == relations._TOKEN_SPLIT.split(piece)


def test_kept_sentence_tokens_are_the_tokens_of_the_split(normalised):
    tokens = relations._lexicon().tokens
    for t in normalised:
        for sentence in re.split(r"(?<=[.;:])\s", t)[:200]:
            lengths, toks = tokens.split(sentence)
            parts = relations._TOKEN_SPLIT.split(sentence)
            assert lengths == tuple(map(len, parts))
            assert toks == tuple(tokens[g] for g in parts[1::2])
            assert tokens.split(sentence) == (lengths, toks)


def test_clause_ending_breaks_are_those_the_plain_test_finds(texts):
    for raw in texts:
        text = normalise(raw)
        s = text.text
        plain_test = relations._Breaks.__new__(relations._Breaks)  # its line tests, without the one-scan stops
        plain_test.text, plain_test._capitals = s, {}
        plain, para_start = [], 0
        for m in relations._NEWLINES_RE.finditer(s):
            a, b = m.span()
            blank = s.count("\n", a, b) > 1
            if plain_test._ends_clause(text, a, b, para_start if blank else None):
                plain.append((a, b))
            if blank:
                para_start = b
        assert relations._Breaks(text).runs == plain


def _plain_caps_line(line: str) -> bool:
    letters = list(filter(str.isalpha, line))
    return len(line) <= relations._HEADING_MAX and len(letters) >= 2 and all(map(str.isupper, letters))


def test_capitals_test_agrees_with_the_letter_loop(normalised):
    for t in normalised:
        for line in t.split("\n"):
            assert relations._caps_line(line) == _plain_caps_line(line)


def _plain_stops(s: str, a: int, b: int) -> list[int]:
    out = []
    for m in re.finditer(r"[:!?….]|\((?=\d{1,2}\))", s[:b]):
        p = m.start()
        if p < a or s[p] == "." and (p > a and s[p - 1] == "." or p + 1 < b and not s[p + 1].isspace()):
            continue
        out.append(p)
    return out


def test_sure_stops_are_those_the_plain_loop_keeps(normalised):
    for t in normalised:
        cuts = sorted({0, len(t), *range(0, len(t), 97), *(m.start() for m in re.finditer(r"\.", t))})
        for a, b in pairwise(cuts):
            if a < b:
                assert relations._lay_out(t, [(a, b, 0, True)], [])[1] == _plain_stops(t, a, b)


def test_word_before_a_number_is_what_the_word_pattern_finds(normalised):
    for t in normalised:
        sk = skeleton_bytes(t)
        for m in re.finditer(rb"[a-z] \d", sk):
            a = m.start() + 2
            assert descriptive._word_before_space(sk, a) == descriptive._word_before(sk, a)


def _eager_at(text, line_units, groups, pos: int):
    """The sentence at ``pos`` as the index found it when it made every line unit first."""
    found = SentenceIndex(line_units).at(pos)
    if found is not None:
        return found
    group = next((g for g in groups if any(p.start <= pos < p.end for p in g)), None)
    return None if group is None else SentenceIndex(group_sentences(text.text, group)).at(pos)


def test_lazy_sentence_index_finds_what_the_eager_one_found():
    for p in sorted(CORPUS.glob("*.txt")):
        text = normalise(p.read_text(encoding="utf-8"))
        structure = parse_structure(text)
        lazy = SentenceIndex.of(text, structure)
        line_units, groups = sentence_layout(text, structure)
        for pos in range(0, len(text.text), 11):
            assert lazy.at(pos) == _eager_at(text, line_units, groups, pos)


def test_letter_classes_are_those_of_the_lower_cased_text(texts):
    def plain(s: str) -> bytes:
        return b"".join(b" " if not relations._LETTER.match(c) else b"a" if c.isascii() else b"b" for c in s.lower())

    for t in [*texts, "ĐẢNG CỘNG SẢN VIỆT NAM ỲỶỸỴ Ω Ǆ ß ẞ 𝐀"]:
        assert relations._letter_classes(t) == b"".join(plain(c) for c in t)
