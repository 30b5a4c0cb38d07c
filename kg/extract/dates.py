"""Dates as Party documents write them, to ISO ``YYYY-MM-DD``.

Forms: ``ngày 19/5/2018``, ``19-5-2018``, ``19.5.2018``, ``ngày 19 tháng 5 năm 2018`` (one- or
two-digit day and month, a four-digit year, optional spaces around the separators). The grammar is
written once (``date_pattern``): the text's patterns embed ``DATE_PATTERN``, a reference's tail matches the
same grammar on the skeleton, and ``iso_from_match`` / ``parse_date`` read what they find.
"""
from __future__ import annotations

import datetime as _dt
import re

__all__ = ["DATE_PATTERN", "DATE_RE", "date_pattern", "iso_from_match", "parse_date"]


def date_pattern(month_word: str, year_word: str) -> str:
    """The date grammar, with the words ``tháng`` and ``năm`` spelt as given: groups ``d``, then ``m``/``y``
    (numeric form) or ``mw``/``yw`` (``tháng … năm …``). The text's patterns and the skeleton's share it."""
    return (
        r"(?<!\d)(?<!\d[/.-])(?P<d>\d{1,2})"
        r"(?:"
        r"\s?(?P<sep>[/.-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})"
        rf"|\s+{month_word}\s+(?P<mw>\d{{1,2}})\s*,?\s+{year_word}\s+(?P<yw>\d{{4}})"
        r")(?!\d)"
    )


#: The date itself in the text, without ``ngày``. Other patterns embed it.
DATE_PATTERN = date_pattern("(?i:tháng)", "(?i:năm)")
#: A date in any of the written forms; ``ngày`` before it is part of the match when present.
DATE_RE = re.compile(r"(?:(?i:ngày)\s*[:.]?\s*)?" + DATE_PATTERN)


def iso_from_match(m: re.Match[str] | re.Match[bytes]) -> str | None:
    """ISO date of a match of ``date_pattern`` (on the text or the skeleton); None when day, month and year make no
    calendar date (31/2/2018)."""
    try:
        return _dt.date(int(m.group("y") or m.group("yw")), int(m.group("m") or m.group("mw")),
                        int(m.group("d"))).isoformat()
    except (TypeError, ValueError):
        return None


def parse_date(s: str) -> str | None:
    """The first valid date written in ``s``, as ISO ``YYYY-MM-DD``; None if there is none."""
    for m in DATE_RE.finditer(s or ""):
        iso = iso_from_match(m)
        if iso:
            return iso
    return None
