"""Text typed in the old Vietnamese font encodings (TCVN3/ABC, VNI, VISCII), recognised and converted to Unicode.

A document typed in ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) reaches us as Latin-1 letters and signs:
``NghÞ quyÕt`` from a ``.txt`` read as Windows-1252, or from a ``.doc`` whose runs keep the font's codes.
Such text is recognised by its signs that no Vietnamese text in Unicode holds (``µ ¸ ¶ Þ Õ``), and each
candidate conversion is judged by how many of its words are Vietnamese syllables; the best one is kept
only when it reads clearly better than the text as it came. The tables are data (``kg/rules/legacy.json``,
with their sources).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from kg.rules import load

__all__ = ["convert_text", "decode_legacy_bytes", "syllable_share"]

# Latin-1 letters that Vietnamese itself uses in Unicode; every other character of U+00A1–U+00FF is foreign to it.
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_FOREIGN = re.compile("[" + "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIETNAMESE_LATIN1) + "]")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = ("uyê|uyu|uya|uây|uôi|ươi|ươu|iêu|yêu|oai|oay|oao|oeo|"
            "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
            "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y")
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{_NUCLEUS})(?:ch|ng|nh|c|m|n|p|t)?")
_WORD = re.compile(r"[^\W\d_]+")
_MIN_SIGNS = 3  # fewer foreign signs than this (and than one in 500 characters) is a Unicode text with a stray sign


@dataclass(frozen=True)
class _Tables:
    tcvn3: dict[str, str]
    vni: re.Pattern[str]
    vni_map: dict[str, str]
    viscii: dict[int, str]


@cache
def _tables() -> _Tables:
    data = load("legacy")
    vni = data["vni"]["map"]
    pattern = re.compile("|".join(re.escape(k) for k in sorted(vni, key=len, reverse=True)))
    return _Tables(tcvn3=dict(data["tcvn3"]["map"]), vni=pattern, vni_map=vni,
                   viscii={int(k, 16): v for k, v in data["viscii"]["map"].items()})


def _is_syllable(word: str) -> bool:
    """Whether a word (lower case) is a Vietnamese syllable: one tone mark at most, an onset, a vowel group, a coda."""
    parts = unicodedata.normalize("NFD", word)
    if sum(ch in _TONES for ch in parts) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def syllable_share(text: str) -> float:
    """The share of the words written with letters beyond ASCII that are Vietnamese syllables (1.0 when there are none)."""
    words = [w.lower() for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 1.0
    return sum(map(_is_syllable, words)) / len(words)


def _capitals(text: str) -> str:
    """Capitals where TCVN3 typed them with lower-case codes in the .VnTimeH fonts: a line whose letters from ASCII are
    all capitals (``NGHÞ QUYÕT VÒ``), else a word with two or more of them and no small one (``§¶NG``)."""
    def word(m: re.Match[str]) -> str:
        w = m.group()
        ascii_letters = [c for c in w if c.isascii()]
        return w.upper() if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters) else w

    def line(text_line: str) -> str:
        words = [w for w in text_line.split() if not any(c.isdigit() or c in "/-" for c in w)]  # not '09-KL/BTCTW'
        ascii_letters = [c for w in words for c in w if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters):
            return text_line.upper()
        return _WORD.sub(word, text_line)

    return "".join(line(ln) for ln in text.splitlines(keepends=True))


def _tcvn3(text: str) -> str:
    table = _tables().tcvn3
    return _capitals("".join(table.get(c, c) for c in text))


def _vni(text: str) -> str:
    t = _tables()
    return t.vni.sub(lambda m: t.vni_map[m.group()], text)


_CONVERTERS = {"tcvn3": _tcvn3, "vni": _vni}


def convert_text(text: str) -> tuple[str, str] | None:
    """(Unicode text, encoding) when ``text`` is TCVN3 or VNI taken as Latin-1 letters; None when it is not."""
    signs = len(_FOREIGN.findall(text))
    if signs < max(_MIN_SIGNS, len(text) // 500):
        return None
    before = syllable_share(text)
    best = max(((syllable_share(out := convert(text)), name, out) for name, convert in _CONVERTERS.items()),
               key=lambda x: x[0])
    share, name, out = best
    return (unicodedata.normalize("NFC", out), name) if share >= 0.7 and share > before + 0.2 else None


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """(Unicode text, encoding) of bytes that are not UTF-8, when they read as TCVN3, VNI or VISCII; else None."""
    as_cp1252 = data.decode("cp1252", errors="replace")
    found = convert_text(as_cp1252)
    viscii_table = _tables().viscii
    viscii = "".join(viscii_table.get(b, chr(b)) for b in data)
    viscii_share = syllable_share(viscii) if any(b in viscii_table for b in data) else 0.0
    if found is not None and syllable_share(found[0]) >= viscii_share:
        return found
    if viscii_share >= 0.9 and viscii_share > syllable_share(as_cp1252) + 0.2:
        return unicodedata.normalize("NFC", viscii), "viscii"
    return found
