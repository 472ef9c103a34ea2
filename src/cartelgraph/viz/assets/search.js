/* Find a name: labels and aliases, accents and case ignored; a click shows the entity (adding
   it from the reserve), ctrl- or shift-click adds it to the selection. */
(function () {
  "use strict";

  var P = window.cgPage, data = P.data, el = P.el, nodes = P.nodes, present = P.page.present;
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
      return b.score - a.score || (present[b.id] ? 1 : 0) - (present[a.id] ? 1 : 0)
        || nodes[a.id].label.length - nodes[b.id].label.length;
    }).slice(0, 12);
  }
  function showResults() {
    P.clear(results);
    var found = find(search.value);
    if (search.value.trim() && !found.length) results.appendChild(el("li", "no entity of that name in this page", "cg-muted"));
    found.forEach(function (match) {
      var item = el("li"), button = el("button");
      button.type = "button";
      button.title = "click to show it; ctrl- or shift-click to add it to the selection";
      button.appendChild(document.createTextNode(nodes[match.id].label + " "));
      button.appendChild(el("span", P.classes[nodes[match.id].cls].label + (present[match.id] ? "" : " · in reserve"),
                            "cg-muted"));
      button.addEventListener("click", function (event) {
        P.tools.pick(match.id, event.ctrlKey || event.metaKey || event.shiftKey);
      });
      item.appendChild(button);
      results.appendChild(item);
    });
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = find(search.value);
      if (found.length) P.tools.pick(found[0].id, event.ctrlKey || event.metaKey || event.shiftKey);
    }
  });
})();
