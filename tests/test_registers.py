"""How far a register had reached on a date (kg.resolve.registers), from dated numbers added in any order."""
from __future__ import annotations

import random

from kg.resolve.registers import Registers


def registers(points: list[tuple[int, str]], seed: int = 0) -> Registers:
    out = Registers()
    shuffled = points[:]
    random.Random(seed).shuffle(shuffled)
    for number, date in shuffled:
        out.add("TW", "KL", "XIII", number, date)
    return out


def test_a_number_dated_more_than_a_month_later_bounds_the_register():
    regs = registers([(10, "2022-03-01"), (20, "2022-06-01"), (30, "2022-09-01"), (25, "2022-12-01")])
    reach = regs.reach("TW", "KL", "XIII", "2022-05-01")
    assert (reach.number, reach.why) == (19, "20-KL/TW of term XIII is dated 2022-06-01")
    # 2022-06-01 is within 30 days of 2022-05-10: the next later number bounds it, the least of those after it
    assert regs.reach("TW", "KL", "XIII", "2022-05-10").number == 24


def test_the_bound_does_not_depend_on_the_order_numbers_came_in_and_follows_an_added_number():
    points = [(n, f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}") for n in range(100, 400)]
    days = ["2022-06-15", "2023-01-01", "2023-05-20", "2023-10-30", "2024-06-01"]
    want = [registers(points, 0).reach("TW", "KL", "XIII", day) for day in days]
    assert all([registers(points, seed).reach("TW", "KL", "XIII", day) for day in days] == want for seed in (1, 2))
    regs = registers(points, 3)
    assert regs.reach("TW", "KL", "XIII", "2023-01-01") == want[1]
    regs.add("TW", "KL", "XIII", 2, "2023-03-01")  # a smaller number dated after: the bound falls
    assert regs.reach("TW", "KL", "XIII", "2023-01-01").number == 1


def test_an_unknown_register_is_never_judged():
    regs = registers([(10, "2022-03-01")])
    assert regs.reach("TW", "CT", "XIII", "2022-01-01") is None
    assert regs.known("TW", "KL") and not regs.known("TW", "CT")


def test_an_ended_term_stops_at_the_highest_number_pages_show():
    regs = registers([(10, "2022-03-01"), (40, "2024-03-01")])
    regs.set_highest("TW", "KL", "XIII", 50, "2025-12-01")
    reach = regs.reach("TW", "KL", "XIII", "2026-06-01")
    assert (reach.number, reach.why) == (62, "the highest KL/TW of term XIII public pages show is 50")
