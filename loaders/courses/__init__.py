"""Rules for qualification-improvement courses (seed 001) and the course records checked
against them: model, parser, mapper, records."""
