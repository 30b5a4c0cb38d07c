/* party-kg viewer: search, filters, record panel and time axis over a vis-network graph.
   The data comes as JSON; every string reaches the page through textContent, never innerHTML. */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const RECORDS = DATA.records;   // node id → the document's record
  const MAX_CITATIONS = 200;      // per list in the panel
  const CONTEXT = 220;            // characters kept each side of a highlighted reference

  function foldText(text) {   // lower case without diacritics: "Cán bộ" → "can bo", "Đảng" → "dang"
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function tooltip(rec) {     // plain text: vis-network shows a string title with innerText
    const head = [rec.label, rec.type_word || rec.type, rec.date].filter(Boolean).join(" · ");
    return [head, rec.title.slice(0, 160), "cited " + rec.cited + "×"].filter(Boolean).join("\n");
  }

  DATA.nodes.forEach((n) => { n.title = tooltip(RECORDS[n.id]); });
  const searchText = {};
  Object.keys(RECORDS).forEach((id) => {
    const r = RECORDS[id];
    searchText[id] = foldText([r.label, r.symbol, r.title].join(" "));
  });

  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges);
  const network = new vis.Network(document.getElementById("kg-network"), { nodes, edges }, DATA.options);
  const panel = document.getElementById("kg-panel");
  const status = document.getElementById("kg-status");
  const searchBox = document.getElementById("kg-search");
  const results = document.getElementById("kg-results");
  const viewer = (window.kgViewer = { network, nodes, edges, ready: false, shown: null });

  const outgoing = {}, incoming = {};
  DATA.edges.forEach((e) => {
    (outgoing[e.from] = outgoing[e.from] || []).push(e);
    (incoming[e.to] = incoming[e.to] || []).push(e);
  });
  const COPY = "copy_of";
  const citationsOf = (list) => list.filter((e) => e.relation !== COPY);   // a copy is not a citation
  const copiesOf = (list) => list.filter((e) => e.relation === COPY);
  const distinct = (list, end) => new Set(list.map((e) => e[end])).size;

  // ---- small DOM helpers (text only)

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    children.forEach((c) => { if (c !== null && c !== undefined) node.append(c); });
    return node;
  }


  // ---- readiness

  function markReady() {
    if (viewer.ready) return;
    viewer.ready = true;
    document.body.dataset.ready = "true";
    updateStatus();
    if (DATA.focus.length) selectNode(DATA.focus[0], false);
  }

  if (!DATA.nodes.length) {
    panel.replaceChildren(el("p", "kg-hint", "No documents to show: the store is empty, or the focus and filters leave nothing."));
    markReady();
  } else if (DATA.physics) {
    network.on("stabilizationProgress", (p) => {
      status.textContent = "Laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      markReady();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  // ---- the side panel

  const STATUS = { replaced: "not in force: replaced (see Cited by)", repealed: "not in force: repealed (see Cited by)",
                   amended: "in force, amended (see Cited by)" };

  function timesCited(id) {   // the store's count, and the page's when it draws fewer
    const rec = RECORDS[id], drawn = distinct(citationsOf(incoming[id] || []), "from");
    const store = rec.cited + " document" + (rec.cited === 1 ? "" : "s") + " in the store";
    return drawn === rec.cited ? store : store + " · " + drawn + " drawn here";
  }

  function recordList(id) {
    const rec = RECORDS[id];
    const list = el("dl", "kg-record");
    const rows = [
      ["Symbol", rec.symbol], ["Type", [rec.type, rec.type_word].filter(Boolean).join(" — ")],
      ["Date", rec.date], ["Issuer", rec.issuer], ["Place", rec.place], ["Term", rec.term], ["Title", rec.title],
      ["Level", rec.level], ["Status in force", rec.level === "unresolved" ? "" : STATUS[rec.status] || "no change known"],
      ["Times cited", timesCited(id)], ["Note", rec.note], ["IRI", id],
    ];
    rows.forEach(([name, value]) => { if (value) list.append(el("dt", null, name), el("dd", null, value)); });
    return list;
  }

  function dateNote(id) {
    const rec = RECORDS[id];
    if (rec.date) return null;
    if (DATA.placed_by_citer.includes(id)) return el("p", "kg-note", "No date known: placed just before what cites it.");
    return el("p", "kg-note", "No date known.");
  }

  function evidenceBlock(ev) {
    let start = Math.max(0, ev.start - CONTEXT), end = Math.min(ev.sentence.length, ev.end + CONTEXT);
    const quote = el("blockquote", "kg-evidence",
      (start > 0 ? "…" : "") + ev.sentence.slice(start, ev.start),
      el("mark", null, ev.sentence.slice(ev.start, ev.end)),
      ev.sentence.slice(ev.end, end) + (end < ev.sentence.length ? "…" : ""));
    const source = el("div", "kg-source", "source: " + (ev.source || "?") + (ev.footnote ? " (footnote)" : ""));
    return [quote, source];
  }

  function citationEntry(edge, otherId, arrow) {
    const info = DATA.citations[edge.id];
    const other = RECORDS[otherId];
    const link = el("button", "kg-link", other.label);
    link.type = "button";
    link.addEventListener("click", () => selectNode(otherId, true));
    const head = el("div", "kg-cite-head", el("span", "kg-rel", edge.relation), " ",
      edge.planned ? el("span", "kg-planned", "(planned) ") : null, arrow + " ", link);
    const meta = [info.cue && "cue “" + info.cue + "”", info.method && "method " + info.method,
      info.confidence !== null && "confidence " + info.confidence].filter(Boolean).join(" · ");
    const entry = el("div", "kg-cite", head, meta ? el("div", "kg-meta", meta) : null);
    entry.style.borderLeftColor = edge.color.color;
    info.evidence.forEach((ev) => entry.append(...evidenceBlock(ev)));
    return entry;
  }

  function citationSection(title, list, otherEnd, arrow) {   // counted in documents, as "Times cited" counts
    const section = el("section", "kg-citations", el("h3", null, title + " (" + distinct(list, otherEnd) + ")"));
    list.slice(0, MAX_CITATIONS).forEach((e) => section.append(citationEntry(e, e[otherEnd], arrow)));
    if (list.length > MAX_CITATIONS) section.append(el("p", "kg-more", "… and " + (list.length - MAX_CITATIONS) + " more"));
    return section;
  }

  function showNode(id) {
    const rec = RECORDS[id];
    if (!rec) return;
    viewer.shown = id;
    labelEdgesOf(id);
    const copies = copiesOf(incoming[id] || []), original = copiesOf(outgoing[id] || []);
    panel.replaceChildren(el("h2", null, rec.label), recordList(id), dateNote(id) || "",
      original.length ? citationSection("Copy of", original, "to", "→") : "",
      citationSection("Cites", citationsOf(outgoing[id] || []), "to", "→"),
      citationSection("Cited by", citationsOf(incoming[id] || []), "from", "←"),
      copies.length ? citationSection("Copies", copies, "from", "←") : "");
  }

  function showEdge(id) {
    const edge = edges.get(id);
    if (!edge) return;
    viewer.shown = id;
    const from = RECORDS[edge.from], to = RECORDS[edge.to];
    panel.replaceChildren(el("h2", null, from.label + " → " + to.label), citationEntry(edge, edge.to, from.label + " →"));
  }

  function clearPanel() {
    viewer.shown = null;
    labelEdgesOf(null);
    panel.replaceChildren(el("p", "kg-hint", "Click a document to see its record and the sentences that cite it, or that it cites."));
  }

  // large graphs carry no edge labels: label those of the selected document only
  let labelled = [];
  function labelEdgesOf(id) {
    if (DATA.physics) return;
    const label = (e) => e.relation + (e.planned ? " (planned)" : "");
    const mine = (outgoing[id] || []).concat(incoming[id] || []);
    edges.update(labelled.map((e) => ({ id: e.id, label: undefined })).concat(mine.map((e) => ({ id: e.id, label: label(e) }))));
    labelled = mine;
  }

  function selectNode(id, move) {
    if (!nodes.get(id)) return;
    network.selectNodes([id]);
    if (move) network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    showNode(id);
  }
  viewer.selectNode = selectNode;

  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else clearPanel();
  });

  // ---- search (symbol or title words, with or without diacritics)

  function search(query) {
    const q = foldText(query.trim());
    if (!q) return [];
    const words = q.split(/\s+/);
    const hits = nodes.get({ filter: (n) => !n.hidden && words.every((w) => searchText[n.id].includes(w)) });
    const rank = (n) => (foldText(n.label).startsWith(q) ? 0 : 1);
    return hits.sort((a, b) => rank(a) - rank(b) || RECORDS[b.id].cited - RECORDS[a.id].cited);
  }
  viewer.search = search;

  function showResults() {
    const hits = search(searchBox.value);
    results.replaceChildren();
    results.dataset.query = searchBox.value;     // which query the list answers
    results.hidden = !searchBox.value.trim();
    if (!hits.length) results.append(el("li", "kg-empty", noMatch()));
    hits.slice(0, 30).forEach((n) => {
      const rec = RECORDS[n.id];
      const button = el("button", null, rec.label, el("span", "kg-result-title", [rec.date, rec.title].filter(Boolean).join(" · ")));
      button.type = "button";
      button.dataset.id = n.id;
      button.addEventListener("click", () => { results.hidden = true; selectNode(n.id, true); });
      results.append(el("li", null, button));
    });
    if (hits.length > 30) results.append(el("li", "kg-empty", (hits.length - 30) + " more: type more words"));
  }

  function noMatch() {   // the page draws some documents of a store: say where the others are
    const drawn = nodes.length, hidden = nodes.get({ filter: (n) => n.hidden }).length;
    let text = "No match among the " + (drawn - hidden) + " documents shown";
    if (hidden) text += " (" + hidden + " hidden by the filters)";
    if (DATA.store_documents && DATA.store_documents > drawn) {
      text += ". The store holds " + DATA.store_documents + " documents: draw the one you want with " +
        "kg view --focus SYMBOL, or search them all with kg serve";
    }
    return text + ".";
  }
  viewer.noMatch = noMatch;

  let pending = null;
  searchBox.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(showResults, 120); });
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(pending);
      const first = search(searchBox.value)[0];
      results.hidden = true;
      if (first) selectNode(first.id, true);
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });

  // ---- filters (type, issuing body, term, relation): hide and show client-side

  function checked(facet) {
    const boxes = document.querySelectorAll('input[data-facet="' + facet + '"]');
    return new Set(Array.from(boxes).filter((b) => b.checked).map((b) => b.value));
  }

  function applyFilters() {
    const type = checked("type"), issuer = checked("issuer"), term = checked("term"), relation = checked("relation");
    const nodeChanges = [], edgeChanges = [];
    nodes.forEach((n) => {
      const r = RECORDS[n.id];
      const hidden = !(type.has(r.type) && issuer.has(r.issuer) && term.has(r.term));
      if (Boolean(n.hidden) !== hidden) nodeChanges.push({ id: n.id, hidden });
    });
    // a relation facet shows its sub-relations too (implements: continues, guides, concretizes), as --filter does
    const shownEdges = new Set();
    edges.forEach((e) => {
      const hidden = !(DATA.families[e.relation] || [e.relation]).some((r) => relation.has(r));
      if (!hidden) shownEdges.add(e.id);
      if (Boolean(e.hidden) !== hidden) edgeChanges.push({ id: e.id, hidden });
    });
    // with some relations left out, a document left without a shown citation goes too (the focus stays)
    const partial = relation.size < document.querySelectorAll('input[data-facet="relation"]').length;
    if (partial) {
      const linked = new Set();
      edges.forEach((e) => { if (shownEdges.has(e.id)) { linked.add(e.from); linked.add(e.to); } });
      nodeChanges.length = 0;
      nodes.forEach((n) => {
        const r = RECORDS[n.id];
        const kept = type.has(r.type) && issuer.has(r.issuer) && term.has(r.term) && (linked.has(n.id) || DATA.focus.includes(n.id));
        if (Boolean(n.hidden) !== !kept) nodeChanges.push({ id: n.id, hidden: !kept });
      });
    }
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    updateStatus();
  }
  viewer.applyFilters = applyFilters;

  function updateStatus() {
    const shown = new Set(nodes.getIds({ filter: (n) => !n.hidden }));
    const links = edges.get({ filter: (e) => !e.hidden && shown.has(e.from) && shown.has(e.to) }).length;
    const all = nodes.length === shown.size && edges.length === links;
    status.textContent = all ? nodes.length + " documents · " + edges.length + " citations"
      : shown.size === 0 ? "No document matches these filters: tick more boxes, or All"
      : shown.size + " of " + nodes.length + " documents · " + links + " of " + edges.length + " citations";
  }

  document.querySelectorAll("input[data-facet]").forEach((b) => b.addEventListener("change", applyFilters));
  document.querySelectorAll("button[data-all], button[data-none]").forEach((button) => {
    button.addEventListener("click", () => {
      const facet = button.dataset.all || button.dataset.none;
      document.querySelectorAll('input[data-facet="' + facet + '"]').forEach((b) => { b.checked = Boolean(button.dataset.all); });
      applyFilters();
    });
  });

  // ---- the time axis of large graphs: level bands and year lines under the graph, their labels on top

  function drawBands(ctx) {
    const axis = DATA.axis, unit = 1 / network.getScale();
    const top = axis.bands[0].top, bottom = axis.bands[axis.bands.length - 1].bottom;
    ctx.save();
    axis.bands.forEach((band, i) => {
      ctx.fillStyle = i % 2 ? "#f4f4f4" : "#eaf1f8";
      ctx.fillRect(axis.left, band.top, axis.right - axis.left, band.bottom - band.top);
    });
    ctx.strokeStyle = "#c8c8c8";
    ctx.lineWidth = unit;
    axis.ticks.concat(axis.separator === null ? [] : [{ x: axis.separator }]).forEach((tick) => {
      ctx.beginPath();
      ctx.moveTo(tick.x, top);
      ctx.lineTo(tick.x, bottom);
      ctx.stroke();
    });
    ctx.restore();
  }

  function label(ctx, text, x, y, align) {
    ctx.textAlign = align;
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  }

  function drawAxisLabels(ctx) {   // in screen pixels, kept inside the view while panning
    const axis = DATA.axis, canvas = ctx.canvas, ratio = window.devicePixelRatio || 1;
    const width = canvas.width / ratio, height = canvas.height / ratio;
    const screen = (x, y) => network.canvasToDOM({ x, y });
    const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = "bold 12px DejaVu Sans, Noto Sans, sans-serif";
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    const left = clamp(screen(axis.left, 0).x + 4, 4, width - 90);
    axis.bands.forEach((band) => {
      const t = screen(0, band.top).y, b = screen(0, band.bottom).y;
      if (b < 0 || t > height) return;
      ctx.fillStyle = "#7a1010";
      label(ctx, band.level, left, clamp(t + 14, 14, b - 4), "left");
    });
    const top = screen(0, axis.bands[0].top).y;
    const y = clamp(top - 6, 14, height - 4);
    ctx.font = "11px DejaVu Sans, Noto Sans, sans-serif";
    let free = -Infinity;          // first x where the next label does not overlap the last one
    if (axis.undated !== null) {
      const x = screen((axis.undated[0] + axis.undated[1]) / 2, 0).x;
      ctx.fillStyle = "#8a5a00";
      label(ctx, "no date", x, y, "center");
      free = x + ctx.measureText("no date").width / 2 + 6;
    }
    ctx.fillStyle = "#444";
    axis.ticks.forEach((tick) => {
      const x = screen(tick.x, 0).x, half = ctx.measureText(tick.label).width / 2;
      if (x - half < free || x < -half || x > width + half) return;
      label(ctx, tick.label, x, y, "center");
      free = x + half + 6;
    });
    ctx.restore();
  }

  if (DATA.axis) {
    network.on("beforeDrawing", drawBands);
    network.on("afterDrawing", drawAxisLabels);
  }
})();
