"""What the build derives from the loaded documents, each into a graph of its own and the merge:
cross-document links (:mod:`~nqs.derive.links`, the rules in ``queries/links/``), the
ontology's entailments and its axiom checks (:mod:`~nqs.derive.reasoning`), the texts
normalised for queries (:mod:`~nqs.derive.textkeys`); and the graph as of a date
(:mod:`~nqs.derive.asof`)."""
