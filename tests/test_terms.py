"""The Central Committee's terms as kg.rules reads them from its table (kg/rules/terms.json): which term a date
falls in, when a term began, the term after or before, and the terms begun by a date."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from kg.rules import load, term_after, term_of, term_start, terms_begun

ROWS = [(row["term"], row["start"]) for row in load("terms")["terms"]]


def _day_before(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def test_the_table_is_in_order_of_the_terms():
    starts = [start for _, start in ROWS]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


@pytest.mark.parametrize("k", range(len(ROWS)))
def test_a_term_runs_from_its_first_day_to_the_day_before_the_next_one(k: int):
    term, start = ROWS[k]
    assert term_of(start) == term
    assert term_of(start + "T10:00:00") == term  # a longer ISO string compares from its date
    assert term_of(_day_before(start)) == (ROWS[k - 1][0] if k else None)
    assert term_start(term) == start and term_start(term.lower()) == start
    assert terms_begun(start) == tuple(t for t, _ in ROWS[:k + 1])
    assert terms_begun(_day_before(start)) == tuple(t for t, _ in ROWS[:k])


def test_the_term_after_and_before():
    terms = [t for t, _ in ROWS]
    for k, term in enumerate(terms):
        assert term_after(term) == (terms[k + 1] if k + 1 < len(terms) else None)
        assert term_after(term, -1) == (terms[k - 1] if k else None)
        assert term_after(term, 2) == (terms[k + 2] if k + 2 < len(terms) else None)


def test_no_date_no_term_and_an_unknown_term_has_no_start():
    assert term_of(None) is None and term_of("") is None
    assert term_start("XCIX") is None and term_after("XCIX") is None
    assert terms_begun(None) == tuple(t for t, _ in ROWS)
