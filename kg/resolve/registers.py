"""Registers: how far a central numbering register (type and code, in one term) had reached on a date.

Numbers in a register grow with time, so the catalog's dated documents bound what could exist on a
date: a number at or above one issued well after that date did not exist yet, and early in a term
only small numbers exist. ``Registers.reach`` gives that bound and the fact it rests on; a number
beyond it is not a citation of that term's document (``kg.resolve.evidence``). A register the catalog
knows nothing of is never judged.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date, timedelta
from functools import cache
from itertools import accumulate

from kg.rules import load, term_after, term_of, term_start

__all__ = ["Reach", "Registers"]


@cache
def _rules() -> dict:
    return load("resolve")["registers"]


def _days(a: str, b: str) -> int:
    """Days from ISO date ``a`` to ``b`` (both may be a bare year-month-day prefix of an ISO date)."""
    return (Date.fromisoformat(b[:10]) - Date.fromisoformat(a[:10])).days


@dataclass(frozen=True, slots=True)
class Reach:
    """The highest number a register could have reached on a date, and why (one sentence a user can check)."""

    number: int
    why: str


class Registers:
    """Dated numbers per (code, type, term), from the catalog's dated documents and the highest numbers pages report."""

    def __init__(self) -> None:
        self._points: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
        self._highest: dict[tuple[str, str, str], tuple[int, str | None]] = {}
        self._rates: dict[tuple[str, str], float | None] = {}
        self._known: set[tuple[str, str]] = set()
        self._by_date: dict[tuple[str, str, str], _ByDate] = {}

    def add(self, code: str, type_: str, term: str, number: int, date: str) -> None:
        """A document ``number`` of the register, issued on ISO ``date``."""
        if term_of(date) == term:
            self._points[(code, type_, term)].append((number, date))
            self._by_date.pop((code, type_, term), None)
            self._rates.pop((code, type_), None)
            self._known.add((code, type_))

    def set_highest(self, code: str, type_: str, term: str, number: int, date: str | None) -> None:
        """The highest number of the register in ``term`` that public pages show (``registers.csv``)."""
        have = self._highest.get((code, type_, term))
        if have is None or number > have[0]:
            self._highest[(code, type_, term)] = (number, date)
            self._rates.pop((code, type_), None)
            self._known.add((code, type_))

    def known(self, code: str, type_: str) -> bool:
        """Whether anything is known of this register in any term."""
        return (code, type_) in self._known

    def reach(self, code: str, type_: str, term: str, on: str) -> Reach | None:
        """The highest number of ``code``/``type_`` in ``term`` that could exist on ISO date ``on``; None if unknown.

        Three bounds, the lowest wins: a number dated more than ``grace_days`` after ``on`` had not been
        reached; in a term's first ``early_days`` a register grows no faster than ``rate_factor`` times the
        fastest rate it has shown, plus ``slack``; an ended term stops at the highest number pages show
        (``registers.csv``), plus ``end_slack`` or ``end_slack_share`` of it.
        """
        if not self.known(code, type_):
            return None
        rules = _rules()
        start = term_start(term)
        if start is None or on < start:
            return Reach(0, f"term {term} began on {start}")
        symbol = f"{type_}/{code}"
        dated = self._dated(code, type_, term)
        bounds: list[Reach] = []
        later = dated.least_after((Date.fromisoformat(on[:10]) + timedelta(days=rules["grace_days"])).isoformat())
        if later:
            n, d = later
            bounds.append(Reach(n - 1, f"{n:02d}-{symbol} of term {term} is dated {d}"))
        days = _days(start, on)
        rate = self._rate(code, type_)
        if rate and days <= rules["early_days"]:
            grown = rules["slack"] + int(rate * rules["rate_factor"] * days)
            bounds.append(Reach(grown, f"{days} days into term {term}, {symbol} grows by at most "
                                       f"~{rate * rules['rate_factor']:.2f} a day"))
        nxt = term_after(term)
        ended = term_start(nxt) if nxt else None
        top = self._highest.get((code, type_, term))
        if ended and on >= ended and top:
            highest = max(top[0], dated.highest)
            end = highest + max(rules["end_slack"], int(highest * rules["end_slack_share"]))
            bounds.append(Reach(end, f"the highest {symbol} of term {term} public pages show is {highest:02d}"))
        return min(bounds, key=lambda b: b.number) if bounds else None

    def _dated(self, code: str, type_: str, term: str) -> _ByDate:
        """The register's dated numbers in ``term``, laid out by date (made again after an ``add``)."""
        key = (code, type_, term)
        if key not in self._by_date:
            self._by_date[key] = _ByDate(self._points.get(key, ()))
        return self._by_date[key]

    def _rate(self, code: str, type_: str) -> float | None:
        """Numbers a day: the fastest rate any dated number of this register shows since its term began.

        A term's first ``min_days`` count as ``min_days``: a term opens with a burst of numbers.
        """
        if (code, type_) not in self._rates:
            least = _rules()["min_days"]
            dated = [(term, n, d) for (c, t, term), points in self._points.items() if (c, t) == (code, type_)
                     for n, d in points]
            dated += [(term, n, d) for (c, t, term), (n, d) in self._highest.items() if (c, t) == (code, type_) and d]
            rates = [n / max(_days(start, d), least) for term, n, d in dated if (start := term_start(term))]
            self._rates[(code, type_)] = max(rates) if rates else None
        return self._rates[(code, type_)]


class _ByDate:
    """A register's dated numbers sorted by day, with the least (number, date) from each place on: the lowest
    number dated after a day is one bisection, however many documents the catalog grew to."""

    def __init__(self, points: Iterable[tuple[int, str]]) -> None:
        by_day = sorted((d[:10], n, d) for n, d in points)
        self.days = [day for day, _, _ in by_day]
        self.least_from = list(accumulate(((n, d) for _, n, d in reversed(by_day)), min))[::-1]
        self.highest = max((n for _, n, _ in by_day), default=0)

    def least_after(self, day: str) -> tuple[int, str] | None:
        """The least (number, date) dated after ISO ``day``, or None."""
        i = bisect_right(self.days, day)
        return self.least_from[i] if i < len(self.days) else None
