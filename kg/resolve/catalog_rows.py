"""The catalog's CSV rows: read, checked (the lint every row passes, bundled or a user's own), looked up.

A catalog file has the columns ``symbol,type,number,issuer_code,issuer,date,term,plenum,title,source,
kind`` (``note`` and more may follow); a register file (``registers.csv``) has ``highest_number``
instead and is read as register facts. ``kg build --catalog FILE.csv`` reads a user's file with the
same lint: a bad row is one line naming the file, the line and the problem, and is left out.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.rules import party_issuers, party_types, roman_to_int, term_of
from kg.rules.symbols import split_symbol
from kg.rules.lexicon import skeleton

__all__ = ["COLUMNS", "KINDS", "CatalogError", "RegisterGaps", "Row", "catalog_files", "find_rows", "number_ranges",
           "problems", "read_catalog", "read_rows", "register_gaps"]

COLUMNS = ("symbol", "type", "number", "issuer_code", "issuer", "date", "term", "plenum", "title", "source", "kind")
KINDS = ("document", "congress", "charter", "platform")
_ROMAN = re.compile(r"^[IVXLC]+$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CatalogError(ValueError):
    """A catalog file that cannot be read as one (missing, or without the catalog's columns)."""


@dataclass(frozen=True)
class Row:
    """One catalog row with where it came from (``file`` and 1-based ``line``, the header being line 1)."""

    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def catalog_files(paths: Sequence[Path | str] | Path | str) -> list[Path]:
    """The CSV files the paths name (a folder's ``*.csv``, sorted); a path that does not exist raises CatalogError."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.csv")))
        elif p.is_file():
            files.append(p)
        else:
            raise CatalogError(f"catalog not found: {p}")
    return files


def read_catalog(path: Path) -> tuple[list[Row], list[dict[str, str]]]:
    """(rows, register facts) of one file, read once: a register file (``highest_number`` in its header) gives
    facts, a catalog file rows. A missing file, or one whose header is neither, raises CatalogError."""
    if not path.is_file():
        raise CatalogError(f"catalog not found: {path}")
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or ()
        if "highest_number" in header:
            return [], [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise CatalogError(f"{path}: not a catalog file: no column {', '.join(missing)}")
        rows = []
        for line, raw in enumerate(reader, start=2):
            if None in raw:
                raw = {**raw, "": ",".join(raw.pop(None))}  # more fields than the header: reported by problems()
            rows.append(Row(path.name, line, {k: (v or "").strip() for k, v in raw.items() if k is not None}))
        return rows, []


def read_rows(path: Path) -> list[Row]:
    """The rows of one catalog file (none for a register file); see ``read_catalog``."""
    return read_catalog(path)[0]


def problems(row: Row) -> list[str]:
    """What is wrong with a row (empty when it is well formed): format, term against date, symbol against number."""
    out: list[str] = []
    v = row.values
    if v.get(""):
        out.append("more fields than the header")
    if not row["source"]:
        out.append("no source: every fact needs the page it was checked on")
    if any(x != unicodedata.normalize("NFC", x) for x in v.values()):
        out.append("text not in Unicode NFC")
    kind = row["kind"] or "document"
    if kind not in KINDS:
        out.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if row["date"]:
        out += _date_problems(row["date"], row["term"])
    if row["term"] and not (_ROMAN.fullmatch(row["term"]) and roman_to_int(row["term"])):
        out.append(f"term {row['term']!r} is not a Roman numeral")
    if row["plenum"]:
        if not row["plenum"].isdigit() or int(row["plenum"]) < 1:
            out.append(f"plenum {row['plenum']!r} is not a number")
        if row["issuer"] != "Ban Chấp hành Trung ương":
            out.append("only the Central Committee (Ban Chấp hành Trung ương) holds plenums")
        if not row["term"]:
            out.append("a plenum number needs its term")
    if row["type"] and row["type"] not in party_types():
        out.append(f"type {row['type']!r} is not a Party type code")
    out += _code_problems(row)
    if kind != "document" and (row["symbol"] or row["plenum"]):
        out.append(f"a {kind} row has no symbol or plenum")
    if row["symbol"]:
        out += _symbol_problems(row)
    elif row["number"]:
        out.append("a number without its symbol")
    return out


def _code_problems(row: Row) -> list[str]:
    """A central code stands alone (``TW``); a local one names its place (``TU@thua-thien-hue``) and needs a date,
    since a local register restarts each year."""
    if not row["issuer_code"]:
        return []
    code, _, place = row["issuer_code"].partition("@")
    info = party_issuers().get(code)
    if info is None:
        return [f"issuer code {code!r} is not known"]
    if info["level"] == "local":
        out = [] if place else [f"a local code names its place: {code}@<province slug> (e.g. {code}@thua-thien-hue)"]
        return out + ([] if row["date"] else ["a local document needs its date (its register restarts each year)"])
    return [f"a central code takes no place: {code}"] if place else []


def _date_problems(text: str, term: str) -> list[str]:
    if not _ISO.fullmatch(text):
        return [f"date {text!r} is not YYYY-MM-DD"]
    try:
        date.fromisoformat(text)
    except ValueError:
        return [f"date {text!r} is not a calendar day"]
    if term and term_of(text) and term_of(text) != term:
        return [f"date {text} falls in term {term_of(text)}, not {term}"]
    return []


def _symbol_problems(row: Row) -> list[str]:
    m = split_symbol(row["symbol"])
    if not m:
        return [f"symbol {row['symbol']!r} is not NUMBER-TYPE/CODE"]
    out = []
    code = row["issuer_code"].partition("@")[0]
    if not row["number"].isdigit() or m.number != int(row["number"]):
        out.append(f"symbol {row['symbol']} does not agree with number {row['number']!r}")
    if m.type != row["type"] or m.code != code:
        out.append(f"symbol {row['symbol']} does not agree with type {row['type']!r} and code {row['issuer_code']!r}")
    if row["number"].isdigit() and row["symbol"] != f"{int(row['number']):02d}-{m.type}/{m.code}":
        out.append(f"symbol {row['symbol']} is not normalised (two digits at least: "
                   f"{int(row['number']):02d}-{m.type}/{m.code})")
    return out


# ---- looking rows up

def _symbol_key(text: str) -> tuple[int, str, str] | None:
    """``26-NQ/TW``, ``26-nq/tw``, ``026-NQ/TW`` → (26, 'NQ', 'TW'); None when ``text`` is not a symbol."""
    m = split_symbol(text)
    if not m:
        return None
    return m.number, skeleton(m.type).upper(), skeleton(m.code).upper()


def find_rows(rows: Iterable[Row], query: str, term: str | None = None) -> list[Row]:
    """Rows whose symbol is ``query`` (any case or padding), else whose symbol, body and title hold every word of
    it (without diacritics); only of ``term`` when given."""
    rows = [r for r in rows if term is None or r["term"] == term]
    key = _symbol_key(query)
    if key is not None:
        return [r for r in rows if r["symbol"] and _symbol_key(r["symbol"]) == key]
    words = skeleton(query).lower().split()
    if not words:
        return []
    return [r for r in rows
            if all(w in skeleton(" ".join((r["symbol"], r["issuer"], r["title"], r["date"]))).lower() for w in words)]


# ---- a register's gaps

@dataclass(frozen=True)
class RegisterGaps:
    """One register of one term (``XIII``, ``KL``, ``TW``): the highest number public pages show, the numbers the
    catalog has a dated row of, those it has without a date, and those it has no row of (its known gaps)."""

    term: str
    type: str
    code: str
    highest: int
    highest_date: str
    dated: tuple[int, ...]
    undated: tuple[int, ...]
    missing: tuple[int, ...]


def register_gaps(rows: Iterable[Row], registers: Iterable[dict[str, str]], term: str | None = None) -> list[RegisterGaps]:
    """Per register with a highest number (``registers.csv``), which of its numbers 1…highest the rows cover."""
    numbers: dict[tuple[str, str, str], dict[int, bool]] = {}
    for r in rows:
        if r["symbol"] and r["number"].isdigit() and r["term"]:
            seen = numbers.setdefault((r["term"], r["type"], r["issuer_code"].partition("@")[0]), {})
            n = int(r["number"])
            seen[n] = seen.get(n, False) or bool(r["date"])
    out = []
    for reg in registers:
        if not reg.get("highest_number", "").isdigit() or (term is not None and reg.get("term") != term):
            continue
        key = (reg["term"], reg["type"], reg.get("issuer_code") or "TW")
        highest, seen = int(reg["highest_number"]), numbers.get(key, {})
        span = range(1, highest + 1)
        out.append(RegisterGaps(*key, highest, reg.get("highest_date", ""),
                                tuple(n for n in span if seen.get(n)), tuple(n for n in span if seen.get(n) is False),
                                tuple(n for n in span if n not in seen)))
    return sorted(out, key=lambda g: (roman_to_int(g.term) or 0, g.type, g.code))


def number_ranges(numbers: Iterable[int]) -> str:
    """``1, 2, 3, 5, 7, 8`` → ``1-3, 5, 7-8``."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
