#+ summary: Inference rule: every member of a class is a member of its superclasses (the build computes the same triples with cartelgraph.inference and runs this only when it cannot)
INSERT { ?x a ?super } WHERE { ?c rdfs:subClassOf+ ?super . ?x a ?c }
