#+ summary: Inference rule: a cg:Link node per derived edge, with every claim whose outcome fits it, whatever its status
# The one pattern from an edge to its claims (rdf:subject, rdf:predicate, rdf:object as in RDF
# reification; plain triples, so it survives a push to any SPARQL 1.1 server).
INSERT { ?link a cg:Link ; rdf:subject ?s ; rdf:predicate ?edge ; rdf:object ?t ; cg:supportedBy ?claim }
WHERE {
  ?edge a cg:DerivedEdge ; cg:fromClaim ?cls ; cg:sourceRole ?sr ; cg:targetRole ?tr .
  ?claim a ?cls ; ?sr ?s ; ?tr ?t .
  FILTER(?s != ?t)
  FILTER(IF(EXISTS { ?edge cg:forOutcome ?required },
            EXISTS { ?edge cg:forOutcome ?outcome . ?claim cg:outcome ?outcome },
            NOT EXISTS { ?claim cg:outcome ?other FILTER NOT EXISTS { ?other cg:establishesAction true } }))
  BIND(IRI(CONCAT("https://w3id.org/cartelgraph/link/",
                  SHA1(CONCAT(STR(?s), " ", STR(?edge), " ", STR(?t))))) AS ?link)
}
