"""Amending orders (seed 004): model, parser, mapper."""
