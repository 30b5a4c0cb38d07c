"""``kg serve`` in a real browser (Debian's Chromium through Playwright): search, a document page, the network
expanded by clicks with the selected node keeping its colours, and the query page with a canned query."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from servers import explorer_store, start_explorer, stop


@pytest.fixture(scope="module")
def explorer(tmp_path_factory) -> Iterator[str]:
    proc, url = start_explorer(explorer_store(tmp_path_factory.mktemp("explorer-browser")))
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture
def page(local_context, explorer):
    page = local_context.new_page()
    page.errors = []
    page.elsewhere = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith((explorer, "data:")) else page.elsewhere.append(r.url))
    yield page
    assert page.errors == [] and page.elsewhere == []  # no script error, nothing fetched from outside
    page.close()


def test_search_then_open_a_document_page(page, explorer):
    page.goto(explorer)
    page.fill("input[name=q]", "nghi quyet 26 can bo")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".results li")
    first = page.locator(".results li a").first
    assert first.inner_text() == "26-NQ/TW"
    first.click()
    page.wait_for_selector("#document")
    assert page.locator("#status").inner_text().startswith("Status in force:")
    assert "Ban Chấp hành Trung ương" in page.locator(".who").inner_text()
    assert page.locator("#cited-by li").count() > 0 and page.locator("#cited-by mark").count() > 0


def test_the_network_grows_by_clicks_and_keeps_the_selected_node_s_colour(page, explorer):
    page.goto(explorer + "/graph/eli/dang/BTCTW/XIII/KL/9")
    page.wait_for_function("document.getElementById('graph-status').textContent.indexOf('documents drawn') >= 0")
    drawn = int(page.locator("#graph-status").inner_text().split()[0])
    assert drawn > 10
    # 21-KL/TW, a neighbour with neighbours of its own: click it where it is drawn once the layout is still
    page.wait_for_function("window.kgExplorer.stable")
    target = page.evaluate("""() => { const net = window.kgExplorer.network, nodes = window.kgExplorer.nodes;
        const n = nodes.get().find(x => x.label.indexOf('21-KL/TW') === 0); const at = net.canvasToDOM(net.getPosition(n.id));
        return {id: n.id, x: at.x, y: at.y, colour: n.color.background}; }""")
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_function(f"parseInt(document.getElementById('graph-status').textContent) > {drawn}")
    selected = page.evaluate("() => window.kgExplorer.network.getSelectedNodes()")
    assert selected == [target["id"]]
    assert page.evaluate("id => window.kgExplorer.nodes.get(id).color.highlight.background", target["id"]) == target["colour"]
    assert "21-KL/TW" in page.locator("#selected").inner_text()


def test_the_query_page_runs_a_canned_query(page, explorer):
    page.goto(explorer + "/sparql")
    page.click("button.canned[data-name=most-cited]")
    assert "SELECT" in page.locator("#query").input_value()
    page.click("#run")
    page.wait_for_selector("#results table tr:nth-child(2)")
    assert "18-NQ/TW (XII)" in page.locator("#results").inner_text()
    page.fill("#query", "SELEC nothing")
    page.click("#run")
    page.wait_for_selector("#results .error")
    assert "does not parse" in page.locator("#results .error").inner_text()
    page.errors[:] = [e for e in page.errors if "status of 400" not in e]  # the refused query, as asked
