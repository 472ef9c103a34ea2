#+ summary: Build rule 3 of 3 for the identities `cartelgraph same-as` records: a merged IRI stays an owl:NamedIndividual, so that it is still declared
INSERT { ?x a owl:NamedIndividual } WHERE {
  ?x owl:sameAs ?keep . FILTER(STRSTARTS(STR(?x), STR(cgr:)) && STRSTARTS(STR(?keep), STR(cgr:)))
}
