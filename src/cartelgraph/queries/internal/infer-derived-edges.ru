#+ summary: Inference rule: the direct edges the ontology's cg:DerivedEdge declarations define, only from the claims that establish them
# A status the claim's class reads as establishing, and an outcome that fits the edge (see
# cg:DerivedEdge in the ontology and cartelgraph.edge_rule).
INSERT { ?s ?edge ?t } WHERE {
  ?edge a cg:DerivedEdge ; cg:fromClaim ?cls ; cg:sourceRole ?sr ; cg:targetRole ?tr .
  ?claim a ?cls ; ?sr ?s ; ?tr ?t .
  FILTER(?s != ?t)
  FILTER EXISTS { ?claim cg:status ?status ; a ?read . ?read cg:statusReading ?reading .
                  ?reading cg:establishingStatus ?status }
  FILTER(IF(EXISTS { ?edge cg:forOutcome ?required },
            EXISTS { ?edge cg:forOutcome ?outcome . ?claim cg:outcome ?outcome },
            NOT EXISTS { ?claim cg:outcome ?other FILTER NOT EXISTS { ?other cg:establishesAction true } }))
}
