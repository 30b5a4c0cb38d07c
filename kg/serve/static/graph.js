// The network around a document: nodes and edges come from /api/neighbours, a click adds a node's neighbours.
// Data reaches the screen only through textContent and vis-network's own canvas drawing.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(), edges = new vis.DataSet(), expanded = {};
  var status = document.getElementById("graph-status");
  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, {
    nodes: {font: {size: 13, face: "DejaVu Sans, Noto Sans, Arial, sans-serif"}, size: 14, borderWidth: 1},
    edges: {arrows: "to", smooth: false, width: 1.5},
    physics: {stabilization: {iterations: 150}, barnesHut: {gravitationalConstant: -6000, springLength: 140}},
    interaction: {hover: true}
  });

  function colour(n) {  // the type's colour kept when selected or hovered, with a dark border
    return {background: n.color, border: "#333", highlight: {background: n.color, border: "#000"},
            hover: {background: n.color, border: "#000"}};
  }

  function expand(iri) {
    if (expanded[iri]) { return; }
    expanded[iri] = true;
    window.kgExplorer.stable = false;
    status.textContent = "loading…";
    fetch("/api/neighbours?iri=" + encodeURIComponent(iri)).then(function (r) { return r.json(); }).then(function (g) {
      g.nodes.forEach(function (n) {
        if (!nodes.get(n.id)) {
          nodes.add({id: n.id, label: n.label, title: n.title, shape: n.shape, color: colour(n), url: n.url,
                     borderWidth: n.id === data.focus ? 3 : 1});
        }
      });
      g.edges.forEach(function (e) {
        if (!edges.get(e.id)) {
          edges.add({id: e.id, from: e.from, to: e.to, title: e.relation, dashes: e.planned,
                     color: {color: e.color, highlight: e.color, hover: e.color}});
        }
      });
      status.textContent = nodes.length + " documents drawn" + (g.left_out ? "; " + g.left_out + " more citations of the last one not drawn (its page lists them)" : "");
    }).catch(function () { status.textContent = "could not load the neighbours"; });
  }

  window.kgExplorer = {network: network, nodes: nodes, edges: edges, stable: false};
  network.on("stabilized", function () { window.kgExplorer.stable = true; });

  network.on("click", function (p) {
    if (!p.nodes.length) { return; }
    var n = nodes.get(p.nodes[0]);
    var box = document.getElementById("selected");
    box.textContent = "";
    var a = document.createElement("a");
    a.href = n.url; a.textContent = n.title;
    box.appendChild(a);
    expand(n.id);
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { window.location = nodes.get(p.nodes[0]).url; } });
  expand(data.focus);
}());
