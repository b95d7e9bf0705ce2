"""SHACL validation of a build: per document beside the build and across documents once the
links are derived (:mod:`~nqs.validation.run`), on pySHACL in worker processes
(:mod:`~nqs.validation.engine`) with the shapes of ``shapes/`` (:mod:`~nqs.validation.shapes`);
the report and its located findings (:mod:`~nqs.validation.report`), the acknowledged known
defects (:mod:`~nqs.validation.defects`) and ``nqs validate`` (:mod:`~nqs.validation.cli`)."""
