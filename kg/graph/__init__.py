"""The graph stage: resolved documents and citations (kg.model) → RDF triples, one named graph per source file."""
