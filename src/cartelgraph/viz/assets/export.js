/* Export of the current view, made in the page and saved as a download (a blob: URL of
   memory the page made; nothing goes over any network): the canvas as PNG, on white, labels
   included; the lines shown, one row per claim and quote, as CSV. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data, nodes = P.nodes, edges = P.edges, G = P.page;
  var FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];  // as cartelgraph's CSV writers (OWASP)
  var COLUMNS = ["from", "from_iri", "to", "to_iri", "relation", "claim", "claim_class", "status", "established",
                 "date", "quote", "source", "source_title", "source_date", "publisher", "cited", "note"];

  function fileName(extension) {
    var base = String(data.title || "cartelgraph network").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "cartelgraph";
    return base + "." + extension;
  }
  function save(blob, name) {
    var url = URL.createObjectURL(blob), anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // The canvas as it is drawn now (vis-network's drawing and labels.js's labels), on white.
  function png(done) {
    var canvas = G.container.querySelector("canvas"), copy = document.createElement("canvas");
    copy.width = canvas.width; copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    copy.toBlob(function (blob) { save(blob, fileName("png")); if (done) done(blob); }, "image/png");
  }

  function cell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) text = "'" + text;
    return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }
  function sourceField(short, field) { return short && data.sources[short] ? data.sources[short][field] : null; }
  // One row per claim of each line shown (the claims the filters keep) and per quote.
  function rows() {
    var out = [], view = G.view();
    data.links.forEach(function (link) {
      view.link[link.id].forEach(function (edgeId) {
        var e = edges[edgeId], claim = P.claimOf(e), note = null;
        claim.details.forEach(function (d) { if (d.property === "note") note = d.value; });
        var base = [nodes[e.from].label, e.from, nodes[e.to].label, e.to, e.label, e.claim, P.local(e.claimClass),
                    e.status ? P.statuses[e.status].label : "", e.established ? "yes" : "no", P.dateText(e)];
        var evidence = claim.evidence.length ? claim.evidence : [{ quote: null, source: null, sourceTitle: null, cited: [] }];
        evidence.forEach(function (ev) {
          out.push(base.concat([ev.quote, ev.source, ev.sourceTitle || sourceField(ev.source, "title"),
                                sourceField(ev.source, "date"), sourceField(ev.source, "publisher"),
                                (ev.cited || []).join("; "), note]));
        });
      });
    });
    return out;
  }
  function csvText() {
    return [COLUMNS].concat(rows()).map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n";
  }
  function csv() {
    save(new Blob(["\ufeff" + csvText()], { type: "text/csv;charset=utf-8" }), fileName("csv"));
  }

  document.getElementById("cg-png").addEventListener("click", function () { png(); });
  document.getElementById("cg-csv").addEventListener("click", csv);
  P.exporter = { png: png, csv: csv, csvText: csvText, columns: COLUMNS };
})();
