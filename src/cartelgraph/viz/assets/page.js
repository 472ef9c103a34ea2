/* The network page's own script. Every string from the data is written with textContent or
   createTextNode; nothing from the data is ever parsed as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var big = data.nodes.length > 500;

  // ---- helpers -------------------------------------------------------------------------------
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function byId(list) { var map = {}; list.forEach(function (x) { map[x.id] = x; }); return map; }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function year(date) { return date ? parseInt(String(date).slice(0, 4), 10) : null; }
  function span(edge) {  // [first year, last year] of a claim, null when undated
    var first = year(edge.date || edge.start), last = year(edge.end || edge.date);
    if (first === null && last === null) return null;
    return [first === null ? last : first, last === null ? 9999 : last];
  }
  function dateText(edge) {
    var text = edge.date || (edge.start || edge.end ? (edge.start || "…") + " – " + (edge.end || "…") : "no date given");
    return edge.dateInferred ? text + " (inferred)" : text;
  }

  var classes = byId(data.classes), statuses = byId(data.statuses), relations = byId(data.relations);
  var nodes = byId(data.nodes), edges = byId(data.edges);
  var edgesOf = {};
  data.nodes.forEach(function (n) { edgesOf[n.id] = []; });
  data.edges.forEach(function (e) { edgesOf[e.from].push(e); edgesOf[e.to].push(e); });

  // ---- header --------------------------------------------------------------------------------
  document.getElementById("cg-title").textContent = data.title;
  var notices = document.getElementById("cg-notices");
  data.notices.forEach(function (text) { notices.appendChild(el("li", text)); });
  var summary = document.getElementById("cg-summary");

  // ---- tooltips (DOM elements, never HTML strings) -------------------------------------------
  function nodeTip(n) {
    var box = el("div", null, "cg-tip");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", classes[n.cls].label + " · " + edgesOf[n.id].length + " claim edges", "cg-muted"));
    if (n.aliases.length) box.appendChild(el("div", "also: " + n.aliases.join("; ")));
    return box;
  }
  function edgeTip(e) {
    var box = el("div", null, "cg-tip");
    box.appendChild(el("strong", nodes[e.from].label + " — " + e.label + " — " + nodes[e.to].label));
    box.appendChild(el("div", statuses[e.status].label + " · " + dateText(e)));
    if (e.evidence.length) {
      box.appendChild(el("div", "“" + e.evidence[0].quote + "”", "cg-quote"));
      box.appendChild(el("div", "— " + (e.evidence[0].sourceTitle || e.evidence[0].source || "source not named"), "cg-muted"));
      if (e.evidence.length > 1) box.appendChild(el("div", "+ " + (e.evidence.length - 1) + " more (click)", "cg-muted"));
    } else {
      box.appendChild(el("div", "no quote recorded", "cg-muted"));
    }
    return box;
  }

  // ---- vis-network data ----------------------------------------------------------------------
  var DASHES = { solid: false, dashed: [9, 6], dotted: [2, 5] };
  function visNode(n) {
    var colour = classes[n.cls].colour;
    var item = {
      id: n.id, label: n.label, value: n.size, title: nodeTip(n),
      color: { background: colour, border: "#ffffff", highlight: { background: colour, border: "#111111" },
               hover: { background: colour, border: "#111111" } },
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    if (n.id === data.focus) { item.borderWidth = 4; item.color.border = "#111111"; }
    return item;
  }
  function visEdge(e) {
    var style = statuses[e.status];
    var item = {
      id: e.id, from: e.from, to: e.to, label: e.label, title: edgeTip(e),
      dashes: DASHES[style.line], width: style.width,
      color: { color: style.colour, highlight: "#1565c0", hover: "#1565c0", opacity: style.line === "dotted" ? 0.8 : 1 },
      arrows: e.symmetric ? { to: { enabled: false } } : { to: { enabled: true, scaleFactor: 0.55 } },
    };
    if (e.curve > 0) {
      item.smooth = { enabled: true, type: e.curve % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(e.curve / 2) };
    }
    return item;
  }
  var visNodes = new vis.DataSet(data.nodes.map(visNode));
  var visEdges = new vis.DataSet(data.edges.map(visEdge));

  var physics = data.positioned
    ? { solver: "barnesHut", barnesHut: { gravitationalConstant: -2500, springLength: 110, springConstant: 0.02,
                                          damping: 0.5, avoidOverlap: 0.05 },
        stabilization: { enabled: true, iterations: 120, updateInterval: 10, fit: true } }
    : { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -110, springLength: 170,
                                                         springConstant: 0.06, avoidOverlap: 0.5 },
        stabilization: { enabled: true, iterations: 400, updateInterval: 20, fit: true } };
  var options = {
    autoResize: true,
    layout: { improvedLayout: !data.positioned && data.nodes.length <= 150, randomSeed: 7 },
    physics: physics,
    nodes: {
      shape: "dot", borderWidth: 2,
      scaling: { min: 9, max: 38, label: { enabled: false, drawThreshold: 7 } },
      font: { size: 15, face: "system-ui, sans-serif", color: "#1a1a1a", strokeWidth: 4, strokeColor: "#ffffff" },
    },
    edges: {
      font: { size: 12, face: "system-ui, sans-serif", color: "#444444", strokeWidth: 4, strokeColor: "#ffffff", align: "middle" },
      smooth: big ? false : { enabled: true, type: "continuous", roundness: 0.2 },
      selectionWidth: 2, hoverWidth: 1,
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: data.nodes.length > 1500,
                   navigationButtons: false, keyboard: false, multiselect: false },
  };

  var container = document.getElementById("cg-network");
  var progress = document.getElementById("cg-progress");
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, options);
  window.cartelgraphNetwork = network;  // for tests and the curious, from the browser console

  function settled() {
    network.setOptions({ physics: { enabled: false } });
    progress.textContent = "Drag to pan, scroll to zoom, click a dot or a line for its evidence.";
    document.body.dataset.stabilized = "true";
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the network… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  if (!data.nodes.length) {
    progress.textContent = "No entity matches these filters.";
    document.body.dataset.stabilized = "true";
  }

  // ---- filters: classes, statuses, relations, time -------------------------------------------
  var off = { cls: {}, status: {}, relation: {} };
  var yearsFrom = document.getElementById("cg-from"), yearsTo = document.getElementById("cg-to");
  var undated = document.getElementById("cg-undated"), hideUnlinked = document.getElementById("cg-hide-unlinked");
  var years = [];
  data.edges.forEach(function (e) {
    var s = span(e);
    if (s) { years.push(s[0]); if (s[1] !== 9999) years.push(s[1]); }
  });
  var minYear = Math.min.apply(null, years), maxYear = Math.max.apply(null, years);
  var timeFilter = years.length > 0 && minYear !== maxYear;
  if (!timeFilter) {
    document.getElementById("cg-time").hidden = true;
  } else {
    [yearsFrom, yearsTo].forEach(function (input) { input.min = minYear; input.max = maxYear; input.step = 1; });
    yearsFrom.value = minYear; yearsTo.value = maxYear;
  }
  function timeKeeps(e) {
    if (!timeFilter) return true;
    var s = span(e);
    if (!s) return undated.checked;
    return s[0] <= Number(yearsTo.value || 9999) && s[1] >= Number(yearsFrom.value || 0);
  }

  var visible = { nodes: {}, edges: {} };
  function apply() {
    var nodeUpdates = [], edgeUpdates = [], linked = {}, shownNodes = 0, shownEdges = 0;
    document.getElementById("cg-from-out").textContent = yearsFrom.value;
    document.getElementById("cg-to-out").textContent = yearsTo.value;
    data.edges.forEach(function (e) {
      var show = !off.status[e.status] && !off.relation[e.relation] && !off.cls[nodes[e.from].cls]
        && !off.cls[nodes[e.to].cls] && timeKeeps(e);
      if (show) { linked[e.from] = linked[e.to] = true; shownEdges++; }
      if (visible.edges[e.id] !== show) { visible.edges[e.id] = show; edgeUpdates.push({ id: e.id, hidden: !show }); }
    });
    data.nodes.forEach(function (n) {
      var show = !off.cls[n.cls] && (!hideUnlinked.checked || !!linked[n.id]);
      if (show) shownNodes++;
      if (visible.nodes[n.id] !== show) { visible.nodes[n.id] = show; nodeUpdates.push({ id: n.id, hidden: !show }); }
    });
    if (nodeUpdates.length) visNodes.update(nodeUpdates);
    if (edgeUpdates.length) visEdges.update(edgeUpdates);
    var total = data.nodes.length === shownNodes && data.edges.length === shownEdges;
    summary.textContent = (total ? "" : "Showing ") + shownNodes.toLocaleString("en") + (total ? "" : " of " + data.nodes.length.toLocaleString("en"))
      + " entities and " + shownEdges.toLocaleString("en") + (total ? "" : " of " + data.edges.length.toLocaleString("en"))
      + " claim edges · dot size: " + data.measure + " · every line carries its source and quote (click it)";
  }
  data.nodes.forEach(function (n) { visible.nodes[n.id] = true; });
  data.edges.forEach(function (e) { visible.edges[e.id] = true; });

  function legend(listId, entries, kind, swatch) {
    var list = document.getElementById(listId);
    entries.forEach(function (entry) {
      var item = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox"; box.checked = true;
      box.addEventListener("change", function () { off[kind][entry.id] = !box.checked; apply(); });
      label.appendChild(box);
      if (swatch) label.appendChild(swatch(entry));
      label.appendChild(el("span", entry.label));
      label.appendChild(el("span", entry.count, "cg-count"));
      item.appendChild(label);
      list.appendChild(item);
    });
  }
  function dot(entry) { var s = el("span", null, "cg-dot"); s.style.backgroundColor = entry.colour; return s; }
  function line(entry) {
    var s = el("span", null, "cg-line");
    s.style.borderTopStyle = entry.line; s.style.borderTopColor = entry.colour;
    s.style.borderTopWidth = Math.max(2, entry.width + 1) + "px";
    return s;
  }
  legend("cg-classes", data.classes, "cls", dot);
  legend("cg-statuses", data.statuses, "status", line);
  legend("cg-relations", data.relations, "relation", null);
  [yearsFrom, yearsTo].forEach(function (input) {
    input.addEventListener("input", function () {
      if (Number(yearsFrom.value) > Number(yearsTo.value)) {
        if (input === yearsFrom) yearsTo.value = yearsFrom.value; else yearsFrom.value = yearsTo.value;
      }
      apply();
    });
  });
  undated.addEventListener("change", apply);
  hideUnlinked.addEventListener("change", apply);
  document.getElementById("cg-fit").addEventListener("click", function () { network.fit({ animation: true }); });
  apply();

  // ---- details panel -------------------------------------------------------------------------
  var panel = document.getElementById("cg-panel"), body = document.getElementById("cg-panel-body");
  document.getElementById("cg-close").addEventListener("click", function () { panel.hidden = true; network.unselectAll(); });

  function fields(pairs) {
    var list = el("dl", null, "cg-fields");
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === "") return;
      list.appendChild(el("dt", pair[0]));
      var value = el("dd");
      if (pair[1] instanceof Node) value.appendChild(pair[1]); else value.textContent = String(pair[1]);
      list.appendChild(value);
    });
    return list;
  }
  function nodeButton(id) {
    var button = el("button", nodes[id].label, "cg-linkish");
    button.type = "button";
    button.addEventListener("click", function () { focusNode(id); });
    return button;
  }
  function statusBadge(e) {
    var badge = el("span", statuses[e.status].label, "cg-status");
    badge.style.backgroundColor = statuses[e.status].colour;
    return badge;
  }

  function showNode(id) {
    var n = nodes[id];
    clear(body);
    body.appendChild(el("h2", n.label));
    body.appendChild(fields([["class", classes[n.cls].label], ["IRI", n.iri], [data.measure, Number(n.size.toPrecision(4))]]));
    body.appendChild(el("h3", "Also known as"));
    if (n.aliases.length) {
      var names = el("ul");
      n.aliases.forEach(function (alias) { names.appendChild(el("li", alias)); });
      body.appendChild(names);
    } else {
      body.appendChild(el("p", "no other name recorded", "cg-muted"));
    }
    var claims = edgesOf[id].slice().sort(function (a, b) {
      return String(a.date || a.start || "9999").localeCompare(String(b.date || b.start || "9999"));
    });
    body.appendChild(el("h3", "Claims in this page (" + claims.length + ")"));
    var list = el("ul");
    claims.forEach(function (e) {
      var item = el("li"), other = e.from === id ? e.to : e.from;
      var open = el("button", (e.from === id ? e.label + " → " : "← " + e.label + " · ") + nodes[other].label, "cg-linkish");
      open.type = "button";
      open.addEventListener("click", function () { selectEdge(e.id); });
      item.appendChild(open);
      item.appendChild(statusBadge(e));
      item.appendChild(el("span", " " + dateText(e), "cg-muted"));
      list.appendChild(item);
    });
    body.appendChild(list);
    panel.hidden = false;
  }

  function showEdge(id) {
    var e = edges[id];
    clear(body);
    body.appendChild(el("h2", e.label));
    var ends = el("p");
    ends.appendChild(nodeButton(e.from));
    ends.appendChild(document.createTextNode(e.symmetric ? " ↔ " : " → "));
    ends.appendChild(nodeButton(e.to));
    body.appendChild(ends);
    var status = el("span");
    status.appendChild(statusBadge(e));
    body.appendChild(fields([["status", status], ["date", dateText(e)], ["asserted by", e.assertedBy.join("; ")],
                             ["relation", relations[e.relation].label], ["claim", e.claim]]));
    body.appendChild(el("h3", "Evidence (" + e.evidence.length + ")"));
    if (!e.evidence.length) body.appendChild(el("p", "No quote recorded for this claim.", "cg-muted"));
    e.evidence.forEach(function (ev) {
      body.appendChild(el("blockquote", ev.quote, "cg-quote"));
      var cite = el("p", "— " + (ev.sourceTitle || "source not named"), "cg-cite");
      if (ev.source) cite.appendChild(el("span", " (" + ev.source + ")", "cg-muted"));
      body.appendChild(cite);
    });
    panel.hidden = false;
  }

  function focusNode(id) {
    if (!visible.nodes[id]) {  // hidden by a filter: show it again rather than focus nothing
      off.cls[nodes[id].cls] = false;
      document.querySelectorAll("#cg-classes input").forEach(function (box, i) {
        if (data.classes[i].id === nodes[id].cls) box.checked = true;
      });
      hideUnlinked.checked = false;
      apply();
    }
    network.selectNodes([id]);
    // Offset to the left so that the details panel, which lies over the right of the canvas, does not hide it.
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), offset: { x: -185, y: 0 }, animation: { duration: 450 } });
    showNode(id);
  }
  function selectEdge(id) {
    network.selectEdges([id]);
    showEdge(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- search --------------------------------------------------------------------------------
  var search = document.getElementById("cg-search"), results = document.getElementById("cg-results");
  var names = data.nodes.map(function (n) {
    return { id: n.id, names: [n.label].concat(n.aliases).map(fold) };
  });
  function score(query, name) {
    if (name === query) return 4;
    if (name.indexOf(query) === 0) return 3;
    if ((" " + name).indexOf(" " + query) >= 0) return 2;
    return name.indexOf(query) >= 0 ? 1 : 0;
  }
  function find(text) {
    var query = fold(text);
    if (!query) return [];
    return names.map(function (entry) {
      return { id: entry.id, score: Math.max.apply(null, entry.names.map(function (name) { return score(query, name); })) };
    }).filter(function (m) { return m.score > 0; }).sort(function (a, b) {
      return b.score - a.score || nodes[a.id].label.length - nodes[b.id].label.length;
    }).slice(0, 12);
  }
  function showResults() {
    clear(results);
    var found = find(search.value);
    if (search.value.trim() && !found.length) results.appendChild(el("li", "no entity of that name in this page", "cg-muted"));
    found.forEach(function (match) {
      var item = el("li"), button = el("button");
      button.type = "button";
      button.appendChild(document.createTextNode(nodes[match.id].label + " "));
      button.appendChild(el("span", classes[nodes[match.id].cls].label, "cg-muted"));
      button.addEventListener("click", function () { focusNode(match.id); });
      item.appendChild(button);
      results.appendChild(item);
    });
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = find(search.value);
      if (found.length) focusNode(found[0].id);
    }
  });
})();
