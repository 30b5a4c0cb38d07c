"""Relations and links of the whole pipeline (``kg.api.extract_file``) on each corpus document, against the gold.

Asserts: every gold ``links`` entry is found (by key); for every gold reference key, the one relation
``document_relation`` picks from its mentions equals the gold ``relation`` (the close calls of gold
NOTES section 6 included); the planned amendments NOTES lists are planned and cite; no link claims
a change of status the text only announces.
"""
from __future__ import annotations

from collections import defaultdict
from functools import cache

import pytest

from gold_data import CORPUS, DOCS, gold_key, load_gold
from kg.api import extract_file
from kg.extract.relations import document_relation, precedence
from kg.model import Extraction, Reference

@cache
def _load(doc: str) -> tuple[dict, Extraction]:
    gold = load_gold(doc)
    result = extract_file(CORPUS / doc)
    assert not result.errors, result.errors
    return gold, result


def _mentions(result: Extraction) -> dict[str, list[Reference]]:
    by_key: dict[str, list[Reference]] = defaultdict(list)
    for r in result.references:
        by_key[gold_key(r)].append(r)
    return by_key


def _link_keys(result: Extraction) -> set[tuple[str, str, str]]:
    refs = result.references
    return {(gold_key(refs[k.source]), k.relation, gold_key(refs[k.target])) for k in result.links}


def _gold_keys() -> list[tuple[str, str, str]]:
    return [(doc, r["key"], r["relation"]) for doc in DOCS for r in _load(doc)[0]["references"]]


@pytest.mark.parametrize("doc", DOCS)
def test_every_gold_link_is_found(doc):
    gold, result = _load(doc)
    found = _link_keys(result)
    missing = [g for g in ((k["from"], k["relation"], k["to"]) for k in gold["links"]) if g not in found]
    assert not missing, f"{doc}: links not found {missing}; found {sorted(found)}"


@pytest.mark.parametrize(("doc", "key", "relation"), _gold_keys(),
                         ids=lambda v: v.replace(".txt", "")[:20] if isinstance(v, str) else None)
def test_document_relation_equals_gold(doc, key, relation):
    _, result = _load(doc)
    mentions = _mentions(result)[key]
    assert mentions, f"{key} not found in {doc}"
    got = document_relation(r.relation for r in mentions)
    assert got == relation, f"{doc} {key}: {[(r.text, r.relation, r.cue) for r in mentions]}"


# Gold NOTES 6: amendments announced in task lists, by document; the Charter has planned mentions in 000 and 001.
PLANNED = {
    "001": ["QĐ/TW/244", "QĐ/TW/71", "QĐ/TW/72", "QĐ/TW/212", "QĐ/BTCTW/152", "QĐ/TW/128"],
    "003": ["QĐ/TW/126", "QĐ/TW/266", "QĐ/TW/196", "QĐ/TW/197"],
}


@pytest.mark.parametrize("doc", DOCS)
def test_announced_amendments_are_planned_and_cite(doc):
    _, result = _load(doc)
    mentions = _mentions(result)
    for key in PLANNED.get(doc[:3], []):
        for r in mentions[key]:
            assert r.planned and r.relation == "cites" and r.cue, (key, r.text, r.relation, r.cue)
    if doc[:3] in ("000", "001"):
        planned = [r for r in mentions["charter"] if r.planned]
        assert planned and all(r.relation == "cites" and "sửa đổi" in r.cue for r in planned)
    # nothing in the corpus amends, replaces or repeals anything
    assert not [r for r in result.references if r.relation in ("amends", "replaces", "repeals")]


@pytest.mark.parametrize("doc", DOCS)
def test_links_are_well_formed(doc):
    _, result = _load(doc)
    n = len(result.references)
    for k in result.links:
        assert 0 <= k.source < n and 0 <= k.target < n and k.source != k.target
        assert k.relation in precedence() and k.relation not in ("cites", "amends", "replaces", "repeals")
        assert k.cue
        # the target of a link stated in another reference's tail is not the citing document's own relation
        assert result.references[k.target].relation == "cites"
