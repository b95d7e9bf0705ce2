"""Exports to partner registries (``nqs export``).

Profiles, each a module: ``dump`` (the whole store in six RDF formats), ``esco`` and
``esco_csv`` (occupations and skills the way ESCO models them, as SKOS and as ESCO's CSV
bundle), ``elm`` (profession cards as European Learning Model qualifications), ``xkos``
(correspondence tables NKZ ↔ ISCO-08 and OKED ↔ NACE Rev. 2) and ``dcat`` (the DCAT-AP and
VoID description, with the changes since a previous release, written by every run);
``push`` sends every graph to a partner's store. :mod:`nqs.export.run` runs them.
"""
