"""Professional standards: the document model, the parsers of the current template (Kazakh
or Russian) and of the older Russian template, the mapper, and the counts the build reports."""
