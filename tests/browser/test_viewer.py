"""The viewer in headless Chromium, as a user meets it: the corpus page, search, a click, the evidence panel,
filters, a page under attack from its own data, and a 5,000-document graph."""
from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.cli import main
from kg.view import write_html

from viewer_graphs import synthetic_graph

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
NQ26_XII = "https://w3id.org/party-kg/eli/dang/TW/XII/NQ/26"
KL9 = "https://w3id.org/party-kg/eli/dang/BTCTW/XIII/KL/9"
RENDER_BOUND_S = 30.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The corpus built into a fresh store, its graph, and the page ``kg view`` writes of it."""
    root = tmp_path_factory.mktemp("corpus-view")
    store_dir, page = root / "store", root / "graph.html"
    assert main(["build", str(CORPUS), "--store", str(store_dir), "--no-progress"]) == 0
    assert main(["view", "--store", str(store_dir), "-o", str(page)]) == 0
    with kg.open_store(store_dir) as store:
        graph = kg.to_networkx(store)
    return {"store": store_dir, "page": page, "graph": graph}


def panel_text(v) -> str:
    return v.page.locator("#kg-panel").inner_text()


def test_the_corpus_page_draws_every_document_and_citation_offline(corpus, viewer):
    v = viewer(corpus["page"])
    graph = corpus["graph"]
    assert v.page.evaluate("kgViewer.nodes.length") == graph.number_of_nodes() > 50
    assert v.page.evaluate("kgViewer.edges.length") == graph.number_of_edges()
    assert v.page.locator("#kg-status").inner_text() == (
        f"{graph.number_of_nodes()} documents · {graph.number_of_edges()} citations")
    assert v.requests == [] and v.errors == [] and v.dialogs == []


def test_search_26_NQ_TW_then_click_it_shows_the_evidence_with_the_reference_marked(corpus, viewer):
    v = viewer(corpus["page"])
    v.search("26-NQ/TW")
    found = v.page.locator("#kg-results button")
    assert found.first.inner_text().startswith("26-NQ/TW (XII)")  # term X's 26-NQ/TW is in the catalog, not cited
    assert found.first.get_attribute("data-id") == NQ26_XII
    v.page.keyboard.press("Escape")                              # close the list; the node is on the canvas
    x, y = v.node_screen_position(NQ26_XII)
    v.page.mouse.click(x, y)                                     # a real click on the drawn node
    v.page.locator("#kg-panel h2").filter(has_text="26-NQ/TW (XII)").wait_for()
    text = panel_text(v)
    assert "Nghị quyết" in text and "2018-05-19" in text and "Ban Chấp hành Trung ương" in text and "XII" in text
    assert "Cited by (1)" in text and "09-KL/BTCTW" in text and "data/corpus/001_efa0bf86d863f830.txt" in text
    marks = v.page.locator("#kg-panel mark").all_inner_texts()
    assert marks and all("26-NQ/TW" in m for m in marks)
    assert v.page.evaluate("kgViewer.network.getSelectedNodes()") == [NQ26_XII]


def test_choosing_a_search_result_centres_the_document_and_opens_its_record(corpus, viewer):
    v = viewer(corpus["page"])
    assert NQ26_XII in v.page.evaluate("kgViewer.search('cán bộ các cấp, nhất là cấp chiến lược').map(n => n.id)")
    v.search("can bo cap chien luoc")                           # the same title words typed without diacritics
    v.page.locator(f'#kg-results button[data-id="{NQ26_XII}"]').click()
    v.page.locator("#kg-panel h2").filter(has_text="26-NQ/TW (XII)").wait_for()
    x, y = v.node_screen_position(NQ26_XII)
    box = v.page.locator("#kg-network").bounding_box()
    assert abs(x - (box["x"] + box["width"] / 2)) < 5 and abs(y - (box["y"] + box["height"] / 2)) < 5


def test_clicking_the_citing_document_lists_what_it_cites_with_each_sentence(corpus, viewer):
    v = viewer(corpus["page"])
    x, y = v.node_screen_position(KL9)
    v.page.mouse.click(x, y)
    v.page.locator("#kg-panel h2").filter(has_text="09-KL/BTCTW").wait_for()
    text = panel_text(v)
    assert "continues → 26-NQ/TW (XII)" in text and "Tiếp tục thực hiện" in text
    v.page.locator("#kg-panel .kg-link", has_text="26-NQ/TW (XII)").first.click()   # follow the citation
    v.page.locator("#kg-panel h2").filter(has_text="26-NQ/TW (XII)").wait_for()


def test_filters_hide_and_show_documents_and_citations(corpus, viewer):
    v = viewer(corpus["page"])
    graph = corpus["graph"]
    resolutions = sum(1 for _, a in graph.nodes(data=True) if a.get("type") == "NQ")
    v.page.locator('input[data-facet="type"][value="NQ"]').uncheck()
    assert v.page.evaluate("kgViewer.nodes.get({filter: n => n.hidden}).length") == resolutions
    assert v.page.locator("#kg-status").inner_text().startswith(f"{graph.number_of_nodes() - resolutions} of ")
    v.page.locator('button[data-none="relation"]').click()
    assert v.page.evaluate("kgViewer.edges.get({filter: e => !e.hidden}).length") == 0
    v.page.locator('button[data-all="relation"]').click()
    v.page.locator('input[data-facet="type"][value="NQ"]').check()
    assert v.page.locator("#kg-status").inner_text() == (
        f"{graph.number_of_nodes()} documents · {graph.number_of_edges()} citations")


def test_a_focus_view_opens_on_its_document(corpus, viewer, tmp_path):
    page = tmp_path / "focus.html"
    assert main(["view", "--store", str(corpus["store"]), "--focus", "26-NQ/TW", "--term", "XII", "--depth", "1",
                 "-o", str(page)]) == 0
    v = viewer(page)
    assert "around 26-NQ/TW (XII), depth 1" in v.page.locator(".kg-subtitle").inner_text()
    v.page.locator("#kg-panel h2").filter(has_text="26-NQ/TW (XII)").wait_for()
    assert v.page.evaluate("kgViewer.nodes.length") == 2


PAYLOADS = {
    "script": "<script>window.__pwned = 'script'; alert('script')</script>",
    "attribute": '" onmouseover="window.__pwned = \'attribute\'; alert(1)" x="',
    "image": "<img src=x onerror=\"window.__pwned = 'image'; alert('image')\">",
}


def hostile_graph(payload: str) -> nx.MultiDiGraph:
    """A document whose every text field carries ``payload``, cited with a sentence that carries it too."""
    g = nx.MultiDiGraph()
    g.add_node("urn:evil", label=payload, symbol=payload, title=payload, issuer=payload, type="NQ", type_word=payload,
               term=payload, level="central", date="2020-01-01", times_cited=1, note=payload)
    g.add_node("urn:citer", label="01-KL/TW", symbol="01-KL/TW", type="KL", level="central", date="2021-01-01")
    sentence = f"Thực hiện {payload} nghiêm túc."
    g.add_edge("urn:citer", "urn:evil", relation="implements", cue=payload, method=payload, confidence=1.0,
               evidence=[{"sentence": sentence, "quote": payload, "span": [10, 10 + len(payload)], "path": payload}])
    return g


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_text_is_shown_never_run(name, viewer, tmp_path, screenshot_dir):
    payload = PAYLOADS[name]
    page = write_html(hostile_graph(payload), tmp_path / "evil.html", heading=payload, subtitle=payload)
    v = viewer(page)
    x, y = v.node_screen_position("urn:evil")
    v.page.mouse.move(x, y)                                          # the tooltip (vis-network popup)
    tooltip = v.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert payload in tooltip.inner_text()
    v.page.mouse.click(x, y)
    v.page.locator("#kg-panel h2").wait_for()
    text = panel_text(v)
    assert text.count(payload) >= 5                                  # label, symbol, issuer, term, title, note…
    assert v.page.locator("#kg-panel mark").inner_text() == payload  # the highlighted reference, as text
    assert payload in v.page.locator("#kg-header").inner_text()
    v.search("01-KL")                                                # results list and filters render data too
    for box in v.page.locator('input[data-facet="issuer"]').all():
        assert box.get_attribute("value") in ("", payload)
    assert v.page.evaluate("window.__pwned") is None
    assert v.dialogs == []
    assert v.page.evaluate("document.querySelectorAll('img, [onmouseover], [onerror]').length") == 0
    assert v.page.evaluate("document.scripts.length") == 3           # data, vis-network, viewer: nothing injected
    v.page.screenshot(path=str(screenshot_dir / f"hostile-{name}.png"))


def test_corpus_screenshot_is_drawn(corpus, viewer, screenshot_dir):
    v = viewer(corpus["page"])
    x, y = v.node_screen_position(NQ26_XII)
    v.page.mouse.click(x, y)
    v.page.locator("#kg-panel mark").first.wait_for()
    shot = screenshot_dir / "corpus.png"
    v.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000
    inked = v.page.evaluate("""() => {
        const c = document.querySelector('#kg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) ink++;
        return ink / (c.width * c.height); }""")
    assert inked > 0.01                                             # nodes and edges are on the canvas


@pytest.fixture(scope="module")
def large_page(tmp_path_factory) -> tuple[Path, nx.MultiDiGraph, float]:
    graph = synthetic_graph(5000)
    started = time.perf_counter()
    page = write_html(graph, tmp_path_factory.mktemp("large") / "large.html")
    return page, graph, time.perf_counter() - started


def test_5000_documents_render_within_the_bound_and_stay_responsive(large_page, viewer, screenshot_dir):
    page, graph, written = large_page
    assert written < 10
    started = time.perf_counter()
    v = viewer(page, timeout_ms=int(RENDER_BOUND_S * 1000))
    rendered = time.perf_counter() - started
    print(f"\n5,000 documents: page {page.stat().st_size / 1e6:.1f} MB written in {written:.2f} s, "
          f"drawn in {rendered:.2f} s")
    assert rendered < RENDER_BOUND_S
    assert v.page.evaluate("kgViewer.nodes.length") == 5000
    assert v.page.evaluate("kgViewer.network.physics.options.enabled") is False
    started = time.perf_counter()
    v.search("2500-")
    v.page.locator('#kg-results button[data-id="urn:doc:2499"]').click()
    v.page.locator("#kg-panel h2").filter(has_text="2500-").wait_for()
    answered = time.perf_counter() - started
    assert answered < 5, f"search and select took {answered:.1f} s"
    cited_by = graph.in_degree("urn:doc:2499")
    assert f"Cited by ({cited_by})" in panel_text(v)
    v.page.screenshot(path=str(screenshot_dir / "large.png"))
    assert v.errors == []


def test_an_empty_graph_says_there_is_nothing_to_show(viewer, tmp_path):
    v = viewer(write_html(nx.MultiDiGraph(), tmp_path / "empty.html"))
    assert "No documents to show" in panel_text(v)
    assert v.page.locator("#kg-status").inner_text() == "0 documents · 0 citations"
