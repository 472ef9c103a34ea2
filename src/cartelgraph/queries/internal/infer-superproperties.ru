#+ summary: Inference rule: a triple of a property holds for its super-properties too (every role is a cg:participant)
INSERT { ?x ?super ?y } WHERE { ?p rdfs:subPropertyOf+ ?super . ?x ?p ?y }
