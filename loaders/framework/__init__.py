"""The National Qualification Framework order (seed 002, Kazakh or Russian): model, parser,
mapper."""
