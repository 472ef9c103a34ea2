/* The network: vis-network data built from the page's data and what the filters leave, the
   entities present on the canvas (a page holds more in reserve, added by expanding), where new
   ones go, dimming and fitting. A line is a link between two entities: every claim between them, drawn
   as the strongest claim the filters leave. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data, el = P.el, nodes = P.nodes, edges = P.edges, F = P.filters;
  var big = data.nodes.length - data.reserved > 500;

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

  // ---- what is on the canvas -----------------------------------------------------------------
  // present: the entities on the canvas (the filters may still hide some); the page's reserve
  // is added by expanding and by paths (tools.js).
  var present = {};
  data.nodes.forEach(function (n) { if (!n.reserve) present[n.id] = true; });
  // pinned: entities the user asked to see (search, a path's ends), shown even without a line.
  var pinned = {};
  var showUnlinked = document.getElementById("cg-show-unlinked");
  var view = F.compute(present, showUnlinked.checked, pinned);
  // dim: null, or the entities and links left bright (a selection and its neighbours, a path).
  var dim = null;
  // placeAt: where to put entities about to be added (tools.js places them around what they expand).
  var placeAt = {};

  // ---- vis-network items ---------------------------------------------------------------------
  var DASHES = { solid: false, dashed: [9, 6], dotted: [2, 5] };
  // Colours of the largest groups (Louvain communities found in Python, or those a notebook
  // gave), the rest grey.
  var GROUP_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                       "#bcbd22", "#393b79", "#637939", "#843c39"];
  var byGroup = document.getElementById("cg-by-group");
  byGroup.checked = !!data.positioned || !!data.groupsGiven;  // a large page opens as a map of its groups
  var biggest = Math.max.apply(null, data.nodes.map(function (n) { return n.size; }).concat([0]));
  function colourOf(n) {
    if (!byGroup.checked) return P.classes[n.cls].colour;
    return (n.group !== null && GROUP_COLOURS[n.group]) || "#b0bec5";
  }
  function faded(hex) {  // the colour mixed with 82 % white: a dimmed entity
    var rgb = [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
    return "#" + rgb.map(function (c) { return Math.round(c + (255 - c) * 0.82).toString(16).padStart(2, "0"); }).join("");
  }
  function isDimmed(id) { return !!dim && !dim.nodes[id]; }
  // How a line looks under the dimming: on a large page the lines are faint already, so only the
  // selection's are drawn strong ("bright"); on a small one the others are dimmed.
  function linkState(id, under) {
    var lit = under === undefined ? dim : under;
    if (!lit) return "plain";
    if (big) return lit.links[id] ? "bright" : "plain";
    return lit.links[id] ? "plain" : "dim";
  }
  function nodeColour(n) {
    var colour = isDimmed(n.id) ? faded(colourOf(n)) : colourOf(n);
    // A white ring sets a dot apart from its neighbours; on a large page, where a dot is a few
    // pixels at full view, it would hide the dot's colour.
    var border = n.id === data.focus ? "#111111" : (big ? colour : "#ffffff");
    return { background: colour, border: border, highlight: { background: colour, border: "#111111" },
             hover: { background: colour, border: "#111111" } };
  }
  // No vis-network label: labels.js draws them, never overlapping. The focus entity is pinned at
  // the centre, as large as the largest entity, with a thick border.
  function visNode(n) {
    var item = { id: n.id, value: n.size, title: nodeTip(n), hidden: !view.node[n.id], physics: !!view.node[n.id],
                 color: nodeColour(n) };
    var at = placeAt[n.id] || (n.x !== undefined ? n : null);
    if (at) { item.x = at.x; item.y = at.y; }
    if (n.id === data.focus) {
      item.borderWidth = 5; item.value = Math.max(biggest, n.size); item.x = 0; item.y = 0;
      item.fixed = { x: true, y: true };
    }
    return item;
  }
  // A link drawn as the strongest claim it still shows (its edges are sorted strongest first),
  // labelled with that claim's relation and how many more there are.
  function linkLook(link) {
    var shown = view.link[link.id];
    if (!shown.length) return { id: link.id, from: link.from, to: link.to, hidden: true, physics: false };
    var first = edges[shown[0]], status = P.statuses[first.status], style = first.commentary ? data.commentaryStyle : status;
    var forward = false, backward = false;
    shown.forEach(function (id) {
      var e = edges[id];
      if (!e.symmetric) { if (e.from === link.from) forward = true; else backward = true; }
    });
    var label = first.label + (shown.length > 1 ? " · " + shown.length + " claims" : "");
    // On a large page the lines are thin and light, so that the groups read through them.
    var width = big ? Math.min(3, 0.6 + Math.log2(shown.length)) : Math.min(8, style.width + Math.log2(shown.length));
    var state = linkState(link.id), dotted = first.line === "dotted" ? 0.8 : 1;
    var opacity = { plain: big ? 0.25 : 1, dim: 0.12, bright: 0.9 }[state] * dotted;
    return {
      id: link.id, from: link.from, to: link.to, hidden: false, physics: true, label: state === "dim" ? "" : label,
      dashes: DASHES[first.line], width: state === "bright" ? width + 1 : width,
      color: { color: style.colour, highlight: "#1565c0", hover: "#1565c0", opacity: opacity },
      arrows: { to: { enabled: forward, scaleFactor: 0.55 }, from: { enabled: backward, scaleFactor: 0.55 } },
    };
  }
  function visLink(link) {
    var item = linkLook(link);
    item.title = linkTip(link);
    return item;
  }

  var visNodes = new vis.DataSet(data.nodes.filter(function (n) { return present[n.id]; }).map(visNode));
  var visEdges = new vis.DataSet(data.links.filter(function (link) {
    return present[link.from] && present[link.to];
  }).map(visLink));
  var inSet = {};  // the ids of the nodes and links given to vis-network so far
  visNodes.getIds().concat(visEdges.getIds()).forEach(function (id) { inSet[id] = true; });

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
    layout: { improvedLayout: !data.positioned && visNodes.length <= 150, randomSeed: 7 },
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
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: visNodes.length > 1500,
                   navigationButtons: false, keyboard: false, multiselect: false },
  };

  var container = document.getElementById("cg-network");
  var progress = document.getElementById("cg-progress");
  var empty = document.getElementById("cg-empty");
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, options);
  window.cartelgraphNetwork = network;  // for tests and the curious, from the browser console

  function shownNodeIds() { return data.nodes.filter(function (n) { return view.node[n.id]; }).map(function (n) { return n.id; }); }
  // Frame what is shown (or the entities given); a focused page keeps its focus entity at the centre.
  function fitShown(animate, only) {
    var ids = only || shownNodeIds(), animation = animate ? { duration: 400 } : false;
    if (!ids.length) return;
    if (only || !data.focus || !view.node[data.focus]) { network.fit({ nodes: ids, animation: animation }); return; }
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
  // The entities linked to ``id`` by a line shown now.
  function neighbours(id) {
    var out = [];
    P.linksOf[id].forEach(function (link) { if (view.link[link.id].length) out.push(link.from === id ? link.to : link.from); });
    return out;
  }
  P.labels.install(network, function (id) { return !!view.node[id]; }, neighbours, isDimmed);
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

  // ---- placing entities added to the canvas ------------------------------------------------
  // Around the entity that brings them, on an arc on the side away from the middle of the
  // drawing, as far out as the lines already drawn are long.
  function typicalLength() {
    var all = network.getPositions(), lengths = [];
    data.links.slice(0, 3000).forEach(function (link) {
      if (view.link[link.id].length && all[link.from] && all[link.to]) {
        lengths.push(Math.hypot(all[link.from].x - all[link.to].x, all[link.from].y - all[link.to].y));
      }
    });
    lengths.sort(function (a, b) { return a - b; });
    return lengths.length ? lengths[Math.floor(lengths.length / 2)] : 150;
  }
  function middle() {
    var ids = shownNodeIds(), all = network.getPositions(ids), mid = { x: 0, y: 0 };
    ids.forEach(function (id) { mid.x += all[id].x / ids.length; mid.y += all[id].y / ids.length; });
    return mid;
  }
  function placeAround(centreId, ids) {
    var centre = network.getPositions([centreId])[centreId], mid = middle(), step = typicalLength();
    var angle = centre.x === mid.x && centre.y === mid.y ? 0 : Math.atan2(centre.y - mid.y, centre.x - mid.x);
    var spread = Math.min(2 * Math.PI * (1 - 1 / Math.max(2, ids.length)), 0.45 * ids.length);
    var radius = Math.max(step, step * ids.length * 0.45 / Math.max(spread, 0.45));
    ids.forEach(function (id, i) {
      var a = angle + (ids.length === 1 ? 0 : spread * (i / (ids.length - 1) - 0.5));
      placeAt[id] = { x: centre.x + radius * Math.cos(a), y: centre.y + radius * Math.sin(a) };
    });
  }
  // In a column to the right of the drawing (entities with no line to what is drawn).
  function placeBeside(ids) {
    var shown = shownNodeIds(), all = network.getPositions(shown), right = -Infinity, top = Infinity;
    shown.forEach(function (id) { right = Math.max(right, all[id].x); top = Math.min(top, all[id].y); });
    var step = typicalLength();
    if (!shown.length) { right = 0; top = 0; }
    ids.forEach(function (id, i) { placeAt[id] = { x: right + step, y: top + i * step / 2 }; });
  }
  // Frame ``ids`` (default: what is shown) in the part of the canvas the details panel leaves.
  function frame(ids, animate) {
    ids = (ids || shownNodeIds()).filter(function (id) { return view.node[id]; });
    if (!ids.length) return;
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      box.left = Math.min(box.left, b.left); box.right = Math.max(box.right, b.right);
      box.top = Math.min(box.top, b.top); box.bottom = Math.max(box.bottom, b.bottom + 24);  // the label below
    });
    var rect = container.getBoundingClientRect(), panel = document.getElementById("cg-panel");
    var covered = panel.hidden ? 0 : panel.getBoundingClientRect().width;
    var width = Math.max(100, rect.width - covered), height = rect.height;
    var scale = Math.min(1.6, 0.9 * Math.min(width / Math.max(box.right - box.left, 1), height / Math.max(box.bottom - box.top, 1)));
    var centre = { x: (box.left + box.right) / 2 + covered / 2 / scale, y: (box.top + box.bottom) / 2 };
    network.moveTo({ position: centre, scale: scale, animation: animate === false ? false : { duration: 400 } });
  }

  // ---- applying the filters, the entities present and the dimming ----------------------------
  var fitTimer = null;
  function apply(refit) {
    var before = view;
    view = F.compute(present, showUnlinked.checked, pinned);
    var nodeUpdates = [], linkUpdates = [];
    data.nodes.forEach(function (n) {
      if (before.node[n.id] === view.node[n.id]) return;
      if (!inSet[n.id]) { inSet[n.id] = true; nodeUpdates.push(visNode(n)); return; }
      var update = { id: n.id, hidden: !view.node[n.id], physics: view.node[n.id], color: nodeColour(n) };
      if (placeAt[n.id] && n.id !== data.focus) { update.x = placeAt[n.id].x; update.y = placeAt[n.id].y; }
      nodeUpdates.push(update);
    });
    placeAt = {};
    data.links.forEach(function (link) {
      if (before.link[link.id].join() === view.link[link.id].join()) return;
      if (!inSet[link.id]) { inSet[link.id] = true; linkUpdates.push(visLink(link)); return; }
      linkUpdates.push(linkLook(link));
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
  F.changed = apply;
  // Dim every entity and line but those given (null: none dimmed). Only what changes is given to
  // vis-network, and only its colour: on a 2,000-entity page each item costs.
  function highlight(bright) {
    var before = dim;
    dim = bright;
    var wasDim = function (id) { return !!before && !before.nodes[id]; };
    var nodeUpdates = visNodes.getIds().filter(function (id) { return wasDim(id) !== isDimmed(id); })
      .map(function (id) { return { id: id, color: nodeColour(nodes[id]) }; });
    var linkUpdates = visEdges.getIds().filter(function (id) { return linkState(id, before) !== linkState(id); })
      .map(function (id) {
        var look = linkLook(P.links[id]);
        return look.hidden ? { id: id } : { id: id, color: look.color, label: look.label };
      });
    if (nodeUpdates.length) visNodes.update(nodeUpdates);
    if (linkUpdates.length) visEdges.update(linkUpdates);
    document.body.dataset.dimmed = String(dim ? visNodes.get({ filter: function (item) {
      return !item.hidden && isDimmed(item.id); } }).length : 0);
  }
  function describe() {
    function part(shown, total, one, many) {
      return shown === total ? P.plural(total, one, many) : shown.toLocaleString("en") + " of " + P.plural(total, one, many);
    }
    var presentEdges = 0, presentLinks = 0;
    data.links.forEach(function (link) {
      if (present[link.from] && present[link.to]) { presentLinks++; presentEdges += link.edges.length; }
    });
    var partial = view.nodes !== view.present || view.edges !== presentEdges;
    summary.textContent = (partial ? "Showing " : "") + part(view.nodes, view.present, "entity", "entities")
      + " and " + part(view.links, presentLinks, "line") + " (" + part(view.edges, presentEdges, "claim") + ")"
      + " · dot size: " + data.measure + " · click a line for every claim behind it, with its source and quote";
    document.getElementById("cg-unlinked-count").textContent = view.unlinked.toLocaleString("en");
    document.getElementById("cg-unlinked").hidden = view.unlinked === 0 && !showUnlinked.checked;
    F.describe(view);
    empty.hidden = view.links > 0;
    if (P.tools) P.tools.describe();
  }

  // ---- controls ------------------------------------------------------------------------------
  showUnlinked.addEventListener("change", function () { apply(true); });
  document.getElementById("cg-fit").addEventListener("click", function () { fitShown(true); });
  byGroup.addEventListener("change", function () {
    visNodes.update(visNodes.getIds().map(function (id) { return { id: id, color: nodeColour(nodes[id]) }; }));
  });
  document.getElementById("cg-group-count").textContent = String(new Set(data.nodes.filter(function (n) {
    return P.linksOf[n.id].length && n.group !== null; }).map(function (n) { return n.group; })).size);
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
    F.reset();
    apply(true);
  });
  describe();

  // ---- showing one entity ------------------------------------------------------------------
  // Show an entity (adding it from the reserve, or undoing the filter that hides it).
  function reveal(id) {
    if (view.node[id]) return;
    if (!present[id]) {
      present[id] = true;
      var near = P.linksOf[id].map(function (link) { return link.from === id ? link.to : link.from; })
        .filter(function (other) { return view.node[other]; })[0];
      if (near) placeAround(near, [id]); else placeBeside([id]);
    }
    pinned[id] = true;
    if (F.off.cls[nodes[id].cls]) F.showClass(nodes[id].cls);
    apply(false);
  }
  function zoomTo(id) {
    // Offset to the left so that the details panel, which lies over the right of the canvas, does not hide it.
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), offset: { x: -185, y: 0 }, animation: { duration: 450 } });
  }

  P.page = {
    network: network, container: container, present: present, apply: apply, highlight: highlight,
    groupColour: function (group) { return GROUP_COLOURS[group]; },
    place: function (id, point) { placeAt[id] = point; }, placeAround: placeAround, frame: frame,
    unpin: function (id) { delete pinned[id]; },
    fitShown: fitShown, reveal: reveal, zoomTo: zoomTo, neighbours: neighbours, isDimmed: isDimmed,
    view: function () { return view; }, visNodes: visNodes, big: big,
  };
  P.ui = {  // what the panel calls
    focusNode: function (id) { P.tools.pick(id, false); },
    selectLink: function (id, claimEdge) {
      var link = P.links[id];
      [link.from, link.to].forEach(function (end) { if (!present[end]) reveal(end); });
      if (view.link[id].length) network.selectEdges([id]);
      P.panel.showLink(id, claimEdge);
    },
    unselect: function () { P.tools.clear(); },
    isShown: function (edgeId) { return !!view.edge[edgeId]; },
    isDrawn: function (link) { return !!present[link.from] && !!present[link.to]; },
  };
})();
