/* Entity labels, drawn by the page rather than by vis-network, so that they never pile up:
   at each frame the candidates are taken in order (the focus entity, the selected entity and
   its neighbours, then by size) and a label is drawn only where it overlaps no label already
   drawn (a grid of screen cells holds the boxes), below its dot or else above, right or left.
   Dimmed entities get no label. At full view only the hubs are candidates (about 24); zooming in admits more, in proportion to the area magnified. Label size is fixed
   on screen and capped: 11 to 16 px by size, 20 px for the focus entity. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data;
  var FACE = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"DejaVu Sans\", sans-serif";
  var MIN_PX = 11, MAX_PX = 16, FOCUS_PX = 20, FULL_VIEW_LABELS = 24, ALL_LABELS_UP_TO = 40, CELL = 48;
  var DOTS_AS_OBSTACLES_UP_TO = 250, LONGEST = 32;
  var bySize = data.nodes.slice().sort(function (a, b) {
    return b.size - a.size || a.label.localeCompare(b.label);
  }).map(function (n) { return n.id; });
  var biggest = Math.max.apply(null, data.nodes.map(function (n) { return n.size; }).concat([1e-9]));
  var measure = document.createElement("canvas").getContext("2d"), widthAt10 = {};
  var container = document.getElementById("cg-network");

  function fontPx(n) {
    if (n.id === data.focus) return FOCUS_PX;
    return Math.round(MIN_PX + (MAX_PX - MIN_PX) * Math.sqrt(Math.max(0, n.size) / biggest));
  }
  function font(n, px) { return (n.id === data.focus ? "700 " : "") + px + "px " + FACE; }
  // Long descriptive names ("security forces combating the illicit drug trade in Mexico") are
  // cut on the map, whole for the focus and the selection; the panel and tooltip give them whole.
  function text(n, whole) {
    return whole || n.label.length <= LONGEST ? n.label : n.label.slice(0, LONGEST - 2).trimEnd() + "…";
  }
  function textWidth(n, label, px) {  // measured once per text at 10 px, scaled: widths grow with the size
    var key = n.id + "\u0000" + label.length;
    if (!(key in widthAt10)) {
      measure.font = font(n, 10);
      widthAt10[key] = measure.measureText(label).width;
    }
    return widthAt10[key] * px / 10;
  }

  function install(network, isShown, neighbours, isDimmed) {
    var drawn = [];
    window.cartelgraphLabels = function () { return drawn.slice(); };  // screen boxes, for tests

    network.on("afterDrawing", function (ctx) {
      var scale = network.getScale(), box = container.getBoundingClientRect();
      var width = box.width, height = box.height;
      var ids = data.nodes.filter(function (n) { return isShown(n.id); }).map(function (n) { return n.id; });
      var positions = network.getPositions(ids);
      // The scale at which everything shown fits: zooming past it admits more labels.
      var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      ids.forEach(function (id) {
        var p = positions[id];
        if (p.x < minX) minX = p.x; if (p.x > maxX) maxX = p.x;
        if (p.y < minY) minY = p.y; if (p.y > maxY) maxY = p.y;
      });
      var fitScale = Math.min(width / Math.max(maxX - minX, 1), height / Math.max(maxY - minY, 1));
      var zoom = Math.max(1, scale / fitScale);
      var budget = ids.length <= ALL_LABELS_UP_TO ? Infinity : Math.round(FULL_VIEW_LABELS * zoom * zoom);

      var first = [];
      if (data.focus && isShown(data.focus)) first.push(data.focus);
      network.getSelectedNodes().forEach(function (id) { first.push(id); });
      first.slice().forEach(function (id) { neighbours(id).forEach(function (other) { first.push(other); }); });
      var seen = {}, order = [];
      first.concat(bySize).forEach(function (id) {  // a dimmed entity keeps its dot, not its label
        if (!seen[id] && isShown(id) && !isDimmed(id)) { seen[id] = true; order.push(id); }
      });
      var priority = {};
      first.forEach(function (id) { priority[id] = true; });

      var grid = {}, placed = [], candidates = 0;
      // On a small page the dots are obstacles too, so that no label covers another entity (on
      // a large one they are too many: no label would find room).
      var dots = {};
      if (ids.length <= DOTS_AS_OBSTACLES_UP_TO) {
        ids.forEach(function (id) {
          var b = network.getBoundingBox(id), tl = network.canvasToDOM({ x: b.left, y: b.top });
          var br = network.canvasToDOM({ x: b.right, y: b.bottom });
          var dot = { id: id, left: tl.x, top: tl.y, right: br.x, bottom: br.y };
          dots[id] = dot;
          insert(grid, dot);
        });
      }
      for (var i = 0; i < order.length; i++) {
        var id = order[i], n = P.nodes[id], p = positions[id];
        var screen = network.canvasToDOM(p);
        if (screen.x < -50 || screen.y < -50 || screen.x > width + 50 || screen.y > height + 50) continue;
        if (!priority[id] && candidates >= budget) continue;
        candidates++;
        var px = fontPx(n), label = text(n, priority[id]), w = textWidth(n, label, px) + 4, h = px * 1.25;
        var r = (network.getBoundingBox(id).bottom - p.y) * scale + 2;  // the dot's radius on screen
        // Below the dot, else above, right or left: the first place that overlaps no label.
        var places = [[screen.x - w / 2, screen.y + r], [screen.x - w / 2, screen.y - r - h],
                      [screen.x + r + 2, screen.y - h / 2], [screen.x - r - 2 - w, screen.y - h / 2]];
        var box = null, outside = null;  // a place inside the canvas first
        for (var k = 0; k < places.length && !box; k++) {
          var spot = { id: id, left: places[k][0], top: places[k][1], right: places[k][0] + w, bottom: places[k][1] + h };
          if (collides(grid, spot, dots[id])) continue;
          if (spot.left >= 0 && spot.top >= 0 && spot.right <= width && spot.bottom <= height) box = spot;
          else outside = outside || spot;
        }
        box = box || outside;
        if (!box) continue;
        insert(grid, box);
        placed.push(box);
        ctx.save();
        ctx.font = font(n, px / scale);
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        ctx.lineJoin = "round";
        ctx.lineWidth = 4 / scale;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.fillStyle = "#1a1a1a";
        var at = network.DOMtoCanvas({ x: (box.left + box.right) / 2, y: box.top });
        ctx.strokeText(label, at.x, at.y);
        ctx.fillText(label, at.x, at.y);
        ctx.restore();
      }
      drawn = placed;
    });
  }

  function cells(box) {
    var out = [];
    for (var x = Math.floor(box.left / CELL); x <= Math.floor(box.right / CELL); x++) {
      for (var y = Math.floor(box.top / CELL); y <= Math.floor(box.bottom / CELL); y++) out.push(x + "," + y);
    }
    return out;
  }
  function collides(grid, box, own) {  // own: the entity's own dot, which its label may touch
    return cells(box).some(function (key) {
      return (grid[key] || []).some(function (other) {
        return other !== own
          && box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
      });
    });
  }
  function insert(grid, box) {
    cells(box).forEach(function (key) { (grid[key] = grid[key] || []).push(box); });
  }

  P.labels = { install: install };
})();
