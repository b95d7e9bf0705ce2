"""The linked-data pages: one resource per page in HTML (and its RDF by content negotiation),
the browse trees, the A–Z index, search, comparison and the ontology's documentation.
:mod:`~nqs.server.pages.routes` registers them; :mod:`~nqs.server.pages.fetch` asks the
evaluator for what a page shows; ``view_*`` shape each kind of resource."""
