"""Turn a file's bytes into text, detecting the encoding and refusing what is not text.

Accepted: UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, the legacy Vietnamese code page
Windows-1258, and the old font encodings TCVN3, VNI and VISCII (``kg.read.legacy``). Anything else is a
``ReadError`` with a one-line reason.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kg.model reads kg.read.normalise: imported for the annotations only
    from kg.model import OcrPage

from kg.read.legacy import decode_legacy_bytes, syllable_share


class ReadError(Exception):
    """A file that cannot be read as a document; ``str(err)`` is the one-line reason."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a file, with the encoding (or format) it was read as."""

    text: str
    encoding: str
    sha256: str | None = None  # of the file's bytes, when read from a file
    ocr: tuple[OcrPage, ...] = ()  # pages read by OCR
    unread_pages: tuple[int, ...] = ()  # pages without text left unread


def number_setting(name: str, default: float, unit: str) -> float:
    """The positive number the environment variable ``name`` holds (``default`` when unset or empty); anything else
    stops the command with one line that says what to write."""
    raw = os.environ.get(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise SystemExit(f"kg: {name}={raw!r} is not a number of {unit} (write {name}={default:g})")
    return value


@dataclass(frozen=True)
class ReadOptions:
    """How files are read: ``ocr`` reads the pages of a PDF that have no text layer with Tesseract."""

    ocr: bool = True


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Letters that only Vietnamese text produces when decoded as Windows-1258.
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")
_TONE_MARKS = set("\u0300\u0301\u0303\u0309\u0323")
# Control characters (category Cc) that no text document holds; \t \n \v \f \r and \x1a (DOS end of file) are fine.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def check_text(text: str) -> str:
    """Return ``text`` if it reads as a document, else raise ``ReadError``."""
    if not text.strip():
        raise ReadError("empty file (no text)")
    sample = text[:65536]
    controls = len(_CONTROLS.findall(sample))
    if controls > max(2, len(sample) // 200):
        raise ReadError("binary file (not text)")
    return text


# Blocks of other scripts (Greek to Ethiopic, Hangul Jamo, CJK, Hangul syllables) and private use: a range check
# per character, which a text without them passes at ~400 MB/s. Latin letters are counted only when these are many.
_OTHER_SCRIPTS = re.compile("[\u0370-\u1dff\u2c00-\ud7ff\ue000-\uf8ff\uf900-\ufaff\uff00-\uffef]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")  # with Vietnamese's ạ … ỹ (Latin Extended Additional)
_SCRIPT_SAMPLE = 16384  # characters looked at: a damaged file is damaged throughout
_SCRIPT_MIN_LETTERS = 200  # fewer letters than this say nothing either way
_LATIN_MIN_SHARE = 0.5


def check_script(text: str) -> None:
    """Raise ``ReadError`` when most of the text's letters are of other scripts: it is not a Vietnamese document, such
    as a damaged ``.doc`` that LibreOffice opens as UTF-16 text (CJK, Hangul and private-use characters)."""
    sample = text[:_SCRIPT_SAMPLE]
    other = len(_OTHER_SCRIPTS.findall(sample))
    if other * 2 < _SCRIPT_MIN_LETTERS:
        return  # too few for a share below half of enough letters
    latin = len(_LATIN.findall(sample))
    if latin + other >= _SCRIPT_MIN_LETTERS and latin < _LATIN_MIN_SHARE * (latin + other):
        raise ReadError(f"not Vietnamese text: {100 * latin // (latin + other)}% of its letters are Latin (is the "
                        "file damaged, or in another format than its name says?)")


def _looks_vietnamese_1258(text: str) -> bool:
    """Windows-1258 decodes almost any bytes: accept it only when the result reads as Vietnamese.

    Vietnamese in this code page writes tones as combining marks after a vowel, and every such
    pair composes under NFC; marks left over after NFC mean the bytes were some other language.
    """
    sample = text[:200000]
    high = [c for c in sample if ord(c) > 127]
    if not high:
        return True
    if not any(c in _VIETNAMESE for c in high):
        return False
    if sum(c in _VIETNAMESE or unicodedata.category(c).startswith("L") for c in high) / len(high) < 0.9:
        return False
    marks = sum(1 for c in sample if c in _TONE_MARKS)
    left = sum(1 for c in unicodedata.normalize("NFC", sample) if c in _TONE_MARKS)
    return marks == 0 or left <= marks // 20


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes stand at every other place, as the high bytes of a text's
    ASCII characters do in UTF-16 saved without its byte order mark; None otherwise."""
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= half * 0.2 and even <= half * 0.01:
        return "utf-16-le"
    if even >= half * 0.2 and odd <= half * 0.01:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, options: ReadOptions | None = None) -> Decoded:
    """Decode a plain-text file's bytes; raise ``ReadError`` for empty, binary or undecodable input."""
    if not data.strip():
        raise ReadError("empty file (no text)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(check_text(data.decode(name)), name)
            except UnicodeDecodeError as err:
                raise ReadError(f"undecodable bytes at offset {err.start} ({name} with BOM)") from None
    if b"\x00" in data:  # one rule wherever the NUL stands (a text file holds none), unless the text is UTF-16
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ReadError("binary file (not text)")
        try:
            return Decoded(check_text(data.decode(utf16)), utf16)
        except UnicodeDecodeError as err:
            raise ReadError(f"undecodable bytes at offset {err.start} ({utf16} without BOM)") from None
    try:
        return Decoded(check_text(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    cp1258 = text is not None and _looks_vietnamese_1258(text)
    legacy = decode_legacy_bytes(data)
    if legacy is not None and (not cp1258 or syllable_share(legacy[0]) > syllable_share(unicodedata.normalize("NFC", text))):
        return Decoded(check_text(legacy[0]), legacy[1])
    if cp1258:
        return Decoded(check_text(text), "windows-1258")
    raise ReadError(
        f"undecodable bytes at offset {utf8_error.start} (neither UTF-8 nor a Vietnamese encoding: Windows-1258, "
        "TCVN3, VNI, VISCII)"
    )
