"""Typical qualification characteristics of positions (seed 003): model, parser, mapper."""
