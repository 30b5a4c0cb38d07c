"""The reference finder's lexicon: references.json, types.json and issuers.json compiled once.

Matching works on *skeletons*: lower case, diacritics removed, ``đ`` → ``d``, one character for
one character, so offsets in a skeleton are offsets in the text it was made from. Text with no or
broken diacritics (``Nghi quyet``, ``Kết lúận``) then reads like clean text. Whether a text is written with
diacritics at all (``accented``) is read here too, on a one-byte charmap of letter classes: the relation reader
then lets a bare word stand for an accented one only in a bare text.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.rules import load, party_issuers, party_types, state_issuers, state_types

__all__ = ["Lexicon", "accented", "fuzzy", "lexicon", "roman", "rx", "skeleton", "skeleton_bytes", "slug"]


def _skeleton_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x41, 0x2000):
        c = chr(cp)
        base = "".join(ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch))
        if c in "Đđ":
            base = "d"
        low = base.lower()
        if len(low) == 1 and low.isascii() and low.isalpha() and low != c:
            table[cp] = low
    return table


_SKELETON = _skeleton_table()
_VARIANTS: dict[str, str] = {}
for _cp, _base in _SKELETON.items():
    _VARIANTS[_base] = _VARIANTS.get(_base, _base) + chr(_cp)


_BYTE_MAP = {i: i for i in range(128)} | {cp: ord(base) for cp, base in _SKELETON.items()}


def vietnamese_letters() -> list[str]:
    """The lower-case Vietnamese letters above ASCII (toned and hatted vowels, then đ), in a fixed order.

    Both one-byte charmaps of this module (the skeleton's and the letter classes') are built on it.
    """
    letters = []
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            c = unicodedata.normalize("NFC", base + tone)
            if len(c) == 1 and ord(c) > 127:
                letters.append(c)
    return [*letters, "đ"]


def _fast_skeleton_codec() -> tuple[object, bytes]:
    """A one-byte charmap for lower-case text: the 67 Vietnamese letters and common symbols above 127.

    Encoding with it runs in C; a byte table then folds each byte to its skeleton letter.
    """
    letters = vietnamese_letters()
    symbols = "“”‘’…•✓°«»·×÷±§¹²³⁴⁵⁶⁷⁸⁹⁰½¼¾→←■□▪●○◆◇★☆♦✔✗❖➢➤►▲▼€£"
    slots = (letters + [c for c in symbols if c not in letters])[:128]
    decoding = "".join(map(chr, range(128))) + "".join(slots) + "\ufffe" * (128 - len(slots))
    fold = bytearray(range(256))
    fold[65:91] = bytes(range(97, 123))
    for i, c in enumerate(slots):
        fold[128 + i] = ord(_SKELETON.get(ord(c), "?"))
    return codecs.charmap_build(decoding), bytes(fold)


_CHARMAP, _FOLD = _fast_skeleton_codec()


def _unmapped(err: UnicodeEncodeError) -> tuple[str, int]:
    return "".join(_SKELETON.get(ord(c), "?") for c in err.object[err.start:err.end]), err.end


codecs.register_error("kg-skeleton", _unmapped)


def skeleton(s: str) -> str:
    """``s`` in lower case without diacritics, ``đ`` as ``d``; same length as ``s``."""
    return s.translate(_SKELETON)


_SLUG_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """``Thừa Thiên Huế`` → ``thua-thien-hue``: the skeleton's ASCII words joined by hyphens ('' when there are none);
    what keys, registers and IRIs name a place, a body or a title by."""
    return "-".join(_SLUG_WORD.findall(skeleton(unicodedata.normalize("NFC", text))))


def skeleton_bytes(s: str) -> bytes:
    """The skeleton of ``s`` as ASCII bytes, one byte per character (``?`` for anything unmapped).

    This is what whole documents are matched on: lower-casing, a one-byte charmap and a byte
    table run in C at ~150 MB/s (``str.translate`` manages ~35), and bytes patterns with a
    literal start are then searched at hundreds of MB/s.
    """
    low = s.lower()
    if len(low) != len(s):  # a rare letter whose lower case is longer ('İ'): keep offsets exact
        return codecs.charmap_encode(s, "replace", _BYTE_MAP)[0]
    return codecs.charmap_encode(low, "kg-skeleton", _CHARMAP)[0].translate(_FOLD)


# --- letter classes: whether a text is written with diacritics ---

_LETTER = re.compile(r"[^\W\d_]")  # a letter: what words are runs of
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTER, _OTHER_LETTER = b"a", b"b"  # a character's class in ``_letter_classes``; anything else is b" "


def _letter_codec() -> tuple[object, bytes, str]:
    """A one-byte charmap (ASCII, the Vietnamese letters, common symbols, then as many Vietnamese capitals as fit, Đ
    first), a byte table from it to letter classes, and a letter it has that stands for any other non-ASCII letter."""
    lower = vietnamese_letters()
    capitals = [c.upper() for c in [lower[-1], *lower[:-1]]]
    slots = [*lower, *"“”‘’…–—•·«»°¹²³×÷\xa0", *capitals][:128]
    decoding = "".join(map(chr, range(128))) + "".join(slots) + "\ufffe" * (128 - len(slots))
    classes = bytearray(b" " * 256)
    for i, c in enumerate(decoding):
        if _LETTER.match(c):
            classes[i] = ord(_ASCII_LETTER if i < 128 else _OTHER_LETTER)
    return codecs.charmap_build(decoding), bytes(classes), slots[0]


_LETTER_MAP, _LETTER_CLASSES, _SOME_LETTER = _letter_codec()


def _unlisted_letters(err: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler: a character outside the charmap (never ASCII) as a listed one of its class."""
    return "".join(_SOME_LETTER if _LETTER.match(c) else " " for c in err.object[err.start:err.end]), err.end


codecs.register_error("kg-letter-class", _unlisted_letters)


def _letter_classes(s: str) -> bytes:
    """One byte per character of ``s``: ``a`` an ASCII letter, ``b`` another letter, a space otherwise. The classes
    of ``s.lower()`` too except for 'İ' and the Kelvin sign (callers rule those out), without lower-casing's cost."""
    return codecs.charmap_encode(s, "kg-letter-class", _LETTER_MAP)[0].translate(_LETTER_CLASSES)


def accented(s: str) -> bool:
    """Whether a text is written with diacritics (so a bare word there is a different word): at least 15% of its
    words (runs of letters) hold a letter beyond ASCII (a text without words counts as accented)."""
    s = s[:200_000]
    if "\u0130" in s or "\u212a" in s:
        words = _LETTERS.findall(s)
        return not words or len(words) - sum(map(str.isascii, words)) >= 0.15 * len(words)
    cut = len(s) * 2 // 5  # the start of an accented text settles it: the rest holds at most a word in 2 characters
    if cut and _accented_share(_letter_classes(s[:cut]), (len(s) - cut + 1) // 2):
        return True
    return _accented_share(_letter_classes(s), 0)


def _accented_share(classes: bytes, more_words: int) -> bool:
    """Whether at least 15% of the words of ``classes`` (see ``_letter_classes``) hold a letter beyond ASCII, even
    with ``more_words`` ASCII words added; True if there are no words at all."""
    classes = b" " + classes + b" "
    total = classes.count(b" " + _ASCII_LETTER) + classes.count(b" " + _OTHER_LETTER) + more_words
    if not total:
        return True
    need = 0.15 * total  # first bounded by the words ending in another letter, and by the number of such letters
    if classes.count(_OTHER_LETTER + b" ") >= need:
        return True
    if classes.count(_OTHER_LETTER) < need:
        return False
    return classes.translate(None, _ASCII_LETTER).count(b" " + _OTHER_LETTER) >= need


def rx(pattern: str) -> re.Pattern[bytes]:
    """Compile a skeleton pattern for matching ``skeleton_bytes`` text."""
    return re.compile(pattern.encode("ascii"))


def fuzzy(word: str) -> str:
    """A regex matching ``word`` (a skeleton) in any case, with any or no diacritics; spaces match whitespace runs."""
    out = []
    for ch in word:
        if ch == " ":
            out.append(r"\s{1,8}")
        elif ch in _VARIANTS:
            out.append("[" + re.escape(_VARIANTS[ch]) + "]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_ROMAN = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    """13 → ``XIII`` (1..89)."""
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _phrase(words: str) -> str:
    """A skeleton phrase or pattern as a regex: spaces match any short whitespace run."""
    return words.replace(" ", r"\s{1,8}")


def _alternation(phrases: list[str]) -> str:
    return "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """Everything the finder looks words up in; built once by ``lexicon()``."""

    party_words: dict[str, str]  # type word skeleton → party code
    state_words: dict[str, str]  # type word skeleton → state code
    abbreviations: dict[str, str]  # 'NQ' as printed → code
    plenum_words: dict[str, str]
    congress_words: dict[str, str]
    party_codes: dict[str, str]  # code skeleton → canonical code ('qdi' → 'QĐi')
    copy_codes: frozenset[str]
    state_codes: dict[str, str]
    party_issuer_codes: dict[str, str]  # 'duk' → 'ĐUK'
    state_issuer_codes: dict[str, str]
    issuer_names: dict[str, str]  # canonical code → body name, for codes that name one body
    numerals: dict[str, int]
    numeral_re: str  # regex alternation of number words (skeleton)
    type_word_re: str  # regex alternation of every type word (skeleton)
    body_re: re.Pattern[bytes]  # named groups b0, b1 … → body_names
    body_names: tuple[str, ...]
    local_body_re: re.Pattern[bytes]
    not_place_words: frozenset[str]
    committee: str
    number_followers: frozenset[str]
    date_only_followers: frozenset[str]
    own_party_names: tuple[str, ...]
    party_name_starts: tuple[str, ...]
    charter_alone_followers: re.Pattern[bytes]
    platform_generic: re.Pattern[bytes]
    platform_lower_followers: re.Pattern[bytes]
    platform_lower_preceders: re.Pattern[bytes]


def _codes(table: dict[str, object]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code in table:
        out.setdefault(skeleton(code), code)
    return out


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon (loaded once)."""
    rules = load("references")
    party_words: dict[str, str] = {}
    for code, info in party_types().items():  # the first code listed for a word wins ('quy định' → QĐ)
        for word in info["words"]:
            party_words.setdefault(skeleton(word), code)
    party_words.update({k: v for k, v in rules["extra_type_words"].items() if not k.startswith("_")})
    state_words = {skeleton(w): code for code, info in state_types().items() for w in info["words"]}
    types = load("types")
    party_codes = _codes(party_types()) | _codes(types["copy"])
    bodies = {k: v for k, v in rules["bodies"].items() if not k.startswith("_")}
    names = tuple(bodies)
    body_re = rx("|".join(f"(?P<b{i}>{_alternation(pats)})" for i, pats in enumerate(bodies.values())))
    local = rules["local_bodies"]
    numerals = {k: v for k, v in rules["numerals"].items() if not k.startswith("_")}
    issuers = party_issuers()
    issuer_names = {code: info["name"] for code, info in issuers.items() if not info.get("bodies") and "read_as" not in info}
    charter, platform = rules["charter"], rules["platform"]
    number = rules["number_followers"]
    party = rules["own_party_names"]
    return Lexicon(
        party_words=party_words,
        state_words=state_words,
        abbreviations={k: v for k, v in rules["type_abbreviations"].items() if not k.startswith("_")},
        plenum_words={k: v for k, v in rules["plenum_type_words"].items() if not k.startswith("_")},
        congress_words={k: v for k, v in rules["congress_type_words"].items() if not k.startswith("_")},
        party_codes=party_codes,
        copy_codes=frozenset(types["copy"]),
        state_codes=_codes(state_types()) | {k: v for k, v in _codes(party_types()).items()},
        party_issuer_codes=_codes(issuers),
        state_issuer_codes=_codes(state_issuers()),
        issuer_names=issuer_names,
        numerals=numerals,
        numeral_re=_alternation(list(numerals)),
        type_word_re=_alternation(list(party_words) + list(state_words)),
        body_re=body_re,
        body_names=names,
        local_body_re=rx(_alternation(local["patterns"])),
        not_place_words=frozenset(local["not_place_words"]),
        committee=rules["plenum_body"]["committee"],
        number_followers=frozenset(number["words"]),
        date_only_followers=frozenset(number["date_only"]),
        own_party_names=tuple(party["names"]),
        party_name_starts=tuple(party["party_name_starts"]),
        charter_alone_followers=rx(r"\s{0,8}(?:" + "|".join(charter["alone_followers"]) + ")"),
        platform_generic=rx(r"\s{1,8}(?:" + _alternation(platform["generic_followers"]) + r")\b"),
        platform_lower_followers=rx(r"(?:" + _alternation(platform["lower_followers"]) + r")\b"),
        platform_lower_preceders=rx(r"(?:" + _alternation(platform["lower_preceders"]) + r")$"),
    )
