"""Positions for large citation graphs: a time axis (x by date) with one horizontal band per level.

Physics does not settle at thousands of nodes, so the viewer places them here: documents left to
right in date order, central / state / local / unresolved bands from top to bottom, nodes spread
inside a band so that none overlap. A document without a date sits just left of the earliest
document that cites it (cited texts come first); one that nothing dated cites goes to a marked
"no date" column at the far left.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["LEVELS", "Band", "Layout", "Tick", "date_ordinal", "time_axis"]

LEVELS = ("central", "state", "local", "unresolved")  # band order, top to bottom
COLUMN = 110.0        # distance between neighbouring columns, in canvas units (a label's width)
ROW = 50.0            # distance between neighbouring rows (a node and its label)
BAND_GAP = 2.0        # empty rows between two bands
UNDATED_GAP = 4.0     # columns between the "no date" column and the first dated one
ASPECT = 2.5          # width : height the layout aims at
MIN_TICK_COLUMNS = 2  # fewest columns between two year marks


@dataclass(frozen=True)
class Tick:
    """A year mark on the time axis."""

    x: float
    label: str


@dataclass(frozen=True)
class Band:
    """One level's horizontal band: its label and vertical extent."""

    level: str
    top: float
    bottom: float


@dataclass
class Layout:
    """Node positions with what the page needs to draw the axis: year ticks, bands, the no-date column."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    ticks: list[Tick] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    undated: tuple[float, float] | None = None  # x extent of the "no date" block, None when no node sits there
    separator: float | None = None               # x of the line between that block and the dated columns
    placed_by_citer: set[str] = field(default_factory=set)  # undated nodes placed beside what cites them

    def to_dict(self) -> dict:
        """Plain data for the page (JSON): ticks, bands, the no-date column and the horizontal extent."""
        xs = [x for x, _ in self.positions.values()] or [0.0]
        return {"left": min(xs) - COLUMN / 2, "right": max(xs) + COLUMN / 2,
                "ticks": [{"x": t.x, "label": t.label} for t in self.ticks],
                "bands": [{"level": b.level, "top": b.top, "bottom": b.bottom} for b in self.bands],
                "undated": list(self.undated) if self.undated else None, "separator": self.separator}


def date_ordinal(value: object) -> int | None:
    """Day number of an ISO date (``2018-05-19``) or a year (``2018``: its 1 July); None otherwise."""
    if isinstance(value, (list, tuple, set)):  # a document with conflicting dates: the earliest
        days = [d for d in (date_ordinal(v) for v in value) if d is not None]
        return min(days) if days else None
    if isinstance(value, dt.date):
        return value.toordinal()
    text = str(value or "").strip()
    try:
        if len(text) >= 10:
            return dt.date.fromisoformat(text[:10]).toordinal()
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 7, 1).toordinal()
    except ValueError:
        return None
    return None


def time_axis(nodes: Mapping[str, Mapping[str, object]], edges: Iterable[tuple[str, str]],
              column: float = COLUMN, row: float = ROW) -> Layout:
    """Place ``nodes`` (id → attributes with ``date`` and ``level``) on a time axis; ``edges`` are (citing, cited)."""
    per_row = ASPECT * row / column   # columns per row that give the aimed width : height
    columns = _date_columns({n: date_ordinal(a.get("date")) for n, a in nodes.items()}, per_row)
    layout = Layout()
    column_of = dict(columns.by_node)
    layout.placed_by_citer = _place_undated(column_of, nodes, edges)
    undated = sorted(n for n in nodes if n not in column_of)
    if undated:  # a block of columns at the far left, as wide as its nodes need
        first = min(column_of.values(), default=UNDATED_GAP) - UNDATED_GAP
        width = max(1, math.ceil(math.sqrt(len(undated) * per_row)))
        by_level = defaultdict(list)
        for n in undated:
            by_level[_level(nodes[n])].append(n)
        for members in by_level.values():   # row by row within each band
            for i, n in enumerate(members):
                column_of[n] = first - i % width
        layout.undated = ((first - width + 1) * column, first * column)
        layout.separator = (first + UNDATED_GAP / 2) * column
    bands = defaultdict(list)
    for n in sorted(nodes, key=lambda n: (column_of[n], n)):
        bands[_level(nodes[n])].append(n)
    top = 0.0
    for level in LEVELS:
        members = bands.get(level)
        if not members:
            continue
        offsets = _spread(members, column_of)
        height = max(offsets.values()) - min(offsets.values())
        centre = top - min(offsets.values()) * row
        for n in members:
            layout.positions[n] = (column_of[n] * column, centre + offsets[n] * row)
        bottom = top + height * row
        layout.bands.append(Band(level, top - row / 2, bottom + row / 2))
        top = bottom + (BAND_GAP + 1) * row
    layout.ticks = [Tick(c * column, label) for c, label in columns.ticks]
    return layout


def _level(attrs: Mapping[str, object]) -> str:
    level = str(attrs.get("level") or "")
    return level if level in LEVELS else "unresolved"


@dataclass
class _Columns:
    by_node: dict[str, float]
    ticks: list[tuple[float, str]]


def _date_columns(days: Mapping[str, int | None], aspect: float) -> _Columns:
    """Columns in date order: distinct dates bucketed by rank into about sqrt(n·aspect) columns (aspect in
    columns per row), so a crowded year and an empty decade both stay readable; a tick where a year starts."""
    distinct = sorted({d for d in days.values() if d is not None})
    count = max(1, math.ceil(math.sqrt(len(days) * aspect)))
    per_column = max(1.0, len(distinct) / count)
    column = {d: float(math.floor(i / per_column)) for i, d in enumerate(distinct)}
    ticks: list[tuple[float, str]] = []
    years: set[int] = set()
    for d in distinct:
        year = dt.date.fromordinal(d).year
        if year in years:
            continue
        years.add(year)
        if not ticks or column[d] - ticks[-1][0] >= MIN_TICK_COLUMNS:  # closer marks could not be read
            ticks.append((column[d], str(year)))
    return _Columns({n: column[d] for n, d in days.items() if d is not None}, ticks)


def _place_undated(column_of: dict[str, float], nodes: Mapping[str, object],
                   edges: Iterable[tuple[str, str]]) -> set[str]:
    """Give each undated node a column one left of its earliest placed citer, repeating along chains."""
    citers: dict[str, list[str]] = defaultdict(list)
    for citing, cited in edges:
        if citing != cited:
            citers[cited].append(citing)
    placed: set[str] = set()
    pending = [n for n in nodes if n not in column_of]
    while pending:
        still = []
        for n in pending:
            known = [column_of[c] for c in citers.get(n, ()) if c in column_of]
            if known:
                column_of[n] = min(known) - 1
                placed.add(n)
            else:
                still.append(n)
        if len(still) == len(pending):
            break
        pending = still
    return placed


def _spread(members: list[str], column_of: Mapping[str, float]) -> dict[str, int]:
    """Row offset of each node in its band: the nearest free row of its column (0, 1, -1, 2, -2 …).

    Nodes closer than one column apart share a slot grid, so neighbours in time do not overlap.
    """
    used: dict[int, list[int]] = defaultdict(list)   # row → sorted slots taken
    offsets: dict[str, int] = {}
    for n in members:
        slot = round(column_of[n])
        row = 0
        for k in range(len(members) + 1):
            row = (k + 1) // 2 if k % 2 else -(k // 2)
            taken = used[row]
            i = bisect.bisect_left(taken, slot)
            if i < len(taken) and taken[i] == slot:
                continue
            bisect.insort(taken, slot)
            break
        offsets[n] = row
    return offsets
