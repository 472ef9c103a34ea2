#+ summary: Inference rule: a symmetric property's triples hold the other way round too
INSERT { ?y ?p ?x } WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y }
