#+ summary: Build rule 1 of 3 for the identities `cartelgraph same-as` records (graph/same-as.ttl: merged owl:sameAs kept): the merged entity's statements move to the kept one, its label becoming an alias
# The merged IRI keeps only its owl:sameAs link, which is how resolve() still finds it. Only
# pairs of our own IRIs: a link to Wikidata or another outside IRI is left alone.
DELETE { ?x ?p ?o } INSERT { ?keep ?q ?o } WHERE {
  ?x owl:sameAs+ ?keep .
  FILTER NOT EXISTS { ?keep owl:sameAs ?further FILTER(STRSTARTS(STR(?further), STR(cgr:))) }
  FILTER(STRSTARTS(STR(?x), STR(cgr:)) && STRSTARTS(STR(?keep), STR(cgr:)))
  ?x ?p ?o . FILTER(?p != owl:sameAs)
  BIND(IF(?p = rdfs:label, skos:altLabel, ?p) AS ?q)
}
