"""The resolution set (tests/resolution/cases.jsonl): real citations whose targets were confirmed on public pages.

``benchmarks/resolution.py`` prints the full report; these tests hold the figures it reached, so
that a change that points one more citation at a wrong document fails here.
"""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("resolution_benchmark", ROOT / "benchmarks" / "resolution.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # its dataclasses look their module up
_spec.loader.exec_module(bench)

CASES = bench.load_cases()


@pytest.fixture(scope="module")
def outcomes():
    return bench.run(CASES)


def test_every_case_names_its_pages_and_its_cited_words():
    assert len(CASES) >= 100
    assert len({c["id"] for c in CASES}) == len(CASES)
    for c in CASES:
        assert c["cited"] in c["sentence"], c["id"]
        made_up = c.get("made-up") or c["expect"].get("made-up")
        assert made_up or c["sentence_source"].startswith("http"), c["id"]
        assert c["target_source"].startswith("http"), c["id"]
        assert c["citing"].get("date"), c["id"]


def test_the_set_covers_every_class_of_the_identity_issue():
    classes = Counter(c["class"] for c in CASES)
    for name in ("same-symbol", "time-backwards", "term-boundary", "nonsense", "number-subject", "plenum-subject",
                 "two-iris", "local", "congress", "charter", "platform", "state-cites-party"):
        assert classes[name], name
    symbols = Counter((c["expect"].get("symbol"), c["expect"].get("term")) for c in CASES)
    for pair in [("18-NQ/TW", "XII"), ("18-NQ/TW", "XIII"), ("21-NQ/TW", "XII"),
                 ("01-HD/TW", "XII"), ("01-HD/TW", "XIII"), ("06-CT/TW", "X"), ("05-CT/TW", "XII")]:
        assert symbols[pair], pair
    provinces = {c["expect"]["province"] for c in CASES if c["expect"].get("province")}
    assert len(provinces) >= 3


def test_at_most_one_citation_points_at_a_wrong_document(outcomes):
    wrong = [(o.case["id"], o.key) for o in outcomes if o.verdict == "wrong"]
    assert len(wrong) <= 1, wrong


def test_over_four_in_five_citations_reach_their_document(outcomes):
    right = sum(o.verdict == "right" for o in outcomes)
    assert right / len(outcomes) >= 0.88  # 112 of 126


def test_confidence_at_or_above_0_9_is_right_at_least_98_percent_of_the_time(outcomes):
    right, resolved = bench.bands(outcomes)[0.9]
    assert resolved >= 50 and right / resolved >= 0.98


def test_impossible_numbers_and_ambiguous_plenums_stay_unresolved(outcomes):
    for o in outcomes:
        if o.case["expect"].get("unresolved"):
            assert o.key is None, (o.case["id"], o.key)
