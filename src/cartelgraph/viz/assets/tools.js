/* The workbench: a selection of entities (click; ctrl- or shift-click adds), the neighbourhood
   of the selection highlighted (everything else dimmed), expanding and collapsing an entity's
   neighbours from the data the page holds (its reserve included), and the shortest paths
   between two entities, drawn and listed with their evidence. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data, nodes = P.nodes, F = P.filters, G = P.page;
  var network = G.network, present = G.present;
  var MAX_PATHS = 10;  // as `cartelgraph path`: the first ten shortest paths
  var selection = [], path = null;  // path: {from, to, chains: [[ids]], nodes: {id: true}, links: {id: true}}
  var addedBy = {};  // entity -> the entity whose expansion added it ("path" for a path)
  var highlightBox = document.getElementById("cg-highlight");
  var selectionText = document.getElementById("cg-selection");
  var buttons = { expand: document.getElementById("cg-expand"), collapse: document.getElementById("cg-collapse"),
                  paths: document.getElementById("cg-paths"), clear: document.getElementById("cg-clear") };

  function other(link, id) { return link.from === id ? link.to : link.from; }
  // The entities linked to ``id`` by a claim the filters keep, on the canvas or in the reserve;
  // with ``ties``, only by claims that are ties (commentary is not: paths never walk it).
  function reachable(id, ties) {
    var out = [];
    P.linksOf[id].forEach(function (link) {
      var near = other(link, id);
      if (F.off.cls[nodes[near].cls]) return;
      var claims = F.keptOf(link).filter(function (edgeId) { return !ties || !P.edges[edgeId].commentary; });
      if (claims.length) out.push(near);
    });
    return out;
  }
  function toAdd(ids) {
    var seen = {}, out = [];
    ids.forEach(function (id) {
      reachable(id).forEach(function (near) {
        if (!present[near] && !seen[near]) { seen[near] = true; out.push(near); }
      });
    });
    return out;
  }
  // Present neighbours that collapsing ``id`` removes: those its expansion added, and those that
  // hang on it alone (no other line shown); never the focus entity or the selection.
  function toRemove(ids) {
    var keep = {}, out = [];
    ids.forEach(function (id) { keep[id] = true; });
    if (data.focus) keep[data.focus] = true;
    ids.forEach(function (id) {
      G.neighbours(id).forEach(function (near) {
        if (keep[near] || out.indexOf(near) >= 0) return;
        var elsewhere = G.neighbours(near).some(function (far) { return !keep[far] && far !== id; });
        if (addedBy[near] === id || !elsewhere) out.push(near);
      });
    });
    return out;
  }

  function expand(ids) {
    ids = ids || selection;
    var added = 0;
    ids.forEach(function (id) {
      var fresh = toAdd([id]);
      fresh.forEach(function (near) { addedBy[near] = id; present[near] = true; });
      if (fresh.length) G.placeAround(id, fresh);
      added += fresh.length;
    });
    G.apply(false);
    refresh();
    P.panel.refresh();
    if (added) setTimeout(function () { G.frame(null); }, 50);  // the new entities in view
    return added;
  }
  function collapse(ids) {
    ids = ids || selection;
    var gone = toRemove(ids);
    gone.forEach(function (id) { delete present[id]; delete addedBy[id]; G.unpin(id); });
    G.apply(false);
    refresh();
    P.panel.refresh();
    return gone.length;
  }

  // ---- shortest paths ----------------------------------------------------------------------
  // Breadth-first over every entity the page holds and every link with a claim the filters
  // keep that is a tie (never commentary, even when the page draws it): all shortest paths, the
  // first MAX_PATHS in the order of the entities' names.
  function shortestPaths(from, to) {
    var distance = {}, before = {}, queue = [from], found = false;
    distance[from] = 0; before[from] = [];
    while (queue.length && !found) {
      var next = [];
      queue.forEach(function (id) {
        reachable(id, true).forEach(function (near) {
          if (distance[near] === undefined) { distance[near] = distance[id] + 1; before[near] = []; next.push(near); }
          if (distance[near] === distance[id] + 1) before[near].push(id);
        });
      });
      found = distance[to] !== undefined;
      queue = next;
    }
    if (!found) return [];
    var chains = [];
    function walk(id, tail) {
      if (chains.length >= MAX_PATHS) return;
      if (id === from) { chains.push([from].concat(tail)); return; }
      before[id].slice().sort(function (a, b) {
        return nodes[a].label.localeCompare(nodes[b].label) || (a < b ? -1 : 1);
      }).forEach(function (prev) { walk(prev, [id].concat(tail)); });
    }
    walk(to, []);
    return chains;
  }
  function linkBetween(a, b) {
    return P.linksOf[a].filter(function (link) { return other(link, a) === b; })[0];
  }
  function findPaths(from, to) {
    var chains = shortestPaths(from, to);
    path = { from: from, to: to, chains: chains, links: {}, nodes: {} };
    chains.forEach(function (chain) {
      chain.forEach(function (id, i) {
        path.nodes[id] = true;
        if (!present[id]) { present[id] = true; addedBy[id] = "path"; }
        if (i) path.links[linkBetween(chain[i - 1], id).id] = true;
      });
    });
    var fresh = Object.keys(path.nodes).filter(function (id) { return !network.getPositions([id])[id]; });
    if (fresh.length) placeBetween(chains, fresh);
    G.apply(false);
    selection = [from, to];
    network.selectNodes(selection.filter(function (id) { return G.view().node[id]; }));
    refresh();
    P.panel.showPaths(path, linkBetween);
    // The ids now: a Clear within the 50 ms sets path to null before the frame.
    var framed = Object.keys(path.nodes);
    if (chains.length) setTimeout(function () { G.frame(framed); }, 50);
    return chains;
  }
  // Entities of a path not yet drawn go between its drawn ends: along the straight line, each
  // path bent to its own side so that parallel paths stay apart.
  function placeBetween(chains, fresh) {
    var placed = {};
    chains.forEach(function (chain, number) {
      var at = chain.map(function (id) {
        return placed[id] || (fresh.indexOf(id) < 0 ? network.getPositions([id])[id] : null);
      });
      var side = (number % 2 ? -1 : 1) * Math.ceil(number / 2 + 0.5) * 0.25;
      chain.forEach(function (id, i) {
        if (at[i]) return;
        var a = i, b = i;
        while (a > 0 && !at[a]) a--;
        while (b < chain.length - 1 && !at[b]) b++;
        var p = at[a] || at[b], q = at[b] || at[a], t = (i - a) / Math.max(1, b - a);
        var dx = q.x - p.x, dy = q.y - p.y, bend = side * Math.sin(Math.PI * t);
        at[i] = placed[id] = { x: p.x + dx * t - dy * bend, y: p.y + dy * t + dx * bend };
        G.place(id, at[i]);
      });
    });
  }

  // ---- the selection and the highlight -------------------------------------------------------
  function pick(id, additive) {
    if (!nodes[id]) return;  // not in this page
    G.reveal(id);
    if (additive) {
      var at = selection.indexOf(id);
      if (at >= 0) selection.splice(at, 1); else selection.push(id);
    } else {
      selection = [id];
    }
    path = null;
    network.selectNodes(selection);
    refresh();
    if (selection.length === 1) { G.zoomTo(id); P.panel.showNode(id); }
    else if (selection.length) P.panel.showSelection(selection);
  }
  function clear() {
    selection = []; path = null;
    network.unselectAll();
    refresh();
  }
  function bright() {
    if (path) return { nodes: path.nodes, links: path.links };
    if (!selection.length || !highlightBox.checked) return null;
    var lit = { nodes: {}, links: {} };
    selection.forEach(function (id) {
      lit.nodes[id] = true;
      P.linksOf[id].forEach(function (link) {
        if (G.view().link[link.id].length) { lit.nodes[other(link, id)] = true; lit.links[link.id] = true; }
      });
    });
    return lit;
  }
  function refresh() {
    G.highlight(bright());
    describe();
  }
  function describe() {
    var names = selection.map(function (id) { return nodes[id].label; });
    selectionText.textContent = names.length ? "Selected: " + names.join("; ")
      : "Click a dot to select it; ctrl- or shift-click (here or in the search results) to add more.";
    var more = toAdd(selection).length, fewer = selection.length ? toRemove(selection).length : 0;
    buttons.expand.textContent = "Expand" + (more ? " (+" + more + ")" : "");
    buttons.expand.disabled = !more;
    buttons.collapse.textContent = "Collapse" + (fewer ? " (−" + fewer + ")" : "");
    buttons.collapse.disabled = !fewer;
    buttons.paths.disabled = selection.length !== 2;
    buttons.clear.disabled = !selection.length;
    var reserve = data.nodes.filter(function (n) { return !present[n.id]; }).length;
    var held = document.getElementById("cg-reserve");
    held.hidden = !reserve;
    held.textContent = P.plural(reserve, "more entity", "more entities")
      + " in this page, not drawn: expand a dot (or double-click it) to add its neighbours.";
  }

  network.on("click", function (params) {
    var source = params.event && params.event.srcEvent, additive = !!source && (source.ctrlKey || source.metaKey || source.shiftKey);
    if (params.nodes.length) {
      pick(params.nodes[0], additive);
    } else if (params.edges.length) {
      if (!additive) { selection = []; path = null; refresh(); }
      P.ui.selectLink(params.edges[0]);
    } else if (!additive) {
      clear();
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { expand([params.nodes[0]]); }
  });
  buttons.expand.addEventListener("click", function () { expand(); });
  buttons.collapse.addEventListener("click", function () { collapse(); });
  buttons.paths.addEventListener("click", function () { findPaths(selection[0], selection[1]); });
  buttons.clear.addEventListener("click", clear);
  highlightBox.addEventListener("change", refresh);

  P.tools = {
    pick: pick, clear: clear, expand: expand, collapse: collapse, findPaths: findPaths, describe: describe,
    selection: function () { return selection.slice(); }, canExpand: function (id) { return toAdd([id]).length; },
    canCollapse: function (id) { return toRemove([id]).length; },
  };
  window.cartelgraphTools = P.tools;  // for tests and the curious
  describe();
})();
