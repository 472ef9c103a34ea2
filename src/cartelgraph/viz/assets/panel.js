/* The details panel: an entity with its links, a link with every claim behind it and each
   claim's evidence. Built from DOM nodes and textContent only. */
(function () {
  "use strict";

  var P = window.cgPage, el = P.el, data = P.data;
  var panel = document.getElementById("cg-panel"), body = document.getElementById("cg-panel-body");

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
    var button = el("button", P.nodes[id].label, "cg-linkish");
    button.type = "button";
    button.addEventListener("click", function () { P.ui.focusNode(id); });
    return button;
  }
  function statusBadge(e) {
    var status = P.statuses[e.status];
    var badge = el("span", status.label, "cg-status");
    badge.style.backgroundColor = status.colour;
    return badge;
  }
  function open() { panel.hidden = false; body.scrollTop = 0; panel.scrollTop = 0; }

  function claimArticle(e) {
    var claim = P.claimOf(e), shown = P.ui.isShown(e.id);
    var box = el("article", null, "cg-claim" + (shown ? "" : " cg-filtered"));
    box.id = "cg-claim-" + e.id;
    var head = el("h3", null, "cg-claim-head");
    head.appendChild(el("span", e.label));
    head.appendChild(statusBadge(e));
    if (!shown) head.appendChild(el("span", " hidden by the filters", "cg-muted"));
    box.appendChild(head);
    var ends = el("p", null, "cg-ends");
    ends.appendChild(nodeButton(e.from));
    ends.appendChild(document.createTextNode(e.symmetric ? " ↔ " : " → "));
    ends.appendChild(nodeButton(e.to));
    box.appendChild(ends);
    var status = el("span");
    status.appendChild(statusBadge(e));
    status.appendChild(el("span", e.established ? " establishes the relation" : " does not establish the relation",
                          "cg-muted"));
    box.appendChild(fields([["status", status], ["date", P.dateText(e)], ["outcome", e.outcome && P.local(e.outcome)],
                            ["asserted by", claim.assertedBy.join("; ")],
                            ["relation", P.relations[e.relation].label + (e.commentary ? " (commentary)" : "")],
                            ["claim", e.claim]]));
    if (!claim.evidence.length) box.appendChild(el("p", "No quote recorded for this claim.", "cg-muted"));
    claim.evidence.forEach(function (ev) {
      box.appendChild(el("blockquote", ev.quote, "cg-quote"));
      var cite = el("p", "— " + (ev.sourceTitle || "source not named"), "cg-cite");
      if (ev.source) cite.appendChild(el("span", " (" + ev.source + ")", "cg-muted"));
      box.appendChild(cite);
    });
    return box;
  }

  function showLink(id, claimEdge) {
    var link = P.links[id];
    P.clear(body);
    var title = el("h2");
    title.appendChild(nodeButton(link.from));
    title.appendChild(document.createTextNode(" — "));
    title.appendChild(nodeButton(link.to));
    body.appendChild(title);
    var shown = link.edges.filter(P.ui.isShown).length;
    body.appendChild(el("p", P.plural(link.edges.length, "claim") + " between them"
      + (shown === link.edges.length ? "" : ", " + shown + " shown with these filters")
      + ", strongest first", "cg-muted"));
    link.edges.forEach(function (edgeId) { body.appendChild(claimArticle(P.edges[edgeId])); });
    open();
    if (claimEdge) {
      var target = document.getElementById("cg-claim-" + claimEdge);
      if (target) target.scrollIntoView({ block: "start" });
    }
  }

  function showNode(id) {
    var n = P.nodes[id];
    P.clear(body);
    body.appendChild(el("h2", n.label));
    body.appendChild(fields([["class", P.classes[n.cls].label], ["IRI", n.iri],
                             [data.measure, Number(n.size.toPrecision(4))]]));
    body.appendChild(el("h3", "Also known as"));
    if (n.aliases.length) {
      var names = el("ul");
      n.aliases.forEach(function (alias) { names.appendChild(el("li", alias)); });
      body.appendChild(names);
    } else {
      body.appendChild(el("p", "no other name recorded", "cg-muted"));
    }
    var links = P.linksOf[id].slice().sort(function (a, b) {
      return b.edges.length - a.edges.length || P.nodes[other(a, id)].label.localeCompare(P.nodes[other(b, id)].label);
    });
    body.appendChild(el("h3", "Links in this page (" + links.length + ", "
      + P.plural(P.edgesOf[id].length, "claim") + ")"));
    var list = el("ul", null, "cg-links");
    links.forEach(function (link) {
      var item = el("li"), strongest = P.edges[link.edges[0]];
      var button = el("button", P.nodes[other(link, id)].label, "cg-linkish");
      button.type = "button";
      button.addEventListener("click", function () { P.ui.selectLink(link.id); });
      item.appendChild(button);
      item.appendChild(el("span", " " + strongest.label + (link.edges.length > 1 ? " · " + link.edges.length + " claims" : ""),
                          "cg-muted"));
      item.appendChild(statusBadge(strongest));
      if (!link.edges.some(P.ui.isShown)) item.appendChild(el("span", " hidden by the filters", "cg-muted"));
      list.appendChild(item);
    });
    body.appendChild(list);
    open();
  }
  function other(link, id) { return link.from === id ? link.to : link.from; }

  document.getElementById("cg-close").addEventListener("click", function () { panel.hidden = true; P.ui.unselect(); });
  P.panel = { showLink: showLink, showNode: showNode };
})();
