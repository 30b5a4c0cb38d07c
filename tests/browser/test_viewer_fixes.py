"""The viewer's panel, filters, search and colours as a user checks them against the command line: status in
force, times cited that agree with the Cited by list (copies apart), the relation filter meaning what
``--filter relation=`` means, a filter or search that finds nothing saying so, and colours kept on selection."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.view.html import page_data

from servers import explorer_store

KL9 = "https://w3id.org/party-kg/eli/dang/BTCTW/XIII/KL/9"
NQ26_XII = "https://w3id.org/party-kg/eli/dang/TW/XII/NQ/26"
QD29_XII = "https://w3id.org/party-kg/eli/dang/TW/XII/QĐ/29"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The corpus and a Quy định replacing 29-QĐ/TW (XII): the whole page, the CLI's implements page, and a focus page."""
    root = tmp_path_factory.mktemp("viewer-fixes")
    store = explorer_store(root)
    out = {"whole": root / "whole.html", "implements": root / "implements.html", "focus": root / "focus.html"}
    assert main(["view", "--store", str(store), "-o", str(out["whole"])]) == 0
    assert main(["view", "--store", str(store), "--filter", "relation=implements", "-o", str(out["implements"])]) == 0
    assert main(["view", "--store", str(store), "--focus", "26-NQ/TW", "--term", "XII", "--depth", "1",
                 "-o", str(out["focus"])]) == 0
    return out


def panel(v, iri: str) -> str:
    v.page.evaluate("id => kgViewer.selectNode(id, false)", iri)
    return v.page.locator("#kg-panel").inner_text()


def test_the_panel_says_the_status_in_force(pages, viewer):
    v = viewer(pages["whole"])
    assert "not in force: replaced" in panel(v, QD29_XII)
    assert "no change known" in panel(v, NQ26_XII)


def test_times_cited_agrees_with_the_cited_by_list_and_copies_are_not_citations(pages, viewer):
    v = viewer(pages["whole"])
    text = panel(v, KL9)  # cited by nothing, copied twice (686-SY/TU, 172-BS/HU)
    assert "0 documents in the store" in text and "Cited by (0)" in text and "Copies (2)" in text
    text = panel(v, NQ26_XII)
    assert "1 document in the store" in text and "Cited by (1)" in text and "drawn here" not in text


def test_the_relation_filter_means_what_the_command_line_filter_means(pages, viewer):
    cli = viewer(pages["implements"])
    expected = (cli.page.evaluate("kgViewer.nodes.length"), cli.page.evaluate("kgViewer.edges.length"))
    v = viewer(pages["whole"])
    v.page.locator('button[data-none="relation"]').click()
    for relation in ("implements", "copy_of"):  # the command line keeps copies beside the relations asked for
        v.page.locator(f'input[data-facet="relation"][value="{relation}"]').check()
    shown = (v.page.evaluate("kgViewer.nodes.get({filter: n => !n.hidden}).length"),
             v.page.evaluate("kgViewer.edges.get({filter: e => !e.hidden}).length"))
    assert shown == expected
    relations = set(v.page.evaluate("kgViewer.edges.get({filter: e => !e.hidden}).map(e => e.relation)"))
    assert "continues" in relations and "cites" not in relations  # implements takes its sub-relations


def test_a_filter_or_search_that_matches_nothing_says_so(pages, viewer):
    v = viewer(pages["whole"])
    v.page.locator('button[data-none="type"]').click()
    assert v.page.locator("#kg-status").inner_text().startswith("No document matches these filters")
    focus = viewer(pages["focus"])
    focus.search("29-QĐ/TW")  # in the store, not drawn around 26-NQ/TW
    message = focus.page.locator("#kg-results li").first.inner_text()
    assert message.startswith("No match among the 2 documents shown") and "kg view --focus SYMBOL" in message
    assert "The store holds" in message


def test_a_selected_node_keeps_its_type_colour(pages, viewer):
    v = viewer(pages["whole"])
    v.page.evaluate("id => kgViewer.selectNode(id, false)", NQ26_XII)
    colour = v.page.evaluate("id => kgViewer.nodes.get(id).color", NQ26_XII)
    assert colour["highlight"]["background"] == colour["background"] == colour["hover"]["background"]
    assert v.page.evaluate("kgViewer.network.getSelectedNodes()") == [NQ26_XII]


def test_the_legend_names_a_type_code_the_same_whatever_the_page_draws():
    import networkx as nx

    def legend(words: list[str]) -> dict:
        g = nx.MultiDiGraph()
        for i, word in enumerate(words):
            g.add_node(f"urn:{i}", label=f"{i}-QĐ/TW", type="QĐ", type_word=word, level="central")
        return {t: w for t, w, _ in page_data(g)["legend"]["types"]}

    assert legend(["Quy định", "Quy định", "Quyết định"]) == legend(["Quyết định", "Quyết định", "Quy định"]) == {
        "QĐ": "Quy định / Quyết định"}
