"""Rules as data: type codes, issuer codes, the term calendar. Loaded once; code imports these helpers (how a symbol
is written: ``kg.rules.symbols``).

Each table is a JSON file beside this module; change the data there, not the code.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@cache
def load(name: str) -> dict[str, Any]:
    """The JSON table ``name`` (without extension) from this package."""
    return json.loads(resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8"))


def party_types() -> dict[str, dict[str, Any]]:
    """Party document type codes (``NQ``, ``KL``, ``QĐi``...) → their words and English label."""
    return load("types")["party"]


def copy_types() -> dict[str, dict[str, Any]]:
    """Copy stamp codes (``SY``, ``SL``, ``BS``, ``TS``)."""
    return load("types")["copy"]


def state_types() -> dict[str, dict[str, Any]]:
    """State legal document type codes (``NĐ``, ``QĐ``, ``TT``...)."""
    return load("types")["state"]


@cache
def type_code_for_word(word: str) -> str | None:
    """The party type code a type word names (``Kết luận`` → ``KL``); None if it names none."""
    w = " ".join(word.lower().split())
    for code, info in party_types().items():
        if w == info["words"][0]:
            return code
    for code, info in party_types().items():
        if w in info["words"]:
            return code
    return None


def party_issuers() -> dict[str, dict[str, Any]]:
    """Party issuer codes (``TW``, ``BTCTW``, ``ĐUK``...) → name and level."""
    return load("issuers")["party"]


def read_ambiguous_code(code: str | None, body: str | None) -> str | None:
    """The code an ambiguous printed code stands for beside a named body (``TƯ`` of ``Bộ Chính trị`` → TW, of a
    ``Tỉnh ủy`` → TU); the code itself when it is not ambiguous; None when the body does not tell."""
    info = party_issuers().get(code or "")
    if not info or "read_as" not in info:
        return code
    from kg.rules.lexicon import skeleton

    sk = f" {' '.join(skeleton(body or '').split())} "
    for meant, words in info["read_as"].items():
        if any(f" {w} " in sk for w in words):
            return meant
    return None


def state_issuers() -> dict[str, dict[str, Any]]:
    """State issuer codes (``CP``, ``TTg``, ``QH``...) → name and level."""
    return load("issuers")["state"]


def roman_to_int(roman: str) -> int | None:
    """``XIII`` → 13; None when the string is not a Roman numeral."""
    values = [ROMAN.get(c) for c in roman.upper()]
    if not values or None in values:
        return None
    total = 0
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and v < values[i + 1] else v
    return total


class _Terms(NamedTuple):
    """The Central Committee's terms in order: when each began, and each term's place in the order."""

    starts: list[str]
    terms: list[str]
    place: dict[str, int]


@cache
def _terms() -> _Terms:
    rows = sorted((t["start"], t["term"]) for t in load("terms")["terms"])
    terms = [t for _, t in rows]
    return _Terms([start for start, _ in rows], terms, {t: i for i, t in enumerate(terms)})


def term_of(date_iso: str | None) -> str | None:
    """The Central Committee term (Roman) in force on an ISO date; None without a date."""
    if not date_iso:
        return None
    begun = bisect_right(_terms().starts, date_iso)
    return _terms().terms[begun - 1] if begun else None


def term_start(term: str) -> str | None:
    """ISO date on which a term began."""
    i = _terms().place.get(term.upper())
    return None if i is None else _terms().starts[i]


def term_after(term: str, step: int = 1) -> str | None:
    """The term ``step`` terms after ``term`` (``-1``: the one before); None past either end."""
    terms = _terms()
    i = terms.place[term] + step if term in terms.place else -1
    return terms.terms[i] if 0 <= i < len(terms.terms) else None


def terms_begun(on: str | None) -> tuple[str, ...]:
    """The terms that had begun by ISO date ``on`` (every term when it is None), oldest first."""
    terms = _terms()
    return tuple(terms.terms if on is None else terms.terms[:bisect_right(terms.starts, on)])
