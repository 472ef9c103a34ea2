// The query page: every value from the graph or the server is written with textContent,
// never parsed as HTML.
"use strict";

const PREFIXES = {
  cg: "https://w3id.org/cartelgraph/ontology#",
  cgr: "https://w3id.org/cartelgraph/id/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  owl: "http://www.w3.org/2002/07/owl#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  prov: "http://www.w3.org/ns/prov#",
};
const RESULT_FORMATS = { json: "srj", xml: "srx", csv: "csv", tsv: "tsv" };
const GRAPH_FORMATS = { turtle: "ttl", nt: "nt", jsonld: "jsonld", rdfxml: "rdf" };

const $ = (id) => document.getElementById(id);

function shorten(iri) {
  for (const [name, base] of Object.entries(PREFIXES)) {
    if (iri.startsWith(base) && !iri.slice(base.length).includes("/")) {
      return name + ":" + iri.slice(base.length);
    }
  }
  return iri;
}

function setStatus(text, kind) {
  const status = $("status");
  status.textContent = text;
  status.className = kind || "";
}

function cell(row, text, kind) {
  const td = document.createElement("td");
  td.textContent = text;
  if (kind) td.className = kind;
  row.appendChild(td);
}

function showTable(headers, rows) {
  const table = $("results");
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const name of headers) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const values of rows) {
    const row = body.insertRow();
    for (const [text, kind] of values) cell(row, text, kind);
  }
}

function termCell(term) {
  if (!term) return ["", ""];
  if (term.type === "uri") return [shorten(term.value), "iri"];
  if (term.type === "bnode") return ["_:" + term.value, ""];
  let text = term.value;
  if (term["xml:lang"]) text += " @" + term["xml:lang"];
  return [text, "literal"];
}

// N-Triples lines as (subject, predicate, object) cells; the terms are shown as written.
function ntriplesRows(text) {
  const rows = [];
  for (const line of text.split("\n")) {
    const match = /^(\S+)\s+(\S+)\s+(.*)\s*\.\s*$/.exec(line);
    if (!match) continue;
    rows.push(match.slice(1, 4).map((term) => {
      const iri = /^<(.*)>$/.exec(term.trim());
      return iri ? [shorten(iri[1]), "iri"] : [term.trim(), "literal"];
    }));
  }
  return rows;
}

function showDownloads(query, formats) {
  const links = $("download-links");
  links.replaceChildren();
  for (const [name, extension] of Object.entries(formats)) {
    const link = document.createElement("a");
    link.href = "/sparql?" + new URLSearchParams({ query, format: name }).toString();
    link.download = "results." + extension;
    link.textContent = name;
    links.appendChild(link);
  }
  $("downloads").hidden = false;
}

async function run(event) {
  event.preventDefault();
  const query = $("query").value;
  setStatus("running…");
  $("run").disabled = true;
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, application/n-triples;q=0.9",
      },
      body: new URLSearchParams({ query }).toString(),
    });
    const text = await response.text();
    if (!response.ok) {
      $("results").replaceChildren();
      $("downloads").hidden = true;
      setStatus(`${response.status} ${response.statusText}: ${text}`, "error");
      return;
    }
    const truncated = response.headers.get("X-Cartelgraph-Truncated");
    const type = response.headers.get("Content-Type") || "";
    let count;
    if (type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        showTable(["answer"], [[[data.boolean ? "yes" : "no", ""]]]);
        count = null;
      } else {
        const vars = data.head.vars;
        showTable(vars, data.results.bindings.map((b) => vars.map((v) => termCell(b[v]))));
        count = data.results.bindings.length;
      }
      showDownloads(query, RESULT_FORMATS);
    } else {
      const rows = ntriplesRows(text);
      showTable(["subject", "predicate", "object"], rows);
      count = rows.length;
      showDownloads(query, GRAPH_FORMATS);
    }
    if (truncated) {
      setStatus(`${count} rows shown: the answer was cut at the server's row limit (${truncated}).`, "warning");
    } else {
      setStatus(count === null ? "" : `${count} row${count === 1 ? "" : "s"}`);
    }
  } catch (error) {
    setStatus(String(error), "error");
  } finally {
    $("run").disabled = false;
  }
}

async function loadNamedQueries() {
  const response = await fetch("/queries.json", { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const named = await response.json();
  const select = $("named");
  const byName = new Map();
  for (const query of named) {
    byName.set(query.name, query);
    const option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.name;
    select.appendChild(option);
  }
  select.addEventListener("change", () => {
    const query = byName.get(select.value);
    if (!query) {
      $("summary").textContent = "";
      return;
    }
    $("query").value = query.text;
    const params = Object.entries(query.params || {});
    const hint = params.length
      ? " — to bind " + params.map(([name, what]) => `?${name} (${what})`).join(", ") +
        ", add e.g. VALUES ?" + params[0][0] + " { cgr:genaro-garcia-luna } inside WHERE { }."
      : "";
    $("summary").textContent = query.summary + hint;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  $("query-form").addEventListener("submit", run);
  $("endpoint-url").textContent = new URL("/sparql", window.location.href).href;
  loadNamedQueries();
});
