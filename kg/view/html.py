"""The viewer page: a networkx citation graph → one self-contained HTML file built with pyvis.

pyvis holds the nodes, edges and vis-network options and bundles vis-network, which the page
inlines (no CDN, works offline). The page template (``assets/page.html.j2``) adds a search box,
filters, a legend and a side panel (``assets/viewer.js``). Everything from the data reaches the
page as escaped HTML (Jinja autoescape) or as JSON inside a ``<script type="application/json">``
(``<``, ``>``, ``&`` and ``'`` written as ``\\u`` escapes), and the script puts it on screen with
``textContent`` only: a title holding ``<script>`` is shown, never run.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pyvis.network import Network

from kg.atomic import atomic_file
from kg.view.layout import Layout, time_axis

__all__ = ["PHYSICS_LIMIT", "RELATION_COLOURS", "TYPE_COLOURS", "edge_evidence", "node_record", "page_data",
           "render_html", "short_label", "type_colour", "vis_options", "write_html"]

PHYSICS_LIMIT = 300   # up to this many nodes the page lays the graph out with (bounded) physics
ASSETS = Path(__file__).resolve().parent / "assets"
PYVIS_TEMPLATES = Path(pyvis.__file__).resolve().parent / "templates"
VIS_VERSION = "vis-9.1.2"   # the vis-network build pyvis 0.3.2 ships under templates/lib/

LEVEL_SHAPES = {"central": "dot", "state": "diamond", "local": "square", "unresolved": "triangle"}
LEVEL_NAMES = {"central": "central (Trung ương)", "state": "state (Nhà nước)",
               "local": "local (địa phương)", "unresolved": "unresolved (chưa xác định)"}
RELATION_COLOURS = {
    "cites": "#8c8c8c", "based_on": "#1f77b4", "implements": "#2ca02c", "continues": "#17becf",
    "guides": "#bcbd22", "concretizes": "#9467bd", "reviews": "#ff7f0e", "amends": "#d62728",
    "repeals": "#7f0000", "replaces": "#e377c2", "inherits": "#8c564b", "copy_of": "#c7c7c7",
}
# one colour per type code in every view: Party texts in strong colours, copies pale, state texts dark
TYPE_COLOURS = {
    "NQ": "#e6194b", "KL": "#3cb44b", "CT": "#f58231", "QĐ": "#4363d8", "QĐi": "#000075", "QC": "#469990",
    "HD": "#bfef45", "KH": "#42d4f4", "CTr": "#911eb4", "TB": "#9a6324", "TT": "#f032e6", "BC": "#aaffc3",
    "TTr": "#fabed4", "ĐA": "#dcbeff", "CV": "#ffe119", "charter": "#800000", "platform": "#808000",
    "SY": "#ffd8b1", "SL": "#fffac8", "BS": "#a9e2f3", "TS": "#e0e0a0",
    "L": "#3f3f3f", "NĐ": "#6b6b9a", "PL": "#5a7a5a", "TTLT": "#7a5a5a", "CĐ": "#8a8a5a",
}
SPARE_COLOURS = ("#b15928", "#6a3d9a", "#33a02c", "#1f78b4", "#e31a1c", "#ff7f00", "#cab2d6", "#fb9a99")
NO_TYPE_COLOUR = "#b0b0b0"
LABEL_CHARS = 30      # longer labels are cut on the canvas (the panel and the tooltip show them whole)
NONE = ""  # the facet value of a missing type, issuer or term
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"  # Vietnamese glyphs on Linux first


# ---- reading the networkx graph (attribute names: kg.query.networkx's module docstring)

def _text(value: Any) -> str:
    """A display string: lists (a document two files describe differently) joined with ' / '."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return " / ".join(sorted({_text(v) for v in value if v not in (None, "")}))
    return " ".join(str(value).split())


def node_record(iri: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What the side panel shows about one document, as plain strings and numbers."""
    cited = attrs.get("times_cited") or 0
    return {
        "label": _text(attrs.get("label") or attrs.get("symbol") or attrs.get("title")) or _iri_name(iri),
        "symbol": _text(attrs.get("symbol")),
        "type": _text(attrs.get("type")),
        "type_word": _text(attrs.get("type_word")),
        "date": _text(attrs.get("date")),
        "issuer": _text(attrs.get("issuer")),
        "term": _text(attrs.get("term")),
        "level": _text(attrs.get("level")) or "unresolved",
        "title": _text(attrs.get("title")),
        "cited": int(cited) if isinstance(cited, int) or str(cited).isdigit() else 0,
        "note": _text(attrs.get("note")),
        "place": _text(attrs.get("place")),
        "status": _text(attrs.get("status")),
    }


def _iri_name(iri: str) -> str:
    """A name for a document that has no label, symbol or title: the last parts of its IRI's path, not the IRI
    (``…/eli/congress/XII`` → ``congress XII``)."""
    parts = [p for p in iri.split("#")[-1].split("/") if p]
    return " ".join(parts[-2:]) if parts else iri


def told_apart(records: Mapping[str, dict[str, Any]]) -> None:
    """Labels that repeat among the drawn documents (``01-KL/HU`` of eighteen districts) take the issuing body, or
    the date, so that the canvas, the search and the panel tell them apart."""
    by_label: dict[str, list[str]] = {}
    for iri, rec in records.items():
        by_label.setdefault(rec["label"], []).append(iri)
    for label, iris in by_label.items():
        if len(iris) < 2:
            continue
        for iri in iris:
            rec = records[iri]
            extra = rec["issuer"] or rec["date"] or rec["term"]
            if extra and extra not in label:
                rec["label"] = f"{label} — {extra}"


def _span(item: Mapping[str, Any], sentence: str, quote: str) -> tuple[int, int]:
    """Where the reference is inside its sentence: the given span, else the quote found there, else nothing."""
    span = item.get("span")
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(i, int) for i in span):
        start, end = span
        if 0 <= start <= end <= len(sentence):
            return start, end
    at = sentence.find(quote) if quote else -1
    return (at, at + len(quote)) if at >= 0 else (0, 0)


def edge_evidence(attrs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The evidence sentences of one citation: sentence, reference span in it, quote, source file."""
    out = []
    for item in attrs.get("evidence") or []:
        quote = str(item.get("quote") or "")
        sentence = str(item.get("sentence") or quote)
        start, end = _span(item, sentence, quote)
        out.append({"sentence": sentence, "start": start, "end": end, "quote": quote or sentence[start:end],
                    "source": _text(item.get("path") or item.get("source")), "footnote": bool(item.get("in_footnote"))})
    return out


# ---- the page's data

def type_colour(code: str) -> str:
    """The colour of a document type: fixed for the known codes, else picked by a hash of the code."""
    if not code:
        return NO_TYPE_COLOUR
    spare = SPARE_COLOURS[int(hashlib.sha1(code.encode()).hexdigest(), 16) % len(SPARE_COLOURS)]
    return TYPE_COLOURS.get(code, spare)


def _type_colours(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The colour of each type present, the most frequent types first (the legend's order)."""
    counts = Counter(r["type"] for r in records if r["type"])
    return {t: type_colour(t) for t in sorted(counts, key=lambda t: (-counts[t], t))}


def _node_size(cited: int, large: bool) -> float:
    """Radius by times cited; capped tighter on the time axis, where neighbours sit one row apart."""
    return round(min(24, 7 + 3.5 * math.sqrt(cited)) if large else min(48, 10 + 6 * math.sqrt(cited)), 1)


def short_label(label: str, limit: int = LABEL_CHARS) -> str:
    """A label short enough to draw (an unresolved reference is labelled by its whole phrase), cut with ``…``."""
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _vis_node(iri: str, rec: Mapping[str, Any], colours: Mapping[str, str], xy: tuple[float, float] | None,
              focus: bool, large: bool) -> dict[str, Any]:
    """How one document is drawn; its record travels apart (the page builds tooltip and search text from it)."""
    colour = colours.get(rec["type"], NO_TYPE_COLOUR)
    node = {"id": iri, "label": short_label(rec["label"]), "shape": LEVEL_SHAPES.get(rec["level"], "triangle"),
            "size": _node_size(rec["cited"], large),
            # selected or hovered, a node keeps its type's colour (vis-network would paint it its default blue)
            "color": {"background": colour, "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}}}
    if focus:
        node["borderWidth"] = 4
    if xy is not None:
        node["x"], node["y"] = xy
    return node


def _vis_edge(n: int, u: str, v: str, attrs: Mapping[str, Any], unresolved: bool, labelled: bool) -> dict[str, Any]:
    """How one citation is drawn: colour by relation, dashed when planned or to an unresolved reference.

    Large graphs get no labels up front (thousands would cover the picture): the page labels the
    edges of the selected document.
    """
    relation = _text(attrs.get("relation")) or "cites"
    planned = bool(attrs.get("planned"))
    edge = {"id": f"e{n}", "from": u, "to": v, "relation": relation, "planned": planned,
            "color": {"color": RELATION_COLOURS.get(relation, RELATION_COLOURS["cites"])},
            "dashes": planned or unresolved}
    if labelled:
        edge["label"] = relation + (" (planned)" if planned else "")
    return edge


def _edge_info(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What the panel shows about a citation besides its evidence."""
    confidence = attrs.get("confidence")
    return {"cue": _text(attrs.get("cue")), "method": _text(attrs.get("method")),
            "confidence": float(confidence) if isinstance(confidence, (int, float)) else None,
            "evidence": edge_evidence(attrs)}


def _facets(records: Iterable[Mapping[str, Any]], relations: Iterable[str]) -> dict[str, list[list]]:
    """Filter values with their counts, most frequent first: type, issuer, term, relation."""
    records = list(records)
    out = {}
    for key in ("type", "issuer", "term"):
        counts = Counter(r[key] or NONE for r in records)
        out[key] = [[value, counts[value]] for value in sorted(counts, key=lambda v: (-counts[v], v))]
    counts = Counter(relations)
    out["relation"] = [[r, counts[r]] for r in sorted(counts, key=lambda r: (-counts[r], r))]
    return out


def relation_families(relations: Iterable[str]) -> dict[str, list[str]]:
    """For each relation drawn, the relation facets that show it: itself and every relation it is a sub-relation of
    (``continues`` → ``continues``, ``implements``), as ``--filter relation=`` and ``kg.lineage`` read them."""
    from kg.query.records import relation_matches

    names = sorted(set(relations))
    return {r: [f for f in names if f == r or (r != COPY and f != COPY and relation_matches(r, frozenset([f])))]
            for r in names}


COPY = "copy_of"


def page_data(graph: nx.MultiDiGraph, focus: Iterable[str] = (), physics: bool | None = None,
              store_documents: int | None = None) -> dict[str, Any]:
    """Everything the page needs: vis nodes and edges, records, evidence, facets, legend and axis;
    ``store_documents``: how many documents the store holds, when the page draws only some."""
    records = {str(n): node_record(str(n), a) for n, a in graph.nodes(data=True)}
    told_apart(records)
    physics = len(records) <= PHYSICS_LIMIT if physics is None else physics
    layout: Layout = time_axis(records, [(str(u), str(v)) for u, v in graph.edges()])  # physics starts from it too
    colours = _type_colours(records.values())
    focus = {str(f) for f in focus}
    nodes = [_vis_node(iri, rec, colours, layout.positions.get(iri), iri in focus, not physics)
             for iri, rec in records.items()]
    edges, info = [], {}
    for n, (u, v, attrs) in enumerate(graph.edges(data=True)):
        edge = _vis_edge(n, str(u), str(v), attrs, records[str(v)]["level"] == "unresolved", physics)
        edges.append(edge)
        info[edge["id"]] = _edge_info(attrs)
    type_words = _type_words(records.values())
    return {
        "nodes": nodes, "edges": edges, "records": records, "citations": info, "physics": physics,
        "families": relation_families(e["relation"] for e in edges), "store_documents": store_documents,
        "axis": None if physics else layout.to_dict(), "focus": sorted(focus),
        "placed_by_citer": [] if physics else sorted(layout.placed_by_citer),
        "facets": _facets(records.values(), (e["relation"] for e in edges)),
        "legend": {"types": [[t, type_words.get(t, ""), c] for t, c in colours.items()],
                   "levels": [[lvl, LEVEL_NAMES[lvl], shape] for lvl, shape in LEVEL_SHAPES.items()],
                   "relations": [[r, c] for r, c in RELATION_COLOURS.items()]},
    }


def _type_words(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The words written for each type code, sorted (``NQ`` → ``Nghị quyết``, ``QĐ`` → ``Quy định / Quyết định``):
    the same on every page, whichever word the documents drawn use most."""
    words: dict[str, set[str]] = {}
    for r in records:
        if r["type"] and r["type_word"]:
            words.setdefault(r["type"], set()).add(r["type_word"])
    return {code: " / ".join(sorted(ws)) for code, ws in words.items()}


def vis_options(physics: bool) -> dict[str, Any]:
    """vis-network options: bounded physics for small views (then still); for large ones fixed positions,
    straight edges and no hover work, so that thousands of nodes pan and zoom smoothly."""
    large = not physics
    return {
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 110, "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
                    "minVelocity": 0.75, "maxVelocity": 40} if physics else {"enabled": False},
        "nodes": {"color": {"border": "#333333"}, "borderWidth": 1,
                  "font": {"size": 13, "face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": {"enabled": not large, "type": "continuous"}, "width": 1.2,
                  "color": {"opacity": 0.45 if large else 1.0}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 10, "align": "middle", "color": "#444444"}},
        "interaction": {"hover": not large, "tooltipDelay": 200, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False, "keyboard": False},
        "layout": {"improvedLayout": not large, "randomSeed": 7},
    }


# ---- the page

def _environment() -> Environment:
    """Jinja over the page template, escaping every value put into HTML."""
    return Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=select_autoescape(default=True))


def _inline(path: Path, closing: str) -> Markup:
    """A script or style file to put inside its element; refuses one that would close the element early."""
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise ValueError(f"{path} contains {closing!r} and cannot be inlined")
    return Markup(text)


def _assets() -> dict[str, Markup]:
    """vis-network as pyvis ships it (its ``in_line`` mode) and the viewer's own style and script."""
    vis = PYVIS_TEMPLATES / "lib" / VIS_VERSION
    return {"vis_css": _inline(vis / "vis-network.css", "</style"),
            "vis_js": _inline(vis / "vis-network.min.js", "</script"),
            "viewer_css": _inline(ASSETS / "viewer.css", "</style"),
            "viewer_js": _inline(ASSETS / "viewer.js", "</script")}


def render_html(graph: nx.MultiDiGraph, *, heading: str = "party-kg — citation graph", subtitle: str = "",
                focus: Iterable[str] = (), physics: bool | None = None, store_documents: int | None = None) -> str:
    """The viewer page of ``graph`` as one HTML string (vis-network, styles and script inline)."""
    data = page_data(graph, focus, physics, store_documents)
    net = Network(directed=True, cdn_resources="in_line", heading=heading)
    net.nodes, net.edges = data.pop("nodes"), data.pop("edges")  # filled directly: add_node is quadratic
    net.options = vis_options(data["physics"])  # a dict: pyvis's Options.set would drop the spaces in font names
    nodes, edges, heading, _, _, options = net.get_network_data()
    data.update(nodes=nodes, edges=edges, options=json.loads(options))
    return _environment().get_template("page.html.j2").render(
        heading=heading, subtitle=subtitle, data=_json_for_script(data), legend=data["legend"], facets=data["facets"],
        counts={"nodes": len(nodes), "edges": len(edges)}, **_assets())


def _json_for_script(data: Any) -> Markup:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and ``'`` as ``\\u`` escapes; UTF-8 kept."""
    return htmlsafe_json_dumps(data, dumps=json.dumps, ensure_ascii=False, separators=(",", ":"))


def write_html(graph: nx.MultiDiGraph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the viewer page of ``graph`` to ``path`` (UTF-8); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page = render_html(graph, **options)
    with atomic_file(path, "w", encoding="utf-8") as f:  # a full disk leaves no half page
        f.write(page)
    return path
