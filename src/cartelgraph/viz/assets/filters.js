/* The filters: legends of classes, statuses and relations (all, none, only; counts that follow
   the other filters), the years (a histogram with a brush and two sliders) and undated claims.
   compute() says what they leave of the entities present on the canvas; changed() is called
   (page.js sets it) whenever a filter changes. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data, el = P.el, nodes = P.nodes, edges = P.edges;
  var F = { off: { cls: {}, status: {}, relation: {} }, changed: function () {} };

  // ---- the years ----------------------------------------------------------------------------
  var yearsFrom = document.getElementById("cg-from"), yearsTo = document.getElementById("cg-to");
  var undated = document.getElementById("cg-undated");
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

  // A histogram of the claims by the year they start, in at most 40 bars. A click keeps one
  // bar's years; dragging across bars (the brush) keeps the years from the first to the last.
  var binYears = timeFilter ? Math.max(1, Math.ceil((maxYear - minYear + 1) / 40)) : 1;
  var histogram = document.getElementById("cg-histogram"), bars = [], brushFrom = null;
  function binOf(y) { return Math.floor((y - minYear) / binYears); }
  function keepYears(a, b) {
    yearsFrom.value = Math.min(a, b); yearsTo.value = Math.max(a, b);
    F.changed(true);
  }
  function barAt(event) {
    var target = document.elementFromPoint(event.clientX, histogram.getBoundingClientRect().top + 20);
    return target && target.closest ? target.closest(".cg-bar") : null;
  }
  if (timeFilter) {
    for (var first = minYear; first <= maxYear; first += binYears) {
      var bar = el("button", null, "cg-bar"), last = Math.min(maxYear, first + binYears - 1);
      bar.type = "button";
      bar.dataset.first = first; bar.dataset.last = last;
      bar.appendChild(el("span"));
      bar.addEventListener("click", function (event) {  // a click, or the keyboard
        if (event.detail === 0) keepYears(Number(event.currentTarget.dataset.first), Number(event.currentTarget.dataset.last));
      });
      histogram.appendChild(bar);
      bars.push(bar);
    }
    histogram.addEventListener("pointerdown", function (event) {
      var bar = barAt(event);
      if (!bar) return;
      brushFrom = bar;
      histogram.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    histogram.addEventListener("pointermove", function (event) {
      if (!brushFrom) return;
      var bar = barAt(event) || brushFrom, a = Number(brushFrom.dataset.first), b = Number(bar.dataset.first);
      bars.forEach(function (other) {
        var y = Number(other.dataset.first);
        other.classList.toggle("cg-brushed", y >= Math.min(a, b) && y <= Math.max(a, b));
      });
    });
    histogram.addEventListener("pointerup", function (event) {
      if (!brushFrom) return;
      var start = brushFrom, end = barAt(event) || brushFrom;
      brushFrom = null;
      bars.forEach(function (other) { other.classList.remove("cg-brushed"); });
      var low = Number(start.dataset.first) <= Number(end.dataset.first) ? start : end;
      var high = low === start ? end : start;
      keepYears(Number(low.dataset.first), Number(high.dataset.last));
    });
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
        + ": " + P.plural(count, "claim") + " starting then (click to keep only these years, drag across bars for a range)";
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
    var off = F.off;
    if (skip !== "status" && off.status[e.status]) return false;
    if (skip !== "relation" && off.relation[e.relation]) return false;
    if (skip !== "cls" && (off.cls[nodes[e.from].cls] || off.cls[nodes[e.to].cls])) return false;
    return skip === "time" || timeKeeps(e);
  }
  // The claims of a link that the filters keep, present on the canvas or not (expand, paths).
  function keptOf(link) { return link.edges.filter(function (id) { return kept(edges[id]); }); }

  // What the filters leave of the entities present: the claims, the links with the claims they
  // still show, the entities, and each legend's counts.
  function compute(present, showUnlinked, pinned) {
    var v = { edge: {}, link: {}, node: {}, linked: {}, counts: { cls: {}, status: {}, relation: {}, year: {} },
              here: { cls: {}, status: {}, relation: {} }, edges: 0, links: 0, nodes: 0, unlinked: 0, present: 0 };
    var linkedAnyClass = {}, off = F.off;
    data.edges.forEach(function (e) {
      if (!present[e.from] || !present[e.to]) { v.edge[e.id] = false; return; }
      v.here.status[e.status] = v.here.relation[e.relation] = true;
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
      if (!present[n.id]) { v.node[n.id] = false; return; }
      v.present++;
      v.here.cls[n.cls] = true;
      var show = !off.cls[n.cls] && (showUnlinked || !!v.linked[n.id] || !!pinned[n.id]);
      v.node[n.id] = show;
      if (show) v.nodes++;
      if (!off.cls[n.cls] && !v.linked[n.id]) v.unlinked++;
      if (showUnlinked || linkedAnyClass[n.id]) v.counts.cls[n.cls] = (v.counts.cls[n.cls] || 0) + 1;
    });
    return v;
  }

  // ---- legends with "only", "all" and "none", counts that follow the other filters ----------
  var boxes = { cls: {}, status: {}, relation: {} }, countCells = { cls: {}, status: {}, relation: {} };
  function counts(view, kind) {
    Object.keys(countCells[kind]).forEach(function (id) {
      var count = view.counts[kind][id] || 0;
      countCells[kind][id].textContent = count.toLocaleString("en");
      var row = countCells[kind][id].closest("li");
      row.classList.toggle("cg-zero", count === 0);
      // Nothing of it on the canvas yet (it may come with an expansion): kept, to filter ahead.
      row.classList.toggle("cg-absent", !view.here[kind][id]);
    });
  }
  function setAll(kind, entries, on) {
    entries.forEach(function (entry) { F.off[kind][entry.id] = !on; boxes[kind][entry.id].checked = on; });
    F.changed(true);
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
      box.addEventListener("change", function () { F.off[kind][entry.id] = !box.checked; F.changed(true); });
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
          F.off[kind][other.id] = other.id !== entry.id; boxes[kind][other.id].checked = other.id === entry.id;
        });
        F.changed(true);
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
      F.changed(true);
    });
  });
  undated.addEventListener("change", function () { F.changed(true); });

  // The legends and the histogram for what the filters leave now.
  function describe(view) {
    counts(view, "cls"); counts(view, "status"); counts(view, "relation");
    drawHistogram(view.counts.year);
    document.getElementById("cg-from-out").textContent = yearsFrom.value;
    document.getElementById("cg-to-out").textContent = yearsTo.value;
  }
  function reset() {
    ["cls", "status", "relation"].forEach(function (kind) {
      Object.keys(boxes[kind]).forEach(function (id) { F.off[kind][id] = false; boxes[kind][id].checked = true; });
    });
    if (timeFilter) { yearsFrom.value = minYear; yearsTo.value = maxYear; }
    undated.checked = true;
  }
  function showClass(cls) { F.off.cls[cls] = false; boxes.cls[cls].checked = true; }

  F.kept = kept; F.keptOf = keptOf; F.compute = compute; F.describe = describe; F.reset = reset;
  F.showClass = showClass;
  P.filters = F;
})();
