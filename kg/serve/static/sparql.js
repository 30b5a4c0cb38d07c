// The query page: run the text in the box against /query (SPARQL JSON), or a canned query with its parameters
// against /api/canned/NAME; results become a table through textContent only.
(function () {
  "use strict";
  var canned = JSON.parse(document.getElementById("canned-data").textContent);
  var box = document.getElementById("query"), out = document.getElementById("results");
  var status = document.getElementById("query-status"), doc = document.getElementById("canned-doc");
  var current = null;

  function table(json) {
    out.textContent = "";
    if (json.boolean !== undefined) { out.textContent = String(json.boolean); return; }
    var vars = json.head.vars, t = document.createElement("table"), head = t.insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    json.results.bindings.forEach(function (b) {
      var row = t.insertRow();
      vars.forEach(function (v) {
        var cell = row.insertCell(), value = b[v];
        if (!value) { return; }
        if (value.type === "uri" && value.value.indexOf("/eli/") > 0) {
          var a = document.createElement("a");
          a.href = "/doc/" + value.value.slice(value.value.indexOf("/eli/") + 1);
          a.textContent = value.value; cell.appendChild(a);
        } else { cell.textContent = value.value; }
      });
    });
    out.appendChild(t);
    status.textContent = json.results.bindings.length + " rows";
  }

  function run() {
    status.textContent = "running…";
    var request;
    if (current && box.value === current.text) {
      var params = new URLSearchParams();
      document.querySelectorAll(".param").forEach(function (i) { if (i.value) { params.append(i.name, i.value); } });
      request = fetch("/api/canned/" + encodeURIComponent(current.name) + "?" + params.toString());
    } else {
      request = fetch("/query", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded",
                                  "Accept": "application/sparql-results+json"},
                                  body: new URLSearchParams({query: box.value})});
    }
    request.then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
      return r.json();
    }).then(table).catch(function (e) { out.textContent = ""; status.textContent = ""; var p = document.createElement("p");
      p.className = "error"; p.textContent = e.message; out.appendChild(p); });
  }

  document.querySelectorAll(".canned").forEach(function (b) {
    b.addEventListener("click", function () {
      current = canned.filter(function (q) { return q.name === b.dataset.name; })[0];
      box.value = current.text;
      doc.textContent = current.doc + " ";
      current.params.forEach(function (p) {
        var label = document.createElement("label"), input = document.createElement("input");
        input.className = "param"; input.name = p.name; input.placeholder = p.description;
        label.textContent = " ?" + p.name + (p.optional ? " (optional) " : " ");
        label.appendChild(input); doc.appendChild(label);
      });
    });
  });
  document.getElementById("run").addEventListener("click", run);
}());
