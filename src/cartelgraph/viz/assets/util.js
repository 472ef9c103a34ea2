/* Shared by the page's scripts: the data, indexes over it, and helpers that build DOM nodes.
   Every string from the data is written with textContent or createTextNode; nothing from the
   data is ever parsed as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cg-data").textContent);

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
  function claimOf(edge) {
    return data.claims[edge.claim] || { evidence: [], dateInferred: false, details: [], links: [], participants: [] };
  }
  function dateText(edge) {
    var text = edge.date || (edge.start || edge.end ? (edge.start || "…") + " – " + (edge.end || "…") : "no date given");
    return claimOf(edge).dateInferred ? text + " (inferred)" : text;
  }
  function local(iri) { return String(iri).split(/[#/]/).pop(); }
  function plural(count, one, many) {
    return count.toLocaleString("en") + " " + (count === 1 ? one : (many || one + "s"));
  }

  var edgesOf = {}, linksOf = {}, edgesOfClaim = {};
  data.nodes.forEach(function (n) { edgesOf[n.id] = []; linksOf[n.id] = []; });
  data.edges.forEach(function (e) {
    edgesOf[e.from].push(e); edgesOf[e.to].push(e);
    (edgesOfClaim[e.claim] = edgesOfClaim[e.claim] || []).push(e);
  });
  data.links.forEach(function (l) { linksOf[l.from].push(l); linksOf[l.to].push(l); });

  window.cgPage = {
    data: data, el: el, clear: clear, fold: fold, span: span, dateText: dateText, plural: plural,
    claimOf: claimOf, local: local,
    classes: byId(data.classes), statuses: byId(data.statuses), relations: byId(data.relations),
    nodes: byId(data.nodes), edges: byId(data.edges), links: byId(data.links),
    edgesOf: edgesOf, linksOf: linksOf, edgesOfClaim: edgesOfClaim,
  };
})();
