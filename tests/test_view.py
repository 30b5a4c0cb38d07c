"""The viewer page without a browser: offline, escaped, laid out on a time axis when large, filters."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.cli import main
from kg.view import filter_graph, parse_filters
from kg.view.html import PHYSICS_LIMIT, edge_evidence, node_record, page_data, render_html
from kg.view.layout import LEVELS, date_ordinal, time_axis

SENTENCE = "Tiếp tục thực hiện Nghị quyết số 26-NQ/TW của Ban Chấp hành Trung ương về công tác cán bộ."
PAYLOADS = ("<script>window.__pwned = 1; alert(1)</script>", '" onmouseover="window.__pwned = 2"',
            "<img src=x onerror=\"window.__pwned = 3\">")


def small_graph(title: str = "về tập trung xây dựng đội ngũ cán bộ các cấp") -> nx.MultiDiGraph:
    """09-KL/BTCTW continues 26-NQ/TW (XII), as in corpus 001, plus a local plan and an unresolved reference."""
    g = nx.MultiDiGraph()
    g.add_node("urn:kl9", symbol="09-KL/BTCTW", label="09-KL/BTCTW", type="KL", type_word="Kết luận",
               date="2024-01-11", issuer="Ban Tổ chức Trung ương", term="XIII", level="central", times_cited=0,
               title="Hội nghị toàn quốc tổng kết công tác tổ chức xây dựng Đảng năm 2023")
    g.add_node("urn:nq26", symbol="26-NQ/TW", label="26-NQ/TW (XII)", type="NQ", type_word="Nghị quyết",
               date="2018-05-19", issuer="Ban Chấp hành Trung ương", term="XII", level="central", times_cited=2,
               title=title)
    g.add_node("urn:kh5", symbol="05-KH/TU", label="05-KH/TU", type="KH", date="2018-09-01", issuer="Tỉnh ủy Bình Định",
               term="XII", level="local", times_cited=0)
    g.add_node("urn:ref", label="Nghị quyết của Bộ Chính trị", level="unresolved", times_cited=1)
    start = SENTENCE.index("Nghị quyết")
    evidence = {"sentence": SENTENCE, "span": [start, start + len("Nghị quyết số 26-NQ/TW")],
                "start": 3624, "end": 3646,
                "source": "https://w3id.org/party-kg/file/693ac047", "path": "data/corpus/001_efa0bf86d863f830.txt"}
    g.add_edge("urn:kl9", "urn:nq26", relation="continues", planned=False, cue="Tiếp tục thực hiện",
               method="symbol+date", confidence=1.0, evidence=[evidence])
    g.add_edge("urn:kh5", "urn:nq26", relation="implements", planned=True,
               evidence=[{"sentence": "thực hiện Nghị quyết số 26-NQ/TW", "quote": "Nghị quyết số 26-NQ/TW",
                          "source": "x.txt"}])
    g.add_edge("urn:kl9", "urn:ref", relation="cites")
    return g


class _Sources(HTMLParser):
    """Every src/href attribute and every element name of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


def test_the_page_loads_nothing_from_the_network():
    page = render_html(small_graph())
    parser = _Sources()
    parser.feed(page)
    assert parser.urls == []                          # no script src, no stylesheet link, no image
    assert "link" not in parser.tags
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page, re.I)
    assert "bootstrap" not in page.lower() and "cdnjs" not in page and "jsdelivr" not in page
    assert "vis.Network" in page and "vis-network" in page   # vis-network inline, as pyvis's in_line mode does


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_from_the_data_cannot_become_markup(payload):
    g = small_graph(title=payload)
    g.nodes["urn:kh5"]["label"] = payload
    g.nodes["urn:kh5"]["issuer"] = payload                # goes into a filter checkbox's value and label
    g.edges["urn:kl9", "urn:nq26", 0]["evidence"][0]["path"] = payload
    page = render_html(g, heading=payload, subtitle=payload)
    data = page[page.index('id="kg-data">'):page.index("</script>", page.index('id="kg-data">'))]
    assert "<" not in data.split(">", 1)[1] and ">" not in data.split(">", 1)[1]  # JSON with \u003c escapes
    outside = page.replace(data, "")
    assert payload not in outside                       # only escaped copies outside the JSON
    assert "&lt;" in outside or "&#34;" in outside
    parser = _Sources()
    parser.feed(page)
    assert "img" not in parser.tags and parser.urls == []


def test_escaped_json_reads_back_to_the_same_text():
    g = small_graph(title=PAYLOADS[0])
    page = render_html(g)
    start = page.index('id="kg-data">') + len('id="kg-data">')
    data = json.loads(page[start:page.index("</script>", start)])
    assert data["records"]["urn:nq26"]["title"] == PAYLOADS[0]
    assert data["records"]["urn:kl9"]["label"] == "09-KL/BTCTW"


def test_nodes_by_type_level_and_citations_edges_by_relation():
    data = page_data(small_graph())
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["urn:nq26"]["shape"] == "dot" and nodes["urn:kh5"]["shape"] == "square"
    assert nodes["urn:ref"]["shape"] == "triangle"
    assert nodes["urn:nq26"]["size"] > nodes["urn:kl9"]["size"]          # cited twice vs never
    assert nodes["urn:nq26"]["color"] != nodes["urn:kl9"]["color"]        # NQ vs KL
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert edges["urn:kl9", "urn:nq26"]["label"] == "continues" and not edges["urn:kl9", "urn:nq26"]["dashes"]
    assert edges["urn:kh5", "urn:nq26"]["dashes"] and edges["urn:kh5", "urn:nq26"]["label"] == "implements (planned)"
    assert edges["urn:kl9", "urn:ref"]["dashes"]                         # to an unresolved reference
    assert edges["urn:kl9", "urn:nq26"]["color"] != edges["urn:kh5", "urn:nq26"]["color"]
    assert [t[0] for t in data["legend"]["types"]] == ["KH", "KL", "NQ"]


def test_evidence_keeps_the_reference_span_inside_its_sentence():
    data = page_data(small_graph())
    ids = {(e["from"], e["to"]): e["id"] for e in data["edges"]}
    (ev,) = data["citations"][ids["urn:kl9", "urn:nq26"]]["evidence"]
    assert ev["sentence"][ev["start"]:ev["end"]] == "Nghị quyết số 26-NQ/TW"
    assert ev["source"] == "data/corpus/001_efa0bf86d863f830.txt"
    (ev,) = data["citations"][ids["urn:kh5", "urn:nq26"]]["evidence"]      # span found from the quote
    assert ev["sentence"][ev["start"]:ev["end"]] == "Nghị quyết số 26-NQ/TW"
    assert edge_evidence({"evidence": [{"sentence": "abc", "span": [5, 9]}]})[0]["start"] == 0  # out of range


def test_record_takes_lists_and_missing_values():
    rec = node_record("urn:x", {"date": ["2018-05-19", "2018-05-20"], "times_cited": 3})
    assert rec["date"] == "2018-05-19 / 2018-05-20" and rec["cited"] == 3 and rec["level"] == "unresolved"
    assert rec["title"] == "" and rec["label"]


def test_small_graphs_use_physics_large_ones_fixed_positions():
    small = page_data(small_graph())
    assert small["physics"] and small["axis"] is None
    g = nx.MultiDiGraph()
    for i in range(PHYSICS_LIMIT + 1):
        g.add_node(f"n{i}", date=f"{2000 + i % 20}-01-0{1 + i % 9}", level=LEVELS[i % 4])
    large = page_data(g)
    assert not large["physics"] and large["axis"]["ticks"]
    assert all("x" in n and "y" in n for n in large["nodes"])
    assert render_html(g).count('"physics":{"enabled":false}') == 1


def test_date_ordinal_reads_dates_years_and_lists():
    assert date_ordinal("2018-05-19") < date_ordinal("2018-05-20")
    assert date_ordinal("2018") == date_ordinal("2018-07-01")
    assert date_ordinal(["2019-01-01", "2018-01-01"]) == date_ordinal("2018-01-01")
    assert date_ordinal(None) is None and date_ordinal("khóa XII") is None and date_ordinal("2018-13-45") is None


def _axis_graph() -> tuple[dict, list]:
    nodes = {f"d{i}": {"date": f"{2000 + i // 12}-{1 + i % 12:02d}-15", "level": LEVELS[i % 3]} for i in range(240)}
    nodes["undated-cited"] = {"date": None, "level": "central"}
    nodes["undated-alone"] = {"date": None, "level": "local"}
    edges = [("d100", "undated-cited"), ("d150", "undated-cited"), ("d5", "d1")]
    return nodes, edges


def test_time_axis_orders_by_date_and_bands_by_level():
    nodes, edges = _axis_graph()
    layout = time_axis(nodes, edges)
    x = {n: p[0] for n, p in layout.positions.items()}
    assert x["d0"] <= x["d50"] <= x["d100"] <= x["d239"] and x["d0"] < x["d239"]
    bands = {b.level: b for b in layout.bands}
    assert [b.level for b in layout.bands] == ["central", "state", "local"]
    for n, (_, y) in layout.positions.items():
        band = bands[nodes[n]["level"]]
        assert band.top <= y <= band.bottom
    assert [t.label for t in layout.ticks][:2] == ["2000", "2002"] or layout.ticks[0].label == "2000"


def test_time_axis_never_puts_two_nodes_in_one_place():
    nodes, edges = _axis_graph()
    for i in range(300):                                     # a crowded day
        nodes[f"same{i}"] = {"date": "2010-06-01", "level": "local"}
    positions = list(time_axis(nodes, edges).positions.values())
    assert len(set(positions)) == len(positions)


def test_undated_documents_sit_before_their_citers_or_in_the_no_date_column():
    nodes, edges = _axis_graph()
    layout = time_axis(nodes, edges)
    x = {n: p[0] for n, p in layout.positions.items()}
    assert x["undated-cited"] < x["d100"] and "undated-cited" in layout.placed_by_citer
    assert layout.undated[0] <= x["undated-alone"] <= layout.undated[1] < layout.separator
    assert layout.separator < min(x[n] for n in nodes if n != "undated-alone")
    assert time_axis(nodes, edges).positions == layout.positions            # deterministic


def test_a_graph_without_dates_is_a_block_not_one_long_column():
    nodes = {f"n{i}": {"date": None, "level": LEVELS[i % 2]} for i in range(400)}
    layout = time_axis(nodes, [])
    xs = {x for x, _ in layout.positions.values()}
    ys = {y for _, y in layout.positions.values()}
    assert len(xs) > 10 and max(ys) - min(ys) < 4 * (max(xs) - min(xs))


def test_parse_filters():
    assert parse_filters(["type=NQ,KL", "term=XIII", "type=CT"]) == {"type": {"NQ", "KL", "CT"}, "term": {"XIII"}}
    for bad in ("colour=red", "type", "type="):
        with pytest.raises(ValueError):
            parse_filters([bad])


def test_filter_graph_keeps_matching_documents_and_the_focus():
    g = small_graph()
    assert set(filter_graph(g, {"type": {"NQ"}})) == {"urn:nq26"}
    assert set(filter_graph(g, {"type": {"NQ"}}, keep=["urn:kl9"])) == {"urn:nq26", "urn:kl9"}
    assert set(filter_graph(g, {"term": {"XII"}})) == {"urn:nq26", "urn:kh5"}
    assert filter_graph(g, {"type": {"NQ", "KL"}}).number_of_edges() == 1


# ---- kg view on the corpus, as a user runs it

@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("view-store") / "store"
    assert main(["build", str(Path(__file__).resolve().parent.parent / "data" / "corpus"), "--store", str(store),
                 "--no-progress"]) == 0
    return store


def page_nodes(page: Path) -> dict[str, dict]:
    text = page.read_text(encoding="utf-8")
    start = text.index('id="kg-data">') + len('id="kg-data">')
    return json.loads(text[start:text.index("</script>", start)])["records"]


def test_kg_view_writes_the_whole_store(corpus_store, tmp_path, capsys):
    page = tmp_path / "graph.html"
    assert main(["view", "--store", str(corpus_store), "-o", str(page)]) == 0
    err = capsys.readouterr().err
    records = page_nodes(page)
    assert re.fullmatch(rf"wrote {re.escape(str(page))}: {len(records)} documents, \d+ citations \(force layout\), "
                        r"\d+\.\d MB\n", err)
    assert {r["label"] for r in records.values()} >= {"09-KL/BTCTW (XIII)", "26-NQ/TW (XII)", "Điều lệ Đảng"}


def test_kg_view_focus_depth_and_filters(corpus_store, tmp_path, capsys):
    page = tmp_path / "focus.html"
    assert main(["view", "--store", str(corpus_store), "--focus", "09-KL/BTCTW", "--depth", "1",
                 "--filter", "type=NQ", "-o", str(page)]) == 0
    records = page_nodes(page)
    assert {r["type"] for r in records.values()} == {"NQ", "KL"}            # the focus stays, whatever its type
    assert "26-NQ/TW (XII)" in {r["label"] for r in records.values()}


def test_kg_view_names_the_candidates_of_an_ambiguous_focus(corpus_store, tmp_path, capsys):
    assert main(["view", "--store", str(corpus_store), "--focus", "26-NQ/TW", "-o", str(tmp_path / "x.html")]) == 1
    err = capsys.readouterr().err
    assert "26-NQ/TW names 4 documents" in err and "[X]" in err and "[XII]" in err and "[XIII]" in err
    assert not (tmp_path / "x.html").exists()
    assert main(["view", "--store", str(corpus_store), "--focus", "26-NQ/TW", "--term", "XII",
                 "-o", str(tmp_path / "x.html")]) == 0


LEFT_OUT = (r"kg view: drew the {drawn} best-connected of {total} documents \(the most cited, then those citing them "
            r"most\); --top N draws more, --focus SYMBOL the documents around one\n")


def test_kg_view_top_draws_the_best_connected_and_says_what_it_left_out(corpus_store, tmp_path, capsys):
    whole, top = tmp_path / "whole.html", tmp_path / "top.html"
    assert main(["view", "--store", str(corpus_store), "-o", str(whole)]) == 0
    capsys.readouterr()
    assert main(["view", "--store", str(corpus_store), "--top", "12", "-o", str(top)]) == 0
    summary, left_out = capsys.readouterr().err.splitlines(keepends=True)
    assert summary.startswith(f"wrote {top}: 12 documents, ")
    assert re.fullmatch(LEFT_OUT.format(drawn=12, total=len(page_nodes(whole))), left_out)
    records = page_nodes(top)
    assert set(records) < set(page_nodes(whole))
    assert max(r["cited"] for r in records.values()) == max(r["cited"] for r in page_nodes(whole).values())
    assert "the 12 best-connected of" in top.read_text(encoding="utf-8")   # the page's subtitle


def test_kg_view_of_a_store_larger_than_the_limit_draws_the_limit(corpus_store, tmp_path, capsys, monkeypatch):
    import kg.view

    monkeypatch.setattr(kg.view, "VIEW_LIMIT", 30)
    page = tmp_path / "capped.html"
    assert main(["view", "--store", str(corpus_store), "-o", str(page)]) == 0
    assert len(page_nodes(page)) == 30
    assert re.fullmatch(LEFT_OUT.format(drawn=30, total=r"\d+"), capsys.readouterr().err.splitlines(keepends=True)[1])
    assert main(["view", "--store", str(corpus_store), "--top", "1000", "-o", str(page)]) == 0  # more than it has
    assert len(capsys.readouterr().err.splitlines()) == 1 and len(page_nodes(page)) > 30


@pytest.mark.parametrize("argv", [["--depth", "2"], ["--term", "XII"], ["--filter", "colour=red"],
                                  ["--filter", "type"], ["--top", "0"], ["--top", "5", "--focus", "09-KL/BTCTW"]])
def test_kg_view_usage_errors_exit_2(argv, corpus_store, tmp_path, capsys):
    assert main(["view", "--store", str(corpus_store), *argv, "-o", str(tmp_path / "x.html")]) == 2
    assert capsys.readouterr().err.startswith("kg view: ")


def test_kg_view_without_a_store_says_so(tmp_path, capsys):
    assert main(["view", "--store", str(tmp_path / "none"), "-o", str(tmp_path / "x.html")]) == 1
    assert "run kg build first" in capsys.readouterr().err


def test_labels_tell_documents_apart_and_are_never_iris():
    import networkx as nx

    from kg.view.html import page_data

    g = nx.MultiDiGraph()
    g.add_node("https://w3id.org/party-kg/eli/dang/HU@nghe-an-nam-dan/2021/KL/1", label="01-KL/HU (2021)",
               issuer="Huyện ủy Nam Đàn tỉnh Nghệ An", level="local", type="KL")
    g.add_node("https://w3id.org/party-kg/eli/dang/HU@binh-dinh-tuy-phuoc/2021/KL/1", label="01-KL/HU (2021)",
               issuer="Huyện ủy Tuy Phước tỉnh Bình Định", level="local", type="KL")
    g.add_node("https://w3id.org/party-kg/eli/congress/XII", level="central")
    labels = {r["label"] for r in page_data(g)["records"].values()}
    assert labels == {"01-KL/HU (2021) — Huyện ủy Nam Đàn tỉnh Nghệ An", "01-KL/HU (2021) — Huyện ủy Tuy Phước tỉnh Bình Định",
                      "congress XII"}
