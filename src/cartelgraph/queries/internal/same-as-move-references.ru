#+ summary: Build rule 2 of 3 for the identities `cartelgraph same-as` records: every reference to a merged entity is rewritten to the kept one
DELETE { ?s ?p ?x } INSERT { ?s ?p ?keep } WHERE {
  ?x owl:sameAs+ ?keep .
  FILTER NOT EXISTS { ?keep owl:sameAs ?further FILTER(STRSTARTS(STR(?further), STR(cgr:))) }
  FILTER(STRSTARTS(STR(?x), STR(cgr:)) && STRSTARTS(STR(?keep), STR(cgr:)))
  ?s ?p ?x . FILTER(?p NOT IN (owl:sameAs, owl:annotatedSource, owl:annotatedTarget))
}
