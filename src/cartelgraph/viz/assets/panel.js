/* The details panel: an entity with its description and links; a link with every claim behind
   it, and for each claim what `cartelgraph show` prints: status and what it means, participants
   and roles, details (activity, quantity, charge…), the curator's note, each quote with its
   source (title, date, publisher) and cited document, and the claims that contradict or deny
   it. Built from DOM nodes and textContent only. */
(function () {
  "use strict";

  var P = window.cgPage, el = P.el, data = P.data;
  var panel = document.getElementById("cg-panel"), body = document.getElementById("cg-panel-body");
  var LINK_WORDS = { contradicts: "contradicts", denies: "denies", deniesBy: "denied by" };

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
  function nodeButton(id, label) {
    if (!P.nodes[id]) return el("span", label);  // a participant outside the page
    var button = el("button", P.nodes[id].label, "cg-linkish");
    button.type = "button";
    button.addEventListener("click", function () { P.ui.focusNode(id); });
    return button;
  }
  function statusBadge(statusId) {
    var status = P.statuses[statusId] || data.statusTerms[statusId]
      || { label: statusId ? P.local(statusId) : "status not given", colour: "#78909c" };
    var badge = el("span", status.label, "cg-status");
    badge.style.backgroundColor = status.colour;
    return badge;
  }
  function statusLabel(statusId) {
    var status = P.statuses[statusId] || data.statusTerms[statusId];
    return status ? status.label : (statusId ? P.local(statusId) : "status not given");
  }
  // What the panel shows, to show it again when the canvas changes (an expansion, a collapse).
  var current = null;
  function open(again) {
    current = again;
    panel.hidden = false; panel.scrollTop = 0;
  }
  function refresh() {
    if (current && !panel.hidden) {
      var top = panel.scrollTop;
      current();
      panel.scrollTop = top;
    }
  }

  // What the status means, in the ontology's words: the status's comment, and whether the
  // claim's class reads it as establishing the relation (only then does the store hold the edge).
  function meaning(e) {
    var box = el("div", null, "cg-meaning"), status = P.statuses[e.status], reading = data.readings[e.reading];
    if (status && status.comment) box.appendChild(el("p", status.label + ": " + status.comment));
    var verdict = e.established
      ? "Establishes the relation: the store holds the direct edge “" + e.label + "”."
      : "Does not establish the relation: the store holds no direct edge “" + e.label + "”; the claim stays, with its status.";
    box.appendChild(el("p", verdict, e.established ? "cg-established" : "cg-asserted"));
    if (reading) {
      var more = el("details"), summary = el("summary", "read as: " + reading.label);
      more.appendChild(summary);
      if (reading.comment) more.appendChild(el("p", reading.comment));
      more.appendChild(el("p", "Establishing statuses: " + reading.establishing.map(statusLabel).join(", ") + ".", "cg-muted"));
      box.appendChild(more);
    }
    return box;
  }

  function sourceLine(short, title) {
    var source = data.sources[short] || {}, parts = [];
    if (source.date) parts.push(source.date);
    if (source.publisher) parts.push(source.publisher);
    if (source.kind) parts.push(source.kind);
    if (source.authors && source.authors.length) parts.push(source.authors.join("; "));
    if (source.footnote) parts.push("footnote " + source.footnote);
    var line = el("span", title || source.title || source.label || "source not named");
    if (parts.length) line.appendChild(el("span", " · " + parts.join(" · "), "cg-muted"));
    if (!source.date) line.appendChild(el("span", " · no date given", "cg-muted"));
    if (source.url) line.appendChild(el("span", " · " + source.url, "cg-muted cg-url"));  // text, never a link
    if (short) line.appendChild(el("span", " (" + short + ")", "cg-muted"));
    return line;
  }
  function evidenceBlock(claim, box) {
    if (!claim.evidence.length) box.appendChild(el("p", "No quote recorded for this claim.", "cg-muted"));
    claim.evidence.forEach(function (ev) {
      box.appendChild(el("blockquote", ev.quote, "cg-quote"));
      var cite = el("p", "— ", "cg-cite");
      cite.appendChild(sourceLine(ev.source, ev.sourceTitle));
      box.appendChild(cite);
      ev.cited.forEach(function (short) {  // every document the source cites for it
        var cited = el("p", "cites: ", "cg-cite cg-cited");
        cited.appendChild(sourceLine(short, null));
        box.appendChild(cited);
      });
    });
  }
  function participants(claim) {
    var list = el("span");
    claim.participants.forEach(function (part, i) {
      if (i) list.appendChild(document.createTextNode("; "));
      list.appendChild(nodeButton(part.entity, part.label));
      list.appendChild(el("span", " (" + part.role + ")", "cg-muted"));
    });
    return list;
  }
  // The claim's details as field pairs, and the curator's note set apart.
  function details(claim, skip) {
    var pairs = [], note = null;
    claim.details.forEach(function (d) {
      if (d.property === "note") note = d.value;
      else if (skip.indexOf(d.property) < 0) pairs.push([d.property, d.value]);
    });
    return { pairs: pairs, note: note };
  }
  function noteBox(note) {
    var box = el("div", null, "cg-note");
    box.appendChild(el("strong", "Curator's note: "));
    box.appendChild(document.createTextNode(note));
    return box;
  }
  // A claim that contradicts or denies this one, told in full: it may lie outside the page.
  function linkedClaim(link) {
    var other = data.claims[link.claim], box = el("div", null, "cg-linked");
    var head = el("p", null, "cg-linked-head");
    head.appendChild(el("strong", (LINK_WORDS[link.kind] || link.kind) + ": "));
    if (!other) { head.appendChild(document.createTextNode(link.claim)); box.appendChild(head); return box; }
    head.appendChild(document.createTextNode(other.relation + " "));
    head.appendChild(statusBadge(other.status));
    head.appendChild(el("span", " " + (other.when || "no date given"), "cg-muted"));
    box.appendChild(head);
    box.appendChild(participants(other));
    var more = details(other, []);
    box.appendChild(fields(more.pairs));
    if (more.note) box.appendChild(noteBox(more.note));
    evidenceBlock(other, box);
    var edgesOfOther = P.edgesOfClaim[link.claim];
    if (edgesOfOther && edgesOfOther.length) {
      var go = el("button", "open its line", "cg-small");
      go.type = "button";
      go.addEventListener("click", function () { P.ui.selectLink(edgesOfOther[0].link, edgesOfOther[0].id); });
      box.appendChild(go);
    } else {
      box.appendChild(el("p", "(not drawn in this page: " + link.claim + ")", "cg-muted"));
    }
    return box;
  }

  function claimArticle(e) {
    var claim = P.claimOf(e), shown = P.ui.isShown(e.id);
    var box = el("article", null, "cg-claim" + (shown ? "" : " cg-filtered"));
    box.id = "cg-claim-" + e.id;
    var head = el("h3", null, "cg-claim-head");
    head.appendChild(el("span", e.label));
    head.appendChild(statusBadge(e.status));
    if (claim.links.length) head.appendChild(el("span", "contested", "cg-status cg-contested"));
    if (!shown) head.appendChild(el("span", " hidden by the filters", "cg-muted"));
    box.appendChild(head);
    var ends = el("p", null, "cg-ends");
    ends.appendChild(nodeButton(e.from));
    ends.appendChild(document.createTextNode(e.symmetric ? " ↔ " : " → "));
    ends.appendChild(nodeButton(e.to));
    box.appendChild(ends);
    box.appendChild(meaning(e));
    var outcome = e.outcome && data.outcomes[e.outcome], more = details(claim, ["outcome"]);
    box.appendChild(fields([
      ["date", P.dateText(e)],
      ["outcome", outcome ? outcome.label + (outcome.comment ? ": " + outcome.comment : "") : null],
      ["claim", claim.relation ? claim.relation + " · " + e.claim : e.claim],
      ["participants", claim.participants.length ? participants(claim) : null],
      ["relation", P.relations[e.relation].label + (e.commentary ? " (commentary: not a tie)" : "")],
    ].concat(more.pairs)));
    if (more.note) box.appendChild(noteBox(more.note));
    evidenceBlock(claim, box);
    claim.links.forEach(function (link) { box.appendChild(linkedClaim(link)); });
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
    open(function () { showLink(id); });
    if (claimEdge) {
      var target = document.getElementById("cg-claim-" + claimEdge);
      if (target) target.scrollIntoView({ block: "start" });
    }
  }

  function toolButton(text, action) {
    var button = el("button", text, "cg-small");
    button.type = "button";
    button.addEventListener("click", action);
    return button;
  }
  // Expand and collapse, for the entity the panel shows.
  function nodeTools(id) {
    var bar = el("div", null, "cg-buttons cg-node-tools"), more = P.tools.canExpand(id), fewer = P.tools.canCollapse(id);
    var expand = toolButton("Expand" + (more ? " (+" + more + ")" : ""), function () { P.tools.expand([id]); });
    expand.disabled = !more;
    expand.title = "add the entities linked to it that are not drawn";
    var collapse = toolButton("Collapse" + (fewer ? " (−" + fewer + ")" : ""), function () { P.tools.collapse([id]); });
    collapse.disabled = !fewer;
    collapse.title = "remove the neighbours its expansion added and those linked to nothing else drawn";
    bar.appendChild(expand);
    bar.appendChild(collapse);
    return bar;
  }

  function showNode(id) {
    var n = P.nodes[id];
    P.clear(body);
    body.appendChild(el("h2", n.label));
    body.appendChild(nodeTools(id));
    if (n.description) body.appendChild(el("p", n.description, "cg-description"));
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
      item.appendChild(statusBadge(strongest.status));
      if (!P.ui.isDrawn(link)) item.appendChild(el("span", " not drawn: expand to add", "cg-muted"));
      else if (!link.edges.some(P.ui.isShown)) item.appendChild(el("span", " hidden by the filters", "cg-muted"));
      list.appendChild(item);
    });
    body.appendChild(list);
    open(function () { showNode(id); });
  }
  function other(link, id) { return link.from === id ? link.to : link.from; }

  // The sidebar's list of contested claims: pairs of claims that contradict or deny each other,
  // one of them at least drawn when the page opens (not only held in reserve).
  function contested() {
    var list = document.getElementById("cg-contested-list"), seen = {}, count = 0;
    Object.keys(data.claims).sort().forEach(function (claimId) {
      var claim = data.claims[claimId];
      var drawn = (P.edgesOfClaim[claimId] || []).some(function (e) {
        return !P.nodes[e.from].reserve && !P.nodes[e.to].reserve;
      });
      if (!claim.inPage || !drawn) return;
      claim.links.forEach(function (link) {
        var key = [claimId, link.claim].sort().join(" ");
        if (seen[key]) return;
        seen[key] = true; count++;
        var item = el("li"), button = el("button", null, "cg-linkish"), otherClaim = data.claims[link.claim];
        button.type = "button";
        button.textContent = summaryOf(claim) + " — " + (LINK_WORDS[link.kind] || link.kind) + " — "
          + (otherClaim ? summaryOf(otherClaim) : link.claim);
        button.addEventListener("click", function () {
          var edge = P.edgesOfClaim[claimId][0];
          P.ui.selectLink(edge.link, edge.id);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
    });
    document.getElementById("cg-contested-count").textContent = count;
    document.getElementById("cg-contested").hidden = count === 0;
  }
  function summaryOf(claim) {
    return claim.relation + " (" + statusLabel(claim.status) + "): "
      + claim.participants.map(function (p) { return p.label || P.nodes[p.entity].label; }).join(", ");
  }

  // Several entities selected: their names, and what can be done with them.
  function showSelection(ids) {
    P.clear(body);
    body.appendChild(el("h2", P.plural(ids.length, "entity", "entities") + " selected"));
    var list = el("ul");
    ids.forEach(function (id) {
      var item = el("li");
      item.appendChild(nodeButton(id));
      item.appendChild(el("span", " " + P.classes[P.nodes[id].cls].label, "cg-muted"));
      list.appendChild(item);
    });
    body.appendChild(list);
    var bar = el("div", null, "cg-buttons");
    if (ids.length === 2) {
      bar.appendChild(toolButton("Shortest paths between them", function () { P.tools.findPaths(ids[0], ids[1]); }));
    }
    bar.appendChild(toolButton("Expand all", function () { P.tools.expand(ids); }));
    body.appendChild(bar);
    open(function () { showSelection(ids); });
  }

  // The shortest paths between two entities: each hop with every claim the filters keep.
  function showPaths(found, linkBetween) {
    var from = P.nodes[found.from], to = P.nodes[found.to], chains = found.chains;
    P.clear(body);
    body.appendChild(el("h2", from.label + " → " + to.label));
    if (!chains.length) {
      body.appendChild(el("p", "No path between them in this page with these filters (commentary is not a tie: "
        + "it is left out unless the page includes it).", "cg-muted"));
      open(null);
      return;
    }
    var hops = chains[0].length - 1;
    body.appendChild(el("p", (chains.length >= 10 ? "The first 10 shortest paths" : P.plural(chains.length, "shortest path"))
      + " of " + P.plural(hops, "hop") + ", through the lines the filters show (commentary is not a tie: never "
      + "through it); every hop with its claims.", "cg-muted"));
    chains.forEach(function (chain, number) {
      var box = el("section", null, "cg-path");
      box.appendChild(el("h3", "Path " + (number + 1) + ": " + chain.map(function (id) { return P.nodes[id].label; }).join(" — ")));
      chain.slice(1).forEach(function (id, i) {
        var link = linkBetween(chain[i], id), hop = el("div", null, "cg-hop");
        var head = el("p", null, "cg-hop-head");
        head.appendChild(el("strong", "Hop " + (i + 1) + ": "));
        head.appendChild(nodeButton(chain[i]));
        head.appendChild(document.createTextNode(" — "));
        head.appendChild(nodeButton(id));
        hop.appendChild(head);
        link.edges.filter(function (edgeId) { return P.ui.isShown(edgeId) && !P.edges[edgeId].commentary; })
          .forEach(function (edgeId) { hop.appendChild(claimArticle(P.edges[edgeId])); });
        box.appendChild(hop);
      });
      body.appendChild(box);
    });
    open(null);
  }

  document.getElementById("cg-close").addEventListener("click", function () { panel.hidden = true; P.ui.unselect(); });
  P.panel = { showLink: showLink, showNode: showNode, showSelection: showSelection, showPaths: showPaths,
              contested: contested, refresh: refresh };
  contested();
})();
