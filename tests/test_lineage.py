"""kg.lookup (symbol, term, date; ambiguous symbols name their candidates), kg.lineage (up, down, both,
depth, relation and document filters, evidence on every step), kg.paths and the tree, on the corpus."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.query.lineage import Lineage, format_tree
from kg.query.records import AmbiguousSymbol, UnknownSymbol
from kg.store import Store, open_store

BASE = "https://w3id.org/party-kg/"
NQ18_XII, NQ18_XIII = BASE + "eli/dang/TW/XII/NQ/18", BASE + "eli/dang/TW/XIII/NQ/18"
HD01_XII, HD01_XIII = BASE + "eli/dang/TW/XII/HD/1", BASE + "eli/dang/TW/XIII/HD/1"
KL09 = BASE + "eli/dang/BTCTW/XIII/KL/9"
FILE_001 = "001_efa0bf86d863f830.txt"
DOC_003 = "Kết luận Hội nghị giao ban đánh giá kết quả công tác Quý III năm 2021; triển khai nhiệm vụ Quý IV năm 2021"
IMPLEMENTS_FAMILY = {"implements", "continues", "guides", "concretizes"}


@pytest.fixture(scope="module")
def store(corpus_graph: Path) -> Iterator[Store]:
    with open_store(corpus_graph) as s:
        yield s


def ends(result: Lineage) -> list[str]:
    return [p.end.name for p in result]


def assert_evidence_everywhere(result: Lineage) -> None:
    """Every step carries at least one mention: its sentence holds the quote at its span, in a source file."""
    assert len(result) > 0
    for path in result:
        for step in path:
            assert step.citations and step.evidence, str(path)
            for e in step.evidence:
                assert e.sentence and e.quote and e.path and e.path.endswith(".txt")
                assert e.span is not None and e.sentence[e.span[0]:e.span[1]] == " ".join(e.quote.split())
                assert e.source.startswith(BASE + "file/") and e.start is not None and e.end > e.start


# ---- lookup

def test_the_five_line_example(store):
    doc = kg.lookup(store, "18-NQ/TW", term="XII")
    found = [str(p) for p in kg.lineage(store, doc, direction="down", depth=3, relations={"implements"})]
    assert found[0].startswith("18-NQ/TW —implemented by→ ")
    assert "18-NQ/TW —implemented by→ 34-KL/TW" in found


def test_lookup_18_nq_tw_needs_a_term_or_a_date(store):
    with pytest.raises(AmbiguousSymbol) as err:
        kg.lookup(store, "18-NQ/TW")
    assert [c.iri for c in err.value.candidates] == [NQ18_XII, NQ18_XIII]
    message = str(err.value)
    assert "18-NQ/TW names 2 documents" in message
    assert "18-NQ/TW [XII] (2017-10-25) Nghị quyết — Ban Chấp hành Trung ương" in message
    assert "18-NQ/TW [XIII] (2022-06-16)" in message and "sử dụng đất" in message  # its title tells them apart
    assert kg.lookup(store, "18-NQ/TW", term="XII").iri == NQ18_XII
    assert kg.lookup(store, "18-NQ/TW", term="xiii").iri == NQ18_XIII
    assert kg.lookup(store, "18-NQ/TW", date="2017-10-25").iri == NQ18_XII
    assert kg.lookup(store, "18-NQ/TW", date="2022-06-16").iri == NQ18_XIII
    assert kg.lookup(store, "18-NQ/TW", date="2019-03-01").iri == NQ18_XII  # no exact date: the term in force then
    assert kg.lookup(store, "18-NQ/TW (XII)").iri == NQ18_XII  # the label form
    with pytest.raises(UnknownSymbol, match="with term XI in the store"):
        kg.lookup(store, "18-NQ/TW", term="XI")


def test_18_nq_tw_of_term_xii_is_in_the_corpus_the_xiii_one_only_in_the_catalog(store):
    xii = kg.lookup(store, "18-NQ/TW", term="XII")
    assert xii.dates == ("2017-10-25",) and xii.times_cited == 4
    sources = "SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{}> ?p ?o }} FILTER(?g != <{}>) }}"  # the summary restates all
    rows = store.query(sources.format(NQ18_XIII, BASE + "graph/summary"))
    assert [str(r[0]) for r in rows] == [BASE + "graph/catalog"]
    rows = store.query(sources.format(NQ18_XII, BASE + "graph/summary"))
    assert len(list(rows)) == 3  # the catalog and the files of 000 and 003 (its footnote 4 dates it 25/10/2017)
    assert kg.lookup(store, "18-NQ/TW", term="XIII").times_cited == 0


def test_the_two_01_hd_tw(store):
    with pytest.raises(AmbiguousSymbol) as err:
        kg.lookup(store, "01-HD/TW")
    assert [(c.iri, c.term, c.date) for c in err.value.candidates] == [
        (HD01_XII, "XII", "2016-09-20"), (HD01_XIII, "XIII", "2021-09-28")]
    assert kg.lookup(store, "01-HD/TW", term="XII").iri == HD01_XII
    assert kg.lookup(store, "01-HD/TW", date="2021-09-28").iri == HD01_XIII
    assert kg.lookup(store, "1-HD/TW", term="XIII").iri == HD01_XIII  # unpadded number


def test_lookup_by_iri_label_file_and_unknown(store):
    assert kg.lookup(store, KL09).symbol == "09-KL/BTCTW"
    assert kg.lookup(store, f"<{KL09}>").iri == KL09
    assert kg.lookup(store, "Điều lệ Đảng").iri == BASE + "eli/charter"
    assert kg.lookup(store, "003_8eb26c793d131e44.txt").title == DOC_003  # a document without a symbol
    with pytest.raises(UnknownSymbol, match="no document '99-NQ/TW' in the store"):
        kg.lookup(store, "99-NQ/TW")
    with pytest.raises(UnknownSymbol):
        kg.lookup(store, BASE + "eli/nothing")


def test_a_record_prefers_the_catalog_over_a_mention_and_keeps_both(store):
    doc = kg.lookup(store, "2499-CV/BTCTW")
    assert doc.issuer == "Ban Tổ chức Trung ương" and set(doc.issuers) == {"Ban Tổ chức Trung ương", "Bộ Nội vụ"}
    own = kg.lookup(store, "09-KL/BTCTW")
    assert (own.date, own.type, own.type_word, own.issuer, own.term, own.level, own.number) == (
        "2024-01-11", "KL", "Kết luận", "Ban Tổ chức Trung ương", "XIII", "central", "9")
    assert own.describe() == "09-KL/BTCTW (2024-01-11) Kết luận — Ban Tổ chức Trung ương"


# ---- lineage

def test_up_one_step_with_evidence(store):
    result = kg.lineage(store, "09-KL/BTCTW", "up", depth=1)
    assert result.start.iri == KL09 and all(len(p) == 1 and p.direction == "up" for p in result)
    assert_evidence_everywhere(result)
    step = next(p for p in result if p.end.symbol == "26-NQ/TW").steps[0]
    assert (step.relation, step.planned, step.cited.term, step.citing.iri) == ("continues", False, "XII", KL09)
    assert len(step.evidence) == 3 and all(e.path.endswith(FILE_001) for e in step.evidence)
    assert step.evidence[0].start == 3624 and "theo tinh thần Nghị quyết số 26-NQ/TW" in step.evidence[0].sentence
    assert {"26-NQ/TW", "244-QĐ/TW", "35-KL/TW", "86-QĐ/TW", "Điều lệ Đảng"} <= set(ends(result))
    dates = [p.end.date or "9999" for p in result]
    assert dates == sorted(dates)  # oldest first, undated last


def test_depth_and_documents_walked_once(store):
    one, two = (kg.lineage(store, "09-KL/BTCTW", "up", depth=d) for d in (1, 2))
    assert max(len(p) for p in one) == 1 and max(len(p) for p in two) == 2
    long = [str(p) for p in two if len(p) == 2]
    assert "09-KL/BTCTW —implements→ 07-KH/TW —implements→ 21-NQ/TW" in long
    assert "09-KL/BTCTW —implements→ 12-KH/TW —implements→ 28-NQ/TW" in long
    via = next(p for p in two if str(p).endswith("07-KH/TW —implements→ 21-NQ/TW"))
    assert via.repeat  # 21-NQ/TW is one step away too: walked on there, not here
    assert via.steps[-1].citations[0].stated_in == KL09  # a link 09-KL/BTCTW states between two documents
    assert_evidence_everywhere(two)
    edges = [(s.source.iri, s.target.iri, s.relation, s.planned) for p in two for s in p.steps[-1:]]
    assert len(edges) == len(set(edges))  # every edge once


def test_relation_filters_take_sub_relations(store):
    implements = kg.lineage(store, "09-KL/BTCTW", "up", depth=1, relations={"implements"})
    assert {s.relation for p in implements for s in p} == IMPLEMENTS_FAMILY
    continues = kg.lineage(store, "09-KL/BTCTW", "up", depth=1, relations="continues")
    assert set(ends(continues)) == {"26-NQ/TW", "21-KL/TW", "41-QĐ/TW", "03-KH/TW", "20-TB/TW", "52-KH/BTCTW"}
    reviews = kg.lineage(store, "09-KL/BTCTW", "up", depth=1, relations=["reviews"])
    assert set(ends(reviews)) == {"39-CT/TW", "140-QĐ/TW", "35-CT/TW", "88-KL/TW", "Điều lệ Đảng"}
    with pytest.raises(ValueError, match="unknown relation"):
        kg.lineage(store, "09-KL/BTCTW", relations={"inspires"})


def test_planned_changes_are_flagged_and_can_be_left_out(store):
    result = kg.lineage(store, "09-KL/BTCTW", "up", depth=1)
    planned = {p.end.name for p in result if p.steps[0].planned}
    assert planned == {"128-QĐ/TW", "244-QĐ/TW", "152-QĐ/BTCTW", "212-QĐ/TW", "71-QĐ/TW", "72-QĐ/TW"}
    assert next(p for p in result if p.end.name == "244-QĐ/TW").steps[0].verb == "cites (planned)"
    assert not planned & set(ends(kg.lineage(store, "09-KL/BTCTW", "up", depth=1, planned=False)))


def test_down_from_18_nq_tw(store):
    doc = kg.lookup(store, "18-NQ/TW", term="XII")
    result = kg.lineage(store, doc, "down", depth=2)
    first = {p.end.name for p in result if len(p) == 1}
    assert first == {"04-KL/BTCTW", "34-KL/TW", "74-KL/TW", DOC_003}
    assert {(p.steps[0].target.name, p.steps[-1].verb, p.repeat) for p in result if len(p) == 2} == {
        ("34-KL/TW", "implemented by", True), ("74-KL/TW", "implemented by", True)}  # both lead to 003
    assert all(p.direction == "down" and p.steps[0].cited.iri == NQ18_XII for p in result)
    review = next(p for p in result if p.end.name == "74-KL/TW").steps[0]
    assert (review.relation, review.verb, review.citing.name) == ("reviews", "reviewed by", "74-KL/TW")
    assert_evidence_everywhere(result)


def test_both_directions(store):
    result = kg.lineage(store, "07-KH/TW", "both", depth=1)
    assert [(p.direction, p.end.name, p.steps[0].relation) for p in result] == [
        ("up", "21-NQ/TW", "implements"), ("down", "09-KL/BTCTW", "implements")]
    assert_evidence_everywhere(result)


def test_document_filters(store):
    xiii = kg.lineage(store, "09-KL/BTCTW", "up", depth=2, term="XIII")
    assert ends(xiii) and all(p.end.term == "XIII" for p in xiii)
    politburo = kg.lineage(store, "09-KL/BTCTW", "up", depth=1, issuer="Bộ Chính trị")
    assert set(ends(politburo)) >= {"35-KL/TW", "40-KL/TW", "41-QĐ/TW"} and all(
        "Bộ Chính trị" in p.end.issuers for p in politburo)
    recent = kg.lineage(store, "09-KL/BTCTW", "up", depth=1, date_from="2022", date_to="2022-08")
    # 21-NQ/TW of term XIII is dated 16/6/2022 in the catalog (cited with that date in 03-HD/TW, hethongphapluat.com)
    assert set(ends(recent)) == {"35-KL/TW", "39-KL/TW", "40-KL/TW", "71-QĐ/TW", "72-QĐ/TW", "07-KH/TW", "21-NQ/TW"}


def test_limit_truncates(store):
    result = kg.lineage(store, "09-KL/BTCTW", "up", depth=2, limit=3)
    assert len(result) == 3 and result.truncated
    assert not kg.lineage(store, "09-KL/BTCTW", "up", depth=2).truncated


def test_bad_arguments(store):
    with pytest.raises(ValueError, match="direction"):
        kg.lineage(store, "09-KL/BTCTW", "sideways")
    with pytest.raises(AmbiguousSymbol):
        kg.lineage(store, "18-NQ/TW")


def test_lineage_over_a_networkx_graph_equals_the_store_walk(store):
    graph = kg.to_networkx(store)
    for args in [("09-KL/BTCTW", "up", 2), (NQ18_XII, "down", 2), ("07-KH/TW", "both", 1)]:
        a, b = kg.lineage(store, *args), kg.lineage(graph, *args)
        assert [str(p) for p in a] == [str(p) for p in b]
        assert [[len(s.evidence) for s in p] for p in a] == [[len(s.evidence) for s in p] for p in b]
        assert a.to_dict()["paths"] == b.to_dict()["paths"]


def test_json_and_tree(store):
    result = kg.lineage(store, "09-KL/BTCTW", "up", depth=2, relations={"continues", "implements"})
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["start"] == KL09 and data["direction"] == "up" and not data["truncated"]
    assert KL09 in data["documents"] and data["documents"][KL09]["symbol"] == "09-KL/BTCTW"
    assert all(c["evidence"] for p in data["paths"] for s in p["steps"] for c in s["citations"])
    tree = format_tree(result).splitlines()
    assert tree[0] == "09-KL/BTCTW (2024-01-11) Kết luận — Ban Tổ chức Trung ương"
    at = tree.index("├─ continues → 26-NQ/TW (2018-05-19) Nghị quyết — Ban Chấp hành Trung ương")
    assert tree[at + 1].startswith("│     “") and tree[at + 1].endswith(f"[{FILE_001}]") and "26-NQ/TW" in tree[at + 1]
    assert any(line.startswith("│  └─ implements → 21-NQ/TW (2022-06-16) Nghị quyết") and line.endswith("(see above)")
               for line in tree)
    assert any("stated in 09-KL/BTCTW" in line for line in tree)
    assert tree[-1].startswith("      ")  # under the last step, no branch line left


def test_the_tree_of_a_walk_holds_each_path_once_under_the_path_it_extends(store):
    result = kg.lineage(store, "09-KL/BTCTW", "up", depth=3)
    nodes: list[tuple[tuple, bool]] = []

    def visit(children, above: tuple) -> None:
        for node in children:
            steps = (*above, node.step)
            nodes.append((steps, node.repeat))
            assert not (node.repeat and node.children)  # a repeated document is walked on elsewhere
            visit(node.children, steps)

    visit(result.tree(), ())
    assert len(result) > 5 and any(len(steps) == 2 for steps, _ in nodes)
    assert nodes == [(p.steps, p.repeat) for p in result.paths]  # depth first, in the paths' order


# ---- paths between two documents

def test_paths_between_two_documents(store):
    found = kg.paths(store, "09-KL/BTCTW", "21-NQ/TW (XIII)")
    assert [str(p) for p in found] == ["09-KL/BTCTW —implements→ 21-NQ/TW",
                                       "09-KL/BTCTW —implements→ 07-KH/TW —implements→ 21-NQ/TW"]
    assert all(s.evidence for p in found for s in p)
    back = kg.paths(store, "21-NQ/TW (XIII)", "09-KL/BTCTW")
    assert [str(p) for p in back] == ["21-NQ/TW —implemented by→ 09-KL/BTCTW",
                                      "21-NQ/TW —implemented by→ 07-KH/TW —implemented by→ 09-KL/BTCTW"]
    assert [str(p) for p in kg.paths(store, "09-KL/BTCTW", "21-NQ/TW (XIII)", max_depth=1)] == [str(found[0])]
    assert kg.paths(store, "09-KL/BTCTW", "18-NQ/TW (XII)", 3) == []
    via_003 = kg.paths(store, NQ18_XII, "003_8eb26c793d131e44.txt", 2)
    assert {tuple(d.name for d in p.documents) for p in via_003} == {
        ("18-NQ/TW", DOC_003), ("18-NQ/TW", "34-KL/TW", DOC_003), ("18-NQ/TW", "74-KL/TW", DOC_003)}
    only_implements = kg.paths(store, NQ18_XII, "003_8eb26c793d131e44.txt", 2, relations="implements")
    assert len(only_implements) == 2  # 74-KL/TW reviews 18-NQ/TW


def test_a_quote_a_sentence_repeats_gets_the_span_of_its_own_occurrence(store):
    """001 names 21-NQ/TW twice in one sentence, and the graph keeps no prefix for either (ambiguous):
    the order of their file offsets tells which occurrence each mention is."""
    step = next(p for p in kg.lineage(store, "09-KL/BTCTW", "up", 1) if p.end.iri == BASE + "eli/dang/TW/XIII/NQ/21").steps[0]
    first, second = sorted(step.evidence, key=lambda e: e.start)
    assert first.sentence == second.sentence and first.quote == second.quote == "Nghị quyết số 21-NQ/TW"
    assert first.span[0] < second.span[0]
    assert second.sentence[second.span[0] - 20:second.span[0]] == "17/8/2022 thực hiện "
    stated = next(p for p in kg.lineage(store, "07-KH/TW", "up", 1)).steps[0]
    assert second.span in {e.span for e in stated.evidence}  # the same mention, the same span


def test_the_query_api_is_reachable_from_kg():
    for name in sorted(set(kg.__all__) & set(kg.query.__all__)):
        assert getattr(kg, name) is getattr(kg.query, name), name
    assert callable(kg.run_query) and callable(kg.to_networkx) and issubclass(kg.AmbiguousSymbol, LookupError)


def test_depth_none_or_zero_walks_until_nothing_new_and_a_negative_depth_is_refused(store):
    whole = kg.lineage(store, "09-KL/BTCTW", "up", depth=None)
    assert kg.lineage(store, "09-KL/BTCTW", "up", depth=0).paths == whole.paths
    assert whole.paths == kg.lineage(store, "09-KL/BTCTW", "up", depth=50).paths  # as deep as the graph goes
    assert len(whole.paths) > len(kg.lineage(store, "09-KL/BTCTW", "up", depth=1).paths)
    with pytest.raises(ValueError, match="depth must be a whole number"):
        kg.lineage(store, "09-KL/BTCTW", "up", depth=-1)


def test_see_above_points_only_at_a_document_printed_above(store):
    tree = format_tree(kg.lineage(store, "09-KL/BTCTW", "up", depth=None)).splitlines()
    seen: set[str] = set()
    for line in tree[1:]:
        if "→" not in line:
            continue
        label = line.split("→", 1)[1].replace("(see above)", "").replace("(see below)", "").strip()
        if line.endswith("(see above)"):
            assert label in seen, line
        elif not line.endswith("(see below)"):
            seen.add(label)
