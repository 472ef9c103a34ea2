/* The network: vis-network data built from the page's data, the filters and their legends,
   search, and what a click opens. A line is a link between two entities: every claim between
   them, drawn as the strongest claim the filters leave. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data, el = P.el, nodes = P.nodes, edges = P.edges;
  var big = data.nodes.length > 500;

  // ---- header --------------------------------------------------------------------------------
  document.getElementById("cg-title").textContent = data.title;
  var notices = document.getElementById("cg-notices");
  data.notices.forEach(function (text) { notices.appendChild(el("li", text)); });
  var summary = document.getElementById("cg-summary");

  // ---- tooltips (DOM elements, never HTML strings) -------------------------------------------
  function nodeTip(n) {
    var box = el("div", null, "cg-tip");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", P.classes[n.cls].label + " · " + P.plural(P.linksOf[n.id].length, "link") + ", "
                       + P.plural(P.edgesOf[n.id].length, "claim"), "cg-muted"));
    if (n.aliases.length) box.appendChild(el("div", "also: " + n.aliases.join("; ")));
    return box;
  }
  function linkTip(link) {
    var box = el("div", null, "cg-tip"), first = edges[link.edges[0]], claim = P.claimOf(first);
    box.appendChild(el("strong", nodes[link.from].label + " — " + nodes[link.to].label));
    box.appendChild(el("div", P.plural(link.edges.length, "claim") + "; strongest: " + first.label + " · "
                       + P.statuses[first.status].label + " · " + P.dateText(first)));
    if (claim.evidence.length) {
      box.appendChild(el("div", "“" + claim.evidence[0].quote + "”", "cg-quote"));
      box.appendChild(el("div", "— " + (claim.evidence[0].sourceTitle || claim.evidence[0].source || "source not named"),
                         "cg-muted"));
    }
    box.appendChild(el("div", "click for every claim and its evidence", "cg-muted"));
    return box;
  }

  // ---- filters -------------------------------------------------------------------------------
  var off = { cls: {}, status: {}, relation: {} };
  var yearsFrom = document.getElementById("cg-from"), yearsTo = document.getElementById("cg-to");
  var undated = document.getElementById("cg-undated"), showUnlinked = document.getElementById("cg-show-unlinked");
  var years = [], undatedCount = 0;
  data.edges.forEach(function (e) {
    var s = P.span(e);
    if (s) { years.push(s[0]); if (s[1] !== 9999) years.push(s[1]); } else undatedCount++;
  });
  var minYear = Math.min.apply(null, years), maxYear = Math.max.apply(null, years);
  var timeFilter = years.length > 0 && minYear !== maxYear;
  if (!timeFilter) {
    document.getElementById("cg-time").hidden = true;
  } else {
    [yearsFrom, yearsTo].forEach(function (input) { input.min = minYear; input.max = maxYear; input.step = 1; });
    yearsFrom.value = minYear; yearsTo.value = maxYear;
  }
  var undatedLines = data.links.filter(function (link) {
    return link.edges.every(function (id) { return !P.span(edges[id]); });
  }).length;
  document.getElementById("cg-undated-count").textContent = undatedCount.toLocaleString("en") + " of "
    + P.plural(data.edges.length, "claim") + " (" + Math.round(100 * undatedCount / Math.max(1, data.edges.length))
    + " %) give no date; " + undatedLines.toLocaleString("en") + " of " + P.plural(data.links.length, "line")
    + " have only undated claims.";
  // A histogram of the claims by the year they start, in at most 40 bars; a click keeps one bar's years.
  var binYears = timeFilter ? Math.max(1, Math.ceil((maxYear - minYear + 1) / 40)) : 1;
  var histogram = document.getElementById("cg-histogram"), bars = [];
  function binOf(y) { return Math.floor((y - minYear) / binYears); }
  if (timeFilter) {
    for (var first = minYear; first <= maxYear; first += binYears) {
      var bar = el("button", null, "cg-bar"), last = Math.min(maxYear, first + binYears - 1);
      bar.type = "button";
      bar.dataset.first = first; bar.dataset.last = last;
      bar.appendChild(el("span"));
      bar.addEventListener("click", function (event) {
        yearsFrom.value = event.currentTarget.dataset.first; yearsTo.value = event.currentTarget.dataset.last;
        apply(true);
      });
      histogram.appendChild(bar);
      bars.push(bar);
    }
    document.getElementById("cg-histogram-ends").textContent = minYear + " – " + maxYear;
  }
  function drawHistogram(counts) {
    var most = Math.max.apply(null, bars.map(function (_, i) { return counts[i] || 0; }).concat([1]));
    bars.forEach(function (bar, i) {
      var count = counts[i] || 0, inside = Number(bar.dataset.last) >= Number(yearsFrom.value)
        && Number(bar.dataset.first) <= Number(yearsTo.value);
      bar.firstChild.style.height = Math.round(38 * count / most) + "px";
      bar.classList.toggle("cg-in", inside);
      bar.title = (bar.dataset.first === bar.dataset.last ? bar.dataset.first : bar.dataset.first + "–" + bar.dataset.last)
        + ": " + P.plural(count, "claim") + " starting then (click to keep only these years)";
    });
  }
  function timeKeeps(e) {
    if (!timeFilter) return true;
    var s = P.span(e);
    if (!s) return undated.checked;
    return s[0] <= Number(yearsTo.value || 9999) && s[1] >= Number(yearsFrom.value || 0);
  }
  // Whether a claim passes every filter, or every filter but one group (for that group's counts).
  function kept(e, skip) {
    if (skip !== "status" && off.status[e.status]) return false;
    if (skip !== "relation" && off.relation[e.relation]) return false;
    if (skip !== "cls" && (off.cls[nodes[e.from].cls] || off.cls[nodes[e.to].cls])) return false;
    return skip === "time" || timeKeeps(e);
  }

  // What the filters leave: the claims, the links with the claims they still show, the entities.
  var view = null;
  function compute() {
    var v = { edge: {}, link: {}, node: {}, linked: {}, counts: { cls: {}, status: {}, relation: {}, year: {} },
              edges: 0, links: 0, nodes: 0, unlinked: 0 };
    var linkedAnyClass = {};
    data.edges.forEach(function (e) {
      var show = kept(e);
      v.edge[e.id] = show;
      if (show) v.edges++;
      if (kept(e, "status")) v.counts.status[e.status] = (v.counts.status[e.status] || 0) + 1;
      if (kept(e, "relation")) v.counts.relation[e.relation] = (v.counts.relation[e.relation] || 0) + 1;
      if (timeFilter && kept(e, "time")) {
        var s = P.span(e);
        if (s) v.counts.year[binOf(s[0])] = (v.counts.year[binOf(s[0])] || 0) + 1;
      }
      if (kept(e, "cls")) {  // an end counts for its class when the other end's class is on
        var a = nodes[e.from], b = nodes[e.to];
        if (!off.cls[b.cls] || b.cls === a.cls) linkedAnyClass[a.id] = true;
        if (!off.cls[a.cls] || a.cls === b.cls) linkedAnyClass[b.id] = true;
      }
    });
    data.links.forEach(function (link) {
      var shown = link.edges.filter(function (id) { return v.edge[id]; });
      v.link[link.id] = shown;
      if (shown.length) { v.links++; v.linked[link.from] = v.linked[link.to] = true; }
    });
    data.nodes.forEach(function (n) {
      var show = !off.cls[n.cls] && (showUnlinked.checked || !!v.linked[n.id]);
      v.node[n.id] = show;
      if (show) v.nodes++;
      if (!off.cls[n.cls] && !v.linked[n.id]) v.unlinked++;
      if (showUnlinked.checked || linkedAnyClass[n.id]) v.counts.cls[n.cls] = (v.counts.cls[n.cls] || 0) + 1;
    });
    return v;
  }

  // ---- vis-network items ---------------------------------------------------------------------
  var DASHES = { solid: false, dashed: [9, 6], dotted: [2, 5] };
  // Colours of the largest groups (Louvain communities, found in Python), the rest grey.
  var GROUP_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                       "#bcbd22", "#393b79", "#637939", "#843c39"];
  var byGroup = document.getElementById("cg-by-group");
  byGroup.checked = !!data.positioned;  // a large page opens as a map of its groups
  var biggest = Math.max.apply(null, data.nodes.map(function (n) { return n.size; }).concat([0]));
  function colourOf(n) {
    if (!byGroup.checked) return P.classes[n.cls].colour;
    return GROUP_COLOURS[n.group] || "#b0bec5";
  }
  function nodeColour(n) {
    var colour = colourOf(n);
    return { background: colour, border: n.id === data.focus ? "#111111" : "#ffffff",
             highlight: { background: colour, border: "#111111" }, hover: { background: colour, border: "#111111" } };
  }
  // No vis-network label: labels.js draws them, never overlapping. The focus entity is pinned at
  // the centre, as large as the largest entity, with a thick border.
  function visNode(n, show) {
    var item = { id: n.id, value: n.size, title: nodeTip(n), hidden: !show, physics: show, color: nodeColour(n) };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    if (n.id === data.focus) {
      item.borderWidth = 5; item.value = Math.max(biggest, n.size); item.x = 0; item.y = 0;
      item.fixed = { x: true, y: true };
    }
    return item;
  }
  // A link drawn as the strongest claim it still shows (its edges are sorted strongest first),
  // labelled with that claim's relation and how many more there are.
  function linkLook(link, shown) {
    if (!shown.length) return { id: link.id, hidden: true, physics: false };
    var first = edges[shown[0]], status = P.statuses[first.status], style = first.commentary ? data.commentaryStyle : status;
    var forward = false, backward = false;
    shown.forEach(function (id) {
      var e = edges[id];
      if (!e.symmetric) { if (e.from === link.from) forward = true; else backward = true; }
    });
    var label = first.label + (shown.length > 1 ? " · " + shown.length + " claims" : "");
    // On a large page the lines are thin and light, so that the groups read through them.
    var width = big ? Math.min(3, 0.6 + Math.log2(shown.length)) : Math.min(8, style.width + Math.log2(shown.length));
    var opacity = (big ? 0.25 : 1) * (first.line === "dotted" ? 0.8 : 1);
    return {
      id: link.id, hidden: false, physics: true, label: label,
      dashes: DASHES[first.line], width: width,
      color: { color: style.colour, highlight: "#1565c0", hover: "#1565c0", opacity: opacity },
      arrows: { to: { enabled: forward, scaleFactor: 0.55 }, from: { enabled: backward, scaleFactor: 0.55 } },
    };
  }

  view = compute();
  var visNodes = new vis.DataSet(data.nodes.map(function (n) { return visNode(n, view.node[n.id]); }));
  var visEdges = new vis.DataSet(data.links.map(function (link) {
    var item = linkLook(link, view.link[link.id]);
    item.from = link.from; item.to = link.to; item.title = linkTip(link);
    return item;
  }));

  // A large network comes laid out from Python and is drawn as it is; a small one is laid out
  // here (a bounded stabilisation, then physics off).
  var physics = data.positioned
    ? { enabled: false, solver: "barnesHut", barnesHut: { gravitationalConstant: -2500, springLength: 110,
                                                          springConstant: 0.02, damping: 0.5, avoidOverlap: 0.05 },
        stabilization: { enabled: false } }
    : { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -110, springLength: 170,
                                                         springConstant: 0.06, avoidOverlap: 0.5 },
        stabilization: { enabled: true, iterations: 400, updateInterval: 20, fit: false } };
  var options = {
    autoResize: true,
    layout: { improvedLayout: !data.positioned && data.nodes.length <= 150, randomSeed: 7 },
    physics: physics,
    // Dots of a large page are drawn bigger: at full view they are a few pixels, and their colours
    // make the map of groups.
    nodes: { shape: "dot", borderWidth: 2, scaling: data.positioned ? { min: 16, max: 70 } : { min: 7, max: 34 } },
    edges: {
      // No line labels on a large page (thousands of them hide the network): its panel names them.
      font: { size: big ? 0 : 11, face: "system-ui, sans-serif", color: "#444444", strokeWidth: 4, strokeColor: "#ffffff",
              align: "middle" },
      scaling: { label: { drawThreshold: 8 } },
      smooth: big ? false : { enabled: true, type: "continuous", roundness: 0.2 },
      selectionWidth: 2, hoverWidth: 1,
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: data.nodes.length > 1500,
                   navigationButtons: false, keyboard: false, multiselect: false },
  };

  var container = document.getElementById("cg-network");
  var progress = document.getElementById("cg-progress");
  var empty = document.getElementById("cg-empty");
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, options);
  window.cartelgraphNetwork = network;  // for tests and the curious, from the browser console

  function shownNodeIds() { return data.nodes.filter(function (n) { return view.node[n.id]; }).map(function (n) { return n.id; }); }
  // Frame what is shown; a focused page keeps its focus entity at the centre.
  function fitShown(animate) {
    var ids = shownNodeIds(), animation = animate ? { duration: 400 } : false;
    if (!ids.length) return;
    if (!data.focus || !view.node[data.focus]) { network.fit({ nodes: ids, animation: animation }); return; }
    var positions = network.getPositions(ids), centre = positions[data.focus], reach = { x: 1, y: 1 };
    ids.forEach(function (id) {  // a box's size is current, its place may be a frame old
      var box = network.getBoundingBox(id), r = (box.right - box.left) / 2, p = positions[id];
      reach.x = Math.max(reach.x, Math.abs(p.x - centre.x) + r);
      reach.y = Math.max(reach.y, Math.abs(p.y - centre.y) + r + 24);  // room for the label below
    });
    var frame = container.getBoundingClientRect();
    var scale = Math.min(1.6, 0.92 * Math.min(frame.width / 2 / reach.x, frame.height / 2 / reach.y));
    network.moveTo({ position: centre, scale: scale, animation: animation });
  }
  function neighbours(id) {
    var out = [];
    P.linksOf[id].forEach(function (link) { if (view.link[link.id].length) out.push(link.from === id ? link.to : link.from); });
    return out;
  }
  P.labels.install(network, function (id) { return !!view.node[id]; }, neighbours);
  // Physics off, then framed on the next frame: vis-network moves the nodes once more after it
  // reports the stabilisation done. The time stated runs from the start of the page's loading.
  function settled() {
    network.setOptions({ physics: { enabled: false } });
    requestAnimationFrame(function () {
      fitShown(false);
      var seconds = performance.now() / 1000;
      progress.textContent = "Ready in " + seconds.toFixed(1) + " s. Drag to pan, scroll to zoom, click a dot or a line for its evidence.";
      document.body.dataset.settleMs = String(Math.round(performance.now()));
      document.body.dataset.stabilized = "true";
    });
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the network… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  if (data.positioned) network.once("afterDrawing", settled);
  else network.once("stabilizationIterationsDone", settled);

  // ---- applying the filters ------------------------------------------------------------------
  var fitTimer = null;
  function apply(refit) {
    var before = view;
    view = compute();
    var nodeUpdates = [], linkUpdates = [];
    data.nodes.forEach(function (n) {
      if (before.node[n.id] !== view.node[n.id]) nodeUpdates.push({ id: n.id, hidden: !view.node[n.id], physics: view.node[n.id] });
    });
    data.links.forEach(function (link) {
      if (before.link[link.id].join() !== view.link[link.id].join()) linkUpdates.push(linkLook(link, view.link[link.id]));
    });
    if (nodeUpdates.length) visNodes.update(nodeUpdates);
    if (linkUpdates.length) visEdges.update(linkUpdates);
    describe();
    if (refit && (nodeUpdates.length || linkUpdates.length)) {
      clearTimeout(fitTimer);
      fitTimer = setTimeout(function () {
        fitShown(true);
        document.body.dataset.fits = String(Number(document.body.dataset.fits || 0) + 1);
      }, 250);
    }
  }
  function describe() {
    function part(shown, total, one, many) {
      return shown === total ? P.plural(total, one, many) : shown.toLocaleString("en") + " of " + P.plural(total, one, many);
    }
    var partial = view.nodes !== data.nodes.length || view.edges !== data.edges.length;
    summary.textContent = (partial ? "Showing " : "") + part(view.nodes, data.nodes.length, "entity", "entities")
      + " and " + part(view.links, data.links.length, "line") + " (" + part(view.edges, data.edges.length, "claim") + ")"
      + " · dot size: " + data.measure + " · click a line for every claim behind it, with its source and quote";
    document.getElementById("cg-unlinked-count").textContent = view.unlinked.toLocaleString("en");
    document.getElementById("cg-unlinked").hidden = view.unlinked === 0 && !showUnlinked.checked;
    counts("cls"); counts("status"); counts("relation");
    empty.hidden = view.links > 0;
    drawHistogram(view.counts.year);
    document.getElementById("cg-from-out").textContent = yearsFrom.value;
    document.getElementById("cg-to-out").textContent = yearsTo.value;
  }

  // ---- legends with "only", "all" and "none", counts that follow the other filters ----------
  var boxes = { cls: {}, status: {}, relation: {} }, countCells = { cls: {}, status: {}, relation: {} };
  function counts(kind) {
    Object.keys(countCells[kind]).forEach(function (id) {
      var count = view.counts[kind][id] || 0;
      countCells[kind][id].textContent = count.toLocaleString("en");
      countCells[kind][id].closest("li").classList.toggle("cg-zero", count === 0);
    });
  }
  function setAll(kind, entries, on) {
    entries.forEach(function (entry) { off[kind][entry.id] = !on; boxes[kind][entry.id].checked = on; });
    apply(true);
  }
  function legend(listId, entries, kind, swatch) {
    var list = document.getElementById(listId);
    var bar = el("li", null, "cg-group-buttons");
    [["all", true], ["none", false]].forEach(function (pair) {
      var button = el("button", pair[0], "cg-small");
      button.type = "button";
      button.addEventListener("click", function () { setAll(kind, entries, pair[1]); });
      bar.appendChild(button);
    });
    list.appendChild(bar);
    entries.forEach(function (entry) {
      var item = el("li"), label = el("label"), box = el("input"), only = el("button", "only", "cg-small cg-only");
      box.type = "checkbox"; box.checked = true;
      box.addEventListener("change", function () { off[kind][entry.id] = !box.checked; apply(true); });
      boxes[kind][entry.id] = box;
      label.appendChild(box);
      if (swatch) label.appendChild(swatch(entry));
      label.appendChild(el("span", entry.label + (entry.commentary ? " (commentary)" : "")));
      countCells[kind][entry.id] = el("span", entry.count, "cg-count");
      label.appendChild(countCells[kind][entry.id]);
      only.type = "button";
      only.title = "show only " + entry.label;
      only.addEventListener("click", function () {
        entries.forEach(function (other) {
          off[kind][other.id] = other.id !== entry.id; boxes[kind][other.id].checked = other.id === entry.id;
        });
        apply(true);
      });
      item.appendChild(label);
      item.appendChild(only);
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
      apply(true);
    });
  });
  undated.addEventListener("change", function () { apply(true); });
  showUnlinked.addEventListener("change", function () { apply(true); });
  document.getElementById("cg-fit").addEventListener("click", function () { fitShown(true); });
  byGroup.addEventListener("change", function () {
    visNodes.update(data.nodes.map(function (n) { return { id: n.id, color: nodeColour(n) }; }));
  });
  document.getElementById("cg-group-count").textContent = String(new Set(data.nodes.filter(function (n) {
    return P.linksOf[n.id].length; }).map(function (n) { return n.group; })).size);
  document.getElementById("cg-relayout").addEventListener("click", function () {
    progress.textContent = "Laying out what is shown…";
    network.setOptions({ physics: { enabled: true, stabilization: { enabled: true } } });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      fitShown(true);
      progress.textContent = "Laid out again. Drag to pan, scroll to zoom, click a dot or a line for its evidence.";
      document.body.dataset.layouts = String(Number(document.body.dataset.layouts || 0) + 1);
    });
    network.stabilize(big ? 150 : 300);
  });
  document.getElementById("cg-reset").addEventListener("click", function () {
    ["cls", "status", "relation"].forEach(function (kind) {
      Object.keys(boxes[kind]).forEach(function (id) { off[kind][id] = false; boxes[kind][id].checked = true; });
    });
    if (timeFilter) { yearsFrom.value = minYear; yearsTo.value = maxYear; }
    undated.checked = true;
    apply(true);
  });
  describe();

  // ---- clicks, the details panel and search ------------------------------------------------
  function focusNode(id) {
    if (!view.node[id]) {  // hidden by a filter: show it again rather than focus nothing
      off.cls[nodes[id].cls] = false;
      boxes.cls[nodes[id].cls].checked = true;
      if (!view.linked[id]) showUnlinked.checked = true;
      apply(false);
    }
    network.selectNodes([id]);
    // Offset to the left so that the details panel, which lies over the right of the canvas, does not hide it.
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), offset: { x: -185, y: 0 }, animation: { duration: 450 } });
    P.panel.showNode(id);
  }
  function selectLink(id, claimEdge) {
    network.selectEdges([id]);
    P.panel.showLink(id, claimEdge);
  }
  P.ui = {
    focusNode: focusNode, selectLink: selectLink, unselect: function () { network.unselectAll(); },
    isShown: function (edgeId) { return !!view.edge[edgeId]; },
  };
  P.panel.contested();
  network.on("click", function (params) {
    if (params.nodes.length) P.panel.showNode(params.nodes[0]);
    else if (params.edges.length) P.panel.showLink(params.edges[0]);
  });

  var search = document.getElementById("cg-search"), results = document.getElementById("cg-results");
  var names = data.nodes.map(function (n) {
    return { id: n.id, names: [n.label].concat(n.aliases).map(P.fold) };
  });
  function score(query, name) {
    if (name === query) return 4;
    if (name.indexOf(query) === 0) return 3;
    if ((" " + name).indexOf(" " + query) >= 0) return 2;
    return name.indexOf(query) >= 0 ? 1 : 0;
  }
  function find(text) {
    var query = P.fold(text);
    if (!query) return [];
    return names.map(function (entry) {
      return { id: entry.id, score: Math.max.apply(null, entry.names.map(function (name) { return score(query, name); })) };
    }).filter(function (m) { return m.score > 0; }).sort(function (a, b) {
      return b.score - a.score || nodes[a.id].label.length - nodes[b.id].label.length;
    }).slice(0, 12);
  }
  function showResults() {
    P.clear(results);
    var found = find(search.value);
    if (search.value.trim() && !found.length) results.appendChild(el("li", "no entity of that name in this page", "cg-muted"));
    found.forEach(function (match) {
      var item = el("li"), button = el("button");
      button.type = "button";
      button.appendChild(document.createTextNode(nodes[match.id].label + " "));
      button.appendChild(el("span", P.classes[nodes[match.id].cls].label, "cg-muted"));
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
